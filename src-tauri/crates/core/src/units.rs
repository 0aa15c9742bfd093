//! Display units: the one table of how a metric is shown in the user's
//! units. Values are stored and exported in canonical units (CONTRACT §7);
//! the screen (through the app's catalog) and the chart images both read
//! their labels, factors and decimals from here.

use crate::Metric;
use crate::config::{DistanceUnit, GlucoseUnit, TemperatureUnit, Units, WeightUnit};

/// Pounds per kilogram (the international pound of 1959 is exactly 0.45359237 kg).
const LB_PER_KG: f64 = 1.0 / 0.453_592_37;
const LB_PER_STONE: f64 = 14.0;
const M_PER_MILE: f64 = 1609.344;
const M_PER_FOOT: f64 = 0.3048;
/// mg/dL of glucose per mmol/L (molar mass 180.16 g/mol ÷ 10).
const MGDL_PER_MMOLL: f64 = 18.016;
const SECONDS_PER_HOUR: f64 = 3600.0;

/// One way of showing a metric: `displayed = canonical × factor + offset`.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DisplayUnit {
    /// Short label for axes and values ("kg", "°F"); empty for plain counts.
    pub label: &'static str,
    // Finite constants, so `number`, not specta's `number | null`.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub factor: f64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub offset: f64,
    /// Decimals a displayed value is rounded to.
    pub decimals: u8,
}

impl DisplayUnit {
    const fn new(label: &'static str, factor: f64, decimals: u8) -> DisplayUnit {
        DisplayUnit {
            label,
            factor,
            offset: 0.0,
            decimals,
        }
    }

    /// A canonical value in this unit.
    pub fn apply(&self, canonical: f64) -> f64 {
        canonical * self.factor + self.offset
    }

    /// A canonical difference in this unit: offsets cancel (1 °C more is 1.8 °F more).
    pub fn apply_difference(&self, canonical: f64) -> f64 {
        canonical * self.factor
    }
}

/// Which setting of [`Units`] picks a metric's display unit, and the unit
/// for each of its choices. The field names are the settings' own values
/// (`kg`, `lb`, …), so the UI indexes a rule with the user's setting.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
#[serde(tag = "setting", rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum UnitRule {
    /// No setting applies: always this unit.
    Fixed {
        unit: DisplayUnit,
    },
    Weight {
        kg: DisplayUnit,
        lb: DisplayUnit,
        st: DisplayUnit,
    },
    Distance {
        km: DisplayUnit,
        mi: DisplayUnit,
    },
    Temperature {
        c: DisplayUnit,
        f: DisplayUnit,
    },
    Glucose {
        mmol_l: DisplayUnit,
        mg_dl: DisplayUnit,
    },
}

impl UnitRule {
    /// The unit this rule gives for the user's settings.
    pub fn pick(&self, units: &Units) -> DisplayUnit {
        match *self {
            UnitRule::Fixed { unit } => unit,
            UnitRule::Weight { kg, lb, st } => match units.weight {
                WeightUnit::Kg => kg,
                WeightUnit::Lb => lb,
                WeightUnit::St => st,
            },
            UnitRule::Distance { km, mi } => match units.distance {
                DistanceUnit::Km => km,
                DistanceUnit::Mi => mi,
            },
            UnitRule::Temperature { c, f } => match units.temperature {
                TemperatureUnit::C => c,
                TemperatureUnit::F => f,
            },
            UnitRule::Glucose { mmol_l, mg_dl } => match units.glucose {
                GlucoseUnit::MmolL => mmol_l,
                GlucoseUnit::MgDl => mg_dl,
            },
        }
    }
}

const MASS: UnitRule = UnitRule::Weight {
    kg: DisplayUnit::new("kg", 1.0, 1),
    lb: DisplayUnit::new("lb", LB_PER_KG, 1),
    st: DisplayUnit::new("st", LB_PER_KG / LB_PER_STONE, 1),
};

/// Durations read as hours: "7.5 h" on an axis (values are formatted as
/// "7 h 30 min" by whoever shows them).
pub const HOURS: DisplayUnit = DisplayUnit::new("h", 1.0 / SECONDS_PER_HOUR, 1);
pub const MINUTES: DisplayUnit = DisplayUnit::new("min", 1.0 / 60.0, 0);
pub const SECONDS: DisplayUnit = DisplayUnit::new("s", 1.0, 0);

/// How `metric` is shown, for every choice of the setting that applies to it.
///
/// Distance is always km or mi, and elevation follows the distance setting
/// (m with km, ft with mi), on screen and in exported images alike.
pub fn rule(metric: Metric) -> UnitRule {
    let fixed = |label, decimals| UnitRule::Fixed {
        unit: DisplayUnit::new(label, 1.0, decimals),
    };
    match metric {
        Metric::Weight
        | Metric::FatMass
        | Metric::FatFreeMass
        | Metric::MuscleMass
        | Metric::BoneMass
        | Metric::Hydration => MASS,
        Metric::Distance => UnitRule::Distance {
            km: DisplayUnit::new("km", 1.0 / 1000.0, 2),
            mi: DisplayUnit::new("mi", 1.0 / M_PER_MILE, 2),
        },
        Metric::Elevation => UnitRule::Distance {
            km: DisplayUnit::new("m", 1.0, 0),
            mi: DisplayUnit::new("ft", 1.0 / M_PER_FOOT, 0),
        },
        Metric::BodyTemperature | Metric::SkinTemperature => UnitRule::Temperature {
            c: DisplayUnit::new("°C", 1.0, 1),
            f: DisplayUnit {
                label: "°F",
                factor: 9.0 / 5.0,
                offset: 32.0,
                decimals: 1,
            },
        },
        // Cuffs read whole mmHg; heights are told to the centimetre.
        Metric::BloodPressureSystolic | Metric::BloodPressureDiastolic => fixed("mmHg", 0),
        Metric::Height => fixed("m", 2),
        // Exist's 1–9 scale; averages over days keep a decimal.
        Metric::Mood => fixed("/ 9", 1),
        Metric::BloodGlucose => UnitRule::Glucose {
            mmol_l: DisplayUnit::new("mmol/L", 1.0, 1),
            mg_dl: DisplayUnit::new("mg/dL", MGDL_PER_MMOLL, 0),
        },
        _ => match metric.unit() {
            "s" => UnitRule::Fixed { unit: HOURS },
            "count" => fixed("", 0),
            unit @ ("bpm" | "kcal") => fixed(unit, 0),
            unit => fixed(unit, 1),
        },
    }
}

/// How `metric` is shown in the user's units.
pub fn display_unit(metric: Metric, units: &Units) -> DisplayUnit {
    rule(metric).pick(units)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(actual: f64, expected: f64, tolerance: f64) {
        assert!(
            (actual - expected).abs() <= tolerance,
            "{actual} is not {expected} ± {tolerance}"
        );
    }

    fn units(weight: WeightUnit, distance: DistanceUnit) -> Units {
        Units {
            weight,
            distance,
            temperature: TemperatureUnit::F,
            glucose: GlucoseUnit::MgDl,
        }
    }

    #[test]
    fn weight_in_kilograms_pounds_and_stones() {
        let kg = display_unit(Metric::Weight, &Units::default());
        assert_eq!((kg.label, kg.apply(70.0)), ("kg", 70.0));
        let lb = display_unit(Metric::Weight, &units(WeightUnit::Lb, DistanceUnit::Km));
        assert_eq!(lb.label, "lb");
        close(lb.apply(70.0), 154.3, 0.05);
        let st = display_unit(Metric::FatMass, &units(WeightUnit::St, DistanceUnit::Km));
        assert_eq!(st.label, "st");
        // 70 kg is 11 st 0.3 lb.
        let stones = st.apply(70.0);
        assert_eq!(stones.floor(), 11.0);
        close(stones.fract() * LB_PER_STONE, 0.3, 0.05);
        close(st.apply(6.350_293_18), 1.0, 1e-9);
    }

    #[test]
    fn temperature_in_fahrenheit_keeps_differences_without_the_offset() {
        let f = display_unit(
            Metric::BodyTemperature,
            &units(WeightUnit::Kg, DistanceUnit::Km),
        );
        assert_eq!(f.label, "°F");
        close(f.apply(37.0), 98.6, 1e-9);
        close(f.apply(-40.0), -40.0, 1e-9);
        close(f.apply_difference(1.0), 1.8, 1e-12);
        let c = display_unit(Metric::SkinTemperature, &Units::default());
        assert_eq!((c.label, c.apply(36.6)), ("°C", 36.6));
    }

    #[test]
    fn glucose_in_mg_per_decilitre() {
        let mgdl = display_unit(
            Metric::BloodGlucose,
            &units(WeightUnit::Kg, DistanceUnit::Km),
        );
        assert_eq!((mgdl.label, mgdl.decimals), ("mg/dL", 0));
        close(mgdl.apply(5.5), 99.1, 0.05);
        close(mgdl.apply(5.5), 99.088, 1e-9);
        let mmol = display_unit(Metric::BloodGlucose, &Units::default());
        assert_eq!((mmol.label, mmol.apply(5.5)), ("mmol/L", 5.5));
    }

    #[test]
    fn distance_is_always_km_or_miles() {
        let mi = display_unit(Metric::Distance, &units(WeightUnit::Kg, DistanceUnit::Mi));
        assert_eq!(mi.label, "mi");
        close(mi.apply(1609.344), 1.0, 1e-12);
        // No switch to metres for short distances.
        let km = display_unit(Metric::Distance, &Units::default());
        assert_eq!((km.label, km.apply(800.0)), ("km", 0.8));
    }

    #[test]
    fn elevation_follows_the_distance_setting() {
        let ft = display_unit(Metric::Elevation, &units(WeightUnit::Kg, DistanceUnit::Mi));
        assert_eq!(ft.label, "ft");
        assert_eq!(ft.apply(100.0).round(), 328.0);
        let m = display_unit(Metric::Elevation, &Units::default());
        assert_eq!((m.label, m.apply(100.0)), ("m", 100.0));
        // Height is not a distance walked: metres whatever the setting.
        let height = display_unit(Metric::Height, &units(WeightUnit::Lb, DistanceUnit::Mi));
        assert_eq!(height.label, "m");
    }

    #[test]
    fn other_metrics_keep_their_canonical_unit() {
        let shown = |m: Metric| {
            let u = display_unit(m, &Units::default());
            (u.label, u.factor, u.decimals)
        };
        assert_eq!(shown(Metric::HeartRate), ("bpm", 1.0, 0));
        assert_eq!(shown(Metric::Steps), ("", 1.0, 0));
        assert_eq!(shown(Metric::ActiveEnergy), ("kcal", 1.0, 0));
        assert_eq!(shown(Metric::BodyFatPercent), ("%", 1.0, 1));
        assert_eq!(shown(Metric::BloodPressureSystolic), ("mmHg", 1.0, 0));
        assert_eq!(shown(Metric::Height), ("m", 1.0, 2));
        assert_eq!(shown(Metric::SleepDuration), ("h", 1.0 / 3600.0, 1));
        assert_eq!(
            display_unit(Metric::SleepLatency, &Units::default()).apply(5400.0),
            1.5
        );
    }
}
