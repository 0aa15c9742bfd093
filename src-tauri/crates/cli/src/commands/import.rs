//! `import FORMAT FILE`: `csv` reads Healthdash's own export back (backups,
//! moving to another computer); `apple-health` reads the export of Apple's
//! Health app (CONTRACT §12).

use std::io::Read;
use std::path::Path;

use anyhow::{Context, Result, bail};
use healthdash_core::Zone;
use healthdash_core::config::DataDir;
use healthdash_core::import::{ImportSummary, import_csv};

use crate::args::ImportArgs;

pub fn run(dir: &DataDir, args: &ImportArgs) -> Result<()> {
    match args.format.as_str() {
        "csv" => csv(dir, &args.file),
        "apple-health" => super::apple_health::run(dir, &args.file),
        other => {
            bail!("no importer for '{other}' yet (known formats: csv, apple-health)")
        }
    }
}

fn csv(dir: &DataDir, file: &Path) -> Result<()> {
    let stdin = file == Path::new("-");
    let name = if stdin {
        "standard input".to_owned()
    } else {
        file.display().to_string()
    };
    let input: Box<dyn Read> = if stdin {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(open(file)?)
    };
    let mut store = dir.open_store()?;
    let summary = import_csv(&mut store, input, Zone::local()).with_context(|| name.clone())?;
    note!("{}", summary_line(&summary, &name));
    Ok(())
}

/// The file, or one line saying why it cannot be read.
fn open(file: &Path) -> Result<std::fs::File> {
    let shown = file.display();
    match std::fs::metadata(file) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => bail!("{shown}: no such file"),
        Ok(meta) if meta.is_dir() => bail!("{shown}: is a folder, not a CSV file"),
        _ => {}
    }
    std::fs::File::open(file).with_context(|| shown.to_string())
}

/// `Imported 1,234 rows from FILE (heart_rate 1,000, steps 200, +3 more
/// metrics): 1,234 new, 0 replaced, 0 unchanged`.
fn summary_line(summary: &ImportSummary, name: &str) -> String {
    const SHOWN: usize = 4;
    let mut metrics: Vec<String> = summary
        .per_metric
        .iter()
        .take(SHOWN)
        .map(|(metric, n)| format!("{metric} {}", grouped(*n)))
        .collect();
    let more = summary.per_metric.len().saturating_sub(SHOWN);
    if more > 0 {
        metrics.push(format!(
            "+{more} more metric{}",
            if more == 1 { "" } else { "s" }
        ));
    }
    let metrics = if metrics.is_empty() {
        String::new()
    } else {
        format!(" ({})", metrics.join(", "))
    };
    let r = &summary.report;
    format!(
        "Imported {} row{} from {name}{metrics}: {} new, {} replaced, {} unchanged",
        grouped(summary.rows),
        if summary.rows == 1 { "" } else { "s" },
        grouped(r.inserted),
        grouped(r.updated),
        grouped(r.unchanged),
    )
}

/// 12345 → "12,345".
pub(crate) fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use healthdash_core::Metric;
    use healthdash_core::store::IngestReport;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }

    #[test]
    fn the_summary_names_the_biggest_metrics_and_what_changed() {
        let summary = ImportSummary {
            rows: 12_345,
            per_metric: vec![
                (Metric::HeartRate, 11_000),
                (Metric::Steps, 730),
                (Metric::Weight, 303),
                (Metric::Height, 300),
                (Metric::Spo2, 10),
                (Metric::Workout, 2),
            ],
            report: IngestReport {
                inserted: 12_000,
                updated: 345,
                unchanged: 0,
                removed: 0,
                ..IngestReport::default()
            },
        };
        assert_eq!(
            summary_line(&summary, "backup.csv"),
            "Imported 12,345 rows from backup.csv (heart_rate 11,000, steps 730, weight 303, \
             height 300, +2 more metrics): 12,000 new, 345 replaced, 0 unchanged"
        );
    }
}
