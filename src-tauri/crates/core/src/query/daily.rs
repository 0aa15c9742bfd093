//! One value per local day: totals for interval metrics (steps, energy),
//! means for samples. Days are the records' own local days, so a day with a
//! DST change holds 23 or 25 hours of data and travel keeps each day whole.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::SourcePriority;
use super::bucket::{Combine, Extremes, Grid, ValueOf, bucket};
use super::tiers::{TierChoice, resolve_tiers};
use crate::error::{Error, Result};
use crate::metric::{Metric, MetricKind};
use crate::source::SourceId;
use crate::store::Store;
use crate::time::{Zone, date_to_day_number, day_number_to_date};

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
    let sources = super::series::ranked_sources(store, metric, only, priority)?;
    let rank_of: HashMap<i64, usize> = sources
        .iter()
        .enumerate()
        .map(|(rank, (id, _))| (*id, rank))
        .collect();
    let rows = store.day_rollups(metric, date_to_day_number(first), date_to_day_number(last))?;
    let choice = TierChoice::for_metric(additive, TierChoice::PreferReported);
    let cells = resolve_tiers(rows, choice, |id| rank_of.get(&id).copied());
    let combine = Combine {
        value: if additive {
            ValueOf::Total
        } else {
            ValueOf::Mean
        },
        extremes: Extremes::OfValues,
    };
    // One-day buckets keyed by date: their UTC span is not used, so any zone does.
    let grid = Grid::Days {
        days: 1,
        zone: Zone::UTC,
    };
    Ok(bucket(cells, grid, combine)
        .into_iter()
        .filter_map(|b| {
            let (_, source) = sources.get(b.rank)?;
            Some(DailyValue {
                date: day_number_to_date(b.key),
                value: b.value,
                min: b.min,
                max: b.max,
                n: b.n,
                source: source.clone(),
            })
        })
        .collect())
}
