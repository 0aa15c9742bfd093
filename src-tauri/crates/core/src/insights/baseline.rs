//! The personal baseline: per metric and local day, the usual range of the
//! 28 days before it.
//!
//! ```text
//!   window(d) = the daily values of d-28 ..= d-1   (d itself excluded)
//!   mid       = median(window)                      (needs ≥ 14 values)
//!   spread    = 1.4826 × median(|v − mid|)          (MAD, scaled to a σ)
//!   lo, hi    = mid ∓ max(2 × spread, floor(metric))
//! ```
//!
//! The median and the MAD ignore a few odd days (an illness week moves
//! neither much), unlike a mean and a standard deviation. The floor keeps
//! the band from collapsing to a line when values barely vary (resting
//! heart rate is reported in whole bpm): a 1-bpm wobble is not unusual.
//!
//! Steps and active energy vary by multiples rather than by amounts (a lazy
//! Sunday is half a busy Tuesday), so their band is computed the same way on
//! `ln(1 + value)` and turned back: it is a ratio around the median, wider
//! above than below, and never below zero.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};

use super::stats::median;
use super::{Band, BandDay};
use crate::error::Result;
use crate::metric::Metric;
use crate::query::{DailyValue, Point, Resolution, SourcePriority, daily_values};
use crate::source::SourceId;
use crate::store::Store;
use crate::time::Zone;

/// Days before a day that make its baseline.
pub const WINDOW_DAYS: u64 = 28;
/// Values the window needs for a band: half of it.
pub const MIN_WINDOW_VALUES: usize = 14;
/// The band's half-width in robust standard deviations.
const BAND_SIGMAS: f64 = 2.0;
/// MAD × this estimates the standard deviation of normal data.
const MAD_TO_SIGMA: f64 = 1.4826;

/// The metrics that have a baseline band.
pub const BASELINE_METRICS: &[Metric] = &[
    Metric::RestingHeartRate,
    Metric::HrvSdnn,
    Metric::Weight,
    Metric::SleepDuration,
    Metric::Steps,
    Metric::ActiveEnergy,
];

pub fn has_baseline(metric: Metric) -> bool {
    BASELINE_METRICS.contains(&metric)
}

/// The narrowest half-band, in the metric's stored unit: about the
/// resolution values are reported in, or a change nobody would notice.
fn min_half_width(metric: Metric) -> f64 {
    match metric {
        Metric::RestingHeartRate => 1.0,
        Metric::HrvSdnn => 2.0,
        Metric::Weight => 0.3,
        Metric::SleepDuration => 15.0 * 60.0,
        Metric::Steps => 500.0,
        Metric::ActiveEnergy => 50.0,
        _ => 0.0,
    }
}

/// A value into, or back from, the scale a band is computed on.
type Map = fn(f64) -> f64;

/// Whether the metric's band is a ratio (computed on logarithms).
fn on_log_scale(metric: Metric) -> bool {
    matches!(metric, Metric::Steps | Metric::ActiveEnergy)
}

/// The band of `window` (the values of the 28 days before a day), or
/// `None` with fewer than 14 values.
pub(super) fn band_of(metric: Metric, window: &[f64]) -> Option<Band> {
    if window.len() < MIN_WINDOW_VALUES {
        return None;
    }
    let log = on_log_scale(metric);
    let (there, back): (Map, Map) = if log {
        (|v| v.max(0.0).ln_1p(), f64::exp_m1)
    } else {
        (|v| v, |v| v)
    };
    let values: Vec<f64> = window.iter().map(|v| there(*v)).collect();
    let mid = median(values.clone())?;
    let mad = median(values.iter().map(|v| (v - mid).abs()).collect())?;
    let half = BAND_SIGMAS * MAD_TO_SIGMA * mad;
    let floor = min_half_width(metric);
    let mid_value = back(mid);
    let lo = back(mid - half).min(mid_value - floor);
    Some(Band {
        lo: if log { lo.max(0.0) } else { lo },
        mid: mid_value,
        hi: back(mid + half).max(mid_value + floor),
    })
}

/// Bands for every day of `first..=last` that has one, from `days` (daily
/// values sorted by date, which must reach 28 days before `first`).
pub(super) fn bands_from_values(
    metric: Metric,
    days: &[(NaiveDate, f64)],
    first: NaiveDate,
    last: NaiveDate,
) -> Vec<BandDay> {
    let mut out = Vec::new();
    // The window slides over `days`: [start, end) are the indices of the
    // values within d-28 ..= d-1.
    let (mut start, mut end) = (0, 0);
    let mut window = Vec::with_capacity(WINDOW_DAYS as usize);
    for date in first.iter_days().take_while(|d| *d <= last) {
        let Some(window_first) = date.checked_sub_days(Days::new(WINDOW_DAYS)) else {
            continue;
        };
        while end < days.len() && days[end].0 < date {
            end += 1;
        }
        while start < end && days[start].0 < window_first {
            start += 1;
        }
        window.clear();
        window.extend(days[start..end].iter().map(|(_, v)| *v));
        if let Some(band) = band_of(metric, &window) {
            out.push(BandDay {
                date,
                lo: band.lo,
                mid: band.mid,
                hi: band.hi,
            });
        }
    }
    out
}

/// The day before `date`'s 28-day window begins, clamped at the calendar's start.
pub(super) fn window_start(date: NaiveDate) -> NaiveDate {
    date.checked_sub_days(Days::new(WINDOW_DAYS))
        .unwrap_or(NaiveDate::MIN)
}

/// The daily values of `first - 28 ..= last` as (date, value), which is
/// what the bands of `first..=last` need.
pub(super) fn values_with_history(
    store: &Store,
    metric: Metric,
    first: NaiveDate,
    last: NaiveDate,
    only: &[SourceId],
    priority: &SourcePriority,
) -> Result<Vec<DailyValue>> {
    daily_values(store, metric, window_start(first), last, only, priority)
}

/// Daily values as (date, value): the shape bands, flags and features work on.
pub(super) fn pairs(values: &[DailyValue]) -> Vec<(NaiveDate, f64)> {
    values.iter().map(|d| (d.date, d.value)).collect()
}

/// The baseline band of `metric` on each day of `first..=last` that has
/// one (at least 14 values in the 28 days before it). Daily values come
/// from `only` (every source when empty), each day from the best-ranked
/// source `priority` shows, as on the charts. Empty for metrics without a
/// baseline.
pub fn baseline_days(
    store: &Store,
    metric: Metric,
    first: NaiveDate,
    last: NaiveDate,
    only: &[SourceId],
    priority: &SourcePriority,
) -> Result<Vec<BandDay>> {
    if !has_baseline(metric) || first > last {
        return Ok(Vec::new());
    }
    let values = values_with_history(store, metric, first, last, only, priority)?;
    Ok(bands_from_values(metric, &pairs(&values), first, last))
}

/// The band behind each of a series' `points`: the band of the local day
/// the point falls on, or for a bucket of several days the median of its
/// days' bands (lo, mid and hi each). `None` for metrics without a baseline;
/// a point whose days have no band gets `None`.
pub fn bands_for_points(
    store: &Store,
    metric: Metric,
    (first, last): (NaiveDate, NaiveDate),
    points: &[Point],
    resolution: Resolution,
    zone: Zone,
    (only, priority): (&[SourceId], &SourcePriority),
) -> Result<Option<Vec<Option<Band>>>> {
    if !has_baseline(metric) {
        return Ok(None);
    }
    let days = baseline_days(store, metric, first, last, only, priority)?;
    Ok(Some(align(&days, points, resolution, zone)))
}

/// One band per point from the daily bands.
pub(super) fn align(
    days: &[BandDay],
    points: &[Point],
    resolution: Resolution,
    zone: Zone,
) -> Vec<Option<Band>> {
    let by_date: BTreeMap<NaiveDate, Band> = days.iter().map(|d| (d.date, d.band())).collect();
    points
        .iter()
        .map(|p| {
            let first = zone.local_date(p.t);
            let last = match resolution {
                // A day bucket covers its local days up to the one before `end`.
                Resolution::Days { .. } if p.end > p.t => zone.local_date(p.end - 1),
                _ => first,
            };
            let bands: Vec<Band> = by_date.range(first..=last).map(|(_, b)| *b).collect();
            median_band(&bands)
        })
        .collect()
}

fn median_band(bands: &[Band]) -> Option<Band> {
    match bands {
        [] => None,
        [one] => Some(*one),
        many => Some(Band {
            lo: median(many.iter().map(|b| b.lo).collect())?,
            mid: median(many.iter().map(|b| b.mid).collect())?,
            hi: median(many.iter().map(|b| b.hi).collect())?,
        }),
    }
}
