//! "Push to Exist" on the Exist card: the preview (a dry run that also names
//! who writes each attribute Healthdash would take over), the push itself,
//! and the optional push after each sync (off by default, at most hourly,
//! as Exist's best practices ask). Plain functions over [`AppState`] first;
//! the commands below add the thread and the events.

use chrono::NaiveDate;
use healthdash_connect::providers::exist::push::{
    self, PushError, PushOptions, PushReport, Quiet, Refusal,
};
use healthdash_core::Metric;
use healthdash_core::store::PushSettings;
use tauri::AppHandle;
use tokio_util::sync::CancellationToken;

use crate::commands::{app_state, detached, emit_data_changed, logged};
use crate::error::{ErrorKind, IpcError};
use crate::state::AppState;

const PROVIDER: &str = "exist";

/// Automatic pushes are at least this far apart.
pub const AUTO_PUSH_EVERY: i64 = 3600;

/// What to push: the metrics (all mapped ones when empty) and the Exist dates.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize, specta::Type)]
pub struct ExistPushArgs {
    pub metrics: Vec<Metric>,
    /// `YYYY-MM-DD`; default: `to` minus 30 days.
    pub from: Option<NaiveDate>,
    /// `YYYY-MM-DD`; default: today in the Exist profile's zone.
    pub to: Option<NaiveDate>,
}

/// One value a push sends.
#[derive(Clone, Debug, PartialEq, serde::Serialize, specta::Type)]
pub struct ExistPushItem {
    pub attribute: String,
    pub date: String,
    /// The JSON number sent, as text (`424`, `70.25`).
    pub value: String,
    /// The source the day's value comes from.
    pub source: String,
}

/// An attribute Healthdash takes (or would take) over at Exist.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, specta::Type)]
pub struct ExistTakeover {
    pub attribute: String,
    /// The service that writes it today (`None`: nobody, or Exist did not say).
    pub owner: Option<String>,
}

/// A preview (nothing sent) or the outcome of a push.
#[derive(Clone, Debug, PartialEq, serde::Serialize, specta::Type)]
pub struct ExistPushReport {
    /// The Exist profile's zone, which decides the dates.
    pub timezone: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub items: Vec<ExistPushItem>,
    pub takeovers: Vec<ExistTakeover>,
    /// How many Exist accepted (0 in a preview).
    pub accepted: u32,
    /// Items Exist refused; the next push sends them again.
    pub refused: Vec<Refusal>,
    pub dry_run: bool,
}

/// The automatic push after each sync.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize, specta::Type,
)]
pub struct ExistPushSettings {
    pub auto: bool,
    /// What it pushes (all mapped metrics when empty).
    pub metrics: Vec<Metric>,
    /// Unix seconds of the last automatic push.
    pub last_auto_push: Option<i64>,
}

impl From<PushReport> for ExistPushReport {
    fn from(report: PushReport) -> Self {
        ExistPushReport {
            timezone: report.timezone,
            from: report.from.map(|d| d.to_string()),
            to: report.to.map(|d| d.to_string()),
            items: report
                .items
                .iter()
                .map(|i| ExistPushItem {
                    attribute: i.attribute.to_owned(),
                    date: i.date.to_string(),
                    value: i.value.to_string(),
                    source: i.source.to_string(),
                })
                .collect(),
            takeovers: report
                .acquired
                .into_iter()
                .map(|(attribute, owner)| ExistTakeover { attribute, owner })
                .collect(),
            accepted: u32::try_from(report.accepted).unwrap_or(u32::MAX),
            refused: report.refused,
            dry_run: report.dry_run,
        }
    }
}

fn ipc_error(error: PushError) -> IpcError {
    // The app's messages name no CLI command: the card offers the button.
    match &error {
        PushError::MissingScope { groups } => {
            return IpcError::new(
                ErrorKind::NeedsSignIn,
                format!(
                    "Exist has not allowed Healthdash to write ({groups}); sign in again allowing it"
                ),
            );
        }
        PushError::NotConnected => {
            return IpcError::new(
                ErrorKind::NeedsSignIn,
                "Exist is not connected: press Connect first",
            );
        }
        PushError::NeedsSignIn { reason } => {
            return IpcError::new(
                ErrorKind::NeedsSignIn,
                format!(
                    "Exist needs you to sign in again ({reason}); the cache and what was pushed are kept"
                ),
            );
        }
        _ => {}
    }
    let kind = match &error {
        PushError::Options(_) => ErrorKind::InvalidInput,
        PushError::MissingScope { .. }
        | PushError::NeedsSignIn { .. }
        | PushError::Session(_)
        | PushError::NotConnected => ErrorKind::NeedsSignIn,
        PushError::Connect(_) => ErrorKind::NotConfigured,
        PushError::Store(_) => ErrorKind::Database,
        PushError::Cancelled => ErrorKind::Cancelled,
        PushError::Refused { .. } | PushError::RateLimited { .. } | PushError::Http { .. } => {
            ErrorKind::Provider
        }
    };
    IpcError::new(kind, error)
}

/// Runs a push (or, `dry_run`, a preview) on a store connection of its own.
pub async fn run(
    state: &AppState,
    args: &ExistPushArgs,
    dry_run: bool,
) -> Result<ExistPushReport, IpcError> {
    let connections = state.connections()?;
    let mut store = state.data_dir().open_store()?;
    let options = PushOptions {
        metrics: args.metrics.clone(),
        from: args.from,
        to: args.to,
        dry_run,
        name_owners: dry_run,
        ..PushOptions::default()
    };
    let report = push::push(
        &connections,
        &mut store,
        &options,
        &Quiet,
        &CancellationToken::new(),
    )
    .await
    .map_err(ipc_error)?;
    Ok(report.into())
}

pub fn settings(state: &AppState) -> Result<ExistPushSettings, IpcError> {
    let stored = state.store().push_settings(PROVIDER)?;
    Ok(ExistPushSettings {
        auto: stored.auto,
        metrics: stored
            .metrics
            .iter()
            .filter_map(|m| m.parse().ok())
            .collect(),
        last_auto_push: stored.last_auto_push,
    })
}

pub fn save_settings(state: &AppState, settings: &ExistPushSettings) -> Result<(), IpcError> {
    push::run::attributes_for(&settings.metrics).map_err(ipc_error)?;
    let store = state.store();
    let last = store.push_settings(PROVIDER)?.last_auto_push;
    store.set_push_settings(
        PROVIDER,
        &PushSettings {
            auto: settings.auto,
            metrics: settings.metrics.iter().map(|m| m.id().to_owned()).collect(),
            last_auto_push: last,
        },
    )?;
    Ok(())
}

/// After a sync: pushes when the user turned it on, Exist is connected,
/// and the last automatic push is an hour old. Failures are logged; the
/// next sync tries again.
pub async fn after_sync(state: &AppState, now: i64) {
    let Ok(settings) = settings(state) else {
        return;
    };
    let connected = state.store().account(PROVIDER).ok().flatten().is_some();
    if !settings.auto
        || !connected
        || settings
            .last_auto_push
            .is_some_and(|t| now - t < AUTO_PUSH_EVERY)
    {
        return;
    }
    {
        let store = state.store();
        let mut stored = store.push_settings(PROVIDER).unwrap_or_default();
        stored.last_auto_push = Some(now);
        if let Err(e) = store.set_push_settings(PROVIDER, &stored) {
            log::warn!("exist: cannot note the automatic push: {e}");
            return;
        }
    }
    let args = ExistPushArgs {
        metrics: settings.metrics,
        ..ExistPushArgs::default()
    };
    match run(state, &args, false).await {
        Ok(report) => log::info!(
            "exist: automatic push sent {} values, {} refused",
            report.accepted,
            report.refused.len()
        ),
        Err(e) => log::warn!("exist: automatic push failed: {}", e.message),
    }
}

/// Runs `work` with the app's state on a thread of its own (a push borrows
/// a store, so its future is not `Send`) and answers its result.
async fn on_thread<T: Send + 'static>(
    name: &'static str,
    app: AppHandle,
    work: impl AsyncFnOnce(&AppState) -> Result<T, IpcError> + Send + 'static,
) -> Result<T, IpcError> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    detached(name, app, move |app| async move {
        let result = match app_state(&app) {
            Ok(state) => work(state).await,
            Err(e) => Err(e),
        };
        let _ = tx.send(result);
    });
    let result = rx
        .await
        .unwrap_or_else(|_| Err(IpcError::internal(format!("the {name} thread stopped"))));
    logged(name, result)
}

/// What a push would send now, and whom it would take attributes from.
#[tauri::command]
#[specta::specta]
pub async fn exist_push_preview(
    app: AppHandle,
    args: ExistPushArgs,
) -> Result<ExistPushReport, IpcError> {
    on_thread("exist_push_preview", app, async move |state| {
        run(state, &args, true).await
    })
    .await
}

/// Pushes to Exist; answers what Exist accepted and refused.
#[tauri::command]
#[specta::specta]
pub async fn exist_push(app: AppHandle, args: ExistPushArgs) -> Result<ExistPushReport, IpcError> {
    let report = on_thread("exist_push", app.clone(), async move |state| {
        run(state, &args, false).await
    })
    .await;
    emit_data_changed(&app);
    report
}

/// Signs in to Exist again asking for the write scopes of the pushed
/// groups too (`connect exist --write`); ends with `connect-finished`.
#[tauri::command]
#[specta::specta]
pub async fn connect_exist_write(app: AppHandle) -> Result<crate::ipc::ConnectStarted, IpcError> {
    use healthdash_connect::providers::exist::{READ_SCOPE, push::WRITE_SCOPES};
    crate::commands::start_connect(
        app,
        PROVIDER.to_owned(),
        Some(format!("{READ_SCOPE} {WRITE_SCOPES}")),
    )
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn exist_push_settings(app: AppHandle) -> Result<ExistPushSettings, IpcError> {
    on_thread("exist_push_settings", app, async move |state| {
        settings(state)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn save_exist_push_settings(
    app: AppHandle,
    settings: ExistPushSettings,
) -> Result<(), IpcError> {
    on_thread("save_exist_push_settings", app, async move |state| {
        save_settings(state, &settings)
    })
    .await
}
