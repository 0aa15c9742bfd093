//! `getactivity` → daily totals, each an interval over one local day.

use chrono::NaiveDate;
use healthdash_core::metric::Metric;
use healthdash_core::model::Measurement;

use super::devices::DeviceRef;
use super::envelope::open;
use super::{DeviceNames, ParseError, RowAt, plausible, rows};
use crate::providers::withings::wire::activity::{ActivityBody, ActivityDay};
use crate::providers::withings::wire::loose::Number;

const ENDPOINT: &str = "getactivity";

/// One page of `getactivity`.
#[derive(Clone, Debug, PartialEq)]
pub struct ActivityPage {
    pub measurements: Vec<Measurement>,
    pub more: bool,
    pub offset: i64,
}

/// Parses a `getactivity` page: one row per local day.
///
/// - Rows are `body.activities[]`; the old single-day form (the row's fields
///   directly in `body`) is read as one row.
/// - Each row is a day **in that row's own `timezone`**: every metric is an
///   interval from local midnight of `date` to the next local midnight in that
///   zone, so DST-change days last 23 or 25 hours (Europe/Paris 2025-03-30 is
///   2025-03-29T23:00Z → 2025-03-30T22:00Z). The zone may arrive quoted
///   (`"\"Europe/Paris\""`). A row without a zone, or with one Healthdash
///   cannot read, fails the page naming the row: guessing would put the day
///   at the wrong bounds, and bounds are part of a record's identity.
/// - Fields: `steps` → steps, `distance` → distance (m), `calories` →
///   active_energy, `totalcalories` → total_energy (kcal), `elevation` →
///   elevation (m), `soft`/`moderate`/`intense` → light/moderate/
///   intense_activity (s). A missing or null field gives no row for that
///   metric; zero is a real zero (0 steps that day). A negative or
///   non-numeric value is skipped with a warning.
/// - `record_id` = `act:<date>`; `detail` = the device's model name when
///   known (from `devices` by id, else the row's own `model` name, e.g.
///   "GoogleFit tracker"). Not intraday.
pub fn getactivity(bytes: &[u8], devices: &DeviceNames) -> Result<ActivityPage, ParseError> {
    let body: ActivityBody = open(ENDPOINT, bytes)?;
    let days: &[ActivityDay] = match &body.activities {
        Some(days) => days,
        None if body.single_day.date.is_some() => std::slice::from_ref(&body.single_day),
        None => &[],
    };
    let mut measurements = Vec::new();
    for (at, row) in rows(ENDPOINT, days) {
        day(at, row, devices, &mut measurements)?;
    }
    Ok(ActivityPage {
        measurements,
        more: body.more,
        offset: body.offset.unwrap_or(0),
    })
}

/// Appends one day's measurements.
fn day(
    at: RowAt,
    row: &ActivityDay,
    devices: &DeviceNames,
    out: &mut Vec<Measurement>,
) -> Result<(), ParseError> {
    let date = date(at, row)?;
    let zone = at
        .zone(row.timezone.as_deref())?
        .ok_or_else(|| at.error("no time zone"))?;
    let (start, end) = zone.day_bounds(date);
    let record_id = format!("act:{date}");
    let detail = devices.for_record(DeviceRef {
        hash_deviceid: row.hash_deviceid.as_deref(),
        deviceid: row.deviceid.as_deref(),
        model: row.model.as_deref(),
    });
    for (field, metric, raw) in fields(row) {
        let Some(raw) = raw else {
            continue;
        };
        match raw.value().filter(|v| plausible(metric, *v)) {
            Some(value) => {
                let mut m = Measurement::interval(metric, start, end, value, zone)
                    .with_record_id(record_id.clone());
                m.detail.clone_from(&detail);
                out.push(m);
            }
            None => {
                tracing::warn!(%date, field, %raw, "Withings getactivity: skipping an unusable value")
            }
        }
    }
    Ok(())
}

/// Daily fields → metrics. `calories` is *active* energy and `totalcalories`
/// is total energy (active + resting), both kcal; `soft`/`moderate`/`intense`
/// are seconds of activity at that intensity.
fn fields(row: &ActivityDay) -> [(&'static str, Metric, Option<&Number>); 8] {
    [
        ("steps", Metric::Steps, row.steps.as_ref()),
        ("distance", Metric::Distance, row.distance.as_ref()),
        ("calories", Metric::ActiveEnergy, row.calories.as_ref()),
        (
            "totalcalories",
            Metric::TotalEnergy,
            row.totalcalories.as_ref(),
        ),
        ("elevation", Metric::Elevation, row.elevation.as_ref()),
        ("soft", Metric::LightActivity, row.soft.as_ref()),
        ("moderate", Metric::ModerateActivity, row.moderate.as_ref()),
        ("intense", Metric::IntenseActivity, row.intense.as_ref()),
    ]
}

fn date(at: RowAt, row: &ActivityDay) -> Result<NaiveDate, ParseError> {
    let text = at.required(row.date.as_deref(), "date")?;
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| at.error(format!("'date' is not YYYY-MM-DD: '{text}'")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::withings::adapter::tests::fixture;
    use healthdash_core::time::{Zone, format_utc};

    fn paris() -> Zone {
        Zone::Named(chrono_tz::Europe::Paris)
    }

    fn find(page: &ActivityPage, metric: Metric, date: &str) -> Option<Measurement> {
        let id = format!("act:{date}");
        page.measurements
            .iter()
            .find(|m| m.metric == metric && m.record_id.as_deref() == Some(id.as_str()))
            .cloned()
    }

    fn page() -> ActivityPage {
        getactivity(&fixture("getactivity.json"), &DeviceNames::default()).unwrap()
    }

    #[test]
    fn the_paris_spring_forward_day_lasts_23_hours() {
        let steps = find(&page(), Metric::Steps, "2025-03-30").unwrap();
        assert_eq!(format_utc(steps.start), "2025-03-29T23:00:00Z");
        assert_eq!(
            steps.end.map(format_utc).as_deref(),
            Some("2025-03-30T22:00:00Z")
        );
        assert_eq!(steps.value, 8412.0);
        assert_eq!(steps.zone, paris(), "the quoted zone is read");
        assert!(!steps.intraday);
        assert_eq!(steps.detail.as_deref(), Some("ScanWatch 2"));
    }

    #[test]
    fn each_row_uses_its_own_zone() {
        let page = page();
        let ny = find(&page, Metric::Steps, "2025-03-31").unwrap();
        assert_eq!(format_utc(ny.start), "2025-03-31T04:00:00Z");
        assert_eq!(
            ny.end.map(format_utc).as_deref(),
            Some("2025-04-01T04:00:00Z")
        );
        assert_eq!(ny.zone, Zone::Named(chrono_tz::America::New_York));
        let before = find(&page, Metric::Steps, "2025-03-29").unwrap();
        assert_eq!(format_utc(before.start), "2025-03-28T23:00:00Z");
        assert_eq!(
            before.end.map(format_utc).as_deref(),
            Some("2025-03-29T23:00:00Z")
        );
        assert!(!page.more);
        assert_eq!(page.offset, 0, "absent offset");
    }

    #[test]
    fn calories_are_active_and_totalcalories_total() {
        let page = page();
        let day = "2025-03-30";
        assert_eq!(
            find(&page, Metric::ActiveEnergy, day).unwrap().value,
            412.58
        );
        assert_eq!(find(&page, Metric::TotalEnergy, day).unwrap().value, 2201.4);
        assert_eq!(find(&page, Metric::Distance, day).unwrap().value, 6120.5);
        assert_eq!(find(&page, Metric::Elevation, day).unwrap().value, 21.3);
        assert_eq!(
            find(&page, Metric::LightActivity, day).unwrap().value,
            5880.0
        );
        assert_eq!(
            find(&page, Metric::ModerateActivity, day).unwrap().value,
            1080.0
        );
        assert_eq!(
            find(&page, Metric::IntenseActivity, day).unwrap().value,
            540.0
        );
    }

    #[test]
    fn missing_fields_give_no_row_and_zero_steps_are_real() {
        let page = page();
        let quiet = "2025-03-31";
        assert_eq!(find(&page, Metric::Steps, quiet).unwrap().value, 0.0);
        assert!(
            find(&page, Metric::IntenseActivity, quiet).is_none(),
            "absent"
        );
        assert!(find(&page, Metric::TotalEnergy, quiet).is_none(), "null");
        assert!(find(&page, Metric::Elevation, quiet).is_none(), "negative");
        assert_eq!(
            find(&page, Metric::Steps, quiet).unwrap().detail.as_deref(),
            Some("GoogleFit tracker")
        );
    }

    #[test]
    fn an_unknown_zone_names_the_row() {
        let bytes = br#"{"status":0,"body":{"activities":[
            {"date":"2025-01-01","steps":1,"timezone":"Europe/Paris"},
            {"date":"2025-01-02","steps":1,"timezone":"Europe/Paris"},
            {"date":"2025-01-03","steps":1,"timezone":"Mars/Base"}],"more":false}}"#;
        let err = getactivity(bytes, &DeviceNames::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Withings getactivity: row 3: unknown time zone 'Mars/Base'"
        );
        let bytes = br#"{"status":0,"body":{"activities":[{"date":"2025-01-01","steps":1}]}}"#;
        let err = getactivity(bytes, &DeviceNames::default()).unwrap_err();
        assert_eq!(err.to_string(), "Withings getactivity: row 1: no time zone");
    }

    #[test]
    fn the_old_single_day_form_is_one_row() {
        let bytes = br#"{"status":0,"body":{"date":"2015-04-10","steps":6523,"distance":4600,
            "calories":408.52,"elevation":18.2,"soft":5880,"moderate":1080,"intense":540,
            "timezone":"Europe/Berlin"}}"#;
        let page = getactivity(bytes, &DeviceNames::default()).unwrap();
        assert_eq!(page.measurements.len(), 7);
        assert!(
            page.measurements
                .iter()
                .all(|m| m.record_id.as_deref() == Some("act:2015-04-10"))
        );
    }

    #[test]
    fn a_non_numeric_value_is_skipped_not_fatal() {
        let bytes = br#"{"status":0,"body":{"activities":[
            {"date":"2025-01-01","steps":"lots","distance":"12.5","timezone":"UTC"}]}}"#;
        let page = getactivity(bytes, &DeviceNames::default()).unwrap();
        assert!(find(&page, Metric::Steps, "2025-01-01").is_none());
        assert_eq!(
            find(&page, Metric::Distance, "2025-01-01").unwrap().value,
            12.5
        );
    }
}
