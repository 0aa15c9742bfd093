//! The metric catalogue (CONTRACT §7): ids, canonical units and how each metric
//! aggregates. Values are always stored and exported in these units; display
//! units are a UI preference.

use std::fmt;
use std::str::FromStr;

use crate::error::Error;

/// How a metric's values combine when a chart shows many of them as one point.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum MetricKind {
    /// An instantaneous reading: buckets show min, max and mean.
    Sample,
    /// A total over an interval (steps, energy): buckets add up.
    Interval,
    /// One value per sleep night, spanning the night.
    Night,
    /// Sleep stage intervals: only meaningful per night (hypnogram).
    Stage,
}

impl MetricKind {
    /// Whether values within a bucket are summed (true) or averaged.
    pub fn is_additive(self) -> bool {
        matches!(self, MetricKind::Interval)
    }
}

macro_rules! metrics {
    ($( $variant:ident => $id:literal, $unit:literal, $kind:ident, $label:literal; )*) => {
        /// A canonical metric. The order of [`Metric::ALL`] is the catalogue's display order.
        ///
        /// Serialized as its id; TypeScript sees the union of the ids. Parsed
        /// through [`FromStr`], so an unknown id is [`Error::UnknownMetric`]
        /// wherever it comes from.
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde_with::DeserializeFromStr,
        )]
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        pub enum Metric { $(#[serde(rename = $id)] $variant),* }

        impl Metric {
            pub const ALL: &'static [Metric] = &[$(Metric::$variant),*];

            /// The stable snake_case id used in the database, the CLI and CSV.
            pub fn id(self) -> &'static str {
                match self { $(Metric::$variant => $id),* }
            }

            /// The canonical unit (CONTRACT §7).
            pub fn unit(self) -> &'static str {
                match self { $(Metric::$variant => $unit),* }
            }

            pub fn kind(self) -> MetricKind {
                match self { $(Metric::$variant => MetricKind::$kind),* }
            }

            /// A short human label for tables and chart titles.
            pub fn label(self) -> &'static str {
                match self { $(Metric::$variant => $label),* }
            }
        }
    };
}

metrics! {
    HeartRate => "heart_rate", "bpm", Sample, "Heart rate";
    RestingHeartRate => "resting_heart_rate", "bpm", Sample, "Resting heart rate";
    Weight => "weight", "kg", Sample, "Weight";
    Height => "height", "m", Sample, "Height";
    BodyFatPercent => "body_fat_percent", "%", Sample, "Body fat";
    FatMass => "fat_mass", "kg", Sample, "Fat mass";
    FatFreeMass => "fat_free_mass", "kg", Sample, "Fat-free mass";
    MuscleMass => "muscle_mass", "kg", Sample, "Muscle mass";
    BoneMass => "bone_mass", "kg", Sample, "Bone mass";
    Hydration => "hydration", "kg", Sample, "Hydration";
    BloodPressureSystolic => "blood_pressure_systolic", "mmHg", Sample, "Systolic blood pressure";
    BloodPressureDiastolic => "blood_pressure_diastolic", "mmHg", Sample, "Diastolic blood pressure";
    Spo2 => "spo2", "%", Sample, "Blood oxygen";
    BodyTemperature => "body_temperature", "degC", Sample, "Body temperature";
    SkinTemperature => "skin_temperature", "degC", Sample, "Skin temperature";
    PulseWaveVelocity => "pulse_wave_velocity", "m/s", Sample, "Pulse wave velocity";
    BloodGlucose => "blood_glucose", "mmol/L", Sample, "Blood glucose";
    Steps => "steps", "count", Interval, "Steps";
    Distance => "distance", "m", Interval, "Distance";
    ActiveEnergy => "active_energy", "kcal", Interval, "Active energy";
    TotalEnergy => "total_energy", "kcal", Interval, "Total energy";
    Elevation => "elevation", "m", Interval, "Elevation";
    LightActivity => "light_activity", "s", Interval, "Light activity";
    ModerateActivity => "moderate_activity", "s", Interval, "Moderate activity";
    IntenseActivity => "intense_activity", "s", Interval, "Intense activity";
    SleepDuration => "sleep_duration", "s", Night, "Sleep";
    SleepLightDuration => "sleep_light_duration", "s", Night, "Light sleep";
    SleepDeepDuration => "sleep_deep_duration", "s", Night, "Deep sleep";
    SleepRemDuration => "sleep_rem_duration", "s", Night, "REM sleep";
    SleepAwakeDuration => "sleep_awake_duration", "s", Night, "Awake in bed";
    SleepLatency => "sleep_latency", "s", Night, "Time to fall asleep";
    SleepWakeupCount => "sleep_wakeup_count", "count", Night, "Wake-ups";
    SleepStage => "sleep_stage", "stage", Stage, "Sleep stage";
    Workout => "workout", "s", Interval, "Workout";
    Mood => "mood", "score", Sample, "Mood";
    ProductiveTime => "productive_time", "s", Interval, "Productive time";
}

impl fmt::Display for Metric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.id())
    }
}

impl FromStr for Metric {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        Metric::ALL
            .iter()
            .copied()
            .find(|m| m.id() == s)
            .ok_or_else(|| Error::UnknownMetric(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_metric_is_its_own_index_in_all() {
        // `MetricCounts` indexes an array by `metric as usize`.
        for (i, m) in Metric::ALL.iter().enumerate() {
            assert_eq!(*m as usize, i, "{m:?}");
        }
    }

    #[test]
    fn ids_are_unique_snake_case_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for &m in Metric::ALL {
            assert!(seen.insert(m.id()), "duplicate id {}", m.id());
            assert!(
                m.id()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "{} is not snake_case",
                m.id()
            );
            assert_eq!(m.id().parse::<Metric>().ok(), Some(m));
        }
    }

    #[test]
    fn serde_uses_the_id() {
        use serde::Deserialize;
        use serde::de::value::{Error as DeError, StrDeserializer};
        let id = toml::Value::try_from(Metric::RestingHeartRate).unwrap();
        assert_eq!(id.as_str(), Some("resting_heart_rate"));
        let parse = |s| Metric::deserialize(StrDeserializer::<DeError>::new(s));
        assert_eq!(
            parse("resting_heart_rate").ok(),
            Some(Metric::RestingHeartRate)
        );
        let err = parse("pulse").unwrap_err().to_string();
        assert!(err.starts_with("unknown metric 'pulse'"), "{err}");
    }

    #[test]
    fn unknown_metric_error_names_it() {
        let err = "heartrate".parse::<Metric>().err().map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("unknown metric 'heartrate' (run `healthdash metrics` for the list)")
        );
    }

    #[test]
    fn contract_units() {
        assert_eq!(Metric::Weight.unit(), "kg");
        assert_eq!(Metric::BodyTemperature.unit(), "degC");
        assert_eq!(Metric::BloodGlucose.unit(), "mmol/L");
        assert_eq!(Metric::SleepStage.unit(), "stage");
        assert_eq!(Metric::Steps.kind(), MetricKind::Interval);
    }
}
