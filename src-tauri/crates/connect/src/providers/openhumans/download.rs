//! Getting a file: the pre-signed `download_url` without our token (the
//! file host must never see it), listing again when its key has expired.
//! The body goes to a temporary file in the data folder as it arrives
//! (removed after), then is read once into the one copy that is parsed and
//! kept as the raw payload: a large file is never in memory twice.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use healthdash_core::sync::{
    Fetch, FetchError, FetchRequest, Headers, Method, Part, SyncError, Verdict,
};
use url::Url;

use super::files::{Files, parse_error};
use super::listing::{self, ListedFile};

/// A pre-signed download answering 403 has an expired key: list again and
/// retry, this many times at most.
const EXPIRED_KEY_RETRIES: usize = 3;

/// The part of a download answer that says it was put off (the file stays
/// unread and is tried again next sync).
pub const DEFERRED_PART: &str = "deferred";

impl Files {
    /// The file's bytes as one part; a `deferred` part when it could not be
    /// had in this run (the sync goes on with the other files). `scratch`
    /// is the folder of the temporary file.
    pub(super) async fn download(
        &self,
        port: &dyn Fetch,
        file: &ListedFile,
        scratch: &Path,
    ) -> Result<Vec<Part>, SyncError> {
        // Removed when dropped, whatever happens below.
        let mut temp = match tempfile::Builder::new()
            .prefix(".openhumans-download-")
            .tempfile_in(scratch)
        {
            Ok(temp) => temp,
            Err(e) => {
                return Ok(vec![deferred(format!(
                    "cannot make a temporary file in {}: {e}",
                    scratch.display()
                ))]);
            }
        };
        let mut url = file.download_url.clone();
        for attempt in 0..=EXPIRED_KEY_RETRIES {
            // The judge must be 'static: it tells us of a 403 through this flag.
            let expired = Arc::new(AtomicBool::new(false));
            let flag = expired.clone();
            let judge = move |status: u16, _: &Headers, body: Vec<u8>| match status {
                200 => Verdict::Ok(body),
                403 => {
                    flag.store(true, Ordering::Relaxed);
                    Verdict::Fail("the download key has expired (HTTP 403)".into())
                }
                s => Verdict::Fail(format!("HTTP {s}")),
            };
            let request = FetchRequest {
                what: &file.basename,
                method: Method::Get,
                url: &url,
                params: &[],
                // The key in the URL is the authorization; the file host
                // (S3) must never see the Open Humans token.
                authorized: false,
                judge: &judge,
            };
            match port.download(request, temp.as_file_mut()).await {
                Ok(_) => {
                    // One read, into a buffer of the file's size.
                    return Ok(match std::fs::read(temp.path()) {
                        Ok(body) => vec![Part::single(body)],
                        Err(e) => vec![deferred(format!("cannot read the download: {e}"))],
                    });
                }
                Err(FetchError::Failed(reason)) => {
                    if !expired.load(Ordering::Relaxed) || attempt == EXPIRED_KEY_RETRIES {
                        return Ok(vec![deferred(reason)]);
                    }
                    tracing::info!(id = file.id, "download key expired; listing again");
                    match self.fresh_url(port, file.id).await? {
                        Some(fresh) => url = fresh,
                        None => return Ok(vec![deferred("no longer listed".into())]),
                    }
                }
                Err(other) => return Err(other.into()),
            }
        }
        Ok(vec![deferred("the download key kept expiring".into())])
    }

    /// Lists again (every listing makes new keys) up to the file `id`.
    async fn fresh_url(&self, port: &dyn Fetch, id: i64) -> Result<Option<String>, SyncError> {
        let mut url = listing::first_url(&self.base);
        loop {
            let body = list_page(port, &url).await?;
            let page = listing::parse(&body).map_err(|e| parse_error("listing", e))?;
            if let Some(file) = page.data.into_iter().find(|f| f.id == id) {
                return Ok(Some(file.download_url));
            }
            match page.next {
                Some(next) => {
                    url = listing::next_url(&self.base, &next)
                        .map_err(|e| parse_error("listing", e))?;
                }
                None => return Ok(None),
            }
        }
    }
}

/// One listing page, with the token in the header.
pub(super) async fn list_page(port: &dyn Fetch, url: &Url) -> Result<Vec<u8>, SyncError> {
    let judge = |status: u16, _: &Headers, body: Vec<u8>| match status {
        200 => Verdict::Ok(body),
        s => Verdict::Fail(format!("listing files: HTTP {s}")),
    };
    let url = url.to_string();
    let request = FetchRequest {
        what: "exchange-member",
        method: Method::Get,
        url: &url,
        params: &[],
        authorized: true,
        judge: &judge,
    };
    Ok(port.fetch(request).await?.body)
}

fn deferred(reason: String) -> Part {
    Part {
        key: DEFERRED_PART.into(),
        body: reason.into_bytes(),
    }
}
