//! The one error every adapter returns.

/// Error of an adapter: one line naming what was wrong, e.g.
/// `Withings getmeas: truncated JSON at line 1 column 812` or
/// `Withings getactivity: row 3: unknown time zone 'Mars/Base'`.
#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    /// The bytes are not a complete JSON document, or a field has the wrong kind.
    #[error("Withings {endpoint}: {problem} at line {line} column {column}")]
    Json {
        endpoint: &'static str,
        /// "truncated JSON", "malformed JSON (expected `,` or `}`)",
        /// "unexpected value (invalid type: …)".
        problem: String,
        line: usize,
        column: usize,
    },
    /// The service answered with a non-zero status (from a typed adapter; use
    /// [`service_status`](super::service_status) to branch on the status instead).
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

impl ParseError {
    pub(super) fn shape(endpoint: &'static str, what: impl Into<String>) -> Self {
        ParseError::Shape {
            endpoint,
            what: what.into(),
        }
    }

    /// serde's error as one line naming the endpoint and where it stopped.
    pub(super) fn from_serde(endpoint: &'static str, error: &serde_json::Error) -> Self {
        use serde_json::error::Category;
        // serde's message ends with " at line L column C", which we print ourselves.
        let message = error.to_string();
        let reason = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(reason, _)| reason);
        let problem = match error.classify() {
            Category::Eof => "truncated JSON".to_owned(),
            Category::Data => format!("unexpected value ({})", one_line(reason)),
            Category::Syntax | Category::Io => format!("malformed JSON ({})", one_line(reason)),
        };
        ParseError::Json {
            endpoint,
            problem,
            line: error.line(),
            column: error.column(),
        }
    }
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
