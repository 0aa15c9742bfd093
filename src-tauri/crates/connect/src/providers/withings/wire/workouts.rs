//! `v2/measure?action=getworkouts`: one row per workout session.

use serde::Deserialize;
use serde_with::serde_as;

use super::loose::{LooseFlag, LooseInt, Number, PhpList, PhpObject, ZoneText};

#[serde_as]
#[derive(Debug, Default, Deserialize)]
pub struct WorkoutsBody {
    #[serde_as(as = "PhpList<_>")]
    #[serde(default)]
    pub series: Vec<WorkoutRow>,
    #[serde_as(as = "LooseFlag")]
    #[serde(default)]
    pub more: bool,
    #[serde_as(as = "Option<LooseInt>")]
    pub offset: Option<i64>,
}

#[serde_as]
#[derive(Debug, Deserialize)]
pub struct WorkoutRow {
    #[serde_as(as = "Option<LooseInt>")]
    pub id: Option<i64>,
    /// Unix seconds.
    #[serde_as(as = "Option<LooseInt>")]
    pub startdate: Option<i64>,
    #[serde_as(as = "Option<LooseInt>")]
    pub enddate: Option<i64>,
    /// Withings' workout category (7 swimming, 2 run, …).
    #[serde_as(as = "Option<LooseInt>")]
    pub category: Option<i64>,
    #[serde_as(as = "ZoneText")]
    #[serde(default)]
    pub timezone: Option<String>,
    #[serde_as(as = "PhpObject<_>")]
    #[serde(default)]
    pub data: WorkoutData,
}

/// Measured values, and the ones the user typed when the device had none.
#[derive(Debug, Default, Deserialize)]
pub struct WorkoutData {
    /// kcal.
    #[serde(default)]
    pub calories: Option<Number>,
    /// Metres.
    #[serde(default)]
    pub distance: Option<Number>,
    #[serde(default)]
    pub manual_calories: Option<Number>,
    #[serde(default)]
    pub manual_distance: Option<Number>,
}
