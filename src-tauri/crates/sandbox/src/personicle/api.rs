//! The read API: `datastreams` and `events`, as Personicle's backend
//! answers them (authentication service first, then the query).

use std::sync::Arc;

use axum::Json;
use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDateTime;
use serde_json::{Value, json};

use super::data::{self, HEART_RATE, STEPS, WEIGHT};
use super::faults::PersonicleFault;
use super::{ApiRequest, Shared, lock, unix_now};

const NO_TOKEN: &str = "Bearer token not present in request";

type Params = Vec<(String, String)>;

fn get<'a>(params: &'a Params, name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// `%Y-%m-%d %H:%M:%S.%f`, as the server's `strptime`: the fraction is
/// required, one to six digits.
fn server_time(text: &str) -> Option<i64> {
    let (_, fraction) = text.rsplit_once('.')?;
    if fraction.is_empty() || fraction.len() > 6 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f")
        .ok()
        .map(|t| t.and_utc().timestamp())
}

/// The scopes a datatype's request needs; the registration page's name is
/// accepted too.
fn allowed(scopes: &[String], needed: &[&str]) -> bool {
    let has = |s: &str| scopes.iter().any(|x| x == s);
    ["openid", "profile", "email"].iter().all(|s| has(s)) && needed.iter().any(|s| has(s))
}

fn json_string(status: StatusCode, text: &str) -> Response {
    (status, Json(Value::String(text.to_owned()))).into_response()
}

/// Why a request gets no records, in Personicle's shapes.
enum Refusal {
    Unauthorized,
    Forbidden(&'static str),
    UnknownDatatype,
    InvalidRequest,
}

impl Refusal {
    fn response(self) -> Response {
        match self {
            Refusal::Unauthorized => json_string(StatusCode::UNAUTHORIZED, NO_TOKEN),
            Refusal::Forbidden(why) => json_string(StatusCode::FORBIDDEN, why),
            Refusal::UnknownDatatype => {
                json_string(StatusCode::UNPROCESSABLE_ENTITY, "Invalid datatype")
            }
            Refusal::InvalidRequest => invalid_request(),
        }
    }
}

struct Checked {
    params: Params,
    start: i64,
    end: i64,
}

enum Kind {
    Datastreams,
    Events,
}

/// Authentication, faults, parameters: what both endpoints do first.
fn check(
    shared: &Shared,
    kind: &Kind,
    headers: &HeaderMap,
    query: Option<String>,
) -> Result<(Checked, Option<PersonicleFault>), Refusal> {
    let params: Params = url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .into_owned()
        .collect();
    let (fault, expire_now) = lock(&shared.faults).take();
    if expire_now {
        super::faults::PersonicleFaults { shared }.expire_tokens();
    }
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split("Bearer ").nth(1))
        .unwrap_or("");
    let scopes = match lock(&shared.tokens).get(token) {
        Some(t) if t.expires_at > unix_now() => t.scopes.clone(),
        _ => return Err(Refusal::Unauthorized),
    };
    let (needed, denied): (Vec<&str>, &str) = match kind {
        Kind::Events => (vec!["events.read"], "You do not have access to read events"),
        Kind::Datastreams => {
            let datatype = get(&params, "datatype").unwrap_or("");
            let registration = match datatype {
                HEART_RATE => "heartrate.read",
                WEIGHT => "weight.read",
                STEPS => STEPS,
                _ => {
                    return Err(Refusal::UnknownDatatype);
                }
            };
            (
                vec![datatype, registration],
                "You do not have access to requested scopes",
            )
        }
    };
    if !allowed(&scopes, &needed) {
        return Err(Refusal::Forbidden(denied));
    }
    let times = (
        get(&params, "startTime").and_then(server_time),
        get(&params, "endTime").and_then(server_time),
    );
    let (Some(start), Some(end)) = times else {
        return Err(Refusal::InvalidRequest);
    };
    Ok((Checked { params, start, end }, fault))
}

/// A handler's `("Invalid request", 422)` tuple, as FastAPI sends it.
fn invalid_request() -> Response {
    (StatusCode::OK, Json(json!(["Invalid request", 422]))).into_response()
}

fn log(shared: &Shared, path: &str, params: Option<&Params>, status: StatusCode) {
    let field = |name| params.and_then(|p| get(p, name)).map(str::to_owned);
    lock(&shared.log).push(ApiRequest {
        path: path.to_owned(),
        datatype: field("datatype"),
        start_time: field("startTime"),
        end_time: field("endTime"),
        http_status: status.as_u16(),
    });
}

async fn answer(
    shared: &Shared,
    path: &str,
    kind: Kind,
    headers: &HeaderMap,
    query: Option<String>,
) -> Response {
    let (checked, fault) = match check(shared, &kind, headers, query) {
        Ok(ok) => ok,
        Err(refusal) => {
            let response = refusal.response();
            log(shared, path, None, response.status());
            return response;
        }
    };
    let mut truncate = false;
    match fault {
        Some(PersonicleFault::ServerError) => {
            log(
                shared,
                path,
                Some(&checked.params),
                StatusCode::INTERNAL_SERVER_ERROR,
            );
            return (StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error").into_response();
        }
        Some(PersonicleFault::InvalidRequest) => {
            log(shared, path, Some(&checked.params), StatusCode::OK);
            return invalid_request();
        }
        Some(PersonicleFault::Delay(delay)) => tokio::time::sleep(delay).await,
        Some(PersonicleFault::Truncate) => truncate = true,
        None => {}
    }
    let (start, end) = (checked.start, checked.end);
    let sources: Option<Vec<&str>> = get(&checked.params, "source").map(|s| s.split(';').collect());
    let from_source = |origin: &str| sources.as_ref().is_none_or(|s| s.contains(&origin));
    let body: Vec<Value> = {
        let records = lock(&shared.records);
        match kind {
            Kind::Datastreams => {
                let datatype = get(&checked.params, "datatype").unwrap_or("");
                records
                    .samples
                    .iter()
                    // SQL BETWEEN on the timestamp: both ends included.
                    .filter(|s| s.datatype == datatype && (start..=end).contains(&s.at))
                    .filter(|s| from_source(s.origin))
                    .map(data::sample_json)
                    .collect()
            }
            Kind::Events => {
                let types: Option<Vec<&str>> =
                    get(&checked.params, "event_type").map(|s| s.split(';').collect());
                records
                    .events
                    .iter()
                    .filter(|e| (start..=end).contains(&e.start) && from_source(e.origin))
                    .filter(|e| types.as_ref().is_none_or(|t| t.contains(&e.name.as_str())))
                    .map(data::event_json)
                    .collect()
            }
        }
    };
    log(shared, path, Some(&checked.params), StatusCode::OK);
    let mut bytes = serde_json::to_vec(&body).unwrap_or_default();
    if truncate {
        bytes.truncate(bytes.len() / 2);
    }
    let mut response = Response::new(Body::from(bytes));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// `GET /api/data/read/datastreams`.
pub(crate) async fn datastreams(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    answer(
        &shared,
        "/api/data/read/datastreams",
        Kind::Datastreams,
        &headers,
        query,
    )
    .await
}

/// `GET /api/data/read/events`.
pub(crate) async fn events(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    answer(
        &shared,
        "/api/data/read/events",
        Kind::Events,
        &headers,
        query,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fraction_is_required() {
        assert_eq!(
            server_time("2026-11-20 14:05:00.000000"),
            Some(1_795_183_500)
        );
        assert_eq!(server_time("2026-11-20 14:05:00.5"), Some(1_795_183_500));
        assert_eq!(server_time("2026-11-20 14:05:00"), None);
        assert_eq!(server_time("2026-11-20T14:05:00.000000"), None);
    }
}
