//! Events planted in the demo person's life so that every insight has
//! something to find, at known dates with known sizes:
//!
//! ```text
//!   first ─────── training block ────────────── illness ─────── last
//!                 last-200 ..= last-145         last-34 ..= last-28
//!                 5 workouts a week,            resting HR +8 bpm, +90 min
//!                 resting HR −4 bpm, for good   asleep, a third of the steps
//! ```
//!
//! and, all along, workouts ending at or after 20:00 raise the next night's
//! (the next day's) resting heart rate by 4 bpm.
//!
//! Dates count back from the last day so that a fresh load always shows the
//! illness a month ago and the training block half a year ago.

use chrono::{Days, NaiveDate};

use crate::time::{SECONDS_PER_DAY, Zone, date_to_day_number};

/// How much higher the resting heart rate is on an illness day (bpm).
pub(super) const ILLNESS_BPM: f64 = 8.0;
/// How much longer the person stays in bed each illness night (minutes).
pub(super) const ILLNESS_EXTRA_BED_MINUTES: i64 = 90;
/// The share of the usual everyday steps on an illness day.
pub(super) const ILLNESS_STEPS: f64 = 1.0 / 3.0;
/// How far the resting heart rate falls over the training block (bpm): "about
/// 4", a little more so that the block's last four weeks sit clearly (≥ 3 bpm)
/// below its first four despite the day-to-day noise.
const TRAINING_DROP_BPM: f64 = 4.5;
/// Workouts a week during the training block.
pub(super) const TRAINING_WORKOUTS_PER_WEEK: usize = 5;
/// The next day's resting heart rate after a late workout is up by this (bpm).
pub const LATE_WORKOUT_BPM: f64 = 4.0;
/// A workout is late when it ends at or after this local hour.
pub const LATE_WORKOUT_HOUR: i64 = 20;

/// Illness: `last - 34 ..= last - 28`, in data sets of at least 120 days.
const ILLNESS_BACK: (u64, u64) = (34, 28);
const ILLNESS_MIN_DAYS: i64 = 120;
/// Training: `last - 200 ..= last - 145` (eight weeks), in data sets of at least 240 days.
const TRAINING_BACK: (u64, u64) = (200, 145);
const TRAINING_MIN_DAYS: i64 = 240;

/// Where the planted events are in a data set (see the module docs).
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Planted {
    /// Seven days of illness: resting HR about +8 bpm over the person's trend, time asleep about +90 min,
    /// steps about a third of usual. Inclusive dates. Placed so it ends 28 days before `last_day`
    /// (i.e. `last_day - 34 ..= last_day - 28`); omitted (None) when the data set is shorter than 120 days.
    pub illness: Option<(NaiveDate, NaiveDate)>,
    /// Eight weeks of training (5 workouts a week) during which resting HR falls by about 4 bpm (4.5, mostly
    /// in the middle weeks) and stays lower afterwards: `last_day - 200 ..= last_day - 145`; None when the data set is shorter than 240 days.
    pub training: Option<(NaiveDate, NaiveDate)>,
    /// Workouts ending at or after 20:00 local raise the resting heart rate of the night that follows
    /// (stored on the next day's `resting_heart_rate`, i.e. lag 1 from the workout's day) by this many bpm.
    pub late_workout_bpm: f64,
}

impl Planted {
    /// The plants of the data set `first..=last`.
    pub(super) fn for_days(first: NaiveDate, last: NaiveDate) -> Self {
        let days = (last - first).num_days() + 1;
        let back = |(from, to): (u64, u64)| {
            Some((
                last.checked_sub_days(Days::new(from))?,
                last.checked_sub_days(Days::new(to))?,
            ))
        };
        Planted {
            illness: (days >= ILLNESS_MIN_DAYS)
                .then(|| back(ILLNESS_BACK))
                .flatten(),
            training: (days >= TRAINING_MIN_DAYS)
                .then(|| back(TRAINING_BACK))
                .flatten(),
            late_workout_bpm: LATE_WORKOUT_BPM,
        }
    }

    /// No events at all except the late-workout effect, which is part of the
    /// person rather than an event: an empty data set's.
    pub(super) fn none() -> Self {
        Planted {
            illness: None,
            training: None,
            late_workout_bpm: LATE_WORKOUT_BPM,
        }
    }

    pub(super) fn ill_on(&self, date: NaiveDate) -> bool {
        self.illness
            .is_some_and(|(from, to)| (from..=to).contains(&date))
    }

    /// The training block's first day when `date` is in it.
    pub(super) fn training_start(&self, date: NaiveDate) -> Option<NaiveDate> {
        self.training
            .filter(|(from, to)| (*from..=*to).contains(&date))
            .map(|(from, _)| from)
    }

    /// What the planted events add to the day's resting heart rate, apart
    /// from the late-workout effect (which depends on the day before).
    pub(super) fn resting_offset(&self, date: NaiveDate) -> f64 {
        let illness = if self.ill_on(date) { ILLNESS_BPM } else { 0.0 };
        illness - TRAINING_DROP_BPM * self.training_progress(date)
    }

    /// 0 before the training block, 1 from its end on. The fall is an S-curve
    /// over the block's middle weeks (the body takes a couple of weeks to
    /// respond, then settles), so its first and last four weeks differ clearly.
    fn training_progress(&self, date: NaiveDate) -> f64 {
        let Some((from, to)) = self.training else {
            return 0.0;
        };
        let length = (date_to_day_number(to) - date_to_day_number(from) + 1) as f64;
        let day = (date_to_day_number(date) - date_to_day_number(from)) as f64;
        let x = ((day - 0.3 * length) / (0.4 * length)).clamp(0.0, 1.0);
        x * x * (3.0 - 2.0 * x)
    }
}

/// Whether a workout ending at `end` (Unix seconds) counts as late: at or after 20:00 on the wall clock in `zone`.
pub fn ends_late(end: i64, zone: Zone) -> bool {
    let wall = (end + i64::from(zone.offset_at(end))).rem_euclid(SECONDS_PER_DAY);
    wall >= LATE_WORKOUT_HOUR * 3600
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn events_count_back_from_the_last_day_and_need_room() {
        let last = date("2026-12-05");
        let p = Planted::for_days(date("2024-12-06"), last);
        assert_eq!(p.illness, Some((date("2026-11-01"), date("2026-11-07"))));
        assert_eq!(p.training, Some((date("2026-05-19"), date("2026-07-13"))));
        let (from, to) = p.training.unwrap();
        assert_eq!((to - from).num_days() + 1, 56, "eight weeks");
        // 200 days: room for the illness, not for the training block.
        let short = Planted::for_days(date("2026-05-20"), last);
        assert!(short.illness.is_some() && short.training.is_none());
        let shorter = Planted::for_days(date("2026-09-01"), last);
        assert_eq!((shorter.illness, shorter.training), (None, None));
    }

    #[test]
    fn resting_offsets() {
        let p = Planted::for_days(date("2024-12-06"), date("2026-12-05"));
        // On top of the lower level the training block left.
        assert_eq!(
            p.resting_offset(date("2026-11-03")) - p.resting_offset(date("2026-10-31")),
            ILLNESS_BPM
        );
        assert_eq!(p.resting_offset(date("2026-05-18")), 0.0);
        assert_eq!(p.resting_offset(date("2026-05-25")), 0.0, "slow to start");
        assert_eq!(p.resting_offset(date("2026-07-13")), -TRAINING_DROP_BPM);
        assert_eq!(p.resting_offset(date("2026-09-01")), -TRAINING_DROP_BPM);
    }

    #[test]
    fn late_means_ending_at_eight_in_the_evening_or_later() {
        let paris: Zone = "Europe/Paris".parse().unwrap();
        let day = paris.day_bounds(date("2026-07-01")).0;
        assert!(!ends_late(day + 19 * 3600 + 59 * 60, paris));
        assert!(ends_late(day + 20 * 3600, paris));
        assert!(ends_late(day + 22 * 3600, paris));
    }
}
