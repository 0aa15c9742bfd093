//! Connecting Open Humans in the real app against the fake Open Humans:
//! the card's Connect, the fake's sign-in page approved by the test, the
//! first sync started by itself, and the card listing every shared file as
//! read or skipped.

use std::path::Path;
use std::time::Duration;

use fantoccini::Locator;
use healthdash_core::{Measurement, Metric, Zone};
use healthdash_sandbox::{OpenHumansConfig, OpenHumansFake, RunningFake};

use crate::cards::{click_card_button, data_pointing_at, wait_card_status};
use crate::harness::*;
use crate::pages::open;

const CARD: &str = "[data-testid=\"provider-openhumans\"]";

/// The data folder: `[providers.openhumans]` pointing at `fake`, its secret
/// in `secrets.json`, and one old weigh-in (2015) so the app does not load
/// the demo person on first run.
fn data_for(fake: &RunningFake<OpenHumansFake>) -> tempfile::TempDir {
    let config = fake.config();
    let old = Measurement::sample(Metric::Weight, 1_435_622_400, 80.0, Zone::UTC);
    data_pointing_at(
        fake,
        "openhumans",
        &config.client_id,
        Some(&config.client_secret),
        old,
    )
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built desktop app and a display: run `make e2e`"]
async fn connecting_open_humans_lists_the_files_read_and_skipped_on_its_card() {
    let fake = RunningFake::start_openhumans(OpenHumansConfig {
        until: chrono::Utc::now().date_naive(),
        days: 30,
        ..OpenHumansConfig::default()
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
    wait_card_status(&app, "openhumans", "not_connected", 20).await;
    click_card_button(&app, "openhumans", "Connect").await;
    let link = app
        .text(&format!("{CARD} [data-testid=\"authorization-url\"]"))
        .await;
    assert!(link.starts_with(fake.authorize_url().as_str()), "{link}");
    let callback = healthdash_sandbox::browser::approve(&link).await.unwrap();
    assert!(reqwest::get(&callback).await.unwrap().status().is_success());
    wait_card_status(&app, "openhumans", "connected", 20).await;
    let notice = format!("{CARD} [data-testid=\"provider-notice\"]");
    app.client
        .wait()
        .at_most(Duration::from_secs(60))
        .for_element(Locator::Css(&notice))
        .await
        .unwrap();
    let text = app.text(&notice).await;
    assert!(text.starts_with("Sync finished"), "{text}");

    // Every file the member shares is on the card, read or skipped; the
    // Withings and Fitbit files are read.
    let read = app
        .text(&format!("{CARD} [data-testid=\"openhumans-files-read\"]"))
        .await;
    let skipped = app
        .text(&format!(
            "{CARD} [data-testid=\"openhumans-files-skipped\"]"
        ))
        .await;
    for file in fake.files() {
        assert!(
            read.contains(&file.basename) || skipped.contains(&file.basename),
            "{} is on the card:\nread: {read}\nskipped: {skipped}",
            file.basename
        );
    }
    assert!(read.contains("nokiahealthdata.json"), "{read}");
    assert!(read.contains("fitbit-data.json"), "{read}");
    assert!(!skipped.contains("fitbit-data.json"), "{skipped}");
    app.screenshot("openhumans-files").await;
    app.close().await;
}
