//! `v2/measure?action=getintradayactivity`: minute-level detail of one day at
//! most, keyed by the entry's start.

use serde::Deserialize;
use serde_with::serde_as;

use super::loose::{LooseInt, Number, PhpMap};

#[serde_as]
#[derive(Debug, Default, Deserialize)]
pub struct IntradayBody {
    /// Unix-seconds text → entry, in the order sent. An empty series may come
    /// as `[]`.
    #[serde_as(as = "PhpMap<_>")]
    #[serde(default)]
    pub series: Vec<(String, IntradayEntry)>,
}

#[serde_as]
#[derive(Debug, Deserialize)]
pub struct IntradayEntry {
    /// Seconds; 0 or absent on most one-minute entries.
    #[serde_as(as = "Option<LooseInt>")]
    pub duration: Option<i64>,
    #[serde(default)]
    pub steps: Option<Number>,
    #[serde(default)]
    pub distance: Option<Number>,
    #[serde(default)]
    pub elevation: Option<Number>,
    /// Active energy, kcal.
    #[serde(default)]
    pub calories: Option<Number>,
    #[serde(default)]
    pub heart_rate: Option<Number>,
}
