//! The IPC surface, declared once: every command and event the UI may use.
//! tauri-specta turns it into the invoke handler at run time and into
//! `ui/src/bindings.ts` at build time (`make bindings`), which also writes
//! the `catalog` command's answer as the UI tests' fixture; the tests below
//! fail when either committed file is stale.

use std::path::{Path, PathBuf};

use specta_typescript::Typescript;
use tauri_specta::{Builder, collect_commands, collect_events};

use crate::commands;
use crate::ipc::{
    AppleImportProgress, Catalog, ConnectFinished, DataChanged, DemoProgress, SyncProgress,
};

/// `ui/src/bindings.ts`, from this crate's folder.
pub fn default_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings.ts")
}

/// `ui/e2e/fixtures/catalog.json`: what `catalog` answers, for the mocked IPC
/// of the UI tests, so they never keep a copy of the backend's lists.
pub fn catalog_fixture_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/e2e/fixtures/catalog.json")
}

/// The catalog fixture's text, as `make bindings` writes it.
pub fn render_catalog() -> std::io::Result<String> {
    let mut json = serde_json::to_string_pretty(&Catalog::new()).map_err(std::io::Error::other)?;
    json.push('\n');
    Ok(json)
}

const HEADER: &str = "// Generated from src-tauri by tauri-specta: run `make bindings` after changing a command or an IPC type.";

pub fn builder() -> Builder<tauri::Wry> {
    Builder::<tauri::Wry>::new()
        .commands(collect_commands![
            commands::app_info,
            commands::catalog,
            commands::catalogue,
            commands::series,
            commands::daily_values,
            commands::daily_buckets,
            commands::sleep_nights,
            commands::night_stages,
            commands::workouts,
            commands::latest_values,
            commands::overview,
            commands::settings,
            commands::save_settings,
            commands::providers,
            commands::set_client,
            commands::connect,
            commands::connect_paste,
            commands::cancel_connect,
            commands::sync_now,
            commands::cancel_sync,
            commands::disconnect,
            commands::open_developer_page,
            commands::save_relay_page,
            crate::exist_push::exist_push_preview,
            crate::exist_push::exist_push,
            crate::exist_push::connect_exist_write,
            crate::exist_push::exist_push_settings,
            crate::exist_push::save_exist_push_settings,
            crate::insights::insights,
            crate::insights::insight_rules,
            crate::insights::set_insight_rule,
            crate::insights::scatter,
            commands::export_csv,
            commands::export_chart,
            commands::import_csv,
            commands::import_apple_health,
            commands::cancel_apple_import,
            commands::load_demo,
            commands::remove_demo,
            commands::openhumans_files,
            crate::provenance::provenance,
            crate::provenance::coverage,
        ])
        .events(collect_events![
            DemoProgress,
            DataChanged,
            ConnectFinished,
            SyncProgress,
            AppleImportProgress
        ])
        // Our integers are Unix seconds and counts, far below 2^53, so
        // `number` is exact; BigInt would make every timestamp awkward.
        .dangerously_cast_bigints_to_number()
        // One type per Rust type: argument types are only deserialized and
        // result types only serialized, so per-direction variants
        // (`Foo_Serialize`/`Foo_Deserialize`) would only add noise.
        .disable_serde_phases()
}

/// The TypeScript of `ui/src/bindings.ts`, as `make bindings` writes it.
pub fn render() -> std::io::Result<String> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("bindings.ts");
    write(&path)?;
    std::fs::read_to_string(&path)
}

/// Writes the bindings to `path`.
pub fn write(path: &Path) -> std::io::Result<()> {
    builder()
        .export(Typescript::default().header(HEADER), path)
        .map_err(std::io::Error::other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bindings_are_current() {
        let fresh = render().expect("generating the bindings");
        let path = default_path();
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == fresh,
            "{} is not what the Rust side generates: run `make bindings` and commit the result",
            path.display()
        );
    }

    #[test]
    fn catalog_fixture_is_current() {
        let fresh = render_catalog().expect("rendering the catalog");
        let path = catalog_fixture_path();
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == fresh,
            "{} is not what `catalog` answers: run `make bindings` and commit the result",
            path.display()
        );
    }

    #[test]
    fn every_command_and_event_is_in_the_bindings() {
        let text = render().expect("generating the bindings");
        for name in [
            "appInfo",
            "catalog:",
            "catalogue",
            "series",
            "dailyValues",
            "dailyBuckets",
            "sleepNights",
            "nightStages",
            "workouts",
            "latestValues",
            "overview",
            "settings",
            "saveSettings",
            "providers",
            "setClient",
            "connect",
            "connectPaste",
            "cancelConnect",
            "syncNow",
            "cancelSync",
            "disconnect",
            "openDeveloperPage",
            "exportCsv",
            "exportChart",
            "loadDemo",
            "insights",
            "insightRules",
            "setInsightRule",
            "scatter",
            "\"demo-progress\"",
            "\"data-changed\"",
            "\"connect-finished\"",
            "\"sync-progress\"",
        ] {
            assert!(text.contains(name), "{name} is missing from the bindings");
        }
    }
}
