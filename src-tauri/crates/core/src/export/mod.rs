//! Exports of the cache.

mod csv;
mod daily;

pub(crate) use csv::HEADER;
pub use csv::{CsvFilter, export_csv};
pub use daily::{DAILY_METRICS, export_daily_csv};
