//! Heart rate samples for one day: every 5 minutes through the night that
//! ends on it, then every minute until the next bedtime.
//!
//! ```text
//!  bpm
//!  150 ┤                                   ╭───╮      workout: ramp, drift, recovery
//!  100 ┤                    ╭╮             │   │
//!   75 ┤             ╭──────╯╰────────╮╭───╯   ╰╮───╮  day: resting + 8..16, walks
//!   55 ┤─╮       ╭───╯                ╰╯            ╰─
//!   50 ┤ ╰───────╯ night: down to resting − 5
//!      bed         wake                                next bed
//!      └ every 5 min ┘└ every minute ─────────────────────┘
//! ```
//!
//! The shape: asleep, the rate falls to about resting − 5 late in the night,
//! higher in REM and when awake; by day it follows a circadian curve
//! (resting + 8 at night's edges, + 16 mid-afternoon) with a slowly wandering
//! offset, short bouts of walking, and workouts that ramp up to their target
//! and recover afterwards. Values are whole bpm.

use std::f64::consts::TAU;

use rand::Rng;

use super::plan::{Kind, PlannedWorkout};
use super::rng::{normal, round_to};
use crate::metric::Metric;
use crate::model::{Measurement, SleepStage, StageInterval};
use crate::time::{SECONDS_PER_DAY, Zone};

pub(super) const AWAKE_STEP: i64 = 60;
pub(super) const ASLEEP_STEP: i64 = 300;
const MIN_BPM: f64 = 38.0;
const MAX_BPM: f64 = 195.0;

/// What shapes one day's heart rate.
pub(super) struct DayHeart<'a> {
    pub resting: f64,
    /// The night that ends on this day: in bed at `bed`, up at `wake`, with
    /// stage intervals covering `[bed, wake)`.
    pub bed: i64,
    pub wake: i64,
    pub stages: &'a [StageInterval],
    /// Where the waking hours end: the next bedtime, or the end of the last day.
    pub awake_until: i64,
    pub workout: Option<PlannedWorkout>,
}

/// Appends the day's samples to `out`, oldest first.
pub(super) fn samples(
    day: &DayHeart<'_>,
    zone: Zone,
    r: &mut impl Rng,
    out: &mut Vec<Measurement>,
) {
    let clock = LocalClock::new(zone, day.bed, day.awake_until);
    let mut wander = 0.0;
    let mut emit = |at: i64, bpm: f64| {
        let value = round_to(bpm.clamp(MIN_BPM, MAX_BPM), 1.0);
        out.push(Measurement::sample(Metric::HeartRate, at, value, zone));
    };

    // The night, by stage.
    let night = (day.wake - day.bed) as f64;
    let mut stage = day.stages.iter().peekable();
    let mut at = day.bed;
    while at < day.wake {
        while stage.next_if(|s| s.end <= at).is_some() {}
        let lift = match stage.peek().map(|s| s.stage) {
            Some(SleepStage::Deep) => -2.0,
            Some(SleepStage::Rem) => 4.0,
            Some(SleepStage::Awake) => 8.0,
            Some(SleepStage::Light) | None => 0.0,
        };
        // Falls from resting + 1 to resting − 5 three quarters into the
        // night, then rises a little towards waking.
        let q = (at - day.bed) as f64 / night;
        let shape = if q < 0.75 {
            -5.0 + 6.0 * (1.0 - q / 0.75).powi(2)
        } else {
            -5.0 + 8.0 * (q - 0.75)
        };
        wander = 0.7 * wander + normal(r, 0.0, 0.6);
        emit(
            at,
            day.resting + shape + lift + wander + normal(r, 0.0, 0.8),
        );
        at += ASLEEP_STEP;
    }

    // The waking hours.
    let bouts = walking_bouts(day, r);
    let mut at = day.wake;
    while at < day.awake_until {
        let hour = clock.local_hour(at);
        // Circadian: lowest around 04:00, highest around 16:00.
        let circadian = 12.0 + 4.0 * (TAU * (hour - 10.0) / 24.0).sin();
        // Still drowsy for the first quarter hour or so after getting up.
        let drowsy = -6.0 * (-((at - day.wake) as f64) / 900.0).exp();
        wander = 0.96 * wander + normal(r, 0.0, 0.7);
        let base = day.resting + circadian + drowsy + wander;
        let mut bpm = base + bouts.iter().map(|b| b.lift(at)).fold(0.0, f64::max);
        if let Some(w) = day.workout {
            bpm = during_workout(&w, at, bpm, r);
        }
        emit(at, bpm + normal(r, 0.0, 1.5));
        at += AWAKE_STEP;
    }
}

/// A few minutes of walking somewhere: the rate rises, then settles.
struct Bout {
    start: i64,
    end: i64,
    lift: f64,
}

impl Bout {
    fn lift(&self, at: i64) -> f64 {
        const RAMP: f64 = 120.0;
        if at < self.start || at >= self.end + 300 {
            return 0.0;
        }
        let up = ((at - self.start) as f64 / RAMP).min(1.0);
        let down = if at >= self.end {
            (-((at - self.end) as f64) / RAMP).exp()
        } else {
            1.0
        };
        self.lift * up * down
    }
}

/// 4–8 walks of 3–25 minutes through the waking hours.
fn walking_bouts(day: &DayHeart<'_>, r: &mut impl Rng) -> Vec<Bout> {
    let span = day.awake_until - day.wake;
    if span <= 30 * AWAKE_STEP {
        return Vec::new();
    }
    (0..r.random_range(4..=8))
        .map(|_| {
            let start = day.wake + r.random_range(15 * AWAKE_STEP..span);
            Bout {
                start,
                end: start + r.random_range(3..=25) * AWAKE_STEP,
                lift: r.random_range(10.0..30.0),
            }
        })
        .collect()
}

/// The rate during a workout and the recovery after it: a five-minute ramp
/// to the target, a slow upward drift as the body warms, sets and rests for
/// strength training, then an exponential return to `bpm`.
fn during_workout(w: &PlannedWorkout, at: i64, bpm: f64, r: &mut impl Rng) -> f64 {
    const RAMP: f64 = 300.0;
    const RECOVERY: f64 = 240.0;
    if at < w.start || at >= w.end + 30 * AWAKE_STEP {
        return bpm;
    }
    let elapsed = (at - w.start) as f64;
    let length = (w.end - w.start) as f64;
    let intervals = if w.kind == Kind::Strength {
        10.0 * (TAU * elapsed / 240.0).sin()
    } else {
        0.0
    };
    if at < w.end {
        let target = w.target_hr + 5.0 * elapsed / length + intervals + normal(r, 0.0, 2.5);
        let ramp = (elapsed / RAMP).min(1.0);
        bpm + (target - bpm).max(0.0) * ramp
    } else {
        let peak = w.target_hr + 5.0;
        bpm + (peak - bpm).max(0.0) * (-((at - w.end) as f64) / RECOVERY).exp()
    }
}

/// Local hour of day, computing the zone's offset once unless it changes
/// (a DST day) within the span.
struct LocalClock {
    zone: Zone,
    fixed: Option<i64>,
}

impl LocalClock {
    fn new(zone: Zone, from: i64, to: i64) -> Self {
        let (a, b) = (zone.offset_at(from), zone.offset_at(to));
        LocalClock {
            zone,
            fixed: (a == b).then_some(i64::from(a)),
        }
    }

    fn local_hour(&self, at: i64) -> f64 {
        let offset = self
            .fixed
            .unwrap_or_else(|| i64::from(self.zone.offset_at(at)));
        (at + offset).rem_euclid(SECONDS_PER_DAY) as f64 / 3600.0
    }
}
