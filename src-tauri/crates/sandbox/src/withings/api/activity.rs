//! getactivity, getintradayactivity and getworkouts.

use serde_json::{Map, Value, json};

use super::ApiResult;
use super::params::{dated_list, day_span, list_param, retain_fields};
use crate::withings::Params;
use crate::withings::Shared;
use crate::withings::data::{ActivityDay, Workout};

const ACTIVITY_FIELDS: &[&str] = &[
    "steps",
    "distance",
    "elevation",
    "soft",
    "moderate",
    "intense",
    "active",
    "calories",
    "totalcalories",
    "hr_average",
    "hr_min",
    "hr_max",
    "hr_zone_0",
    "hr_zone_1",
    "hr_zone_2",
    "hr_zone_3",
];

fn activity_json(shared: &Shared, a: &ActivityDay, fields: Option<&[String]>) -> Value {
    let watch = shared.data.watch_id();
    let mut row = json!({
        "date": a.date.to_string(),
        "timezone": a.timezone.name(),
        "deviceid": watch,
        "hash_deviceid": watch,
        "brand": 18,
        "modelid": 93,
        "model": "ScanWatch",
        "is_tracker": true,
        "steps": a.steps,
        "distance": a.distance,
        "elevation": a.elevation,
        "soft": a.soft,
        "moderate": a.moderate,
        "intense": a.intense,
        "active": a.moderate + a.intense,
        "calories": a.calories,
        "totalcalories": a.totalcalories,
        "hr_average": a.hr_average,
        "hr_min": a.hr_min,
        "hr_max": a.hr_max,
        "hr_zone_0": a.hr_zones[0],
        "hr_zone_1": a.hr_zones[1],
        "hr_zone_2": a.hr_zones[2],
        "hr_zone_3": a.hr_zones[3],
        "modified": a.modified,
    });
    if let Some(map) = row.as_object_mut() {
        retain_fields(map, fields, ACTIVITY_FIELDS);
    }
    row
}

pub(super) fn getactivity(shared: &Shared, params: &Params) -> ApiResult {
    let days = shared.data.activity_days();
    dated_list(
        shared,
        params,
        ("activities", 1),
        days,
        |a| (a.date, a.modified),
        activity_json,
    )
}

const INTRADAY_FIELDS: &[&str] = &[
    "steps",
    "distance",
    "elevation",
    "calories",
    "duration",
    "heart_rate",
];

pub(super) fn getintradayactivity(shared: &Shared, params: &Params) -> ApiResult {
    let (start, end) = day_span(params)?;
    let fields = list_param(params, "data_fields");
    let watch = shared.data.watch_id();
    let mut series = Map::new();
    for e in shared.data.intraday_between(start, end) {
        let mut entry = json!({
            "steps": e.steps,
            "distance": e.distance,
            "elevation": e.elevation,
            "calories": e.calories,
            "duration": e.duration,
            "model": "ScanWatch",
            "model_id": 93,
            "deviceid": watch,
        });
        if let (Some(hr), Some(map)) = (e.heart_rate, entry.as_object_mut()) {
            map.insert("heart_rate".into(), json!(hr));
        }
        if let Some(map) = entry.as_object_mut() {
            retain_fields(map, fields.as_deref(), INTRADAY_FIELDS);
        }
        series.insert(e.timestamp.to_string(), entry);
    }
    Ok(json!({ "series": series }))
}

const WORKOUT_FIELDS: &[&str] = &[
    "calories",
    "intensity",
    "manual_distance",
    "manual_calories",
    "hr_average",
    "hr_min",
    "hr_max",
    "hr_zone_0",
    "hr_zone_1",
    "hr_zone_2",
    "hr_zone_3",
    "pause_duration",
    "steps",
    "distance",
    "elevation",
    "algo_pause_duration",
    "spo2_average",
];

fn workout_json(shared: &Shared, w: &Workout, fields: Option<&[String]>) -> Value {
    let mut data = json!({
        "calories": w.calories,
        "intensity": w.intensity,
        "manual_distance": 0,
        "manual_calories": 0,
        "hr_average": w.hr_average,
        "hr_min": w.hr_min,
        "hr_max": w.hr_max,
        "hr_zone_0": w.hr_zones[0],
        "hr_zone_1": w.hr_zones[1],
        "hr_zone_2": w.hr_zones[2],
        "hr_zone_3": w.hr_zones[3],
        "pause_duration": 0,
        "steps": w.steps,
        "distance": w.distance,
        "elevation": w.elevation,
        "algo_pause_duration": null,
        "spo2_average": null,
    });
    if let Some(map) = data.as_object_mut() {
        retain_fields(map, fields, WORKOUT_FIELDS);
    }
    json!({
        "id": w.id,
        "category": w.category,
        "timezone": w.timezone.name(),
        "model": 93,
        "attrib": 0,
        "startdate": w.startdate,
        "enddate": w.enddate,
        "date": w.date.to_string(),
        "deviceid": shared.data.watch_id(),
        "data": data,
        "modified": w.modified,
    })
}

pub(super) fn getworkouts(shared: &Shared, params: &Params) -> ApiResult {
    let workouts = shared.data.workouts();
    dated_list(
        shared,
        params,
        ("series", 0),
        &workouts,
        |w| (w.date, w.modified),
        workout_json,
    )
}
