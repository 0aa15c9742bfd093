//! Reading files back into the store.
//!
//! - [`csv`]: Healthdash's own CSV export (CONTRACT §8), for backups and
//!   moving data between computers.
//! - [`apple`]: the export of Apple's Health app (CONTRACT §12).

pub mod apple;
mod csv;
mod intraday;
mod row;
mod sleep;

pub use apple::{AppleSummary, ImportProgress, ImportWatch, Unwatched, import_apple_health};
pub use csv::{ImportSummary, import_csv};
