//! A Withings file on Open Humans → records, with the **same** adapters as
//! the `withings` provider (one mapping, two sources).
//!
//! The file is a JSON object whose keys are the integration's fetches:
//! `measure` (getmeas), `activity` (getactivity), `sleep` (sleep get),
//! `sleep_summary` (getsummary), `workouts` (getworkouts) and `intraday`
//! (whose URL is malformed in the integration: it holds an error answer).
//!
//! - `nokiahealthdata.json` (since May 2018): each value is one parsed
//!   answer `{"status": 0, "body": {…}}`; re-fetched rows are appended to
//!   the arrays inside, so a later row for the same identity wins.
//! - `nokia_data_YYYYMMDD` (May 2018): each value is an array of answer
//!   *texts*, one per fetch window; parsed in order.
//!
//! An answer whose `status` is not 0 is ignored. Anything else that cannot
//! be read makes the whole file unreadable ([`FileError`]).

use std::collections::HashMap;

use healthdash_core::model::{Batch, Measurement, StageInterval};
use healthdash_core::time::Zone;
use serde_json::value::RawValue;

use super::fitbit_file::FileError;
use crate::providers::withings::adapter::{self, DeviceNames, ParseError, SleepSummary};

/// The keys read, with the adapter endpoint each one is.
const MEASURE: &str = "measure";
const ACTIVITY: &str = "activity";
const WORKOUTS: &str = "workouts";
const SLEEP_SUMMARY: &str = "sleep_summary";
const SLEEP: &str = "sleep";

/// Parses a whole file into `batch` (rows keep the adapters' record ids
/// and details; the caller adds the file's provenance).
pub fn parse(bytes: &[u8], batch: &mut Batch) -> Result<(), FileError> {
    let keys: HashMap<String, &RawValue> =
        serde_json::from_slice(bytes).map_err(|e| FileError::json(&e))?;
    let devices = DeviceNames::default();
    for answer in answers(&keys, MEASURE)? {
        if let Some(answer) = ok_answer("getmeas", &answer)? {
            batch
                .measurements
                .extend(adapter::getmeas(answer, &devices)?.measurements);
        }
    }
    for answer in answers(&keys, ACTIVITY)? {
        if let Some(answer) = ok_answer("getactivity", &answer)? {
            batch
                .measurements
                .extend(adapter::getactivity(answer, &devices)?.measurements);
        }
    }
    for answer in answers(&keys, WORKOUTS)? {
        if let Some(answer) = ok_answer("getworkouts", &answer)? {
            batch
                .workouts
                .extend(adapter::getworkouts(answer)?.workouts);
        }
    }
    let mut summaries: Vec<SleepSummary> = Vec::new();
    for answer in answers(&keys, SLEEP_SUMMARY)? {
        if let Some(answer) = ok_answer("getsummary", &answer)? {
            summaries.extend(adapter::sleep_getsummary(answer, &devices)?.nights);
        }
    }
    let mut stages: Vec<StageInterval> = Vec::new();
    let mut heart_rate: Vec<Measurement> = Vec::new();
    for answer in answers(&keys, SLEEP)? {
        if let Some(answer) = ok_answer("sleep get", &answer)? {
            let series = adapter::sleep_get(answer, Zone::UTC)?;
            stages.extend(series.stages);
            heart_rate.extend(series.heart_rate);
        }
    }
    for summary in &summaries {
        batch.nights.push(adapter::night(summary, &stages));
    }
    // The series carries no zone: each sample takes its night's.
    batch
        .measurements
        .extend(heart_rate.into_iter().filter_map(|mut sample| {
            let night = summaries
                .iter()
                .find(|n| n.start <= sample.start && sample.start < n.end)?;
            sample.zone = night.zone;
            Some(sample)
        }));
    Ok(())
}

/// The answers under `key`, in fetch order: one for the current layout, one
/// per text for the legacy one; none when the key is absent.
fn answers<'a>(
    keys: &'a HashMap<String, &'a RawValue>,
    key: &str,
) -> Result<Vec<AnswerBytes<'a>>, FileError> {
    let Some(raw) = keys.get(key) else {
        return Ok(Vec::new());
    };
    let text = raw.get();
    if text.trim_start().starts_with('[') {
        let texts: Vec<String> = serde_json::from_str(text)
            .map_err(|e| FileError::shape(format!("'{key}': not a list of answer texts ({e})")))?;
        Ok(texts.into_iter().map(AnswerBytes::Owned).collect())
    } else {
        Ok(vec![AnswerBytes::Borrowed(text.as_bytes())])
    }
}

/// An answer's bytes: in place in the file, or a legacy answer text.
enum AnswerBytes<'a> {
    Borrowed(&'a [u8]),
    Owned(String),
}

impl AnswerBytes<'_> {
    fn bytes(&self) -> &[u8] {
        match self {
            AnswerBytes::Borrowed(b) => b,
            AnswerBytes::Owned(s) => s.as_bytes(),
        }
    }
}

/// The answer when its status is 0; `None` for an error answer (ignored).
fn ok_answer<'b>(
    endpoint: &'static str,
    answer: &'b AnswerBytes<'_>,
) -> Result<Option<&'b [u8]>, FileError> {
    let bytes = answer.bytes();
    let status = adapter::service_status(endpoint, bytes)?;
    if status.status != 0 {
        tracing::debug!(
            endpoint,
            status = status.status,
            "Open Humans Withings file: an error answer is ignored"
        );
        return Ok(None);
    }
    Ok(Some(bytes))
}

impl From<ParseError> for FileError {
    fn from(e: ParseError) -> FileError {
        FileError::shape(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use healthdash_core::Metric;
    use healthdash_core::source::SourceId;

    use super::*;

    fn batch() -> Batch {
        Batch::new("openhumans".parse::<SourceId>().unwrap())
    }

    const MEASURE_ANSWER: &str = r#"{"status":0,"body":{"updatetime":1526860000,"timezone":"Europe/Paris","measuregrps":[
        {"grpid":11,"attrib":0,"date":1526800000,"created":1526800000,"modified":1526800000,"category":1,"deviceid":null,"measures":[{"value":80500,"type":1,"unit":-3,"algo":0,"fm":3}],"comment":null},
        {"grpid":12,"attrib":0,"date":1526850000,"created":1526850000,"modified":1526850000,"category":2,"deviceid":null,"measures":[{"value":75000,"type":1,"unit":-3}],"comment":null}]}}"#;

    fn weights(batch: &Batch) -> Vec<(i64, f64)> {
        batch
            .measurements
            .iter()
            .filter(|m| m.metric == Metric::Weight)
            .map(|m| (m.start, m.value))
            .collect()
    }

    #[test]
    fn current_layout_reads_each_answer_and_ignores_error_answers() {
        let file = format!(
            r#"{{"measure": {MEASURE_ANSWER},
                "intraday": {{"status": 2554, "error": "Wrong action or wrong webservice"}}}}"#
        );
        let mut out = batch();
        parse(file.as_bytes(), &mut out).unwrap();
        // The objective (category 2) is not a weigh-in.
        assert_eq!(weights(&out), vec![(1_526_800_000, 80.5)]);
    }

    #[test]
    fn legacy_layout_parses_each_answer_text_in_order() {
        let later = MEASURE_ANSWER.replace("80500", "80900");
        let texts = serde_json::to_string(&vec![MEASURE_ANSWER, later.as_str()]).unwrap();
        let file = format!(r#"{{"measure": {texts}}}"#);
        let mut out = batch();
        parse(file.as_bytes(), &mut out).unwrap();
        // Both fetches are read; the store keeps the later one.
        assert_eq!(
            weights(&out),
            vec![(1_526_800_000, 80.5), (1_526_800_000, 80.9)]
        );
    }

    #[test]
    fn a_truncated_file_is_unreadable() {
        let file = format!(r#"{{"measure": {MEASURE_ANSWER}"#);
        let cut = &file.as_bytes()[..file.len() - 40];
        let error = parse(cut, &mut batch()).unwrap_err();
        assert!(error.to_string().contains("JSON"), "{error}");
    }

    #[test]
    fn a_file_of_the_wrong_shape_is_unreadable() {
        assert!(parse(br#"[1, 2, 3]"#, &mut batch()).is_err());
        assert!(parse(br#"{"measure": "text"}"#, &mut batch()).is_err());
        assert!(parse(br#"{"measure": {"body": {}}}"#, &mut batch()).is_err());
        assert!(parse(br#"{"measure": [1]}"#, &mut batch()).is_err());
    }
}
