//! The app as a person meets it after installing the package: started with
//! no data folder named, on an empty home. It loads the demo person, paints
//! the overview, and keeps its data and logs in the user's XDG folders.
//! `tests/package.sh` runs this against the installed `/usr/bin` binaries;
//! `make e2e` runs it against the build.

use std::time::Duration;

use fantoccini::Locator;

use crate::harness::*;
use crate::pages::{open, settle};

#[tokio::test]
#[ignore = "needs the built desktop app and a display: run `make e2e`"]
async fn a_first_start_shows_the_demo_overview_and_keeps_data_in_the_xdg_folders() {
    let app = App::launch_as_user(UserHome::new()).await;
    // The demo loads in the background on a first start; its banner says so.
    app.client
        .wait()
        .at_most(Duration::from_secs(90))
        .for_element(Locator::Css("[data-testid=\"demo-banner\"]"))
        .await
        .expect("the demo banner after the first start's demo load");
    open(&app, "overview", 2).await;
    settle(&app, 2).await;
    let weight = app
        .text("[data-testid=\"card-weight\"] [data-testid=\"card-value\"]")
        .await;
    assert!(
        weight.chars().any(|c| c.is_ascii_digit()),
        "the weight card shows the demo's weigh-in: {weight:?}"
    );
    app.screenshot("first-start-demo-overview").await;

    // The user's data folder, shared with the CLI: the demo is in it.
    let data = app
        .home()
        .xdg("XDG_DATA_HOME")
        .join("app.healthdash.desktop");
    let metrics = cli_stdout(&data, &["metrics"]);
    assert!(
        metrics
            .lines()
            .any(|l| l.starts_with("weight") && l.contains("demo")),
        "`healthdash metrics` on {} lists the demo's weight:\n{metrics}",
        data.display()
    );
    // Logs are state: $XDG_STATE_HOME/healthdash/logs, not the data folder.
    let log = app
        .home()
        .xdg("XDG_STATE_HOME")
        .join("healthdash/logs/healthdash.log");
    let text = std::fs::read_to_string(&log)
        .unwrap_or_else(|e| panic!("the app's log {}: {e}", log.display()));
    assert!(
        text.contains("demo"),
        "the log tells of the demo load:\n{text}"
    );
    app.close().await;
}
