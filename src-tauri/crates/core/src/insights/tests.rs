//! Insights over hand-made daily values and over the demo data set.

use chrono::{Days, NaiveDate};

use super::baseline::{band_of, bands_from_values};
use super::*;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn plus(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).unwrap()
}

#[test]
fn the_band_is_the_median_and_twice_the_scaled_mad_around_it() {
    // 1..=14 and 101..=114 minus 100 → values 1..=14 twice: median 7.5,
    // deviations 0.5..6.5 each 4 times → MAD 3.5.
    let window: Vec<f64> = (1..=14).chain(1..=14).map(f64::from).collect();
    let band = band_of(Metric::Steps, &window).unwrap();
    assert_eq!(band.mid, 7.5);
    let half: f64 = 2.0 * 1.4826 * 3.5;
    assert!((band.hi - (7.5 + half.max(500.0))).abs() < 1e-9, "{band:?}");
    let hr = band_of(Metric::RestingHeartRate, &window).unwrap();
    assert!((hr.hi - (7.5 + half)).abs() < 1e-9, "{hr:?}");
    assert!((hr.lo - (7.5 - half)).abs() < 1e-9, "{hr:?}");
    assert_eq!(band_of(Metric::RestingHeartRate, &window[..13]), None);
}

#[test]
fn a_day_is_held_against_the_28_days_before_it() {
    let start = date("2026-01-01");
    let days: Vec<(NaiveDate, f64)> = (0..40u64)
        .map(|i| (plus(start, i), 60.0 + (i % 3) as f64))
        .collect();
    let bands = bands_from_values(Metric::RestingHeartRate, &days, start, plus(start, 39));
    assert_eq!(bands.first().map(|b| b.date), Some(plus(start, 14)));
    assert_eq!(bands.len(), 26);
}
