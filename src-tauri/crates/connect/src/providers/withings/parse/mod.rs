//! Withings responses → Healthdash records.
//!
//! Pure functions from the exact bytes a Withings endpoint returned (the whole
//! HTTP body) to Healthdash records. They run on freshly downloaded pages and
//! on stored raw payloads, so a parser fix can re-derive records without
//! downloading again. Nothing here does I/O.
//!
//! # The envelope
//!
//! Every Withings response is HTTP 200 with a JSON object
//! `{"status": <int>, "body": {...}, "error"?: "<text>"}`. `status` 0 means
//! success; anything else is a service error the caller maps (401 → refresh
//! the token, 601 → back off, …). See [`envelope`].
//!
//! # Leniency rules shared by all parsers
//!
//! - Structure errors (not JSON, truncated, no `status`, `body` not an object,
//!   a required field such as a record's date missing) fail the page with a
//!   one-line [`ParseError`] naming the endpoint (and the row, counted from 1).
//! - Value errors (a negative weight, a `-1` "not computed" duration, a type we
//!   do not map) skip that one value with a log line; the page still parses.
//! - `more` may be an integer (0/1) or a boolean; absent means `false`.
//!   `offset` may be absent (→ 0).
//! - Numbers may arrive as JSON numbers or as numeric strings.
//! - Time zones may arrive wrapped in an extra pair of quotes
//!   (`"\"Europe/Paris\""`) or with an escaped slash (`Europe\/Paris`); both
//!   are cleaned before parsing. A zone Healthdash cannot parse is an error
//!   naming the row, never a silent guess.

mod activity;
mod devices;
mod json;
mod meas;
mod sleep;
mod workouts;

use std::fmt;

use serde_json::Value;

pub use activity::{ActivityPage, getactivity, getintradayactivity};
pub use devices::{Device, DeviceNames, getdevice};
pub use meas::{GROUP_RECORD_PREFIX, MeasGroup, MeasPage, getmeas};
pub use sleep::{SleepSeries, SleepSummary, SummaryPage, night, sleep_get, sleep_getsummary};
pub use workouts::{WORKOUT_RECORD_PREFIX, WorkoutPage, category_name, getworkouts};

/// Error of a parser: one line naming what was wrong, e.g.
/// `Withings getmeas: truncated JSON at line 1 column 812` or
/// `Withings getactivity: row 3: unknown time zone 'Mars/Base'`.
#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    /// The bytes are not a complete JSON document.
    #[error("Withings {endpoint}: {problem} at line {line} column {column}")]
    Json {
        endpoint: &'static str,
        /// "truncated JSON", "malformed JSON (expected `,` or `}`)", …
        problem: String,
        line: usize,
        column: usize,
    },
    /// The service answered with a non-zero status (from a typed parser; use
    /// [`envelope`] to branch on the status instead).
    #[error("Withings {endpoint}: status {status}{}", error_suffix(.error.as_deref()))]
    Status {
        endpoint: &'static str,
        status: i64,
        error: Option<String>,
    },
    /// The response as a whole does not have the expected shape.
    #[error("Withings {endpoint}: {what}")]
    Shape {
        endpoint: &'static str,
        what: String,
    },
    /// One record of the response does not have the expected shape.
    #[error("Withings {endpoint}: row {row}: {what}")]
    Row {
        endpoint: &'static str,
        /// Position in the response's list, counted from 1.
        row: usize,
        what: String,
    },
}

fn error_suffix(error: Option<&str>) -> String {
    match error {
        Some(text) if !text.trim().is_empty() => format!(": {}", one_line(text)),
        _ => String::new(),
    }
}

/// Text from the service may carry newlines; an error stays on one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The `{status, body, error?}` envelope every Withings response has (HTTP 200
/// even on errors).
#[derive(Clone, Debug, PartialEq)]
pub enum Envelope {
    /// `status` 0: the `body` (JSON `null` when the response has none, as
    /// `notify` answers do).
    Ok(Value),
    /// Any other status, with the `error` text when the service sent one.
    /// Known codes: 401 invalid/expired token, 601 too many requests, 522
    /// timeout, 2554 unknown action.
    Status { status: i64, error: Option<String> },
}

/// Reads the envelope. `status` 0 → [`Envelope::Ok`] with the body; anything
/// else → [`Envelope::Status`]. Bytes that are not a JSON object with an
/// integer `status` → [`ParseError`] naming `endpoint` and, for broken JSON,
/// serde's line and column.
pub fn envelope(endpoint: &'static str, bytes: &[u8]) -> Result<Envelope, ParseError> {
    let document = parse_json(endpoint, bytes)?;
    let Value::Object(mut top) = document else {
        return Err(shape(endpoint, "response is not a JSON object"));
    };
    let status = top
        .get("status")
        .and_then(json::int)
        .ok_or_else(|| shape(endpoint, "response has no integer 'status'"))?;
    if status == 0 {
        return Ok(Envelope::Ok(top.remove("body").unwrap_or(Value::Null)));
    }
    let error = top
        .get("error")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .filter(|text| !text.trim().is_empty());
    Ok(Envelope::Status { status, error })
}

/// The body object of a successful response: what every typed parser starts
/// from. A non-zero status is a [`ParseError::Status`]. PHP encodes an empty
/// body as `[]`, which is read as an empty object.
fn body(endpoint: &'static str, bytes: &[u8]) -> Result<json::Object, ParseError> {
    match envelope(endpoint, bytes)? {
        Envelope::Ok(Value::Object(body)) => Ok(body),
        Envelope::Ok(Value::Array(items)) if items.is_empty() => Ok(json::Object::new()),
        Envelope::Ok(Value::Null) => Err(shape(endpoint, "response has no 'body'")),
        Envelope::Ok(_) => Err(shape(endpoint, "'body' is not an object")),
        Envelope::Status { status, error } => Err(ParseError::Status {
            endpoint,
            status,
            error,
        }),
    }
}

fn parse_json(endpoint: &'static str, bytes: &[u8]) -> Result<Value, ParseError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(shape(endpoint, "empty response"));
    }
    serde_json::from_slice(bytes).map_err(|e| json_error(endpoint, &e))
}

fn json_error(endpoint: &'static str, error: &serde_json::Error) -> ParseError {
    let problem = if error.is_eof() {
        "truncated JSON".to_owned()
    } else {
        // serde's message ends with " at line L column C", which we print ourselves.
        let message = error.to_string();
        let reason = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(reason, _)| reason);
        format!("malformed JSON ({reason})")
    };
    ParseError::Json {
        endpoint,
        problem,
        line: error.line(),
        column: error.column(),
    }
}

fn shape(endpoint: &'static str, what: impl Into<String>) -> ParseError {
    ParseError::Shape {
        endpoint,
        what: what.into(),
    }
}

/// Paging fields shared by the list endpoints: `more` (int or bool, absent →
/// false) and `offset` (absent → 0).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Paging {
    more: bool,
    offset: i64,
}

impl Paging {
    fn of(body: &json::Object) -> Self {
        Paging {
            more: body.get("more").is_some_and(json::flag),
            offset: body.get("offset").and_then(json::int).unwrap_or(0),
        }
    }
}

/// Where in a response a record sits, for error messages.
#[derive(Clone, Copy, Debug)]
struct RowAt {
    endpoint: &'static str,
    /// Counted from 1.
    row: usize,
}

impl RowAt {
    fn error(self, what: impl Into<String>) -> ParseError {
        ParseError::Row {
            endpoint: self.endpoint,
            row: self.row,
            what: what.into(),
        }
    }

    /// A required integer field (unix times, ids).
    fn int(self, row: &json::Object, key: &str) -> Result<i64, ParseError> {
        match row.get(key) {
            None | Some(Value::Null) => Err(self.error(format!("no '{key}'"))),
            Some(value) => json::int(value)
                .ok_or_else(|| self.error(format!("'{key}' is not an integer: {value}"))),
        }
    }

    /// A record's `id`, `startdate` and `enddate`; `None`, with a warning
    /// naming the `what`, for one that ends before it starts: nothing can be
    /// drawn from it, and the rest of the page is still good.
    fn span(self, row: &json::Object, what: &str) -> Result<Option<(i64, i64, i64)>, ParseError> {
        let id = self.int(row, "id")?;
        let (start, end) = (self.int(row, "startdate")?, self.int(row, "enddate")?);
        if end <= start {
            tracing::warn!(
                id,
                start,
                end,
                "Withings {}: skipping a {what} that ends before it starts",
                self.endpoint
            );
            return Ok(None);
        }
        Ok(Some((id, start, end)))
    }

    /// The record's `timezone`; `None` when absent, null or empty.
    fn zone(self, row: &json::Object) -> Result<Option<healthdash_core::time::Zone>, ParseError> {
        json::zone(row.get("timezone")).map_err(|bad| self.error(bad.to_string()))
    }
}

/// Iterates the objects of a list field of the body (absent or null → none;
/// PHP's `{}` for an empty list → none), each with its [`RowAt`].
fn rows<'a>(
    endpoint: &'static str,
    body: &'a json::Object,
    key: &str,
) -> Result<Vec<(RowAt, &'a json::Object)>, ParseError> {
    let items: &[Value] = match body.get(key) {
        None | Some(Value::Null) => &[],
        Some(Value::Array(items)) => items,
        Some(Value::Object(map)) if map.is_empty() => &[],
        Some(_) => return Err(shape(endpoint, format!("'{key}' is not a list"))),
    };
    items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let at = RowAt {
                endpoint,
                row: index + 1,
            };
            match item {
                Value::Object(row) => Ok((at, row)),
                _ => Err(at.error("not an object")),
            }
        })
        .collect()
}

/// A zone string Healthdash cannot read.
#[derive(Debug)]
struct UnknownZone(String);

impl fmt::Display for UnknownZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown time zone '{}'", self.0)
    }
}

/// Whether a value can be stored for a metric. Every Withings metric is
/// non-negative; body measures that cannot be zero (weight, height, heart
/// rate, blood pressure, temperatures, PWV) must be positive, and percentages
/// at most 100. Anything else is a device or transfer glitch: the caller skips
/// that one value with a warning.
fn plausible(metric: healthdash_core::metric::Metric, value: f64) -> bool {
    use healthdash_core::metric::Metric::*;
    if !value.is_finite() || value < 0.0 {
        return false;
    }
    match metric {
        BodyFatPercent | Spo2 => value <= 100.0,
        Weight
        | Height
        | HeartRate
        | BloodPressureSystolic
        | BloodPressureDiastolic
        | BodyTemperature
        | SkinTemperature
        | PulseWaveVelocity => value > 0.0,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bytes of a fixture under `tests/fixtures/withings/`.
    pub(super) fn fixture(name: &str) -> Vec<u8> {
        let path = format!(
            "{}/tests/fixtures/withings/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn status_zero_is_the_body() {
        let ok = envelope("getmeas", br#"{"status":0,"body":{"updatetime":1}}"#).unwrap();
        assert_eq!(ok, Envelope::Ok(serde_json::json!({"updatetime": 1})));
        let no_body = envelope("notify", br#"{"status":0}"#).unwrap();
        assert_eq!(no_body, Envelope::Ok(Value::Null));
    }

    #[test]
    fn expired_token_and_rate_limit_are_statuses() {
        let expired = envelope("getmeas", &fixture("status_401.json")).unwrap();
        assert_eq!(
            expired,
            Envelope::Status {
                status: 401,
                error: Some(
                    "XRequestID: Not provided invalid_token: The access token provided is invalid"
                        .into()
                ),
            }
        );
        let busy = envelope("getactivity", &fixture("status_601.json")).unwrap();
        assert_eq!(
            busy,
            Envelope::Status {
                status: 601,
                error: Some("Too Many Requests".into()),
            }
        );
    }

    #[test]
    fn a_typed_parser_reports_the_status_on_one_line() {
        let err = getmeas(&fixture("status_401.json"), &DeviceNames::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Withings getmeas: status 401: XRequestID: Not provided invalid_token: The access token provided is invalid"
        );
    }

    #[test]
    fn truncated_json_names_the_endpoint_and_position() {
        let full = fixture("getmeas.json");
        let cut = &full[..200];
        let err = getmeas(cut, &DeviceNames::default()).unwrap_err();
        let message = err.to_string();
        assert!(
            message.starts_with("Withings getmeas: truncated JSON at line "),
            "{message}"
        );
        assert!(!message.contains('\n'));
        let err = envelope("sleep get", b"{\"status\":0,\"body\":{\"series\":[}}").unwrap_err();
        assert_eq!(
            err.to_string(),
            "Withings sleep get: malformed JSON (expected value) at line 1 column 31"
        );
        let err = envelope("getworkouts", b"  ").unwrap_err();
        assert_eq!(err.to_string(), "Withings getworkouts: empty response");
    }

    #[test]
    fn responses_without_a_status_are_refused() {
        let err = envelope("getmeas", br#"{"body":{}}"#).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Withings getmeas: response has no integer 'status'"
        );
        let err = envelope("getmeas", b"[1,2]").unwrap_err();
        assert_eq!(
            err.to_string(),
            "Withings getmeas: response is not a JSON object"
        );
    }

    #[test]
    fn paging_accepts_int_or_bool_and_absent_offset() {
        let page = |json: Value| Paging::of(json.as_object().unwrap());
        use serde_json::json;
        assert_eq!(
            page(json!({"more": 1, "offset": 200})),
            Paging {
                more: true,
                offset: 200
            }
        );
        assert_eq!(
            page(json!({"more": true})),
            Paging {
                more: true,
                offset: 0
            }
        );
        assert_eq!(page(json!({"more": false, "offset": 0})), Paging::default());
        assert_eq!(page(json!({})), Paging::default());
    }
}
