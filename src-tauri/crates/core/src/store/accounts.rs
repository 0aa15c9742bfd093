//! Provider accounts, sync cursors and raw payloads: the bookkeeping the
//! sync engine needs. Never secrets — tokens live in the OS keyring.

use rusqlite::{OptionalExtension, params};

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
        self.conn
            .prepare_cached(
                "INSERT INTO sync_cursors (provider, stream, cursor, updated_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (provider, stream) DO UPDATE SET cursor = excluded.cursor,
                     updated_at = excluded.updated_at",
            )?
            .execute(params![provider, stream, cursor, now_unix()])?;
        Ok(())
    }

    pub fn save_raw_payload(
        &self,
        provider: &str,
        stream: &str,
        request: &str,
        parser_version: i64,
        body: &[u8],
    ) -> Result<i64> {
        self.conn
            .prepare_cached(
                "INSERT INTO raw_payloads (provider, stream, request, fetched_at, parser_version, body)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![provider, stream, request, now_unix(), parser_version, body])?;
        Ok(self.conn.last_insert_rowid())
    }
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
}
