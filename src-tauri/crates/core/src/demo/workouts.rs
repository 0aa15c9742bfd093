//! A planned workout as the record a tracker would report: kind, energy and,
//! for the kinds that cover ground, distance.

use chrono::NaiveDate;
use rand::Rng;

use super::plan::{Kind, PlannedWorkout};
use super::rng::round_to;
use crate::model::Workout;
use crate::time::Zone;

/// Energy per minute for a 75 kg person (kcal) and, where it applies, speed (m/s).
fn effort(kind: Kind) -> ((f64, f64), Option<(f64, f64)>) {
    match kind {
        // 5:20–6:25 per km.
        Kind::Running => ((10.0, 12.5), Some((2.6, 3.1))),
        Kind::Cycling => ((7.5, 9.5), Some((5.5, 7.2))),
        Kind::Walking => ((4.0, 5.2), Some((1.35, 1.6))),
        Kind::Strength => ((5.5, 7.0), None),
    }
}

pub(super) fn record(
    planned: &PlannedWorkout,
    date: NaiveDate,
    weight_kg: f64,
    zone: Zone,
    r: &mut impl Rng,
) -> Workout {
    let ((kcal_lo, kcal_hi), speed) = effort(planned.kind);
    let seconds = (planned.end - planned.start) as f64;
    let kcal = r.random_range(kcal_lo..kcal_hi) * seconds / 60.0 * weight_kg / 75.0;
    let distance = speed.map(|(lo, hi)| round_to(r.random_range(lo..hi) * seconds, 10.0));
    Workout {
        start: planned.start,
        end: planned.end,
        zone,
        kind: planned.kind.name().to_owned(),
        energy_kcal: Some(round_to(kcal, 1.0)),
        distance_m: distance,
        record_id: Some(format!("demo-workout-{date}")),
    }
}
