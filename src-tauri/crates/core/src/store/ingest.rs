//! Storing a [`Batch`]: everything in one transaction through prepared
//! statements, so a batch lands whole or not at all.

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, OptionalExtension, params};

use super::writer::{MeasurementWriter, RowIdentity};
use super::{Store, now_unix};
use crate::error::Result;
use crate::metric::{Metric, MetricKind};
use crate::model::{Batch, SleepNight, Workout};

/// What a write did, row by row.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct IngestReport {
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub removed: u64,
}

impl Store {
    /// Upserts a batch. Storing the same batch twice changes nothing; a
    /// record whose identity is stored already replaces it. An invalid record
    /// rejects the whole batch before anything is written.
    pub fn ingest(&mut self, batch: &Batch) -> Result<IngestReport> {
        validate(batch)?;
        let tx = self.conn.transaction()?;
        let report = write_batch(&tx, &self.metric_ids, batch, false)?;
        tx.commit()?;
        tracing::debug!(source = %batch.source, ?report, "ingested batch");
        Ok(report)
    }

    /// Stores one fetched page of a sync: its records, the provider's raw
    /// response and the stream's new cursor, in one transaction — so a sync
    /// killed at any moment has either all of a page or none of it, and
    /// resumes from the cursor without losing or duplicating anything.
    pub fn commit_page(&mut self, page: &PageCommit<'_>) -> Result<IngestReport> {
        validate(page.batch)?;
        let tx = self.conn.transaction()?;
        let report = write_batch(&tx, &self.metric_ids, page.batch, page.complete_records)?;
        let provider = page.batch.source.as_str();
        if let Some(raw) = &page.raw {
            super::accounts::save_raw_payload(&tx, provider, page.stream, raw)?;
        }
        if let Some(cursor) = page.cursor {
            super::accounts::set_cursor(&tx, provider, page.stream, cursor)?;
        }
        tx.commit()?;
        tracing::debug!(provider, stream = page.stream, ?report, "committed page");
        Ok(report)
    }
}

/// One page of a sync, stored atomically by [`Store::commit_page`].
#[derive(Debug)]
pub struct PageCommit<'a> {
    pub stream: &'a str,
    pub batch: &'a Batch,
    /// Each provider record id in the batch arrives complete: stored values
    /// of that record that the batch no longer has are removed (a corrected
    /// Withings measure group that dropped a measure, or moved in time).
    pub complete_records: bool,
    pub raw: Option<RawPayload<'a>>,
    /// The stream's cursor after this page; `None` leaves it as it was.
    pub cursor: Option<&'a str>,
}

/// A provider response as received, kept so that a parser fix can re-derive
/// records without downloading again. One per (stream, request): a re-fetch
/// replaces it.
#[derive(Clone, Debug)]
pub struct RawPayload<'a> {
    pub request: &'a str,
    pub parser_version: i64,
    pub body: &'a [u8],
}

fn validate(batch: &Batch) -> Result<()> {
    for m in &batch.measurements {
        m.validate()?;
    }
    for night in &batch.nights {
        for m in night.measurements() {
            m.validate()?;
        }
    }
    for workout in &batch.workouts {
        workout.measurement().validate()?;
    }
    Ok(())
}

fn write_batch(
    tx: &Connection,
    metric_ids: &HashMap<Metric, i64>,
    batch: &Batch,
    complete_records: bool,
) -> Result<IngestReport> {
    let source_id = source_id_or_insert(tx, batch.source.as_str())?;
    let now = now_unix();
    let mut writer = MeasurementWriter::new(tx, source_id, now)?;
    if complete_records {
        let mut by_record: HashMap<&str, HashSet<RowIdentity>> = HashMap::new();
        for m in &batch.measurements {
            if let Some(record) = &m.record_id {
                by_record.entry(record).or_default().insert((
                    metric_ids[&m.metric],
                    m.start,
                    m.end,
                ));
            }
        }
        for (record, keep) in &by_record {
            writer.retain_record(record, keep)?;
        }
    }
    for m in &batch.measurements {
        writer.upsert(metric_ids[&m.metric], m)?;
    }
    for night in &batch.nights {
        store_night(tx, &mut writer, metric_ids, source_id, now, night)?;
    }
    for workout in &batch.workouts {
        store_workout(
            tx,
            &mut writer,
            metric_ids[&Metric::Workout],
            source_id,
            now,
            workout,
        )?;
    }
    writer.finish()
}

fn source_id_or_insert(conn: &Connection, name: &str) -> Result<i64> {
    conn.prepare_cached("INSERT OR IGNORE INTO sources (name) VALUES (?1)")?
        .execute([name])?;
    Ok(conn
        .prepare_cached("SELECT id FROM sources WHERE name = ?1")?
        .query_row([name], |row| row.get(0))?)
}

/// A night replaces every stored night of the same source that it overlaps
/// (a provider's corrected night may start or end elsewhere), together with
/// those nights' per-night values and stage intervals.
fn store_night(
    conn: &Connection,
    writer: &mut MeasurementWriter<'_>,
    metric_ids: &HashMap<Metric, i64>,
    source_id: i64,
    now: i64,
    night: &SleepNight,
) -> Result<()> {
    let overlapping: Vec<(i64, i64, i64)> = {
        let mut stmt = conn.prepare_cached(
            "SELECT id, start_utc, end_utc FROM sleep_nights
             WHERE source_id = ?1 AND start_utc < ?3 AND end_utc > ?2",
        )?;
        let rows = stmt.query_map(params![source_id, night.start, night.end], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })?;
        rows.collect::<Result<_, _>>()?
    };
    let from = overlapping.iter().map(|o| o.1).fold(night.start, i64::min);
    let to = overlapping.iter().map(|o| o.2).fold(night.end, i64::max);

    let measurements = night.measurements();
    let night_metrics = Metric::ALL
        .iter()
        .filter(|m| matches!(m.kind(), MetricKind::Night | MetricKind::Stage));
    for &metric in night_metrics {
        let keep: HashSet<(i64, Option<i64>)> = measurements
            .iter()
            .filter(|m| m.metric == metric)
            .map(|m| (m.start, m.end))
            .collect();
        writer.retain_only(metric_ids[&metric], from, to, &keep)?;
    }
    let mut delete = conn.prepare_cached("DELETE FROM sleep_nights WHERE id = ?1")?;
    for (id, start, end) in &overlapping {
        if (*start, *end) != (night.start, night.end) {
            delete.execute([id])?;
        }
    }

    let t = &night.totals;
    let zone_id = writer.zone_id(night.zone)?;
    conn.prepare_cached(
        "INSERT INTO sleep_nights (source_id, start_utc, end_utc, utc_offset, zone_id, asleep, light,
             deep, rem, awake, latency, wakeups, record_id, detail, inserted_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15)
         ON CONFLICT (source_id, start_utc) DO UPDATE SET
             end_utc = excluded.end_utc, utc_offset = excluded.utc_offset, zone_id = excluded.zone_id,
             asleep = excluded.asleep, light = excluded.light, deep = excluded.deep,
             rem = excluded.rem, awake = excluded.awake, latency = excluded.latency,
             wakeups = excluded.wakeups, record_id = excluded.record_id, detail = excluded.detail,
             updated_at = excluded.updated_at
         WHERE (end_utc, utc_offset, zone_id, asleep, light, deep, rem, awake, latency, wakeups,
                record_id, detail)
           IS NOT (excluded.end_utc, excluded.utc_offset, excluded.zone_id, excluded.asleep,
                   excluded.light, excluded.deep, excluded.rem, excluded.awake, excluded.latency,
                   excluded.wakeups, excluded.record_id, excluded.detail)",
    )?
    .execute(params![
        source_id,
        night.start,
        night.end,
        night.zone.offset_at(night.start),
        zone_id,
        t.asleep,
        t.light,
        t.deep,
        t.rem,
        t.awake,
        t.latency,
        t.wakeups,
        night.record_id,
        night.detail,
        now
    ])?;
    for m in &measurements {
        writer.upsert(metric_ids[&m.metric], m)?;
    }
    Ok(())
}

/// A workout is identified by its source and start; a corrected end replaces
/// the old `workout` row rather than adding a second one.
fn store_workout(
    conn: &Connection,
    writer: &mut MeasurementWriter<'_>,
    workout_metric_id: i64,
    source_id: i64,
    now: i64,
    workout: &Workout,
) -> Result<()> {
    let zone_id = writer.zone_id(workout.zone)?;
    let existing: Option<i64> = conn
        .prepare_cached("SELECT end_utc FROM workouts WHERE source_id = ?1 AND start_utc = ?2")?
        .query_row(params![source_id, workout.start], |row| row.get(0))
        .optional()?;
    if existing.is_some_and(|end| end != workout.end) {
        let keep = HashSet::from([(workout.start, Some(workout.end))]);
        writer.retain_only(workout_metric_id, workout.start, workout.start + 1, &keep)?;
    }
    conn.prepare_cached(
        "INSERT INTO workouts (source_id, start_utc, end_utc, utc_offset, zone_id, kind, energy_kcal,
             distance_m, record_id, inserted_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)
         ON CONFLICT (source_id, start_utc) DO UPDATE SET
             end_utc = excluded.end_utc, utc_offset = excluded.utc_offset, zone_id = excluded.zone_id,
             kind = excluded.kind, energy_kcal = excluded.energy_kcal,
             distance_m = excluded.distance_m, record_id = excluded.record_id,
             updated_at = excluded.updated_at
         WHERE (end_utc, utc_offset, zone_id, kind, energy_kcal, distance_m, record_id)
           IS NOT (excluded.end_utc, excluded.utc_offset, excluded.zone_id, excluded.kind,
                   excluded.energy_kcal, excluded.distance_m, excluded.record_id)",
    )?
    .execute(params![
        source_id,
        workout.start,
        workout.end,
        workout.zone.offset_at(workout.start),
        zone_id,
        workout.kind,
        workout.energy_kcal,
        workout.distance_m,
        workout.record_id,
        now
    ])?;
    writer.upsert(workout_metric_id, &workout.measurement())?;
    Ok(())
}
