//! Reading files back into the store.
//!
//! - [`csv`]: Healthdash's own CSV export (CONTRACT §8), for backups and
//!   moving data between computers.

mod csv;
mod intraday;
mod row;
mod sleep;

pub use csv::{ImportSummary, import_csv};
