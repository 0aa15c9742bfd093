//! What the date-window streams (activity, workouts, sleep) share: a
//! window of local days paged by `offset`, and a cursor of the days done.

use chrono::{Days, NaiveDate};
use healthdash_core::sync::{Planned, RunOptions, Stamped};
use serde::{Deserialize, Serialize};

use super::{days_between, next_day};

/// A window of local days, inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayWindow {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Cursor {
    /// Every day up to this one is stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    done_through: Option<NaiveDate>,
    /// A window being paged through, and where.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    window: Option<DayWindow>,
    #[serde(default)]
    offset: i64,
    /// The first day this run fetched, for progress bars.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    run_first: Option<NaiveDate>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Request {
    pub window: DayWindow,
    pub offset: i64,
    run_first: NaiveDate,
}

impl Request {
    /// `startdateymd`, `enddateymd` and `offset`, as every window call takes them.
    pub fn form(&self) -> Vec<(&'static str, String)> {
        let mut form = vec![
            ("startdateymd", self.window.first.to_string()),
            ("enddateymd", self.window.last.to_string()),
        ];
        if self.offset > 0 {
            form.push(("offset", self.offset.to_string()));
        }
        form
    }

    /// The cursor after this page: the next page of the window, or the
    /// window done.
    pub fn next_cursor(&self, more: bool, next_offset: i64) -> Cursor {
        if more {
            Cursor {
                window: Some(self.window),
                offset: next_offset.max(self.offset + 1),
                run_first: Some(self.run_first),
                ..Cursor::default()
            }
        } else {
            Cursor {
                done_through: Some(self.window.last),
                run_first: Some(self.run_first),
                ..Cursor::default()
            }
        }
    }
}

/// The next window page of `stream`: windows of `size` days up to today; a
/// new run starts `overlap` days before the last stored day.
pub fn plan(
    stream: &str,
    stamped: &Stamped<Cursor>,
    run: &RunOptions,
    size: u64,
    overlap: u64,
) -> Option<Planned<Request>> {
    let cursor = &stamped.cursor;
    let this_run = stamped.this_run(run);
    let (window, offset) = match cursor.window {
        Some(window) => (window, cursor.offset),
        None => {
            let first = next_day(cursor.done_through, this_run, run, overlap);
            if first > run.today {
                return None;
            }
            let last = (first + Days::new(size - 1)).min(run.today);
            (DayWindow { first, last }, 0)
        }
    };
    let run_first = match cursor.run_first {
        Some(first) if this_run => first,
        _ => window.first,
    };
    let position = Some((
        days_between(run_first, window.last) + 1,
        days_between(run_first, run.today) + 1,
    ));
    Some(Planned {
        request: Request {
            window,
            offset,
            run_first,
        },
        key: format!("{stream} {}..{} offset={offset}", window.first, window.last),
        position,
    })
}
