//! Draws a [`Plan`] on any plotters backend, so PNG and SVG show the same chart.

use plotters::coord::Shift;
use plotters::coord::ranged1d::Ranged;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::error::ChartError;
use crate::font::FAMILY;
use crate::layout::Layout;
use crate::options::ChartOptions;
use crate::plan::{Marks, Plan};
use crate::time_axis::TimeAxis;
use crate::units::format_tick;

/// Opacity of the min/max band behind the line.
const BAND_ALPHA: f64 = 0.2;

pub(crate) const NO_DATA: &str = "No data in this range";

/// How a backend gets a wide line drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Strokes {
    /// One polyline per run: SVG viewers join and clip it properly.
    Polylines,
    /// One quad per segment. plotters' bitmap backend fills a wide polyline
    /// as a single polygon, which a zigzag (heart rate!) turns into spikes
    /// across the whole image; separate segments cannot self-intersect.
    Segments,
}

pub(crate) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    plan: &Plan,
    opts: &ChartOptions,
    layout: &Layout,
    strokes: Strokes,
) -> Result<(), ChartError> {
    let palette = opts.theme.palette();
    let font = |px: f64, color: RGBColor| TextStyle {
        color: color.to_backend_color(),
        ..TextStyle::from((FAMILY, px).into_font())
    };

    root.fill(&palette.background).map_err(ChartError::draw)?;

    // plotters picks round y steps giving at most this many ticks; asking it
    // first tells the step (hence the decimals) and the widest label.
    let y_tick_count = layout.y_ticks(opts.height);
    let y_range: RangedCoordf64 = (plan.y.0..plan.y.1).into();
    let y_ticks = y_range.key_points(y_tick_count);
    let y_step = y_ticks
        .windows(2)
        .map(|w| w[1] - w[0])
        .next()
        .unwrap_or(1.0);
    let has_data = plan.marks != Marks::Empty;
    let y_labels: Vec<String> = if has_data {
        y_ticks.iter().map(|v| format_tick(*v, y_step)).collect()
    } else {
        Vec::new()
    };
    let y_label_area = layout.y_label_area(&y_labels);
    let axis = match plan.x {
        Some((from, to)) => TimeAxis::new(
            from,
            to,
            opts.zone,
            layout.plot_width_with(y_label_area),
            layout.label_px,
        ),
        None => TimeAxis::blank(),
    };

    let mut chart = ChartBuilder::on(root)
        .margin(layout.margin)
        .margin_right(layout.margin * 2) // room for the last x label's right half
        .caption(&plan.title, font(layout.title_px, palette.text))
        .x_label_area_size(layout.x_label_area)
        .y_label_area_size(y_label_area)
        .build_cartesian_2d(axis.clone(), y_range)
        .map_err(ChartError::draw)?;

    let y_label = |v: &f64| {
        if has_data {
            format_tick(*v, y_step)
        } else {
            String::new()
        }
    };
    chart
        .configure_mesh()
        .x_labels(axis.ticks().len().max(1))
        .y_labels(y_tick_count)
        .y_label_formatter(&y_label)
        .bold_line_style(palette.grid.stroke_width(1))
        .light_line_style(TRANSPARENT)
        .axis_style(palette.axis.stroke_width(1))
        .set_all_tick_mark_size(4)
        .label_style(font(layout.label_px, palette.muted))
        .y_desc(plan.y_label.as_str())
        .axis_desc_style(font(layout.desc_px, palette.text))
        .draw()
        .map_err(ChartError::draw)?;

    match &plan.marks {
        Marks::Empty => {
            let area = chart.plotting_area().strip_coord_spec();
            let (w, h) = area.dim_in_pixel();
            let style =
                font(layout.message_px, palette.muted).pos(Pos::new(HPos::Center, VPos::Center));
            let center = (
                i32::try_from(w / 2).unwrap_or(0),
                i32::try_from(h / 2).unwrap_or(0),
            );
            area.draw_text(NO_DATA, &style, center)
                .map_err(ChartError::draw)?;
        }
        Marks::Bars(bars) => {
            let fill = palette.accent.filled();
            chart
                .draw_series(
                    bars.iter()
                        .map(|b| Rectangle::new([(b.from, 0.0), (b.to, b.value)], fill)),
                )
                .map_err(ChartError::draw)?;
        }
        Marks::Lines { runs, band, dots } => {
            if *band {
                let fill = palette.accent.mix(BAND_ALPHA).filled();
                chart
                    .draw_series(runs.iter().filter(|run| run.len() > 1).map(|run| {
                        let upper = run.iter().map(|p| (p.x, p.max));
                        let lower = run.iter().rev().map(|p| (p.x, p.min));
                        Polygon::new(upper.chain(lower).collect::<Vec<_>>(), fill)
                    }))
                    .map_err(ChartError::draw)?;
            }
            let stroke = palette.accent.stroke_width(layout.line_width);
            let paths: Vec<Vec<(i64, f64)>> = match strokes {
                Strokes::Polylines => runs
                    .iter()
                    .filter(|run| run.len() > 1)
                    .map(|run| run.iter().map(|p| (p.x, p.value)).collect())
                    .collect(),
                Strokes::Segments => runs
                    .iter()
                    .flat_map(|run| run.windows(2))
                    .map(|pair| pair.iter().map(|p| (p.x, p.value)).collect())
                    .collect(),
            };
            chart
                .draw_series(paths.into_iter().map(|path| PathElement::new(path, stroke)))
                .map_err(ChartError::draw)?;
            // Dots for sparse series, and always for a reading standing alone
            // between gaps, which would otherwise not show at all.
            let radius = layout.dot_radius;
            let dot_points = runs
                .iter()
                .filter(|run| *dots || run.len() == 1)
                .flatten()
                .map(|p| Circle::new((p.x, p.value), radius, palette.accent.filled()));
            chart.draw_series(dot_points).map_err(ChartError::draw)?;
        }
    }
    root.present().map_err(ChartError::draw)?;
    Ok(())
}
