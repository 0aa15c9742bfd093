//! Healthdash desktop app. Everything but the entry point is in the library
//! (`src/lib.rs`), where tests and the bindings generator reach it.

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    healthdash_app::run()
}
