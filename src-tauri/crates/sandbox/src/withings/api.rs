//! The data endpoints: getmeas, getactivity, getintradayactivity, getworkouts,
//! sleep get/getsummary, getdevice and getgoals.
//!
//! Rules the fake enforces because the real service does:
//! - each action lives on one path only (`getmeas` on `/measure`, *not* `/v2/measure`);
//!   anything else is status 2554;
//! - the token comes from `Authorization: Bearer` or an `access_token` parameter;
//!   a bad, expired or unknown one gives the 401 envelope (HTTP 200); a token
//!   without the action's scope too (`user.metrics` for getmeas, `user.activity`
//!   for activity, workouts and sleep, `user.info` for the user service);
//! - parameters come from the query string or a form body (GET or POST);
//!   malformed ones give status 503 "Invalid Params: <name>";
//! - intraday activity and sleep `get` return at most the first 24 h of the
//!   asked span (the end is overwritten), both bounds inclusive;
//! - paged answers carry `more` and `offset` (the offset of the next page);
//!   getmeas pages newest first, the others oldest first; `more` is an int on
//!   some pages and a boolean on others (see `WithingsConfig::more_as_bool`).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, Uri, header};
use axum::response::Response;
use chrono::NaiveDate;
use serde_json::{Map, Value, json};

use super::data::{ActivityDay, HOME_TZ, MeasureGroup, Night, Workout};
use super::envelope::{self, status};
use super::faults::apply_kind;
use super::{Params, Reply, RequestInfo, Shared, finish, lock, parse_params, unix_now};

type ApiResult = Result<Value, Value>;

/// Any API request: faults, token, rate limit, then the action.
pub(crate) async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let params = match parse_params(uri.query(), &body) {
        Ok(p) => p,
        Err(e) => {
            let info = RequestInfo::new(&method, &uri, &Params::new());
            return finish(&shared, info, Reply::json(envelope::invalid_params(&e))).await;
        }
    };
    let info = RequestInfo::new(&method, &uri, &params);
    let action = params.get("action").cloned().unwrap_or_default();
    let fault = lock(&shared.faults).take_for_api(&action);
    let shaping = match fault.map(apply_kind) {
        None => None,
        Some(Ok(shaping)) => Some(shaping),
        Some(Err(reply)) => return finish(&shared, info, reply).await,
    };
    let body = match respond(&shared, uri.path(), &action, &params, &headers) {
        Ok(body) => envelope::ok(body),
        Err(error) => error,
    };
    let mut reply = Reply::json(body);
    if let Some((name, delay, truncate)) = shaping {
        reply.fault = Some(name);
        reply.delay = delay;
        reply.truncate = truncate;
    }
    finish(&shared, info, reply).await
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

fn respond(
    shared: &Shared,
    path: &str,
    action: &str,
    params: &Params,
    headers: &HeaderMap,
) -> ApiResult {
    let token = bearer(headers).or_else(|| params.get("access_token").map(String::as_str));
    let grant = token
        .and_then(|t| lock(&shared.tokens).check_access(t))
        .ok_or_else(|| envelope::error(status::INVALID_TOKEN, envelope::INVALID_TOKEN_MESSAGE))?;
    if shared.rate_limited(&grant.client_id) {
        return Err(envelope::error(
            status::TOO_MANY_REQUESTS,
            "Too Many Requests",
        ));
    }
    let needs = |scope: &str| -> Result<(), Value> {
        if grant.scope.split(',').any(|s| s == scope) {
            Ok(())
        } else {
            Err(envelope::error(
                status::INVALID_TOKEN,
                envelope::INSUFFICIENT_SCOPE_MESSAGE,
            ))
        }
    };
    match (path, action) {
        ("/measure", "getmeas") => needs("user.metrics").and_then(|()| getmeas(shared, params)),
        ("/v2/measure", "getactivity") => needs("user.activity").and_then(|()| getactivity(shared, params)),
        ("/v2/measure", "getintradayactivity") => {
            needs("user.activity").and_then(|()| getintradayactivity(shared, params))
        }
        ("/v2/measure", "getworkouts") => needs("user.activity").and_then(|()| getworkouts(shared, params)),
        ("/v2/sleep", "get") => needs("user.activity").and_then(|()| sleep_get(shared, params)),
        ("/v2/sleep", "getsummary") => needs("user.activity").and_then(|()| sleep_summary(shared, params)),
        ("/v2/user", "getdevice") => needs("user.info").map(|()| json!({ "devices": shared.data.devices() })),
        ("/v2/user", "getgoals") => needs("user.info").map(|()| {
            json!({"goals": {"steps": 10000, "sleep": 28800, "weight": {"value": 76500, "unit": -3}}})
        }),
        _ => Err(envelope::error(status::NOT_IMPLEMENTED, "Wrong action or wrong webservice")),
    }
}

// ---- parameters -------------------------------------------------------------

fn int_param(params: &Params, name: &str) -> Result<Option<i64>, Value> {
    match params.get(name).map(|v| v.trim()) {
        None | Some("") => Ok(None),
        Some(v) => v
            .parse()
            .map(Some)
            .map_err(|_| envelope::invalid_params(name)),
    }
}

fn ymd_param(params: &Params, name: &str) -> Result<Option<NaiveDate>, Value> {
    match params.get(name).map(|v| v.trim()) {
        None | Some("") => Ok(None),
        Some(v) => NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| envelope::invalid_params(name)),
    }
}

fn offset_param(params: &Params) -> Result<usize, Value> {
    match int_param(params, "offset")? {
        None => Ok(0),
        Some(o) => usize::try_from(o).map_err(|_| envelope::invalid_params("offset")),
    }
}

/// A comma list (`data_fields`, `meastypes`).
fn list_param(params: &Params, name: &str) -> Option<Vec<String>> {
    let v = params.get(name)?.trim();
    (!v.is_empty()).then(|| v.split(',').map(|s| s.trim().to_string()).collect())
}

/// Which records a dated list action selects: a `*ymd` range or `lastupdate`,
/// one of which Withings requires.
struct Selection {
    range: Option<(NaiveDate, NaiveDate)>,
    lastupdate: Option<i64>,
}

impl Selection {
    fn parse(params: &Params) -> Result<Self, Value> {
        let start = ymd_param(params, "startdateymd")?;
        let end = ymd_param(params, "enddateymd")?;
        let lastupdate = int_param(params, "lastupdate")?;
        let range = match (start, end) {
            (Some(s), Some(e)) => Some((s, e)),
            (None, None) => None,
            (Some(_), None) => return Err(envelope::invalid_params("enddateymd")),
            (None, Some(_)) => return Err(envelope::invalid_params("startdateymd")),
        };
        if range.is_none() && lastupdate.is_none() {
            return Err(envelope::invalid_params(
                "startdateymd/enddateymd or lastupdate",
            ));
        }
        Ok(Self { range, lastupdate })
    }

    fn keeps(&self, date: NaiveDate, modified: i64) -> bool {
        self.range.is_none_or(|(s, e)| date >= s && date <= e)
            && self.lastupdate.is_none_or(|l| modified > l)
    }
}

/// Inclusive `startdate`/`enddate`, cut to the first 24 h.
fn day_span(params: &Params) -> Result<(i64, i64), Value> {
    let start =
        int_param(params, "startdate")?.ok_or_else(|| envelope::invalid_params("startdate"))?;
    let end = int_param(params, "enddate")?.unwrap_or(start + 86_400);
    if end < start {
        return Err(envelope::invalid_params("enddate"));
    }
    Ok((start, end.min(start + 86_400)))
}

/// Keeps only the listed keys of an object (for `data_fields`).
fn retain_fields(map: &mut Map<String, Value>, fields: Option<&[String]>, filterable: &[&str]) {
    if let Some(fields) = fields {
        map.retain(|k, _| !filterable.contains(&k.as_str()) || fields.iter().any(|f| f == k));
    }
}

/// One page of `items` and the paging fields.
fn paged(
    shared: &Shared,
    salt: usize,
    total: usize,
    offset: usize,
) -> (usize, usize, Value, usize) {
    let size = shared.config.page_size.max(1);
    let end = offset.saturating_add(size).min(total);
    let more = end < total;
    let more_value = if shared.more_as_bool(salt, offset / size) {
        json!(more)
    } else {
        json!(u8::from(more))
    };
    (offset.min(total), end, more_value, end)
}

// ---- actions ----------------------------------------------------------------

/// The answer of the actions that list dated items (getactivity,
/// getworkouts, sleep getsummary): the items that `startdateymd`/
/// `enddateymd` or `lastupdate` keep, one page of them as JSON under `key`,
/// and the paging fields (`salt` varies how `more` is written).
fn dated_list<T>(
    shared: &Shared,
    params: &Params,
    (key, salt): (&str, usize),
    items: &[T],
    stamp: impl Fn(&T) -> (NaiveDate, i64),
    to_json: impl Fn(&Shared, &T, Option<&[String]>) -> Value,
) -> ApiResult {
    let selection = Selection::parse(params)?;
    let offset = offset_param(params)?;
    let fields = list_param(params, "data_fields");
    let kept: Vec<&T> = items
        .iter()
        .filter(|item| {
            let (date, modified) = stamp(item);
            selection.keeps(date, modified)
        })
        .collect();
    let (from, to, more, next) = paged(shared, salt, kept.len(), offset);
    let page: Vec<Value> = kept[from..to]
        .iter()
        .map(|item| to_json(shared, item, fields.as_deref()))
        .collect();
    let mut answer = Map::new();
    answer.insert(key.to_owned(), Value::Array(page));
    answer.insert("more".to_owned(), more);
    answer.insert("offset".to_owned(), json!(next));
    Ok(Value::Object(answer))
}

fn getmeas(shared: &Shared, params: &Params) -> ApiResult {
    let types: Option<Vec<i32>> = match (params.get("meastype"), list_param(params, "meastypes")) {
        (_, Some(list)) => Some(
            list.iter()
                .map(|t| t.parse().map_err(|_| envelope::invalid_params("meastypes")))
                .collect::<Result<_, _>>()?,
        ),
        (Some(_), None) => int_param(params, "meastype")?
            .map(|t| {
                i32::try_from(t)
                    .map(|t| vec![t])
                    .map_err(|_| envelope::invalid_params("meastype"))
            })
            .transpose()?,
        (None, None) => None,
    };
    let category = int_param(params, "category")?;
    if category.is_some_and(|c| c != 1 && c != 2) {
        return Err(envelope::invalid_params("category"));
    }
    let start = int_param(params, "startdate")?;
    let end = int_param(params, "enddate")?;
    let lastupdate = int_param(params, "lastupdate")?;
    let offset = offset_param(params)?;
    let keep = |g: &MeasureGroup| {
        category.is_none_or(|c| i64::from(g.category) == c)
            && start.is_none_or(|s| g.date >= s)
            && end.is_none_or(|e| g.date <= e)
            && lastupdate.is_none_or(|l| g.modified > l)
            && types
                .as_ref()
                .is_none_or(|ts| g.measures.iter().any(|m| ts.contains(&m.meastype)))
    };
    let (page, more, next) = shared.data.with_groups(|groups| {
        let mut matched: Vec<&MeasureGroup> = groups.iter().filter(|g| keep(g)).collect();
        matched.sort_by_key(|g| std::cmp::Reverse((g.date, g.grpid)));
        let (from, to, more, next) = paged(shared, 0, matched.len(), offset);
        let page: Vec<Value> = matched[from..to]
            .iter()
            .map(|g| {
                let mut g = (*g).clone();
                if let Some(ts) = &types {
                    g.measures.retain(|m| ts.contains(&m.meastype));
                }
                serde_json::to_value(g).unwrap_or(Value::Null)
            })
            .collect();
        (page, more, next)
    });
    Ok(json!({
        "updatetime": unix_now(),
        "timezone": HOME_TZ.name(),
        "measuregrps": page,
        "more": more,
        "offset": next,
    }))
}

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

fn getactivity(shared: &Shared, params: &Params) -> ApiResult {
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

fn getintradayactivity(shared: &Shared, params: &Params) -> ApiResult {
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

fn getworkouts(shared: &Shared, params: &Params) -> ApiResult {
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

/// A per-10-minute sample for the sleep maps, stable per seed and time.
fn sample(seed: u64, t: i64, salt: u64, lo: i64, hi: i64) -> i64 {
    let mut z = seed ^ (t as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ salt;
    z = (z ^ (z >> 31)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z ^= z >> 29;
    let span = (hi - lo + 1).max(1) as u64;
    lo + (z % span) as i64
}

fn sleep_get(shared: &Shared, params: &Params) -> ApiResult {
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

fn sleep_summary(shared: &Shared, params: &Params) -> ApiResult {
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
