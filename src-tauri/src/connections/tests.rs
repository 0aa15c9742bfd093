//! Connecting providers on a temporary data folder, with an in-memory
//! secret store and the fake Withings server: no window, no keyring.

use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use healthdash_connect::secrets::MemoryStore;
use healthdash_connect::secrets::StoreKind;
use healthdash_connect::signin::NoBrowser;
use healthdash_connect::{ConnectionStatus, Connections};
use healthdash_core::config::{DataDir, ProviderConfig};
use healthdash_core::store::AccountStatus;
use healthdash_core::sync::{ProgressSink, SyncEvent};
use healthdash_core::{Batch, Measurement, Metric, Zone};
use healthdash_sandbox::{RunningFake, WithingsConfig};

use super::*;
use crate::error::ErrorKind;

struct Fixture {
    _tmp: tempfile::TempDir,
    state: AppState,
}

fn fixture() -> Fixture {
    let tmp = tempfile::tempdir().unwrap();
    let data_dir = DataDir::resolve(Some(tmp.path().join("data"))).unwrap();
    let state = AppState::open(data_dir.clone(), None).unwrap();
    state.set_connections(Connections::with_secrets(
        data_dir,
        Arc::new(MemoryStore::new()),
        None,
    ));
    Fixture { _tmp: tmp, state }
}

/// One day of Withings weigh-ins, so there is something to keep or purge.
fn ingest_withings(state: &AppState) {
    let mut batch = Batch::new("withings".parse().unwrap());
    for hour in 0..24 {
        batch.measurements.push(Measurement::sample(
            Metric::Weight,
            1_772_409_600 + hour * 3600,
            70.0,
            Zone::UTC,
        ));
    }
    state.store().ingest(&batch).unwrap();
}

/// The fake's endpoints and client in config.toml, as a user of
/// `healthdash sandbox` would put them.
fn point_at(state: &AppState, fake: &RunningFake) {
    let config = ProviderConfig {
        client_id: Some(fake.config().client_id.clone()),
        client_secret: Some(fake.config().client_secret.clone()),
        authorize_url: Some(fake.authorize_url().to_string()),
        token_url: Some(fake.token_url().to_string()),
        api_base_url: Some(fake.api_base_url().to_string()),
        ..ProviderConfig::default()
    };
    state
        .data_dir()
        .set_provider_config("withings", Some(&config))
        .unwrap();
}

/// What a person does in the browser: open the link, press Approve; answers
/// where the fake sends the browser (the loopback callback).
async fn approve(authorization_url: &str) -> String {
    healthdash_sandbox::browser::approve(authorization_url)
        .await
        .unwrap()
}

#[derive(Default)]
struct Recorder(Mutex<Vec<SyncEvent>>);

impl ProgressSink for Recorder {
    fn event(&self, event: &SyncEvent) {
        self.0.lock().unwrap().push(event.clone());
    }
}

#[test]
fn providers_lists_the_five_with_status_records_and_help() {
    let f = fixture();
    ingest_withings(&f.state);
    let list = providers(&f.state).unwrap();
    let ids: Vec<&str> = list.providers.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        ["withings", "exist", "humanapi", "openhumans", "personicle"]
    );
    assert_eq!(list.secrets, StoreKind::Memory);
    assert_eq!(list.secrets_warning, None);
    let withings = &list.providers[0];
    assert!(withings.supported && withings.needs_https_redirect);
    assert!(!withings.has_client && !withings.connecting && !withings.syncing);
    assert_eq!(withings.status, ConnectionStatus::NotConnected);
    assert_eq!(withings.records, 24);
    assert!(withings.developer_url.starts_with("https://"));
    assert!(
        withings.redirect_uri_hint.starts_with("http://127.0.0.1:"),
        "{}",
        withings.redirect_uri_hint
    );
    // Supported exactly when built; only Withings needs an https redirect,
    // and a provider that is not connected has no sign-in running out.
    for p in &list.providers[1..] {
        let built = healthdash_connect::registry::provider(&p.id).is_some();
        assert_eq!(p.supported, built, "{}", p.id);
        assert!(!p.needs_https_redirect, "{}", p.id);
        assert_eq!(p.sign_in_expires_at, None, "{}: not connected", p.id);
    }
    let exist = &list.providers[1];
    assert_eq!(exist.developer_url, "https://exist.io/account/apps/");

    let json = serde_json::to_value(&list).unwrap();
    assert_eq!(json["secrets"], "memory");
    let keys: Vec<&String> = json["providers"][0].as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "connected_at",
            "connecting",
            "developer_url",
            "has_client",
            "id",
            "last_error",
            "last_sync",
            "name",
            "needs_https_redirect",
            "next_sync",
            "records",
            "redirect_uri_hint",
            "sandbox",
            "sign_in_expires_at",
            "status",
            "supported",
            "syncing",
        ]
    );
    assert_eq!(json["providers"][0]["status"], "not_connected");
    assert!(!withings.sandbox, "nothing points at this computer");
    assert_eq!(withings.next_sync, None, "not connected: no sync planned");
}

/// A browser that cannot be opened (no display, no xdg-open).
struct BrokenBrowser;

impl healthdash_connect::signin::Browser for BrokenBrowser {
    fn open(&self, _url: &url::Url) -> Result<(), String> {
        Err("Launcher \"xdg-open\" failed".to_owned())
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_browser_that_cannot_open_is_reported_and_the_sign_in_still_waits() {
    let fake = RunningFake::start_withings(fake_config()).await.unwrap();
    let f = fixture();
    point_at(&f.state, &fake);
    let begun = begin_connect(&f.state, "withings", &BrokenBrowser)
        .await
        .unwrap();
    assert!(!begun.browser_opened);
    assert!(f.state.tasks.connecting("withings"), "the link still works");
    assert!(cancel_connect(&f.state, "withings"));
    let opened = begin_connect(&f.state, "withings", &NoBrowser)
        .await
        .unwrap();
    assert!(opened.browser_opened);
    cancel_connect(&f.state, "withings");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_sandbox_says_so_and_a_connected_provider_gets_its_next_background_sync() {
    let fake = RunningFake::start_withings(fake_config()).await.unwrap();
    let f = fixture();
    point_at(&f.state, &fake);
    let p = &providers(&f.state).unwrap().providers[0];
    assert!(p.sandbox && p.has_client);

    f.state
        .store()
        .set_account_status("withings", AccountStatus::Connected, None, None)
        .unwrap();
    // The background loop has not looked yet: nothing to promise.
    assert_eq!(providers(&f.state).unwrap().providers[0].next_sync, None);
    let now = chrono::Utc::now().timestamp();
    f.state.schedule.looks_at(now + 300);
    f.state.schedule.tried("withings", now);
    assert_eq!(
        providers(&f.state).unwrap().providers[0].next_sync,
        Some(now + 3600),
        "a failed background attempt is retried an hour later"
    );
    // Background sync turned off in Settings: no promise either.
    let path = f.state.data_dir().config_path();
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}\n[sync]\nbackground = false\n")).unwrap();
    assert_eq!(providers(&f.state).unwrap().providers[0].next_sync, None);
}

#[test]
fn the_secrets_kind_is_named_for_people() {
    assert_eq!(
        serde_json::to_value(StoreKind::Keyring).unwrap(),
        "OS keyring"
    );
    assert_eq!(
        serde_json::to_value(StoreKind::File).unwrap(),
        "secrets.json"
    );
}

#[test]
fn set_client_stores_the_client_in_the_secret_store_not_the_config() {
    let f = fixture();
    set_client(&f.state, "withings", " my-client ", Some("s3cret")).unwrap();
    assert!(providers(&f.state).unwrap().providers[0].has_client);
    let endpoints = f
        .state
        .connections()
        .unwrap()
        .endpoints("withings")
        .unwrap();
    assert_eq!(endpoints.client_id, "my-client");
    assert_eq!(endpoints.client_secret.as_deref(), Some("s3cret"));
    let config = std::fs::read_to_string(f.state.data_dir().config_path()).unwrap_or_default();
    assert!(!config.contains("s3cret") && !config.contains("my-client"));

    let empty = set_client(&f.state, "withings", "  ", None).unwrap_err();
    assert_eq!(empty.kind, ErrorKind::InvalidInput);
    let other = set_client(&f.state, "garmin", "id", None).unwrap_err();
    assert_eq!(other.kind, ErrorKind::UnknownSource, "{}", other.message);
    let importer = set_client(&f.state, "apple_health", "id", None).unwrap_err();
    assert_eq!(importer.kind, ErrorKind::NotAvailable);
    assert!(
        importer
            .message
            .starts_with("Apple Health is not an account to sign in to: its data comes from importing its export file"),
        "{}",
        importer.message
    );
}

#[tokio::test]
async fn connect_without_a_client_id_says_where_to_put_one() {
    let f = fixture();
    let err = begin_connect(&f.state, "withings", &NoBrowser)
        .await
        .err()
        .unwrap();
    assert_eq!(err.kind, ErrorKind::NotConfigured);
    assert!(err.message.contains("config.toml"), "{}", err.message);
    assert!(err.message.contains("Connections page"), "{}", err.message);
    assert!(!f.state.tasks.connecting("withings"));
}

#[test]
fn disconnect_keeps_the_data_unless_purged() {
    let f = fixture();
    ingest_withings(&f.state);
    f.state
        .store()
        .set_account_status("withings", AccountStatus::Connected, None, None)
        .unwrap();
    assert_eq!(disconnect(&f.state, "withings", false).unwrap(), 0);
    let p = &providers(&f.state).unwrap().providers[0];
    assert_eq!(p.status, ConnectionStatus::NotConnected);
    assert_eq!(p.records, 24);

    assert_eq!(disconnect(&f.state, "withings", true).unwrap(), 24);
    assert_eq!(providers(&f.state).unwrap().providers[0].records, 0);
}

#[test]
fn the_relay_page_is_saved_where_the_user_picks_as_index_html() {
    let f = fixture();
    let folder = tempfile::tempdir().unwrap();
    let mut offered = String::new();
    let outcome = save_relay_page(&f.state, |name| {
        offered = name.to_owned();
        Ok(Some(folder.path().join(name)))
    })
    .unwrap();
    assert_eq!(offered, "index.html");
    let path = folder.path().join("index.html");
    assert_eq!(
        outcome,
        ExportOutcome::Saved {
            path: path.display().to_string(),
            rows: None
        }
    );
    let page = std::fs::read_to_string(&path).unwrap();
    assert_eq!(page, RELAY_PAGE);
    assert!(
        page.contains("127.0.0.1"),
        "the page forwards to the loopback listener"
    );

    let cancelled = save_relay_page(&f.state, |_| Ok(None)).unwrap();
    assert_eq!(cancelled, ExportOutcome::Cancelled);
    let unwritable = save_relay_page(&f.state, |_| {
        Ok(Some(folder.path().join("no/such/dir/index.html")))
    })
    .unwrap_err();
    assert!(
        unwritable.message.starts_with("cannot write "),
        "{}",
        unwritable.message
    );
}

#[test]
fn a_second_sync_of_the_same_provider_is_refused() {
    let f = fixture();
    let not_connected = begin_sync(&f.state, "withings").err().unwrap();
    assert_eq!(not_connected.kind, ErrorKind::NeedsSignIn);
    f.state
        .store()
        .set_account_status("withings", AccountStatus::Connected, None, None)
        .unwrap();
    let first = begin_sync(&f.state, "withings").unwrap();
    assert!(providers(&f.state).unwrap().providers[0].syncing);
    let second = begin_sync(&f.state, "withings").err().unwrap();
    assert_eq!(second.kind, ErrorKind::Busy);
    assert!(cancel_sync(&f.state, "withings"));
    drop(first);
    assert!(!f.state.tasks.syncing("withings"));
    assert!(!cancel_sync(&f.state, "withings"));
    let again = begin_sync(&f.state, "withings");
    assert!(again.is_ok());
}

fn fake_config() -> WithingsConfig {
    WithingsConfig {
        until: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
        days: 10,
        // The sync spreads over several hundred requests; Withings' own
        // limit would make the test wait out back-offs.
        rate_limit_per_minute: 0,
        ..WithingsConfig::default()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn sign_in_through_the_browser_then_sync() {
    let fake = RunningFake::start_withings(fake_config()).await.unwrap();
    let f = fixture();
    point_at(&f.state, &fake);

    let task = begin_connect(&f.state, "withings", &NoBrowser)
        .await
        .unwrap()
        .task;
    let link = task.pending.sign_in.authorization_url().to_string();
    assert!(link.starts_with(fake.authorize_url().as_str()), "{link}");
    assert!(providers(&f.state).unwrap().providers[0].connecting);
    let browser = tokio::spawn(async move {
        let callback = approve(&link).await;
        reqwest::get(&callback).await.unwrap().status()
    });
    wait_connect(&f.state, task).await.unwrap().unwrap();
    assert!(browser.await.unwrap().is_success());
    let p = &providers(&f.state).unwrap().providers[0];
    assert_eq!(p.status, ConnectionStatus::Connected);
    assert!(!p.connecting);

    let recorder = Recorder::default();
    let ticket = begin_sync(&f.state, "withings").unwrap();
    let report = run_sync(&f.state, ticket, &recorder).await.unwrap();
    assert!(report.records > 0);
    let events = recorder.0.lock().unwrap();
    assert!(matches!(events.first(), Some(SyncEvent::Started { .. })));
    assert!(matches!(events.last(), Some(SyncEvent::Finished { .. })));
    assert!(events.iter().any(|e| matches!(e, SyncEvent::Page { .. })));
    let p = &providers(&f.state).unwrap().providers[0];
    assert!(p.last_sync.is_some() && !p.syncing);
    assert!(p.records > 0);
    assert!(!fake.data().weighings().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_provider_that_fails_once_is_retried_and_the_retry_is_reported() {
    let fake = RunningFake::start_withings(fake_config()).await.unwrap();
    let f = fixture();
    point_at(&f.state, &fake);
    let task = begin_connect(&f.state, "withings", &NoBrowser)
        .await
        .unwrap()
        .task;
    let callback = approve(task.pending.sign_in.authorization_url().as_ref()).await;
    connect_paste(&f.state, "withings", &callback)
        .await
        .unwrap();
    assert!(wait_connect(&f.state, task).await.is_none());

    fake.faults().server_error_next(1);
    let recorder = Recorder::default();
    let ticket = begin_sync(&f.state, "withings").unwrap();
    run_sync(&f.state, ticket, &recorder).await.unwrap();
    let events = recorder.0.lock().unwrap();
    let retries: Vec<(u32, u32)> = events
        .iter()
        .filter_map(|e| match e {
            SyncEvent::Retrying {
                attempt, attempts, ..
            } => Some((*attempt, *attempts)),
            _ => None,
        })
        .collect();
    assert_eq!(retries, [(2, 6)], "one retry, the second of six attempts");
    assert!(matches!(events.last(), Some(SyncEvent::Finished { .. })));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pasted_address_finishes_the_sign_in_and_cancel_stops_one() {
    let fake = RunningFake::start_withings(fake_config()).await.unwrap();
    let f = fixture();
    point_at(&f.state, &fake);

    // Cancel: the waiting side ends with `cancelled`.
    let task = begin_connect(&f.state, "withings", &NoBrowser)
        .await
        .unwrap()
        .task;
    assert!(cancel_connect(&f.state, "withings"));
    let cancelled = wait_connect(&f.state, task).await;
    assert!(cancelled.is_none(), "the canceller already removed it");
    assert!(!f.state.tasks.connecting("withings"));

    // Paste: the callback address, as the browser's address bar shows it.
    let task = begin_connect(&f.state, "withings", &NoBrowser)
        .await
        .unwrap()
        .task;
    let callback = approve(task.pending.sign_in.authorization_url().as_ref()).await;
    let wrong = connect_paste(&f.state, "withings", "not an address")
        .await
        .unwrap_err();
    assert_eq!(wrong.kind, ErrorKind::SignIn);
    assert!(
        f.state.tasks.connecting("withings"),
        "a bad paste keeps waiting"
    );
    connect_paste(&f.state, "withings", &callback)
        .await
        .unwrap();
    assert!(wait_connect(&f.state, task).await.is_none());
    assert_eq!(
        providers(&f.state).unwrap().providers[0].status,
        ConnectionStatus::Connected
    );
    let none = connect_paste(&f.state, "withings", &callback)
        .await
        .unwrap_err();
    assert_eq!(none.kind, ErrorKind::SignIn);
}
