//! Health's record types and units onto our metrics (CONTRACT §12.3.1).

use crate::metric::Metric;

/// What a `Record`'s `type` becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RecordKind {
    Quantity(Metric, Units),
    Sleep,
}

/// The accepted units of a quantity type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Units {
    Bpm,
    Ms,
    Count,
    Length,
    Energy,
    Mass,
    Fraction,
    Pressure,
    Temperature,
    Glucose,
}

const QUANTITY: &[u8] = b"HKQuantityTypeIdentifier";
const SLEEP: &[u8] = b"HKCategoryTypeIdentifierSleepAnalysis";

/// The kind of record, or `None` for a type we do not map (skipped).
pub(crate) fn record_kind(hk_type: &[u8]) -> Option<RecordKind> {
    if hk_type == SLEEP {
        return Some(RecordKind::Sleep);
    }
    let name = hk_type.strip_prefix(QUANTITY)?;
    let (metric, units) = match name {
        b"HeartRate" => (Metric::HeartRate, Units::Bpm),
        b"RestingHeartRate" => (Metric::RestingHeartRate, Units::Bpm),
        b"HeartRateVariabilitySDNN" => (Metric::HrvSdnn, Units::Ms),
        b"StepCount" => (Metric::Steps, Units::Count),
        b"DistanceWalkingRunning" => (Metric::Distance, Units::Length),
        b"ActiveEnergyBurned" => (Metric::ActiveEnergy, Units::Energy),
        b"BasalEnergyBurned" => (Metric::BasalEnergy, Units::Energy),
        b"BodyMass" => (Metric::Weight, Units::Mass),
        b"BodyFatPercentage" => (Metric::BodyFatPercent, Units::Fraction),
        b"OxygenSaturation" => (Metric::Spo2, Units::Fraction),
        b"BloodPressureSystolic" => (Metric::BloodPressureSystolic, Units::Pressure),
        b"BloodPressureDiastolic" => (Metric::BloodPressureDiastolic, Units::Pressure),
        b"BodyTemperature" => (Metric::BodyTemperature, Units::Temperature),
        b"BloodGlucose" => (Metric::BloodGlucose, Units::Glucose),
        b"Height" => (Metric::Height, Units::Length),
        _ => return None,
    };
    Some(RecordKind::Quantity(metric, units))
}

/// mg/dL per mmol/L of glucose, as Health itself writes the molar mass.
const GLUCOSE_MOLAR_MASS: f64 = 180.155_880_000_054_1;

impl Units {
    /// `value` in `unit` converted to the metric's canonical unit; `None`
    /// for a unit this type does not accept (the record is skipped).
    pub(crate) fn convert(self, unit: &[u8], value: f64) -> Option<f64> {
        let factor = match (self, unit) {
            (Units::Bpm, b"count/min") | (Units::Ms, b"ms") | (Units::Count, b"count") => 1.0,
            (Units::Length, b"m") => 1.0,
            (Units::Length, b"km") => 1000.0,
            (Units::Length, b"mi") => 1609.344,
            (Units::Length, b"cm") => return Some(value / 100.0),
            (Units::Length, b"ft") => 0.3048,
            (Units::Length, b"in") => 0.0254,
            (Units::Energy, b"kcal" | b"Cal") => 1.0,
            (Units::Energy, b"kJ") => return Some(value / 4.184),
            (Units::Mass, b"kg") => 1.0,
            (Units::Mass, b"lb") => 0.453_592_37,
            (Units::Mass, b"st") => 6.350_293_18,
            (Units::Mass, b"g") => return Some(value / 1000.0),
            (Units::Fraction, b"%") => 100.0,
            (Units::Pressure, b"mmHg") => 1.0,
            (Units::Temperature, b"degC") => 1.0,
            (Units::Temperature, b"degF") => return Some((value - 32.0) * 5.0 / 9.0),
            (Units::Glucose, b"mmol<180.1558800000541>/L" | b"mmol/L") => 1.0,
            (Units::Glucose, b"mg/dL") => return Some(value * 10.0 / GLUCOSE_MOLAR_MASS),
            _ => return None,
        };
        Some(value * factor)
    }
}

/// A sleep record's state (its `value`), CONTRACT §12.3.4 and §12.5.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum SleepState {
    InBed = 0,
    Asleep = 1,
    Unspecified = 2,
    Awake = 3,
    Core = 4,
    Deep = 5,
    Rem = 6,
}

impl SleepState {
    pub(crate) fn parse(value: &[u8]) -> Option<Self> {
        let name = value.strip_prefix(b"HKCategoryValueSleepAnalysis")?;
        Some(match name {
            b"InBed" => SleepState::InBed,
            b"Asleep" => SleepState::Asleep,
            b"AsleepUnspecified" => SleepState::Unspecified,
            b"Awake" => SleepState::Awake,
            b"AsleepCore" => SleepState::Core,
            b"AsleepDeep" => SleepState::Deep,
            b"AsleepREM" => SleepState::Rem,
            _ => return None,
        })
    }

    pub(crate) fn from_code(code: i64) -> Option<Self> {
        [
            SleepState::InBed,
            SleepState::Asleep,
            SleepState::Unspecified,
            SleepState::Awake,
            SleepState::Core,
            SleepState::Deep,
            SleepState::Rem,
        ]
        .into_iter()
        .find(|s| *s as i64 == code)
    }

    /// The `sleep_stage` value (CONTRACT §7) this state is stored as, if any.
    pub(crate) fn stage_value(self) -> Option<f64> {
        match self {
            SleepState::Awake => Some(0.0),
            SleepState::Core => Some(1.0),
            SleepState::Deep => Some(2.0),
            SleepState::Rem => Some(3.0),
            SleepState::InBed | SleepState::Asleep | SleepState::Unspecified => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn convert(hk: &str, unit: &str, value: f64) -> Option<(Metric, f64)> {
        let Some(RecordKind::Quantity(metric, units)) = record_kind(hk.as_bytes()) else {
            return None;
        };
        units.convert(unit.as_bytes(), value).map(|v| (metric, v))
    }

    fn close(a: f64, b: f64) -> bool {
        ((a - b) / b).abs() < 1e-9
    }

    #[test]
    fn units_are_converted_to_the_canonical_ones() {
        let cases = [
            ("BodyMass", "lb", 154.0, Metric::Weight, 69.853_225),
            ("BodyMass", "st", 11.0, Metric::Weight, 69.853_225),
            (
                "BodyFatPercentage",
                "%",
                0.214,
                Metric::BodyFatPercent,
                21.4,
            ),
            ("OxygenSaturation", "%", 0.97, Metric::Spo2, 97.0),
            (
                "BodyTemperature",
                "degF",
                98.6,
                Metric::BodyTemperature,
                37.0,
            ),
            (
                "BloodGlucose",
                "mg/dL",
                90.0,
                Metric::BloodGlucose,
                4.995_672,
            ),
            (
                "ActiveEnergyBurned",
                "kJ",
                418.4,
                Metric::ActiveEnergy,
                100.0,
            ),
            ("BasalEnergyBurned", "Cal", 70.0, Metric::BasalEnergy, 70.0),
            (
                "DistanceWalkingRunning",
                "mi",
                1.0,
                Metric::Distance,
                1609.344,
            ),
            ("Height", "in", 70.0, Metric::Height, 1.778),
            ("Height", "cm", 178.0, Metric::Height, 1.78),
            (
                "HeartRateVariabilitySDNN",
                "ms",
                48.5,
                Metric::HrvSdnn,
                48.5,
            ),
        ];
        for (hk, unit, value, metric, expected) in cases {
            let hk = format!("HKQuantityTypeIdentifier{hk}");
            let (m, v) = convert(&hk, unit, value).unwrap();
            assert_eq!(m, metric);
            assert!(
                close(v, expected) || (v - expected).abs() < 1e-5,
                "{hk} {unit}: {v}"
            );
        }
    }

    #[test]
    fn unknown_types_and_units_are_skipped() {
        assert_eq!(record_kind(b"HKQuantityTypeIdentifierFlightsClimbed"), None);
        assert_eq!(record_kind(b"HKQuantityTypeIdentifierBodyMassIndex"), None);
        assert_eq!(convert("HKQuantityTypeIdentifierBodyMass", "oz", 1.0), None);
    }
}
