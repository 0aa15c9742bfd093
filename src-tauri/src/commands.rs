//! The Tauri commands: one-liners over [`crate::api`] and
//! [`crate::connections`], declared once and typed for the UI by
//! tauri-specta (see `bindings.rs`). They are `async` so that Tauri runs
//! them off the main thread; exports, which may show a dialog and write for
//! seconds, move to a blocking thread; sign-ins and syncs run on threads of
//! their own and report through events.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use healthdash_core::config::Settings;
use healthdash_core::query::{
    CatalogueEntry, DailyBucket, DailyValue, LatestValue, NightSummary, Overview, Series,
    WorkoutSummary,
};
use tauri::{AppHandle, Manager, State};
use tauri_plugin_dialog::DialogExt;
use tauri_specta::Event;

use healthdash_connect::signin::{Browser, NoBrowser};
use healthdash_core::sync::{ProgressSink, SyncEvent};
use tauri_plugin_opener::OpenerExt;

use crate::error::{ErrorKind, IpcError};
use crate::ipc::{
    AppInfo, AppleImportOutcome, Catalog, ChartExportArgs, ConnectFinished, ConnectStarted,
    CsvExportArgs, DailyArgs, DailyBucketsArgs, DataChanged, DemoProgress, ExportOutcome,
    ImportOutcome, NightsArgs, SeriesArgs, StagesArgs, SyncProgress, WorkoutsArgs,
};
use crate::state::AppState;
use crate::{api, connections};

/// What commands reach through Tauri's state: the open data folder, or why
/// it could not be opened (a foreign database, an unreadable folder), which
/// every command then answers so the UI can say it.
pub struct Backend(Result<AppState, IpcError>);

impl Backend {
    pub fn new(state: Result<AppState, IpcError>) -> Self {
        Backend(state)
    }

    pub fn get(&self) -> Result<&AppState, IpcError> {
        self.0.as_ref().map_err(Clone::clone)
    }
}

/// Logs a failed command once, here, so the UI need not report it back.
pub(crate) fn logged<T>(command: &str, result: Result<T, IpcError>) -> Result<T, IpcError> {
    if let Err(err) = &result {
        log::warn!("{command}: {:?}: {}", err.kind, err.message);
    }
    result
}

pub(crate) fn with_state<T>(
    command: &str,
    backend: &Backend,
    f: impl FnOnce(&AppState) -> Result<T, IpcError>,
) -> Result<T, IpcError> {
    logged(command, backend.get().and_then(f))
}

/// Runs `f` on a blocking thread with the app's state: for work that waits
/// on the user (save dialogs) or writes for seconds (exports).
async fn blocking<T: Send + 'static>(
    command: &'static str,
    app: AppHandle,
    f: impl FnOnce(&AppHandle, &AppState) -> Result<T, IpcError> + Send + 'static,
) -> Result<T, IpcError> {
    let result = tauri::async_runtime::spawn_blocking(move || {
        let backend = app
            .try_state::<Backend>()
            .ok_or_else(|| IpcError::internal("the app's state is not set up"))?;
        let state = backend.get()?;
        f(&app, state)
    })
    .await
    .unwrap_or_else(|e| Err(IpcError::internal(format!("{command} failed: {e}"))));
    logged(command, result)
}

#[tauri::command]
#[specta::specta]
pub async fn app_info(backend: State<'_, Backend>) -> Result<AppInfo, IpcError> {
    with_state("app_info", &backend, api::app_info)
}

/// Metrics, display units and sources: static, loaded once by the UI.
/// Answers even when the data folder could not be opened; a `Result` only
/// so that it has the shape of every other command in the UI.
#[tauri::command]
#[specta::specta]
pub async fn catalog() -> Result<Catalog, IpcError> {
    Ok(api::catalog())
}

#[tauri::command]
#[specta::specta]
pub async fn catalogue(backend: State<'_, Backend>) -> Result<Vec<CatalogueEntry>, IpcError> {
    with_state("catalogue", &backend, api::catalogue)
}

#[tauri::command]
#[specta::specta]
pub async fn series(backend: State<'_, Backend>, args: SeriesArgs) -> Result<Series, IpcError> {
    with_state("series", &backend, |s| api::series(s, &args))
}

#[tauri::command]
#[specta::specta]
pub async fn daily_values(
    backend: State<'_, Backend>,
    args: DailyArgs,
) -> Result<Vec<DailyValue>, IpcError> {
    with_state("daily_values", &backend, |s| api::daily_values(s, &args))
}

/// Daily values rolled up into days, ISO weeks or calendar months, bounded by
/// local midnights in the viewer's zone. Apart from `daily_values` so that
/// each command answers one type: single days keep their source.
#[tauri::command]
#[specta::specta]
pub async fn daily_buckets(
    backend: State<'_, Backend>,
    args: DailyBucketsArgs,
) -> Result<Vec<DailyBucket>, IpcError> {
    with_state("daily_buckets", &backend, |s| api::daily_buckets(s, &args))
}

#[tauri::command]
#[specta::specta]
pub async fn sleep_nights(
    backend: State<'_, Backend>,
    args: NightsArgs,
) -> Result<Vec<NightSummary>, IpcError> {
    with_state("sleep_nights", &backend, |s| api::sleep_nights(s, &args))
}

#[tauri::command]
#[specta::specta]
pub async fn night_stages(
    backend: State<'_, Backend>,
    args: StagesArgs,
) -> Result<Vec<healthdash_core::StageInterval>, IpcError> {
    with_state("night_stages", &backend, |s| api::night_stages(s, &args))
}

/// Workouts overlapping the range, newest first, one source per session.
#[tauri::command]
#[specta::specta]
pub async fn workouts(
    backend: State<'_, Backend>,
    args: WorkoutsArgs,
) -> Result<Vec<WorkoutSummary>, IpcError> {
    with_state("workouts", &backend, |s| api::workouts(s, &args))
}

/// The newest value of every metric with data (the "All metrics" page).
#[tauri::command]
#[specta::specta]
pub async fn latest_values(backend: State<'_, Backend>) -> Result<Vec<LatestValue>, IpcError> {
    with_state("latest_values", &backend, api::latest_values)
}

/// The files Open Humans shares, read or skipped by the syncs so far.
#[tauri::command]
#[specta::specta]
pub async fn openhumans_files(
    backend: State<'_, Backend>,
) -> Result<Vec<healthdash_connect::providers::openhumans::status::SharedFile>, IpcError> {
    with_state("openhumans_files", &backend, api::openhumans_files)
}

/// The overview page's four cards, as of today in `zone` (the viewer's IANA zone).
#[tauri::command]
#[specta::specta]
pub async fn overview(backend: State<'_, Backend>, zone: String) -> Result<Overview, IpcError> {
    with_state("overview", &backend, |s| api::overview(s, &zone))
}

#[tauri::command]
#[specta::specta]
pub async fn settings(backend: State<'_, Backend>) -> Result<Settings, IpcError> {
    with_state("settings", &backend, api::settings)
}

/// Saves display units and source priorities; answers the saved settings.
#[tauri::command]
#[specta::specta]
pub async fn save_settings(
    backend: State<'_, Backend>,
    settings: Settings,
) -> Result<Settings, IpcError> {
    with_state("save_settings", &backend, |s| {
        api::save_settings(s, &settings)
    })
}

/// Every provider with its state, and where secrets are kept. Blocking:
/// the first call opens the secret store, which may wait on the OS keyring.
#[tauri::command]
#[specta::specta]
pub async fn providers(app: AppHandle) -> Result<healthdash_connect::Providers, IpcError> {
    blocking("providers", app, |_, state| connections::providers(state)).await
}

/// Saves a client ID and secret entered on the Connections page.
#[tauri::command]
#[specta::specta]
pub async fn set_client(
    app: AppHandle,
    provider: String,
    client_id: String,
    client_secret: Option<String>,
) -> Result<(), IpcError> {
    blocking("set_client", app, move |_, state| {
        connections::set_client(state, &provider, &client_id, client_secret.as_deref())
    })
    .await
}

/// Starts the browser sign-in and answers with its link at once; the
/// sign-in finishes in the background and ends with `connect-finished`.
#[tauri::command]
#[specta::specta]
pub async fn connect(app: AppHandle, provider: String) -> Result<ConnectStarted, IpcError> {
    start_connect(app, provider, None).await
}

/// Starts a browser sign-in asking for `scope` (`None`: the provider's read scope).
pub(crate) async fn start_connect(
    app: AppHandle,
    provider: String,
    scope: Option<String>,
) -> Result<ConnectStarted, IpcError> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    detached("sign-in", app, move |app| async move {
        let state = match app_state(&app) {
            Ok(state) => state,
            Err(e) => {
                let _ = tx.send(Err(e));
                return;
            }
        };
        let browser: Box<dyn Browser> = if connections::no_browser_from_env() {
            Box::new(NoBrowser)
        } else {
            Box::new(AppBrowser(app.clone()))
        };
        let begun =
            match connections::begin_connect_with_scope(state, &provider, browser.as_ref(), scope)
                .await
            {
                Ok(begun) => begun,
                Err(e) => {
                    let _ = tx.send(Err(e));
                    return;
                }
            };
        let task = begun.task;
        let started = ConnectStarted {
            authorization_url: task.pending.sign_in.authorization_url().to_string(),
            browser_opened: begun.browser_opened,
        };
        let _ = tx.send(Ok(started));
        if let Some(result) = connections::wait_connect(state, task).await {
            emit_connect_finished(&app, &provider, result);
        }
    });
    let result = rx
        .await
        .unwrap_or_else(|_| Err(IpcError::internal("the sign-in thread stopped")));
    logged("connect", result)
}

/// Finishes the sign-in in progress from the address the browser ended on.
#[tauri::command]
#[specta::specta]
pub async fn connect_paste(app: AppHandle, provider: String, url: String) -> Result<(), IpcError> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    detached("sign-in-paste", app, move |app| async move {
        let result = match app_state(&app) {
            Ok(state) => connections::connect_paste(state, &provider, &url).await,
            Err(e) => Err(e),
        };
        if result.is_ok() {
            emit_connect_finished(&app, &provider, Ok(()));
        }
        let _ = tx.send(result);
    });
    let result = rx
        .await
        .unwrap_or_else(|_| Err(IpcError::internal("the sign-in thread stopped")));
    logged("connect_paste", result)
}

/// Cancels the sign-in in progress (`connect-finished` with `cancelled`
/// follows); answers whether there was one.
#[tauri::command]
#[specta::specta]
pub async fn cancel_connect(
    backend: State<'_, Backend>,
    provider: String,
) -> Result<bool, IpcError> {
    with_state("cancel_connect", &backend, |s| {
        Ok(connections::cancel_connect(s, &provider))
    })
}

/// Starts a sync in the background (`sync-progress` events, `data-changed`
/// as pages land); refuses a second one of the same provider.
#[tauri::command]
#[specta::specta]
pub async fn sync_now(app: AppHandle, provider: String) -> Result<(), IpcError> {
    logged("sync_now", start_sync(app, provider).await)
}

/// Starts `provider`'s sync on a thread of its own and answers once it has
/// started (or was refused); the user's "Sync now" and the background sync
/// both come here.
pub(crate) async fn start_sync(app: AppHandle, provider: String) -> Result<(), IpcError> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    detached("sync", app, move |app| async move {
        let state = match app_state(&app) {
            Ok(state) => state,
            Err(e) => {
                let _ = tx.send(Err(e));
                return;
            }
        };
        let ticket = match connections::begin_sync(state, &provider) {
            Ok(ticket) => ticket,
            Err(e) => {
                let _ = tx.send(Err(e));
                return;
            }
        };
        let _ = tx.send(Ok(()));
        let sink = EventSink::new(app.clone());
        let _ = connections::run_sync(state, ticket, &sink).await;
        emit_data_changed(&app);
        // Off unless the user turned it on on the Exist card.
        crate::exist_push::after_sync(state, chrono::Utc::now().timestamp()).await;
    });
    rx.await
        .unwrap_or_else(|_| Err(IpcError::internal("the sync thread stopped")))
}

/// Cancels the provider's sync (a `failed` progress event follows); answers
/// whether one ran.
#[tauri::command]
#[specta::specta]
pub async fn cancel_sync(backend: State<'_, Backend>, provider: String) -> Result<bool, IpcError> {
    with_state("cancel_sync", &backend, |s| {
        Ok(connections::cancel_sync(s, &provider))
    })
}

/// Forgets the provider's sign-in; with `purge`, its cached records too.
/// Answers how many records were deleted.
#[tauri::command]
#[specta::specta]
pub async fn disconnect(app: AppHandle, provider: String, purge: bool) -> Result<u64, IpcError> {
    let deleted = blocking("disconnect", app.clone(), move |_, state| {
        connections::disconnect(state, &provider, purge)
    })
    .await?;
    if deleted > 0 {
        emit_data_changed(&app);
    }
    Ok(deleted)
}

/// Opens the provider's developer page (where an app is registered) in the
/// browser. The UI names the provider, not a URL, so it cannot open others.
#[tauri::command]
#[specta::specta]
pub async fn open_developer_page(app: AppHandle, provider: String) -> Result<(), IpcError> {
    blocking("open_developer_page", app, move |app, _| {
        let url = connections::developer_url(&provider)?;
        app.opener().open_url(url, None::<&str>).map_err(|e| {
            IpcError::new(ErrorKind::Internal, format!("cannot open the browser: {e}"))
        })
    })
    .await
}

/// Saves the sign-in relay page (`index.html`) through the save dialog.
#[tauri::command]
#[specta::specta]
pub async fn save_relay_page(app: AppHandle) -> Result<ExportOutcome, IpcError> {
    blocking("save_relay_page", app, move |app, state| {
        connections::save_relay_page(state, |name| {
            save_dialog(app, "Save the relay page", name, "Web page", &["html"])
        })
    })
    .await
}

/// Opens the sign-in link in the user's browser through the opener plugin.
struct AppBrowser(AppHandle);

impl Browser for AppBrowser {
    fn open(&self, url: &url::Url) -> Result<(), String> {
        self.0
            .opener()
            .open_url(url.as_str(), None::<&str>)
            .map_err(|e| e.to_string())
    }
}

fn emit_connect_finished(app: &AppHandle, provider: &str, result: Result<(), IpcError>) {
    let event = match result {
        Ok(()) => ConnectFinished {
            provider: provider.to_owned(),
            ok: true,
            error: None,
            cancelled: false,
        },
        Err(e) => ConnectFinished {
            provider: provider.to_owned(),
            ok: false,
            cancelled: e.kind == ErrorKind::Cancelled,
            error: Some(e.message),
        },
    };
    if let Err(e) = event.emit(app) {
        log::warn!("cannot emit connect-finished: {e}");
    }
}

pub(crate) fn emit_data_changed(app: &AppHandle) {
    if let Err(e) = (DataChanged {}).emit(app) {
        log::warn!("cannot emit data-changed: {e}");
    }
}

/// How often a running sync tells the open charts to refetch.
const DATA_CHANGED_EVERY: Duration = Duration::from_secs(1);

/// Forwards the sync engine's events to the window as `sync-progress`, and
/// emits `data-changed` at most once per [`DATA_CHANGED_EVERY`] while pages
/// land (every page would make the charts refetch dozens of times a second).
struct EventSink {
    app: AppHandle,
    last_change: Mutex<Instant>,
}

impl EventSink {
    fn new(app: AppHandle) -> Self {
        EventSink {
            app,
            last_change: Mutex::new(Instant::now()),
        }
    }
}

impl ProgressSink for EventSink {
    fn event(&self, event: &SyncEvent) {
        if let Err(e) = SyncProgress::from(event).emit(&self.app) {
            log::warn!("cannot emit sync-progress: {e}");
        }
        if matches!(event, SyncEvent::Page { .. }) {
            let mut last = self
                .last_change
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if last.elapsed() >= DATA_CHANGED_EVERY {
                *last = Instant::now();
                emit_data_changed(&self.app);
            }
        }
    }
}

/// Runs `work` on a thread of its own, driven by Tauri's tokio runtime
/// (`Handle::block_on`: the runtime's timers, sockets and spawned tasks
/// serve it). A thread rather than a task because the connect crate's
/// futures borrow a `Store`, whose SQLite connection is not `Sync`, so they
/// are not `Send`; and because a sign-in waits for minutes.
pub(crate) fn detached<F, Fut>(name: &str, app: AppHandle, work: F)
where
    F: FnOnce(AppHandle) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()>,
{
    let spawned = std::thread::Builder::new()
        .name(name.to_owned())
        .spawn(move || {
            let handle = tauri::async_runtime::handle();
            handle.block_on(work(app));
        });
    if let Err(e) = spawned {
        // `work` (and the answer channel inside it) is dropped: the command
        // answers "stopped".
        log::error!("cannot start a {name} thread: {e}");
    }
}

/// The app's state, for work outside a command.
pub(crate) fn app_state(app: &AppHandle) -> Result<&AppState, IpcError> {
    app.try_state::<Backend>()
        .ok_or_else(|| IpcError::internal("the app's state is not set up"))?
        .inner()
        .get()
}

#[tauri::command]
#[specta::specta]
pub async fn export_csv(app: AppHandle, args: CsvExportArgs) -> Result<ExportOutcome, IpcError> {
    blocking("export_csv", app, move |app, state| {
        api::export_csv(state, &args, |name| {
            save_dialog(
                app,
                "Export",
                name,
                "CSV (comma-separated values)",
                &["csv"],
            )
        })
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn export_chart(
    app: AppHandle,
    args: ChartExportArgs,
) -> Result<ExportOutcome, IpcError> {
    blocking("export_chart", app, move |app, state| {
        let (label, ext) = match args.format {
            crate::ipc::ChartFormat::Png => ("PNG image", "png"),
            crate::ipc::ChartFormat::Svg => ("SVG image", "svg"),
        };
        api::export_chart(state, &args, |name| {
            save_dialog(app, "Export", name, label, &[ext])
        })
    })
    .await
}

/// Reads a Healthdash CSV export chosen in the open dialog into the cache;
/// `data-changed` follows when something was imported.
#[tauri::command]
#[specta::specta]
pub async fn import_csv(app: AppHandle) -> Result<ImportOutcome, IpcError> {
    let outcome = blocking("import_csv", app.clone(), |app, state| {
        api::import_csv(state, || {
            open_dialog(app, "Import", "CSV (comma-separated values)", &["csv"])
        })
    })
    .await?;
    if matches!(outcome, ImportOutcome::Imported { .. }) {
        emit_data_changed(&app);
    }
    Ok(outcome)
}

/// Imports Apple Health's export: `file` when given (dropped on the
/// window), else the one chosen in the open dialog. Runs on a blocking
/// thread, one import at a time; `apple-import-progress` events meanwhile,
/// `data-changed` after something was imported.
#[tauri::command]
#[specta::specta]
pub async fn import_apple_health(
    app: AppHandle,
    file: Option<String>,
) -> Result<AppleImportOutcome, IpcError> {
    let outcome = blocking("import_apple_health", app.clone(), move |app, state| {
        crate::apple_import::import(
            state,
            file.map(PathBuf::from),
            || {
                open_dialog(
                    app,
                    "Import Apple Health export",
                    "Apple Health export (export.zip or export.xml)",
                    &["zip", "xml"],
                )
            },
            |progress| {
                if let Err(e) = progress.emit(app) {
                    log::warn!("cannot emit apple-import-progress: {e}");
                }
            },
        )
    })
    .await?;
    if matches!(outcome, AppleImportOutcome::Imported { .. }) {
        emit_data_changed(&app);
    }
    Ok(outcome)
}

/// Asks the running Apple Health import to stop; it answers the error
/// `cancelled` and stores nothing. False when no import runs.
#[tauri::command]
#[specta::specta]
pub async fn cancel_apple_import(backend: State<'_, Backend>) -> Result<bool, IpcError> {
    with_state("cancel_apple_import", &backend, |state| {
        Ok(state.apple_import.cancel())
    })
}

/// Starts loading the demo data set in the background (unless a load runs
/// already) and answers at once; `demo-progress` and `data-changed` follow.
#[tauri::command]
#[specta::specta]
pub async fn load_demo(app: AppHandle, backend: State<'_, Backend>) -> Result<AppInfo, IpcError> {
    with_state("load_demo", &backend, |state| {
        start_demo_load(&app, state);
        api::app_info(state)
    })
}

/// Deletes the demo data set (the user's own data stays) and answers the
/// app info after it; `data-changed` follows so every chart refetches.
#[tauri::command]
#[specta::specta]
pub async fn remove_demo(app: AppHandle) -> Result<AppInfo, IpcError> {
    let (removed, info) = blocking("remove_demo", app.clone(), |_, state| {
        let removed = api::remove_demo(state)?;
        Ok((removed, api::app_info(state)?))
    })
    .await?;
    log::info!("removed the demo data set: {removed} records");
    emit_data_changed(&app);
    Ok(info)
}

/// The native save dialog, over the main window. Must not run on the main
/// thread (it waits for the user): commands call it from a blocking thread.
fn save_dialog(
    app: &AppHandle,
    title: &str,
    default_name: &str,
    filter: &str,
    extensions: &[&str],
) -> Result<Option<PathBuf>, IpcError> {
    let mut dialog = app
        .dialog()
        .file()
        .set_title(title)
        .set_file_name(default_name)
        .add_filter(filter, extensions);
    if let Some(window) = app.get_webview_window("main") {
        dialog = dialog.set_parent(&window);
    }
    if let Ok(dir) = app.path().download_dir() {
        dialog = dialog.set_directory(dir);
    }
    match dialog.blocking_save_file() {
        None => Ok(None),
        Some(chosen) => chosen
            .into_path()
            .map(Some)
            .map_err(|e| IpcError::io(format!("cannot save there: {e}"))),
    }
}

/// The native open dialog, over the main window; like [`save_dialog`], only
/// from a blocking thread.
fn open_dialog(
    app: &AppHandle,
    title: &str,
    filter: &str,
    extensions: &[&str],
) -> Result<Option<PathBuf>, IpcError> {
    let mut dialog = app
        .dialog()
        .file()
        .set_title(title)
        .add_filter(filter, extensions);
    if let Some(window) = app.get_webview_window("main") {
        dialog = dialog.set_parent(&window);
    }
    match dialog.blocking_pick_file() {
        None => Ok(None),
        Some(chosen) => chosen
            .into_path()
            .map(Some)
            .map_err(|e| IpcError::io(format!("cannot open that file: {e}"))),
    }
}

/// Loads the demo data set on a thread of its own, newest first, emitting
/// `demo-progress` per batch and `data-changed` as soon as the first batch
/// (the last two weeks) is stored, so the overview shows today at once, then
/// at most once per [`DATA_CHANGED_EVERY`] as older months arrive, and at the
/// end (also after a failure: the batches stored before it are there to
/// show). Returns false when a load is already running.
pub fn start_demo_load(app: &AppHandle, state: &AppState) -> bool {
    if !state.begin_demo_load() {
        return false;
    }
    let handle = app.clone();
    let spawned = std::thread::Builder::new()
        .name("demo-load".into())
        .spawn(move || {
            let Some(backend) = handle.try_state::<Backend>() else {
                return;
            };
            let Ok(state) = backend.get() else {
                return;
            };
            let options = api::demo_options_for_today();
            log::info!(
                "loading the demo data set: {} years ending {} ({})",
                options.years,
                options.last_day,
                options.zone
            );
            let started = std::time::Instant::now();
            let mut last_change = None::<Instant>;
            let result = api::load_demo(state, &options, |done, total| {
                if let Err(e) = (DemoProgress { done, total }).emit(&handle) {
                    log::warn!("cannot emit demo-progress: {e}");
                }
                if done < total && last_change.is_none_or(|t| t.elapsed() >= DATA_CHANGED_EVERY) {
                    last_change = Some(Instant::now());
                    emit_data_changed(&handle);
                }
            });
            state.end_demo_load();
            match result {
                Ok(report) => log::info!(
                    "demo data set loaded: {} days, {} records ({} new) in {:.1} s, \
                     the last two weeks after {} ms",
                    report.days,
                    report.measurements,
                    report.report.inserted,
                    started.elapsed().as_secs_f64(),
                    report.first_batch_ms
                ),
                Err(e) => log::error!("loading the demo data set failed: {}", e.message),
            }
            emit_data_changed(&handle);
        });
    if let Err(e) = spawned {
        state.end_demo_load();
        log::error!("cannot start loading the demo data set: {e}");
        return false;
    }
    true
}
