//! Insights over the whole demo: every baseline band, the flags and the
//! correlations, beside the daily reads they start from (the part no
//! cleverness in `insights` can remove).

use std::time::Instant;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use healthdash_core::insights::{BASELINE_METRICS, InsightOptions, baseline_days, compute};
use healthdash_core::query::{SourcePriority, catalogue, daily_values};
use healthdash_core::{Metric, MetricKind, Store, Zone};

use crate::stats::Timings;

pub fn run(store: &Store, iterations: usize, years: u32) -> Result<()> {
    let entries = catalogue(store)?;
    let zone: Zone = "Europe/Paris".parse()?;
    let first = entries
        .iter()
        .map(|e| e.first)
        .min()
        .context("an empty database")?;
    let last = entries
        .iter()
        .map(|e| e.last)
        .max()
        .context("an empty database")?;
    let (first, last) = (zone.local_date(first), zone.local_date(last));
    let priority = SourcePriority::default();
    let metrics: Vec<Metric> = Metric::ALL
        .iter()
        .copied()
        .filter(|m| m.kind() != MetricKind::Stage && entries.iter().any(|e| e.metric == *m))
        .collect();
    let options = InsightOptions {
        first,
        last,
        priority: priority.clone(),
        disabled: vec![],
    };

    let mut reads = Vec::with_capacity(iterations);
    let mut all = Vec::with_capacity(iterations);
    let (mut flags, mut pairs, mut significant, mut days) = (0, 0, 0, 0);
    for _ in 0..iterations {
        let started = Instant::now();
        days = 0;
        for &metric in &metrics {
            days += daily_values(store, metric, first, last, &[], &priority)?.len();
        }
        reads.push(started.elapsed());

        let started = Instant::now();
        for &metric in BASELINE_METRICS {
            baseline_days(store, metric, first, last, &[], &priority)?;
        }
        let insights = compute(store, &options)?;
        all.push(started.elapsed());
        flags = insights.flags.len();
        pairs = insights.pairs_tested;
        significant = insights.correlations.len();
    }
    let (reads, all) = (Timings::new(reads), Timings::new(all));
    println!("| what | days | p50 ms | p95 ms | goal |");
    println!("|---|---:|---:|---:|---|");
    println!(
        "| daily read alone: {} metrics, {first} to {last} (metric-days) | {days} | {:.1} | {:.1} | |",
        metrics.len(),
        reads.ms(50.0),
        reads.ms(95.0)
    );
    println!(
        "| insights over {years} years of demo data: {} bands + {flags} flags + {pairs} pairs tested ({significant} significant) | {} | {:.1} | {:.1} | < 100 ms |",
        BASELINE_METRICS.len(),
        days_between(first, last),
        all.ms(50.0),
        all.ms(95.0)
    );
    Ok(())
}

fn days_between(first: NaiveDate, last: NaiveDate) -> i64 {
    (last - first).num_days() + 1
}
