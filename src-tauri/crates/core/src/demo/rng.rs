//! Where the demo's randomness comes from.
//!
//! Every random choice is drawn from a generator seeded by (seed, stream,
//! key), never from one long-running generator. A day's plan (bedtime,
//! workout time) is its own stream, so generating March can look at the plan
//! of April 1st (when does the next night start?) without generating April,
//! and every month comes out the same whether it is generated alone or after
//! the ones before it.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The seed `DemoOptions::new` uses: everyone who loads the demo sees the same person.
pub const DEFAULT_SEED: u64 = 0x4845_414c_5448_4453; // "HEALTHDS"

/// The independent streams of randomness; the numbers are part of the data
/// set's identity, so changing one changes every demo value drawn from it.
#[derive(Clone, Copy, Debug)]
pub(super) enum Stream {
    /// The person's slow trends (phases of their long-term wander).
    Person = 1,
    /// A week's workout days and the blood pressure day (key: its Monday).
    Week = 2,
    /// A day's timetable: bedtime, time in bed, weigh-in (key: the day).
    Plan = 3,
    /// A day's values: sleep stages, heart rate, activity, body (key: the day).
    Values = 4,
    /// Whether a weekday evening workout is a late one, and when (key: the day).
    Late = 5,
    /// A training block week's workouts (key: the week's first day).
    Training = 6,
}

/// A generator for one (seed, stream, key); `key` is usually a day number.
pub(super) fn rng(seed: u64, stream: Stream, key: i64) -> ChaCha8Rng {
    let tagged = ((stream as u64) << 56) ^ (key as u64);
    ChaCha8Rng::seed_from_u64(mix(seed ^ mix(tagged)))
}

/// SplitMix64's finaliser: nearby keys (consecutive days) give unrelated seeds.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// A normally distributed value (Box–Muller); `rand_distr` is not a
/// dependency and one transform is all the demo needs.
pub(super) fn normal(rng: &mut impl Rng, mean: f64, sd: f64) -> f64 {
    // 1 - [0, 1) is (0, 1], so the logarithm is finite.
    let u1 = 1.0 - rng.random::<f64>();
    let u2 = rng.random::<f64>();
    mean + sd * (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// A normal value kept within `[lo, hi]`, for quantities with hard limits.
pub(super) fn normal_within(rng: &mut impl Rng, mean: f64, sd: f64, lo: f64, hi: f64) -> f64 {
    normal(rng, mean, sd).clamp(lo, hi)
}

/// Rounds to a multiple of `step` (0.1 kg, 1 bpm); the result is the double
/// nearest the decimal, so it prints without noise digits.
pub(super) fn round_to(value: f64, step: f64) -> f64 {
    if step >= 1.0 {
        return (value / step).round() * step;
    }
    // Dividing by 10 rather than multiplying by 0.1 gives the nearest double.
    let inverse = (1.0 / step).round();
    (value * inverse).round() / inverse
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_and_keys_give_different_generators() {
        let draw = |stream, key| rng(1, stream, key).random::<u64>();
        assert_eq!(draw(Stream::Plan, 10), draw(Stream::Plan, 10));
        assert_ne!(draw(Stream::Plan, 10), draw(Stream::Plan, 11));
        assert_ne!(draw(Stream::Plan, 10), draw(Stream::Values, 10));
        assert_ne!(
            rng(1, Stream::Plan, 10).random::<u64>(),
            rng(2, Stream::Plan, 10).random::<u64>()
        );
    }

    #[test]
    fn normal_has_the_asked_mean_and_spread() {
        let mut r = rng(7, Stream::Values, 0);
        let xs: Vec<f64> = (0..20_000).map(|_| normal(&mut r, 10.0, 2.0)).collect();
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / xs.len() as f64;
        assert!((mean - 10.0).abs() < 0.05, "mean {mean}");
        assert!((var.sqrt() - 2.0).abs() < 0.05, "sd {}", var.sqrt());
    }

    #[test]
    fn rounding_is_clean() {
        assert_eq!(round_to(77.349, 0.1).to_string(), "77.3");
        assert_eq!(round_to(77.36, 0.05).to_string(), "77.35");
        assert_eq!(round_to(61.5, 1.0), 62.0);
        assert_eq!(round_to(4_327.0, 10.0), 4_330.0);
    }
}
