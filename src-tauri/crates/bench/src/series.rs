//! Chart series through the rollups against a naive GROUP BY over the raw
//! rows, for ranges from a day to the whole data set, at random positions.

use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use healthdash_core::query::{SeriesRequest, SourcePriority, TimeRange, catalogue, series};
use healthdash_core::{Metric, Store, Zone};
use rand::{Rng, SeedableRng};

use crate::stats::Timings;

const MAX_POINTS: u32 = 1000;
const DAY: i64 = 86_400;

pub fn run(store: &Store, iterations: usize) -> Result<()> {
    let entry = catalogue(store)?
        .into_iter()
        .find(|e| e.metric == Metric::HeartRate)
        .context("no heart rate in the benchmark database")?;
    let (first, last) = (entry.first, entry.last + 1);
    let zone: Zone = "Europe/Paris".parse()?;
    let priority = SourcePriority::default();
    let conn = rusqlite::Connection::open_with_flags(
        store.path().context("file store")?,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )?;
    let mut naive = conn.prepare(
        "SELECT (start_utc - ?2) * ?4 / (?3 - ?2) AS b, min(value), max(value), avg(value), count(*)
         FROM measurements
         WHERE metric_id = (SELECT id FROM metrics WHERE name = 'heart_rate')
           AND start_utc >= ?2 AND start_utc < ?3
         GROUP BY b",
    )?;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(42);

    println!(
        "| range | rows in range | level | points | p50 ms | p95 ms | naive GROUP BY p50 ms | p95 ms | naive runs | p50 speed-up | goal p95 |"
    );
    println!("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---|");
    let all = last - first;
    for (name, span) in [
        ("1 day", DAY),
        ("1 week", 7 * DAY),
        ("1 month", 30 * DAY),
        ("1 year", 365 * DAY),
        ("all", all),
    ] {
        let span = span.min(all);
        let ranges: Vec<TimeRange> = (0..iterations)
            .map(|_| {
                let from = first + rng.random_range(0..=(all - span).max(0));
                TimeRange::new(from, from + span)
            })
            .collect::<Result<_, _>>()?;
        let mut ours = Vec::with_capacity(iterations);
        let mut theirs = Vec::with_capacity(iterations);
        let mut rows = 0;
        let mut points = 0;
        let mut level = String::new();
        // The naive scan of a year or more takes seconds: time fewer of them.
        let naive_every = if span > 31 * DAY {
            (iterations / 10).max(1)
        } else {
            1
        };
        for (i, range) in ranges.iter().enumerate() {
            let request = SeriesRequest {
                metric: Metric::HeartRate,
                range: *range,
                max_points: MAX_POINTS,
                sources: vec![],
                zone,
            };
            let started = Instant::now();
            let s = series(store, &request, &priority)?;
            ours.push(started.elapsed());
            points = s.points.len();
            level = format!("{:?}", s.resolution);

            if i % naive_every != 0 {
                continue;
            }
            let started = Instant::now();
            let mut n = 0i64;
            let mut buckets = naive.query((
                i64::from(MAX_POINTS),
                range.from,
                range.to,
                i64::from(MAX_POINTS),
            ))?;
            while let Some(row) = buckets.next()? {
                n += row.get::<_, i64>(4)?;
            }
            theirs.push(started.elapsed());
            rows = n;
        }
        let naive_runs = theirs.len();
        let (ours, theirs) = (Timings::new(ours), Timings::new(theirs));
        println!(
            "| {name} | {rows} | {level} | {points} | {:.2} | {:.2} | {:.2} | {:.2} | {naive_runs} | {:.0}× | ≤ 20 ms |",
            ours.ms(50.0),
            ours.ms(95.0),
            theirs.ms(50.0),
            theirs.ms(95.0),
            theirs.percentile(50.0).as_secs_f64()
                / ours
                    .percentile(50.0)
                    .max(Duration::from_nanos(1))
                    .as_secs_f64()
        );
    }
    Ok(())
}
