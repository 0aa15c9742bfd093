//! What the shell keeps between commands: the data folder, one open store,
//! and the provider connections with their sign-ins and syncs in progress.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use healthdash_connect::Connections;
use healthdash_core::Store;
use healthdash_core::config::{DATA_DIR_ENV, DataDir};

use crate::error::IpcError;
use healthdash_connect::tasks::TaskBoard;

/// Test hook for end-to-end tests: exports are written to this folder under
/// their default file name, and no save dialog is shown.
pub const TEST_SAVE_DIR_ENV: &str = "HEALTHDASH_TEST_SAVE_DIR";
/// Test hook for end-to-end tests: an import reads this file, and no open
/// dialog is shown.
pub const TEST_OPEN_FILE_ENV: &str = "HEALTHDASH_TEST_OPEN_FILE";

pub struct AppState {
    data_dir: DataDir,
    /// One connection for every command. rusqlite's `Connection` is not
    /// `Sync`, and queries take milliseconds, so a mutex is all the
    /// concurrency needed; long writers (the demo load) open their own
    /// connection, which WAL lets run beside this one.
    store: Mutex<Store>,
    loading_demo: AtomicBool,
    save_dir: Option<PathBuf>,
    open_file: Option<PathBuf>,
    /// Opened on first use, not at launch: probing the OS keyring may take
    /// seconds (a locked or absent Secret Service), and most launches never
    /// touch a provider. A failed open is not kept, so a keyring unlocked
    /// later is picked up.
    connections: Mutex<Option<Connections>>,
    /// Sign-ins and syncs in progress, per provider.
    pub(crate) tasks: TaskBoard,
    /// When the background sync looks next and what it tried.
    pub(crate) schedule: crate::auto_sync::Schedule,
    /// The Apple Health import, one at a time.
    pub(crate) apple_import: crate::apple_import::AppleImportSlot,
}

impl AppState {
    /// The data folder from `HEALTHDASH_DATA_DIR`, else the same default as
    /// the CLI (the OS data folder + the app identifier).
    pub fn data_dir_from_env() -> Result<DataDir, IpcError> {
        let explicit = std::env::var_os(DATA_DIR_ENV)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from);
        Ok(DataDir::resolve(explicit)?)
    }

    /// The export folder of the test hook, if set.
    pub fn save_dir_from_env() -> Option<PathBuf> {
        std::env::var_os(TEST_SAVE_DIR_ENV)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    }

    /// The file of the import test hook, if set.
    pub fn open_file_from_env() -> Option<PathBuf> {
        std::env::var_os(TEST_OPEN_FILE_ENV)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    }

    /// Creates the data folder if needed and opens (migrating) the cache.
    pub fn open(data_dir: DataDir, save_dir: Option<PathBuf>) -> Result<AppState, IpcError> {
        let store = data_dir.open_store()?;
        Ok(AppState {
            data_dir,
            store: Mutex::new(store),
            loading_demo: AtomicBool::new(false),
            save_dir,
            open_file: None,
            connections: Mutex::new(None),
            tasks: TaskBoard::default(),
            schedule: crate::auto_sync::Schedule::default(),
            apple_import: Default::default(),
        })
    }

    pub fn data_dir(&self) -> &DataDir {
        &self.data_dir
    }

    pub fn save_dir(&self) -> Option<&Path> {
        self.save_dir.as_deref()
    }

    /// Imports read `file` instead of asking (the test hook).
    pub fn with_open_file(mut self, file: Option<PathBuf>) -> Self {
        self.open_file = file;
        self
    }

    pub fn open_file(&self) -> Option<&Path> {
        self.open_file.as_deref()
    }

    /// The shared store. A panic while it was held leaves SQLite consistent
    /// (an open transaction rolls back when dropped), so a poisoned lock is
    /// taken over rather than failing every later command.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The provider connections of this data folder (secret store included).
    pub fn connections(&self) -> Result<Connections, IpcError> {
        let mut slot = self
            .connections
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(connections) = slot.as_ref() {
            return Ok(connections.clone());
        }
        let opened = Connections::open(self.data_dir.clone())?;
        if let Some(warning) = opened.secrets_warning() {
            log::warn!("{warning}");
        }
        *slot = Some(opened.clone());
        Ok(opened)
    }

    /// Uses `connections` instead of opening the OS secret store (tests use
    /// an in-memory one).
    pub fn set_connections(&self, connections: Connections) {
        *self
            .connections
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(connections);
    }

    pub fn loading_demo(&self) -> bool {
        self.loading_demo.load(Ordering::SeqCst)
    }

    /// Marks the demo load as started; false when one already runs.
    pub fn begin_demo_load(&self) -> bool {
        !self.loading_demo.swap(true, Ordering::SeqCst)
    }

    pub fn end_demo_load(&self) {
        self.loading_demo.store(false, Ordering::SeqCst);
    }
}
