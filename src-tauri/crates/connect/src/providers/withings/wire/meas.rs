//! `measure?action=getmeas`: body measures grouped by the moment they were taken.

use serde::Deserialize;
use serde_with::serde_as;

use super::loose::{LooseFlag, LooseInt, LooseText, Number, PhpList, ZoneText};

#[serde_as]
#[derive(Debug, Default, Deserialize)]
pub struct MeasBody {
    /// Pass as `lastupdate` next time.
    #[serde_as(as = "Option<LooseInt>")]
    pub updatetime: Option<i64>,
    /// The zone of groups that have none.
    #[serde_as(as = "ZoneText")]
    #[serde(default)]
    pub timezone: Option<String>,
    /// Newest first.
    #[serde_as(as = "PhpList<_>")]
    #[serde(default)]
    pub measuregrps: Vec<MeasureGroup>,
    #[serde_as(as = "LooseFlag")]
    #[serde(default)]
    pub more: bool,
    #[serde_as(as = "Option<LooseInt>")]
    pub offset: Option<i64>,
}

/// One weighing / one reading.
#[serde_as]
#[derive(Debug, Deserialize)]
pub struct MeasureGroup {
    #[serde_as(as = "Option<LooseInt>")]
    pub grpid: Option<i64>,
    /// 1 = a device measure that may be another user's (a guest on the scale).
    #[serde_as(as = "Option<LooseInt>")]
    pub attrib: Option<i64>,
    /// Unix seconds.
    #[serde_as(as = "Option<LooseInt>")]
    pub date: Option<i64>,
    /// 1 = a measurement, 2 = a user objective.
    #[serde_as(as = "Option<LooseInt>")]
    pub category: Option<i64>,
    #[serde_as(as = "ZoneText")]
    #[serde(default)]
    pub timezone: Option<String>,
    #[serde_as(as = "LooseText")]
    #[serde(default)]
    pub deviceid: Option<String>,
    #[serde_as(as = "LooseText")]
    #[serde(default)]
    pub hash_deviceid: Option<String>,
    /// The device's model name ("BPM Connect"); null for manual entries.
    #[serde_as(as = "LooseText")]
    #[serde(default)]
    pub model: Option<String>,
    #[serde_as(as = "PhpList<_>")]
    #[serde(default)]
    pub measures: Vec<Measure>,
}

/// One value: `value × 10^unit` of Withings measure `type`.
#[serde_as]
#[derive(Debug, Deserialize)]
pub struct Measure {
    #[serde(default)]
    pub value: Option<Number>,
    #[serde_as(as = "Option<LooseInt>")]
    #[serde(rename = "type")]
    pub kind: Option<i64>,
    #[serde_as(as = "Option<LooseInt>")]
    pub unit: Option<i64>,
}
