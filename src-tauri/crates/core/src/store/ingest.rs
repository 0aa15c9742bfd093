//! Storing a [`Batch`]: everything in one transaction through prepared
//! statements, so a batch lands whole or not at all.

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, OptionalExtension, params};

use super::reads::source_id;
use super::types::{Coverage, IngestReport, PageCommit};
use super::writer::{MeasurementWriter, RowIdentity};
use super::{Store, now_unix};
use crate::error::Result;
use crate::metric::{Metric, MetricKind};
use crate::model::{Batch, SleepNight, Workout};

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

    /// Stores many batches in one transaction: `fill` hands them to the
    /// sink one at a time (so a large import never holds everything in
    /// memory), and they commit together when it returns `Ok`. An error from
    /// `fill` or from any batch rolls every one of them back, and so does a
    /// process killed before the end.
    pub fn ingest_all<T>(
        &mut self,
        fill: impl FnOnce(&mut BatchSink<'_>) -> Result<T>,
    ) -> Result<(T, IngestReport)> {
        let tx = self.conn.transaction()?;
        let mut sink = BatchSink {
            tx: &tx,
            metric_ids: &self.metric_ids,
            report: IngestReport::default(),
        };
        let value = fill(&mut sink)?;
        let report = sink.report;
        tx.commit()?;
        tracing::debug!(?report, "ingested batches in one transaction");
        Ok((value, report))
    }

    /// Stores one fetched page of a sync: its records, the provider's raw
    /// response and the stream's new cursor, in one transaction — so a sync
    /// killed at any moment has either all of a page or none of it, and
    /// resumes from the cursor without losing or duplicating anything.
    pub fn commit_page(&mut self, page: &PageCommit<'_>) -> Result<IngestReport> {
        validate(page.batch)?;
        let tx = self.conn.transaction()?;
        let mut report = IngestReport::default();
        if let Some(coverage) = &page.covers {
            report.removed += remove_missing(&tx, page.batch, coverage)?;
        }
        let written = write_batch(&tx, &self.metric_ids, page.batch, page.complete_records)?;
        report.add(&written);
        let provider = page.batch.source.as_str();
        for raw in page.raw {
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

/// Takes the batches of [`Store::ingest_all`] inside its transaction.
pub struct BatchSink<'t> {
    tx: &'t Connection,
    metric_ids: &'t HashMap<Metric, i64>,
    report: IngestReport,
}

impl BatchSink<'_> {
    /// Validates and writes one batch; nothing is committed yet.
    pub fn ingest(&mut self, batch: &Batch) -> Result<()> {
        validate(batch)?;
        let written = write_batch(self.tx, self.metric_ids, batch, false)?;
        self.report.add(&written);
        Ok(())
    }
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

/// Removes the stored records that `coverage` says the batch would hold
/// but does not: their values (with rollups), nights and workouts. Answers
/// how many values went.
fn remove_missing(tx: &Connection, batch: &Batch, coverage: &Coverage) -> Result<u64> {
    let Some(source_id) = source_id(tx, batch.source.as_str())? else {
        return Ok(0);
    };
    let present: HashSet<&str> = batch
        .measurements
        .iter()
        .filter_map(|m| m.record_id.as_deref())
        .chain(batch.nights.iter().filter_map(|n| n.record_id.as_deref()))
        .chain(batch.workouts.iter().filter_map(|w| w.record_id.as_deref()))
        .collect();
    // `start + utc_offset * local` is the start in the range's own clock;
    // the record id range uses the (source_id, record_id) index.
    let local = i64::from(coverage.local_time);
    let in_range = "source_id = ?1 AND record_id >= ?2 AND record_id < ?3
         AND start_utc + utc_offset * ?4 >= ?5 AND start_utc + utc_offset * ?4 < ?6";
    let stored: Vec<String> = {
        let sql = format!(
            "SELECT record_id FROM measurements WHERE {in_range}
             UNION SELECT record_id FROM sleep_nights WHERE {in_range}
             UNION SELECT record_id FROM workouts WHERE {in_range}"
        );
        let mut stmt = tx.prepare_cached(&sql)?;
        let rows = stmt.query_map(
            params![
                source_id,
                coverage.record_prefix.as_ref(),
                prefix_end(&coverage.record_prefix),
                local,
                coverage.from,
                coverage.to
            ],
            |row| row.get::<_, String>(0),
        )?;
        rows.collect::<std::result::Result<_, _>>()?
    };
    let gone: Vec<&String> = stored
        .iter()
        .filter(|id| !present.contains(id.as_str()))
        .collect();
    if gone.is_empty() {
        return Ok(0);
    }
    let mut writer = MeasurementWriter::new(tx, source_id, now_unix())?;
    for record in &gone {
        writer.retain_record(record, &HashSet::new())?;
        for table in ["sleep_nights", "workouts"] {
            tx.prepare_cached(&format!(
                "DELETE FROM {table} WHERE source_id = ?1 AND record_id = ?2"
            ))?
            .execute(params![source_id, record])?;
        }
    }
    tracing::info!(source = %batch.source, records = gone.len(), "removed records deleted upstream");
    Ok(writer.finish()?.removed)
}

/// The smallest string after every string that starts with `prefix`.
fn prefix_end(prefix: &str) -> String {
    let mut end: Vec<char> = prefix.chars().collect();
    while let Some(last) = end.pop() {
        if let Some(next) = char::from_u32(u32::from(last) + 1) {
            end.push(next);
            return end.into_iter().collect();
        }
    }
    // Only for an empty prefix (or all char::MAX): no upper bound.
    char::MAX.to_string()
}

pub(super) fn source_id_or_insert(conn: &Connection, name: &str) -> Result<i64> {
    conn.prepare_cached("INSERT OR IGNORE INTO sources (name) VALUES (?1)")?
        .execute([name])?;
    Ok(source_id(conn, name)?.ok_or(rusqlite::Error::QueryReturnedNoRows)?)
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
    store_workout_header(conn, writer, workout_metric_id, source_id, now, workout)?;
    writer.upsert(workout_metric_id, &workout.measurement())?;
    Ok(())
}

/// The `workouts` row of a workout (and the removal of its old `workout`
/// value when its end moved); the caller writes the value.
pub(super) fn store_workout_header(
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
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Measurement;
    use crate::store::LEVEL_DAY;
    use crate::{SourceId, Zone};

    fn withings() -> SourceId {
        "withings".parse().unwrap()
    }

    fn weigh_in(group: u32, at: i64, kg: f64) -> Measurement {
        Measurement::sample(Metric::Weight, at, kg, Zone::UTC)
            .with_record_id(format!("grp:{group}"))
    }

    fn workout(id: u32, start: i64, zone: Zone) -> Workout {
        Workout {
            start,
            end: start + 1800,
            zone,
            kind: "walk".into(),
            energy_kcal: None,
            distance_m: None,
            record_id: Some(format!("wkt:{id}")),
        }
    }

    fn page(store: &mut Store, batch: &Batch, covers: Option<Coverage>) -> IngestReport {
        store
            .commit_page(&PageCommit {
                stream: "test",
                batch,
                complete_records: true,
                covers,
                raw: &[],
                cursor: None,
            })
            .unwrap()
    }

    fn count(store: &Store, sql: &str) -> i64 {
        store.conn.query_row(sql, [], |r| r.get(0)).unwrap()
    }

    #[test]
    fn a_covering_page_removes_what_was_deleted_upstream_in_its_range_only() {
        let mut store = Store::open_in_memory().unwrap();
        let mut stored = Batch::new(withings());
        stored.measurements = vec![
            weigh_in(1, 1_000, 80.0),
            weigh_in(2, 90_000, 81.0),
            weigh_in(3, 95_000, 82.0),
            // Other kinds in the range: a heart rate without a record id and
            // a day of activity.
            Measurement::sample(Metric::HeartRate, 91_000, 60.0, Zone::UTC),
            Measurement::sample(Metric::Steps, 86_400, 5000.0, Zone::UTC)
                .with_record_id("act:1970-01-02"),
        ];
        stored.workouts = vec![workout(9, 92_000, Zone::UTC)];
        page(&mut store, &stored, None);

        // The provider's answer for [86 400, 172 800) lists group 3 only.
        let mut answer = Batch::new(withings());
        answer.measurements = vec![weigh_in(3, 95_000, 82.0)];
        let covers = Coverage {
            record_prefix: "grp:".into(),
            from: 86_400,
            to: 172_800,
            local_time: false,
        };
        let report = page(&mut store, &answer, Some(covers.clone()));
        assert_eq!(report.removed, 1, "{report:?}");
        let weights: Vec<(i64, f64)> = store
            .conn
            .prepare("SELECT start_utc, value FROM measurements WHERE metric_id = (SELECT id FROM metrics WHERE name = 'weight') ORDER BY 1")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<std::result::Result<_, _>>()
            .unwrap();
        assert_eq!(
            weights,
            [(1_000, 80.0), (95_000, 82.0)],
            "group 1 is outside the range"
        );
        assert_eq!(
            count(&store, "SELECT count(*) FROM measurements"),
            5,
            "heart rate, steps and the workout stay"
        );
        assert_eq!(count(&store, "SELECT count(*) FROM workouts"), 1);
        // Day 1's weight rollup no longer counts the deleted weigh-in.
        assert_eq!(
            count(
                &store,
                &format!(
                    "SELECT sum(n) FROM rollups WHERE level = {LEVEL_DAY} AND metric_id = (SELECT id FROM metrics WHERE name = 'weight') AND bucket >= 1"
                )
            ),
            1
        );

        // The same answer again removes nothing more.
        assert_eq!(page(&mut store, &answer, Some(covers)).removed, 0);
    }

    #[test]
    fn a_local_time_coverage_goes_by_the_records_own_clock() {
        let mut store = Store::open_in_memory().unwrap();
        let paris_summer = Zone::Fixed(7200);
        let day = 20_000 * 86_400; // a UTC midnight
        let mut stored = Batch::new(withings());
        // 23:30 UTC the day before = 01:30 local on `day`: inside.
        stored.workouts = vec![
            workout(1, day - 1800, paris_summer),
            // 21:30 UTC the day before = 23:30 local the day before: outside.
            workout(2, day - 2 * 3600 - 1800, paris_summer),
        ];
        page(&mut store, &stored, None);

        let covers = Coverage {
            record_prefix: "wkt:".into(),
            from: day,
            to: day + 86_400,
            local_time: true,
        };
        let report = page(&mut store, &Batch::new(withings()), Some(covers));
        assert_eq!(report.removed, 1);
        let left: Vec<String> = store
            .conn
            .prepare("SELECT record_id FROM workouts")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<std::result::Result<_, _>>()
            .unwrap();
        assert_eq!(left, ["wkt:2"]);
        assert_eq!(
            count(
                &store,
                "SELECT count(*) FROM measurements WHERE record_id = 'wkt:1'"
            ),
            0
        );
    }

    #[test]
    fn positive_interval_finds_the_first_or_last_day_with_steps_in_a_range() {
        let mut store = Store::open_in_memory().unwrap();
        let day = |n: i64| n * 86_400;
        let steps = |n: i64, count: f64| {
            Measurement::interval(Metric::Steps, day(n), day(n + 1), count, Zone::UTC)
        };
        let mut batch = Batch::new(withings());
        batch.measurements = vec![
            steps(1, 4000.0),
            steps(2, 0.0),
            steps(3, 5000.0),
            steps(5, 0.0),
        ];
        store.ingest(&batch).unwrap();
        let find = |range, newest_first| {
            store
                .positive_interval(&withings(), Metric::Steps, range, newest_first)
                .unwrap()
                .map(|(start, _, _)| start / 86_400)
        };
        assert_eq!(find((day(0), day(10)), false), Some(1));
        assert_eq!(
            find((day(0), day(10)), true),
            Some(3),
            "day 5 counted nothing"
        );
        assert_eq!(
            find((day(2), day(3)), true),
            None,
            "day 2 counted nothing; day 3 is past the end"
        );
        assert_eq!(
            store
                .positive_interval(&"exist".parse().unwrap(), Metric::Steps, (0, day(10)), true)
                .unwrap(),
            None
        );
    }

    #[test]
    fn prefix_end_bounds_exactly_the_prefixed_ids() {
        assert_eq!(prefix_end("grp:"), "grp;");
        let end = prefix_end("grp:");
        for inside in ["grp:", "grp:1", "grp:zzzz"] {
            assert!(("grp:"..end.as_str()).contains(&inside), "{inside}");
        }
        for outside in ["grp", "gro:9", "grq:", "wkt:1"] {
            assert!(!("grp:"..end.as_str()).contains(&outside), "{outside}");
        }
    }
}
