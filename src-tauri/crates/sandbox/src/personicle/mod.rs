//! The fake Personicle: Okta's implicit sign-in and the read API, as
//! Personicle's backend code serves them (PROVIDERS.md, "Personicle").
//!
//! Endpoints, relative to the base URL:
//! - `GET /oauth2/aus445eqrgaj1kKdh5d7/v1/authorize` — the sign-in page
//!   (`response_type=token`, `client_id`, `redirect_uri`, `scope` with
//!   `openid`, `state`, `nonce`); its form `POST`s back and is answered with
//!   a redirect whose **fragment** carries `access_token`, `token_type`,
//!   `expires_in`, `scope` and `state` (or `error`, `error_description`,
//!   `state`);
//! - `GET /api/data/read/datastreams?datatype&startTime&endTime[&source]`
//!   and `GET /api/data/read/events?startTime&endTime[&source][&event_type]`,
//!   Bearer token, both ends inclusive, no paging;
//! - the error shapes: 401 with the JSON string `"Bearer token not present
//!   in request"`, 403 with a JSON string, and a bad time answered by HTTP
//!   200 `["Invalid request", 422]`.
//!
//! Tokens expire after `token_lifetime_secs`; there is no refresh token and
//! the token endpoint refuses every grant.

mod api;
mod auth;
pub mod data;
mod faults;

use std::collections::HashMap;
use std::io;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::Router;
use axum::routing::{any, get};

use self::data::Records;
pub use self::faults::{PersonicleFault, PersonicleFaults};
use crate::fake::{Endpoints, Fake, SandboxFake, SandboxOptions, loopback};
use crate::host::RunningFake;

/// The custom Okta authorization server's path, as in Personicle's document.
pub const AUTH_SERVER: &str = "/oauth2/aus445eqrgaj1kKdh5d7/v1";

/// How the fake behaves.
#[derive(Clone, Debug)]
pub struct PersonicleConfig {
    pub seed: u64,
    /// The last instant of data (unix seconds); default: when the fake starts.
    pub until: i64,
    pub days: u32,
    pub client_id: String,
    /// What the registration page shows once; unused by the implicit flow.
    pub client_secret: String,
    /// `expires_in` of the tokens it issues (Okta: 5 min to 24 h).
    pub token_lifetime_secs: i64,
    /// Accept `http://127.0.0.1` / `localhost` redirect URIs (Okta accepts
    /// them when registered; the fake accepts any port).
    pub allow_loopback_redirect: bool,
}

impl Default for PersonicleConfig {
    fn default() -> Self {
        PersonicleConfig {
            seed: 13,
            until: unix_now(),
            days: 60,
            client_id: "0oa-healthdash-sandbox".to_owned(),
            client_secret: "personicle-sandbox-secret".to_owned(),
            token_lifetime_secs: 3_600,
            allow_loopback_redirect: true,
        }
    }
}

/// A token the fake issued.
#[derive(Clone, Debug)]
pub(crate) struct Token {
    pub scopes: Vec<String>,
    pub expires_at: i64,
}

/// One API request, as the tests count them (no token in it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiRequest {
    pub path: String,
    pub datatype: Option<String>,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    pub http_status: u16,
}

pub(crate) struct Shared {
    pub config: PersonicleConfig,
    pub records: Mutex<Records>,
    pub tokens: Mutex<HashMap<String, Token>>,
    pub faults: Mutex<faults::FaultState>,
    pub log: Mutex<Vec<ApiRequest>>,
}

/// Locks, ignoring poisoning: a panicked handler must not wedge the fake.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

pub(crate) fn unix_now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// The fake Personicle: its records, tokens, faults and request log.
pub struct PersonicleFake {
    shared: Arc<Shared>,
}

impl PersonicleFake {
    pub fn new(config: PersonicleConfig) -> Self {
        let records = Records::generate(config.seed, config.until, config.days);
        PersonicleFake {
            shared: Arc::new(Shared {
                config,
                records: Mutex::new(records),
                tokens: Mutex::default(),
                faults: Mutex::default(),
                log: Mutex::default(),
            }),
        }
    }

    pub fn config(&self) -> &PersonicleConfig {
        &self.shared.config
    }

    /// Every record served (the truth tests compare against).
    pub fn records(&self) -> Records {
        lock(&self.shared.records).clone()
    }

    /// Changes a stored value, as a corrected weigh-in does upstream.
    pub fn correct_sample(&self, datatype: &str, at: i64, value: f64) -> bool {
        let mut records = lock(&self.shared.records);
        let found = records
            .samples
            .iter_mut()
            .find(|s| s.datatype == datatype && s.at == at);
        match found {
            Some(sample) => {
                sample.value = value;
                true
            }
            None => false,
        }
    }

    /// Deletes an event upstream.
    pub fn delete_event(&self, id: &str) -> bool {
        let mut records = lock(&self.shared.records);
        let before = records.events.len();
        records.events.retain(|e| e.id != id);
        records.events.len() != before
    }

    pub fn faults(&self) -> PersonicleFaults<'_> {
        PersonicleFaults {
            shared: &self.shared,
        }
    }

    /// The API requests so far, oldest first.
    pub fn requests(&self) -> Vec<ApiRequest> {
        lock(&self.shared.log).clone()
    }

    pub fn clear_requests(&self) {
        lock(&self.shared.log).clear();
    }

    /// The access tokens issued so far.
    pub fn issued_tokens(&self) -> Vec<String> {
        lock(&self.shared.tokens).keys().cloned().collect()
    }
}

impl Fake for PersonicleFake {
    fn provider_id(&self) -> &'static str {
        "personicle"
    }

    fn router(&self) -> Router {
        let shared = self.shared.clone();
        Router::new()
            .route("/", get(index))
            .route(
                &format!("{AUTH_SERVER}/authorize"),
                get(auth::authorize_page).post(auth::authorize_decision),
            )
            .route(&format!("{AUTH_SERVER}/token"), any(auth::token))
            .route("/api/data/read/datastreams", get(api::datastreams))
            .route("/api/data/read/events", get(api::events))
            .with_state(shared)
    }

    fn client_id(&self) -> &str {
        &self.shared.config.client_id
    }

    /// Registration hands one out; the implicit flow never sends it.
    fn client_secret(&self) -> &str {
        &self.shared.config.client_secret
    }

    fn endpoints(&self) -> Endpoints {
        Endpoints {
            authorize: "/oauth2/aus445eqrgaj1kKdh5d7/v1/authorize",
            token: "/oauth2/aus445eqrgaj1kKdh5d7/v1/token",
            api_base: "/",
        }
    }
}

/// `GET /`: what this server is.
async fn index() -> axum::response::Html<String> {
    axum::response::Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Personicle sandbox</title></head>\
<body><h1>Personicle sandbox</h1><p>A local fake of Personicle for Healthdash, with made-up data.</p>\
<ul><li>Sign-in (implicit flow): <code>{AUTH_SERVER}/authorize</code></li>\
<li>Datastreams: <code>/api/data/read/datastreams</code></li><li>Events: <code>/api/data/read/events</code></li></ul></body></html>"
    ))
}

impl SandboxFake for PersonicleFake {
    fn for_sandbox(options: &SandboxOptions) -> Self {
        PersonicleFake::new(PersonicleConfig {
            days: options.days,
            allow_loopback_redirect: !options.strict,
            ..PersonicleConfig::default()
        })
    }
}

impl RunningFake<PersonicleFake> {
    /// Generates the records and serves them on an ephemeral loopback port.
    pub async fn start_personicle(config: PersonicleConfig) -> io::Result<Self> {
        RunningFake::serve(Arc::new(PersonicleFake::new(config)), loopback(0)).await
    }
}
