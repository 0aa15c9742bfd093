//! The flag rules: simple, stated, and each one a pure function over daily
//! values and their baseline bands, so a flag can always show the days and
//! the numbers that raised it.
//!
//! - Band rules: the daily value is outside the day's band (above or below)
//!   on 3 or more days running (consecutive local days, each with a value).
//! - Trend rules: on a day d, the median of d-27 ..= d moved from the median
//!   of the 28 days before that (d-55 ..= d-28) by more than a threshold;
//!   each median needs 8 values (two a week). Consecutive days on which it
//!   holds, in the same direction, make one flag.

use chrono::{Days, NaiveDate};

use super::baseline::bands_from_values;
use super::features::DailyCache;
use super::stats::median;
use super::{BandDay, Flag, FlagDay, InsightOptions, RuleId, RuleInfo, enabled};
use crate::metric::Metric;

/// Days running a band rule needs.
pub const RUN_DAYS: usize = 3;
/// A trend compares the 28 days up to a day with the 28 before them.
const TREND_DAYS: u64 = 28;
/// Days before the range the rules look at: a trend's two 28-day windows.
pub const HISTORY_DAYS: u64 = 2 * TREND_DAYS;
/// Values each 28-day median of a trend needs.
const MIN_TREND_VALUES: usize = 8;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Check {
    Above,
    Below,
    /// |change| > threshold, or ≥ when `inclusive`.
    Trend {
        threshold: f64,
        inclusive: bool,
    },
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Rule {
    id: RuleId,
    metric: Metric,
    check: Check,
    title: &'static str,
    rule_text: &'static str,
}

const RULES: &[Rule] = &[
    Rule {
        id: RuleId::RestingHrHigh,
        metric: Metric::RestingHeartRate,
        check: Check::Above,
        title: "Resting heart rate above your usual range",
        rule_text: "Resting heart rate above its usual range (the band from the 28 days before) 3 days running.",
    },
    Rule {
        id: RuleId::HrvLow,
        metric: Metric::HrvSdnn,
        check: Check::Below,
        title: "Heart rate variability below your usual range",
        rule_text: "Heart rate variability (SDNN) below its usual range (the band from the 28 days before) 3 days running.",
    },
    Rule {
        id: RuleId::SleepShort,
        metric: Metric::SleepDuration,
        check: Check::Below,
        title: "Less sleep than usual",
        rule_text: "Time asleep below its usual range (the band from the 28 nights before) 3 nights running.",
    },
    Rule {
        id: RuleId::SleepLong,
        metric: Metric::SleepDuration,
        check: Check::Above,
        title: "More sleep than usual",
        rule_text: "Time asleep above its usual range (the band from the 28 nights before) 3 nights running.",
    },
    Rule {
        id: RuleId::StepsLow,
        metric: Metric::Steps,
        check: Check::Below,
        title: "Fewer steps than usual",
        rule_text: "Steps below their usual range (the band from the 28 days before) 3 days running.",
    },
    Rule {
        id: RuleId::WeightTrend,
        metric: Metric::Weight,
        check: Check::Trend {
            threshold: 1.5,
            inclusive: false,
        },
        title: "Weight changed over four weeks",
        rule_text: "The median weight of the last 28 days differs by more than 1.5 kg from the median of the 28 days before.",
    },
    Rule {
        id: RuleId::RestingHrTrend,
        metric: Metric::RestingHeartRate,
        check: Check::Trend {
            threshold: 3.0,
            inclusive: true,
        },
        title: "Resting heart rate changed over four weeks",
        rule_text: "The median resting heart rate of the last 28 days differs by 3 bpm or more from the median of the 28 days before.",
    },
];

/// Every rule, as a settings page lists them.
pub fn rules() -> Vec<RuleInfo> {
    RULES
        .iter()
        .map(|r| RuleInfo {
            id: r.id,
            title: r.title.to_owned(),
            rule_text: r.rule_text.to_owned(),
        })
        .collect()
}

/// Flags of the enabled rules over `options.first..=options.last`, oldest first.
/// `daily` must reach [`HISTORY_DAYS`] before `options.first`.
pub fn flags(daily: &DailyCache, options: &InsightOptions) -> Vec<Flag> {
    let (first, last) = (options.first, options.last);
    let mut out = Vec::new();
    if first > last {
        return out;
    }
    for rule in RULES.iter().filter(|r| enabled(r.id, &options.disabled)) {
        let values = daily.get(&rule.metric).map_or(&[][..], Vec::as_slice);
        let runs = match rule.check {
            Check::Above | Check::Below => {
                let bands = bands_from_values(rule.metric, values, first, last);
                band_runs(values, &bands, rule.check == Check::Above, RUN_DAYS)
            }
            Check::Trend {
                threshold,
                inclusive,
            } => trend_runs(values, first, last, threshold, inclusive),
        };
        out.extend(runs.into_iter().map(|days| flag(rule, days)));
    }
    out.sort_by_key(|f| (f.first, f.rule));
    out
}

fn flag(rule: &Rule, days: Vec<FlagDay>) -> Flag {
    let (first, last) = (days.first().map(|d| d.date), days.last().map(|d| d.date));
    let title = match rule.check {
        Check::Trend { .. } => {
            let up = days.first().is_some_and(|d| d.value > d.mid);
            format!(
                "{} {} over four weeks",
                rule.metric.label(),
                if up { "up" } else { "down" }
            )
        }
        _ => rule.title.to_owned(),
    };
    Flag {
        rule: rule.id,
        metric: rule.metric,
        title,
        rule_text: rule.rule_text.to_owned(),
        first: first.unwrap_or_default(),
        last: last.unwrap_or_default(),
        days,
        unit: rule.metric.unit().to_owned(),
    }
}

/// Runs of at least `min_run` consecutive days whose value is above
/// (`above`) or below the day's band. `values` sorted by date; `bands` too.
pub(super) fn band_runs(
    values: &[(NaiveDate, f64)],
    bands: &[BandDay],
    above: bool,
    min_run: usize,
) -> Vec<Vec<FlagDay>> {
    let mut runs = Vec::new();
    let mut run: Vec<FlagDay> = Vec::new();
    let mut v = 0;
    for band in bands {
        while v < values.len() && values[v].0 < band.date {
            v += 1;
        }
        let value = values
            .get(v)
            .filter(|(d, _)| *d == band.date)
            .map(|(_, x)| *x);
        let outside = value.filter(|x| if above { *x > band.hi } else { *x < band.lo });
        let follows = run
            .last()
            .is_some_and(|prev| prev.date.succ_opt() == Some(band.date));
        if !follows || outside.is_none() {
            close(&mut run, &mut runs, min_run);
        }
        if let Some(value) = outside {
            run.push(FlagDay {
                date: band.date,
                value,
                lo: band.lo,
                mid: band.mid,
                hi: band.hi,
            });
        }
    }
    close(&mut run, &mut runs, min_run);
    runs
}

fn close(run: &mut Vec<FlagDay>, runs: &mut Vec<Vec<FlagDay>>, min_run: usize) {
    if run.len() >= min_run {
        runs.push(std::mem::take(run));
    } else {
        run.clear();
    }
}

/// Runs of consecutive days of `first..=last` on which the 28-day median
/// moved past `threshold` from the 28 days before, one run per direction.
/// Each day: value = the recent median, mid = the earlier one, lo/hi =
/// mid ∓ threshold.
pub(super) fn trend_runs(
    values: &[(NaiveDate, f64)],
    first: NaiveDate,
    last: NaiveDate,
    threshold: f64,
    inclusive: bool,
) -> Vec<Vec<FlagDay>> {
    let window = |from: NaiveDate, to: NaiveDate| -> Option<f64> {
        let lo = values.partition_point(|(d, _)| *d < from);
        let hi = values.partition_point(|(d, _)| *d <= to);
        let slice = values.get(lo..hi)?;
        if slice.len() < MIN_TREND_VALUES {
            return None;
        }
        median(slice.iter().map(|(_, v)| *v).collect())
    };
    let back = |d: NaiveDate, n: u64| d.checked_sub_days(Days::new(n));
    let mut runs = Vec::new();
    let mut run: Vec<FlagDay> = Vec::new();
    for date in first.iter_days().take_while(|d| *d <= last) {
        let day = (|| {
            let recent = window(back(date, TREND_DAYS - 1)?, date)?;
            let before = window(back(date, 2 * TREND_DAYS - 1)?, back(date, TREND_DAYS)?)?;
            let change = recent - before;
            let past = if inclusive {
                change.abs() >= threshold
            } else {
                change.abs() > threshold
            };
            past.then_some(FlagDay {
                date,
                value: recent,
                lo: before - threshold,
                mid: before,
                hi: before + threshold,
            })
        })();
        let same_direction = |a: &FlagDay, b: &FlagDay| (a.value > a.mid) == (b.value > b.mid);
        let follows = match (run.last(), &day) {
            (Some(prev), Some(d)) => {
                prev.date.succ_opt() == Some(d.date) && same_direction(prev, d)
            }
            _ => false,
        };
        if !follows {
            close(&mut run, &mut runs, 1);
        }
        if let Some(d) = day {
            run.push(d);
        }
    }
    close(&mut run, &mut runs, 1);
    runs
}
