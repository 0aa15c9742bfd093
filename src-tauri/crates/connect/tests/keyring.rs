//! The secret store against a real OS keyring: on Linux a fresh gnome-keyring
//! in a private D-Bus session, started by `tests/with-keyring.sh` (`make
//! test-keyring`). These tests only touch a keyring when
//! `HEALTHDASH_TEST_KEYRING=1`, so a plain `cargo test` on a laptop never
//! writes to its owner's keyring; they print a skip note otherwise. With the
//! variable set, every failure fails.
//!
//! Some cases need an environment of their own (no session bus, a locked
//! keyring): the test runs its own binary again as a child process with
//! `HEALTHDASH_KEYRING_CHILD` naming the case, since environment variables are
//! process-wide and other tests run in parallel.

// Helpers of a test binary: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use healthdash_connect::secrets::{
    self, KeyringStore, OpenedStore, SECRETS_FILE, SecretError, SecretKey, SecretName,
    SecretStore as _, StoreKind,
};

const ENABLE: &str = "HEALTHDASH_TEST_KEYRING";
const CHILD: &str = "HEALTHDASH_KEYRING_CHILD";

/// Whether the real keyring may be used; prints why not.
fn real_keyring(test: &str) -> bool {
    if std::env::var(ENABLE).as_deref() == Ok("1") {
        return true;
    }
    eprintln!(
        "skipped {test}: set {ENABLE}=1 and run under tests/with-keyring.sh (make test-keyring) to use a real keyring"
    );
    false
}

/// The case this process was started to run as a child, if any.
fn child_case() -> Option<String> {
    std::env::var(CHILD).ok()
}

/// Runs the single test `name` of this binary in a child process with `env`
/// (and `CHILD=name`), behind the `wrapper` command if any (which runs its
/// arguments); fails with the child's output unless it succeeded.
fn run_child(name: &str, wrapper: &[&OsStr], env: &[(&str, &str)]) -> Output {
    let exe = std::env::current_exe().unwrap();
    let mut command = match wrapper.split_first() {
        Some((program, args)) => {
            let mut c = Command::new(program);
            c.args(args).arg(&exe);
            c
        }
        None => Command::new(&exe),
    };
    command
        .args([name, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD, name);
    for (k, v) in env {
        command.env(k, v);
    }
    let output = command.output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "child {name} failed ({}):\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
        output.status
    );
    // A child that ran no test (a typo in `name`) must not pass silently.
    assert!(
        stdout.contains("1 passed"),
        "child {name} ran no test:\n{stdout}"
    );
    output
}

fn tokens(provider: &str) -> SecretKey<'_> {
    SecretKey::new(provider, SecretName::Tokens)
}

fn open_keyring(dir: &Path) -> OpenedStore {
    let opened = secrets::open_with(Some("keyring"), dir).unwrap();
    assert_eq!(opened.store.kind(), StoreKind::Keyring);
    assert!(opened.warning.is_none());
    opened
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect()
}

#[test]
fn set_get_replace_delete_in_the_real_keyring() {
    if !real_keyring("set_get_replace_delete_in_the_real_keyring") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let store = open_keyring(tmp.path()).store;
    let key = tokens("withings");
    let value =
        r#"{"access_token":"a-ü-1","refresh_token":"r-1","expires_at":"2030-01-01T00:00:00Z"}"#;

    assert_eq!(store.get(key).unwrap(), None);
    let t = Instant::now();
    store.set(key, value).unwrap();
    let set_time = t.elapsed();
    let t = Instant::now();
    assert_eq!(store.get(key).unwrap().as_deref(), Some(value));
    let get_time = t.elapsed();

    // Replacing keeps one entry (a second `set` must not make the key ambiguous).
    store.set(key, "v2").unwrap();
    assert_eq!(store.get(key).unwrap().as_deref(), Some("v2"));

    // The three names of one provider are separate entries.
    let id = SecretKey::new("withings", SecretName::ClientId);
    let secret = SecretKey::new("withings", SecretName::ClientSecret);
    store.set(id, "client-id").unwrap();
    store.set(secret, "client-secret").unwrap();
    assert_eq!(store.get(id).unwrap().as_deref(), Some("client-id"));
    assert_eq!(store.get(secret).unwrap().as_deref(), Some("client-secret"));
    assert_eq!(store.get(key).unwrap().as_deref(), Some("v2"));

    let t = Instant::now();
    store.delete(key).unwrap();
    let delete_time = t.elapsed();
    assert_eq!(store.get(key).unwrap(), None);
    store.delete(key).unwrap(); // deleting a missing secret is Ok
    assert_eq!(store.get(id).unwrap().as_deref(), Some("client-id"));
    store.delete(id).unwrap();
    store.delete(secret).unwrap();
    assert_eq!(store.get(secret).unwrap(), None);

    // Nothing was written to the data directory.
    assert!(
        files_in(tmp.path()).is_empty(),
        "{:?}",
        files_in(tmp.path())
    );
    println!(
        "measured: real keyring set {:.1} ms, get {:.1} ms, delete {:.1} ms",
        set_time.as_secs_f64() * 1e3,
        get_time.as_secs_f64() * 1e3,
        delete_time.as_secs_f64() * 1e3
    );
}

#[test]
fn unset_choice_uses_a_reachable_keyring_without_warning() {
    if !real_keyring("unset_choice_uses_a_reachable_keyring_without_warning") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let t = Instant::now();
    let opened = secrets::open_with(None, tmp.path()).unwrap();
    let probe_time = t.elapsed();
    assert_eq!(
        opened.store.kind(),
        StoreKind::Keyring,
        "{:?}",
        opened.warning
    );
    assert!(opened.warning.is_none());
    opened.store.set(tokens("fitbit"), "t").unwrap();
    assert!(!tmp.path().join(SECRETS_FILE).exists());
    opened.store.delete(tokens("fitbit")).unwrap();
    println!(
        "measured: open() with keyring probe {:.1} ms",
        probe_time.as_secs_f64() * 1e3
    );
}

#[test]
fn two_data_directories_never_see_each_others_secrets() {
    if !real_keyring("two_data_directories_never_see_each_others_secrets") {
        return;
    }
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let store_a = open_keyring(a.path()).store;
    let store_b = open_keyring(b.path()).store;
    store_a.set(tokens("withings"), "tokens-of-a").unwrap();
    assert_eq!(store_b.get(tokens("withings")).unwrap(), None);
    store_b.set(tokens("withings"), "tokens-of-b").unwrap();
    assert_eq!(
        store_a.get(tokens("withings")).unwrap().as_deref(),
        Some("tokens-of-a")
    );
    store_a.delete(tokens("withings")).unwrap();
    assert_eq!(
        store_b.get(tokens("withings")).unwrap().as_deref(),
        Some("tokens-of-b")
    );
    store_b.delete(tokens("withings")).unwrap();

    // The same directory under another spelling is the same store.
    let dotted = a.path().join(".");
    let again = open_keyring(&dotted).store;
    store_a.set(tokens("oura"), "same").unwrap();
    assert_eq!(again.get(tokens("oura")).unwrap().as_deref(), Some("same"));
    again.delete(tokens("oura")).unwrap();
}

/// What the app writes, the CLI (another process) reads.
#[test]
fn another_process_reads_what_this_one_stored() {
    if child_case().is_some() || !real_keyring("another_process_reads_what_this_one_stored") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let store = open_keyring(tmp.path()).store;
    store.set(tokens("withings"), "shared-tokens").unwrap();
    run_child(
        "child_reads_the_shared_secret",
        &[],
        &[("HEALTHDASH_KEYRING_DIR", tmp.path().to_str().unwrap())],
    );
    // The child deleted it.
    assert_eq!(store.get(tokens("withings")).unwrap(), None);
}

#[test]
fn child_reads_the_shared_secret() {
    if child_case().as_deref() != Some("child_reads_the_shared_secret") {
        return;
    }
    let dir = PathBuf::from(std::env::var("HEALTHDASH_KEYRING_DIR").unwrap());
    let store = open_keyring(&dir).store;
    assert_eq!(
        store.get(tokens("withings")).unwrap().as_deref(),
        Some("shared-tokens")
    );
    store.delete(tokens("withings")).unwrap();
}

/// No keyring at all (the session bus address points nowhere): unset falls
/// back to the file with the warning, `=keyring` is an error. Touches no real
/// keyring, so it runs without `HEALTHDASH_TEST_KEYRING` too.
#[cfg(target_os = "linux")]
#[test]
fn without_a_session_bus_unset_falls_back_and_keyring_errors() {
    if child_case().is_some() {
        return;
    }
    let nowhere = std::env::temp_dir().join("healthdash-no-such-bus");
    let address = format!("unix:path={}", nowhere.display());
    let output = run_child(
        "child_without_a_session_bus",
        &[],
        &[("DBUS_SESSION_BUS_ADDRESS", &address)],
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    // libtest prints the child's output after "test NAME ... " on the same line.
    let warning = stdout
        .lines()
        .find_map(|l| l.split_once("warning: "))
        .unwrap()
        .1;
    println!("fallback warning: {warning}");
}

#[cfg(target_os = "linux")]
#[test]
fn child_without_a_session_bus() {
    if child_case().as_deref() != Some("child_without_a_session_bus") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let t = Instant::now();
    let opened = secrets::open_with(None, tmp.path()).unwrap();
    assert!(
        t.elapsed() < Duration::from_secs(4),
        "the probe took {:?}",
        t.elapsed()
    );
    assert_eq!(opened.store.kind(), StoreKind::File);
    let warning = opened.warning.unwrap();
    assert!(warning.starts_with("OS keyring unavailable ("), "{warning}");
    assert!(warning.ends_with("secrets.json (mode 0600)"), "{warning}");
    assert!(!warning.contains('\n'));
    println!("warning: {warning}");

    // The fallback works and is the file.
    opened.store.set(tokens("withings"), "t").unwrap();
    assert_eq!(
        opened.store.get(tokens("withings")).unwrap().as_deref(),
        Some("t")
    );
    assert!(tmp.path().join(SECRETS_FILE).exists());

    let err = secrets::open_with(Some("keyring"), tmp.path()).unwrap_err();
    assert!(matches!(err, SecretError::KeyringRequired { .. }), "{err}");
    let msg = err.to_string();
    assert!(
        msg.starts_with("HEALTHDASH_SECRET_STORE=keyring but the OS keyring is unavailable"),
        "{msg}"
    );
    assert!(!msg.contains('\n'));

    // On purpose: the file, without a warning.
    let chosen = secrets::open_with(Some("file"), tmp.path()).unwrap();
    assert_eq!(chosen.store.kind(), StoreKind::File);
    assert!(chosen.warning.is_none());
    assert_eq!(
        chosen.store.get(tokens("withings")).unwrap().as_deref(),
        Some("t")
    );
}

/// A locked keyring must not freeze the caller. Under Xvfb, gnome-keyring
/// shows its unlock prompt in a window nobody answers, and the Secret Service
/// call waits for it (the `keyring` crate waits up to a year): the very case
/// of a locked desktop keyring. The write must fail with the timeout, on
/// time. Runs in a keyring of its own (a second `with-keyring.sh`), since it
/// locks it.
#[cfg(target_os = "linux")]
#[test]
fn a_locked_keyring_times_out_instead_of_hanging() {
    if child_case().is_some() || !real_keyring("a_locked_keyring_times_out_instead_of_hanging") {
        return;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../tests/with-keyring.sh");
    let xvfb = Command::new("xvfb-run").arg("--help").output();
    assert!(
        xvfb.is_ok(),
        "xvfb-run not found (Debian: xvfb, which make deps installs)"
    );
    let output = run_child(
        "child_with_a_locked_keyring",
        &[OsStr::new("xvfb-run"), OsStr::new("-a"), script.as_os_str()],
        &[],
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout
        .lines()
        .find_map(|l| l.split_once("locked: "))
        .unwrap()
        .1;
    println!("locked keyring: {line}");
}

#[cfg(target_os = "linux")]
#[test]
fn child_with_a_locked_keyring() {
    if child_case().as_deref() != Some("child_with_a_locked_keyring") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let timeout = Duration::from_secs(2);
    let store = KeyringStore::new(tmp.path()).with_timeout(timeout);
    store.set(tokens("withings"), "before-lock").unwrap();

    let lock = Command::new("dbus-send")
        .args([
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.secrets",
            "/org/freedesktop/secrets",
            "org.freedesktop.Secret.Service.Lock",
            "array:objpath:/org/freedesktop/secrets/collection/login",
        ])
        .output()
        .unwrap();
    assert!(
        lock.status.success(),
        "{}",
        String::from_utf8_lossy(&lock.stderr)
    );

    // A new entry needs the (now locked) collection: gnome-keyring prompts to
    // unlock it, and nobody answers.
    let t = Instant::now();
    let err = store.set(tokens("fitbit"), "after-lock").unwrap_err();
    let elapsed = t.elapsed();
    assert!(matches!(err, SecretError::Timeout { .. }), "{err}");
    assert!(
        elapsed >= timeout && elapsed < timeout + Duration::from_secs(1),
        "took {elapsed:?}"
    );
    let msg = err.to_string();
    assert!(
        msg.starts_with("OS keyring did not answer within 2 s while trying to store fitbit/tokens (is it locked?); set HEALTHDASH_SECRET_STORE=file"),
        "{msg}"
    );
    assert!(!msg.contains('\n') && !msg.contains("after-lock"), "{msg}");
    println!(
        "locked: set failed after {:.2} s: {msg}",
        elapsed.as_secs_f64()
    );
}

/// `open()` itself reads `HEALTHDASH_SECRET_STORE` (set for a child only:
/// the variable is process-wide).
#[test]
fn open_reads_the_environment_variable() {
    if child_case().is_some() {
        return;
    }
    run_child(
        "child_with_file_store_chosen",
        &[],
        &[("HEALTHDASH_SECRET_STORE", "file")],
    );
    run_child(
        "child_with_unknown_store_chosen",
        &[],
        &[("HEALTHDASH_SECRET_STORE", "vault")],
    );
}

#[test]
fn child_with_file_store_chosen() {
    if child_case().as_deref() != Some("child_with_file_store_chosen") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let opened = secrets::open(tmp.path()).unwrap();
    assert_eq!(opened.store.kind(), StoreKind::File);
    assert!(opened.warning.is_none());
}

#[test]
fn child_with_unknown_store_chosen() {
    if child_case().as_deref() != Some("child_with_unknown_store_chosen") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let err = secrets::open(tmp.path()).unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"HEALTHDASH_SECRET_STORE="vault" is not a secret store; use "keyring" or "file", or unset it"#
    );
}
