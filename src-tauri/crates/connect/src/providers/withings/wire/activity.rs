//! `v2/measure?action=getactivity`: daily totals, one row per local day.

use serde::Deserialize;
use serde_with::serde_as;

use super::loose::{LooseFlag, LooseInt, LooseText, Number, PhpList, ZoneText};

#[serde_as]
#[derive(Debug, Default, Deserialize)]
pub struct ActivityBody {
    /// Today's form. `None` when absent (or null): see `single_day`.
    #[serde_as(as = "Option<PhpList<_>>")]
    #[serde(default)]
    pub activities: Option<Vec<ActivityDay>>,
    #[serde_as(as = "LooseFlag")]
    #[serde(default)]
    pub more: bool,
    #[serde_as(as = "Option<LooseInt>")]
    pub offset: Option<i64>,
    /// The old document's form: one day's fields directly in the body.
    #[serde(flatten)]
    pub single_day: ActivityDay,
}

#[serde_as]
#[derive(Debug, Default, Deserialize)]
pub struct ActivityDay {
    /// `YYYY-MM-DD`, local to `timezone`.
    #[serde_as(as = "LooseText")]
    #[serde(default)]
    pub date: Option<String>,
    #[serde_as(as = "ZoneText")]
    #[serde(default)]
    pub timezone: Option<String>,
    #[serde_as(as = "LooseText")]
    #[serde(default)]
    pub deviceid: Option<String>,
    #[serde_as(as = "LooseText")]
    #[serde(default)]
    pub hash_deviceid: Option<String>,
    /// A name ("GoogleFit tracker") for trackers getdevice does not list.
    #[serde_as(as = "LooseText")]
    #[serde(default)]
    pub model: Option<String>,
    #[serde(default)]
    pub steps: Option<Number>,
    /// Metres.
    #[serde(default)]
    pub distance: Option<Number>,
    /// Active energy, kcal.
    #[serde(default)]
    pub calories: Option<Number>,
    /// Active + resting energy, kcal.
    #[serde(default)]
    pub totalcalories: Option<Number>,
    /// Metres climbed.
    #[serde(default)]
    pub elevation: Option<Number>,
    /// Seconds of light / moderate / intense activity.
    #[serde(default)]
    pub soft: Option<Number>,
    #[serde(default)]
    pub moderate: Option<Number>,
    #[serde(default)]
    pub intense: Option<Number>,
}
