//! The loop: plan → fetch → parse → commit, stream by stream; and the push
//! loop: plan → send → confirm.

use std::time::Instant;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::stream::{ParseContext, PlanContext, Stream, by_request};
use super::{Arrived, Fetch, ProgressSink, Source, SyncError, SyncEvent};
use crate::Store;
use crate::store::{MetricCounts, PageCommit, RawPayload, SyncRun};
use crate::time::date_to_day_number;

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
    /// source's whole history.
    pub from: Option<NaiveDate>,
}

impl RunOptions {
    /// A run starting now.
    pub fn starting_now(today: NaiveDate, from: Option<NaiveDate>) -> RunOptions {
        let now = chrono::Utc::now();
        RunOptions {
            // Nanoseconds: two runs never start in the same one.
            id: now
                .timestamp_nanos_opt()
                .unwrap_or_else(|| now.timestamp_millis().saturating_mul(1_000_000)),
            today,
            from,
        }
    }
}

/// What one run did.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SyncReport {
    pub provider: String,
    pub streams: Vec<StreamReport>,
    /// Streams that stopped with an error; the others were kept.
    pub failures: Vec<StreamFailure>,
    pub requests: u64,
    pub records: u64,
    pub reparsed_payloads: u64,
    pub seconds: f64,
    /// Per metric, the values added or changed, over every stream.
    #[serde(skip)]
    pub changed: MetricCounts,
}

impl SyncReport {
    /// Failures of streams the sync cannot do without.
    pub fn failed_streams(&self) -> impl Iterator<Item = &StreamFailure> {
        self.failures.iter().filter(|f| !f.optional)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct StreamReport {
    pub stream: String,
    pub pages: u64,
    pub inserted: u64,
    pub updated: u64,
    pub removed: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StreamFailure {
    pub stream: String,
    pub error: String,
    /// Only a warning: the stream adds detail, not data.
    pub optional: bool,
}

/// Syncs every stream of `source` into `store`. A stream that fails is
/// named in the report and the next one runs; only a cancel, a lost
/// sign-in or a failing database end the run with an error.
pub async fn pull(
    source: &dyn Source,
    store: &mut Store,
    port: &dyn Fetch,
    run: &RunOptions,
    progress: &dyn ProgressSink,
) -> Result<SyncReport, SyncError> {
    let clock = Instant::now();
    let id = source.id();
    let mut report = SyncReport {
        provider: id.to_owned(),
        ..SyncReport::default()
    };
    progress.event(&SyncEvent::Started {
        provider: id.to_owned(),
    });
    report.reparsed_payloads = reparse_stale(source, store)?;
    for stream in source.streams() {
        let mut stream_report = StreamReport {
            stream: stream.name().to_owned(),
            ..StreamReport::default()
        };
        let covers_from = first_day_covered(store, id, stream.name(), run)?;
        let result = pull_stream(
            source,
            stream.as_ref(),
            store,
            port,
            run,
            progress,
            &mut report,
            &mut stream_report,
        )
        .await;
        report.streams.push(stream_report);
        record_stream_run(store, id, stream.as_ref(), covers_from, run, &result)?;
        match result {
            Ok(()) => {}
            Err(error) if error.stops_the_run() => return Err(error),
            Err(error) => {
                let failure = StreamFailure {
                    stream: stream.name().to_owned(),
                    error: error.to_string(),
                    optional: stream.optional(),
                };
                tracing::warn!(
                    provider = id,
                    ?failure,
                    "stream failed; going on with the next"
                );
                progress.event(&SyncEvent::StreamFailed {
                    provider: id.to_owned(),
                    stream: failure.stream.clone(),
                    error: failure.error.clone(),
                    optional: failure.optional,
                });
                report.failures.push(failure);
            }
        }
    }
    if report.failed_streams().next().is_none() {
        store.record_sync(id, chrono::Utc::now().timestamp())?;
    }
    report.seconds = clock.elapsed().as_secs_f64();
    progress.event(&SyncEvent::Finished {
        provider: id.to_owned(),
        records: report.records,
        arrived: Arrived::list(&report.changed),
    });
    Ok(report)
}

/// The first local day a run of `stream` covers: where its history starts
/// on a first (or `--full`) sync, else the last day its previous run
/// covered, since the stream resumes from its cursor there. A stream synced
/// before runs were recorded, with no record at all, claims only today.
fn first_day_covered(
    store: &Store,
    provider: &str,
    stream: &str,
    run: &RunOptions,
) -> Result<i64, SyncError> {
    let today = date_to_day_number(run.today);
    if store.cursor(provider, stream)?.is_none() {
        let start = run.from.unwrap_or_else(|| {
            run.today
                .with_year(run.today.year() - super::DEFAULT_HISTORY_YEARS)
                .unwrap_or(run.today)
        });
        return Ok(date_to_day_number(start).min(today));
    }
    Ok(store
        .last_synced_day(provider, stream)?
        .map_or(today, |day| day.min(today)))
}

/// Records what a stream's run covered (through `run.today`) and how it
/// ended. A cancel says nothing about the days, a failing database cannot
/// record anything, and an optional stream's failure (Withings' device
/// names) loses no data, so none of them leaves a record.
fn record_stream_run(
    store: &Store,
    provider: &str,
    stream: &dyn Stream,
    first_day: i64,
    run: &RunOptions,
    result: &Result<(), SyncError>,
) -> Result<(), SyncError> {
    let error = match result {
        Ok(()) => None,
        Err(e) if e.is_cancelled() || matches!(e, SyncError::Store(_)) || stream.optional() => {
            return Ok(());
        }
        Err(e) => Some(e.to_string()),
    };
    store.record_sync_run(&SyncRun {
        provider: provider.to_owned(),
        stream: stream.name().to_owned(),
        first_day,
        last_day: date_to_day_number(run.today).max(first_day),
        finished_at: chrono::Utc::now().timestamp(),
        error,
    })?;
    Ok(())
}

#[allow(clippy::too_many_arguments)] // one loop's state, split out for the error boundary
async fn pull_stream(
    source: &dyn Source,
    stream: &dyn Stream,
    store: &mut Store,
    port: &dyn Fetch,
    run: &RunOptions,
    progress: &dyn ProgressSink,
    report: &mut SyncReport,
    stream_report: &mut StreamReport,
) -> Result<(), SyncError> {
    let id = source.id();
    loop {
        if port.is_cancelled() {
            return Err(super::FetchError::Cancelled.into());
        }
        let cursor = store.cursor(id, stream.name())?;
        let plan_ctx = PlanContext {
            store,
            run,
            source_id: id,
        };
        let Some(planned) = stream.plan(cursor.as_deref(), &plan_ctx)? else {
            break;
        };
        let parts = stream.fetch(port, &planned).await?;
        report.requests += 1;
        let parse_ctx = ParseContext {
            store,
            source_id: id,
        };
        let parsed = stream.parse(&planned, &parts, &parse_ctx, run)?;
        let raw: Vec<RawPayload<'_>> = parts
            .iter()
            .map(|part| RawPayload {
                request: &planned.key,
                part: &part.key,
                parser_version: source.parser_version(),
                body: &part.body,
            })
            .collect();
        let written = store.commit_page(&PageCommit {
            stream: stream.name(),
            batch: &parsed.batch,
            complete_records: parsed.complete_records,
            covers: parsed.covers,
            raw: &raw,
            cursor: Some(&parsed.cursor),
        })?;
        stream_report.pages += 1;
        stream_report.inserted += written.inserted;
        stream_report.updated += written.updated;
        stream_report.removed += written.removed;
        report.changed.add_all(&written.changed);
        report.records += parsed.batch.measurements.len() as u64
            + parsed.batch.nights.len() as u64
            + parsed.batch.workouts.len() as u64;
        progress.event(&SyncEvent::Page {
            provider: id.to_owned(),
            stream: stream.name().to_owned(),
            position: planned.position,
            records: report.records,
        });
    }
    tracing::info!(provider = id, ?stream_report, "stream caught up");
    Ok(())
}

/// Parses stored answers again where the parser changed since they were
/// fetched, so a fix reaches old data without downloading it again.
fn reparse_stale(source: &dyn Source, store: &mut Store) -> Result<u64, SyncError> {
    let version = source.parser_version();
    let id = source.id();
    let mut count = 0;
    for stream in source.streams() {
        let requests = by_request(store.stale_raw_payloads(id, stream.name(), version)?);
        for (request, parts) in &requests {
            let ctx = ParseContext {
                store,
                source_id: id,
            };
            if let Some(batch) = stream.reparse(request, parts, &ctx)? {
                store.commit_page(&PageCommit {
                    stream: stream.name(),
                    batch: &batch,
                    complete_records: true,
                    covers: None,
                    raw: &[],
                    cursor: None,
                })?;
                count += 1;
            }
        }
        if !requests.is_empty() {
            store.mark_payloads_parsed(id, stream.name(), version)?;
        }
    }
    if count > 0 {
        tracing::info!(
            provider = id,
            count,
            "re-derived records from stored answers"
        );
    }
    Ok(count)
}

/// What one push run sent.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PushReport {
    pub provider: String,
    pub sends: u64,
    pub values: u64,
    pub failures: Vec<StreamFailure>,
}

/// Sends what each push stream of `source` has not sent yet. The cursor of
/// what was sent moves only after the provider confirmed it, so a run
/// killed between the send and the confirmation sends it again (pushes
/// must be idempotent at the provider: Exist's "update" is).
pub async fn push(
    source: &dyn Source,
    store: &mut Store,
    port: &dyn Fetch,
    run: &RunOptions,
) -> Result<PushReport, SyncError> {
    let id = source.id();
    let mut report = PushReport {
        provider: id.to_owned(),
        ..PushReport::default()
    };
    for push in source.pushes() {
        let key = push.cursor_key();
        let result: Result<(), SyncError> = async {
            loop {
                if port.is_cancelled() {
                    return Err(super::FetchError::Cancelled.into());
                }
                let sent = store.cursor(id, &key)?;
                let ctx = PlanContext {
                    store,
                    run,
                    source_id: id,
                };
                let Some(planned) = push.plan(sent.as_deref(), &ctx)? else {
                    return Ok(());
                };
                let answer = push.send(port, &planned).await?;
                let cursor = push.confirm(&planned, &answer, run, id)?;
                store.set_cursor(id, &key, &cursor)?;
                report.sends += 1;
                report.values += planned.values;
            }
        }
        .await;
        match result {
            Ok(()) => {}
            Err(error) if error.stops_the_run() => return Err(error),
            Err(error) => report.failures.push(StreamFailure {
                stream: push.name().to_owned(),
                error: error.to_string(),
                optional: false,
            }),
        }
    }
    Ok(report)
}
