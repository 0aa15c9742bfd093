//! `push exist`: daily values from the cache to the user's Exist account
//! (CONTRACT §9), so that Exist's correlations see the user's other sources.
//!
//! - [`mapping`]: metric → attribute, units and value types;
//! - [`days`]: which value a day gets (pure);
//! - [`plan`]: the items, minus what the push record says Exist has;
//! - [`client`]: JSON calls with 401 refresh, 429 `Retry-After`, 403;
//! - [`run`]: the push itself.

pub mod client;
pub mod days;
pub mod error;
pub mod mapping;
pub mod plan;
pub mod run;
mod wire;

pub use client::WritePolicy;
pub use error::PushError;
pub use plan::PushItem;
pub use run::{PushEvent, PushOptions, PushReport, PushSink, Quiet, Refusal, push};

/// The write scopes `connect exist --write` asks for besides the read
/// scopes: exactly those of the pushed groups.
pub const WRITE_SCOPES: &str = "activity_write health_write sleep_write";
