//! Personicle's data API as its backend code serves it (PROVIDERS.md,
//! "Personicle"):
//!
//! - `GET {api_base}/api/data/read/datastreams?datatype&startTime&endTime`
//!   and `GET {api_base}/api/data/read/events?startTime&endTime`, Bearer
//!   token; no paging; both ends of the range are inclusive (SQL `BETWEEN`).
//! - Times go out as `YYYY-MM-DD HH:MM:SS.ffffff` (the server parses them
//!   with `%Y-%m-%d %H:%M:%S.%f`, so the fraction is required).
//! - Odd answers: a validation error is HTTP 200 with `["Invalid request",
//!   422]`; an invalid or expired token is 401 with a JSON *string*; a
//!   missing scope is 403 with a JSON string.

use chrono::DateTime;
use healthdash_core::sync::{Headers, Verdict};
use url::Url;

pub const DATASTREAMS: &str = "api/data/read/datastreams";
pub const EVENTS: &str = "api/data/read/events";

/// What the server says when the token is missing, invalid or expired.
const NO_TOKEN: &str = "Bearer token not present in request";

/// `{api_base_url}/{path}`, with or without a trailing slash on the base.
pub fn endpoint(base: &Url, path: &str) -> Url {
    let mut url = base.clone();
    let joined = format!("{}/{path}", url.path().trim_end_matches('/'));
    url.set_path(&joined);
    url
}

/// Unix seconds in the server's time format (UTC, microseconds).
pub fn format_time(unix: i64) -> String {
    DateTime::from_timestamp(unix, 0)
        .unwrap_or_default()
        .format("%Y-%m-%d %H:%M:%S%.6f")
        .to_string()
}

/// Reads one answer. A well-formed JSON array of records is the only
/// success; Personicle's error shapes become one clear line each.
pub fn judge(what: &str, status: u16, _: &Headers, body: Vec<u8>) -> Verdict {
    let value: serde_json::Value = match serde_json::from_slice(&body) {
        Ok(value) => value,
        // A cut-off body is almost always the network: ask again.
        Err(e) if status == 200 => return Verdict::Retry(format!("unreadable answer: {e}")),
        Err(_) => {
            return Verdict::Fail(format!("Personicle answered HTTP {status} to {what}"));
        }
    };
    match (status, value) {
        (_, serde_json::Value::String(message)) if message == NO_TOKEN => Verdict::Unauthorized,
        (200, serde_json::Value::Array(items)) => match error_tuple(&items) {
            Some((message, code)) => Verdict::Fail(format!(
                "Personicle refused the {what} request: {message} ({code})"
            )),
            None => Verdict::Ok(body),
        },
        (403, serde_json::Value::String(message)) => Verdict::Fail(format!(
            "Personicle refused {what}: {message}; sign in again and allow every requested scope"
        )),
        (_, serde_json::Value::String(message)) => {
            Verdict::Fail(format!("Personicle: {what}: {message} (HTTP {status})"))
        }
        (status, _) => Verdict::Fail(format!(
            "Personicle answered HTTP {status} to {what} with something that is not a list of records"
        )),
    }
}

/// `["Invalid request", 422]`: FastAPI's rendering of a handler that
/// returned a `(message, status)` tuple.
fn error_tuple(items: &[serde_json::Value]) -> Option<(&str, i64)> {
    match items {
        [
            serde_json::Value::String(message),
            serde_json::Value::Number(code),
        ] => Some((message, code.as_i64()?)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(status: u16, body: &str) -> Verdict {
        judge(
            "heart rate",
            status,
            &Headers::default(),
            body.as_bytes().to_vec(),
        )
    }

    #[test]
    fn the_server_time_format_has_microseconds_and_a_space() {
        // 2026-11-20T14:05:00Z
        assert_eq!(format_time(1_795_183_500), "2026-11-20 14:05:00.000000");
    }

    #[test]
    fn endpoints_join_under_the_origin() {
        let base = Url::parse("https://20.232.224.55").unwrap();
        assert_eq!(
            endpoint(&base, EVENTS).as_str(),
            "https://20.232.224.55/api/data/read/events"
        );
        let sandbox = Url::parse("http://127.0.0.1:9/personicle/").unwrap();
        assert_eq!(
            endpoint(&sandbox, DATASTREAMS).as_str(),
            "http://127.0.0.1:9/personicle/api/data/read/datastreams"
        );
    }

    #[test]
    fn personicles_error_shapes_are_errors_with_a_clear_line() {
        assert!(matches!(judged(200, "[]"), Verdict::Ok(_)));
        assert!(matches!(
            judged(200, r#"[{"timestamp":"2026-11-20T14:05:00"}]"#),
            Verdict::Ok(_)
        ));
        match judged(200, r#"["Invalid request", 422]"#) {
            Verdict::Fail(line) => assert_eq!(
                line,
                "Personicle refused the heart rate request: Invalid request (422)"
            ),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            judged(401, r#""Bearer token not present in request""#),
            Verdict::Unauthorized
        ));
        assert!(matches!(
            judged(200, r#""Bearer token not present in request""#),
            Verdict::Unauthorized
        ));
        match judged(403, r#""You do not have access to requested scopes""#) {
            Verdict::Fail(line) => assert!(
                line.contains("You do not have access to requested scopes"),
                "{line}"
            ),
            other => panic!("{other:?}"),
        }
        assert!(matches!(judged(200, r#"[{"timest"#), Verdict::Retry(_)));
    }
}
