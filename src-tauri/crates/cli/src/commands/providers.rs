//! `providers` and `disconnect`.

use std::io::Write;

use anyhow::Result;
use healthdash_connect::tasks::TaskBoard;
use healthdash_core::config::DataDir;
use healthdash_core::time::format_utc;

use crate::args::DisconnectArgs;
use crate::output::Stdout;

pub fn list(dir: &DataDir) -> Result<()> {
    let store = dir.open_store()?;
    let connections = super::connections(dir)?;
    let list = connections.statuses(&store, &TaskBoard::default())?;
    let mut out = Stdout::new();
    writeln!(
        out,
        "{:<12} {:<12} {:<14} {:<21} records",
        "provider", "name", "status", "last sync"
    )?;
    for p in &list.providers {
        let last_sync = p.last_sync.map_or_else(|| "never".to_owned(), format_utc);
        writeln!(
            out,
            "{:<12} {:<12} {:<14} {:<21} {}",
            p.id,
            p.name,
            p.status.describe(),
            last_sync,
            p.records
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
