//! `healthdash-bench`: the numbers behind the performance goals, printed as a
//! Markdown table. Each comparison runs both sides in the same process on
//! the same database, so the ratios hold even on a noisy shared machine.
//!
//! ```text
//! cargo run --release -p healthdash-bench -- --years 10
//! ```

mod apple;
mod csv_vs_sqlite3;
mod ingest;
mod insights;
mod series;
mod stats;
mod sync;

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Parser;
use healthdash_core::demo::{DemoOptions, load};
use healthdash_core::{Store, Zone};

#[derive(Debug, Parser)]
struct Args {
    /// Years of demo data for the query and export benchmarks.
    #[arg(long, default_value_t = 10)]
    years: u32,
    /// Where to keep the demo database between runs (built when missing).
    #[arg(long, default_value = "target/bench-data")]
    data: PathBuf,
    /// Timed queries per range and method.
    #[arg(long, default_value_t = 200)]
    iterations: usize,
    /// Timed runs of all insights over the whole demo.
    #[arg(long, default_value_t = 20)]
    insight_iterations: usize,
    /// Samples for the synthetic ingest benchmark.
    #[arg(long, default_value_t = 2_000_000)]
    ingest_samples: usize,
    /// Days of the fake Withings account for the sync benchmark (0: skip it).
    #[arg(long, default_value_t = 730)]
    sync_days: u32,
    /// Records of the generated Apple Health export (0: skip it). Runs
    /// first, so the process's peak memory is the import's.
    #[arg(long, default_value_t = 1_000_000)]
    apple_records: u64,
}

fn main() -> Result<()> {
    let args = Args::parse();
    std::fs::create_dir_all(&args.data)
        .with_context(|| format!("creating {}", args.data.display()))?;

    if args.apple_records > 0 {
        println!("## Apple Health import against healthkit-to-sqlite\n");
        apple::run(&args.data, args.apple_records)?;
        println!();
    }
    println!("## Ingest\n");
    let ingest_per_second = ingest::run(&args.data, args.ingest_samples)?;

    let db = args.data.join(format!("demo-{}y.sqlite3", args.years));
    let store = demo_store(&db, args.years)?;
    println!(
        "\n## Chart series, {}-year demo, 1,000 points\n",
        args.years
    );
    series::run(&store, args.iterations)?;
    println!("\n## Insights, {}-year demo\n", args.years);
    insights::run(&store, args.insight_iterations, args.years)?;
    println!("\n## CSV export, {}-year demo\n", args.years);
    csv_vs_sqlite3::run(&store, &db, &args.data)?;
    if args.sync_days > 0 {
        println!(
            "\n## Sync against the fake Withings, {} days\n",
            args.sync_days
        );
        sync::run(&args.data, args.sync_days, ingest_per_second)?;
    }
    Ok(())
}

/// The demo database, built once (ending on a fixed day, so runs compare).
fn demo_store(path: &std::path::Path, years: u32) -> Result<Store> {
    if !path.exists() {
        let started = std::time::Instant::now();
        let mut store = Store::open(path)?;
        let last_day = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).context("date")?;
        let zone: Zone = "Europe/Paris".parse()?;
        let report = load(
            &mut store,
            &DemoOptions::new(years, last_day, zone),
            |_, _| {},
        )?;
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "(built {}: {} records in {seconds:.1} s = {:.0} records/s, demo generation included)\n",
            path.display(),
            report.measurements,
            report.measurements as f64 / seconds
        );
    }
    Ok(Store::open(path)?)
}
