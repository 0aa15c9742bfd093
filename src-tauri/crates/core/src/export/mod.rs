//! Exports of the cache.

mod csv;

pub use csv::{CsvFilter, export_csv};
