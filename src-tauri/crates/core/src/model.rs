//! What the store keeps: measurements, sleep nights and workouts, each tagged
//! with the zone it was reported in. Times are Unix seconds in UTC.

use crate::error::{Error, Result};
use crate::metric::{Metric, MetricKind};
use crate::source::SourceId;
use crate::time::{Zone, format_utc};

/// One value of one metric. Identity (CONTRACT §8) is (metric, start, end,
/// source): storing the same identity again replaces the value.
#[derive(Clone, Debug, PartialEq)]
pub struct Measurement {
    pub metric: Metric,
    pub start: i64,
    /// `None` for point samples.
    pub end: Option<i64>,
    /// In the metric's canonical unit.
    pub value: f64,
    pub zone: Zone,
    /// Finer detail a source reports beside its own totals (Withings intraday
    /// steps beside daily steps). Charts use it when zoomed in; CSV exports it
    /// only with `--intraday`; daily totals never add it to the reported totals.
    pub intraday: bool,
    /// The source's own id for the record, kept for provenance.
    pub record_id: Option<String>,
    /// Free text: workout type, device name.
    pub detail: Option<String>,
}

impl Measurement {
    pub fn sample(metric: Metric, at: i64, value: f64, zone: Zone) -> Self {
        Measurement {
            metric,
            start: at,
            end: None,
            value,
            zone,
            intraday: false,
            record_id: None,
            detail: None,
        }
    }

    pub fn interval(metric: Metric, start: i64, end: i64, value: f64, zone: Zone) -> Self {
        Measurement {
            end: Some(end),
            ..Measurement::sample(metric, start, value, zone)
        }
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    pub fn with_record_id(mut self, id: impl Into<String>) -> Self {
        self.record_id = Some(id.into());
        self
    }

    pub fn as_intraday(mut self) -> Self {
        self.intraday = true;
        self
    }

    /// Rejects what would corrupt charts or totals: non-finite values, empty
    /// or reversed intervals, times outside 1970..2100, a stage value that is
    /// not a stage.
    pub fn validate(&self) -> Result<()> {
        let invalid = |why: String| Error::InvalidRecord {
            metric: self.metric.id(),
            at: format_utc(self.start),
            why,
        };
        if !self.value.is_finite() {
            return Err(invalid(format!("value {} is not a number", self.value)));
        }
        if !(0..MAX_TIME).contains(&self.start) {
            return Err(invalid("time is outside 1970–2100".into()));
        }
        if let Some(end) = self.end
            && (end <= self.start || end >= MAX_TIME)
        {
            return Err(invalid(format!(
                "end {} is not after start",
                format_utc(end)
            )));
        }
        if self.metric.kind() == MetricKind::Stage && SleepStage::from_value(self.value).is_none() {
            return Err(invalid(format!(
                "{} is not a sleep stage (0–3)",
                self.value
            )));
        }
        Ok(())
    }
}

/// 2100-01-01T00:00:00Z: no health record is later.
pub const MAX_TIME: i64 = 4_102_444_800;

/// Sleep stages as CONTRACT §7 numbers them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum SleepStage {
    Awake = 0,
    Light = 1,
    Deep = 2,
    Rem = 3,
}

impl SleepStage {
    pub fn from_value(value: f64) -> Option<Self> {
        [
            SleepStage::Awake,
            SleepStage::Light,
            SleepStage::Deep,
            SleepStage::Rem,
        ]
        .into_iter()
        .find(|stage| stage.value() == value)
    }

    pub fn value(self) -> f64 {
        f64::from(self as u8)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StageInterval {
    pub start: i64,
    pub end: i64,
    pub stage: SleepStage,
}

/// Per-night totals (CONTRACT §7), seconds unless noted.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NightTotals {
    /// Time asleep: light + deep + REM.
    pub asleep: Option<i64>,
    pub light: Option<i64>,
    pub deep: Option<i64>,
    pub rem: Option<i64>,
    pub awake: Option<i64>,
    pub latency: Option<i64>,
    pub wakeups: Option<u32>,
}

impl NightTotals {
    /// Totals derived from stage intervals. Latency is the awake time before
    /// the first sleep stage; a wake-up is an awake interval between two
    /// sleep intervals.
    pub fn from_stages(start: i64, stages: &[StageInterval]) -> Self {
        let sum = |which: SleepStage| -> i64 {
            stages
                .iter()
                .filter(|s| s.stage == which)
                .map(|s| s.end - s.start)
                .sum()
        };
        let (light, deep, rem, awake) = (
            sum(SleepStage::Light),
            sum(SleepStage::Deep),
            sum(SleepStage::Rem),
            sum(SleepStage::Awake),
        );
        let first_sleep = stages.iter().find(|s| s.stage != SleepStage::Awake);
        let last_sleep_end = stages
            .iter()
            .filter(|s| s.stage != SleepStage::Awake)
            .map(|s| s.end)
            .max();
        let wakeups = match (first_sleep, last_sleep_end) {
            (Some(first), Some(last)) => stages
                .iter()
                .filter(|s| s.stage == SleepStage::Awake && s.start >= first.end && s.end <= last)
                .count(),
            _ => 0,
        };
        NightTotals {
            asleep: Some(light + deep + rem),
            light: Some(light),
            deep: Some(deep),
            rem: Some(rem),
            awake: Some(awake),
            latency: first_sleep.map(|s| s.start - start),
            wakeups: u32::try_from(wakeups).ok(),
        }
    }

    /// The per-night metrics these totals become, in catalogue order.
    pub fn as_metrics(&self) -> Vec<(Metric, f64)> {
        let seconds = |v: Option<i64>| v.map(|s| s as f64);
        [
            (Metric::SleepDuration, seconds(self.asleep)),
            (Metric::SleepLightDuration, seconds(self.light)),
            (Metric::SleepDeepDuration, seconds(self.deep)),
            (Metric::SleepRemDuration, seconds(self.rem)),
            (Metric::SleepAwakeDuration, seconds(self.awake)),
            (Metric::SleepLatency, seconds(self.latency)),
            (Metric::SleepWakeupCount, self.wakeups.map(f64::from)),
        ]
        .into_iter()
        .filter_map(|(metric, value)| value.map(|v| (metric, v)))
        .collect()
    }
}

/// One night in bed, from getting in to getting out.
#[derive(Clone, Debug, PartialEq)]
pub struct SleepNight {
    pub start: i64,
    pub end: i64,
    pub zone: Zone,
    /// Ordered, non-overlapping, within `[start, end)`. May be empty when a
    /// source reports totals only.
    pub stages: Vec<StageInterval>,
    pub totals: NightTotals,
    pub record_id: Option<String>,
    pub detail: Option<String>,
}

impl SleepNight {
    /// A night whose totals are derived from its stages.
    pub fn from_stages(start: i64, end: i64, zone: Zone, stages: Vec<StageInterval>) -> Self {
        let totals = NightTotals::from_stages(start, &stages);
        SleepNight {
            start,
            end,
            zone,
            stages,
            totals,
            record_id: None,
            detail: None,
        }
    }

    /// The measurements that represent this night in CSV: the per-night
    /// metrics spanning the night, and one `sleep_stage` row per interval.
    pub fn measurements(&self) -> Vec<Measurement> {
        let night = |metric, value| {
            let mut m = Measurement::interval(metric, self.start, self.end, value, self.zone);
            m.record_id.clone_from(&self.record_id);
            m.detail.clone_from(&self.detail);
            m
        };
        let mut out: Vec<Measurement> = self
            .totals
            .as_metrics()
            .into_iter()
            .map(|(metric, value)| night(metric, value))
            .collect();
        out.extend(self.stages.iter().map(|s| {
            Measurement::interval(
                Metric::SleepStage,
                s.start,
                s.end,
                s.stage.value(),
                self.zone,
            )
        }));
        out
    }
}

/// A workout; stored as one `workout` measurement (value = duration, type in
/// `detail`) plus a row for the workout list.
#[derive(Clone, Debug, PartialEq)]
pub struct Workout {
    pub start: i64,
    pub end: i64,
    pub zone: Zone,
    /// e.g. "running", "cycling".
    pub kind: String,
    pub energy_kcal: Option<f64>,
    pub distance_m: Option<f64>,
    pub record_id: Option<String>,
}

impl Workout {
    pub fn measurement(&self) -> Measurement {
        let mut m = Measurement::interval(
            Metric::Workout,
            self.start,
            self.end,
            (self.end - self.start) as f64,
            self.zone,
        )
        .with_detail(self.kind.clone());
        m.record_id.clone_from(&self.record_id);
        m
    }
}

/// Everything one source delivered in one go; stored in one transaction.
#[derive(Clone, Debug, PartialEq)]
pub struct Batch {
    pub source: SourceId,
    pub measurements: Vec<Measurement>,
    pub nights: Vec<SleepNight>,
    pub workouts: Vec<Workout>,
}

impl Batch {
    pub fn new(source: SourceId) -> Self {
        Batch {
            source,
            measurements: Vec::new(),
            nights: Vec::new(),
            workouts: Vec::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.measurements.len() + self.nights.len() + self.workouts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stage(start: i64, end: i64, stage: SleepStage) -> StageInterval {
        StageInterval { start, end, stage }
    }

    #[test]
    fn night_totals_from_stages() {
        use SleepStage::*;
        // In bed at 0: 10 min awake, light, deep, a 5-min wake-up, REM, awake at the end.
        let stages = [
            stage(0, 600, Awake),
            stage(600, 2400, Light),
            stage(2400, 4200, Deep),
            stage(4200, 4500, Awake),
            stage(4500, 6000, Rem),
            stage(6000, 6300, Awake),
        ];
        let t = NightTotals::from_stages(0, &stages);
        assert_eq!(t.light, Some(1800));
        assert_eq!(t.deep, Some(1800));
        assert_eq!(t.rem, Some(1500));
        assert_eq!(t.asleep, Some(5100));
        assert_eq!(t.awake, Some(1200));
        assert_eq!(t.latency, Some(600));
        assert_eq!(
            t.wakeups,
            Some(1),
            "awake before sleep and after waking are not wake-ups"
        );
    }

    #[test]
    fn invalid_records_are_named() {
        let m = Measurement::sample(Metric::HeartRate, 1_600_000_000, f64::NAN, Zone::UTC);
        assert_eq!(
            m.validate().err().map(|e| e.to_string()).as_deref(),
            Some(
                "invalid record for heart_rate at 2020-09-13T12:26:40Z: value NaN is not a number"
            )
        );
        let m = Measurement::interval(Metric::Steps, 100, 100, 5.0, Zone::UTC);
        assert!(m.validate().is_err());
        let m = Measurement::interval(Metric::SleepStage, 100, 200, 4.0, Zone::UTC);
        assert!(m.validate().is_err());
    }
}
