//! One value per local day: totals for interval metrics (steps, energy),
//! means for samples. Days are the records' own local days, so a day with a
//! DST change holds 23 or 25 hours of data and travel keeps each day whole.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::params;

use super::SourcePriority;
use crate::error::{Error, Result};
use crate::metric::{Metric, MetricKind};
use crate::source::SourceId;
use crate::store::{LEVEL_DAY, Store};
use crate::time::{date_to_day_number, day_number_to_date};

/// (day, source rank, source id): sorts each day's sources best first.
type CellKey = (i64, (usize, usize), i64);
/// n, sum, min, max.
type Agg = (u64, f64, f64, f64);

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DailyValue {
    pub date: NaiveDate,
    /// Interval metrics: the day's total. Samples and nights: the day's mean.
    // A finite f64 (records are validated), so `number`, not specta's `number | null`.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub value: f64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub min: f64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub max: f64,
    pub n: u64,
    pub source: SourceId,
}

/// Daily values for `first..=last`, each day from its best-ranked source.
/// Interval metrics use a source's reported daily totals where it has them,
/// else the sum of its intraday detail.
pub fn daily_values(
    store: &Store,
    metric: Metric,
    first: NaiveDate,
    last: NaiveDate,
    only: &[SourceId],
    priority: &SourcePriority,
) -> Result<Vec<DailyValue>> {
    if metric.kind() == MetricKind::Stage {
        return Err(Error::NoSeries {
            metric: metric.id(),
            why: "sleep stages are shown per night (see sleep nights)",
        });
    }
    let additive = metric.kind().is_additive();
    let names = store.source_names()?;
    let mut stmt = store.conn().prepare_cached(
        "SELECT bucket, source_id, intraday, n, sum, min, max FROM rollups
         WHERE metric_id = ?1 AND level = ?2 AND intraday IN (0, 1)
           AND source_id IN (SELECT id FROM sources) AND bucket BETWEEN ?3 AND ?4",
    )?;
    let rows = stmt.query_map(
        params![
            store.metric_id(metric),
            LEVEL_DAY,
            date_to_day_number(first),
            date_to_day_number(last)
        ],
        |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, bool>(2)?,
                row.get::<_, i64>(3)?,
                row.get::<_, f64>(4)?,
                row.get::<_, f64>(5)?,
                row.get::<_, f64>(6)?,
            ))
        },
    )?;

    let mut cells: BTreeMap<CellKey, (Option<Agg>, Option<Agg>)> = BTreeMap::new();
    for row in rows {
        let (day, source_id, intraday, n, sum, min, max) = row?;
        let Some(source) = names.get(&source_id) else {
            continue;
        };
        if !only.is_empty() && !only.contains(source) {
            continue;
        }
        let slot = cells
            .entry((day, priority.rank(metric, source), source_id))
            .or_default();
        let agg = (n.unsigned_abs(), sum, min, max);
        if intraday {
            slot.1 = Some(agg);
        } else {
            slot.0 = Some(agg);
        }
    }

    let mut out: Vec<DailyValue> = Vec::new();
    // BTreeMap order: by day, then best rank first; keep the first per day.
    for ((day, _, source_id), (reported, intraday)) in cells {
        if out
            .last()
            .is_some_and(|v| date_to_day_number(v.date) == day)
        {
            continue;
        }
        let agg = match (reported, intraday) {
            (Some(r), Some(i)) if !additive => (r.0 + i.0, r.1 + i.1, r.2.min(i.2), r.3.max(i.3)),
            (Some(r), _) => r,
            (None, Some(i)) => i,
            (None, None) => continue,
        };
        let (n, sum, min, max) = agg;
        let Some(source) = names.get(&source_id) else {
            continue;
        };
        out.push(DailyValue {
            date: day_number_to_date(day),
            value: if additive { sum } else { sum / n as f64 },
            min,
            max,
            n,
            source: source.clone(),
        });
    }
    Ok(out)
}
