//! The fake Human API account: deterministic records of every type the
//! client reads, with the awkward cases — two zones (Paris with its DST
//! change, a week in New York), weigh-ins re-served from `withings` and
//! `fitbit`, one reading that does not read — and edits (an updated
//! record keeps its `id`, gets a new `updatedAt`).

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};

/// The record types served, by path under `/v1/human/`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RecordType {
    HeartRate,
    Weight,
    BodyFat,
    BloodPressure,
    BloodGlucose,
    BloodOxygen,
    Sleeps,
    ActivitySummaries,
}

impl RecordType {
    pub const ALL: [RecordType; 8] = [
        RecordType::HeartRate,
        RecordType::Weight,
        RecordType::BodyFat,
        RecordType::BloodPressure,
        RecordType::BloodGlucose,
        RecordType::BloodOxygen,
        RecordType::Sleeps,
        RecordType::ActivitySummaries,
    ];

    /// The path after `/v1/human/`.
    pub fn path(self) -> &'static str {
        match self {
            RecordType::HeartRate => "heart_rate/readings",
            RecordType::Weight => "weight/readings",
            RecordType::BodyFat => "body_fat/readings",
            RecordType::BloodPressure => "blood_pressure/readings",
            RecordType::BloodGlucose => "blood_glucose/readings",
            RecordType::BloodOxygen => "blood_oxygen/readings",
            RecordType::Sleeps => "sleeps",
            RecordType::ActivitySummaries => "activities/summaries",
        }
    }

    pub fn from_path(path: &str) -> Option<RecordType> {
        RecordType::ALL.into_iter().find(|t| t.path() == path)
    }
}

/// One served record: its JSON as served, and what filters read.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub kind: RecordType,
    pub id: String,
    /// The instant it is about (reading time, night start, day start).
    pub at: DateTime<Utc>,
    /// Its local date (for `start_date`/`end_date`).
    pub local_date: NaiveDate,
    pub updated_at: DateTime<Utc>,
    pub source: String,
    pub json: Value,
}

/// Zone of the account's days: Paris, but New York for a week.
pub const HOME: Tz = chrono_tz::Europe::Paris;
pub const TRIP: Tz = chrono_tz::America::New_York;

/// The whole data set, newest first per type (as the service lists).
#[derive(Clone, Debug, Default)]
pub struct FakeData {
    records: Vec<Record>,
    first_day: Option<NaiveDate>,
    trip: Option<(NaiveDate, NaiveDate)>,
}

/// `+01:00` for an offset in seconds.
pub fn tz_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.abs();
    format!("{sign}{:02}:{:02}", s / 3600, (s % 3600) / 60)
}

/// Milliseconds, `Z`: how the service writes instants.
pub fn instant(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

fn local(zone: Tz, day: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    let naive = day.and_time(NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or(NaiveTime::MIN));
    zone.from_local_datetime(&naive)
        .earliest()
        .map_or_else(|| naive.and_utc(), |t| t.with_timezone(&Utc))
}

fn offset_at(zone: Tz, t: DateTime<Utc>) -> i32 {
    use chrono::Offset;
    zone.offset_from_utc_datetime(&t.naive_utc())
        .fix()
        .local_minus_utc()
}

impl FakeData {
    /// `days` days ending the day before `until`.
    pub fn generate(seed: u64, until: NaiveDate, days: u32, malformed: bool) -> FakeData {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let first = until - Duration::days(i64::from(days));
        let trip_start = first + Duration::days(i64::from(days / 3));
        let trip = (trip_start, trip_start + Duration::days(6));
        let mut records = Vec::new();
        let mut serial = 0u32;
        let mut next_id = |prefix: &str| {
            serial += 1;
            format!("{prefix}{seed:x}{serial:05}")
        };
        for n in 0..days {
            let day = first + Duration::days(i64::from(n));
            let zone = if (trip.0..=trip.1).contains(&day) {
                TRIP
            } else {
                HOME
            };
            let reading =
                |kind, id: String, at: DateTime<Utc>, value: Value, unit: &str, source: &str| {
                    let offset = offset_at(zone, at);
                    let created = at + Duration::minutes(3);
                    Record {
                        kind,
                        id: id.clone(),
                        at,
                        local_date: (at + Duration::seconds(i64::from(offset))).date_naive(),
                        updated_at: created,
                        source: source.to_owned(),
                        json: json!({
                            "id": id,
                            "humanId": "5b2f6a1e0c9d4e7f8a1b2c3d",
                            "userId": "5b2f6a1e0c9d4e7f8a1b2c3e",
                            "timestamp": instant(at),
                            "tzOffset": tz_offset(offset),
                            "value": value,
                            "unit": unit,
                            "source": source,
                            "sourceData": {},
                            "createdAt": instant(created),
                            "updatedAt": instant(created),
                        }),
                    }
                };
            for (i, hour) in [8, 11, 14, 18, 22].into_iter().enumerate() {
                let at = local(zone, day, hour, rng.random_range(0..60));
                let bpm = f64::from(rng.random_range(52..95u32));
                let bad = malformed && n == days / 2 && i == 2;
                let value = if bad { json!("n/a") } else { json!(bpm) };
                records.push(reading(
                    RecordType::HeartRate,
                    next_id("hr"),
                    at,
                    value,
                    "bpm",
                    "fitbit",
                ));
            }
            // Weigh-ins: most from the Withings scale, some typed into Fitbit.
            let at = local(zone, day, 7, rng.random_range(0..50));
            let kg = 80.0 + f64::from(rng.random_range(-150..150i32)) / 100.0 - f64::from(n) * 0.01;
            let kg = (kg * 10.0).round() / 10.0;
            let source = if n % 5 == 4 { "fitbit" } else { "withings" };
            records.push(reading(
                RecordType::Weight,
                next_id("wt"),
                at,
                json!(kg),
                "kg",
                source,
            ));
            if n % 3 == 0 {
                let pct = f64::from(rng.random_range(200..260u32)) / 10.0;
                records.push(reading(
                    RecordType::BodyFat,
                    next_id("bf"),
                    at + Duration::seconds(5),
                    json!(pct),
                    "%",
                    "withings",
                ));
            }
            if n % 2 == 0 {
                let at = local(zone, day, 9, 5);
                let bp = json!({"systolic": rng.random_range(110..135u32), "diastolic": rng.random_range(70..88u32)});
                records.push(reading(
                    RecordType::BloodPressure,
                    next_id("bp"),
                    at,
                    bp,
                    "mmHg",
                    "withings",
                ));
            }
            if n % 4 == 1 {
                let at = local(zone, day, 12, 30);
                let mg = f64::from(rng.random_range(800..1300u32)) / 10.0;
                records.push(reading(
                    RecordType::BloodGlucose,
                    next_id("bg"),
                    at,
                    json!(mg),
                    "mg/dL",
                    "ihealth",
                ));
            }
            if n % 5 == 2 {
                let at = local(zone, day, 8, 40);
                let pct = f64::from(rng.random_range(94..100u32));
                records.push(reading(
                    RecordType::BloodOxygen,
                    next_id("ox"),
                    at,
                    json!(pct),
                    "%",
                    "ihealth",
                ));
            }
            records.push(night(&mut rng, next_id("sl"), zone, day));
            records.push(summary(&mut rng, next_id("ac"), zone, day));
        }
        records.sort_by(|a, b| b.at.cmp(&a.at).then_with(|| a.id.cmp(&b.id)));
        FakeData {
            records,
            first_day: Some(first),
            trip: Some(trip),
        }
    }

    /// Records of `kind`, newest first.
    pub fn records(&self, kind: RecordType) -> Vec<&Record> {
        self.records.iter().filter(|r| r.kind == kind).collect()
    }

    pub fn all(&self) -> &[Record] {
        &self.records
    }

    pub fn first_day(&self) -> Option<NaiveDate> {
        self.first_day
    }

    /// The New York week (first and last day).
    pub fn trip(&self) -> Option<(NaiveDate, NaiveDate)> {
        self.trip
    }

    /// Sets a field of record `id` and stamps it updated now; the record
    /// keeps its `id`. Answers the record as it now is.
    pub fn update(&mut self, id: &str, field: &str, value: Value) -> Option<Record> {
        let record = self.records.iter_mut().find(|r| r.id == id)?;
        let now = Utc::now();
        record.json[field] = value;
        record.json["updatedAt"] = json!(instant(now));
        record.updated_at = now;
        Some(record.clone())
    }
}

fn night(rng: &mut ChaCha8Rng, id: String, zone: Tz, day: NaiveDate) -> Record {
    let start = local(zone, day, 23, rng.random_range(0..45));
    let in_bed = rng.random_range(380..520i64);
    let end = start + Duration::minutes(in_bed);
    let to_fall = rng.random_range(5..25i64);
    let awake = rng.random_range(10..45i64);
    let asleep = in_bed - to_fall - awake;
    let offset = offset_at(zone, start);
    let updated = end + Duration::minutes(10);
    Record {
        kind: RecordType::Sleeps,
        id: id.clone(),
        at: start,
        local_date: day,
        updated_at: updated,
        source: "fitbit".into(),
        json: json!({
            "id": id,
            "humanId": "5b2f6a1e0c9d4e7f8a1b2c3d",
            "userId": "5b2f6a1e0c9d4e7f8a1b2c3e",
            "startTime": instant(start),
            "endTime": instant(end),
            "tzOffset": tz_offset(offset),
            "type": "sleep",
            "mainSleep": true,
            "timeAsleep": asleep,
            "timeAwake": awake,
            "timeToFallAsleep": to_fall,
            "timesAwoken": rng.random_range(0..6u32),
            "timeInBed": in_bed,
            "efficiency": ((asleep as f64) / (in_bed as f64) * 1000.0).round() / 10.0,
            "source": "fitbit",
            "sourceData": {},
            "createdAt": instant(updated),
            "updatedAt": instant(updated),
        }),
    }
}

fn summary(rng: &mut ChaCha8Rng, id: String, zone: Tz, day: NaiveDate) -> Record {
    let start = local(zone, day, 0, 0);
    let offset = offset_at(zone, start);
    let steps = rng.random_range(2500..16000u32);
    let updated = local(zone, day, 23, 59) + Duration::minutes(30);
    let light = rng.random_range(1800..7200u32);
    let moderate = rng.random_range(0..2400u32);
    let vigorous = rng.random_range(0..1500u32);
    Record {
        kind: RecordType::ActivitySummaries,
        id: id.clone(),
        at: start,
        local_date: day,
        updated_at: updated,
        source: "fitbit".into(),
        json: json!({
            "id": id,
            "humanId": "5b2f6a1e0c9d4e7f8a1b2c3d",
            "userId": "5b2f6a1e0c9d4e7f8a1b2c3e",
            "date": day.to_string(),
            "tzOffset": tz_offset(offset),
            "steps": steps,
            "distance": (f64::from(steps) * 0.74).round(),
            "calories": 1900 + steps / 20,
            "duration": light + moderate + vigorous,
            "sedentary": 86_400 - 28_800 - light - moderate - vigorous,
            "light": light,
            "moderate": moderate,
            "vigorous": vigorous,
            "floors": rng.random_range(0..20u32),
            "source": "fitbit",
            "sourceData": {},
            "createdAt": instant(updated),
            "updatedAt": instant(updated),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> FakeData {
        FakeData::generate(7, NaiveDate::from_ymd_opt(2025, 4, 15).unwrap(), 60, true)
    }

    #[test]
    fn the_same_seed_gives_the_same_records() {
        assert_eq!(data().all(), data().all());
    }

    #[test]
    fn two_zones_and_the_dst_change_show_in_tz_offsets() {
        let d = data();
        let offsets: std::collections::BTreeSet<String> = d
            .records(RecordType::ActivitySummaries)
            .iter()
            .map(|r| r.json["tzOffset"].as_str().unwrap().to_owned())
            .collect();
        assert!(
            offsets.contains("+01:00") && offsets.contains("+02:00"),
            "{offsets:?}"
        );
        assert!(offsets.iter().any(|o| o.starts_with("-0")), "{offsets:?}");
    }

    #[test]
    fn weigh_ins_come_from_withings_and_fitbit() {
        let d = data();
        let sources: std::collections::BTreeSet<&str> = d
            .records(RecordType::Weight)
            .iter()
            .map(|r| r.source.as_str())
            .collect();
        assert_eq!(
            sources.into_iter().collect::<Vec<_>>(),
            ["fitbit", "withings"]
        );
    }

    #[test]
    fn an_update_keeps_the_id_and_moves_updated_at() {
        let mut d = data();
        let id = d.records(RecordType::Weight)[0].id.clone();
        let before = d.records(RecordType::Weight)[0].updated_at;
        let after = d.update(&id, "value", json!(77.7)).unwrap();
        assert_eq!(after.id, id);
        assert!(after.updated_at > before);
        assert_eq!(after.json["value"], json!(77.7));
    }
}
