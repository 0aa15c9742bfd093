//! The HTTP side of a push: JSON bodies, one call at a time, the same call
//! sent again after a refresh (401) or after Exist's `Retry-After` (429),
//! never sooner; a 403 means the write scope is missing.

use std::time::Duration;

use reqwest::StatusCode;
use tokio_util::sync::CancellationToken;
use url::Url;

use super::error::PushError;
use crate::oauth::session::{Session, SessionError};

/// How long to wait on a 429 without `Retry-After` (CONTRACT §9.4).
pub const DEFAULT_RETRY_AFTER: Duration = Duration::from_secs(60);

/// How persistent a push is.
#[derive(Clone, Copy, Debug)]
pub struct WritePolicy {
    /// 429 answers to one call before giving up.
    pub rate_limited_tries: u32,
    /// Attempts after a 5xx or a lost connection, the first included.
    pub transient_tries: u32,
}

impl Default for WritePolicy {
    fn default() -> Self {
        WritePolicy {
            rate_limited_tries: 5,
            transient_tries: 3,
        }
    }
}

/// What Exist answered a call that it accepted (200 or 202).
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
}

/// Exist's API for one signed-in account.
pub struct ExistApi<'a> {
    pub http: &'a reqwest::Client,
    pub session: &'a Session,
    /// `https://exist.io/api/2/` or the configured override.
    pub base: Url,
    pub cancel: &'a CancellationToken,
    pub policy: WritePolicy,
}

enum Body<'b> {
    None(&'b [(&'b str, String)]),
    Json(&'b serde_json::Value),
}

impl ExistApi<'_> {
    /// `path` under the API base (which may lack its trailing slash).
    pub fn url(&self, path: &str) -> Result<Url, PushError> {
        let mut base = self.base.clone();
        if !base.path().ends_with('/') {
            let with_slash = format!("{}/", base.path());
            base.set_path(&with_slash);
        }
        base.join(path).map_err(|e| PushError::Http {
            what: path.to_owned(),
            reason: format!("bad URL: {e}"),
        })
    }

    pub async fn get(
        &self,
        what: &str,
        url: Url,
        query: &[(&str, String)],
    ) -> Result<Answer, PushError> {
        self.call(what, url, Body::None(query)).await
    }

    pub async fn post_json(
        &self,
        what: &str,
        path: &str,
        body: &serde_json::Value,
    ) -> Result<Answer, PushError> {
        let url = self.url(path)?;
        self.call(what, url, Body::Json(body)).await
    }

    async fn call(&self, what: &str, url: Url, body: Body<'_>) -> Result<Answer, PushError> {
        let mut token = self.session.access_token().await.map_err(session_error)?;
        let mut refreshed = false;
        let mut rate_limited = 0;
        let mut transient = 0;
        loop {
            if self.cancel.is_cancelled() {
                return Err(PushError::Cancelled);
            }
            let builder = match &body {
                Body::None(query) => self.http.get(url.clone()).query(query),
                Body::Json(json) => self
                    .http
                    .post(url.clone())
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .body(serde_json::to_vec(json).unwrap_or_default()),
            };
            let sent = tokio::select! {
                () = self.cancel.cancelled() => return Err(PushError::Cancelled),
                response = builder.bearer_auth(&token).send() => response,
            };
            let wait = match sent {
                Err(e) => {
                    transient += 1;
                    if transient >= self.policy.transient_tries {
                        return Err(PushError::Http {
                            what: what.to_owned(),
                            reason: crate::http::describe(&e),
                        });
                    }
                    Duration::from_secs(2u64.pow(transient))
                }
                Ok(response) => {
                    let status = response.status();
                    let retry_after = retry_after(response.headers());
                    match status {
                        StatusCode::UNAUTHORIZED if !refreshed => {
                            refreshed = true;
                            token = self
                                .session
                                .after_unauthorized(&token)
                                .await
                                .map_err(session_error)?;
                            continue;
                        }
                        StatusCode::UNAUTHORIZED => {
                            return Err(PushError::NeedsSignIn {
                                reason: "Exist refused a freshly refreshed token".into(),
                            });
                        }
                        StatusCode::FORBIDDEN => {
                            return Err(PushError::MissingScope {
                                groups: "these attributes".into(),
                            });
                        }
                        StatusCode::TOO_MANY_REQUESTS => {
                            rate_limited += 1;
                            if rate_limited >= self.policy.rate_limited_tries {
                                return Err(PushError::RateLimited {
                                    tries: rate_limited,
                                });
                            }
                            let wait = retry_after.unwrap_or(DEFAULT_RETRY_AFTER);
                            tracing::warn!(
                                what,
                                seconds = wait.as_secs(),
                                "exist: rate limited, waiting"
                            );
                            wait
                        }
                        s if s.is_server_error() => {
                            transient += 1;
                            if transient >= self.policy.transient_tries {
                                return Err(PushError::Http {
                                    what: what.to_owned(),
                                    reason: format!("HTTP {s}"),
                                });
                            }
                            Duration::from_secs(2u64.pow(transient))
                        }
                        s => {
                            let bytes = response.bytes().await.map_err(|e| PushError::Http {
                                what: what.to_owned(),
                                reason: crate::http::describe(&e),
                            })?;
                            if s.is_success() {
                                return Ok(Answer {
                                    status: s.as_u16(),
                                    body: bytes.to_vec(),
                                });
                            }
                            return Err(PushError::Http {
                                what: what.to_owned(),
                                reason: format!("HTTP {s}: {}", detail(&bytes)),
                            });
                        }
                    }
                }
            };
            tokio::select! {
                () = self.cancel.cancelled() => return Err(PushError::Cancelled),
                () = tokio::time::sleep(wait) => {}
            }
        }
    }
}

fn session_error(error: SessionError) -> PushError {
    match error {
        SessionError::NeedsSignIn { reason, .. } => PushError::NeedsSignIn { reason },
        other => PushError::Session(other),
    }
}

/// `Retry-After` in whole seconds (Django REST Framework's form).
pub fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}

/// Exist's `{"detail": …}`, or the body's first line.
fn detail(body: &[u8]) -> String {
    #[derive(serde::Deserialize)]
    struct Detail {
        detail: String,
    }
    match serde_json::from_slice::<Detail>(body) {
        Ok(d) => d.detail,
        Err(_) => String::from_utf8_lossy(body)
            .lines()
            .next()
            .unwrap_or_default()
            .chars()
            .take(200)
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_is_whole_seconds_and_absent_otherwise() {
        let mut headers = reqwest::header::HeaderMap::new();
        assert_eq!(retry_after(&headers), None);
        headers.insert(reqwest::header::RETRY_AFTER, "7".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));
        assert_eq!(DEFAULT_RETRY_AFTER, Duration::from_secs(60));
    }

    #[test]
    fn error_details_are_read_from_drf_bodies() {
        assert_eq!(
            detail(br#"{"detail": "Request was throttled."}"#),
            "Request was throttled."
        );
        assert_eq!(detail(b"oops\nmore"), "oops");
    }
}
