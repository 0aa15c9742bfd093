//! `GET /api/direct-sharing/project/exchange-member/`: the member's files.
//!
//! DRF `LimitOffsetPagination` (default `limit` 100): `next` is an absolute
//! URL that keeps the request's other query parameters — an `access_token`
//! parameter included, which a refresh has revoked since. So the token
//! always goes in the header and any `access_token` in `next` is dropped;
//! a `next` on another origin is refused (it would get our token).

use serde::{Deserialize, Serialize};
use url::Url;

/// The path of the listing, under the API base.
pub const PATH: &str = "api/direct-sharing/project/exchange-member/";

/// One page of the listing (only what is read; the service sends more).
#[derive(Debug, Deserialize)]
pub struct Page {
    /// Total number of files.
    #[serde(default)]
    pub count: Option<u64>,
    pub next: Option<String>,
    #[serde(default)]
    pub data: Vec<WireFile>,
}

#[derive(Debug, Deserialize)]
pub struct WireFile {
    pub id: i64,
    pub basename: String,
    pub download_url: String,
    #[serde(default)]
    pub metadata: Option<Metadata>,
    #[serde(default)]
    pub source: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Metadata {
    #[serde(default)]
    pub tags: Vec<serde_json::Value>,
}

/// A listed file as the stream keeps it between pages of one run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListedFile {
    pub id: i64,
    pub basename: String,
    /// Pre-signed: valid about an hour after the listing, sent without our
    /// token.
    pub download_url: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub source: Option<String>,
}

impl From<WireFile> for ListedFile {
    fn from(file: WireFile) -> ListedFile {
        let tags = file
            .metadata
            .map(|m| {
                m.tags
                    .into_iter()
                    .filter_map(|t| t.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        ListedFile {
            id: file.id,
            basename: file.basename,
            download_url: file.download_url,
            tags,
            source: file.source,
        }
    }
}

/// Why a listing page cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ListingError {
    #[error("the file list is not the expected JSON: {0}")]
    Shape(#[from] serde_json::Error),
    #[error("'next' is not a URL: {0}")]
    BadNext(String),
    #[error("'next' leads to another host ({0}); not following it with our token")]
    ForeignNext(String),
}

/// Reads one page.
pub fn parse(body: &[u8]) -> Result<Page, ListingError> {
    Ok(serde_json::from_slice(body)?)
}

/// The first page's URL.
pub fn first_url(base: &Url) -> Url {
    crate::providers::withings::api::endpoint(base, PATH)
}

/// `next` as we request it: same origin as `base`, without `access_token`.
pub fn next_url(base: &Url, next: &str) -> Result<Url, ListingError> {
    let mut url = base
        .join(next)
        .map_err(|_| ListingError::BadNext(next.to_owned()))?;
    if url.origin() != base.origin() {
        return Err(ListingError::ForeignNext(
            url.host_str().unwrap_or_default().to_owned(),
        ));
    }
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(name, _)| name != "access_token")
        .map(|(n, v)| (n.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("https://www.openhumans.org").unwrap()
    }

    #[test]
    fn next_drops_the_stale_token_and_keeps_the_offset() {
        let next = "https://www.openhumans.org/api/direct-sharing/project/exchange-member/?access_token=OLD&limit=100&offset=100";
        assert_eq!(
            next_url(&base(), next).unwrap().as_str(),
            "https://www.openhumans.org/api/direct-sharing/project/exchange-member/?limit=100&offset=100"
        );
    }

    #[test]
    fn next_on_another_host_is_refused() {
        let next = "https://evil.example/api/?offset=100";
        assert!(matches!(
            next_url(&base(), next),
            Err(ListingError::ForeignNext(host)) if host == "evil.example"
        ));
    }

    #[test]
    fn a_page_lists_files_with_their_tags() {
        let body = br#"{"count": 2, "next": null, "previous": null, "project_member_id": "12345678",
            "data": [{"id": 7, "basename": "fitbit-data.json", "created": "2018-01-01T00:00:00Z",
              "datatypes": [], "download_url": "https://x/data-management/datafile-download/7/?key=k",
              "metadata": {"tags": ["Fitbit", "activity"], "description": "d"}, "source": "direct-sharing-102",
              "source_project": {"id": 102}}]}"#;
        let page = parse(body).unwrap();
        assert_eq!(page.count, Some(2));
        let file = ListedFile::from(page.data.into_iter().next().unwrap());
        assert_eq!(file.basename, "fitbit-data.json");
        assert_eq!(file.tags, vec!["Fitbit", "activity"]);
    }
}
