//! `v2/sleep?action=getsummary` (one summary per night) and `v2/sleep?action=get`
//! (the stage-by-stage series of a time range).

use serde::Deserialize;
use serde_with::serde_as;

use super::loose::{
    Computed, LooseFlag, LooseInt, LooseText, Number, PhpList, PhpMap, PhpObject, ZoneText,
};

#[serde_as]
#[derive(Debug, Default, Deserialize)]
pub struct SummaryBody {
    #[serde_as(as = "PhpList<_>")]
    #[serde(default)]
    pub series: Vec<SummaryRow>,
    #[serde_as(as = "LooseFlag")]
    #[serde(default)]
    pub more: bool,
    #[serde_as(as = "Option<LooseInt>")]
    pub offset: Option<i64>,
}

/// One night.
#[serde_as]
#[derive(Debug, Deserialize)]
pub struct SummaryRow {
    #[serde_as(as = "Option<LooseInt>")]
    pub id: Option<i64>,
    /// In bed / out of bed, unix seconds.
    #[serde_as(as = "Option<LooseInt>")]
    pub startdate: Option<i64>,
    #[serde_as(as = "Option<LooseInt>")]
    pub enddate: Option<i64>,
    #[serde_as(as = "ZoneText")]
    #[serde(default)]
    pub timezone: Option<String>,
    /// `YYYY-MM-DD`, Withings' date of the night.
    #[serde_as(as = "LooseText")]
    #[serde(default)]
    pub date: Option<String>,
    #[serde_as(as = "Option<LooseInt>")]
    pub modified: Option<i64>,
    #[serde_as(as = "LooseText")]
    #[serde(default)]
    pub deviceid: Option<String>,
    #[serde_as(as = "LooseText")]
    #[serde(default)]
    pub hash_deviceid: Option<String>,
    /// Here a numeric code (`32`), which reads as no name.
    #[serde_as(as = "LooseText")]
    #[serde(default)]
    pub model: Option<String>,
    #[serde_as(as = "PhpObject<_>")]
    #[serde(default)]
    pub data: SleepData,
}

/// The night's totals in seconds (`wakeupcount` a count); `-1` means "not
/// computed" and reads as `None`.
#[serde_as]
#[derive(Debug, Default, Deserialize)]
pub struct SleepData {
    #[serde_as(as = "Computed")]
    #[serde(default)]
    pub lightsleepduration: Option<i64>,
    #[serde_as(as = "Computed")]
    #[serde(default)]
    pub deepsleepduration: Option<i64>,
    #[serde_as(as = "Computed")]
    #[serde(default)]
    pub remsleepduration: Option<i64>,
    #[serde_as(as = "Computed")]
    #[serde(default)]
    pub wakeupduration: Option<i64>,
    #[serde_as(as = "Computed")]
    #[serde(default)]
    pub durationtosleep: Option<i64>,
    #[serde_as(as = "Computed")]
    #[serde(default)]
    pub wakeupcount: Option<i64>,
    #[serde_as(as = "Computed")]
    #[serde(default)]
    pub total_sleep_time: Option<i64>,
    #[serde_as(as = "Computed")]
    #[serde(default)]
    pub asleepduration: Option<i64>,
}

#[serde_as]
#[derive(Debug, Default, Deserialize)]
pub struct SeriesBody {
    #[serde_as(as = "PhpList<_>")]
    #[serde(default)]
    pub series: Vec<StageRow>,
}

/// One stretch in one sleep state, with the heart rate measured during it.
#[serde_as]
#[derive(Debug, Deserialize)]
pub struct StageRow {
    #[serde_as(as = "Option<LooseInt>")]
    pub startdate: Option<i64>,
    #[serde_as(as = "Option<LooseInt>")]
    pub enddate: Option<i64>,
    /// 0 awake, 1 light, 2 deep, 3 REM, 4 manual, 5 unspecified.
    #[serde_as(as = "Option<LooseInt>")]
    pub state: Option<i64>,
    /// Unix-seconds text → bpm.
    #[serde_as(as = "PhpMap<_>")]
    #[serde(default)]
    pub hr: Vec<(String, Number)>,
}
