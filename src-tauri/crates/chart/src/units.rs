//! Display units for the y axis. Values are stored in canonical units (CONTRACT
//! §7), which are not always what a person reads: 28,800 s of sleep is "8 h".
//! The chart divides values by a factor and names the unit it shows.

use healthdash_core::Metric;
use healthdash_core::config::{DistanceUnit, GlucoseUnit, TemperatureUnit, Units, WeightUnit};

/// Kilograms in a pound and in a stone (14 lb).
const KG_PER_LB: f64 = 0.453_592_37;
const KG_PER_ST: f64 = 14.0 * KG_PER_LB;
const M_PER_MI: f64 = 1609.344;
/// mg/dL of glucose per mmol/L (molar mass 180.16 g/mol).
const MGDL_PER_MMOLL: f64 = 18.016;

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct DisplayUnit {
    /// Shown in the axis label; `None` for plain counts ("Steps", not "Steps (count)").
    pub name: Option<&'static str>,
    /// Canonical value ÷ factor + offset = displayed value.
    pub factor: f64,
    pub offset: f64,
}

impl DisplayUnit {
    /// Picks the unit for a metric: the user's display units where they
    /// apply, else one that reads well for the largest value shown (hours or
    /// minutes for durations, km for long distances).
    pub fn choose(metric: Metric, largest: f64, units: &Units) -> DisplayUnit {
        let unit = |name, factor| DisplayUnit {
            name: Some(name),
            factor,
            offset: 0.0,
        };
        match (metric.unit(), metric) {
            ("count", _) => DisplayUnit {
                name: None,
                factor: 1.0,
                offset: 0.0,
            },
            ("kg", _) => match units.weight {
                WeightUnit::Kg => unit("kg", 1.0),
                WeightUnit::Lb => unit("lb", KG_PER_LB),
                WeightUnit::St => unit("st", KG_PER_ST),
            },
            ("m", Metric::Distance) if units.distance == DistanceUnit::Mi => unit("mi", M_PER_MI),
            ("degC", _) => match units.temperature {
                TemperatureUnit::C => unit("°C", 1.0),
                TemperatureUnit::F => DisplayUnit {
                    name: Some("°F"),
                    factor: 5.0 / 9.0,
                    offset: 32.0,
                },
            },
            ("mmol/L", _) if units.glucose == GlucoseUnit::MgDl => {
                unit("mg/dL", 1.0 / MGDL_PER_MMOLL)
            }
            ("s", _) if largest >= 2.0 * 3600.0 => unit("h", 3600.0),
            ("s", _) if largest >= 2.0 * 60.0 => unit("min", 60.0),
            ("m", Metric::Distance) if largest >= 5000.0 => unit("km", 1000.0),
            (other, _) => unit(other, 1.0),
        }
    }

    /// A canonical value in this unit.
    pub fn apply(&self, value: f64) -> f64 {
        value / self.factor + self.offset
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
    fn the_users_units_apply_to_their_metrics() {
        let imperial = Units {
            weight: WeightUnit::Lb,
            distance: DistanceUnit::Mi,
            temperature: TemperatureUnit::F,
            glucose: GlucoseUnit::MgDl,
        };
        let lb = DisplayUnit::choose(Metric::Weight, 80.0, &imperial);
        assert_eq!(lb.axis_label(Metric::Weight), "Weight (lb)");
        assert!((lb.apply(80.0) - 176.370).abs() < 1e-3);
        let st = DisplayUnit::choose(
            Metric::Weight,
            80.0,
            &Units {
                weight: WeightUnit::St,
                ..imperial
            },
        );
        assert!((st.apply(63.502_931_8) - 10.0).abs() < 1e-6);
        let f = DisplayUnit::choose(Metric::BodyTemperature, 37.0, &imperial);
        assert_eq!(
            f.axis_label(Metric::BodyTemperature),
            "Body temperature (°F)"
        );
        assert!((f.apply(37.0) - 98.6).abs() < 1e-9);
        let mi = DisplayUnit::choose(Metric::Distance, 8000.0, &imperial);
        assert!((mi.apply(1609.344) - 1.0).abs() < 1e-12);
        let mgdl = DisplayUnit::choose(Metric::BloodGlucose, 5.5, &imperial);
        assert_eq!(
            mgdl.axis_label(Metric::BloodGlucose),
            "Blood glucose (mg/dL)"
        );
        assert!((mgdl.apply(5.5) - 99.088).abs() < 1e-9);
        // Height stays in metres whatever the distance unit.
        assert_eq!(
            DisplayUnit::choose(Metric::Height, 1.8, &imperial).axis_label(Metric::Height),
            "Height (m)"
        );
    }

    #[test]
    fn units_read_like_a_person_would() {
        assert_eq!(
            DisplayUnit::choose(Metric::HeartRate, 180.0, &Units::default())
                .axis_label(Metric::HeartRate),
            "Heart rate (bpm)"
        );
        assert_eq!(
            DisplayUnit::choose(Metric::Steps, 12_000.0, &Units::default())
                .axis_label(Metric::Steps),
            "Steps"
        );
        assert_eq!(
            DisplayUnit::choose(Metric::SleepDuration, 30_000.0, &Units::default())
                .axis_label(Metric::SleepDuration),
            "Sleep (h)"
        );
        assert_eq!(
            DisplayUnit::choose(Metric::SleepLatency, 900.0, &Units::default())
                .axis_label(Metric::SleepLatency),
            "Time to fall asleep (min)"
        );
        assert_eq!(
            DisplayUnit::choose(Metric::Distance, 8000.0, &Units::default()).factor,
            1000.0
        );
        assert_eq!(
            DisplayUnit::choose(Metric::BodyTemperature, 37.0, &Units::default())
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
}
