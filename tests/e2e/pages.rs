//! The app as a user sees it, checked against what the CLI reports for the
//! same data folder.

use std::time::Duration;

use fantoccini::Locator;
use fantoccini::actions::{InputSource, MouseActions, PointerAction};
use serde_json::json;

use crate::harness::*;

/// Today in UTC, the zone the app runs in for these tests.
fn today() -> String {
    chrono::Utc::now().date_naive().to_string()
}

/// Every page's route and how many charts it draws.
pub const PAGES: &[(&str, usize)] = &[
    ("overview", 2),
    ("insights", 0),
    ("heart", 1),
    ("sleep", 2),
    ("activity", 3),
    ("weight", 1),
    // The demo person's scale gives body fat and fat mass; the cuff, blood pressure.
    ("body", 2),
    ("vitals", 1),
    ("workouts", 0),
    // Today's day view: steps per hour and the heart rate over the day.
    ("day", 2),
    ("metrics", 0),
    ("export", 0),
    ("connections", 0),
    ("settings", 0),
];

/// Opens a page by its route and waits until its charts have drawn.
pub async fn open(app: &App, route: &str, charts: usize) {
    app.client
        .execute(&format!("window.location.hash = '#/{route}'"), vec![])
        .await
        .unwrap();
    app.wait_for(&format!("main[data-page=\"{route}\"]")).await;
    settle(app, charts).await;
}

/// The range bar's dates, as their text (WebKit's WebDriver reads the
/// fixed-width, ellipsised label as empty).
async fn range_label(app: &App) -> String {
    let text = app
        .client
        .execute(
            "return document.querySelector('[data-testid=\"range-label\"]')?.textContent ?? ''",
            vec![],
        )
        .await
        .unwrap();
    text.as_str().unwrap_or_default().trim().to_owned()
}

/// Waits until at least `charts` charts exist and nothing is loading.
pub async fn settle(app: &App, charts: usize) {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let done = app
            .client
            .execute(
                "return document.querySelectorAll('.chart canvas').length >= arguments[0] \
                 && document.querySelectorAll('[aria-busy=\"true\"]').length === 0",
                vec![json!(charts)],
            )
            .await
            .unwrap();
        if done == json!(true) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "charts did not settle"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The last CSV row of `metric` from the CLI: (start, end, value).
fn last_row(data: &std::path::Path, metric: &str) -> (String, String, f64) {
    let csv = cli_stdout(data, &["export", "csv", "--out", "-", "--metric", metric]);
    let line = csv.lines().last().unwrap().to_owned();
    let cols: Vec<&str> = line.split(',').collect();
    (
        cols[1].to_owned(),
        cols[2].to_owned(),
        cols[3].parse().unwrap(),
    )
}

fn number(text: &str) -> f64 {
    text.replace([',', '\u{202f}', '\u{a0}'], "")
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("not a number: {text:?}"))
}

/// "7 h 33 min" → minutes.
fn minutes(text: &str) -> f64 {
    let mut total = 0.0;
    let words: Vec<&str> = text.split_whitespace().collect();
    for pair in words.windows(2) {
        match pair[1] {
            "h" => total += number(pair[0]) * 60.0,
            "min" => total += number(pair[0]),
            _ => {}
        }
    }
    total
}

#[tokio::test]
#[ignore = "needs the built desktop app and a display: run `make e2e`"]
async fn the_overview_shows_what_the_cli_reports() {
    let data = demo_data(&today());
    let (_, _, weight) = last_row(data.path(), "weight");
    let (_, _, resting) = last_row(data.path(), "resting_heart_rate");
    let (_, _, asleep) = last_row(data.path(), "sleep_duration");
    let (steps_start, _, steps) = last_row(data.path(), "steps");
    assert!(
        steps_start.starts_with(&today()),
        "the demo's last steps row is today: {steps_start}"
    );

    let app = App::launch(data).await;
    open(&app, "overview", 2).await;
    let card =
        |key: &'static str| format!("[data-testid=\"card-{key}\"] [data-testid=\"card-value\"]");
    let shown_weight = number(&app.text(&card("weight")).await);
    assert!(
        (shown_weight - weight).abs() < 0.051,
        "weight {shown_weight} vs CLI {weight}"
    );
    assert_eq!(
        number(&app.text(&card("resting_heart_rate")).await),
        resting.round()
    );
    let shown_sleep = minutes(
        &app.text("[data-testid=\"card-sleep\"] .stat-card__value")
            .await,
    );
    assert!(
        (shown_sleep - asleep / 60.0).abs() <= 1.0,
        "sleep {shown_sleep} min vs CLI {asleep} s"
    );
    assert_eq!(number(&app.text(&card("steps")).await), steps);
    app.screenshot("overview-matches-cli").await;
    app.close().await;
}

#[tokio::test]
#[ignore = "needs the built desktop app and a display: run `make e2e`"]
async fn every_page_opens_in_light_and_dark() {
    let app = App::launch(demo_data(&today())).await;
    for theme in ["light", "dark"] {
        app.client
            .execute(
                "const key = 'healthdash.prefs'; \
                 const prefs = JSON.parse(localStorage.getItem(key) || '{}'); \
                 prefs.theme = arguments[0]; localStorage.setItem(key, JSON.stringify(prefs)); \
                 location.reload();",
                vec![json!(theme)],
            )
            .await
            .unwrap();
        app.wait_for("html[data-ready=\"true\"]").await;
        for &(route, charts) in PAGES {
            open(&app, route, charts).await;
            let heading = app.text("main h1").await;
            assert!(!heading.is_empty(), "{route} has no heading");
            let canvases = app
                .client
                .find_all(Locator::Css(".chart canvas"))
                .await
                .unwrap();
            assert!(
                canvases.len() >= charts,
                "{route}: {} charts, expected {charts}",
                canvases.len()
            );
            // connect.rs takes the light Connections shot, connected to the
            // fake Withings: more telling than five "Not connected" cards.
            if (route, theme) != ("connections", "light") {
                app.screenshot(&format!("{route}-{theme}")).await;
            }
        }
    }
    app.close().await;
}

#[tokio::test]
#[ignore = "needs the built desktop app and a display: run `make e2e`"]
async fn dragging_across_a_chart_zooms_the_range() {
    let app = App::launch(demo_data(&today())).await;
    open(&app, "heart", 1).await;
    app.select_preset("30d").await;
    settle(&app, 1).await;
    let before = range_label(&app).await;

    // uPlot listens on its overlay; drag across the middle third.
    // A late answer can rebuild the chart between finding its overlay and
    // reading its box (a stale element): look again.
    let mut rect = None;
    for _ in 0..20 {
        let overlay = app.wait_for(".chart .u-over").await;
        if let Ok(r) = overlay.rectangle().await {
            rect = Some(r);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (x, y, w, h) = rect.expect("the chart's overlay kept being replaced");
    let drag = MouseActions::new("mouse".into())
        .then(PointerAction::MoveTo {
            duration: None,
            x: (x + w / 3.0),
            y: y + h / 2.0,
        })
        .then(PointerAction::Down { button: 0 })
        .then(PointerAction::MoveTo {
            duration: Some(Duration::from_millis(200)),
            x: (x + 2.0 * w / 3.0),
            y: y + h / 2.0,
        })
        .then(PointerAction::Up { button: 0 });
    app.client.perform_actions(drag).await.unwrap();
    settle(&app, 1).await;
    let after = range_label(&app).await;
    assert_ne!(before, after, "the range did not change");
    let note = app.text(".range-bar__zoomed").await;
    assert_eq!(note, "Zoomed");
    app.screenshot("heart-zoomed").await;
    app.close().await;
}

#[tokio::test]
#[ignore = "needs the built desktop app and a display: run `make e2e`"]
async fn a_csv_export_equals_the_cli_export() {
    let data = demo_data(&today());
    let expected = cli_stdout(
        data.path(),
        &[
            "export",
            "csv",
            "--out",
            "-",
            "--metric",
            "heart_rate",
            "--metric",
            "steps",
            "--metric",
            "weight",
            "--from",
            "2026-10-01",
            "--to",
            "2026-10-31",
        ],
    );
    let app = App::launch(data).await;
    open(&app, "export", 0).await;
    app.client
        .execute(
            "const metrics = new Set(arguments[0]); \
             for (const box of document.querySelectorAll('input[name=\"metric\"]')) { \
               if (box.checked !== metrics.has(box.value)) box.click(); } \
             const custom = [...document.querySelectorAll('input[name=\"csv-range\"]')][2]; custom.click();",
            vec![json!(["heart_rate", "steps", "weight"])],
        )
        .await
        .unwrap();
    for (label, value) in [("First day", "2026-10-01"), ("Last day", "2026-10-31")] {
        app.client
            .execute(
                "const input = document.querySelector(`input[aria-label=\"${arguments[0]}\"]`); \
                 const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set; \
                 set.call(input, arguments[1]); \
                 input.dispatchEvent(new Event('input', { bubbles: true })); \
                 input.dispatchEvent(new Event('change', { bubbles: true }));",
                vec![json!(label), json!(value)],
            )
            .await
            .unwrap();
    }
    app.client
        .find(Locator::XPath(
            "//section[@aria-labelledby='csv-title']//button[contains(@class,'button--primary')]",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let result = app.text("[data-testid=\"export-result-csv\"]").await;
    let saved: Vec<_> = std::fs::read_dir(app.saves.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(saved.len(), 1, "{result}: {saved:?}");
    assert!(
        result.contains(saved[0].file_name().unwrap().to_str().unwrap()),
        "{result}"
    );
    let written = std::fs::read_to_string(&saved[0]).unwrap();
    assert_eq!(written.lines().count(), expected.lines().count());
    assert!(
        written == expected,
        "the app's CSV differs from `healthdash export csv`"
    );
    app.close().await;
}
