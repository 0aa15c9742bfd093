//! Withings' response envelope.
//!
//! Withings answers almost everything with HTTP 200 and puts the outcome in the
//! body: `{"status":0,"body":{…}}` on success, `{"status":N,"body":{},"error":"…"}`
//! otherwise. A client that trusts the HTTP status alone misses every error, so the
//! fake does the same (HTTP errors only come from the injected faults).

use serde_json::{Value, json};

/// Body status codes the fake uses (from Withings' status table).
pub mod status {
    /// Success.
    pub const OK: i64 = 0;
    /// Authentication failed: invalid, expired or revoked access token.
    pub const INVALID_TOKEN: i64 = 401;
    /// "Invalid Params": bad parameters, invalid code or refresh token, wrong secret.
    pub const INVALID_PARAMS: i64 = 503;
    /// Too many requests (the real service's rate limit, in the body, HTTP 200).
    pub const TOO_MANY_REQUESTS: i64 = 601;
    /// Wrong action or wrong webservice.
    pub const NOT_IMPLEMENTED: i64 = 2554;
}

/// The error text of an invalid or expired access token, as real responses carry it.
pub const INVALID_TOKEN_MESSAGE: &str =
    "XRequestID: Not provided invalid_token: The access token provided is invalid";
/// A token without the scope the action needs.
pub const INSUFFICIENT_SCOPE_MESSAGE: &str = "XRequestID: Not provided insufficient_scope: The request requires higher privileges than provided by the access token";

pub fn ok(body: Value) -> Value {
    json!({ "status": status::OK, "body": body })
}

pub fn error(status: i64, message: &str) -> Value {
    json!({ "status": status, "body": {}, "error": message })
}

/// `503 Invalid Params: {what}`.
pub fn invalid_params(what: &str) -> Value {
    error(status::INVALID_PARAMS, &format!("Invalid Params: {what}"))
}
