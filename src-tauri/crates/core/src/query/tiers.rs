//! A source can hold two tiers of one metric in a bucket: what it reported
//! (a day's step total) and intraday detail (its steps per minute). This
//! picks, per bucket and source, the tier a chart shows, without SQL.

use std::collections::HashMap;

use super::bucket::Cell;
use crate::store::RollupRow;

/// Which tier of a source's data a bucket shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TierChoice {
    /// Both, merged: samples, where nothing is counted twice.
    Both,
    /// Day buckets of interval metrics: the source's own daily totals where
    /// it reported them, else the sum of its intraday detail.
    PreferReported,
    /// Sub-day buckets of interval metrics: daily totals would pile up at
    /// midnight, so only intraday detail.
    IntradayOnly,
}

impl TierChoice {
    /// The choice for a metric: samples always merge both tiers.
    pub fn for_metric(additive: bool, for_additive: TierChoice) -> TierChoice {
        if additive {
            for_additive
        } else {
            TierChoice::Both
        }
    }
}

/// One cell per (bucket, source) of `rows`, ranked by `rank_of`; rows of
/// sources without a rank are left out.
pub(crate) fn resolve_tiers(
    rows: impl IntoIterator<Item = RollupRow>,
    choice: TierChoice,
    rank_of: impl Fn(i64) -> Option<usize>,
) -> Vec<Cell> {
    let mut by_bucket: HashMap<(i64, usize), (Option<Cell>, Option<Cell>)> = HashMap::new();
    for row in rows {
        let Some(rank) = rank_of(row.source_id) else {
            continue;
        };
        let cell = Cell {
            key: row.bucket,
            rank,
            n: row.n,
            sum: row.sum,
            min: row.min,
            max: row.max,
        };
        let slot = by_bucket.entry((row.bucket, rank)).or_default();
        if row.intraday {
            slot.1 = Some(cell);
        } else {
            slot.0 = Some(cell);
        }
    }
    by_bucket
        .into_values()
        .filter_map(|(reported, intraday)| match (choice, reported, intraday) {
            (TierChoice::IntradayOnly, _, detail) => detail,
            (TierChoice::PreferReported, Some(r), _) => Some(r),
            (TierChoice::Both, Some(r), Some(i)) => Some(merge(r, i)),
            (_, r, i) => r.or(i),
        })
        .collect()
}

fn merge(a: Cell, b: Cell) -> Cell {
    Cell {
        n: a.n + b.n,
        sum: a.sum + b.sum,
        min: a.min.min(b.min),
        max: a.max.max(b.max),
        ..a
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(bucket: i64, source_id: i64, intraday: bool, n: u64, sum: f64) -> RollupRow {
        RollupRow {
            bucket,
            source_id,
            intraday,
            n,
            sum,
            min: sum / n as f64 - 1.0,
            max: sum / n as f64 + 1.0,
        }
    }

    fn sorted(mut cells: Vec<Cell>) -> Vec<(i64, usize, u64, f64)> {
        cells.sort_by_key(|c| (c.key, c.rank));
        cells.iter().map(|c| (c.key, c.rank, c.n, c.sum)).collect()
    }

    /// Day 1: a reported total and detail; day 2: detail only; day 3: a total only.
    fn steps() -> Vec<RollupRow> {
        vec![
            row(1, 7, false, 1, 9000.0),
            row(1, 7, true, 600, 8500.0),
            row(2, 7, true, 500, 7000.0),
            row(3, 7, false, 1, 4000.0),
        ]
    }

    #[test]
    fn day_buckets_prefer_the_reported_total() {
        let cells = resolve_tiers(steps(), TierChoice::PreferReported, |_| Some(0));
        assert_eq!(
            sorted(cells),
            [(1, 0, 1, 9000.0), (2, 0, 500, 7000.0), (3, 0, 1, 4000.0)]
        );
    }

    #[test]
    fn sub_day_buckets_use_detail_only() {
        let cells = resolve_tiers(steps(), TierChoice::IntradayOnly, |_| Some(0));
        assert_eq!(sorted(cells), [(1, 0, 600, 8500.0), (2, 0, 500, 7000.0)]);
    }

    #[test]
    fn samples_merge_both_tiers() {
        let rows = [row(1, 7, false, 2, 140.0), row(1, 7, true, 2, 120.0)];
        let cells = resolve_tiers(rows, TierChoice::Both, |_| Some(0));
        assert_eq!(sorted(cells.clone()), [(1, 0, 4, 260.0)]);
        assert_eq!((cells[0].min, cells[0].max), (59.0, 71.0));
    }

    #[test]
    fn sources_stay_apart_and_unranked_ones_are_dropped() {
        let rows = [
            row(1, 7, false, 1, 9000.0),
            row(1, 8, false, 1, 3000.0),
            row(1, 9, false, 1, 1.0),
        ];
        let rank = |id| match id {
            7 => Some(1),
            8 => Some(0),
            _ => None,
        };
        let cells = resolve_tiers(rows, TierChoice::PreferReported, rank);
        assert_eq!(sorted(cells), [(1, 0, 1, 3000.0), (1, 1, 1, 9000.0)]);
        assert_eq!(
            TierChoice::for_metric(false, TierChoice::IntradayOnly),
            TierChoice::Both
        );
    }
}
