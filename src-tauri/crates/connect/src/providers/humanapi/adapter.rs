//! Human API answers → records, pure. A page is a JSON array; a record
//! that does not read is skipped with a warning and the rest of the page
//! is kept, while a page that is not an array fails its stream.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};
use healthdash_core::{Measurement, Metric, SleepNight, Zone, model::NightTotals};
use serde::de::DeserializeOwned;

use super::wire::{Reading, Sleep, Summary};

/// What one stream reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    HeartRate,
    Weight,
    BodyFat,
    BloodPressure,
    BloodGlucose,
    BloodOxygen,
    Sleeps,
    ActivitySummaries,
}

impl Kind {
    /// In sync order (the catalogue's labels follow it).
    pub const ALL: [Kind; 8] = [
        Kind::HeartRate,
        Kind::Weight,
        Kind::BodyFat,
        Kind::BloodPressure,
        Kind::BloodGlucose,
        Kind::BloodOxygen,
        Kind::Sleeps,
        Kind::ActivitySummaries,
    ];

    /// The stream's name (and the catalogue label's id).
    pub fn name(self) -> &'static str {
        match self {
            Kind::HeartRate => "heart_rate",
            Kind::Weight => "weight",
            Kind::BodyFat => "body_fat",
            Kind::BloodPressure => "blood_pressure",
            Kind::BloodGlucose => "blood_glucose",
            Kind::BloodOxygen => "blood_oxygen",
            Kind::Sleeps => "sleeps",
            Kind::ActivitySummaries => "activity_summaries",
        }
    }

    /// The path under the API base.
    pub fn path(self) -> &'static str {
        match self {
            Kind::HeartRate => "v1/human/heart_rate/readings",
            Kind::Weight => "v1/human/weight/readings",
            Kind::BodyFat => "v1/human/body_fat/readings",
            Kind::BloodPressure => "v1/human/blood_pressure/readings",
            Kind::BloodGlucose => "v1/human/blood_glucose/readings",
            Kind::BloodOxygen => "v1/human/blood_oxygen/readings",
            Kind::Sleeps => "v1/human/sleeps",
            Kind::ActivitySummaries => "v1/human/activities/summaries",
        }
    }

    /// Prefix of the record ids this stream stores.
    fn record_prefix(self) -> &'static str {
        match self {
            Kind::HeartRate => "hr:",
            Kind::Weight => "weight:",
            Kind::BodyFat => "fat:",
            Kind::BloodPressure => "bp:",
            Kind::BloodGlucose => "glucose:",
            Kind::BloodOxygen => "spo2:",
            Kind::Sleeps => "sleep:",
            Kind::ActivitySummaries => "day:",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    #[error("Human API {endpoint}: not a list of records ({reason})")]
    NotAList {
        endpoint: &'static str,
        reason: String,
    },
}

/// What a page holds.
#[derive(Debug, Default)]
pub struct Page {
    pub measurements: Vec<Measurement>,
    pub nights: Vec<SleepNight>,
    /// Records in the answer, the unreadable ones included (offset paging
    /// counts them too).
    pub records: usize,
    /// The newest `updatedAt` on the page, in milliseconds.
    pub newest_update_ms: Option<i64>,
}

/// Reads one page of `kind`.
pub fn page(kind: Kind, body: &[u8]) -> Result<Page, ParseError> {
    let items: Vec<serde_json::Value> =
        serde_json::from_slice(body).map_err(|e| ParseError::NotAList {
            endpoint: kind.path(),
            reason: e.to_string(),
        })?;
    let mut page = Page {
        records: items.len(),
        ..Page::default()
    };
    for (row, item) in items.into_iter().enumerate() {
        let id = item.get("id").and_then(|v| v.as_str()).map(str::to_owned);
        let read = match kind {
            Kind::Sleeps => typed::<Sleep>(item).and_then(|s| {
                let updated = s.updated_at;
                page.nights.push(night(&s)?);
                Ok(updated)
            }),
            Kind::ActivitySummaries => typed::<Summary>(item).and_then(|s| {
                page.measurements.extend(summary(&s)?);
                Ok(s.updated_at)
            }),
            _ => typed::<Reading>(item).and_then(|r| {
                page.measurements.extend(reading(kind, &r)?);
                Ok(r.updated_at)
            }),
        };
        match read {
            Ok(updated) => {
                let ms = updated.map(|u| u.timestamp_millis());
                page.newest_update_ms = page.newest_update_ms.max(ms);
            }
            Err(reason) => tracing::warn!(
                endpoint = kind.path(),
                row = row + 1,
                id = id.as_deref().unwrap_or("?"),
                %reason,
                "skipping a Human API record that does not read"
            ),
        }
    }
    Ok(page)
}

fn typed<T: DeserializeOwned>(item: serde_json::Value) -> Result<T, String> {
    serde_json::from_value(item).map_err(|e| e.to_string())
}

/// `+01:00`, `-05:00`, `Z` → a fixed zone; absent → the instant's own offset.
fn zone(tz_offset: Option<&str>, fallback: &DateTime<FixedOffset>) -> Result<Zone, String> {
    let Some(text) = tz_offset.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(Zone::Fixed(fallback.offset().local_minus_utc()));
    };
    offset_seconds(text)
        .map(Zone::Fixed)
        .ok_or_else(|| format!("tzOffset {text:?} is not ±HH:MM"))
}

fn offset_seconds(text: &str) -> Option<i32> {
    if text == "Z" {
        return Some(0);
    }
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let (hours, minutes) = rest.split_once(':').unwrap_or((rest, "0"));
    let (hours, minutes): (i32, i32) = (hours.parse().ok()?, minutes.parse().ok()?);
    ((0..=14).contains(&hours) && (0..60).contains(&minutes))
        .then_some(sign * (hours * 3600 + minutes * 60))
}

fn record_id(kind: Kind, id: &str) -> String {
    format!("{}{id}", kind.record_prefix())
}

fn reading(kind: Kind, r: &Reading) -> Result<Vec<Measurement>, String> {
    let zone = zone(r.tz_offset.as_deref(), &r.timestamp)?;
    let at = r.timestamp.timestamp();
    let unit = r.unit.as_deref().unwrap_or("").trim();
    let number = || {
        r.value
            .as_f64()
            .ok_or_else(|| format!("value {} is not a number", r.value))
    };
    let values: Vec<(Metric, f64)> = match kind {
        Kind::HeartRate => vec![(Metric::HeartRate, number()?)],
        Kind::Weight => vec![(Metric::Weight, number()? * kg_per(unit)?)],
        Kind::BodyFat => vec![(Metric::BodyFatPercent, percent(number()?, unit)?)],
        Kind::BloodOxygen => vec![(Metric::Spo2, percent(number()?, unit)?)],
        Kind::BloodGlucose => vec![(Metric::BloodGlucose, number()? / mg_dl_per_mmol(unit)?)],
        Kind::BloodPressure => {
            if !unit.is_empty() && !unit.eq_ignore_ascii_case("mmHg") {
                return Err(format!("unit {unit:?} is not mmHg"));
            }
            let part = |name: &str| {
                r.value
                    .get(name)
                    .and_then(serde_json::Value::as_f64)
                    .ok_or_else(|| format!("value has no {name}"))
            };
            vec![
                (Metric::BloodPressureSystolic, part("systolic")?),
                (Metric::BloodPressureDiastolic, part("diastolic")?),
            ]
        }
        Kind::Sleeps | Kind::ActivitySummaries => return Err("not a reading".into()),
    };
    let id = record_id(kind, &r.id);
    Ok(values
        .into_iter()
        .map(|(metric, value)| {
            let m = Measurement::sample(metric, at, value, zone).with_record_id(&id);
            with_source(m, r.source.as_deref())
        })
        .collect())
}

fn with_source(m: Measurement, source: Option<&str>) -> Measurement {
    match source.map(str::trim).filter(|s| !s.is_empty()) {
        Some(source) => m.with_detail(source),
        None => m,
    }
}

fn kg_per(unit: &str) -> Result<f64, String> {
    match unit.to_ascii_lowercase().as_str() {
        "kg" | "" => Ok(1.0),
        "lb" | "lbs" => Ok(0.453_592_37),
        "g" => Ok(0.001),
        other => Err(format!("unknown weight unit {other:?}")),
    }
}

fn percent(value: f64, unit: &str) -> Result<f64, String> {
    match unit {
        "%" | "" => Ok(value),
        other => Err(format!("unit {other:?} is not %")),
    }
}

/// mg/dL per mmol/L of glucose (molar mass 180.16 g/mol).
const GLUCOSE_MG_DL_PER_MMOL_L: f64 = 18.016;

fn mg_dl_per_mmol(unit: &str) -> Result<f64, String> {
    match unit.to_ascii_lowercase().as_str() {
        "mg/dl" => Ok(GLUCOSE_MG_DL_PER_MMOL_L),
        "mmol/l" | "" => Ok(1.0),
        other => Err(format!("unknown glucose unit {other:?}")),
    }
}

const MINUTE: f64 = 60.0;

fn night(s: &Sleep) -> Result<SleepNight, String> {
    let zone = zone(s.tz_offset.as_deref(), &s.start_time)?;
    let (start, end) = (s.start_time.timestamp(), s.end_time.timestamp());
    if end <= start {
        return Err("endTime is not after startTime".into());
    }
    let seconds = |minutes: Option<f64>| minutes.map(|m| (m * MINUTE).round() as i64);
    let totals = NightTotals {
        asleep: seconds(s.time_asleep),
        awake: seconds(s.time_awake),
        latency: seconds(s.time_to_fall_asleep),
        wakeups: s.times_awoken,
        ..NightTotals::default()
    };
    Ok(SleepNight {
        start,
        end,
        zone,
        stages: Vec::new(),
        totals,
        record_id: Some(record_id(Kind::Sleeps, &s.id)),
        detail: s
            .source
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned),
    })
}

/// A summary covers its `date` from local midnight in its `tzOffset` to
/// the next one.
fn summary(s: &Summary) -> Result<Vec<Measurement>, String> {
    let offset = match s.tz_offset.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => {
            offset_seconds(text).ok_or_else(|| format!("tzOffset {text:?} is not ±HH:MM"))?
        }
        _ => 0,
    };
    let (start, end) = day_bounds(s.date, offset)?;
    let energy = match s.calories_type.as_deref() {
        Some("active") => Metric::ActiveEnergy,
        _ => Metric::TotalEnergy,
    };
    let id = record_id(Kind::ActivitySummaries, &s.id);
    Ok([
        (Metric::Steps, s.steps),
        (Metric::Distance, s.distance),
        (energy, s.calories),
        (Metric::LightActivity, s.light),
        (Metric::ModerateActivity, s.moderate),
        (Metric::IntenseActivity, s.vigorous),
    ]
    .into_iter()
    .filter_map(|(metric, value)| value.map(|v| (metric, v)))
    .map(|(metric, value)| {
        let m = Measurement::interval(metric, start, end, value, Zone::Fixed(offset))
            .with_record_id(&id);
        with_source(m, s.source.as_deref())
    })
    .collect())
}

fn day_bounds(date: NaiveDate, offset: i32) -> Result<(i64, i64), String> {
    let midnight = date.and_time(NaiveTime::MIN).and_utc().timestamp() - i64::from(offset);
    let next = date
        .succ_opt()
        .ok_or_else(|| format!("date {date} is out of range"))?;
    let next_midnight = next.and_time(NaiveTime::MIN).and_utc().timestamp() - i64::from(offset);
    Ok((midnight, next_midnight))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> i64 {
        DateTime::parse_from_rfc3339(s).unwrap().timestamp()
    }

    #[test]
    fn weigh_ins_keep_their_offset_source_and_id_and_convert_pounds() {
        let body = br#"[
          {"id":"5f1a","humanId":"h1","userId":"u1","timestamp":"2025-03-01T07:12:00.000Z","tzOffset":"+01:00",
           "value":81.4,"unit":"kg","source":"withings","sourceData":{},"createdAt":"2025-03-01T07:13:00.000Z","updatedAt":"2025-03-01T07:13:00.000Z"},
          {"id":"5f1b","timestamp":"2025-03-02T12:00:00.000Z","tzOffset":"-05:00","value":180,"unit":"lbs","source":"fitbit",
           "updatedAt":"2025-03-02T12:30:00.000Z"}
        ]"#;
        let page = page(Kind::Weight, body).unwrap();
        assert_eq!(page.records, 2);
        let [kg, lb] = page.measurements.as_slice() else {
            panic!("{page:?}")
        };
        assert_eq!(
            (kg.metric, kg.value, kg.start),
            (Metric::Weight, 81.4, at("2025-03-01T07:12:00Z"))
        );
        assert_eq!(kg.zone, Zone::Fixed(3600));
        assert_eq!(kg.detail.as_deref(), Some("withings"));
        assert_eq!(kg.record_id.as_deref(), Some("weight:5f1a"));
        assert!((lb.value - 81.646_627).abs() < 1e-3, "{}", lb.value);
        assert_eq!(lb.zone, Zone::Fixed(-5 * 3600));
        assert_eq!(
            page.newest_update_ms,
            Some(at("2025-03-02T12:30:00Z") * 1000)
        );
    }

    #[test]
    fn a_malformed_record_is_skipped_and_the_rest_kept() {
        let body = br#"[
          {"id":"a","timestamp":"2025-03-01T07:12:00.000Z","tzOffset":"+01:00","value":62,"unit":"bpm"},
          {"id":"b","timestamp":"not a time","value":63,"unit":"bpm"},
          {"id":"c","timestamp":"2025-03-01T07:14:00.000Z","tzOffset":"+01:00","value":"sixty","unit":"bpm"},
          {"id":"d","timestamp":"2025-03-01T07:15:00.000Z","tzOffset":"+01:00","value":64,"unit":"bpm"}
        ]"#;
        let page = page(Kind::HeartRate, body).unwrap();
        assert_eq!(page.records, 4);
        let values: Vec<f64> = page.measurements.iter().map(|m| m.value).collect();
        assert_eq!(values, [62.0, 64.0]);
    }

    #[test]
    fn a_page_that_is_not_a_list_fails() {
        let error = page(Kind::HeartRate, br#"{"error":"oops"}"#).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("Human API v1/human/heart_rate/readings: not a list")
        );
        assert!(page(Kind::HeartRate, b"[{\"id\":").is_err());
    }

    #[test]
    fn blood_pressure_is_two_values_and_glucose_is_mmol() {
        let bp = br#"[{"id":"p","timestamp":"2025-03-01T08:00:00.000Z","tzOffset":"+01:00",
                       "value":{"systolic":121,"diastolic":79},"unit":"mmHg","source":"omron"}]"#;
        let page_bp = page(Kind::BloodPressure, bp).unwrap();
        let got: Vec<_> = page_bp
            .measurements
            .iter()
            .map(|m| (m.metric, m.value))
            .collect();
        assert_eq!(
            got,
            [
                (Metric::BloodPressureSystolic, 121.0),
                (Metric::BloodPressureDiastolic, 79.0)
            ]
        );
        let glucose =
            br#"[{"id":"g","timestamp":"2025-03-01T08:00:00.000Z","value":90.1,"unit":"mg/dL"}]"#;
        let m = &page(Kind::BloodGlucose, glucose).unwrap().measurements[0];
        assert!((m.value - 5.0011).abs() < 1e-3, "{}", m.value);
        assert_eq!(m.zone, Zone::UTC);
    }

    #[test]
    fn a_night_counts_minutes_as_seconds() {
        let body = br#"[{"id":"n1","startTime":"2025-03-01T22:40:00.000Z","endTime":"2025-03-02T06:10:00.000Z",
            "tzOffset":"+01:00","timeAsleep":412,"timeAwake":38,"timeToFallAsleep":14,"timesAwoken":3,
            "timeInBed":450,"efficiency":91.5,"mainSleep":true,"source":"fitbit","updatedAt":"2025-03-02T06:20:00.000Z"}]"#;
        let page = page(Kind::Sleeps, body).unwrap();
        let night = &page.nights[0];
        assert_eq!(
            (night.start, night.end),
            (at("2025-03-01T22:40:00Z"), at("2025-03-02T06:10:00Z"))
        );
        assert_eq!(night.totals.asleep, Some(412 * 60));
        assert_eq!(night.totals.awake, Some(38 * 60));
        assert_eq!(night.totals.latency, Some(14 * 60));
        assert_eq!(night.totals.wakeups, Some(3));
        assert_eq!(night.zone, Zone::Fixed(3600));
        assert_eq!(night.detail.as_deref(), Some("fitbit"));
    }

    #[test]
    fn a_summary_runs_from_local_midnight_of_its_date_and_calories_are_total_energy() {
        let body = br#"[{"id":"d1","date":"2025-03-09","tzOffset":"-05:00","steps":10423,"distance":7311.5,
            "calories":2310,"duration":5400,"sedentary":40000,"light":3600,"moderate":1200,"vigorous":600,
            "source":"fitbit","updatedAt":"2025-03-10T04:00:00.000Z"}]"#;
        let page = page(Kind::ActivitySummaries, body).unwrap();
        let find = |metric| {
            page.measurements
                .iter()
                .find(|m| m.metric == metric)
                .unwrap()
        };
        let steps = find(Metric::Steps);
        assert_eq!(steps.start, at("2025-03-09T05:00:00Z"));
        assert_eq!(steps.end, Some(at("2025-03-10T05:00:00Z")));
        assert_eq!(steps.value, 10423.0);
        assert_eq!(find(Metric::TotalEnergy).value, 2310.0);
        assert_eq!(find(Metric::LightActivity).value, 3600.0);
        assert_eq!(find(Metric::ModerateActivity).value, 1200.0);
        assert_eq!(find(Metric::IntenseActivity).value, 600.0);
        assert!(
            page.measurements
                .iter()
                .all(|m| m.metric != Metric::ActiveEnergy)
        );
    }
}
