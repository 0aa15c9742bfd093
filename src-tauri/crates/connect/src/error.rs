//! Errors of sign-in, secrets and sync. Every variant renders as one line a
//! user can act on.

pub type Result<T, E = ConnectError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error(transparent)]
    Core(#[from] healthdash_core::Error),
}
