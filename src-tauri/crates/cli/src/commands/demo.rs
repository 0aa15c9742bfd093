//! `demo`: generate and store the demo data set.

use anyhow::Result;
use healthdash_core::Zone;
use healthdash_core::config::DataDir;
use healthdash_core::demo::{self as demo_set, DemoOptions};

use crate::args::DemoArgs;
use crate::progress::Progress;

pub fn run(dir: &DataDir, args: &DemoArgs) -> Result<()> {
    if args.remove {
        remove(dir)
    } else {
        load(dir, args)
    }
}

/// Deletes the demo person's records; the user's own data stays.
fn remove(dir: &DataDir) -> Result<()> {
    let mut store = dir.open_store()?;
    let removed = store.delete_source(&healthdash_core::SourceId::demo())?;
    note!("Removed the demo data set: {removed} records");
    Ok(())
}

fn load(dir: &DataDir, args: &DemoArgs) -> Result<()> {
    let zone = match &args.tz {
        Some(tz) => tz.parse()?,
        None => Zone::local(),
    };
    // Up to a given day: that whole day. Otherwise up to this moment, so
    // that nothing on screen has "happened" later today.
    let options = match &args.until {
        Some(day) => {
            let last_day = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
                .map_err(|_| healthdash_core::Error::InvalidDate(day.clone()))?;
            DemoOptions::new(args.years, last_day, zone)
        }
        None => {
            let now = chrono::Utc::now().timestamp();
            DemoOptions::new(args.years, zone.local_date(now), zone).ending_at(now)
        }
    };
    let mut store = dir.open_store()?;
    let mut progress = Progress::new("demo", u64::from(args.years) * 365);
    let started = std::time::Instant::now();
    let report = demo_set::load(&mut store, &options, |done, total| {
        progress.set(u64::from(done), u64::from(total));
    })?;
    progress.finish();
    note!(
        "Loaded the demo data set: {} days, {} records ({} new) in {:.1} s (the last two weeks, \
         stored first, after {:.2} s), zone {zone}, into {}",
        report.days,
        report.measurements,
        report.report.inserted,
        started.elapsed().as_secs_f64(),
        report.first_batch_ms as f64 / 1000.0,
        dir.database_path().display()
    );
    Ok(())
}
