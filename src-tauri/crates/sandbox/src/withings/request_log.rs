//! The request log: what each request asked and got, secrets redacted.

use std::collections::BTreeMap;

use axum::http::{Method, Uri};
use serde::{Deserialize, Serialize};

use super::Params;

/// Parameters whose values never reach the log or traces.
const SECRET_PARAMS: &[&str] = &[
    "access_token",
    "client_secret",
    "code",
    "code_verifier",
    "refresh_token",
    "signature",
    "nonce",
    "password",
];

/// One recorded request. Secret parameters are replaced by `"<redacted>"` and the
/// `Authorization` header is not kept.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestRecord {
    /// 1, 2, 3… in arrival order.
    pub seq: u64,
    /// Unix milliseconds when the response was decided.
    pub at_ms: i64,
    pub method: String,
    pub path: String,
    pub action: Option<String>,
    pub params: BTreeMap<String, String>,
    /// HTTP status sent.
    pub http_status: u16,
    /// The envelope's `status`, for JSON answers that have one.
    pub status: Option<i64>,
    /// Name of the injected fault, if one shaped this answer.
    pub fault: Option<String>,
}

/// The loggable part of a request.
pub(crate) struct RequestInfo {
    pub method: String,
    pub path: String,
    pub action: Option<String>,
    pub params: Params,
}

impl RequestInfo {
    pub fn new(method: &Method, uri: &Uri, params: &Params) -> Self {
        let redacted = params
            .iter()
            .map(|(k, v)| {
                let v = if SECRET_PARAMS.contains(&k.as_str()) {
                    "<redacted>".to_string()
                } else {
                    v.clone()
                };
                (k.clone(), v)
            })
            .collect();
        Self {
            method: method.as_str().to_string(),
            path: uri.path().to_string(),
            action: params.get("action").cloned(),
            params: redacted,
        }
    }
}
