//! Where a row came from: every record of a file carries the file's
//! basename in its `record_id` (so reading the file again, or forgetting
//! it, covers exactly its rows) and its origin in `detail`.

use healthdash_core::model::{Batch, MAX_TIME};
use healthdash_core::store::Coverage;

use super::fitbit_file::FileError;
use super::kind::FileKind;
use super::{fitbit_file, withings_file};

/// Parses a file of `kind` into `batch`, with the file's provenance on
/// every row.
pub fn read_file(
    kind: FileKind,
    basename: &str,
    bytes: &[u8],
    batch: &mut Batch,
) -> Result<(), FileError> {
    match kind {
        FileKind::Withings => withings_file::parse(bytes, batch)?,
        FileKind::Fitbit => fitbit_file::parse(bytes, batch)?,
    }
    mark_provenance(batch, &record_prefix(basename), kind.origin());
    Ok(())
}

/// `file:<basename>|`: every record read from that file starts with it.
pub fn record_prefix(basename: &str) -> String {
    format!("file:{basename}|")
}

/// Every record of the file's basename, at any time.
pub(super) fn whole_file(basename: &str) -> Coverage {
    Coverage {
        record_prefix: record_prefix(basename).into(),
        from: 0,
        to: MAX_TIME,
        local_time: false,
    }
}

/// Prefixes record ids with the file's, and says in `detail` where a row
/// came from (CONTRACT §10: `withings`, `fitbit`), in place of the device
/// name the Withings adapters put there. A workout keeps its kind.
fn mark_provenance(batch: &mut Batch, prefix: &str, origin: &str) {
    let id = |own: Option<&str>, fallback: String| {
        Some(format!("{prefix}{}", own.map_or(fallback, str::to_owned)))
    };
    for m in &mut batch.measurements {
        m.record_id = id(
            m.record_id.as_deref(),
            format!("{}@{}", m.metric.id(), m.start),
        );
        m.detail = Some(origin.to_owned());
    }
    for night in &mut batch.nights {
        night.record_id = id(night.record_id.as_deref(), format!("night@{}", night.start));
        night.detail = Some(origin.to_owned());
    }
    for workout in &mut batch.workouts {
        workout.record_id = id(
            workout.record_id.as_deref(),
            format!("workout@{}", workout.start),
        );
    }
}
