//! `v2/user?action=getdevice`: the devices linked to the account.

use serde::Deserialize;
use serde_with::serde_as;

use super::loose::{LooseText, PhpList};

#[serde_as]
#[derive(Debug, Default, Deserialize)]
pub struct DevicesBody {
    #[serde_as(as = "PhpList<_>")]
    #[serde(default)]
    pub devices: Vec<DeviceRow>,
}

/// Today both ids carry the same hash; the old document's example has neither.
#[serde_as]
#[derive(Debug, Deserialize)]
pub struct DeviceRow {
    #[serde_as(as = "LooseText")]
    #[serde(default)]
    pub deviceid: Option<String>,
    #[serde_as(as = "LooseText")]
    #[serde(default)]
    pub hash_deviceid: Option<String>,
    /// "Body+", "Aura Sensor V2".
    #[serde_as(as = "LooseText")]
    #[serde(default)]
    pub model: Option<String>,
    /// "Scale", "Sleep Monitor", "Activity Tracker", …
    #[serde_as(as = "LooseText")]
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
}
