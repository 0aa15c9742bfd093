//! Exports of the cache.

mod csv;

pub(crate) use csv::HEADER;
pub use csv::{CsvFilter, export_csv};
