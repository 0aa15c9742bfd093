//! Human API's v1 data API as Healthdash calls it:
//!
//! - `GET {api_base_url}/v1/human/<type>/readings`, `/v1/human/sleeps`,
//!   `/v1/human/activities/summaries`, the token as a Bearer header (never
//!   the `access_token` parameter, which would end up in `Link` URLs);
//! - query options `limit` (at most 500) and `offset`, `updated_since`
//!   (`YYYYMMDDTHHmmssZ`, strictly after), `start_date`/`end_date`
//!   (local dates, together);
//! - a page is a JSON array; the answer's `Link` header (RFC 5988: `next`,
//!   `prev`, `first`, `last`) and `X-Total-Count` say where the rest is;
//! - an expired or invalid token gets HTTP 401 with a JSON body (the HTTP
//!   port refreshes once and asks again).

use chrono::{DateTime, Utc};
use url::Url;

use crate::http::Verdict;

/// The most records the service hands out per page.
pub const PAGE_LIMIT: u32 = 500;

/// `{api_base_url}/{path}`, tolerating a base with or without a trailing slash.
pub fn endpoint(base: &Url, path: &str) -> Url {
    let mut url = base.clone();
    let joined = format!("{}/{path}", url.path().trim_end_matches('/'));
    url.set_path(&joined);
    url
}

/// Reads an answer: HTTP says it all (401, 429 and 5xx are decided
/// before this by the HTTP port).
pub fn judge(status: u16, body: Vec<u8>) -> Verdict {
    match status {
        // A cut-off body is almost always the network: ask again. Any
        // other unreadable page is the adapter's to report.
        200..=299 => match serde_json::from_slice::<serde::de::IgnoredAny>(&body) {
            Err(e) if e.is_eof() => Verdict::Retry(format!("cut-off answer ({e})")),
            _ => Verdict::Ok(body),
        },
        _ => {
            let text = String::from_utf8_lossy(&body);
            let text: String = text.chars().take(200).collect();
            Verdict::Fail(format!("HTTP {status}: {}", text.replace('\n', " ")))
        }
    }
}

/// `updated_since` as the service documents it: UTC, `YYYYMMDDTHHmmssZ`.
pub fn updated_since(instant: DateTime<Utc>) -> String {
    instant.format("%Y%m%dT%H%M%SZ").to_string()
}

/// The `rel="next"` URL of a `Link` header. Takes RFC 5988's
/// `<url>; rel="next"` and the document's example, which leaves the angle
/// brackets out.
pub fn next_link(header: &str) -> Option<String> {
    split_links(header).into_iter().find_map(|link| {
        let mut parts = link.split(';').map(str::trim);
        let target = parts.next()?.trim_start_matches('<').trim_end_matches('>');
        let is_next = parts.any(|p| {
            p.strip_prefix("rel=")
                .map(|rel| rel.trim_matches('"'))
                .is_some_and(|rel| {
                    rel.split_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("next"))
                })
        });
        (is_next && !target.is_empty()).then(|| target.to_owned())
    })
}

/// Links are separated by commas, but a URL may hold commas too: a new
/// link starts only where the next piece looks like a URL.
fn split_links(header: &str) -> Vec<String> {
    let mut links: Vec<String> = Vec::new();
    for piece in header.split(',') {
        let trimmed = piece.trim_start();
        let starts_link = trimmed.starts_with('<')
            || trimmed.starts_with("http://")
            || trimmed.starts_with("https://");
        match links.last_mut() {
            Some(last) if !starts_link => {
                last.push(',');
                last.push_str(piece);
            }
            _ => links.push(trimmed.to_owned()),
        }
    }
    links
}

/// A `next` URL is followed only on the API's own host: the Bearer token
/// goes with it.
pub fn same_origin(base: &Url, next: &Url) -> bool {
    base.scheme() == next.scheme()
        && base.host_str() == next.host_str()
        && base.port_or_known_default() == next.port_or_known_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_from_rfc5988_and_from_the_documents_example() {
        let rfc = r#"<https://api.humanapi.co/v1/human/weight/readings?limit=50&offset=50>; rel="next", <https://api.humanapi.co/v1/human/weight/readings?limit=50&offset=8450>; rel="last""#;
        assert_eq!(
            next_link(rfc).as_deref(),
            Some("https://api.humanapi.co/v1/human/weight/readings?limit=50&offset=50")
        );
        // The document's own example: no angle brackets, line breaks, no next.
        let document = "https://api.humanapi.co/v1/human/activities?&limit=50&start_date=2013-01-01&offset=50; \nrel=\"prev\",\n   https://api.humanapi.co/v1/human/activities?limit=50&start_date=2013-01-01&offset=8450; \nrel=\"last\",\n   https://api.humanapi.co/v1/human/activities?limit=50&start_date=2013-01-01&offset=0; \nrel=\"first\"";
        assert_eq!(next_link(document), None);
        let with_next = document.replace("rel=\"last\"", "rel=\"next\"");
        assert_eq!(
            next_link(&with_next).as_deref(),
            Some(
                "https://api.humanapi.co/v1/human/activities?limit=50&start_date=2013-01-01&offset=8450"
            )
        );
    }

    #[test]
    fn a_url_with_commas_stays_whole() {
        let header = r#"<https://x.test/a?source=a,b&offset=5>; rel="next""#;
        assert_eq!(
            next_link(header).as_deref(),
            Some("https://x.test/a?source=a,b&offset=5")
        );
    }

    #[test]
    fn a_cut_off_page_is_asked_again_and_a_refusal_is_named() {
        assert!(matches!(
            judge(200, b"[{\"id\":1}]".to_vec()),
            Verdict::Ok(_)
        ));
        assert!(matches!(
            judge(200, b"[{\"id\":1".to_vec()),
            Verdict::Retry(_)
        ));
        // Readable JSON of the wrong shape is the adapter's business.
        assert!(matches!(judge(200, b"{}".to_vec()), Verdict::Ok(_)));
        match judge(403, br#"{"error":"Forbidden"}"#.to_vec()) {
            Verdict::Fail(reason) => assert_eq!(reason, r#"HTTP 403: {"error":"Forbidden"}"#),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn updated_since_is_compact_utc() {
        let t = DateTime::parse_from_rfc3339("2025-03-01T07:12:09.345Z").unwrap();
        assert_eq!(updated_since(t.with_timezone(&Utc)), "20250301T071209Z");
    }

    #[test]
    fn next_links_elsewhere_are_not_followed() {
        let base = Url::parse("https://api.humanapi.co").unwrap();
        assert!(same_origin(
            &base,
            &Url::parse("https://api.humanapi.co/v1/x?offset=5").unwrap()
        ));
        assert!(!same_origin(
            &base,
            &Url::parse("https://evil.test/v1/x").unwrap()
        ));
        assert!(!same_origin(
            &base,
            &Url::parse("http://api.humanapi.co/v1/x").unwrap()
        ));
    }

    #[test]
    fn sandbox_paths() {
        let base = Url::parse("http://127.0.0.1:9/").unwrap();
        assert_eq!(
            endpoint(&base, "v1/human/sleeps").as_str(),
            "http://127.0.0.1:9/v1/human/sleeps"
        );
    }
}
