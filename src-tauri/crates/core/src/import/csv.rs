//! `import csv`: a Healthdash CSV export (CONTRACT §8) back into the store.
//!
//! The file is read as a stream and stored in one transaction, in chunks of
//! a few thousand values: memory stays small whatever the file's size (sleep
//! rows excepted, see [`super::sleep`]), and the import lands whole or not
//! at all. Each row keeps its source; a row whose identity (metric, start,
//! end, source) is stored already replaces it, so importing a file twice
//! changes nothing.
//!
//! The CSV has no zones and no intraday flag: daily totals get the offset
//! their local midnight shows, intraday detail is told apart by shape
//! ([`super::intraday`]), and everything else gets the zone the caller
//! passes (this computer's), which only decides local-day buckets.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;

use csv::ByteRecord;

use super::intraday::{Classified, Classifier, may_be_intraday};
use super::row::{self, Row};
use super::sleep::SleepRows;
use crate::error::{Error, Result};
use crate::metric::Metric;
use crate::model::{Batch, Workout};
use crate::source::SourceId;
use crate::store::{BatchSink, IngestReport, Store};
use crate::time::Zone;

/// Values held before they go to the open transaction.
const CHUNK_ROWS: usize = 8192;

/// What an import stored.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportSummary {
    /// Data rows read.
    pub rows: u64,
    /// Rows per metric, most first.
    pub per_metric: Vec<(Metric, u64)>,
    /// New, replaced and unchanged values.
    pub report: IngestReport,
}

/// Reads `input` (a whole CSV export) and stores every row, or none when
/// any line is wrong: the error names the first wrong line.
pub fn import_csv(store: &mut Store, input: impl Read, zone: Zone) -> Result<ImportSummary> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(input);
    let mut record = ByteRecord::new();
    if !read(&mut reader, &mut record)? {
        return Err(Error::EmptyCsv);
    }
    row::check_header(&record)?;

    let (counts, report) = store.ingest_all(|sink| {
        let mut rows = Rows::new(zone);
        let mut counts: HashMap<Metric, u64> = HashMap::new();
        while read(&mut reader, &mut record)? {
            let line = record.position().map_or(0, |p| p.line());
            let row = row::parse(&record, line)?;
            *counts.entry(row.metric).or_default() += 1;
            rows.push(row, sink)?;
        }
        rows.finish(sink)?;
        Ok(counts)
    })?;
    let mut per_metric: Vec<(Metric, u64)> = counts.into_iter().collect();
    per_metric.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.id().cmp(b.0.id())));
    let summary = ImportSummary {
        rows: per_metric.iter().map(|(_, n)| n).sum(),
        per_metric,
        report,
    };
    tracing::info!(rows = summary.rows, ?report, "imported CSV");
    Ok(summary)
}

/// The next record; a read error names the line it happened on.
fn read<R: Read>(reader: &mut csv::Reader<R>, record: &mut ByteRecord) -> Result<bool> {
    reader.read_byte_record(record).map_err(|e| {
        let line = e.position().map_or(reader.position().line(), |p| p.line());
        let why = match e.into_kind() {
            csv::ErrorKind::Io(io) => io.to_string(),
            other => format!("{other:?}"),
        };
        Error::CsvLine { line, why }
    })
}

/// Rows on their way to the store, sorted into the records ingest knows.
struct Rows {
    zone: Zone,
    intervals: Classifier,
    sleep: SleepRows,
    chunk: BTreeMap<SourceId, Batch>,
    held: usize,
}

impl Rows {
    fn new(zone: Zone) -> Self {
        Rows {
            zone,
            intervals: Classifier::new(zone),
            sleep: SleepRows::default(),
            chunk: BTreeMap::new(),
            held: 0,
        }
    }

    fn push(&mut self, row: Row, sink: &mut BatchSink<'_>) -> Result<()> {
        let Some(row) = self.sleep.take(row) else {
            return Ok(());
        };
        if may_be_intraday(row.metric) {
            let Rows {
                intervals, chunk, ..
            } = self;
            intervals.push(row, &mut |c| {
                add_interval(chunk, c);
            });
            self.held += 1;
        } else if row.metric == Metric::Workout {
            let workout = workout(&row, self.zone);
            batch(&mut self.chunk, &row.source).workouts.push(workout);
            self.held += 1;
        } else {
            let m = row.measurement(self.zone);
            batch(&mut self.chunk, &row.source).measurements.push(m);
            self.held += 1;
        }
        if self.held >= CHUNK_ROWS {
            self.store(sink)?;
        }
        Ok(())
    }

    fn finish(mut self, sink: &mut BatchSink<'_>) -> Result<()> {
        let Rows {
            intervals, chunk, ..
        } = &mut self;
        intervals.flush(&mut |c| add_interval(chunk, c));
        self.store(sink)?;
        for batch in self.sleep.into_batches(self.zone)? {
            sink.ingest(&batch)?;
        }
        Ok(())
    }

    fn store(&mut self, sink: &mut BatchSink<'_>) -> Result<()> {
        for batch in std::mem::take(&mut self.chunk).into_values() {
            sink.ingest(&batch)?;
        }
        self.held = 0;
        Ok(())
    }
}

fn add_interval(chunk: &mut BTreeMap<SourceId, Batch>, c: Classified) {
    let mut m = c.row.measurement(c.zone);
    m.intraday = c.intraday;
    batch(chunk, &c.row.source).measurements.push(m);
}

fn batch<'a>(chunk: &'a mut BTreeMap<SourceId, Batch>, source: &SourceId) -> &'a mut Batch {
    chunk
        .entry(source.clone())
        .or_insert_with(|| Batch::new(source.clone()))
}

/// A `workout` row: its type is the detail; energy and distance are not in
/// the CSV.
fn workout(row: &Row, zone: Zone) -> Workout {
    Workout {
        start: row.start,
        end: row.end.unwrap_or(row.start),
        zone,
        kind: row.detail.clone().unwrap_or_default(),
        energy_kcal: None,
        distance_m: None,
        record_id: None,
    }
}
