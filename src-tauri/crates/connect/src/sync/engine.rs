//! The loop: plan → fetch → parse → commit, stream by stream.

use std::time::Instant;

use chrono::NaiveDate;
use healthdash_core::Store;
use healthdash_core::store::{PageCommit, RawPayload};
use serde::Serialize;

use super::{ProgressSink, SyncError, SyncEvent, SyncProvider};
use crate::http::ApiCaller;

/// One run's settings.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// Tells this run from every other, even one started in the same
    /// second (a sync killed and restarted at once): a stream that caught up
    /// in this run is not planned again until the next one.
    pub id: i64,
    /// The user's local "today", the last day date-based streams fetch.
    pub today: NaiveDate,
    /// `--from`: where a first (or `--full`) sync starts instead of the
    /// provider's whole history.
    pub from: Option<NaiveDate>,
}

/// What one run did.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SyncReport {
    pub provider: String,
    pub streams: Vec<StreamReport>,
    pub requests: u64,
    pub records: u64,
    pub reparsed_payloads: u64,
    pub seconds: f64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct StreamReport {
    pub stream: String,
    pub pages: u64,
    pub inserted: u64,
    pub updated: u64,
    pub removed: u64,
}

impl RunOptions {
    /// A run starting now.
    pub fn starting_now(today: NaiveDate, from: Option<NaiveDate>) -> RunOptions {
        let millis = chrono::Utc::now().timestamp_millis();
        RunOptions {
            id: millis.saturating_mul(1000) + i64::from(rand::random::<u16>() % 1000),
            today,
            from,
        }
    }
}

/// Syncs every stream of `provider` into `store`.
pub async fn sync_provider<P: SyncProvider>(
    provider: &P,
    store: &mut Store,
    api: &ApiCaller<'_>,
    run: &RunOptions,
    progress: &dyn ProgressSink,
) -> Result<SyncReport, SyncError> {
    let clock = Instant::now();
    let mut report = SyncReport {
        provider: provider.id().to_owned(),
        ..SyncReport::default()
    };
    progress.event(&SyncEvent::Started {
        provider: provider.id().to_owned(),
    });
    report.reparsed_payloads = reparse_stale(provider, store)?;
    for &stream in provider.streams() {
        let mut stream_report = StreamReport {
            stream: stream.to_owned(),
            ..StreamReport::default()
        };
        loop {
            let cursor = store.cursor(provider.id(), stream)?;
            let Some(planned) = provider.plan(stream, cursor.as_deref(), store, run)? else {
                break;
            };
            let raw = provider.fetch(api, &planned.request).await?;
            report.requests += 1;
            let parsed = provider.parse(stream, &planned.request, &raw, run)?;
            let written = store.commit_page(&PageCommit {
                stream,
                batch: &parsed.batch,
                complete_records: parsed.complete_records,
                covers: parsed.covers,
                raw: Some(RawPayload {
                    request: &planned.key,
                    parser_version: provider.parser_version(),
                    body: &raw,
                }),
                cursor: Some(&parsed.next_cursor),
            })?;
            stream_report.pages += 1;
            stream_report.inserted += written.inserted;
            stream_report.updated += written.updated;
            stream_report.removed += written.removed;
            report.records += parsed.batch.measurements.len() as u64
                + parsed.batch.nights.len() as u64
                + parsed.batch.workouts.len() as u64;
            progress.event(&SyncEvent::Page {
                provider: provider.id().to_owned(),
                stream: stream.to_owned(),
                position: planned.position,
                records: report.records,
            });
        }
        tracing::info!(provider = provider.id(), ?stream_report, "stream caught up");
        report.streams.push(stream_report);
    }
    store.record_sync(provider.id(), chrono::Utc::now().timestamp())?;
    report.seconds = clock.elapsed().as_secs_f64();
    progress.event(&SyncEvent::Finished {
        provider: provider.id().to_owned(),
        records: report.records,
    });
    Ok(report)
}

/// Parses stored responses again where the parser changed since they were
/// fetched, so a fix reaches old data without downloading it again.
fn reparse_stale<P: SyncProvider>(provider: &P, store: &mut Store) -> Result<u64, SyncError> {
    let version = provider.parser_version();
    let mut count = 0;
    for &stream in provider.streams() {
        let stale = store.stale_raw_payloads(provider.id(), stream, version)?;
        for payload in &stale {
            if let Some(batch) = provider.reparse(stream, &payload.request, &payload.body)? {
                store.commit_page(&PageCommit {
                    stream,
                    batch: &batch,
                    complete_records: true,
                    covers: None,
                    raw: None,
                    cursor: None,
                })?;
                count += 1;
            }
        }
        if !stale.is_empty() {
            store.mark_payloads_parsed(provider.id(), stream, version)?;
        }
    }
    if count > 0 {
        tracing::info!(
            provider = provider.id(),
            count,
            "re-derived records from stored responses"
        );
    }
    Ok(count)
}
