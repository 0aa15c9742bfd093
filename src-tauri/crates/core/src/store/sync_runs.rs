//! What each sync (per stream) and each import covered, and how it went:
//! the record that tells "no data on that day" from "never synced" and from
//! "the sync failed" (`query::coverage`).

use rusqlite::{Connection, OptionalExtension, params};

use super::Store;
use super::types::LEVEL_DAY;
use crate::error::Result;

/// One finished sync of a stream, or one import of a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyncRun {
    pub provider: String,
    pub stream: String,
    /// Local days covered, `first_day..=last_day`, as days since 1970-01-01.
    pub first_day: i64,
    pub last_day: i64,
    /// Unix seconds.
    pub finished_at: i64,
    /// Why it failed; `None` when it went through.
    pub error: Option<String>,
}

/// Writes `run` on `conn` (inside the caller's transaction, where it has one).
/// A successful run that touches or overlaps the stream's newest successful
/// run extends it instead of adding a row, and the stream's failed runs lose
/// the days it covers: they no longer say anything about those days.
pub(crate) fn record_run(conn: &Connection, run: &SyncRun) -> Result<()> {
    if run.error.is_none() {
        let params = params![run.provider, run.stream, run.first_day, run.last_day];
        conn.prepare_cached(
            "DELETE FROM sync_runs WHERE provider = ?1 AND stream = ?2 AND error IS NOT NULL
               AND first_day >= ?3 AND last_day <= ?4",
        )?
        .execute(params)?;
        // A failure reaching past one end of the new run keeps the days beyond it.
        conn.prepare_cached(
            "UPDATE sync_runs SET last_day = ?3 - 1
             WHERE provider = ?1 AND stream = ?2 AND error IS NOT NULL
               AND first_day < ?3 AND last_day >= ?3 AND last_day <= ?4",
        )?
        .execute(params)?;
        conn.prepare_cached(
            "UPDATE sync_runs SET first_day = ?4 + 1
             WHERE provider = ?1 AND stream = ?2 AND error IS NOT NULL
               AND first_day >= ?3 AND first_day <= ?4 AND last_day > ?4",
        )?
        .execute(params)?;
        let newest_ok: Option<(i64, i64, i64)> = conn
            .prepare_cached(
                "SELECT id, first_day, last_day FROM sync_runs
                 WHERE provider = ?1 AND stream = ?2 AND error IS NULL
                 ORDER BY finished_at DESC, id DESC LIMIT 1",
            )?
            .query_row(params![run.provider, run.stream], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        if let Some((id, first, last)) = newest_ok
            && run.first_day <= last + 1
            && run.last_day >= first - 1
        {
            conn.prepare_cached(
                "UPDATE sync_runs SET first_day = min(first_day, ?2), last_day = max(last_day, ?3),
                     finished_at = ?4 WHERE id = ?1",
            )?
            .execute(params![id, run.first_day, run.last_day, run.finished_at])?;
            return Ok(());
        }
    }
    conn.prepare_cached(
        "INSERT INTO sync_runs (provider, stream, first_day, last_day, finished_at, error)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        run.provider,
        run.stream,
        run.first_day,
        run.last_day,
        run.finished_at,
        run.error
    ])?;
    Ok(())
}

impl Store {
    /// Records a finished sync of a stream (or an import) on its own.
    pub fn record_sync_run(&self, run: &SyncRun) -> Result<()> {
        record_run(&self.conn, run)
    }

    /// Every recorded run, oldest first.
    pub fn sync_runs(&self) -> Result<Vec<SyncRun>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT provider, stream, first_day, last_day, finished_at, error FROM sync_runs
             ORDER BY finished_at, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(SyncRun {
                provider: r.get(0)?,
                stream: r.get(1)?,
                first_day: r.get(2)?,
                last_day: r.get(3)?,
                finished_at: r.get(4)?,
                error: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The last day the newest successful run of `provider`'s `stream`
    /// covered (or of its runs from before streams were recorded): where an
    /// incremental sync, resuming from the stream's cursor, starts covering.
    pub fn last_synced_day(&self, provider: &str, stream: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT max(last_day) FROM sync_runs
                 WHERE provider = ?1 AND stream IN (?2, '') AND error IS NULL",
            )?
            .query_row(params![provider, stream], |r| r.get(0))?)
    }

    /// The local days in `[first, last]` on which `source_id` stored any
    /// value of any metric, ascending.
    pub(crate) fn days_with_data(
        &self,
        source_id: i64,
        (first, last): (i64, i64),
    ) -> Result<Vec<i64>> {
        // `metric_id IN (…)` lets SQLite seek the rollups' primary key per metric.
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT bucket FROM rollups
             WHERE metric_id IN (SELECT id FROM metrics) AND level = ?1 AND intraday IN (0, 1)
               AND source_id = ?2 AND bucket BETWEEN ?3 AND ?4
             ORDER BY bucket",
        )?;
        let rows = stmt.query_map(params![LEVEL_DAY, source_id, first, last], |r| {
            r.get::<_, i64>(0)
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Names of the sources that stored anything, or have an account or a
    /// recorded sync: every source a coverage map has a row for.
    pub(crate) fn sources_with_history(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT name FROM sources
             UNION SELECT provider FROM provider_accounts
             UNION SELECT provider FROM sync_runs
             ORDER BY 1",
        )?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(stream: &str, first: i64, last: i64, at: i64, error: Option<&str>) -> SyncRun {
        SyncRun {
            provider: "withings".into(),
            stream: stream.into(),
            first_day: first,
            last_day: last,
            finished_at: at,
            error: error.map(str::to_owned),
        }
    }

    #[test]
    fn contiguous_successful_runs_stay_one_row() {
        let store = Store::open_in_memory().unwrap();
        store
            .record_sync_run(&run("measures", 100, 130, 1, None))
            .unwrap();
        store
            .record_sync_run(&run("measures", 130, 131, 2, None))
            .unwrap();
        store
            .record_sync_run(&run("measures", 132, 132, 3, None))
            .unwrap();
        assert_eq!(
            store.sync_runs().unwrap(),
            [run("measures", 100, 132, 3, None)]
        );
        assert_eq!(
            store.last_synced_day("withings", "measures").unwrap(),
            Some(132)
        );
        assert_eq!(store.last_synced_day("withings", "sleep").unwrap(), None);
    }

    #[test]
    fn a_failure_stays_until_a_later_success_covers_its_days() {
        let store = Store::open_in_memory().unwrap();
        store
            .record_sync_run(&run("measures", 100, 130, 1, None))
            .unwrap();
        store
            .record_sync_run(&run("measures", 130, 140, 2, Some("HTTP 503")))
            .unwrap();
        assert_eq!(store.sync_runs().unwrap().len(), 2);
        assert_eq!(
            store.last_synced_day("withings", "measures").unwrap(),
            Some(130)
        );
        store
            .record_sync_run(&run("measures", 130, 141, 3, None))
            .unwrap();
        assert_eq!(
            store.sync_runs().unwrap(),
            [run("measures", 100, 141, 3, None)]
        );
    }
}
