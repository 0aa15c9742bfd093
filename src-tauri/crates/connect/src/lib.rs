//! Healthdash's connection to cloud providers, shared by the CLI and the
//! desktop app (no Tauri here):
//!
//! - [`signin`]: the browser sign-in (authorization code + state + PKCE, the
//!   loopback listener, relay and paste modes, the implicit-flow page).
//! - [`secrets`]: tokens and client secrets in the OS keyring, or a 0600 file.
//! - [`oauth`]: token exchange and refresh, with per-provider quirks.
//! - [`sync`]: the sync engine: streams, cursors, retries, progress.
//! - [`providers`]: what each provider's API looks like.

pub mod connections;
pub mod error;
pub mod http;
pub mod oauth;
pub mod providers;
pub mod secrets;
pub mod signin;
pub mod sync;
pub mod sync_lock;

pub use connections::{
    ConnectMode, ConnectTicket, Connections, Endpoints, PendingConnect, ProviderStatus, SyncOptions,
};
pub use error::{ConnectError, Result};
