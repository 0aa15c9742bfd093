//! Human API's answers as serde reads them: a page is a JSON array of
//! records. Only the fields Healthdash uses are named; the service sends
//! more (`humanId`, `sourceData`, `userId`, …), which serde skips.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Deserialize;

/// A discrete reading (`/v1/human/<type>/readings`).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reading {
    pub id: String,
    /// UTC with milliseconds (`2025-03-01T07:12:00.000Z`).
    pub timestamp: DateTime<FixedOffset>,
    #[serde(default)]
    pub tz_offset: Option<String>,
    /// A number, or `{systolic, diastolic}` for blood pressure.
    pub value: serde_json::Value,
    #[serde(default)]
    pub unit: Option<String>,
    /// The device or app behind the record (`withings`, `fitbit`, …).
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub updated_at: Option<DateTime<FixedOffset>>,
}

/// A night (`/v1/human/sleeps`); durations in minutes.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Sleep {
    pub id: String,
    pub start_time: DateTime<FixedOffset>,
    pub end_time: DateTime<FixedOffset>,
    #[serde(default)]
    pub tz_offset: Option<String>,
    #[serde(default)]
    pub time_asleep: Option<f64>,
    #[serde(default)]
    pub time_awake: Option<f64>,
    #[serde(default)]
    pub time_to_fall_asleep: Option<f64>,
    #[serde(default)]
    pub times_awoken: Option<u32>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub updated_at: Option<DateTime<FixedOffset>>,
}

/// A day's activity (`/v1/human/activities/summaries`): distance in
/// metres, calories in kcal, the rest in seconds.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub id: String,
    /// A local date.
    pub date: NaiveDate,
    #[serde(default)]
    pub tz_offset: Option<String>,
    #[serde(default)]
    pub steps: Option<f64>,
    #[serde(default)]
    pub distance: Option<f64>,
    #[serde(default)]
    pub calories: Option<f64>,
    /// Present when a source says which energy it means (no source seen so
    /// far does): `active` or `total`.
    #[serde(default)]
    pub calories_type: Option<String>,
    #[serde(default)]
    pub light: Option<f64>,
    #[serde(default)]
    pub moderate: Option<f64>,
    #[serde(default)]
    pub vigorous: Option<f64>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub updated_at: Option<DateTime<FixedOffset>>,
}
