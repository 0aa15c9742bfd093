//! Connecting Withings in the real app: the fake Withings server runs in
//! this test process, the app is told not to open a browser, and the test
//! plays the browser itself (sign-in page, Approve, the loopback callback).
//! The first sync starts by itself, and the Weight page shows what the fake
//! served. A second test signs in with the CLI first and checks that the
//! app syncs the account in the background when it starts.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use fantoccini::Locator;
use healthdash_connect::secrets::{self, SecretKey, SecretName};
use healthdash_core::config::{DataDir, ProviderConfig};
use healthdash_core::{Batch, Measurement, Metric, Zone};
use healthdash_sandbox::{RunningFake, WithingsConfig};

use crate::cards::{click_card_button, wait_card_status, wait_card_text};
use crate::harness::*;
use crate::pages::{open, settle};

const CARD: &str = "[data-testid=\"provider-withings\"]";

/// A fake Withings account of `days` days up to today.
async fn fake_ending_today(days: u32) -> RunningFake {
    RunningFake::start_withings(WithingsConfig {
        until: chrono::Utc::now().date_naive(),
        days,
        // Hundreds of requests in a few seconds; the real limit only adds waits.
        rate_limit_per_minute: 0,
        ..WithingsConfig::default()
    })
    .await
    .unwrap()
}

/// A data folder whose config points Withings at `fake`, with the client
/// secret in `secrets.json` (no keyring under tauri-driver). The cache holds
/// one Withings weigh-in from 2015, as if from an earlier connection: a
/// non-empty cache keeps the app from loading the demo data set on first
/// run, so what the pages show comes from the fake alone.
fn data_for(fake: &RunningFake) -> tempfile::TempDir {
    let data = tempfile::tempdir().unwrap();
    let dir = DataDir::resolve(Some(data.path().to_owned())).unwrap();
    let mut old = Batch::new("withings".parse().unwrap());
    old.measurements.push(Measurement::sample(
        Metric::Weight,
        1_435_622_400, // 2015-06-30
        80.0,
        Zone::UTC,
    ));
    dir.open_store().unwrap().ingest(&old).unwrap();
    point_at(data.path(), fake);
    data
}

/// Points the data folder's Withings at `fake`, its secret in `secrets.json`.
fn point_at(data: &Path, fake: &RunningFake) {
    let dir = DataDir::resolve(Some(data.to_owned())).unwrap();
    let config = ProviderConfig {
        client_id: Some(fake.config().client_id.clone()),
        authorize_url: Some(fake.authorize_url().to_string()),
        token_url: Some(fake.token_url().to_string()),
        api_base_url: Some(fake.api_base_url().to_string()),
        ..ProviderConfig::default()
    };
    dir.set_provider_config("withings", Some(&config)).unwrap();
    let opened = secrets::open_with(Some("file"), data).unwrap();
    opened
        .store
        .set(
            SecretKey::new("withings", SecretName::ClientSecret),
            &fake.config().client_secret,
        )
        .unwrap();
}

/// The app on `data`, told to open no browser (the test plays it) and to
/// keep secrets in `secrets.json` (no keyring under tauri-driver).
async fn launch_on(data: tempfile::TempDir) -> App {
    App::launch_with(
        data,
        &[
            ("HEALTHDASH_NO_BROWSER", Path::new("1")),
            ("HEALTHDASH_SECRET_STORE", Path::new("file")),
        ],
    )
    .await
}

/// What a person does in the browser: open the link, press Approve, and
/// let the browser follow the 303 to the app's loopback listener. Redirects
/// are followed by hand so each step is checked.
async fn approve_in_browser(authorization_url: &str) {
    let callback = healthdash_sandbox::browser::approve(authorization_url)
        .await
        .unwrap();
    assert!(
        callback.starts_with("http://127.0.0.1:"),
        "back to the app's loopback listener: {callback}"
    );
    let landed = reqwest::get(&callback).await.unwrap();
    assert!(
        landed.status().is_success(),
        "the app's callback page: {}",
        landed.status()
    );
}

fn number(text: &str) -> f64 {
    text.split_whitespace()
        .next()
        .unwrap_or_default()
        .replace([',', '\u{202f}', '\u{a0}'], "")
        .parse()
        .unwrap_or_else(|_| panic!("not a number: {text:?}"))
}

/// The Weight page's "Latest" value once it shows one (it reads "—" while
/// the series loads).
async fn latest_weight(app: &App) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let text = app
            .client
            .execute(
                "return document.querySelector('[data-testid=\"stat-weight-latest\"] dd')?.textContent ?? ''",
                vec![],
            )
            .await
            .unwrap();
        let text = text.as_str().unwrap_or_default().trim().to_owned();
        if text.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            return text;
        }
        assert!(Instant::now() < deadline, "no latest weight: {text:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Connect on the Connections page, approve in the "browser", and wait for
/// the first sync (which starts by itself) to finish.
async fn connect_and_first_sync(app: &App, fake: &RunningFake) {
    open(app, "connections", 0).await;
    wait_card_status(app, "withings", "not_connected", 20).await;
    click_card_button(app, "withings", "Connect").await;
    let link = app
        .text(&format!("{CARD} [data-testid=\"authorization-url\"]"))
        .await;
    assert!(
        link.starts_with(fake.authorize_url().as_str()),
        "the link goes to the fake: {link}"
    );
    approve_in_browser(&link).await;
    wait_card_status(app, "withings", "connected", 20).await;
    let notice = format!("{CARD} [data-testid=\"provider-notice\"]");
    app.wait_for(&notice).await;
    let text = app.text(&notice).await;
    assert!(text.starts_with("Sync finished"), "{text}");
}

/// The fake account's newest weigh-in, kg.
fn latest_weigh_in(fake: &RunningFake) -> f64 {
    fake.data()
        .weighings()
        .iter()
        .max_by_key(|w| w.date)
        .map(|w| w.weight_kg)
        .unwrap()
}

/// Every source named on the page: overview cards' `data-source`, charts'
/// `data-sources`.
async fn sources_on_page(app: &App) -> Vec<String> {
    let found = app
        .client
        .execute(
            "return [...document.querySelectorAll('[data-source],[data-sources]')]
                .flatMap(e => (e.dataset.source ?? e.dataset.sources ?? '').split(' '))
                .filter(s => s !== '')",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(found).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built desktop app and a display: run `make e2e`"]
async fn after_connecting_no_number_on_any_page_comes_from_the_demo() {
    let fake = fake_ending_today(30).await;
    // A new user: the demo person first (up to this moment), then Withings.
    let data = tempfile::tempdir().unwrap();
    cli_stdout(data.path(), &["demo", "--years", "1"]);
    point_at(data.path(), &fake);
    let app = launch_on(data).await;
    open(&app, "overview", 2).await;
    app.wait_for("[data-testid=\"demo-banner\"]").await;
    assert_eq!(
        sources_on_page(&app).await.first().map(String::as_str),
        Some("demo")
    );

    connect_and_first_sync(&app, &fake).await;
    for (route, charts) in [
        ("overview", 1),
        ("heart", 1),
        ("sleep", 1),
        ("activity", 1),
        ("weight", 1),
    ] {
        open(&app, route, charts).await;
        let sources = sources_on_page(&app).await;
        assert!(!sources.is_empty(), "{route} names its sources");
        assert!(
            sources.iter().all(|s| s == "withings"),
            "{route} shows numbers from {sources:?}"
        );
        assert!(
            app.client
                .find(Locator::Css("[data-testid=\"demo-banner\"]"))
                .await
                .is_err(),
            "{route} still says the demo is on screen"
        );
        app.screenshot(&format!("own-data-{route}")).await;
    }
    app.wait_for("[data-testid=\"demo-hidden-banner\"]").await;
    // The weight card is the fake's latest weigh-in.
    open(&app, "overview", 1).await;
    let latest = latest_weigh_in(&fake);
    let shown = number(
        &app.text("[data-testid=\"card-weight\"] [data-testid=\"card-value\"]")
            .await,
    );
    assert!(
        (shown - latest).abs() < 0.051,
        "Weight card {shown} vs the fake's {latest}"
    );
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built desktop app and a display: run `make e2e`"]
async fn connect_withings_sync_and_see_its_weight() {
    let started = Instant::now();
    let fake = fake_ending_today(30).await;
    let data = data_for(&fake);
    let data_path = data.path().to_owned();
    let app = launch_on(data).await;
    open(&app, "connections", 0).await;
    wait_card_status(&app, "withings", "not_connected", 20).await;

    click_card_button(&app, "withings", "Connect").await;
    let link = app
        .text(&format!("{CARD} [data-testid=\"authorization-url\"]"))
        .await;
    assert!(
        link.starts_with(fake.authorize_url().as_str()),
        "the link goes to the fake: {link}"
    );
    let signed_in = Instant::now();
    approve_in_browser(&link).await;
    wait_card_status(&app, "withings", "connected", 20).await;
    eprintln!(
        "connect: sign-in to Connected in {:.1} s",
        signed_in.elapsed().as_secs_f64()
    );

    // The first sync starts by itself once the sign-in is done.
    let synced = Instant::now();
    app.wait_for(&format!("{CARD} [data-testid=\"provider-notice\"]"))
        .await;
    let notice = app
        .text(&format!("{CARD} [data-testid=\"provider-notice\"]"))
        .await;
    assert!(notice.starts_with("Sync finished"), "{notice}");
    eprintln!(
        "connect: sync of 30 days in {:.1} s",
        synced.elapsed().as_secs_f64()
    );
    wait_card_text(
        &app,
        "withings",
        "provider-last-sync",
        "Last sync just now",
        10,
    )
    .await;
    app.screenshot("connections-light").await;

    // The CLI sees Withings' weigh-ins in the same data folder…
    let metrics = cli_stdout(&data_path, &["metrics"]);
    assert!(
        metrics
            .lines()
            .any(|l| l.starts_with("weight") && l.contains("withings")),
        "{metrics}"
    );
    // …and the Weight page's latest weigh-in is the fake's latest.
    let latest = latest_weigh_in(&fake);
    open(&app, "weight", 1).await;
    app.select_preset("30d").await;
    settle(&app, 1).await;
    let shown = number(&latest_weight(&app).await);
    assert!(
        (shown - latest).abs() < 0.051,
        "Weight page {shown} vs the fake's latest weigh-in {latest}"
    );
    app.close().await;
    eprintln!(
        "connect: whole test {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

/// Signs in to Withings with the CLI (`connect --no-browser`), the test
/// playing the browser, as someone who connected before opening the app.
async fn connect_with_cli(data: &Path) {
    let mut child = cli()
        .arg("--data-dir")
        .arg(data)
        .args(["connect", "withings", "--no-browser", "--timeout", "60"])
        .env("HEALTHDASH_SECRET_STORE", "file")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let link = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        line.trim().to_owned()
    })
    .await
    .unwrap();
    assert!(link.starts_with("http"), "the sign-in link: {link:?}");
    approve_in_browser(&link).await;
    let out = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap())
        .await
        .unwrap();
    assert!(
        out.status.success(),
        "connect: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built desktop app and a display: run `make e2e`"]
async fn a_connected_account_syncs_in_the_background_when_the_app_starts() {
    let fake = fake_ending_today(7).await;
    let data = data_for(&fake);
    let data_path = data.path().to_owned();
    connect_with_cli(&data_path).await;
    fake.clear_requests();

    let app = launch_on(data).await;
    // Nobody presses anything: the sync starts a few seconds after launch.
    open(&app, "connections", 0).await;
    wait_card_status(&app, "withings", "connected", 20).await;
    let notice = format!("{CARD} [data-testid=\"provider-notice\"]");
    app.wait_for(&notice).await;
    let text = app.text(&notice).await;
    assert!(text.starts_with("Sync finished"), "{text}");
    wait_card_text(
        &app,
        "withings",
        "provider-last-sync",
        "Last sync just now",
        10,
    )
    .await;
    let actions: Vec<String> = fake
        .requests()
        .into_iter()
        .filter_map(|r| r.action)
        .collect();
    assert!(
        actions.iter().any(|a| a == "getmeas"),
        "the background sync read the measures: {actions:?}"
    );
    let metrics = cli_stdout(&data_path, &["metrics"]);
    assert!(
        metrics
            .lines()
            .any(|l| l.starts_with("steps") && l.contains("withings")),
        "{metrics}"
    );
    app.close().await;
}
