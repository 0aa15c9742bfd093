//! Bulk ingest: synthetic minute heart rate into a fresh file-backed store,
//! in batches of a month, as a sync would deliver them.

use std::path::Path;
use std::time::Instant;

use anyhow::Result;
use healthdash_core::{Batch, Measurement, Metric, SourceId, Store, Zone};
use rand::{Rng, SeedableRng};

/// Prints the table; answers new samples per second (the sync benchmark's baseline).
pub fn run(dir: &Path, samples: usize) -> Result<f64> {
    let path = dir.join("ingest.sqlite3");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let mut store = Store::open(&path)?;
    let zone: Zone = "Europe/Paris".parse()?;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    let start = 1_500_000_000;
    let batch_size = 43_200; // a month of minute samples
    let mut elapsed = 0.0;
    let mut done = 0;
    while done < samples {
        let n = batch_size.min(samples - done);
        let measurements = (done..done + n)
            .map(|i| {
                Measurement::sample(
                    Metric::HeartRate,
                    start + 60 * i as i64,
                    f64::from(rng.random_range(48..150)),
                    zone,
                )
            })
            .collect();
        let batch = Batch {
            measurements,
            ..Batch::new(SourceId::demo())
        };
        let started = Instant::now();
        store.ingest(&batch)?;
        elapsed += started.elapsed().as_secs_f64();
        done += n;
    }
    // Re-sending the last month: what every incremental sync's overlap window costs.
    let measurements = (samples - batch_size.min(samples)..samples)
        .map(|i| Measurement::sample(Metric::HeartRate, start + 60 * i as i64, 70.0, zone))
        .collect();
    let resend = Batch {
        measurements,
        ..Batch::new(SourceId::demo())
    };
    let started = Instant::now();
    let report = store.ingest(&resend)?;
    let resend_seconds = started.elapsed().as_secs_f64();

    println!("| what | samples | seconds | samples/s | goal |");
    println!("|---|---:|---:|---:|---|");
    println!(
        "| new samples, file store, rollups kept | {samples} | {elapsed:.2} | {:.0} | ≥ 300,000/s |",
        samples as f64 / elapsed
    );
    println!(
        "| same month again, values corrected | {} | {resend_seconds:.2} | {:.0} | |",
        report.updated,
        report.updated as f64 / resend_seconds
    );
    Ok(samples as f64 / elapsed)
}
