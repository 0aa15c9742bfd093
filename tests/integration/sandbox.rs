//! A data folder wired to a fake Withings running in this test process, and
//! the browser's part of the sign-in done over plain HTTP.

use std::io::{BufRead, BufReader};
use std::process::{Child, Output, Stdio};
use std::time::Duration;

use healthdash_connect::secrets::{self, SecretKey, SecretName};
use healthdash_core::config::{DataDir, ProviderConfig};
use healthdash_sandbox::{RunningFake, WithingsConfig};

use crate::util::{TempData, date, stderr};

/// The fake account's last day and length: the range holds the US DST
/// start (a New York trip around 2025-03-09) and the European one (2025-03-30).
pub const UNTIL: &str = "2025-04-15";
pub const DAYS: u32 = 60;
/// `sync --from` for every test: the fake's first day.
pub const FROM: &str = "2025-02-14";

pub const ENV: &[(&str, &str)] = &[("HEALTHDASH_SECRET_STORE", "file")];

pub struct Fake {
    pub runtime: tokio::runtime::Runtime,
    pub fake: RunningFake,
}

impl Fake {
    pub fn start() -> Fake {
        Fake::start_with(|_| {})
    }

    pub fn start_with(adjust: impl FnOnce(&mut WithingsConfig)) -> Fake {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let mut config = WithingsConfig {
            until: date(UNTIL),
            days: DAYS,
            page_size: 50,
            // The 120/min limit is exercised by its own test; here it would
            // only make every test wait.
            rate_limit_per_minute: 0,
            ..WithingsConfig::default()
        };
        adjust(&mut config);
        let fake = runtime
            .block_on(RunningFake::start_withings(config))
            .unwrap();
        Fake { runtime, fake }
    }

    /// A data folder whose config points at this fake (client secret in
    /// `secrets.json`, as `HEALTHDASH_SECRET_STORE=file` keeps it).
    pub fn data_dir(&self) -> TempData {
        let data = TempData::new();
        let dir = DataDir::resolve(Some(data.path().to_owned())).unwrap();
        dir.set_provider_config(
            "withings",
            Some(&ProviderConfig {
                client_id: Some(self.fake.config().client_id.clone()),
                authorize_url: Some(self.fake.authorize_url().to_string()),
                token_url: Some(self.fake.token_url().to_string()),
                api_base_url: Some(self.fake.api_base_url().to_string()),
                ..ProviderConfig::default()
            }),
        )
        .unwrap();
        let store = secrets::open_with(Some("file"), data.path()).unwrap().store;
        store
            .set(
                SecretKey::new("withings", SecretName::ClientSecret),
                &self.fake.config().client_secret,
            )
            .unwrap();
        data
    }

    /// Plays the browser: opens the sign-in page, presses Approve, and
    /// returns where the fake redirects (the loopback callback).
    pub fn approve(&self, authorization_url: &str) -> String {
        self.runtime
            .block_on(healthdash_sandbox::browser::approve(authorization_url))
            .unwrap()
    }

    /// GETs a URL (the loopback callback), returning status and body.
    pub fn get(&self, url: &str) -> (u16, String) {
        self.runtime.block_on(async {
            let response = reqwest::get(url).await.unwrap();
            let status = response.status().as_u16();
            (status, response.text().await.unwrap())
        })
    }

    /// `connect withings --no-browser`, with the browser's part played here.
    pub fn connect(&self, data: &TempData) -> Output {
        let (child, url) = start_connect(data);
        let callback = self.approve(&url);
        let (status, _) = self.get(&callback);
        assert_eq!(status, 200, "the loopback listener thanks the browser");
        child.wait_with_output().unwrap()
    }

    /// `connect`, then `sync --from FROM`; asserts both succeed.
    pub fn connect_and_sync(&self, data: &TempData) -> Output {
        let connected = self.connect(data);
        assert!(connected.status.success(), "{}", stderr(&connected));
        let synced = data.cli_with_env(&["sync", "withings", "--from", FROM], ENV);
        assert!(synced.status.success(), "{}", stderr(&synced));
        synced
    }
}

/// Starts `connect withings --no-browser` and reads the authorization URL
/// from its stdout (the only line starting with `http`).
pub fn start_connect(data: &TempData) -> (Child, String) {
    let mut child = data
        .command(
            &["connect", "withings", "--no-browser", "--timeout", "60"],
            ENV,
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    assert!(line.starts_with("http"), "{line:?}");
    (child, line.trim().to_owned())
}

/// Waits until `check` holds, up to `limit`.
pub fn wait_for(limit: Duration, mut check: impl FnMut() -> bool) -> bool {
    let deadline = std::time::Instant::now() + limit;
    while std::time::Instant::now() < deadline {
        if check() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}
