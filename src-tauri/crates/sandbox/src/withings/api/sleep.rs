//! Sleep `get` (the stages and their per-minute maps) and `getsummary`.

use serde_json::{Map, Value, json};

use super::ApiResult;
use super::params::{dated_list, day_span, list_param, retain_fields};
use crate::withings::data::Night;
use crate::withings::{Params, Shared};

/// A per-10-minute sample for the sleep maps, stable per seed and time.
fn sample(seed: u64, t: i64, salt: u64, lo: i64, hi: i64) -> i64 {
    let mut z = seed ^ (t as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ salt;
    z = (z ^ (z >> 31)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z ^= z >> 29;
    let span = (hi - lo + 1).max(1) as u64;
    lo + (z % span) as i64
}

pub(super) fn sleep_get(shared: &Shared, params: &Params) -> ApiResult {
    let (start, end) = day_span(params)?;
    let fields = list_param(params, "data_fields").unwrap_or_default();
    let want = |f: &str| fields.iter().any(|x| x == f);
    let seed = shared.data.seed();
    let nights = shared.data.nights();
    let first = nights.partition_point(|n| n.enddate < start);
    let mut series = Vec::new();
    for night in nights[first..].iter().take_while(|n| n.startdate <= end) {
        for stage in night
            .stages
            .iter()
            .filter(|s| s.startdate >= start && s.startdate <= end)
        {
            let mut item = json!({
                "startdate": stage.startdate,
                "enddate": stage.enddate,
                "state": stage.state,
            });
            let sum = &night.summary;
            let ticks: Vec<i64> = (stage.startdate..stage.enddate).step_by(600).collect();
            let mut add = |name: &str, make: &dyn Fn(i64) -> i64| {
                if let Some(map) = item.as_object_mut() {
                    let m: Map<String, Value> = ticks
                        .iter()
                        .map(|t| (t.to_string(), json!(make(*t))))
                        .collect();
                    map.insert(name.into(), Value::Object(m));
                }
            };
            if want("hr") && sum.hr_average >= 0 {
                add("hr", &|t| sample(seed, t, 1, sum.hr_min, sum.hr_max));
            }
            if want("rr") && sum.rr_average >= 0 {
                add("rr", &|t| sample(seed, t, 2, sum.rr_min, sum.rr_max));
            }
            if want("snoring") {
                let asleep = stage.state != 0;
                add("snoring", &|t| {
                    if asleep { sample(seed, t, 3, 0, 40) } else { 0 }
                });
            }
            series.push(item);
        }
    }
    Ok(json!({ "series": series, "model": 32 }))
}

const SUMMARY_FIELDS: &[&str] = &[
    "wakeupduration",
    "lightsleepduration",
    "deepsleepduration",
    "remsleepduration",
    "durationtosleep",
    "durationtowakeup",
    "wakeupcount",
    "total_timeinbed",
    "total_sleep_time",
    "asleepduration",
    "sleep_efficiency",
    "sleep_latency",
    "wakeup_latency",
    "waso",
    "nb_rem_episodes",
    "out_of_bed_count",
    "hr_average",
    "hr_min",
    "hr_max",
    "rr_average",
    "rr_min",
    "rr_max",
    "snoring",
    "snoringepisodecount",
    "breathing_disturbances_intensity",
    "apnea_hypopnea_index",
    "sleep_score",
];

fn summary_json(shared: &Shared, n: &Night, fields: Option<&[String]>) -> Value {
    let mut data = serde_json::to_value(&n.summary).unwrap_or_else(|_| json!({}));
    if let Some(map) = data.as_object_mut() {
        retain_fields(map, fields, SUMMARY_FIELDS);
    }
    json!({
        "id": n.id,
        "timezone": n.timezone.name(),
        "model": 32,
        "model_id": 63,
        "hash_deviceid": shared.data.sleep_id(),
        "startdate": n.startdate,
        "enddate": n.enddate,
        "date": n.date.to_string(),
        "created": n.created,
        "modified": n.modified,
        "data": data,
    })
}

pub(super) fn sleep_summary(shared: &Shared, params: &Params) -> ApiResult {
    let nights = shared.data.nights();
    dated_list(
        shared,
        params,
        ("series", 1),
        nights,
        |n| (n.date, n.modified),
        summary_json,
    )
}
