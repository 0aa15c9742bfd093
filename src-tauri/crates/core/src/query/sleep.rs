//! Sleep nights for the sleep page: per-night totals for stacked bars, and a
//! night's stage intervals for its hypnogram.

use rusqlite::params;

use super::{SourcePriority, TimeRange};
use crate::error::Result;
use crate::metric::Metric;
use crate::model::{NightTotals, SleepStage, StageInterval};
use crate::source::SourceId;
use crate::store::Store;

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NightSummary {
    pub start: i64,
    pub end: i64,
    /// The night's UTC offset at bedtime, for showing bed and wake times.
    pub utc_offset: i32,
    pub totals: NightTotals,
    pub source: SourceId,
}

/// Nights that start in `range`, oldest first. Where nights of several
/// sources overlap, only the best-ranked source's night is kept.
pub fn sleep_nights(
    store: &Store,
    range: TimeRange,
    only: &[SourceId],
    priority: &SourcePriority,
) -> Result<Vec<NightSummary>> {
    let names = store.source_names()?;
    let mut stmt = store.conn().prepare_cached(
        "SELECT start_utc, end_utc, utc_offset, source_id, asleep, light, deep, rem, awake,
                latency, wakeups
         FROM sleep_nights WHERE start_utc >= ?1 AND start_utc < ?2 ORDER BY start_utc",
    )?;
    let rows = stmt.query_map(params![range.from, range.to], |row| {
        Ok((
            row.get::<_, i64>(3)?,
            NightSummary {
                start: row.get(0)?,
                end: row.get(1)?,
                utc_offset: row.get(2)?,
                totals: NightTotals {
                    asleep: row.get(4)?,
                    light: row.get(5)?,
                    deep: row.get(6)?,
                    rem: row.get(7)?,
                    awake: row.get(8)?,
                    latency: row.get(9)?,
                    wakeups: row.get(10)?,
                },
                source: SourceId::demo(),
            },
        ))
    })?;
    let mut nights: Vec<NightSummary> = Vec::new();
    for row in rows {
        let (source_id, mut night) = row?;
        let Some(source) = names.get(&source_id) else {
            continue;
        };
        if !only.is_empty() && !only.contains(source) {
            continue;
        }
        night.source = source.clone();
        let rank = priority.rank(Metric::SleepDuration, &night.source);
        // Overlaps can only be with recent nights, as nights are sorted by start.
        let clash = nights
            .iter()
            .rposition(|kept| kept.end > night.start && kept.start < night.end);
        match clash {
            Some(i) if priority.rank(Metric::SleepDuration, &nights[i].source) <= rank => {}
            Some(i) => nights[i] = night,
            None => nights.push(night),
        }
    }
    Ok(nights)
}

/// The stage intervals of one source's night, for a hypnogram.
pub fn night_stages(
    store: &Store,
    source: &SourceId,
    start: i64,
    end: i64,
) -> Result<Vec<StageInterval>> {
    let Some(source_id) = store.source_id(source)? else {
        return Ok(Vec::new());
    };
    let mut stmt = store.conn().prepare_cached(
        "SELECT start_utc, end_utc, value FROM measurements
         WHERE metric_id = ?1 AND start_utc >= ?2 AND start_utc < ?3 AND source_id = ?4
         ORDER BY start_utc",
    )?;
    let rows = stmt.query_map(
        params![store.metric_id(Metric::SleepStage), start, end, source_id],
        |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, Option<i64>>(1)?,
                row.get::<_, f64>(2)?,
            ))
        },
    )?;
    let mut out = Vec::new();
    for row in rows {
        let (start, end, value) = row?;
        if let (Some(end), Some(stage)) = (end, SleepStage::from_value(value)) {
            out.push(StageInterval { start, end, stage });
        }
    }
    Ok(out)
}
