//! Connecting the real CLI through a provider's fake, the same for every
//! provider: a tokio runtime serving the fake, a data folder whose
//! `[providers.<id>]` points at it, `connect --no-browser` with the
//! browser's part played here, `sync` (and a sync killed midway), the CSV
//! export, what the token leak scans look through, and the "sign in again"
//! a refused refresh ends in. What differs per provider (the fake's config,
//! faults and data, its own assertions) stays in that provider's test file.

use std::future::Future;
use std::io;
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use healthdash_connect::secrets::{self, SecretKey, SecretName};
use healthdash_core::config::{DataDir, ProviderConfig};
use healthdash_sandbox::{Fake, RunningFake};

use crate::sandbox::wait_for;
use crate::util::{TempData, assert_one_line_error, first_line, stderr, stdout};

/// Client secrets and tokens in the data folder's `secrets.json`.
pub const ENV: &[(&str, &str)] = &[("HEALTHDASH_SECRET_STORE", "file")];

/// A fake served on its own runtime, which lives as long as the fake.
pub struct ThroughFake<F: Fake> {
    pub runtime: tokio::runtime::Runtime,
    pub fake: RunningFake<F>,
}

impl<F: Fake> ThroughFake<F> {
    /// Serves the fake that `start` (e.g. `RunningFake::start_exist(config)`)
    /// starts; the future only runs here, on the new runtime.
    pub fn serve(start: impl Future<Output = io::Result<RunningFake<F>>>) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let fake = runtime.block_on(start).unwrap();
        ThroughFake { runtime, fake }
    }

    /// The provider id: `connect`, `sync` and the secrets' keys use it.
    pub fn id(&self) -> &'static str {
        self.fake.provider_id()
    }

    /// A data folder whose config points at the fake, with its client
    /// secret in `secrets.json` (as `HEALTHDASH_SECRET_STORE=file` keeps it).
    pub fn data_dir(&self) -> TempData {
        let data = TempData::new();
        self.configure(&data);
        data
    }

    /// Points `data` at the fake and stores the client secret.
    pub fn configure(&self, data: &TempData) {
        self.point_at_fake(data);
        secrets::open_with(Some("file"), data.path())
            .unwrap()
            .store
            .set(
                SecretKey::new(self.id(), SecretName::ClientSecret),
                self.fake.client_secret(),
            )
            .unwrap();
    }

    /// Writes `[providers.<id>]` with the fake's client id and URLs only (no
    /// client secret: a public client such as Personicle has none).
    pub fn point_at_fake(&self, data: &TempData) {
        let dir = DataDir::resolve(Some(data.path().to_owned())).unwrap();
        dir.set_provider_config(
            self.id(),
            Some(&ProviderConfig {
                client_id: Some(self.fake.client_id().to_owned()),
                authorize_url: Some(self.fake.authorize_url().to_string()),
                token_url: Some(self.fake.token_url().to_string()),
                api_base_url: Some(self.fake.api_base_url().to_string()),
                ..ProviderConfig::default()
            }),
        )
        .unwrap();
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

    /// Starts `connect <id> --no-browser --timeout 60 EXTRA…`; see [`start_connect`].
    pub fn start_connect(&self, data: &TempData, extra: &[&str]) -> (Child, String) {
        start_connect(data, self.id(), extra)
    }

    /// `connect <id> --no-browser EXTRA…`, approved, its callback answered
    /// 200: the command's output and the authorization URL it printed.
    pub fn connect_with(&self, data: &TempData, extra: &[&str]) -> (Output, String) {
        let (child, url) = self.start_connect(data, extra);
        let callback = self.approve(&url);
        let (status, _) = self.get(&callback);
        assert_eq!(status, 200, "the loopback listener thanks the browser");
        (child.wait_with_output().unwrap(), url)
    }

    /// `connect <id> --no-browser`, with the browser's part played here.
    pub fn connect(&self, data: &TempData) -> Output {
        self.connect_with(data, &[]).0
    }

    /// `sync <id> ARGS…`, not checked.
    pub fn sync(&self, data: &TempData, args: &[&str]) -> Output {
        let mut all = vec!["sync", self.id()];
        all.extend_from_slice(args);
        data.cli_with_env(&all, ENV)
    }

    /// Starts `sync <id> ARGS…`, waits (up to 60 s) until `count_sql`, a
    /// count on the store, reaches `at_least`, then SIGKILLs the sync: no
    /// chance to clean up. Whether the count was reached in time.
    pub fn kill_sync_once(
        &self,
        data: &TempData,
        args: &[&str],
        count_sql: &str,
        at_least: i64,
    ) -> bool {
        let mut all = vec!["sync", self.id()];
        all.extend_from_slice(args);
        let mut child = data
            .command(&all, ENV)
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let raw = data.raw();
        let progressed = wait_for(Duration::from_secs(60), || {
            raw.query_row(count_sql, [], |r| r.get::<_, i64>(0))
                .unwrap_or(0)
                >= at_least
        });
        child.kill().unwrap();
        child.wait().unwrap();
        progressed
    }

    /// `connect`, then `sync <id> SYNC_ARGS…`; asserts both succeed.
    pub fn connect_and_sync(&self, data: &TempData, sync_args: &[&str]) -> Output {
        let connected = self.connect(data);
        assert!(connected.status.success(), "{}", stderr(&connected));
        let synced = self.sync(data, sync_args);
        assert!(synced.status.success(), "{}", stderr(&synced));
        synced
    }
}

/// A sync that needs a new sign-in: one error line, `<Name> needs you to
/// sign in again`, naming `healthdash connect <id>`; and `providers` says
/// `needs sign-in` on the provider's line.
pub fn assert_asks_to_sign_in_again(data: &TempData, out: &Output, name: &str, id: &str) {
    assert_one_line_error(out, &format!("{name} needs you to sign in again"));
    assert!(
        stderr(out).contains(&format!("healthdash connect {id}")),
        "{}",
        stderr(out)
    );
    let providers = stdout(&data.cli_with_env(&["providers"], ENV));
    assert!(
        providers
            .lines()
            .any(|l| l.starts_with(id) && l.contains("needs sign-in")),
        "{providers}"
    );
}

/// What a sync has stored so far, page by page.
pub const RAW_PAYLOADS: &str = "SELECT count(*) FROM raw_payloads";

/// Starts `connect PROVIDER --no-browser --timeout 60 EXTRA…` and reads the
/// authorization URL from its stdout (the only line starting with `http`).
pub fn start_connect(data: &TempData, provider: &str, extra: &[&str]) -> (Child, String) {
    let mut args = vec!["connect", provider, "--no-browser", "--timeout", "60"];
    args.extend_from_slice(extra);
    read_authorization_url(&mut data.command(&args, ENV))
}

/// Spawns a `connect` command with stdout and stderr piped and reads the
/// authorization URL, its first stdout line.
pub fn read_authorization_url(command: &mut Command) -> (Child, String) {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let line = first_line(child.stdout.take().unwrap());
    assert!(line.starts_with("http"), "{line:?}");
    (child, line.trim().to_owned())
}

/// `export csv --out - --source SOURCE EXTRA…`; asserts it succeeds.
pub fn export(data: &TempData, source: &str, extra: &[&str]) -> String {
    let mut args = vec!["export", "csv", "--out", "-", "--source", source];
    args.extend_from_slice(extra);
    let out = data.cli_with_env(&args, ENV);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

/// CSV rows of `metric`: metric, start, end, value, unit, source, detail.
pub fn rows<'a>(csv: &'a str, metric: &str) -> Vec<Vec<&'a str>> {
    csv.lines()
        .skip(1)
        .map(|line| line.split(',').collect::<Vec<_>>())
        .filter(|cells| cells[0] == metric)
        .collect()
}

/// The provider's tokens as `secrets.json` holds them (a JSON string under
/// `<provider>/tokens`).
pub fn stored_tokens(data: &TempData, provider: &str) -> serde_json::Value {
    let secrets: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(data.path().join("secrets.json")).unwrap())
            .unwrap();
    serde_json::from_str(secrets[format!("{provider}/tokens")].as_str().unwrap()).unwrap()
}

/// Where a token must never show up: what `connect` and a (trace-logged)
/// `sync` printed, the export, and every file of the data folder but
/// `secrets.json`; each named for the failure message.
pub fn leak_haystacks(
    data: &TempData,
    connected: &Output,
    synced: &Output,
    csv: String,
) -> Vec<(String, Vec<u8>)> {
    let mut haystacks: Vec<(String, Vec<u8>)> = vec![
        ("connect stdout".into(), connected.stdout.clone()),
        ("connect stderr".into(), connected.stderr.clone()),
        ("sync stdout".into(), synced.stdout.clone()),
        ("sync stderr (trace log)".into(), synced.stderr.clone()),
        ("csv".into(), csv.into_bytes()),
    ];
    for entry in std::fs::read_dir(data.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() && path.file_name().unwrap() != "secrets.json" {
            haystacks.push((path.display().to_string(), std::fs::read(&path).unwrap()));
        }
    }
    haystacks
}
