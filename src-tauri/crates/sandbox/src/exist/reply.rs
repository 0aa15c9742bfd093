//! A handler's decision → the HTTP response: fault shaping (delay,
//! truncation), the request log, headers.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::Shared;
use crate::withings::{RequestInfo, RequestRecord};

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

    pub fn json(http: StatusCode, v: Value) -> Self {
        Self::new(http, Payload::Json(v))
    }

    /// Django REST Framework's error shape: `{"detail": "…"}`.
    pub fn detail(http: StatusCode, detail: &str) -> Self {
        Self::json(http, json!({ "detail": detail }))
    }

    /// An OAuth2 error of the token endpoint: `{"error": "…"}`.
    pub fn oauth_error(http: StatusCode, error: &str) -> Self {
        Self::json(http, json!({ "error": error }))
    }

    pub fn html(http: StatusCode, page: String) -> Self {
        Self::new(http, Payload::Html(page))
    }

    pub fn redirect(location: String) -> Self {
        Self::new(StatusCode::SEE_OTHER, Payload::Redirect(location))
    }
}

/// Records the request, applies a delay and truncation, and builds the
/// response. The record is written before any delay so a client that gives
/// up still leaves a trace.
pub(crate) async fn finish(shared: &Shared, info: RequestInfo, reply: Reply) -> Response {
    tracing::debug!(
        method = %info.method,
        path = %info.path,
        http = reply.http.as_u16(),
        fault = reply.fault.as_deref().unwrap_or(""),
        "exist sandbox request"
    );
    shared.record(RequestRecord {
        seq: 0,
        at_ms: SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64),
        method: info.method,
        path: info.path,
        action: None,
        params: info.params,
        http_status: reply.http.as_u16(),
        status: None,
        fault: reply.fault.clone(),
    });
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
            let mut r = ().into_response();
            if let Ok(v) = HeaderValue::from_str(&location) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            r
        }
    };
    *response.status_mut() = reply.http;
    if let Some(secs) = reply.retry_after {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    if reply.http == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"api\""),
        );
    }
    response
}
