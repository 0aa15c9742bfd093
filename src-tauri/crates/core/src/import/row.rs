//! One CSV line of CONTRACT §8 as a checked record: every problem a single
//! line can have is found here, so the error names that line.

use csv::ByteRecord;

use crate::error::{Error, Result};
use crate::export::HEADER;
use crate::metric::{Metric, MetricKind};
use crate::model::Measurement;
use crate::source::SourceId;
use crate::time::Zone;

/// A data line, parsed and checked against the catalogue.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Row {
    /// 1-based line number in the file, for error messages.
    pub line: u64,
    pub metric: Metric,
    pub start: i64,
    pub end: Option<i64>,
    pub value: f64,
    pub source: SourceId,
    /// With the spreadsheet guard (`'` before `=`, `+`, …) taken off.
    pub detail: Option<String>,
}

impl Row {
    /// The measurement this line stands for, not yet intraday.
    pub fn measurement(&self, zone: Zone) -> Measurement {
        let mut m = Measurement::sample(self.metric, self.start, self.value, zone);
        m.end = self.end;
        m.detail.clone_from(&self.detail);
        m
    }

    pub fn error(&self, why: impl Into<String>) -> Error {
        Error::CsvLine {
            line: self.line,
            why: why.into(),
        }
    }
}

/// Checks the header line. Anything else means the file is not ours.
pub(super) fn check_header(record: &ByteRecord) -> Result<()> {
    let expected = HEADER.trim_end().split(',');
    if record.iter().eq(expected.map(str::as_bytes)) {
        return Ok(());
    }
    let found = record
        .iter()
        .map(String::from_utf8_lossy)
        .collect::<Vec<_>>()
        .join(",");
    // Shown on one line: a quoted header cell may hold a line break.
    let found: String = found
        .chars()
        .take(60)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    Err(Error::NotHealthdashCsv { found })
}

/// Parses one data line.
pub(super) fn parse(record: &ByteRecord, line: u64) -> Result<Row> {
    let fail = |why: String| Error::CsvLine { line, why };
    if record.len() != 7 {
        return Err(fail(format!("{} columns, expected 7", record.len())));
    }
    let text = |i: usize, name: &str| {
        std::str::from_utf8(&record[i]).map_err(|_| fail(format!("{name} is not UTF-8 text")))
    };
    let metric: Metric = text(0, "metric")?.parse().map_err(|_| {
        fail(format!(
            "unknown metric '{}'",
            text(0, "metric").unwrap_or("")
        ))
    })?;
    let start = time(text(1, "start")?).map_err(|why| fail(format!("start {why}")))?;
    let end = match text(2, "end")? {
        "" => None,
        end => Some(time(end).map_err(|why| fail(format!("end {why}")))?),
    };
    let value = number(text(3, "value")?).map_err(fail)?;
    let unit = text(4, "unit")?;
    if unit != metric.unit() {
        return Err(fail(format!(
            "unit '{unit}' is not the unit of {metric} ({})",
            metric.unit()
        )));
    }
    let source: SourceId = text(5, "source")?
        .parse()
        .map_err(|e: Error| fail(e.to_string()))?;
    let detail = match text(6, "detail")? {
        "" => None,
        detail => Some(unguard(detail).to_owned()),
    };
    let row = Row {
        line,
        metric,
        start,
        end,
        value,
        source,
        detail,
    };
    check(&row)?;
    Ok(row)
}

/// What the store would refuse, and what the kind of metric needs.
fn check(row: &Row) -> Result<()> {
    row.measurement(Zone::UTC)
        .validate()
        .map_err(|e| row.error(e.to_string()))?;
    let needs_end = matches!(row.metric.kind(), MetricKind::Night | MetricKind::Stage)
        || row.metric == Metric::Workout;
    let Some(end) = row.end else {
        return match needs_end {
            true => Err(row.error(format!("{} needs an end time", row.metric))),
            false => Ok(()),
        };
    };
    if row.metric == Metric::Workout && row.value != (end - row.start) as f64 {
        return Err(row.error(format!(
            "a workout's value is its duration ({} s), not {}",
            end - row.start,
            row.value
        )));
    }
    Ok(())
}

/// `YYYY-MM-DDTHH:MM:SSZ` (any RFC 3339 time is accepted) as Unix seconds.
fn time(text: &str) -> std::result::Result<i64, String> {
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|t| t.timestamp())
        .map_err(|_| format!("'{text}' is not an RFC 3339 time like 2015-10-06T22:00:00Z"))
}

/// A plain decimal (CONTRACT §8): an optional minus, digits, an optional
/// fraction. Rust's float parser alone would also take `inf`, `NaN` and
/// exponents, which no export writes.
fn number(text: &str) -> std::result::Result<f64, String> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    let plain = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !(plain(whole) && plain(fraction)) {
        return Err(format!("value '{text}' is not a plain decimal number"));
    }
    text.parse()
        .map_err(|_| format!("value '{text}' is not a plain decimal number"))
}

/// Takes off the `'` that export puts before a cell a spreadsheet would run.
fn unguard(detail: &str) -> &str {
    match detail.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => detail,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(fields: &[&str]) -> Result<Row> {
        parse(&ByteRecord::from(fields.to_vec()), 7)
    }

    fn error(fields: &[&str]) -> String {
        line(fields)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default()
    }

    #[test]
    fn a_line_of_the_export_reads_back() {
        let row = line(&[
            "workout",
            "2015-10-07T16:00:00Z",
            "2015-10-07T16:30:00Z",
            "1800",
            "s",
            "withings",
            "'=HYPERLINK(\"x\")",
        ])
        .unwrap();
        assert_eq!(row.metric, Metric::Workout);
        assert_eq!(row.start, 1_444_233_600);
        assert_eq!(row.end, Some(1_444_235_400));
        assert_eq!(row.value, 1800.0);
        assert_eq!(row.source.as_str(), "withings");
        assert_eq!(row.detail.as_deref(), Some("=HYPERLINK(\"x\")"));
    }

    #[test]
    fn each_problem_names_the_line_and_what_is_wrong() {
        let ok = [
            "weight",
            "2015-10-07T05:30:00Z",
            "",
            "71.25",
            "kg",
            "withings",
            "",
        ];
        let with = |i: usize, v: &'static str| {
            let mut f = ok;
            f[i] = v;
            error(&f)
        };
        assert_eq!(
            with(4, "lb"),
            "line 7: unit 'lb' is not the unit of weight (kg)"
        );
        assert_eq!(with(0, "happiness"), "line 7: unknown metric 'happiness'");
        assert!(with(5, "fitbit").starts_with("line 7: unknown source 'fitbit'"));
        assert_eq!(
            with(1, "2015-10-07 05:30"),
            "line 7: start '2015-10-07 05:30' is not an RFC 3339 time like 2015-10-06T22:00:00Z"
        );
        for bad in ["1e3", "NaN", "inf", "", "7,1", "71.", "+71"] {
            assert!(
                with(3, bad).contains("is not a plain decimal number"),
                "{bad}"
            );
        }
        assert_eq!(error(&ok[..3]), "line 7: 3 columns, expected 7");
    }

    #[test]
    fn what_the_store_refuses_is_refused_with_its_line() {
        let stage = [
            "sleep_stage",
            "2015-10-06T21:00:00Z",
            "2015-10-06T21:10:00Z",
            "4",
            "stage",
            "demo",
            "",
        ];
        assert!(error(&stage).contains("line 7: invalid record for sleep_stage"));
        let mut no_end = stage;
        no_end[2] = "";
        no_end[3] = "1";
        assert_eq!(error(&no_end), "line 7: sleep_stage needs an end time");
        let workout = [
            "workout",
            "2015-10-07T16:00:00Z",
            "2015-10-07T16:30:00Z",
            "60",
            "s",
            "withings",
            "running",
        ];
        assert_eq!(
            error(&workout),
            "line 7: a workout's value is its duration (1800 s), not 60"
        );
    }

    #[test]
    fn only_the_guard_export_adds_is_taken_off() {
        assert_eq!(unguard("'-run"), "-run");
        assert_eq!(unguard("'quoted'"), "'quoted'");
        assert_eq!(unguard("running"), "running");
    }

    #[test]
    fn the_header_must_be_ours() {
        assert!(
            check_header(&ByteRecord::from(
                HEADER.trim_end().split(',').collect::<Vec<_>>()
            ))
            .is_ok()
        );
        let quoted = ByteRecord::from(vec!["date\nand time", "steps"]);
        assert!(
            check_header(&quoted)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
                .contains("header 'date and time,steps'")
        );
        let theirs = ByteRecord::from(vec!["date", "steps"]);
        assert_eq!(
            check_header(&theirs)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default(),
            "not a Healthdash CSV export (header 'date,steps'; expected 'metric,start,end,value,unit,source,detail')"
        );
    }
}
