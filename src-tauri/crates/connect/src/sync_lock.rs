//! One sync of a provider at a time across processes. The app's background
//! sync and a `healthdash sync` run by cron would otherwise both refresh the
//! same rotating refresh token, and the loser's refused refresh would ask
//! the user to sign in again for nothing. The lock is the OS's advisory file
//! lock on `DIR/locks/sync-ID.lock`: the OS drops it when the process ends,
//! even by `kill -9`, so a crash never leaves a stale lock behind.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

use crate::error::ConnectError;

/// Held for the length of one provider's sync.
#[derive(Debug)]
pub struct SyncLock {
    _file: File,
}

impl SyncLock {
    /// Takes the lock of `provider` (named `name` in messages), or says that
    /// another process is syncing it.
    pub fn acquire(data_dir: &Path, provider: &str, name: &str) -> Result<SyncLock, ConnectError> {
        let dir = data_dir.join("locks");
        let path = dir.join(format!("sync-{provider}.lock"));
        let failed = |source: std::io::Error| ConnectError::Lock {
            path: path.display().to_string(),
            source,
        };
        std::fs::create_dir_all(&dir).map_err(failed)?;
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(failed)?;
        match file.try_lock() {
            Ok(()) => Ok(SyncLock { _file: file }),
            Err(TryLockError::WouldBlock) => Err(ConnectError::SyncingElsewhere {
                provider: name.to_owned(),
            }),
            Err(TryLockError::Error(e)) => Err(failed(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_is_refused_until_the_first_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let first = SyncLock::acquire(dir.path(), "withings", "Withings").unwrap();
        let refused = SyncLock::acquire(dir.path(), "withings", "Withings").unwrap_err();
        assert_eq!(
            refused.to_string(),
            "Withings is syncing in another Healthdash window or command; try again when it has finished"
        );
        // Another provider is not held up.
        let other = SyncLock::acquire(dir.path(), "exist", "Exist");
        assert!(other.is_ok());
        drop(first);
        assert!(SyncLock::acquire(dir.path(), "withings", "Withings").is_ok());
    }
}
