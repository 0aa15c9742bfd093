//! Turning a handler's decision into the HTTP response: fault shaping
//! (delay, truncation), the request log, headers.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::request_log::{RequestInfo, RequestRecord};
use super::{Shared, lock};

fn unix_now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// What a handler decided, before the fault shaping and the log.
pub(crate) struct Reply {
    pub http: StatusCode,
    pub payload: Payload,
    pub retry_after: Option<u64>,
    pub fault: Option<String>,
    pub truncate: bool,
    pub delay: Option<Duration>,
}

pub(crate) enum Payload {
    Json(Value),
    Html(String),
    Redirect(String),
    Text(String),
}

impl Reply {
    fn new(http: StatusCode, payload: Payload) -> Self {
        Self {
            http,
            payload,
            retry_after: None,
            fault: None,
            truncate: false,
            delay: None,
        }
    }

    /// An envelope, HTTP 200 like every Withings answer.
    pub fn json(v: Value) -> Self {
        Self::new(StatusCode::OK, Payload::Json(v))
    }

    pub fn html(http: StatusCode, page: String) -> Self {
        Self::new(http, Payload::Html(page))
    }

    pub fn redirect(location: String) -> Self {
        Self::new(StatusCode::SEE_OTHER, Payload::Redirect(location))
    }

    pub fn text(http: StatusCode, text: &str) -> Self {
        Self::new(http, Payload::Text(text.to_string()))
    }
}

/// Records the request, applies a delay and truncation, and builds the response.
/// The record is written before any delay so a client that gives up still
/// leaves a trace.
pub(crate) async fn finish(shared: &Shared, info: RequestInfo, reply: Reply) -> Response {
    let status = match &reply.payload {
        Payload::Json(v) => v.get("status").and_then(Value::as_i64),
        _ => None,
    };
    tracing::debug!(
        method = %info.method,
        path = %info.path,
        action = info.action.as_deref().unwrap_or(""),
        http = reply.http.as_u16(),
        status = status.unwrap_or(-1),
        fault = reply.fault.as_deref().unwrap_or(""),
        "withings sandbox request"
    );
    {
        let mut log = lock(&shared.log);
        let seq = log.len() as u64 + 1;
        log.push(RequestRecord {
            seq,
            at_ms: unix_now_ms(),
            method: info.method,
            path: info.path,
            action: info.action,
            params: info.params,
            http_status: reply.http.as_u16(),
            status,
            fault: reply.fault.clone(),
        });
    }
    if let Some(delay) = reply.delay {
        tokio::time::sleep(delay).await;
    }
    let mut response = match reply.payload {
        Payload::Json(v) => {
            let mut bytes = serde_json::to_vec(&v).unwrap_or_default();
            if reply.truncate {
                bytes.truncate(bytes.len() / 2);
            }
            let mut r = Response::new(Body::from(bytes));
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            r
        }
        Payload::Html(page) => {
            let mut r = Response::new(Body::from(page));
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            r
        }
        Payload::Redirect(location) => {
            let mut r = Response::new(Body::empty());
            if let Ok(v) = HeaderValue::from_str(&location) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            r
        }
        Payload::Text(text) => text.into_response(),
    };
    *response.status_mut() = reply.http;
    if let Some(secs) = reply.retry_after {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    response
}
