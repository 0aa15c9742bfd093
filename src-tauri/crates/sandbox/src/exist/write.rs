//! The write side of the fake Exist (`push exist` tries against it):
//! `attributes/acquire/`, `release/`, `update/`, `increment/` and the owner
//! listing `GET attributes/`.
//!
//! What it enforces, as PROVIDERS.md "Exist, the write side" says:
//! - a JSON array of at most 35 objects (more: HTTP 400, nothing applied);
//! - the group's `<group>_write` scope for every object, else HTTP 403 for
//!   the whole call (DRF's `PermissionDenied`);
//! - ownership: only the owner writes; another owner's attribute fails with
//!   `unauthorised`, a missing one with `not_found`; acquiring a template the
//!   user lacks creates it;
//! - value types: a float for an integer type fails with `validation`
//!   ("Cannot apply a float to an integer type"), `null` never overwrites;
//! - 200 when every object succeeded, 202 with `success` and `failed`
//!   (`error`, `error_code`) otherwise.
//!
//! Tokens, the hourly budget and the queued faults (429 with `Retry-After`,
//! 401, 5xx) are the same gate as every API call. Write-only faults: another
//! service taking an attribute over ([`ExistFake::take_over`]) and a refusal
//! of one item ([`ExistFake::refuse_next`]).

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use axum::routing::{get, post};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{Map, Value, json};

use super::api::gate;
use super::data::{Attribute, ExistData};
use super::fake::ExistFake;
use super::reply::{Reply, finish};
use super::{Params, Shared, lock, parse_params};
use crate::withings::RequestInfo;

/// The service the sandbox's registered client writes as.
pub const SERVICE: (&str, &str) = ("healthdash", "Healthdash");

/// Most objects in one write call.
pub const MAX_OBJECTS: usize = 35;

/// One write call as the fake took it, for tests: which endpoint, the
/// objects sent, and the HTTP status answered.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WriteCall {
    pub endpoint: &'static str,
    pub objects: Vec<Value>,
    pub http_status: u16,
}

/// A planned refusal: the next update of `attribute` (on `date`, or any
/// date) fails with `error_code`.
#[derive(Clone, Debug, PartialEq)]
struct PlannedRefusal {
    attribute: String,
    date: Option<NaiveDate>,
    error_code: String,
    error: String,
}

/// The write side's own state.
#[derive(Debug, Default)]
pub(crate) struct WriteState {
    calls: Vec<WriteCall>,
    refusals: Vec<PlannedRefusal>,
}

pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/2/attributes/", get(owners))
        .route("/api/2/attributes/acquire/", post(acquire))
        .route("/api/2/attributes/release/", post(release))
        .route("/api/2/attributes/update/", post(update))
        .route("/api/2/attributes/increment/", post(increment))
}

/// Templates a client may acquire without the user having them yet:
/// (name, label, group, group label, group priority, value type, description).
const TEMPLATES: &[(&str, &str, &str, &str, u32, u8, &str)] = &[
    ("steps", "Steps", "activity", "Activity", 1, 0, "Integer"),
    (
        "active_energy",
        "Active energy",
        "activity",
        "Activity",
        1,
        1,
        "Float",
    ),
    ("weight", "Weight", "health", "Health", 7, 1, "Float"),
    (
        "body_fat",
        "Body fat",
        "health",
        "Health",
        7,
        5,
        "Percentage",
    ),
    (
        "heartrate",
        "Heart rate",
        "health",
        "Health",
        7,
        0,
        "Integer",
    ),
    (
        "heartrate_resting",
        "Resting heart rate",
        "health",
        "Health",
        7,
        0,
        "Integer",
    ),
    (
        "sleep",
        "Time asleep",
        "sleep",
        "Sleep",
        4,
        3,
        "Period (min)",
    ),
    (
        "time_in_bed",
        "Time in bed",
        "sleep",
        "Sleep",
        4,
        3,
        "Period (min)",
    ),
    (
        "sleep_start",
        "Bedtime",
        "sleep",
        "Sleep",
        4,
        6,
        "Time of day (min from midday)",
    ),
    (
        "sleep_end",
        "Wake time",
        "sleep",
        "Sleep",
        4,
        4,
        "Time of day (min from midnight)",
    ),
];

fn template(name: &str) -> Option<Attribute> {
    let &(name, label, group, group_label, group_priority, value_type, description) =
        TEMPLATES.iter().find(|t| t.0 == name)?;
    Some(Attribute {
        name: name.into(),
        template: Some(name.into()),
        label: label.into(),
        group,
        group_label,
        group_priority,
        priority: 20,
        manual: false,
        value_type,
        value_type_description: description,
        service: SERVICE,
        values: BTreeMap::new(),
    })
}

/// The group an attribute name belongs to, known or templated.
fn group_of(data: &ExistData, name: &str) -> Option<&'static str> {
    data.attribute(name)
        .map(|a| a.group)
        .or_else(|| TEMPLATES.iter().find(|t| t.0 == name).map(|t| t.2))
}

/// What a write call's body must be: a JSON array of at most 35 objects.
fn objects(body: &[u8]) -> Result<Vec<Map<String, Value>>, Reply> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|_| Reply::detail(StatusCode::BAD_REQUEST, "Expected a JSON array of objects."))?;
    let Value::Array(items) = value else {
        return Err(Reply::detail(
            StatusCode::BAD_REQUEST,
            "Expected a JSON array of objects.",
        ));
    };
    if items.len() > MAX_OBJECTS {
        return Err(Reply::detail(
            StatusCode::BAD_REQUEST,
            &format!("Too many objects: at most {MAX_OBJECTS} per request."),
        ));
    }
    items
        .into_iter()
        .map(|item| match item {
            Value::Object(map) => Ok(map),
            _ => Err(Reply::detail(
                StatusCode::BAD_REQUEST,
                "Expected a JSON array of objects.",
            )),
        })
        .collect()
}

fn failed(mut object: Map<String, Value>, code: &str, error: String) -> Value {
    object.insert("error_code".into(), json!(code));
    object.insert("error".into(), json!(error));
    Value::Object(object)
}

fn answer(success: Vec<Value>, failed: Vec<Value>) -> Reply {
    let status = if failed.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::ACCEPTED
    };
    Reply::json(status, json!({"success": success, "failed": failed}))
}

/// The attribute an object names (`name`, or `template` when acquiring).
fn named(object: &Map<String, Value>) -> Option<&str> {
    object
        .get("name")
        .or_else(|| object.get("template"))
        .and_then(Value::as_str)
}

/// Whether `value` fits `value_type` (Exist validates broadly by type only).
fn type_error(value_type: u8, value: &Value) -> Option<String> {
    let integer = value.is_i64() || value.is_u64();
    match value_type {
        // Integer, period, minutes from midnight/midday, scale, boolean.
        0 | 3 | 4 | 6 | 8 | 7 if !integer => Some(if value.is_f64() {
            "Cannot apply a float to an integer type".into()
        } else {
            format!("Cannot apply {value} to an integer type")
        }),
        1 | 5 if !value.is_number() => Some(format!("Cannot apply {value} to a float type")),
        2 if !value.is_string() => Some(format!("Cannot apply {value} to a string type")),
        _ => None,
    }
}

async fn write_call(
    shared: Arc<Shared>,
    endpoint: &'static str,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
    apply: impl FnOnce(&Shared, Vec<Map<String, Value>>) -> Reply,
) -> Response {
    let info = RequestInfo::new(&method, &uri, &Params::new());
    let sent: Vec<Value> = match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Array(items)) => items,
        Ok(other) => vec![other],
        Err(_) => Vec::new(),
    };
    let reply = match gate(&shared, &headers) {
        Err(reply) => reply,
        Ok(granted) => match objects(&body) {
            Err(reply) => reply,
            Ok(objects) => {
                // The whole call is refused when any object's group lacks its write scope.
                let denied = {
                    let data = lock(&shared.data);
                    objects.iter().any(|o| {
                        named(o)
                            .and_then(|n| group_of(&data, n))
                            .is_some_and(|g| !granted.allows(&format!("{g}_write")))
                    })
                };
                if denied {
                    Reply::detail(
                        StatusCode::FORBIDDEN,
                        "You do not have permission to perform this action.",
                    )
                } else {
                    granted.shape(apply(&shared, objects))
                }
            }
        },
    };
    lock(&shared.write).calls.push(WriteCall {
        endpoint,
        objects: sent,
        http_status: reply.http.as_u16(),
    });
    finish(&shared, info, reply).await
}

async fn acquire(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    write_call(
        shared,
        "acquire",
        method,
        uri,
        headers,
        body,
        |shared, objects| {
            let mut data = lock(&shared.data);
            let (mut ok, mut bad) = (Vec::new(), Vec::new());
            for object in objects {
                let Some(name) = named(&object).map(str::to_owned) else {
                    bad.push(failed(
                        object,
                        "missing_field",
                        "Object missing field(s) 'name'".into(),
                    ));
                    continue;
                };
                let manual = object.get("manual").and_then(Value::as_bool);
                match data.attribute_mut(&name) {
                    Some(attribute) => {
                        attribute.service = SERVICE;
                        if let Some(manual) = manual {
                            attribute.manual = manual;
                        }
                    }
                    None => match (object.contains_key("template"), template(&name)) {
                        (true, Some(new)) => data.attributes.push(new),
                        _ => {
                            bad.push(failed(
                                object,
                                "not_found",
                                format!("Attribute '{name}' not found"),
                            ));
                            continue;
                        }
                    },
                }
                ok.push(json!({"name": name, "active": "true"}));
            }
            answer(ok, bad)
        },
    )
    .await
}

async fn release(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    write_call(
        shared,
        "release",
        method,
        uri,
        headers,
        body,
        |shared, objects| {
            let mut data = lock(&shared.data);
            let (mut ok, mut bad) = (Vec::new(), Vec::new());
            for object in objects {
                let name = named(&object).unwrap_or_default().to_owned();
                match data.attribute_mut(&name) {
                    Some(a) if a.service == SERVICE => {
                        a.service = ("exist", "Exist");
                        ok.push(json!({"name": name}));
                    }
                    Some(_) => bad.push(failed(
                        object,
                        "unauthorised",
                        format!("Attribute '{name}' does not belong to this service"),
                    )),
                    None => bad.push(failed(
                        object,
                        "not_found",
                        format!("Attribute '{name}' not found"),
                    )),
                }
            }
            answer(ok, bad)
        },
    )
    .await
}

async fn update(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    write_call(
        shared,
        "update",
        method,
        uri,
        headers,
        body,
        |shared, objects| {
            let mut data = lock(&shared.data);
            let mut write = lock(&shared.write);
            let (mut ok, mut bad) = (Vec::new(), Vec::new());
            for (index, object) in objects.into_iter().enumerate() {
                let missing: Vec<&str> = ["name", "date", "value"]
                    .into_iter()
                    .filter(|k| !object.contains_key(*k))
                    .collect();
                if !missing.is_empty() {
                    let list = missing
                        .iter()
                        .map(|m| format!("'{m}'"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    bad.push(failed(
                        object,
                        "missing_field",
                        format!("Object at index {index} missing field(s) {list}"),
                    ));
                    continue;
                }
                let name = object
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned();
                let date = object
                    .get("date")
                    .and_then(Value::as_str)
                    .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
                let Some(date) = date else {
                    bad.push(failed(
                        object,
                        "validation",
                        "Date must be YYYY-mm-dd".into(),
                    ));
                    continue;
                };
                let value = object.get("value").cloned().unwrap_or(Value::Null);
                if let Some(at) = write
                    .refusals
                    .iter()
                    .position(|r| r.attribute == name && r.date.is_none_or(|d| d == date))
                {
                    let refusal = write.refusals.remove(at);
                    bad.push(failed(object, &refusal.error_code, refusal.error));
                    continue;
                }
                let Some(attribute) = data.attribute_mut(&name) else {
                    bad.push(failed(
                        object,
                        "not_found",
                        format!("Attribute '{name}' not found"),
                    ));
                    continue;
                };
                if attribute.service != SERVICE {
                    bad.push(failed(
                        object,
                        "unauthorised",
                        format!("Attribute '{name}' does not belong to this service"),
                    ));
                    continue;
                }
                if value.is_null() {
                    bad.push(failed(
                        object,
                        "validation",
                        "Non-null values cannot be set back to null".into(),
                    ));
                    continue;
                }
                if let Some(error) = type_error(attribute.value_type, &value) {
                    bad.push(failed(object, "validation", error));
                    continue;
                }
                attribute.values.insert(date, value);
                ok.push(Value::Object(object));
            }
            answer(ok, bad)
        },
    )
    .await
}

/// Documented, and never used by Healthdash: tests check it stays unused.
async fn increment(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    write_call(
        shared,
        "increment",
        method,
        uri,
        headers,
        body,
        |_, objects| {
            let bad = objects
                .into_iter()
                .map(|o| failed(o, "validation", "Not supported by the sandbox".into()))
                .collect();
            answer(Vec::new(), bad)
        },
    )
    .await
}

/// `GET /api/2/attributes/`: the user's attributes without values, with
/// their owning `service` (`owned=true`: only ours).
async fn owners(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let params = parse_params(uri.query(), &[]).unwrap_or_default();
    let info = RequestInfo::new(&method, &uri, &params);
    let reply = match gate(&shared, &headers) {
        Err(reply) => reply,
        Ok(granted) => {
            let names: Option<Vec<&str>> = params
                .get("attributes")
                .map(|v| v.split(',').map(str::trim).collect());
            let owned = params.get("owned").is_some_and(|v| v == "true");
            let data = lock(&shared.data);
            let results: Vec<Value> = data
                .attributes
                .iter()
                .filter(|a| granted.allows(&format!("{}_read", a.group)))
                .filter(|a| names.as_ref().is_none_or(|n| n.contains(&a.name.as_str())))
                .filter(|a| !owned || a.service == SERVICE)
                .map(|a| {
                    let mut json = a.to_json(&[]);
                    if let Some(object) = json.as_object_mut() {
                        object.remove("values");
                    }
                    json
                })
                .collect();
            granted.shape(Reply::json(
                StatusCode::OK,
                json!({"count": results.len(), "next": null, "previous": null, "results": results}),
            ))
        }
    };
    finish(&shared, info, reply).await
}

impl ExistFake {
    /// Every write call so far (acquire, release, update, increment), oldest first.
    pub fn write_calls(&self) -> Vec<WriteCall> {
        lock(&self.shared.write).calls.clone()
    }

    /// Another service (the user's phone) takes `attribute` over: our next
    /// update of it fails with `unauthorised` until we acquire it again.
    pub fn take_over(&self, attribute: &str, service: (&'static str, &'static str)) {
        if let Some(a) = lock(&self.shared.data).attribute_mut(attribute) {
            a.service = service;
        }
    }

    /// The next update of `attribute` (on `date`, or any date) fails with
    /// `error_code` and `error`.
    pub fn refuse_next(
        &self,
        attribute: &str,
        date: Option<NaiveDate>,
        error_code: &str,
        error: &str,
    ) {
        lock(&self.shared.write).refusals.push(PlannedRefusal {
            attribute: attribute.into(),
            date,
            error_code: error_code.into(),
            error: error.into(),
        });
    }

    /// Who owns `attribute` now (service name), if the user has it.
    pub fn owner(&self, attribute: &str) -> Option<&'static str> {
        lock(&self.shared.data)
            .attribute(attribute)
            .map(|a| a.service.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_types_are_checked_broadly() {
        assert!(type_error(0, &json!(424)).is_none());
        assert_eq!(
            type_error(3, &json!(424.0)).unwrap(),
            "Cannot apply a float to an integer type"
        );
        assert!(type_error(1, &json!(70)).is_none());
        assert!(
            type_error(5, &json!(21.4)).is_none(),
            "out of range is not refused"
        );
        assert!(type_error(1, &json!("70")).is_some());
    }

    #[test]
    fn more_than_35_objects_is_a_bad_request() {
        let body = serde_json::to_vec(&vec![json!({"name": "steps"}); 36]).unwrap();
        let Err(reply) = objects(&body) else {
            panic!("36 objects were taken");
        };
        assert_eq!(reply.http, StatusCode::BAD_REQUEST);
        let Ok(taken) = objects(&serde_json::to_vec(&vec![json!({}); 35]).unwrap()) else {
            panic!("35 objects were refused");
        };
        assert_eq!(taken.len(), 35);
    }
}
