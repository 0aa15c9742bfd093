//! The store's plain data types, shared by the writer, ingest and account
//! bookkeeping; kept apart so that none of those files imports another's types.

use crate::metric::Metric;
use crate::model::Batch;

/// Rollup levels, the `level` column of `rollups`: hour buckets (keyed by the
/// UTC hour's first second) and local-day buckets (keyed by day number).
pub(crate) const LEVEL_HOUR: i64 = 0;
pub(crate) const LEVEL_DAY: i64 = 1;

/// What a write did, row by row.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct IngestReport {
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub removed: u64,
    /// Per metric, the rows inserted or changed, without intraday detail:
    /// what a sync says arrived ("303 weigh-ins, 365 nights").
    #[serde(skip)]
    pub changed: MetricCounts,
}

impl IngestReport {
    /// Adds what another write did.
    pub fn add(&mut self, other: &IngestReport) {
        self.inserted += other.inserted;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
        self.removed += other.removed;
        self.changed.add_all(&other.changed);
    }
}

/// A count per metric, without allocating (reports are added up per page).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MetricCounts([u64; Metric::ALL.len()]);

impl Default for MetricCounts {
    fn default() -> Self {
        MetricCounts([0; Metric::ALL.len()])
    }
}

impl MetricCounts {
    pub fn add(&mut self, metric: Metric, n: u64) {
        self.0[metric as usize] += n;
    }

    pub fn add_all(&mut self, other: &MetricCounts) {
        for (mine, theirs) in self.0.iter_mut().zip(other.0) {
            *mine += theirs;
        }
    }

    pub fn get(&self, metric: Metric) -> u64 {
        self.0[metric as usize]
    }

    /// The metrics with a count, in catalogue order.
    pub fn non_zero(&self) -> impl Iterator<Item = (Metric, u64)> + '_ {
        Metric::ALL
            .iter()
            .map(|&m| (m, self.get(m)))
            .filter(|&(_, n)| n > 0)
    }
}

/// One page of a sync, stored atomically by [`super::Store::commit_page`].
#[derive(Debug)]
pub struct PageCommit<'a> {
    pub stream: &'a str,
    pub batch: &'a Batch,
    /// Each provider record id in the batch arrives complete: stored values
    /// of that record that the batch no longer has are removed (a corrected
    /// Withings measure group that dropped a measure, or moved in time).
    pub complete_records: bool,
    /// The page is known to hold *every* record of a kind in a time range:
    /// stored ones it lacks were deleted upstream and are removed.
    pub covers: Option<Coverage>,
    /// The provider's answer as received, one entry per part (a page may
    /// need several requests: a list and each item of it).
    pub raw: &'a [RawPayload<'a>],
    /// The stream's cursor after this page; `None` leaves it as it was.
    pub cursor: Option<&'a str>,
}

/// The records a page holds in full: those of its source whose record id
/// starts with `record_prefix` (one kind of provider record, e.g. Withings'
/// `grp:` measure groups) and which start in `[from, to)`. With `local_time`
/// the range is in local clock seconds (`start + utc_offset`), for providers
/// that filter by local date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Coverage {
    /// Owned when the kind is only known at run time (a file source's
    /// `file:<basename>|` prefix, one per file).
    pub record_prefix: std::borrow::Cow<'static, str>,
    pub from: i64,
    pub to: i64,
    pub local_time: bool,
}

/// A provider response as received, kept so that a parser fix can re-derive
/// records without downloading again. One per (stream, request, part): a
/// re-fetch replaces it.
#[derive(Clone, Debug)]
pub struct RawPayload<'a> {
    pub request: &'a str,
    /// Which part of the request's answer ("" for a single answer).
    pub part: &'a str,
    pub parser_version: i64,
    pub body: &'a [u8],
}
