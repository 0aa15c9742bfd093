//! Secrets (tokens, client ids and secrets) behind a port: the OS keyring or a
//! 0600 file, chosen per CONTRACT §5.
//!
//! - [`open`] picks the store once per process: `HEALTHDASH_SECRET_STORE=file`
//!   selects `DIR/secrets.json` on purpose, `=keyring` demands the OS keyring
//!   (any failure is an error), unset probes the keyring and falls back to the
//!   file with a one-line warning the caller shows.
//! - Every keyring call runs on a helper thread with a timeout
//!   ([`DEFAULT_TIMEOUT`]), so a locked or hung Secret Service cannot freeze
//!   the app or the CLI.
//! - Values are opaque strings (callers keep tokens as JSON text) and are never
//!   logged, nor printed by `Debug`.

mod file_store;
mod keyring_store;
mod memory;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

pub use file_store::{FileStore, SECRETS_FILE};
pub use keyring_store::{KEYRING_SERVICE, KeyringStore};
pub use memory::MemoryStore;

/// The environment variable that chooses the store (CONTRACT §5).
pub const SECRET_STORE_ENV: &str = "HEALTHDASH_SECRET_STORE";

/// How long one keyring call may take before it counts as hung. Unlocking a
/// keyring through a desktop prompt needs longer, but then the call is
/// retried after the user answered; a headless session never answers.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

/// Every variant renders as one line that names the store and what to do.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error(
        "OS keyring did not answer within {} s while trying to {op} (is it locked?); set {SECRET_STORE_ENV}=file to keep secrets in {} instead",
        .timeout.as_secs_f32(),
        .file.display()
    )]
    Timeout {
        op: String,
        timeout: Duration,
        file: PathBuf,
    },
    #[error(
        "OS keyring failed to {op}: {message}; unlock it, or set {SECRET_STORE_ENV}=file to keep secrets in {} instead",
        .file.display()
    )]
    Keyring {
        op: String,
        message: String,
        file: PathBuf,
    },
    #[error(
        "{SECRET_STORE_ENV}=keyring but the OS keyring is unavailable ({reason}); start or unlock it, or unset {SECRET_STORE_ENV} to fall back to {}",
        .file.display()
    )]
    KeyringRequired { reason: String, file: PathBuf },
    #[error(
        "{SECRET_STORE_ENV}={value:?} is not a secret store; use \"keyring\" or \"file\", or unset it"
    )]
    UnknownStore { value: String },
    #[error("secret file {}: {source}", .path.display())]
    FileIo {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "secret file {} is not a JSON object of strings ({message}); fix or remove it (it was left untouched)",
        .path.display()
    )]
    FileCorrupt { path: PathBuf, message: String },
    #[error(
        "secret file {} is a symbolic link, which Healthdash does not follow for secrets; replace it with the file itself",
        .path.display()
    )]
    FileSymlink { path: PathBuf },
    #[error(
        "provider id {provider:?} cannot name a secret (it must be non-empty, without '/' or control characters)"
    )]
    InvalidProvider { provider: String },
}

/// Which secret of which provider.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SecretName {
    /// The token set (access, refresh, expiry) as JSON text.
    Tokens,
    ClientId,
    ClientSecret,
}

impl SecretName {
    /// The name inside keys: `withings/tokens`.
    pub fn as_str(self) -> &'static str {
        match self {
            SecretName::Tokens => "tokens",
            SecretName::ClientId => "client_id",
            SecretName::ClientSecret => "client_secret",
        }
    }
}

/// Names one secret: `SecretKey { provider: "withings", name: SecretName::Tokens }`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SecretKey<'a> {
    pub provider: &'a str,
    pub name: SecretName,
}

impl<'a> SecretKey<'a> {
    pub fn new(provider: &'a str, name: SecretName) -> Self {
        SecretKey { provider, name }
    }

    /// `provider/name`, the key in `secrets.json` and the start of the keyring
    /// account. Refuses provider ids that would make two keys collide
    /// (`a/b` + `tokens` against `a` + `b/tokens`) or break the one-line
    /// account name.
    pub(crate) fn label(&self) -> Result<String, SecretError> {
        let p = self.provider;
        if p.is_empty() || p.contains('/') || p.chars().any(char::is_control) {
            return Err(SecretError::InvalidProvider {
                provider: p.to_owned(),
            });
        }
        Ok(format!("{p}/{}", self.name.as_str()))
    }
}

/// Where secrets are kept, for `providers` output and the UI ("tokens in: OS keyring").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum StoreKind {
    #[serde(rename = "OS keyring")]
    Keyring,
    /// `DIR/secrets.json`, readable by this user only.
    #[serde(rename = "secrets.json")]
    File,
    /// Tests only.
    #[serde(rename = "memory")]
    Memory,
}

impl StoreKind {
    pub fn as_str(self) -> &'static str {
        match self {
            StoreKind::Keyring => "keyring",
            StoreKind::File => "file",
            StoreKind::Memory => "memory",
        }
    }

    /// Words for people: "OS keyring", "secrets.json", "memory".
    pub fn describe(self) -> &'static str {
        match self {
            StoreKind::Keyring => "OS keyring",
            StoreKind::File => "secrets.json",
            StoreKind::Memory => "memory",
        }
    }
}

impl std::fmt::Display for StoreKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.describe())
    }
}

/// The port. Implementations are shared between threads (the sync engine, IPC
/// commands) and must never reveal values through `Debug` or logs.
pub trait SecretStore: Send + Sync + std::fmt::Debug {
    /// `Ok(None)` when the secret was never set or was deleted.
    fn get(&self, key: SecretKey<'_>) -> Result<Option<String>, SecretError>;
    /// Creates or replaces.
    fn set(&self, key: SecretKey<'_>, value: &str) -> Result<(), SecretError>;
    /// Deleting a missing secret is `Ok`.
    fn delete(&self, key: SecretKey<'_>) -> Result<(), SecretError>;
    fn kind(&self) -> StoreKind;
}

/// The chosen store, and the one-line warning to show when it is the file
/// because the keyring was unreachable (never when chosen on purpose).
#[derive(Debug, Clone)]
pub struct OpenedStore {
    pub store: Arc<dyn SecretStore>,
    pub warning: Option<String>,
}

/// Chooses the store per CONTRACT §5 from `HEALTHDASH_SECRET_STORE`
/// (`file` | `keyring` | unset) for the data directory `data_dir`, probing
/// the keyring with [`DEFAULT_TIMEOUT`] when unset. The caller prints
/// [`OpenedStore::warning`] (one line) where the user sees it.
pub fn open(data_dir: &Path) -> Result<OpenedStore, SecretError> {
    let choice = std::env::var_os(SECRET_STORE_ENV).map(|v| v.to_string_lossy().into_owned());
    open_with(choice.as_deref(), data_dir)
}

/// [`open`] with the variable's value passed in (env vars are process-global,
/// so tests and embedders pass the choice instead of setting the variable).
/// An empty value counts as unset.
pub fn open_with(choice: Option<&str>, data_dir: &Path) -> Result<OpenedStore, SecretError> {
    open_inner(
        choice,
        data_dir,
        keyring_store::os_backend(),
        DEFAULT_TIMEOUT,
    )
}

fn open_inner(
    choice: Option<&str>,
    data_dir: &Path,
    backend: Arc<dyn keyring_store::KeyringBackend>,
    timeout: Duration,
) -> Result<OpenedStore, SecretError> {
    // The file store is checked here, where it is chosen: a broken
    // secrets.json must stop a sign-in before the browser, not after.
    let file = || -> Result<FileStore, SecretError> {
        let store = FileStore::new(data_dir);
        store.check()?;
        Ok(store)
    };
    match choice.map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) if c.eq_ignore_ascii_case("file") => {
            tracing::debug!("secrets: file store chosen by {SECRET_STORE_ENV}");
            Ok(OpenedStore {
                store: Arc::new(file()?),
                warning: None,
            })
        }
        Some(c) if c.eq_ignore_ascii_case("keyring") => {
            let store = KeyringStore::with_backend(data_dir, backend, timeout);
            store.probe().map_err(|e| SecretError::KeyringRequired {
                reason: keyring_store::reason(&e),
                file: FileStore::new(data_dir).path().to_owned(),
            })?;
            tracing::debug!("secrets: OS keyring required by {SECRET_STORE_ENV}, and it answers");
            Ok(OpenedStore {
                store: Arc::new(store),
                warning: None,
            })
        }
        Some(other) => Err(SecretError::UnknownStore {
            value: other.to_owned(),
        }),
        None => {
            let store = KeyringStore::with_backend(data_dir, backend, timeout);
            match store.probe() {
                Ok(()) => {
                    tracing::debug!("secrets: OS keyring answers; using it");
                    Ok(OpenedStore {
                        store: Arc::new(store),
                        warning: None,
                    })
                }
                Err(e) => {
                    let file = file()?;
                    let warning = format!(
                        "OS keyring unavailable ({}); keeping secrets in {} (mode 0600)",
                        keyring_store::reason(&e),
                        file.path().display()
                    );
                    Ok(OpenedStore {
                        store: Arc::new(file),
                        warning: Some(warning),
                    })
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::keyring_store::tests::FakeBackend;
    use super::*;

    fn key(name: SecretName) -> SecretKey<'static> {
        SecretKey::new("withings", name)
    }

    #[test]
    fn file_choice_has_no_warning_and_ignores_case_and_spaces() {
        let tmp = tempfile::tempdir().unwrap();
        for choice in ["file", " FILE "] {
            let opened = open_inner(
                Some(choice),
                tmp.path(),
                FakeBackend::broken(),
                DEFAULT_TIMEOUT,
            )
            .unwrap();
            assert_eq!(opened.store.kind(), StoreKind::File);
            assert!(opened.warning.is_none());
        }
    }

    #[test]
    fn a_corrupt_secret_file_is_reported_when_the_store_is_opened() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join(SECRETS_FILE), "{not json").unwrap();
        for (choice, backend) in [
            (Some("file"), FakeBackend::broken()),
            (None, FakeBackend::broken()),
        ] {
            let err = open_inner(choice, tmp.path(), backend, DEFAULT_TIMEOUT).unwrap_err();
            assert!(matches!(err, SecretError::FileCorrupt { .. }), "{err}");
            assert!(err.to_string().contains(SECRETS_FILE), "{err}");
        }
        // The keyring holds the secrets when it answers: the file is not in use.
        let opened = open_inner(None, tmp.path(), FakeBackend::working(), DEFAULT_TIMEOUT).unwrap();
        assert_eq!(opened.store.kind(), StoreKind::Keyring);
    }

    #[test]
    fn unknown_choice_is_an_error_naming_it() {
        let tmp = tempfile::tempdir().unwrap();
        let err = open_with(Some("vault"), tmp.path()).unwrap_err();
        let msg = err.to_string();
        assert!(matches!(err, SecretError::UnknownStore { .. }));
        assert!(msg.contains("HEALTHDASH_SECRET_STORE=\"vault\""), "{msg}");
        assert!(!msg.contains('\n'));
    }

    #[test]
    fn unset_uses_a_working_keyring_without_warning() {
        let tmp = tempfile::tempdir().unwrap();
        let opened = open_inner(None, tmp.path(), FakeBackend::working(), DEFAULT_TIMEOUT).unwrap();
        assert_eq!(opened.store.kind(), StoreKind::Keyring);
        assert!(opened.warning.is_none());
        let empty = open_inner(
            Some(""),
            tmp.path(),
            FakeBackend::working(),
            DEFAULT_TIMEOUT,
        )
        .unwrap();
        assert_eq!(empty.store.kind(), StoreKind::Keyring);
    }

    #[test]
    fn unset_falls_back_to_the_file_with_a_one_line_warning() {
        let tmp = tempfile::tempdir().unwrap();
        let opened = open_inner(None, tmp.path(), FakeBackend::broken(), DEFAULT_TIMEOUT).unwrap();
        assert_eq!(opened.store.kind(), StoreKind::File);
        let warning = opened.warning.unwrap();
        assert!(warning.starts_with("OS keyring unavailable ("), "{warning}");
        assert!(warning.contains("secrets.json (mode 0600)"), "{warning}");
        assert!(!warning.contains('\n'));
        // The fallback store really is the file.
        opened.store.set(key(SecretName::Tokens), "t").unwrap();
        assert!(tmp.path().join(SECRETS_FILE).exists());
    }

    #[test]
    fn keyring_choice_never_falls_back() {
        let tmp = tempfile::tempdir().unwrap();
        let err = open_inner(
            Some("keyring"),
            tmp.path(),
            FakeBackend::broken(),
            DEFAULT_TIMEOUT,
        )
        .unwrap_err();
        assert!(matches!(err, SecretError::KeyringRequired { .. }), "{err}");
        assert!(
            err.to_string()
                .starts_with("HEALTHDASH_SECRET_STORE=keyring but")
        );
        assert!(!tmp.path().join(SECRETS_FILE).exists());
        let ok = open_inner(
            Some("keyring"),
            tmp.path(),
            FakeBackend::working(),
            DEFAULT_TIMEOUT,
        )
        .unwrap();
        assert_eq!(ok.store.kind(), StoreKind::Keyring);
    }

    #[test]
    fn a_hung_keyring_probe_falls_back_after_the_timeout() {
        let tmp = tempfile::tempdir().unwrap();
        let timeout = Duration::from_millis(100);
        let start = std::time::Instant::now();
        let opened = open_inner(None, tmp.path(), FakeBackend::hung(), timeout).unwrap();
        assert!(start.elapsed() < Duration::from_secs(2));
        assert_eq!(opened.store.kind(), StoreKind::File);
        let warning = opened.warning.unwrap();
        assert!(warning.contains("did not answer within 0.1 s"), "{warning}");

        let err =
            open_inner(Some("keyring"), tmp.path(), FakeBackend::hung(), timeout).unwrap_err();
        assert!(
            err.to_string().contains("did not answer within 0.1 s"),
            "{err}"
        );
    }

    #[test]
    fn provider_ids_that_could_collide_are_refused() {
        let store = MemoryStore::new();
        for bad in ["", "a/b", "with\nings"] {
            let err = store
                .get(SecretKey::new(bad, SecretName::Tokens))
                .unwrap_err();
            assert!(matches!(err, SecretError::InvalidProvider { .. }));
        }
    }
}
