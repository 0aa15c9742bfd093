//! Sleep nights for the sleep page: per-night totals for stacked bars, and a
//! night's stage intervals for its hypnogram.

use super::priority::Spanned;
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
    let mut nights: Vec<NightSummary> = Vec::new();
    for row in store.night_rows((range.from, range.to))? {
        let Some(source) = names.get(&row.source_id) else {
            continue;
        };
        if !priority.admits(only, source) {
            continue;
        }
        let night = NightSummary {
            start: row.start,
            end: row.end,
            utc_offset: row.utc_offset,
            totals: row.totals,
            source: source.clone(),
        };
        priority.keep_best(Metric::SleepDuration, &mut nights, night);
    }
    Ok(nights)
}

impl Spanned for NightSummary {
    fn span(&self) -> (i64, i64) {
        (self.start, self.end)
    }
    fn source(&self) -> &SourceId {
        &self.source
    }
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
    let rows = store.source_measurements(Metric::SleepStage, source_id, (start, end))?;
    let mut out = Vec::new();
    for row in rows {
        if let (Some(end), Some(stage)) = (row.end, SleepStage::from_value(row.value)) {
            out.push(StageInterval {
                start: row.start,
                end,
                stage,
            });
        }
    }
    Ok(out)
}
