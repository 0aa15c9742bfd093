//! `healthdash sandbox` through the real binary: which data folder it points
//! at the fakes, and what Ctrl-C leaves behind.

use std::process::{Child, Command, Output, Stdio};

use healthdash_core::config::{DataDir, ProviderConfig};

use crate::sandbox::ENV;
use crate::util::{TempData, assert_one_line_error, first_line, stderr};

/// The user's own Withings settings, which the sandbox must not lose.
const MINE: &str = "[providers.withings]\nclient_id = \"my-own-app\"\n";

/// Starts `healthdash sandbox ARGS` on free ports and returns it with the
/// fake's base URL, read from its first stdout line (printed once the
/// configuration points at the fake).
fn start(data: &TempData, args: &[&str]) -> (Child, String) {
    let mut full = vec!["sandbox", "--port", "0", "--days", "3"];
    full.extend_from_slice(args);
    let mut child = data
        .command(&full, ENV)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let line = first_line(child.stdout.as_mut().unwrap());
    let base_url = line
        .trim()
        .strip_prefix("Sandbox withings at ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    assert!(base_url.starts_with("http://127.0.0.1:"), "{base_url}");
    (child, base_url)
}

/// Ctrl-C, as a person would press it; the sandbox must exit cleanly.
fn interrupt(child: Child) -> Output {
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    output
}

fn withings(dir: &DataDir) -> Option<ProviderConfig> {
    dir.load_config()
        .unwrap()
        .providers
        .get("withings")
        .cloned()
}

fn data_with_my_settings() -> (TempData, DataDir) {
    let data = TempData::new();
    std::fs::write(data.path().join("config.toml"), MINE).unwrap();
    let dir = DataDir::resolve(Some(data.path().to_owned())).unwrap();
    (data, dir)
}

#[test]
fn sandbox_uses_its_own_folder_and_leaves_the_main_config_alone() {
    let (data, _) = data_with_my_settings();
    let (child, base_url) = start(&data, &[]);

    let main_config = data.path().join("config.toml");
    assert_eq!(std::fs::read_to_string(&main_config).unwrap(), MINE);
    let sandbox = DataDir::resolve(Some(data.path().join("sandbox"))).unwrap();
    let pointed = withings(&sandbox).expect("the sandbox folder has [providers.withings]");
    assert_eq!(pointed.client_id.as_deref(), Some("healthdash-sandbox"));
    assert_eq!(pointed.api_base_url.as_deref(), Some(base_url.as_str()));
    assert!(
        pointed
            .authorize_url
            .as_deref()
            .is_some_and(|u| u.starts_with("http://127.0.0.1:")),
        "{pointed:?}"
    );

    let output = interrupt(child);
    let err = stderr(&output);
    let folder = sandbox.path().display().to_string();
    assert!(
        err.contains(&format!("healthdash --data-dir {folder} connect withings")),
        "{err}"
    );
    assert!(
        err.contains(&format!("HEALTHDASH_DATA_DIR={folder}")),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&main_config).unwrap(), MINE);
    assert!(!data.db_path().exists(), "no cache made in the main folder");
}

#[test]
fn sandbox_here_points_this_folder_and_restores_it_on_ctrl_c() {
    let (data, dir) = data_with_my_settings();
    let mine = withings(&dir);
    let (child, base_url) = start(&data, &["--here"]);

    let pointed = withings(&dir).expect("[providers.withings] while running");
    assert_eq!(pointed.api_base_url.as_deref(), Some(base_url.as_str()));
    assert!(
        pointed
            .token_url
            .as_deref()
            .is_some_and(|u| u.starts_with("http://127.0.0.1:")),
        "{pointed:?}"
    );
    assert!(!data.path().join("sandbox").exists(), "no sandbox folder");

    let output = interrupt(child);
    assert_eq!(withings(&dir), mine, "settings restored");
    let err = stderr(&output);
    assert!(
        err.contains("healthdash disconnect withings --purge"),
        "{err}"
    );
}

#[test]
fn sandbox_refuses_unknown_providers() {
    // Every provider has a fake (the CLI's unit tests check that), so an
    // unknown id is the only refusal left.
    let data = TempData::new();
    let unknown = data.cli_with_env(&["sandbox", "withings", "nope"], ENV);
    assert_one_line_error(&unknown, "unknown provider 'nope'");
    assert_eq!(unknown.status.code(), Some(1));
    assert!(!data.path().join("sandbox").exists());
}
