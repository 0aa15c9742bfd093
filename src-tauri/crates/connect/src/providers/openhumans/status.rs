//! Which files the last syncs read and which they skipped, for the
//! Connections card: read from the `files` stream's cursor, which already
//! remembers every file id and how it went.

use healthdash_core::Store;
use healthdash_core::sync::{Stamped, SyncError};
use serde::Serialize;

use super::files::{self, Cursor, Outcome};

/// One file shared with the project, as the card lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SharedFile {
    pub id: i64,
    pub basename: String,
    pub state: FileState,
    /// `withings` or `fitbit` for a file that was read.
    pub origin: Option<String>,
    /// Rows a read file gave.
    pub records: Option<u64>,
    /// Why an unreadable file could not be read.
    pub reason: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum FileState {
    Read,
    /// A kind Healthdash does not read (genomes, GPS tracks…).
    Unsupported,
    /// Not valid JSON, or not the expected shape.
    Unreadable,
}

/// The files the `openhumans` source knows, read ones first, each group by
/// name. Empty before the first sync.
pub fn shared_files(store: &Store) -> Result<Vec<SharedFile>, SyncError> {
    let source = super::SPEC.id;
    let stored = store.cursor(source, files::NAME)?;
    let cursor = Stamped::<Cursor>::read(stored.as_deref(), source, files::NAME)?.cursor;
    let mut out: Vec<SharedFile> = cursor
        .known
        .into_iter()
        .map(|known| {
            let (state, origin, records, reason) = match known.outcome {
                Outcome::Read { origin, records } => {
                    (FileState::Read, Some(origin), Some(records), None)
                }
                Outcome::Unsupported => (FileState::Unsupported, None, None, None),
                Outcome::Unreadable { reason } => (FileState::Unreadable, None, None, Some(reason)),
            };
            SharedFile {
                id: known.id,
                basename: known.basename,
                state,
                origin,
                records,
                reason,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (a.state != FileState::Read, &a.basename).cmp(&(b.state != FileState::Read, &b.basename))
    });
    Ok(out)
}
