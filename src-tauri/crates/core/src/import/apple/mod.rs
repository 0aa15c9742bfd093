//! `import apple-health`: the zip (or XML) that Health's "Export All Health
//! Data" writes, into the store as source `apple_health` (CONTRACT §12).
//!
//! ```text
//!  file ─▶ Input (zip entry or XML, by content) ─▶ Cleaned (no DOCTYPE, no C0)
//!       ─▶ Parser (pull XML, priority per identity)  ── chunks ──▶  writer thread:
//!          parse thread                                             one transaction,
//!                                                                   per-night rows last
//! ```
//!
//! Memory stays bounded: the document streams through, and what an import
//! keeps is 24 bytes per row identity (to keep only the highest-priority
//! record of each, §12.4.2) plus the chunks in flight. A failure or a cancel
//! anywhere rolls the one transaction back.

mod clean;
mod date;
mod input;
mod mapping;
mod nights;
mod parse;
mod priority;

use std::io::Read;
use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use self::input::Input;
use self::mapping::SleepState;
use self::parse::{Chunk, Counts, Parser, XmlFailure};
use crate::error::{Error, Result};
use crate::metric::Metric;
use crate::model::Workout;
use crate::store::{AppleSink, IngestReport, NightRows, RowRef, SleepSampleRow, Store};
use crate::time::Zone;

pub use priority::{rank_order, tier_of};

/// Chunks parsed ahead of the writer.
const IN_FLIGHT: usize = 4;

/// How an import is going, for a progress bar.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ImportProgress {
    /// Records (`Record`s and `Workout`s) read so far.
    pub records: u64,
    /// Bytes of the file read so far, and its size.
    pub bytes: u64,
    pub total_bytes: u64,
    pub elapsed: Duration,
}

/// Who watches an import: told the progress, asked whether to stop.
pub trait ImportWatch: Sync {
    fn progress(&self, _progress: &ImportProgress) {}
    fn cancelled(&self) -> bool {
        false
    }
}

/// Nobody watching.
pub struct Unwatched;

impl ImportWatch for Unwatched {}

/// What an import read and stored.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AppleSummary {
    /// Top-level `Record`s and `Workout`s read.
    pub records: u64,
    /// Rows sent to the store (after priority between duplicates).
    pub rows: u64,
    /// Records that had a row of higher priority with the same identity.
    pub duplicates: u64,
    /// Records not usable (unknown type or unit, bad value), by type, most first.
    pub skipped: Vec<(String, u64)>,
    /// Per-night sleep rows after the import.
    pub nights: u64,
    pub report: IngestReport,
    pub bytes: u64,
    pub elapsed: Duration,
}

impl AppleSummary {
    pub fn skipped_total(&self) -> u64 {
        self.skipped.iter().map(|(_, n)| n).sum()
    }
}

/// Imports the export at `path`, all of it or nothing.
pub fn import_apple_health(
    store: &mut Store,
    path: &Path,
    watch: &dyn ImportWatch,
) -> Result<AppleSummary> {
    let started = Instant::now();
    let mut input = Input::open_path(path)?;
    let read = std::sync::Arc::clone(&input.read);
    let total_bytes = input.size;
    let (tx, rx) = mpsc::sync_channel::<Chunk>(IN_FLIGHT);

    let ((summary, counts), report) = std::thread::scope(|scope| {
        let parser = scope.spawn(move || parse_all(&mut input, tx));
        store.import_apple_health(|sink| {
            let mut writer = ChunkWriter::default();
            let mut seen = 0u64;
            for chunk in rx.iter() {
                if watch.cancelled() {
                    return Err(Error::Cancelled);
                }
                seen += (chunk.rows.len() + chunk.sleep.len()) as u64;
                writer.write(sink, chunk)?;
                watch.progress(&ImportProgress {
                    records: seen,
                    bytes: read.load(Ordering::Relaxed).min(total_bytes),
                    total_bytes,
                    elapsed: started.elapsed(),
                });
            }
            // The parser stops early only when the channel closed, which
            // this loop does not do: its result is the parse's own.
            let counts = parser.join().map_err(|_| Error::AppleXml {
                line: 0,
                why: "the parser stopped unexpectedly".into(),
            })??;
            if watch.cancelled() {
                return Err(Error::Cancelled);
            }
            let nights = store_nights(sink)?;
            Ok((
                AppleSummary {
                    rows: writer.rows,
                    nights,
                    ..AppleSummary::default()
                },
                counts,
            ))
        })
    })?;

    let mut skipped: Vec<(String, u64)> = counts.skipped.into_iter().collect();
    skipped.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let summary = AppleSummary {
        records: counts.records,
        duplicates: counts.duplicates,
        skipped,
        report,
        bytes: total_bytes,
        elapsed: started.elapsed(),
        ..summary
    };
    tracing::info!(
        records = summary.records,
        rows = summary.rows,
        ?report,
        "imported Apple Health export"
    );
    Ok(summary)
}

/// The parse thread: the XML from its first byte to `</HealthData>`.
fn parse_all(input: &mut Input, tx: mpsc::SyncSender<Chunk>) -> Result<Counts> {
    let outcome = {
        let xml = input.open()?;
        let cleaned = clean::Cleaned::new(xml).map_err(|e| read_error(&e))?;
        let mut parser = Parser::new(input::buffered(cleaned));
        let mut send = |chunk: Chunk| tx.send(chunk).is_ok();
        parser
            .run(&mut send)
            .map(|()| std::mem::take(&mut parser.counts))
    };
    drop(tx);
    match outcome {
        Ok(counts) => Ok(counts),
        Err(XmlFailure::Stopped) => Err(Error::Cancelled),
        Err(XmlFailure::Io(e)) => Err(read_error(&e)),
        Err(XmlFailure::At { offset, why }) => {
            let line = line_at(input, offset)?;
            Err(Error::AppleXml { line, why })
        }
    }
}

fn read_error(e: &std::io::Error) -> Error {
    match input::zip_failure(e) {
        Some(why) => Error::AppleZip(why),
        None => Error::AppleXml {
            line: 0,
            why: e.to_string(),
        },
    }
}

/// The 1-based line of a byte offset of the cleaned XML, which keeps the
/// file's line breaks: read again up to there (only on the error path).
fn line_at(input: &mut Input, offset: u64) -> Result<u64> {
    let xml = input.open()?;
    let cleaned = clean::Cleaned::new(xml).map_err(|e| read_error(&e))?;
    let mut lines = 1u64;
    let mut rest = offset;
    let mut reader = cleaned.take(offset);
    let mut buf = vec![0u8; 64 << 10];
    while rest > 0 {
        let n = reader.read(&mut buf).map_err(|e| read_error(&e))?;
        if n == 0 {
            break;
        }
        lines += buf[..n].iter().filter(|&&b| b == b'\n').count() as u64;
        rest = rest.saturating_sub(n as u64);
    }
    Ok(lines)
}

/// Turns chunks into rows and workouts, on the writer thread. Rows borrow
/// their texts (device name, tier tag) from the name table: no per-row
/// allocation.
#[derive(Default)]
struct ChunkWriter {
    names: Vec<String>,
    workouts: Vec<Workout>,
    sleep: Vec<SleepSampleRow>,
    rows: u64,
}

impl ChunkWriter {
    fn write(&mut self, sink: &mut AppleSink<'_>, chunk: Chunk) -> Result<()> {
        self.names.extend(chunk.new_names);
        self.workouts.clear();
        self.sleep.clear();
        let names = &self.names;
        let name = |id: u32| names.get(id as usize).map_or("", String::as_str);
        let mut rows = Vec::with_capacity(chunk.rows.len());
        for row in &chunk.rows {
            let zone = Zone::Fixed(row.offset);
            let m = RowRef {
                metric: row.metric,
                start: row.start,
                end: row.end,
                value: row.value,
                zone,
                intraday: false,
                record_id: Some(priority::tier_tag(row.priority.tier)),
                detail: Some(name(row.priority.name)),
            };
            if row.metric == Metric::Workout {
                let kind = name(row.activity);
                self.workouts.push(Workout {
                    start: row.start,
                    end: row.end.unwrap_or(row.start),
                    zone,
                    kind: kind.to_owned(),
                    energy_kcal: None,
                    distance_m: None,
                    record_id: None,
                });
                // The row's value is the active time, not end − start.
                rows.push(RowRef {
                    detail: Some(kind),
                    record_id: None,
                    ..m
                });
            } else {
                rows.push(m);
            }
        }
        for s in &chunk.sleep {
            self.sleep.push(SleepSampleRow {
                start: s.start,
                end: s.end,
                offset: s.offset,
                state: s.state as i64,
                tier: i64::from(s.priority.tier),
                source_name: name(s.priority.name).to_owned(),
            });
        }
        self.rows += chunk.rows.len() as u64;
        sink.write(&rows, &self.workouts)?;
        sink.add_sleep_samples(&self.sleep)
    }
}

/// Recomputes every night from every stored sample (§12.5, §12.1.5).
fn store_nights(sink: &mut AppleSink<'_>) -> Result<u64> {
    let samples: Vec<nights::StoredSample> = sink
        .sleep_samples()?
        .into_iter()
        .filter_map(|s| {
            Some(nights::StoredSample {
                start: s.start,
                end: s.end,
                offset: s.offset,
                state: SleepState::from_code(s.state)?,
                tier: u8::try_from(s.tier).unwrap_or(3),
                source: s.source_name,
            })
        })
        .collect();
    let rows: Vec<NightRows> = nights::nights(samples)
        .into_iter()
        .map(|n| {
            let mut values = Vec::new();
            if let Some(asleep) = n.asleep {
                values.push((Metric::SleepDuration, asleep as f64));
            }
            if let Some([light, deep, rem, awake]) = n.stages {
                values.push((Metric::SleepLightDuration, light as f64));
                values.push((Metric::SleepDeepDuration, deep as f64));
                values.push((Metric::SleepRemDuration, rem as f64));
                values.push((Metric::SleepAwakeDuration, awake as f64));
            }
            NightRows {
                start: n.start,
                end: n.end,
                offset: n.offset,
                values,
            }
        })
        .filter(|n| !n.values.is_empty())
        .collect();
    sink.replace_nights(&rows)?;
    Ok(rows.len() as u64)
}
