//! Healthdash desktop app.
//!
//! For now this is the Tauri shell only: it opens one window with the web UI
//! from `ui/` (embedded in release builds, or served by Vite at `devUrl` in a
//! plain debug build).

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::process::ExitCode;

fn main() -> ExitCode {
    match tauri::Builder::default().run(tauri::generate_context!()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("healthdash-app: error: {err}");
            ExitCode::FAILURE
        }
    }
}
