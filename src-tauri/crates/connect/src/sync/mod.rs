//! The sync engine, shared by every provider.
//!
//! A provider is a list of streams (measures, daily activity, sleep, …),
//! each with its own cursor in the store. The engine asks the provider what
//! to fetch next ([`SyncProvider::plan`], from the cursor), fetches it
//! (retries, token refresh and cancellation live in [`crate::http`]), parses
//! it, and stores records, raw response and the advanced cursor in one
//! transaction ([`healthdash_core::Store::commit_page`]). Killing the process
//! at any moment therefore loses nothing and duplicates nothing: the next run
//! resumes at the last committed page and re-fetching a page is idempotent.

mod engine;
pub mod progress;

use chrono::NaiveDate;
use healthdash_core::Batch;

pub use engine::{RunOptions, StreamReport, SyncReport, sync_provider};
pub use progress::{NoProgress, ProgressSink, SyncEvent};

use crate::http::{ApiCaller, CallError};

/// First sync without `--from`: the provider's whole history, or this many
/// years where it cannot say where history starts (CONTRACT §3).
pub const DEFAULT_HISTORY_YEARS: i32 = 10;

/// What a provider implements to be synced.
pub trait SyncProvider: Send + Sync {
    /// One fetch, as planned from a cursor.
    type Request: Send + Sync + std::fmt::Debug;

    fn id(&self) -> &'static str;

    /// Stream names, in the order they sync (cheap summaries before
    /// expensive detail, so charts fill early).
    fn streams(&self) -> &'static [&'static str];

    /// Bumped when a parser changes what it derives: stored raw responses
    /// parsed by an older version are parsed again at the next sync.
    fn parser_version(&self) -> i64;

    /// The next request of `stream` after `cursor`, or `None` when the
    /// stream is caught up for this run.
    fn plan(
        &self,
        stream: &'static str,
        cursor: Option<&str>,
        store: &healthdash_core::Store,
        run: &RunOptions,
    ) -> Result<Option<Planned<Self::Request>>, SyncError>;

    /// Performs the request; returns the raw response to keep.
    fn fetch(
        &self,
        api: &ApiCaller<'_>,
        request: &Self::Request,
    ) -> impl Future<Output = Result<Vec<u8>, SyncError>> + Send;

    /// Turns a raw response (fresh or stored) into records and the cursor
    /// that follows it.
    fn parse(
        &self,
        stream: &'static str,
        request: &Self::Request,
        raw: &[u8],
        run: &RunOptions,
    ) -> Result<Parsed, SyncError>;

    /// Re-derives records from a stored raw response (a parser fix), without
    /// moving any cursor. `None` when the stream's responses are not
    /// self-contained enough to re-parse.
    fn reparse(
        &self,
        stream: &'static str,
        request_key: &str,
        raw: &[u8],
    ) -> Result<Option<Batch>, SyncError>;
}

/// A planned fetch.
#[derive(Debug)]
pub struct Planned<R> {
    pub request: R,
    /// Names the request in the raw-payload table and in errors.
    pub key: String,
    /// How far the stream is, for progress bars: (done, total) in the
    /// stream's own units (days, pages).
    pub position: Option<(u64, u64)>,
}

/// A parsed page.
#[derive(Debug)]
pub struct Parsed {
    pub batch: Batch,
    /// See [`healthdash_core::store::PageCommit::complete_records`].
    pub complete_records: bool,
    /// See [`healthdash_core::store::PageCommit::covers`]: set only when the
    /// provider's answer is known to be whole for its range.
    pub covers: Option<healthdash_core::store::Coverage>,
    pub next_cursor: String,
}

/// A window of local days, inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DayWindow {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Call(#[from] CallError),
    #[error("{provider}: {what}: {reason}")]
    Parse {
        provider: &'static str,
        what: String,
        reason: String,
    },
    #[error(
        "{provider}: stored sync position of '{stream}' is unreadable ({reason}); run `healthdash sync {provider} --full`"
    )]
    Cursor {
        provider: &'static str,
        stream: &'static str,
        reason: String,
    },
    #[error(transparent)]
    Store(#[from] healthdash_core::Error),
}
