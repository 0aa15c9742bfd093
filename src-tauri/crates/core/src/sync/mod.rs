//! The sync engine, shared by every provider and importer, with no HTTP in
//! it: what it needs from the outside world comes through ports.
//!
//! ```text
//!   Source ── streams ──▶ Stream::plan(cursor)   what to ask for next
//!                         Stream::fetch(Fetch)   the answer, in parts   ◀── Fetch port: HTTP client,
//!                         Stream::parse(parts)   records + next cursor       or a file reader
//!   engine ─────────────▶ Store::commit_page      records, raw parts and cursor in ONE transaction
//!          └─ pushes ───▶ Push::plan/send/confirm  what was sent, and its own cursor
//! ```
//!
//! Killing the process at any moment therefore loses nothing and duplicates
//! nothing: the next run resumes at the last committed page, and fetching a
//! page again is idempotent. One stream failing does not stop the others:
//! the run keeps what each stream got and names those that failed.

mod engine;
mod error;
mod ports;
mod progress;
mod push;
mod stream;
#[cfg(test)]
mod tests;

pub use engine::{PushReport, RunOptions, StreamFailure, StreamReport, SyncReport, pull, push};
pub use error::{FetchError, SyncError};
pub use ports::{Fetch, FetchRequest, Fetched, FileFetch, Headers, Judge, Method, Verdict};
pub use progress::{Arrived, NoProgress, ProgressSink, SyncEvent};
pub use push::{Push, PushPlan, TypedPush};
pub use stream::{
    BoxFuture, ParseContext, Parsed, Part, PlanContext, Planned, Stamped, Stream, TypedStream,
    by_request,
};

/// First sync without `--from`: the source's whole history, or this many
/// years where it cannot say where history starts (CONTRACT §3).
pub const DEFAULT_HISTORY_YEARS: i32 = 10;

/// A provider or importer as the engine sees it: its streams (read) and its
/// pushes (write), in the order they run.
pub trait Source: Send + Sync {
    fn id(&self) -> &'static str;

    /// Bumped when a parser changes what it derives: stored raw answers
    /// parsed by an older version are parsed again at the next sync.
    fn parser_version(&self) -> i64;

    /// Read streams, in sync order (cheap summaries before costly detail, so
    /// charts fill early).
    fn streams(&self) -> &[Box<dyn Stream>];

    /// Write streams (Exist): what the user's other data sends there.
    fn pushes(&self) -> &[Box<dyn Push>] {
        &[]
    }
}
