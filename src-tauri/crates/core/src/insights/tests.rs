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
    // 1..=14 twice: median 7.5, deviations 0.5..6.5 each 4 times → MAD 3.5.
    let window: Vec<f64> = (1..=14).chain(1..=14).map(f64::from).collect();
    let half: f64 = 2.0 * 1.4826 * 3.5;
    let hr = band_of(Metric::RestingHeartRate, &window).unwrap();
    assert_eq!(hr.mid, 7.5);
    assert!((hr.hi - (7.5 + half)).abs() < 1e-9, "{hr:?}");
    assert!((hr.lo - (7.5 - half)).abs() < 1e-9, "{hr:?}");
    assert_eq!(band_of(Metric::RestingHeartRate, &window[..13]), None);
    // A steady weight still gets ±0.3 kg.
    let steady = band_of(Metric::Weight, &[70.0; 20]).unwrap();
    assert_eq!((steady.lo, steady.mid, steady.hi), (69.7, 70.0, 70.3));
}

#[test]
fn steps_have_a_ratio_band_that_stays_above_zero() {
    // 14 days of 4,999 and 14 of 19,999 steps: ln(1 + v) has median
    // ln(5000·20000)/2, so mid = √(5000 × 20000) − 1 = 9,999; the MAD is
    // ln(2), so the band is mid × 2^(∓2.9652), +1 −1.
    let window: Vec<f64> = [4_999.0; 14].into_iter().chain([19_999.0; 14]).collect();
    let band = band_of(Metric::Steps, &window).unwrap();
    assert!((band.mid - 9_999.0).abs() < 1e-6, "{band:?}");
    let k = 2f64.powf(2.0 * 1.4826);
    assert!((band.hi - (10_000.0 * k - 1.0)).abs() < 1e-6, "{band:?}");
    assert!((band.lo - (10_000.0 / k - 1.0)).abs() < 1e-6, "{band:?}");
    assert!(band.lo > 0.0);
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

// ---- flags: pure rules ----

use super::correlate::{correlations, linked, significant};
use super::features::DailyFeature;
use super::flags::{band_runs, trend_runs};
use super::stats::{average_ranks, benjamini_hochberg, spearman, spearman_p};
use crate::model::{Batch, Measurement};
use crate::query::{Resolution, SeriesRequest, TimeRange, series};
use crate::source::SourceId;
use crate::time::Zone;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// `n` days from `start`, valued `60 + (i mod 3)` (median 61, MAD 1).
fn wobbly(start: NaiveDate, n: u64) -> Vec<(NaiveDate, f64)> {
    (0..n)
        .map(|i| (plus(start, i), 60.0 + (i % 3) as f64))
        .collect()
}

#[test]
fn three_days_above_the_band_make_one_flag_and_two_do_not() {
    let start = date("2026-01-01");
    let mut days = wobbly(start, 60);
    for i in [40, 41, 42, 43, 50, 51] {
        days[i].1 = 70.0;
    }
    let last = plus(start, 59);
    let bands = bands_from_values(Metric::RestingHeartRate, &days, plus(start, 28), last);
    let runs = band_runs(&days, &bands, true, 3);
    assert_eq!(runs.len(), 1, "{runs:?}");
    let run = &runs[0];
    assert_eq!(run.first().unwrap().date, plus(start, 40));
    assert_eq!(run.last().unwrap().date, plus(start, 43));
    assert_eq!(run[0].value, 70.0);
    assert_eq!(run[0].mid, 61.0);
    // 2 × 1.4826 × MAD 1 = 2.97 bpm either side.
    assert!((run[0].hi - 63.9652).abs() < 1e-9, "{:?}", run[0]);
    assert!(band_runs(&days, &bands, false, 3).is_empty());
}

#[test]
fn a_missing_day_ends_a_run() {
    let start = date("2026-01-01");
    let mut days = wobbly(start, 60);
    for i in [40, 41, 43, 44] {
        days[i].1 = 70.0;
    }
    days.remove(42);
    let bands = bands_from_values(
        Metric::RestingHeartRate,
        &days,
        plus(start, 28),
        plus(start, 59),
    );
    assert!(band_runs(&days, &bands, true, 3).is_empty());
}

#[test]
fn a_trend_compares_the_last_28_days_with_the_28_before() {
    let start = date("2026-01-01");
    // 60 bpm for 56 days, then 56.5 for 40: the 28-day median drops by 3.5.
    let days: Vec<(NaiveDate, f64)> = (0..96u64)
        .map(|i| (plus(start, i), if i < 56 { 60.0 } else { 56.5 }))
        .collect();
    let runs = trend_runs(&days, start, plus(start, 95), 3.0, true);
    assert_eq!(runs.len(), 1, "{runs:?}");
    let run = &runs[0];
    // The recent median reaches 56.5 once 15 of its 28 days are low (day 70);
    // it compares with 60 until the earlier window holds 14 low days (day 97).
    assert_eq!(run[0].date, plus(start, 70));
    assert_eq!((run[0].value, run[0].mid, run[0].lo), (56.5, 60.0, 57.0));
    assert_eq!(run.last().unwrap().date, plus(start, 95));
    // A 2-bpm change is below the threshold.
    let small: Vec<(NaiveDate, f64)> = days
        .iter()
        .map(|(d, v)| (*d, if *v < 60.0 { 58.0 } else { *v }))
        .collect();
    assert!(trend_runs(&small, start, plus(start, 95), 3.0, true).is_empty());
}

// ---- statistics ----

#[test]
fn ties_share_their_mean_rank_and_spearman_handles_them() {
    assert_eq!(
        average_ranks(&[10.0, 20.0, 20.0, 5.0]),
        [2.0, 3.5, 3.5, 1.0]
    );
    let rho = spearman(&[1.0, 2.0, 2.0, 3.0], &[1.0, 2.0, 3.0, 4.0]).unwrap();
    // Pearson over ranks [1, 2.5, 2.5, 4] and [1, 2, 3, 4].
    assert!((rho - 0.948_683_298).abs() < 1e-6, "{rho}");
    assert_eq!(spearman(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0]), None);
}

#[test]
fn p_values_follow_the_t_distribution() {
    // rho 0.5 over 20 pairs: t = 0.5 × √(18 / 0.75) = 2.449, two-sided p ≈ 0.0247.
    let p = spearman_p(0.5, 20);
    assert!((p - 0.0247).abs() < 5e-4, "{p}");
    assert!(spearman_p(0.0, 20) > 0.999);
}

#[test]
fn benjamini_hochberg_matches_a_worked_example() {
    let q = benjamini_hochberg(&[0.01, 0.04, 0.03, 0.005]);
    // Sorted 0.005, 0.01, 0.03, 0.04 → ×4/rank: 0.02, 0.02, 0.04, 0.04.
    for (got, want) in q.iter().zip([0.02, 0.04, 0.04, 0.02]) {
        assert!((got - want).abs() < 1e-12, "{q:?}");
    }
}

fn random_feature(rng: &mut ChaCha8Rng, feature: Feature, days: usize) -> DailyFeature {
    DailyFeature {
        feature,
        values: (0..days)
            .map(|_| {
                // A tenth of the days missing; values rounded so ties occur.
                (rng.random::<f64>() >= 0.1).then(|| (rng.random::<f64>() * 20.0).round())
            })
            .collect(),
    }
}

/// Features no two of which are linked by definition.
const UNLINKED: [Feature; 6] = [
    Feature::Metric(Metric::RestingHeartRate),
    Feature::Metric(Metric::Weight),
    Feature::Metric(Metric::Mood),
    Feature::Metric(Metric::Steps),
    Feature::Metric(Metric::SleepDuration),
    Feature::Derived(DerivedFeature::LastWorkoutEndHour),
];

#[test]
fn the_fast_ranks_agree_with_plain_spearman_on_the_paired_days() {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let a = random_feature(&mut rng, UNLINKED[0], 90);
    let b = random_feature(&mut rng, UNLINKED[1], 90);
    let tested = correlations(&[a.clone(), b.clone()]);
    for lag in [0usize, 1, 2] {
        let pairs = super::features::paired(&a.values, &b.values, lag);
        let xs: Vec<f64> = pairs.iter().map(|p| p.1).collect();
        let ys: Vec<f64> = pairs.iter().map(|p| p.2).collect();
        let want = spearman(&xs, &ys).unwrap();
        let got = tested
            .iter()
            .find(|c| c.a == a.feature && c.b == b.feature && usize::from(c.lag_days) == lag)
            .unwrap();
        assert!(
            (got.rho - want).abs() < 1e-12,
            "lag {lag}: {} vs {want}",
            got.rho
        );
        assert_eq!(got.n as usize, pairs.len());
    }
    // Lag 0 once per pair, lags 1 and 2 both ways.
    assert_eq!(tested.len(), 5);
}

#[test]
fn independent_random_series_rarely_give_a_significant_pair() {
    let seeds = 200;
    let mut with_any = 0;
    let mut tested = 0;
    for seed in 0..seeds {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let features: Vec<DailyFeature> = UNLINKED
            .iter()
            .map(|f| random_feature(&mut rng, *f, 120))
            .collect();
        let all = correlations(&features);
        tested = all.len();
        if !significant(all).is_empty() {
            with_any += 1;
        }
    }
    assert_eq!(tested, 15 + 2 * 30, "every pair and lag is tested");
    let share = f64::from(with_any) / seeds as f64;
    // With every null true, BH's FDR is the chance of any discovery: ≈ q.
    assert!(
        share <= 0.10,
        "{with_any} of {seeds} seeds had a significant pair"
    );
}

#[test]
fn a_planted_next_day_effect_is_found_at_lag_one_only() {
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    let days = 150;
    let a = random_feature(&mut rng, UNLINKED[5], days);
    let noise = random_feature(&mut rng, UNLINKED[0], days);
    // b on day d + 1 = noise + a on day d.
    let b = DailyFeature {
        feature: UNLINKED[0],
        values: (0..days)
            .map(|d| {
                let prev = d.checked_sub(1).and_then(|p| a.values[p]);
                Some(noise.values[d].unwrap_or(10.0) + prev.unwrap_or(10.0))
            })
            .collect(),
    };
    let found = significant(correlations(&[a, b]));
    assert_eq!(found.len(), 1, "{found:?}");
    let c = &found[0];
    assert_eq!((c.a, c.b, c.lag_days), (UNLINKED[5], UNLINKED[0], 1));
    assert!(c.rho > 0.5, "{c:?}");
    assert!(c.q <= 0.05 && c.n >= 14);
}

#[test]
fn linked_pairs_and_self_pairs_are_not_tested() {
    let steps = Feature::Metric(Metric::Steps);
    assert!(linked(steps, Feature::Metric(Metric::Distance)));
    assert!(linked(steps, steps));
    assert!(!linked(steps, Feature::Metric(Metric::RestingHeartRate)));
    let json =
        serde_json::to_string(&[steps, Feature::Derived(DerivedFeature::LastWorkoutEndHour)])
            .unwrap();
    assert_eq!(
        json,
        r#"[{"metric":"steps"},{"derived":"last_workout_end_hour"}]"#
    );
}

// ---- against a store ----

fn paris() -> Zone {
    "Europe/Paris".parse().unwrap()
}

/// Resting heart rate at 07:00 on each of `n` days from `start`: 60..62,
/// and 72 on the days listed.
fn store_with_resting_hr(start: NaiveDate, n: u64, high: &[u64]) -> Store {
    let zone = paris();
    let mut store = Store::open_in_memory().unwrap();
    let mut batch = Batch::new(SourceId::demo());
    for i in 0..n {
        let value = if high.contains(&i) {
            72.0
        } else {
            60.0 + (i % 3) as f64
        };
        let t = zone.start_of_day(plus(start, i)) + 7 * 3600;
        batch.measurements.push(Measurement::sample(
            Metric::RestingHeartRate,
            t,
            value,
            zone,
        ));
    }
    store.ingest(&batch).unwrap();
    store
}

#[test]
fn a_disabled_rule_gives_no_flag() {
    let start = date("2026-01-01");
    let store = store_with_resting_hr(start, 60, &[45, 46, 47, 48]);
    let mut options = InsightOptions {
        first: plus(start, 30),
        last: plus(start, 59),
        priority: SourcePriority::default(),
        disabled: vec![],
    };
    let on = compute(&store, &options).unwrap();
    let flags: Vec<(RuleId, NaiveDate, NaiveDate)> =
        on.flags.iter().map(|f| (f.rule, f.first, f.last)).collect();
    assert_eq!(
        flags,
        [(RuleId::RestingHrHigh, plus(start, 45), plus(start, 48))]
    );
    assert_eq!(on.flags[0].unit, "bpm");
    assert_eq!(
        on.flags[0].title,
        "Resting heart rate above your usual range"
    );
    options.disabled = vec![RuleId::RestingHrHigh];
    assert!(compute(&store, &options).unwrap().flags.is_empty());
    // Hidden sources count for nothing, as on the charts.
    options.disabled.clear();
    options.priority = SourcePriority::default().hiding(SourceId::demo());
    assert!(compute(&store, &options).unwrap().flags.is_empty());
}

#[test]
fn series_carry_the_band_of_each_point() {
    let start = date("2026-01-01");
    let store = store_with_resting_hr(start, 60, &[]);
    let zone = paris();
    let request = |days: i64, max_points: u32| SeriesRequest {
        metric: Metric::RestingHeartRate,
        range: TimeRange::new(
            zone.start_of_day(start),
            zone.start_of_day(start) + days * 86_400,
        )
        .unwrap(),
        max_points,
        sources: vec![],
        zone,
    };
    // Two-hour buckets, one point a day: no band for the first 14 days, then 61 ± 2.97.
    let raw = series(&store, &request(60, 1000), &SourcePriority::default()).unwrap();
    assert_eq!(raw.resolution, Resolution::Seconds { seconds: 7200 });
    assert_eq!(raw.points.len(), 60);
    let band = raw.band.unwrap();
    assert_eq!(band.len(), raw.points.len());
    assert!(band[..14].iter().all(Option::is_none));
    let b = band[30].unwrap();
    assert_eq!(b.mid, 61.0);
    assert!((b.hi - b.mid - 2.0 * 1.4826).abs() < 1e-9, "{b:?}");
    // Week buckets: the median of the days' bands.
    let weeks = series(&store, &request(60, 9), &SourcePriority::default()).unwrap();
    assert!(
        matches!(weeks.resolution, Resolution::Days { days } if days > 1),
        "{:?}",
        weeks.resolution
    );
    let band = weeks.band.unwrap();
    assert_eq!(band.len(), weeks.points.len());
    assert_eq!(band.last().unwrap().unwrap().mid, 61.0);
    // Metrics without a baseline have none.
    let mut hr = request(60, 1000);
    hr.metric = Metric::HeartRate;
    assert_eq!(
        series(&store, &hr, &SourcePriority::default())
            .unwrap()
            .band,
        None
    );
}

// ---- the demo person's planted events ----

/// One demo year, loaded into a store: room for the illness week and the
/// training block, and quick enough for a debug build.
fn demo_year(last: &str, zone: &str) -> (Store, crate::demo::Planted, NaiveDate, NaiveDate) {
    let opts = crate::demo::DemoOptions::new(1, date(last), zone.parse().unwrap());
    let mut store = Store::open_in_memory().unwrap();
    crate::demo::load(&mut store, &opts, |_, _| {}).unwrap();
    let first = opts.first_day().unwrap();
    (store, crate::demo::planted(&opts), first, date(last))
}

fn covers(flag: &Flag, (from, to): (NaiveDate, NaiveDate)) -> bool {
    flag.first <= to && flag.last >= from
}

#[test]
fn the_demo_illness_training_and_late_workouts_are_recovered() {
    for (last, zone) in [
        ("2026-12-05", "Europe/Paris"),
        ("2026-06-30", "America/New_York"),
    ] {
        let (store, planted, first, last) = demo_year(last, zone);
        let insights = compute(
            &store,
            &InsightOptions {
                first,
                last,
                priority: SourcePriority::default(),
                disabled: vec![],
            },
        )
        .unwrap();
        let of = |rule: RuleId| -> Vec<&Flag> {
            insights.flags.iter().filter(|f| f.rule == rule).collect()
        };

        // The illness week: resting heart rate up, and more sleep or fewer steps.
        let illness = planted.illness.unwrap();
        let hr: Vec<_> = of(RuleId::RestingHrHigh)
            .into_iter()
            .filter(|f| covers(f, illness))
            .collect();
        assert_eq!(hr.len(), 1, "{zone}: {:?}", of(RuleId::RestingHrHigh));
        assert!(hr[0].days.len() >= 5, "{zone}: {:?}", hr[0]);
        assert!(
            hr[0].first >= illness.0 && hr[0].last <= illness.1,
            "{zone}: {hr:?}"
        );
        assert!(
            hr[0]
                .days
                .iter()
                .all(|d| d.value > d.hi && d.value - d.mid >= 5.0),
            "{zone}: {hr:?}"
        );
        let other = [RuleId::SleepLong, RuleId::StepsLow]
            .iter()
            .flat_map(|r| of(*r))
            .filter(|f| covers(f, illness))
            .count();
        assert!(other >= 1, "{zone}: {:?}", insights.flags);
        // Outside the illness, resting heart rate is rarely flagged high.
        let elsewhere = of(RuleId::RestingHrHigh)
            .iter()
            .filter(|f| !covers(f, illness))
            .count();
        assert!(elsewhere <= 1, "{zone}: {:?}", of(RuleId::RestingHrHigh));

        // The training block: the 28-day median of resting heart rate falls ≥ 3 bpm.
        let training = planted.training.unwrap();
        let after = (
            training.0,
            training.1.checked_add_days(Days::new(28)).unwrap(),
        );
        let trend: Vec<_> = of(RuleId::RestingHrTrend)
            .into_iter()
            .filter(|f| covers(f, after))
            .collect();
        assert!(
            !trend.is_empty(),
            "{zone}: {:?}",
            of(RuleId::RestingHrTrend)
        );
        assert!(
            trend
                .iter()
                .all(|f| f.title == "Resting heart rate down over four weeks"),
            "{trend:?}"
        );
        assert!(
            trend
                .iter()
                .flat_map(|f| &f.days)
                .all(|d| d.mid - d.value >= 3.0)
        );

        // Late workouts raise the next day's resting heart rate.
        let late = insights
            .correlations
            .iter()
            .find(|c| {
                c.a == Feature::Derived(DerivedFeature::LastWorkoutEndHour)
                    && c.b == Feature::Metric(Metric::RestingHeartRate)
                    && c.lag_days == 1
            })
            .unwrap_or_else(|| panic!("{zone}: {:#?}", insights.correlations));
        assert!(
            late.rho > 0.2 && late.q <= Q_SIGNIFICANT && late.n >= 14,
            "{zone}: {late:?}"
        );
        assert!(insights.pairs_tested as usize >= insights.correlations.len());
        // The scatter behind it has one point per paired day.
        let points = scatter(
            &store,
            &late.a,
            &late.b,
            1,
            first,
            last,
            &SourcePriority::default(),
        )
        .unwrap();
        assert_eq!(points.len(), late.n as usize);
    }
}

#[test]
fn days_are_correlated_as_differences_from_their_usual_level() {
    assert_eq!(super::stats::median(vec![4.0, 1.0, 3.0, 2.0]), Some(2.5));
    assert_eq!(super::stats::median(vec![5.0, 1.0, 3.0]), Some(3.0));
    // A rising line with one bump: the trend goes, the bump stays.
    let mut values: Vec<Option<f64>> = (0..40).map(|i| Some(f64::from(i))).collect();
    values[20] = Some(30.0);
    values[5] = None;
    let dev = super::features::deviations(&values);
    assert_eq!(dev[5], None);
    // Days 6..=34 with 20 raised to 30: their median is 21, so the bump is +9.
    assert_eq!(dev[20], Some(9.0));
    assert!(dev[25].unwrap().abs() <= 1.0, "{:?}", dev[25]);
    // Fewer than 7 values within 14 days: no usual level, no deviation.
    let sparse: Vec<Option<f64>> = (0..40).map(|i| (i % 6 == 0).then_some(1.0)).collect();
    assert!(
        super::features::deviations(&sparse)
            .iter()
            .all(Option::is_none)
    );
}

#[test]
fn the_sliding_window_gives_the_same_deviations_as_sorting_each_window() {
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let values = random_feature(&mut rng, UNLINKED[0], 200).values;
    let fast = super::features::deviations(&values);
    for (i, got) in fast.iter().enumerate() {
        let window: Vec<f64> = values[i.saturating_sub(14)..(i + 15).min(values.len())]
            .iter()
            .flatten()
            .copied()
            .collect();
        let want = values[i]
            .filter(|_| window.len() >= 7)
            .map(|v| v - super::stats::median(window).unwrap());
        assert_eq!(*got, want, "day {i}");
    }
}
