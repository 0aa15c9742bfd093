//! Exist answers → Healthdash records, pure (no I/O): they run on fresh
//! answers and on stored ones after a parser change.
//!
//! - The profile's `timezone` is the zone of every Exist date: a day's row
//!   starts at local midnight there and ends at the next (23–25 h on DST days).
//! - One row per (metric, local day); a `null` value is a day without data and
//!   gives no row (never a zero).
//! - A page that is not JSON or has no `results` fails (the stream keeps what
//!   it stored); an attribute or a value that cannot be read is skipped with a
//!   warning and the rest is kept.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use healthdash_core::metric::Metric;
use healthdash_core::model::Measurement;
use healthdash_core::time::Zone;

use super::wire::{Attribute, DayValue, Page, Profile};

/// One line naming what could not be read.
#[derive(Debug, thiserror::Error)]
#[error("Exist {what}: {reason}")]
pub struct ParseError {
    pub what: &'static str,
    pub reason: String,
}

fn json<'a, T: serde::Deserialize<'a>>(
    what: &'static str,
    bytes: &'a [u8],
) -> Result<T, ParseError> {
    serde_json::from_slice(bytes).map_err(|e| ParseError {
        what,
        reason: e.to_string(),
    })
}

/// The profile's time zone.
pub fn profile_zone(bytes: &[u8]) -> Result<Zone, ParseError> {
    let profile: Profile = json("profile", bytes)?;
    let name = profile.timezone.ok_or_else(|| ParseError {
        what: "profile",
        reason: "no 'timezone'".into(),
    })?;
    name.parse::<Zone>().map_err(|_| ParseError {
        what: "profile",
        reason: format!("unknown time zone '{name}'"),
    })
}

/// The `next` link of a page, if there is one.
pub fn next_page(bytes: &[u8]) -> Result<Option<String>, ParseError> {
    let page: Page = json("with-values", bytes)?;
    Ok(page.next.filter(|n| !n.is_empty()))
}

/// How one Exist attribute becomes a metric.
#[derive(Clone, Copy, Debug)]
pub struct Mapping {
    pub attribute: &'static str,
    pub metric: Metric,
    /// Exist's unit → the metric's; `None` for a value that cannot be right.
    pub convert: fn(f64) -> Option<f64>,
}

/// Heart rate Exist got from an older integration: resting heart rate on the
/// days that have no `heartrate_resting`.
pub const OLD_HEART_RATE: &str = "heartrate";

/// The attributes Healthdash reads, and their metrics (README "How Exist is read").
pub const MAPPINGS: &[Mapping] = &[
    Mapping {
        attribute: "steps",
        metric: Metric::Steps,
        convert: non_negative,
    },
    Mapping {
        attribute: "active_energy",
        metric: Metric::ActiveEnergy,
        // kJ → kcal.
        convert: |kj| non_negative(kj).map(|kj| kj / 4.184),
    },
    Mapping {
        attribute: "sleep",
        metric: Metric::SleepDuration,
        // Minutes → seconds.
        convert: |min| non_negative(min).map(|min| min * 60.0),
    },
    Mapping {
        attribute: "weight",
        metric: Metric::Weight,
        convert: positive,
    },
    Mapping {
        attribute: "body_fat",
        metric: Metric::BodyFatPercent,
        // A fraction 0–1 → %. Exist does not check the range, so 21.4 sent
        // by mistake is refused here rather than stored as 2140 %.
        convert: |f| (0.0..=1.0).contains(&f).then_some(f * 100.0),
    },
    Mapping {
        attribute: "heartrate_resting",
        metric: Metric::RestingHeartRate,
        convert: positive,
    },
    Mapping {
        attribute: OLD_HEART_RATE,
        metric: Metric::RestingHeartRate,
        convert: positive,
    },
    Mapping {
        attribute: "mood",
        metric: Metric::Mood,
        // Exist's scale type: whole numbers 1–9.
        convert: |m| (1.0..=9.0).contains(&m).then_some(m),
    },
    Mapping {
        attribute: "productive_min",
        metric: Metric::ProductiveTime,
        convert: |min| non_negative(min).map(|min| min * 60.0),
    },
];

/// The `attributes=` filter of every request: the mapped names, in order.
pub fn attribute_filter() -> String {
    MAPPINGS
        .iter()
        .map(|m| m.attribute)
        .collect::<Vec<_>>()
        .join(",")
}

fn non_negative(v: f64) -> Option<f64> {
    (v.is_finite() && v >= 0.0).then_some(v)
}

fn positive(v: f64) -> Option<f64> {
    (v.is_finite() && v > 0.0).then_some(v)
}

/// The record id of a day: every metric of one Exist date shares it, so a
/// re-read date replaces all of that day's rows together.
pub const DAY_RECORD_PREFIX: &str = "day:";

/// Rows of one window, from all its pages (`parts`): one per metric and
/// local day of `zone`. Days outside `within` (when given) are ignored, so
/// a page that answers more days than asked cannot move other days.
pub fn day_rows(
    pages: &[&[u8]],
    zone: Zone,
    within: Option<(NaiveDate, NaiveDate)>,
) -> Result<Vec<Measurement>, ParseError> {
    // (metric, date) → value; `heartrate_resting` wins over `heartrate`
    // whatever page either comes on.
    let mut values: BTreeMap<(Metric, NaiveDate), f64> = BTreeMap::new();
    let mut resting_days: BTreeSet<NaiveDate> = BTreeSet::new();
    let mut old_heart_rate: Vec<(NaiveDate, f64)> = Vec::new();
    for bytes in pages {
        let page: Page = json("with-values", bytes)?;
        for (index, raw) in page.results.into_iter().enumerate() {
            let attribute: Attribute = match serde_json::from_value(raw) {
                Ok(a) => a,
                Err(error) => {
                    tracing::warn!(row = index + 1, %error, "Exist with-values: skipping an unreadable attribute");
                    continue;
                }
            };
            let Some(mapping) = MAPPINGS.iter().find(|m| m.attribute == attribute.name) else {
                continue;
            };
            for (date, value) in day_values(&attribute) {
                if within.is_some_and(|(first, last)| date < first || date > last) {
                    continue;
                }
                let Some(value) = (mapping.convert)(value) else {
                    tracing::warn!(attribute = mapping.attribute, %date, value, "Exist with-values: skipping an impossible value");
                    continue;
                };
                if mapping.attribute == OLD_HEART_RATE {
                    old_heart_rate.push((date, value));
                    continue;
                }
                if mapping.metric == Metric::RestingHeartRate {
                    resting_days.insert(date);
                }
                values.insert((mapping.metric, date), value);
            }
        }
    }
    for (date, value) in old_heart_rate {
        if !resting_days.contains(&date) {
            values.insert((Metric::RestingHeartRate, date), value);
        }
    }
    Ok(values
        .into_iter()
        .map(|((metric, date), value)| {
            let (start, end) = zone.day_bounds(date);
            Measurement::interval(metric, start, end, value, zone)
                .with_record_id(format!("{DAY_RECORD_PREFIX}{date}"))
        })
        .collect())
}

/// An attribute's days that have a number; `null` days are skipped
/// silently (no data), unreadable ones with a warning.
fn day_values(attribute: &Attribute) -> Vec<(NaiveDate, f64)> {
    let mut out = Vec::new();
    for raw in &attribute.values {
        let day: DayValue = match serde_json::from_value(raw.clone()) {
            Ok(d) => d,
            Err(error) => {
                tracing::warn!(attribute = %attribute.name, %error, "Exist with-values: skipping an unreadable value");
                continue;
            }
        };
        if day.value.is_null() {
            continue;
        }
        let Ok(date) = NaiveDate::parse_from_str(&day.date, "%Y-%m-%d") else {
            tracing::warn!(attribute = %attribute.name, date = %day.date, "Exist with-values: skipping a value with an unreadable date");
            continue;
        };
        match number(&day.value) {
            Some(v) => out.push((date, v)),
            None => {
                tracing::warn!(attribute = %attribute.name, %date, value = %day.value, "Exist with-values: skipping a value that is not a number")
            }
        }
    }
    out
}

/// A JSON number, or a numeric string (Exist's string-typed values are not
/// mapped, but a number sent as text is still the number).
fn number(value: &serde_json::Value) -> Option<f64> {
    match value {
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|v: &f64| v.is_finite())
}
