//! Personicle answers → records, pure.
//!
//! - Datastream records `{individual_id, timestamp, source, value, unit,
//!   confidence}` become point samples (heart rate in bpm, weight in kg).
//! - Events `{user_id, start_time, end_time, event_name, source, parameters,
//!   unique_event_id}` become workouts (value = end − start; never
//!   `parameters.duration`, which is milliseconds from Google Fit and
//!   seconds from Fitbit), and `sleep` events nights whose per-night totals
//!   come from the parameters Fitbit's importer writes.
//! - Times carry no offset and are UTC instants (CONTRACT §11); CSV has
//!   second precision, so fractions are floored.
//!
//! A record that cannot be read is skipped with a warning; the rest of the
//! answer is kept. An answer that is not a list fails the page.

use chrono::{DateTime, NaiveDateTime};
use healthdash_core::model::NightTotals;
use healthdash_core::{Measurement, Metric, SleepNight, Workout, Zone};
use serde::Deserialize;
use serde_json::Value;

/// Record-id prefixes: one kind of record each, so that a window's answer
/// can say which stored records it holds in full (deletions).
pub const HEART_RATE_PREFIX: &str = "hr:";
pub const WEIGHT_PREFIX: &str = "wt:";
pub const EVENT_PREFIX: &str = "evt:";

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ParseError(String);

/// A datatype we read, and what it becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Datatype {
    /// The `datatype` parameter, which is also the scope it needs.
    pub name: &'static str,
    pub metric: Metric,
    /// The unit Personicle's data dictionary gives it.
    pub unit: &'static str,
    pub record_prefix: &'static str,
}

pub const HEART_RATE: Datatype = Datatype {
    name: "com.personicle.individual.datastreams.heartrate",
    metric: Metric::HeartRate,
    unit: "bpm",
    record_prefix: HEART_RATE_PREFIX,
};

pub const WEIGHT: Datatype = Datatype {
    name: "com.personicle.individual.datastreams.weight",
    metric: Metric::Weight,
    unit: "kilogram",
    record_prefix: WEIGHT_PREFIX,
};

#[derive(Debug, Deserialize)]
struct DatastreamRecord {
    timestamp: String,
    #[serde(default)]
    source: Option<String>,
    value: Value,
    #[serde(default)]
    unit: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Event {
    start_time: String,
    end_time: String,
    event_name: String,
    #[serde(default)]
    parameters: Value,
    #[serde(default)]
    unique_event_id: Option<String>,
}

/// The records of one answer; unreadable ones skipped with a warning.
fn records<T: for<'de> Deserialize<'de>>(body: &[u8], what: &str) -> Result<Vec<T>, ParseError> {
    let items: Vec<Value> = serde_json::from_slice(body)
        .map_err(|e| ParseError(format!("the answer is not a list of records ({e})")))?;
    Ok(items
        .into_iter()
        .enumerate()
        .filter_map(|(index, item)| match serde_json::from_value(item) {
            Ok(record) => Some(record),
            Err(error) => {
                tracing::warn!(what, index, %error, "skipping an unreadable Personicle record");
                None
            }
        })
        .collect())
}

/// A Personicle time: ISO without an offset (UTC), with or without a
/// fraction; an offset, if one is ever sent, is honoured.
pub fn parse_time(text: &str) -> Option<i64> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.timestamp());
    }
    ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
        .map(|t| t.and_utc().timestamp())
}

fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|v: &f64| v.is_finite())
}

/// Samples of `datatype` from a datastreams answer.
pub fn datastream(body: &[u8], datatype: &Datatype) -> Result<Vec<Measurement>, ParseError> {
    let mut out = Vec::new();
    for record in records::<DatastreamRecord>(body, datatype.name)? {
        let (Some(at), Some(value)) = (parse_time(&record.timestamp), number(&record.value)) else {
            tracing::warn!(
                datatype = datatype.name,
                "skipping a Personicle sample without a readable time or value"
            );
            continue;
        };
        if let Some(unit) = record.unit.as_deref()
            && !unit.eq_ignore_ascii_case(datatype.unit)
        {
            tracing::warn!(
                datatype = datatype.name,
                unit,
                "skipping a Personicle sample in an unexpected unit"
            );
            continue;
        }
        let mut sample = Measurement::sample(datatype.metric, at, value, Zone::UTC)
            .with_record_id(format!("{}{at}", datatype.record_prefix));
        if let Some(origin) = record.source.filter(|s| !s.is_empty()) {
            sample = sample.with_detail(origin);
        }
        out.push(sample);
    }
    Ok(out)
}

/// What an events answer holds.
#[derive(Debug, Default, PartialEq)]
pub struct Events {
    pub workouts: Vec<Workout>,
    pub nights: Vec<SleepNight>,
}

/// Workouts and nights from an events answer.
pub fn events(body: &[u8]) -> Result<Events, ParseError> {
    let mut out = Events::default();
    for event in records::<Event>(body, "events")? {
        let (Some(start), Some(end)) = (parse_time(&event.start_time), parse_time(&event.end_time))
        else {
            tracing::warn!("skipping a Personicle event without readable times");
            continue;
        };
        if end <= start {
            tracing::warn!("skipping a Personicle event that ends before it starts");
            continue;
        }
        let record_id = event
            .unique_event_id
            .as_deref()
            .filter(|id| !id.is_empty())
            .map_or_else(
                || format!("{EVENT_PREFIX}{start}-{}", event.event_name),
                |id| format!("{EVENT_PREFIX}{id}"),
            );
        let parameters = parameters(event.parameters);
        let name = event.event_name.trim();
        if name.eq_ignore_ascii_case("sleep") {
            let totals = night_totals(&parameters);
            if totals == NightTotals::default() {
                // Google Fit's sleep sessions carry no totals: nothing to chart.
                continue;
            }
            out.nights.push(SleepNight {
                start,
                end,
                zone: Zone::UTC,
                stages: Vec::new(),
                totals,
                record_id: Some(record_id),
                detail: None,
            });
        } else if name.to_ascii_lowercase().starts_with("sleep.stages") {
            // Stage events of the same night carry no night of their own;
            // their night comes as a `sleep` event.
            continue;
        } else {
            let kind = parameters
                .get("activityName")
                .and_then(Value::as_str)
                .filter(|s| !s.trim().is_empty())
                .unwrap_or(name);
            out.workouts.push(Workout {
                start,
                end,
                zone: Zone::UTC,
                kind: kind.to_owned(),
                energy_kcal: None,
                distance_m: None,
                record_id: Some(record_id),
            });
        }
    }
    Ok(out)
}

/// `parameters` as an object; some rows hold it as a JSON text.
fn parameters(value: Value) -> serde_json::Map<String, Value> {
    match value {
        Value::Object(map) => map,
        Value::String(text) => serde_json::from_str(&text).unwrap_or_default(),
        _ => serde_json::Map::new(),
    }
}

/// The totals Fitbit's importer writes (minutes): only those present.
fn night_totals(parameters: &serde_json::Map<String, Value>) -> NightTotals {
    let seconds = |name: &str| {
        parameters
            .get(name)
            .and_then(number)
            .filter(|m| *m >= 0.0)
            .map(|minutes| (minutes * 60.0).round() as i64)
    };
    NightTotals {
        asleep: seconds("minutes_asleep"),
        awake: seconds("minutes_awake"),
        latency: seconds("sleep_latency"),
        ..NightTotals::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_without_an_offset_are_utc_and_floored_to_the_second() {
        assert_eq!(parse_time("2026-11-20T14:05:00"), Some(1_795_183_500));
        assert_eq!(
            parse_time("2026-11-20T14:05:00.250000"),
            Some(1_795_183_500)
        );
        assert_eq!(
            parse_time("2026-11-20 14:05:00.999999"),
            Some(1_795_183_500)
        );
        assert_eq!(parse_time("2026-11-20T15:05:00+01:00"), Some(1_795_183_500));
        assert_eq!(parse_time("yesterday"), None);
    }

    #[test]
    fn heart_rate_and_weight_samples_keep_their_origin() {
        let body = br#"[
          {"individual_id":"00u1","timestamp":"2026-11-20T14:05:00","source":"google-fit","value":72,"unit":"bpm","confidence":null},
          {"individual_id":"00u1","timestamp":"2026-11-20T14:06:00.500000","source":"fitbit","value":"74","unit":"bpm","confidence":null},
          {"individual_id":"00u1","timestamp":"not a time","source":"fitbit","value":75,"unit":"bpm"},
          {"individual_id":"00u1","source":"fitbit","value":75}
        ]"#;
        let samples = datastream(body, &HEART_RATE).unwrap();
        assert_eq!(samples.len(), 2, "two unreadable records skipped");
        assert_eq!(samples[0].metric, Metric::HeartRate);
        assert_eq!((samples[0].start, samples[0].value), (1_795_183_500, 72.0));
        assert_eq!(samples[0].detail.as_deref(), Some("google-fit"));
        assert_eq!(samples[1].value, 74.0);
        assert_eq!(samples[1].record_id.as_deref(), Some("hr:1795183560"));

        let weights = datastream(
            br#"[{"timestamp":"2026-11-20T07:00:00","source":"withings","value":71.35,"unit":"kilogram"}]"#,
            &WEIGHT,
        )
        .unwrap();
        assert_eq!(weights[0].metric, Metric::Weight);
        assert_eq!(weights[0].value, 71.35);
    }

    #[test]
    fn a_page_that_is_not_a_list_fails() {
        assert!(datastream(br#"{"detail":"nope"}"#, &HEART_RATE).is_err());
        assert!(events(b"[").is_err());
    }

    #[test]
    fn workouts_last_from_start_to_end_whatever_parameters_duration_says() {
        // The seed's example: Google Fit, duration in milliseconds.
        let body = br#"[
          {"user_id":"003vx","start_time":"2022-03-16T00:20:00","end_time":"2022-03-16T00:40:00","event_name":"Walking","source":"google-fit",
           "parameters":{"duration":1200000,"source_device":{"packageName":"com.google.android.apps.fitness","version":"","detailsUrl":""}},
           "unique_event_id":"8821-12c-b23h-00"},
          {"user_id":"003vx","start_time":"2022-03-17T18:00:00","end_time":"2022-03-17T18:45:30.500000","event_name":"exercise","source":"fitbit",
           "parameters":"{\"duration\": 2730, \"activityName\": \"Run\"}","unique_event_id":"fb-1"}
        ]"#;
        let got = events(body).unwrap();
        assert_eq!(got.workouts.len(), 2);
        let walk = got.workouts[0].measurement();
        assert_eq!(
            (walk.value, walk.detail.as_deref()),
            (1200.0, Some("Walking"))
        );
        assert_eq!(walk.record_id.as_deref(), Some("evt:8821-12c-b23h-00"));
        let run = got.workouts[1].measurement();
        assert_eq!((run.value, run.detail.as_deref()), (2730.0, Some("Run")));
    }

    #[test]
    fn sleep_events_give_the_per_night_totals_they_carry() {
        let body = br#"[
          {"user_id":"u","start_time":"2026-11-19T22:30:00","end_time":"2026-11-20T06:30:00","event_name":"sleep","source":"fitbit",
           "parameters":{"minutes_asleep":431,"minutes_awake":37,"sleep_latency":12,"efficiency":91},"unique_event_id":"s-1"},
          {"user_id":"u","start_time":"2026-11-20T22:30:00","end_time":"2026-11-21T06:00:00","event_name":"sleep","source":"google-fit",
           "parameters":{},"unique_event_id":"s-2"},
          {"user_id":"u","start_time":"2026-11-20T23:00:00","end_time":"2026-11-20T23:30:00","event_name":"sleep.stages.light","source":"fitbit",
           "parameters":{},"unique_event_id":"s-3"}
        ]"#;
        let got = events(body).unwrap();
        assert!(got.workouts.is_empty());
        assert_eq!(
            got.nights.len(),
            1,
            "no totals, no night; stage events are not nights"
        );
        let rows = got.nights[0].measurements();
        let value = |metric| rows.iter().find(|m| m.metric == metric).map(|m| m.value);
        assert_eq!(value(Metric::SleepDuration), Some(431.0 * 60.0));
        assert_eq!(value(Metric::SleepAwakeDuration), Some(37.0 * 60.0));
        assert_eq!(value(Metric::SleepLatency), Some(12.0 * 60.0));
        assert_eq!(value(Metric::SleepDeepDuration), None);
        assert_eq!(rows[0].start, parse_time("2026-11-19T22:30:00").unwrap());
    }
}
