//! Writing measurements while keeping the rollups exact.
//!
//! A fresh row only ever grows its buckets, so inserts are folded into the
//! rollups additively (n += 1, sum += v, min/max widen). A row that changes or
//! disappears can shrink a bucket's min or max, which no delta can undo, so
//! its buckets are marked dirty and recomputed from the raw rows before the
//! transaction commits:
//!
//! ```text
//!   insert  ──▶ delta[hour], delta[day] ──┐
//!   update  ──▶ dirty{old keys, new keys} ├─▶ finish(): apply deltas, then
//!   delete  ──▶ dirty{old keys}         ──┘             recompute dirty buckets
//! ```

use std::collections::{HashMap, HashSet};

use rusqlite::{CachedStatement, Connection, OptionalExtension, params};

use super::types::{IngestReport, LEVEL_DAY, LEVEL_HOUR};
use crate::error::Result;
use crate::metric::Metric;
use crate::model::Measurement;
use crate::time::{SECONDS_PER_DAY, Zone, local_day_number};

const SECONDS_PER_HOUR: i64 = 3600;
/// Offsets never exceed ±18 h, so a local day's rows start within this
/// margin of its UTC day.
const MAX_OFFSET: i64 = 18 * SECONDS_PER_HOUR;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct RollupKey {
    metric_id: i64,
    level: i64,
    intraday: bool,
    bucket: i64,
}

impl RollupKey {
    fn for_row(metric_id: i64, intraday: bool, start: i64, utc_offset: i64) -> [RollupKey; 2] {
        let key = |level, bucket| RollupKey {
            metric_id,
            level,
            intraday,
            bucket,
        };
        [
            key(LEVEL_HOUR, start - start.rem_euclid(SECONDS_PER_HOUR)),
            key(LEVEL_DAY, local_day_number(start, offset_i32(utc_offset))),
        ]
    }
}

#[derive(Clone, Copy, Debug)]
struct Aggregate {
    n: i64,
    sum: f64,
    min: f64,
    max: f64,
}

impl Aggregate {
    fn of(value: f64) -> Self {
        Aggregate {
            n: 1,
            sum: value,
            min: value,
            max: value,
        }
    }

    fn add(&mut self, value: f64) {
        self.n += 1;
        self.sum += value;
        self.min = self.min.min(value);
        self.max = self.max.max(value);
    }
}

/// A stored row's identity and the columns that decide its buckets.
struct StoredRow {
    id: i64,
    start: i64,
    end: Option<i64>,
    intraday: bool,
    utc_offset: i64,
}

pub(crate) struct MeasurementWriter<'c> {
    conn: &'c Connection,
    source_id: i64,
    now: i64,
    insert: CachedStatement<'c>,
    lookup: CachedStatement<'c>,
    update: CachedStatement<'c>,
    zone_ids: HashMap<&'static str, i64>,
    deltas: HashMap<RollupKey, Aggregate>,
    /// The bucket of the previous insert: time-ordered input mostly stays in
    /// one bucket, so this saves most hash-map lookups.
    last: Option<([RollupKey; 2], [Aggregate; 2])>,
    dirty: HashSet<RollupKey>,
    /// Relative difference below which a stored value is kept as it is
    /// (a re-imported kJ value converted to kcal again); 0 = exact.
    tolerance: f64,
    pub(crate) report: IngestReport,
}

/// A measurement whose texts are borrowed (from the importer's name table).
#[derive(Clone, Copy, Debug)]
pub struct RowRef<'a> {
    pub metric: Metric,
    pub start: i64,
    pub end: Option<i64>,
    pub value: f64,
    pub zone: Zone,
    pub intraday: bool,
    pub record_id: Option<&'a str>,
    pub detail: Option<&'a str>,
}

impl<'a> RowRef<'a> {
    pub fn of(m: &'a Measurement) -> Self {
        RowRef {
            metric: m.metric,
            start: m.start,
            end: m.end,
            value: m.value,
            zone: m.zone,
            intraday: m.intraday,
            record_id: m.record_id.as_deref(),
            detail: m.detail.as_deref(),
        }
    }

    /// [`Measurement::validate`]: the checks read no text, so none is copied.
    pub fn validate(&self) -> Result<()> {
        Measurement {
            metric: self.metric,
            start: self.start,
            end: self.end,
            value: self.value,
            zone: self.zone,
            intraday: self.intraday,
            record_id: None,
            detail: None,
        }
        .validate()
    }
}

/// A row's identity within one source: (metric id, start, end).
pub(crate) type RowIdentity = (i64, i64, Option<i64>);

impl<'c> MeasurementWriter<'c> {
    pub(crate) fn new(conn: &'c Connection, source_id: i64, now: i64) -> Result<Self> {
        Ok(MeasurementWriter {
            conn,
            source_id,
            now,
            insert: conn.prepare_cached(
                "INSERT OR IGNORE INTO measurements (metric_id, source_id, start_utc, end_utc, value,
                     intraday, utc_offset, zone_id, record_id, detail, inserted_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
            )?,
            lookup: conn.prepare_cached(
                "SELECT id, value, intraday, utc_offset, zone_id, record_id, detail FROM measurements
                 WHERE metric_id = ?1 AND start_utc = ?2 AND source_id = ?3
                   AND coalesce(end_utc, start_utc) = ?4",
            )?,
            update: conn.prepare_cached(
                "UPDATE measurements SET value = ?2, intraday = ?3, utc_offset = ?4, zone_id = ?5,
                     record_id = ?6, detail = ?7, updated_at = ?8
                 WHERE id = ?1",
            )?,
            zone_ids: HashMap::new(),
            deltas: HashMap::new(),
            last: None,
            dirty: HashSet::new(),
            tolerance: 0.0,
            report: IngestReport::default(),
        })
    }

    /// Keeps stored values that differ from the new ones by less than
    /// `relative` (CONTRACT §12.4.3).
    pub(crate) fn with_tolerance(mut self, relative: f64) -> Self {
        self.tolerance = relative;
        self
    }

    pub(crate) fn zone_id(&mut self, zone: Zone) -> Result<Option<i64>> {
        let Zone::Named(tz) = zone else {
            return Ok(None);
        };
        if let Some(&id) = self.zone_ids.get(tz.name()) {
            return Ok(Some(id));
        }
        self.conn
            .prepare_cached("INSERT OR IGNORE INTO zones (name) VALUES (?1)")?
            .execute([tz.name()])?;
        let id: i64 = self
            .conn
            .prepare_cached("SELECT id FROM zones WHERE name = ?1")?
            .query_row([tz.name()], |row| row.get(0))?;
        self.zone_ids.insert(tz.name(), id);
        Ok(Some(id))
    }

    /// Inserts a measurement, or replaces the stored one with the same identity.
    pub(crate) fn upsert(&mut self, metric_id: i64, m: &Measurement) -> Result<()> {
        self.upsert_row(metric_id, &RowRef::of(m))
    }

    /// [`Self::upsert`] for a row whose texts are borrowed: a bulk import
    /// writes its rows without allocating two strings per row.
    pub(crate) fn upsert_row(&mut self, metric_id: i64, m: &RowRef<'_>) -> Result<()> {
        let utc_offset = i64::from(m.zone.offset_at(m.start));
        let zone_id = self.zone_id(m.zone)?;
        let inserted = self.insert.execute(params![
            metric_id,
            self.source_id,
            m.start,
            m.end,
            m.value,
            m.intraday,
            utc_offset,
            zone_id,
            m.record_id,
            m.detail,
            self.now,
        ])?;
        if inserted == 1 {
            self.report.inserted += 1;
            if !m.intraday {
                self.report.changed.add(m.metric, 1);
            }
            self.add_to_deltas(
                RollupKey::for_row(metric_id, m.intraday, m.start, utc_offset),
                m.value,
            );
            return Ok(());
        }

        let identity_end = m.end.unwrap_or(m.start);
        let stored = self
            .lookup
            .query_row(
                params![metric_id, m.start, self.source_id, identity_end],
                |row| {
                    Ok((
                        row.get::<_, i64>(0)?,
                        row.get::<_, f64>(1)?,
                        row.get::<_, bool>(2)?,
                        row.get::<_, i64>(3)?,
                        row.get::<_, Option<i64>>(4)?,
                        row.get::<_, Option<String>>(5)?,
                        row.get::<_, Option<String>>(6)?,
                    ))
                },
            )
            .optional()?;
        let Some((id, value, intraday, old_offset, old_zone, record_id, detail)) = stored else {
            // Validation runs before writing, so the only way here is a
            // constraint SQLite ignored; say which record it was.
            return Err(crate::error::Error::InvalidRecord {
                metric: m.metric.id(),
                at: crate::time::format_utc(m.start),
                why: "the database refused it".into(),
            });
        };
        let same_value = value.to_bits() == m.value.to_bits()
            || (value - m.value).abs() < self.tolerance * value.abs().max(m.value.abs());
        let new_value = if same_value { value } else { m.value };
        let unchanged = same_value
            && intraday == m.intraday
            && old_offset == utc_offset
            && old_zone == zone_id
            && record_id.as_deref() == m.record_id
            && detail.as_deref() == m.detail;
        if unchanged {
            self.report.unchanged += 1;
            return Ok(());
        }
        self.update.execute(params![
            id,
            new_value,
            m.intraday,
            utc_offset,
            zone_id,
            m.record_id,
            m.detail,
            self.now
        ])?;
        self.report.updated += 1;
        if !m.intraday {
            self.report.changed.add(m.metric, 1);
        }
        self.dirty
            .extend(RollupKey::for_row(metric_id, intraday, m.start, old_offset));
        self.dirty.extend(RollupKey::for_row(
            metric_id, m.intraday, m.start, utc_offset,
        ));
        Ok(())
    }

    /// Deletes this source's rows of one metric that start in `[from, to)`
    /// and whose (start, end) is not in `keep`.
    pub(crate) fn retain_only(
        &mut self,
        metric_id: i64,
        from: i64,
        to: i64,
        keep: &HashSet<(i64, Option<i64>)>,
    ) -> Result<()> {
        let rows: Vec<StoredRow> = {
            let mut stmt = self.conn.prepare_cached(
                "SELECT id, start_utc, end_utc, intraday, utc_offset FROM measurements
                 WHERE metric_id = ?1 AND start_utc >= ?2 AND start_utc < ?3 AND source_id = ?4",
            )?;
            let rows = stmt.query_map(params![metric_id, from, to, self.source_id], |row| {
                Ok(StoredRow {
                    id: row.get(0)?,
                    start: row.get(1)?,
                    end: row.get(2)?,
                    intraday: row.get(3)?,
                    utc_offset: row.get(4)?,
                })
            })?;
            rows.collect::<Result<_, _>>()?
        };
        let mut delete = self
            .conn
            .prepare_cached("DELETE FROM measurements WHERE id = ?1")?;
        for row in rows.iter().filter(|r| !keep.contains(&(r.start, r.end))) {
            delete.execute([row.id])?;
            self.report.removed += 1;
            self.dirty.extend(RollupKey::for_row(
                metric_id,
                row.intraday,
                row.start,
                row.utc_offset,
            ));
        }
        Ok(())
    }

    /// Deletes this source's rows of one provider record whose
    /// (metric, start, end) is not in `keep`.
    pub(crate) fn retain_record(
        &mut self,
        record_id: &str,
        keep: &HashSet<RowIdentity>,
    ) -> Result<()> {
        let rows: Vec<(i64, StoredRow)> = {
            let mut stmt = self.conn.prepare_cached(
                "SELECT metric_id, id, start_utc, end_utc, intraday, utc_offset FROM measurements
                 WHERE source_id = ?1 AND record_id = ?2",
            )?;
            let rows = stmt.query_map(params![self.source_id, record_id], |row| {
                Ok((
                    row.get(0)?,
                    StoredRow {
                        id: row.get(1)?,
                        start: row.get(2)?,
                        end: row.get(3)?,
                        intraday: row.get(4)?,
                        utc_offset: row.get(5)?,
                    },
                ))
            })?;
            rows.collect::<Result<_, _>>()?
        };
        let mut delete = self
            .conn
            .prepare_cached("DELETE FROM measurements WHERE id = ?1")?;
        for (metric_id, row) in rows
            .iter()
            .filter(|(metric_id, r)| !keep.contains(&(*metric_id, r.start, r.end)))
        {
            delete.execute([row.id])?;
            self.report.removed += 1;
            self.dirty.extend(RollupKey::for_row(
                *metric_id,
                row.intraday,
                row.start,
                row.utc_offset,
            ));
        }
        Ok(())
    }

    fn add_to_deltas(&mut self, keys: [RollupKey; 2], value: f64) {
        match &mut self.last {
            Some((last_keys, aggs)) if *last_keys == keys => {
                aggs[0].add(value);
                aggs[1].add(value);
            }
            last => {
                if let Some((keys, aggs)) = last.take() {
                    merge_into(&mut self.deltas, keys, aggs);
                }
                *last = Some((keys, [Aggregate::of(value), Aggregate::of(value)]));
            }
        }
    }

    /// Brings the rollups up to date. Call once, after the last write.
    pub(crate) fn finish(mut self) -> Result<IngestReport> {
        if let Some((keys, aggs)) = self.last.take() {
            merge_into(&mut self.deltas, keys, aggs);
        }
        let mut apply = self.conn.prepare_cached(
            "INSERT INTO rollups (metric_id, level, intraday, source_id, bucket, n, sum, min, max)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             ON CONFLICT (metric_id, level, intraday, source_id, bucket) DO UPDATE SET
                 n = n + excluded.n, sum = sum + excluded.sum,
                 min = min(min, excluded.min), max = max(max, excluded.max)",
        )?;
        for (key, agg) in &self.deltas {
            if self.dirty.contains(key) {
                continue; // recomputed below anyway
            }
            apply.execute(params![
                key.metric_id,
                key.level,
                key.intraday,
                self.source_id,
                key.bucket,
                agg.n,
                agg.sum,
                agg.min,
                agg.max
            ])?;
        }
        for key in &self.dirty {
            self.recompute(*key)?;
        }
        Ok(self.report)
    }

    /// Rebuilds one bucket from the raw rows.
    fn recompute(&self, key: RollupKey) -> Result<()> {
        let (n, sum, min, max): (i64, f64, Option<f64>, Option<f64>) = if key.level == LEVEL_HOUR {
            self.conn
                .prepare_cached(
                    "SELECT count(*), total(value), min(value), max(value) FROM measurements
                     WHERE metric_id = ?1 AND start_utc >= ?2 AND start_utc < ?3
                       AND source_id = ?4 AND intraday = ?5",
                )?
                .query_row(
                    params![
                        key.metric_id,
                        key.bucket,
                        key.bucket + SECONDS_PER_HOUR,
                        self.source_id,
                        key.intraday
                    ],
                    |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
                )?
        } else {
            let day_start = key.bucket * SECONDS_PER_DAY;
            self.conn
                .prepare_cached(
                    "SELECT count(*), total(value), min(value), max(value) FROM measurements
                     WHERE metric_id = ?1 AND start_utc >= ?2 AND start_utc < ?3
                       AND source_id = ?4 AND intraday = ?5
                       AND start_utc + utc_offset >= ?6 AND start_utc + utc_offset < ?7",
                )?
                .query_row(
                    params![
                        key.metric_id,
                        day_start - MAX_OFFSET,
                        day_start + SECONDS_PER_DAY + MAX_OFFSET,
                        self.source_id,
                        key.intraday,
                        day_start,
                        day_start + SECONDS_PER_DAY
                    ],
                    |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
                )?
        };
        match (min, max) {
            (Some(min), Some(max)) if n > 0 => {
                self.conn
                    .prepare_cached(
                        "INSERT OR REPLACE INTO rollups
                             (metric_id, level, intraday, source_id, bucket, n, sum, min, max)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    )?
                    .execute(params![
                        key.metric_id,
                        key.level,
                        key.intraday,
                        self.source_id,
                        key.bucket,
                        n,
                        sum,
                        min,
                        max
                    ])?;
            }
            _ => {
                self.conn
                    .prepare_cached(
                        "DELETE FROM rollups WHERE metric_id = ?1 AND level = ?2 AND intraday = ?3
                           AND source_id = ?4 AND bucket = ?5",
                    )?
                    .execute(params![
                        key.metric_id,
                        key.level,
                        key.intraday,
                        self.source_id,
                        key.bucket
                    ])?;
            }
        }
        Ok(())
    }
}

fn merge_into(
    deltas: &mut HashMap<RollupKey, Aggregate>,
    keys: [RollupKey; 2],
    aggs: [Aggregate; 2],
) {
    for (key, agg) in keys.into_iter().zip(aggs) {
        deltas
            .entry(key)
            .and_modify(|d| {
                d.n += agg.n;
                d.sum += agg.sum;
                d.min = d.min.min(agg.min);
                d.max = d.max.max(agg.max);
            })
            .or_insert(agg);
    }
}

fn offset_i32(offset: i64) -> i32 {
    i32::try_from(offset).unwrap_or(0)
}
