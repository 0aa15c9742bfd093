//! Healthdash's connection to cloud providers, shared by the CLI and the
//! desktop app (no Tauri here):
//!
//! - [`signin`]: the browser sign-in (authorization code + state + PKCE, the
//!   loopback listener, relay and paste modes, the implicit-flow page).
//! - [`secrets`]: tokens and client secrets in the OS keyring, or a 0600 file.
//! - [`oauth`]: token exchange and refresh, with per-provider hooks.
//! - [`http`]: the engine's `Fetch` port over HTTP: retries, rate limits,
//!   token refresh, cancellation.
//! - [`providers`]: what each provider's API looks like; [`registry`]: the
//!   list of them.
//! - [`connections`]: the facade the CLI and the app use.
//!
//! The sync engine itself lives in `healthdash_core::sync`, without HTTP.

pub mod connections;
pub mod error;
pub mod http;
pub mod oauth;
pub mod providers;
pub mod registry;
pub mod secrets;
pub mod signin;
pub mod sync_lock;
pub mod tasks;

pub use connections::{
    ConnectMode, ConnectTicket, ConnectionStatus, Connections, Endpoints, PendingConnect,
    ProviderStatus, Providers, SyncOptions,
};
pub use error::{ConnectError, Result};
