//! Why a chart's bucket shows the number it shows: what every source said
//! about that bucket, aggregated the way the series aggregates it (the mean
//! of samples and nights, an interval metric's total, or its mean per day
//! over several days), and which source the priority chose.
//!
//! The bucket's width picks the data the series would have read for it:
//! whole local days → day rollups, whole hours → hour rollups, anything
//! shorter → the stored values themselves.

use super::bucket::{Cell, Extremes, ValueOf};
use super::series::ranked_sources;
use super::tiers::{TierChoice, resolve_tiers};
use super::{SourcePriority, TimeRange};
use crate::error::{Error, Result};
use crate::metric::{Metric, MetricKind};
use crate::source::SourceId;
use crate::store::{LEVEL_DAY, LEVEL_HOUR, Store, Tiers};
use crate::time::{SECONDS_PER_DAY, Zone, date_to_day_number};

const SECONDS_PER_HOUR: i64 = 3600;

#[derive(Clone, Debug, PartialEq)]
pub struct ProvenanceRequest {
    pub metric: Metric,
    /// The bucket, `[from, to)` in UTC seconds, as a series point gives it.
    pub range: TimeRange,
    /// Where the viewer's days begin.
    pub zone: Zone,
}

/// What one source said about the bucket.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SourceSaid {
    pub source: SourceId,
    /// In the metric's stored unit, aggregated as the chart's point is.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub value: f64,
    /// How many values it summarises.
    pub n: u64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub min: f64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub max: f64,
    /// The one the chart shows: the best-ranked source with data here.
    pub chosen: bool,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Provenance {
    pub metric: Metric,
    pub unit: &'static str,
    pub from: i64,
    pub to: i64,
    pub chosen: Option<SourceId>,
    /// Every shown source with data in the bucket, in priority order.
    pub sources: Vec<SourceSaid>,
}

/// Where a bucket's values come from, and how they add up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Read {
    /// Day rollups of these local days, `[first, last]`.
    Days(i64, i64),
    /// Hour rollups of hours starting in `[from, to)`.
    Hours(i64, i64),
    /// Stored values starting in `[from, to)`.
    Raw(i64, i64),
}

impl Read {
    /// What the series reads for a bucket this wide: day buckets span more
    /// than 12 hours, hour buckets are whole hours.
    fn for_bucket(range: TimeRange, zone: Zone) -> Read {
        if range.seconds() > SECONDS_PER_DAY / 2 {
            let first = date_to_day_number(zone.local_date(range.from));
            let last = date_to_day_number(zone.local_date(range.to - 1));
            Read::Days(first, last)
        } else if range.from % SECONDS_PER_HOUR == 0 && range.to % SECONDS_PER_HOUR == 0 {
            Read::Hours(range.from, range.to)
        } else {
            Read::Raw(range.from, range.to)
        }
    }
}

pub fn provenance(
    store: &Store,
    req: &ProvenanceRequest,
    priority: &SourcePriority,
) -> Result<Provenance> {
    let metric = req.metric;
    if metric.kind() == MetricKind::Stage {
        return Err(Error::NoSeries {
            metric: metric.id(),
            why: "sleep stages are shown per night (see sleep nights)",
        });
    }
    let range = TimeRange::new(req.range.from, req.range.to)?;
    let additive = metric.kind().is_additive();
    let read = Read::for_bucket(range, req.zone);
    let (value, extremes) = match (read, additive) {
        // Interval metrics over days: the mean per day, ranging over daily totals.
        (Read::Days(..), true) => (ValueOf::MeanPerCell, Extremes::OfTotals),
        (Read::Hours(..), true) => (ValueOf::Total, Extremes::OfTotals),
        (Read::Raw(..), true) => (ValueOf::Total, Extremes::OfValues),
        (_, false) => (ValueOf::Mean, Extremes::OfValues),
    };
    let sources = ranked_sources(store, metric, &[], priority)?;
    let mut said = Vec::new();
    for (source_id, source) in &sources {
        let cells = cells(store, metric, *source_id, read, additive)?;
        if let Some(s) = summarise(&cells, value, extremes) {
            said.push(SourceSaid {
                source: source.clone(),
                value: s.value,
                n: s.n,
                min: s.min,
                max: s.max,
                chosen: said.is_empty(),
            });
        }
    }
    Ok(Provenance {
        metric,
        unit: metric.unit(),
        from: range.from,
        to: range.to,
        chosen: said.first().map(|s| s.source.clone()),
        sources: said,
    })
}

/// One source's cells of the bucket, tiers resolved as the series does.
fn cells(
    store: &Store,
    metric: Metric,
    source_id: i64,
    read: Read,
    additive: bool,
) -> Result<Vec<Cell>> {
    let rollups = |level, span, choice| -> Result<Vec<Cell>> {
        let rows = store.source_rollups(metric, level, source_id, span)?;
        let choice = TierChoice::for_metric(additive, choice);
        Ok(resolve_tiers(rows, choice, |_| Some(0)))
    };
    match read {
        Read::Days(first, last) => {
            rollups(LEVEL_DAY, (first, last + 1), TierChoice::PreferReported)
        }
        Read::Hours(from, to) => rollups(LEVEL_HOUR, (from, to), TierChoice::IntradayOnly),
        Read::Raw(from, to) => {
            // Interval metrics: reported totals are covered by intraday detail here.
            let tiers = if additive {
                Tiers::Intraday
            } else {
                Tiers::Both
            };
            let mut cells = Vec::new();
            store.for_each_measurement(metric, (from, to), tiers, |row| {
                if row.source_id == source_id {
                    cells.push(Cell::single(row.start, 0, row.value));
                }
                Ok(())
            })?;
            Ok(cells)
        }
    }
}

struct Summary {
    n: u64,
    value: f64,
    min: f64,
    max: f64,
}

/// The cells as one value, the way a series bucket combines them.
fn summarise(cells: &[Cell], value: ValueOf, extremes: Extremes) -> Option<Summary> {
    if cells.is_empty() {
        return None;
    }
    let n: u64 = cells.iter().map(|c| c.n).sum();
    let sum: f64 = cells.iter().map(|c| c.sum).sum();
    let (lo, hi): (Vec<f64>, Vec<f64>) = cells
        .iter()
        .map(|c| match extremes {
            Extremes::OfValues => (c.min, c.max),
            Extremes::OfTotals => (c.sum, c.sum),
        })
        .unzip();
    let value = match value {
        ValueOf::Mean => sum / n.max(1) as f64,
        ValueOf::Total => sum,
        ValueOf::MeanPerCell => sum / cells.len() as f64,
    };
    Some(Summary {
        n,
        value,
        min: lo.into_iter().fold(f64::INFINITY, f64::min),
        max: hi.into_iter().fold(f64::NEG_INFINITY, f64::max),
    })
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::{Batch, Measurement};

    const DAY: i64 = SECONDS_PER_DAY;
    /// 2025-03-10 00:00 UTC.
    const MONDAY: i64 = 1_741_564_800;

    fn id(name: &str) -> SourceId {
        name.parse().unwrap()
    }

    fn store_with(rows: &[(&str, Measurement)]) -> Store {
        let mut store = Store::open_in_memory().unwrap();
        for (source, m) in rows {
            let mut batch = Batch::new(id(source));
            batch.measurements.push(m.clone());
            store.ingest(&batch).unwrap();
        }
        store
    }

    fn weight(at: i64, kg: f64) -> Measurement {
        Measurement::sample(Metric::Weight, at, kg, Zone::UTC)
    }

    fn steps(day: i64, total: f64) -> Measurement {
        Measurement::interval(Metric::Steps, day, day + DAY, total, Zone::UTC)
    }

    fn ask(
        store: &Store,
        metric: Metric,
        from: i64,
        to: i64,
        priority: &SourcePriority,
    ) -> Provenance {
        let req = ProvenanceRequest {
            metric,
            range: TimeRange { from, to },
            zone: Zone::UTC,
        };
        provenance(store, &req, priority).unwrap()
    }

    fn said(p: &Provenance) -> Vec<(&str, f64, u64, bool)> {
        p.sources
            .iter()
            .map(|s| (s.source.as_str(), s.value, s.n, s.chosen))
            .collect()
    }

    #[test]
    fn two_sources_disagreeing_on_a_day_give_both_values_and_the_priority_choice() {
        let store = store_with(&[
            ("withings", weight(MONDAY + 7 * 3600, 72.0)),
            ("withings", weight(MONDAY + 20 * 3600, 72.4)),
            ("apple_health", weight(MONDAY + 8 * 3600, 73.0)),
            ("withings", weight(MONDAY + DAY + 7 * 3600, 90.0)),
        ]);
        let p = ask(
            &store,
            Metric::Weight,
            MONDAY,
            MONDAY + DAY,
            &SourcePriority::default(),
        );
        assert_eq!(p.unit, "kg");
        assert_eq!(p.chosen, Some(id("withings")));
        let values = said(&p);
        assert_eq!(values.len(), 2);
        assert_eq!(values[0].0, "withings");
        assert!(
            (values[0].1 - 72.2).abs() < 1e-9,
            "the day's mean, {values:?}"
        );
        assert_eq!((values[0].2, values[0].3), (2, true));
        assert_eq!(values[1], ("apple_health", 73.0, 1, false));

        // The user's order for weight puts Apple Health first: it is chosen.
        let priority = SourcePriority {
            per_metric: HashMap::from([(Metric::Weight, vec![id("apple_health")])]),
            ..SourcePriority::default()
        };
        let p = ask(&store, Metric::Weight, MONDAY, MONDAY + DAY, &priority);
        assert_eq!(p.chosen, Some(id("apple_health")));
        assert_eq!(said(&p)[0], ("apple_health", 73.0, 1, true));
        assert!(!p.sources[1].chosen);
    }

    #[test]
    fn daily_totals_are_a_day_sum_and_a_week_mean_per_day() {
        let store = store_with(&[
            ("withings", steps(MONDAY, 9000.0)),
            ("withings", steps(MONDAY + DAY, 5000.0)),
            ("apple_health", steps(MONDAY, 8500.0)),
        ]);
        let day = ask(
            &store,
            Metric::Steps,
            MONDAY,
            MONDAY + DAY,
            &SourcePriority::default(),
        );
        assert_eq!(
            said(&day),
            [
                ("withings", 9000.0, 1, true),
                ("apple_health", 8500.0, 1, false)
            ]
        );
        let two = ask(
            &store,
            Metric::Steps,
            MONDAY,
            MONDAY + 2 * DAY,
            &SourcePriority::default(),
        );
        assert_eq!(
            two.sources[0].value, 7000.0,
            "the mean per day, as the chart's point"
        );
        assert_eq!((two.sources[0].min, two.sources[0].max), (5000.0, 9000.0));
    }

    #[test]
    fn a_hidden_source_says_nothing_and_an_empty_bucket_has_no_choice() {
        let store = store_with(&[
            ("demo", weight(MONDAY + 3600, 60.0)),
            ("withings", weight(MONDAY + 7200, 72.0)),
        ]);
        let priority = SourcePriority::default().hiding(SourceId::demo());
        let p = ask(&store, Metric::Weight, MONDAY, MONDAY + DAY, &priority);
        assert_eq!(said(&p), [("withings", 72.0, 1, true)]);
        // An hour bucket reads the hour rollups; a ten-minute one the values.
        let hour = ask(
            &store,
            Metric::Weight,
            MONDAY + 3600,
            MONDAY + 7200,
            &SourcePriority::default(),
        );
        assert_eq!(said(&hour), [("demo", 60.0, 1, true)]);
        let short = ask(
            &store,
            Metric::Weight,
            MONDAY + 7200,
            MONDAY + 7800,
            &priority,
        );
        assert_eq!(said(&short), [("withings", 72.0, 1, true)]);
        let empty = ask(
            &store,
            Metric::Weight,
            MONDAY + 5 * DAY,
            MONDAY + 6 * DAY,
            &priority,
        );
        assert_eq!((empty.chosen, empty.sources.len()), (None, 0));
    }
}
