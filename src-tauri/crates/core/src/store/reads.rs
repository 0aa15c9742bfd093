//! Every read the queries and exports make, as typed rows: the SQL of the
//! read side lives here and nowhere else, so `query/` and `export/` work on
//! plain values and the schema can change in one place.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::Store;
use super::types::LEVEL_DAY;
use crate::error::Result;
use crate::metric::Metric;
use crate::model::NightTotals;

/// One rollup row: what one source stored in one bucket of one tier.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct RollupRow {
    /// The bucket key: an hour's first UTC second, or a local day number.
    pub bucket: i64,
    pub source_id: i64,
    /// Intraday detail (`true`) or the source's reported values (`false`).
    pub intraday: bool,
    pub n: u64,
    pub sum: f64,
    pub min: f64,
    pub max: f64,
}

impl RollupRow {
    fn read(row: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(RollupRow {
            bucket: row.get(0)?,
            source_id: row.get(1)?,
            intraday: row.get(2)?,
            n: row.get::<_, i64>(3)?.unsigned_abs(),
            sum: row.get(4)?,
            min: row.get(5)?,
            max: row.get(6)?,
        })
    }
}

/// Per source, the day rollups of one metric: how many values, first and last day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RollupSummary {
    pub source_id: i64,
    pub count: u64,
    pub first_day: i64,
    pub last_day: i64,
}

/// One stored value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct MeasurementRow {
    pub start: i64,
    pub end: Option<i64>,
    pub value: f64,
    pub source_id: i64,
    pub detail: Option<String>,
}

impl MeasurementRow {
    fn read(row: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(MeasurementRow {
            start: row.get(0)?,
            end: row.get(1)?,
            value: row.get(2)?,
            source_id: row.get(3)?,
            detail: row.get(4)?,
        })
    }
}

/// Which stored values a scan returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tiers {
    /// What sources reported (samples, daily totals), without intraday detail.
    Reported,
    /// Only intraday detail.
    Intraday,
    Both,
}

impl Tiers {
    /// The `intraday` values to match, as `intraday IN (?, ?)`.
    fn flags(self) -> (bool, bool) {
        match self {
            Tiers::Reported => (false, false),
            Tiers::Intraday => (true, true),
            Tiers::Both => (false, true),
        }
    }
}

/// One stored sleep night.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct NightRow {
    pub source_id: i64,
    pub start: i64,
    pub end: i64,
    pub utc_offset: i32,
    pub totals: NightTotals,
}

/// One stored workout.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct WorkoutRow {
    pub source_id: i64,
    pub start: i64,
    pub end: i64,
    pub utc_offset: i32,
    pub kind: String,
    pub energy_kcal: Option<f64>,
    pub distance_m: Option<f64>,
}

const ROLLUP_COLUMNS: &str = "bucket, source_id, intraday, n, sum, min, max";
const MEASUREMENT_COLUMNS: &str = "start_utc, end_utc, value, source_id, detail";

/// The database id of source `name`, if it has ever stored anything.
pub(super) fn source_id(conn: &Connection, name: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM sources WHERE name = ?1")?
        .query_row([name], |row| row.get(0))
        .optional()?)
}

impl Store {
    /// One source's rollups of `metric` at `level` (both tiers), buckets in
    /// `[from, to)`, in no particular order.
    pub(crate) fn source_rollups(
        &self,
        metric: Metric,
        level: i64,
        source_id: i64,
        (from, to): (i64, i64),
    ) -> Result<Vec<RollupRow>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {ROLLUP_COLUMNS} FROM rollups
             WHERE metric_id = ?1 AND level = ?2 AND intraday IN (0, 1) AND source_id = ?3
               AND bucket >= ?4 AND bucket < ?5"
        ))?;
        let rows = stmt.query_map(
            params![self.metric_id(metric), level, source_id, from, to],
            RollupRow::read,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every source's day rollups of `metric` (both tiers), days in `[first, last]`.
    pub(crate) fn day_rollups(
        &self,
        metric: Metric,
        first: i64,
        last: i64,
    ) -> Result<Vec<RollupRow>> {
        // `source_id IN (SELECT …)` lets SQLite seek the primary key per source.
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {ROLLUP_COLUMNS} FROM rollups
             WHERE metric_id = ?1 AND level = ?2 AND intraday IN (0, 1)
               AND source_id IN (SELECT id FROM sources) AND bucket BETWEEN ?3 AND ?4"
        ))?;
        let rows = stmt.query_map(
            params![self.metric_id(metric), LEVEL_DAY, first, last],
            RollupRow::read,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Ids of the sources that have any day rollup of `metric`.
    pub(crate) fn sources_with_data(&self, metric: Metric) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.id FROM sources s WHERE EXISTS (
                 SELECT 1 FROM rollups r
                 WHERE r.metric_id = ?1 AND r.level = ?2 AND r.intraday IN (0, 1)
                   AND r.source_id = s.id)",
        )?;
        let rows = stmt.query_map(params![self.metric_id(metric), LEVEL_DAY], |row| {
            row.get::<_, i64>(0)
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Whether `source_id` has intraday detail of `metric` on a local day in `[first, last]`.
    pub(crate) fn has_intraday_days(
        &self,
        metric: Metric,
        source_id: i64,
        (first, last): (i64, i64),
    ) -> Result<bool> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM rollups WHERE metric_id = ?1 AND level = ?2
                 AND intraday = 1 AND source_id = ?3 AND bucket BETWEEN ?4 AND ?5)",
        )?;
        Ok(stmt.query_row(
            params![self.metric_id(metric), LEVEL_DAY, source_id, first, last],
            |row| row.get(0),
        )?)
    }

    /// Per source with data: the count of `metric`'s values and their day span.
    pub(crate) fn rollup_summaries(&self, metric: Metric) -> Result<Vec<RollupSummary>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT source_id, sum(n), min(bucket), max(bucket) FROM rollups
             WHERE metric_id = ?1 AND level = ?2 AND intraday IN (0, 1)
             GROUP BY source_id",
        )?;
        let rows = stmt.query_map(params![self.metric_id(metric), LEVEL_DAY], |row| {
            Ok(RollupSummary {
                source_id: row.get(0)?,
                count: row.get::<_, i64>(1)?.unsigned_abs(),
                first_day: row.get(2)?,
                last_day: row.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The start of `source_id`'s first value of `metric` at or after `from`.
    pub(crate) fn first_start_from(
        &self,
        metric: Metric,
        source_id: i64,
        from: i64,
    ) -> Result<Option<i64>> {
        // The identity index is (metric, start, source): the scan runs from
        // `from` until this source's row turns up.
        Ok(self
            .conn
            .prepare_cached(
                "SELECT start_utc FROM measurements WHERE metric_id = ?1 AND start_utc >= ?2
                   AND source_id = ?3 ORDER BY start_utc LIMIT 1",
            )?
            .query_row(params![self.metric_id(metric), from, source_id], |row| {
                row.get(0)
            })
            .optional()?)
    }

    /// The start of `source_id`'s last value of `metric` before `to`.
    pub(crate) fn last_start_before(
        &self,
        metric: Metric,
        source_id: i64,
        to: i64,
    ) -> Result<Option<i64>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT start_utc FROM measurements WHERE metric_id = ?1 AND start_utc < ?2
                   AND source_id = ?3 ORDER BY start_utc DESC LIMIT 1",
            )?
            .query_row(params![self.metric_id(metric), to, source_id], |row| {
                row.get(0)
            })
            .optional()?)
    }

    /// The most recent value of `metric` from any source, in `tiers`.
    pub(crate) fn latest_measurement(
        &self,
        metric: Metric,
        tiers: Tiers,
        source_id: i64,
        before: i64,
    ) -> Result<Option<MeasurementRow>> {
        let (a, b) = tiers.flags();
        // The identity index is (metric, start, source): the scan starts at
        // `before` (just past the source's last day) and walks back only
        // over that stretch's rows of other sources.
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {MEASUREMENT_COLUMNS} FROM measurements
                 WHERE metric_id = ?1 AND intraday IN (?2, ?3) AND source_id = ?4
                   AND start_utc < ?5
                 ORDER BY start_utc DESC LIMIT 1"
            ))?
            .query_row(
                params![self.metric_id(metric), a, b, source_id, before],
                MeasurementRow::read,
            )
            .optional()?)
    }

    /// Calls `each` for every value of `metric` in `tiers` starting in
    /// `[from, to)`, by start, without collecting them: an export streams
    /// millions of rows through here.
    pub(crate) fn for_each_measurement(
        &self,
        metric: Metric,
        (from, to): (i64, i64),
        tiers: Tiers,
        mut each: impl FnMut(MeasurementRow) -> Result<()>,
    ) -> Result<()> {
        let (a, b) = tiers.flags();
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {MEASUREMENT_COLUMNS} FROM measurements
             WHERE metric_id = ?1 AND start_utc >= ?2 AND start_utc < ?3 AND intraday IN (?4, ?5)
             ORDER BY start_utc"
        ))?;
        let mut rows = stmt.query(params![self.metric_id(metric), from, to, a, b])?;
        while let Some(row) = rows.next()? {
            each(MeasurementRow::read(row)?)?;
        }
        Ok(())
    }

    /// One source's values of `metric` starting in `[from, to)`, by start.
    pub(crate) fn source_measurements(
        &self,
        metric: Metric,
        source_id: i64,
        (from, to): (i64, i64),
    ) -> Result<Vec<MeasurementRow>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {MEASUREMENT_COLUMNS} FROM measurements
             WHERE metric_id = ?1 AND start_utc >= ?2 AND start_utc < ?3 AND source_id = ?4
             ORDER BY start_utc"
        ))?;
        let rows = stmt.query_map(
            params![self.metric_id(metric), from, to, source_id],
            MeasurementRow::read,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Sleep nights of every source starting in `[from, to)`, by start.
    pub(crate) fn night_rows(&self, (from, to): (i64, i64)) -> Result<Vec<NightRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT source_id, start_utc, end_utc, utc_offset, asleep, light, deep, rem, awake,
                    latency, wakeups
             FROM sleep_nights WHERE start_utc >= ?1 AND start_utc < ?2 ORDER BY start_utc",
        )?;
        let rows = stmt.query_map(params![from, to], |row| {
            Ok(NightRow {
                source_id: row.get(0)?,
                start: row.get(1)?,
                end: row.get(2)?,
                utc_offset: row.get(3)?,
                totals: NightTotals {
                    asleep: row.get(4)?,
                    light: row.get(5)?,
                    deep: row.get(6)?,
                    rem: row.get(7)?,
                    awake: row.get(8)?,
                    latency: row.get(9)?,
                    wakeups: row.get(10)?,
                },
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Workouts of every source that overlap `[from, to)`, by start.
    pub(crate) fn workout_rows(&self, (from, to): (i64, i64)) -> Result<Vec<WorkoutRow>> {
        // Workouts last hours at most: a day's look-back lets the start index
        // bound the scan and still finds one that began before `from`.
        let mut stmt = self.conn.prepare_cached(
            "SELECT source_id, start_utc, end_utc, utc_offset, kind, energy_kcal, distance_m
             FROM workouts WHERE start_utc >= ?1 - 86400 AND start_utc < ?2 AND end_utc > ?1
             ORDER BY start_utc",
        )?;
        let rows = stmt.query_map(params![from, to], |row| {
            Ok(WorkoutRow {
                source_id: row.get(0)?,
                start: row.get(1)?,
                end: row.get(2)?,
                utc_offset: row.get(3)?,
                kind: row.get(4)?,
                energy_kcal: row.get(5)?,
                distance_m: row.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
