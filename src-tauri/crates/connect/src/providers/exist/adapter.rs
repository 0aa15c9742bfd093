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

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        let path = format!("{}/tests/fixtures/exist/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn rows(within: Option<(NaiveDate, NaiveDate)>) -> Vec<(Metric, String, i64, f64)> {
        let (one, two) = (
            fixture("with-values-page1.json"),
            fixture("with-values-page2.json"),
        );
        let zone: Zone = "Europe/Paris".parse().unwrap();
        day_rows(&[&one, &two], zone, within)
            .unwrap()
            .into_iter()
            .map(|m| {
                let hours = (m.end.unwrap() - m.start) / 3600;
                (
                    m.metric,
                    healthdash_core::time::format_utc(m.start),
                    hours,
                    m.value,
                )
            })
            .collect()
    }

    #[test]
    fn two_pages_make_one_row_per_metric_and_day() {
        let got = rows(None);
        let find = |metric: Metric, start: &str| {
            got.iter()
                .find(|(m, s, _, _)| *m == metric && s == start)
                .map(|(_, _, h, v)| (*h, *v))
        };
        // Paris, clocks forward on 2025-03-30: a 23-hour day.
        assert_eq!(
            find(Metric::Steps, "2025-03-29T23:00:00Z"),
            Some((23, 4110.0))
        );
        assert_eq!(
            find(Metric::Steps, "2025-03-30T22:00:00Z"),
            Some((24, 8012.0))
        );
        // `null` is no row, never a zero.
        assert_eq!(find(Metric::Steps, "2025-03-28T23:00:00Z"), None);
        // Resting heart rate: `heartrate_resting` (page 2) wins over
        // `heartrate` (page 1); `heartrate` fills the days without it,
        // including one whose resting value is unreadable.
        assert_eq!(
            find(Metric::RestingHeartRate, "2025-03-30T22:00:00Z"),
            Some((24, 54.0))
        );
        assert_eq!(
            find(Metric::RestingHeartRate, "2025-03-29T23:00:00Z"),
            Some((23, 69.0))
        );
        assert_eq!(
            find(Metric::RestingHeartRate, "2025-03-28T23:00:00Z"),
            Some((24, 70.0))
        );
        // Body fat is a fraction; 21.4 cannot be one and is skipped.
        assert_eq!(
            find(Metric::BodyFatPercent, "2025-03-29T23:00:00Z"),
            Some((23, 21.4))
        );
        assert_eq!(find(Metric::BodyFatPercent, "2025-03-30T22:00:00Z"), None);
        // Sleep minutes → seconds; a value without `value` is skipped.
        assert_eq!(
            find(Metric::SleepDuration, "2025-03-30T22:00:00Z"),
            Some((24, 25_500.0))
        );
        assert_eq!(
            got.iter().filter(|r| r.0 == Metric::SleepDuration).count(),
            2
        );
        // Steps 2, resting heart rate 3, body fat 1, sleep 2.
        assert_eq!(got.len(), 8);
    }

    #[test]
    fn days_outside_the_window_are_left_alone() {
        let day: NaiveDate = "2025-03-31".parse().unwrap();
        assert!(
            rows(Some((day, day)))
                .iter()
                .all(|(_, s, _, _)| s == "2025-03-30T22:00:00Z")
        );
    }

    #[test]
    fn the_profile_names_the_zone_and_a_page_its_next_link() {
        let zone = profile_zone(br#"{"username":"josh","timezone":"Australia/Sydney","local_time":"2022-05-16T16:01:37.587301+10:00"}"#).unwrap();
        assert_eq!(zone, "Australia/Sydney".parse().unwrap());
        assert!(
            profile_zone(br#"{"timezone":"Mars/Base"}"#)
                .unwrap_err()
                .to_string()
                .contains("Mars/Base")
        );
        assert!(profile_zone(br#"{"username":"x"}"#).is_err());
        assert!(
            next_page(&fixture("with-values-page1.json"))
                .unwrap()
                .unwrap()
                .ends_with("page=2")
        );
        assert_eq!(next_page(&fixture("with-values-page2.json")).unwrap(), None);
        assert!(
            next_page(br#"{"count":0}"#).is_err(),
            "no results is a malformed page"
        );
    }
}
