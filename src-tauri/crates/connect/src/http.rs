//! HTTP for provider APIs: one client, and calls that retry what is worth
//! retrying — rate limits (after the provider's `Retry-After`, or backing
//! off), 5xx, timeouts and cut-off responses (with jitter) — up to a cap,
//! refresh the token once on a 401, and stop promptly when cancelled.

use std::time::Duration;

use rand::Rng;
use tokio_util::sync::CancellationToken;

use healthdash_core::sync::{
    BoxFuture, Fetch, FetchError, FetchRequest, Fetched, Headers, Judge, Method, ProgressSink,
    SyncEvent,
};

use crate::oauth::session::{Session, SessionError};

/// Our User-Agent: providers like to know who calls them.
const USER_AGENT: &str = concat!("Healthdash/", env!("CARGO_PKG_VERSION"));

/// The client every provider call goes through.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .connect_timeout(Duration::from_secs(15))
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap_or_default()
}

/// One line for a transport error (reqwest's Display nests its causes).
pub fn describe(error: &reqwest::Error) -> String {
    let mut text = if error.is_timeout() {
        "timed out".to_owned()
    } else if error.is_connect() {
        "could not connect".to_owned()
    } else {
        error.to_string()
    };
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text.replace('\n', " ")
}

/// How persistent to be.
#[derive(Clone, Copy, Debug)]
pub struct RetryPolicy {
    /// Attempts per request, the first included.
    pub max_attempts: u32,
    /// First back-off; doubles per attempt, up to `cap`.
    pub base: Duration,
    pub cap: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 6,
            base: Duration::from_secs(2),
            cap: Duration::from_secs(90),
        }
    }
}

impl RetryPolicy {
    /// Exponential back-off with full jitter, so that several clients (or
    /// the app and the CLI) do not retry in lockstep.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let exp = self
            .base
            .saturating_mul(2u32.saturating_pow(attempt.saturating_sub(1)));
        let ceiling = exp.min(self.cap);
        let jitter = rand::rng().random_range(0.5..=1.0);
        ceiling.mul_f64(jitter)
    }
}

pub use healthdash_core::sync::Verdict;

#[derive(Debug, thiserror::Error)]
pub enum CallError {
    #[error("{provider}: {what} failed after {attempts} attempts: {reason}")]
    GaveUp {
        provider: String,
        what: String,
        attempts: u32,
        reason: String,
    },
    #[error("{provider}: {what}: {reason}")]
    Failed {
        provider: String,
        what: String,
        reason: String,
    },
    #[error(transparent)]
    Session(#[from] SessionError),
    #[error("cancelled")]
    Cancelled,
}

/// Spaces requests out once a provider has said "too many requests":
/// from then on, at most `per_minute` per minute (Withings: 120 per
/// application), instead of bouncing off the limit again and again.
#[derive(Debug)]
pub struct Pacer {
    interval: Duration,
    state: tokio::sync::Mutex<PacerState>,
}

#[derive(Debug, Default)]
struct PacerState {
    engaged: bool,
    last: Option<tokio::time::Instant>,
}

impl Pacer {
    pub fn per_minute(per_minute: u32) -> Pacer {
        Pacer {
            interval: Duration::from_secs(60) / per_minute.max(1),
            state: tokio::sync::Mutex::new(PacerState::default()),
        }
    }

    async fn engage(&self) {
        self.state.lock().await.engaged = true;
    }

    async fn wait_turn(&self) {
        let mut state = self.state.lock().await;
        if state.engaged
            && let Some(last) = state.last
        {
            tokio::time::sleep_until(last + self.interval).await;
        }
        state.last = Some(tokio::time::Instant::now());
    }
}

/// Rate-limit answers get more patience than other failures: the limit is
/// per minute, so the wait, not the attempt count, is what matters.
const RATE_LIMIT_ATTEMPTS: u32 = 12;

/// Calls one provider's API on behalf of a session.
pub struct ApiCaller<'a> {
    pub http: &'a reqwest::Client,
    pub session: &'a Session,
    pub retry: RetryPolicy,
    pub pacer: &'a Pacer,
    pub cancel: &'a CancellationToken,
    /// Told about each retry, so a long wait for an unreachable provider
    /// is not a silent "Starting…".
    pub progress: &'a dyn ProgressSink,
}

impl std::fmt::Debug for ApiCaller<'_> {
    // The progress sink has nothing worth printing.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiCaller")
            .field("session", &self.session)
            .field("retry", &self.retry)
            .field("pacer", &self.pacer)
            .finish_non_exhaustive()
    }
}

impl ApiCaller<'_> {
    /// Sends `request` (with the bearer token when it asks for it) until
    /// its judge accepts the answer, retrying what is worth retrying.
    pub async fn send(&self, request: &FetchRequest<'_>) -> Result<Fetched, CallError> {
        self.send_into(request, None).await
    }

    /// As [`send`](Self::send); with `sink`, an accepted answer's body goes
    /// to that file as it arrives (emptied before each attempt) and the
    /// returned body is empty.
    async fn send_into(
        &self,
        request: &FetchRequest<'_>,
        mut sink: Option<&mut std::fs::File>,
    ) -> Result<Fetched, CallError> {
        let provider = self.session.provider().to_owned();
        let what = request.what;
        let url = url::Url::parse(request.url).map_err(|e| CallError::Failed {
            provider: provider.clone(),
            what: what.to_owned(),
            reason: format!("bad URL {}: {e}", request.url),
        })?;
        let mut token = match request.authorized {
            true => Some(self.session.access_token().await?),
            false => None,
        };
        let mut refreshed = false;
        let mut attempt = 0;
        let mut rate_limited = 0;
        loop {
            attempt += 1;
            tokio::select! {
                () = self.cancel.cancelled() => return Err(CallError::Cancelled),
                () = self.pacer.wait_turn() => {}
            }
            let mut builder = match request.method {
                Method::Get => self.http.get(url.clone()).query(request.params),
                Method::Post => self.http.post(url.clone()).form(request.params),
            };
            if let Some(token) = &token {
                builder = builder.bearer_auth(token);
            }
            if sink.is_some() {
                // A large file takes longer than an API answer.
                builder = builder.timeout(DOWNLOAD_TIMEOUT);
            }
            let to = sink.as_deref_mut().map(|file| Sink {
                file,
                provider: &provider,
                what,
                progress: self.progress,
            });
            let verdict = tokio::select! {
                () = self.cancel.cancelled() => return Err(CallError::Cancelled),
                response = builder.send() => match response {
                    Ok(response) => read(response, request.judge, to).await,
                    Err(e) => (Verdict::Retry(describe(&e)), Headers::default()),
                },
            };
            let wait = match verdict {
                (Verdict::Ok(body), headers) => return Ok(Fetched { headers, body }),
                (Verdict::Unauthorized, _) if !refreshed && token.is_some() => {
                    refreshed = true;
                    let old = token.take().unwrap_or_default();
                    token = Some(self.session.after_unauthorized(&old).await?);
                    continue;
                }
                (Verdict::Unauthorized, _) => {
                    return Err(CallError::Failed {
                        provider,
                        what: what.to_owned(),
                        reason: "the provider refused a freshly refreshed token".into(),
                    });
                }
                (Verdict::Fail(reason), _) => {
                    return Err(CallError::Failed {
                        provider,
                        what: what.to_owned(),
                        reason,
                    });
                }
                (Verdict::RateLimited(after), _) => {
                    tracing::warn!(%provider, what, attempt, "rate limited");
                    self.pacer.engage().await;
                    rate_limited += 1;
                    // Counted separately (see RATE_LIMIT_ATTEMPTS).
                    attempt -= 1;
                    let wait = after.unwrap_or_else(|| self.retry.backoff(rate_limited));
                    (wait, "rate limited".to_owned(), false)
                }
                (Verdict::Retry(reason), _) => {
                    tracing::warn!(%provider, what, attempt, %reason, "retrying");
                    (self.retry.backoff(attempt), reason, true)
                }
            };
            if attempt >= self.retry.max_attempts || rate_limited >= RATE_LIMIT_ATTEMPTS {
                return Err(CallError::GaveUp {
                    provider,
                    what: what.to_owned(),
                    attempts: attempt + rate_limited,
                    reason: wait.1,
                });
            }
            // Rate limits have their own pacing and count; the user hears of
            // a retry when the provider could not be reached or failed.
            if wait.2 {
                self.progress.event(&SyncEvent::Retrying {
                    provider: provider.clone(),
                    attempt: attempt + 1,
                    attempts: self.retry.max_attempts,
                    reason: wait.1.clone(),
                });
            }
            tokio::select! {
                () = self.cancel.cancelled() => return Err(CallError::Cancelled),
                () = tokio::time::sleep(wait.0.min(self.retry.cap)) => {}
            }
            // The token may have aged while we waited.
            if token.is_some() {
                token = Some(self.session.access_token().await?);
            }
        }
    }
}

/// The engine's port, over HTTP.
impl Fetch for ApiCaller<'_> {
    fn fetch<'a>(
        &'a self,
        request: FetchRequest<'a>,
    ) -> BoxFuture<'a, Result<Fetched, FetchError>> {
        Box::pin(async move { self.send(&request).await.map_err(FetchError::from) })
    }

    fn download<'a>(
        &'a self,
        request: FetchRequest<'a>,
        to: &'a mut std::fs::File,
    ) -> BoxFuture<'a, Result<u64, FetchError>> {
        Box::pin(async move {
            self.send_into(&request, Some(&mut *to))
                .await
                .map_err(FetchError::from)?;
            let size = to.metadata().map_err(|e| {
                FetchError::Failed(format!("{}: cannot read the download: {e}", request.what))
            })?;
            Ok(size.len())
        })
    }

    fn is_cancelled(&self) -> bool {
        self.cancel.is_cancelled()
    }
}

/// How long one download may take (the whole body; an API answer has the
/// client's 60 s). Open Humans' download keys last an hour.
const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(60 * 60);

/// Progress of a download is reported each time this many more bytes
/// arrived (and at its end), not per network chunk; a smaller file is
/// not reported at all.
const DOWNLOAD_REPORT_EVERY: u64 = 256 * 1024;

/// Where a download's body goes, and who hears how far it got.
struct Sink<'s> {
    file: &'s mut std::fs::File,
    provider: &'s str,
    what: &'s str,
    progress: &'s dyn ProgressSink,
}

impl Sink<'_> {
    /// Writes the body to the file chunk by chunk; `Err` is a reason worth
    /// another attempt (the connection dropped), or a file that cannot be
    /// written (`Fail`).
    async fn fill(&mut self, mut response: reqwest::Response) -> Result<(), Verdict> {
        use std::io::{Seek, Write};
        let emptied = self.file.set_len(0).and_then(|()| self.file.rewind());
        emptied.map_err(|e| Verdict::Fail(format!("cannot write the download: {e}")))?;
        let total = response.content_length();
        let mut bytes = 0u64;
        let mut reported = 0u64;
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    self.file
                        .write_all(&chunk)
                        .map_err(|e| Verdict::Fail(format!("cannot write the download: {e}")))?;
                    bytes += chunk.len() as u64;
                    if bytes - reported >= DOWNLOAD_REPORT_EVERY {
                        reported = bytes;
                        self.report(bytes, total);
                    }
                }
                Ok(None) => break,
                Err(e) => return Err(Verdict::Retry(describe(&e))),
            }
        }
        self.file
            .flush()
            .map_err(|e| Verdict::Fail(format!("cannot write the download: {e}")))?;
        // A small file is quiet; a large one's report ends at its size.
        if reported > 0 && reported != bytes {
            self.report(bytes, total);
        }
        Ok(())
    }

    fn report(&self, bytes: u64, total: Option<u64>) {
        self.progress.event(&SyncEvent::Downloading {
            provider: self.provider.to_owned(),
            what: self.what.to_owned(),
            bytes,
            total,
        });
    }
}

impl From<CallError> for FetchError {
    fn from(error: CallError) -> FetchError {
        match error {
            CallError::Cancelled => FetchError::Cancelled,
            CallError::Session(
                e @ (SessionError::NeedsSignIn { .. }
                | SessionError::NotConnected { .. }
                | SessionError::Corrupt { .. }),
            ) => FetchError::NeedsSignIn {
                provider: e.provider().to_owned(),
                message: e.to_string(),
            },
            other => FetchError::Failed(other.to_string()),
        }
    }
}

/// The judge's verdict on an answer; with `sink`, a successful answer's
/// body goes there and the judge sees it empty.
async fn read(
    response: reqwest::Response,
    judge: &Judge,
    sink: Option<Sink<'_>>,
) -> (Verdict, Headers) {
    let status = response.status();
    let headers = response.headers().clone();
    if status == reqwest::StatusCode::TOO_MANY_REQUESTS {
        return (
            Verdict::RateLimited(retry_after(&headers)),
            Headers::default(),
        );
    }
    if status.is_server_error() {
        return (Verdict::Retry(format!("HTTP {status}")), Headers::default());
    }
    if status == reqwest::StatusCode::UNAUTHORIZED {
        return (Verdict::Unauthorized, Headers::default());
    }
    let headers = Headers(
        headers
            .iter()
            .filter_map(|(name, value)| {
                Some((name.as_str().to_owned(), value.to_str().ok()?.to_owned()))
            })
            .collect(),
    );
    if let Some(mut sink) = sink
        && status.is_success()
    {
        return match sink.fill(response).await {
            Ok(()) => (judge(status.as_u16(), &headers, Vec::new()), headers),
            Err(verdict) => (verdict, headers),
        };
    }
    match response.bytes().await {
        Ok(body) => (judge(status.as_u16(), &headers, body.to_vec()), headers),
        Err(e) => (Verdict::Retry(describe(&e)), headers),
    }
}

/// `Retry-After` in seconds (the HTTP-date form is rare for APIs; treated as absent).
fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_with_jitter_up_to_the_cap() {
        let policy = RetryPolicy {
            max_attempts: 10,
            base: Duration::from_secs(2),
            cap: Duration::from_secs(10),
        };
        for _ in 0..50 {
            let first = policy.backoff(1);
            assert!(first >= Duration::from_secs(1) && first <= Duration::from_secs(2));
            let third = policy.backoff(3);
            assert!(third >= Duration::from_secs(4) && third <= Duration::from_secs(8));
            assert!(policy.backoff(9) <= Duration::from_secs(10));
        }
    }

    #[test]
    fn retry_after_seconds() {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(reqwest::header::RETRY_AFTER, "3".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(3)));
        headers.insert(
            reqwest::header::RETRY_AFTER,
            "Wed, 21 Oct 2015 07:28:00 GMT".parse().unwrap(),
        );
        assert_eq!(retry_after(&headers), None);
    }
}
