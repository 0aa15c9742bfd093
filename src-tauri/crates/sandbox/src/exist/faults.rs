//! Switchable faults and data edits, from Rust ([`ExistFaults`]) and over
//! HTTP (`POST /_sandbox/faults`).
//!
//! - The "next n" faults (`http_429_next`, `server_error_next`,
//!   `truncate_next`, `delay_next`, `invalid_token_next`, `malformed_next`) go
//!   into one queue;
//!   each API call (`/api/2/…`) takes at most one, in order. Sign-in, token
//!   and control requests never take them.
//! - `expire_access_tokens` and `revoke_refresh_tokens` act on the tokens
//!   issued so far; a later sign-in works.
//! - `set_value` changes (or, with `null`, removes) one day of an attribute,
//!   `garble_value` makes it unreadable (a string where a number belongs),
//!   `set_timezone` moves the profile.
//!
//! HTTP body: one command or an array, e.g.
//! `{"fault":"http_429_next","n":1,"retry_after_secs":2}`,
//! `{"fault":"set_value","attribute":"steps","date":"2025-04-01","value":12345}`.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{Shared, lock};

/// What an injected fault does to one API call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FaultKind {
    /// HTTP 429 with `Retry-After`, as DRF throttling answers.
    Http429 { retry_after_secs: u64 },
    /// HTTP 5xx with a short body.
    ServerError { http_status: u16 },
    /// HTTP 200 with the JSON cut off half-way.
    Truncate,
    /// The answer is sent after this many milliseconds.
    Delay { millis: u64 },
    /// HTTP 401 for this call, whatever the token.
    InvalidToken,
    /// HTTP 200 with a complete JSON answer of the wrong shape (a page
    /// without `results`, a profile without `timezone`).
    Malformed,
}

impl FaultKind {
    pub fn name(&self) -> &'static str {
        match self {
            FaultKind::Http429 { .. } => "http_429",
            FaultKind::ServerError { .. } => "server_error",
            FaultKind::Truncate => "truncate",
            FaultKind::Delay { .. } => "delay",
            FaultKind::InvalidToken => "invalid_token",
            FaultKind::Malformed => "malformed",
        }
    }
}

/// A fault command, as `POST /_sandbox/faults` takes it.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(tag = "fault", rename_all = "snake_case")]
pub enum FaultCommand {
    ExpireAccessTokens,
    RevokeRefreshTokens,
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
    InvalidTokenNext {
        n: u32,
    },
    MalformedNext {
        n: u32,
    },
    SetValue {
        attribute: String,
        date: NaiveDate,
        value: Value,
    },
    GarbleValue {
        attribute: String,
        date: NaiveDate,
    },
    SetTimezone {
        timezone: String,
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
    #[error("no attribute named {0}")]
    UnknownAttribute(String),
    #[error("unknown time zone {0}")]
    UnknownZone(String),
}

#[derive(Debug, Default)]
pub(crate) struct FaultState {
    queue: VecDeque<FaultKind>,
}

impl FaultState {
    /// The fault the next API call gets, if any.
    pub fn take(&mut self) -> Option<FaultKind> {
        self.queue.pop_front()
    }
}

/// The fault switches of a running fake.
#[derive(Clone)]
pub struct ExistFaults {
    shared: Arc<Shared>,
}

impl ExistFaults {
    pub(crate) fn new(shared: Arc<Shared>) -> Self {
        Self { shared }
    }

    /// Applies one command.
    pub fn apply(&self, command: FaultCommand) -> Result<(), FaultError> {
        let shared = &self.shared;
        let push = |n: u32, kind: FaultKind| {
            let mut faults = lock(&shared.faults);
            faults.queue.extend(std::iter::repeat_n(kind, n as usize));
        };
        match command {
            FaultCommand::ExpireAccessTokens => lock(&shared.tokens).expire_all_access(),
            FaultCommand::RevokeRefreshTokens => lock(&shared.tokens).revoke_all_refresh(),
            FaultCommand::Http429Next {
                n,
                retry_after_secs,
            } => push(n, FaultKind::Http429 { retry_after_secs }),
            FaultCommand::ServerErrorNext { n } => {
                push(n, FaultKind::ServerError { http_status: 503 })
            }
            FaultCommand::TruncateNext { n } => push(n, FaultKind::Truncate),
            FaultCommand::DelayNext { n, millis } => push(n, FaultKind::Delay { millis }),
            FaultCommand::InvalidTokenNext { n } => push(n, FaultKind::InvalidToken),
            FaultCommand::MalformedNext { n } => push(n, FaultKind::Malformed),
            FaultCommand::SetValue {
                attribute,
                date,
                value,
            } => {
                let mut data = lock(&shared.data);
                let a = data
                    .attribute_mut(&attribute)
                    .ok_or(FaultError::UnknownAttribute(attribute))?;
                if value.is_null() {
                    a.values.remove(&date);
                } else {
                    a.values.insert(date, value);
                }
            }
            FaultCommand::GarbleValue { attribute, date } => {
                let mut data = lock(&shared.data);
                let a = data
                    .attribute_mut(&attribute)
                    .ok_or(FaultError::UnknownAttribute(attribute))?;
                a.values.insert(date, json!("n/a"));
            }
            FaultCommand::SetTimezone { timezone } => {
                let tz = timezone
                    .parse()
                    .map_err(|_| FaultError::UnknownZone(timezone))?;
                *lock(&shared.timezone) = tz;
            }
            FaultCommand::Clear => lock(&shared.faults).queue.clear(),
        }
        Ok(())
    }

    pub fn expire_access_tokens(&self) {
        let _ = self.apply(FaultCommand::ExpireAccessTokens);
    }

    pub fn revoke_refresh_tokens(&self) {
        let _ = self.apply(FaultCommand::RevokeRefreshTokens);
    }

    pub fn http_429_next(&self, n: u32, retry_after_secs: u64) {
        let _ = self.apply(FaultCommand::Http429Next {
            n,
            retry_after_secs,
        });
    }

    pub fn server_error_next(&self, n: u32) {
        let _ = self.apply(FaultCommand::ServerErrorNext { n });
    }

    pub fn truncate_next(&self, n: u32) {
        let _ = self.apply(FaultCommand::TruncateNext { n });
    }

    pub fn delay_next(&self, n: u32, delay: Duration) {
        let millis = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
        let _ = self.apply(FaultCommand::DelayNext { n, millis });
    }

    pub fn invalid_token_next(&self, n: u32) {
        let _ = self.apply(FaultCommand::InvalidTokenNext { n });
    }

    pub fn malformed_next(&self, n: u32) {
        let _ = self.apply(FaultCommand::MalformedNext { n });
    }

    pub fn set_value(
        &self,
        attribute: &str,
        date: NaiveDate,
        value: Value,
    ) -> Result<(), FaultError> {
        self.apply(FaultCommand::SetValue {
            attribute: attribute.into(),
            date,
            value,
        })
    }

    pub fn garble_value(&self, attribute: &str, date: NaiveDate) -> Result<(), FaultError> {
        self.apply(FaultCommand::GarbleValue {
            attribute: attribute.into(),
            date,
        })
    }

    pub fn clear(&self) {
        let _ = self.apply(FaultCommand::Clear);
    }
}

/// `POST /_sandbox/faults`: one command or an array of them.
pub(crate) async fn http_apply(
    State(shared): State<Arc<Shared>>,
    Json(body): Json<Value>,
) -> Response {
    let commands: Result<Vec<FaultCommand>, _> = match body {
        Value::Array(items) => items.into_iter().map(serde_json::from_value).collect(),
        one => serde_json::from_value(one).map(|c| vec![c]),
    };
    let commands = match commands {
        Ok(c) => c,
        Err(e) => return (StatusCode::BAD_REQUEST, e.to_string()).into_response(),
    };
    let faults = ExistFaults::new(shared);
    for command in commands {
        if let Err(e) = faults.apply(command) {
            return (StatusCode::BAD_REQUEST, e.to_string()).into_response();
        }
    }
    StatusCode::NO_CONTENT.into_response()
}
