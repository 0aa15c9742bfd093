//! Connecting providers, as plain functions over [`AppState`] (tested
//! without a window): status, client IDs, the browser sign-in, sync and
//! disconnect, over `healthdash_connect::Connections`. `commands.rs` adds
//! the threads, the browser and the events.
//!
//! Sign-ins and syncs outlive the command that starts them; they are kept on
//! the shared task board (`healthdash_connect::tasks::TaskBoard`, the same
//! one the CLI uses). A sync runs on a store connection of its own, so that
//! the charts keep answering from the shared one meanwhile.

use std::path::PathBuf;
use std::time::Duration;

use healthdash_connect::signin::{Browser, Grant, RELAY_PAGE, SignInError};
use healthdash_connect::tasks::{SignInTask, SyncTicket};
use healthdash_connect::{
    ConnectError, ConnectMode, ConnectTicket, ConnectionStatus, Providers, SyncOptions,
};
use healthdash_core::sync::{ProgressSink, SyncReport};

use crate::error::{ErrorKind, IpcError};
use crate::ipc::ExportOutcome;
use crate::state::AppState;

/// How long a sign-in waits for the browser. Long enough to create an
/// account at the provider on the way; the listener closes after it.
pub const SIGN_IN_TIMEOUT: Duration = Duration::from_secs(15 * 60);

/// Test hook: `HEALTHDASH_NO_BROWSER=1` makes `connect` open nothing, so an
/// end-to-end test can follow the link itself.
pub const NO_BROWSER_ENV: &str = "HEALTHDASH_NO_BROWSER";

/// Whether the test hook asks not to open a browser.
pub fn no_browser_from_env() -> bool {
    std::env::var_os(NO_BROWSER_ENV).is_some_and(|v| !v.is_empty() && v != "0")
}

// ---- status and client -------------------------------------------------

/// Every provider with its state, records and registration help, and when
/// the background sync comes next for the connected ones (unless it is off).
pub fn providers(state: &AppState) -> Result<Providers, IpcError> {
    let connections = state.connections()?;
    let mut list = {
        let store = state.store();
        connections.statuses(&store, &state.tasks)?
    };
    if state.data_dir().load_config()?.sync.background {
        for p in &mut list.providers {
            if p.supported && p.status == ConnectionStatus::Connected {
                p.next_sync = state.schedule.next_sync(&p.id, p.last_sync);
            }
        }
    }
    Ok(list)
}

/// Saves a client ID (and secret) entered on the Connections page into the
/// secret store; an empty secret removes the stored one.
pub fn set_client(
    state: &AppState,
    provider: &str,
    client_id: &str,
    client_secret: Option<&str>,
) -> Result<(), IpcError> {
    if client_id.trim().is_empty() {
        return Err(IpcError::new(
            ErrorKind::InvalidInput,
            "the client ID is empty: copy it from your app's page at the provider",
        ));
    }
    state
        .connections()?
        .set_client(provider, client_id, client_secret)?;
    log::info!("{provider}: client ID saved in the secret store");
    Ok(())
}

/// The provider's developer page (where an app is registered), if known.
pub fn developer_url(provider: &str) -> Result<String, IpcError> {
    healthdash_connect::registry::provider(provider)
        .map(|p| p.spec().developer_url())
        .filter(|url| !url.is_empty())
        .map(str::to_owned)
        .ok_or_else(|| {
            IpcError::new(
                ErrorKind::NotAvailable,
                format!("no developer page is known for {provider}"),
            )
        })
}

/// Saves the sign-in relay page (for providers that refuse loopback
/// redirects, such as Withings) where the user picks, as `index.html`: the
/// user hosts it on an https static host and registers its address.
pub fn save_relay_page(
    state: &AppState,
    pick: impl FnOnce(&str) -> Result<Option<PathBuf>, IpcError>,
) -> Result<ExportOutcome, IpcError> {
    let Some(path) = crate::api::destination(state, "index.html", pick)? else {
        return Ok(ExportOutcome::Cancelled);
    };
    std::fs::write(&path, RELAY_PAGE)
        .map_err(|e| IpcError::io(format!("cannot write {}: {e}", path.display())))?;
    log::info!("saved the relay page to {}", path.display());
    Ok(ExportOutcome::Saved {
        path: path.display().to_string(),
        rows: None,
    })
}

// ---- sign-in -----------------------------------------------------------

/// A sign-in just started, and whether the browser showed its link.
pub struct BegunSignIn {
    pub task: SignInTask,
    /// False when the browser could not be opened: the page then asks the
    /// user to open the link, instead of saying the browser has it.
    pub browser_opened: bool,
}

/// Starts a browser sign-in: binds the loopback listener, builds the link,
/// opens it with `browser` (a failure there is logged and reported, not an
/// error: the page shows the link to open by hand) and registers the
/// sign-in, replacing (and cancelling) one already in progress for the
/// provider.
pub async fn begin_connect(
    state: &AppState,
    provider: &str,
    browser: &dyn Browser,
) -> Result<BegunSignIn, IpcError> {
    begin_connect_with_scope(state, provider, browser, None).await
}

/// [`begin_connect`] asking for `scope` instead of the provider's read
/// scope (Exist with its write scopes, for pushes).
pub async fn begin_connect_with_scope(
    state: &AppState,
    provider: &str,
    browser: &dyn Browser,
    scope: Option<String>,
) -> Result<BegunSignIn, IpcError> {
    let connections = state.connections()?;
    let pending = connections
        .begin_with_scope(provider, ConnectMode::Listen, SIGN_IN_TIMEOUT, scope)
        .await?;
    let task = state.tasks.begin_sign_in(provider, pending);
    log::info!("{provider}: sign-in started");
    let browser_opened = match task.pending.sign_in.open(browser) {
        Ok(()) => true,
        Err(e) => {
            log::warn!("{provider}: {e}");
            false
        }
    };
    Ok(BegunSignIn {
        task,
        browser_opened,
    })
}

/// Waits for the browser to come back, then exchanges the code and marks the
/// account connected. `None` when the sign-in ended elsewhere (a pasted
/// address finished it, or a newer sign-in replaced it): whoever ended it
/// reports it.
pub async fn wait_connect(state: &AppState, task: SignInTask) -> Option<Result<(), IpcError>> {
    let SignInTask {
        provider,
        id,
        cancel,
        pending,
    } = task;
    let ticket = pending.ticket;
    let waited = pending.sign_in.wait(cancel).await;
    let grant = match waited {
        Err(SignInError::FinishedByPaste | SignInError::AlreadyFinished) => return None,
        Err(e) => {
            // Replaced by a newer sign-in: that one reports.
            if !state.tasks.end_sign_in(&provider, id) {
                return None;
            }
            return Some(Err(IpcError::from(e)));
        }
        Ok(grant) => grant,
    };
    let result = finish(state, &ticket, grant).await;
    state.tasks.end_sign_in(&provider, id);
    Some(result)
}

/// Token exchange on a store connection of its own: the shared one must not
/// be held across the provider's answer.
async fn finish(state: &AppState, ticket: &ConnectTicket, grant: Grant) -> Result<(), IpcError> {
    let connections = state.connections()?;
    let store = state.data_dir().open_store()?;
    connections.finish(&store, ticket, grant).await?;
    log::info!("{}: connected", ticket.spec.id);
    Ok(())
}

/// Finishes the provider's sign-in in progress from the address the browser
/// ended on. A wrong address (no code, another sign-in's state) leaves the
/// sign-in waiting so the user can paste again.
pub async fn connect_paste(state: &AppState, provider: &str, url: &str) -> Result<(), IpcError> {
    let target = state.tasks.paste_target(provider).ok_or_else(|| {
        IpcError::new(
            ErrorKind::SignIn,
            format!("no sign-in to {provider} is in progress: press Connect first"),
        )
    })?;
    let (id, paste, ticket) = (target.id, target.paste, target.ticket);
    let grant = match paste.finish_from_url(url.trim()) {
        Ok(grant) => grant,
        Err(e @ SignInError::Refused { .. }) => {
            state.tasks.end_sign_in(provider, id);
            return Err(e.into());
        }
        Err(e) => return Err(e.into()),
    };
    let result = finish(state, &ticket, grant).await;
    state.tasks.end_sign_in(provider, id);
    result
}

/// Cancels the provider's sign-in in progress; false when there was none.
pub fn cancel_connect(state: &AppState, provider: &str) -> bool {
    let cancelled = state.tasks.cancel_sign_in(provider);
    if cancelled {
        log::info!("{provider}: sign-in cancelled");
    }
    cancelled
}

// ---- sync --------------------------------------------------------------

/// Registers a sync of `provider`, refusing a second one while one runs and
/// a provider that is not connected (before any thread is started, so the
/// UI gets the reason as the command's answer).
pub fn begin_sync<'a>(state: &'a AppState, provider: &str) -> Result<SyncTicket<'a>, IpcError> {
    let info = healthdash_core::source::provider(provider)
        .ok_or_else(|| healthdash_core::Error::UnknownSource(provider.to_owned()))?;
    let account = state.store().account(info.id)?;
    if account.is_none() {
        return Err(IpcError::new(
            ErrorKind::NeedsSignIn,
            format!("{} is not connected: press Connect first", info.name),
        ));
    }
    Ok(state.tasks.begin_sync(info.id, info.name)?)
}

/// Runs the sync on its own store connection (WAL lets the shared one keep
/// answering queries), reporting through `progress`. The sync engine itself
/// reports `failed` and records the error (or "needs sign-in") on the account.
pub async fn run_sync(
    state: &AppState,
    ticket: SyncTicket<'_>,
    progress: &dyn ProgressSink,
) -> Result<SyncReport, IpcError> {
    let connections = state.connections()?;
    let mut store = state.data_dir().open_store()?;
    let result = connections
        .sync(
            &mut store,
            &ticket.provider,
            &SyncOptions::default(),
            progress,
            &ticket.cancel,
        )
        .await;
    match &result {
        Ok(report) => log::info!(
            "{}: synced {} records from {} requests in {:.1} s",
            ticket.provider,
            report.records,
            report.requests,
            report.seconds
        ),
        Err(e) if e.is_cancelled() => log::info!("{}: sync cancelled", ticket.provider),
        Err(e) => log::warn!("{}: sync failed: {e}", ticket.provider),
    }
    result.map_err(IpcError::from)
}

/// Cancels the provider's sync; false when none runs.
pub fn cancel_sync(state: &AppState, provider: &str) -> bool {
    state.tasks.cancel_sync(provider)
}

// ---- disconnect --------------------------------------------------------

/// Forgets the provider's tokens (its sign-in and sync stop first); with
/// `purge`, also deletes its cached records. Answers how many were deleted.
pub fn disconnect(state: &AppState, provider: &str, purge: bool) -> Result<u64, IpcError> {
    cancel_connect(state, provider);
    cancel_sync(state, provider);
    let connections = state.connections()?;
    let deleted = connections
        .disconnect(&mut state.store(), provider, purge)
        .map_err(|e: ConnectError| IpcError::from(e))?;
    log::info!("{provider}: disconnected ({deleted} cached records deleted)");
    Ok(deleted)
}

#[cfg(test)]
mod tests;
