//! The one error type of this crate. Messages are single lines that name the
//! path, extension or metric at fault, since the CLI prints them as they are.
//! (thiserror shows `PathBuf` fields with `Path::display`.)

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// The metric has no time series to draw (sleep stages are per night).
    #[error("cannot chart {metric} as a time series: {why}")]
    NotChartable {
        metric: &'static str,
        why: &'static str,
    },

    #[error("unsupported image extension '.{ext}' in {path} (use .png or .svg)")]
    UnknownExtension { path: PathBuf, ext: String },

    #[error("no image extension in {path} (use .png or .svg)")]
    NoExtension { path: PathBuf },

    #[error("chart size {width}x{height} is out of range ({min_w}x{min_h} to {max}x{max} pixels)",
        min_w = crate::options::MIN_WIDTH, min_h = crate::options::MIN_HEIGHT, max = crate::options::MAX_SIDE)]
    InvalidSize { width: u32, height: u32 },

    /// plotters failed while drawing; its message says where.
    #[error("drawing the chart failed: {0}")]
    Draw(String),

    #[error("encoding the chart as PNG failed: {0}")]
    Png(#[from] png::EncodingError),

    #[error("cannot write chart to {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl ChartError {
    /// Wraps a plotters drawing error, whose type depends on the backend.
    pub(crate) fn draw(err: impl std::fmt::Display) -> Self {
        ChartError::Draw(err.to_string())
    }
}
