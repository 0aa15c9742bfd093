//! Apple Health import against healthkit-to-sqlite (the tool people use
//! today), side by side on the same generated export: records per second,
//! the ratio, and peak memory. healthkit-to-sqlite comes from PyPI into a
//! throwaway virtualenv under the data folder; when that cannot be
//! installed its line says so and the rest still runs.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result};
use healthdash_core::Store;
use healthdash_core::import::{Unwatched, import_apple_health};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const WATCH: &str = "device=\"&lt;&lt;HKDevice: 0x283e5c0a0&gt;, name:Apple Watch, manufacturer:Apple Inc., model:Watch, hardware:Watch6,2, software:9.1&gt;\"";
const PHONE: &str = "device=\"&lt;&lt;HKDevice: 0x283e5c0b0&gt;, name:iPhone, manufacturer:Apple Inc., model:iPhone, hardware:iPhone14,2, software:16.1&gt;\"";

pub fn run(data: &Path, records: u64) -> Result<()> {
    let zip = data.join(format!("apple-export-{records}.zip"));
    if !zip.exists() {
        generate(&zip, records)?;
    }
    let size = std::fs::metadata(&zip)?.len();
    let xml_size = xml_size(&zip)?;
    println!(
        "Export: {} records, {:.0} MB zip ({:.0} MB of XML), `{}`\n",
        records,
        size as f64 / 1e6,
        xml_size as f64 / 1e6,
        zip.display()
    );
    println!("| importer | seconds | records/s | peak RSS | ratio |");
    println!("|---|---|---|---|---|");

    let db = data.join("apple-import.sqlite3");
    remove_db(&db);
    let mut store = Store::open(&db)?;
    let started = Instant::now();
    let summary = import_apple_health(&mut store, &zip, &Unwatched)?;
    let ours = started.elapsed().as_secs_f64();
    drop(store);
    let ours_rate = summary.records as f64 / ours;
    println!(
        "| healthdash import apple-health | {ours:.2} | {ours_rate:.0} | {} (whole bench process) | 1 |",
        peak_rss().map_or("?".into(), mb)
    );

    match baseline(data) {
        Err(why) => println!("| healthkit-to-sqlite | skipped: {why} | | | |"),
        Ok(tool) => {
            let out = data.join("hk2sqlite.db");
            let _ = std::fs::remove_file(&out);
            let started = Instant::now();
            let status = Command::new("/usr/bin/time")
                .arg("-f")
                .arg("%M")
                .arg(&tool)
                .arg(&zip)
                .arg(&out)
                .output()
                .with_context(|| format!("running {}", tool.display()))?;
            let theirs = started.elapsed().as_secs_f64();
            let peak_kb: Option<u64> = String::from_utf8_lossy(&status.stderr)
                .lines()
                .last()
                .and_then(|l| l.trim().parse().ok());
            let rate = records as f64 / theirs;
            println!(
                "| healthkit-to-sqlite | {theirs:.2} | {rate:.0} | {} | {:.1}× faster |",
                peak_kb.map_or("?".into(), |kb| mb(kb * 1024)),
                ours_rate / rate
            );
        }
    }
    Ok(())
}

fn remove_db(db: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
}

fn mb(bytes: u64) -> String {
    format!("{:.0} MB", bytes as f64 / 1e6)
}

/// VmHWM of this process.
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

fn xml_size(zip: &Path) -> Result<u64> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip)?)?;
    let mut total = 0;
    for i in 0..archive.len() {
        total = total.max(archive.by_index(i)?.size());
    }
    Ok(total)
}

/// healthkit-to-sqlite in `data/hk-venv`, installed when missing.
fn baseline(data: &Path) -> Result<PathBuf, String> {
    let venv = data.join("hk-venv");
    let tool = venv.join("bin/healthkit-to-sqlite");
    if tool.exists() {
        return Ok(tool);
    }
    let ok = |c: &mut Command| c.status().map(|s| s.success()).unwrap_or(false);
    if !ok(Command::new("python3").arg("-m").arg("venv").arg(&venv)) {
        return Err("python3 -m venv failed".into());
    }
    if !ok(Command::new(venv.join("bin/pip")).args(["install", "-q", "healthkit-to-sqlite"])) {
        return Err("pip install healthkit-to-sqlite failed (offline?)".into());
    }
    Ok(tool)
}

/// A realistic export of `records` records: a Watch's heart rate every few
/// minutes, steps, distance and energy from the phone and the Watch, basal
/// energy, nightly sleep stages, weekly weigh-ins from a scale app, with
/// metadata children as Health writes them.
pub fn generate(path: &Path, records: u64) -> Result<()> {
    let file = std::fs::File::create(path)?;
    let mut zip = zip::ZipWriter::new_stream(BufWriter::new(file));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    zip.start_file("apple_health_export/export.xml", options)?;
    let mut out = BufWriter::with_capacity(1 << 20, &mut zip);
    out.write_all(HEAD.as_bytes())?;
    let mut rng = ChaCha8Rng::seed_from_u64(14);
    let mut t: i64 = 1_600_000_000;
    let mut written = 0u64;
    let mut line = String::with_capacity(512);
    while written < records {
        t += 180;
        line.clear();
        let roll: u32 = rng.random_range(0..100);
        let (hk, source, device, unit, span, value): (&str, &str, &str, &str, i64, String) =
            match roll {
                0..=54 => (
                    "HeartRate",
                    "Apple Watch",
                    WATCH,
                    "count/min",
                    0,
                    rng.random_range(50..150).to_string(),
                ),
                55..=66 => (
                    "StepCount",
                    "iPhone",
                    PHONE,
                    "count",
                    600,
                    rng.random_range(0..900).to_string(),
                ),
                67..=74 => (
                    "StepCount",
                    "Apple Watch",
                    WATCH,
                    "count",
                    300,
                    rng.random_range(0..500).to_string(),
                ),
                75..=82 => (
                    "ActiveEnergyBurned",
                    "Apple Watch",
                    WATCH,
                    "kcal",
                    60,
                    format!("{:.3}", rng.random_range(0.0..8.0)),
                ),
                83..=89 => (
                    "BasalEnergyBurned",
                    "Apple Watch",
                    WATCH,
                    "kcal",
                    900,
                    format!("{:.3}", rng.random_range(10.0..20.0)),
                ),
                90..=95 => (
                    "DistanceWalkingRunning",
                    "iPhone",
                    PHONE,
                    "km",
                    600,
                    format!("{:.5}", rng.random_range(0.0..0.6)),
                ),
                96..=97 => ("FlightsClimbed", "iPhone", PHONE, "count", 600, "1".into()),
                _ => (
                    "BodyMass",
                    "Health Mate",
                    "",
                    "lb",
                    0,
                    format!("{:.1}", rng.random_range(150.0..160.0)),
                ),
            };
        let start = stamp(t);
        let end = stamp(t + span);
        line.push_str(&format!(
            " <Record type=\"HKQuantityTypeIdentifier{hk}\" sourceName=\"{source}\" sourceVersion=\"9.1\" {device} unit=\"{unit}\" creationDate=\"{end}\" startDate=\"{start}\" endDate=\"{end}\" value=\"{value}\""
        ));
        if roll <= 54 && rng.random_range(0..4) == 0 {
            line.push_str(">\n  <MetadataEntry key=\"HKMetadataKeyHeartRateMotionContext\" value=\"0\"/>\n </Record>\n");
        } else {
            line.push_str("/>\n");
        }
        out.write_all(line.as_bytes())?;
        written += 1;
        // One night of stages a day.
        if t % 86_400 < 180 && written + 8 < records {
            let mut s = t;
            for (state, minutes) in [
                ("InBed", 0),
                ("AsleepCore", 90),
                ("AsleepDeep", 40),
                ("AsleepREM", 30),
                ("Awake", 5),
                ("AsleepCore", 120),
                ("AsleepREM", 45),
            ] {
                let (from, to) = if state == "InBed" {
                    (t, t + 8 * 3600)
                } else {
                    (s, s + minutes * 60)
                };
                out.write_all(format!(
                    " <Record type=\"HKCategoryTypeIdentifierSleepAnalysis\" sourceName=\"Apple Watch\" sourceVersion=\"9.1\" {WATCH} creationDate=\"{}\" startDate=\"{}\" endDate=\"{}\" value=\"HKCategoryValueSleepAnalysis{state}\"/>\n",
                    stamp(to), stamp(from), stamp(to)
                ).as_bytes())?;
                if state != "InBed" {
                    s = to;
                }
                written += 1;
            }
        }
    }
    out.write_all(b"</HealthData>\n")?;
    out.flush()?;
    drop(out);
    zip.finish()?.flush()?;
    Ok(())
}

fn stamp(t: i64) -> String {
    let offset = if (t / 86_400) % 365 < 200 {
        -7 * 3600
    } else {
        -8 * 3600
    };
    let local = chrono::DateTime::from_timestamp(t + offset, 0).unwrap_or_default();
    format!(
        "{} {}{:02}00",
        local.format("%Y-%m-%d %H:%M:%S"),
        if offset < 0 { '-' } else { '+' },
        offset.abs() / 3600
    )
}

const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>
<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 12 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord|Audiogram|VisionPrescription)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record
  type          CDATA #REQUIRED
  unit          CDATA #IMPLIED
  value         CDATA #IMPLIED
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
]>
<HealthData locale=\"en_US\">
 <ExportDate value=\"2024-11-10 09:00:00 -0800\"/>
 <Me HKCharacteristicTypeIdentifierDateOfBirth=\"1980-01-01\"/>
";
