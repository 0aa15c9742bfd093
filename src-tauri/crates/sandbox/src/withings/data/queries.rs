//! Reading the data set: what getmeas & co. serve and what tests compare against.

use std::sync::PoisonError;

use chrono::{Days, NaiveDate};
use chrono_tz::Tz;

use super::records::{
    ActivityDay, Device, Measure, MeasureGroup, Night, Weighing, Workout, meastype,
};
use super::time::{local_date, local_ts, prev_day};
use super::{BPM, FakeData, HOME_TZ, SCALE, SLEEP, TRIP_TZ, WATCH};

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
}
