//! Sync against the fake Withings, in this process: sign in through the
//! loopback listener as the app does, then a first sync of `days` of history
//! (every stream, intraday included) into a file store, then an incremental
//! one. Beside it, the bulk-ingest rate of the same run: their ratio says how
//! much of a sync goes to HTTP, JSON and paging rather than to SQLite.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use healthdash_connect::secrets::MemoryStore;
use healthdash_connect::{ConnectMode, Connections, SyncOptions};
use healthdash_core::Store;
use healthdash_core::config::{DataDir, ProviderConfig};
use healthdash_core::sync::{NoProgress, SyncReport};
use healthdash_sandbox::{RunningFake, WithingsConfig};
use tokio_util::sync::CancellationToken;

pub fn run(dir: &Path, days: u32, ingest_per_second: f64) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let (first, again) = runtime.block_on(first_and_incremental(dir, days))?;
    println!("| sync | requests | records | seconds | records/s | vs bulk ingest |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (what, report) in [
        ("first, whole history", &first),
        ("incremental, next", &again),
    ] {
        let rate = report.records as f64 / report.seconds.max(1e-9);
        println!(
            "| {what} | {} | {} | {:.2} | {rate:.0} | {:.0} % |",
            report.requests,
            report.records,
            report.seconds,
            100.0 * rate / ingest_per_second
        );
    }
    Ok(())
}

async fn first_and_incremental(dir: &Path, days: u32) -> Result<(SyncReport, SyncReport)> {
    let folder = dir.join("sync");
    let _ = std::fs::remove_dir_all(&folder);
    let data_dir = DataDir::resolve(Some(folder))?;
    // Up to today: an incremental run looks back from today.
    let fake = RunningFake::start_withings(WithingsConfig {
        until: chrono::Local::now().date_naive(),
        days,
        rate_limit_per_minute: 0,
        ..WithingsConfig::default()
    })
    .await?;
    data_dir.set_provider_config(
        "withings",
        Some(&ProviderConfig {
            client_id: Some(fake.config().client_id.clone()),
            client_secret: Some(fake.config().client_secret.clone()),
            authorize_url: Some(fake.authorize_url().to_string()),
            token_url: Some(fake.token_url().to_string()),
            api_base_url: Some(fake.api_base_url().to_string()),
            ..ProviderConfig::default()
        }),
    )?;
    let connections =
        Connections::with_secrets(data_dir.clone(), Arc::new(MemoryStore::new()), None);
    let mut store = data_dir.open_store()?;
    sign_in(&connections, &store).await?;
    let cancel = CancellationToken::new();
    let sync = async |store: &mut Store| {
        connections
            .sync(
                store,
                "withings",
                &SyncOptions::default(),
                &NoProgress,
                &cancel,
            )
            .await
            .context("sync")
    };
    let first = sync(&mut store).await?;
    let again = sync(&mut store).await?;
    Ok((first, again))
}

/// The browser's part played here: open the link, Approve, follow the redirect.
async fn sign_in(connections: &Connections, store: &Store) -> Result<()> {
    let pending = connections
        .begin("withings", ConnectMode::Listen, Duration::from_secs(60))
        .await?;
    let link = pending.sign_in.authorization_url().to_string();
    let browser = tokio::spawn(async move {
        let callback = healthdash_sandbox::browser::approve(&link).await?;
        reqwest::get(&callback).await?.error_for_status()?;
        anyhow::Ok(())
    });
    let grant = pending.sign_in.wait(CancellationToken::new()).await?;
    browser.await??;
    connections.finish(store, &pending.ticket, grant).await?;
    Ok(())
}
