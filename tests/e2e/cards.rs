//! A provider's card on the Connections page, as every connect test drives
//! it (wait for its `data-status`, press one of its buttons), and the data
//! folder behind it, pointed at the provider's fake.

use std::time::{Duration, Instant};

use fantoccini::Locator;
use healthdash_connect::secrets::{self, SecretKey, SecretName};
use healthdash_core::config::{DataDir, ProviderConfig};
use healthdash_core::{Batch, Measurement};
use healthdash_sandbox::{Fake, RunningFake};
use serde_json::json;

use crate::harness::App;

/// A data folder whose `[providers.PROVIDER]` points at `fake` with
/// `client_id`, the client secret (if the provider takes one) in
/// `secrets.json` (no keyring under tauri-driver), and `old` in the cache,
/// as if from an earlier connection: a non-empty cache keeps the app from
/// loading the demo person, so what the pages show comes from the fake.
pub fn data_pointing_at<F: Fake + ?Sized>(
    fake: &RunningFake<F>,
    provider: &str,
    client_id: &str,
    client_secret: Option<&str>,
    old: Measurement,
) -> tempfile::TempDir {
    let data = tempfile::tempdir().unwrap();
    let dir = DataDir::resolve(Some(data.path().to_owned())).unwrap();
    let mut batch = Batch::new(provider.parse().unwrap());
    batch.measurements.push(old);
    dir.open_store().unwrap().ingest(&batch).unwrap();
    let config = ProviderConfig {
        client_id: Some(client_id.to_owned()),
        authorize_url: Some(fake.authorize_url().to_string()),
        token_url: Some(fake.token_url().to_string()),
        api_base_url: Some(fake.api_base_url().to_string()),
        ..ProviderConfig::default()
    };
    dir.set_provider_config(provider, Some(&config)).unwrap();
    if let Some(secret) = client_secret {
        secrets::open_with(Some("file"), data.path())
            .unwrap()
            .store
            .set(SecretKey::new(provider, SecretName::ClientSecret), secret)
            .unwrap();
    }
    data
}

/// Evaluates `script` (its `arguments[0]` is `css`) every 100 ms until
/// `done` accepts the answer, for at most `secs`; then fails with `why`.
async fn poll_card(
    app: &App,
    script: &str,
    css: &str,
    secs: u64,
    done: impl Fn(&serde_json::Value) -> bool,
    why: impl Fn(&serde_json::Value) -> String,
) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        let now = app.client.execute(script, vec![json!(css)]).await.unwrap();
        if done(&now) {
            return now;
        }
        assert!(Instant::now() < deadline, "{}", why(&now));
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits up to `secs` for `provider`'s card to say `status` in `data-status`.
pub async fn wait_card_status(app: &App, provider: &str, status: &str, secs: u64) {
    poll_card(
        app,
        "return document.querySelector(arguments[0])?.getAttribute('data-status')",
        &format!("[data-testid=\"provider-{provider}\"]"),
        secs,
        |now| *now == json!(status),
        |now| format!("{provider} is {now}, expected {status}"),
    )
    .await;
}

/// Waits up to `secs` for the text of `provider`'s card element `testid` to
/// start with `prefix` and returns it: the card's status line is re-read
/// after a sync's notice, a moment later.
pub async fn wait_card_text(
    app: &App,
    provider: &str,
    testid: &str,
    prefix: &str,
    secs: u64,
) -> String {
    let css = format!("[data-testid=\"provider-{provider}\"] [data-testid=\"{testid}\"]");
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().trim().to_owned();
    let now = poll_card(
        app,
        "return document.querySelector(arguments[0])?.textContent ?? ''",
        &css,
        secs,
        |now| text(now).starts_with(prefix),
        |now| format!("{css} says {:?}, expected {prefix:?}…", text(now)),
    )
    .await;
    text(&now)
}

/// Presses the button labelled `label` on `provider`'s card (waiting up to 20 s for it).
pub async fn click_card_button(app: &App, provider: &str, label: &str) {
    let xpath =
        format!("//li[@data-testid='provider-{provider}']//button[normalize-space()='{label}']");
    app.client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::XPath(&xpath))
        .await
        .unwrap_or_else(|e| panic!("no button {label} on {provider}'s card: {e}"))
        .click()
        .await
        .unwrap();
}
