//! Progress of a sync, reported as events: the CLI draws a bar on stderr,
//! the app forwards them to the window.

use serde::Serialize;

use crate::metric::Metric;
use crate::store::MetricCounts;

/// How many values of one metric a sync added or changed (not counting
/// intraday detail): one weigh-in is one `weight`, one night one
/// `sleep_duration`, one workout one `workout`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Arrived {
    pub metric: Metric,
    pub count: u64,
}

impl Arrived {
    /// The non-zero counts, in catalogue order.
    pub fn list(counts: &MetricCounts) -> Vec<Arrived> {
        counts
            .non_zero()
            .map(|(metric, count)| Arrived { metric, count })
            .collect()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SyncEvent {
    Started {
        provider: String,
    },
    /// A page of `stream` was stored.
    Page {
        provider: String,
        stream: String,
        /// `[done, total]` in the stream's units, when known.
        position: Option<(u64, u64)>,
        /// Records stored so far in this run, all streams.
        records: u64,
    },
    /// One stream stopped with an error; the others go on. An optional
    /// stream's failure is only a warning.
    StreamFailed {
        provider: String,
        stream: String,
        error: String,
        optional: bool,
    },
    /// A request could not reach the provider (or it answered 5xx); the
    /// port tries again: this is attempt `attempt` of at most `attempts`.
    Retrying {
        provider: String,
        attempt: u32,
        attempts: u32,
        reason: String,
    },
    /// A large answer (an Open Humans file) is arriving on disk: `bytes`
    /// so far, of `total` when the host said. Sent every few hundred KiB.
    Downloading {
        provider: String,
        /// What is downloading (the file's name).
        what: String,
        bytes: u64,
        total: Option<u64>,
    },
    Finished {
        provider: String,
        records: u64,
        /// What is new or corrected; empty when the provider had nothing new.
        arrived: Vec<Arrived>,
    },
    Failed {
        provider: String,
        error: String,
    },
}

pub trait ProgressSink: Send + Sync {
    fn event(&self, event: &SyncEvent);
}

/// For callers that do not show progress.
#[derive(Debug, Default)]
pub struct NoProgress;

impl ProgressSink for NoProgress {
    fn event(&self, _: &SyncEvent) {}
}
