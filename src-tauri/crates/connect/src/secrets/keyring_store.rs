//! The OS keyring (Secret Service on Linux, Keychain on macOS, Credential
//! Manager on Windows) through the `keyring` crate, every call bounded by a
//! timeout.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::{SECRETS_FILE, SecretError, SecretKey, SecretStore, StoreKind};

/// The keyring service of every entry: the app identifier, so the entries
/// show up under the app's name in Seahorse / Keychain Access.
pub const KEYRING_SERVICE: &str = healthdash_core::config::APP_IDENTIFIER;

/// The few keyring operations we use, behind a trait so tests can stand in a
/// slow or broken keyring (the real one cannot be made to hang on demand).
/// A missing entry is `Err(keyring::Error::NoEntry)`, as in `keyring`.
pub(crate) trait KeyringBackend: Send + Sync + 'static {
    fn get(&self, service: &str, account: &str) -> keyring::Result<String>;
    fn set(&self, service: &str, account: &str, value: &str) -> keyring::Result<()>;
    fn delete(&self, service: &str, account: &str) -> keyring::Result<()>;
}

/// The platform's keyring via `keyring::Entry`. An `Entry` is built per call:
/// it is cheap, and on Linux each operation opens its own D-Bus connection
/// anyway, so nothing is shared between the helper threads.
struct OsKeyring;

impl KeyringBackend for OsKeyring {
    fn get(&self, service: &str, account: &str) -> keyring::Result<String> {
        keyring::Entry::new(service, account)?.get_password()
    }

    fn set(&self, service: &str, account: &str, value: &str) -> keyring::Result<()> {
        keyring::Entry::new(service, account)?.set_password(value)
    }

    fn delete(&self, service: &str, account: &str) -> keyring::Result<()> {
        keyring::Entry::new(service, account)?.delete_credential()
    }
}

pub(crate) fn os_backend() -> Arc<dyn KeyringBackend> {
    Arc::new(OsKeyring)
}

/// Secrets in the OS keyring, one entry per provider and secret name, under
/// service [`KEYRING_SERVICE`] and account `withings/tokens @ /canonical/data/dir`:
/// the data directory is part of the account so two data directories (a test
/// run's temp dir, a second profile) never see each other's tokens.
pub struct KeyringStore {
    backend: Arc<dyn KeyringBackend>,
    /// Canonical where possible, so `./data` and `/home/ada/data` agree.
    data_dir: PathBuf,
    /// Named in error messages as the way out (`HEALTHDASH_SECRET_STORE=file`).
    file: PathBuf,
    timeout: Duration,
}

impl std::fmt::Debug for KeyringStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyringStore")
            .field("service", &KEYRING_SERVICE)
            .field("data_dir", &self.data_dir)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl KeyringStore {
    /// The platform keyring for `data_dir`, with [`super::DEFAULT_TIMEOUT`].
    /// Makes no keyring call; [`super::open`] probes before choosing it.
    pub fn new(data_dir: &Path) -> Self {
        Self::with_backend(data_dir, os_backend(), super::DEFAULT_TIMEOUT)
    }

    /// How long one call may take before it fails with [`SecretError::Timeout`].
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    pub(crate) fn with_backend(
        data_dir: &Path,
        backend: Arc<dyn KeyringBackend>,
        timeout: Duration,
    ) -> Self {
        // A directory that does not exist yet cannot be canonicalized; its
        // given path is then the best name (the app creates it before use).
        let data_dir = std::fs::canonicalize(data_dir).unwrap_or_else(|_| data_dir.to_owned());
        let file = data_dir.join(SECRETS_FILE);
        KeyringStore {
            backend,
            data_dir,
            file,
            timeout,
        }
    }

    /// The keyring account of `label` (`withings/tokens`) in this data directory.
    pub fn account(&self, label: &str) -> String {
        format!("{label} @ {}", self.data_dir.display())
    }

    /// A harmless read of an entry that is never written: "no such entry"
    /// proves the keyring service answers. It does not unlock anything, so a
    /// desktop never shows an unlock prompt at start-up just for the probe.
    pub(crate) fn probe(&self) -> Result<(), SecretError> {
        let account = self.account("probe");
        self.call("reach the keyring", move |b| {
            b.get(KEYRING_SERVICE, &account)
        })
        .map(|_| ())
    }

    /// Runs `f` on a helper thread and waits at most `self.timeout`. A call
    /// that times out keeps running on its thread (a blocked D-Bus call cannot
    /// be cancelled) and its result is dropped; the caller gets
    /// [`SecretError::Timeout`] and can go on.
    fn call<T: Send + 'static>(
        &self,
        op: &str,
        f: impl FnOnce(&dyn KeyringBackend) -> keyring::Result<T> + Send + 'static,
    ) -> Result<Option<T>, SecretError> {
        let (tx, rx) = mpsc::sync_channel(1);
        let backend = Arc::clone(&self.backend);
        let started = Instant::now();
        std::thread::Builder::new()
            .name("healthdash-keyring".into())
            .spawn(move || {
                // The receiver is gone only after a timeout; nothing to tell then.
                let _ = tx.send(f(backend.as_ref()));
            })
            .map_err(|e| self.failure(op, format!("cannot start a helper thread: {e}")))?;
        let result = match rx.recv_timeout(self.timeout) {
            Ok(result) => result,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                tracing::warn!(
                    op,
                    timeout_ms = self.timeout.as_millis() as u64,
                    "OS keyring call timed out"
                );
                return Err(SecretError::Timeout {
                    op: op.to_owned(),
                    timeout: self.timeout,
                    file: self.file.clone(),
                });
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(self.failure(op, "the keyring call panicked".to_owned()));
            }
        };
        tracing::trace!(
            op,
            elapsed_ms = started.elapsed().as_millis() as u64,
            "OS keyring call"
        );
        match result {
            Ok(v) => Ok(Some(v)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(self.failure(op, describe(&e))),
        }
    }

    fn failure(&self, op: &str, message: String) -> SecretError {
        SecretError::Keyring {
            op: op.to_owned(),
            message,
            file: self.file.clone(),
        }
    }
}

impl SecretStore for KeyringStore {
    fn get(&self, key: SecretKey<'_>) -> Result<Option<String>, SecretError> {
        let label = key.label()?;
        let account = self.account(&label);
        self.call(&format!("read {label}"), move |b| {
            b.get(KEYRING_SERVICE, &account)
        })
    }

    fn set(&self, key: SecretKey<'_>, value: &str) -> Result<(), SecretError> {
        let label = key.label()?;
        let account = self.account(&label);
        let value = value.to_owned();
        self.call(&format!("store {label}"), move |b| {
            b.set(KEYRING_SERVICE, &account, &value)
        })
        .map(|_| ())
    }

    fn delete(&self, key: SecretKey<'_>) -> Result<(), SecretError> {
        let label = key.label()?;
        let account = self.account(&label);
        self.call(&format!("delete {label}"), move |b| {
            b.delete(KEYRING_SERVICE, &account)
        })
        .map(|_| ())
    }

    fn kind(&self) -> StoreKind {
        StoreKind::Keyring
    }
}

/// One line about a keyring error, built from its parts so that nothing the
/// keyring returned as data (an undecodable secret, other entries' details)
/// ends up in a message.
fn describe(e: &keyring::Error) -> String {
    let text = match e {
        keyring::Error::PlatformFailure(inner) => format!("platform failure: {inner}"),
        keyring::Error::NoStorageAccess(inner) => format!("no access to the store: {inner}"),
        keyring::Error::NoEntry => "no such entry".to_owned(),
        keyring::Error::BadEncoding(_) => "the stored value is not UTF-8 text".to_owned(),
        keyring::Error::TooLong(what, limit) => format!("{what} is longer than {limit}"),
        keyring::Error::Invalid(what, why) => format!("invalid {what}: {why}"),
        keyring::Error::Ambiguous(found) => format!("{} entries match", found.len()),
        other => format!("{other}"),
    };
    one_line(&text)
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Why the keyring cannot be used, for the fallback warning and the
/// `=keyring` error (which add their own advice).
pub(crate) fn reason(e: &SecretError) -> String {
    match e {
        SecretError::Timeout { timeout, .. } => {
            format!(
                "it did not answer within {} s; is it locked?",
                timeout.as_secs_f32()
            )
        }
        SecretError::Keyring { message, .. } => message.clone(),
        other => one_line(&other.to_string()),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::collections::BTreeMap;
    use std::sync::Mutex;

    use super::*;
    use crate::secrets::SecretName;

    /// An in-memory stand-in for the keyring that can also be broken or hung.
    pub(crate) struct FakeBackend {
        mode: Mode,
        entries: Mutex<BTreeMap<(String, String), String>>,
    }

    #[derive(Clone, Copy)]
    enum Mode {
        Working,
        Broken,
        Hung,
    }

    impl FakeBackend {
        fn make(mode: Mode) -> Arc<dyn KeyringBackend> {
            Arc::new(FakeBackend {
                mode,
                entries: Mutex::default(),
            })
        }
        pub(crate) fn working() -> Arc<dyn KeyringBackend> {
            Self::make(Mode::Working)
        }
        pub(crate) fn broken() -> Arc<dyn KeyringBackend> {
            Self::make(Mode::Broken)
        }
        pub(crate) fn hung() -> Arc<dyn KeyringBackend> {
            Self::make(Mode::Hung)
        }

        fn check(&self) -> keyring::Result<()> {
            match self.mode {
                Mode::Working => Ok(()),
                Mode::Broken => Err(keyring::Error::PlatformFailure(
                    "org.freedesktop.DBus.Error.NoServer: no\nbus".into(),
                )),
                Mode::Hung => {
                    std::thread::sleep(Duration::from_secs(3));
                    Ok(())
                }
            }
        }
    }

    impl KeyringBackend for FakeBackend {
        fn get(&self, service: &str, account: &str) -> keyring::Result<String> {
            self.check()?;
            let entries = self.entries.lock().unwrap();
            entries
                .get(&(service.to_owned(), account.to_owned()))
                .cloned()
                .ok_or(keyring::Error::NoEntry)
        }
        fn set(&self, service: &str, account: &str, value: &str) -> keyring::Result<()> {
            self.check()?;
            let mut entries = self.entries.lock().unwrap();
            entries.insert((service.to_owned(), account.to_owned()), value.to_owned());
            Ok(())
        }
        fn delete(&self, service: &str, account: &str) -> keyring::Result<()> {
            self.check()?;
            let mut entries = self.entries.lock().unwrap();
            entries
                .remove(&(service.to_owned(), account.to_owned()))
                .map(|_| ())
                .ok_or(keyring::Error::NoEntry)
        }
    }

    const TOKENS: SecretKey<'static> = SecretKey {
        provider: "withings",
        name: SecretName::Tokens,
    };

    #[test]
    fn round_trip_and_missing_entries() {
        let tmp = tempfile::tempdir().unwrap();
        let store = KeyringStore::with_backend(
            tmp.path(),
            FakeBackend::working(),
            super::super::DEFAULT_TIMEOUT,
        );
        assert_eq!(store.get(TOKENS).unwrap(), None);
        store.delete(TOKENS).unwrap();
        store.set(TOKENS, "{\"access\":\"a\"}").unwrap();
        assert_eq!(
            store.get(TOKENS).unwrap().as_deref(),
            Some("{\"access\":\"a\"}")
        );
        store.delete(TOKENS).unwrap();
        assert_eq!(store.get(TOKENS).unwrap(), None);
    }

    #[test]
    fn accounts_name_provider_secret_and_canonical_data_dir() {
        let tmp = tempfile::tempdir().unwrap();
        let canonical = std::fs::canonicalize(tmp.path()).unwrap();
        let dotted = tmp.path().join(".");
        let store =
            KeyringStore::with_backend(&dotted, FakeBackend::working(), Duration::from_secs(1));
        assert_eq!(
            store.account("withings/tokens"),
            format!("withings/tokens @ {}", canonical.display())
        );
    }

    #[test]
    fn a_hung_call_times_out_with_a_one_line_error() {
        let tmp = tempfile::tempdir().unwrap();
        let store =
            KeyringStore::with_backend(tmp.path(), FakeBackend::hung(), Duration::from_millis(100));
        let start = Instant::now();
        let err = store.set(TOKENS, "secret-value").unwrap_err();
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "waited {:?}",
            start.elapsed()
        );
        let msg = err.to_string();
        assert!(matches!(err, SecretError::Timeout { .. }));
        assert!(msg.starts_with("OS keyring did not answer within 0.1 s while trying to store withings/tokens (is it locked?)"), "{msg}");
        assert!(msg.contains("HEALTHDASH_SECRET_STORE=file"), "{msg}");
        assert!(msg.contains(SECRETS_FILE), "{msg}");
        assert!(!msg.contains("secret-value") && !msg.contains('\n'));
    }

    #[test]
    fn platform_failures_are_one_line_errors() {
        let tmp = tempfile::tempdir().unwrap();
        let store =
            KeyringStore::with_backend(tmp.path(), FakeBackend::broken(), Duration::from_secs(1));
        let msg = store.get(TOKENS).unwrap_err().to_string();
        assert!(
            msg.starts_with("OS keyring failed to read withings/tokens: platform failure:"),
            "{msg}"
        );
        assert!(!msg.contains('\n'), "{msg}");
    }

    #[test]
    fn debug_shows_no_values() {
        let tmp = tempfile::tempdir().unwrap();
        let store =
            KeyringStore::with_backend(tmp.path(), FakeBackend::working(), Duration::from_secs(1));
        store.set(TOKENS, "hunter2").unwrap();
        assert!(!format!("{store:?}").contains("hunter2"));
    }
}
