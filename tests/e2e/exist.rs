//! Connecting Exist in the real app: the fake Exist runs in this test
//! process, the app opens no browser, and the test plays the browser (the
//! sign-in page, Allow, the loopback callback). The first sync starts by
//! itself; the overview then shows Exist's mood for its latest day.

use std::path::Path;
use std::time::{Duration, Instant};

use healthdash_core::{Measurement, Metric, Zone};
use healthdash_sandbox::{ExistConfig, ExistFake, RunningFake};

use crate::cards::{click_card_button, data_pointing_at, wait_card_status};
use crate::harness::*;
use crate::pages::open;

const CARD: &str = "[data-testid=\"provider-exist\"]";

/// A data folder pointing Exist at `fake` (secret in `secrets.json`), with one
/// old Exist step count so the app does not load the demo on first run.
fn data_for(fake: &RunningFake<ExistFake>) -> tempfile::TempDir {
    let config = fake.config();
    let old = Measurement::interval(
        Metric::Steps,
        1_435_615_200, // 2015-06-30 in Paris
        1_435_701_600,
        4_000.0,
        Zone::UTC,
    );
    data_pointing_at(
        fake,
        "exist",
        &config.client_id,
        Some(&config.client_secret),
        old,
    )
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built desktop app and a display: run `make e2e`"]
async fn connect_exist_sync_and_see_its_mood() {
    let fake = RunningFake::start_exist(ExistConfig {
        days: 90,
        rate_limit_per_hour: 0,
        ..ExistConfig::default()
    })
    .await
    .unwrap();
    let data = data_for(&fake);
    let app = App::launch_with(
        data,
        &[
            ("HEALTHDASH_NO_BROWSER", Path::new("1")),
            ("HEALTHDASH_SECRET_STORE", Path::new("file")),
        ],
    )
    .await;
    open(&app, "connections", 0).await;
    wait_card_status(&app, "exist", "not_connected", 20).await;
    click_card_button(&app, "exist", "Connect").await;
    let link = app
        .text(&format!("{CARD} [data-testid=\"authorization-url\"]"))
        .await;
    assert!(
        link.starts_with(fake.authorize_url().as_str()),
        "the link goes to the fake: {link}"
    );
    let callback = healthdash_sandbox::browser::approve(&link).await.unwrap();
    assert!(callback.starts_with("http://127.0.0.1:"), "{callback}");
    assert!(reqwest::get(&callback).await.unwrap().status().is_success());
    wait_card_status(&app, "exist", "connected", 20).await;
    let notice = format!("{CARD} [data-testid=\"provider-notice\"]");
    app.wait_for(&notice).await;
    let text = app.text(&notice).await;
    assert!(text.starts_with("Sync finished"), "{text}");
    app.screenshot("exist-connected").await;

    // The overview's mood card is the fake's latest mood. Exist has no
    // intraday heart rate or sleep stages, so the overview draws no chart.
    open(&app, "overview", 0).await;
    let data = fake.data();
    let (first, last) = fake.days();
    let latest = first
        .iter_days()
        .take_while(|d| *d <= last)
        .filter_map(|d| data.value("mood", d).and_then(serde_json::Value::as_f64))
        .last()
        .unwrap();
    // "—" until the card's days have loaded.
    let deadline = Instant::now() + Duration::from_secs(20);
    let shown = loop {
        let text = app
            .text("[data-testid=\"card-mood\"] [data-testid=\"card-value\"]")
            .await;
        if let Ok(value) = text.parse::<f64>() {
            break value;
        }
        assert!(Instant::now() < deadline, "no mood on the card: {text:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(shown, latest, "the mood card vs the fake's latest mood");
    app.screenshot("exist-overview").await;
    app.close().await;
}
