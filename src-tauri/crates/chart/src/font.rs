//! The embedded font. plotters' `ab_glyph` text path finds fonts only in its
//! own registry, never through fontconfig, so PNG text renders the same on a
//! bare CI machine as on a desktop.
//!
//! DejaVu Sans 2.37 (from Debian's fonts-dejavu-core) is under the Bitstream
//! Vera license with DejaVu changes in the public domain; the license text is
//! `fonts/DejaVuSans-LICENSE.txt` beside the font.

use std::sync::OnceLock;

use plotters::style::{FontStyle, register_font};

use crate::error::ChartError;

/// The family name both backends use. The SVG backend writes it verbatim as
/// `font-family`, so it is a CSS list: viewers with DejaVu Sans get the same
/// glyphs as the PNG, others a sans-serif fallback rather than a serif default.
pub(crate) const FAMILY: &str = "DejaVu Sans, sans-serif";

static DEJAVU_SANS: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");

/// Registers the font with plotters, once per process. Bold and oblique fall
/// back to this face, which is all the charts use.
pub(crate) fn ensure_registered() -> Result<(), ChartError> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok =
        *REGISTERED.get_or_init(|| register_font(FAMILY, FontStyle::Normal, DEJAVU_SANS).is_ok());
    if ok {
        Ok(())
    } else {
        Err(ChartError::Draw(
            "the embedded font fonts/DejaVuSans.ttf could not be parsed".to_owned(),
        ))
    }
}
