//! The data set's consistency rules and determinism.

use super::time::next_day;
use super::*;
use chrono::NaiveTime;

fn data() -> FakeData {
    FakeData::generate(7, NaiveDate::from_ymd_opt(2025, 6, 1).unwrap(), 730)
}

#[test]
fn deterministic() {
    let a = data();
    let b = data();
    assert_eq!(a.measure_groups(), b.measure_groups());
    assert_eq!(a.nights(), b.nights());
    assert_eq!(a.intraday(a.first_day()), b.intraday(b.first_day()));
}

#[test]
fn steps_and_calories_add_up() {
    let d = data();
    for day in d.activity_days().iter().step_by(37) {
        let minutes = d.intraday(day.date);
        let steps: u32 = minutes.iter().map(|m| m.steps).sum();
        assert_eq!(steps, day.steps, "{}", day.date);
        let kcal: f64 = minutes.iter().map(|m| m.calories).sum();
        assert!(
            (kcal - day.calories).abs() < 0.5,
            "{} {kcal} {}",
            day.date,
            day.calories
        );
        assert!(day.calories < day.totalcalories);
        let (start, end) = (
            midnight(day.timezone, day.date),
            midnight(day.timezone, next_day(day.date)),
        );
        assert!(
            minutes
                .iter()
                .all(|m| m.timestamp >= start && m.timestamp < end)
        );
    }
}

#[test]
fn night_summaries_match_stages() {
    let d = data();
    for night in d.nights() {
        assert!((20..=40).contains(&night.stages.len()));
        let s = &night.summary;
        assert_eq!(
            s.wakeupduration + s.lightsleepduration + s.deepsleepduration + s.remsleepduration,
            night.enddate - night.startdate
        );
        assert_eq!(s.total_timeinbed, night.enddate - night.startdate);
        for pair in night.stages.windows(2) {
            assert_eq!(pair[0].enddate, pair[1].startdate);
        }
    }
    assert!(d.nights().iter().any(|n| n.summary.sleep_score == -1));
}

#[test]
fn trip_spans_us_dst_and_home_has_eu_dst() {
    let d = data();
    let (a, b) = d.trip().unwrap();
    assert_eq!(a, NaiveDate::from_ymd_opt(2025, 3, 5).unwrap());
    assert_eq!(b, NaiveDate::from_ymd_opt(2025, 3, 14).unwrap());
    let us_dst = d
        .activity_day(NaiveDate::from_ymd_opt(2025, 3, 9).unwrap())
        .unwrap();
    assert_eq!(us_dst.timezone, TRIP_TZ);
    assert_eq!(us_dst.day_hours, 23);
    let eu_spring = d
        .activity_day(NaiveDate::from_ymd_opt(2025, 3, 30).unwrap())
        .unwrap();
    assert_eq!((eu_spring.timezone, eu_spring.day_hours), (HOME_TZ, 23));
    let eu_autumn = d
        .activity_day(NaiveDate::from_ymd_opt(2024, 10, 27).unwrap())
        .unwrap();
    assert_eq!((eu_autumn.timezone, eu_autumn.day_hours), (HOME_TZ, 25));
}

#[test]
fn everything_is_before_until() {
    let d = data();
    let end = NaiveDate::from_ymd_opt(2025, 6, 1)
        .unwrap()
        .and_time(NaiveTime::MIN)
        .and_utc()
        .timestamp();
    assert!(
        d.measure_groups()
            .iter()
            .all(|g| g.modified < end && g.date < end)
    );
    assert!(d.activity_days().iter().all(|a| a.modified < end));
    assert!(d.nights().iter().all(|n| n.modified < end));
    assert!(d.workouts().iter().all(|w| w.modified < end));
    let kinds: std::collections::BTreeSet<u8> =
        d.measure_groups().iter().map(|g| g.attrib).collect();
    assert_eq!(kinds.into_iter().collect::<Vec<_>>(), vec![0, 1, 2, 4]);
    assert!(d.measure_groups().iter().any(|g| g.category == 2));
    assert!(d.measure_groups().last().unwrap().grpid > u64::from(u32::MAX));
}

#[test]
fn two_years_hold_minute_detail_for_every_active_day() {
    // How fast this is measured by `make bench`; a test only checks what
    // a sync would receive.
    let d = data();
    let minutes: usize = d
        .activity_days()
        .iter()
        .map(|a| d.intraday(a.date).len())
        .sum();
    assert!(minutes > 100_000, "{minutes} minutes");
}
