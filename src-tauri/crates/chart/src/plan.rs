//! What to draw, decided from the series alone: marks in display units, the
//! axes' extents and the texts. Nothing here knows about plotters, so the
//! rules (gaps, bands, bar widths, padding) are tested without rendering.

use healthdash_core::MetricKind;
use healthdash_core::model::MAX_TIME;
use healthdash_core::query::{Point, Resolution, Series, TimeRange};

use crate::error::ChartError;
use crate::layout::Layout;
use crate::options::ChartOptions;
use crate::time_axis::local_time;
use crate::units::{axis_label, axis_unit};

/// A line breaks where points are this many typical spacings apart: a watch
/// off its wrist overnight should show as a hole, not as a straight ramp.
const GAP_FACTOR: f64 = 3.0;
/// Sparse series (dots drawn) are read as a trend between readings, so only
/// much longer silences break them.
const SPARSE_GAP_FACTOR: f64 = 10.0;
/// A series is sparse, and gets dots, when its points are this many pixels
/// apart on average.
const SPARSE_PX: f64 = 8.0;
/// Fraction of the value span added above and below a line chart.
const Y_PADDING: f64 = 0.08;
/// Fraction of the time span added left and right of a line chart.
const X_PADDING: f64 = 0.015;

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Plan {
    pub title: String,
    pub y_label: String,
    /// Time extent `[from, to]`; `None` when there is nothing to place.
    pub x: Option<(i64, i64)>,
    pub y: (f64, f64),
    pub marks: Marks,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Marks {
    Empty,
    Lines {
        /// Unbroken stretches of the line, each drawn separately.
        runs: Vec<Vec<LinePoint>>,
        band: bool,
        dots: bool,
    },
    Bars(Vec<Bar>),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct LinePoint {
    pub x: i64,
    pub value: f64,
    pub min: f64,
    pub max: f64,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Bar {
    pub from: i64,
    pub to: i64,
    pub value: f64,
}

impl Plan {
    pub fn new(series: &Series, opts: &ChartOptions, layout: &Layout) -> Result<Plan, ChartError> {
        if series.kind == MetricKind::Stage {
            return Err(ChartError::NotChartable {
                metric: series.metric.id(),
                why: "sleep stages are shown per night as a hypnogram",
            });
        }
        // Only what the store itself accepts (finite values, 1970–2100), so
        // no NaN reaches a range and time arithmetic stays far from overflow.
        let mut points: Vec<&Point> = series
            .points
            .iter()
            .filter(|p| p.value.is_finite() && p.min.is_finite() && p.max.is_finite())
            .filter(|p| (0..=MAX_TIME).contains(&p.t) && (0..=MAX_TIME).contains(&p.end))
            .collect();
        points.sort_by_key(|p| p.t);
        let bars = series.kind == MetricKind::Interval;
        let band = !bars && summarises(series, &points);
        let largest = points
            .iter()
            .map(|p| if band { p.max } else { p.value }.abs())
            .fold(0.0, f64::max);
        let unit = axis_unit(series.metric, largest, &opts.units);
        let title = opts
            .title
            .clone()
            .unwrap_or_else(|| default_title(series, &points, opts));
        let y_label = axis_label(series.metric, &unit);
        let plot_px = f64::from(layout.plot_width());

        let asked = requested_span(series);
        let (Some(first), Some(last)) = (points.first(), points.last()) else {
            return Ok(Plan {
                title,
                y_label,
                x: asked,
                y: (0.0, 1.0),
                marks: Marks::Empty,
            });
        };
        // The chart spans the range asked for, or the data where none was.
        let (from, to) = asked.unwrap_or((first.t, last.end.max(last.t)));
        let scale = |v: f64| unit.apply(v);

        if bars {
            let typical = typical_spacing(points.iter().map(|p| p.t)).unwrap_or(3600);
            let seconds_per_px = ((to - from).max(typical) as f64 / plot_px).max(f64::MIN_POSITIVE);
            let bars: Vec<Bar> = points
                .iter()
                .map(|p| {
                    let end = if p.end > p.t { p.end } else { p.t + typical };
                    let width = (end - p.t) as f64;
                    // A gap of ~12% separates neighbours, once bars are wide
                    // enough that losing a pixel or two leaves a visible bar.
                    let gap = if width / seconds_per_px >= 4.0 {
                        (width * 0.06).max(seconds_per_px * 0.5).round() as i64
                    } else {
                        0
                    };
                    Bar {
                        from: p.t + gap,
                        to: end - gap,
                        value: scale(p.value),
                    }
                })
                .collect();
            let x_to = bars.iter().map(|b| b.to).max().unwrap_or(to).max(to);
            let x_from = bars.iter().map(|b| b.from).min().unwrap_or(from).min(from);
            let y = bar_range(bars.iter().map(|b| b.value));
            return Ok(Plan {
                title,
                y_label,
                x: Some(match asked {
                    Some(span) => span,
                    None => widen(x_from, x_to, X_PADDING / 2.0, &series.resolution),
                }),
                y,
                marks: Marks::Bars(bars),
            });
        }

        let line: Vec<LinePoint> = points
            .iter()
            .map(|p| LinePoint {
                x: middle(p),
                value: scale(p.value),
                min: scale(p.min),
                max: scale(p.max),
            })
            .collect();
        let (x_from, x_to) = match asked {
            Some(span) => span,
            None => (
                line.first().map_or(from, |p| p.x),
                line.last().map_or(to, |p| p.x),
            ),
        };
        let dots = (line.len() as f64) * SPARSE_PX <= plot_px;
        let factor = if dots { SPARSE_GAP_FACTOR } else { GAP_FACTOR };
        let runs = split_at_gaps(line, factor);
        let y = line_range(runs.iter().flatten(), band);
        Ok(Plan {
            title,
            y_label,
            x: Some(if asked.is_some() {
                (x_from, x_to)
            } else {
                widen(x_from, x_to, X_PADDING, &series.resolution)
            }),
            y,
            marks: Marks::Lines { runs, band, dots },
        })
    }
}

/// Whether points stand for several values each, so a min/max band says more
/// than the mean alone.
fn summarises(series: &Series, points: &[&Point]) -> bool {
    let bucketed = series.resolution != Resolution::Raw || points.iter().any(|p| p.n > 1);
    bucketed && points.iter().any(|p| p.max > p.min)
}

/// Where a point sits on the time axis: a bucket or night at its middle, a
/// reading at its instant.
fn middle(p: &Point) -> i64 {
    if p.end > p.t {
        p.t + (p.end - p.t) / 2
    } else {
        p.t
    }
}

/// The median spacing of sorted instants, ignoring repeats.
fn typical_spacing(times: impl Iterator<Item = i64>) -> Option<i64> {
    let times: Vec<i64> = times.collect();
    let mut steps: Vec<i64> = times
        .windows(2)
        .map(|w| w[1] - w[0])
        .filter(|d| *d > 0)
        .collect();
    if steps.is_empty() {
        return None;
    }
    steps.sort_unstable();
    Some(steps[steps.len() / 2])
}

fn split_at_gaps(line: Vec<LinePoint>, factor: f64) -> Vec<Vec<LinePoint>> {
    let Some(typical) = typical_spacing(line.iter().map(|p| p.x)) else {
        return vec![line];
    };
    let limit = typical as f64 * factor;
    let mut runs: Vec<Vec<LinePoint>> = Vec::new();
    let mut run: Vec<LinePoint> = Vec::new();
    for p in line {
        if run.last().is_some_and(|prev| (p.x - prev.x) as f64 > limit) {
            runs.push(std::mem::take(&mut run));
        }
        run.push(p);
    }
    runs.push(run);
    runs
}

/// Pads a span, and gives a single instant a width to sit in.
fn widen(from: i64, to: i64, padding: f64, resolution: &Resolution) -> (i64, i64) {
    if to <= from {
        let half = match resolution {
            Resolution::Days { days } => 12 * 3600 * days,
            Resolution::Seconds { seconds } => (*seconds).max(1800),
            Resolution::Raw => 3600,
        };
        return (from - half, from + half);
    }
    let pad = ((to - from) as f64 * padding).round() as i64;
    (from - pad, to + pad)
}

/// Bars grow from zero, with headroom above the tallest.
fn bar_range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values.fold((0.0_f64, 0.0_f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let hi = if hi > 0.0 {
        hi * (1.0 + Y_PADDING)
    } else {
        1.0
    };
    (lo * (1.0 + Y_PADDING), hi)
}

/// The values' extent (the band's, when drawn) with padding, kept at or above
/// zero when every value is.
fn line_range<'a>(points: impl Iterator<Item = &'a LinePoint>, band: bool) -> (f64, f64) {
    let (lo, hi) = points.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
        let (a, b) = if band {
            (p.min, p.max)
        } else {
            (p.value, p.value)
        };
        (lo.min(a), hi.max(b))
    });
    if !lo.is_finite() || !hi.is_finite() {
        return (0.0, 1.0);
    }
    let span = hi - lo;
    let pad = if span > 0.0 {
        span * Y_PADDING
    } else {
        (hi.abs() * 0.05).max(1.0)
    };
    let bottom = if lo >= 0.0 {
        (lo - pad).max(0.0)
    } else {
        lo - pad
    };
    (bottom, hi + pad)
}

/// The range the series was asked for, unless it was "everything" (then the
/// data decides).
fn requested_span(series: &Series) -> Option<(i64, i64)> {
    let TimeRange { from, to } = series.range;
    (from > 0 && to < MAX_TIME && from < to).then_some((from, to))
}

/// "Heart rate · Mar 5, 2025 – Mar 4, 2026", in the chart's zone.
fn default_title(series: &Series, points: &[&Point], opts: &ChartOptions) -> String {
    let label = series.metric.label();
    let span = requested_span(series)
        .map(|(from, to)| (from, to - 1))
        .or_else(|| {
            let (first, last) = (points.first()?, points.last()?);
            Some((
                first.t,
                if last.end > last.t {
                    last.end - 1
                } else {
                    last.t
                },
            ))
        });
    let Some((first, last_instant)) = span else {
        return label.to_owned();
    };
    let date = |t| local_time(opts.zone, t).format("%b %-d, %Y").to_string();
    let (a, b) = (date(first), date(last_instant));
    if a == b {
        format!("{label} · {a}")
    } else {
        format!("{label} · {a} – {b}")
    }
}

#[cfg(test)]
mod tests {
    use healthdash_core::Metric;

    use super::*;

    fn point(t: i64, value: f64) -> Point {
        Point {
            t,
            end: t,
            value,
            min: value,
            max: value,
            n: 1,
            source: 0,
        }
    }

    fn series(metric: Metric, resolution: Resolution, points: Vec<Point>) -> Series {
        Series {
            metric,
            unit: metric.unit(),
            kind: metric.kind(),
            range: TimeRange::all(),
            resolution,
            sources: Vec::new(),
            points,
            band: None,
        }
    }

    fn plan(s: &Series) -> Plan {
        Plan::new(s, &ChartOptions::default(), &Layout::new(1200, 600)).unwrap()
    }

    #[test]
    fn raw_line_breaks_at_long_gaps_only() {
        // Every 5 minutes for 2 hours, a 3-hour hole, then 2 more hours.
        let mut points: Vec<Point> = (0..24).map(|i| point(i * 300, 60.0)).collect();
        points.extend((0..24).map(|i| point(5 * 3600 + i * 300, 70.0)));
        let Marks::Lines { runs, band, dots } =
            plan(&series(Metric::HeartRate, Resolution::Raw, points)).marks
        else {
            panic!("expected lines");
        };
        assert_eq!(runs.iter().map(Vec::len).collect::<Vec<_>>(), vec![24, 24]);
        assert!(!band);
        assert!(dots, "48 points over ~1000 px are sparse enough for dots");
    }

    #[test]
    fn buckets_get_a_band_and_intervals_get_bars_from_zero() {
        let day = 86_400;
        let points: Vec<Point> = (0..300)
            .map(|i| Point {
                t: i * day,
                end: (i + 1) * day,
                value: 65.0,
                min: 50.0,
                max: 120.0,
                n: 500,
                source: 0,
            })
            .collect();
        let p = plan(&series(
            Metric::HeartRate,
            Resolution::Days { days: 1 },
            points.clone(),
        ));
        assert!(matches!(
            p.marks,
            Marks::Lines {
                band: true,
                dots: false,
                ..
            }
        ));
        assert!(p.y.0 < 50.0 && p.y.1 > 120.0);

        // 300 daily bars are ~3.5 px wide: no room for gaps.
        let p = plan(&series(
            Metric::Steps,
            Resolution::Days { days: 1 },
            points.clone(),
        ));
        let Marks::Bars(bars) = &p.marks else {
            panic!("expected bars")
        };
        assert_eq!(p.y.0, 0.0);
        assert!(p.y.1 > 65.0);
        assert!(
            bars.iter()
                .zip(&points)
                .all(|(b, p)| (b.from, b.to) == (p.t, p.end))
        );

        // 60 daily bars are ~17 px wide: each keeps inside its day, apart
        // from its neighbours.
        let p = plan(&series(
            Metric::Steps,
            Resolution::Days { days: 1 },
            points[..60].to_vec(),
        ));
        let Marks::Bars(bars) = &p.marks else {
            panic!("expected bars")
        };
        assert!(
            bars.iter()
                .zip(&points)
                .all(|(b, p)| p.t < b.from && b.to < p.end)
        );
    }

    #[test]
    fn titles_name_the_metric_and_local_dates() {
        let paris: healthdash_core::Zone = "Europe/Paris".parse().unwrap();
        let opts = ChartOptions {
            zone: paris,
            ..ChartOptions::default()
        };
        // 2025-03-04T23:30Z is already Mar 5 in Paris.
        let s = series(
            Metric::Weight,
            Resolution::Raw,
            vec![point(1_741_131_000, 70.0), point(1_743_000_000, 71.0)],
        );
        let p = Plan::new(&s, &opts, &Layout::new(1200, 600)).unwrap();
        assert_eq!(p.title, "Weight · Mar 5, 2025 – Mar 26, 2025");
        assert_eq!(p.y_label, "Weight (kg)");
        let empty = plan(&series(Metric::Weight, Resolution::Raw, Vec::new()));
        assert_eq!(empty.title, "Weight");
        assert_eq!(empty.marks, Marks::Empty);
        assert_eq!(empty.x, None);
    }

    #[test]
    fn a_requested_range_is_spanned_even_where_data_is_missing() {
        let paris: healthdash_core::Zone = "Europe/Paris".parse().unwrap();
        let opts = ChartOptions {
            zone: paris,
            ..ChartOptions::default()
        };
        // March 2025 in Paris, with weigh-ins only on the 5th and 26th.
        let (from, to) = (1_740_783_600, 1_743_458_400);
        let mut s = series(
            Metric::Weight,
            Resolution::Raw,
            vec![point(1_741_131_000, 70.0), point(1_743_000_000, 71.0)],
        );
        s.range = TimeRange { from, to };
        let p = Plan::new(&s, &opts, &Layout::new(1200, 600)).unwrap();
        assert_eq!(p.title, "Weight · Mar 1, 2025 – Mar 31, 2025");
        assert_eq!(p.x, Some((from, to)));
        s.points.clear();
        let empty = Plan::new(&s, &opts, &Layout::new(1200, 600)).unwrap();
        assert_eq!(
            empty.x,
            Some((from, to)),
            "an empty chart still has its time axis"
        );
        assert_eq!(empty.marks, Marks::Empty);
    }

    #[test]
    fn a_single_reading_gets_room_around_it() {
        let p = plan(&series(
            Metric::Weight,
            Resolution::Raw,
            vec![point(1000, 70.0)],
        ));
        let (from, to) = p.x.unwrap();
        assert!(from < 1000 && to > 1000);
        assert!(p.y.0 < 70.0 && p.y.1 > 70.0);
    }
}
