//! What is stored: per metric and source, how many values and from when to
//! when; and the latest value of a metric.

use rusqlite::{OptionalExtension, params};

use crate::error::Result;
use crate::metric::{Metric, MetricKind};
use crate::source::SourceId;
use crate::store::{LEVEL_DAY, Store};
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
    let mut summary = store.conn().prepare_cached(
        "SELECT source_id, sum(n), min(bucket), max(bucket) FROM rollups
         WHERE metric_id = ?1 AND level = ?2 AND intraday IN (0, 1)
         GROUP BY source_id",
    )?;
    // The identity index is (metric, start, source): scan from the first
    // (or last) day with data until this source's row turns up.
    let mut first = store.conn().prepare_cached(
        "SELECT start_utc FROM measurements
         WHERE metric_id = ?1 AND start_utc >= ?2 AND source_id = ?3 ORDER BY start_utc LIMIT 1",
    )?;
    let mut last = store.conn().prepare_cached(
        "SELECT start_utc FROM measurements
         WHERE metric_id = ?1 AND start_utc < ?2 AND source_id = ?3 ORDER BY start_utc DESC LIMIT 1",
    )?;
    let mut out = Vec::new();
    for &metric in Metric::ALL {
        let metric_id = store.metric_id(metric);
        let rows = summary.query_map(params![metric_id, LEVEL_DAY], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, i64>(2)?,
                row.get::<_, i64>(3)?,
            ))
        })?;
        let mut entries = Vec::new();
        for row in rows {
            let (source_id, count, first_day, last_day) = row?;
            let Some(source) = names.get(&source_id) else {
                continue;
            };
            let lower = first_day * SECONDS_PER_DAY - MAX_OFFSET;
            let upper = (last_day + 1) * SECONDS_PER_DAY + MAX_OFFSET;
            let first_at = first
                .query_row(params![metric_id, lower, source_id], |row| row.get(0))
                .optional()?;
            let last_at = last
                .query_row(params![metric_id, upper, source_id], |row| row.get(0))
                .optional()?;
            if let (Some(first_at), Some(last_at)) = (first_at, last_at) {
                entries.push(CatalogueEntry {
                    metric,
                    unit: metric.unit(),
                    source: source.clone(),
                    count: count.unsigned_abs(),
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

/// The most recent value of `metric` from any source. Interval metrics use
/// reported totals (today's steps), not the last intraday slice.
pub fn latest(store: &Store, metric: Metric) -> Result<Option<LatestValue>> {
    let names = store.source_names()?;
    let detail_allowed = metric.kind() != MetricKind::Interval;
    let mut stmt = store.conn().prepare_cached(
        "SELECT start_utc, end_utc, value, source_id FROM measurements
         WHERE metric_id = ?1 AND (intraday = 0 OR ?2) ORDER BY start_utc DESC LIMIT 1",
    )?;
    let row = stmt
        .query_row(params![store.metric_id(metric), detail_allowed], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, Option<i64>>(1)?,
                row.get::<_, f64>(2)?,
                row.get::<_, i64>(3)?,
            ))
        })
        .optional()?;
    Ok(row.and_then(|(start, end, value, source_id)| {
        names.get(&source_id).map(|source| LatestValue {
            metric,
            start,
            end,
            value,
            source: source.clone(),
        })
    }))
}
