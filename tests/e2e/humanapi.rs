//! Connecting Human API in the real app against the fake Human API: the
//! card's Connect, the fake's sign-in page approved by the test, the first
//! sync started by itself, and the Weight page showing the newest weigh-in
//! the fake served.

use std::path::Path;
use std::time::{Duration, Instant};

use healthdash_core::{Measurement, Metric, Zone};
use healthdash_sandbox::humanapi::data::RecordType;
use healthdash_sandbox::{HumanApiConfig, HumanApiFake, RunningFake};

use crate::cards::{click_card_button, data_pointing_at, wait_card_status};
use crate::harness::*;
use crate::pages::{open, settle};

const CARD: &str = "[data-testid=\"provider-humanapi\"]";

/// The data folder: `[providers.humanapi]` pointing at `fake`, its secret
/// in `secrets.json`, and one old Human API weigh-in (2015) so the app does
/// not load the demo person on first run.
fn data_for(fake: &RunningFake<HumanApiFake>) -> tempfile::TempDir {
    let config = fake.config();
    let old = Measurement::sample(Metric::Weight, 1_435_622_400, 80.0, Zone::UTC);
    data_pointing_at(
        fake,
        "humanapi",
        &config.client_id,
        Some(&config.client_secret),
        old,
    )
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built desktop app and a display: run `make e2e`"]
async fn connecting_human_api_on_the_connections_page_fills_the_weight_page() {
    let fake = RunningFake::start_humanapi(HumanApiConfig {
        until: chrono::Utc::now().date_naive(),
        days: 30,
        ..HumanApiConfig::default()
    })
    .await
    .unwrap();
    let app = App::launch_with(
        data_for(&fake),
        &[
            ("HEALTHDASH_NO_BROWSER", Path::new("1")),
            ("HEALTHDASH_SECRET_STORE", Path::new("file")),
        ],
    )
    .await;
    open(&app, "connections", 0).await;
    wait_card_status(&app, "humanapi", "not_connected", 20).await;
    click_card_button(&app, "humanapi", "Connect").await;
    let link = app
        .text(&format!("{CARD} [data-testid=\"authorization-url\"]"))
        .await;
    assert!(link.starts_with(fake.authorize_url().as_str()), "{link}");
    let callback = healthdash_sandbox::browser::approve(&link).await.unwrap();
    assert!(reqwest::get(&callback).await.unwrap().status().is_success());
    wait_card_status(&app, "humanapi", "connected", 20).await;
    let notice = format!("{CARD} [data-testid=\"provider-notice\"]");
    app.wait_for(&notice).await;
    let text = app.text(&notice).await;
    assert!(text.starts_with("Sync finished"), "{text}");

    // The Weight page's latest value is the fake's newest weigh-in.
    let newest = fake.data().records(RecordType::Weight)[0].json["value"]
        .as_f64()
        .unwrap();
    open(&app, "weight", 1).await;
    app.select_preset("30d").await;
    settle(&app, 1).await;
    let deadline = Instant::now() + Duration::from_secs(20);
    let shown = loop {
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
            break text;
        }
        assert!(Instant::now() < deadline, "no latest weight: {text:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let shown: f64 = shown
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .replace([',', '\u{202f}', '\u{a0}'], "")
        .parse()
        .unwrap();
    assert!(
        (shown - newest).abs() < 0.051,
        "Weight page {shown} vs {newest}"
    );
    app.close().await;
}
