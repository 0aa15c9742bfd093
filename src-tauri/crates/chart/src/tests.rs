//! Renders hand-built series (no database) and checks the images.

use std::path::Path;

use healthdash_core::query::{Point, Resolution, Series, TimeRange};
use healthdash_core::{Metric, Zone};

use super::*;

const DAY: i64 = 86_400;
/// 2025-03-01T00:00:00+01:00, midnight in Paris, where the fixtures live.
const MARCH_1: i64 = 1_740_783_600;

fn paris() -> Zone {
    "Europe/Paris".parse().unwrap()
}

/// `[start, end)` of the `d`-th Paris day from March 1, 2025, as core's day
/// buckets would have it.
fn paris_day(d: i64) -> (i64, i64) {
    let date = paris().local_date(MARCH_1 + d * DAY + 12 * 3600);
    paris().day_bounds(date)
}

/// Deterministic wobble in [-1, 1], so fixtures need no RNG.
fn wobble(i: i64) -> f64 {
    let x = (i as f64 * 12.9898).sin() * 43_758.545;
    (x - x.floor()) * 2.0 - 1.0
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

fn reading(t: i64, value: f64) -> Point {
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

/// A year of day buckets of heart rate: mean ~65, band 48–140.
fn heart_rate_year() -> Series {
    let points = (0..365)
        .map(|d| {
            let mean = 65.0 + 4.0 * ((d as f64) / 58.0).sin() + 2.0 * wobble(d);
            let (t, end) = paris_day(d);
            Point {
                t,
                end,
                value: mean,
                min: mean - 15.0 + 3.0 * wobble(d + 1000),
                max: mean + 60.0 + 15.0 * wobble(d + 2000),
                n: 1440,
                source: 0,
            }
        })
        .collect();
    series(Metric::HeartRate, Resolution::Days { days: 1 }, points)
}

/// One day of raw heart rate every 5 minutes, with the watch off 01:00–06:00.
fn heart_rate_day() -> Series {
    let points = (0..288)
        .filter(|i| !(12..72).contains(i))
        .map(|i| {
            let hour = i as f64 / 12.0;
            let activity = if (7.0..8.0).contains(&hour) || (18.0..19.0).contains(&hour) {
                45.0
            } else {
                0.0
            };
            reading(MARCH_1 + i * 300, 62.0 + activity + 6.0 * wobble(i))
        })
        .collect();
    series(Metric::HeartRate, Resolution::Raw, points)
}

fn steps_60_days() -> Series {
    let points = (0..60)
        .map(|d| {
            let total = (8000.0 + 3500.0 * wobble(d)).round();
            let (t, end) = paris_day(d);
            Point {
                t,
                end,
                value: total,
                min: total,
                max: total,
                n: 1,
                source: 0,
            }
        })
        .collect();
    series(Metric::Steps, Resolution::Days { days: 1 }, points)
}

/// ~40 weigh-ins over two years, irregular, drifting down.
fn sparse_weight() -> Series {
    let mut t = MARCH_1 - 730 * DAY;
    let mut points = Vec::new();
    for i in 0..40 {
        t += DAY * (18 + (wobble(i) * 12.0).round() as i64) + 3600;
        points.push(reading(t, 82.0 - i as f64 * 0.12 + 0.8 * wobble(i + 50)));
    }
    series(Metric::Weight, Resolution::Raw, points)
}

/// Polylines stroked in the light theme's accent: the data line's stretches.
fn accent_polylines(svg: &str) -> usize {
    let accent = Theme::Light.palette().accent;
    let stroke = format!(
        "stroke=\"#{:02X}{:02X}{:02X}\"",
        accent.0, accent.1, accent.2
    );
    svg.lines()
        .filter(|l| l.starts_with("<polyline") && l.contains(&stroke))
        .count()
}

/// One night per day, bed ~23:00 local, 6–8.5 h asleep.
fn sleep_nights(nights: i64) -> Series {
    let points = (0..nights)
        .map(|d| {
            let (start, _) = paris_day(d - nights);
            let bed = start - 3600 + (wobble(d) * 1800.0) as i64;
            let asleep = 7.2 * 3600.0 + wobble(d + 7) * 1.2 * 3600.0;
            Point {
                t: bed,
                end: bed + asleep as i64 + 1200,
                value: asleep,
                min: asleep,
                max: asleep,
                n: 1,
                source: 0,
            }
        })
        .collect();
    series(Metric::SleepDuration, Resolution::Raw, points)
}

fn svg_text(series: &Series, opts: &ChartOptions) -> String {
    String::from_utf8(render(series, opts, ImageFormat::Svg).unwrap()).unwrap()
}

/// Decodes a PNG into (width, height, RGB bytes).
fn decode(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgb);
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

fn pixel(rgb: &[u8], width: u32, x: u32, y: u32) -> [u8; 3] {
    let i = (y as usize * width as usize + x as usize) * 3;
    [rgb[i], rgb[i + 1], rgb[i + 2]]
}

#[test]
fn png_has_the_size_asked_for_and_draws_the_line_inside_the_plot() {
    let opts = ChartOptions {
        width: 800,
        height: 400,
        ..ChartOptions::default()
    };
    let bytes = render(&heart_rate_day(), &opts, ImageFormat::Png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
    let (w, h, rgb) = decode(&bytes);
    assert_eq!((w, h), (800, 400));

    let palette = Theme::Light.palette();
    let accent = [palette.accent.0, palette.accent.1, palette.accent.2];
    let background = [
        palette.background.0,
        palette.background.1,
        palette.background.2,
    ];
    // The plot is right of the y labels and above the x labels; the middle
    // half of the image is well inside it.
    let (mut line, mut other) = (0, 0);
    for y in h / 4..3 * h / 4 {
        for x in w / 4..3 * w / 4 {
            match pixel(&rgb, w, x, y) {
                p if p == accent => line += 1,
                p if p != background => other += 1,
                _ => {}
            }
        }
    }
    assert!(line > 200, "only {line} line-coloured pixels in the plot");
    assert!(other > 0, "no grid or band pixels");
    // Text rendered: the title row has dark pixels without any fontconfig.
    let title_ink = (0..h / 12)
        .flat_map(|y| (0..w).map(move |x| (x, y)))
        .filter(|&(x, y)| pixel(&rgb, w, x, y)[0] < 128)
        .count();
    assert!(title_ink > 50, "the title did not render");
}

#[test]
fn svg_has_the_axis_label_with_unit_and_a_polyline() {
    let svg = svg_text(&heart_rate_day(), &ChartOptions::default());
    assert!(svg.starts_with("<svg"), "{}", &svg[..60.min(svg.len())]);
    assert!(svg.contains(">\nHeart rate (bpm)\n</text>"), "{svg}");
    assert!(svg.contains("font-family=\"DejaVu Sans, sans-serif\""));
    // Grid lines are polylines too; the data line is the one in the accent.
    // The watch was off 01:00–06:00: two stretches of line, not one.
    assert_eq!(accent_polylines(&svg), 2, "{svg}");
}

#[test]
fn default_title_names_the_metric_and_the_local_dates() {
    let opts = ChartOptions {
        zone: "America/New_York".parse::<Zone>().unwrap(),
        ..ChartOptions::default()
    };
    let svg = svg_text(&heart_rate_year(), &opts);
    // Paris days start at 18:00 the day before in New York.
    assert!(
        svg.contains("Heart rate · Feb 28, 2025 – Feb 28, 2026"),
        "{svg}"
    );
    let titled = ChartOptions {
        title: Some("My week".to_owned()),
        ..ChartOptions::default()
    };
    assert!(svg_text(&heart_rate_year(), &titled).contains("My week"));
}

#[test]
fn interval_metrics_are_bars() {
    let svg = svg_text(&steps_60_days(), &ChartOptions::default());
    assert!(
        svg.contains(">\nSteps\n<"),
        "the axis says Steps, without '(count)'"
    );
    assert!(svg.matches("<rect").count() >= 60, "one bar per day");
    assert_eq!(accent_polylines(&svg), 0);
}

#[test]
fn empty_series_renders_axes_and_a_message() {
    let empty = series(Metric::HeartRate, Resolution::Raw, Vec::new());
    let svg = svg_text(&empty, &ChartOptions::default());
    assert!(svg.contains("No data in this range"));
    assert!(svg.contains("Heart rate (bpm)"));
    let (w, h, _) = decode(&render(&empty, &ChartOptions::default(), ImageFormat::Png).unwrap());
    assert_eq!((w, h), (1200, 600));
}

#[test]
fn sleep_stages_are_not_a_series() {
    let stages = series(
        Metric::SleepStage,
        Resolution::Raw,
        vec![reading(MARCH_1, 2.0)],
    );
    let err = render(&stages, &ChartOptions::default(), ImageFormat::Png).unwrap_err();
    assert!(matches!(err, ChartError::NotChartable { .. }));
    assert!(err.to_string().contains("sleep_stage"), "{err}");
}

#[test]
fn sizes_outside_the_limits_are_errors() {
    let tiny = ChartOptions {
        width: 10,
        height: 10,
        ..ChartOptions::default()
    };
    let err = render(&heart_rate_day(), &tiny, ImageFormat::Png).unwrap_err();
    assert!(err.to_string().contains("10x10"), "{err}");
}

#[test]
fn render_to_file_writes_the_format_its_extension_names() {
    let dir = tempfile::tempdir().unwrap();
    let png_path = dir.path().join("hr.PNG");
    render_to_file(&heart_rate_day(), &ChartOptions::default(), &png_path).unwrap();
    assert!(std::fs::read(&png_path).unwrap().starts_with(b"\x89PNG"));
    let svg_path = dir.path().join("hr.svg");
    render_to_file(&heart_rate_day(), &ChartOptions::default(), &svg_path).unwrap();
    assert!(
        std::fs::read_to_string(&svg_path)
            .unwrap()
            .starts_with("<svg")
    );
    // Nothing but the two charts: no temporary files left over.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}

#[test]
fn render_to_file_in_a_missing_directory_names_the_path_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing").join("chart.png");
    let err = render_to_file(&heart_rate_day(), &ChartOptions::default(), &path).unwrap_err();
    let message = err.to_string();
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(
        !message.contains(".chart.png."),
        "the message names the temporary file: {message}"
    );
    assert!(!path.exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn a_failed_render_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stages.png");
    let stages = series(Metric::SleepStage, Resolution::Raw, Vec::new());
    assert!(render_to_file(&stages, &ChartOptions::default(), &path).is_err());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn unknown_extensions_are_named() {
    let err = ImageFormat::from_path(Path::new("out/chart.jpg")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "unsupported image extension '.jpg' in out/chart.jpg (use .png or .svg)"
    );
    let err = ImageFormat::from_path(Path::new("chart")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "no image extension in chart (use .png or .svg)"
    );
    assert_eq!(
        ImageFormat::from_path(Path::new("a.Svg")).unwrap(),
        ImageFormat::Svg
    );
}

/// Writes the review gallery to /tmp/healthdash-chart-*.png:
/// `cargo test -p healthdash-chart -- --ignored gallery`.
#[test]
#[ignore = "writes PNGs to /tmp for a person to look at"]
fn gallery() {
    let light = ChartOptions {
        zone: paris(),
        ..ChartOptions::default()
    };
    let small = ChartOptions {
        width: 480,
        height: 240,
        ..light.clone()
    };
    let large = ChartOptions {
        width: 2400,
        height: 1200,
        ..light.clone()
    };
    let dark = ChartOptions {
        theme: Theme::Dark,
        ..light.clone()
    };
    let charts = [
        ("a-heart-rate-year", heart_rate_year(), &light),
        ("b-heart-rate-day", heart_rate_day(), &light),
        ("c-steps-60-days", steps_60_days(), &light),
        ("d-weight-2-years", sparse_weight(), &light),
        ("e-dark-heart-rate-year", heart_rate_year(), &dark),
        ("f-dark-steps", steps_60_days(), &dark),
        (
            "g-empty",
            series(Metric::HeartRate, Resolution::Raw, Vec::new()),
            &light,
        ),
        ("h-small-heart-rate-year", heart_rate_year(), &small),
        ("i-large-steps", steps_60_days(), &large),
        ("j-sleep-decade", sleep_nights(3650), &light),
        ("k-sleep-3-years", sleep_nights(1100), &light),
        ("l-sleep-3-days", sleep_nights(3), &light),
        ("m-small-weight", sparse_weight(), &small),
    ];
    for (name, series, opts) in charts {
        let path = std::env::temp_dir().join(format!("healthdash-chart-{name}.png"));
        render_to_file(&series, opts, &path).unwrap();
        let svg = path.with_extension("svg");
        render_to_file(&series, opts, &svg).unwrap();
    }
}
