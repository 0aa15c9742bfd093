//! A day's activity totals, one row per metric spanning local midnight to
//! midnight (23 or 25 hours on DST days), as a tracker's daily summary.
//!
//! Steps follow the week (busy Saturdays, lazy Sundays), the season and the
//! person's fitness, plus whatever the day's workout added; distance, energy
//! and the activity-level durations are derived from them.

use chrono::{Datelike, NaiveDate, Weekday};
use rand::Rng;

use super::person::Person;
use super::plan::Kind;
use super::rng::{normal_within, round_to};
use crate::metric::Metric;
use crate::model::Measurement;
use crate::time::{SECONDS_PER_DAY, Zone};

/// What the day's workout contributes.
#[derive(Clone, Copy)]
pub(super) struct WorkoutLoad {
    pub kind: Kind,
    pub minutes: f64,
    pub kcal: f64,
}

/// The day's activity rows; `everyday_share` scales the steps taken outside
/// workouts (1 on an ordinary day).
pub(super) fn daily(
    date: NaiveDate,
    zone: Zone,
    person: &Person,
    workout: Option<WorkoutLoad>,
    everyday_share: f64,
    r: &mut impl Rng,
    out: &mut Vec<Measurement>,
) {
    let (start, end) = zone.day_bounds(date);
    let day_share = (end - start) as f64 / SECONDS_PER_DAY as f64;
    let usual = match date.weekday() {
        Weekday::Sat => 10_500.0,
        Weekday::Sun => 6_800.0,
        _ => 8_200.0,
    };
    // `everyday_share` is below 1 on days the person is too ill to go out.
    let everyday =
        usual * person.activity(date) * normal_within(r, 1.0, 0.2, 0.45, 1.7) * everyday_share;
    let (workout_steps, workout_kcal) = match workout {
        Some(w) => {
            let cadence = match w.kind {
                Kind::Running => 165.0,
                Kind::Walking => 115.0,
                Kind::Strength => 10.0,
                Kind::Cycling => 0.0,
            };
            (w.minutes * cadence, w.kcal)
        }
        None => (0.0, 0.0),
    };
    let steps = (everyday + workout_steps).round();
    let distance = round_to(steps * normal_within(r, 0.75, 0.015, 0.71, 0.79), 1.0);
    let weight_factor = person.weight(date) / 75.0;
    let active = round_to(
        (everyday * 0.04 * weight_factor + workout_kcal + normal_within(r, 0.0, 20.0, -50.0, 50.0))
            .max(40.0),
        0.1,
    );
    let total = round_to(person.bmr(date) * day_share + active, 0.1);

    // Minutes at each level: light follows everyday steps, moderate and
    // intense come mostly from the workout.
    let workout_seconds = workout.map_or(0.0, |w| w.minutes * 60.0);
    let (moderate_part, intense_part) = match workout.map(|w| w.kind) {
        Some(Kind::Running) => (0.2, 0.75),
        Some(Kind::Cycling) => (0.5, 0.4),
        Some(Kind::Walking) => (0.8, 0.0),
        Some(Kind::Strength) => (0.5, 0.3),
        None => (0.0, 0.0),
    };
    let light = everyday / 8_200.0 * normal_within(r, 3.4, 0.4, 2.2, 4.6) * 3600.0;
    let moderate = normal_within(r, 1_200.0, 400.0, 0.0, 2_700.0) + workout_seconds * moderate_part;
    let intense = normal_within(r, 60.0, 60.0, 0.0, 300.0) + workout_seconds * intense_part;

    let row = |metric, value: f64| Measurement::interval(metric, start, end, value, zone);
    out.extend([
        row(Metric::Steps, steps),
        row(Metric::Distance, distance),
        row(Metric::ActiveEnergy, active),
        row(Metric::TotalEnergy, total),
        row(Metric::LightActivity, round_to(light, 60.0)),
        row(Metric::ModerateActivity, round_to(moderate, 60.0)),
        row(Metric::IntenseActivity, round_to(intense, 60.0)),
    ]);
}
