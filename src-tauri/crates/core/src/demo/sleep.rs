//! A night's hypnogram: the stage intervals from getting into bed to getting up.
//!
//! ```text
//!  awake │▇▇ latency           ▇ wake-up                          ▇▇ up
//!  light │   ▇▇▇▇  ▇▇▇▇▇ ▇▇▇▇▇▇  ▇▇▇▇▇  ▇▇▇▇▇▇ ▇▇▇▇▇▇▇ ▇▇▇▇▇▇▇▇
//!  deep  │       ▇▇     ▇        ▇
//!  REM   │             ▇      ▇▇        ▇▇▇          ▇▇▇▇        ▇▇▇▇▇
//!        └ cycle 1 ──── cycle 2 ── cycle 3 ─── cycle 4 ──── cycle 5 ─────
//! ```
//!
//! Sleep runs in cycles of about 90 minutes, Light → Deep → Light → REM. Deep
//! sleep dominates the first cycles and fades; REM starts short and grows.
//! Everything is in whole minutes, so the intervals join exactly.

use rand::Rng;

use super::rng::normal_within;
use crate::model::{SleepStage, StageInterval};

const MINUTE: i64 = 60;
const CYCLE_MINUTES: f64 = 90.0;

/// Stage intervals covering `[bed, wake)` exactly, contiguous, non-empty.
/// `bed` and `wake` are whole minutes apart.
pub(super) fn hypnogram(bed: i64, wake: i64, r: &mut impl Rng) -> Vec<StageInterval> {
    let total = (wake - bed) / MINUTE;
    let latency = r.random_range(5..=25).min(total / 8);
    let up = r.random_range(2..=8).min(total / 16);
    let cycles = (((total - latency - up) as f64 / CYCLE_MINUTES).round() as usize).max(1);

    // 0–3 short wake-ups, each in a different gap between two cycles.
    let gap_count = cycles - 1;
    let wakeups = r.random_range(0..=3).min(gap_count);
    let mut order: Vec<usize> = (0..gap_count).collect();
    let mut gaps = vec![0; gap_count];
    for i in 0..wakeups {
        let j = r.random_range(i..gap_count);
        order.swap(i, j);
        gaps[order[i]] = r.random_range(1..=5);
    }
    let asleep = total - latency - up - gaps.iter().sum::<i64>();

    // Cycle lengths around 90 minutes that add up to `asleep` exactly.
    let weights: Vec<f64> = (0..cycles)
        .map(|_| normal_within(r, 1.0, 0.1, 0.8, 1.2))
        .collect();
    let weight_sum: f64 = weights.iter().sum();
    let mut lengths: Vec<i64> = weights
        .iter()
        .map(|w| (asleep as f64 * w / weight_sum).floor() as i64)
        .collect();
    let assigned: i64 = lengths.iter().sum();
    if let Some(last) = lengths.last_mut() {
        *last += asleep - assigned;
    }

    let mut out = Hypnogram {
        stages: Vec::with_capacity(4 * cycles + 6),
        at: bed,
    };
    out.push(SleepStage::Awake, latency);
    for (i, &length) in lengths.iter().enumerate() {
        let n = i as f64;
        let deep_share = (0.40 - 0.10 * n).max(0.0) * (0.85 + 0.3 * r.random::<f64>());
        let rem_share = (0.08 + 0.07 * n).min(0.40) * (0.85 + 0.3 * r.random::<f64>());
        let deep = (length as f64 * deep_share).round() as i64;
        let rem = (length as f64 * rem_share).round() as i64;
        let light = length - deep - rem;
        let light_before = (light as f64 * 0.6).round() as i64;
        out.push(SleepStage::Light, light_before);
        // Under two minutes of deep sleep would be noise: the cycle has none.
        let deep_stage = if deep >= 2 {
            SleepStage::Deep
        } else {
            SleepStage::Light
        };
        out.push(deep_stage, deep);
        out.push(SleepStage::Light, light - light_before);
        out.push(SleepStage::Rem, rem);
        out.push(SleepStage::Awake, gaps.get(i).copied().unwrap_or(0));
    }
    out.push(SleepStage::Awake, up);
    // The minutes above add up to the time in bed; end exactly at `wake` regardless.
    if let Some(last) = out.stages.last_mut() {
        last.end = wake;
    }
    out.stages
}

/// Appends stages back to back, merging a stage into the one before it when
/// they are the same and skipping empty ones.
struct Hypnogram {
    stages: Vec<StageInterval>,
    at: i64,
}

impl Hypnogram {
    fn push(&mut self, stage: SleepStage, minutes: i64) {
        if minutes <= 0 {
            return;
        }
        let end = self.at + minutes * MINUTE;
        match self.stages.last_mut() {
            Some(last) if last.stage == stage => last.end = end,
            _ => self.stages.push(StageInterval {
                start: self.at,
                end,
                stage,
            }),
        }
        self.at = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::rng::{Stream, rng};
    use crate::model::NightTotals;

    fn check(bed: i64, wake: i64, stages: &[StageInterval]) {
        assert_eq!(stages.first().map(|s| s.start), Some(bed));
        assert_eq!(stages.last().map(|s| s.end), Some(wake));
        for pair in stages.windows(2) {
            assert_eq!(pair[0].end, pair[1].start, "contiguous");
            assert_ne!(pair[0].stage, pair[1].stage, "same stages are merged");
        }
        assert!(stages.iter().all(|s| s.end > s.start));
        assert_eq!(
            stages.first().map(|s| s.stage),
            Some(SleepStage::Awake),
            "latency first"
        );
        assert_eq!(
            stages.last().map(|s| s.stage),
            Some(SleepStage::Awake),
            "awake at the end"
        );
    }

    #[test]
    fn many_nights_are_well_formed() {
        for key in 0..2000 {
            let mut r = rng(11, Stream::Values, key);
            let bed = 1_700_000_040 + key * 86_400;
            let minutes = r.random_range(390..=510);
            let wake = bed + minutes * MINUTE;
            let stages = hypnogram(bed, wake, &mut r);
            check(bed, wake, &stages);
            let t = NightTotals::from_stages(bed, &stages);
            let latency = t.latency.unwrap();
            assert!(
                (5 * MINUTE..=25 * MINUTE).contains(&latency),
                "latency {latency}"
            );
            assert!(t.wakeups.unwrap() <= 3);
            let asleep = t.asleep.unwrap() as f64;
            let (deep, rem) = (t.deep.unwrap() as f64, t.rem.unwrap() as f64);
            assert!(
                (0.10..0.30).contains(&(deep / asleep)),
                "deep share {}",
                deep / asleep
            );
            assert!(
                (0.12..0.35).contains(&(rem / asleep)),
                "REM share {}",
                rem / asleep
            );
        }
    }

    #[test]
    fn deep_sleep_comes_early_and_rem_late() {
        let (mut deep_first_half, mut deep_second_half) = (0, 0);
        let (mut rem_first_half, mut rem_second_half) = (0, 0);
        for key in 0..200 {
            let mut r = rng(12, Stream::Values, key);
            let (bed, wake) = (0, 450 * MINUTE);
            for s in hypnogram(bed, wake, &mut r) {
                let first_half = s.start < wake / 2;
                let len = s.end - s.start;
                match (s.stage, first_half) {
                    (SleepStage::Deep, true) => deep_first_half += len,
                    (SleepStage::Deep, false) => deep_second_half += len,
                    (SleepStage::Rem, true) => rem_first_half += len,
                    (SleepStage::Rem, false) => rem_second_half += len,
                    _ => {}
                }
            }
        }
        assert!(deep_first_half > 3 * deep_second_half);
        assert!(rem_second_half > 2 * rem_first_half);
    }
}
