//! Connecting Personicle in the real app: the fake Personicle runs in this
//! test process, the app opens no browser, and the test plays the browser:
//! sign-in page, Allow, then the app's loopback page that hands the URL
//! fragment (where the implicit flow puts the token) back to the app. The
//! first sync starts by itself and the Weight page shows the fake's latest
//! weigh-in.

use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::Locator;
use healthdash_core::{Measurement, Metric, Zone};
use healthdash_sandbox::personicle::data::WEIGHT;
use healthdash_sandbox::{PersonicleConfig, PersonicleFake, RunningFake};

use crate::cards::{click_card_button, data_pointing_at, wait_card_status};
use crate::harness::*;
use crate::pages::{open, settle};

const CARD: &str = "[data-testid=\"provider-personicle\"]";

/// A data folder pointing Personicle at `fake`; one old Personicle weigh-in
/// keeps the app from loading the demo data set on first run.
fn data_for(fake: &RunningFake<PersonicleFake>) -> tempfile::TempDir {
    let config = fake.config();
    let old = Measurement::sample(Metric::Weight, 1_435_622_400, 80.0, Zone::UTC);
    data_pointing_at(fake, "personicle", &config.client_id, None, old)
}

/// The browser's part: Allow on the sign-in page; the redirect lands on the
/// app's listener without a query, which answers with the page that posts
/// the fragment back; then that post, as the page's script sends it.
async fn allow_in_browser(authorization_url: &str) {
    let location = healthdash_sandbox::browser::approve(authorization_url)
        .await
        .unwrap();
    let url = url::Url::parse(&location).unwrap();
    assert_eq!(url.host_str(), Some("127.0.0.1"), "{location}");
    let fragment = url
        .fragment()
        .expect("the token is in the fragment")
        .to_owned();
    assert!(fragment.contains("access_token="));
    let mut page = url.clone();
    page.set_fragment(None);
    let html = reqwest::get(page.as_str()).await.unwrap();
    assert!(html.status().is_success());
    assert!(html.text().await.unwrap().contains("/callback/fragment"));
    let posted = reqwest::Client::new()
        .post(page.join("/callback/fragment").unwrap())
        .form(&[("fragment", fragment)])
        .send()
        .await
        .unwrap();
    assert!(posted.status().is_success(), "{}", posted.status());
}

/// The Weight page's "Latest" value, once it shows a number.
async fn latest_weight(app: &App) -> f64 {
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
        if let Some(Ok(value)) = text
            .split_whitespace()
            .next()
            .map(|n| n.replace([',', '\u{202f}', '\u{a0}'], "").parse::<f64>())
        {
            return value;
        }
        assert!(Instant::now() < deadline, "no latest weight: {text:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built desktop app and a display: run `make e2e`"]
async fn connect_personicle_through_the_fragment_page_and_see_its_weight() {
    let fake = RunningFake::start_personicle(PersonicleConfig {
        days: 30,
        ..PersonicleConfig::default()
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
    wait_card_status(&app, "personicle", "not_connected", 20).await;
    click_card_button(&app, "personicle", "Connect").await;
    let link = app
        .text(&format!("{CARD} [data-testid=\"authorization-url\"]"))
        .await;
    assert!(link.starts_with(fake.authorize_url().as_str()), "{link}");
    assert!(
        link.contains("response_type=token") && link.contains("nonce="),
        "{link}"
    );
    allow_in_browser(&link).await;
    wait_card_status(&app, "personicle", "connected", 20).await;

    // The first sync (ten years of empty windows, then the fake's month)
    // starts by itself.
    let notice = format!("{CARD} [data-testid=\"provider-notice\"]");
    app.client
        .wait()
        .at_most(Duration::from_secs(120))
        .for_element(Locator::Css(&notice))
        .await
        .unwrap();
    let text = app.text(&notice).await;
    assert!(text.starts_with("Sync finished"), "{text}");
    app.screenshot("personicle-connected").await;

    // Over 30 days the Weight page's points are means per 2 h (its caption
    // says so; the app runs in UTC): the fake's last weigh-in, an hour
    // before its end, can share its 2 hours with that morning's weigh-in.
    const BUCKET: i64 = 2 * 3600;
    let weighins: Vec<_> = fake
        .records()
        .samples
        .iter()
        .filter(|s| s.datatype == WEIGHT)
        .map(|s| (s.at.div_euclid(BUCKET), s.value))
        .collect();
    let last_bucket = weighins.iter().map(|(bucket, _)| *bucket).max().unwrap();
    let last_points: Vec<f64> = weighins
        .iter()
        .filter(|(bucket, _)| *bucket == last_bucket)
        .map(|(_, value)| *value)
        .collect();
    let latest = last_points.iter().sum::<f64>() / last_points.len() as f64;
    open(&app, "weight", 1).await;
    app.select_preset("30d").await;
    settle(&app, 1).await;
    let shown = latest_weight(&app).await;
    assert!(
        (shown - latest).abs() < 0.051,
        "Weight page {shown} vs the fake's last 2 hours of weigh-ins {latest} ({last_points:?})"
    );
    app.screenshot("personicle-weight").await;
    app.close().await;
}
