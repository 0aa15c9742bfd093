//! Daily features: one value per local day for every daily metric with
//! data, and two values derived from workouts (when the day's last workout
//! ended, and how many minutes of workouts it had).
//!
//! Correlations are taken over each day's difference from the feature's own
//! usual level, the median of the 29 days around it ([`deviations`]): two
//! metrics that both drift with the seasons, or both moved during a
//! training block, are not reported as going together day by day.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};

use super::baseline::pairs;
use super::{DerivedFeature, Feature, ScatterPoint};
use crate::error::Result;
use crate::metric::{Metric, MetricKind};
use crate::query::{SourcePriority, TimeRange, WorkoutSummary, daily_values, workouts};
use crate::store::Store;
use crate::time::{SECONDS_PER_DAY, date_to_day_number};

/// A feature needs values on this many days of the range to be correlated.
pub const MIN_FEATURE_DAYS: usize = 14;
/// A day's usual level is the median of this many days either side of it.
const LEVEL_HALF_WINDOW: usize = 14;
/// Values the window around a day needs for the day to have a deviation.
const LEVEL_MIN_VALUES: usize = 7;
/// Local days are at most this far from UTC days.
const MAX_OFFSET: i64 = 18 * 3600;

/// One feature's values over the range: `values[i]` is day `first + i`.
#[derive(Clone, Debug, PartialEq)]
pub struct DailyFeature {
    pub feature: Feature,
    pub values: Vec<Option<f64>>,
}

impl DailyFeature {
    pub fn days_with_values(&self) -> usize {
        self.values.iter().filter(|v| v.is_some()).count()
    }
}

/// Metrics that are not daily features: stage intervals only make sense per
/// night, and the `workout` metric is what `workout_minutes` says per day.
fn is_feature_metric(metric: Metric) -> bool {
    metric.kind() != MetricKind::Stage && metric != Metric::Workout
}

fn day_count(first: NaiveDate, last: NaiveDate) -> usize {
    usize::try_from((last - first).num_days() + 1).unwrap_or(0)
}

/// Every feature with values on at least 14 days of `first..=last`.
/// Per metric, its daily values as (date, value), sorted by date: read once
/// and shared by the flags and the correlations.
pub type DailyCache = HashMap<Metric, Vec<(NaiveDate, f64)>>;

/// The daily values of every feature metric over `from..=last`.
pub fn read_daily(
    store: &Store,
    from: NaiveDate,
    last: NaiveDate,
    priority: &SourcePriority,
) -> Result<DailyCache> {
    let mut cache = DailyCache::new();
    for &metric in Metric::ALL.iter().filter(|m| is_feature_metric(**m)) {
        let days = daily_values(store, metric, from, last, &[], priority)?;
        if !days.is_empty() {
            cache.insert(metric, pairs(&days));
        }
    }
    Ok(cache)
}

/// Every feature with values on at least 14 days of `first..=last`, the
/// metrics' from `daily`.
pub fn daily_features(
    store: &Store,
    daily: &DailyCache,
    first: NaiveDate,
    last: NaiveDate,
    priority: &SourcePriority,
) -> Result<Vec<DailyFeature>> {
    if first > last {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for &metric in Metric::ALL.iter().filter(|m| is_feature_metric(**m)) {
        let days = daily.get(&metric).map_or(&[][..], Vec::as_slice);
        let feature = feature_from_days(Feature::Metric(metric), days, first, last);
        if feature.days_with_values() >= MIN_FEATURE_DAYS {
            out.push(feature);
        }
    }
    let sessions = day_workouts(store, first, last, priority)?;
    for &derived in DerivedFeature::ALL {
        let feature = derived_feature(derived, &sessions, first, last);
        if feature.days_with_values() >= MIN_FEATURE_DAYS {
            out.push(feature);
        }
    }
    Ok(out)
}

/// One feature's values over `first..=last`.
pub fn feature_values(
    store: &Store,
    feature: Feature,
    first: NaiveDate,
    last: NaiveDate,
    priority: &SourcePriority,
) -> Result<DailyFeature> {
    match feature {
        Feature::Metric(metric) if is_feature_metric(metric) => {
            metric_feature(store, metric, first, last, priority)
        }
        Feature::Metric(_) => Ok(DailyFeature {
            feature,
            values: vec![None; day_count(first, last)],
        }),
        Feature::Derived(derived) => {
            let sessions = day_workouts(store, first, last, priority)?;
            Ok(derived_feature(derived, &sessions, first, last))
        }
    }
}

fn metric_feature(
    store: &Store,
    metric: Metric,
    first: NaiveDate,
    last: NaiveDate,
    priority: &SourcePriority,
) -> Result<DailyFeature> {
    let days = pairs(&daily_values(store, metric, first, last, &[], priority)?);
    Ok(feature_from_days(
        Feature::Metric(metric),
        &days,
        first,
        last,
    ))
}

/// `days` (sorted, possibly reaching outside the range) as one slot per day
/// of `first..=last`.
fn feature_from_days(
    feature: Feature,
    days: &[(NaiveDate, f64)],
    first: NaiveDate,
    last: NaiveDate,
) -> DailyFeature {
    let mut values = vec![None; day_count(first, last)];
    for (date, value) in days {
        let i = (*date - first).num_days();
        if let Some(slot) = usize::try_from(i).ok().and_then(|i| values.get_mut(i)) {
            *slot = Some(*value);
        }
    }
    DailyFeature { feature, values }
}

/// A workout placed on its local day: (day index, end hour, minutes).
#[derive(Clone, Copy, Debug, PartialEq)]
struct DayWorkout {
    day: usize,
    end_hour: f64,
    minutes: f64,
}

/// Workouts that began on a local day of `first..=last` (their own zone),
/// overlapping sources resolved by priority as in the workouts list.
fn day_workouts(
    store: &Store,
    first: NaiveDate,
    last: NaiveDate,
    priority: &SourcePriority,
) -> Result<Vec<DayWorkout>> {
    let from = date_to_day_number(first) * SECONDS_PER_DAY - MAX_OFFSET;
    let to = (date_to_day_number(last) + 1) * SECONDS_PER_DAY + MAX_OFFSET;
    let range = TimeRange::new(from, to)?;
    let first_day = date_to_day_number(first);
    let count = day_count(first, last);
    Ok(workouts(store, range, &[], priority)?
        .iter()
        .filter_map(|w| place(w, first_day, count))
        .collect())
}

fn place(w: &WorkoutSummary, first_day: i64, count: usize) -> Option<DayWorkout> {
    let offset = i64::from(w.utc_offset);
    let local_day = (w.start + offset).div_euclid(SECONDS_PER_DAY);
    let day = usize::try_from(local_day - first_day)
        .ok()
        .filter(|d| *d < count)?;
    let midnight = local_day * SECONDS_PER_DAY - offset;
    Some(DayWorkout {
        day,
        end_hour: (w.end - midnight) as f64 / 3600.0,
        minutes: (w.end - w.start) as f64 / 60.0,
    })
}

fn derived_feature(
    derived: DerivedFeature,
    sessions: &[DayWorkout],
    first: NaiveDate,
    last: NaiveDate,
) -> DailyFeature {
    let mut values: Vec<Option<f64>> = vec![None; day_count(first, last)];
    match derived {
        DerivedFeature::LastWorkoutEndHour => {
            for s in sessions {
                let slot = &mut values[s.day];
                *slot = Some(slot.map_or(s.end_hour, |h: f64| h.max(s.end_hour)));
            }
        }
        DerivedFeature::WorkoutMinutes => {
            // Days without a workout count as 0, but only between the first
            // and last workout: outside, nothing says workouts were recorded.
            let span = sessions
                .iter()
                .map(|s| s.day)
                .min()
                .zip(sessions.iter().map(|s| s.day).max());
            if let Some((lo, hi)) = span {
                for slot in &mut values[lo..=hi] {
                    *slot = Some(0.0);
                }
            }
            for s in sessions {
                let slot = &mut values[s.day];
                *slot = Some(slot.unwrap_or(0.0) + s.minutes);
            }
        }
    }
    DailyFeature {
        feature: Feature::Derived(derived),
        values,
    }
}

/// The (a on day d, b on day d + lag) pairs within the range where both
/// have a value.
pub fn paired(a: &[Option<f64>], b: &[Option<f64>], lag: usize) -> Vec<(usize, f64, f64)> {
    a.iter()
        .enumerate()
        .filter_map(|(i, x)| {
            let y = b.get(i + lag).copied().flatten()?;
            Some((i, (*x)?, y))
        })
        .collect()
}

pub fn scatter(
    store: &Store,
    a: Feature,
    b: Feature,
    lag: u8,
    first: NaiveDate,
    last: NaiveDate,
    priority: &SourcePriority,
) -> Result<Vec<ScatterPoint>> {
    if first > last {
        return Ok(Vec::new());
    }
    let xs = deviations(&feature_values(store, a, first, last, priority)?.values);
    let ys = deviations(&feature_values(store, b, first, last, priority)?.values);
    Ok(paired(&xs, &ys, usize::from(lag))
        .into_iter()
        .filter_map(|(i, x, y)| {
            Some(ScatterPoint {
                date: first.checked_add_days(Days::new(u64::try_from(i).ok()?))?,
                x,
                y,
            })
        })
        .collect())
}

/// Each day's value minus the median of the values within 14 days of it
/// (29 days, itself included); `None` where there is no value or fewer than
/// 7 values around it. The window slides over a sorted copy, so each day
/// costs an insert and a removal rather than a sort.
pub fn deviations(values: &[Option<f64>]) -> Vec<Option<f64>> {
    let mut sorted: Vec<f64> = Vec::with_capacity(2 * LEVEL_HALF_WINDOW + 1);
    let insert = |sorted: &mut Vec<f64>, v: f64| {
        let at = sorted.partition_point(|x| x.total_cmp(&v).is_lt());
        sorted.insert(at, v);
    };
    // The first window: days 0..=14 less the one about to enter.
    for v in values.iter().take(LEVEL_HALF_WINDOW).flatten() {
        insert(&mut sorted, *v);
    }
    let mut out = Vec::with_capacity(values.len());
    for (i, value) in values.iter().enumerate() {
        if let Some(Some(v)) = values.get(i + LEVEL_HALF_WINDOW) {
            insert(&mut sorted, *v);
        }
        if let Some(Some(v)) = i
            .checked_sub(LEVEL_HALF_WINDOW + 1)
            .and_then(|gone| values.get(gone))
        {
            let at = sorted.partition_point(|x| x.total_cmp(v).is_lt());
            if at < sorted.len() {
                sorted.remove(at);
            }
        }
        out.push(
            value.and_then(|v| {
                (sorted.len() >= LEVEL_MIN_VALUES).then(|| v - sorted_median(&sorted))
            }),
        );
    }
    out
}

/// The median of values sorted ascending (not empty).
fn sorted_median(sorted: &[f64]) -> f64 {
    let mid = sorted.len() / 2;
    if sorted.len() % 2 == 1 {
        sorted[mid]
    } else {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    }
}
