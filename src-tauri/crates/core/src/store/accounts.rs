//! Provider accounts, sync cursors and raw payloads: the bookkeeping the
//! sync engine needs. Never secrets — tokens live in the OS keyring.

use rusqlite::{Connection, OptionalExtension, params};

use super::types::RawPayload;
use super::{Store, now_unix};
use crate::error::Result;

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountStatus {
    Connected,
    /// The provider refused our refresh token: the user must sign in again.
    NeedsSignIn,
}

impl AccountStatus {
    fn as_str(self) -> &'static str {
        match self {
            AccountStatus::Connected => "connected",
            AccountStatus::NeedsSignIn => "needs_sign_in",
        }
    }

    fn parse(s: &str) -> Self {
        if s == "connected" {
            AccountStatus::Connected
        } else {
            AccountStatus::NeedsSignIn
        }
    }
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Account {
    pub provider: String,
    pub status: AccountStatus,
    pub account_name: Option<String>,
    pub connected_at: i64,
    pub last_sync_at: Option<i64>,
    pub last_error: Option<String>,
}

impl Store {
    pub fn account(&self, provider: &str) -> Result<Option<Account>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT provider, status, account_name, connected_at, last_sync_at, last_error
                 FROM provider_accounts WHERE provider = ?1",
            )?
            .query_row([provider], |row| {
                Ok(Account {
                    provider: row.get(0)?,
                    status: AccountStatus::parse(&row.get::<_, String>(1)?),
                    account_name: row.get(2)?,
                    connected_at: row.get(3)?,
                    last_sync_at: row.get(4)?,
                    last_error: row.get(5)?,
                })
            })
            .optional()?)
    }

    pub fn set_account_status(
        &self,
        provider: &str,
        status: AccountStatus,
        account_name: Option<&str>,
        last_error: Option<&str>,
    ) -> Result<()> {
        let now = now_unix();
        self.conn
            .prepare_cached(
                "INSERT INTO provider_accounts (provider, status, account_name, connected_at, last_error, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?4)
                 ON CONFLICT (provider) DO UPDATE SET status = excluded.status,
                     account_name = coalesce(excluded.account_name, account_name),
                     last_error = excluded.last_error, updated_at = excluded.updated_at",
            )?
            .execute(params![provider, status.as_str(), account_name, now, last_error])?;
        Ok(())
    }

    pub fn record_sync(&self, provider: &str, at: i64) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE provider_accounts SET last_sync_at = ?2, last_error = NULL, updated_at = ?2
                 WHERE provider = ?1",
            )?
            .execute(params![provider, at])?;
        Ok(())
    }

    /// Forgets the account and its cursors; cached measurements stay.
    pub fn remove_account(&mut self, provider: &str) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "DELETE FROM provider_accounts WHERE provider = ?1",
            [provider],
        )?;
        tx.execute("DELETE FROM sync_cursors WHERE provider = ?1", [provider])?;
        tx.commit()?;
        Ok(())
    }

    pub fn cursor(&self, provider: &str, stream: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT cursor FROM sync_cursors WHERE provider = ?1 AND stream = ?2")?
            .query_row([provider, stream], |row| row.get(0))
            .optional()?)
    }

    pub fn set_cursor(&self, provider: &str, stream: &str, cursor: &str) -> Result<()> {
        set_cursor(&self.conn, provider, stream, cursor)
    }

    /// Forgets every cursor of a provider, so the next sync starts over
    /// (`sync --full`).
    pub fn clear_cursors(&self, provider: &str) -> Result<()> {
        self.conn
            .prepare_cached("DELETE FROM sync_cursors WHERE provider = ?1")?
            .execute([provider])?;
        Ok(())
    }

    pub fn save_raw_payload(
        &self,
        provider: &str,
        stream: &str,
        raw: &RawPayload<'_>,
    ) -> Result<()> {
        save_raw_payload(&self.conn, provider, stream, raw)
    }

    /// Stored responses of one stream whose parser version is older than
    /// `parser_version`, oldest request first and the parts of one request
    /// together: what a parser fix re-derives.
    pub fn stale_raw_payloads(
        &self,
        provider: &str,
        stream: &str,
        parser_version: i64,
    ) -> Result<Vec<StoredPayload>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT request, part, parser_version, body FROM raw_payloads
             WHERE provider = ?1 AND stream = ?2 AND parser_version < ?3
             ORDER BY min(id) OVER (PARTITION BY request), id",
        )?;
        let rows = stmt.query_map(params![provider, stream, parser_version], stored_payload)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The parts of the newest stored answer of one stream: what a parser of
    /// another stream reads from it (Withings device names), the same on a
    /// first parse and on a re-parse.
    pub fn latest_raw_payload(&self, provider: &str, stream: &str) -> Result<Vec<StoredPayload>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT request, part, parser_version, body FROM raw_payloads
             WHERE provider = ?1 AND stream = ?2 AND request = (
                 SELECT request FROM raw_payloads WHERE provider = ?1 AND stream = ?2
                 ORDER BY fetched_at DESC, id DESC LIMIT 1)
             ORDER BY id",
        )?;
        let rows = stmt.query_map(params![provider, stream], stored_payload)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Marks stored responses as parsed by `parser_version`.
    pub fn mark_payloads_parsed(
        &self,
        provider: &str,
        stream: &str,
        parser_version: i64,
    ) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE raw_payloads SET parser_version = ?3
                 WHERE provider = ?1 AND stream = ?2 AND parser_version < ?3",
            )?
            .execute(params![provider, stream, parser_version])?;
        Ok(())
    }

    /// Number of stored responses of a provider (for `providers` and tests).
    pub fn raw_payload_count(&self, provider: &str) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM raw_payloads WHERE provider = ?1",
            [provider],
            |row| row.get(0),
        )?)
    }

    /// Every account, in no particular order.
    pub fn accounts(&self) -> Result<Vec<Account>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT provider FROM provider_accounts")?;
        let ids: Vec<String> = stmt
            .query_map([], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(account) = self.account(&id)? {
                out.push(account);
            }
        }
        Ok(out)
    }

    /// Records the error of a failed sync without changing the status.
    pub fn record_sync_error(&self, provider: &str, error: &str) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE provider_accounts SET last_error = ?2, updated_at = ?3 WHERE provider = ?1",
            )?
            .execute(params![provider, error, now_unix()])?;
        Ok(())
    }
}

/// A stored provider response (one part of it).
#[derive(Clone, Debug)]
pub struct StoredPayload {
    pub request: String,
    pub part: String,
    pub parser_version: i64,
    pub body: Vec<u8>,
}

fn stored_payload(row: &rusqlite::Row<'_>) -> rusqlite::Result<StoredPayload> {
    Ok(StoredPayload {
        request: row.get(0)?,
        part: row.get(1)?,
        parser_version: row.get(2)?,
        body: row.get(3)?,
    })
}

pub(super) fn set_cursor(
    conn: &Connection,
    provider: &str,
    stream: &str,
    cursor: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO sync_cursors (provider, stream, cursor, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (provider, stream) DO UPDATE SET cursor = excluded.cursor,
             updated_at = excluded.updated_at",
    )?
    .execute(params![provider, stream, cursor, now_unix()])?;
    Ok(())
}

pub(super) fn save_raw_payload(
    conn: &Connection,
    provider: &str,
    stream: &str,
    raw: &RawPayload<'_>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO raw_payloads (provider, stream, request, part, fetched_at, parser_version, body)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (provider, stream, request, part) DO UPDATE SET fetched_at = excluded.fetched_at,
             parser_version = excluded.parser_version, body = excluded.body",
    )?
    .execute(params![
        provider,
        stream,
        raw.request,
        raw.part,
        now_unix(),
        raw.parser_version,
        raw.body
    ])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_lifecycle_keeps_no_secret_columns() {
        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(store.account("withings").unwrap(), None);
        store
            .set_account_status("withings", AccountStatus::Connected, Some("ada"), None)
            .unwrap();
        store.record_sync("withings", 1_700_000_000).unwrap();
        store
            .set_cursor("withings", "getmeas", "1700000000")
            .unwrap();
        let account = store.account("withings").unwrap().unwrap();
        assert_eq!(account.status, AccountStatus::Connected);
        assert_eq!(account.last_sync_at, Some(1_700_000_000));
        store
            .set_account_status(
                "withings",
                AccountStatus::NeedsSignIn,
                None,
                Some("refresh refused"),
            )
            .unwrap();
        let account = store.account("withings").unwrap().unwrap();
        assert_eq!(account.status, AccountStatus::NeedsSignIn);
        assert_eq!(account.account_name.as_deref(), Some("ada"));
        store.remove_account("withings").unwrap();
        assert_eq!(store.account("withings").unwrap(), None);
        assert_eq!(store.cursor("withings", "getmeas").unwrap(), None);
    }

    #[test]
    fn a_page_commits_records_cursor_and_payload_together() {
        use crate::model::{Batch, Measurement};
        use crate::store::{PageCommit, RawPayload};
        use crate::{Metric, SourceId, Zone};

        let mut store = Store::open_in_memory().unwrap();
        let source: SourceId = "withings".parse().unwrap();
        let group = |values: &[(Metric, f64)], at: i64| {
            let mut batch = Batch::new(source.clone());
            batch.measurements = values
                .iter()
                .map(|&(metric, v)| {
                    Measurement::sample(metric, at, v, Zone::UTC).with_record_id("grp:7")
                })
                .collect();
            batch
        };
        let first = group(
            &[(Metric::Weight, 80.0), (Metric::BodyFatPercent, 20.0)],
            1_000,
        );
        store
            .commit_page(&PageCommit {
                stream: "measures",
                batch: &first,
                complete_records: true,
                covers: None,
                raw: &[RawPayload {
                    request: "offset=0",
                    part: "",
                    parser_version: 1,
                    body: b"{}",
                }],
                cursor: Some("{\"offset\":200}"),
            })
            .unwrap();
        assert_eq!(
            store.cursor("withings", "measures").unwrap().as_deref(),
            Some("{\"offset\":200}")
        );

        // The corrected group moved in time and lost its fat value.
        let corrected = group(&[(Metric::Weight, 79.5)], 1_060);
        let report = store
            .commit_page(&PageCommit {
                stream: "measures",
                batch: &corrected,
                complete_records: true,
                covers: None,
                raw: &[RawPayload {
                    request: "offset=0",
                    part: "",
                    parser_version: 1,
                    body: b"{\"v\":2}",
                }],
                cursor: None,
            })
            .unwrap();
        assert_eq!((report.inserted, report.removed), (1, 2));
        let rows: Vec<(String, i64, f64)> = store
            .conn
            .prepare("SELECT m.name, start_utc, value FROM measurements JOIN metrics m ON m.id = metric_id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(rows, vec![("weight".to_owned(), 1_060, 79.5)]);
        assert_eq!(
            store.raw_payload_count("withings").unwrap(),
            1,
            "a re-fetch replaces the payload"
        );
        assert_eq!(
            store.cursor("withings", "measures").unwrap().as_deref(),
            Some("{\"offset\":200}")
        );
        assert_eq!(
            store.stale_raw_payloads("withings", "measures", 2).unwrap()[0].body,
            b"{\"v\":2}"
        );
    }
}
