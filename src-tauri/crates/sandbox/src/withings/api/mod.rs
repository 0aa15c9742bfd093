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

mod activity;
mod measure;
mod params;
mod sleep;

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, Uri, header};
use axum::response::Response;
use serde_json::{Value, json};

use self::activity::{getactivity, getintradayactivity, getworkouts};
use self::measure::getmeas;
use self::sleep::{sleep_get, sleep_summary};
use super::envelope::{self, status};
use super::faults::apply_kind;
use super::{Params, Reply, RequestInfo, Shared, finish, lock, parse_params};

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

/// One action's answer over the data set, without token, rate limit or
/// faults: what another fake embeds (the Open Humans Withings integration
/// stored Withings answers in its files).
pub(crate) fn stored_answer(shared: &Shared, action: &str, params: &Params) -> Value {
    let answer = match action {
        "getmeas" => getmeas(shared, params),
        "getactivity" => getactivity(shared, params),
        "getworkouts" => getworkouts(shared, params),
        "getsummary" => sleep_summary(shared, params),
        "get" => sleep_get(shared, params),
        _ => Err(envelope::error(
            status::NOT_IMPLEMENTED,
            "Wrong action or wrong webservice",
        )),
    };
    answer.map_or_else(|error| error, envelope::ok)
}
