//! Withings' API as it is today (the "Nokia Health" document is older):
//!
//! - Host `https://wbsapi.withings.net`; `getmeas` is at `/measure` (not
//!   under `/v2`), activity, intraday and workouts at `/v2/measure`, sleep at
//!   `/v2/sleep`, devices at `/v2/user`. Bearer token in the header.
//! - Every answer is HTTP 200 with `{"status": N, "body": …}`: 0 is success,
//!   401 an invalid or expired token, 601 too many requests (120 per minute
//!   per application), 522/524/2555 transient server trouble.
//! - `getintradayactivity` and sleep `get` return at most 24 hours per call.

use url::Url;

use super::adapter::{self, ServiceStatus};
use crate::http::Verdict;

pub const MEASURE: &str = "measure";
pub const MEASURE_V2: &str = "v2/measure";
pub const SLEEP_V2: &str = "v2/sleep";
pub const USER_V2: &str = "v2/user";

const INVALID_TOKEN: i64 = 401;
const TOO_MANY_REQUESTS: i64 = 601;
/// Timeout, bad state and "unknown error": the service's own hiccups.
const TRANSIENT: &[i64] = &[522, 524, 2555];

/// `{api_base_url}/{path}`, tolerating a base with or without a trailing slash.
pub fn endpoint(base: &Url, path: &str) -> Url {
    let mut url = base.clone();
    let joined = format!("{}/{path}", url.path().trim_end_matches('/'));
    url.set_path(&joined);
    url
}

/// Reads a Withings answer: the envelope's status decides, not HTTP's.
///
/// Only `status` and `error` are read (the body is skipped, not built): the
/// retry / 401 / 601 decisions happen here, inside the HTTP retry loop,
/// before the sync engine sees the bytes, and the adapter then deserializes
/// the accepted bytes once into their typed envelope.
pub fn judge(action: &'static str, body: Vec<u8>) -> Verdict {
    match adapter::service_status(action, &body) {
        Ok(ServiceStatus { status: 0, .. }) => Verdict::Ok(body),
        Ok(ServiceStatus { status, error }) => {
            let error = error.unwrap_or_default();
            match status {
                INVALID_TOKEN => Verdict::Unauthorized,
                TOO_MANY_REQUESTS => Verdict::RateLimited(None),
                s if TRANSIENT.contains(&s) => {
                    Verdict::Retry(format!("Withings status {s}: {error}"))
                }
                s => Verdict::Fail(format!("Withings status {s}: {error}")),
            }
        }
        // A cut-off body is almost always the network; ask again.
        Err(e) => Verdict::Retry(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn getmeas_is_not_under_v2() {
        let base = Url::parse("https://wbsapi.withings.net").unwrap();
        assert_eq!(
            endpoint(&base, MEASURE).as_str(),
            "https://wbsapi.withings.net/measure"
        );
        let sandbox = Url::parse("http://127.0.0.1:9/withings/").unwrap();
        assert_eq!(
            endpoint(&sandbox, SLEEP_V2).as_str(),
            "http://127.0.0.1:9/withings/v2/sleep"
        );
    }

    #[test]
    fn statuses_inside_http_200() {
        assert!(matches!(
            judge("getmeas", br#"{"status":0,"body":{}}"#.to_vec()),
            Verdict::Ok(_)
        ));
        assert!(matches!(
            judge(
                "getmeas",
                br#"{"status":401,"body":{},"error":"invalid_token"}"#.to_vec()
            ),
            Verdict::Unauthorized
        ));
        assert!(matches!(
            judge("getmeas", br#"{"status":601,"body":{}}"#.to_vec()),
            Verdict::RateLimited(None)
        ));
        assert!(matches!(
            judge("getmeas", br#"{"status":0,"bo"#.to_vec()),
            Verdict::Retry(_)
        ));
        // The body is skipped, not read: its shape is the adapter's business.
        assert!(matches!(
            judge("getmeas", br#"{"body":"anything","status":0}"#.to_vec()),
            Verdict::Ok(_)
        ));
        // ... but a cut-off body is still seen.
        assert!(matches!(
            judge(
                "getmeas",
                br#"{"status":0,"body":{"measuregrps":[{"#.to_vec()
            ),
            Verdict::Retry(_)
        ));
        match judge(
            "getmeas",
            br#"{"status":2554,"body":{},"error":"Wrong action"}"#.to_vec(),
        ) {
            Verdict::Fail(reason) => assert_eq!(reason, "Withings status 2554: Wrong action"),
            other => panic!("{other:?}"),
        }
    }
}
