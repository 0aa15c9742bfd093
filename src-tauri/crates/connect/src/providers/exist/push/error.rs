//! Why a push stopped; every variant is one line a user can act on.

use crate::oauth::session::SessionError;

#[derive(Debug, thiserror::Error)]
pub enum PushError {
    #[error("{0}")]
    Options(String),
    #[error("Exist is not connected; run `healthdash connect exist --write`")]
    NotConnected,
    /// Configuration or the secret store, as the connect crate says it.
    #[error("{0}")]
    Connect(String),
    /// The stored grant lacks a `<group>_write` scope, or Exist said 403.
    #[error(
        "Exist has not allowed Healthdash to write {groups}; run `healthdash connect exist --write` to allow it"
    )]
    MissingScope { groups: String },
    #[error(transparent)]
    Session(#[from] SessionError),
    /// A refused refresh after a 401: the account needs a new sign-in.
    #[error(
        "Exist needs you to sign in again ({reason}); run `healthdash connect exist --write` (the cache and the push record are kept)"
    )]
    NeedsSignIn { reason: String },
    #[error("exist refused {count} value(s) (listed above); the next push sends them again")]
    Refused { count: usize },
    #[error(
        "Exist is still answering 429 (too many requests) after {tries} tries; push again later"
    )]
    RateLimited { tries: u32 },
    #[error("exist: {what}: {reason}")]
    Http { what: String, reason: String },
    #[error(transparent)]
    Store(#[from] healthdash_core::Error),
    #[error("cancelled")]
    Cancelled,
}

impl PushError {
    pub fn needs_sign_in(&self) -> bool {
        matches!(
            self,
            PushError::NeedsSignIn { .. } | PushError::Session(SessionError::NeedsSignIn { .. })
        )
    }
}
