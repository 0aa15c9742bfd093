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

mod edits;
mod generate;
mod queries;
mod records;
mod time;

use std::sync::RwLock;

use chrono::NaiveDate;
use chrono_tz::Tz;

pub use self::records::{
    ActivityDay, Device, IntradayEntry, Measure, MeasureGroup, NewMeasureGroup, Night, SleepStage,
    SleepSummary, Weighing, Workout, meastype,
};
pub(crate) use self::time::{local_date, local_ts, midnight};

/// Where the person lives.
pub const HOME_TZ: Tz = chrono_tz::Europe::Paris;
/// Where the trip goes.
pub const TRIP_TZ: Tz = chrono_tz::America::New_York;

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

#[cfg(test)]
mod tests;
