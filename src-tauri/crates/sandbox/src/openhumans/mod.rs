//! The fake Open Humans: a member who shares five files with the project —
//! the Withings integration's `nokiahealthdata.json` and its May 2018
//! `nokia_data_YYYYMMDD`, the Fitbit integration's `fitbit-data.json`, a
//! 23andMe genome and RunKeeper GPS tracks — behind today's sign-in,
//! `exchange-member` listing and pre-signed downloads (see [`http`]).
//!
//! Switches for tests: expire the download keys or the access tokens,
//! refuse refreshes, replace, delete or add a file.

pub mod config;
mod content;
mod http;
mod state;

use std::io;
use std::sync::Arc;

use axum::Router;
use axum::routing::{any, get, post};

pub use self::config::OpenHumansConfig;
pub use self::content::{CorrectedDay, FitbitDay};
use self::state::Shared;
pub use self::state::{MemberFile, OhRequest};
use crate::fake::{Endpoints, Fake, SandboxFake, SandboxOptions};
use crate::host::RunningFake;
use crate::withings::data::FakeData;
use crate::withings::lock;

/// Where the file host serves files (on the second origin).
pub const FILE_HOST_PATH: &str = "/member-files/";

/// The fake Open Humans.
pub struct OpenHumansFake {
    shared: Arc<Shared>,
}

impl OpenHumansFake {
    pub fn new(config: OpenHumansConfig) -> Self {
        Self {
            shared: Arc::new(Shared::new(config)),
        }
    }

    pub fn config(&self) -> &OpenHumansConfig {
        &self.shared.config
    }

    /// The Withings data inside `nokiahealthdata.json` (before the
    /// appended re-fetch, see [`Self::corrected_days`]).
    pub fn withings(&self) -> &FakeData {
        &self.shared.withings.data
    }

    /// The Withings data inside `nokia_data_20180517`.
    pub fn legacy_withings(&self) -> &FakeData {
        &self.shared.legacy_withings.data
    }

    /// Days whose steps the Withings file's appended re-fetch changed.
    pub fn corrected_days(&self) -> &[CorrectedDay] {
        &self.shared.corrected
    }

    /// The days inside `fitbit-data.json`.
    pub fn fitbit(&self) -> &[FitbitDay] {
        &self.shared.fitbit
    }

    /// The member's files, in listing order.
    pub fn files(&self) -> Vec<MemberFile> {
        self.shared.listed()
    }

    /// Every request so far (sign-in, listing, downloads, file host).
    pub fn requests(&self) -> Vec<OhRequest> {
        lock(&self.shared.log).clone()
    }

    pub fn clear_requests(&self) {
        lock(&self.shared.log).clear();
    }

    /// Every download key handed out so far now answers 403.
    pub fn expire_download_keys(&self) {
        for key in lock(&self.shared.keys).values_mut() {
            key.expired = true;
        }
    }

    /// The next `n` downloads find their key expired (an hour passed
    /// between the listing and the download).
    pub fn expire_next_downloads(&self, n: u32) {
        *lock(&self.shared.expire_next) = n;
    }

    /// The file host waits this long before each answer (so a test can
    /// kill a sync between two files).
    pub fn delay_files(&self, delay: std::time::Duration) {
        *lock(&self.shared.file_delay) = delay;
    }

    /// Every access token now gets `401 {"detail": "Expired token."}`.
    pub fn expire_access_tokens(&self) {
        for access in lock(&self.shared.tokens).access.values_mut() {
            access.revoked = true;
        }
    }

    /// Every refresh token is refused (`invalid_grant`): the user revoked
    /// the project.
    pub fn refuse_refreshes(&self) {
        let mut tokens = lock(&self.shared.tokens);
        for refresh in tokens.refresh.values_mut() {
            refresh.revoked = true;
        }
        for access in tokens.access.values_mut() {
            access.revoked = true;
        }
    }

    /// Adds a file; answers its id.
    pub fn add_file(&self, basename: &str, source: &str, tags: &[&str], bytes: Vec<u8>) -> i64 {
        self.shared.add_file(basename, source, tags, bytes)
    }

    /// The project's way to replace a file: delete it, upload the new one
    /// (new id, same basename). Answers the new id.
    pub fn replace_file(&self, basename: &str, bytes: Vec<u8>) -> Option<i64> {
        let old = self.files().into_iter().find(|f| f.basename == basename)?;
        self.delete_file(old.id);
        let tags: Vec<&str> = old.tags.iter().map(String::as_str).collect();
        Some(self.add_file(basename, &old.source, &tags, bytes))
    }

    pub fn delete_file(&self, id: i64) {
        lock(&self.shared.files).retain(|f| f.id != id);
    }

    /// The bytes of the file called `basename`.
    pub fn file_bytes(&self, basename: &str) -> Option<Vec<u8>> {
        self.files()
            .into_iter()
            .find(|f| f.basename == basename)
            .map(|f| f.bytes)
    }
}

impl Fake for OpenHumansFake {
    fn provider_id(&self) -> &'static str {
        "openhumans"
    }

    fn router(&self) -> Router {
        Router::new()
            .route("/", get(http::index))
            .route(
                "/direct-sharing/projects/oauth2/authorize/",
                get(http::authorize).post(http::authorize),
            )
            .route("/oauth2/token/", post(http::token))
            .route(
                "/api/direct-sharing/project/exchange-member/",
                get(http::exchange_member),
            )
            .route(
                "/data-management/datafile-download/{id}/",
                get(http::download),
            )
            .route("/member-files/{id}/{name}", any(http::file_host))
            .with_state(self.shared.clone())
    }

    fn client_id(&self) -> &str {
        &self.shared.config.client_id
    }

    fn client_secret(&self) -> &str {
        &self.shared.config.client_secret
    }

    fn endpoints(&self) -> Endpoints {
        Endpoints {
            authorize: "/direct-sharing/projects/oauth2/authorize/",
            token: "/oauth2/token/",
            api_base: "/",
        }
    }
}

impl SandboxFake for OpenHumansFake {
    fn for_sandbox(options: &SandboxOptions) -> Self {
        Self::new(OpenHumansConfig {
            days: options.days,
            ..OpenHumansConfig::default()
        })
    }
}

impl RunningFake<OpenHumansFake> {
    /// Builds the member's files and starts serving on `config.bind`.
    pub async fn start_openhumans(config: OpenHumansConfig) -> io::Result<Self> {
        let bind = config.bind;
        RunningFake::serve(Arc::new(OpenHumansFake::new(config)), bind).await
    }
}
