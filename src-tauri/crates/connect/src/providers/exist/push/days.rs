//! Which value a day gets (CONTRACT §9.3), as pure functions over cached
//! rows: the day each row counts for, one source per day by priority, and
//! how that source's rows combine. Exist's own rows are never candidates,
//! whatever the priority says, so a value never echoes back to Exist.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use healthdash_core::query::SourcePriority;
use healthdash_core::store::PushCandidate;
use healthdash_core::time::{SECONDS_PER_DAY, day_number_to_date, local_day_number};
use healthdash_core::{Metric, SourceId, Zone};

use super::mapping::Combine;

/// The source whose values are never sent back to it.
pub const EXIST: &str = "exist";

/// A daily row lasts 23–25 h (DST days included).
const DAILY: std::ops::RangeInclusive<i64> = 23 * 3600..=25 * 3600;

/// One day's value, and where it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct DayValue {
    /// In the metric's canonical unit.
    pub value: f64,
    pub source: SourceId,
}

/// How a row counts for its day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// From local midnight to the next, in the record's own zone.
    Daily,
    /// A point sample or anything shorter than a day.
    Shorter,
}

fn shape(row: &PushCandidate) -> Shape {
    match row.end {
        Some(end)
            if DAILY.contains(&(end - row.start))
                && (row.start + i64::from(row.utc_offset)).rem_euclid(SECONDS_PER_DAY) == 0 =>
        {
            Shape::Daily
        }
        _ => Shape::Shorter,
    }
}

/// The Exist date a row counts for.
fn day_of(row: &PushCandidate, combine: Combine, profile: Zone) -> NaiveDate {
    if combine == Combine::Nights {
        // The night you wake up from counts for the day you wake up.
        return profile.local_date(row.end.unwrap_or(row.start));
    }
    match shape(row) {
        // The date it was reported for, in its own zone.
        Shape::Daily => day_number_to_date(local_day_number(row.start, row.utc_offset)),
        Shape::Shorter => profile.local_date(row.start),
    }
}

/// The UTC span of cached rows that can count for dates `[from, to]` in
/// `profile`: a daily row of a zone up to 14 h away, or a night that ends
/// on `from` but started the evening before.
pub fn read_window(profile: Zone, (from, to): (NaiveDate, NaiveDate)) -> (i64, i64) {
    let start = profile.start_of_day(from) - 2 * SECONDS_PER_DAY;
    let end = profile.day_bounds(to).1 + SECONDS_PER_DAY;
    (start, end)
}

/// The value of every date in `[from, to]` that has a candidate row.
pub fn day_values(
    rows: &[PushCandidate],
    metric: Metric,
    combine: Combine,
    profile: Zone,
    priority: &SourcePriority,
    (from, to): (NaiveDate, NaiveDate),
) -> BTreeMap<NaiveDate, DayValue> {
    let mut by_day: BTreeMap<NaiveDate, Vec<&PushCandidate>> = BTreeMap::new();
    for row in rows {
        if row.source.as_str() == EXIST || !priority.shows(&row.source) {
            continue;
        }
        let day = day_of(row, combine, profile);
        if (from..=to).contains(&day) {
            by_day.entry(day).or_default().push(row);
        }
    }
    by_day
        .into_iter()
        .filter_map(|(day, rows)| {
            // One source per day: never mixed.
            let best = rows
                .iter()
                .map(|r| &r.source)
                .min_by_key(|s| priority.rank(metric, s))?
                .clone();
            let own: Vec<&PushCandidate> = rows.into_iter().filter(|r| r.source == best).collect();
            let value = combined(&own, combine)?;
            Some((
                day,
                DayValue {
                    value,
                    source: best,
                },
            ))
        })
        .collect()
}

fn combined(rows: &[&PushCandidate], combine: Combine) -> Option<f64> {
    match combine {
        Combine::Total => {
            let daily: Vec<f64> = rows
                .iter()
                .filter(|r| shape(r) == Shape::Daily)
                .map(|r| r.value)
                .collect();
            if daily.is_empty() {
                Some(rows.iter().map(|r| r.value).sum())
            } else {
                Some(daily.iter().sum())
            }
        }
        Combine::Latest => rows
            .iter()
            // Latest start; among equal starts, the reported value over detail.
            .max_by(|a, b| a.start.cmp(&b.start).then(b.intraday.cmp(&a.intraday)))
            .map(|r| r.value),
        Combine::Nights => Some(rows.iter().map(|r| r.value).sum()),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    const H: i64 = 3600;
    /// 2026-11-20T00:00:00Z.
    const NOV20: i64 = 1_795_132_800;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn row(source: &str, start: i64, end: Option<i64>, value: f64, offset: i32) -> PushCandidate {
        PushCandidate {
            source: source.parse().unwrap(),
            start,
            end,
            value,
            utc_offset: offset,
            intraday: false,
        }
    }

    fn values(
        rows: &[PushCandidate],
        metric: Metric,
        combine: Combine,
        profile: Zone,
        priority: &SourcePriority,
    ) -> Vec<(String, f64, String)> {
        day_values(
            rows,
            metric,
            combine,
            profile,
            priority,
            (date("2026-11-18"), date("2026-11-22")),
        )
        .into_iter()
        .map(|(d, v)| (d.to_string(), v.value, v.source.to_string()))
        .collect()
    }

    fn nov(day: &str, value: f64, source: &str) -> (String, f64, String) {
        (format!("2026-11-{day}"), value, source.to_owned())
    }

    #[test]
    fn exist_values_are_never_candidates_whatever_the_priority() {
        let priority = SourcePriority {
            per_metric: HashMap::from([(Metric::Steps, vec!["exist".parse().unwrap()])]),
            ..SourcePriority::default()
        };
        let rows = [
            row("exist", NOV20, Some(NOV20 + 24 * H), 5000.0, 0),
            row("exist", NOV20 + 24 * H, Some(NOV20 + 48 * H), 6000.0, 0),
            row("withings", NOV20, Some(NOV20 + 24 * H), 7000.0, 0),
        ];
        let got = values(&rows, Metric::Steps, Combine::Total, Zone::UTC, &priority);
        assert_eq!(got, [nov("20", 7000.0, "withings")]);
    }

    #[test]
    fn one_source_per_day_by_priority_never_mixed() {
        let rows = [
            row("withings", NOV20, Some(NOV20 + 24 * H), 7000.0, 0),
            row(
                "apple_health",
                NOV20 + 10 * H,
                Some(NOV20 + 11 * H),
                900.0,
                0,
            ),
            row(
                "apple_health",
                NOV20 + 34 * H,
                Some(NOV20 + 35 * H),
                800.0,
                0,
            ),
        ];
        let default = SourcePriority::default();
        let got = values(&rows, Metric::Steps, Combine::Total, Zone::UTC, &default);
        assert_eq!(
            got,
            [
                nov("20", 7000.0, "withings"),
                nov("21", 800.0, "apple_health")
            ]
        );
        let apple_first = SourcePriority {
            per_metric: HashMap::from([(Metric::Steps, vec!["apple_health".parse().unwrap()])]),
            ..SourcePriority::default()
        };
        let got = values(
            &rows,
            Metric::Steps,
            Combine::Total,
            Zone::UTC,
            &apple_first,
        );
        assert_eq!(
            got,
            [
                nov("20", 900.0, "apple_health"),
                nov("21", 800.0, "apple_health")
            ]
        );
    }

    #[test]
    fn a_daily_row_counts_for_its_own_date_whatever_the_profile_zone() {
        // Tokyo's 2026-11-20 (+09:00) starts at 15:00Z the day before; a
        // profile in New York still sees it as the 20th.
        let tokyo = NOV20 - 9 * H;
        let rows = [row(
            "withings",
            tokyo,
            Some(tokyo + 24 * H),
            7000.0,
            9 * 3600,
        )];
        let new_york = Zone::Named(chrono_tz::America::New_York);
        let got = values(
            &rows,
            Metric::Steps,
            Combine::Total,
            new_york,
            &SourcePriority::default(),
        );
        assert_eq!(got, [nov("20", 7000.0, "withings")]);
    }

    #[test]
    fn daily_totals_win_over_intraday_detail_which_fills_days_without_them() {
        let mut detail = row("withings", NOV20 + 10 * H, Some(NOV20 + 11 * H), 1000.0, 0);
        detail.intraday = true;
        let mut late = row("withings", NOV20 + 34 * H, Some(NOV20 + 35 * H), 300.0, 0);
        late.intraday = true;
        let mut later = late.clone();
        later.start += H;
        later.end = Some(later.start + H);
        let rows = [
            row("withings", NOV20, Some(NOV20 + 24 * H), 7000.0, 0),
            detail,
            late,
            later,
        ];
        let got = values(
            &rows,
            Metric::Steps,
            Combine::Total,
            Zone::UTC,
            &SourcePriority::default(),
        );
        assert_eq!(
            got,
            [nov("20", 7000.0, "withings"), nov("21", 600.0, "withings")]
        );
    }

    #[test]
    fn samples_count_for_the_profile_date_and_the_latest_wins() {
        // 23:30Z on the 20th is already the 21st in Paris.
        let rows = [
            row("withings", NOV20 + 8 * H, None, 70.4, 0),
            row("withings", NOV20 + 20 * H, None, 70.2, 0),
            row("withings", NOV20 + 23 * H + 1800, None, 69.9, 0),
        ];
        let paris = Zone::Named(chrono_tz::Europe::Paris);
        let got = values(
            &rows,
            Metric::Weight,
            Combine::Latest,
            paris,
            &SourcePriority::default(),
        );
        assert_eq!(
            got,
            [nov("20", 70.2, "withings"), nov("21", 69.9, "withings")]
        );
    }

    #[test]
    fn a_night_counts_for_the_day_you_wake_up_and_nights_add_up() {
        let night = row("withings", NOV20 - 2 * H, Some(NOV20 + 6 * H), 25_470.0, 0);
        let nap = row("withings", NOV20 + 14 * H, Some(NOV20 + 15 * H), 1800.0, 0);
        let got = values(
            &[night, nap],
            Metric::SleepDuration,
            Combine::Nights,
            Zone::UTC,
            &SourcePriority::default(),
        );
        assert_eq!(got, [nov("20", 27_270.0, "withings")]);
    }

    #[test]
    fn days_outside_the_range_and_hidden_sources_send_nothing() {
        let rows = [
            row(
                "withings",
                NOV20 + 5 * 24 * H,
                Some(NOV20 + 6 * 24 * H),
                1.0,
                0,
            ),
            row("demo", NOV20, Some(NOV20 + 24 * H), 2.0, 0),
        ];
        let hiding_demo = SourcePriority::default().hiding(SourceId::demo());
        assert!(
            values(
                &rows,
                Metric::Steps,
                Combine::Total,
                Zone::UTC,
                &hiding_demo
            )
            .is_empty()
        );
    }
}
