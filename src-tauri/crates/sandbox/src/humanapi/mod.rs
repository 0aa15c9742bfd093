//! The fake Human API: the v1 data API as its document describes it
//! (`/v1/human/<type>/readings`, `/sleeps`, `/activities/summaries`; query
//! options `limit` (default 50, at most 500), `offset`, `updated_since`,
//! `start_date`/`end_date`, `source`; `Link` and `X-Total-Count` headers;
//! the token as `access_token` or a Bearer header; 401 with a JSON body
//! for an expired token), and — since Human API has no public redirect
//! sign-in — a standard OAuth2 authorization-code server standing in for
//! Human Connect (`/oauth/authorize`, `POST /oauth/token`: client by form
//! fields or HTTP Basic, PKCE, 24 h access tokens, rotating refresh tokens,
//! `400 invalid_grant` for a refused refresh).
//!
//! Switchable faults ([`HumanApiFaults`]): expired tokens, revoked refresh
//! tokens, 5xx, 429 with `Retry-After`, cut-off bodies, no `Link` headers,
//! pages capped below the `limit` asked for, record updates.

mod api;
mod auth;
pub mod data;

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::routing::{get, post};
use chrono::{NaiveDate, Utc};
use serde_json::Value;

use self::data::{FakeData, Record};
use crate::fake::{Endpoints, Fake, SandboxFake, SandboxOptions};
use crate::host::RunningFake;
use crate::withings::lock;
use crate::withings::tokens::TokenStore;

/// How the fake behaves; [`Default`] follows the document and today's service.
#[derive(Clone, Debug)]
pub struct HumanApiConfig {
    pub client_id: String,
    pub client_secret: String,
    pub seed: u64,
    /// The data ends the day before `until` (default: today, UTC).
    pub until: NaiveDate,
    pub days: u32,
    /// The most records a page holds whatever `limit` asks (the service may
    /// cap pages below it); default 500, the documented maximum.
    pub page_cap: usize,
    /// Send `Link` and `X-Total-Count` (default true).
    pub link_headers: bool,
    /// One heart-rate reading whose value is not a number (default true).
    pub malformed_record: bool,
    /// `expires_in` of access tokens (Human API: 86400 s).
    pub access_token_ttl: Duration,
    pub code_ttl: Duration,
    /// Where to listen (default `127.0.0.1:0`).
    pub bind: SocketAddr,
}

impl Default for HumanApiConfig {
    fn default() -> Self {
        HumanApiConfig {
            client_id: "healthdash-humanapi-sandbox".into(),
            client_secret: "humanapi-sandbox-secret".into(),
            seed: 11,
            until: Utc::now().date_naive(),
            days: 365,
            page_cap: 500,
            link_headers: true,
            malformed_record: true,
            access_token_ttl: Duration::from_secs(86_400),
            code_ttl: Duration::from_secs(600),
            bind: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
        }
    }
}

/// One request as the fake saw it (control requests are not logged).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HumanApiRequest {
    pub method: String,
    pub path: String,
    pub query: String,
    pub status: u16,
}

#[derive(Debug, Default)]
pub(crate) struct FaultState {
    pub server_errors: u32,
    pub rate_limits: u32,
    pub truncations: u32,
    pub page_cap: Option<usize>,
    pub no_links: bool,
    /// Record types whose next page is an object, not a list.
    pub malformed: Vec<data::RecordType>,
    /// Data answers still to slow down, and by how much.
    pub delays: u32,
    pub delay: Duration,
}

pub(crate) struct Shared {
    pub config: HumanApiConfig,
    pub data: Mutex<FakeData>,
    pub tokens: Mutex<TokenStore>,
    pub faults: Mutex<FaultState>,
    pub log: Mutex<Vec<HumanApiRequest>>,
}

impl Shared {
    pub fn record(&self, request: HumanApiRequest) {
        lock(&self.log).push(request);
    }
}

/// The fake Human API: data, tokens, faults, request log.
pub struct HumanApiFake {
    shared: Arc<Shared>,
}

impl HumanApiFake {
    pub fn new(config: HumanApiConfig) -> HumanApiFake {
        let data = FakeData::generate(
            config.seed,
            config.until,
            config.days,
            config.malformed_record,
        );
        HumanApiFake {
            shared: Arc::new(Shared {
                config,
                data: Mutex::new(data),
                tokens: Mutex::new(TokenStore::default()),
                faults: Mutex::new(FaultState::default()),
                log: Mutex::new(Vec::new()),
            }),
        }
    }

    pub fn config(&self) -> &HumanApiConfig {
        &self.shared.config
    }

    /// The data served now (the truth tests compare against).
    pub fn data(&self) -> FakeData {
        lock(&self.shared.data).clone()
    }

    pub fn faults(&self) -> HumanApiFaults<'_> {
        HumanApiFaults {
            shared: &self.shared,
        }
    }

    pub fn requests(&self) -> Vec<HumanApiRequest> {
        lock(&self.shared.log).clone()
    }

    pub fn clear_requests(&self) {
        lock(&self.shared.log).clear();
    }
}

/// The fault switches and edits of a running fake.
pub struct HumanApiFaults<'a> {
    shared: &'a Shared,
}

impl HumanApiFaults<'_> {
    /// Every access token issued so far answers 401 from now on.
    pub fn expire_access_tokens(&self) {
        lock(&self.shared.tokens).expire_all_access();
    }

    /// Every refresh token issued so far is refused (the user disconnected
    /// the app); a new sign-in works again.
    pub fn revoke_refresh_tokens(&self) {
        lock(&self.shared.tokens).revoke_all_refresh();
    }

    /// The next `n` data requests answer HTTP 500.
    pub fn server_error_next(&self, n: u32) {
        lock(&self.shared.faults).server_errors += n;
    }

    /// The next `n` data requests answer 429 with `Retry-After: 1`.
    pub fn rate_limit_next(&self, n: u32) {
        lock(&self.shared.faults).rate_limits += n;
    }

    /// The next `n` data answers are cut off half-way.
    pub fn truncate_next(&self, n: u32) {
        lock(&self.shared.faults).truncations += n;
    }

    /// The next `n` data answers each take `delay` longer (so a test can
    /// kill a sync midway).
    pub fn delay_next(&self, n: u32, delay: Duration) {
        let mut faults = lock(&self.shared.faults);
        faults.delays = n;
        faults.delay = delay;
    }

    /// The next page of `kind` is HTTP 200 with an object instead of a list.
    pub fn malformed_page_next(&self, kind: data::RecordType) {
        lock(&self.shared.faults).malformed.push(kind);
    }

    /// Pages hold at most `cap` records, whatever `limit` asks.
    pub fn cap_pages(&self, cap: usize) {
        lock(&self.shared.faults).page_cap = Some(cap.max(1));
    }

    /// Answers without `Link` and `X-Total-Count` (or with them again).
    pub fn drop_link_headers(&self, drop: bool) {
        lock(&self.shared.faults).no_links = drop;
    }

    /// Changes a field of record `id` (it keeps its id; `updatedAt` becomes now).
    pub fn update_record(&self, id: &str, field: &str, value: Value) -> Option<Record> {
        lock(&self.shared.data).update(id, field, value)
    }
}

impl Fake for HumanApiFake {
    fn provider_id(&self) -> &'static str {
        "humanapi"
    }

    fn router(&self) -> Router {
        let shared = self.shared.clone();
        Router::new()
            .route("/", get(api::index))
            .route(
                "/oauth/authorize",
                get(auth::authorize_page).post(auth::authorize_decision),
            )
            .route("/oauth/token", post(auth::token))
            .route("/v1/human/{*rest}", get(api::list))
            .fallback(api::not_found)
            .with_state(shared)
    }

    fn client_id(&self) -> &str {
        &self.shared.config.client_id
    }

    fn client_secret(&self) -> &str {
        &self.shared.config.client_secret
    }

    fn endpoints(&self) -> Endpoints {
        Endpoints {
            authorize: "/oauth/authorize",
            token: "/oauth/token",
            // Paths as on api.humanapi.co: `/v1/human/...` at the root.
            api_base: "/",
        }
    }
}

impl SandboxFake for HumanApiFake {
    fn for_sandbox(options: &SandboxOptions) -> Self {
        HumanApiFake::new(HumanApiConfig {
            days: options.days,
            ..HumanApiConfig::default()
        })
    }
}

impl RunningFake<HumanApiFake> {
    /// Generates the data set and serves it on `config.bind`.
    pub async fn start_humanapi(config: HumanApiConfig) -> std::io::Result<Self> {
        let bind = config.bind;
        RunningFake::serve(Arc::new(HumanApiFake::new(config)), bind).await
    }
}

/// Rate-limit and 5xx faults, counted down in order.
pub(crate) fn take_fault(shared: &Shared) -> Option<Fault> {
    let mut faults = lock(&shared.faults);
    if faults.rate_limits > 0 {
        faults.rate_limits -= 1;
        return Some(Fault::RateLimit);
    }
    if faults.server_errors > 0 {
        faults.server_errors -= 1;
        return Some(Fault::ServerError);
    }
    if faults.truncations > 0 {
        faults.truncations -= 1;
        return Some(Fault::Truncate);
    }
    None
}

#[derive(Clone, Copy, Debug)]
pub(crate) enum Fault {
    RateLimit,
    ServerError,
    Truncate,
}

/// How long the next data answer waits first (a fault), if at all.
pub(crate) fn take_delay(shared: &Shared) -> Option<Duration> {
    let mut faults = lock(&shared.faults);
    (faults.delays > 0).then(|| {
        faults.delays -= 1;
        faults.delay
    })
}
