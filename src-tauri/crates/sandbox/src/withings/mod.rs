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
mod reply;
mod request_log;
pub(crate) mod tokens;

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::extract::State;
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};

use self::config::WithingsConfig;
use self::data::FakeData;
use self::faults::FaultState;
use self::tokens::TokenStore;

pub use self::fake::WithingsFake;
pub(crate) use self::reply::{Reply, finish};
pub(crate) use self::request_log::RequestInfo;
pub use self::request_log::RequestRecord;

/// Request parameters: query string and form body merged (body wins), as
/// Withings reads both.
pub(crate) type Params = BTreeMap<String, String>;

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
