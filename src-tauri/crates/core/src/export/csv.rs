//! CSV export per CONTRACT §8, streamed in constant memory.
//!
//! ```text
//! metric,start,end,value,unit,source,detail
//! heart_rate,2015-10-06T22:00:00Z,,61,bpm,withings,
//! ```
//!
//! Rows come straight off the identity index (metric, start, source, end) one
//! metric at a time, in metric-name order. Within one start, source *ids* may
//! not sort like source *names*, so rows sharing a start are buffered (a
//! handful at most) and sorted by (source name, end) before they are written.

use std::collections::HashMap;
use std::io::Write;

use crate::error::{Error, Result};
use crate::metric::Metric;
use crate::query::TimeRange;
use crate::source::SourceId;
use crate::store::{MeasurementRow, Store, Tiers};

pub const HEADER: &str = "metric,start,end,value,unit,source,detail\n";

#[derive(Clone, Debug, PartialEq)]
pub struct CsvFilter {
    /// Only these metrics; all when empty.
    pub metrics: Vec<Metric>,
    /// Rows whose start lies in this range.
    pub range: TimeRange,
    /// Only these sources; all when empty.
    pub sources: Vec<SourceId>,
    /// Also the intraday detail stored beside reported totals.
    pub intraday: bool,
}

impl Default for CsvFilter {
    fn default() -> Self {
        CsvFilter {
            metrics: Vec::new(),
            range: TimeRange::all(),
            sources: Vec::new(),
            intraday: false,
        }
    }
}

/// Writes the CSV to `out` and returns the number of data rows.
pub fn export_csv(store: &Store, filter: &CsvFilter, out: impl Write) -> Result<u64> {
    let names = store.source_names()?;
    let wanted = |id: i64| -> Option<&SourceId> {
        let source = names.get(&id)?;
        (filter.sources.is_empty() || filter.sources.contains(source)).then_some(source)
    };
    let mut metrics: Vec<Metric> = if filter.metrics.is_empty() {
        Metric::ALL.to_vec()
    } else {
        filter.metrics.clone()
    };
    metrics.sort_by_key(|m| m.id());
    metrics.dedup();

    let mut writer = RowWriter::new(out);
    writer.raw(HEADER.as_bytes())?;
    let tiers = if filter.intraday {
        Tiers::Both
    } else {
        Tiers::Reported
    };
    let range = (filter.range.from, filter.range.to);
    let mut count = 0u64;
    let mut group: Vec<MeasurementRow> = Vec::new();
    for metric in metrics {
        store.for_each_measurement(metric, range, tiers, |row| {
            if wanted(row.source_id).is_none() {
                return Ok(());
            }
            if group.first().is_some_and(|g| g.start != row.start) {
                count += writer.group(metric, &mut group, &names)?;
            }
            group.push(row);
            Ok(())
        })?;
        count += writer.group(metric, &mut group, &names)?;
    }
    writer.finish()?;
    Ok(count)
}

/// Formats rows with reusable buffers; the `csv` crate does the quoting.
pub(super) struct RowWriter<W: Write> {
    csv: csv::Writer<W>,
    start: TimeFormatter,
    end: TimeFormatter,
    value: String,
    detail: String,
}

impl<W: Write> RowWriter<W> {
    pub(super) fn new(out: W) -> Self {
        RowWriter {
            csv: csv::WriterBuilder::new()
                .terminator(csv::Terminator::Any(b'\n'))
                .buffer_capacity(1 << 16)
                .from_writer(out),
            start: TimeFormatter::default(),
            end: TimeFormatter::default(),
            value: String::new(),
            detail: String::new(),
        }
    }

    pub(super) fn raw(&mut self, bytes: &[u8]) -> Result<()> {
        // The header goes through the csv writer's buffer too, to keep order.
        let fields: Vec<&[u8]> = bytes
            .strip_suffix(b"\n")
            .unwrap_or(bytes)
            .split(|b| *b == b',')
            .collect();
        self.csv.write_record(fields).map_err(csv_error)
    }

    /// Writes rows that share a start, sorted by source name then end.
    pub(super) fn group(
        &mut self,
        metric: Metric,
        group: &mut Vec<MeasurementRow>,
        names: &HashMap<i64, SourceId>,
    ) -> Result<u64> {
        if group.len() > 1 {
            group.sort_by(|a, b| {
                let name = |r: &MeasurementRow| names.get(&r.source_id).map(SourceId::as_str);
                name(a).cmp(&name(b)).then(a.end.cmp(&b.end))
            });
        }
        let written = group.len() as u64;
        for row in group.drain(..) {
            let source = names.get(&row.source_id).map_or("", SourceId::as_str);
            self.value.clear();
            format_value(&mut self.value, row.value);
            self.detail.clear();
            if let Some(detail) = &row.detail {
                escape_formula(&mut self.detail, detail);
            }
            let end: &[u8] = match row.end {
                Some(end) => self.end.format(end),
                None => b"",
            };
            self.csv
                .write_record([
                    metric.id().as_bytes(),
                    self.start.format(row.start),
                    end,
                    self.value.as_bytes(),
                    metric.unit().as_bytes(),
                    source.as_bytes(),
                    self.detail.as_bytes(),
                ])
                .map_err(csv_error)?;
        }
        Ok(written)
    }

    pub(super) fn finish(mut self) -> Result<()> {
        self.csv.flush().map_err(Error::Output)
    }
}

fn csv_error(e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Error::Output(io),
        other => Error::Output(std::io::Error::other(format!("{other:?}"))),
    }
}

/// A plain decimal: no exponent, no trailing zeros, `.` as the point.
/// Rust's `Display` for `f64` prints the shortest representation that reads
/// back to the same number and never uses an exponent; integers are fast-pathed.
pub(crate) fn format_value(out: &mut String, value: f64) {
    use std::fmt::Write as _;
    if value == value.trunc() && value.abs() < 1e15 {
        let mut buffer = itoa::Buffer::new();
        // `-0.0` prints as "0".
        out.push_str(buffer.format(value as i64));
    } else {
        let _ = write!(out, "{value}");
    }
}

/// Text cells that a spreadsheet would run as a formula get a leading `'`.
pub(crate) fn escape_formula(out: &mut String, text: &str) {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        out.push('\'');
    }
    out.push_str(text);
}

/// `YYYY-MM-DDTHH:MM:SSZ` with the date part cached: consecutive rows are
/// mostly on the same day.
#[derive(Default)]
struct TimeFormatter {
    day: Option<i64>,
    buf: [u8; 20],
}

impl TimeFormatter {
    fn format(&mut self, t: i64) -> &[u8] {
        let day = t.div_euclid(86_400);
        if self.day != Some(day) {
            let date = crate::time::day_number_to_date(day)
                .format("%Y-%m-%d")
                .to_string();
            let bytes = date.as_bytes();
            if bytes.len() == 10 {
                self.buf[..10].copy_from_slice(bytes);
            }
            self.buf[10] = b'T';
            self.buf[13] = b':';
            self.buf[16] = b':';
            self.buf[19] = b'Z';
            self.day = Some(day);
        }
        let secs = t.rem_euclid(86_400);
        let two = |n: i64| [b'0' + (n / 10) as u8, b'0' + (n % 10) as u8];
        self.buf[11..13].copy_from_slice(&two(secs / 3600));
        self.buf[14..16].copy_from_slice(&two(secs % 3600 / 60));
        self.buf[17..19].copy_from_slice(&two(secs % 60));
        &self.buf
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(v: f64) -> String {
        let mut s = String::new();
        format_value(&mut s, v);
        s
    }

    #[test]
    fn values_are_plain_decimals() {
        assert_eq!(value(72.0), "72");
        assert_eq!(value(-0.0), "0");
        assert_eq!(value(71.25), "71.25");
        assert_eq!(value(0.1), "0.1");
        assert_eq!(value(1e-7), "0.0000001");
        assert_eq!(value(1e20), "100000000000000000000");
        assert_eq!(value(36.6), "36.6");
    }

    #[test]
    fn formulas_are_defused() {
        for (input, expected) in [
            ("=SUM(A1)", "'=SUM(A1)"),
            ("+1", "'+1"),
            ("-run", "'-run"),
            ("@me", "'@me"),
            ("\tx", "'\tx"),
            ("running", "running"),
        ] {
            let mut s = String::new();
            escape_formula(&mut s, input);
            assert_eq!(s, expected);
        }
    }

    #[test]
    fn time_formatter_matches_chrono() {
        let mut f = TimeFormatter::default();
        for t in [
            0,
            1_444_168_800,
            1_444_168_801,
            1_700_000_000,
            4_102_444_799,
        ] {
            let got = String::from_utf8(f.format(t).to_vec()).unwrap();
            assert_eq!(got, crate::time::format_utc(t));
        }
    }
}
