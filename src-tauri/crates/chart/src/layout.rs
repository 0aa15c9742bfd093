//! Pixel sizes of a chart's parts, scaled with the image so that a 600 px
//! thumbnail and a 2400 px print both keep readable, proportionate text.

#[derive(Clone, Copy, Debug)]
pub(crate) struct Layout {
    pub width: u32,
    /// Axis tick labels.
    pub label_px: f64,
    /// The y-axis description ("Heart rate (bpm)").
    pub desc_px: f64,
    pub title_px: f64,
    pub message_px: f64,
    pub margin: u32,
    pub x_label_area: u32,
    pub line_width: u32,
    pub dot_radius: u32,
}

impl Layout {
    pub fn new(width: u32, height: u32) -> Layout {
        // 1200×600 is scale 1; text follows the smaller side's ratio.
        let scale = (f64::from(width) / 1200.0)
            .min(f64::from(height) / 600.0)
            .clamp(0.55, 3.0);
        let px = |base: f64| (base * scale).round().max(9.0);
        let label_px = px(17.0);
        Layout {
            width,
            label_px,
            desc_px: px(18.0),
            title_px: px(24.0),
            message_px: px(22.0),
            margin: (16.0 * scale).round() as u32,
            x_label_area: (label_px * 2.2).round() as u32,
            line_width: if scale >= 1.5 { 3 } else { 2 },
            dot_radius: (3.5 * scale).round().max(2.0) as u32,
        }
    }

    /// Room left of the plot for the y tick labels and, beyond them, the
    /// rotated axis description; sized to the widest label so "12,000" fits
    /// and "60" leaves no hole.
    pub fn y_label_area(&self, labels: &[String]) -> u32 {
        let chars = labels
            .iter()
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(0)
            .max(2);
        (chars as f64 * self.label_px * 0.62 + self.desc_px * 1.6 + 14.0).round() as u32
    }

    /// The plot's width in pixels for y labels of `y_label_area`.
    pub fn plot_width_with(&self, y_label_area: u32) -> u32 {
        self.width
            .saturating_sub(3 * self.margin + y_label_area)
            .max(1)
    }

    /// The plot's width, near enough to size bars and dots before the y
    /// labels are known.
    pub fn plot_width(&self) -> u32 {
        self.plot_width_with(self.y_label_area(&["00,000".to_owned()]))
    }

    /// How many y ticks fit: about one per 55 px of plot height, 3 to 8.
    pub fn y_ticks(&self, height: u32) -> usize {
        let plot = f64::from(height)
            - f64::from(2 * self.margin + self.x_label_area)
            - self.title_px * 1.5;
        ((plot / 55.0).floor() as usize).clamp(3, 8)
    }
}
