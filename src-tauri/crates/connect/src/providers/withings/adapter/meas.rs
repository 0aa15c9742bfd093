//! `getmeas` → body measures (scales, blood-pressure monitors, thermometers),
//! each a sample at its group's date.

use healthdash_core::metric::Metric;
use healthdash_core::model::Measurement;
use healthdash_core::time::Zone;

use super::devices::DeviceRef;
use super::envelope::open;
use super::{DeviceNames, ParseError, RowAt, plausible, rows, zone};
use crate::providers::withings::wire::meas::{MeasBody, Measure, MeasureGroup};

/// Record ids of measure groups: `grp:<grpid>`.
pub const GROUP_RECORD_PREFIX: &str = "grp:";

const ENDPOINT: &str = "getmeas";

/// One page of `getmeas`, its groups flattened.
#[derive(Clone, Debug, PartialEq)]
pub struct MeasPage {
    /// The values of the groups kept (see [`getmeas`]), group by group in the
    /// order sent (newest first).
    pub measurements: Vec<Measurement>,
    pub more: bool,
    pub offset: i64,
    /// Withings' `updatetime`: pass it as `lastupdate` next time.
    pub updatetime: Option<i64>,
}

/// Parses a `getmeas` page.
///
/// - **Groups kept**: only `category` 1 (real measurements; 2 is a user
///   objective, not a measurement; absent is read as 1). **Ambiguous groups
///   are skipped**: `attrib` 1 means "device measure that may belong to
///   another user" (a guest on the family scale, not yet assigned), so it is
///   not stored until the user assigns it, when it returns with another
///   attrib. Kept: 0 device, 2 manual, 3 manual at account creation, 4 auto,
///   5 user-picked, 7 user-confirmed, 15 guided, and 8 (→ 0) and 17 (→ 15)
///   seen in the wild; other unknown values are kept too (only 1 signals
///   someone else's measure). Absent attrib is read as 0.
/// - **Value** = `value × 10^unit`, computed by dividing by an exact power of
///   ten for negative units so that 79300 with unit −3 is exactly `79.3`.
/// - **Types** → metrics: 1 weight (kg), 4 height (m), 5 fat_free_mass (kg),
///   6 body_fat_percent (%), 8 fat_mass (kg), 9 blood_pressure_diastolic,
///   10 blood_pressure_systolic (mmHg), 11 heart_rate (bpm), 12 and 71
///   body_temperature (°C), 73 skin_temperature (°C), 54 spo2 (%), 76
///   muscle_mass, 77 hydration, 88 bone_mass (kg), 91 pulse_wave_velocity
///   (m/s). Other types (VO₂ max, ECG intervals, segmental values, …) are
///   skipped with a debug log. When a group repeats a metric (Body Scan sends
///   fat-free mass twice; 12 and 71 are both body temperature) the first one
///   wins.
/// - **Implausible values** (negative, a zero weight, a fat ratio over 100 %,
///   …) are skipped with a warning; the page still parses.
/// - Each measure is a point **sample at the group's `date`** (unix seconds),
///   in the group's `timezone` if it has one, else the response's
///   `timezone`, else UTC. `record_id` = `grp:<grpid>`; `detail` = the
///   device's model name (from `devices` by `hash_deviceid`/`deviceid`, else
///   the group's own `model` name), else none.
pub fn getmeas(bytes: &[u8], devices: &DeviceNames) -> Result<MeasPage, ParseError> {
    let body: MeasBody = open(ENDPOINT, bytes)?;
    let page_zone = zone(body.timezone.as_deref())
        .map_err(|bad| ParseError::shape(ENDPOINT, bad))?
        .unwrap_or(Zone::UTC);
    let mut measurements = Vec::new();
    for (at, group) in rows(ENDPOINT, &body.measuregrps) {
        if let Some(values) = group_values(at, group, page_zone, devices)? {
            measurements.extend(values);
        }
    }
    Ok(MeasPage {
        measurements,
        more: body.more,
        offset: body.offset.unwrap_or(0),
        updatetime: body.updatetime,
    })
}

/// Withings' `attrib` 1: measured by a device but maybe another user's.
const ATTRIB_AMBIGUOUS: i64 = 1;
/// `category` 1: a real measurement (2 is an objective).
const CATEGORY_MEASURE: i64 = 1;

/// The values of one group; `None` for a group that is not this user's
/// measurement. A kept group may have no value Healthdash maps.
fn group_values(
    at: RowAt,
    group: &MeasureGroup,
    page_zone: Zone,
    devices: &DeviceNames,
) -> Result<Option<Vec<Measurement>>, ParseError> {
    let grpid = at.required(group.grpid, "grpid")?;
    let category = group.category.unwrap_or(CATEGORY_MEASURE);
    if category != CATEGORY_MEASURE {
        tracing::debug!(
            grpid,
            category,
            "Withings getmeas: skipping a non-measurement group"
        );
        return Ok(None);
    }
    if group.attrib == Some(ATTRIB_AMBIGUOUS) {
        tracing::debug!(
            grpid,
            "Withings getmeas: skipping a group not yet assigned to this user"
        );
        return Ok(None);
    }
    let date = at.required(group.date, "date")?;
    let zone = at.zone(group.timezone.as_deref())?.unwrap_or(page_zone);
    let record_id = format!("{GROUP_RECORD_PREFIX}{grpid}");
    let detail = devices.for_record(DeviceRef {
        hash_deviceid: group.hash_deviceid.as_deref(),
        deviceid: group.deviceid.as_deref(),
        model: group.model.as_deref(),
    });
    let mut values: Vec<Measurement> = Vec::new();
    for measure in &group.measures {
        let Some((metric, value)) = reading(grpid, measure) else {
            continue;
        };
        if values.iter().any(|m| m.metric == metric) {
            continue;
        }
        let mut m =
            Measurement::sample(metric, date, value, zone).with_record_id(record_id.clone());
        m.detail.clone_from(&detail);
        values.push(m);
    }
    Ok(Some(values))
}

/// The metric and scaled value of one measure, or `None` (logged) when the
/// type is not mapped or the value is unusable.
fn reading(grpid: i64, measure: &Measure) -> Option<(Metric, f64)> {
    let kind = measure.kind;
    let Some(metric) = kind.and_then(metric_of_type) else {
        tracing::debug!(
            grpid,
            ?kind,
            "Withings getmeas: skipping a measure type Healthdash does not map"
        );
        return None;
    };
    let unit = measure.unit.unwrap_or(0);
    let raw = measure.value.as_ref();
    let value = raw
        .and_then(|raw| raw.value())
        .and_then(|value| scaled(value, unit));
    match value {
        Some(value) if plausible(metric, value) => Some((metric, value)),
        _ => {
            tracing::warn!(
                grpid,
                metric = metric.id(),
                ?raw,
                unit,
                "Withings getmeas: skipping an implausible value"
            );
            None
        }
    }
}

/// The metric a Withings measure type maps to.
fn metric_of_type(kind: i64) -> Option<Metric> {
    Some(match kind {
        1 => Metric::Weight,
        4 => Metric::Height,
        5 => Metric::FatFreeMass,
        6 => Metric::BodyFatPercent,
        8 => Metric::FatMass,
        9 => Metric::BloodPressureDiastolic,
        10 => Metric::BloodPressureSystolic,
        11 => Metric::HeartRate,
        12 | 71 => Metric::BodyTemperature,
        54 => Metric::Spo2,
        73 => Metric::SkinTemperature,
        76 => Metric::MuscleMass,
        77 => Metric::Hydration,
        88 => Metric::BoneMass,
        91 => Metric::PulseWaveVelocity,
        _ => return None,
    })
}

/// Powers of ten that f64 holds exactly (10^0 … 10^22).
const EXACT_POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// `value × 10^unit` with one correctly rounded operation: dividing by an
/// exact 10^k gives the f64 nearest the decimal (79300 / 1000 = 79.3), where
/// multiplying by an inexact 0.001 would not always.
fn scaled(value: f64, unit: i64) -> Option<f64> {
    let power = *EXACT_POWERS_OF_TEN.get(usize::try_from(unit.unsigned_abs()).ok()?)?;
    let result = if unit < 0 {
        value / power
    } else {
        value * power
    };
    result.is_finite().then_some(result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::withings::adapter::getdevice;
    use crate::providers::withings::adapter::tests::fixture;

    fn devices() -> DeviceNames {
        DeviceNames::from_devices(&getdevice(&fixture("getdevice.json")).unwrap())
    }

    fn page() -> MeasPage {
        getmeas(&fixture("getmeas.json"), &devices()).unwrap()
    }

    /// The values of one group, from the flattened page.
    fn group(page: &MeasPage, grpid: i64) -> Vec<Measurement> {
        let id = format!("grp:{grpid}");
        page.measurements
            .iter()
            .filter(|m| m.record_id.as_deref() == Some(id.as_str()))
            .cloned()
            .collect()
    }

    fn value(group: &[Measurement], metric: Metric) -> Option<f64> {
        group.iter().find(|m| m.metric == metric).map(|m| m.value)
    }

    /// What the adapter makes of one group of the fixture: `None` when it is
    /// not kept at all.
    fn kept(grpid: i64) -> Option<Vec<Measurement>> {
        let body: MeasBody = open(ENDPOINT, &fixture("getmeas.json")).unwrap();
        let (at, wire) = rows(ENDPOINT, &body.measuregrps)
            .find(|(_, g)| g.grpid == Some(grpid))
            .unwrap();
        group_values(at, wire, Zone::UTC, &devices()).unwrap()
    }

    #[test]
    fn values_scale_without_float_drift() {
        assert_eq!(scaled(79300.0, -3), Some(79.3));
        assert_eq!(format!("{}", scaled(79300.0, -3).unwrap()), "79.3");
        assert_eq!(scaled(173.0, -2), Some(1.73));
        assert_eq!(scaled(3650.0, -2), Some(36.5));
        assert_eq!(scaled(652.0, -1), Some(65.2));
        assert_eq!(scaled(72.0, 0), Some(72.0));
        assert_eq!(scaled(12.0, 2), Some(1200.0));
        assert_eq!(scaled(1.0, -400), None);
    }

    #[test]
    fn a_weighing_becomes_samples_at_the_group_date() {
        let page = page();
        assert!(page.more);
        assert_eq!(page.offset, 5);
        assert_eq!(page.updatetime, Some(1_740_000_000));
        let weighing = group(&page, 2909);
        let weight = &weighing[0];
        assert_eq!(weight.metric, Metric::Weight);
        assert_eq!(weight.value, 79.3);
        assert_eq!(weight.start, 1_739_900_000);
        assert_eq!(weight.end, None);
        assert_eq!(
            weight.zone,
            Zone::Named(chrono_tz::Europe::Paris),
            "the response's zone: the group has none"
        );
        assert_eq!(weight.record_id.as_deref(), Some("grp:2909"));
        assert_eq!(
            weight.detail.as_deref(),
            Some("Body+"),
            "named from getdevice"
        );
        assert!(!weight.intraday);
        assert_eq!(value(&weighing, Metric::FatFreeMass), Some(65.2));
        assert_eq!(value(&weighing, Metric::BodyFatPercent), Some(17.8));
        assert_eq!(value(&weighing, Metric::FatMass), Some(14.125));
        assert_eq!(
            value(&weighing, Metric::MuscleMass),
            Some(61.4),
            "first of two wins"
        );
        assert_eq!(weighing.len(), 5, "type 226 is not mapped");
    }

    #[test]
    fn height_in_centimetres_and_blood_pressure_in_hundredths() {
        let page = page();
        let height = group(&page, 2908);
        assert_eq!(value(&height, Metric::Height), Some(1.73));
        assert_eq!(height[0].detail, None, "manual entry: no device");
        let bp = group(&page, 3100);
        assert_eq!(value(&bp, Metric::BloodPressureDiastolic), Some(81.0));
        assert_eq!(value(&bp, Metric::BloodPressureSystolic), Some(124.0));
        assert_eq!(value(&bp, Metric::HeartRate), Some(64.0));
        assert_eq!(
            bp[0].detail.as_deref(),
            Some("BPM Connect"),
            "the group's own model name when getdevice does not know the device"
        );
    }

    #[test]
    fn objectives_and_guests_are_not_measurements() {
        assert!(kept(3000).is_none(), "category 2 is an objective");
        assert!(kept(3001).is_none(), "attrib 1 may be a guest");
        assert!(kept(3002).is_some(), "attrib 8 is a device measure");
        assert!(kept(3003).is_some(), "attrib 17 is a guided measure");
        let page = page();
        assert!(group(&page, 3000).is_empty() && group(&page, 3001).is_empty());
    }

    #[test]
    fn implausible_and_unmapped_measures_are_skipped_not_fatal() {
        let page = page();
        let odd = group(&page, 3002);
        assert_eq!(value(&odd, Metric::Weight), None, "negative weight");
        assert_eq!(value(&odd, Metric::BodyTemperature), Some(36.6), "type 71");
        assert_eq!(value(&odd, Metric::SkinTemperature), Some(33.1));
        assert_eq!(value(&odd, Metric::Spo2), Some(97.0));
        assert_eq!(value(&odd, Metric::PulseWaveVelocity), Some(7.4));
        assert!(group(&page, 3003).is_empty(), "VO2 max is not mapped");
        assert_eq!(kept(3003), Some(Vec::new()));
    }

    #[test]
    fn no_timezone_means_utc_and_unknown_timezone_is_an_error() {
        let bytes = br#"{"status":0,"body":{"measuregrps":[{"grpid":1,"attrib":0,"date":100,
            "category":1,"measures":[{"value":7000,"type":1,"unit":-2}]}],"more":0}}"#;
        let page = getmeas(bytes, &DeviceNames::default()).unwrap();
        assert_eq!(page.measurements[0].zone, Zone::UTC);
        assert_eq!(page.measurements[0].value, 70.0);
        assert!(!page.more);
        let bytes = br#"{"status":0,"body":{"timezone":"Mars/Base","measuregrps":[]}}"#;
        let err = getmeas(bytes, &DeviceNames::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Withings getmeas: unknown time zone 'Mars/Base'"
        );
    }

    #[test]
    fn numbers_as_strings_and_unreadable_values() {
        let bytes = br#"{"status":0,"body":{"measuregrps":[{"grpid":"7","date":"100",
            "measures":[{"value":"7000","type":"1","unit":"-2"},{"value":"heavy","type":6,"unit":0}]}],
            "more":"1","offset":"3"}}"#;
        let page = getmeas(bytes, &DeviceNames::default()).unwrap();
        assert_eq!(
            page.measurements.len(),
            1,
            "the unreadable fat ratio is skipped"
        );
        assert_eq!(page.measurements[0].value, 70.0);
        assert_eq!(page.measurements[0].record_id.as_deref(), Some("grp:7"));
        assert_eq!((page.more, page.offset), (true, 3));
    }

    #[test]
    fn a_group_without_a_date_names_its_row() {
        let bytes = br#"{"status":0,"body":{"measuregrps":[{"grpid":1,"category":1,"measures":[]},
            {"grpid":2,"category":1,"measures":[]}]}}"#;
        let err = getmeas(bytes, &DeviceNames::default()).unwrap_err();
        assert_eq!(err.to_string(), "Withings getmeas: row 1: no 'date'");
    }
}
