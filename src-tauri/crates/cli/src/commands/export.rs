//! `export csv`.

use anyhow::Result;
use healthdash_core::config::DataDir;
use healthdash_core::export::{CsvFilter, export_csv, export_daily_csv};
use healthdash_core::query::TimeRange;
use healthdash_core::time::{parse_end_bound, parse_time_bound};
use healthdash_core::{Metric, SourceId, Zone};

use crate::args::CsvArgs;
use crate::output::Output;

pub fn csv(dir: &DataDir, args: &CsvArgs) -> Result<()> {
    // Check every argument before touching the output, so a typo never
    // truncates an existing file.
    let metrics = args
        .metrics
        .iter()
        .map(|m| m.parse::<Metric>())
        .collect::<Result<Vec<_>, _>>()?;
    let sources = args
        .sources
        .iter()
        .map(|s| s.parse::<SourceId>())
        .collect::<Result<Vec<_>, _>>()?;
    let range = time_range(args.from.as_deref(), args.to.as_deref())?;
    let store = dir.open_store()?;
    let filter = CsvFilter {
        metrics,
        range,
        sources,
        intraday: args.intraday,
    };
    if args.daily
        && let Some(bad) = filter
            .metrics
            .iter()
            .find(|m| !healthdash_core::export::DAILY_METRICS.contains(m))
    {
        // Checked before the output is created, so a typo truncates nothing.
        return Err(healthdash_core::Error::NotDaily(bad.id()).into());
    }
    let mut out = Output::create(&args.out)?;
    let rows = if args.daily {
        export_daily_csv(&store, &filter, &mut out)?
    } else {
        export_csv(&store, &filter, &mut out)?
    };
    out.commit()?;
    tracing::info!(rows, "exported CSV");
    Ok(())
}

/// `--from`/`--to` as a range; dates are local days of this computer's zone.
pub fn time_range(from: Option<&str>, to: Option<&str>) -> Result<TimeRange> {
    let zone = Zone::local();
    let all = TimeRange::all();
    let from = from
        .map(|s| parse_time_bound(s, zone))
        .transpose()?
        .unwrap_or(all.from);
    let to = to
        .map(|s| parse_end_bound(s, zone))
        .transpose()?
        .unwrap_or(all.to);
    Ok(TimeRange::new(from, to)?)
}
