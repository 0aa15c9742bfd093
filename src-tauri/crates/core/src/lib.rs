//! Healthdash's core: everything the CLI and the desktop app share, with no
//! Tauri and no HTTP in it.
//!
//! - [`model`], [`metric`], [`source`], [`time`]: the vocabulary.
//! - [`store`]: the SQLite cache with exact hour/day rollups.
//! - [`query`]: chart series, daily totals, sleep nights, latest values, catalogue.
//! - [`export`]: CSV per the contract; [`import`]: that CSV back in.
//! - [`demo`]: the deterministic demo data set.
//! - [`config`]: the data directory and `config.toml`.
//! - [`insights`]: baseline bands, flags and correlations over daily values.

pub mod config;
pub mod demo;
pub mod error;
pub mod export;
pub mod fix;
pub mod import;
pub mod insights;
pub mod metric;
pub mod model;
pub mod query;
pub mod source;
pub mod store;
pub mod sync;
pub mod time;
pub mod units;

pub use error::{Error, Result};
pub use fix::Fix;
pub use metric::{Metric, MetricKind};
pub use model::{Batch, Measurement, SleepNight, SleepStage, StageInterval, Workout};
pub use source::SourceId;
pub use store::Store;
pub use time::Zone;
