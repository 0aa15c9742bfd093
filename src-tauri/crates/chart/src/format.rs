//! Output formats, told from a file name's extension.

use std::path::Path;

use crate::error::ChartError;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ImageFormat {
    Png,
    Svg,
}

impl ImageFormat {
    /// `.png` or `.svg`, in any case. Anything else is an error naming the
    /// extension, so a typo like `chart.pgn` is caught before any drawing.
    pub fn from_path(path: &Path) -> Result<ImageFormat, ChartError> {
        let Some(ext) = path.extension() else {
            return Err(ChartError::NoExtension {
                path: path.to_path_buf(),
            });
        };
        let ext = ext.to_string_lossy();
        if ext.eq_ignore_ascii_case("png") {
            Ok(ImageFormat::Png)
        } else if ext.eq_ignore_ascii_case("svg") {
            Ok(ImageFormat::Svg)
        } else {
            Err(ChartError::UnknownExtension {
                path: path.to_path_buf(),
                ext: ext.into_owned(),
            })
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Png => "png",
            ImageFormat::Svg => "svg",
        }
    }
}
