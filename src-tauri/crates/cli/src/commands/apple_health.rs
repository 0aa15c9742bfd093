//! `import apple-health FILE` (CONTRACT §12.1): progress on stderr (a line
//! every 5 s after the first 2 s, none for a small import), then one
//! summary line; stdout stays empty.

use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use healthdash_core::config::DataDir;
use healthdash_core::import::{AppleSummary, ImportProgress, ImportWatch, import_apple_health};

use super::import::grouped;

/// Quiet at first, then at most one line per period.
const QUIET: Duration = Duration::from_secs(2);
const PERIOD: Duration = Duration::from_secs(5);

pub fn run(dir: &DataDir, file: &Path) -> Result<()> {
    let shown = file.display().to_string();
    match std::fs::metadata(file) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => bail!("{shown}: no such file"),
        Ok(meta) if meta.is_dir() => bail!("{shown}: is a folder, not an export.zip"),
        _ => {}
    }
    let mut store = dir.open_store()?;
    let watch = Lines {
        next: Mutex::new(Instant::now() + QUIET),
    };
    let summary = import_apple_health(&mut store, file, &watch).with_context(|| shown.clone())?;
    note!("{}", summary_line(&summary, &shown));
    Ok(())
}

struct Lines {
    next: Mutex<Instant>,
}

impl ImportWatch for Lines {
    fn progress(&self, p: &ImportProgress) {
        let Ok(mut next) = self.next.lock() else {
            return;
        };
        let now = Instant::now();
        if now < *next {
            return;
        }
        *next = now + PERIOD;
        let secs = p.elapsed.as_secs_f64().max(1e-3);
        note!(
            "Importing: {} records, {:.0} of {:.0} MB ({:.0} records/s, {:.1} MB/s)",
            grouped(p.records),
            p.bytes as f64 / 1e6,
            p.total_bytes as f64 / 1e6,
            p.records as f64 / secs,
            p.bytes as f64 / 1e6 / secs
        );
    }
}

/// `Imported 1,000,000 records from export.zip in 2.1 s: 990,000 new, 0
/// replaced, 0 unchanged, 3 nights; skipped 10,000 (HKQuantityTypeIdentifier…
/// 9,000, …)`.
fn summary_line(s: &AppleSummary, name: &str) -> String {
    const SHOWN: usize = 3;
    let r = &s.report;
    let mut line = format!(
        "Imported {} records from {name} in {:.1} s: {} new, {} replaced, {} unchanged, {} night{}",
        grouped(s.records - s.skipped_total()),
        s.elapsed.as_secs_f64(),
        grouped(r.inserted),
        grouped(r.updated),
        grouped(r.unchanged),
        grouped(s.nights),
        if s.nights == 1 { "" } else { "s" },
    );
    if s.duplicates > 0 {
        line.push_str(&format!(
            "; {} duplicates merged by source priority",
            grouped(s.duplicates)
        ));
    }
    let skipped = s.skipped_total();
    line.push_str(&format!("; skipped {}", grouped(skipped)));
    if skipped > 0 {
        let mut kinds: Vec<String> = s
            .skipped
            .iter()
            .take(SHOWN)
            .map(|(kind, n)| format!("{kind} {}", grouped(*n)))
            .collect();
        if s.skipped.len() > SHOWN {
            kinds.push(format!("+{} more types", s.skipped.len() - SHOWN));
        }
        line.push_str(&format!(" ({})", kinds.join(", ")));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_names_imported_and_skipped_records() {
        let summary = AppleSummary {
            records: 1_010,
            rows: 1_000,
            duplicates: 2,
            skipped: vec![
                ("HKQuantityTypeIdentifierFlightsClimbed".into(), 8),
                ("HKQuantityTypeIdentifierBodyMassIndex".into(), 2),
            ],
            nights: 1,
            ..AppleSummary::default()
        };
        assert_eq!(
            summary_line(&summary, "export.zip"),
            "Imported 1,000 records from export.zip in 0.0 s: 0 new, 0 replaced, 0 unchanged, \
             1 night; 2 duplicates merged by source priority; skipped 10 \
             (HKQuantityTypeIdentifierFlightsClimbed 8, HKQuantityTypeIdentifierBodyMassIndex 2)"
        );
    }
}
