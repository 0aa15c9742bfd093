//! `providers` and `disconnect`.

use std::collections::HashMap;
use std::io::Write;

use anyhow::Result;
use healthdash_core::config::DataDir;
use healthdash_core::query::catalogue;
use healthdash_core::source::PROVIDERS;
use healthdash_core::store::AccountStatus;
use healthdash_core::time::format_utc;

use crate::args::DisconnectArgs;
use crate::output::Stdout;

pub fn list(dir: &DataDir) -> Result<()> {
    let store = dir.open_store()?;
    let mut records: HashMap<String, u64> = HashMap::new();
    for entry in catalogue(&store)? {
        *records.entry(entry.source.to_string()).or_default() += entry.count;
    }
    let mut out = Stdout::new();
    writeln!(
        out,
        "{:<12} {:<12} {:<14} {:<21} records",
        "provider", "name", "status", "last sync"
    )?;
    for provider in PROVIDERS {
        let account = store.account(provider.id)?;
        let status = match account.as_ref().map(|a| a.status) {
            None => "not connected",
            Some(AccountStatus::Connected) => "connected",
            Some(AccountStatus::NeedsSignIn) => "needs sign-in",
        };
        let last_sync = account
            .as_ref()
            .and_then(|a| a.last_sync_at)
            .map_or_else(|| "never".to_owned(), format_utc);
        writeln!(
            out,
            "{:<12} {:<12} {:<14} {:<21} {}",
            provider.id,
            provider.name,
            status,
            last_sync,
            records.get(provider.id).copied().unwrap_or(0)
        )?;
    }
    out.flush()?;
    Ok(())
}

pub fn disconnect(dir: &DataDir, args: &DisconnectArgs) -> Result<()> {
    let provider = super::provider_id(&args.provider)?;
    let connections = super::connections(dir)?;
    let mut store = dir.open_store()?;
    let was_connected = store.account(provider.id)?.is_some();
    let removed = connections.disconnect(&mut store, provider.id, args.purge)?;
    if args.purge {
        note!("{}: deleted {removed} cached records", provider.name);
    }
    if was_connected {
        note!("{}: signed out; its tokens are deleted", provider.name);
    } else {
        note!("{} was not connected", provider.name);
    }
    Ok(())
}
