//! The generic host: any fake, served from its `Fake` description alone.

// Test helpers panic on purpose: a failed step is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use healthdash_sandbox::{
    Fake, PROVIDERS_WITH_FAKES, RunningFake, SandboxFake, SandboxOptions, loopback, sandbox_fake,
};

fn options() -> SandboxOptions {
    SandboxOptions {
        days: 3,
        strict: false,
    }
}

#[tokio::test]
async fn every_sandbox_fake_serves_its_endpoints_on_loopback() {
    for id in PROVIDERS_WITH_FAKES {
        let fake: RunningFake<dyn Fake> =
            RunningFake::serve(sandbox_fake(id, &options()).unwrap(), loopback(0))
                .await
                .unwrap();
        assert_eq!(fake.provider_id(), *id);
        assert!(fake.local_addr().ip().is_loopback());
        let endpoints = fake.endpoints();
        assert_eq!(fake.authorize_url().path(), endpoints.authorize);
        assert_eq!(fake.token_url().path(), endpoints.token);
        assert_eq!(fake.api_base_url().path(), endpoints.api_base);
        assert_eq!(fake.authorize_url().origin(), fake.base_url.origin());
        assert!(!fake.client_id().is_empty() && !fake.client_secret().is_empty());
        let page = reqwest::get(fake.base_url.clone()).await.unwrap();
        assert_eq!(page.status(), 200, "{id}: the index page");
    }
}

#[tokio::test]
async fn dropping_the_handle_closes_the_port() {
    let fake = RunningFake::serve(sandbox_fake("withings", &options()).unwrap(), loopback(0))
        .await
        .unwrap();
    let addr = fake.local_addr();
    fake.shutdown().await;
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());

    let fake = RunningFake::serve(sandbox_fake("withings", &options()).unwrap(), loopback(0))
        .await
        .unwrap();
    let addr = fake.local_addr();
    drop(fake);
    tokio::task::yield_now().await;
    // The listener closes with the aborted task; allow the runtime a moment.
    let mut closed = false;
    for _ in 0..50 {
        if tokio::net::TcpStream::connect(addr).await.is_err() {
            closed = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert!(closed, "{addr} still accepts connections after drop");
}

#[tokio::test]
async fn the_sandbox_options_reach_the_withings_fake() {
    let fake = RunningFake::start_withings(healthdash_sandbox::WithingsConfig {
        days: 4,
        ..healthdash_sandbox::WithingsConfig::default()
    })
    .await
    .unwrap();
    // Typed access to the fake's own state through the host.
    assert_eq!(fake.data().nights().len(), 4);
    assert_eq!(fake.fake().config().days, 4);
    assert!(fake.requests().is_empty());

    let strict = healthdash_sandbox::WithingsFake::for_sandbox(&SandboxOptions {
        days: 2,
        strict: true,
    });
    assert!(!strict.config().allow_loopback_redirect);
    assert_eq!(strict.config().days, 2);
}
