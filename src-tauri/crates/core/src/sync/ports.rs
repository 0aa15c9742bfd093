//! The engine's port to the outside world. The HTTP client implements
//! [`Fetch`] (retries, token refresh, rate limits, cancellation); a file
//! importer implements it by reading files ([`FileFetch`]); tests implement
//! it with canned answers.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use super::FetchError;
use super::stream::BoxFuture;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// `params` go in the query string.
    Get,
    /// `params` go in an `application/x-www-form-urlencoded` body.
    Post,
}

/// Response headers, names in lower case.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Headers(pub Vec<(String, String)>);

impl Headers {
    /// The first value of header `name` (any case).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What a provider's answer means, decided by the provider (Withings hides
/// its statuses inside HTTP 200 bodies). The HTTP port already turns 429,
/// 5xx, 401 and cut-off bodies into the matching verdict before asking.
#[derive(Debug)]
pub enum Verdict {
    Ok(Vec<u8>),
    /// The access token was refused: refresh and try again once.
    Unauthorized,
    /// Slow down; wait this long if the provider said.
    RateLimited(Option<Duration>),
    /// Worth another try (a transient provider status).
    Retry(String),
    /// Will not get better by retrying.
    Fail(String),
}

/// Reads an answer: HTTP status, headers, body.
pub type Judge = dyn Fn(u16, &Headers, Vec<u8>) -> Verdict + Send + Sync;

/// One request, as a stream asks for it.
pub struct FetchRequest<'a> {
    /// Names the request in errors and logs ("getmeas").
    pub what: &'a str,
    pub method: Method,
    /// An absolute URL (HTTP), or a path ([`FileFetch`]).
    pub url: &'a str,
    pub params: &'a [(&'a str, String)],
    /// Send the account's access token. Off for pre-signed download links,
    /// which must never see it.
    pub authorized: bool,
    pub judge: &'a Judge,
}

impl std::fmt::Debug for FetchRequest<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FetchRequest")
            .field("what", &self.what)
            .field("method", &self.method)
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

/// An answer the judge accepted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fetched {
    pub headers: Headers,
    pub body: Vec<u8>,
}

/// Where streams get their data from.
pub trait Fetch: Send + Sync {
    fn fetch<'a>(&'a self, request: FetchRequest<'a>)
    -> BoxFuture<'a, Result<Fetched, FetchError>>;

    /// Writes the body of an accepted answer to `to` as it arrives (so a
    /// large file is never whole in memory) and returns its size in bytes;
    /// the judge sees the status and headers with an empty body. The HTTP
    /// port streams and reports [`SyncEvent::Downloading`](super::SyncEvent);
    /// this default, for ports with nothing to stream (files, canned
    /// answers), fetches and writes.
    fn download<'a>(
        &'a self,
        request: FetchRequest<'a>,
        to: &'a mut std::fs::File,
    ) -> BoxFuture<'a, Result<u64, FetchError>> {
        Box::pin(async move {
            let fetched = self.fetch(request).await?;
            to.write_all(&fetched.body)
                .map_err(|e| FetchError::Failed(format!("cannot write the download: {e}")))?;
            Ok(fetched.body.len() as u64)
        })
    }

    /// Checked by the engine between pages.
    fn is_cancelled(&self) -> bool {
        false
    }
}

/// The port of a file importer: a request's `url` is a path under `root`
/// (absolute paths are taken as they are); the judge reads the file's
/// bytes as a 200 answer.
#[derive(Clone, Debug, Default)]
pub struct FileFetch {
    pub root: PathBuf,
    pub cancelled: Arc<AtomicBool>,
}

impl FileFetch {
    pub fn new(root: impl Into<PathBuf>) -> FileFetch {
        FileFetch {
            root: root.into(),
            cancelled: Arc::default(),
        }
    }
}

impl Fetch for FileFetch {
    fn fetch<'a>(
        &'a self,
        request: FetchRequest<'a>,
    ) -> BoxFuture<'a, Result<Fetched, FetchError>> {
        Box::pin(async move {
            if self.is_cancelled() {
                return Err(FetchError::Cancelled);
            }
            let path = self.root.join(request.url);
            let body = std::fs::read(&path)
                .map_err(|e| FetchError::Failed(format!("cannot read {}: {e}", path.display())))?;
            match (request.judge)(200, &Headers::default(), body) {
                Verdict::Ok(body) => Ok(Fetched {
                    headers: Headers::default(),
                    body,
                }),
                Verdict::Fail(reason) | Verdict::Retry(reason) => {
                    Err(FetchError::Failed(format!("{}: {reason}", path.display())))
                }
                Verdict::Unauthorized | Verdict::RateLimited(_) => Err(FetchError::Failed(
                    format!("{}: not a file answer", path.display()),
                )),
            }
        })
    }

    fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }
}
