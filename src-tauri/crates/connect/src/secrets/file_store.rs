//! `DIR/secrets.json`: the store where no keyring is reachable, or where the
//! user chose it (`HEALTHDASH_SECRET_STORE=file`).
//!
//! One JSON object `{"withings/tokens": "…", …}`, private to the user (0600 on
//! Unix from the moment it exists), replaced atomically on every write and
//! re-read on every get, so the CLI and the app see each other's writes.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use super::{SecretError, SecretKey, SecretStore, StoreKind};

/// The file's name inside the data directory.
pub const SECRETS_FILE: &str = "secrets.json";

#[derive(Debug)]
pub struct FileStore {
    path: PathBuf,
    /// Serializes read-modify-write within the process; across processes the
    /// last writer wins, but the file is always whole (rename).
    write_lock: Mutex<()>,
}

type Secrets = BTreeMap<String, String>;

impl FileStore {
    /// The store in `data_dir`; nothing is created until the first `set`.
    pub fn new(data_dir: &Path) -> Self {
        FileStore {
            path: data_dir.join(SECRETS_FILE),
            write_lock: Mutex::new(()),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn io_error(&self, source: std::io::Error) -> SecretError {
        SecretError::FileIo {
            path: self.path.clone(),
            source,
        }
    }

    /// The current contents; a missing file is empty. A file others can read
    /// is tightened to 0600 first (and logged), since it holds tokens. A
    /// symlink is refused rather than followed: tightening would chmod
    /// whatever it points to, and tokens belong in a file of our own.
    fn read(&self) -> Result<Secrets, SecretError> {
        match std::fs::symlink_metadata(&self.path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(SecretError::FileSymlink {
                    path: self.path.clone(),
                });
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Secrets::new()),
            _ => {}
        }
        let mut file = match std::fs::File::open(&self.path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Secrets::new()),
            Err(e) => return Err(self.io_error(e)),
        };
        let is_file = file.metadata().map_err(|e| self.io_error(e))?.is_file();
        if !is_file {
            return Err(self.io_error(std::io::Error::other("not a regular file; move it away")));
        }
        // Through the open handle, so the mode changes on the file we read.
        self.tighten_permissions(&file)?;
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut file, &mut bytes).map_err(|e| self.io_error(e))?;
        serde_json::from_slice(&bytes).map_err(|e| SecretError::FileCorrupt {
            path: self.path.clone(),
            message: e.to_string(),
        })
    }

    /// Checks that the file (if any) is readable and a JSON object of
    /// strings, so a broken file is reported before a sign-in, not after.
    pub fn check(&self) -> Result<(), SecretError> {
        self.read().map(drop)
    }

    #[cfg(unix)]
    fn tighten_permissions(&self, file: &std::fs::File) -> Result<(), SecretError> {
        use std::os::unix::fs::PermissionsExt;
        let mode = file
            .metadata()
            .map_err(|e| self.io_error(e))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            file.set_permissions(std::fs::Permissions::from_mode(0o600))
                .map_err(|e| self.io_error(e))?;
            tracing::warn!(
                path = %self.path.display(),
                was = %format!("{:o}", mode & 0o777),
                "secret file was readable by others; tightened it to 0600"
            );
        }
        Ok(())
    }

    #[cfg(not(unix))]
    fn tighten_permissions(&self, _file: &std::fs::File) -> Result<(), SecretError> {
        // The data directory in the user's profile is already private.
        Ok(())
    }

    /// Replaces the file atomically: a private temp file in the same directory,
    /// flushed to disk, renamed over the old one. A crash leaves either the
    /// old or the new contents, never a torn file.
    fn write(&self, secrets: &Secrets) -> Result<(), SecretError> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let dir = self.path.parent().unwrap_or(Path::new("."));
        create_private_dir(dir).map_err(|e| self.io_error(e))?;
        let tmp = dir.join(format!(
            ".{SECRETS_FILE}.{}.{}.tmp",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let mut text = serde_json::to_vec_pretty(secrets).map_err(|e| SecretError::FileIo {
            path: self.path.clone(),
            source: std::io::Error::other(e),
        })?;
        text.push(b'\n');
        let result = (|| -> std::io::Result<()> {
            let mut file = create_private_file(&tmp)?;
            file.write_all(&text)?;
            file.sync_all()?;
            drop(file);
            std::fs::rename(&tmp, &self.path)?;
            sync_dir(dir);
            Ok(())
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result.map_err(|e| self.io_error(e))
    }

    fn modify(&self, f: impl FnOnce(&mut Secrets) -> bool) -> Result<(), SecretError> {
        // A poisoned lock only means another writer panicked mid-way; the
        // file itself is always whole, so go on.
        let _guard = self.write_lock.lock().unwrap_or_else(|p| p.into_inner());
        let mut secrets = self.read()?;
        if f(&mut secrets) {
            self.write(&secrets)?;
        }
        Ok(())
    }
}

impl SecretStore for FileStore {
    fn get(&self, key: SecretKey<'_>) -> Result<Option<String>, SecretError> {
        let label = key.label()?;
        Ok(self.read()?.remove(&label))
    }

    fn set(&self, key: SecretKey<'_>, value: &str) -> Result<(), SecretError> {
        let label = key.label()?;
        self.modify(|s| {
            s.insert(label, value.to_owned());
            true
        })
    }

    fn delete(&self, key: SecretKey<'_>) -> Result<(), SecretError> {
        let label = key.label()?;
        // Nothing to delete: no write, so no file is created either.
        self.modify(|s| s.remove(&label).is_some())
    }

    fn kind(&self) -> StoreKind {
        StoreKind::File
    }
}

fn create_private_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Makes the rename durable. Best effort: not every platform or file system
/// can open a directory for syncing, and the data is already in the file.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::SecretName;

    const TOKENS: SecretKey<'static> = SecretKey {
        provider: "withings",
        name: SecretName::Tokens,
    };
    const CLIENT_ID: SecretKey<'static> = SecretKey {
        provider: "withings",
        name: SecretName::ClientId,
    };
    const OTHER_TOKENS: SecretKey<'static> = SecretKey {
        provider: "fitbit",
        name: SecretName::Tokens,
    };

    #[test]
    fn round_trip() {
        let tmp = tempfile::tempdir().unwrap();
        let store = FileStore::new(tmp.path());
        assert_eq!(store.get(TOKENS).unwrap(), None);
        store.delete(TOKENS).unwrap();
        assert!(!store.path().exists(), "deleting nothing creates no file");
        store.set(TOKENS, "{\"access\":\"é\\n\"}").unwrap();
        assert_eq!(
            store.get(TOKENS).unwrap().as_deref(),
            Some("{\"access\":\"é\\n\"}")
        );
        store.set(TOKENS, "v2").unwrap();
        assert_eq!(store.get(TOKENS).unwrap().as_deref(), Some("v2"));
        store.delete(TOKENS).unwrap();
        assert_eq!(store.get(TOKENS).unwrap(), None);
        assert_eq!(store.kind(), StoreKind::File);
        let text = std::fs::read_to_string(store.path()).unwrap();
        assert_eq!(text.trim(), "{}");
    }

    #[test]
    fn creates_its_directory_when_missing() {
        let tmp = tempfile::tempdir().unwrap();
        let store = FileStore::new(&tmp.path().join("a/b"));
        store.set(TOKENS, "t").unwrap();
        assert_eq!(store.get(TOKENS).unwrap().as_deref(), Some("t"));
    }

    #[cfg(unix)]
    #[test]
    fn file_is_0600() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let store = FileStore::new(tmp.path());
        store.set(TOKENS, "t").unwrap();
        let mode = std::fs::metadata(store.path())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        store.set(CLIENT_ID, "c").unwrap();
        let mode = std::fs::metadata(store.path())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        // No temp files left behind.
        let names: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from(SECRETS_FILE)]);
    }

    #[cfg(unix)]
    #[test]
    fn loose_permissions_are_tightened() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join(SECRETS_FILE);
        std::fs::write(&path, r#"{"withings/tokens": "t"}"#).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let store = FileStore::new(tmp.path());
        assert_eq!(store.get(TOKENS).unwrap().as_deref(), Some("t"));
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn replacing_one_key_keeps_the_others() {
        let tmp = tempfile::tempdir().unwrap();
        let store = FileStore::new(tmp.path());
        store.set(TOKENS, "t1").unwrap();
        store.set(CLIENT_ID, "id").unwrap();
        store.set(OTHER_TOKENS, "f1").unwrap();
        store.set(TOKENS, "t2").unwrap();
        store.delete(OTHER_TOKENS).unwrap();
        assert_eq!(store.get(TOKENS).unwrap().as_deref(), Some("t2"));
        assert_eq!(store.get(CLIENT_ID).unwrap().as_deref(), Some("id"));
        assert_eq!(store.get(OTHER_TOKENS).unwrap(), None);
        let on_disk: BTreeMap<String, String> =
            serde_json::from_str(&std::fs::read_to_string(store.path()).unwrap()).unwrap();
        assert_eq!(on_disk.len(), 2);
        assert_eq!(on_disk["withings/client_id"], "id");
    }

    #[test]
    fn another_instance_sees_writes_immediately() {
        let tmp = tempfile::tempdir().unwrap();
        let app = FileStore::new(tmp.path());
        let cli = FileStore::new(tmp.path());
        app.set(TOKENS, "from-app").unwrap();
        assert_eq!(cli.get(TOKENS).unwrap().as_deref(), Some("from-app"));
        cli.set(TOKENS, "from-cli").unwrap();
        assert_eq!(app.get(TOKENS).unwrap().as_deref(), Some("from-cli"));
    }

    #[test]
    fn concurrent_writers_lose_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let store = std::sync::Arc::new(FileStore::new(tmp.path()));
        let providers: Vec<String> = (0..8).map(|i| format!("p{i}")).collect();
        std::thread::scope(|s| {
            for p in &providers {
                let store = &store;
                s.spawn(move || store.set(SecretKey::new(p, SecretName::Tokens), p).unwrap());
            }
        });
        for p in &providers {
            let got = store.get(SecretKey::new(p, SecretName::Tokens)).unwrap();
            assert_eq!(got.as_deref(), Some(p.as_str()));
        }
    }

    #[test]
    fn a_corrupt_file_is_an_error_and_left_untouched() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join(SECRETS_FILE);
        for bad in ["{\"withings/tokens\": \"t\"", "[1, 2]", "{\"a\": 1}", ""] {
            std::fs::write(&path, bad).unwrap();
            let store = FileStore::new(tmp.path());
            let get = store.get(TOKENS).unwrap_err();
            let set = store.set(CLIENT_ID, "x").unwrap_err();
            let delete = store.delete(TOKENS).unwrap_err();
            for err in [get, set, delete] {
                assert!(matches!(err, SecretError::FileCorrupt { .. }), "{err}");
                let msg = err.to_string();
                assert!(msg.contains(&path.display().to_string()), "{msg}");
                assert!(!msg.contains('\n'), "{msg}");
            }
            assert_eq!(std::fs::read_to_string(&path).unwrap(), bad);
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_is_refused_and_its_target_left_alone() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("elsewhere.json");
        std::fs::write(&target, r#"{"withings/tokens": "t"}"#).unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o644)).unwrap();
        let link = tmp.path().join(SECRETS_FILE);
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let store = FileStore::new(tmp.path());
        let errors = [
            store.get(TOKENS).unwrap_err(),
            store.set(TOKENS, "x").unwrap_err(),
            store.check().unwrap_err(),
        ];
        for err in errors {
            assert!(matches!(err, SecretError::FileSymlink { .. }), "{err}");
            let msg = err.to_string();
            assert!(msg.contains("symbolic link"), "{msg}");
            assert!(!msg.contains('\n'), "{msg}");
        }
        let mode = std::fs::metadata(&target).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o644, "the link's target was chmod-ed");
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
        assert_eq!(
            std::fs::read_to_string(&target).unwrap(),
            r#"{"withings/tokens": "t"}"#
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_folder_in_its_place_is_an_error_and_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let store = FileStore::new(tmp.path());
        std::fs::create_dir(store.path()).unwrap();
        std::fs::set_permissions(store.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let err = store.check().unwrap_err();
        assert!(err.to_string().contains("not a regular file"), "{err}");
        let mode = std::fs::metadata(store.path())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o755);
    }

    #[test]
    fn check_reports_a_corrupt_file_and_accepts_a_missing_one() {
        let tmp = tempfile::tempdir().unwrap();
        let store = FileStore::new(tmp.path());
        store.check().unwrap();
        std::fs::write(store.path(), "not json").unwrap();
        let err = store.check().unwrap_err();
        assert!(matches!(err, SecretError::FileCorrupt { .. }), "{err}");
    }

    #[test]
    fn debug_shows_no_values() {
        let tmp = tempfile::tempdir().unwrap();
        let store = FileStore::new(tmp.path());
        store.set(TOKENS, "hunter2").unwrap();
        assert!(!format!("{store:?}").contains("hunter2"));
    }
}
