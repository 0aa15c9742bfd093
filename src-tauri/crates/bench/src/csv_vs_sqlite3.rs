//! CSV export against the sqlite3 shell exporting the same rows from the
//! same database. sqlite3 gets the easier job: rows in index order (no sort
//! by metric name), times formatted by strftime, no formula escaping.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use healthdash_core::Store;
use healthdash_core::export::{CsvFilter, export_csv};

const SQLITE3_QUERY: &str = "\
SELECT m.name AS metric,
       strftime('%Y-%m-%dT%H:%M:%SZ', x.start_utc, 'unixepoch') AS start,
       CASE WHEN x.end_utc IS NULL THEN '' ELSE strftime('%Y-%m-%dT%H:%M:%SZ', x.end_utc, 'unixepoch') END AS \"end\",
       x.value, m.unit, s.name AS source, coalesce(x.detail, '') AS detail
FROM measurements x JOIN metrics m ON m.id = x.metric_id JOIN sources s ON s.id = x.source_id
WHERE x.intraday = 0
ORDER BY x.metric_id, x.start_utc;";

pub fn run(store: &Store, db: &Path, dir: &Path) -> Result<()> {
    let ours_path = dir.join("export-healthdash.csv");
    let file = std::fs::File::create(&ours_path)?;
    let started = Instant::now();
    let rows = export_csv(store, &CsvFilter::default(), std::io::BufWriter::new(file))?;
    let ours = started.elapsed().as_secs_f64();

    let theirs_path = dir.join("export-sqlite3.csv");
    let out = std::fs::File::create(&theirs_path)?;
    let started = Instant::now();
    let status = Command::new("sqlite3")
        .args(["-csv", "-header", "-readonly"])
        .arg(db)
        .arg(SQLITE3_QUERY)
        .stdout(out)
        .stderr(Stdio::inherit())
        .status()
        .context("running sqlite3 (apt-get install sqlite3)")?;
    let theirs = started.elapsed().as_secs_f64();
    if !status.success() {
        bail!("sqlite3 failed: {status}");
    }
    let their_rows = line_count(&theirs_path)?.saturating_sub(1);
    if their_rows != rows {
        bail!("row counts differ: healthdash {rows}, sqlite3 {their_rows}");
    }
    let size = std::fs::metadata(&ours_path)?.len();
    println!("| exporter | rows | MB | seconds | rows/s | ratio | goal |");
    println!("|---|---:|---:|---:|---:|---:|---|");
    println!(
        "| healthdash export csv | {rows} | {:.0} | {ours:.2} | {:.0} | {:.2}× | ≥ 1.5× |",
        size as f64 / 1e6,
        rows as f64 / ours,
        theirs / ours
    );
    println!(
        "| sqlite3 -csv (same rows) | {their_rows} | {:.0} | {theirs:.2} | {:.0} | 1× | |",
        std::fs::metadata(&theirs_path)?.len() as f64 / 1e6,
        their_rows as f64 / theirs
    );
    Ok(())
}

fn line_count(path: &Path) -> Result<u64> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut buf = vec![0u8; 1 << 20];
    let mut lines = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            return Ok(lines);
        }
        lines += buf[..n].iter().filter(|b| **b == b'\n').count() as u64;
    }
}
