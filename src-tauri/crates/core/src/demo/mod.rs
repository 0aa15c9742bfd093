//! The demo data set (source `demo`): years of one plausible person's data,
//! so the app has something to show before any account is connected.
//!
//! It is deterministic: the same options give the same records, so loading
//! it again changes nothing, and it can be regenerated rather than shipped.
//! Randomness is drawn per day and per week from the seed (see `rng`),
//! which lets each month's batch be generated on its own.
//!
//! | module | what it makes |
//! |---|---|
//! | `person` | slow trends: resting heart rate, weight, body fat, fitness |
//! | `plants` | planted events: an illness week, a training block, late workouts |
//! | `plan` | a day's timetable: bed, wake, weigh-in, workout, blood pressure |
//! | `sleep` | a night's stage intervals |
//! | `heart` | heart rate samples: per minute awake, per 5 minutes asleep |
//! | `workouts` | workout records with energy and distance |
//! | `activity` | daily steps, distance, energy, activity levels |
//! | `body` | weight, body fat, fat mass, blood pressure, height |
//! | `generate` | days assembled into batches: the last two weeks, then months back |

mod activity;
mod body;
mod generate;
mod heart;
mod person;
mod plan;
mod plants;
mod rng;
mod sleep;
mod workouts;

#[cfg(test)]
mod tests;

use chrono::{Days, NaiveDate};

use crate::error::Result;
use crate::model::Batch;
use crate::store::{IngestReport, Store};
use crate::time::Zone;
use generate::Generator;

pub use plants::{LATE_WORKOUT_BPM, LATE_WORKOUT_HOUR, Planted, ends_late};
pub use rng::DEFAULT_SEED;

/// What to generate: `years` × 365 days ending on `last_day`, in `zone`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DemoOptions {
    pub years: u32,
    /// The last day, inclusive; normally today in `zone`. The night that ends
    /// on it is included, so "last night" has data.
    pub last_day: NaiveDate,
    /// Every time is computed in, and every record tagged with, this zone.
    pub zone: Zone,
    pub seed: u64,
    /// When set, nothing after this instant (Unix seconds): the app and CLI
    /// end the data set at the current moment, so at 00:37 it holds neither
    /// "this morning's" wake-up nor a full day of steps.
    pub until: Option<i64>,
}

impl DemoOptions {
    /// Options with the default seed, so every install shows the same person.
    pub fn new(years: u32, last_day: NaiveDate, zone: Zone) -> Self {
        DemoOptions {
            years,
            last_day,
            zone,
            seed: DEFAULT_SEED,
            until: None,
        }
    }

    /// The same options, ending at `now`.
    pub fn ending_at(mut self, now: i64) -> Self {
        self.until = Some(now);
        self
    }

    /// How many days the data set covers.
    pub fn days(&self) -> u32 {
        self.years.saturating_mul(365)
    }

    /// The first day, or `None` when there are no days (or they would start
    /// before the calendar does).
    pub fn first_day(&self) -> Option<NaiveDate> {
        let back = self.days().checked_sub(1)?;
        self.last_day.checked_sub_days(Days::new(u64::from(back)))
    }

    fn generator(&self) -> Option<Generator> {
        let first = self.first_day()?;
        Some(Generator::new(self.seed, self.zone, first, self.last_day).until(self.until))
    }
}

/// Where the data set's planted events are (an illness week, a training
/// block, the late-workout effect): the known answers insights should find.
/// Pure: nothing is generated or stored.
pub fn planted(opts: &DemoOptions) -> Planted {
    opts.generator().map_or_else(Planted::none, |g| g.planted())
}

/// Batches newest first, all with source `demo`: the last two weeks (today
/// included), the rest of their month, then one calendar month at a time
/// back to the first day, so whoever stores them in order has the recent
/// days (what the overview shows) at once. The same options always give the
/// same batches. The iterator does not borrow `opts`.
pub fn batches(opts: &DemoOptions) -> impl Iterator<Item = Batch> + use<> {
    batches_of(opts.generator())
}

fn batches_of(generator: Option<Generator>) -> impl Iterator<Item = Batch> {
    let spans: Vec<(NaiveDate, NaiveDate)> = generator
        .as_ref()
        .map(Generator::newest_first)
        .unwrap_or_default();
    spans
        .into_iter()
        .filter_map(move |(from, to)| generator.as_ref().map(|g| g.batch(from, to)))
}

/// What [`load`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct DemoReport {
    pub days: u32,
    /// Measurement rows written, including each night's per-night values and
    /// stage intervals and each workout's row.
    pub measurements: u64,
    /// The store's report, summed over the batches.
    pub report: IngestReport,
    /// How long the first batch (the last two weeks) took to generate and
    /// commit: how long a new user waits for today's values.
    pub first_batch_ms: u64,
}

/// Generates and stores the data set one batch at a time, newest first (see
/// [`batches`]), calling `progress(done_days, total_days)` after each batch.
/// Every batch is committed on its own and the store's rollups and derived
/// tables do not depend on the order, so what is stored is right after each
/// one. A failed batch stops the load; the batches stored before it stay,
/// and loading again completes it.
pub fn load(
    store: &mut Store,
    opts: &DemoOptions,
    progress: impl FnMut(u32, u32),
) -> Result<DemoReport> {
    let Some(generator) = opts.generator() else {
        return Ok(DemoReport::default());
    };
    load_with(store, &generator, progress)
}

fn load_with(
    store: &mut Store,
    generator: &Generator,
    mut progress: impl FnMut(u32, u32),
) -> Result<DemoReport> {
    let spans = generator.newest_first();
    let total = spans
        .iter()
        .map(|(from, to)| day_count(*from, *to))
        .fold(0u32, u32::saturating_add);
    let started = std::time::Instant::now();
    let mut out = DemoReport::default();
    for (from, to) in spans {
        let batch = generator.batch(from, to);
        let report = store.ingest(&batch)?;
        out.measurements += rows(&batch);
        out.report.add(&report);
        if out.days == 0 {
            out.first_batch_ms = millis(started.elapsed());
        }
        out.days = out.days.saturating_add(day_count(from, to));
        progress(out.days, total);
    }
    tracing::info!(
        days = out.days,
        first_batch_ms = out.first_batch_ms,
        rows = out.measurements,
        inserted = out.report.inserted,
        elapsed_ms = millis(started.elapsed()),
        "loaded the demo data set"
    );
    Ok(out)
}

fn millis(d: std::time::Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

fn day_count(from: NaiveDate, to: NaiveDate) -> u32 {
    u32::try_from((to - from).num_days() + 1).unwrap_or(0)
}

/// The measurement rows a batch becomes in the store.
fn rows(batch: &Batch) -> u64 {
    let night_rows: usize = batch
        .nights
        .iter()
        .map(|n| n.totals.as_metrics().len() + n.stages.len())
        .sum();
    (batch.measurements.len() + night_rows + batch.workouts.len()) as u64
}
