//! A provider's card on the Connections page, as every connect test drives
//! it: wait for its `data-status`, press one of its buttons.

use std::time::{Duration, Instant};

use fantoccini::Locator;
use serde_json::json;

use crate::harness::App;

/// Waits up to `secs` for `provider`'s card to say `status` in `data-status`.
pub async fn wait_card_status(app: &App, provider: &str, status: &str, secs: u64) {
    let card = format!("[data-testid=\"provider-{provider}\"]");
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        let now = app
            .client
            .execute(
                "return document.querySelector(arguments[0])?.getAttribute('data-status')",
                vec![json!(card)],
            )
            .await
            .unwrap();
        if now == json!(status) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{provider} is {now}, expected {status}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
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
