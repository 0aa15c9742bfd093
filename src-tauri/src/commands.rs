//! The Tauri commands: one-liners over [`crate::api`], declared once and
//! typed for the UI by tauri-specta (see `bindings.rs`). They are `async` so
//! that Tauri runs them off the main thread; exports, which may show a
//! dialog and write for seconds, move to a blocking thread.

use std::path::PathBuf;

use healthdash_core::config::Settings;
use healthdash_core::query::{CatalogueEntry, DailyValue, NightSummary, Overview, Series};
use tauri::{AppHandle, Manager, State};
use tauri_plugin_dialog::DialogExt;
use tauri_specta::Event;

use crate::api;
use crate::error::IpcError;
use crate::ipc::{
    AppInfo, ChartExportArgs, CsvExportArgs, DailyArgs, DataChanged, DemoProgress, ExportOutcome,
    NightsArgs, ProviderStatus, SeriesArgs, StageInterval, StagesArgs,
};
use crate::state::AppState;

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
fn logged<T>(command: &str, result: Result<T, IpcError>) -> Result<T, IpcError> {
    if let Err(err) = &result {
        log::warn!("{command}: {:?}: {}", err.kind, err.message);
    }
    result
}

fn with_state<T>(
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
) -> Result<Vec<StageInterval>, IpcError> {
    with_state("night_stages", &backend, |s| api::night_stages(s, &args))
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

#[tauri::command]
#[specta::specta]
pub async fn providers(backend: State<'_, Backend>) -> Result<Vec<ProviderStatus>, IpcError> {
    with_state("providers", &backend, api::providers)
}

#[tauri::command]
#[specta::specta]
pub async fn export_csv(app: AppHandle, args: CsvExportArgs) -> Result<ExportOutcome, IpcError> {
    blocking("export_csv", app, move |app, state| {
        api::export_csv(state, &args, |name| {
            save_dialog(app, name, "CSV (comma-separated values)", &["csv"])
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
        api::export_chart(state, &args, |name| save_dialog(app, name, label, &[ext]))
    })
    .await
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

/// The native save dialog, over the main window. Must not run on the main
/// thread (it waits for the user): commands call it from a blocking thread.
fn save_dialog(
    app: &AppHandle,
    default_name: &str,
    filter: &str,
    extensions: &[&str],
) -> Result<Option<PathBuf>, IpcError> {
    let mut dialog = app
        .dialog()
        .file()
        .set_title("Export")
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

/// Loads the demo data set on a thread of its own, emitting `demo-progress`
/// per monthly batch and `data-changed` at the end (also after a failure:
/// the months stored before it are there to show). Returns false when a
/// load is already running.
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
            let result = api::load_demo(state, &options, |done, total| {
                if let Err(e) = (DemoProgress { done, total }).emit(&handle) {
                    log::warn!("cannot emit demo-progress: {e}");
                }
            });
            state.end_demo_load();
            match result {
                Ok(report) => log::info!(
                    "demo data set loaded: {} days, {} records ({} new) in {:.1} s",
                    report.days,
                    report.measurements,
                    report.report.inserted,
                    started.elapsed().as_secs_f64()
                ),
                Err(e) => log::error!("loading the demo data set failed: {}", e.message),
            }
            if let Err(e) = (DataChanged {}).emit(&handle) {
                log::warn!("cannot emit data-changed: {e}");
            }
        });
    if let Err(e) = spawned {
        state.end_demo_load();
        log::error!("cannot start loading the demo data set: {e}");
        return false;
    }
    true
}
