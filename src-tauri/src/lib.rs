//! Healthdash desktop app: the Tauri shell around the web UI in `ui/`.
//!
//! | module | what it holds |
//! |---|---|
//! | `bindings` | the IPC surface declared once; `ui/src/bindings.ts` is generated from it |
//! | `commands` | the Tauri commands: one-liners over `api` and `connections`, plus dialogs, threads, events |
//! | `api` | what each command does, as plain functions over `AppState` (tested without a window) |
//! | `connections` | providers: status, client IDs, browser sign-in, sync, disconnect (plain functions too) |
//! | `ipc` | argument, result and event types the core has no type for |
//! | `error` | `IpcError { kind, message }`, what every command fails with |
//! | `provenance` | which source a bucket's number comes from, and the coverage map |
//! | `state` | the data folder, the one open store, sign-ins and syncs in progress |
//! | `webview_memory` | WebKitGTK settings for a single-window app (no GPU compositing: memory) |
//! | `insights` | the Insights page's commands: flags, rule switches, correlations, scatter |
//!
//! The window, plugins and first run are set up in [`run`].

pub mod api;
pub mod apple_import;
pub mod auto_sync;
pub mod bindings;
pub mod commands;
pub mod connections;
pub mod error;
pub mod exist_push;
pub mod insights;
pub mod ipc;
pub mod provenance;
pub mod state;
pub mod webview_memory;

use std::path::PathBuf;
use std::process::ExitCode;

use healthdash_core::config::{APP_IDENTIFIER, DATA_DIR_ENV};
use tauri::{AppHandle, Manager};
use tauri_plugin_log::{RotationStrategy, Target, TargetKind, TimezoneStrategy};

use crate::commands::Backend;
use crate::state::AppState;

/// Builds and runs the app; returns when the last window closes.
pub fn run() -> ExitCode {
    let specta = bindings::builder();
    let data_dir = AppState::data_dir_from_env();
    let explicit_dir = std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty());
    let log_folder = explicit_dir
        .as_ref()
        .and_then(|_| data_dir.as_ref().ok())
        .map(|dir| dir.path().join("logs"));
    let backend = Backend::new(data_dir.and_then(|dir| {
        AppState::open(dir, AppState::save_dir_from_env())
            .map(|state| state.with_open_file(AppState::open_file_from_env()))
    }));

    let result = tauri::Builder::default()
        // First, so that a second launch exits before anything else starts.
        .plugin(single_instance(explicit_dir.map(PathBuf::from)))
        .plugin(logger(log_folder))
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage(backend)
        .invoke_handler(specta.invoke_handler())
        .setup(move |app| {
            specta.mount_events(app);
            first_run(app.handle());
            auto_sync::start(app.handle().clone());
            if let Some(window) = app.get_webview_window("main") {
                webview_memory::tune(&window);
            }
            Ok(())
        })
        .run(context());
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("healthdash-app: error: {err}");
            ExitCode::FAILURE
        }
    }
}

/// The app's configuration; with `HEALTHDASH_MEASURE_BLANK` set, the window
/// shows an empty page instead of the UI: the memory floor `make measure`
/// compares the app with (the same process, plugins and WebKit settings).
fn context() -> tauri::Context<tauri::Wry> {
    let mut context = tauri::generate_context!();
    if std::env::var_os("HEALTHDASH_MEASURE_BLANK").is_some_and(|v| !v.is_empty())
        && let Ok(blank) = tauri::Url::parse("about:blank")
    {
        for window in &mut context.config_mut().app.windows {
            window.url = tauri::WebviewUrl::External(blank.clone());
        }
    }
    context
}

/// Logs to stderr and to a file: `DIR/logs` when `HEALTHDASH_DATA_DIR`
/// names the data folder (so a test's run leaves nothing outside its
/// folder), else the user's log folder: `$XDG_STATE_HOME/healthdash/logs`
/// on Linux (logs are state, not the user's data, and an installed app
/// never writes beside its binary), the OS log folder elsewhere. The core
/// logs with `tracing`, whose `log` feature hands its events to this logger.
fn logger(folder: Option<PathBuf>) -> tauri::plugin::TauriPlugin<tauri::Wry> {
    let file_name = Some("healthdash".to_owned());
    let file = match folder
        .or_else(|| dirs::state_dir().map(|state| state.join("healthdash").join("logs")))
    {
        Some(path) => TargetKind::Folder { path, file_name },
        None => TargetKind::LogDir { file_name },
    };
    tauri_plugin_log::Builder::new()
        .clear_targets()
        .targets([Target::new(TargetKind::Stderr), Target::new(file)])
        .level(log::LevelFilter::Info)
        .timezone_strategy(TimezoneStrategy::UseLocal)
        .rotation_strategy(RotationStrategy::KeepSome(3))
        .max_file_size(1_000_000)
        .build()
}

/// A second launch focuses the running window instead of opening another.
/// "The same app" is per data folder: runs on different
/// `HEALTHDASH_DATA_DIR`s (tests, side-by-side profiles) do not meet.
fn single_instance(explicit_dir: Option<PathBuf>) -> tauri::plugin::TauriPlugin<tauri::Wry> {
    let mut builder = tauri_plugin_single_instance::Builder::new().callback(|app, _argv, _cwd| {
        if let Some(window) = app.get_webview_window("main") {
            let _ = window.unminimize();
            let _ = window.show();
            let _ = window.set_focus();
        }
    });
    if let Some(dir) = explicit_dir {
        builder = builder.dbus_id(format!(
            "{APP_IDENTIFIER}.d{:016x}",
            fnv1a(dir.as_os_str().as_encoded_bytes())
        ));
    }
    builder.build()
}

/// A stable hash (unlike `std`'s, whose algorithm may change between releases).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// On an empty cache, loads the demo data set in the background so the
/// first window has something to show (CONTRACT §3).
fn first_run(app: &AppHandle) {
    let Some(backend) = app.try_state::<Backend>() else {
        return;
    };
    let state = match backend.get() {
        Ok(state) => state,
        Err(err) => {
            log::error!("cannot open the data folder: {}", err.message);
            return;
        }
    };
    log::info!(
        "Healthdash {} with data folder {}",
        env!("CARGO_PKG_VERSION"),
        state.data_dir().path().display()
    );
    let empty = state.store().is_empty();
    match empty {
        Ok(true) => {
            log::info!("the cache is empty: loading the demo data set");
            commands::start_demo_load(app, state);
        }
        Ok(false) => {}
        Err(err) => log::error!("cannot read the cache: {err}"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dbus_ids_differ_per_folder_and_are_stable() {
        assert_eq!(super::fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(super::fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_ne!(super::fnv1a(b"/tmp/a"), super::fnv1a(b"/tmp/b"));
    }
}
