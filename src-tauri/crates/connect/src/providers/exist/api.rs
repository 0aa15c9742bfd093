//! Exist's API as it is today (v2; v1 was retired in 2022):
//!
//! - Base `https://exist.io/api/2/`, Bearer token in the header.
//! - `GET accounts/profile/`: the user's `timezone`, the zone of every date.
//! - `GET attributes/with-values/?attributes=…&days=31&date_max=…&page=N`:
//!   a Django REST Framework page `{count, next, previous, results}` of
//!   attributes, each with `values` newest first, one per local day, `null`
//!   for a day without data. `next` is an absolute URL, `null` on the last page.
//! - Errors are plain HTTP statuses with `{"detail": …}`: 401 a bad or
//!   expired token, 429 over 300 requests an hour (with `Retry-After`).

use healthdash_core::sync::{Headers, Verdict};
use url::Url;

pub const PROFILE: &str = "accounts/profile/";
pub const WITH_VALUES: &str = "attributes/with-values/";

/// At most this many days of values per attribute in one answer.
pub const MAX_DAYS: u64 = 31;

/// `{api_base_url}/{path}`, tolerating a base with or without a trailing slash.
pub fn endpoint(base: &Url, path: &str) -> Url {
    let mut url = base.clone();
    let joined = format!("{}/{path}", url.path().trim_end_matches('/'));
    url.set_path(&joined);
    url
}

/// Whether a `next` link may receive the account's token: only on the API's
/// own scheme, host and port (a page must not send it anywhere else).
pub fn same_origin(base: &Url, next: &Url) -> bool {
    base.scheme() == next.scheme()
        && base.host_str() == next.host_str()
        && base.port_or_known_default() == next.port_or_known_default()
}

/// Reads an Exist answer. The HTTP layer has already turned 401, 429 and
/// 5xx into their verdicts; what is left is success, a body cut off on the
/// way (asked again), or a refusal that retrying will not change (Exist's
/// `{"detail": …}` says why).
pub fn judge(what: &str, status: u16, _: &Headers, body: Vec<u8>) -> Verdict {
    if (200..300).contains(&status) {
        // Only skimmed: a complete but malformed answer is the adapter's to
        // report (it fails the page), a cut-off one is the network's.
        return match serde_json::from_slice::<serde::de::IgnoredAny>(&body) {
            Err(e) if e.is_eof() => Verdict::Retry(format!("Exist {what}: answer cut off")),
            _ => Verdict::Ok(body),
        };
    }
    let detail = serde_json::from_slice::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| v.get("detail").and_then(|d| d.as_str()).map(str::to_owned))
        .unwrap_or_else(|| String::from_utf8_lossy(&body).chars().take(200).collect());
    Verdict::Fail(format!("Exist {what}: HTTP {status}: {detail}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_join_the_api_base() {
        let base = Url::parse("https://exist.io/api/2/").unwrap();
        assert_eq!(
            endpoint(&base, WITH_VALUES).as_str(),
            "https://exist.io/api/2/attributes/with-values/"
        );
        let sandbox = Url::parse("http://127.0.0.1:9/exist/api/2").unwrap();
        assert_eq!(
            endpoint(&sandbox, PROFILE).as_str(),
            "http://127.0.0.1:9/exist/api/2/accounts/profile/"
        );
    }

    #[test]
    fn next_links_stay_on_the_api_host() {
        let base = Url::parse("https://exist.io/api/2/").unwrap();
        let next = Url::parse("https://exist.io/api/2/attributes/with-values/?page=2").unwrap();
        assert!(same_origin(&base, &next));
        let elsewhere = Url::parse("https://evil.example/api/2/?page=2").unwrap();
        assert!(!same_origin(&base, &elsewhere));
        let plain = Url::parse("http://exist.io/api/2/?page=2").unwrap();
        assert!(!same_origin(&base, &plain));
    }

    #[test]
    fn a_refusal_names_the_detail() {
        assert!(matches!(
            judge("profile", 200, &Headers::default(), b"{}".to_vec()),
            Verdict::Ok(_)
        ));
        assert!(matches!(
            judge(
                "profile",
                200,
                &Headers::default(),
                br#"{"timezone":"Eur"#.to_vec()
            ),
            Verdict::Retry(_)
        ));
        match judge(
            "with-values",
            403,
            &Headers::default(),
            br#"{"detail":"You do not have permission to perform this action."}"#.to_vec(),
        ) {
            Verdict::Fail(reason) => assert_eq!(
                reason,
                "Exist with-values: HTTP 403: You do not have permission to perform this action."
            ),
            other => panic!("{other:?}"),
        }
    }
}
