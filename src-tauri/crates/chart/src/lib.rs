//! Healthdash's chart images: a [`Series`] drawn as a PNG or SVG the way the
//! dashboard shows it, for the CLI's `chart` command and for exports.
//!
//! - `plan`: what to draw (lines, bands, bars, gaps, ranges, texts), from the series alone.
//! - `time_axis`: local-time ticks and labels that follow the span.
//! - `draw`: the plan on a plotters backend; `output`: PNG/SVG bytes and files.
//! - `font`: the embedded DejaVu Sans, so text renders without fontconfig.
//!
//! ```no_run
//! # fn demo(series: &healthdash_core::query::Series) -> Result<(), healthdash_chart::ChartError> {
//! use healthdash_chart::{ChartOptions, render_to_file};
//! render_to_file(series, &ChartOptions::default(), std::path::Path::new("heart-rate.png"))?;
//! # Ok(()) }
//! ```

mod draw;
mod error;
mod font;
mod format;
mod layout;
mod options;
mod output;
mod plan;
mod time_axis;
mod units;

#[cfg(test)]
mod tests;

use std::path::Path;

use healthdash_core::query::Series;

pub use error::ChartError;
pub use format::ImageFormat;
pub use options::{ChartOptions, Theme};

use layout::Layout;
use plan::Plan;

/// Renders `series` as PNG bytes or SVG text (UTF-8 bytes).
///
/// An empty series is a chart too: axes and "No data in this range". Sleep
/// stages are not a series and are an error, as is a size outside 240×160 to
/// 8192×8192.
pub fn render(
    series: &Series,
    opts: &ChartOptions,
    format: ImageFormat,
) -> Result<Vec<u8>, ChartError> {
    opts.check_size()?;
    font::ensure_registered()?;
    let layout = Layout::new(opts.width, opts.height);
    let plan = Plan::new(series, opts, &layout)?;
    match format {
        ImageFormat::Png => output::png(&plan, opts, &layout),
        ImageFormat::Svg => output::svg(&plan, opts, &layout),
    }
}

/// Renders to `path`, in the format its extension names (`.png`, `.svg`).
///
/// The chart is rendered in full before the file is touched, then written
/// through a temporary file and a rename: a failure leaves no partial file.
pub fn render_to_file(series: &Series, opts: &ChartOptions, path: &Path) -> Result<(), ChartError> {
    let format = ImageFormat::from_path(path)?;
    let bytes = render(series, opts, format)?;
    output::write_atomically(path, &bytes)
}
