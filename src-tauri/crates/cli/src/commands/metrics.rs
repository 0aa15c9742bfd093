//! `metrics`: what is cached, per metric and source.

use std::io::Write;

use anyhow::Result;
use healthdash_core::config::DataDir;
use healthdash_core::query::catalogue;
use healthdash_core::time::format_utc;

use crate::output::Stdout;

pub fn list(dir: &DataDir) -> Result<()> {
    let store = dir.open_store()?;
    let entries = catalogue(&store)?;
    if entries.is_empty() {
        note!(
            "No data yet: connect a provider, or run `healthdash demo` to try the demo data set."
        );
        return Ok(());
    }
    let mut out = Stdout::new();
    writeln!(
        out,
        "{:<26} {:<7} {:<12} {:>9}  {:<20}  last",
        "metric", "unit", "source", "count", "first"
    )?;
    for e in entries {
        writeln!(
            out,
            "{:<26} {:<7} {:<12} {:>9}  {:<20}  {}",
            e.metric.id(),
            e.unit,
            e.source,
            e.count,
            format_utc(e.first),
            format_utc(e.last)
        )?;
    }
    out.flush()?;
    Ok(())
}
