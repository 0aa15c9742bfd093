//! Configuration of the fake Withings server.

use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use chrono::{NaiveDate, Utc};

/// How the fake behaves. [`Default`] follows today's Withings, with the sandbox
/// leniencies said below.
#[derive(Clone)]
pub struct WithingsConfig {
    /// The one registered application.
    pub client_id: String,
    pub client_secret: String,
    /// Seed of the data set: same seed and dates, same data.
    pub seed: u64,
    /// The data ends at `until` 00:00 UTC (exclusive). Default: today (UTC), so
    /// nothing served is in the future.
    pub until: NaiveDate,
    /// Number of days of data before `until` (default 730).
    pub days: u32,
    /// Items per page for getmeas, getactivity, getworkouts and getsummary
    /// (Withings: 200).
    pub page_size: usize,
    /// Access-token life, sent as `expires_in` (Withings: 3 h = 10800 s).
    pub access_token_ttl: Duration,
    /// How long a refresh token stays usable after it was rotated, unless the
    /// new access token is used first (Withings: 8 h).
    pub refresh_grace: Duration,
    /// Authorization-code life (Withings: 30 s).
    pub code_ttl: Duration,
    /// Sandbox leniency (default true): accept `http://127.0.0.1:PORT/...`,
    /// `http://localhost:PORT/...` and `http://[::1]:PORT/...` redirect URIs so the
    /// offline loopback sign-in works. Today's Withings refuses anything but https
    /// (no localhost, no IP); set false to be as strict.
    pub allow_loopback_redirect: bool,
    /// Requests per minute per client before status 601 (Withings: 120). 0 = no limit.
    pub rate_limit_per_minute: u32,
    /// How getmeas & co. encode `more`: `Some(true)` booleans, `Some(false)`
    /// integers, `None` (default) alternating deterministically per action and
    /// page, because the documents type it as int and real responses send booleans.
    pub more_as_bool: Option<bool>,
    /// Where to listen (default `127.0.0.1:0`, an ephemeral port).
    pub bind: SocketAddr,
}

impl Default for WithingsConfig {
    fn default() -> Self {
        Self {
            client_id: "healthdash-sandbox".into(),
            client_secret: "sandbox-secret".into(),
            seed: 20_180_601,
            until: Utc::now().date_naive(),
            days: 730,
            page_size: 200,
            access_token_ttl: Duration::from_secs(10_800),
            refresh_grace: Duration::from_secs(8 * 3600),
            code_ttl: Duration::from_secs(30),
            allow_loopback_redirect: true,
            rate_limit_per_minute: 120,
            more_as_bool: None,
            bind: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
        }
    }
}

/// Debug without the client secret, so configs can be logged.
impl fmt::Debug for WithingsConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WithingsConfig")
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("seed", &self.seed)
            .field("until", &self.until)
            .field("days", &self.days)
            .field("page_size", &self.page_size)
            .field("access_token_ttl", &self.access_token_ttl)
            .field("refresh_grace", &self.refresh_grace)
            .field("code_ttl", &self.code_ttl)
            .field("allow_loopback_redirect", &self.allow_loopback_redirect)
            .field("rate_limit_per_minute", &self.rate_limit_per_minute)
            .field("more_as_bool", &self.more_as_bool)
            .field("bind", &self.bind)
            .finish()
    }
}
