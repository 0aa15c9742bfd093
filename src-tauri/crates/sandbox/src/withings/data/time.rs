//! Local wall-clock times and dates in the person's time zones.

use chrono::{Days, NaiveDate, NaiveTime, TimeZone};
use chrono_tz::Tz;

/// Unix time of a local wall-clock time; a time skipped by a DST jump moves one hour on.
pub(crate) fn local_ts(tz: Tz, date: NaiveDate, h: u32, m: u32) -> i64 {
    let time = NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN);
    let naive = date.and_time(time);
    match tz.from_local_datetime(&naive).earliest() {
        Some(dt) => dt.timestamp(),
        None => tz
            .from_local_datetime(&(naive + chrono::Duration::hours(1)))
            .earliest()
            .map_or_else(|| naive.and_utc().timestamp(), |dt| dt.timestamp()),
    }
}

/// Local midnight starting `date`.
pub(crate) fn midnight(tz: Tz, date: NaiveDate) -> i64 {
    local_ts(tz, date, 0, 0)
}

/// Local date of a unix time.
pub(crate) fn local_date(tz: Tz, ts: i64) -> NaiveDate {
    tz.timestamp_opt(ts, 0)
        .earliest()
        .map_or(NaiveDate::MIN, |dt| dt.date_naive())
}

pub(super) fn next_day(d: NaiveDate) -> NaiveDate {
    d.checked_add_days(Days::new(1)).unwrap_or(d)
}

pub(super) fn prev_day(d: NaiveDate) -> NaiveDate {
    d.checked_sub_days(Days::new(1)).unwrap_or(d)
}
