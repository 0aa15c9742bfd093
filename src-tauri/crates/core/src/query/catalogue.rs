//! What is stored: per metric and source, how many values and from when to
//! when; and the latest value of a metric.

use super::SourcePriority;
use crate::error::Result;
use crate::metric::{Metric, MetricKind};
use crate::source::SourceId;
use crate::store::{Store, Tiers};
use crate::time::SECONDS_PER_DAY;

/// Local days are at most this far from UTC days.
const MAX_OFFSET: i64 = 18 * 3600;

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CatalogueEntry {
    pub metric: Metric,
    pub unit: &'static str,
    pub source: SourceId,
    pub count: u64,
    pub first: i64,
    pub last: i64,
}

/// One entry per (metric, source) with data, in catalogue then priority order.
pub fn catalogue(store: &Store) -> Result<Vec<CatalogueEntry>> {
    let names = store.source_names()?;
    let mut out = Vec::new();
    for &metric in Metric::ALL {
        let mut entries = Vec::new();
        for summary in store.rollup_summaries(metric)? {
            let Some(source) = names.get(&summary.source_id) else {
                continue;
            };
            // Day rollups give the local days; the exact first and last
            // times lie within a zone offset of them.
            let lower = summary.first_day * SECONDS_PER_DAY - MAX_OFFSET;
            let upper = (summary.last_day + 1) * SECONDS_PER_DAY + MAX_OFFSET;
            let first_at = store.first_start_from(metric, summary.source_id, lower)?;
            let last_at = store.last_start_before(metric, summary.source_id, upper)?;
            if let (Some(first_at), Some(last_at)) = (first_at, last_at) {
                entries.push(CatalogueEntry {
                    metric,
                    unit: metric.unit(),
                    source: source.clone(),
                    count: summary.count,
                    first: first_at,
                    last: last_at,
                });
            }
        }
        entries.sort_by_key(|e| e.source.default_rank());
        out.extend(entries);
    }
    Ok(out)
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LatestValue {
    pub metric: Metric,
    pub start: i64,
    pub end: Option<i64>,
    // A finite f64 (records are validated), so `number`, not specta's `number | null`.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub value: f64,
    pub source: SourceId,
}

/// The most recent value of `metric` from any source charts show. Interval metrics use
/// reported totals (today's steps), not the last intraday slice.
pub fn latest(
    store: &Store,
    metric: Metric,
    priority: &SourcePriority,
) -> Result<Option<LatestValue>> {
    let names = store.source_names()?;
    let tiers = if metric.kind() == MetricKind::Interval {
        Tiers::Reported
    } else {
        Tiers::Both
    };
    // Per shown source, from just past its last day (the day rollups say
    // where that is): a hidden source's years of newer rows are never read.
    let mut newest: Option<LatestValue> = None;
    for summary in store.rollup_summaries(metric)? {
        let Some(source) = names.get(&summary.source_id) else {
            continue;
        };
        if !priority.shows(source) {
            continue;
        }
        let before = (summary.last_day + 1) * SECONDS_PER_DAY + MAX_OFFSET;
        let Some(row) = store.latest_measurement(metric, tiers, summary.source_id, before)? else {
            continue;
        };
        if newest.as_ref().is_none_or(|n| row.start > n.start) {
            newest = Some(LatestValue {
                metric,
                start: row.start,
                end: row.end,
                value: row.value,
                source: source.clone(),
            });
        }
    }
    Ok(newest)
}
