//! `intraday`: minute detail of heart rate and steps
//! (`getintradayactivity`, one call per 24 h), only for days whose daily
//! activity counted steps, newest day first: a run puts the days since the
//! last one at the front of its list, so recent detail arrives first and an
//! interrupted run's older days wait their turn.

use chrono::{Days, NaiveDate};
use healthdash_core::sync::{
    BoxFuture, Fetch, ParseContext, Parsed, Part, PlanContext, Planned, RunOptions, Stamped,
    SyncError, TypedStream,
};
use healthdash_core::{Batch, Metric, Store, Zone};
use serde::{Deserialize, Serialize};

use super::{Api, adapter, days_between, next_day, parse_error};
use crate::providers::withings::api::MEASURE_V2;

/// Days before the last run's newest day that a new run fetches again.
const OVERLAP_DAYS: u64 = 2;
/// `getintradayactivity` returns at most 24 hours per call.
const MAX_SPAN_SECS: i64 = 86_400;

pub struct Intraday {
    pub api: Api,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Cursor {
    /// The newest day ever scheduled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    done_through: Option<NaiveDate>,
    /// Days still to fetch, newest range first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    todo: Vec<DayRange>,
}

/// Days from `newest` down to `oldest`, inclusive; `top` is where the range
/// began (for progress bars).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayRange {
    newest: NaiveDate,
    oldest: NaiveDate,
    top: NaiveDate,
}

#[derive(Debug)]
pub struct Request {
    start: i64,
    end: i64,
    zone: Zone,
    /// The stream's position once this day is stored.
    after: Cursor,
}

impl TypedStream for Intraday {
    type Cursor = Cursor;
    type Request = Request;

    fn name(&self) -> &'static str {
        "intraday"
    }

    fn plan(
        &self,
        cursor: &Stamped<Cursor>,
        ctx: &PlanContext<'_>,
    ) -> Result<Option<Planned<Request>>, SyncError> {
        let (todo, done_through) = todo(cursor, ctx.run);
        self.next_day_with_steps(ctx.store, todo, done_through)
    }

    fn fetch<'a>(
        &'a self,
        port: &'a dyn Fetch,
        request: &'a Request,
    ) -> BoxFuture<'a, Result<Vec<Part>, SyncError>> {
        Box::pin(async move {
            let form = vec![
                ("startdate", request.start.to_string()),
                ("enddate", request.end.to_string()),
            ];
            let body = self
                .api
                .call(port, MEASURE_V2, "getintradayactivity", form)
                .await?;
            Ok(vec![Part::single(body)])
        })
    }

    fn parse(
        &self,
        request: &Request,
        parts: &[Part],
        _: &ParseContext<'_>,
    ) -> Result<Parsed<Cursor>, SyncError> {
        Ok(Parsed {
            batch: self.read(parts, request.zone)?,
            complete_records: false,
            covers: None,
            next_cursor: request.after.clone(),
        })
    }

    /// Intraday answers carry no zone of their own: it is read from the
    /// request's key (`getintradayactivity DAY ZONE`). Answers stored before
    /// the key held it are fetched again (cheaply, per day) instead.
    fn reparse(
        &self,
        key: &str,
        parts: &[Part],
        _: &ParseContext<'_>,
    ) -> Result<Option<Batch>, SyncError> {
        let Some(zone) = key.split(' ').nth(2).and_then(|z| z.parse::<Zone>().ok()) else {
            return Ok(None);
        };
        self.read(parts, zone).map(Some)
    }
}

/// The days left to fetch as this run sees them, newest first, and the
/// newest day ever scheduled. A new run schedules the days from today back
/// to the last run's newest day minus the overlap (the whole history on a
/// first sync), ahead of any an interrupted run left.
fn todo(cursor: &Stamped<Cursor>, run: &RunOptions) -> (Vec<DayRange>, NaiveDate) {
    let this_run = cursor.this_run(run);
    let cursor = &cursor.cursor;
    if this_run {
        // This run has stored a page, so it set `done_through`.
        return (
            cursor.todo.clone(),
            cursor.done_through.unwrap_or(run.today),
        );
    }
    let oldest = next_day(cursor.done_through, false, run, OVERLAP_DAYS);
    let mut todo = cursor.todo.clone();
    if oldest <= run.today {
        todo.insert(
            0,
            DayRange {
                newest: run.today,
                oldest,
                top: run.today,
            },
        );
    }
    let done = cursor.done_through.map_or(run.today, |d| d.max(run.today));
    (todo, done)
}

impl Intraday {
    fn read(&self, parts: &[Part], zone: Zone) -> Result<Batch, SyncError> {
        let body = Part::first_body(parts);
        let mut batch = Batch::new(self.api.source.clone());
        batch.measurements =
            adapter::getintradayactivity(body, zone).map_err(parse_error("getintradayactivity"))?;
        Ok(batch)
    }

    /// The newest day of `todo` whose daily activity counted steps (days
    /// without steps have no detail to ask for), as a request that also
    /// carries the stream's position after it.
    fn next_day_with_steps(
        &self,
        store: &Store,
        mut todo: Vec<DayRange>,
        done_through: NaiveDate,
    ) -> Result<Option<Planned<Request>>, SyncError> {
        while let Some(range) = todo.first().copied() {
            // Daily rows start at local midnight in their own zone: at most
            // 14 h before and 12 h after the UTC midnight of their date.
            let from = Zone::UTC.start_of_day(range.oldest) - 14 * 3600;
            let mut to = Zone::UTC.start_of_day(range.newest + Days::new(1)) + 12 * 3600;
            while let Some((start, end, zone)) =
                store.positive_interval(&self.api.source, Metric::Steps, (from, to), true)?
            {
                let day = zone.local_date(start);
                if day > range.newest || day < range.oldest {
                    to = start; // another date's row within the slack
                    continue;
                }
                let mut after = todo.clone();
                if day > range.oldest {
                    after[0].newest = day - Days::new(1);
                } else {
                    after.remove(0);
                }
                // Out of the days that can have detail: from the oldest day
                // with steps (not the start of the range, which on a first
                // sync is years before the account existed).
                let first = store
                    .positive_interval(&self.api.source, Metric::Steps, (from, to), false)?
                    .map_or(range.oldest, |(start, _, zone)| {
                        zone.local_date(start).max(range.oldest)
                    });
                let position = Some((
                    days_between(day, range.top) + 1,
                    days_between(first.min(day), range.top) + 1,
                ));
                return Ok(Some(Planned {
                    request: Request {
                        start,
                        end: end.min(start + MAX_SPAN_SECS),
                        zone,
                        after: Cursor {
                            done_through: Some(done_through),
                            todo: after,
                        },
                    },
                    // The zone is in the key: the answer does not say it,
                    // and a re-parse needs it.
                    key: format!("getintradayactivity {day} {zone}"),
                    position,
                }));
            }
            todo.remove(0);
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn run(id: i64, today: &str) -> RunOptions {
        RunOptions {
            id,
            today: day(today),
            from: Some(day("2025-01-01")),
        }
    }

    fn range(newest: &str, oldest: &str, top: &str) -> DayRange {
        DayRange {
            newest: day(newest),
            oldest: day(oldest),
            top: day(top),
        }
    }

    fn stamped(run: i64, cursor: Cursor) -> Stamped<Cursor> {
        Stamped { run, cursor }
    }

    #[test]
    fn a_first_run_schedules_the_whole_history_newest_first() {
        let (todo, done) = todo(&Stamped::default(), &run(1, "2025-03-10"));
        assert_eq!(todo, [range("2025-03-10", "2025-01-01", "2025-03-10")]);
        assert_eq!(done, day("2025-03-10"));
    }

    #[test]
    fn a_later_run_puts_the_new_days_ahead_of_what_an_interrupted_run_left() {
        // Run 1 (up to 03-10) stopped after fetching 03-10 … 02-01.
        let interrupted = stamped(
            1,
            Cursor {
                done_through: Some(day("2025-03-10")),
                todo: vec![range("2025-01-31", "2025-01-01", "2025-03-10")],
            },
        );
        let (later, done) = todo(&interrupted, &run(2, "2025-03-12"));
        assert_eq!(
            later,
            [
                // From today back to the last run's newest day minus 2.
                range("2025-03-12", "2025-03-08", "2025-03-12"),
                range("2025-01-31", "2025-01-01", "2025-03-10"),
            ]
        );
        assert_eq!(done, day("2025-03-12"));
        // Within run 1 itself, the cursor is taken as it is.
        let (same, _) = todo(&interrupted, &run(1, "2025-03-10"));
        assert_eq!(same, interrupted.cursor.todo);
    }

    #[test]
    fn the_cursor_keeps_its_todo_through_json() {
        let cursor = stamped(
            7,
            Cursor {
                done_through: Some(day("2025-03-10")),
                todo: vec![range("2025-01-31", "2025-01-01", "2025-03-10")],
            },
        );
        let text = serde_json::to_string(&cursor).unwrap();
        let back: Stamped<Cursor> = serde_json::from_str(&text).unwrap();
        assert_eq!(back, cursor);
        // A cursor written before `todo` existed (one struct for every
        // stream) reads as "nothing left".
        let old: Stamped<Cursor> = serde_json::from_str(
            r#"{"run":3,"done_through":"2025-03-01","offset":0,"done":false}"#,
        )
        .unwrap();
        assert!(old.cursor.todo.is_empty());
        assert_eq!(
            (old.run, old.cursor.done_through),
            (3, Some(day("2025-03-01")))
        );
    }

    #[test]
    fn progress_counts_the_days_that_have_steps_not_the_whole_history() {
        // Ten days of steps (03-01 … 03-10) in a history asked from 01-01.
        let mut store = Store::open_in_memory().unwrap();
        let mut batch = Batch::new("withings".parse().unwrap());
        for d in 0..10 {
            let start = Zone::UTC.start_of_day(day("2025-03-01") + Days::new(d));
            batch
                .measurements
                .push(healthdash_core::Measurement::interval(
                    Metric::Steps,
                    start,
                    start + 86_400,
                    5000.0,
                    Zone::UTC,
                ));
        }
        store.ingest(&batch).unwrap();
        let stream = Intraday {
            api: Api::new("https://wbsapi.withings.net".parse().unwrap()).unwrap(),
        };
        let (todo, done) = todo(&Stamped::default(), &run(1, "2025-03-10"));
        let planned = stream
            .next_day_with_steps(&store, todo, done)
            .unwrap()
            .unwrap();
        assert_eq!(planned.position, Some((1, 10)), "day 1 of 10, not of 69");
        assert!(planned.key.starts_with("getintradayactivity 2025-03-10 "));
    }
}
