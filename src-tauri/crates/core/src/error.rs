//! The core's one error type. Every variant renders as a single line that tells
//! the user what went wrong and, where there is one, what to do about it.

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("unknown metric '{0}' (run `healthdash metrics` for the list)")]
    UnknownMetric(String),

    #[error("unknown source '{0}' (known: {known})", known = crate::source::known_ids().join(", "))]
    UnknownSource(String),

    #[error("'{metric}' has no chart series: {why}")]
    NoSeries {
        metric: &'static str,
        why: &'static str,
    },

    #[error("invalid record for {metric} at {at}: {why}")]
    InvalidRecord {
        metric: &'static str,
        at: String,
        why: String,
    },

    #[error(
        "invalid time zone '{0}' (use an IANA name like Europe/Paris or an offset like +02:00)"
    )]
    InvalidZone(String),

    #[error("invalid date '{0}' (use YYYY-MM-DD or an RFC 3339 time)")]
    InvalidDate(String),

    #[error("invalid range: {from} is not before {to}")]
    InvalidRange { from: String, to: String },

    // A database and its -wal/-shm files belong together: moving one alone loses data.
    #[error(
        "{path}: not a Healthdash database ({why}); choose another --data-dir, or move it away together with any -wal and -shm file beside it"
    )]
    ForeignDatabase { path: PathBuf, why: String },

    #[error(
        "{path}: written by a newer Healthdash (schema version {found}, this build knows {known}); upgrade Healthdash"
    )]
    NewerDatabase {
        path: PathBuf,
        found: usize,
        known: usize,
    },

    #[error("database: {0}")]
    Database(#[from] rusqlite::Error),

    #[error("database migration: {0}")]
    Migration(#[from] rusqlite_migration::Error),

    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("writing output: {0}")]
    Output(#[source] std::io::Error),

    #[error(
        "not a Healthdash CSV export (header '{found}'; expected 'metric,start,end,value,unit,source,detail')"
    )]
    NotHealthdashCsv { found: String },

    #[error("empty file: not even the CSV header")]
    EmptyCsv,

    /// One line of an imported CSV is wrong; nothing was stored.
    #[error("line {line}: {why}")]
    CsvLine { line: u64, why: String },

    #[error("empty: Health wrote an empty export; export again from the Health app")]
    AppleEmpty,

    #[error(
        "not a zip archive or XML file; export again from the Health app (\"Export All Health Data\" writes export.zip)"
    )]
    AppleNotExport,

    #[error("cannot read the zip ({0}); export again from the Health app")]
    AppleZip(String),

    #[error("no export.xml in the zip; export again from the Health app")]
    AppleNoMainXml,

    #[error("cannot read the export at line {line} ({why}); export again from the Health app")]
    AppleXml { line: u64, why: String },

    #[error(
        "'{0}' has no day totals (export csv --daily takes steps, distance, active_energy, basal_energy, total_energy, elevation, light_activity, moderate_activity, intense_activity)"
    )]
    NotDaily(&'static str),

    #[error("import cancelled: nothing was stored")]
    Cancelled,

    #[error("{path}: {message}")]
    Config { path: PathBuf, message: String },
}

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
