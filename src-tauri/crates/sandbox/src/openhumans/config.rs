//! How the fake Open Humans behaves.

use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use chrono::{NaiveDate, Utc};

#[derive(Clone)]
pub struct OpenHumansConfig {
    pub client_id: String,
    pub client_secret: String,
    /// Seeds the Withings data inside the member's Withings file: the same
    /// seed, `until` and `days` as a [`crate::WithingsConfig`] give the same
    /// weigh-ins (a member who connected Withings directly as well).
    pub seed: u64,
    /// The data ends at `until` 00:00 UTC (exclusive).
    pub until: NaiveDate,
    /// Days of data in the Withings and Fitbit files.
    pub days: u32,
    /// `exchange-member`'s default `limit` (DRF: 100).
    pub page_limit: usize,
    /// Serve every other listing page one file short of the `limit` (with a
    /// `next`): a short page is not the last one.
    pub short_pages: bool,
    /// `expires_in` of access tokens (Open Humans: 36000 s).
    pub access_token_ttl: Duration,
    /// How long a download key is good after its listing (Open Humans: 1 h).
    pub key_ttl: Duration,
    /// How long an authorization code is good (DOT setting: 1800 s).
    pub code_ttl: Duration,
    pub bind: SocketAddr,
}

impl Default for OpenHumansConfig {
    fn default() -> Self {
        Self {
            client_id: "healthdash-sandbox-oh".into(),
            client_secret: "sandbox-oh-secret".into(),
            seed: 20_180_601,
            until: Utc::now().date_naive(),
            days: 730,
            page_limit: 100,
            short_pages: true,
            access_token_ttl: Duration::from_secs(36_000),
            key_ttl: Duration::from_secs(3_600),
            code_ttl: Duration::from_secs(1_800),
            bind: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
        }
    }
}

/// Debug without the client secret.
impl fmt::Debug for OpenHumansConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OpenHumansConfig")
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("seed", &self.seed)
            .field("until", &self.until)
            .field("days", &self.days)
            .field("page_limit", &self.page_limit)
            .field("short_pages", &self.short_pages)
            .finish_non_exhaustive()
    }
}
