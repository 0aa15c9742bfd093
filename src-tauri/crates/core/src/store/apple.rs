//! The store side of the Apple Health importer (CONTRACT §12): one
//! transaction for a whole import, stored values kept when a re-import
//! differs by less than 1e-6 relative, the sleep samples the per-night rows
//! come from, those rows themselves, and the rows daily totals rank.

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, params};

use super::ingest::store_workout_header;
use super::writer::{MeasurementWriter, RowRef};
use super::{IngestReport, Store, now_unix};
use crate::error::Result;
use crate::metric::Metric;
use crate::model::{Measurement, Workout};
use crate::time::Zone;

/// CONTRACT §12.4.3: closer than this counts as unchanged.
const SAME_VALUE: f64 = 1e-6;

const SOURCE: &str = "apple_health";

/// One stored `SleepAnalysis` sample.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SleepSampleRow {
    pub start: i64,
    pub end: i64,
    pub offset: i32,
    pub state: i64,
    pub tier: i64,
    pub source_name: String,
}

/// One night's rows: (metric, value) spanning `[start, end)`.
#[derive(Clone, Debug, PartialEq)]
pub struct NightRows {
    pub start: i64,
    pub end: i64,
    pub offset: i32,
    pub values: Vec<(Metric, f64)>,
}

/// A stored row with what ranks it against rows of other devices.
#[derive(Clone, Debug, PartialEq)]
pub struct RankedRow {
    pub start: i64,
    pub end: Option<i64>,
    pub value: f64,
    pub offset: i32,
    /// The importer's tier tag (`record_id`).
    pub tag: Option<String>,
    /// The device or app's name (`detail`).
    pub detail: Option<String>,
}

impl Store {
    /// Runs a whole Apple Health import in one transaction: `fill` writes
    /// through the sink; an error anywhere rolls everything back.
    pub fn import_apple_health<T>(
        &mut self,
        fill: impl FnOnce(&mut AppleSink<'_>) -> Result<T>,
    ) -> Result<(T, IngestReport)> {
        let tx = self.conn.transaction()?;
        let source_id = super::ingest::source_id_or_insert(&tx, SOURCE)?;
        let mut sink = AppleSink {
            tx: &tx,
            metric_ids: &self.metric_ids,
            source_id,
            report: IngestReport::default(),
            days: None,
        };
        let value = fill(&mut sink)?;
        let report = sink.report;
        // The file's span is what this import covered: a day inside it
        // without values is a day the export had nothing for.
        if let Some((first_day, last_day)) = sink.days {
            super::sync_runs::record_run(
                &tx,
                &super::SyncRun {
                    provider: SOURCE.to_owned(),
                    stream: "import".to_owned(),
                    first_day,
                    last_day,
                    finished_at: now_unix(),
                    error: None,
                },
            )?;
        }
        tx.commit()?;
        Ok((value, report))
    }

    /// Every stored `apple_health` row of `metric`, by start.
    pub fn apple_health_rows(&self, metric: Metric) -> Result<Vec<RankedRow>> {
        let Some(source_id) = super::reads::source_id(&self.conn, SOURCE)? else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT start_utc, end_utc, value, utc_offset, record_id, detail FROM measurements
             WHERE metric_id = ?1 AND source_id = ?2 AND intraday = 0 ORDER BY start_utc",
        )?;
        let rows = stmt.query_map(params![self.metric_id(metric), source_id], |r| {
            Ok(RankedRow {
                start: r.get(0)?,
                end: r.get(1)?,
                value: r.get(2)?,
                offset: r.get(3)?,
                tag: r.get(4)?,
                detail: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Writes of one import, inside its transaction.
pub struct AppleSink<'t> {
    tx: &'t Connection,
    metric_ids: &'t HashMap<Metric, i64>,
    source_id: i64,
    report: IngestReport,
    /// The first and last local day written, as day numbers.
    days: Option<(i64, i64)>,
}

impl AppleSink<'_> {
    /// Upserts values (validated first) and the `workouts` rows of
    /// workouts, whose `workout` values are among `measurements`.
    pub fn write(&mut self, measurements: &[RowRef<'_>], workouts: &[Workout]) -> Result<()> {
        for m in measurements {
            m.validate()?;
            let day = crate::time::date_to_day_number(m.zone.local_date(m.start));
            self.days = Some(
                self.days
                    .map_or((day, day), |(a, b)| (a.min(day), b.max(day))),
            );
        }
        let now = now_unix();
        let mut writer =
            MeasurementWriter::new(self.tx, self.source_id, now)?.with_tolerance(SAME_VALUE);
        let workout_id = self.metric_ids[&Metric::Workout];
        for w in workouts {
            store_workout_header(self.tx, &mut writer, workout_id, self.source_id, now, w)?;
        }
        for m in measurements {
            writer.upsert_row(self.metric_ids[&m.metric], m)?;
        }
        let report = writer.finish()?;
        self.report.add(&report);
        Ok(())
    }

    /// Keeps sleep samples; exact duplicates are one row.
    pub fn add_sleep_samples(&mut self, samples: &[SleepSampleRow]) -> Result<()> {
        let mut insert = self.tx.prepare_cached(
            "INSERT OR IGNORE INTO apple_health_sleep
                 (start_utc, end_utc, utc_offset, state, tier, source_name)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for s in samples {
            insert.execute(params![
                s.start,
                s.end,
                s.offset,
                s.state,
                s.tier,
                s.source_name
            ])?;
        }
        Ok(())
    }

    /// Every stored sleep sample, this import's included.
    pub fn sleep_samples(&self) -> Result<Vec<SleepSampleRow>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT start_utc, end_utc, utc_offset, state, tier, source_name
             FROM apple_health_sleep ORDER BY start_utc",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(SleepSampleRow {
                start: r.get(0)?,
                end: r.get(1)?,
                offset: r.get(2)?,
                state: r.get(3)?,
                tier: r.get(4)?,
                source_name: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Makes `nights` the source's only per-night rows and night headers:
    /// sessions may have merged or grown since the last import.
    pub fn replace_nights(&mut self, nights: &[NightRows]) -> Result<()> {
        const PER_NIGHT: [Metric; 5] = [
            Metric::SleepDuration,
            Metric::SleepLightDuration,
            Metric::SleepDeepDuration,
            Metric::SleepRemDuration,
            Metric::SleepAwakeDuration,
        ];
        let now = now_unix();
        let mut writer = MeasurementWriter::new(self.tx, self.source_id, now)?;
        for metric in PER_NIGHT {
            let keep: HashSet<(i64, Option<i64>)> = nights
                .iter()
                .filter(|n| n.values.iter().any(|(m, _)| *m == metric))
                .map(|n| (n.start, Some(n.end)))
                .collect();
            writer.retain_only(self.metric_ids[&metric], i64::MIN, i64::MAX, &keep)?;
        }
        let starts: HashSet<i64> = nights.iter().map(|n| n.start).collect();
        let stored: Vec<(i64, i64)> = {
            let mut stmt = self
                .tx
                .prepare_cached("SELECT id, start_utc FROM sleep_nights WHERE source_id = ?1")?;
            let rows = stmt.query_map([self.source_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let mut delete = self
            .tx
            .prepare_cached("DELETE FROM sleep_nights WHERE id = ?1")?;
        for (id, start) in stored {
            if !starts.contains(&start) {
                delete.execute([id])?;
            }
        }
        let mut header = self.tx.prepare_cached(
            "INSERT INTO sleep_nights (source_id, start_utc, end_utc, utc_offset, asleep, light,
                 deep, rem, awake, inserted_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)
             ON CONFLICT (source_id, start_utc) DO UPDATE SET
                 end_utc = excluded.end_utc, utc_offset = excluded.utc_offset,
                 asleep = excluded.asleep, light = excluded.light, deep = excluded.deep,
                 rem = excluded.rem, awake = excluded.awake, updated_at = excluded.updated_at
             WHERE (end_utc, utc_offset, asleep, light, deep, rem, awake)
               IS NOT (excluded.end_utc, excluded.utc_offset, excluded.asleep, excluded.light,
                       excluded.deep, excluded.rem, excluded.awake)",
        )?;
        for night in nights {
            let get = |metric: Metric| {
                night
                    .values
                    .iter()
                    .find(|(m, _)| *m == metric)
                    .map(|(_, v)| *v as i64)
            };
            header.execute(params![
                self.source_id,
                night.start,
                night.end,
                night.offset,
                get(Metric::SleepDuration),
                get(Metric::SleepLightDuration),
                get(Metric::SleepDeepDuration),
                get(Metric::SleepRemDuration),
                get(Metric::SleepAwakeDuration),
                now
            ])?;
            for &(metric, value) in &night.values {
                let m = Measurement::interval(
                    metric,
                    night.start,
                    night.end,
                    value,
                    Zone::Fixed(night.offset),
                );
                m.validate()?;
                writer.upsert(self.metric_ids[&metric], &m)?;
            }
        }
        let report = writer.finish()?;
        self.report.add(&report);
        Ok(())
    }
}
