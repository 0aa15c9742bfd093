//! A day's timetable: when the person went to bed and got up, when they
//! weighed themselves, trained and took their blood pressure.
//!
//! The timetable is cheap and independent of every other day's, so the
//! generator can ask for tomorrow's bedtime (where today's waking hours end)
//! without generating tomorrow. Times are wall-clock times in the zone,
//! converted to UTC with the offset in force then, so 23:00 stays 23:00
//! across a DST change and a night that spans one is an hour shorter or longer.
//!
//! ```text
//!   date-1                 date                                   date+1
//!   ──23:00┬───── night ─────┬07:00──────── awake ─────────23:00┬────
//!          bed               wake  weigh  [workout]  [BP]       next bed
//! ```

use chrono::{Datelike, Days, NaiveDate, Weekday};
use rand::Rng;

use super::plants::{ILLNESS_EXTRA_BED_MINUTES, Planted, TRAINING_WORKOUTS_PER_WEEK};
use super::rng::{Stream, normal_within, rng};
use crate::time::{SECONDS_PER_DAY, Zone, date_to_day_number};

const MINUTE: i64 = 60;
const HOUR: i64 = 3600;

/// The kinds of workout the person does, with what each asks of the body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Running,
    Cycling,
    Walking,
    Strength,
}

impl Kind {
    /// The `kind` string stored with the workout.
    pub(super) fn name(self) -> &'static str {
        match self {
            Kind::Running => "running",
            Kind::Cycling => "cycling",
            Kind::Walking => "walking",
            Kind::Strength => "strength",
        }
    }

    /// Duration range in minutes, inclusive.
    fn minutes(self) -> (i64, i64) {
        match self {
            Kind::Running => (25, 60),
            Kind::Cycling => (40, 75),
            Kind::Walking => (30, 70),
            Kind::Strength => (30, 60),
        }
    }

    /// The heart rate the workout settles at (bpm).
    fn target_hr(self) -> (f64, f64) {
        match self {
            Kind::Running => (145.0, 165.0),
            Kind::Cycling => (132.0, 155.0),
            Kind::Walking => (102.0, 118.0),
            Kind::Strength => (118.0, 135.0),
        }
    }

    /// Running most, then cycling; roughly a recreational runner's week.
    fn pick(r: &mut impl Rng) -> Kind {
        match r.random_range(0..20) {
            0..7 => Kind::Running,
            7..12 => Kind::Cycling,
            12..16 => Kind::Walking,
            _ => Kind::Strength,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct PlannedWorkout {
    pub kind: Kind,
    pub start: i64,
    pub end: i64,
    pub target_hr: f64,
}

/// One local day's timetable. The night is the one that *ends* on `date`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct DayPlan {
    pub date: NaiveDate,
    pub bed: i64,
    pub wake: i64,
    pub weigh_in: Option<i64>,
    pub workout: Option<PlannedWorkout>,
    pub blood_pressure: Option<i64>,
}

/// When a workout happens in the day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    /// Before work on weekdays, late morning at weekends.
    Morning,
    /// After work on weekdays, afternoon at weekends.
    Evening,
}

/// The share of weekday evening workouts moved to after 19:50, so that late
/// workouts (and their effect on the night after) are common enough to see.
const LATE_SHARE: f64 = 0.35;

/// A week's choices, drawn together so the week has 3–4 workouts on
/// distinct days and one blood pressure reading.
struct WeekChoice {
    workout: Option<(Kind, Slot)>,
    blood_pressure: bool,
}

fn week_choice(seed: u64, date: NaiveDate) -> WeekChoice {
    let weekday = date.weekday().num_days_from_monday() as usize;
    let monday = date_to_day_number(date) - weekday as i64;
    let mut r = rng(seed, Stream::Week, monday);
    let count = r.random_range(3..=4);
    // A partial Fisher–Yates shuffle: the first `count` days train.
    let mut days = [0usize, 1, 2, 3, 4, 5, 6];
    for i in 0..count {
        let j = r.random_range(i..7);
        days.swap(i, j);
    }
    let mut workout = None;
    for &day in &days[..count] {
        let kind = Kind::pick(&mut r);
        let slot = pick_slot(&mut r);
        if day == weekday {
            workout = Some((kind, slot));
        }
    }
    let bp_day = r.random_range(0..7);
    WeekChoice {
        workout,
        blood_pressure: bp_day == weekday,
    }
}

/// A slot drawn as `week_choice` draws it.
fn pick_slot(r: &mut impl Rng) -> Slot {
    if r.random_bool(0.4) {
        Slot::Morning
    } else {
        Slot::Evening
    }
}

/// The workout on `date` in the training block that started on `start`:
/// each of its weeks (counted from `start`) has five workouts on distinct days.
fn training_choice(seed: u64, start: NaiveDate, date: NaiveDate) -> Option<(Kind, Slot)> {
    let offset = date_to_day_number(date) - date_to_day_number(start);
    let week_start = date_to_day_number(start) + offset.div_euclid(7) * 7;
    let weekday = offset.rem_euclid(7) as usize;
    let mut r = rng(seed, Stream::Training, week_start);
    let mut days = [0usize, 1, 2, 3, 4, 5, 6];
    for i in 0..TRAINING_WORKOUTS_PER_WEEK {
        let j = r.random_range(i..7);
        days.swap(i, j);
    }
    let mut workout = None;
    for &day in &days[..TRAINING_WORKOUTS_PER_WEEK] {
        let kind = Kind::pick(&mut r);
        let slot = pick_slot(&mut r);
        if day == weekday {
            workout = Some((kind, slot));
        }
    }
    workout
}

/// The UTC instant of a wall-clock time: `seconds` after local midnight of
/// `date` (may exceed a day: 24:30 is 00:30 the next day). In a DST gap it
/// lands an hour off, which is harmless for a demo.
pub(super) fn local_time(zone: Zone, date: NaiveDate, seconds: i64) -> i64 {
    let naive = date_to_day_number(date) * SECONDS_PER_DAY + seconds;
    let first = naive - i64::from(zone.offset_at(naive));
    let offset = zone.offset_at(first);
    naive - i64::from(offset)
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// A uniform whole-minute time between two wall-clock times (minutes after midnight).
fn minutes_between(r: &mut impl Rng, from: i64, to: i64) -> i64 {
    r.random_range(from..=to) * MINUTE
}

/// The timetable of `date`. `first_day` always gets a weigh-in so that the
/// height and a first weight exist from the start. `planted` events change
/// it: no workout and a long lie-in when ill, five workouts a week in the
/// training block.
pub(super) fn day_plan(
    seed: u64,
    zone: Zone,
    date: NaiveDate,
    first_day: NaiveDate,
    planted: &Planted,
) -> DayPlan {
    let day = date_to_day_number(date);
    let mut r = rng(seed, Stream::Plan, day);
    let eve = date.checked_sub_days(Days::new(1)).unwrap_or(date);

    // Bed around 23:00 (within ±40 min), 45 min later on Friday and Saturday
    // nights; longer in bed after those nights.
    let late_night = matches!(eve.weekday(), Weekday::Fri | Weekday::Sat);
    let jitter = normal_within(&mut r, 0.0, 18.0, -40.0, 40.0).round() as i64;
    let bed_minutes = 23 * 60 + jitter + if late_night { 45 } else { 0 };
    let bed = local_time(zone, eve, bed_minutes * MINUTE);
    let in_bed_mean = if late_night { 480.0 } else { 445.0 };
    let mut in_bed = normal_within(&mut r, in_bed_mean, 28.0, 390.0, 510.0).round() as i64;
    let ill = planted.ill_on(date);
    if ill {
        in_bed += ILLNESS_EXTRA_BED_MINUTES;
    }
    let wake = bed + in_bed * MINUTE;

    let choice = week_choice(seed, date);
    let weekend = is_weekend(date);
    let planned = match planted.training_start(date) {
        _ if ill => None,
        Some(start) => training_choice(seed, start, date),
        None => choice.workout,
    };
    // Drawn from a stream of its own so that every other day's draws stay as they were.
    let mut late_r = rng(seed, Stream::Late, day);
    let late = late_r.random_bool(LATE_SHARE);
    // After putting the children to bed: ends between 20:15 and 21:55.
    let late_start = minutes_between(&mut late_r, 19 * 60 + 50, 20 * 60 + 40);
    let workout = planned.map(|(kind, slot)| {
        let (lo, hi) = kind.minutes();
        let minutes = r.random_range(lo..=hi);
        let wall = match (slot, weekend) {
            (Slot::Morning, false) => minutes_between(&mut r, 6 * 60 + 30, 7 * 60 + 30),
            (Slot::Morning, true) => minutes_between(&mut r, 9 * 60 + 30, 11 * 60),
            (Slot::Evening, false) => minutes_between(&mut r, 17 * 60 + 30, 19 * 60 + 15),
            (Slot::Evening, true) => minutes_between(&mut r, 15 * 60 + 30, 17 * 60 + 30),
        };
        let wall = if late && slot == Slot::Evening && !weekend {
            late_start
        } else {
            wall
        };
        // Never before being up for 20 minutes.
        let start = local_time(zone, date, wall).max(wake + 20 * MINUTE);
        let (lo_hr, hi_hr) = kind.target_hr();
        PlannedWorkout {
            kind,
            start,
            end: start + minutes * MINUTE,
            target_hr: r.random_range(lo_hr..hi_hr).round(),
        }
    });

    // On the scale every 1–3 days: always on every third day, else by chance.
    // Around 07:30, or just after getting up when training before breakfast.
    let weighs = date == first_day || day.rem_euclid(3) == 0 || r.random_bool(0.4);
    let weigh_time = match workout {
        Some(w) if w.start < local_time(zone, date, 10 * HOUR) => {
            wake + r.random_range(5..=10) * MINUTE
        }
        _ => local_time(
            zone,
            date,
            minutes_between(&mut r, 7 * 60 + 20, 7 * 60 + 40),
        )
        .max(wake + 5 * MINUTE),
    };

    // Blood pressure once a week, in the quiet of the evening, and never
    // straight out of a late workout.
    let blood_pressure = choice.blood_pressure.then(|| {
        let at = local_time(zone, date, minutes_between(&mut r, 21 * 60, 21 * 60 + 40));
        workout.map_or(at, |w| at.max(w.end + 10 * MINUTE))
    });

    DayPlan {
        date,
        bed,
        wake,
        weigh_in: weighs.then_some(weigh_time),
        workout,
        blood_pressure,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn wall_clock_times_survive_dst() {
        let paris: Zone = "Europe/Paris".parse().unwrap();
        // 07:00 on the spring-forward day is 05:00Z (CEST), the day before 06:00Z (CET).
        let t = local_time(paris, date("2026-03-29"), 7 * HOUR);
        assert_eq!(crate::time::format_utc(t), "2026-03-29T05:00:00Z");
        let t = local_time(paris, date("2026-03-28"), 7 * HOUR);
        assert_eq!(crate::time::format_utc(t), "2026-03-28T06:00:00Z");
        // 24:30 is 00:30 the next day.
        let t = local_time(paris, date("2026-06-01"), 24 * HOUR + 30 * MINUTE);
        assert_eq!(crate::time::format_utc(t), "2026-06-01T22:30:00Z");
    }

    #[test]
    fn every_week_has_three_or_four_workouts_and_one_reading() {
        let zone: Zone = "America/New_York".parse().unwrap();
        let monday = date("2025-01-06");
        for week in 0..104 {
            let days: Vec<DayPlan> = (0..7)
                .map(|i| monday + Days::new(week * 7 + i))
                .map(|d| day_plan(5, zone, d, monday, &Planted::none()))
                .collect();
            let workouts = days.iter().filter(|p| p.workout.is_some()).count();
            assert!(
                (3..=4).contains(&workouts),
                "week {week}: {workouts} workouts"
            );
            let readings = days.iter().filter(|p| p.blood_pressure.is_some()).count();
            assert_eq!(readings, 1, "week {week}");
        }
    }

    #[test]
    fn a_day_is_ordered_and_never_overlaps_sleep() {
        let zone: Zone = "Europe/Paris".parse().unwrap();
        let first = date("2025-01-01");
        // Every event falls within these two years.
        let planted = Planted::for_days(first, date("2026-12-31"));
        let mut last_weigh_in = None::<NaiveDate>;
        for i in 0..730 {
            let d = first + Days::new(i);
            let p = day_plan(9, zone, d, first, &planted);
            let next = day_plan(9, zone, d + Days::new(1), first, &planted);
            assert_eq!(zone.local_date(p.wake), d, "the night ends on its date");
            let bedtime = next.bed;
            if let Some(w) = p.workout {
                assert!(
                    w.start >= p.wake + 20 * MINUTE && w.end < bedtime,
                    "{d}: {w:?}"
                );
                assert!(w.end - w.start >= 25 * MINUTE && w.end - w.start <= 75 * MINUTE);
            }
            if let Some(t) = p.weigh_in {
                assert!(t > p.wake && t < bedtime);
                if let Some(w) = p.workout {
                    assert!(t < w.start || t >= w.end, "{d}: weighed mid-workout");
                }
                if let Some(prev) = last_weigh_in {
                    assert!((d - prev).num_days() <= 3, "{d}: gap since {prev}");
                }
                last_weigh_in = Some(d);
            }
            if let Some(t) = p.blood_pressure {
                assert!(t > p.wake && t < bedtime);
                assert!(p.workout.is_none_or(|w| t >= w.end));
            }
        }
    }
}
