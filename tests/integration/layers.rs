//! The dependency rule of the workspace, checked on the resolved graph:
//! the core has no Tauri and no HTTP client, and only the desktop shell
//! depends on Tauri (docs/ARCHITECTURE.md).

use std::process::Command;

/// `cargo tree` lines (`name vX.Y.Z …`) for the given arguments.
fn tree(args: &[&str]) -> Vec<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["tree", "--prefix", "none", "-e", "normal"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

fn names(lines: &[String]) -> Vec<&str> {
    lines.iter().filter_map(|l| l.split(' ').next()).collect()
}

#[test]
fn the_core_has_no_tauri_and_no_http_client() {
    let core = tree(&["-p", "healthdash-core"]);
    let names = names(&core);
    assert!(names.contains(&"rusqlite"), "the tree was read: {names:?}");
    for forbidden in ["tauri", "reqwest", "hyper", "axum", "oauth2", "tokio"] {
        assert!(
            !names.contains(&forbidden),
            "healthdash-core depends on {forbidden}"
        );
    }
}

#[test]
fn only_the_desktop_shell_depends_on_tauri() {
    let dependents = tree(&["--workspace", "-i", "tauri"]);
    let ours: Vec<&str> = names(&dependents)
        .into_iter()
        .filter(|n| n.starts_with("healthdash"))
        .collect();
    assert!(!ours.is_empty(), "{dependents:?}");
    assert!(ours.iter().all(|n| *n == "healthdash-app"), "{ours:?}");
}
