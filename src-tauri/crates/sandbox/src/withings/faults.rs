//! Switchable faults, from Rust ([`Faults`]) and over HTTP (`POST /_sandbox/faults`).
//!
//! Semantics, chosen to be predictable in tests:
//! - the "next n" faults (`rate_limit_next`, `http_429_next`, `server_error_next`,
//!   `truncate_next`, `delay_next`) go into one queue; each API call (to `/measure`,
//!   `/v2/measure`, `/v2/sleep`, `/v2/user`) takes at most one, in the order they
//!   were set; token, sign-in and control requests never take them;
//! - `fail_on(action, nth, kind)` hits the nth call of that action counted from
//!   now, and is the only way to shape token calls (`action = "requesttoken"`);
//!   a call that a rule hits does not also take from the queue;
//! - a delay or a truncation still lets the call do its normal work (a delayed
//!   token request still issues tokens), the other kinds replace the answer;
//! - `expire_access_tokens` and `revoke_refresh_tokens` act on the tokens issued so
//!   far; tokens from a later sign-in work.
//!
//! HTTP body: one command or an array, e.g.
//! `{"fault":"http_429_next","n":1,"retry_after_secs":2}`,
//! `{"fault":"fail_on","action":"getmeas","nth":2,"kind":{"type":"server_error","http_status":502}}`,
//! `{"fault":"correct_measure","grpid":4280012345,"meastype":1,"value":80150}`,
//! `{"fault":"delete_measure_group","grpid":4280012345}`, `{"fault":"delete_workout","id":16618655}`,
//! `{"fault":"add_measure_group","measures":[{"type":1,"value":79900,"unit":-3}]}`.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::data::{MeasureGroup, NewMeasureGroup, Workout};
use super::envelope::{self, status};
use super::{Reply, Shared, lock, unix_now};

/// What an injected fault does to one call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FaultKind {
    /// HTTP 200 `{"status":601,"body":{},"error":"Too Many Requests"}`.
    RateLimit,
    /// HTTP 429 with a `Retry-After` header.
    Http429 { retry_after_secs: u64 },
    /// HTTP 5xx with a short text body.
    ServerError { http_status: u16 },
    /// HTTP 200 with the JSON cut off half-way.
    Truncate,
    /// The answer is sent after this many milliseconds.
    Delay { millis: u64 },
    /// HTTP 200 with the invalid-token envelope, for this call only.
    InvalidToken,
    /// HTTP 200 with any other status envelope (e.g. 2554, "not
    /// implemented", or 503 "invalid params").
    Status { status: i64, error: String },
}

impl FaultKind {
    fn name(&self) -> &'static str {
        match self {
            FaultKind::RateLimit => "rate_limit",
            FaultKind::Http429 { .. } => "http_429",
            FaultKind::ServerError { .. } => "server_error",
            FaultKind::Truncate => "truncate",
            FaultKind::Delay { .. } => "delay",
            FaultKind::InvalidToken => "invalid_token",
            FaultKind::Status { .. } => "status",
        }
    }
}

/// A fault command, as `POST /_sandbox/faults` takes it.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(tag = "fault", rename_all = "snake_case")]
pub enum FaultCommand {
    ExpireAccessTokens,
    RevokeRefreshTokens,
    RateLimitNext {
        n: u32,
    },
    #[serde(rename = "http_429_next")]
    Http429Next {
        n: u32,
        #[serde(default = "one")]
        retry_after_secs: u64,
    },
    ServerErrorNext {
        n: u32,
    },
    TruncateNext {
        n: u32,
    },
    DelayNext {
        n: u32,
        millis: u64,
    },
    CorrectMeasure {
        grpid: u64,
        meastype: i32,
        value: i64,
    },
    DeleteMeasureGroup {
        grpid: u64,
    },
    DeleteWorkout {
        id: u64,
    },
    AddMeasureGroup {
        #[serde(default)]
        date: Option<i64>,
        #[serde(default)]
        category: Option<u8>,
        #[serde(default)]
        attrib: Option<u8>,
        measures: Vec<super::data::Measure>,
    },
    FailOn {
        action: String,
        nth: u32,
        kind: FaultKind,
    },
    /// Drops every pending fault (not the token expiry/revocation already done).
    Clear,
}

fn one() -> u64 {
    1
}

/// Why a fault command could not be applied.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FaultError {
    #[error("no measure group with grpid {0}")]
    UnknownGroup(u64),
    #[error("no workout with id {0}")]
    UnknownWorkout(u64),
    #[error("measure group {grpid} has no measure of type {meastype}")]
    UnknownMeasType { grpid: u64, meastype: i32 },
    #[error("nth must be at least 1")]
    ZeroNth,
}

#[derive(Debug)]
struct Rule {
    action: String,
    nth: u32,
    seen: u32,
    kind: FaultKind,
}

/// Pending faults.
#[derive(Debug, Default)]
pub(crate) struct FaultState {
    queue: VecDeque<FaultKind>,
    rules: Vec<Rule>,
    server_errors: u32,
}

impl FaultState {
    /// The fault a `fail_on` rule aims at this call, if any.
    pub fn take_targeted(&mut self, action: &str) -> Option<FaultKind> {
        let mut fired = None;
        self.rules.retain_mut(|rule| {
            if rule.action != action {
                return true;
            }
            rule.seen += 1;
            if rule.seen == rule.nth && fired.is_none() {
                fired = Some(rule.kind.clone());
                return false;
            }
            true
        });
        fired
    }

    /// The fault for an API call: a targeted one first, else the queue's next.
    pub fn take_for_api(&mut self, action: &str) -> Option<FaultKind> {
        self.take_targeted(action)
            .or_else(|| self.queue.pop_front())
    }

    fn push(&mut self, n: u32, mut make: impl FnMut(&mut Self) -> FaultKind) {
        for _ in 0..n {
            let kind = make(self);
            self.queue.push_back(kind);
        }
    }
}

/// How a fault shapes a call that still runs: (fault name, delay, truncate).
pub(crate) type Shaping = (String, Option<Duration>, bool);

/// Turns a fault into either a shaping of the normal answer or a replacement answer.
pub(crate) fn apply_kind(kind: FaultKind) -> Result<Shaping, Reply> {
    let name = kind.name().to_string();
    let mut reply = match kind {
        FaultKind::Delay { millis } => {
            return Ok((name, Some(Duration::from_millis(millis)), false));
        }
        FaultKind::Truncate => return Ok((name, None, true)),
        FaultKind::RateLimit => Reply::json(envelope::error(
            status::TOO_MANY_REQUESTS,
            "Too Many Requests",
        )),
        FaultKind::InvalidToken => Reply::json(envelope::error(
            status::INVALID_TOKEN,
            envelope::INVALID_TOKEN_MESSAGE,
        )),
        FaultKind::Status { status, error } => Reply::json(envelope::error(status, &error)),
        FaultKind::Http429 { retry_after_secs } => {
            let mut r = Reply::text(StatusCode::TOO_MANY_REQUESTS, "Too Many Requests");
            r.retry_after = Some(retry_after_secs);
            r
        }
        FaultKind::ServerError { http_status } => {
            let code =
                StatusCode::from_u16(http_status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            Reply::text(code, code.canonical_reason().unwrap_or("Server Error"))
        }
    };
    reply.fault = Some(name);
    Err(reply)
}

/// Fault switches on a running fake. Cheap to clone; all methods take `&self`.
#[derive(Clone)]
pub struct Faults {
    shared: Arc<Shared>,
}

impl Faults {
    pub(crate) fn new(shared: Arc<Shared>) -> Self {
        Self { shared }
    }

    /// Every access token issued so far is expired: the next call with one gets
    /// the 401 envelope.
    pub fn expire_access_tokens(&self) {
        lock(&self.shared.tokens).expire_all_access();
    }

    /// Every refresh token issued so far is refused with 503 (the user removed the app).
    pub fn revoke_refresh_tokens(&self) {
        lock(&self.shared.tokens).revoke_all_refresh();
    }

    /// The next `n` API calls answer status 601 (HTTP 200).
    pub fn rate_limit_next(&self, n: u32) {
        lock(&self.shared.faults).push(n, |_| FaultKind::RateLimit);
    }

    /// The next `n` API calls answer HTTP 429 with `Retry-After: retry_after_secs`.
    pub fn http_429_next(&self, n: u32, retry_after_secs: u64) {
        lock(&self.shared.faults).push(n, |_| FaultKind::Http429 { retry_after_secs });
    }

    /// The next `n` API calls answer HTTP 500, 502, 503, 500, … in turn.
    pub fn server_error_next(&self, n: u32) {
        lock(&self.shared.faults).push(n, |s| {
            let http_status = [500, 502, 503][(s.server_errors % 3) as usize];
            s.server_errors += 1;
            FaultKind::ServerError { http_status }
        });
    }

    /// The next `n` API calls answer HTTP 200 with the JSON cut off half-way.
    pub fn truncate_next(&self, n: u32) {
        lock(&self.shared.faults).push(n, |_| FaultKind::Truncate);
    }

    /// The next `n` API calls answer after `delay`.
    pub fn delay_next(&self, n: u32, delay: Duration) {
        let millis = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
        lock(&self.shared.faults).push(n, |_| FaultKind::Delay { millis });
    }

    /// The `nth` call (1 = the next one) of `action` gets `kind`. Use
    /// `"requesttoken"` for the token endpoint.
    pub fn fail_on(&self, action: &str, nth: u32, kind: FaultKind) -> Result<(), FaultError> {
        if nth == 0 {
            return Err(FaultError::ZeroNth);
        }
        lock(&self.shared.faults).rules.push(Rule {
            action: action.into(),
            nth,
            seen: 0,
            kind,
        });
        Ok(())
    }

    /// Drops every pending fault.
    pub fn clear(&self) {
        let mut state = lock(&self.shared.faults);
        state.queue.clear();
        state.rules.clear();
    }

    /// Changes a stored measure's value and bumps its group's `modified` to now
    /// (same grpid), so a `lastupdate` query returns the group again.
    pub fn correct_measure(
        &self,
        grpid: u64,
        meastype: i32,
        new_value: i64,
    ) -> Result<MeasureGroup, FaultError> {
        self.shared
            .data
            .correct_measure(grpid, meastype, new_value, unix_now())
    }

    /// Deletes a measure group (the user removed a weigh-in). Returns it.
    pub fn delete_measure_group(&self, grpid: u64) -> Result<MeasureGroup, FaultError> {
        self.shared.data.delete_group(grpid)
    }

    /// Deletes a workout (the user removed a misdetected one). Returns it.
    pub fn delete_workout(&self, id: u64) -> Result<Workout, FaultError> {
        self.shared.data.delete_workout(id)
    }

    /// Adds a measure group created and modified now (new data arriving); its
    /// date defaults to now. Returns the group with its new grpid.
    pub fn add_measure_group(&self, group: NewMeasureGroup) -> MeasureGroup {
        self.shared.data.add_group(group, unix_now())
    }

    /// Applies one command (the HTTP control plane's entry point).
    pub fn apply(&self, command: FaultCommand) -> Result<Value, FaultError> {
        match command {
            FaultCommand::ExpireAccessTokens => self.expire_access_tokens(),
            FaultCommand::RevokeRefreshTokens => self.revoke_refresh_tokens(),
            FaultCommand::RateLimitNext { n } => self.rate_limit_next(n),
            FaultCommand::Http429Next {
                n,
                retry_after_secs,
            } => self.http_429_next(n, retry_after_secs),
            FaultCommand::ServerErrorNext { n } => self.server_error_next(n),
            FaultCommand::TruncateNext { n } => self.truncate_next(n),
            FaultCommand::DelayNext { n, millis } => {
                self.delay_next(n, Duration::from_millis(millis))
            }
            FaultCommand::CorrectMeasure {
                grpid,
                meastype,
                value,
            } => {
                let g = self.correct_measure(grpid, meastype, value)?;
                return Ok(serde_json::to_value(g).unwrap_or(Value::Null));
            }
            FaultCommand::DeleteWorkout { id } => {
                let w = self.delete_workout(id)?;
                return Ok(serde_json::json!({ "id": w.id, "date": w.date.to_string() }));
            }
            FaultCommand::DeleteMeasureGroup { grpid } => {
                let g = self.delete_measure_group(grpid)?;
                return Ok(serde_json::to_value(g).unwrap_or(Value::Null));
            }
            FaultCommand::AddMeasureGroup {
                date,
                category,
                attrib,
                measures,
            } => {
                let g = self.add_measure_group(NewMeasureGroup {
                    date,
                    category,
                    attrib,
                    measures,
                });
                return Ok(serde_json::to_value(g).unwrap_or(Value::Null));
            }
            FaultCommand::FailOn { action, nth, kind } => self.fail_on(&action, nth, kind)?,
            FaultCommand::Clear => self.clear(),
        }
        Ok(Value::Null)
    }
}

/// `POST /_sandbox/faults`: `{"ok":true,"results":[…]}` or 400 `{"ok":false,"error":…}`.
pub(crate) async fn http_apply(
    State(shared): State<Arc<Shared>>,
    body: axum::body::Bytes,
) -> Response {
    let bad = |msg: String| {
        (
            StatusCode::BAD_REQUEST,
            Json(json!({"ok": false, "error": msg})),
        )
            .into_response()
    };
    let items = match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Array(items)) => items,
        Ok(one) => vec![one],
        Err(e) => return bad(format!("not JSON: {e}")),
    };
    let commands: Result<Vec<FaultCommand>, _> =
        items.into_iter().map(serde_json::from_value).collect();
    let commands = match commands {
        Ok(c) => c,
        Err(e) => return bad(format!("not a fault command: {e}")),
    };
    let faults = Faults::new(shared);
    let mut results = Vec::new();
    for command in commands {
        tracing::debug!(?command, "withings sandbox fault");
        match faults.apply(command) {
            Ok(v) => results.push(v),
            Err(e) => return bad(e.to_string()),
        }
    }
    Json(json!({"ok": true, "results": results})).into_response()
}
