//! What goes with what: Spearman's rank correlation between every two daily
//! features, b taken 0, 1 or 2 days after a, with Benjamini–Hochberg
//! control of false discoveries over every pair tested.
//!
//! Not tested: a feature against itself (that it changes slowly says
//! nothing new), and pairs linked by definition, listed in [`LINKED`]
//! (steps and distance count the same walking; the parts of a night add up
//! to its total; fat mass is part of weight).

use super::features::DailyFeature;
use super::stats::{benjamini_hochberg, pearson, spearman_p};
use super::{Correlation, DerivedFeature, Feature};
use crate::metric::Metric;

/// Fewest days with both values for a pair to be tested.
pub const MIN_PAIRED_DAYS: usize = 14;
/// A correlation is reported when its BH-adjusted p-value is at most this.
pub const Q_SIGNIFICANT: f64 = 0.05;
/// b is taken this many days after a.
pub const LAGS: [u8; 3] = [0, 1, 2];

/// Groups of features that measure the same thing or add up to each other:
/// two features of one group are never tested.
pub const LINKED: &[&[Feature]] = &[
    // Walking and moving: more steps are more distance and more energy.
    &[
        Feature::Metric(Metric::Steps),
        Feature::Metric(Metric::Distance),
        Feature::Metric(Metric::ActiveEnergy),
        Feature::Metric(Metric::TotalEnergy),
        Feature::Metric(Metric::Elevation),
        Feature::Metric(Metric::LightActivity),
        Feature::Metric(Metric::ModerateActivity),
        Feature::Metric(Metric::IntenseActivity),
        Feature::Derived(DerivedFeature::WorkoutMinutes),
    ],
    // Total energy is active plus resting energy.
    &[
        Feature::Metric(Metric::TotalEnergy),
        Feature::Metric(Metric::BasalEnergy),
    ],
    // A night's stages add up to its time asleep.
    &[
        Feature::Metric(Metric::SleepDuration),
        Feature::Metric(Metric::SleepLightDuration),
        Feature::Metric(Metric::SleepDeepDuration),
        Feature::Metric(Metric::SleepRemDuration),
    ],
    // Time awake in bed counts the time to fall asleep and the wake-ups.
    &[
        Feature::Metric(Metric::SleepAwakeDuration),
        Feature::Metric(Metric::SleepLatency),
        Feature::Metric(Metric::SleepWakeupCount),
    ],
    // Body composition: the parts of one weighing.
    &[
        Feature::Metric(Metric::Weight),
        Feature::Metric(Metric::BodyFatPercent),
        Feature::Metric(Metric::FatMass),
        Feature::Metric(Metric::FatFreeMass),
        Feature::Metric(Metric::MuscleMass),
        Feature::Metric(Metric::BoneMass),
        Feature::Metric(Metric::Hydration),
    ],
    // Resting heart rate is the low end of the same heart-rate readings.
    &[
        Feature::Metric(Metric::HeartRate),
        Feature::Metric(Metric::RestingHeartRate),
    ],
    // Both describe the same workouts.
    &[
        Feature::Derived(DerivedFeature::LastWorkoutEndHour),
        Feature::Derived(DerivedFeature::WorkoutMinutes),
    ],
];

/// Whether a and b are linked by definition (or are the same feature).
pub fn linked(a: Feature, b: Feature) -> bool {
    a == b
        || LINKED
            .iter()
            .any(|group| group.contains(&a) && group.contains(&b))
}

/// A feature's days with a value, sorted by value: ranking any subset of
/// them is then a walk instead of a sort.
struct Sorted<'a> {
    feature: &'a DailyFeature,
    order: Vec<usize>,
}

impl<'a> Sorted<'a> {
    fn new(feature: &'a DailyFeature) -> Self {
        let mut order: Vec<usize> = feature
            .values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.map(|_| i))
            .collect();
        order.sort_by(|&i, &j| {
            let (x, y) = (feature.values[i], feature.values[j]);
            x.unwrap_or(0.0).total_cmp(&y.unwrap_or(0.0))
        });
        Sorted { feature, order }
    }

    fn value(&self, day: usize) -> f64 {
        self.feature.values[day].unwrap_or(0.0)
    }

    /// Average ranks (ties share their mean rank) of the days `slot` maps
    /// to a pair slot, written to `ranks[slot]`; `kept` is scratch space.
    /// Returns how many were ranked.
    fn rank_into(
        &self,
        slot: impl Fn(usize) -> Option<usize>,
        ranks: &mut [f64],
        kept: &mut Vec<(usize, f64)>,
    ) -> usize {
        kept.clear();
        kept.extend(
            self.order
                .iter()
                .filter_map(|&day| slot(day).map(|s| (s, self.value(day)))),
        );
        let mut i = 0;
        while i < kept.len() {
            let mut j = i + 1;
            while j < kept.len() && kept[j].1 == kept[i].1 {
                j += 1;
            }
            let rank = (i + 1 + j) as f64 / 2.0;
            for (s, _) in &kept[i..j] {
                ranks[*s] = rank;
            }
            i = j;
        }
        kept.len()
    }
}

/// rho and the number of paired days of a (day d) against b (day d + lag).
/// 840 pairs over ten years run this 840 times: which days pair up is
/// worked out once, and every buffer is reused.
fn spearman_lagged(
    a: &Sorted<'_>,
    b: &Sorted<'_>,
    lag: usize,
    scratch: &mut Scratch,
) -> Option<(f64, usize)> {
    let (av, bv) = (&a.feature.values, &b.feature.values);
    let Scratch {
        paired,
        x,
        y,
        xs,
        ys,
        kept,
    } = scratch;
    paired.clear();
    paired.extend(
        (0..av.len()).map(|d| av[d].is_some() && bv.get(d + lag).is_some_and(Option::is_some)),
    );
    let n = paired.iter().filter(|&&p| p).count();
    if n < MIN_PAIRED_DAYS {
        return None;
    }
    for ranks in [&mut *x, &mut *y] {
        ranks.clear();
        ranks.resize(av.len(), 0.0);
    }
    a.rank_into(|d| paired[d].then_some(d), x, kept);
    b.rank_into(|d| d.checked_sub(lag).filter(|&s| paired[s]), y, kept);
    xs.clear();
    ys.clear();
    for d in (0..av.len()).filter(|&d| paired[d]) {
        xs.push(x[d]);
        ys.push(y[d]);
    }
    pearson(xs, ys).map(|rho| (rho, n))
}

/// Buffers reused from pair to pair.
#[derive(Default)]
struct Scratch {
    /// Day d pairs a's value with b's of day d + lag.
    paired: Vec<bool>,
    /// Ranks by day, of a and of b (by a's day).
    x: Vec<f64>,
    y: Vec<f64>,
    /// The paired days' ranks, in day order.
    xs: Vec<f64>,
    ys: Vec<f64>,
    kept: Vec<(usize, f64)>,
}

/// Threads the pairs are shared among: ten years of daily features are
/// ~840 pairs of ~3,650 days, about 60 ms on one core.
const MAX_THREADS: usize = 4;

/// Every pair tested, with p and the BH-adjusted q over all of them. At
/// lag 0 each unordered pair is tested once; at lags 1 and 2 both orders.
/// Pairs with fewer than 14 paired days, or where a side does not vary,
/// are not tested (and not counted).
pub fn correlations(features: &[DailyFeature]) -> Vec<Correlation> {
    let sorted: Vec<Sorted<'_>> = features.iter().map(Sorted::new).collect();
    let mut jobs = Vec::new();
    for lag in LAGS {
        for (i, a) in sorted.iter().enumerate() {
            for (j, b) in sorted.iter().enumerate() {
                if !((lag == 0 && j <= i) || linked(a.feature.feature, b.feature.feature)) {
                    jobs.push((lag, i, j));
                }
            }
        }
    }
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .clamp(1, MAX_THREADS);
    let chunk = jobs.len().div_ceil(threads).max(1);
    // Contiguous chunks joined in order: the same list, in the same order,
    // as one thread would make.
    let mut out: Vec<Correlation> = std::thread::scope(|scope| {
        let workers: Vec<_> = jobs
            .chunks(chunk)
            .map(|part| scope.spawn(|| test_pairs(&sorted, part)))
            .collect();
        workers
            .into_iter()
            .flat_map(|w| {
                w.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    let p: Vec<f64> = out.iter().map(|c| c.p).collect();
    for (c, q) in out.iter_mut().zip(benjamini_hochberg(&p)) {
        c.q = q;
    }
    out
}

/// The (lag, a, b) pairs of `jobs` that can be tested, with rho, n and p.
fn test_pairs(sorted: &[Sorted<'_>], jobs: &[(u8, usize, usize)]) -> Vec<Correlation> {
    let mut scratch = Scratch::default();
    let mut out = Vec::new();
    for &(lag, i, j) in jobs {
        let (a, b) = (&sorted[i], &sorted[j]);
        let Some((rho, n)) = spearman_lagged(a, b, usize::from(lag), &mut scratch) else {
            continue;
        };
        let (fa, fb) = (a.feature.feature, b.feature.feature);
        out.push(Correlation {
            a: fa,
            b: fb,
            lag_days: lag,
            rho,
            n: u32::try_from(n).unwrap_or(u32::MAX),
            p: spearman_p(rho, n),
            q: 1.0,
            a_label: fa.label().to_owned(),
            b_label: fb.label().to_owned(),
        });
    }
    out
}

/// The correlations with q ≤ 0.05, strongest (largest |rho|) first.
pub fn significant(mut tested: Vec<Correlation>) -> Vec<Correlation> {
    tested.retain(|c| c.q <= Q_SIGNIFICANT);
    tested.sort_by(|x, y| y.rho.abs().total_cmp(&x.rho.abs()));
    tested
}
