//! The API under `/api/2/`: what every call goes through ([`gate`]: the
//! bearer token, the hourly budget, an injected fault) and the routes, one
//! file per endpoint group ([`read`]: profile and values).

mod read;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};

use super::faults::FaultKind;
use super::reply::Reply;
use super::{Shared, lock};

/// Every API route; a new endpoint group merges its own routes here.
pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .merge(read::routes())
        .merge(crate::exist::write::routes())
}

/// A call that may proceed: its token's scopes and how its answer is shaped.
pub(crate) struct Granted {
    pub scopes: Vec<String>,
    fault: Option<FaultKind>,
}

impl Granted {
    /// Whether the token may read (or write) attributes of `group`.
    pub fn allows(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }

    /// Applies a delay or truncation fault to a normal answer.
    pub fn shape(&self, mut reply: Reply) -> Reply {
        match &self.fault {
            Some(FaultKind::Delay { millis }) => {
                reply.delay = Some(Duration::from_millis(*millis));
                reply.fault = Some("delay".into());
            }
            Some(FaultKind::Truncate) => {
                reply.truncate = true;
                reply.fault = Some("truncate".into());
            }
            _ => {}
        }
        reply
    }
}

/// Checks the token, takes the next queued fault and counts the call against
/// the budget: the answer to send instead, or what the call may see.
pub(crate) fn gate(shared: &Shared, headers: &HeaderMap) -> Result<Granted, Reply> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let Some(token) = token else {
        return Err(Reply::detail(
            StatusCode::UNAUTHORIZED,
            "Authentication credentials were not provided.",
        ));
    };
    // A refused token is answered before any queued fault is used up, so
    // that a fault meant for a data call is not lost on a 401.
    let Some(scope) = lock(&shared.tokens).check_access(token) else {
        return Err(Reply::detail(StatusCode::UNAUTHORIZED, "Invalid token."));
    };
    let fault = lock(&shared.faults).take();
    match &fault {
        Some(FaultKind::Http429 { retry_after_secs }) => {
            return Err(throttled(*retry_after_secs, "http_429"));
        }
        Some(FaultKind::ServerError { http_status }) => {
            let status =
                StatusCode::from_u16(*http_status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
            let mut reply = Reply::detail(status, "Server error.");
            reply.fault = Some("server_error".into());
            return Err(reply);
        }
        Some(FaultKind::InvalidToken) => {
            let mut reply = Reply::detail(StatusCode::UNAUTHORIZED, "Invalid token.");
            reply.fault = Some("invalid_token".into());
            return Err(reply);
        }
        Some(FaultKind::Malformed) => {
            let mut reply = Reply::json(StatusCode::OK, serde_json::json!({"count": 1}));
            reply.fault = Some("malformed".into());
            return Err(reply);
        }
        _ => {}
    }
    if let Some(wait) = shared.rate_limited(token) {
        return Err(throttled(wait, ""));
    }
    Ok(Granted {
        scopes: scope.split_whitespace().map(str::to_owned).collect(),
        fault,
    })
}

/// DRF's `Throttled` answer: 429, `Retry-After` in whole seconds.
fn throttled(seconds: u64, fault: &str) -> Reply {
    let mut reply = Reply::detail(
        StatusCode::TOO_MANY_REQUESTS,
        &format!("Request was throttled. Expected available in {seconds} seconds."),
    );
    reply.retry_after = Some(seconds);
    if !fault.is_empty() {
        reply.fault = Some(fault.into());
    }
    reply
}
