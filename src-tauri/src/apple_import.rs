//! Importing Apple Health's export in the app (CONTRACT §12): one import at
//! a time, on a thread of its own, with `apple-import-progress` events and a
//! cancel flag the core importer polls between chunks. The importer writes
//! in one transaction, so a cancel or a failure stores nothing.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use healthdash_core::import::{AppleSummary, ImportProgress, ImportWatch, import_apple_health};

use crate::error::{ErrorKind, IpcError};
use crate::ipc::{AppleImportOutcome, AppleImportProgress, SkippedType};
use crate::state::AppState;

/// Whether an import runs, and whether the user asked it to stop.
#[derive(Default)]
pub struct AppleImportSlot {
    running: AtomicBool,
    cancel: AtomicBool,
}

impl AppleImportSlot {
    /// Claims the slot; false when an import runs already.
    fn begin(&self) -> bool {
        let free = !self.running.swap(true, Ordering::SeqCst);
        if free {
            self.cancel.store(false, Ordering::SeqCst);
        }
        free
    }

    fn end(&self) {
        self.running.store(false, Ordering::SeqCst);
    }

    /// Asks the running import to stop; false when none runs.
    pub fn cancel(&self) -> bool {
        let running = self.running.load(Ordering::SeqCst);
        if running {
            self.cancel.store(true, Ordering::SeqCst);
        }
        running
    }
}

/// Releases the slot however the import ends.
struct Claimed<'a>(&'a AppleImportSlot);

impl Drop for Claimed<'_> {
    fn drop(&mut self) {
        self.0.end();
    }
}

struct Watch<'a, F> {
    slot: &'a AppleImportSlot,
    on_progress: F,
}

impl<F: Fn(AppleImportProgress) + Sync> ImportWatch for Watch<'_, F> {
    fn progress(&self, p: &ImportProgress) {
        (self.on_progress)(AppleImportProgress {
            records: p.records,
            bytes: p.bytes,
            total_bytes: p.total_bytes,
            elapsed_ms: u64::try_from(p.elapsed.as_millis()).unwrap_or(u64::MAX),
        });
    }

    fn cancelled(&self) -> bool {
        self.slot.cancel.load(Ordering::SeqCst)
    }
}

/// Imports `file` (a dropped file), else the test hook's file, else what
/// `pick` (the open dialog) answers. `Busy` while another import runs.
pub fn import(
    state: &AppState,
    file: Option<PathBuf>,
    pick: impl FnOnce() -> Result<Option<PathBuf>, IpcError>,
    on_progress: impl Fn(AppleImportProgress) + Sync,
) -> Result<AppleImportOutcome, IpcError> {
    let slot = &state.apple_import;
    if !slot.begin() {
        return Err(IpcError::new(
            ErrorKind::Busy,
            "an Apple Health import runs already",
        ));
    }
    let _claimed = Claimed(slot);
    let path = match file {
        Some(file) => file,
        None => match crate::api::source_file(state, pick)? {
            Some(file) => file,
            None => return Ok(AppleImportOutcome::Cancelled),
        },
    };
    let name = shown_name(&path);
    match std::fs::metadata(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(IpcError::io(format!("{name}: no such file")));
        }
        Ok(meta) if meta.is_dir() => {
            return Err(IpcError::new(
                ErrorKind::InvalidInput,
                format!("{name}: is a folder, not an export.zip"),
            ));
        }
        _ => {}
    }
    let mut store = state.data_dir().open_store()?;
    let watch = Watch { slot, on_progress };
    let summary = import_apple_health(&mut store, &path, &watch).map_err(|e| {
        let err = IpcError::from(e);
        // "import cancelled: nothing was stored" needs no file name.
        if err.kind == ErrorKind::Cancelled {
            err
        } else {
            err.about(&name)
        }
    })?;
    log::info!(
        "imported {} Apple Health records from {} ({} skipped)",
        summary.records,
        path.display(),
        summary.skipped_total()
    );
    Ok(outcome(&summary, name))
}

fn shown_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn outcome(s: &AppleSummary, name: String) -> AppleImportOutcome {
    AppleImportOutcome::Imported {
        name,
        records: s.records.saturating_sub(s.skipped_total()),
        added: s.report.inserted,
        replaced: s.report.updated,
        unchanged: s.report.unchanged,
        nights: s.nights,
        duplicates: s.duplicates,
        skipped: s.skipped_total(),
        skipped_types: s
            .skipped
            .iter()
            .map(|(kind, count)| SkippedType {
                kind: kind.clone(),
                count: *count,
            })
            .collect(),
        elapsed_ms: u64::try_from(s.elapsed.as_millis()).unwrap_or(u64::MAX),
    }
}

#[cfg(test)]
mod tests;
