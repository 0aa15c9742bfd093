//! The deterministic data set the fake serves, and the truth tests compare against.
//!
//! One person who lives in Europe/Paris, with one trip to America/New_York that
//! spans the US switch to summer time (second Sunday of March), so some activity
//! days are New York days and the trip days straddle a DST change there; the
//! European switches (last Sundays of March and October) happen at home, giving
//! 23- and 25-hour Paris days.
//!
//! Why it is built the way it is:
//! - Every day draws from its own RNG, seeded from `(seed, kind, date)`, so a date's
//!   values do not depend on `days`/`until` (only the trip placement and the grpid
//!   numbering do), and generation is cheap.
//! - The data covers the `days` days *before* `until` (`until` itself excluded) and
//!   every timestamp, `modified` included, lies before `until` 00:00 UTC. With the
//!   default `until` = today (UTC) nothing is in the future, so a client that syncs
//!   with `lastupdate = now` sees nothing new until a fault adds or corrects data.
//! - Minute-level intraday activity is generated on demand per day (it would be a
//!   few hundred thousand entries); the daily totals are drawn first and the day's
//!   minutes split them exactly, so `steps` = sum of the day's intraday steps.
//! - Sleep stages are stored; the summary is computed from them, so durations agree.
//! - Measure groups are the only mutable part (faults correct values and add
//!   groups), so they live behind a lock; the rest is immutable and borrowed.

mod generate;

use std::sync::{PoisonError, RwLock};

use chrono::{Datelike, Days, NaiveDate, NaiveTime, TimeZone, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// Where the person lives.
pub const HOME_TZ: Tz = chrono_tz::Europe::Paris;
/// Where the trip goes.
pub const TRIP_TZ: Tz = chrono_tz::America::New_York;

/// Withings measure types used by the data set (see the getmeas type table).
pub mod meastype {
    pub const WEIGHT: i32 = 1;
    pub const HEIGHT: i32 = 4;
    pub const FAT_FREE_MASS: i32 = 5;
    pub const FAT_RATIO: i32 = 6;
    pub const FAT_MASS: i32 = 8;
    pub const DIASTOLIC: i32 = 9;
    pub const SYSTOLIC: i32 = 10;
    pub const HEART_PULSE: i32 = 11;
    pub const TEMPERATURE: i32 = 12;
    pub const SPO2: i32 = 54;
    pub const BODY_TEMPERATURE: i32 = 71;
    pub const MUSCLE_MASS: i32 = 76;
    pub const HYDRATION: i32 = 77;
    pub const BONE_MASS: i32 = 88;
    pub const PULSE_WAVE_VELOCITY: i32 = 91;
}

/// One value of a measure group: the real value is `value × 10^unit`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Measure {
    pub value: i64,
    #[serde(rename = "type")]
    pub meastype: i32,
    pub unit: i32,
    /// Present on some scale measures, as in real responses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub algo: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fm: Option<i32>,
}

impl Measure {
    pub fn new(meastype: i32, value: i64, unit: i32) -> Self {
        Self {
            value,
            meastype,
            unit,
            algo: None,
            fm: None,
        }
    }

    /// The real value, `value × 10^unit`.
    pub fn real(&self) -> f64 {
        self.value as f64 * 10f64.powi(self.unit)
    }
}

/// A measure group exactly as getmeas serves it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeasureGroup {
    /// Larger than `u32::MAX` for the newest groups, as real grpids are.
    pub grpid: u64,
    /// 0 device, 1 device but ambiguous user, 2 manual, 4 at account creation.
    pub attrib: u8,
    pub date: i64,
    pub created: i64,
    pub modified: i64,
    /// 1 real measurement, 2 objective.
    pub category: u8,
    pub deviceid: Option<String>,
    pub hash_deviceid: Option<String>,
    pub modelid: Option<u32>,
    pub model: Option<String>,
    pub comment: Option<String>,
    pub measures: Vec<Measure>,
}

impl MeasureGroup {
    pub fn measure(&self, meastype: i32) -> Option<&Measure> {
        self.measures.iter().find(|m| m.meastype == meastype)
    }
}

/// A weigh-in of the truth: every real (category 1) group that carries a weight.
#[derive(Clone, Debug, PartialEq)]
pub struct Weighing {
    pub grpid: u64,
    pub date: i64,
    /// The local date in the timezone the person was in.
    pub local_date: NaiveDate,
    pub attrib: u8,
    pub weight_kg: f64,
    pub fat_ratio_percent: Option<f64>,
    pub modified: i64,
}

/// A device as getdevice lists it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Device {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub model: &'static str,
    pub model_id: u32,
    pub battery: &'static str,
    pub deviceid: String,
    pub hash_deviceid: String,
    pub timezone: &'static str,
    pub first_session_date: Option<i64>,
    pub last_session_date: Option<i64>,
}

/// One daily getactivity row (truth).
#[derive(Clone, Debug, PartialEq)]
pub struct ActivityDay {
    pub date: NaiveDate,
    /// Where the person was that day; its midnights bound the day.
    pub timezone: Tz,
    /// Local day length in hours: 23 or 25 on DST change days.
    pub day_hours: u32,
    pub steps: u32,
    pub distance: f64,
    pub elevation: f64,
    pub soft: u32,
    pub moderate: u32,
    pub intense: u32,
    /// Active energy, kcal.
    pub calories: f64,
    /// Total energy (basal + active), kcal.
    pub totalcalories: f64,
    pub hr_average: u32,
    pub hr_min: u32,
    pub hr_max: u32,
    pub hr_zones: [u32; 4],
    pub modified: i64,
    /// Waking window (unix seconds) the intraday minutes fall in.
    pub wake: i64,
    pub bed: i64,
}

/// One intraday minute (generated on demand).
#[derive(Clone, Debug, PartialEq)]
pub struct IntradayEntry {
    pub timestamp: i64,
    pub steps: u32,
    pub distance: f64,
    pub elevation: f64,
    pub calories: f64,
    pub duration: u32,
    pub heart_rate: Option<u32>,
}

/// One sleep-stage interval: 0 awake, 1 light, 2 deep, 3 REM.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SleepStage {
    pub startdate: i64,
    pub enddate: i64,
    pub state: u8,
}

/// The getsummary `data` of a night, computed from its stages. `-1` means
/// "not computed", as Withings sends it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SleepSummary {
    pub wakeupduration: i64,
    pub lightsleepduration: i64,
    pub deepsleepduration: i64,
    pub remsleepduration: i64,
    pub durationtosleep: i64,
    pub durationtowakeup: i64,
    pub wakeupcount: i64,
    pub total_timeinbed: i64,
    pub total_sleep_time: i64,
    pub asleepduration: i64,
    pub sleep_efficiency: f64,
    pub sleep_latency: i64,
    pub wakeup_latency: i64,
    pub waso: i64,
    pub nb_rem_episodes: i64,
    pub out_of_bed_count: i64,
    pub hr_average: i64,
    pub hr_min: i64,
    pub hr_max: i64,
    pub rr_average: i64,
    pub rr_min: i64,
    pub rr_max: i64,
    pub snoring: i64,
    pub snoringepisodecount: i64,
    pub breathing_disturbances_intensity: i64,
    pub apnea_hypopnea_index: i64,
    pub sleep_score: i64,
}

/// One night; `date` is the wake-up day, as getsummary dates it.
#[derive(Clone, Debug, PartialEq)]
pub struct Night {
    pub id: u64,
    pub date: NaiveDate,
    pub timezone: Tz,
    pub startdate: i64,
    pub enddate: i64,
    pub created: i64,
    pub modified: i64,
    pub stages: Vec<SleepStage>,
    pub summary: SleepSummary,
}

/// One workout (truth for getworkouts).
#[derive(Clone, Debug, PartialEq)]
pub struct Workout {
    pub id: u64,
    /// 1 walk, 2 run, 6 bicycling, 7 swim, 16 lift weights, 28 yoga, 187 rowing.
    pub category: u32,
    pub date: NaiveDate,
    pub timezone: Tz,
    pub startdate: i64,
    pub enddate: i64,
    pub modified: i64,
    pub calories: u32,
    pub distance: u32,
    pub steps: u32,
    pub elevation: u32,
    pub intensity: u32,
    pub hr_average: u32,
    pub hr_min: u32,
    pub hr_max: u32,
    pub hr_zones: [u32; 4],
}

/// A group to add through the faults API ("new data arriving").
#[derive(Clone, Debug, Default, Deserialize)]
pub struct NewMeasureGroup {
    /// Unix time of the measurement; `None` = now.
    #[serde(default)]
    pub date: Option<i64>,
    /// 1 real (default), 2 objective.
    #[serde(default)]
    pub category: Option<u8>,
    /// 0 device (default: the scale), 2 manual, …
    #[serde(default)]
    pub attrib: Option<u8>,
    pub measures: Vec<Measure>,
}

/// Device ids, stable per seed.
#[derive(Clone, Debug)]
struct DeviceIds {
    scale: String,
    watch: String,
    sleep: String,
    bpm: String,
}

/// Model names and ids as getdevice and the data rows report them.
const SCALE: (&str, u32) = ("Body+", 5);
const WATCH: (&str, u32) = ("ScanWatch", 93);
const SLEEP: (&str, u32) = ("Sleep Analyzer", 63);
const BPM: (&str, u32) = ("BPM Connect", 45);

/// The generated data set. Cheap to build (see the module docs).
#[derive(Debug)]
pub struct FakeData {
    seed: u64,
    until: NaiveDate,
    days: u32,
    userid: u64,
    trip: Option<(NaiveDate, NaiveDate)>,
    ids: DeviceIds,
    groups: RwLock<GroupStore>,
    activity: Vec<ActivityDay>,
    nights: Vec<Night>,
    workouts: Vec<Workout>,
    /// Ids of workouts the user deleted (the generated list stays as made).
    deleted_workouts: RwLock<Vec<u64>>,
}

#[derive(Debug)]
struct GroupStore {
    /// Sorted by (date, grpid) ascending.
    groups: Vec<MeasureGroup>,
    next_grpid: u64,
}

/// splitmix64 finaliser: spreads seeds so neighbouring days get unrelated streams.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Unix time of a local wall-clock time; a time skipped by a DST jump moves one hour on.
pub(crate) fn local_ts(tz: Tz, date: NaiveDate, h: u32, m: u32) -> i64 {
    let time = NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN);
    let naive = date.and_time(time);
    match tz.from_local_datetime(&naive).earliest() {
        Some(dt) => dt.timestamp(),
        None => tz
            .from_local_datetime(&(naive + chrono::Duration::hours(1)))
            .earliest()
            .map_or_else(|| naive.and_utc().timestamp(), |dt| dt.timestamp()),
    }
}

/// Local midnight starting `date`.
pub(crate) fn midnight(tz: Tz, date: NaiveDate) -> i64 {
    local_ts(tz, date, 0, 0)
}

/// Local date of a unix time.
pub(crate) fn local_date(tz: Tz, ts: i64) -> NaiveDate {
    tz.timestamp_opt(ts, 0)
        .earliest()
        .map_or(NaiveDate::MIN, |dt| dt.date_naive())
}

fn next_day(d: NaiveDate) -> NaiveDate {
    d.checked_add_days(Days::new(1)).unwrap_or(d)
}

fn prev_day(d: NaiveDate) -> NaiveDate {
    d.checked_sub_days(Days::new(1)).unwrap_or(d)
}

impl FakeData {
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// First day with data.
    pub fn first_day(&self) -> NaiveDate {
        self.until
            .checked_sub_days(Days::new(u64::from(self.days)))
            .unwrap_or(self.until)
    }

    /// Last day with data (`until` − 1).
    pub fn last_day(&self) -> NaiveDate {
        prev_day(self.until)
    }

    pub fn userid(&self) -> u64 {
        self.userid
    }

    /// The New York trip (first and last New York day), if the range holds one.
    pub fn trip(&self) -> Option<(NaiveDate, NaiveDate)> {
        self.trip
    }

    /// Where the person was on `date`.
    pub fn timezone_on(&self, date: NaiveDate) -> Tz {
        match self.trip {
            Some((a, b)) if date >= a && date <= b => TRIP_TZ,
            _ => HOME_TZ,
        }
    }

    /// Every measure group (both categories), oldest first.
    pub fn measure_groups(&self) -> Vec<MeasureGroup> {
        self.with_groups(<[MeasureGroup]>::to_vec)
    }

    /// Every real group that carries a weight (type 1), oldest first.
    pub fn weighings(&self) -> Vec<Weighing> {
        self.with_groups(|groups| {
            groups
                .iter()
                .filter(|g| g.category == 1)
                .filter_map(|g| {
                    let w = g.measure(meastype::WEIGHT)?;
                    let tz = self.timezone_on(local_date(HOME_TZ, g.date));
                    Some(Weighing {
                        grpid: g.grpid,
                        date: g.date,
                        local_date: local_date(tz, g.date),
                        attrib: g.attrib,
                        weight_kg: w.real(),
                        fat_ratio_percent: g.measure(meastype::FAT_RATIO).map(Measure::real),
                        modified: g.modified,
                    })
                })
                .collect()
        })
    }

    pub fn activity_days(&self) -> &[ActivityDay] {
        &self.activity
    }

    pub fn activity_day(&self, date: NaiveDate) -> Option<&ActivityDay> {
        let i = self.activity.binary_search_by_key(&date, |a| a.date).ok()?;
        self.activity.get(i)
    }

    pub fn nights(&self) -> &[Night] {
        &self.nights
    }

    /// The workouts the account has now (without deleted ones), oldest first.
    pub fn workouts(&self) -> Vec<Workout> {
        let deleted = self
            .deleted_workouts
            .read()
            .unwrap_or_else(PoisonError::into_inner);
        self.workouts
            .iter()
            .filter(|w| !deleted.contains(&w.id))
            .cloned()
            .collect()
    }

    /// Deletes a workout, as a user does in the Withings app.
    pub(crate) fn delete_workout(&self, id: u64) -> Result<Workout, crate::FaultError> {
        let workout = self
            .workouts
            .iter()
            .find(|w| w.id == id)
            .cloned()
            .ok_or(crate::FaultError::UnknownWorkout(id))?;
        self.deleted_workouts
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .push(id);
        Ok(workout)
    }

    /// The devices getdevice lists.
    pub fn devices(&self) -> Vec<Device> {
        let last_group = self.with_groups(|g| g.last().map(|g| g.date));
        let last_night = self.nights.last().map(|n| n.enddate);
        let last_bed = self.activity.last().map(|a| a.bed);
        let first = self.first_day();
        let first_ts = Some(local_ts(HOME_TZ, first, 10, 0));
        let make = |kind, (model, model_id): (&'static str, u32), id: &str, battery, last| Device {
            kind,
            model,
            model_id,
            battery,
            deviceid: id.to_string(),
            hash_deviceid: id.to_string(),
            timezone: HOME_TZ.name(),
            first_session_date: first_ts,
            last_session_date: last,
        };
        vec![
            make("Scale", SCALE, &self.ids.scale, "high", last_group),
            make(
                "Activity Tracker",
                WATCH,
                &self.ids.watch,
                "medium",
                last_bed,
            ),
            make("Sleep Monitor", SLEEP, &self.ids.sleep, "high", last_night),
            make(
                "Blood Pressure Monitor",
                BPM,
                &self.ids.bpm,
                "low",
                last_group,
            ),
        ]
    }

    pub(crate) fn watch_id(&self) -> &str {
        &self.ids.watch
    }

    pub(crate) fn sleep_id(&self) -> &str {
        &self.ids.sleep
    }

    pub(crate) fn with_groups<R>(&self, f: impl FnOnce(&[MeasureGroup]) -> R) -> R {
        let store = self.groups.read().unwrap_or_else(PoisonError::into_inner);
        f(&store.groups)
    }

    /// Changes one measure's value and bumps the group's `modified` to `now`
    /// (at least one second later), keeping its grpid.
    pub(crate) fn correct_measure(
        &self,
        grpid: u64,
        meastype: i32,
        value: i64,
        now: i64,
    ) -> Result<MeasureGroup, crate::FaultError> {
        let mut store = self.groups.write().unwrap_or_else(PoisonError::into_inner);
        let group = store
            .groups
            .iter_mut()
            .find(|g| g.grpid == grpid)
            .ok_or(crate::FaultError::UnknownGroup(grpid))?;
        let measure = group
            .measures
            .iter_mut()
            .find(|m| m.meastype == meastype)
            .ok_or(crate::FaultError::UnknownMeasType { grpid, meastype })?;
        measure.value = value;
        group.modified = now.max(group.modified + 1);
        Ok(group.clone())
    }

    /// Deletes a group, as a user does in the Withings app; `getmeas` no
    /// longer returns it, with or without `lastupdate`.
    pub(crate) fn delete_group(&self, grpid: u64) -> Result<MeasureGroup, crate::FaultError> {
        let mut store = self.groups.write().unwrap_or_else(PoisonError::into_inner);
        let at = store
            .groups
            .iter()
            .position(|g| g.grpid == grpid)
            .ok_or(crate::FaultError::UnknownGroup(grpid))?;
        Ok(store.groups.remove(at))
    }

    /// Adds a group (new data arriving), created and modified `now`.
    pub(crate) fn add_group(&self, new: NewMeasureGroup, now: i64) -> MeasureGroup {
        let mut store = self.groups.write().unwrap_or_else(PoisonError::into_inner);
        let attrib = new.attrib.unwrap_or(0);
        let device = attrib == 0 || attrib == 1;
        let grpid = store.next_grpid;
        store.next_grpid += 1 + mix(grpid) % 5000;
        let group = MeasureGroup {
            grpid,
            attrib,
            date: new.date.unwrap_or(now),
            created: now,
            modified: now,
            category: new.category.unwrap_or(1),
            deviceid: device.then(|| self.ids.scale.clone()),
            hash_deviceid: device.then(|| self.ids.scale.clone()),
            modelid: device.then_some(SCALE.1),
            model: device.then(|| SCALE.0.to_string()),
            comment: None,
            measures: new.measures,
        };
        let pos = store
            .groups
            .partition_point(|g| (g.date, g.grpid) <= (group.date, group.grpid));
        store.groups.insert(pos, group.clone());
        group
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> FakeData {
        FakeData::generate(7, NaiveDate::from_ymd_opt(2025, 6, 1).unwrap(), 730)
    }

    #[test]
    fn deterministic() {
        let a = data();
        let b = data();
        assert_eq!(a.measure_groups(), b.measure_groups());
        assert_eq!(a.nights(), b.nights());
        assert_eq!(a.intraday(a.first_day()), b.intraday(b.first_day()));
    }

    #[test]
    fn steps_and_calories_add_up() {
        let d = data();
        for day in d.activity_days().iter().step_by(37) {
            let minutes = d.intraday(day.date);
            let steps: u32 = minutes.iter().map(|m| m.steps).sum();
            assert_eq!(steps, day.steps, "{}", day.date);
            let kcal: f64 = minutes.iter().map(|m| m.calories).sum();
            assert!(
                (kcal - day.calories).abs() < 0.5,
                "{} {kcal} {}",
                day.date,
                day.calories
            );
            assert!(day.calories < day.totalcalories);
            let (start, end) = (
                midnight(day.timezone, day.date),
                midnight(day.timezone, next_day(day.date)),
            );
            assert!(
                minutes
                    .iter()
                    .all(|m| m.timestamp >= start && m.timestamp < end)
            );
        }
    }

    #[test]
    fn night_summaries_match_stages() {
        let d = data();
        for night in d.nights() {
            assert!((20..=40).contains(&night.stages.len()));
            let s = &night.summary;
            assert_eq!(
                s.wakeupduration + s.lightsleepduration + s.deepsleepduration + s.remsleepduration,
                night.enddate - night.startdate
            );
            assert_eq!(s.total_timeinbed, night.enddate - night.startdate);
            for pair in night.stages.windows(2) {
                assert_eq!(pair[0].enddate, pair[1].startdate);
            }
        }
        assert!(d.nights().iter().any(|n| n.summary.sleep_score == -1));
    }

    #[test]
    fn trip_spans_us_dst_and_home_has_eu_dst() {
        let d = data();
        let (a, b) = d.trip().unwrap();
        assert_eq!(a, NaiveDate::from_ymd_opt(2025, 3, 5).unwrap());
        assert_eq!(b, NaiveDate::from_ymd_opt(2025, 3, 14).unwrap());
        let us_dst = d
            .activity_day(NaiveDate::from_ymd_opt(2025, 3, 9).unwrap())
            .unwrap();
        assert_eq!(us_dst.timezone, TRIP_TZ);
        assert_eq!(us_dst.day_hours, 23);
        let eu_spring = d
            .activity_day(NaiveDate::from_ymd_opt(2025, 3, 30).unwrap())
            .unwrap();
        assert_eq!((eu_spring.timezone, eu_spring.day_hours), (HOME_TZ, 23));
        let eu_autumn = d
            .activity_day(NaiveDate::from_ymd_opt(2024, 10, 27).unwrap())
            .unwrap();
        assert_eq!((eu_autumn.timezone, eu_autumn.day_hours), (HOME_TZ, 25));
    }

    #[test]
    fn everything_is_before_until() {
        let d = data();
        let end = NaiveDate::from_ymd_opt(2025, 6, 1)
            .unwrap()
            .and_time(NaiveTime::MIN)
            .and_utc()
            .timestamp();
        assert!(
            d.measure_groups()
                .iter()
                .all(|g| g.modified < end && g.date < end)
        );
        assert!(d.activity_days().iter().all(|a| a.modified < end));
        assert!(d.nights().iter().all(|n| n.modified < end));
        assert!(d.workouts().iter().all(|w| w.modified < end));
        let kinds: std::collections::BTreeSet<u8> =
            d.measure_groups().iter().map(|g| g.attrib).collect();
        assert_eq!(kinds.into_iter().collect::<Vec<_>>(), vec![0, 1, 2, 4]);
        assert!(d.measure_groups().iter().any(|g| g.category == 2));
        assert!(d.measure_groups().last().unwrap().grpid > u64::from(u32::MAX));
    }

    #[test]
    fn two_years_generate_quickly_even_in_debug() {
        let t = std::time::Instant::now();
        let d = data();
        let minutes: usize = d
            .activity_days()
            .iter()
            .map(|a| d.intraday(a.date).len())
            .sum();
        assert!(minutes > 100_000);
        assert!(
            t.elapsed() < std::time::Duration::from_secs(3),
            "{:?}",
            t.elapsed()
        );
    }
}
