//! What can go wrong in a sync, sorted by what the engine does about it.

/// Why a fetch through the [`super::Fetch`] port failed.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// The user (or the app shutting down) stopped the run.
    #[error("cancelled")]
    Cancelled,
    /// The account's sign-in is no longer accepted: no stream can go on
    /// until the user signs in again.
    #[error("{message}")]
    NeedsSignIn { provider: String, message: String },
    /// This request failed for good (after the port's own retries); other
    /// streams may still work.
    #[error("{0}")]
    Failed(String),
}

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error("{source_id}: {what}: {reason}")]
    Parse {
        source_id: &'static str,
        what: String,
        reason: String,
    },
    #[error("{source_id}: stored sync position of '{stream}' is unreadable ({reason})")]
    Cursor {
        source_id: &'static str,
        stream: &'static str,
        reason: String,
    },
    #[error(transparent)]
    Store(#[from] crate::Error),
}

impl SyncError {
    /// Ends the whole run, not just the stream it happened in: the user
    /// cancelled, the sign-in is gone, or the local database failed.
    pub fn stops_the_run(&self) -> bool {
        matches!(
            self,
            SyncError::Fetch(FetchError::Cancelled | FetchError::NeedsSignIn { .. })
                | SyncError::Store(_)
        )
    }

    pub fn is_cancelled(&self) -> bool {
        matches!(self, SyncError::Fetch(FetchError::Cancelled))
    }

    pub fn needs_sign_in(&self) -> bool {
        matches!(self, SyncError::Fetch(FetchError::NeedsSignIn { .. }))
    }

    /// What the user can do about it.
    pub fn fix(&self) -> Option<crate::Fix> {
        match self {
            SyncError::Fetch(FetchError::NeedsSignIn { provider, .. }) => {
                Some(crate::Fix::SignIn {
                    provider: provider.clone(),
                })
            }
            SyncError::Cursor { source_id, .. } => Some(crate::Fix::FullSync {
                provider: (*source_id).to_owned(),
            }),
            _ => None,
        }
    }
}
