//! Scale and cuff readings: weight with body fat and fat mass at each
//! weigh-in, blood pressure as a systolic/diastolic pair at one instant, and
//! the height recorded once when the scale was set up.

use chrono::NaiveDate;
use rand::Rng;

use super::person::{HEIGHT_M, Person};
use super::rng::{normal, normal_within, round_to};
use crate::metric::Metric;
use crate::model::Measurement;
use crate::time::Zone;

/// A weigh-in: weight (0.1 kg), body fat (0.1 %) and the fat mass they imply (0.01 kg).
pub(super) fn weigh_in(
    at: i64,
    date: NaiveDate,
    zone: Zone,
    person: &Person,
    r: &mut impl Rng,
    out: &mut Vec<Measurement>,
) {
    let weight = round_to(
        person.weight(date) + normal_within(r, 0.0, 0.2, -0.4, 0.4),
        0.1,
    );
    let fat = round_to(
        person.body_fat(date) + normal_within(r, 0.0, 0.3, -0.8, 0.8),
        0.1,
    );
    out.extend([
        Measurement::sample(Metric::Weight, at, weight, zone),
        Measurement::sample(Metric::BodyFatPercent, at, fat, zone),
        Measurement::sample(
            Metric::FatMass,
            at,
            round_to(weight * fat / 100.0, 0.01),
            zone,
        ),
    ]);
}

/// A blood pressure reading: systolic about 118 ± 8 mmHg, diastolic about
/// 76 ± 6 and moving with it, as the two do in one person.
pub(super) fn blood_pressure(at: i64, zone: Zone, r: &mut impl Rng, out: &mut Vec<Measurement>) {
    let systolic = normal_within(r, 118.0, 8.0, 96.0, 145.0).round();
    let diastolic = (76.0 + 0.45 * (systolic - 118.0) + normal(r, 0.0, 4.5))
        .clamp(58.0, 95.0)
        .round();
    out.extend([
        Measurement::sample(Metric::BloodPressureSystolic, at, systolic, zone),
        Measurement::sample(Metric::BloodPressureDiastolic, at, diastolic, zone),
    ]);
}

pub(super) fn height(at: i64, zone: Zone) -> Measurement {
    Measurement::sample(Metric::Height, at, HEIGHT_M, zone)
}
