//! Bucketing as pure functions: cells (rollup rows, raw values or daily
//! values, each tagged with its source's rank) fall into the buckets of a
//! [`Grid`]; each bucket keeps the best-ranked source that has data in it.
//! No SQL here, so every rule is unit-tested on plain values.
//!
//! ```text
//!   cells ──▶ Grid::bucket_of(key) ──▶ per (bucket, rank) accumulate ──▶ best rank per bucket
//! ```

use std::collections::HashMap;

use chrono::{Datelike, Months, NaiveDate};

use crate::time::{Zone, date_to_day_number, day_number_to_date};

/// One value to combine: a rollup row, a raw value or a day's value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Cell {
    /// Where the cell lies on its grid: a local day number for day-based
    /// grids, UTC seconds for [`Grid::Seconds`].
    pub key: i64,
    /// The source's rank; lower wins.
    pub rank: usize,
    pub n: u64,
    pub sum: f64,
    pub min: f64,
    pub max: f64,
}

impl Cell {
    /// A single value.
    pub fn single(key: i64, rank: usize, value: f64) -> Self {
        Cell {
            key,
            rank,
            n: 1,
            sum: value,
            min: value,
            max: value,
        }
    }
}

/// How keys fall into buckets and which UTC span a bucket covers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Grid {
    /// Buckets of this many seconds, aligned to the Unix epoch.
    Seconds(i64),
    /// Buckets of this many local days, aligned to 1970-01-01, from local
    /// midnight to local midnight (23 or 25 hours a day across DST).
    Days { days: i64, zone: Zone },
    /// ISO weeks, Monday to Monday, in local time.
    Weeks(Zone),
    /// Calendar months, from the 1st to the 1st, in local time.
    Months(Zone),
}

impl Grid {
    /// The key of the first unit of `key`'s bucket.
    pub fn bucket_of(self, key: i64) -> i64 {
        match self {
            Grid::Seconds(width) => key - key.rem_euclid(width),
            Grid::Days { days, .. } => key - key.rem_euclid(days),
            // Day 0 (1970-01-01) was a Thursday, three days after a Monday.
            Grid::Weeks(_) => key - (key + 3).rem_euclid(7),
            Grid::Months(_) => {
                let date = day_number_to_date(key);
                date_to_day_number(date.with_day(1).unwrap_or(date))
            }
        }
    }

    /// The bucket that starts at `bucket` (a key from [`Grid::bucket_of`])
    /// as `[from, to)` in UTC seconds.
    pub fn span(self, bucket: i64) -> (i64, i64) {
        match self {
            Grid::Seconds(width) => (bucket, bucket + width),
            Grid::Days { days, zone } => local_days(zone, bucket, bucket + days),
            Grid::Weeks(zone) => local_days(zone, bucket, bucket + 7),
            Grid::Months(zone) => local_days(zone, bucket, next_month(bucket)),
        }
    }

    /// The bucket that starts at `bucket` as local dates, `[first, after)`.
    pub fn dates(self, bucket: i64) -> (NaiveDate, NaiveDate) {
        let after = match self {
            Grid::Seconds(width) => bucket + width, // keys are not days; unused
            Grid::Days { days, .. } => bucket + days,
            Grid::Weeks(_) => bucket + 7,
            Grid::Months(_) => next_month(bucket),
        };
        (day_number_to_date(bucket), day_number_to_date(after))
    }
}

fn local_days(zone: Zone, first: i64, after: i64) -> (i64, i64) {
    (
        zone.start_of_day(day_number_to_date(first)),
        zone.start_of_day(day_number_to_date(after)),
    )
}

/// The day number of the 1st of the month after the one `day` is in.
fn next_month(day: i64) -> i64 {
    let date = day_number_to_date(day);
    let first = date.with_day(1).unwrap_or(date);
    date_to_day_number(first.checked_add_months(Months::new(1)).unwrap_or(first))
}

/// What a bucket shows as its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ValueOf {
    /// The mean of the values (samples).
    Mean,
    /// The total of the cells (an interval metric's sub-day buckets).
    Total,
    /// The total divided by the cells (an interval metric's mean per day).
    MeanPerCell,
}

/// What a bucket's min and max range over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Extremes {
    /// The values the cells summarise.
    OfValues,
    /// The cells' totals (daily totals in a week of steps).
    OfTotals,
}

/// How a bucket combines its cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Combine {
    pub value: ValueOf,
    pub extremes: Extremes,
}

/// One bucket of one source.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Bucket {
    /// The key of the bucket's first unit (see [`Grid::bucket_of`]).
    pub key: i64,
    /// `[from, to)`, UTC seconds.
    pub from: i64,
    pub to: i64,
    /// The rank of the source the bucket shows.
    pub rank: usize,
    /// Cells combined: hours, days or values.
    pub cells: u64,
    /// Values summarised.
    pub n: u64,
    pub sum: f64,
    pub min: f64,
    pub max: f64,
    /// What to show, per [`ValueOf`].
    pub value: f64,
}

#[derive(Clone, Copy, Debug)]
struct Acc {
    cells: u64,
    n: u64,
    sum: f64,
    min: f64,
    max: f64,
}

impl Acc {
    fn new() -> Self {
        Acc {
            cells: 0,
            n: 0,
            sum: 0.0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
        }
    }

    fn add(&mut self, cell: &Cell, extremes: Extremes) {
        self.cells += 1;
        self.n += cell.n;
        self.sum += cell.sum;
        let (lo, hi) = match extremes {
            Extremes::OfValues => (cell.min, cell.max),
            Extremes::OfTotals => (cell.sum, cell.sum),
        };
        self.min = self.min.min(lo);
        self.max = self.max.max(hi);
    }

    fn value(&self, value: ValueOf) -> f64 {
        match value {
            ValueOf::Mean => self.sum / self.n as f64,
            ValueOf::Total => self.sum,
            ValueOf::MeanPerCell => self.sum / self.cells as f64,
        }
    }
}

/// Buckets `cells` on `grid`; each bucket from its best-ranked source (a
/// watch and a phone counting the same steps are never added together).
/// Buckets come in time order.
pub(crate) fn bucket(
    cells: impl IntoIterator<Item = Cell>,
    grid: Grid,
    combine: Combine,
) -> Vec<Bucket> {
    let mut accs: HashMap<(i64, usize), Acc> = HashMap::new();
    for cell in cells {
        accs.entry((grid.bucket_of(cell.key), cell.rank))
            .or_insert_with(Acc::new)
            .add(&cell, combine.extremes);
    }
    let mut best: HashMap<i64, (usize, Acc)> = HashMap::new();
    for ((key, rank), acc) in accs {
        let slot = best.entry(key).or_insert((rank, acc));
        if rank < slot.0 {
            *slot = (rank, acc);
        }
    }
    let mut out: Vec<Bucket> = best
        .into_iter()
        .map(|(key, (rank, acc))| {
            let (from, to) = grid.span(key);
            Bucket {
                key,
                from,
                to,
                rank,
                cells: acc.cells,
                n: acc.n,
                sum: acc.sum,
                min: acc.min,
                max: acc.max,
                value: acc.value(combine.value),
            }
        })
        .collect();
    out.sort_unstable_by_key(|b| b.key);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: i64 = 3600;
    const DAY: i64 = 86_400;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn day(s: &str) -> i64 {
        date_to_day_number(date(s))
    }

    fn zone(s: &str) -> Zone {
        s.parse().unwrap()
    }

    const DAILY_MEANS: Combine = Combine {
        value: ValueOf::MeanPerCell,
        extremes: Extremes::OfTotals,
    };
    const SAMPLES: Combine = Combine {
        value: ValueOf::Mean,
        extremes: Extremes::OfValues,
    };

    fn daily(day_key: i64, rank: usize, total: f64) -> Cell {
        Cell::single(day_key, rank, total)
    }

    #[test]
    fn day_buckets_span_23_and_25_hours_across_dst() {
        let paris = Grid::Days {
            days: 1,
            zone: zone("Europe/Paris"),
        };
        let (from, to) = paris.span(day("2026-03-29"));
        assert_eq!(to - from, 23 * HOUR);
        assert_eq!(from, 1_774_738_800, "2026-03-29T00:00+01:00");
        let new_york = Grid::Days {
            days: 1,
            zone: zone("America/New_York"),
        };
        let (from, to) = new_york.span(day("2026-11-01"));
        assert_eq!(to - from, 25 * HOUR);
        assert_eq!(from, 1_793_505_600, "2026-11-01T00:00-04:00");
    }

    #[test]
    fn a_half_hour_zone_starts_its_days_at_1830_utc() {
        let india = Grid::Days {
            days: 1,
            zone: zone("+05:30"),
        };
        let (from, to) = india.span(day("2026-03-10"));
        assert_eq!(from, day("2026-03-09") * DAY + 18 * HOUR + 30 * 60);
        assert_eq!(to - from, DAY);
    }

    #[test]
    fn k_day_buckets_align_to_the_epoch_and_pick_the_best_source() {
        let grid = Grid::Days {
            days: 3,
            zone: zone("Europe/Paris"),
        };
        let first = day("2026-03-28"); // day 20_540, a multiple of 3 plus 2
        let cells = [
            daily(first, 1, 9000.0),     // demo, alone in its bucket
            daily(first + 1, 1, 1000.0), // demo, loses to withings below
            daily(first + 1, 0, 4000.0),
            daily(first + 2, 0, 8000.0),
        ];
        let buckets = bucket(cells, grid, DAILY_MEANS);
        let starts: Vec<i64> = buckets.iter().map(|b| b.key).collect();
        assert_eq!(starts, [first - 2, first + 1]);
        assert_eq!(buckets[0].rank, 1);
        assert_eq!(buckets[0].value, 9000.0);
        let b = buckets[1];
        assert_eq!((b.rank, b.cells, b.sum, b.value), (0, 2, 12_000.0, 6000.0));
        assert_eq!((b.min, b.max), (4000.0, 8000.0), "ranges over daily totals");
        // 29 March (23 h) lies in the second bucket: 3 days less an hour.
        assert_eq!(b.to - b.from, 3 * DAY - HOUR);
    }

    #[test]
    fn hour_and_second_buckets_follow_utc() {
        let paris_midnight = 1_774_738_800; // 2026-03-29T00:00+01:00, 23:00 UTC
        let utc_midnight = paris_midnight + HOUR;
        let hour = |key, n: u64, mean: f64, min, max| Cell {
            key,
            rank: 0,
            n,
            sum: n as f64 * mean,
            min,
            max,
        };
        let cells = [
            hour(utc_midnight, 60, 70.0, 55.0, 90.0),
            hour(utc_midnight + HOUR, 30, 64.0, 60.0, 70.0),
        ];
        let hours = bucket(cells, Grid::Seconds(HOUR), SAMPLES);
        assert_eq!(hours.len(), 2);
        assert_eq!((hours[1].from, hours[1].value), (utc_midnight + HOUR, 64.0));
        let [two] = bucket(cells, Grid::Seconds(2 * HOUR), SAMPLES)
            .try_into()
            .unwrap();
        assert_eq!((two.from, two.to), (utc_midnight, utc_midnight + 2 * HOUR));
        assert_eq!((two.n, two.value, two.min, two.max), (90, 68.0, 55.0, 90.0));
        let [totals] = bucket(
            cells,
            Grid::Seconds(2 * HOUR),
            Combine {
                value: ValueOf::Total,
                extremes: Extremes::OfTotals,
            },
        )
        .try_into()
        .unwrap();
        assert_eq!(totals.value, 6120.0);
        assert_eq!((totals.min, totals.max), (1920.0, 4200.0));
        // Local midnight in Paris is 23:00 UTC: a 2-hour bucket starts at 22:00 UTC.
        let [late] = bucket(
            [hour(paris_midnight, 1, 50.0, 50.0, 50.0)],
            Grid::Seconds(2 * HOUR),
            SAMPLES,
        )
        .try_into()
        .unwrap();
        assert_eq!(late.from, paris_midnight - HOUR);
    }

    #[test]
    fn iso_weeks_start_on_monday_and_span_dst_in_local_time() {
        let paris = Grid::Weeks(zone("Europe/Paris"));
        // Thursday 1970-01-01 is in the week of Monday 1969-12-29.
        assert_eq!(paris.bucket_of(0), -3);
        // Friday 2027-01-01 belongs to the week of Monday 2026-12-28.
        assert_eq!(paris.bucket_of(day("2027-01-01")), day("2026-12-28"));
        assert_eq!(paris.bucket_of(day("2026-03-29")), day("2026-03-23"));
        assert_eq!(paris.bucket_of(day("2026-03-30")), day("2026-03-30"));
        let (from, to) = paris.span(day("2026-03-23"));
        assert_eq!(to - from, 7 * DAY - HOUR, "the week of the spring change");
        let new_york = Grid::Weeks(zone("America/New_York"));
        let (from, to) = new_york.span(day("2026-10-26"));
        assert_eq!(to - from, 7 * DAY + HOUR, "the week of the autumn change");
        assert_eq!(
            paris.dates(day("2026-03-23")),
            (date("2026-03-23"), date("2026-03-30"))
        );
    }

    #[test]
    fn months_run_from_the_first_and_roll_december_into_the_next_year() {
        let new_york = Grid::Months(zone("America/New_York"));
        assert_eq!(new_york.bucket_of(day("2026-03-31")), day("2026-03-01"));
        assert_eq!(
            new_york.dates(day("2026-12-01")),
            (date("2026-12-01"), date("2027-01-01"))
        );
        let (from, to) = new_york.span(day("2026-03-01"));
        assert_eq!(to - from, 31 * DAY - HOUR, "March loses an hour on the 8th");
        let india = Grid::Months(zone("+05:30"));
        let (from, to) = india.span(day("2026-02-01"));
        assert_eq!(to - from, 28 * DAY);
        assert_eq!(from, day("2026-01-31") * DAY + 18 * HOUR + 30 * 60);
    }

    #[test]
    fn no_cells_no_buckets() {
        assert!(bucket([], Grid::Seconds(60), SAMPLES).is_empty());
    }
}
