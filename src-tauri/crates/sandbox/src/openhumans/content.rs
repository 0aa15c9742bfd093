//! The member's files, shaped as the public integrations write them:
//!
//! - `nokiahealthdata.json` (OpenHumans/oh-withings-integration
//!   `datauploader/tasks.py` since 2018-05-21): one parsed Withings answer per
//!   key; `intraday` holds the error answer the integration's malformed URL
//!   gets; re-fetched days are appended to the arrays (`update_nokia`:
//!   `existing_entries + new_entries`), so the later entry is the truth.
//! - `nokia_data_YYYYMMDD` (the same integration, May 2018): each key an
//!   array of answer texts, one per fetch window.
//! - `fitbit-data.json` (OpenHumans/oh-fitbit-integration
//!   `fetch_fitbit_data`): raw Fitbit answers by year (`tracker-*`) or month
//!   (`heart`); keys not fetched yet are `{}`.
//! - a 23andMe genome and a RunKeeper GPS file: kinds Healthdash skips.

use chrono::{Datelike, Days, NaiveDate};
use serde_json::{Map, Value, json};

use crate::withings::config::WithingsConfig;
use crate::withings::{Params, Shared};

/// One day of the Fitbit file (the truth tests compare against).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FitbitDay {
    pub date: NaiveDate,
    /// 0 is what Fitbit reports for a day without data.
    pub steps: u32,
    pub calories: u32,
    pub resting_heart_rate: Option<u32>,
}

/// A steps value the Withings file's appended re-fetch corrected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CorrectedDay {
    pub date: NaiveDate,
    pub steps: i64,
}

/// The Withings data behind `nokiahealthdata.json`, as a Withings fake
/// would serve it.
pub(crate) fn withings_shared(seed: u64, until: NaiveDate, days: u32) -> Shared {
    Shared::new(WithingsConfig {
        seed,
        until,
        days,
        // One answer holds everything, as the integration's file does.
        page_size: usize::MAX / 2,
        rate_limit_per_minute: 0,
        ..WithingsConfig::default()
    })
}

fn params(pairs: &[(&str, String)]) -> Params {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

fn answer(shared: &Shared, action: &str, pairs: &[(&str, String)]) -> Value {
    crate::withings::api::stored_answer(shared, action, &params(pairs))
}

/// `nokiahealthdata.json`, and the days whose steps its appended re-fetch
/// corrected.
pub(crate) fn withings_current(shared: &Shared) -> (Vec<u8>, Vec<CorrectedDay>) {
    let all = [("lastupdate", "0".to_owned())];
    let mut activity = answer(shared, "getactivity", &all);
    let corrected = append_refetch(&mut activity);
    let mut sleep_series: Vec<Value> = Vec::new();
    for night in shared.data.nights() {
        let got = answer(
            shared,
            "get",
            &[
                ("startdate", night.startdate.to_string()),
                ("enddate", night.enddate.to_string()),
                ("data_fields", "hr".to_owned()),
            ],
        );
        if let Some(items) = got.pointer("/body/series").and_then(Value::as_array) {
            sleep_series.extend(items.iter().cloned());
        }
    }
    let file = json!({
        "activity": activity,
        "measure": answer(shared, "getmeas", &[]),
        "intraday": {"status": 2554, "error": "Wrong action or wrong webservice"},
        "sleep": {"status": 0, "body": {"series": sleep_series, "model": 32}},
        "sleep_summary": answer(shared, "getsummary", &all),
        "workouts": answer(shared, "getworkouts", &all),
    });
    (serde_json::to_vec(&file).unwrap_or_default(), corrected)
}

/// Appends a re-fetch of the last three days with more steps: the later
/// entry is the one that counts.
fn append_refetch(activity: &mut Value) -> Vec<CorrectedDay> {
    let Some(list) = activity
        .pointer_mut("/body/activities")
        .and_then(Value::as_array_mut)
    else {
        return Vec::new();
    };
    let again: Vec<Value> = list.iter().rev().take(3).rev().cloned().collect();
    let mut corrected = Vec::new();
    for mut day in again {
        let steps = day.get("steps").and_then(Value::as_i64).unwrap_or(0) + 250;
        if let Some(map) = day.as_object_mut() {
            map.insert("steps".into(), json!(steps));
        }
        if let Some(date) = day
            .get("date")
            .and_then(Value::as_str)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        {
            corrected.push(CorrectedDay { date, steps });
        }
        list.push(day);
    }
    corrected
}

/// `nokia_data_YYYYMMDD`: answers as texts, the weigh-ins in two windows.
pub(crate) fn withings_legacy(shared: &Shared) -> Vec<u8> {
    let first = shared.data.first_day();
    let middle = first + Days::new(7);
    let unix = |d: NaiveDate| {
        d.and_hms_opt(0, 0, 0)
            .map_or(0, |t| t.and_utc().timestamp())
    };
    let window = |from: NaiveDate, to: NaiveDate| {
        answer(
            shared,
            "getmeas",
            &[
                ("startdate", unix(from).to_string()),
                ("enddate", (unix(to) - 1).to_string()),
            ],
        )
        .to_string()
    };
    let last = shared.data.last_day() + Days::new(1);
    let file = json!({
        "measure": [window(first, middle), window(middle, last)],
        "activity": [answer(shared, "getactivity", &[("lastupdate", "0".to_owned())]).to_string()],
    });
    serde_json::to_vec(&file).unwrap_or_default()
}

/// The Fitbit days, deterministic from `seed`.
pub(crate) fn fitbit_days(seed: u64, until: NaiveDate, days: u32) -> Vec<FitbitDay> {
    (1..=u64::from(days))
        .rev()
        .filter_map(|back| until.checked_sub_days(Days::new(back)))
        .map(|date| {
            let n = u64::try_from(date.num_days_from_ce()).unwrap_or(0);
            let mix = splitmix(seed ^ n);
            FitbitDay {
                date,
                // Every ninth day the tracker was not worn: Fitbit says "0".
                steps: if n.is_multiple_of(9) {
                    0
                } else {
                    2_000 + (mix % 12_000) as u32
                },
                calories: 1_700 + ((mix >> 16) % 1_300) as u32,
                resting_heart_rate: (!n.is_multiple_of(11))
                    .then_some(54 + ((mix >> 32) % 14) as u32),
            }
        })
        .collect()
}

fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// `fitbit-data.json` for `days`.
pub(crate) fn fitbit_file(days: &[FitbitDay]) -> Vec<u8> {
    let mut steps: Map<String, Value> = Map::new();
    let mut calories: Map<String, Value> = Map::new();
    let mut heart: Map<String, Value> = Map::new();
    for day in days {
        let year = day.date.year().to_string();
        let month = day.date.format("%Y-%m").to_string();
        let date = day.date.format("%Y-%m-%d").to_string();
        push(
            &mut steps,
            &year,
            "activities-tracker-steps",
            json!({"dateTime": date, "value": day.steps.to_string()}),
        );
        push(
            &mut calories,
            &year,
            "activities-tracker-calories",
            json!({"dateTime": date, "value": day.calories.to_string()}),
        );
        let mut value = json!({
            "customHeartRateZones": [],
            "heartRateZones": [
                {"caloriesOut": 1621.1, "max": 94, "min": 30, "minutes": 1280, "name": "Out of Range"},
                {"caloriesOut": 412.6, "max": 131, "min": 94, "minutes": 95, "name": "Fat Burn"},
                {"caloriesOut": 61.2, "max": 159, "min": 131, "minutes": 6, "name": "Cardio"},
                {"caloriesOut": 0, "max": 220, "min": 159, "minutes": 0, "name": "Peak"}
            ]
        });
        if let (Some(rate), Some(map)) = (day.resting_heart_rate, value.as_object_mut()) {
            map.insert("restingHeartRate".into(), json!(rate));
        }
        push(
            &mut heart,
            &month,
            "activities-heart",
            json!({"dateTime": date, "value": value}),
        );
    }
    let file = json!({
        "profile": {"user": {"displayName": "Sandbox Member", "weightUnit": "METRIC",
                             "distanceUnit": "METRIC", "memberSince": "2016-03-01"}},
        "activities-overview": {"best": {}, "lifetime": {"total": {"steps": 0}}},
        "tracker-steps": steps,
        "tracker-calories": calories,
        "tracker-distance": {},
        "tracker-floors": {},
        "tracker-minutesSedentary": {},
        "sleep-minutesAsleep": {},
        "weight": {},
        "heart": heart,
        "tracker-activity-calories": {},
        "weight-log": {},
    });
    serde_json::to_vec(&file).unwrap_or_default()
}

fn push(map: &mut Map<String, Value>, period: &str, list: &str, item: Value) {
    let entry = map
        .entry(period.to_owned())
        .or_insert_with(|| json!({ list: [] }));
    if let Some(items) = entry.get_mut(list).and_then(Value::as_array_mut) {
        items.push(item);
    }
}

/// A 23andMe genome (abridged): a kind Healthdash skips.
pub(crate) fn genome() -> Vec<u8> {
    b"# This data file generated by 23andMe at: Thu May 17 2018\n# rsid\tchromosome\tposition\tgenotype\nrs4477212\t1\t82154\tAA\nrs3094315\t1\t752566\tAG\n".to_vec()
}

/// RunKeeper GPS tracks: a kind Healthdash skips.
pub(crate) fn gps_tracks() -> Vec<u8> {
    br#"{"fitness_activities": [{"type": "Running", "start_time": "Sat, 14 May 2016 07:02:11", "path": [{"latitude": 52.37, "longitude": 4.89, "altitude": 2.0, "timestamp": 0, "type": "start"}]}]}"#.to_vec()
}
