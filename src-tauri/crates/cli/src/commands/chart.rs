//! `chart`: the dashboard's chart of one metric, as an image.

use anyhow::{Result, bail};
use healthdash_chart::{ChartOptions, ImageFormat, Theme, render_to_file};
use healthdash_core::config::DataDir;
use healthdash_core::query::{SeriesRequest, TimeRange, catalogue, series};
use healthdash_core::{Metric, SourceId, Zone};

use crate::args::{ChartArgs, ThemeArg};
use crate::commands::export::time_range;

pub fn render(dir: &DataDir, args: &ChartArgs) -> Result<()> {
    let metric: Metric = args.metric.parse()?;
    ImageFormat::from_path(&args.out)?;
    let sources = args
        .sources
        .iter()
        .map(|s| s.parse::<SourceId>())
        .collect::<Result<Vec<_>, _>>()?;
    let store = dir.open_store()?;
    let config = dir.load_config()?;
    let zone = Zone::local();

    let requested = time_range(args.from.as_deref(), args.to.as_deref())?;
    let range = if args.from.is_some() && args.to.is_some() {
        requested
    } else {
        // Open ends snap to the metric's own first and last values.
        let entries: Vec<_> = catalogue(&store)?
            .into_iter()
            .filter(|e| e.metric == metric && (sources.is_empty() || sources.contains(&e.source)))
            .collect();
        let (Some(first), Some(last)) = (
            entries.iter().map(|e| e.first).min(),
            entries.iter().map(|e| e.last).max(),
        ) else {
            bail!("no {metric} data stored yet (run `healthdash demo` to try the demo data set)");
        };
        let from = if args.from.is_some() {
            requested.from
        } else {
            first
        };
        let to = if args.to.is_some() {
            requested.to
        } else {
            last + 1
        };
        TimeRange::new(from, to)?
    };
    let request = SeriesRequest {
        metric,
        range,
        // About one point per two pixels: dense enough for a line, and whole
        // days once the range passes a few months.
        max_points: args.width / 2,
        sources,
        zone,
    };
    let data = series(&store, &request, &config.priority)?;
    let options = ChartOptions {
        width: args.width,
        height: args.height,
        zone,
        title: None,
        theme: match args.theme {
            ThemeArg::Light => Theme::Light,
            ThemeArg::Dark => Theme::Dark,
        },
        units: config.units,
    };
    render_to_file(&data, &options, &args.out)?;
    note!(
        "Wrote {} ({} points, {})",
        args.out.display(),
        data.points.len(),
        describe(&data.resolution)
    );
    Ok(())
}

fn describe(resolution: &healthdash_core::query::Resolution) -> String {
    use healthdash_core::query::Resolution;
    match resolution {
        Resolution::Raw => "every value".to_owned(),
        Resolution::Seconds { seconds } if seconds % 3600 == 0 => {
            format!("{}-hour buckets", seconds / 3600)
        }
        Resolution::Seconds { seconds } => format!("{}-minute buckets", seconds / 60),
        Resolution::Days { days: 1 } => "daily buckets".to_owned(),
        Resolution::Days { days } => format!("{days}-day buckets"),
    }
}
