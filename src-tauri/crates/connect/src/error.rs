//! Errors of sign-in, secrets and sync. Every variant renders as one line a
//! user can act on.

use crate::oauth::TokenError;
use crate::oauth::session::SessionError;
use crate::secrets::SecretError;
use crate::signin::SignInError;
use healthdash_core::sync::{FetchError, SyncError};

pub type Result<T, E = ConnectError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error(transparent)]
    Core(#[from] healthdash_core::Error),
    #[error(transparent)]
    Secret(#[from] SecretError),
    #[error(transparent)]
    SignIn(#[from] SignInError),
    #[error(transparent)]
    Token(#[from] TokenError),
    #[error(transparent)]
    Session(#[from] SessionError),
    #[error(transparent)]
    Sync(#[from] SyncError),
    #[error("{0}")]
    Config(String),
    #[error("{provider} sync is not available yet (supported: {supported})")]
    NotSupported { provider: String, supported: String },
    /// An importer or the demo: their data comes from files, not an account.
    #[error(
        "{name} is not an account to sign in to: its data comes from {how} (accounts: {supported})"
    )]
    NotAnAccount {
        name: String,
        how: &'static str,
        supported: String,
    },
    #[error("{provider} is syncing already")]
    AlreadySyncing { provider: String },
    #[error(
        "{provider} is syncing in another Healthdash window or command; try again when it has finished"
    )]
    SyncingElsewhere { provider: String },
    #[error("cannot lock {path}: {source}")]
    Lock {
        path: String,
        source: std::io::Error,
    },
}

impl ConnectError {
    /// The provider refused the saved sign-in: only a new sign-in helps.
    pub fn needs_sign_in(&self) -> bool {
        match self {
            ConnectError::Session(SessionError::NeedsSignIn { .. }) => true,
            ConnectError::Sync(error) => error.needs_sign_in(),
            _ => false,
        }
    }

    /// What the user can do about it: the CLI prints it as a command, the
    /// app shows it as a button.
    pub fn fix(&self) -> Option<healthdash_core::Fix> {
        match self {
            ConnectError::Session(
                e @ (SessionError::NeedsSignIn { .. }
                | SessionError::NotConnected { .. }
                | SessionError::Corrupt { .. }),
            ) => Some(healthdash_core::Fix::SignIn {
                provider: e.provider().to_owned(),
            }),
            ConnectError::Sync(error) => error.fix(),
            _ => None,
        }
    }

    /// The message with its fix as a command, for a terminal.
    pub fn for_terminal(&self) -> String {
        let message = self.to_string();
        match self.fix() {
            Some(fix) => fix.with_command(&message),
            None => message,
        }
    }

    pub fn is_cancelled(&self) -> bool {
        matches!(
            self,
            ConnectError::Sync(SyncError::Fetch(FetchError::Cancelled))
                | ConnectError::SignIn(SignInError::Cancelled)
        )
    }
}
