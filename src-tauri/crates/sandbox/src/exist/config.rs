//! Configuration of the fake Exist server.

use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use chrono::NaiveDate;
use chrono_tz::Tz;

/// How the fake behaves. [`Default`] follows today's Exist (API v2).
#[derive(Clone)]
pub struct ExistConfig {
    /// The one registered client ("Confidential", as Exist's guide makes it).
    pub client_id: String,
    pub client_secret: String,
    /// Seed of the data set: same seed and dates, same data.
    pub seed: u64,
    /// The profile's `timezone`: the zone of every Exist date.
    pub timezone: Tz,
    /// The last date with data (inclusive). Default: today in `timezone`.
    pub until: NaiveDate,
    /// Number of dates with data up to `until` (default 730).
    pub days: u32,
    /// Most attributes per `with-values` page, whatever `limit` asks
    /// (Django REST Framework's `max_limit`; the real value is not published).
    pub max_page_size: usize,
    /// Access-token life, sent as `expires_in` (Exist: 31535999 s, a year).
    pub access_token_ttl: Duration,
    /// Requests per hour per access token before HTTP 429 (Exist: 300). 0 = no limit.
    pub rate_limit_per_hour: u32,
    /// Where to listen (default `127.0.0.1:0`, an ephemeral port).
    pub bind: SocketAddr,
}

impl Default for ExistConfig {
    fn default() -> Self {
        let timezone = chrono_tz::Europe::Paris;
        Self {
            client_id: "healthdash-exist-sandbox".into(),
            client_secret: "exist-sandbox-secret".into(),
            seed: 20_220_818,
            timezone,
            until: chrono::Utc::now().with_timezone(&timezone).date_naive(),
            days: 730,
            max_page_size: 100,
            access_token_ttl: Duration::from_secs(31_535_999),
            rate_limit_per_hour: 300,
            bind: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
        }
    }
}

/// Debug without the client secret, so configs can be logged.
impl fmt::Debug for ExistConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ExistConfig")
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("seed", &self.seed)
            .field("timezone", &self.timezone)
            .field("until", &self.until)
            .field("days", &self.days)
            .field("max_page_size", &self.max_page_size)
            .field("access_token_ttl", &self.access_token_ttl)
            .field("rate_limit_per_hour", &self.rate_limit_per_hour)
            .field("bind", &self.bind)
            .finish()
    }
}
