//! The fake Withings server: router, shared state, parameter parsing and the
//! request log.
//!
//! Endpoints (all relative to the base URL, paths as on `wbsapi.withings.net` and
//! `account.withings.com` today):
//! - `GET /` — index page;
//! - `GET|POST /oauth2_user/authorize2` — sign-in page and its form;
//! - `POST /v2/oauth2` — `action=requesttoken`;
//! - `GET|POST /measure` — `getmeas` (not under `/v2`);
//! - `GET|POST /v2/measure` — `getactivity`, `getintradayactivity`, `getworkouts`;
//! - `GET|POST /v2/sleep` — `get`, `getsummary`;
//! - `GET|POST /v2/user` — `getdevice`, `getgoals`;
//! - `POST /_sandbox/faults`, `GET|DELETE /_sandbox/requests` — control plane,
//!   not part of Withings and not recorded in the request log.

pub(crate) mod api;
pub(crate) mod auth;
pub mod config;
pub mod data;
pub(crate) mod envelope;
mod fake;
pub mod faults;
pub(crate) mod pages;
pub(crate) mod pkce;
pub(crate) mod tokens;

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use self::config::WithingsConfig;
use self::data::FakeData;
use self::faults::FaultState;
use self::tokens::TokenStore;

pub use self::fake::WithingsFake;

/// Request parameters: query string and form body merged (body wins), as
/// Withings reads both.
pub(crate) type Params = BTreeMap<String, String>;

/// Parameters whose values never reach the log or traces.
const SECRET_PARAMS: &[&str] = &[
    "access_token",
    "client_secret",
    "code",
    "code_verifier",
    "refresh_token",
    "signature",
    "nonce",
    "password",
];

/// One recorded request. Secret parameters are replaced by `"<redacted>"` and the
/// `Authorization` header is not kept.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestRecord {
    /// 1, 2, 3… in arrival order.
    pub seq: u64,
    /// Unix milliseconds when the response was decided.
    pub at_ms: i64,
    pub method: String,
    pub path: String,
    pub action: Option<String>,
    pub params: BTreeMap<String, String>,
    /// HTTP status sent.
    pub http_status: u16,
    /// The envelope's `status`, for JSON answers that have one.
    pub status: Option<i64>,
    /// Name of the injected fault, if one shaped this answer.
    pub fault: Option<String>,
}

/// State shared by the handlers and the handle.
pub(crate) struct Shared {
    pub config: WithingsConfig,
    pub data: FakeData,
    pub tokens: Mutex<TokenStore>,
    pub faults: Mutex<FaultState>,
    log: Mutex<Vec<RequestRecord>>,
    rate: Mutex<HashMap<String, VecDeque<Instant>>>,
}

/// Locks, ignoring poisoning: a panicked handler must not wedge the fake.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

pub(crate) fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

fn unix_now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

impl Shared {
    pub fn new(config: WithingsConfig) -> Self {
        let data = FakeData::generate(config.seed, config.until, config.days);
        Self {
            config,
            data,
            tokens: Mutex::new(TokenStore::default()),
            faults: Mutex::new(FaultState::default()),
            log: Mutex::new(Vec::new()),
            rate: Mutex::new(HashMap::new()),
        }
    }

    pub fn requests(&self) -> Vec<RequestRecord> {
        lock(&self.log).clone()
    }

    pub fn clear_requests(&self) {
        lock(&self.log).clear();
    }

    /// Counts a call against the client's per-minute budget; true when over it.
    pub fn rate_limited(&self, client_id: &str) -> bool {
        let limit = self.config.rate_limit_per_minute as usize;
        if limit == 0 {
            return false;
        }
        let now = Instant::now();
        let mut rate = lock(&self.rate);
        let window = rate.entry(client_id.to_string()).or_default();
        while window
            .front()
            .is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(60))
        {
            window.pop_front();
        }
        if window.len() >= limit {
            return true;
        }
        window.push_back(now);
        false
    }

    /// Whether `more` is sent as a boolean for this action's page.
    pub fn more_as_bool(&self, action_salt: usize, page_index: usize) -> bool {
        self.config
            .more_as_bool
            .unwrap_or((action_salt + page_index) % 2 == 1)
    }
}

/// What a handler decided, before the fault shaping and the log.
pub(crate) struct Reply {
    pub http: StatusCode,
    pub payload: Payload,
    pub retry_after: Option<u64>,
    pub fault: Option<String>,
    pub truncate: bool,
    pub delay: Option<Duration>,
}

pub(crate) enum Payload {
    Json(Value),
    Html(String),
    Redirect(String),
    Text(String),
}

impl Reply {
    fn new(http: StatusCode, payload: Payload) -> Self {
        Self {
            http,
            payload,
            retry_after: None,
            fault: None,
            truncate: false,
            delay: None,
        }
    }

    /// An envelope, HTTP 200 like every Withings answer.
    pub fn json(v: Value) -> Self {
        Self::new(StatusCode::OK, Payload::Json(v))
    }

    pub fn html(http: StatusCode, page: String) -> Self {
        Self::new(http, Payload::Html(page))
    }

    pub fn redirect(location: String) -> Self {
        Self::new(StatusCode::SEE_OTHER, Payload::Redirect(location))
    }

    pub fn text(http: StatusCode, text: &str) -> Self {
        Self::new(http, Payload::Text(text.to_string()))
    }
}

/// The loggable part of a request.
pub(crate) struct RequestInfo {
    pub method: String,
    pub path: String,
    pub action: Option<String>,
    pub params: Params,
}

impl RequestInfo {
    pub fn new(method: &Method, uri: &Uri, params: &Params) -> Self {
        let redacted = params
            .iter()
            .map(|(k, v)| {
                let v = if SECRET_PARAMS.contains(&k.as_str()) {
                    "<redacted>".to_string()
                } else {
                    v.clone()
                };
                (k.clone(), v)
            })
            .collect();
        Self {
            method: method.as_str().to_string(),
            path: uri.path().to_string(),
            action: params.get("action").cloned(),
            params: redacted,
        }
    }
}

/// Records the request, applies a delay and truncation, and builds the response.
/// The record is written before any delay so a client that gives up still
/// leaves a trace.
pub(crate) async fn finish(shared: &Shared, info: RequestInfo, reply: Reply) -> Response {
    let status = match &reply.payload {
        Payload::Json(v) => v.get("status").and_then(Value::as_i64),
        _ => None,
    };
    tracing::debug!(
        method = %info.method,
        path = %info.path,
        action = info.action.as_deref().unwrap_or(""),
        http = reply.http.as_u16(),
        status = status.unwrap_or(-1),
        fault = reply.fault.as_deref().unwrap_or(""),
        "withings sandbox request"
    );
    {
        let mut log = lock(&shared.log);
        let seq = log.len() as u64 + 1;
        log.push(RequestRecord {
            seq,
            at_ms: unix_now_ms(),
            method: info.method,
            path: info.path,
            action: info.action,
            params: info.params,
            http_status: reply.http.as_u16(),
            status,
            fault: reply.fault.clone(),
        });
    }
    if let Some(delay) = reply.delay {
        tokio::time::sleep(delay).await;
    }
    let mut response = match reply.payload {
        Payload::Json(v) => {
            let mut bytes = serde_json::to_vec(&v).unwrap_or_default();
            if reply.truncate {
                bytes.truncate(bytes.len() / 2);
            }
            let mut r = Response::new(Body::from(bytes));
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            r
        }
        Payload::Html(page) => {
            let mut r = Response::new(Body::from(page));
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            r
        }
        Payload::Redirect(location) => {
            let mut r = Response::new(Body::empty());
            if let Ok(v) = HeaderValue::from_str(&location) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            r
        }
        Payload::Text(text) => text.into_response(),
    };
    *response.status_mut() = reply.http;
    if let Some(secs) = reply.retry_after {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    response
}

/// Merges the query string and a form body into one map (body wins).
pub(crate) fn parse_params(query: Option<&str>, body: &[u8]) -> Result<Params, String> {
    let mut params = Params::new();
    if let Some(q) = query {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(q).map_err(|e| format!("query: {e}"))?;
        params.extend(pairs);
    }
    if !body.is_empty() {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_bytes(body).map_err(|e| format!("body: {e}"))?;
        params.extend(pairs);
    }
    Ok(params)
}

/// The axum router over the shared state.
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/", get(pages::index))
        .route(
            "/oauth2_user/authorize2",
            get(auth::authorize_page).post(auth::authorize_decision),
        )
        .route("/v2/oauth2", any(auth::token))
        .route("/measure", get(api::handle).post(api::handle))
        .route("/v2/measure", get(api::handle).post(api::handle))
        .route("/v2/sleep", get(api::handle).post(api::handle))
        .route("/v2/user", get(api::handle).post(api::handle))
        .route("/_sandbox/faults", post(faults::http_apply))
        .route(
            "/_sandbox/requests",
            get(list_requests).delete(clear_requests),
        )
        .fallback(not_found)
        .with_state(shared)
}

async fn list_requests(State(shared): State<Arc<Shared>>) -> Response {
    axum::Json(shared.requests()).into_response()
}

async fn clear_requests(State(shared): State<Arc<Shared>>) -> StatusCode {
    shared.clear_requests();
    StatusCode::NO_CONTENT
}

async fn not_found(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    let params = parse_params(uri.query(), &[]).unwrap_or_default();
    let info = RequestInfo::new(&method, &uri, &params);
    finish(
        &shared,
        info,
        Reply::text(StatusCode::NOT_FOUND, "not found"),
    )
    .await
}
