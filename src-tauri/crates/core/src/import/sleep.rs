//! Sleep nights again from their CSV rows.
//!
//! Export writes a night as one row per per-night metric spanning the night
//! (sorted apart by metric, so far from each other in the file) and one
//! `sleep_stage` row per interval. They are collected to the end of the file
//! (a few rows per night, so small next to heart rate) and stored as nights,
//! so that the sleep page and the per-night rows come back as ingest makes
//! them. Stage rows outside every night of their source (an export of
//! `sleep_stage` alone) stay plain values.

use std::collections::{BTreeMap, HashMap};

use super::row::Row;
use crate::error::Result;
use crate::metric::{Metric, MetricKind};
use crate::model::{Batch, NightTotals, SleepNight, SleepStage, StageInterval};
use crate::source::SourceId;
use crate::time::Zone;

#[derive(Default)]
pub(super) struct SleepRows {
    /// Per-night values by source and (start, end) of the night.
    nights: HashMap<SourceId, BTreeMap<(i64, i64), Vec<Row>>>,
    stages: Vec<Row>,
}

impl SleepRows {
    /// Keeps `row` if it belongs to a night; gives it back otherwise.
    pub fn take(&mut self, row: Row) -> Option<Row> {
        match (row.metric.kind(), row.end) {
            (MetricKind::Night, Some(end)) => {
                self.nights
                    .entry(row.source.clone())
                    .or_default()
                    .entry((row.start, end))
                    .or_default()
                    .push(row);
                None
            }
            (MetricKind::Stage, Some(_)) => {
                self.stages.push(row);
                None
            }
            _ => Some(row),
        }
    }

    /// One batch per source: its nights, and stage rows no night holds.
    pub fn into_batches(self, zone: Zone) -> Result<Vec<Batch>> {
        let mut batches: BTreeMap<SourceId, Batch> = BTreeMap::new();
        let mut nights: HashMap<SourceId, Vec<SleepNight>> = HashMap::new();
        for (source, by_span) in self.nights {
            let list = by_span
                .into_iter()
                .map(|((start, end), rows)| night(start, end, zone, &rows))
                .collect::<Result<Vec<_>>>()?;
            nights.insert(source, list);
        }
        for row in self.stages {
            let (Some(end), Some(stage)) = (row.end, SleepStage::from_value(row.value)) else {
                continue; // parse checked both
            };
            let holder = nights.get_mut(&row.source).and_then(|list| {
                // Nights of one source do not overlap: the one starting last
                // at or before the stage is the only candidate.
                let at = list.partition_point(|n| n.start <= row.start);
                list[..at].last_mut().filter(|n| end <= n.end)
            });
            match holder {
                Some(night) => night.stages.push(StageInterval {
                    start: row.start,
                    end,
                    stage,
                }),
                None => batch(&mut batches, &row.source)
                    .measurements
                    .push(row.measurement(zone)),
            }
        }
        for (source, mut list) in nights {
            for night in &mut list {
                night.stages.sort_by_key(|s| s.start);
            }
            batch(&mut batches, &source).nights = list;
        }
        Ok(batches.into_values().collect())
    }
}

fn batch<'a>(batches: &'a mut BTreeMap<SourceId, Batch>, source: &SourceId) -> &'a mut Batch {
    batches
        .entry(source.clone())
        .or_insert_with(|| Batch::new(source.clone()))
}

/// A night from its per-night rows; the totals are the file's, not
/// recomputed from stages, so the night reads back as it was written.
fn night(start: i64, end: i64, zone: Zone, rows: &[Row]) -> Result<SleepNight> {
    let mut totals = NightTotals::default();
    let mut detail = None;
    for row in rows {
        if row.value.fract() != 0.0 || !(0.0..1e12).contains(&row.value) {
            return Err(row.error(format!(
                "{} is a whole number of {} per night, not {}",
                row.metric,
                row.metric.unit(),
                row.value
            )));
        }
        let whole = row.value as i64;
        let slot = match row.metric {
            Metric::SleepDuration => &mut totals.asleep,
            Metric::SleepLightDuration => &mut totals.light,
            Metric::SleepDeepDuration => &mut totals.deep,
            Metric::SleepRemDuration => &mut totals.rem,
            Metric::SleepAwakeDuration => &mut totals.awake,
            Metric::SleepLatency => &mut totals.latency,
            Metric::SleepWakeupCount => {
                totals.wakeups = u32::try_from(whole).ok();
                detail = detail.or_else(|| row.detail.clone());
                continue;
            }
            _ => continue,
        };
        *slot = Some(whole);
        detail = detail.or_else(|| row.detail.clone());
    }
    Ok(SleepNight {
        start,
        end,
        zone,
        stages: Vec::new(),
        totals,
        record_id: None,
        detail,
    })
}
