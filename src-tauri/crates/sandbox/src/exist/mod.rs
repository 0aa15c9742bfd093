//! The fake Exist server (API v2, as exist.io serves it today).
//!
//! Endpoints (relative to the base URL, paths as on exist.io):
//! - `GET /` — index page;
//! - `GET|POST /oauth2/authorize` — sign-in page and its form;
//! - `POST /oauth2/access_token` — `grant_type=authorization_code|refresh_token`;
//! - `GET /api/2/accounts/profile/` — the profile and its `timezone`;
//! - `GET /api/2/attributes/with-values/` — attributes with daily values,
//!   paged (`page`, `limit`, `next` as an absolute URL), `days` ≤ 31, `date_max`;
//! - `GET /api/2/attributes/`, `POST /api/2/attributes/acquire/`, `release/`,
//!   `update/`, `increment/` — the write side ([`write`]);
//! - `POST /_sandbox/faults`, `GET|DELETE /_sandbox/requests` — control plane,
//!   not part of Exist and not recorded in the request log.
//!
//! The API routes live in [`api`], one file per endpoint group, so that a
//! write side adds its own file there.

pub(crate) mod api;
pub(crate) mod auth;
pub mod config;
pub mod data;
mod fake;
pub mod faults;
pub(crate) mod reply;
pub(crate) mod tokens;
pub mod write;

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::State;
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono_tz::Tz;

use self::config::ExistConfig;
use self::data::ExistData;
use self::faults::FaultState;
use self::reply::{Reply, finish};
use self::tokens::TokenStore;
use crate::withings::{RequestInfo, RequestRecord};

pub use self::fake::ExistFake;

/// Request parameters: query string and form body merged (body wins).
pub(crate) type Params = std::collections::BTreeMap<String, String>;

/// State shared by the handlers and the handle.
pub(crate) struct Shared {
    pub config: ExistConfig,
    pub data: Mutex<ExistData>,
    /// The profile's zone (a fault can move the user).
    pub timezone: Mutex<Tz>,
    pub tokens: Mutex<TokenStore>,
    pub faults: Mutex<FaultState>,
    /// The write side's calls and planned refusals ([`write`]).
    pub write: Mutex<write::WriteState>,
    log: Mutex<Vec<RequestRecord>>,
    rate: Mutex<HashMap<String, VecDeque<Instant>>>,
}

/// Locks, ignoring poisoning: a panicked handler must not wedge the fake.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Shared {
    pub fn new(config: ExistConfig) -> Self {
        let data = ExistData::generate(config.seed, config.until, config.days);
        Self {
            timezone: Mutex::new(config.timezone),
            config,
            data: Mutex::new(data),
            tokens: Mutex::new(TokenStore::default()),
            faults: Mutex::new(FaultState::default()),
            write: Mutex::new(write::WriteState::default()),
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

    pub(crate) fn record(&self, mut record: RequestRecord) {
        let mut log = lock(&self.log);
        record.seq = log.len() as u64 + 1;
        log.push(record);
    }

    /// Counts a call against the token's hourly budget; `Some(seconds)` to
    /// wait when over it.
    pub fn rate_limited(&self, token: &str) -> Option<u64> {
        let limit = self.config.rate_limit_per_hour as usize;
        if limit == 0 {
            return None;
        }
        let hour = Duration::from_secs(3600);
        let now = Instant::now();
        let mut rate = lock(&self.rate);
        let window = rate.entry(token.to_owned()).or_default();
        while window
            .front()
            .is_some_and(|t| now.duration_since(*t) >= hour)
        {
            window.pop_front();
        }
        if window.len() >= limit {
            let oldest = window.front().copied().unwrap_or(now);
            let wait = hour.saturating_sub(now.duration_since(oldest));
            return Some(wait.as_secs().max(1));
        }
        window.push_back(now);
        None
    }
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
        .route("/", get(index))
        .route(
            "/oauth2/authorize",
            get(auth::authorize_page).post(auth::authorize_decision),
        )
        .route("/oauth2/access_token", post(auth::token))
        .merge(api::routes())
        .route("/_sandbox/faults", post(faults::http_apply))
        .route(
            "/_sandbox/requests",
            get(list_requests).delete(clear_requests),
        )
        .fallback(not_found)
        .with_state(shared)
}

async fn index(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    let (first, last) = {
        let data = lock(&shared.data);
        (data.first_day, data.last_day)
    };
    let body = format!(
        "<h1>Exist sandbox</h1><p>A local fake of the Exist API v2 for Healthdash, with deterministic data ({first} to {last}).</p>\
<ul><li>Authorize: <code>/oauth2/authorize</code></li><li>Token: <code>POST /oauth2/access_token</code></li>\
<li>Profile: <code>/api/2/accounts/profile/</code></li><li>Values: <code>/api/2/attributes/with-values/</code></li>\
<li>Control: <code>POST /_sandbox/faults</code>, <code>GET /_sandbox/requests</code></li></ul>"
    );
    let info = RequestInfo::new(&method, &uri, &Params::new());
    finish(
        &shared,
        info,
        Reply::html(StatusCode::OK, auth::page("Exist sandbox", &body)),
    )
    .await
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
        Reply::detail(StatusCode::NOT_FOUND, "Not found."),
    )
    .await
}
