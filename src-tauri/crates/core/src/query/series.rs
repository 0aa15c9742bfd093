//! Chart series: at most `max_points` points for any range, read from the
//! coarsest data that still fills the chart.
//!
//! ```text
//!   width = range / max_points
//!   width > 12 hours              → day rollups, k-day buckets (local days)
//!   range has ≥ max_points/4 hours → hour rollups, h-hour buckets (h divides 24)
//!   otherwise                     → raw rows, as they are or in short buckets
//! ```
//!
//! So ten years at 1,000 points read ~3,650 day rows per source, one month
//! ~720 hour rows, and only ranges under ~10 days touch raw rows.

use std::collections::HashMap;

use rusqlite::params;

use super::{SourcePriority, TimeRange};
use crate::error::{Error, Result};
use crate::metric::{Metric, MetricKind};
use crate::source::SourceId;
use crate::store::{LEVEL_DAY, LEVEL_HOUR, Store};
use crate::time::{SECONDS_PER_DAY, Zone, date_to_day_number, day_number_to_date};

const SECONDS_PER_HOUR: i64 = 3600;
/// Hour buckets come in these sizes (hours), all dividing a day.
const HOUR_BUCKETS: &[i64] = &[1, 2, 3, 4, 6, 8, 12];
/// Raw buckets snap to these widths so that panning keeps bucket edges stable.
const RAW_BUCKET_WIDTHS: &[i64] = &[60, 120, 300, 600, 900, 1200, 1800, 3600];

#[derive(Clone, Debug, PartialEq)]
pub struct SeriesRequest {
    pub metric: Metric,
    pub range: TimeRange,
    pub max_points: usize,
    /// Only these sources; every source when empty.
    pub sources: Vec<SourceId>,
    /// The calendar of day buckets: where the viewer's days begin.
    pub zone: Zone,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "level", rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Resolution {
    /// One point per stored value.
    Raw,
    /// Buckets of this many seconds, aligned to the Unix epoch.
    Seconds { seconds: i64 },
    /// Buckets of this many local days.
    Days { days: i64 },
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Point {
    /// Bucket (or record) start, Unix seconds UTC.
    pub t: i64,
    /// Bucket (or record) end; equals `t` for a raw point sample.
    pub end: i64,
    /// What to plot. Samples and nights: the mean. Interval metrics (steps,
    /// energy): the total of the bucket, or in day buckets the mean per day.
    // A finite f64 (records are validated), so `number`, not specta's `number | null`.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub value: f64,
    /// Smallest and largest value the bucket summarises (daily totals in day
    /// buckets of interval metrics).
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub min: f64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub max: f64,
    /// How many values the point summarises.
    pub n: u64,
    /// Index into [`Series::sources`].
    pub source: usize,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Series {
    pub metric: Metric,
    pub unit: &'static str,
    pub kind: MetricKind,
    /// The range asked for: a chart spans it even where there is no data.
    pub range: TimeRange,
    pub resolution: Resolution,
    /// Sources with data for the metric, best first.
    pub sources: Vec<SourceId>,
    pub points: Vec<Point>,
}

/// One rollup row, or one raw row, seen as a value to combine.
#[derive(Clone, Copy, Debug)]
struct Cell {
    n: u64,
    sum: f64,
    min: f64,
    max: f64,
}

impl Cell {
    fn single(value: f64) -> Self {
        Cell {
            n: 1,
            sum: value,
            min: value,
            max: value,
        }
    }

    fn merge(&mut self, other: Cell) {
        self.n += other.n;
        self.sum += other.sum;
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
    }
}

/// Per output bucket and source: what the bucket will show if that source wins.
#[derive(Clone, Copy, Debug)]
struct BucketAcc {
    /// Sub-cells combined (hours or days for interval metrics).
    units: u64,
    /// For interval metrics, the sum of sub-cell totals; else the sum of values.
    sum: f64,
    n: u64,
    min: f64,
    max: f64,
}

impl BucketAcc {
    fn new() -> Self {
        BucketAcc {
            units: 0,
            sum: 0.0,
            n: 0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
        }
    }

    /// Adds one cell. An interval metric's cell counts as one total (min and
    /// max range over totals); a sample cell brings its own min and max.
    fn add(&mut self, cell: Cell, additive: bool) {
        self.units += 1;
        self.sum += cell.sum;
        self.n += cell.n;
        let (lo, hi) = if additive {
            (cell.sum, cell.sum)
        } else {
            (cell.min, cell.max)
        };
        self.min = self.min.min(lo);
        self.max = self.max.max(hi);
    }

    fn value(&self, additive: bool, per_unit: bool) -> f64 {
        match (additive, per_unit) {
            (true, true) => self.sum / self.units as f64,
            (true, false) => self.sum,
            _ => self.sum / self.n as f64,
        }
    }
}

pub fn series(store: &Store, req: &SeriesRequest, priority: &SourcePriority) -> Result<Series> {
    let metric = req.metric;
    if metric.kind() == MetricKind::Stage {
        return Err(Error::NoSeries {
            metric: metric.id(),
            why: "sleep stages are shown per night (see sleep nights)",
        });
    }
    let range = TimeRange::new(req.range.from, req.range.to)?;
    let max_points = i64::try_from(req.max_points.clamp(2, 100_000)).unwrap_or(1000);
    let sources = ranked_sources(store, metric, &req.sources, priority)?;
    let additive = metric.kind().is_additive();

    let span = range.seconds();
    let width = ceil_div(span, max_points);
    // Hour buckets snap to divisors of a day, so that buckets never straddle
    // midnight; past 12 hours the next natural size is a day.
    let hours = HOUR_BUCKETS
        .iter()
        .copied()
        .find(|h| h * SECONDS_PER_HOUR >= width);
    let mut plan = match hours {
        None => Plan::Days(ceil_div(width, SECONDS_PER_DAY)),
        Some(h) if span / SECONDS_PER_HOUR >= max_points / 4 => Plan::Hours(h),
        Some(_) => Plan::Raw(width),
    };
    // Below a day, interval metrics need intraday detail; daily totals are
    // the finest a source without it has.
    if additive
        && !matches!(plan, Plan::Days(_))
        && !has_intraday(store, metric, &sources, range, req.zone)?
    {
        plan = Plan::Days(1);
    }

    let ctx = Ctx {
        store,
        metric_id: store.metric_id(metric),
        sources: &sources,
        additive,
        range,
        zone: req.zone,
    };
    let (resolution, points) = match plan {
        Plan::Days(days) => (Resolution::Days { days }, ctx.day_points(days)?),
        Plan::Hours(hours) => (
            Resolution::Seconds {
                seconds: hours * SECONDS_PER_HOUR,
            },
            ctx.hour_points(hours)?,
        ),
        Plan::Raw(width) => ctx.raw_points(width, max_points)?,
    };
    Ok(Series {
        metric,
        unit: metric.unit(),
        kind: metric.kind(),
        range,
        resolution,
        sources: sources.into_iter().map(|(_, s)| s).collect(),
        points,
    })
}

/// Which tier of a source's data a level shows: reported totals, intraday
/// detail, or (for samples, where nothing is double-counted) both.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tiers {
    Both,
    /// Day buckets of interval metrics: the source's own daily totals where it
    /// reported them, else the sum of its intraday detail.
    PreferReported,
    /// Sub-day buckets of interval metrics: daily totals would pile up at
    /// midnight, so only intraday detail.
    IntradayOnly,
}

#[derive(Clone, Copy, Debug)]
enum Plan {
    Days(i64),
    Hours(i64),
    Raw(i64),
}

struct Ctx<'a> {
    store: &'a Store,
    metric_id: i64,
    /// (database id, source), best first.
    sources: &'a [(i64, SourceId)],
    additive: bool,
    range: TimeRange,
    zone: Zone,
}

impl Ctx<'_> {
    fn day_span(&self) -> (i64, i64) {
        (
            date_to_day_number(self.zone.local_date(self.range.from)),
            date_to_day_number(self.zone.local_date(self.range.to - 1)),
        )
    }

    /// Cells of one rollup level for one source, with tiers resolved.
    fn cells(
        &self,
        level: i64,
        source_id: i64,
        from: i64,
        to: i64,
        tiers: Tiers,
    ) -> Result<Vec<(i64, Cell)>> {
        let mut stmt = self.store.conn().prepare_cached(
            "SELECT bucket, intraday, n, sum, min, max FROM rollups
             WHERE metric_id = ?1 AND level = ?2 AND intraday IN (0, 1) AND source_id = ?3
               AND bucket >= ?4 AND bucket < ?5",
        )?;
        let rows = stmt.query_map(params![self.metric_id, level, source_id, from, to], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, bool>(1)?,
                Cell {
                    n: row.get::<_, i64>(2)?.unsigned_abs(),
                    sum: row.get(3)?,
                    min: row.get(4)?,
                    max: row.get(5)?,
                },
            ))
        })?;
        // Rows come tier 0 first, then tier 1, each by bucket.
        let mut by_bucket: HashMap<i64, (Option<Cell>, Option<Cell>)> = HashMap::new();
        for row in rows {
            let (bucket, intraday, cell) = row?;
            let slot = by_bucket.entry(bucket).or_insert((None, None));
            if intraday {
                slot.1 = Some(cell);
            } else {
                slot.0 = Some(cell);
            }
        }
        let mut out: Vec<(i64, Cell)> = by_bucket
            .into_iter()
            .filter_map(|(bucket, (reported, intraday))| {
                let cell = match (tiers, reported, intraday) {
                    (Tiers::IntradayOnly, _, detail) => detail,
                    (Tiers::PreferReported, Some(a), _) => Some(a),
                    (Tiers::Both, Some(mut a), Some(b)) => {
                        a.merge(b);
                        Some(a)
                    }
                    (_, a, b) => a.or(b),
                };
                cell.map(|c| (bucket, c))
            })
            .collect();
        out.sort_unstable_by_key(|(bucket, _)| *bucket);
        Ok(out)
    }

    fn tiers(&self, for_additive: Tiers) -> Tiers {
        if self.additive {
            for_additive
        } else {
            Tiers::Both
        }
    }

    fn day_points(&self, days: i64) -> Result<Vec<Point>> {
        let (first, last) = self.day_span();
        let mut buckets: BucketMap = HashMap::new();
        for (rank, (source_id, _)) in self.sources.iter().enumerate() {
            for (day, cell) in self.cells(
                LEVEL_DAY,
                *source_id,
                first,
                last + 1,
                self.tiers(Tiers::PreferReported),
            )? {
                let bucket = day - day.rem_euclid(days);
                add_to_bucket(&mut buckets, bucket, rank, cell, self.additive);
            }
        }
        Ok(pick_sources(buckets, self.additive, true, |bucket| {
            (
                self.zone.start_of_day(day_number_to_date(bucket)),
                self.zone.start_of_day(day_number_to_date(bucket + days)),
            )
        }))
    }

    fn hour_points(&self, hours: i64) -> Result<Vec<Point>> {
        let width = hours * SECONDS_PER_HOUR;
        let from = self.range.from - self.range.from.rem_euclid(SECONDS_PER_HOUR);
        let mut buckets: BucketMap = HashMap::new();
        for (rank, (source_id, _)) in self.sources.iter().enumerate() {
            for (hour, cell) in self.cells(
                LEVEL_HOUR,
                *source_id,
                from,
                self.range.to,
                self.tiers(Tiers::IntradayOnly),
            )? {
                let bucket = hour - hour.rem_euclid(width);
                add_to_bucket(&mut buckets, bucket, rank, cell, self.additive);
            }
        }
        Ok(pick_sources(buckets, self.additive, false, |bucket| {
            (bucket, bucket + width)
        }))
    }

    fn raw_points(&self, width: i64, max_points: i64) -> Result<(Resolution, Vec<Point>)> {
        let rank_of: HashMap<i64, usize> = self
            .sources
            .iter()
            .enumerate()
            .map(|(rank, (id, _))| (*id, rank))
            .collect();
        let mut stmt = self.store.conn().prepare_cached(
            "SELECT start_utc, end_utc, value, source_id, intraday FROM measurements
             WHERE metric_id = ?1 AND start_utc >= ?2 AND start_utc < ?3
             ORDER BY start_utc",
        )?;
        let rows = stmt.query_map(
            params![self.metric_id, self.range.from, self.range.to],
            |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, Option<i64>>(1)?,
                    row.get::<_, f64>(2)?,
                    row.get::<_, i64>(3)?,
                    row.get::<_, bool>(4)?,
                ))
            },
        )?;
        let mut kept = Vec::new();
        for row in rows {
            let (start, end, value, source_id, intraday) = row?;
            let Some(&rank) = rank_of.get(&source_id) else {
                continue;
            };
            if self.additive && !intraday {
                continue; // reported totals; intraday detail covers this range
            }
            kept.push((start, end, value, rank));
        }
        // Per hour, only the best-ranked source that has data there.
        let mut best: HashMap<i64, usize> = HashMap::new();
        for &(start, _, _, rank) in &kept {
            let hour = start.div_euclid(SECONDS_PER_HOUR);
            let entry = best.entry(hour).or_insert(rank);
            *entry = (*entry).min(rank);
        }
        kept.retain(|&(start, _, _, rank)| {
            best.get(&start.div_euclid(SECONDS_PER_HOUR)) == Some(&rank)
        });

        if i64::try_from(kept.len()).unwrap_or(i64::MAX) <= max_points {
            let points = kept
                .into_iter()
                .map(|(start, end, value, source)| Point {
                    t: start,
                    end: end.unwrap_or(start),
                    value,
                    min: value,
                    max: value,
                    n: 1,
                    source,
                })
                .collect();
            return Ok((Resolution::Raw, points));
        }
        let width = RAW_BUCKET_WIDTHS
            .iter()
            .copied()
            .find(|w| *w >= width)
            .unwrap_or(SECONDS_PER_HOUR);
        let mut buckets: BucketMap = HashMap::new();
        for (start, _, value, rank) in kept {
            let bucket = start - start.rem_euclid(width);
            add_to_bucket(&mut buckets, bucket, rank, Cell::single(value), false);
        }
        let points = pick_sources(buckets, self.additive, false, |bucket| {
            (bucket, bucket + width)
        });
        Ok((Resolution::Seconds { seconds: width }, points))
    }
}

/// `a / b` rounded up, for positive `b`.
fn ceil_div(a: i64, b: i64) -> i64 {
    a.div_euclid(b) + i64::from(a.rem_euclid(b) != 0)
}

/// bucket → per source rank → accumulator.
type BucketMap = HashMap<i64, Vec<(usize, BucketAcc)>>;

fn add_to_bucket(buckets: &mut BucketMap, bucket: i64, rank: usize, cell: Cell, additive: bool) {
    let per_source = buckets.entry(bucket).or_default();
    match per_source.iter_mut().find(|(r, _)| *r == rank) {
        Some((_, acc)) => acc.add(cell, additive),
        None => {
            let mut acc = BucketAcc::new();
            acc.add(cell, additive);
            per_source.push((rank, acc));
        }
    }
}

/// Turns buckets into points, each from its best-ranked source.
fn pick_sources(
    buckets: BucketMap,
    additive: bool,
    per_unit: bool,
    span: impl Fn(i64) -> (i64, i64),
) -> Vec<Point> {
    let mut points: Vec<Point> = buckets
        .into_iter()
        .filter_map(|(bucket, per_source)| {
            let (rank, acc) = per_source.into_iter().min_by_key(|(rank, _)| *rank)?;
            let (t, end) = span(bucket);
            Some(Point {
                t,
                end,
                value: acc.value(additive, per_unit),
                min: acc.min,
                max: acc.max,
                n: acc.n,
                source: rank,
            })
        })
        .collect();
    points.sort_unstable_by_key(|p| p.t);
    points
}

/// Sources with data for `metric`, filtered to `only` when given, best first.
fn ranked_sources(
    store: &Store,
    metric: Metric,
    only: &[SourceId],
    priority: &SourcePriority,
) -> Result<Vec<(i64, SourceId)>> {
    let names = store.source_names()?;
    let mut stmt = store.conn().prepare_cached(
        "SELECT s.id FROM sources s WHERE EXISTS (
             SELECT 1 FROM rollups r
             WHERE r.metric_id = ?1 AND r.level = 1 AND r.intraday IN (0, 1) AND r.source_id = s.id)",
    )?;
    let ids = stmt.query_map([store.metric_id(metric)], |row| row.get::<_, i64>(0))?;
    let mut out = Vec::new();
    for id in ids {
        let id = id?;
        if let Some(source) = names.get(&id)
            && (only.is_empty() || only.contains(source))
        {
            out.push((id, source.clone()));
        }
    }
    out.sort_by_key(|(_, s)| priority.rank(metric, s));
    Ok(out)
}

fn has_intraday(
    store: &Store,
    metric: Metric,
    sources: &[(i64, SourceId)],
    range: TimeRange,
    zone: Zone,
) -> Result<bool> {
    let first = date_to_day_number(zone.local_date(range.from)) - 1;
    let last = date_to_day_number(zone.local_date(range.to - 1)) + 1;
    let mut stmt = store.conn().prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM rollups WHERE metric_id = ?1 AND level = 1 AND intraday = 1
             AND source_id = ?2 AND bucket BETWEEN ?3 AND ?4)",
    )?;
    for (id, _) in sources {
        if stmt.query_row(params![store.metric_id(metric), id, first, last], |row| {
            row.get::<_, bool>(0)
        })? {
            return Ok(true);
        }
    }
    Ok(false)
}
