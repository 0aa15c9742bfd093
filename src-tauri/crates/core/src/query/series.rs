//! Chart series: at most `max_points` points for any range, read from the
//! coarsest data that still fills the chart.
//!
//! ```text
//!   width = range / max_points
//!   width > 12 hours              → day rollups, k-day buckets (local days)
//!   range has ≥ max_points/4 hours → hour rollups, h-hour buckets (h divides 24)
//!   otherwise                     → raw rows, as they are or in short buckets
//! ```
//!
//! So ten years at 1,000 points read ~3,650 day rows per source, one month
//! ~720 hour rows, and only ranges under ~10 days touch raw rows.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::bucket::{Bucket, Cell, Combine, Extremes, Grid, ValueOf, bucket};
use super::tiers::{TierChoice, resolve_tiers};
use super::{SourcePriority, TimeRange};
use crate::error::{Error, Result};
use crate::insights::{Band, bands_for_points};
use crate::metric::{Metric, MetricKind};
use crate::source::SourceId;
use crate::store::{LEVEL_DAY, LEVEL_HOUR, Store, Tiers};
use crate::time::{SECONDS_PER_DAY, Zone, date_to_day_number};

const SECONDS_PER_HOUR: i64 = 3600;
/// Hour buckets come in these sizes (hours), all dividing a day.
const HOUR_BUCKETS: &[i64] = &[1, 2, 3, 4, 6, 8, 12];
/// Raw buckets snap to these widths so that panning keeps bucket edges stable.
const RAW_BUCKET_WIDTHS: &[i64] = &[60, 120, 300, 600, 900, 1200, 1800, 3600];
/// `max_points` is clamped to this range: two points draw a line, and no
/// chart is wider than this.
const MIN_POINTS: u32 = 2;
const MAX_POINTS: u32 = 100_000;

#[derive(Clone, Debug, PartialEq)]
pub struct SeriesRequest {
    pub metric: Metric,
    pub range: TimeRange,
    /// The chart's width in points; clamped to 2..=100 000.
    pub max_points: u32,
    /// Only these sources; every source when empty.
    pub sources: Vec<SourceId>,
    /// The calendar of day buckets: where the viewer's days begin.
    pub zone: Zone,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "level", rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Resolution {
    /// One point per stored value.
    Raw,
    /// Buckets of this many seconds, aligned to the Unix epoch.
    Seconds { seconds: i64 },
    /// Buckets of this many local days.
    Days { days: i64 },
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Point {
    /// Bucket (or record) start, Unix seconds UTC.
    pub t: i64,
    /// Bucket (or record) end; equals `t` for a raw point sample.
    pub end: i64,
    /// What to plot. Samples and nights: the mean. Interval metrics (steps,
    /// energy): the total of the bucket, or in day buckets the mean per day.
    // A finite f64 (records are validated), so `number`, not specta's `number | null`.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub value: f64,
    /// Smallest and largest value the bucket summarises (daily totals in day
    /// buckets of interval metrics).
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub min: f64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub max: f64,
    /// How many values the point summarises.
    pub n: u64,
    /// Index into [`Series::sources`].
    pub source: usize,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Series {
    pub metric: Metric,
    pub unit: &'static str,
    pub kind: MetricKind,
    /// The range asked for: a chart spans it even where there is no data.
    pub range: TimeRange,
    pub resolution: Resolution,
    /// Sources with data for the metric, best first.
    pub sources: Vec<SourceId>,
    pub points: Vec<Point>,
    /// For metrics with a personal baseline (resting heart rate, HRV,
    /// weight, sleep, steps, active energy): the usual range behind each
    /// point, aligned with `points` (`None` where the days before have too
    /// few values). `None` for other metrics. See `insights::baseline`.
    pub band: Option<Vec<Option<Band>>>,
}

pub fn series(store: &Store, req: &SeriesRequest, priority: &SourcePriority) -> Result<Series> {
    let metric = req.metric;
    if metric.kind() == MetricKind::Stage {
        return Err(Error::NoSeries {
            metric: metric.id(),
            why: "sleep stages are shown per night (see sleep nights)",
        });
    }
    // The one place both are checked: the app, the CLI and the benches all
    // come through here.
    let range = TimeRange::new(req.range.from, req.range.to)?;
    let max_points = i64::from(req.max_points.clamp(MIN_POINTS, MAX_POINTS));
    let sources = ranked_sources(store, metric, &req.sources, priority)?;
    let additive = metric.kind().is_additive();

    let mut plan = Plan::for_range(range.seconds(), max_points);
    // Below a day, interval metrics need intraday detail; daily totals are
    // the finest a source without it has.
    if additive
        && !matches!(plan, Plan::Days(_))
        && !has_intraday(store, metric, &sources, range, req.zone)?
    {
        plan = Plan::Days(1);
    }

    let ctx = Ctx {
        store,
        metric,
        sources: &sources,
        additive,
        range,
        zone: req.zone,
    };
    let (resolution, points) = match plan {
        Plan::Days(days) => (Resolution::Days { days }, ctx.day_points(days)?),
        Plan::Hours(hours) => (
            Resolution::Seconds {
                seconds: hours * SECONDS_PER_HOUR,
            },
            ctx.hour_points(hours)?,
        ),
        Plan::Raw(width) => ctx.raw_points(width, max_points)?,
    };
    let band = bands_for_points(
        store,
        metric,
        ctx.day_range(),
        &points,
        resolution,
        req.zone,
        (&req.sources, priority),
    )?;
    Ok(Series {
        metric,
        unit: metric.unit(),
        kind: metric.kind(),
        range,
        resolution,
        sources: sources.into_iter().map(|(_, s)| s).collect(),
        points,
        band,
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Plan {
    /// Day rollups in buckets of this many local days.
    Days(i64),
    /// Hour rollups in buckets of this many hours.
    Hours(i64),
    /// Raw rows, as they are or in buckets of at least this many seconds.
    Raw(i64),
}

impl Plan {
    /// The coarsest data that still fills `max_points` over `span` seconds.
    fn for_range(span: i64, max_points: i64) -> Plan {
        let width = ceil_div(span, max_points);
        // Hour buckets snap to divisors of a day, so that buckets never
        // straddle midnight; past 12 hours the next natural size is a day.
        let hours = HOUR_BUCKETS
            .iter()
            .copied()
            .find(|h| h * SECONDS_PER_HOUR >= width);
        match hours {
            None => Plan::Days(ceil_div(width, SECONDS_PER_DAY)),
            Some(h) if span / SECONDS_PER_HOUR >= max_points / 4 => Plan::Hours(h),
            Some(_) => Plan::Raw(width),
        }
    }
}

/// A raw value kept for a chart, with its source's rank.
#[derive(Clone, Copy, Debug, PartialEq)]
struct RawValue {
    start: i64,
    end: Option<i64>,
    value: f64,
    rank: usize,
}

struct Ctx<'a> {
    store: &'a Store,
    metric: Metric,
    /// (database id, source), best first.
    sources: &'a [(i64, SourceId)],
    additive: bool,
    range: TimeRange,
    zone: Zone,
}

impl Ctx<'_> {
    /// The range's first and last local day.
    fn day_range(&self) -> (NaiveDate, NaiveDate) {
        (
            self.zone.local_date(self.range.from),
            self.zone.local_date(self.range.to - 1),
        )
    }

    fn day_span(&self) -> (i64, i64) {
        (
            date_to_day_number(self.zone.local_date(self.range.from)),
            date_to_day_number(self.zone.local_date(self.range.to - 1)),
        )
    }

    /// Cells of one rollup level, buckets in `[from, to)`, one per bucket
    /// and source with tiers resolved.
    fn cells(&self, level: i64, (from, to): (i64, i64), choice: TierChoice) -> Result<Vec<Cell>> {
        let choice = TierChoice::for_metric(self.additive, choice);
        let mut cells = Vec::new();
        for (rank, (source_id, _)) in self.sources.iter().enumerate() {
            let rows = self
                .store
                .source_rollups(self.metric, level, *source_id, (from, to))?;
            cells.extend(resolve_tiers(rows, choice, |_| Some(rank)));
        }
        Ok(cells)
    }

    fn day_points(&self, days: i64) -> Result<Vec<Point>> {
        let (first, last) = self.day_span();
        let cells = self.cells(LEVEL_DAY, (first, last + 1), TierChoice::PreferReported)?;
        let grid = Grid::Days {
            days,
            zone: self.zone,
        };
        let combine = if self.additive {
            // Interval metrics: the mean per day, ranging over daily totals.
            Combine {
                value: ValueOf::MeanPerCell,
                extremes: Extremes::OfTotals,
            }
        } else {
            SAMPLES
        };
        Ok(points(bucket(cells, grid, combine)))
    }

    fn hour_points(&self, hours: i64) -> Result<Vec<Point>> {
        let from = self.range.from - self.range.from.rem_euclid(SECONDS_PER_HOUR);
        let cells = self.cells(LEVEL_HOUR, (from, self.range.to), TierChoice::IntradayOnly)?;
        let combine = if self.additive {
            // Interval metrics: the bucket's total, ranging over hour totals.
            Combine {
                value: ValueOf::Total,
                extremes: Extremes::OfTotals,
            }
        } else {
            SAMPLES
        };
        let grid = Grid::Seconds(hours * SECONDS_PER_HOUR);
        Ok(points(bucket(cells, grid, combine)))
    }

    fn raw_points(&self, width: i64, max_points: i64) -> Result<(Resolution, Vec<Point>)> {
        let rank_of: HashMap<i64, usize> = self
            .sources
            .iter()
            .enumerate()
            .map(|(rank, (id, _))| (*id, rank))
            .collect();
        // Interval metrics: reported totals are covered by intraday detail here.
        let tiers = if self.additive {
            Tiers::Intraday
        } else {
            Tiers::Both
        };
        let mut kept = Vec::new();
        let range = (self.range.from, self.range.to);
        self.store
            .for_each_measurement(self.metric, range, tiers, |row| {
                if let Some(&rank) = rank_of.get(&row.source_id) {
                    kept.push(RawValue {
                        start: row.start,
                        end: row.end,
                        value: row.value,
                        rank,
                    });
                }
                Ok(())
            })?;
        keep_best_source_per_hour(&mut kept);

        if i64::try_from(kept.len()).unwrap_or(i64::MAX) <= max_points {
            let points = kept
                .into_iter()
                .map(|v| Point {
                    t: v.start,
                    end: v.end.unwrap_or(v.start),
                    value: v.value,
                    min: v.value,
                    max: v.value,
                    n: 1,
                    source: v.rank,
                })
                .collect();
            return Ok((Resolution::Raw, points));
        }
        let width = RAW_BUCKET_WIDTHS
            .iter()
            .copied()
            .find(|w| *w >= width)
            .unwrap_or(SECONDS_PER_HOUR);
        let combine = Combine {
            // Interval metrics add up; their min and max are single values.
            value: if self.additive {
                ValueOf::Total
            } else {
                ValueOf::Mean
            },
            extremes: Extremes::OfValues,
        };
        let cells = kept
            .into_iter()
            .map(|v| Cell::single(v.start, v.rank, v.value));
        let points = points(bucket(cells, Grid::Seconds(width), combine));
        Ok((Resolution::Seconds { seconds: width }, points))
    }
}

/// Samples: the mean of the values, ranging over them.
const SAMPLES: Combine = Combine {
    value: ValueOf::Mean,
    extremes: Extremes::OfValues,
};

fn points(buckets: Vec<Bucket>) -> Vec<Point> {
    buckets
        .into_iter()
        .map(|b| Point {
            t: b.from,
            end: b.to,
            value: b.value,
            min: b.min,
            max: b.max,
            n: b.n,
            source: b.rank,
        })
        .collect()
}

/// Per UTC hour, keeps only the values of the best-ranked source that has
/// data in that hour.
fn keep_best_source_per_hour(values: &mut Vec<RawValue>) {
    let mut best: HashMap<i64, usize> = HashMap::new();
    for v in values.iter() {
        let entry = best
            .entry(v.start.div_euclid(SECONDS_PER_HOUR))
            .or_insert(v.rank);
        *entry = (*entry).min(v.rank);
    }
    values.retain(|v| best.get(&v.start.div_euclid(SECONDS_PER_HOUR)) == Some(&v.rank));
}

/// `a / b` rounded up, for positive `b`.
fn ceil_div(a: i64, b: i64) -> i64 {
    a.div_euclid(b) + i64::from(a.rem_euclid(b) != 0)
}

/// Sources with data for `metric` that charts show, filtered to `only` when
/// given, best first.
pub(super) fn ranked_sources(
    store: &Store,
    metric: Metric,
    only: &[SourceId],
    priority: &SourcePriority,
) -> Result<Vec<(i64, SourceId)>> {
    let names = store.source_names()?;
    let mut out = Vec::new();
    for id in store.sources_with_data(metric)? {
        if let Some(source) = names.get(&id)
            && priority.admits(only, source)
        {
            out.push((id, source.clone()));
        }
    }
    out.sort_by_key(|(_, s)| priority.rank(metric, s));
    Ok(out)
}

/// Whether any of `sources` has intraday detail of `metric` on the range's
/// local days (give or take one, for records in other zones).
fn has_intraday(
    store: &Store,
    metric: Metric,
    sources: &[(i64, SourceId)],
    range: TimeRange,
    zone: Zone,
) -> Result<bool> {
    let first = date_to_day_number(zone.local_date(range.from)) - 1;
    let last = date_to_day_number(zone.local_date(range.to - 1)) + 1;
    for (id, _) in sources {
        if store.has_intraday_days(metric, *id, (first, last))? {
            return Ok(true);
        }
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = SECONDS_PER_DAY;

    #[test]
    fn the_plan_reads_the_coarsest_level_that_fills_the_chart() {
        // An hour at 1,000 points: raw rows, 4-second buckets at most.
        assert_eq!(Plan::for_range(SECONDS_PER_HOUR, 1000), Plan::Raw(4));
        // A day at 200 points: 432 s wide, too few hours for hour rollups.
        assert_eq!(Plan::for_range(DAY, 200), Plan::Raw(432));
        // A month at 1,000 points: 720 hours, so hour rollups, 1 hour each.
        assert_eq!(Plan::for_range(30 * DAY, 1000), Plan::Hours(1));
        // A year at 1,000 points: 8.8-hour buckets snap to 12 hours.
        assert_eq!(Plan::for_range(365 * DAY, 1000), Plan::Hours(12));
        // Ten years at 1,000 points: 3.65 days round up to 4-day buckets.
        assert_eq!(Plan::for_range(3652 * DAY, 1000), Plan::Days(4));
    }

    #[test]
    fn raw_values_keep_the_best_source_per_hour_only() {
        let v = |start, rank| RawValue {
            start,
            end: None,
            value: 1.0,
            rank,
        };
        let mut values = vec![v(0, 1), v(60, 0), v(3600, 1), v(3660, 1)];
        keep_best_source_per_hour(&mut values);
        assert_eq!(values, [v(60, 0), v(3600, 1), v(3660, 1)]);
    }
}
