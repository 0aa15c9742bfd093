//! Opening an answer: the envelope's status decides, then its typed body.

use serde::de::{DeserializeOwned, IgnoredAny};

use super::ParseError;
use crate::providers::withings::wire::envelope::{Envelope, StatusOnly};

/// A Withings answer's status and its `error` text, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceStatus {
    /// 0 success, 401 invalid or expired token, 601 too many requests, 522
    /// timeout, 2554 unknown action, …
    pub status: i64,
    pub error: Option<String>,
}

/// Reads only `status` and `error`, skipping the body without building it.
/// Bytes that are not a JSON object with an integer `status` are a
/// [`ParseError`] naming `endpoint` and, for broken JSON, serde's line and
/// column.
pub fn service_status(endpoint: &'static str, bytes: &[u8]) -> Result<ServiceStatus, ParseError> {
    let peek: StatusOnly = deserialize(endpoint, bytes)?;
    let status = peek
        .status
        .ok_or_else(|| ParseError::shape(endpoint, "response has no integer 'status'"))?;
    Ok(ServiceStatus {
        status,
        error: peek.error,
    })
}

/// The typed body of a successful answer, deserialized once. A non-zero
/// status is a [`ParseError::Status`].
pub(super) fn open<B: DeserializeOwned + Default>(
    endpoint: &'static str,
    bytes: &[u8],
) -> Result<B, ParseError> {
    let envelope: Envelope<B> = deserialize(endpoint, bytes)?;
    match envelope.status {
        None => Err(ParseError::shape(
            endpoint,
            "response has no integer 'status'",
        )),
        Some(0) => envelope
            .body
            .ok_or_else(|| ParseError::shape(endpoint, "response has no 'body'")),
        Some(status) => Err(ParseError::Status {
            endpoint,
            status,
            error: envelope.error,
        }),
    }
}

fn deserialize<T: DeserializeOwned>(endpoint: &'static str, bytes: &[u8]) -> Result<T, ParseError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ParseError::shape(endpoint, "empty response"));
    }
    let is_object = bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    if !is_object {
        // serde reads a struct from a JSON list too; refuse anything but an
        // object, after letting broken JSON report where it breaks.
        serde_json::from_slice::<IgnoredAny>(bytes)
            .map_err(|e| ParseError::from_serde(endpoint, &e))?;
        return Err(ParseError::shape(endpoint, "response is not a JSON object"));
    }
    serde_json::from_slice(bytes).map_err(|e| ParseError::from_serde(endpoint, &e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::withings::adapter::tests::fixture;
    use crate::providers::withings::adapter::{DeviceNames, getmeas};
    use crate::providers::withings::wire::meas::MeasBody;
    use crate::providers::withings::wire::workouts::WorkoutsBody;

    #[test]
    fn status_zero_is_the_body() {
        let ok: MeasBody = open("getmeas", br#"{"status":0,"body":{"updatetime":1}}"#).unwrap();
        assert_eq!(ok.updatetime, Some(1));
        let err = open::<MeasBody>("notify", br#"{"status":0}"#).unwrap_err();
        assert_eq!(err.to_string(), "Withings notify: response has no 'body'");
        let php_empty: MeasBody = open("getmeas", br#"{"status":0,"body":[]}"#).unwrap();
        assert!(php_empty.measuregrps.is_empty());
        assert_eq!(
            service_status("notify", br#"{"status":0}"#).unwrap(),
            ServiceStatus {
                status: 0,
                error: None
            }
        );
    }

    #[test]
    fn expired_token_and_rate_limit_are_statuses() {
        let expired = service_status("getmeas", &fixture("status_401.json")).unwrap();
        assert_eq!(
            expired,
            ServiceStatus {
                status: 401,
                error: Some(
                    "XRequestID: Not provided invalid_token: The access token provided is invalid"
                        .into()
                ),
            }
        );
        let busy = service_status("getactivity", &fixture("status_601.json")).unwrap();
        assert_eq!(
            busy,
            ServiceStatus {
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
        let err =
            service_status("sleep get", b"{\"status\":0,\"body\":{\"series\":[}}").unwrap_err();
        assert_eq!(
            err.to_string(),
            "Withings sleep get: malformed JSON (expected value) at line 1 column 31"
        );
        let err = service_status("getworkouts", b"  ").unwrap_err();
        assert_eq!(err.to_string(), "Withings getworkouts: empty response");
    }

    #[test]
    fn responses_without_a_status_are_refused() {
        let err = service_status("getmeas", br#"{"body":{}}"#).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Withings getmeas: response has no integer 'status'"
        );
        let err = service_status("getmeas", b"[1,2]").unwrap_err();
        assert_eq!(
            err.to_string(),
            "Withings getmeas: response is not a JSON object"
        );
    }

    #[test]
    fn a_field_of_the_wrong_kind_names_its_position() {
        let err =
            open::<MeasBody>("getmeas", br#"{"status":0,"body":{"measuregrps":"x"}}"#).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Withings getmeas: unexpected value (invalid type: string \"x\", expected a list) at line 1 column 37"
        );
    }

    #[test]
    fn paging_accepts_int_or_bool_and_absent_offset() {
        let page = |body: &str| {
            let bytes = format!(r#"{{"status":0,"body":{body}}}"#);
            let body: WorkoutsBody = open("getworkouts", bytes.as_bytes()).unwrap();
            (body.more, body.offset.unwrap_or(0))
        };
        assert_eq!(page(r#"{"more": 1, "offset": 200}"#), (true, 200));
        assert_eq!(page(r#"{"more": true}"#), (true, 0));
        assert_eq!(page(r#"{"more": false, "offset": 0}"#), (false, 0));
        assert_eq!(page("{}"), (false, 0));
    }
}
