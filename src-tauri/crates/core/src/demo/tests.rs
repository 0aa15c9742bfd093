//! Whole-data-set tests: determinism, nights, heart rate, daily rows across
//! DST, and loading into a store. They use days or weeks, not years, so they
//! run in debug builds; the timing tests are `#[ignore]`d.

use chrono::{Days, NaiveDate};

use super::generate::Generator;
use super::*;
use crate::metric::Metric;
use crate::model::{Measurement, SleepNight, SleepStage};
use crate::source::SourceId;

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn zone(s: &str) -> Zone {
    s.parse().unwrap()
}

fn generator(zone_name: &str, first: &str, last: &str, seed: u64) -> Generator {
    Generator::new(seed, zone(zone_name), date(first), date(last))
}

fn generate(g: &Generator) -> Vec<Batch> {
    g.months().map(|(from, to)| g.batch(from, to)).collect()
}

fn of_metric(batches: &[Batch], metric: Metric) -> Vec<&Measurement> {
    let mut out: Vec<&Measurement> = batches
        .iter()
        .flat_map(|b| &b.measurements)
        .filter(|m| m.metric == metric)
        .collect();
    out.sort_by_key(|m| m.start);
    out
}

fn nights(batches: &[Batch]) -> Vec<&SleepNight> {
    batches.iter().flat_map(|b| &b.nights).collect()
}

#[test]
fn the_same_options_give_the_same_batches() {
    let g = generator("Europe/Paris", "2026-01-20", "2026-02-25", 7);
    let a = generate(&g);
    let b = generate(&generator("Europe/Paris", "2026-01-20", "2026-02-25", 7));
    assert_eq!(a.len(), 2, "one batch per calendar month");
    assert_eq!(a, b);
    // A month generated alone is the month generated in sequence.
    assert_eq!(g.batch(date("2026-02-01"), date("2026-02-25")), a[1]);
    assert!(a.iter().all(|batch| batch.source == SourceId::demo()));

    let other = generate(&generator("Europe/Paris", "2026-01-20", "2026-02-25", 8));
    assert_ne!(a, other);
    let heart = |batches: &[Batch]| -> Vec<f64> {
        of_metric(batches, Metric::HeartRate)
            .iter()
            .map(|m| m.value)
            .collect()
    };
    let (x, y) = (heart(&a), heart(&other));
    let same = x.iter().zip(&y).filter(|(p, q)| p == q).count();
    assert!(
        same < x.len() / 3,
        "seeds 7 and 8 agree on {same} of {} samples",
        x.len()
    );
}

#[test]
fn public_options_cover_whole_years_in_monthly_batches() {
    let opts = DemoOptions::new(1, date("2026-03-10"), Zone::UTC);
    assert_eq!(opts.seed, DEFAULT_SEED);
    assert_eq!(opts.days(), 365);
    assert_eq!(opts.first_day(), Some(date("2025-03-11")));
    let months: Vec<(NaiveDate, NaiveDate)> = opts.generator().unwrap().months().collect();
    assert_eq!(months.len(), 13);
    assert_eq!(months[0], (date("2025-03-11"), date("2025-03-31")));
    assert_eq!(months[1], (date("2025-04-01"), date("2025-04-30")));
    assert_eq!(months[12], (date("2026-03-01"), date("2026-03-10")));
    let days: i64 = months.iter().map(|(a, b)| (*b - *a).num_days() + 1).sum();
    assert_eq!(days, 365);
    // Loaded newest first: two weeks, the rest of their month, then back.
    let order = opts.generator().unwrap().newest_first();
    assert_eq!(order.len(), 13);
    assert_eq!(order[0], (date("2026-02-25"), date("2026-03-10")));
    assert_eq!(order[1], (date("2026-02-01"), date("2026-02-24")));
    assert_eq!(order[2], (date("2026-01-01"), date("2026-01-31")));
    assert_eq!(order[12], (date("2025-03-11"), date("2025-03-31")));
    let days: i64 = order.iter().map(|(a, b)| (*b - *a).num_days() + 1).sum();
    assert_eq!(days, 365);
    assert_eq!(
        batches(&DemoOptions::new(0, date("2026-03-10"), Zone::UTC)).count(),
        0
    );
}

#[test]
fn fourteen_nights_are_well_formed() {
    let z = zone("America/New_York");
    let last = date("2026-05-14");
    let batches = generate(&generator(
        "America/New_York",
        "2026-05-01",
        "2026-05-14",
        3,
    ));
    let nights = nights(&batches);
    assert_eq!(nights.len(), 14);
    let (_, last_end) = z.day_bounds(last);
    for (i, night) in nights.iter().enumerate() {
        let day = date("2026-05-01") + Days::new(i as u64);
        assert_eq!(
            z.local_date(night.end),
            day,
            "a night belongs to the date it ends on"
        );
        assert_eq!(
            night.record_id.as_deref(),
            Some(format!("demo-night-{day}").as_str())
        );
        assert_eq!(night.zone, z);
        assert!(night.end <= last_end);
        let hours = (night.end - night.start) as f64 / 3600.0;
        assert!((6.0..=9.5).contains(&hours), "{day}: {hours} h in bed");

        let stages = &night.stages;
        assert_eq!(stages.first().map(|s| s.start), Some(night.start));
        assert_eq!(stages.last().map(|s| s.end), Some(night.end));
        assert!(
            stages.windows(2).all(|w| w[0].end == w[1].start),
            "{day}: not contiguous"
        );
        assert!(stages.iter().all(|s| s.end > s.start));

        let t = night.totals;
        let parts = [t.deep, t.light, t.rem, t.awake].map(|v| v.unwrap());
        assert_eq!(parts.iter().sum::<i64>(), night.end - night.start);
        assert_eq!(t.asleep.unwrap(), parts[0] + parts[1] + parts[2]);
        let sleeping: Vec<usize> = (0..stages.len())
            .filter(|&k| stages[k].stage != SleepStage::Awake)
            .collect();
        let (first, last) = (sleeping[0], sleeping[sleeping.len() - 1]);
        let gaps = (first..last)
            .filter(|&k| stages[k].stage == SleepStage::Awake)
            .count() as u32;
        assert_eq!(t.wakeups, Some(gaps), "{day}");
        assert!(gaps <= 3);
        let latency = t.latency.unwrap();
        assert!((300..=1500).contains(&latency), "{day}: latency {latency}");
    }
    // Consecutive nights never overlap.
    assert!(nights.windows(2).all(|w| w[0].end < w[1].start));
    // The night ending on the last day is there; none ends after it.
    assert_eq!(nights.last().map(|n| z.local_date(n.end)), Some(last));
}

#[test]
fn heart_rate_follows_sleep_and_workouts() {
    for (zone_name, first, last) in [
        ("Europe/Paris", "2026-03-20", "2026-04-03"),
        ("UTC", "2026-06-01", "2026-06-14"),
    ] {
        let batches = generate(&generator(zone_name, first, last, 5));
        let nights = nights(&batches);
        let heart = of_metric(&batches, Metric::HeartRate);
        let in_night = |t: i64| nights.iter().position(|n| n.start <= t && t < n.end);
        for pair in heart.windows(2) {
            let (a, b) = (pair[0].start, pair[1].start);
            match (in_night(a), in_night(b)) {
                (Some(x), Some(y)) if x == y => assert_eq!(b - a, 300, "asleep at {a}"),
                (None, None) => assert_eq!(b - a, 60, "awake at {a}"),
                _ => assert!(b - a <= 300, "gap at {a}"),
            }
        }
        for n in &nights {
            let first_sample = heart.iter().find(|m| m.start >= n.start).map(|m| m.start);
            assert_eq!(first_sample, Some(n.start), "sampling starts at bedtime");
        }
        assert!(
            heart
                .iter()
                .all(|m| (35.0..=200.0).contains(&m.value) && m.value.fract() == 0.0)
        );
        assert!(
            heart
                .iter()
                .all(|m| m.end.is_none() && m.record_id.is_none())
        );

        let resting = of_metric(&batches, Metric::RestingHeartRate);
        assert_eq!(resting.len(), nights.len());
        let z = zone(zone_name);
        let resting_on = |t: i64| {
            let day = z.local_date(t);
            resting
                .iter()
                .find(|m| z.local_date(m.start) == day)
                .map(|m| m.value)
                .unwrap()
        };
        let workouts: Vec<_> = batches.iter().flat_map(|b| &b.workouts).collect();
        assert!(
            workouts.len() >= 5,
            "{} workouts in two weeks",
            workouts.len()
        );
        for w in workouts {
            let rest = resting_on(w.start);
            let during: Vec<f64> = heart
                .iter()
                .filter(|m| m.start >= w.start + 300 && m.start < w.end)
                .map(|m| m.value)
                .collect();
            assert!(!during.is_empty());
            assert!(
                during.iter().all(|&v| v > rest + 25.0),
                "{}: {during:?} vs {rest}",
                w.kind
            );
            let mean = during.iter().sum::<f64>() / during.len() as f64;
            assert!(
                mean > rest + 40.0,
                "{}: mean {mean} vs resting {rest}",
                w.kind
            );
            // Late sleep is below resting.
            let night = nights
                .iter()
                .find(|n| n.end <= w.start && w.start - n.end < 86_400)
                .unwrap();
            let late = night.start + (night.end - night.start) * 3 / 4;
            let late_sleep: Vec<f64> = heart
                .iter()
                .filter(|m| m.start >= late - 1800 && m.start < late + 1800)
                .map(|m| m.value)
                .collect();
            let late_mean = late_sleep.iter().sum::<f64>() / late_sleep.len() as f64;
            assert!(late_mean < rest, "late sleep {late_mean} vs resting {rest}");
        }
    }
}

#[test]
fn workouts_are_plausible() {
    let batches = generate(&generator("UTC", "2026-01-01", "2026-02-28", 2));
    let workouts: Vec<_> = batches.iter().flat_map(|b| &b.workouts).collect();
    let per_week = workouts.len() as f64 / (59.0 / 7.0);
    assert!((3.0..=4.0).contains(&per_week), "{per_week} per week");
    let nights = nights(&batches);
    for w in &workouts {
        assert!(["running", "cycling", "walking", "strength"].contains(&w.kind.as_str()));
        let minutes = (w.end - w.start) / 60;
        assert!((25..=75).contains(&minutes));
        assert!(
            nights.iter().all(|n| w.end <= n.start || w.start >= n.end),
            "overlaps sleep"
        );
        let kcal = w.energy_kcal.unwrap();
        assert!(kcal > 3.0 * minutes as f64 && kcal < 14.0 * minutes as f64);
        match w.kind.as_str() {
            "strength" => assert_eq!(w.distance_m, None),
            _ => assert!(w.distance_m.unwrap() > 1_000.0),
        }
    }
}

#[test]
fn daily_rows_span_local_midnight_to_midnight_across_dst() {
    for (zone_name, first, last, dst_day, hours) in [
        ("Europe/Paris", "2026-03-25", "2026-04-02", "2026-03-29", 23),
        (
            "America/New_York",
            "2026-10-28",
            "2026-11-04",
            "2026-11-01",
            25,
        ),
    ] {
        let z = zone(zone_name);
        let batches = generate(&generator(zone_name, first, last, 4));
        let daily = [
            Metric::Steps,
            Metric::Distance,
            Metric::ActiveEnergy,
            Metric::TotalEnergy,
            Metric::LightActivity,
            Metric::ModerateActivity,
            Metric::IntenseActivity,
        ];
        let days = (date(last) - date(first)).num_days() + 1;
        for metric in daily {
            let rows = of_metric(&batches, metric);
            assert_eq!(rows.len() as i64, days, "{metric}");
            for m in rows {
                let day = z.local_date(m.start);
                assert_eq!(
                    (m.start, m.end),
                    (z.day_bounds(day).0, Some(z.day_bounds(day).1))
                );
                assert_eq!(m.zone, z);
                if day == date(dst_day) {
                    assert_eq!(
                        m.end.unwrap() - m.start,
                        hours * 3600,
                        "{zone_name} {metric}"
                    );
                }
            }
        }
        let steps = of_metric(&batches, Metric::Steps);
        let distance = of_metric(&batches, Metric::Distance);
        for (s, d) in steps.iter().zip(&distance) {
            assert!(s.value.fract() == 0.0 && (1_500.0..40_000.0).contains(&s.value));
            assert!((d.value / s.value - 0.75).abs() < 0.05);
        }
        let active = of_metric(&batches, Metric::ActiveEnergy);
        let total = of_metric(&batches, Metric::TotalEnergy);
        for (a, t) in active.iter().zip(&total) {
            let day_hours = (t.end.unwrap() - t.start) as f64 / 3600.0;
            let bmr = (t.value - a.value) * 24.0 / day_hours;
            assert!((1_550.0..1_850.0).contains(&bmr), "BMR {bmr}");
        }
        // Bedtimes stay near 23:00 on the wall clock across the change.
        for n in nights(&batches) {
            let local = (n.start + i64::from(z.offset_at(n.start))).rem_euclid(86_400) / 60;
            assert!(!(60..22 * 60 + 20).contains(&local), "bed at {local} min");
        }
    }
}

#[test]
fn body_readings() {
    let z = zone("Europe/Paris");
    let batches = generate(&generator("Europe/Paris", "2026-01-01", "2026-02-28", 6));
    let weight = of_metric(&batches, Metric::Weight);
    let fat = of_metric(&batches, Metric::BodyFatPercent);
    let fat_mass = of_metric(&batches, Metric::FatMass);
    assert_eq!((weight.len(), fat.len()), (fat_mass.len(), fat_mass.len()));
    assert!(
        (20..=59).contains(&weight.len()),
        "{} weigh-ins",
        weight.len()
    );
    for w in weight.windows(2) {
        let gap = z.local_date(w[1].start) - z.local_date(w[0].start);
        assert!(
            (1..=3).contains(&gap.num_days()),
            "weigh-ins every 1–3 days"
        );
    }
    for ((w, f), m) in weight.iter().zip(&fat).zip(&fat_mass) {
        assert_eq!((w.start, f.start), (m.start, m.start));
        assert!((70.0..82.0).contains(&w.value) && (16.0..25.0).contains(&f.value));
        assert!((m.value - w.value * f.value / 100.0).abs() < 0.006);
        let minutes = (w.start + i64::from(z.offset_at(w.start))).rem_euclid(86_400) / 60;
        assert!(
            (5 * 60..10 * 60 + 30).contains(&minutes),
            "weighed at {minutes} min"
        );
    }
    let height = of_metric(&batches, Metric::Height);
    assert_eq!(height.len(), 1);
    assert_eq!(height[0].value, 1.78);
    assert_eq!(z.local_date(height[0].start), date("2026-01-01"));

    let systolic = of_metric(&batches, Metric::BloodPressureSystolic);
    let diastolic = of_metric(&batches, Metric::BloodPressureDiastolic);
    assert!(
        (8..=9).contains(&systolic.len()),
        "{} readings in 8.4 weeks",
        systolic.len()
    );
    for (s, d) in systolic.iter().zip(&diastolic) {
        assert_eq!(s.start, d.start, "paired at one instant");
        assert!(s.value > d.value + 20.0);
        assert!((96.0..=145.0).contains(&s.value) && (58.0..=95.0).contains(&d.value));
    }
}

#[test]
fn loading_twice_changes_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let g = generator("Europe/Paris", "2026-03-10", "2026-04-08", 1);
    let mut calls = Vec::new();
    let first = load_with(&mut store, &g, |done, total| calls.push((done, total))).unwrap();
    // Newest first: the last two weeks, then the rest of March.
    assert_eq!(calls, [(14, 30), (30, 30)]);
    assert_eq!(first.days, 30);
    assert_eq!(first.report.inserted, first.measurements);
    assert_eq!((first.report.updated, first.report.removed), (0, 0));

    let second = load_with(&mut store, &g, |_, _| {}).unwrap();
    assert_eq!(
        (
            second.report.inserted,
            second.report.updated,
            second.report.removed
        ),
        (0, 0, 0)
    );
    assert_eq!(second.report.unchanged, first.measurements);
    assert!(store.has_demo_data().unwrap());

    let heart: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM measurements WHERE metric_id = ?1",
            [store.metric_id(Metric::HeartRate)],
            |row| row.get(0),
        )
        .unwrap();
    let per_day = heart as f64 / 30.0;
    assert!(
        (1_000.0..=1_500.0).contains(&per_day),
        "{per_day} heart rate samples a day"
    );
    let nights: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM sleep_nights", [], |row| row.get(0))
        .unwrap();
    assert_eq!(nights, 30);
}

/// The local days a batch holds: its daily rows', nights' (by the day they
/// end) and workouts' days. (Heart rate samples run on past midnight until
/// bedtime, so they are no measure of a batch's days.)
fn days_of(batch: &Batch, z: Zone) -> Vec<NaiveDate> {
    let batch = std::slice::from_ref(batch);
    of_metric(batch, Metric::Steps)
        .into_iter()
        .chain(of_metric(batch, Metric::RestingHeartRate))
        .map(|m| z.local_date(m.start))
        .chain(nights(batch).iter().map(|n| z.local_date(n.end)))
        .chain(batch[0].workouts.iter().map(|w| z.local_date(w.start)))
        .collect()
}

#[test]
fn a_load_goes_newest_first_and_stores_the_same_records() {
    let z = zone("Europe/Paris");
    let now = paris_time("2026-12-05", 15, 0);
    let opts = DemoOptions {
        seed: 3,
        ..DemoOptions::new(1, date("2026-12-05"), z).ending_at(now)
    };
    let newest_first: Vec<Batch> = batches(&opts).collect();
    assert_eq!(
        newest_first.len(),
        13,
        "two weeks, the rest of November, back to December 2025"
    );

    // The first batch holds today so far, last night, and enough days
    // before for "vs the 7 days before".
    let first = &newest_first[..1];
    let (today, _) = z.day_bounds(date("2026-12-05"));
    let step_days: Vec<NaiveDate> = of_metric(first, Metric::Steps)
        .iter()
        .map(|m| z.local_date(m.start))
        .collect();
    assert_eq!(step_days.first(), Some(&date("2026-11-22")));
    assert_eq!(step_days.last(), Some(&date("2026-12-05")));
    assert!(step_days.len() >= 8);
    assert!(nights(first).iter().any(|n| n.end > today && n.end <= now));
    assert!(
        of_metric(first, Metric::RestingHeartRate)
            .iter()
            .any(|m| z.local_date(m.start) == date("2026-12-05"))
    );

    // Each batch is wholly older than the one before it.
    for pair in newest_first.windows(2) {
        let older_last = days_of(&pair[1], z).into_iter().max().unwrap();
        let newer_first = days_of(&pair[0], z).into_iter().min().unwrap();
        assert_eq!(older_last.succ_opt(), Some(newer_first));
    }

    // Together they are what the old oldest-first order stored.
    let g = opts.generator().unwrap();
    let oldest_first: Vec<Batch> = g.months().map(|(a, b)| g.batch(a, b)).collect();
    let flatten = |batches: &[Batch]| {
        let mut rows: Vec<Measurement> = batches
            .iter()
            .flat_map(|b| b.measurements.iter().cloned())
            .collect();
        rows.sort_by(|a, b| (a.start, a.end, a.metric.id()).cmp(&(b.start, b.end, b.metric.id())));
        let mut nights: Vec<SleepNight> = batches
            .iter()
            .flat_map(|b| b.nights.iter().cloned())
            .collect();
        nights.sort_by_key(|n| n.start);
        let mut workouts: Vec<_> = batches
            .iter()
            .flat_map(|b| b.workouts.iter().cloned())
            .collect();
        workouts.sort_by_key(|w| w.start);
        (rows, nights, workouts)
    };
    let (a, b) = (flatten(&newest_first), flatten(&oldest_first));
    assert_eq!(a.0.len(), b.0.len());
    assert!(a == b, "the same records in either order");
}

/// Rollup rows as text, nights' and workouts' spans, the catalogue as text.
type Stored = (Vec<String>, Vec<(i64, i64)>, Vec<(i64, i64)>, String);

/// What a store holds, in an order that does not depend on how it got there:
/// rollups (sums rounded: added in another order they differ in the last
/// bits), nights, workouts and the catalogue.
fn stored(store: &Store) -> Stored {
    let rows = |sql: &str| -> Vec<(i64, i64)> {
        let mut stmt = store.conn().prepare(sql).unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };
    let mut stmt = store
        .conn()
        .prepare(
            "SELECT metric_id, level, intraday, source_id, bucket, n, sum, min, max FROM rollups
             ORDER BY metric_id, level, intraday, source_id, bucket",
        )
        .unwrap();
    let rollups = stmt
        .query_map([], |r| {
            Ok(format!(
                "{} {} {} {} {} {} {:.6} {} {}",
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, i64>(5)?,
                r.get::<_, f64>(6)?,
                r.get::<_, f64>(7)?,
                r.get::<_, f64>(8)?
            ))
        })
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let catalogue = format!("{:?}", crate::query::catalogue(store).unwrap());
    (
        rollups,
        rows("SELECT start_utc, end_utc FROM sleep_nights ORDER BY start_utc"),
        rows("SELECT start_utc, end_utc FROM workouts ORDER BY start_utc"),
        catalogue,
    )
}

#[test]
fn newest_first_stores_what_oldest_first_stored() {
    let g = generator("Europe/Paris", "2026-09-20", "2026-12-05", 2);
    let mut newest = Store::open_in_memory().unwrap();
    let report = load_with(&mut newest, &g, |_, _| {}).unwrap();
    let mut oldest = Store::open_in_memory().unwrap();
    for (from, to) in g.months() {
        oldest.ingest(&g.batch(from, to)).unwrap();
    }
    let (a, b) = (stored(&newest), stored(&oldest));
    assert!(a.0.len() > 1_000, "{} rollup rows", a.0.len());
    assert_eq!(a.1.len(), 77, "nights");
    assert!(a.0 == b.0, "the same rollups");
    assert_eq!((a.1, a.2, a.3), (b.1, b.2, b.3));
    assert_eq!(report.report.inserted, report.measurements);
}

/// Timing on the real thing: `cargo test --release -p healthdash-core demo -- --ignored --nocapture`.
fn time_load(years: u32) {
    let dir = tempfile::tempdir().unwrap();
    let opts = DemoOptions::new(years, date("2026-03-10"), zone("Europe/Paris"));

    let started = std::time::Instant::now();
    let (mut rows, mut heart) = (0usize, 0usize);
    for batch in batches(&opts) {
        rows += batch.len();
        heart += batch
            .measurements
            .iter()
            .filter(|m| m.metric == Metric::HeartRate)
            .count();
    }
    let generate = started.elapsed();

    let mut store = Store::open(&dir.path().join("demo.sqlite3")).unwrap();
    let started = std::time::Instant::now();
    let report = load(&mut store, &opts, |_, _| {}).unwrap();
    let total = started.elapsed();
    println!(
        "{years} years: {} days, {} rows ({rows} records, {heart} heart rate = {:.0}/day); \
         generate {:.2} s, generate + load {:.2} s, the first batch (14 days) stored after {} ms",
        report.days,
        report.measurements,
        heart as f64 / f64::from(report.days),
        generate.as_secs_f64(),
        total.as_secs_f64(),
        report.first_batch_ms
    );
    assert_eq!(report.report.inserted, report.measurements);
}

#[test]
#[ignore = "timing; run in release"]
fn timing_two_years() {
    time_load(2);
}

#[test]
#[ignore = "timing; run in release"]
fn timing_ten_years() {
    time_load(10);
}

/// Unix seconds of a local time on a day in Europe/Paris (UTC+1 in December).
fn paris_time(day: &str, hour: i64, minute: i64) -> i64 {
    zone("Europe/Paris").day_bounds(date(day)).0 + hour * 3600 + minute * 60
}

#[test]
fn a_data_set_ending_now_holds_nothing_after_now() {
    let full = generate(&generator("Europe/Paris", "2026-11-20", "2026-12-05", 3));
    // 00:37 on the last day: last night is still going on.
    let now = paris_time("2026-12-05", 0, 37);
    let cut = generate(&generator("Europe/Paris", "2026-11-20", "2026-12-05", 3).until(Some(now)));

    for batch in &cut {
        for m in &batch.measurements {
            assert!(m.start < now, "{:?} starts after now", m.metric);
            assert!(
                m.end.is_none_or(|end| end <= now),
                "{:?} ends after now",
                m.metric
            );
        }
        assert!(batch.nights.iter().all(|n| n.end <= now));
        assert!(batch.workouts.iter().all(|w| w.end <= now));
    }
    // Asleep since before midnight: no steps yet today, and the newest night
    // is the one that ended yesterday morning.
    let (today, _) = zone("Europe/Paris").day_bounds(date("2026-12-05"));
    assert!(
        of_metric(&cut, Metric::Steps)
            .iter()
            .all(|m| m.start < today)
    );
    let newest = nights(&cut).into_iter().map(|n| n.end).max().unwrap();
    assert!(newest < today, "a night ending today at 00:37");
    // Everything before yesterday's end is as the full data set has it.
    assert_eq!(full[0], cut[0], "November is not cut");
}

#[test]
fn the_day_so_far_has_part_of_the_days_totals() {
    let g = || generator("Europe/Paris", "2026-12-01", "2026-12-05", 3);
    let full = generate(&g());
    let afternoon = generate(&g().until(Some(paris_time("2026-12-05", 15, 0))));
    let today = zone("Europe/Paris").day_bounds(date("2026-12-05")).0;
    let steps_today = |batches: &[Batch]| {
        of_metric(batches, Metric::Steps)
            .iter()
            .find(|m| m.start == today)
            .map(|m| m.value)
    };
    let (all_day, so_far) = (
        steps_today(&full).unwrap(),
        steps_today(&afternoon).unwrap(),
    );
    assert!(so_far > 0.0 && so_far < all_day, "{so_far} of {all_day}");
    assert_eq!(so_far, so_far.round(), "whole steps");
    // This morning's night is there: it ended hours ago.
    assert!(nights(&afternoon).iter().any(|n| n.end > today));
}

// ---- planted events ------------------------------------------------------

/// A data set's daily values by local date, as the store's daily views see them.
#[derive(Default)]
struct Daily {
    resting: std::collections::BTreeMap<NaiveDate, f64>,
    /// Minutes asleep in the night that ends on the date.
    asleep: std::collections::BTreeMap<NaiveDate, f64>,
    steps: std::collections::BTreeMap<NaiveDate, f64>,
    active: std::collections::BTreeMap<NaiveDate, f64>,
    /// Mean heart rate between bedtime and waking of the night ending on the date.
    night_hr: std::collections::BTreeMap<NaiveDate, f64>,
    /// Workouts: (local date, ends late).
    workouts: Vec<(NaiveDate, bool)>,
}

impl Daily {
    /// Adds one batch (a night's heart rate is in the batch of the day it ends).
    fn add(&mut self, batch: &Batch, z: Zone) {
        let batch = std::slice::from_ref(batch);
        let by_day = |metric| {
            of_metric(batch, metric)
                .into_iter()
                .map(|m| (z.local_date(m.start), m.value))
        };
        self.resting.extend(by_day(Metric::RestingHeartRate));
        self.steps.extend(by_day(Metric::Steps));
        self.active.extend(by_day(Metric::ActiveEnergy));
        let heart = of_metric(batch, Metric::HeartRate);
        for n in nights(batch) {
            let first = heart.partition_point(|m| m.start < n.start);
            let last = heart.partition_point(|m| m.start < n.end);
            let during: Vec<f64> = heart[first..last].iter().map(|m| m.value).collect();
            let day = z.local_date(n.end);
            self.night_hr.insert(day, mean(&during));
            self.asleep
                .insert(day, n.totals.asleep.unwrap() as f64 / 60.0);
        }
        self.workouts.extend(
            batch[0]
                .workouts
                .iter()
                .map(|w| (z.local_date(w.start), ends_late(w.end, z))),
        );
    }
}

fn daily(batches: &[Batch], z: Zone) -> Daily {
    let mut out = Daily::default();
    for batch in batches {
        out.add(batch, z);
    }
    out
}

fn mean(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len() as f64
}

/// The mean of `values` over `from..=to`.
fn mean_over(
    values: &std::collections::BTreeMap<NaiveDate, f64>,
    from: NaiveDate,
    to: NaiveDate,
) -> f64 {
    let xs: Vec<f64> = values.range(from..=to).map(|(_, v)| *v).collect();
    assert_eq!(xs.len() as i64, (to - from).num_days() + 1, "{from}..={to}");
    mean(&xs)
}

fn days_before(d: NaiveDate, n: u64) -> NaiveDate {
    d - Days::new(n)
}

/// 300 days: room for both events, and quick enough for a debug build.
fn planted_set(zone_name: &str, last: &str, seed: u64) -> (Planted, Daily) {
    let z = zone(zone_name);
    let opts = DemoOptions {
        seed,
        ..DemoOptions::new(1, date(last), z)
    };
    let g = Generator::new(seed, z, days_before(date(last), 299), date(last));
    let planted = g.planted();
    assert_eq!(
        planted,
        super::planted(&opts),
        "the same dates as a year's set"
    );
    (planted, daily(&generate(&g), z))
}

const PLANTED_SETS: [(&str, &str, u64); 2] = [
    ("Europe/Paris", "2026-12-05", DEFAULT_SEED),
    ("America/New_York", "2026-06-30", 7),
];

#[test]
fn planted_dates_follow_the_contract() {
    let opts = DemoOptions::new(2, date("2026-12-05"), zone("Europe/Paris"));
    let p = planted(&opts);
    assert_eq!(p.illness, Some((date("2026-11-01"), date("2026-11-07"))));
    assert_eq!(p.training, Some((date("2026-05-19"), date("2026-07-13"))));
    assert_eq!(p.late_workout_bpm, 4.0);
    let none = planted(&DemoOptions::new(0, date("2026-12-05"), Zone::UTC));
    assert_eq!((none.illness, none.training), (None, None));
}

#[test]
fn the_illness_week_shows_in_heart_rate_sleep_and_steps() {
    for (zone_name, last, seed) in PLANTED_SETS {
        let (planted, d) = planted_set(zone_name, last, seed);
        check_illness(&planted, &d, last);
    }
}

fn check_illness(planted: &Planted, d: &Daily, last: &str) {
    let (from, to) = planted.illness.unwrap();
    assert_eq!((to - from).num_days(), 6, "seven days");
    let before = (days_before(from, 28), days_before(from, 1));
    let change = |values| mean_over(values, from, to) - mean_over(values, before.0, before.1);
    let resting = change(&d.resting);
    assert!(resting >= 6.0, "{last}: resting HR +{resting:.1} bpm");
    let asleep = change(&d.asleep);
    assert!(asleep >= 60.0, "{last}: asleep +{asleep:.0} min");
    let night = change(&d.night_hr);
    assert!(night >= 5.0, "{last}: heart rate asleep +{night:.1} bpm");
    let steps = mean_over(&d.steps, from, to) / mean_over(&d.steps, before.0, before.1);
    assert!(steps < 0.5, "{last}: {steps:.2} of the usual steps");
    let active = mean_over(&d.active, from, to) / mean_over(&d.active, before.0, before.1);
    assert!(
        active < 0.5,
        "{last}: {active:.2} of the usual active energy"
    );
    assert!(
        d.workouts.iter().all(|(day, _)| !(from..=to).contains(day)),
        "no workouts while ill"
    );
    // A week later it is over.
    let after = (to + Days::new(8), to + Days::new(28));
    let recovered =
        mean_over(&d.resting, after.0, after.1) - mean_over(&d.resting, before.0, before.1);
    assert!(recovered.abs() < 2.0, "{last}: {recovered:.1} bpm after");
}

#[test]
fn the_training_block_lowers_resting_heart_rate_for_good() {
    for (zone_name, last, seed) in PLANTED_SETS {
        let (planted, d) = planted_set(zone_name, last, seed);
        check_training(&planted, &d, last);
    }
}

fn check_training(planted: &Planted, d: &Daily, last: &str) {
    let (from, to) = planted.training.unwrap();
    let last_four = mean_over(&d.resting, days_before(to, 27), to);
    let first_four = mean_over(&d.resting, from, from + Days::new(27));
    let before = mean_over(&d.resting, days_before(from, 28), days_before(from, 1));
    let after = mean_over(&d.resting, to + Days::new(1), to + Days::new(28));
    assert!(
        first_four - last_four >= 3.0 && before - last_four >= 3.0,
        "{last}: before {before:.1}, first four weeks {first_four:.1}, last four {last_four:.1}"
    );
    assert!(
        before - after >= 3.0,
        "{last}: after {after:.1} vs {before:.1}"
    );
    for week in 0..8 {
        let start = from + Days::new(week * 7);
        let count = d
            .workouts
            .iter()
            .filter(|(day, _)| (start..start + Days::new(7)).contains(day))
            .count();
        assert_eq!(count, 5, "{last}: week {week} of the block");
    }
}

#[test]
fn late_workouts_raise_the_next_days_resting_heart_rate() {
    for (zone_name, last, seed) in PLANTED_SETS {
        let (planted, d) = planted_set(zone_name, last, seed);
        check_late_workouts(&planted, &d, last);
    }
}

fn check_late_workouts(planted: &Planted, d: &Daily, last: &str) {
    let (mut late, mut other) = (Vec::new(), Vec::new());
    for &(day, is_late) in &d.workouts {
        let Some(&next) = d.resting.get(&(day + Days::new(1))) else {
            continue;
        };
        if planted
            .illness
            .is_some_and(|(a, b)| (a..=b).contains(&(day + Days::new(1))))
        {
            continue;
        }
        if is_late { &mut late } else { &mut other }.push(next);
    }
    assert!(late.len() >= 15, "{last}: {} late workouts", late.len());
    let effect = mean(&late) - mean(&other);
    assert!(
        effect >= 2.5,
        "{last}: +{effect:.1} bpm after {} late vs {} other workouts",
        late.len(),
        other.len()
    );
}

/// The plants on the data sets the app and the benchmarks load (2 and 10
/// years, default seed), ending on days a year apart:
/// `cargo test --release -p healthdash-core --lib demo::tests::plants -- --ignored`.
#[test]
#[ignore = "years of data; run in release"]
fn plants_show_in_the_full_data_sets() {
    for years in [2, 10] {
        for last in ["2025-03-31", "2026-08-15", "2026-12-05"] {
            let z = zone("Europe/Paris");
            let opts = DemoOptions::new(years, date(last), z);
            let planted = planted(&opts);
            let mut d = Daily::default();
            for batch in batches(&opts) {
                d.add(&batch, z);
            }
            let label = format!("{years} years to {last}");
            check_illness(&planted, &d, &label);
            check_training(&planted, &d, &label);
            check_late_workouts(&planted, &d, &label);
        }
    }
}
