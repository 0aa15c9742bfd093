//! `fitbit-data.json` (the Open Humans Fitbit integration) → records.
//!
//! A JSON object: `profile`, `activities-overview`, and one key per fetched
//! series, each holding Fitbit's raw answers by year (`"YYYY"`, the
//! `tracker-*` series) or by month (`"YYYY-MM"`, `heart`); a key not fetched
//! yet is `{}`. Dates are UTC days (CONTRACT §11): the file keeps no zone.
//!
//! | key | answer list | metric |
//! |---|---|---|
//! | `tracker-steps` | `activities-tracker-steps` | `steps` (days of `"0"` are days without data: skipped) |
//! | `tracker-calories` | `activities-tracker-calories` | `total_energy` (kcal, BMR included) |
//! | `heart` | `activities-heart` (`value.restingHeartRate`) | `resting_heart_rate` |

use std::collections::BTreeMap;

use chrono::NaiveDate;
use healthdash_core::Metric;
use healthdash_core::model::{Batch, Measurement};
use healthdash_core::time::{SECONDS_PER_DAY, Zone};
use serde::Deserialize;

/// Why a file cannot be read: not JSON, or not the expected shape.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("{0}")]
    Json(String),
    #[error("{0}")]
    Shape(String),
}

impl FileError {
    pub fn json(e: &serde_json::Error) -> FileError {
        let problem = if e.is_eof() {
            "truncated JSON"
        } else if e.is_syntax() {
            "not valid JSON"
        } else {
            "not the expected shape"
        };
        FileError::Json(format!(
            "{problem} at line {} column {}",
            e.line(),
            e.column()
        ))
    }

    pub fn shape(what: impl Into<String>) -> FileError {
        FileError::Shape(what.into())
    }
}

#[derive(Deserialize)]
struct FitbitFile {
    #[serde(rename = "tracker-steps", default)]
    steps: BTreeMap<String, DailyAnswer>,
    #[serde(rename = "tracker-calories", default)]
    calories: BTreeMap<String, DailyAnswer>,
    #[serde(default)]
    heart: BTreeMap<String, HeartAnswer>,
}

/// `{"activities-tracker-…": [{"dateTime": "YYYY-MM-DD", "value": "8512"}]}`.
#[derive(Deserialize)]
struct DailyAnswer {
    #[serde(
        rename = "activities-tracker-steps",
        alias = "activities-tracker-calories",
        default
    )]
    days: Vec<DayValue>,
}

#[derive(Deserialize)]
struct DayValue {
    #[serde(rename = "dateTime")]
    date: String,
    value: serde_json::Value,
}

#[derive(Deserialize)]
struct HeartAnswer {
    #[serde(rename = "activities-heart", default)]
    days: Vec<HeartDay>,
}

#[derive(Deserialize)]
struct HeartDay {
    #[serde(rename = "dateTime")]
    date: String,
    value: HeartValue,
}

#[derive(Deserialize)]
struct HeartValue {
    #[serde(rename = "restingHeartRate", default)]
    resting: Option<f64>,
}

/// Parses a whole file into `batch`. A row with a bad date or value is
/// skipped with a warning; the rest of the file is kept.
pub fn parse(bytes: &[u8], batch: &mut Batch) -> Result<(), FileError> {
    // serde would also take a JSON array for a struct; the file is an object.
    if bytes.trim_ascii_start().first() != Some(&b'{') {
        return Err(FileError::shape("a Fitbit file is a JSON object"));
    }
    let file: FitbitFile = serde_json::from_slice(bytes).map_err(|e| FileError::json(&e))?;
    let mut skipped = 0;
    let mut day_row =
        |metric: Metric, date: &str, value: Option<f64>| match (utc_day_start(date), value) {
            (Some(start), Some(v)) if v.is_finite() && v >= 0.0 => Some(Measurement::interval(
                metric,
                start,
                start + SECONDS_PER_DAY,
                v,
                Zone::UTC,
            )),
            _ => {
                skipped += 1;
                None
            }
        };
    for answer in file.steps.values() {
        for day in &answer.days {
            let value = number(&day.value);
            // Fitbit's "0" is a day without data (Open Humans' own
            // notebooks drop them); a stored 0 would pull averages down.
            if value == Some(0.0) {
                continue;
            }
            batch
                .measurements
                .extend(day_row(Metric::Steps, &day.date, value));
        }
    }
    for answer in file.calories.values() {
        for day in &answer.days {
            let value = number(&day.value);
            if value == Some(0.0) {
                continue;
            }
            batch
                .measurements
                .extend(day_row(Metric::TotalEnergy, &day.date, value));
        }
    }
    for answer in file.heart.values() {
        for day in &answer.days {
            // Days without a resting rate simply have none.
            if let Some(rate) = day.value.resting {
                batch
                    .measurements
                    .extend(day_row(Metric::RestingHeartRate, &day.date, Some(rate)));
            }
        }
    }
    if skipped > 0 {
        tracing::warn!(
            skipped,
            "Fitbit file: skipped rows with a bad date or value"
        );
    }
    Ok(())
}

/// `"8512"` or `8512`.
fn number(value: &serde_json::Value) -> Option<f64> {
    match value {
        serde_json::Value::String(s) => s.trim().parse().ok(),
        serde_json::Value::Number(n) => n.as_f64(),
        _ => None,
    }
}

/// Midnight UTC of `YYYY-MM-DD` (CONTRACT §11: Fitbit days in these files are UTC days).
fn utc_day_start(date: &str) -> Option<i64> {
    let day = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    Some(day.and_time(chrono::NaiveTime::MIN).and_utc().timestamp())
}

#[cfg(test)]
mod tests {
    use healthdash_core::source::SourceId;

    use super::*;

    fn parsed(json: &str) -> Result<Batch, FileError> {
        let mut batch = Batch::new("openhumans".parse::<SourceId>().unwrap());
        parse(json.as_bytes(), &mut batch).map(|()| batch)
    }

    fn rows(batch: &Batch, metric: Metric) -> Vec<(i64, i64, f64)> {
        batch
            .measurements
            .iter()
            .filter(|m| m.metric == metric)
            .map(|m| (m.start, m.end.unwrap_or(m.start), m.value))
            .collect()
    }

    const FILE: &str = r#"{
        "profile": {"user": {"displayName": "A", "weightUnit": "METRIC"}},
        "activities-overview": {},
        "tracker-steps": {"2026": {"activities-tracker-steps": [
            {"dateTime": "2026-11-20", "value": "8512"},
            {"dateTime": "2026-11-21", "value": "0"}]}},
        "tracker-calories": {"2026": {"activities-tracker-calories": [
            {"dateTime": "2026-11-20", "value": "2411"}]}},
        "tracker-distance": {},
        "heart": {"2026-11": {"activities-heart": [
            {"dateTime": "2026-11-20", "value": {"customHeartRateZones": [], "heartRateZones": [], "restingHeartRate": 61}},
            {"dateTime": "2026-11-21", "value": {"customHeartRateZones": [], "heartRateZones": []}}]}},
        "weight-log": {}
    }"#;

    #[test]
    fn steps_calories_and_resting_rate_on_utc_days() {
        let batch = parsed(FILE).unwrap();
        let day = 1_795_132_800; // 2026-11-20T00:00:00Z
        assert_eq!(
            rows(&batch, Metric::Steps),
            vec![(day, day + 86_400, 8512.0)],
            "the \"0\" day is a day without data"
        );
        assert_eq!(
            rows(&batch, Metric::TotalEnergy),
            vec![(day, day + 86_400, 2411.0)]
        );
        assert_eq!(
            rows(&batch, Metric::RestingHeartRate),
            vec![(day, day + 86_400, 61.0)]
        );
    }

    #[test]
    fn a_bad_row_is_skipped_and_the_rest_kept() {
        let batch = parsed(
            r#"{"tracker-steps": {"2026": {"activities-tracker-steps": [
                {"dateTime": "20-11-2026", "value": "1"}, {"dateTime": "2026-11-22", "value": "many"},
                {"dateTime": "2026-11-23", "value": 4000}]}}}"#,
        )
        .unwrap();
        assert_eq!(rows(&batch, Metric::Steps).len(), 1);
    }

    #[test]
    fn not_json_or_not_an_object_is_unreadable() {
        assert!(matches!(
            parsed("{\"tracker-steps\": {"),
            Err(FileError::Json(_))
        ));
        assert!(parsed("[]").is_err());
        assert!(
            parsed(r#"{"heart": {"2026-11": {"activities-heart": [{"dateTime": "2026-11-20"}]}}}"#)
                .is_err()
        );
    }
}
