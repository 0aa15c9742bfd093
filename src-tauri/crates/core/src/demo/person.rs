//! The demo person's slow changes over the years: fitness improves (resting
//! heart rate 62 → 57 bpm), weight drops (78 → 74 kg) with a winter bump,
//! body fat follows (22 → 19 %), and everything wanders a little.
//!
//! Each is a pure function of the date, so any month can be generated on its
//! own: the "random walk" is a sum of slow sine waves with seeded phases
//! rather than a running sum that would need every earlier day.

use std::f64::consts::TAU;

use chrono::{Datelike, NaiveDate};
use rand::Rng;

use super::rng::{Stream, rng};
use crate::time::date_to_day_number;

/// Periods (days) of the wander's waves: slow enough to read as drift,
/// unrelated enough not to look periodic.
const WANDER_PERIODS: [f64; 3] = [47.0, 131.0, 389.0];
const WANDER_WEIGHTS: [f64; 3] = [0.3, 0.5, 0.7];

pub(super) const HEIGHT_M: f64 = 1.78;
/// Age used for the basal metabolic rate; the person does not age in the demo.
const AGE_YEARS: f64 = 38.0;

pub(super) struct Person {
    first_day: i64,
    span_days: f64,
    /// Per wandering quantity (heart, weight, fat, activity), a phase per wave.
    phases: [[f64; 3]; 4],
}

#[derive(Clone, Copy)]
enum Quantity {
    Heart = 0,
    Weight = 1,
    Fat = 2,
    Activity = 3,
}

impl Person {
    pub(super) fn new(seed: u64, first: NaiveDate, last: NaiveDate) -> Self {
        let mut r = rng(seed, Stream::Person, 0);
        let mut phases = [[0.0; 3]; 4];
        for wave in phases.iter_mut().flatten() {
            *wave = r.random::<f64>() * TAU;
        }
        let first_day = date_to_day_number(first);
        Person {
            first_day,
            span_days: (date_to_day_number(last) - first_day).max(1) as f64,
            phases,
        }
    }

    /// How far the person's improvement has got, 0 on the first day to 1 on
    /// the last: fast at first, levelling off, as training gains do.
    fn progress(&self, date: NaiveDate) -> f64 {
        let p =
            ((date_to_day_number(date) - self.first_day) as f64 / self.span_days).clamp(0.0, 1.0);
        p * (2.0 - p)
    }

    /// A slow wander in about [-1.5, 1.5], unique to each quantity.
    fn wander(&self, quantity: Quantity, date: NaiveDate) -> f64 {
        let day = date_to_day_number(date) as f64;
        let phases = &self.phases[quantity as usize];
        (0..3)
            .map(|i| WANDER_WEIGHTS[i] * (TAU * day / WANDER_PERIODS[i] + phases[i]).sin())
            .sum()
    }

    /// +1 in mid-January, -1 in mid-July: winter weight, summer activity.
    fn winter(date: NaiveDate) -> f64 {
        (TAU * (f64::from(date.ordinal()) - 15.0) / 365.25).cos()
    }

    /// The day's resting heart rate before its daily noise.
    pub(super) fn resting_hr(&self, date: NaiveDate) -> f64 {
        62.0 - 5.0 * self.progress(date) + 0.8 * self.wander(Quantity::Heart, date)
    }

    /// The day's weight (kg) before the scale's day-to-day noise.
    pub(super) fn weight(&self, date: NaiveDate) -> f64 {
        78.0 - 4.0 * self.progress(date)
            + Self::winter(date)
            + 0.4 * self.wander(Quantity::Weight, date)
    }

    /// Body fat (%) before noise; moves with the seasonal weight bump.
    pub(super) fn body_fat(&self, date: NaiveDate) -> f64 {
        22.0 - 3.0 * self.progress(date)
            + 0.6 * Self::winter(date)
            + 0.3 * self.wander(Quantity::Fat, date)
    }

    /// A multiplier on daily movement: more in summer, more as fitness grows.
    pub(super) fn activity(&self, date: NaiveDate) -> f64 {
        1.0 - 0.12 * Self::winter(date)
            + 0.08 * self.progress(date)
            + 0.05 * self.wander(Quantity::Activity, date)
    }

    /// Mifflin–St Jeor basal metabolic rate (kcal per 24 h) for a man of this
    /// height, age and weight: about 1,700.
    pub(super) fn bmr(&self, date: NaiveDate) -> f64 {
        10.0 * self.weight(date) + 625.0 * HEIGHT_M - 5.0 * AGE_YEARS + 5.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn trends_go_the_right_way_and_stay_plausible() {
        let (first, last) = (date("2016-01-01"), date("2025-12-31"));
        let p = Person::new(3, first, last);
        assert!(p.resting_hr(first) > p.resting_hr(last) + 3.0);
        assert!(p.weight(first) > p.weight(last) + 2.5);
        assert!(p.body_fat(first) > p.body_fat(last) + 2.0);
        let mut d = first;
        while d <= last {
            assert!(
                (54.0..66.0).contains(&p.resting_hr(d)),
                "{d}: {}",
                p.resting_hr(d)
            );
            assert!((71.0..81.0).contains(&p.weight(d)), "{d}: {}", p.weight(d));
            assert!((1550.0..1850.0).contains(&p.bmr(d)), "{d}: {}", p.bmr(d));
            d = d.succ_opt().unwrap();
        }
    }

    #[test]
    fn winter_is_heavier_and_summer_busier() {
        let p = Person::new(3, date("2024-01-01"), date("2024-12-31"));
        let trend_free = |d: &str| Person::winter(date(d));
        assert!(trend_free("2024-01-15") > 0.99);
        assert!(trend_free("2024-07-15") < -0.99);
        assert!(p.activity(date("2024-07-15")) > p.activity(date("2024-01-15")));
    }
}
