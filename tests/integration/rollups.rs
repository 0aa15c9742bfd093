//! Property: after any sequence of batches (inserts, corrections, replaced
//! nights), every rollup equals a plain GROUP BY over the raw rows, and no
//! rollup is left for a bucket without rows.

use std::collections::BTreeMap;

use healthdash_core::model::{SleepNight, SleepStage, StageInterval};
use healthdash_core::{Batch, Measurement, Metric, Zone};
use proptest::prelude::*;

use crate::util::*;

type Key = (i64, i64, i64, i64, i64); // metric, level, intraday, source, bucket
type Agg = (i64, f64, f64, f64); // n, sum, min, max

const BASE: i64 = 1_774_000_000; // 2026-03-20, a week before the Paris DST change

fn zones() -> [Zone; 4] {
    [
        Zone::UTC,
        zone("Europe/Paris"),
        zone("+05:30"),
        zone("America/New_York"),
    ]
}

#[derive(Clone, Debug)]
enum Op {
    Sample {
        metric: usize,
        minute: i64,
        value: i32,
        zone: usize,
    },
    Interval {
        minute: i64,
        minutes: i64,
        value: i32,
        intraday: bool,
        zone: usize,
    },
    Night {
        minute: i64,
        zone: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..2usize, 0..20_000i64, 30..200i32, 0..4usize)
            .prop_map(|(metric, minute, value, zone)| Op::Sample { metric, minute, value, zone }),
        2 => (0..20_000i64, 1..1500i64, 0..5000i32, any::<bool>(), 0..4usize)
            .prop_map(|(minute, minutes, value, intraday, zone)| Op::Interval { minute, minutes, value, intraday, zone }),
        1 => (0..20_000i64, 0..4usize).prop_map(|(minute, zone)| Op::Night { minute, zone }),
    ]
}

fn to_batch(source_id: &str, ops: &[Op]) -> Batch {
    let mut b = Batch::new(source(source_id));
    for op in ops {
        match *op {
            Op::Sample {
                metric,
                minute,
                value,
                zone,
            } => b.measurements.push(Measurement::sample(
                [Metric::HeartRate, Metric::Weight][metric],
                BASE + minute * 60,
                f64::from(value) / 2.0,
                zones()[zone],
            )),
            Op::Interval {
                minute,
                minutes,
                value,
                intraday,
                zone,
            } => {
                let start = BASE + minute * 60;
                let mut m = Measurement::interval(
                    Metric::Steps,
                    start,
                    start + minutes * 60,
                    f64::from(value),
                    zones()[zone],
                );
                m.intraday = intraday;
                b.measurements.push(m);
            }
            Op::Night { minute, zone } => {
                let start = BASE + minute * 60;
                let stages = vec![
                    StageInterval {
                        start,
                        end: start + 1200,
                        stage: SleepStage::Awake,
                    },
                    StageInterval {
                        start: start + 1200,
                        end: start + 9000,
                        stage: SleepStage::Deep,
                    },
                    StageInterval {
                        start: start + 9000,
                        end: start + 20_000,
                        stage: SleepStage::Rem,
                    },
                ];
                b.nights.push(SleepNight::from_stages(
                    start,
                    start + 20_000,
                    zones()[zone],
                    stages,
                ));
            }
        }
    }
    // One identity per batch: the last occurrence wins, as a provider page would say.
    b.measurements.reverse();
    let mut seen = std::collections::HashSet::new();
    b.measurements
        .retain(|m| seen.insert((m.metric, m.start, m.end)));
    b.nights.sort_by_key(|n| n.start);
    b.nights.dedup_by(|a, b| a.start < b.end);
    b
}

/// Rows of (metric, level, intraday, source, bucket, n, sum, min, max).
fn aggregates(conn: &rusqlite::Connection, sql: &str) -> BTreeMap<Key, Agg> {
    let mut stmt = conn.prepare(sql).unwrap();
    stmt.query_map([], |r| {
        Ok((
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?),
            (r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?),
        ))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

fn rollups(conn: &rusqlite::Connection) -> BTreeMap<Key, Agg> {
    aggregates(
        conn,
        "SELECT metric_id, level, intraday, source_id, bucket, n, sum, min, max FROM rollups",
    )
}

/// The same buckets straight from the raw rows.
fn recomputed(conn: &rusqlite::Connection) -> BTreeMap<Key, Agg> {
    aggregates(
        conn,
        "SELECT metric_id, 0, intraday, source_id, start_utc - (start_utc % 3600), count(*), total(value), min(value), max(value)
         FROM measurements GROUP BY 1, 3, 4, 5
         UNION ALL
         SELECT metric_id, 1, intraday, source_id, (start_utc + utc_offset) / 86400, count(*), total(value), min(value), max(value)
         FROM measurements GROUP BY 1, 3, 4, 5",
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn rollups_equal_a_raw_aggregation(
        first in prop::collection::vec(op(), 1..120),
        second in prop::collection::vec(op(), 0..80),
        third in prop::collection::vec(op(), 0..40),
    ) {
        let data = TempData::new();
        let mut store = data.store();
        store.ingest(&to_batch("withings", &first)).unwrap();
        store.ingest(&to_batch("demo", &second)).unwrap();
        // Re-sending part of the first batch with new values: corrections.
        let mut again: Vec<Op> = first.iter().take(first.len() / 2).cloned().collect();
        for op in &mut again {
            if let Op::Sample { value, .. } | Op::Interval { value, .. } = op {
                *value += 7;
            }
        }
        again.extend(third);
        store.ingest(&to_batch("withings", &again)).unwrap();

        let conn = data.raw();
        let stored = rollups(&conn);
        let expected = recomputed(&conn);
        prop_assert_eq!(stored.keys().collect::<Vec<_>>(), expected.keys().collect::<Vec<_>>());
        for (key, (n, sum, min, max)) in &expected {
            let got = stored[key];
            prop_assert_eq!((got.0, got.2, got.3), (*n, *min, *max), "bucket {:?}", key);
            prop_assert!((got.1 - sum).abs() <= 1e-9 * sum.abs().max(1.0), "sum of {:?}: {} vs {}", key, got.1, sum);
        }
    }
}
