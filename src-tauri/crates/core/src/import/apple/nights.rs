//! Per-night sleep rows from every stored `SleepAnalysis` sample
//! (CONTRACT §12.5): sessions, the state of each instant, and the totals.

use std::cmp::Ordering;

use super::mapping::SleepState;
use super::priority::rank_order;

/// A gap longer than this starts a new session.
const SESSION_GAP: i64 = 3600;

/// A stored sample, with its source's name (ranks are by name).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct StoredSample {
    pub start: i64,
    pub end: i64,
    pub offset: i32,
    pub state: SleepState,
    pub tier: u8,
    pub source: String,
}

/// One session's per-night values, seconds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Night {
    pub start: i64,
    pub end: i64,
    pub offset: i32,
    /// Written when > 0.
    pub asleep: Option<i64>,
    /// Light, deep, REM and awake: only for nights with stages.
    pub stages: Option<[i64; 4]>,
}

/// The nights of `samples` (any order, duplicates allowed), by start.
pub(crate) fn nights(mut samples: Vec<StoredSample>) -> Vec<Night> {
    samples.sort_by(|a, b| {
        (a.start, a.end, a.state, a.tier)
            .cmp(&(b.start, b.end, b.state, b.tier))
            .then_with(|| a.source.cmp(&b.source))
    });
    samples.dedup();
    let mut out = Vec::new();
    let mut session: Vec<&StoredSample> = Vec::new();
    let mut latest_end = i64::MIN;
    for sample in &samples {
        if !session.is_empty() && sample.start > latest_end.saturating_add(SESSION_GAP) {
            out.push(night(&session));
            session.clear();
        }
        latest_end = if session.is_empty() {
            sample.end
        } else {
            latest_end.max(sample.end)
        };
        session.push(sample);
    }
    if !session.is_empty() {
        out.push(night(&session));
    }
    out
}

/// Totals of one session (its samples sorted by start).
fn night(session: &[&StoredSample]) -> Night {
    let start = session.iter().map(|s| s.start).min().unwrap_or_default();
    let end = session.iter().map(|s| s.end).max().unwrap_or_default();
    let states: Vec<&StoredSample> = session
        .iter()
        .copied()
        .filter(|s| s.state != SleepState::InBed)
        .collect();
    let mut cuts: Vec<i64> = states.iter().flat_map(|s| [s.start, s.end]).collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut seconds = [0i64; 7];
    for pair in cuts.windows(2) {
        let (from, to) = (pair[0], pair[1]);
        let winner = states
            .iter()
            .filter(|s| s.start <= from && from < s.end)
            .min_by(|a, b| outranks(a, b));
        if let Some(s) = winner {
            seconds[s.state as usize] += to - from;
        }
    }
    let of = |state: SleepState| seconds[state as usize];
    let asleep = of(SleepState::Asleep)
        + of(SleepState::Unspecified)
        + of(SleepState::Core)
        + of(SleepState::Deep)
        + of(SleepState::Rem);
    let staged = of(SleepState::Core) + of(SleepState::Deep) + of(SleepState::Rem) > 0;
    Night {
        start,
        end,
        offset: session.first().map_or(0, |s| s.offset),
        asleep: (asleep > 0).then_some(asleep),
        stages: staged.then(|| {
            [
                of(SleepState::Core),
                of(SleepState::Deep),
                of(SleepState::Rem),
                of(SleepState::Awake),
            ]
        }),
    }
}

/// Higher priority first; within one source the later start wins.
fn outranks(a: &StoredSample, b: &StoredSample) -> Ordering {
    rank_order((a.tier, &a.source), (b.tier, &b.source)).then(b.start.cmp(&a.start))
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: i64 = 3600;

    fn s(start: i64, end: i64, state: SleepState, tier: u8, source: &str) -> StoredSample {
        StoredSample {
            start,
            end,
            offset: 3600,
            state,
            tier,
            source: source.into(),
        }
    }

    #[test]
    fn the_watch_stages_win_over_the_phone_and_in_bed_only_stretches_the_night() {
        let samples = vec![
            s(0, 9 * H, SleepState::InBed, 2, "iPhone"),
            s(H, 8 * H, SleepState::Asleep, 2, "iPhone"),
            s(H, 3 * H, SleepState::Core, 1, "Watch"),
            s(3 * H, 4 * H, SleepState::Deep, 1, "Watch"),
            s(4 * H, 4 * H + 600, SleepState::Awake, 1, "Watch"),
            s(4 * H + 600, 6 * H, SleepState::Rem, 1, "Watch"),
            s(4 * H + 600, 6 * H, SleepState::Rem, 1, "Watch"),
        ];
        let nights = nights(samples);
        assert_eq!(nights.len(), 1);
        let n = &nights[0];
        assert_eq!((n.start, n.end), (0, 9 * H));
        // Watch: 2 h core + 1 h deep + 1 h 50 min REM; phone's Asleep 6–8 h.
        assert_eq!(n.asleep, Some(2 * H + H + 6600 + 2 * H));
        assert_eq!(n.stages, Some([2 * H, H, 6600, 600]));
    }

    #[test]
    fn legacy_asleep_gives_a_duration_without_stages_and_a_nap_is_its_own_night() {
        let samples = vec![
            s(0, 7 * H, SleepState::Asleep, 2, "iPhone"),
            s(15 * H, 16 * H, SleepState::Asleep, 2, "iPhone"),
        ];
        let nights = nights(samples);
        assert_eq!(nights.len(), 2);
        assert_eq!(nights[0].asleep, Some(7 * H));
        assert_eq!(nights[0].stages, None);
        assert_eq!((nights[1].start, nights[1].asleep), (15 * H, Some(H)));
    }
}
