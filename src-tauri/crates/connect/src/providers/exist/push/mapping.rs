//! Which canonical metric goes to which Exist attribute, and how a day's
//! value is written (CONTRACT §9.2). No other attribute is ever written.

use healthdash_core::Metric;
use serde_json::Number;

/// Exist's attribute groups that pushes write, each with its own scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Group {
    Activity,
    Health,
    Sleep,
}

impl Group {
    pub fn name(self) -> &'static str {
        match self {
            Group::Activity => "activity",
            Group::Health => "health",
            Group::Sleep => "sleep",
        }
    }

    /// The OAuth scope that lets a client own and write this group.
    pub fn write_scope(self) -> &'static str {
        match self {
            Group::Activity => "activity_write",
            Group::Health => "health_write",
            Group::Sleep => "sleep_write",
        }
    }
}

/// How a day's combined value (in the canonical unit) becomes Exist's.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Conversion {
    /// Value type 0: an integer, rounded half away from zero.
    Integer,
    /// Value type 1: a float, times this factor (kcal → kJ is 4.184).
    Float(f64),
    /// Value type 5: a percentage 0.0–1.0 from our 0–100.
    Fraction,
    /// Value type 3: seconds → whole minutes, rounded.
    Minutes,
}

/// How the chosen source's rows of one day combine (CONTRACT §9.3 rule 4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Combine {
    /// The day's totals: its daily rows, or else its shorter rows, summed.
    Total,
    /// The row with the latest start.
    Latest,
    /// The nights that end that day, summed.
    Nights,
}

/// One row of the mapping table.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Attribute {
    pub metric: Metric,
    /// The template name, which is also the attribute's name.
    pub name: &'static str,
    pub group: Group,
    pub value_type: u8,
    pub conversion: Conversion,
    pub combine: Combine,
}

/// CONTRACT §9.2, in the order pushes send them.
pub const ATTRIBUTES: &[Attribute] = &[
    Attribute {
        metric: Metric::Steps,
        name: "steps",
        group: Group::Activity,
        value_type: 0,
        conversion: Conversion::Integer,
        combine: Combine::Total,
    },
    Attribute {
        metric: Metric::ActiveEnergy,
        name: "active_energy",
        group: Group::Activity,
        value_type: 1,
        conversion: Conversion::Float(4.184),
        combine: Combine::Total,
    },
    Attribute {
        metric: Metric::Weight,
        name: "weight",
        group: Group::Health,
        value_type: 1,
        conversion: Conversion::Float(1.0),
        combine: Combine::Latest,
    },
    Attribute {
        metric: Metric::BodyFatPercent,
        name: "body_fat",
        group: Group::Health,
        value_type: 5,
        conversion: Conversion::Fraction,
        combine: Combine::Latest,
    },
    Attribute {
        metric: Metric::RestingHeartRate,
        name: "heartrate_resting",
        group: Group::Health,
        value_type: 0,
        conversion: Conversion::Integer,
        combine: Combine::Latest,
    },
    Attribute {
        metric: Metric::SleepDuration,
        name: "sleep",
        group: Group::Sleep,
        value_type: 3,
        conversion: Conversion::Minutes,
        combine: Combine::Nights,
    },
];

/// The attribute a metric is pushed to, if any.
pub fn for_metric(metric: Metric) -> Option<&'static Attribute> {
    ATTRIBUTES.iter().find(|a| a.metric == metric)
}

/// The attribute named `name`, if pushes write it.
pub fn by_name(name: &str) -> Option<&'static Attribute> {
    ATTRIBUTES.iter().find(|a| a.name == name)
}

/// Floats are sent to 4 decimals: well inside Exist's tolerance, and the
/// same day always gives the same text, so the push record can compare it.
const FLOAT_DECIMALS: i32 = 4;

impl Attribute {
    /// The JSON number sent for a day whose combined value is `value`
    /// (canonical unit). Integer types are JSON integers (`424`, never
    /// `424.0`): Exist refuses a float for them. `None` for a value that is
    /// not a finite number.
    pub fn json_value(&self, value: f64) -> Option<Number> {
        let integer = |v: f64| -> Option<Number> {
            let rounded = v.round();
            // Exact for any count or duration a day can hold.
            (rounded.is_finite() && rounded.abs() < 9.0e15).then(|| Number::from(rounded as i64))
        };
        let float = |v: f64| -> Option<Number> {
            let scale = 10f64.powi(FLOAT_DECIMALS);
            Number::from_f64((v * scale).round() / scale)
        };
        match self.conversion {
            Conversion::Integer => integer(value),
            Conversion::Minutes => integer(value / 60.0),
            Conversion::Float(factor) => float(value * factor),
            Conversion::Fraction => float(value / 100.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(metric: Metric, value: f64) -> String {
        for_metric(metric)
            .unwrap()
            .json_value(value)
            .unwrap()
            .to_string()
    }

    #[test]
    fn values_are_converted_to_exist_units_and_types() {
        assert_eq!(sent(Metric::Steps, 8123.0), "8123");
        assert_eq!(sent(Metric::Steps, 8123.5), "8124");
        // 25 470 s is 424.5 min: halves round away from zero.
        assert_eq!(sent(Metric::SleepDuration, 25_470.0), "425");
        assert_eq!(sent(Metric::SleepDuration, 25_440.0), "424");
        assert_eq!(sent(Metric::RestingHeartRate, 57.5), "58");
        assert_eq!(sent(Metric::ActiveEnergy, 500.0), "2092.0");
        assert_eq!(sent(Metric::ActiveEnergy, 123.45), "516.5148");
        assert_eq!(sent(Metric::Weight, 70.25), "70.25");
        assert_eq!(sent(Metric::BodyFatPercent, 21.4), "0.214");
        assert!(
            for_metric(Metric::Weight)
                .unwrap()
                .json_value(f64::NAN)
                .is_none()
        );
    }

    #[test]
    fn only_the_six_contract_attributes_are_mapped() {
        let names: Vec<_> = ATTRIBUTES.iter().map(|a| a.name).collect();
        assert_eq!(
            names,
            [
                "steps",
                "active_energy",
                "weight",
                "body_fat",
                "heartrate_resting",
                "sleep"
            ]
        );
        assert!(for_metric(Metric::HeartRate).is_none());
        assert!(by_name("heartrate").is_none());
        assert_eq!(by_name("sleep").unwrap().group.write_scope(), "sleep_write");
    }
}
