//! Display units for the y axis. Values are stored in canonical units (CONTRACT
//! §7), which are not always what a person reads: 28,800 s of sleep is "8 h".
//! The chart divides values by a factor and names the unit it shows.

use healthdash_core::Metric;

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct DisplayUnit {
    /// Shown in the axis label; `None` for plain counts ("Steps", not "Steps (count)").
    pub name: Option<&'static str>,
    /// Canonical value ÷ factor = displayed value.
    pub factor: f64,
}

impl DisplayUnit {
    /// Picks the unit for a metric given the largest value the chart shows,
    /// so that durations read in hours or minutes and distances in km.
    pub fn choose(metric: Metric, largest: f64) -> DisplayUnit {
        let unit = |name, factor| DisplayUnit {
            name: Some(name),
            factor,
        };
        match metric.unit() {
            "count" => DisplayUnit {
                name: None,
                factor: 1.0,
            },
            "s" if largest >= 2.0 * 3600.0 => unit("h", 3600.0),
            "s" if largest >= 2.0 * 60.0 => unit("min", 60.0),
            "m" if largest >= 5000.0 => unit("km", 1000.0),
            "degC" => unit("°C", 1.0),
            other => unit(other, 1.0),
        }
    }

    /// "Heart rate (bpm)", or the bare label for counts.
    pub fn axis_label(&self, metric: Metric) -> String {
        match self.name {
            Some(name) => format!("{} ({name})", metric.label()),
            None => metric.label().to_owned(),
        }
    }
}

/// Formats a y-axis tick: as many decimals as the tick spacing needs, and
/// thousands separators so step counts stay readable.
pub(crate) fn format_tick(value: f64, step: f64) -> String {
    let decimals = if step > 0.0 && step.is_finite() {
        (-step.log10().floor()).clamp(0.0, 4.0) as usize
    } else {
        0
    };
    let text = format!("{value:.decimals$}");
    let text = if text.starts_with('-') && text.trim_start_matches(['-', '0', '.']).is_empty() {
        text.trim_start_matches('-').to_owned() // "-0.0" after rounding
    } else {
        text
    };
    if value.abs() < 1000.0 {
        return text;
    }
    let (int, frac) = text
        .split_once('.')
        .map_or((text.as_str(), None), |(i, f)| (i, Some(f)));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let mut grouped = String::with_capacity(text.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_read_like_a_person_would() {
        assert_eq!(
            DisplayUnit::choose(Metric::HeartRate, 180.0).axis_label(Metric::HeartRate),
            "Heart rate (bpm)"
        );
        assert_eq!(
            DisplayUnit::choose(Metric::Steps, 12_000.0).axis_label(Metric::Steps),
            "Steps"
        );
        assert_eq!(
            DisplayUnit::choose(Metric::SleepDuration, 30_000.0).axis_label(Metric::SleepDuration),
            "Sleep (h)"
        );
        assert_eq!(
            DisplayUnit::choose(Metric::SleepLatency, 900.0).axis_label(Metric::SleepLatency),
            "Time to fall asleep (min)"
        );
        assert_eq!(DisplayUnit::choose(Metric::Distance, 8000.0).factor, 1000.0);
        assert_eq!(
            DisplayUnit::choose(Metric::BodyTemperature, 37.0).axis_label(Metric::BodyTemperature),
            "Body temperature (°C)"
        );
    }

    #[test]
    fn ticks_have_the_decimals_their_step_needs() {
        assert_eq!(format_tick(60.0, 10.0), "60");
        assert_eq!(format_tick(72.5, 0.5), "72.5");
        assert_eq!(format_tick(0.25, 0.05), "0.25");
        assert_eq!(format_tick(12_000.0, 2000.0), "12,000");
        assert_eq!(format_tick(5000.0, 1000.0), "5,000");
        assert_eq!(format_tick(-1500.5, 0.5), "-1,500.5");
        assert_eq!(format_tick(1_234_567.0, 1.0), "1,234,567");
        assert_eq!(format_tick(-0.0001, 1.0), "0");
    }
}
