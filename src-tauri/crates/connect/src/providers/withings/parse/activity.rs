//! `v2/measure?action=getactivity` (daily totals) and
//! `v2/measure?action=getintradayactivity` (minute-level detail).

use chrono::NaiveDate;
use healthdash_core::metric::Metric;
use healthdash_core::model::Measurement;
use healthdash_core::time::Zone;
use serde_json::Value;

use super::json::{self, Object};
use super::{DeviceNames, Paging, ParseError, RowAt, body, plausible, rows, shape};

const DAILY: &str = "getactivity";
const INTRADAY: &str = "getintradayactivity";

/// One page of `getactivity`.
#[derive(Clone, Debug, PartialEq)]
pub struct ActivityPage {
    pub measurements: Vec<Measurement>,
    pub more: bool,
    pub offset: i64,
    /// The latest `date` on the page: where the next incremental sync resumes.
    pub last_date: Option<NaiveDate>,
}

/// Daily fields → metrics. `calories` is *active* energy and `totalcalories`
/// is total energy (active + resting), both kcal; `soft`/`moderate`/`intense`
/// are seconds of activity at that intensity.
const DAILY_FIELDS: [(&str, Metric); 8] = [
    ("steps", Metric::Steps),
    ("distance", Metric::Distance),
    ("calories", Metric::ActiveEnergy),
    ("totalcalories", Metric::TotalEnergy),
    ("elevation", Metric::Elevation),
    ("soft", Metric::LightActivity),
    ("moderate", Metric::ModerateActivity),
    ("intense", Metric::IntenseActivity),
];

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
    let body = body(DAILY, bytes)?;
    let days: Vec<(RowAt, &Object)> = if body.contains_key("activities") {
        rows(DAILY, &body, "activities")?
    } else if body.contains_key("date") {
        vec![(
            RowAt {
                endpoint: DAILY,
                row: 1,
            },
            &body,
        )]
    } else {
        Vec::new()
    };
    let mut measurements = Vec::new();
    let mut last_date = None;
    for (at, row) in days {
        let date = day(at, row, devices, &mut measurements)?;
        last_date = last_date.max(Some(date));
    }
    let Paging { more, offset } = Paging::of(&body);
    Ok(ActivityPage {
        measurements,
        more,
        offset,
        last_date,
    })
}

/// Appends one day's measurements; returns its date.
fn day(
    at: RowAt,
    row: &Object,
    devices: &DeviceNames,
    out: &mut Vec<Measurement>,
) -> Result<NaiveDate, ParseError> {
    let date = date(at, row)?;
    let zone = at.zone(row)?.ok_or_else(|| at.error("no time zone"))?;
    let (start, end) = zone.day_bounds(date);
    let record_id = format!("act:{date}");
    let detail = devices.for_record(row);
    for (field, metric) in DAILY_FIELDS {
        let Some(raw) = json::field(row, field) else {
            continue;
        };
        match json::number(raw).filter(|v| plausible(metric, *v)) {
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
    Ok(date)
}

fn date(at: RowAt, row: &Object) -> Result<NaiveDate, ParseError> {
    let text = json::text(row, "date").ok_or_else(|| at.error("no 'date'"))?;
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| at.error(format!("'date' is not YYYY-MM-DD: '{text}'")))
}

/// Intraday fields that are totals over the entry's duration.
const INTRADAY_FIELDS: [(&str, Metric); 4] = [
    ("steps", Metric::Steps),
    ("distance", Metric::Distance),
    ("elevation", Metric::Elevation),
    ("calories", Metric::ActiveEnergy),
];

/// An entry without a usable `duration` covers one minute, the service's
/// usual step.
const DEFAULT_DURATION: i64 = 60;

/// Parses `getintradayactivity`.
///
/// `body.series` is an object keyed by the entry's start as a unix-seconds
/// string (the old document's example is not valid JSON; an empty series may
/// come as `[]`). For each entry, in time order:
/// - `steps`, `distance` (m), `elevation` (m), `calories` (→ active_energy,
///   kcal) become intervals `[t, t + duration)` flagged intraday (finer detail
///   beside the daily totals, not added to them); a `duration` of 0 or none
///   counts as 60 s;
/// - `heart_rate` becomes a heart_rate sample at `t` (not flagged: it is a
///   sample metric, not a share of a total);
/// - absent fields give nothing; other fields (`strokes`, `pool_lap`, …) are
///   ignored; implausible values are skipped with a warning.
///
/// The response carries no zone, so every record gets the caller's `zone`.
pub fn getintradayactivity(bytes: &[u8], zone: Zone) -> Result<Vec<Measurement>, ParseError> {
    let body = body(INTRADAY, bytes)?;
    let mut entries = series_entries(&body)?;
    entries.sort_by_key(|(t, _)| *t);
    let mut out = Vec::new();
    for (t, entry) in entries {
        minute(t, entry, zone, &mut out);
    }
    Ok(out)
}

fn series_entries(body: &Object) -> Result<Vec<(i64, &Object)>, ParseError> {
    let map = match body.get("series") {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) if items.is_empty() => return Ok(Vec::new()),
        Some(Value::Object(map)) => map,
        Some(_) => return Err(shape(INTRADAY, "'series' is not an object keyed by time")),
    };
    map.iter()
        .map(|(key, entry)| {
            let t = key
                .trim()
                .parse::<i64>()
                .map_err(|_| shape(INTRADAY, format!("series key '{key}' is not a unix time")))?;
            let entry = entry
                .as_object()
                .ok_or_else(|| shape(INTRADAY, format!("series entry '{key}' is not an object")))?;
            Ok((t, entry))
        })
        .collect()
}

fn minute(t: i64, entry: &Object, zone: Zone, out: &mut Vec<Measurement>) {
    let duration = json::field(entry, "duration")
        .and_then(json::int)
        .filter(|d| *d > 0)
        .unwrap_or(DEFAULT_DURATION);
    for (field, metric) in INTRADAY_FIELDS {
        if let Some(value) = usable(t, entry, field, metric) {
            out.push(Measurement::interval(metric, t, t + duration, value, zone).as_intraday());
        }
    }
    if let Some(bpm) = usable(t, entry, "heart_rate", Metric::HeartRate) {
        out.push(Measurement::sample(Metric::HeartRate, t, bpm, zone));
    }
}

/// A field's value when present and plausible; absent is silent, unusable warns.
fn usable(t: i64, entry: &Object, field: &str, metric: Metric) -> Option<f64> {
    let raw = json::field(entry, field)?;
    let value = json::number(raw).filter(|v| plausible(metric, *v));
    if value.is_none() {
        tracing::warn!(t, field, %raw, "Withings getintradayactivity: skipping an unusable value");
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::withings::parse::tests::fixture;
    use healthdash_core::time::format_utc;

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
        assert_eq!(page.last_date, NaiveDate::from_ymd_opt(2025, 3, 31));
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
        assert_eq!(page.last_date, NaiveDate::from_ymd_opt(2015, 4, 10));
    }

    #[test]
    fn intraday_minutes_are_flagged_and_heart_rate_is_a_sample() {
        let all = getintradayactivity(&fixture("getintradayactivity.json"), paris()).unwrap();
        let at = |t: i64, metric: Metric| all.iter().find(|m| m.start == t && m.metric == metric);
        let steps = at(1_743_318_060, Metric::Steps).unwrap();
        assert_eq!((steps.value, steps.end), (18.0, Some(1_743_318_120)));
        assert!(steps.intraday);
        assert_eq!(steps.zone, paris());
        let energy = at(1_743_318_060, Metric::ActiveEnergy).unwrap();
        assert_eq!(energy.value, 0.87);
        let long = at(1_743_317_449, Metric::ActiveEnergy).unwrap();
        assert_eq!(long.end, Some(1_743_317_449 + 611));
        let zero = at(1_743_318_120, Metric::Steps).unwrap();
        assert_eq!(zero.end, Some(1_743_318_180), "duration 0 counts as 60 s");
        let missing = at(1_743_318_180, Metric::Distance).unwrap();
        assert_eq!(
            missing.end,
            Some(1_743_318_240),
            "no duration counts as 60 s"
        );
        let hr = at(1_743_318_180, Metric::HeartRate).unwrap();
        assert_eq!((hr.value, hr.end, hr.intraday), (71.0, None, false));
        assert!(
            at(1_743_318_120, Metric::HeartRate).is_none(),
            "0 bpm is not a reading"
        );
        assert!(
            all.windows(2).all(|w| w[0].start <= w[1].start),
            "time order"
        );
        assert_eq!(all.len(), 9);
    }

    #[test]
    fn an_empty_intraday_series_may_be_a_list() {
        let bytes = br#"{"status":0,"body":{"series":[]}}"#;
        assert!(getintradayactivity(bytes, Zone::UTC).unwrap().is_empty());
        let bytes = br#"{"status":0,"body":{"series":{"noon":{"steps":3}}}}"#;
        let err = getintradayactivity(bytes, Zone::UTC).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Withings getintradayactivity: series key 'noon' is not a unix time"
        );
    }
}
