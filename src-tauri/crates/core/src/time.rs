//! Time zones and local days.
//!
//! Every record keeps the zone it was reported in: an IANA name when the
//! source gives one, else a fixed UTC offset. A *local day* is a calendar date
//! in that zone, so it lasts 23 or 25 hours on DST-change days:
//!
//! ```text
//!   Europe/Paris 2026-03-29:  2026-03-28T23:00Z ──── 23 h ────▶ 2026-03-29T22:00Z
//!   Europe/Paris 2026-10-25:  2026-10-24T22:00Z ──── 25 h ────▶ 2026-10-25T23:00Z
//! ```

use std::fmt;
use std::str::FromStr;

use chrono::{
    DateTime, Days, FixedOffset, LocalResult, NaiveDate, NaiveTime, Offset, TimeZone, Utc,
};
use chrono_tz::Tz;

use crate::error::{Error, Result};

pub const SECONDS_PER_DAY: i64 = 86_400;

/// The zone a record was reported in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Zone {
    /// Seconds east of UTC.
    Fixed(i32),
    Named(Tz),
}

impl Zone {
    pub const UTC: Zone = Zone::Fixed(0);

    /// The machine's zone (from `TZ` or the OS), UTC if it cannot be told.
    pub fn local() -> Zone {
        std::env::var("TZ")
            .ok()
            .and_then(|tz| tz.trim_start_matches(':').parse().ok())
            .or_else(|| {
                iana_time_zone::get_timezone()
                    .ok()
                    .and_then(|name| name.parse().ok())
            })
            .unwrap_or(Zone::UTC)
    }

    /// Offset from UTC, in seconds, at the given instant.
    pub fn offset_at(self, utc_seconds: i64) -> i32 {
        match self {
            Zone::Fixed(offset) => offset,
            Zone::Named(tz) => match DateTime::from_timestamp(utc_seconds, 0) {
                Some(t) => tz
                    .offset_from_utc_datetime(&t.naive_utc())
                    .fix()
                    .local_minus_utc(),
                None => 0,
            },
        }
    }

    /// The local calendar date of an instant in this zone.
    pub fn local_date(self, utc_seconds: i64) -> NaiveDate {
        day_number_to_date(local_day_number(utc_seconds, self.offset_at(utc_seconds)))
    }

    /// The UTC instant of local midnight starting `date`. Where midnight does
    /// not exist (a DST gap at 00:00), the day starts at the first instant after.
    pub fn start_of_day(self, date: NaiveDate) -> i64 {
        let midnight = date.and_time(NaiveTime::MIN);
        match self {
            Zone::Fixed(offset) => midnight.and_utc().timestamp() - i64::from(offset),
            Zone::Named(tz) => match tz.from_local_datetime(&midnight) {
                LocalResult::Single(t) => t.timestamp(),
                LocalResult::Ambiguous(earliest, _) => earliest.timestamp(),
                LocalResult::None => {
                    // Midnight falls in a DST gap; the day begins when the gap
                    // ends. Real gaps are whole quarter hours, so stepping by 15
                    // minutes lands exactly on the first valid local time.
                    (1..=96)
                        .find_map(|quarter| {
                            let probe = midnight + chrono::Duration::minutes(15 * quarter);
                            tz.from_local_datetime(&probe).earliest()
                        })
                        .map_or_else(|| midnight.and_utc().timestamp(), |t| t.timestamp())
                }
            },
        }
    }

    /// `[start, end)` of a local day in UTC seconds: 23, 24 or 25 hours long.
    pub fn day_bounds(self, date: NaiveDate) -> (i64, i64) {
        let next = date.checked_add_days(Days::new(1)).unwrap_or(date);
        (self.start_of_day(date), self.start_of_day(next))
    }

    /// Formats an instant in this zone as RFC 3339 with its offset.
    pub fn format(self, utc_seconds: i64) -> String {
        let offset = FixedOffset::east_opt(self.offset_at(utc_seconds)).unwrap_or(Utc.fix());
        match DateTime::from_timestamp(utc_seconds, 0) {
            Some(t) => t.with_timezone(&offset).to_rfc3339(),
            None => utc_seconds.to_string(),
        }
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Zone::Named(tz) => f.write_str(tz.name()),
            Zone::Fixed(offset) => {
                let sign = if *offset < 0 { '-' } else { '+' };
                let abs = offset.unsigned_abs();
                write!(f, "{sign}{:02}:{:02}", abs / 3600, (abs % 3600) / 60)
            }
        }
    }
}

impl FromStr for Zone {
    type Err = Error;

    /// Accepts an IANA name (`Europe/Paris`), `UTC`/`Z`, or an offset (`+02:00`, `-0530`).
    fn from_str(s: &str) -> Result<Self> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("utc") || s == "Z" {
            return Ok(Zone::UTC);
        }
        if let Some(rest) = s.strip_prefix(['+', '-']) {
            let sign = if s.starts_with('-') { -1 } else { 1 };
            let digits: String = rest.chars().filter(|c| *c != ':').collect();
            let parsed = match digits.len() {
                2 => digits.parse::<i32>().ok().map(|h| h * 3600),
                4 => match (digits[..2].parse::<i32>(), digits[2..].parse::<i32>()) {
                    (Ok(h), Ok(m)) if m < 60 => Some(h * 3600 + m * 60),
                    _ => None,
                },
                _ => None,
            };
            return match parsed {
                Some(seconds) if seconds <= 18 * 3600 => Ok(Zone::Fixed(sign * seconds)),
                _ => Err(Error::InvalidZone(s.to_owned())),
            };
        }
        s.parse::<Tz>()
            .map(Zone::Named)
            .map_err(|_| Error::InvalidZone(s.to_owned()))
    }
}

/// Days since 1970-01-01 of the local date of an instant, given the offset in force then.
pub fn local_day_number(utc_seconds: i64, offset: i32) -> i64 {
    (utc_seconds + i64::from(offset)).div_euclid(SECONDS_PER_DAY)
}

pub fn day_number_to_date(day: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| {
            if day >= 0 {
                epoch.checked_add_days(Days::new(day.unsigned_abs()))
            } else {
                epoch.checked_sub_days(Days::new(day.unsigned_abs()))
            }
        })
        .unwrap_or(NaiveDate::MIN)
}

pub fn date_to_day_number(date: NaiveDate) -> i64 {
    date.and_time(NaiveTime::MIN)
        .and_utc()
        .timestamp()
        .div_euclid(SECONDS_PER_DAY)
}

/// Parses a command-line time bound: `YYYY-MM-DD` (local midnight in `zone`)
/// or a full RFC 3339 time.
pub fn parse_time_bound(s: &str, zone: Zone) -> Result<i64> {
    if let Ok(date) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(zone.start_of_day(date));
    }
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.timestamp())
        .map_err(|_| Error::InvalidDate(s.to_owned()))
}

/// Parses an inclusive end date: `YYYY-MM-DD` means up to the end of that day.
pub fn parse_end_bound(s: &str, zone: Zone) -> Result<i64> {
    if let Ok(date) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(zone.day_bounds(date).1);
    }
    parse_time_bound(s, zone)
}

/// RFC 3339 in UTC with a `Z` and second precision, as CSV wants it.
pub fn format_utc(utc_seconds: i64) -> String {
    match DateTime::from_timestamp(utc_seconds, 0) {
        Some(t) => t.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        None => utc_seconds.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn hours(zone: &str, day: &str) -> i64 {
        let (start, end) = zone.parse::<Zone>().unwrap().day_bounds(date(day));
        (end - start) / 3600
    }

    #[test]
    fn dst_days_are_23_or_25_hours() {
        assert_eq!(hours("Europe/Paris", "2026-03-29"), 23);
        assert_eq!(hours("Europe/Paris", "2026-10-25"), 25);
        assert_eq!(hours("Europe/Paris", "2026-06-01"), 24);
        assert_eq!(hours("America/New_York", "2026-03-08"), 23);
        assert_eq!(hours("America/New_York", "2026-11-01"), 25);
        assert_eq!(hours("+02:00", "2026-03-29"), 24);
    }

    #[test]
    fn paris_spring_forward_day_starts_at_local_midnight() {
        let zone: Zone = "Europe/Paris".parse().unwrap();
        let (start, end) = zone.day_bounds(date("2026-03-29"));
        assert_eq!(format_utc(start), "2026-03-28T23:00:00Z");
        assert_eq!(format_utc(end), "2026-03-29T22:00:00Z");
        assert_eq!(zone.local_date(end - 1), date("2026-03-29"));
        assert_eq!(zone.local_date(end), date("2026-03-30"));
    }

    #[test]
    fn midnight_in_a_dst_gap_starts_the_day_after_the_gap() {
        // America/Santiago skipped 2022-09-11 00:00–01:00.
        let zone: Zone = "America/Santiago".parse().unwrap();
        let (start, end) = zone.day_bounds(date("2022-09-11"));
        assert_eq!(format_utc(start), "2022-09-11T04:00:00Z");
        assert_eq!((end - start) / 3600, 23);
    }

    #[test]
    fn zones_parse_and_print() {
        assert_eq!("+02:00".parse::<Zone>().unwrap(), Zone::Fixed(7200));
        assert_eq!("-0530".parse::<Zone>().unwrap(), Zone::Fixed(-19800));
        assert_eq!(Zone::Fixed(-19800).to_string(), "-05:30");
        assert_eq!(
            "Europe/Paris".parse::<Zone>().unwrap().to_string(),
            "Europe/Paris"
        );
        assert_eq!(
            "Mars/Olympus"
                .parse::<Zone>()
                .err()
                .map(|e| e.to_string())
                .as_deref(),
            Some(
                "invalid time zone 'Mars/Olympus' (use an IANA name like Europe/Paris or an offset like +02:00)"
            )
        );
    }

    #[test]
    fn day_numbers_round_trip() {
        let d = date("2026-11-21");
        assert_eq!(day_number_to_date(date_to_day_number(d)), d);
        assert_eq!(local_day_number(-1, 0), -1);
    }
}
