//! Building the data set: one RNG per (seed, kind of record, date), so a date's
//! values do not depend on the range asked for; see the parent module for the
//! person and the consistency rules.

use super::time::{next_day, prev_day};
mod activity;
mod measures;
mod nights;
mod workouts;

use super::*;
use chrono::{Datelike, Days, NaiveTime, Weekday};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// RNG streams, one per kind of record.
const K_NIGHT: u64 = 1;
const K_ACTIVITY: u64 = 2;
const K_INTRADAY: u64 = 3;
const K_WORKOUT: u64 = 4;
const K_MEASURE: u64 = 5;
const K_IDS: u64 = 6;

fn rng_for(seed: u64, kind: u64, date: NaiveDate) -> ChaCha8Rng {
    let day = date.num_days_from_ce() as u64;
    ChaCha8Rng::seed_from_u64(mix(
        seed ^ mix(kind.wrapping_mul(0x1000_0000_01b3) ^ mix(day))
    ))
}

fn round_to(x: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    (x * f).round() / f
}

/// Second Sunday of March: the US switch to summer time.
fn us_dst_start(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, 3, Weekday::Sun, 2)
}

fn hex_id(seed: u64, salt: u64) -> String {
    let mut s = String::with_capacity(40);
    let mut x = mix(seed ^ mix(salt));
    while s.len() < 40 {
        x = mix(x);
        s.push_str(&format!("{x:016x}"));
    }
    s.truncate(40);
    s
}

impl FakeData {
    /// Builds the data set for the `days` days before `until` (exclusive).
    pub fn generate(seed: u64, until: NaiveDate, days: u32) -> Self {
        let days = days.max(1);
        let first = until
            .checked_sub_days(Days::new(u64::from(days)))
            .unwrap_or(until);
        let last = prev_day(until);
        let trip = Self::place_trip(first, last);
        let ids = DeviceIds {
            scale: hex_id(seed, K_IDS * 10 + 1),
            watch: hex_id(seed, K_IDS * 10 + 2),
            sleep: hex_id(seed, K_IDS * 10 + 3),
            bpm: hex_id(seed, K_IDS * 10 + 4),
        };
        let end_ts = until.and_time(NaiveTime::MIN).and_utc().timestamp();
        let mut data = FakeData {
            seed,
            until,
            days,
            userid: 30_000_000 + mix(seed) % 9_000_000,
            trip,
            ids,
            groups: RwLock::new(GroupStore {
                groups: Vec::new(),
                next_grpid: 0,
            }),
            activity: Vec::new(),
            nights: Vec::new(),
            workouts: Vec::new(),
            deleted_workouts: RwLock::new(Vec::new()),
        };
        let dates: Vec<NaiveDate> = first.iter_days().take_while(|d| *d <= last).collect();
        data.nights = dates
            .iter()
            .enumerate()
            .map(|(i, d)| data.gen_night(i, *d))
            .collect();
        let windows: Vec<(i64, i64)> = (0..dates.len())
            .map(|i| data.waking_window(&dates, i))
            .collect();
        data.workouts = data.gen_workouts(&dates, &windows);
        data.activity = dates
            .iter()
            .zip(&windows)
            .map(|(d, w)| data.gen_activity(*d, *w, end_ts))
            .collect();
        let (groups, next) = data.gen_groups(&dates, end_ts);
        data.groups = RwLock::new(GroupStore {
            groups,
            next_grpid: next,
        });
        data
    }

    /// The trip: four days before to five days after the latest US DST start that
    /// fits inside the range with a margin, or none for short ranges.
    fn place_trip(first: NaiveDate, last: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        (first.year()..=last.year()).rev().find_map(|y| {
            let dst = us_dst_start(y)?;
            let start = dst.checked_sub_days(Days::new(4))?;
            let end = dst.checked_add_days(Days::new(5))?;
            (start > first && end < last).then_some((start, end))
        })
    }
}
