//! The x axis: Unix seconds mapped linearly, with ticks on round local times
//! (whole hours, midnights, firsts of months, New Year) and labels whose
//! precision follows the span:
//!
//! ```text
//!   span ≤ 2 days      14:00   (midnights as "Mar 5", so the day is visible)
//!   span ≤ ~6 months   Mar 5
//!   span ≤ ~4 years    Mar 2025
//!   longer             2025
//! ```
//!
//! plotters' own date axis works in one chrono zone type; charts here follow a
//! [`Zone`] (IANA or fixed offset) whose offset changes across DST, so ticks are
//! computed from local dates and mapped back to UTC instants.

use std::ops::Range;

use chrono::{DateTime, Datelike, FixedOffset, Months, NaiveDate, Offset, Timelike, Utc};
use healthdash_core::Zone;
use healthdash_core::time::{SECONDS_PER_DAY, date_to_day_number};
use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, Ranged, ValueFormatter};

const HOUR: i64 = 3600;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LabelStyle {
    Clock,
    Day,
    Month,
    Year,
}

impl LabelStyle {
    pub fn for_span(seconds: i64) -> LabelStyle {
        let days = seconds / SECONDS_PER_DAY;
        if seconds <= 2 * SECONDS_PER_DAY {
            LabelStyle::Clock
        } else if days <= 190 {
            LabelStyle::Day
        } else if days <= 4 * 366 {
            LabelStyle::Month
        } else {
            LabelStyle::Year
        }
    }

    /// The widest label of the style, in characters, to tell how many fit.
    fn widest_chars(self) -> usize {
        match self {
            LabelStyle::Clock | LabelStyle::Day => 6, // "Mar 25", "23:45"
            LabelStyle::Month => 8,                   // "Sep 2025"
            LabelStyle::Year => 4,
        }
    }

    /// The finest tick step whose labels still say something different.
    fn finest(self) -> Step {
        match self {
            LabelStyle::Clock => Step::Minutes(1),
            LabelStyle::Day => Step::Days(1),
            LabelStyle::Month => Step::Months(1),
            LabelStyle::Year => Step::Years(1),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    Minutes(i64),
    Days(i64),
    Months(u32),
    Years(i32),
}

impl Step {
    const LADDER: &[Step] = &[
        Step::Minutes(1),
        Step::Minutes(2),
        Step::Minutes(5),
        Step::Minutes(10),
        Step::Minutes(15),
        Step::Minutes(30),
        Step::Minutes(60),
        Step::Minutes(120),
        Step::Minutes(180),
        Step::Minutes(360),
        Step::Minutes(720),
        Step::Days(1),
        Step::Days(2),
        Step::Days(7),
        Step::Days(14),
        Step::Months(1),
        Step::Months(2),
        Step::Months(3),
        Step::Months(6),
        Step::Years(1),
        Step::Years(2),
        Step::Years(5),
        Step::Years(10),
        Step::Years(20),
        Step::Years(50),
        Step::Years(100),
    ];

    /// Roughly how long the step is, for counting ticks.
    fn nominal_seconds(self) -> i64 {
        match self {
            Step::Minutes(m) => m * 60,
            Step::Days(d) => d * SECONDS_PER_DAY,
            Step::Months(m) => i64::from(m) * 30 * SECONDS_PER_DAY,
            Step::Years(y) => i64::from(y) * 365 * SECONDS_PER_DAY,
        }
    }
}

/// A time axis over `[from, to]` with its ticks already chosen.
#[derive(Clone, Debug)]
pub(crate) struct TimeAxis {
    from: i64,
    to: i64,
    zone: Zone,
    style: LabelStyle,
    ticks: Vec<i64>,
}

impl TimeAxis {
    /// Chooses ticks so that labels of `font_px` pixels fit along `plot_px`
    /// pixels with room between them.
    pub fn new(from: i64, to: i64, zone: Zone, plot_px: u32, font_px: f64) -> TimeAxis {
        let to = to.max(from + 1);
        let style = LabelStyle::for_span(to - from);
        let label_px = style.widest_chars() as f64 * font_px * 0.62 + 1.5 * font_px;
        let max_ticks = ((f64::from(plot_px) / label_px).floor() as i64).max(2);
        let finest = style.finest().nominal_seconds();
        let step = Step::LADDER
            .iter()
            .copied()
            .filter(|s| s.nominal_seconds() >= finest)
            .find(|s| (to - from) / s.nominal_seconds() < max_ticks)
            .unwrap_or(Step::Years(100));
        let ticks = ticks(from, to, zone, step);
        TimeAxis {
            from,
            to,
            zone,
            style,
            ticks,
        }
    }

    /// An axis with no ticks, for a chart with no data and hence no span.
    pub fn blank() -> TimeAxis {
        TimeAxis {
            from: 0,
            to: 1,
            zone: Zone::UTC,
            style: LabelStyle::Clock,
            ticks: Vec::new(),
        }
    }

    pub fn ticks(&self) -> &[i64] {
        &self.ticks
    }

    pub fn label(&self, t: i64) -> String {
        let local = local_time(self.zone, t);
        match self.style {
            LabelStyle::Clock if local.hour() == 0 && local.minute() == 0 => {
                local.format("%b %-d").to_string()
            }
            LabelStyle::Clock => local.format("%H:%M").to_string(),
            LabelStyle::Day => local.format("%b %-d").to_string(),
            LabelStyle::Month => local.format("%b %Y").to_string(),
            LabelStyle::Year => local.format("%Y").to_string(),
        }
    }
}

impl Ranged for TimeAxis {
    type FormatOption = NoDefaultFormatting;
    type ValueType = i64;

    fn map(&self, value: &i64, limit: (i32, i32)) -> i32 {
        let fraction = (*value - self.from) as f64 / (self.to - self.from) as f64;
        limit.0 + (fraction * f64::from(limit.1 - limit.0)).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<i64> {
        // The ticks were sized for the labels already; thin them only if
        // plotters asks for fewer (it never does with `x_labels(ticks.len())`).
        let every = self
            .ticks
            .len()
            .div_ceil(hint.max_num_points().max(1))
            .max(1);
        self.ticks.iter().copied().step_by(every).collect()
    }

    fn range(&self) -> Range<i64> {
        self.from..self.to
    }
}

/// Labels come from the axis itself, which knows its zone and style.
impl ValueFormatter<i64> for TimeAxis {
    fn format_ext(&self, value: &i64) -> String {
        self.label(*value)
    }
}

/// The local date and time of an instant in `zone`.
pub(crate) fn local_time(zone: Zone, t: i64) -> DateTime<FixedOffset> {
    let offset = FixedOffset::east_opt(zone.offset_at(t)).unwrap_or(Utc.fix());
    DateTime::from_timestamp(t, 0)
        .unwrap_or_default()
        .with_timezone(&offset)
}

/// Tick instants in `[from, to]` on round local times of `step`.
fn ticks(from: i64, to: i64, zone: Zone, step: Step) -> Vec<i64> {
    let first_date = zone.local_date(from);
    let mut out = Vec::new();
    match step {
        Step::Minutes(m) => {
            // Walk local wall-clock time, mapping each tick back with the
            // offset in force then; DST shifts move at most one tick.
            let width = m * 60;
            let first_offset = i64::from(zone.offset_at(from));
            let mut local = (from + first_offset).div_euclid(width) * width;
            while local <= to + 14 * HOUR {
                let utc = local - i64::from(zone.offset_at(local - first_offset));
                if (from..=to).contains(&utc) && out.last().is_none_or(|last| *last < utc) {
                    out.push(utc);
                }
                local += width;
            }
        }
        Step::Days(k) => {
            // Weeks start on Mondays: day 0 (1970-01-01) was a Thursday.
            let shift = if k % 7 == 0 { 3 } else { 0 };
            let mut date = first_date;
            loop {
                let t = zone.start_of_day(date);
                if t > to {
                    break;
                }
                if t >= from && (date_to_day_number(date) + shift).rem_euclid(k) == 0 {
                    out.push(t);
                }
                match date.succ_opt() {
                    Some(next) => date = next,
                    None => break,
                }
            }
        }
        Step::Months(k) => {
            let mut date = first_of_month(first_date);
            loop {
                let t = zone.start_of_day(date);
                if t > to {
                    break;
                }
                let index = i64::from(date.year()) * 12 + i64::from(date.month0());
                if t >= from && index.rem_euclid(i64::from(k)) == 0 {
                    out.push(t);
                }
                match date.checked_add_months(Months::new(1)) {
                    Some(next) => date = next,
                    None => break,
                }
            }
        }
        Step::Years(k) => {
            let mut year = first_date.year();
            while let Some(date) = NaiveDate::from_ymd_opt(year, 1, 1) {
                let t = zone.start_of_day(date);
                if t > to {
                    break;
                }
                if t >= from && year.rem_euclid(k) == 0 {
                    out.push(t);
                }
                year += 1;
            }
        }
    }
    out
}

fn first_of_month(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(zone: Zone, s: &str) -> i64 {
        healthdash_core::time::parse_time_bound(s, zone).unwrap()
    }

    fn labels(from: &str, to: &str, zone: Zone) -> Vec<String> {
        let axis = TimeAxis::new(at(zone, from), at(zone, to), zone, 1100, 14.0);
        axis.ticks().iter().map(|t| axis.label(*t)).collect()
    }

    #[test]
    fn one_day_shows_clock_times_in_local_time() {
        let paris: Zone = "Europe/Paris".parse().unwrap();
        let l = labels("2025-06-01", "2025-06-02", paris);
        assert_eq!(l.first().map(String::as_str), Some("Jun 1"));
        assert!(l.contains(&"12:00".to_owned()), "{l:?}");
        assert!(l.len() <= 13, "{l:?}");
    }

    #[test]
    fn a_year_shows_months_with_years() {
        let l = labels("2025-01-01", "2026-01-01", Zone::UTC);
        assert_eq!(l.first().map(String::as_str), Some("Jan 2025"));
        assert!(l.contains(&"Jul 2025".to_owned()), "{l:?}");
    }

    #[test]
    fn two_months_show_days_on_mondays() {
        let l = labels("2025-03-01", "2025-05-01", Zone::UTC);
        assert!(l.contains(&"Mar 3".to_owned()), "{l:?}"); // a Monday
        assert!(
            l.iter()
                .all(|s| s.starts_with("Mar") || s.starts_with("Apr") || s.starts_with("May"))
        );
    }

    #[test]
    fn decades_show_years() {
        let l = labels("2010-01-01", "2025-06-01", Zone::UTC);
        assert!(l.contains(&"2020".to_owned()), "{l:?}");
        assert!(l.iter().all(|s| s.len() == 4));
    }

    #[test]
    fn dst_day_ticks_stay_on_whole_local_hours() {
        let paris: Zone = "Europe/Paris".parse().unwrap();
        let axis = TimeAxis::new(
            at(paris, "2026-03-29"),
            at(paris, "2026-03-30"),
            paris,
            1100,
            14.0,
        );
        for t in axis.ticks() {
            assert_eq!(local_time(paris, *t).minute(), 0);
        }
        assert!(axis.ticks().windows(2).all(|w| w[0] < w[1]));
    }
}
