//! The records the fake serves: measure groups, activity days, nights, workouts, devices.

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// Withings measure types used by the data set (see the getmeas type table).
pub mod meastype {
    pub const WEIGHT: i32 = 1;
    pub const HEIGHT: i32 = 4;
    pub const FAT_FREE_MASS: i32 = 5;
    pub const FAT_RATIO: i32 = 6;
    pub const FAT_MASS: i32 = 8;
    pub const DIASTOLIC: i32 = 9;
    pub const SYSTOLIC: i32 = 10;
    pub const HEART_PULSE: i32 = 11;
    pub const TEMPERATURE: i32 = 12;
    pub const SPO2: i32 = 54;
    pub const BODY_TEMPERATURE: i32 = 71;
    pub const MUSCLE_MASS: i32 = 76;
    pub const HYDRATION: i32 = 77;
    pub const BONE_MASS: i32 = 88;
    pub const PULSE_WAVE_VELOCITY: i32 = 91;
}

/// One value of a measure group: the real value is `value × 10^unit`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Measure {
    pub value: i64,
    #[serde(rename = "type")]
    pub meastype: i32,
    pub unit: i32,
    /// Present on some scale measures, as in real responses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub algo: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fm: Option<i32>,
}

impl Measure {
    pub fn new(meastype: i32, value: i64, unit: i32) -> Self {
        Self {
            value,
            meastype,
            unit,
            algo: None,
            fm: None,
        }
    }

    /// The real value, `value × 10^unit`.
    pub fn real(&self) -> f64 {
        self.value as f64 * 10f64.powi(self.unit)
    }
}

/// A measure group exactly as getmeas serves it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeasureGroup {
    /// Larger than `u32::MAX` for the newest groups, as real grpids are.
    pub grpid: u64,
    /// 0 device, 1 device but ambiguous user, 2 manual, 4 at account creation.
    pub attrib: u8,
    pub date: i64,
    pub created: i64,
    pub modified: i64,
    /// 1 real measurement, 2 objective.
    pub category: u8,
    pub deviceid: Option<String>,
    pub hash_deviceid: Option<String>,
    pub modelid: Option<u32>,
    pub model: Option<String>,
    pub comment: Option<String>,
    pub measures: Vec<Measure>,
}

impl MeasureGroup {
    pub fn measure(&self, meastype: i32) -> Option<&Measure> {
        self.measures.iter().find(|m| m.meastype == meastype)
    }
}

/// A weigh-in of the truth: every real (category 1) group that carries a weight.
#[derive(Clone, Debug, PartialEq)]
pub struct Weighing {
    pub grpid: u64,
    pub date: i64,
    /// The local date in the timezone the person was in.
    pub local_date: NaiveDate,
    pub attrib: u8,
    pub weight_kg: f64,
    pub fat_ratio_percent: Option<f64>,
    pub modified: i64,
}

/// A device as getdevice lists it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Device {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub model: &'static str,
    pub model_id: u32,
    pub battery: &'static str,
    pub deviceid: String,
    pub hash_deviceid: String,
    pub timezone: &'static str,
    pub first_session_date: Option<i64>,
    pub last_session_date: Option<i64>,
}

/// One daily getactivity row (truth).
#[derive(Clone, Debug, PartialEq)]
pub struct ActivityDay {
    pub date: NaiveDate,
    /// Where the person was that day; its midnights bound the day.
    pub timezone: Tz,
    /// Local day length in hours: 23 or 25 on DST change days.
    pub day_hours: u32,
    pub steps: u32,
    pub distance: f64,
    pub elevation: f64,
    pub soft: u32,
    pub moderate: u32,
    pub intense: u32,
    /// Active energy, kcal.
    pub calories: f64,
    /// Total energy (basal + active), kcal.
    pub totalcalories: f64,
    pub hr_average: u32,
    pub hr_min: u32,
    pub hr_max: u32,
    pub hr_zones: [u32; 4],
    pub modified: i64,
    /// Waking window (unix seconds) the intraday minutes fall in.
    pub wake: i64,
    pub bed: i64,
}

/// One intraday minute (generated on demand).
#[derive(Clone, Debug, PartialEq)]
pub struct IntradayEntry {
    pub timestamp: i64,
    pub steps: u32,
    pub distance: f64,
    pub elevation: f64,
    pub calories: f64,
    pub duration: u32,
    pub heart_rate: Option<u32>,
}

/// One sleep-stage interval: 0 awake, 1 light, 2 deep, 3 REM.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SleepStage {
    pub startdate: i64,
    pub enddate: i64,
    pub state: u8,
}

/// The getsummary `data` of a night, computed from its stages. `-1` means
/// "not computed", as Withings sends it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SleepSummary {
    pub wakeupduration: i64,
    pub lightsleepduration: i64,
    pub deepsleepduration: i64,
    pub remsleepduration: i64,
    pub durationtosleep: i64,
    pub durationtowakeup: i64,
    pub wakeupcount: i64,
    pub total_timeinbed: i64,
    pub total_sleep_time: i64,
    pub asleepduration: i64,
    pub sleep_efficiency: f64,
    pub sleep_latency: i64,
    pub wakeup_latency: i64,
    pub waso: i64,
    pub nb_rem_episodes: i64,
    pub out_of_bed_count: i64,
    pub hr_average: i64,
    pub hr_min: i64,
    pub hr_max: i64,
    pub rr_average: i64,
    pub rr_min: i64,
    pub rr_max: i64,
    pub snoring: i64,
    pub snoringepisodecount: i64,
    pub breathing_disturbances_intensity: i64,
    pub apnea_hypopnea_index: i64,
    pub sleep_score: i64,
}

/// One night; `date` is the wake-up day, as getsummary dates it.
#[derive(Clone, Debug, PartialEq)]
pub struct Night {
    pub id: u64,
    pub date: NaiveDate,
    pub timezone: Tz,
    pub startdate: i64,
    pub enddate: i64,
    pub created: i64,
    pub modified: i64,
    pub stages: Vec<SleepStage>,
    pub summary: SleepSummary,
}

/// One workout (truth for getworkouts).
#[derive(Clone, Debug, PartialEq)]
pub struct Workout {
    pub id: u64,
    /// 1 walk, 2 run, 6 bicycling, 7 swim, 16 lift weights, 28 yoga, 187 rowing.
    pub category: u32,
    pub date: NaiveDate,
    pub timezone: Tz,
    pub startdate: i64,
    pub enddate: i64,
    pub modified: i64,
    pub calories: u32,
    pub distance: u32,
    pub steps: u32,
    pub elevation: u32,
    pub intensity: u32,
    pub hr_average: u32,
    pub hr_min: u32,
    pub hr_max: u32,
    pub hr_zones: [u32; 4],
}

/// A group to add through the faults API ("new data arriving").
#[derive(Clone, Debug, Default, Deserialize)]
pub struct NewMeasureGroup {
    /// Unix time of the measurement; `None` = now.
    #[serde(default)]
    pub date: Option<i64>,
    /// 1 real (default), 2 objective.
    #[serde(default)]
    pub category: Option<u8>,
    /// 0 device (default: the scale), 2 manual, …
    #[serde(default)]
    pub attrib: Option<u8>,
    pub measures: Vec<Measure>,
}
