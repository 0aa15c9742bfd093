//! The y axis in display units. Which unit a metric is shown in is the
//! core's table ([`healthdash_core::units`]), shared with the app's screen;
//! the axis only picks a shorter unit for durations too short to read in
//! hours, and writes the label and the ticks.

use healthdash_core::Metric;
use healthdash_core::config::Units;
use healthdash_core::units::{self, DisplayUnit, HOURS, MINUTES, SECONDS};

/// The unit of the y axis for `metric`, whose largest value shown is `largest`.
pub(crate) fn axis_unit(metric: Metric, largest: f64, units: &Units) -> DisplayUnit {
    let unit = units::display_unit(metric, units);
    if unit != HOURS {
        return unit;
    }
    // Durations: hours from two hours up, else minutes from two minutes up.
    if largest >= 2.0 * 3600.0 {
        HOURS
    } else if largest >= 2.0 * 60.0 {
        MINUTES
    } else {
        SECONDS
    }
}

/// "Heart rate (bpm)", or the bare label for counts.
pub(crate) fn axis_label(metric: Metric, unit: &DisplayUnit) -> String {
    if unit.label.is_empty() {
        metric.label().to_owned()
    } else {
        format!("{} ({})", metric.label(), unit.label)
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
    use healthdash_core::config::{DistanceUnit, GlucoseUnit, TemperatureUnit, WeightUnit};

    /// The axis unit with its label, as the plan uses them.
    struct Axis(DisplayUnit);

    impl Axis {
        fn choose(metric: Metric, largest: f64, units: &Units) -> Axis {
            Axis(axis_unit(metric, largest, units))
        }

        fn axis_label(&self, metric: Metric) -> String {
            axis_label(metric, &self.0)
        }

        fn apply(&self, value: f64) -> f64 {
            self.0.apply(value)
        }

        /// Canonical units per displayed unit (1000 m per km).
        fn divisor(&self) -> f64 {
            1.0 / self.0.factor
        }
    }

    #[test]
    fn the_users_units_apply_to_their_metrics() {
        let imperial = Units {
            weight: WeightUnit::Lb,
            distance: DistanceUnit::Mi,
            temperature: TemperatureUnit::F,
            glucose: GlucoseUnit::MgDl,
        };
        let lb = Axis::choose(Metric::Weight, 80.0, &imperial);
        assert_eq!(lb.axis_label(Metric::Weight), "Weight (lb)");
        assert!((lb.apply(80.0) - 176.370).abs() < 1e-3);
        let st = Axis::choose(
            Metric::Weight,
            80.0,
            &Units {
                weight: WeightUnit::St,
                ..imperial
            },
        );
        assert!((st.apply(63.502_931_8) - 10.0).abs() < 1e-6);
        let f = Axis::choose(Metric::BodyTemperature, 37.0, &imperial);
        assert_eq!(
            f.axis_label(Metric::BodyTemperature),
            "Body temperature (°F)"
        );
        assert!((f.apply(37.0) - 98.6).abs() < 1e-9);
        let mi = Axis::choose(Metric::Distance, 8000.0, &imperial);
        assert!((mi.apply(1609.344) - 1.0).abs() < 1e-12);
        let mgdl = Axis::choose(Metric::BloodGlucose, 5.5, &imperial);
        assert_eq!(
            mgdl.axis_label(Metric::BloodGlucose),
            "Blood glucose (mg/dL)"
        );
        assert!((mgdl.apply(5.5) - 99.088).abs() < 1e-9);
        // Height stays in metres whatever the distance unit.
        assert_eq!(
            Axis::choose(Metric::Height, 1.8, &imperial).axis_label(Metric::Height),
            "Height (m)"
        );
    }

    #[test]
    fn units_read_like_a_person_would() {
        assert_eq!(
            Axis::choose(Metric::HeartRate, 180.0, &Units::default()).axis_label(Metric::HeartRate),
            "Heart rate (bpm)"
        );
        assert_eq!(
            Axis::choose(Metric::Steps, 12_000.0, &Units::default()).axis_label(Metric::Steps),
            "Steps"
        );
        assert_eq!(
            Axis::choose(Metric::SleepDuration, 30_000.0, &Units::default())
                .axis_label(Metric::SleepDuration),
            "Sleep (h)"
        );
        assert_eq!(
            Axis::choose(Metric::SleepLatency, 900.0, &Units::default())
                .axis_label(Metric::SleepLatency),
            "Time to fall asleep (min)"
        );
        assert_eq!(
            Axis::choose(Metric::Distance, 8000.0, &Units::default()).divisor(),
            1000.0
        );
        assert_eq!(
            Axis::choose(Metric::BodyTemperature, 37.0, &Units::default())
                .axis_label(Metric::BodyTemperature),
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

    #[test]
    fn distance_is_km_or_miles_and_elevation_follows_it() {
        // One rule with the screen: no metres below 5 km, feet with miles.
        let short = Axis::choose(Metric::Distance, 3000.0, &Units::default());
        assert_eq!(short.axis_label(Metric::Distance), "Distance (km)");
        assert!((short.apply(3000.0) - 3.0).abs() < 1e-12);
        let miles = Units {
            distance: DistanceUnit::Mi,
            ..Units::default()
        };
        let ft = Axis::choose(Metric::Elevation, 100.0, &miles);
        assert_eq!(ft.axis_label(Metric::Elevation), "Elevation (ft)");
        assert_eq!(ft.apply(100.0).round(), 328.0);
        assert_eq!(
            Axis::choose(Metric::Elevation, 100.0, &Units::default()).axis_label(Metric::Elevation),
            "Elevation (m)"
        );
    }
}
