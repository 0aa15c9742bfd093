//! Storing a [`Batch`]: everything in one transaction through prepared
//! statements, so a batch lands whole or not at all.

use std::collections::HashSet;

use rusqlite::{Connection, OptionalExtension, params};

use super::writer::MeasurementWriter;
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

        let tx = self.conn.transaction()?;
        let source_id = source_id_or_insert(&tx, batch.source.as_str())?;
        let now = now_unix();
        let mut writer = MeasurementWriter::new(&tx, source_id, now)?;
        for m in &batch.measurements {
            writer.upsert(self.metric_ids[&m.metric], m)?;
        }
        for night in &batch.nights {
            store_night(&tx, &mut writer, &self.metric_ids, source_id, now, night)?;
        }
        for workout in &batch.workouts {
            store_workout(
                &tx,
                &mut writer,
                self.metric_ids[&Metric::Workout],
                source_id,
                now,
                workout,
            )?;
        }
        let report = writer.finish()?;
        tx.commit()?;
        tracing::debug!(source = %batch.source, ?report, "ingested batch");
        Ok(report)
    }
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
    metric_ids: &std::collections::HashMap<Metric, i64>,
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
