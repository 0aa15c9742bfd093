//! `connect`: browser sign-in (CONTRACT §3, §6).

use std::io::BufRead;
use std::time::Duration;

use anyhow::{Context, Result};
use healthdash_connect::signin::SystemBrowser;
use healthdash_connect::{ConnectMode, Connections};
use healthdash_core::config::DataDir;
use tokio_util::sync::CancellationToken;

use crate::args::ConnectArgs;

pub fn connect(dir: &DataDir, args: &ConnectArgs) -> Result<()> {
    let provider = super::provider_id(&args.provider)?;
    let connections = super::connections(dir)?;
    let store = dir.open_store()?;
    let runtime = super::runtime()?;
    let mode = if args.paste {
        ConnectMode::Paste
    } else {
        ConnectMode::Listen
    };
    let scope = super::push::connect_scope(provider.id, args.write)?;
    runtime.block_on(async {
        let pending = connections
            .begin_with_scope(provider.id, mode, Duration::from_secs(args.timeout), scope)
            .await?;
        // The only stdout line starting with `http` (scripts read it).
        say!("{}", pending.sign_in.authorization_url());
        if !args.no_browser
            && let Err(e) = pending.sign_in.open(&SystemBrowser)
        {
            note!("Could not open a browser ({e}); open the address above yourself.");
        }
        let grant = if args.paste {
            note!(
                "Sign in to {} in the browser, then paste the address the browser ended on here:",
                provider.name
            );
            let line = read_line()?;
            pending.sign_in.finish_from_url(line.trim())?
        } else {
            note!(
                "Waiting for {} to send the browser back (up to {} s; Ctrl-C cancels)…",
                provider.name,
                args.timeout
            );
            let cancel = CancellationToken::new();
            let on_ctrl_c = cancel.clone();
            tokio::spawn(async move {
                if tokio::signal::ctrl_c().await.is_ok() {
                    on_ctrl_c.cancel();
                }
            });
            pending.sign_in.wait(cancel).await?
        };
        finish(&connections, &store, &pending.ticket, grant, provider.name).await
    })
}

async fn finish(
    connections: &Connections,
    store: &healthdash_core::Store,
    ticket: &healthdash_connect::ConnectTicket,
    grant: healthdash_connect::signin::Grant,
    name: &str,
) -> Result<()> {
    connections.finish(store, ticket, grant).await?;
    note!(
        "Connected to {name}; tokens saved in {}. Run `healthdash sync {}` to fetch your data.",
        connections.secrets_kind(),
        ticket.spec.id
    );
    Ok(())
}

fn read_line() -> Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("reading the pasted address")?;
    Ok(line)
}
