//! The local cache: one SQLite file in WAL mode, migrated at open.
//!
//! Opening never writes to a file that is not ours: a foreign or corrupt
//! database is reported and left byte-for-byte as it was.

mod accounts;
mod apple;
mod ingest;
mod pushes;
mod reads;
mod schema;
mod sync_runs;
mod types;
mod writer;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags, OptionalExtension};

pub use accounts::{Account, AccountStatus, StoredPayload};
pub use apple::{AppleSink, NightRows, RankedRow, SleepSampleRow};
pub use ingest::BatchSink;
pub use pushes::{PushCandidate, PushSettings, PushedValue};
pub(crate) use reads::{MeasurementRow, RollupRow, Tiers};
pub use schema::{APPLICATION_ID, latest_version, migrations};
pub use sync_runs::SyncRun;
pub use types::{Coverage, IngestReport, MetricCounts, PageCommit, RawPayload};
pub(crate) use types::{LEVEL_DAY, LEVEL_HOUR};
pub use writer::RowRef;

use crate::error::{Error, Result};
use crate::metric::Metric;
use crate::source::SourceId;

pub const DATABASE_FILE: &str = "healthdash.sqlite3";
/// How long a statement waits for another connection's lock.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    metric_ids: HashMap<Metric, i64>,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and migrates it.
    pub fn open(path: &Path) -> Result<Store> {
        let has_content = std::fs::metadata(path)
            .map(|m| m.len() > 0)
            .unwrap_or(false);
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        // Failing to open at all (a missing folder, a permission) says
        // nothing about the file's contents.
        let conn = Connection::open_with_flags(path, flags).map_err(|e| {
            // SQLite's message ends with the path, which Error::Io shows first.
            let message = first_line(&e.to_string());
            let suffix = format!(": {}", path.display());
            let message = message.strip_suffix(&suffix).unwrap_or(&message).to_owned();
            Error::io(path, std::io::Error::other(message))
        })?;
        // Another process (the app, the CLI) may be setting the file up or
        // writing: wait for it rather than fail with "database is locked".
        conn.busy_timeout(BUSY_TIMEOUT)?;
        if has_content {
            check_is_ours(&conn, path)?;
        }
        Store::init(conn, Some(path.to_owned()))
    }

    /// A private in-memory database, for tests and benchmarks.
    pub fn open_in_memory() -> Result<Store> {
        Store::init(Connection::open_in_memory()?, None)
    }

    fn init(mut conn: Connection, path: Option<PathBuf>) -> Result<Store> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // WAL lets the app read while a sync writes; NORMAL sync is durable
        // across application crashes, which is what a cache needs.
        enable_wal(&conn)?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "cache_size", -64_000)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        migrate(&mut conn)?;
        let metric_ids = register_metrics(&conn)?;
        Ok(Store {
            conn,
            path,
            metric_ids,
        })
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The connection, for tests that check stored rows; everything else
    /// reads through `reads.rs`, so that SQL stays in this module.
    #[cfg(test)]
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn metric_id(&self, metric: Metric) -> i64 {
        // Every metric is registered at open, so the lookup cannot miss.
        self.metric_ids.get(&metric).copied().unwrap_or(-1)
    }

    /// The database id of a source, if it has ever stored anything.
    pub(crate) fn source_id(&self, source: &SourceId) -> Result<Option<i64>> {
        reads::source_id(&self.conn, source.as_str())
    }

    /// Source names by database id.
    pub(crate) fn source_names(&self) -> Result<HashMap<i64, SourceId>> {
        let mut stmt = self.conn.prepare_cached("SELECT id, name FROM sources")?;
        let rows = stmt.query_map([], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
        })?;
        let mut out = HashMap::new();
        for row in rows {
            let (id, name) = row?;
            // A name this build does not know (written by a newer version) is skipped.
            if let Ok(source) = name.parse() {
                out.insert(id, source);
            }
        }
        Ok(out)
    }

    /// A reported (not intraday) interval of `metric` from `source` with a
    /// positive value that starts in `[from, to)`: the earliest, or with
    /// `newest_first` the latest. E.g. a day a tracker counted steps, which
    /// is where intraday detail exists.
    pub fn positive_interval(
        &self,
        source: &SourceId,
        metric: Metric,
        (from, to): (i64, i64),
        newest_first: bool,
    ) -> Result<Option<(i64, i64, crate::Zone)>> {
        let Some(source_id) = self.source_id(source)? else {
            return Ok(None);
        };
        let order = if newest_first { "DESC" } else { "ASC" };
        let row: Option<(i64, i64, i64, Option<String>)> = self
            .conn
            .prepare_cached(&format!(
                "SELECT start_utc, end_utc, utc_offset, z.name FROM measurements
                 LEFT JOIN zones z ON z.id = zone_id
                 WHERE metric_id = ?1 AND start_utc >= ?2 AND start_utc < ?3 AND source_id = ?4
                   AND intraday = 0 AND end_utc IS NOT NULL AND value > 0
                 ORDER BY start_utc {order} LIMIT 1"
            ))?
            .query_row(
                rusqlite::params![self.metric_id(metric), from, to, source_id],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
            )
            .optional()?;
        Ok(row.map(|(start, end, offset, zone)| {
            let zone = zone
                .and_then(|name| name.parse::<chrono_tz::Tz>().ok())
                .map(crate::Zone::Named)
                .unwrap_or(crate::Zone::Fixed(i32::try_from(offset).unwrap_or(0)));
            (start, end, zone)
        }))
    }

    /// Whether anything from the demo data set is stored.
    pub fn has_demo_data(&self) -> Result<bool> {
        Ok(self.source_id(&SourceId::demo())?.is_some()
            && self.conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM rollups r JOIN sources s ON s.id = r.source_id
                 WHERE s.name = 'demo')",
                [],
                |row| row.get(0),
            )?)
    }

    /// Whether anything is stored from a source other than the demo set:
    /// the user's own data, which charts then show without the demo person.
    pub fn has_own_data(&self) -> Result<bool> {
        // One primary-key seek per (metric, source): cheap enough to ask
        // on every chart query.
        Ok(self
            .conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM sources s, metrics m WHERE s.name <> 'demo'
                 AND EXISTS (SELECT 1 FROM rollups r
                     WHERE r.metric_id = m.id AND r.level = ?1 AND r.intraday IN (0, 1)
                       AND r.source_id = s.id))",
            )?
            .query_row([types::LEVEL_DAY], |row| row.get(0))?)
    }

    /// Deletes everything cached from one source; returns the rows removed.
    pub fn delete_source(&mut self, source: &SourceId) -> Result<u64> {
        let Some(id) = self.source_id(source)? else {
            return Ok(0);
        };
        let tx = self.conn.transaction()?;
        let removed = tx.execute("DELETE FROM measurements WHERE source_id = ?1", [id])?;
        for table in ["rollups", "sleep_nights", "workouts"] {
            tx.execute(&format!("DELETE FROM {table} WHERE source_id = ?1"), [id])?;
        }
        tx.commit()?;
        Ok(removed as u64)
    }

    /// Whether the store holds no measurements at all.
    pub fn is_empty(&self) -> Result<bool> {
        Ok(!self
            .conn
            .query_row("SELECT EXISTS (SELECT 1 FROM measurements)", [], |row| {
                row.get(0)
            })?)
    }
}

/// Refuses a file that is not a Healthdash database, without writing to it.
///
/// SQLite is the judge of its own file: it reads the main file together with
/// its `-wal`, so a database whose newest pages still live in the WAL (a
/// checkpoint cut short by a crash or a full disk) opens as it should.
fn check_is_ours(conn: &Connection, path: &Path) -> Result<()> {
    let read = |sql: &str| -> Result<i64> {
        conn.query_row(sql, [], |row| row.get(0))
            .map_err(|e| refusal(conn, path, e))
    };
    let app_id = read("PRAGMA application_id")?;
    let version = read("PRAGMA user_version")?;
    // Reading the schema forces SQLite to parse page 1 and the schema table,
    // which is where truncated and corrupt files fail.
    let objects = read("SELECT count(*) FROM sqlite_schema")?;
    if app_id == i64::from(APPLICATION_ID) {
        let found = usize::try_from(version).unwrap_or(usize::MAX);
        if found > latest_version() {
            leave_untouched(conn);
            return Err(Error::NewerDatabase {
                path: path.to_owned(),
                found,
                known: latest_version(),
            });
        }
        return Ok(());
    }
    if app_id == 0 && objects == 0 {
        return Ok(()); // an empty SQLite file: fine to set up
    }
    leave_untouched(conn);
    Err(Error::ForeignDatabase {
        path: path.to_owned(),
        why: if app_id == 0 {
            format!("it holds {objects} tables or indexes of another program")
        } else {
            format!("application id {app_id:#x} belongs to another program")
        },
    })
}

/// What to report when SQLite could not read the file: only a file SQLite
/// calls corrupt or not a database is "not ours"; anything else (a full
/// disk, a permission, a lock) is a plain database error, so nobody is told
/// to move an intact database away.
fn refusal(conn: &Connection, path: &Path, err: rusqlite::Error) -> Error {
    use rusqlite::ErrorCode::{DatabaseCorrupt, NotADatabase};
    match err.sqlite_error_code() {
        Some(code @ (NotADatabase | DatabaseCorrupt)) => {
            leave_untouched(conn);
            let truncated = (code == DatabaseCorrupt)
                .then(|| truncation(path))
                .flatten();
            Error::ForeignDatabase {
                path: path.to_owned(),
                why: truncated.unwrap_or_else(|| first_line(&err.to_string())),
            }
        }
        _ => Error::Database(err),
    }
}

/// Closing the last connection checkpoints the WAL into the main file; a file
/// we refuse must stay byte-for-byte as it was, WAL included.
fn leave_untouched(conn: &Connection) {
    if let Err(e) = conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true) {
        tracing::warn!(error = %e, "could not turn off the checkpoint on close");
    }
}

/// Why SQLite found the file corrupt, when the reason is simple: the header
/// counts more pages than the file holds (a copy or a disk that gave out),
/// and there is no WAL that could hold the rest.
fn truncation(path: &Path) -> Option<String> {
    use std::io::Read;
    if wal_path(path).metadata().is_ok_and(|m| m.len() > 0) {
        return None;
    }
    let mut header = [0u8; 100];
    let mut file = std::fs::File::open(path).ok()?;
    file.read_exact(&mut header).ok()?;
    if !header.starts_with(b"SQLite format 3\0") {
        return None;
    }
    let len = file.metadata().ok()?.len();
    let be32 = |at: usize| {
        u32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536,
        n => u64::from(n),
    };
    // The page count is only trustworthy when the change counter matches
    // "version-valid-for" (SQLite file format §1.3.7).
    let expected = u64::from(be32(28)) * page_size;
    (be32(24) == be32(92) && len < expected)
        .then(|| format!("truncated: {len} of {expected} bytes"))
}

/// The write-ahead log SQLite keeps beside `path`.
fn wal_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push("-wal");
    PathBuf::from(name)
}

/// Switches the file to WAL. The switch needs the file to itself and SQLite
/// answers "database is locked" at once rather than wait for that (two first
/// opens at once), so this waits like the busy timeout would.
fn enable_wal(conn: &Connection) -> Result<()> {
    let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
    loop {
        match conn.pragma_update(None, "journal_mode", "WAL") {
            Err(e)
                if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
                    && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            other => return Ok(other?),
        }
    }
}

/// Brings the schema to the latest version. Two first opens at once (the
/// app and the CLI on a new folder) both start from version 0; the one that
/// loses the race fails inside its transaction, which rolls back, and then
/// goes on from the version the winner left.
fn migrate(conn: &mut Connection) -> Result<()> {
    let version = |conn: &Connection| -> Result<i64> {
        Ok(conn.query_row("PRAGMA user_version", [], |row| row.get(0))?)
    };
    let before = version(conn)?;
    match schema::migrations().to_latest(conn) {
        Err(_) if version(conn)? != before => Ok(schema::migrations().to_latest(conn)?),
        other => Ok(other?),
    }
}

/// Makes sure every catalogue metric has a row and returns their ids.
fn register_metrics(conn: &Connection) -> Result<HashMap<Metric, i64>> {
    let mut insert =
        conn.prepare_cached("INSERT OR IGNORE INTO metrics (name, unit) VALUES (?1, ?2)")?;
    let mut select = conn.prepare_cached("SELECT id FROM metrics WHERE name = ?1")?;
    let mut ids = HashMap::with_capacity(Metric::ALL.len());
    for &metric in Metric::ALL {
        insert.execute((metric.id(), metric.unit()))?;
        ids.insert(metric, select.query_row([metric.id()], |row| row.get(0))?);
    }
    Ok(ids)
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or_default().to_owned()
}

pub(crate) fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
