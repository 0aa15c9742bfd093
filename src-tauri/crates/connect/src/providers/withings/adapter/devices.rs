//! `getdevice` → the account's devices, and the device-id → model-name
//! lookup the other adapters use for a record's `detail`.

use std::collections::HashMap;

use super::ParseError;
use super::envelope::open;
use crate::providers::withings::wire::devices::{DeviceRow, DevicesBody};

const ENDPOINT: &str = "getdevice";

/// One device linked to the account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Device {
    /// `deviceid`, else `hash_deviceid` (today both carry the same hash);
    /// empty when the response has neither, as in the old document's example.
    pub id: String,
    /// Model name as Withings spells it ("Body+", "Aura Sensor V2"); may be empty.
    pub model: String,
    /// Withings' `type`: "Scale", "Sleep Monitor", "Activity Tracker", …
    pub kind: String,
}

/// Device id (`deviceid` or `hash_deviceid`) → model name, to name the device
/// a record came from. `Default` is empty: records then carry only the model
/// name the record itself states, if any.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeviceNames(HashMap<String, String>);

/// The device fields of a record, as the wire has them (trimmed, non-empty).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct DeviceRef<'a> {
    pub hash_deviceid: Option<&'a str>,
    pub deviceid: Option<&'a str>,
    /// Only a name: a numeric model code reads as none on the wire.
    pub model: Option<&'a str>,
}

impl DeviceNames {
    /// Names for every device with both an id and a model name.
    pub fn from_devices(devices: &[Device]) -> Self {
        let mut names = DeviceNames::default();
        for device in devices {
            names.insert(&device.id, &device.model);
        }
        names
    }

    /// Remembers a device; an empty id or model is ignored.
    pub fn insert(&mut self, id: &str, model: &str) {
        let (id, model) = (id.trim(), model.trim());
        if !id.is_empty() && !model.is_empty() {
            self.0.insert(id.to_owned(), model.to_owned());
        }
    }

    /// The model name of a device id, if known.
    pub fn get(&self, id: &str) -> Option<&str> {
        self.0.get(id).map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The `detail` of a record: the model name of its `hash_deviceid` or
    /// `deviceid` when known here, else the record's own `model` name (today's
    /// getmeas groups and activity rows carry one).
    pub(super) fn for_record(&self, record: DeviceRef<'_>) -> Option<String> {
        [record.hash_deviceid, record.deviceid]
            .into_iter()
            .flatten()
            .find_map(|id| self.get(id))
            .or(record.model)
            .map(str::to_owned)
    }
}

/// Parses `getdevice`: `body.devices[]` with `deviceid`/`hash_deviceid`,
/// `model` and `type`, in the order sent (duplicates included).
pub fn getdevice(bytes: &[u8]) -> Result<Vec<Device>, ParseError> {
    let body: DevicesBody = open(ENDPOINT, bytes)?;
    Ok(body.devices.into_iter().map(device).collect())
}

fn device(row: DeviceRow) -> Device {
    Device {
        id: row.deviceid.or(row.hash_deviceid).unwrap_or_default(),
        model: row.model.unwrap_or_default(),
        kind: row.kind.unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::withings::adapter::tests::fixture;

    #[test]
    fn devices_and_their_names() {
        let devices = getdevice(&fixture("getdevice.json")).unwrap();
        assert_eq!(devices.len(), 3);
        assert_eq!(
            devices[0],
            Device {
                id: "f998be4b9ccc9e136fd8cd8e8e344c31ec3b271d".into(),
                model: "Body+".into(),
                kind: "Scale".into(),
            }
        );
        assert_eq!(devices[2].id, "", "a device without an id is still listed");
        let names = DeviceNames::from_devices(&devices);
        assert_eq!(
            names.get("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678"),
            Some("Sleep Analyzer")
        );
        assert_eq!(names.get(""), None);
    }

    #[test]
    fn the_old_documents_devices_have_no_ids() {
        let old = br#"{"status":0,"body":{"devices":[
            {"type":"Scale","model":"Smart Body Analyzer","battery":"medium"}]}}"#;
        let devices = getdevice(old).unwrap();
        assert_eq!(devices[0].model, "Smart Body Analyzer");
        assert!(DeviceNames::from_devices(&devices).is_empty());
    }

    #[test]
    fn device_lookup_prefers_getdevice_names() {
        let mut names = DeviceNames::default();
        names.insert("abc", "Body Scan");
        let record = DeviceRef {
            hash_deviceid: Some("abc"),
            model: Some("Scale"),
            ..DeviceRef::default()
        };
        assert_eq!(names.for_record(record).as_deref(), Some("Body Scan"));
        let unknown = DeviceRef {
            deviceid: Some("zzz"),
            ..record
        };
        let unknown = DeviceRef {
            hash_deviceid: None,
            ..unknown
        };
        assert_eq!(names.for_record(unknown).as_deref(), Some("Scale"));
    }
}
