//! Calendar roll-ups of daily values: ISO weeks (Monday to Monday) and
//! calendar months, so that bars over years stay readable. A bucket sums the
//! days that have a value and averages over them (a missing day is not a
//! zero); its UTC span runs from local midnight to local midnight in the
//! viewer's zone, 23 or 25 hours shorter or longer across DST.

use chrono::NaiveDate;

use super::bucket::{Cell, Combine, Extremes, Grid, ValueOf, bucket};
use super::{DailyValue, SourcePriority, daily_values};
use crate::error::Result;
use crate::metric::Metric;
use crate::source::SourceId;
use crate::store::Store;
use crate::time::{Zone, date_to_day_number};

/// How many days a bar covers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Granularity {
    #[default]
    Day,
    /// ISO weeks, starting on Monday.
    Week,
    /// Calendar months.
    Month,
}

impl Granularity {
    fn grid(self, zone: Zone) -> Grid {
        match self {
            Granularity::Day => Grid::Days { days: 1, zone },
            Granularity::Week => Grid::Weeks(zone),
            Granularity::Month => Grid::Months(zone),
        }
    }
}

/// Daily values rolled up into a day, an ISO week or a calendar month.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DailyBucket {
    /// The bucket's first local day: the day itself, a Monday, or the 1st.
    pub start: NaiveDate,
    /// The first local day after the bucket.
    pub end: NaiveDate,
    /// `[from, to)`, Unix seconds UTC: the local midnights that bound it.
    pub from: i64,
    pub to: i64,
    /// The sum of the daily values (a week's steps).
    // Finite f64s (records are validated), so `number`, not specta's `number | null`.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub sum: f64,
    /// The mean over the days that have a value (steps per day).
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub mean: f64,
    /// The smallest and largest daily value.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub min: f64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub max: f64,
    /// Days with a value.
    pub days: u64,
}

/// Rolls `days` up into buckets of `granularity` in `zone`, oldest first.
pub fn calendar_buckets(
    days: &[DailyValue],
    granularity: Granularity,
    zone: Zone,
) -> Vec<DailyBucket> {
    // Each day is one cell whose total is its value; its source was chosen
    // per day already, so every day counts (rank 0).
    let cells = days
        .iter()
        .map(|d| Cell::single(date_to_day_number(d.date), 0, d.value));
    let combine = Combine {
        value: ValueOf::MeanPerCell,
        extremes: Extremes::OfTotals,
    };
    let grid = granularity.grid(zone);
    bucket(cells, grid, combine)
        .into_iter()
        .map(|b| {
            let (start, end) = grid.dates(b.key);
            DailyBucket {
                start,
                end,
                from: b.from,
                to: b.to,
                sum: b.sum,
                mean: b.value,
                min: b.min,
                max: b.max,
                days: b.cells,
            }
        })
        .collect()
}

/// What [`daily_buckets`] rolls up.
#[derive(Clone, Debug, PartialEq)]
pub struct DailyBucketsRequest<'a> {
    pub metric: Metric,
    /// First and last local day, inclusive.
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// Only these sources; every source when empty.
    pub sources: &'a [SourceId],
    pub granularity: Granularity,
    /// The viewer's zone: where buckets begin and end.
    pub zone: Zone,
}

/// [`daily_values`] of `first..=last`, rolled up per `granularity`.
pub fn daily_buckets(
    store: &Store,
    request: &DailyBucketsRequest<'_>,
    priority: &SourcePriority,
) -> Result<Vec<DailyBucket>> {
    let days = daily_values(
        store,
        request.metric,
        request.first,
        request.last,
        request.sources,
        priority,
    )?;
    Ok(calendar_buckets(&days, request.granularity, request.zone))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn day(on: NaiveDate, value: f64) -> DailyValue {
        DailyValue {
            date: on,
            value,
            min: value,
            max: value,
            n: 1,
            source: SourceId::demo(),
        }
    }

    /// `count` days from `first`, valued `value(i)`.
    fn days(first: &str, count: u64, value: impl Fn(u64) -> f64) -> Vec<DailyValue> {
        (0..count)
            .map(|i| {
                let on = date(first).checked_add_days(chrono::Days::new(i)).unwrap();
                day(on, value(i))
            })
            .collect()
    }

    fn paris() -> Zone {
        "Europe/Paris".parse().unwrap()
    }

    fn spans(buckets: &[DailyBucket]) -> Vec<(String, String, f64)> {
        buckets
            .iter()
            .map(|b| (b.start.to_string(), b.end.to_string(), b.sum))
            .collect()
    }

    fn triple(start: &str, end: &str, sum: f64) -> (String, String, f64) {
        (start.to_owned(), end.to_owned(), sum)
    }

    #[test]
    fn iso_weeks_start_on_monday_with_sums_and_means() {
        // Mon 2026-03-02 … Sun 2026-03-15: two full ISO weeks, value = day number.
        let two_weeks = days("2026-03-02", 14, |i| (i + 1) as f64);
        let weeks = calendar_buckets(&two_weeks, Granularity::Week, paris());
        assert_eq!(
            spans(&weeks),
            [
                triple("2026-03-02", "2026-03-09", 28.0),
                triple("2026-03-09", "2026-03-16", 77.0)
            ]
        );
        assert_eq!((weeks[0].mean, weeks[0].days), (4.0, 7));
        assert_eq!((weeks[1].mean, weeks[1].days), (11.0, 7));
        assert_eq!((weeks[1].min, weeks[1].max), (8.0, 14.0));
    }

    #[test]
    fn means_are_over_days_that_have_a_value() {
        let sparse = [
            day(date("2026-03-02"), 10_000.0),
            day(date("2026-03-04"), 6_000.0),
        ];
        let [w] = calendar_buckets(&sparse, Granularity::Week, paris())
            .try_into()
            .unwrap();
        assert_eq!((w.sum, w.mean, w.days), (16_000.0, 8_000.0, 2));
    }

    #[test]
    fn a_week_that_straddles_months_splits_into_the_right_months() {
        let ten = days("2026-01-27", 10, |_| 1.0);
        let months = calendar_buckets(&ten, Granularity::Month, paris());
        assert_eq!(
            spans(&months),
            [
                triple("2026-01-01", "2026-02-01", 5.0),
                triple("2026-02-01", "2026-03-01", 5.0)
            ]
        );
        let lengths: Vec<i64> = months
            .iter()
            .map(|m| (m.end - m.start).num_days())
            .collect();
        assert_eq!(lengths, [31, 28]);
    }

    #[test]
    fn the_first_days_of_january_can_belong_to_the_previous_iso_year() {
        let friday = [day(date("2027-01-01"), 3.0)];
        let weeks = calendar_buckets(&friday, Granularity::Week, paris());
        assert_eq!(weeks[0].start, date("2026-12-28"));
    }

    #[test]
    fn months_are_sorted_and_december_rolls_into_the_next_year() {
        let unsorted = [day(date("2026-12-31"), 2.0), day(date("2026-11-05"), 1.0)];
        let months = calendar_buckets(&unsorted, Granularity::Month, paris());
        assert_eq!(
            spans(&months),
            [
                triple("2026-11-01", "2026-12-01", 1.0),
                triple("2026-12-01", "2027-01-01", 2.0)
            ]
        );
    }

    #[test]
    fn days_stay_as_they_are() {
        let two = days("2026-03-02", 2, |i| (i + 1) as f64);
        let out = calendar_buckets(&two, Granularity::Day, paris());
        assert_eq!(
            spans(&out),
            [
                triple("2026-03-02", "2026-03-03", 1.0),
                triple("2026-03-03", "2026-03-04", 2.0)
            ]
        );
    }

    #[test]
    fn spans_are_local_midnights_in_the_viewers_zone() {
        let march = days("2026-03-01", 31, |_| 1.0);
        let new_york: Zone = "America/New_York".parse().unwrap();
        let [m] = calendar_buckets(&march, Granularity::Month, new_york)
            .try_into()
            .unwrap();
        assert_eq!(m.from, new_york.start_of_day(date("2026-03-01")));
        assert_eq!(m.to - m.from, 31 * 86_400 - 3600, "DST began on the 8th");
        let paris_week = calendar_buckets(&march[22..29], Granularity::Week, paris());
        assert_eq!(paris_week.len(), 1, "23 to 29 March is one ISO week");
        assert_eq!(paris_week[0].to - paris_week[0].from, 7 * 86_400 - 3600);
        let india: Zone = "+05:30".parse().unwrap();
        let [d] = calendar_buckets(&march[..1], Granularity::Day, india)
            .try_into()
            .unwrap();
        assert_eq!(d.from, india.start_of_day(date("2026-03-01")));
        assert_eq!(d.from % 86_400, 18 * 3600 + 30 * 60);
    }
}
