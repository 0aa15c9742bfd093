//! What the caller chooses about a chart: size, zone, title and theme.

use healthdash_core::Zone;
use healthdash_core::config::Units;
use plotters::style::RGBColor;

use crate::error::ChartError;

/// Below this the axis labels no longer fit beside a readable plot.
pub(crate) const MIN_WIDTH: u32 = 240;
pub(crate) const MIN_HEIGHT: u32 = 160;
/// Keeps the RGB buffer of a PNG under ~200 MB.
pub(crate) const MAX_SIDE: u32 = 8192;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Theme {
    #[default]
    Light,
    Dark,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ChartOptions {
    pub width: u32,
    pub height: u32,
    /// Axis labels and the title's dates are in this zone's local time.
    pub zone: Zone,
    /// Replaces the default title, `Heart rate · Mar 5, 2025 – Mar 4, 2026`
    /// (the metric and the local dates of the first and last points).
    pub title: Option<String>,
    pub theme: Theme,
    /// The user's display units (kg or lb, km or mi, …).
    pub units: Units,
}

impl Default for ChartOptions {
    fn default() -> Self {
        ChartOptions {
            width: 1200,
            height: 600,
            zone: Zone::UTC,
            title: None,
            theme: Theme::Light,
            units: Units::default(),
        }
    }
}

impl ChartOptions {
    pub(crate) fn check_size(&self) -> Result<(), ChartError> {
        let (w, h) = (self.width, self.height);
        if (MIN_WIDTH..=MAX_SIDE).contains(&w) && (MIN_HEIGHT..=MAX_SIDE).contains(&h) {
            Ok(())
        } else {
            Err(ChartError::InvalidSize {
                width: w,
                height: h,
            })
        }
    }
}

/// The colours of a theme. The accent is drawn opaque for lines, dots and
/// bars, and translucent for the min/max band.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Palette {
    pub background: RGBColor,
    pub text: RGBColor,
    pub muted: RGBColor,
    pub grid: RGBColor,
    pub axis: RGBColor,
    pub accent: RGBColor,
}

impl Theme {
    pub(crate) fn palette(self) -> Palette {
        match self {
            Theme::Light => Palette {
                background: RGBColor(255, 255, 255),
                text: RGBColor(31, 41, 55),
                muted: RGBColor(107, 114, 128),
                grid: RGBColor(229, 231, 235),
                axis: RGBColor(156, 163, 175),
                accent: RGBColor(37, 99, 235),
            },
            Theme::Dark => Palette {
                background: RGBColor(17, 24, 39),
                text: RGBColor(229, 231, 235),
                muted: RGBColor(156, 163, 175),
                grid: RGBColor(45, 55, 72),
                axis: RGBColor(75, 85, 99),
                accent: RGBColor(96, 165, 250),
            },
        }
    }
}
