//! Withings as a [`SyncProvider`]: six streams, each with a JSON cursor.
//!
//! | stream | call | first sync | later syncs |
//! |---|---|---|---|
//! | `devices` | `getdevice` | once per run (names for `detail`) | same |
//! | `measures` | `getmeas` | whole history (or `--from`), paged by `offset` | the last 7 days by date (finds deleted weigh-ins), then `lastupdate` = last run's server time − 1 day |
//! | `activity` | `getactivity` | 90-day windows from 10 years back (or `--from`) | from the last stored day − 3 days |
//! | `workouts` | `getworkouts` | same | from the last stored day − 7 days (finds deleted workouts) |
//! | `sleep` | `getsummary` + one `get` per night | 30-day windows | from the last stored night − 3 days |
//! | `intraday` | `getintradayactivity`, one call per 24 h | each day the daily activity counted steps, newest first | today back to the last run's newest day − 2 days, then what an interrupted run left |
//!
//! Intraday detail exists only where a tracker was worn, which is exactly
//! the days `getactivity` reported steps for; skipping the others saves
//! thousands of empty calls on a first sync.
//!
//! Deletions: Withings does not report them, so a later run asks again for
//! a recent stretch (7 days of measure groups, the workouts from 7 days
//! back) and, when one page holds the whole answer, removes the stored
//! groups or workouts of that stretch that the answer no longer has.

use std::sync::Mutex;

use chrono::{Days, NaiveDate};
use healthdash_core::store::Coverage;
use healthdash_core::{Batch, Metric, SourceId, Store, Zone};
use serde::{Deserialize, Serialize};

use super::adapter::{self, DeviceNames};
use super::api::{self, MEASURE, MEASURE_V2, SLEEP_V2, USER_V2};
use crate::http::ApiCaller;
use crate::sync::{
    DEFAULT_HISTORY_YEARS, DayWindow, Parsed, Planned, RunOptions, SyncError, SyncProvider,
};

const DEVICES: &str = "devices";
const MEASURES: &str = "measures";
const ACTIVITY: &str = "activity";
const WORKOUTS: &str = "workouts";
const SLEEP: &str = "sleep";
const INTRADAY: &str = "intraday";
const STREAMS: &[&str] = &[DEVICES, MEASURES, ACTIVITY, WORKOUTS, SLEEP, INTRADAY];

const ACTIVITY_WINDOW_DAYS: u64 = 90;
const SLEEP_WINDOW_DAYS: u64 = 30;
/// Days re-read at the start of every run: late syncs of a tracker and
/// corrections land within them.
const OVERLAP_DAYS: u64 = 3;
const INTRADAY_OVERLAP_DAYS: u64 = 2;
/// How far back a later run looks for deleted weigh-ins and workouts: people
/// delete a wrong one within days.
const DELETION_WINDOW_DAYS: u64 = 7;
/// `lastupdate` is moved back by this much, in case a group was modified
/// while the previous run was paging.
const MEASURES_OVERLAP_SECS: i64 = 86_400;
/// Sleep `get` and intraday return at most 24 hours per call.
const MAX_SPAN_SECS: i64 = 86_400;

/// Bump when a parser changes what it derives from the same response.
const PARSER_VERSION: i64 = 1;

/// One fetch.
#[derive(Clone, Debug, PartialEq)]
pub enum Request {
    Devices,
    Measures {
        lastupdate: Option<i64>,
        startdate: Option<i64>,
        offset: i64,
    },
    /// A later run's look at the last days by date, for deletions; carries
    /// the `lastupdate` of the pass that follows.
    RecentMeasures {
        startdate: i64,
        enddate: i64,
        lastupdate: i64,
    },
    Days {
        action: DayAction,
        window: DayWindow,
        offset: i64,
        run_first: NaiveDate,
    },
    Intraday {
        day: NaiveDate,
        start: i64,
        end: i64,
        zone: Zone,
        /// The stream's position once this day is stored.
        todo_after: Vec<DayRange>,
        done_through: NaiveDate,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DayAction {
    Activity,
    Workouts,
    Sleep,
}

/// A stream's position, stored as JSON in `sync_cursors`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct Cursor {
    /// The run that wrote this cursor: a new run re-reads an overlap, a
    /// resumed page of the same run does not.
    #[serde(default)]
    run: i64,
    /// Date streams: every day up to this one is stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    done_through: Option<NaiveDate>,
    /// A window being paged through, and where.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    window: Option<DayWindow>,
    #[serde(default)]
    offset: i64,
    /// `measures`: the `lastupdate` of the next run, and a paging run in progress.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lastupdate: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    paging: Option<MeasPaging>,
    /// `measures`: the run that has looked at the recent days already.
    #[serde(default)]
    recent_run: i64,
    #[serde(default)]
    done: bool,
    /// The first day this run fetched, for progress bars.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    run_first: Option<NaiveDate>,
    /// `intraday`: days still to fetch, newest range first. A run adds the
    /// days since the last one at the front, so recent detail comes first
    /// and an interrupted run's older days wait their turn.
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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct MeasPaging {
    lastupdate: Option<i64>,
    startdate: Option<i64>,
    offset: i64,
    /// The server's `updatetime` on the run's first page.
    updatetime: Option<i64>,
}

/// The Withings provider. Holds the device names of the current run.
#[derive(Debug)]
pub struct Withings {
    api_base: url::Url,
    source: SourceId,
    devices: Mutex<DeviceNames>,
}

impl Withings {
    pub fn new(api_base: url::Url) -> Result<Self, SyncError> {
        Ok(Withings {
            api_base,
            source: super::SPEC.id.parse()?,
            devices: Mutex::new(DeviceNames::default()),
        })
    }

    fn devices(&self) -> DeviceNames {
        self.devices.lock().map(|d| d.clone()).unwrap_or_default()
    }
}

fn cursor_of(stream: &'static str, text: Option<&str>) -> Result<Cursor, SyncError> {
    match text {
        None => Ok(Cursor::default()),
        Some(text) => serde_json::from_str(text).map_err(|e| SyncError::Cursor {
            provider: "withings",
            stream,
            reason: e.to_string(),
        }),
    }
}

fn to_json(cursor: &Cursor) -> String {
    serde_json::to_string(cursor).unwrap_or_default()
}

fn parse_error(what: &str) -> impl Fn(adapter::ParseError) -> SyncError + '_ {
    move |e| SyncError::Parse {
        provider: "withings",
        what: what.to_owned(),
        reason: e.to_string(),
    }
}

/// Where a first sync starts: `--from`, else 10 years back.
fn history_start(run: &RunOptions) -> NaiveDate {
    run.from.unwrap_or_else(|| {
        run.today
            .checked_sub_months(chrono::Months::new(12 * DEFAULT_HISTORY_YEARS as u32))
            .unwrap_or(run.today)
    })
}

/// The first day a date stream fetches next.
fn next_day(cursor: &Cursor, run: &RunOptions, overlap: u64) -> NaiveDate {
    let start = history_start(run);
    match cursor.done_through {
        None => start,
        Some(done) if cursor.run == run.id => done + Days::new(1),
        // A new run re-reads the last days, but never before `--from`.
        Some(done) => (done - Days::new(overlap)).max(if run.from.is_some() {
            start
        } else {
            NaiveDate::MIN
        }),
    }
}

/// A date's midnight on the local clock, as seconds (see [`Coverage::local_time`]).
fn local_midnight(day: NaiveDate) -> i64 {
    day.and_time(chrono::NaiveTime::MIN).and_utc().timestamp()
}

fn days_between(a: NaiveDate, b: NaiveDate) -> u64 {
    u64::try_from((b - a).num_days()).unwrap_or(0)
}

impl SyncProvider for Withings {
    type Request = Request;

    fn id(&self) -> &'static str {
        super::SPEC.id
    }

    fn streams(&self) -> &'static [&'static str] {
        STREAMS
    }

    fn parser_version(&self) -> i64 {
        PARSER_VERSION
    }

    fn plan(
        &self,
        stream: &'static str,
        cursor: Option<&str>,
        store: &Store,
        run: &RunOptions,
    ) -> Result<Option<Planned<Request>>, SyncError> {
        let cursor = cursor_of(stream, cursor)?;
        let planned = |request: Request, key: String, position| {
            Some(Planned {
                request,
                key,
                position,
            })
        };
        Ok(match stream {
            DEVICES if cursor.run == run.id => None,
            DEVICES => planned(Request::Devices, "getdevice".into(), None),
            MEASURES => {
                if let Some(p) = &cursor.paging {
                    let request = Request::Measures {
                        lastupdate: p.lastupdate,
                        startdate: p.startdate,
                        offset: p.offset,
                    };
                    planned(request, format!("getmeas offset={}", p.offset), None)
                } else if cursor.done && cursor.run == run.id {
                    None
                } else if let Some(lastupdate) = cursor.lastupdate
                    && cursor.recent_run != run.id
                {
                    let since = run.today - Days::new(DELETION_WINDOW_DAYS);
                    let request = Request::RecentMeasures {
                        startdate: Zone::local().start_of_day(since),
                        enddate: chrono::Utc::now().timestamp(),
                        lastupdate,
                    };
                    planned(request, "getmeas recent".into(), None)
                } else {
                    let startdate = match (cursor.lastupdate, run.from) {
                        (None, Some(from)) => Some(Zone::local().start_of_day(from)),
                        _ => None,
                    };
                    let request = Request::Measures {
                        lastupdate: cursor.lastupdate,
                        startdate,
                        offset: 0,
                    };
                    planned(request, "getmeas offset=0".into(), None)
                }
            }
            ACTIVITY | WORKOUTS | SLEEP => {
                let (action, size) = match stream {
                    ACTIVITY => (DayAction::Activity, ACTIVITY_WINDOW_DAYS),
                    WORKOUTS => (DayAction::Workouts, ACTIVITY_WINDOW_DAYS),
                    _ => (DayAction::Sleep, SLEEP_WINDOW_DAYS),
                };
                let (window, offset) = match cursor.window {
                    Some(window) => (window, cursor.offset),
                    None => {
                        let overlap = if stream == WORKOUTS {
                            DELETION_WINDOW_DAYS
                        } else {
                            OVERLAP_DAYS
                        };
                        let first = next_day(&cursor, run, overlap);
                        if first > run.today {
                            return Ok(None);
                        }
                        let last = (first + Days::new(size - 1)).min(run.today);
                        (DayWindow { first, last }, 0)
                    }
                };
                let run_first = match cursor.run_first {
                    Some(first) if cursor.run == run.id => first,
                    _ => window.first,
                };
                let position = Some((
                    days_between(run_first, window.last) + 1,
                    days_between(run_first, run.today) + 1,
                ));
                let key = format!("{stream} {}..{} offset={offset}", window.first, window.last);
                let request = Request::Days {
                    action,
                    window,
                    offset,
                    run_first,
                };
                planned(request, key, position)
            }
            INTRADAY => {
                let (todo, done_through) = intraday_todo(&cursor, run);
                self.plan_intraday(store, todo, done_through)?
            }
            _ => None,
        })
    }

    async fn fetch(&self, api: &ApiCaller<'_>, request: &Request) -> Result<Vec<u8>, SyncError> {
        let base = &self.api_base;
        let call = |path: &'static str, action: &'static str, form: Vec<(&'static str, String)>| async move {
            let mut form = form;
            form.push(("action", action.to_owned()));
            api.post_form(&api::endpoint(base, path), action, &form, |_, _, body| {
                api::judge(action, body)
            })
            .await
        };
        let body = match request {
            Request::Devices => call(USER_V2, "getdevice", vec![]).await?,
            Request::Measures {
                lastupdate,
                startdate,
                offset,
            } => {
                let mut form = vec![("category", "1".to_owned())];
                if let Some(since) = lastupdate {
                    form.push(("lastupdate", since.to_string()));
                } else if let Some(start) = startdate {
                    form.push(("startdate", start.to_string()));
                    form.push(("enddate", chrono::Utc::now().timestamp().to_string()));
                }
                if *offset > 0 {
                    form.push(("offset", offset.to_string()));
                }
                call(MEASURE, "getmeas", form).await?
            }
            Request::RecentMeasures {
                startdate, enddate, ..
            } => {
                let form = vec![
                    ("category", "1".to_owned()),
                    ("startdate", startdate.to_string()),
                    ("enddate", enddate.to_string()),
                ];
                call(MEASURE, "getmeas", form).await?
            }
            Request::Days {
                action,
                window,
                offset,
                ..
            } => {
                let mut form = vec![
                    ("startdateymd", window.first.to_string()),
                    ("enddateymd", window.last.to_string()),
                ];
                if *offset > 0 {
                    form.push(("offset", offset.to_string()));
                }
                match action {
                    DayAction::Activity => call(MEASURE_V2, "getactivity", form).await?,
                    DayAction::Workouts => call(MEASURE_V2, "getworkouts", form).await?,
                    DayAction::Sleep => {
                        let summary = call(SLEEP_V2, "getsummary", form).await?;
                        let page = adapter::sleep_getsummary(&summary, &self.devices())
                            .map_err(parse_error("getsummary"))?;
                        let mut nights = Vec::with_capacity(page.nights.len());
                        for night in &page.nights {
                            let end = night.end.min(night.start + MAX_SPAN_SECS);
                            let form = vec![
                                ("startdate", night.start.to_string()),
                                ("enddate", end.to_string()),
                            ];
                            let stages = call(SLEEP_V2, "get", form).await?;
                            nights.push((night.id, String::from_utf8_lossy(&stages).into_owned()));
                        }
                        let bundle = SleepBundle {
                            summary: String::from_utf8_lossy(&summary).into_owned(),
                            nights,
                        };
                        serde_json::to_vec(&bundle).map_err(|e| SyncError::Parse {
                            provider: "withings",
                            what: "sleep".into(),
                            reason: e.to_string(),
                        })?
                    }
                }
            }
            Request::Intraday { start, end, .. } => {
                let form = vec![
                    ("startdate", start.to_string()),
                    ("enddate", end.to_string()),
                ];
                call(MEASURE_V2, "getintradayactivity", form).await?
            }
        };
        Ok(body)
    }

    fn parse(
        &self,
        _stream: &'static str,
        request: &Request,
        raw: &[u8],
        run: &RunOptions,
    ) -> Result<Parsed, SyncError> {
        let mut batch = Batch::new(self.source.clone());
        let mut covers = None;
        let (complete_records, next) = match request {
            Request::Devices => {
                let devices = adapter::getdevice(raw).map_err(parse_error("getdevice"))?;
                if let Ok(mut names) = self.devices.lock() {
                    *names = DeviceNames::from_devices(&devices);
                }
                (false, Cursor::default())
            }
            Request::Measures {
                lastupdate,
                startdate,
                offset,
            } => {
                let (values, page) = self.read_getmeas(raw)?;
                batch.measurements = values;
                let cursor = if page.more {
                    Cursor {
                        paging: Some(MeasPaging {
                            lastupdate: *lastupdate,
                            startdate: *startdate,
                            offset: page.offset.max(offset + 1),
                            updatetime: page.updatetime,
                        }),
                        ..Cursor::default()
                    }
                } else {
                    let server_now = page
                        .updatetime
                        .unwrap_or_else(|| chrono::Utc::now().timestamp());
                    Cursor {
                        lastupdate: Some(server_now - MEASURES_OVERLAP_SECS),
                        done: true,
                        ..Cursor::default()
                    }
                };
                (true, cursor)
            }
            Request::RecentMeasures {
                startdate,
                enddate,
                lastupdate,
            } => {
                let (values, page) = self.read_getmeas(raw)?;
                batch.measurements = values;
                // More than a page of groups in a week: too much to be sure
                // of; the corrections still come with `lastupdate`.
                covers = (!page.more).then_some(Coverage {
                    record_prefix: adapter::GROUP_RECORD_PREFIX,
                    from: *startdate,
                    to: enddate + 1,
                    local_time: false,
                });
                let cursor = Cursor {
                    lastupdate: Some(*lastupdate),
                    recent_run: run.id,
                    ..Cursor::default()
                };
                (true, cursor)
            }
            Request::Days {
                action,
                window,
                offset,
                run_first,
            } => {
                let (more, next_offset) = match action {
                    DayAction::Activity => {
                        let page = adapter::getactivity(raw, &self.devices())
                            .map_err(parse_error("getactivity"))?;
                        batch.measurements = page.measurements;
                        (page.more, page.offset)
                    }
                    DayAction::Workouts => {
                        let page = adapter::getworkouts(raw).map_err(parse_error("getworkouts"))?;
                        batch.workouts = page.workouts;
                        // One page with the window's every workout: those
                        // stored for its days and missing here were deleted.
                        covers = (*offset == 0 && !page.more).then(|| Coverage {
                            record_prefix: adapter::WORKOUT_RECORD_PREFIX,
                            from: local_midnight(window.first),
                            to: local_midnight(window.last + Days::new(1)),
                            local_time: true,
                        });
                        (page.more, page.offset)
                    }
                    DayAction::Sleep => {
                        let (nights, heart_rate, more, next) = self.parse_sleep(raw)?;
                        batch.nights = nights;
                        batch.measurements = heart_rate;
                        (more, next)
                    }
                };
                let cursor = if more {
                    Cursor {
                        window: Some(*window),
                        offset: next_offset.max(offset + 1),
                        run_first: Some(*run_first),
                        ..Cursor::default()
                    }
                } else {
                    Cursor {
                        done_through: Some(window.last),
                        run_first: Some(*run_first),
                        ..Cursor::default()
                    }
                };
                (true, cursor)
            }
            Request::Intraday {
                zone,
                todo_after,
                done_through,
                ..
            } => {
                batch.measurements = adapter::getintradayactivity(raw, *zone)
                    .map_err(parse_error("getintradayactivity"))?;
                (
                    false,
                    Cursor {
                        done_through: Some(*done_through),
                        todo: todo_after.clone(),
                        ..Cursor::default()
                    },
                )
            }
        };
        // Every page of one run carries the run's start time.
        let next_cursor = to_json(&Cursor {
            run: run.id,
            ..next
        });
        Ok(Parsed {
            batch,
            complete_records,
            covers,
            next_cursor,
        })
    }

    fn reparse(
        &self,
        stream: &'static str,
        _key: &str,
        raw: &[u8],
    ) -> Result<Option<Batch>, SyncError> {
        let mut batch = Batch::new(self.source.clone());
        match stream {
            MEASURES => {
                batch.measurements = self.read_getmeas(raw)?.0;
            }
            ACTIVITY => {
                batch.measurements = adapter::getactivity(raw, &self.devices())
                    .map_err(parse_error("getactivity"))?
                    .measurements;
            }
            WORKOUTS => {
                batch.workouts = adapter::getworkouts(raw)
                    .map_err(parse_error("getworkouts"))?
                    .workouts;
            }
            SLEEP => {
                let (nights, heart_rate, _, _) = self.parse_sleep(raw)?;
                batch.nights = nights;
                batch.measurements = heart_rate;
            }
            // Intraday responses carry no zone of their own; they are
            // re-fetched (cheaply, per day) rather than re-parsed.
            _ => return Ok(None),
        }
        Ok(Some(batch))
    }
}

/// A sleep page as stored: the summary response and each night's `get`.
#[derive(Serialize, Deserialize)]
struct SleepBundle {
    summary: String,
    nights: Vec<(i64, String)>,
}

type SleepPage = (
    Vec<healthdash_core::SleepNight>,
    Vec<healthdash_core::Measurement>,
    bool,
    i64,
);

/// The intraday days left to fetch as this run sees them, newest first, and
/// the newest day ever scheduled. A new run schedules the days from today
/// back to the last run's newest day minus the overlap (the whole history on
/// a first sync), ahead of any an interrupted run left.
fn intraday_todo(cursor: &Cursor, run: &RunOptions) -> (Vec<DayRange>, NaiveDate) {
    if cursor.run == run.id {
        // This run has stored a page, so it set `done_through`.
        return (
            cursor.todo.clone(),
            cursor.done_through.unwrap_or(run.today),
        );
    }
    let oldest = next_day(cursor, run, INTRADAY_OVERLAP_DAYS);
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

impl Withings {
    /// The newest day of `todo` whose daily activity counted steps (days
    /// without steps have no detail to ask for), as a request that also
    /// carries the stream's position after it.
    fn plan_intraday(
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
                store.positive_interval(&self.source, Metric::Steps, (from, to), true)?
            {
                let day = zone.local_date(start);
                if day > range.newest || day < range.oldest {
                    to = start; // another date's row within the slack
                    continue;
                }
                let mut todo_after = todo.clone();
                if day > range.oldest {
                    todo_after[0].newest = day - Days::new(1);
                } else {
                    todo_after.remove(0);
                }
                let position = Some((
                    days_between(day, range.top) + 1,
                    days_between(range.oldest, range.top) + 1,
                ));
                let request = Request::Intraday {
                    day,
                    start,
                    end: end.min(start + MAX_SPAN_SECS),
                    zone,
                    todo_after,
                    done_through,
                };
                return Ok(Some(Planned {
                    request,
                    key: format!("getintradayactivity {day}"),
                    position,
                }));
            }
            todo.remove(0);
        }
        Ok(None)
    }

    /// A `getmeas` answer: its groups' values, flattened, and the page
    /// (`more`, `offset`, `updatetime`) without its groups.
    fn read_getmeas(
        &self,
        raw: &[u8],
    ) -> Result<(Vec<healthdash_core::Measurement>, adapter::MeasPage), SyncError> {
        let mut page = adapter::getmeas(raw, &self.devices()).map_err(parse_error("getmeas"))?;
        let values = std::mem::take(&mut page.measurements);
        Ok((values, page))
    }

    fn parse_sleep(&self, raw: &[u8]) -> Result<SleepPage, SyncError> {
        let bundle: SleepBundle = serde_json::from_slice(raw).map_err(|e| SyncError::Parse {
            provider: "withings",
            what: "sleep".into(),
            reason: e.to_string(),
        })?;
        let page = adapter::sleep_getsummary(bundle.summary.as_bytes(), &self.devices())
            .map_err(parse_error("getsummary"))?;
        let mut nights = Vec::with_capacity(page.nights.len());
        let mut heart_rate = Vec::new();
        for summary in &page.nights {
            let series = match bundle.nights.iter().find(|(id, _)| *id == summary.id) {
                Some((_, body)) => adapter::sleep_get(body.as_bytes(), summary.zone)
                    .map_err(parse_error("sleep get"))?,
                None => adapter::SleepSeries {
                    stages: Vec::new(),
                    heart_rate: Vec::new(),
                },
            };
            nights.push(adapter::night(summary, &series.stages));
            heart_rate.extend(series.heart_rate);
        }
        Ok((nights, heart_rate, page.more, page.offset))
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

    #[test]
    fn a_first_run_schedules_the_whole_history_newest_first() {
        let (todo, done) = intraday_todo(&Cursor::default(), &run(1, "2025-03-10"));
        assert_eq!(todo, [range("2025-03-10", "2025-01-01", "2025-03-10")]);
        assert_eq!(done, day("2025-03-10"));
    }

    #[test]
    fn a_later_run_puts_the_new_days_ahead_of_what_an_interrupted_run_left() {
        // Run 1 (up to 03-10) stopped after fetching 03-10 … 02-01.
        let interrupted = Cursor {
            run: 1,
            done_through: Some(day("2025-03-10")),
            todo: vec![range("2025-01-31", "2025-01-01", "2025-03-10")],
            ..Cursor::default()
        };
        let (todo, done) = intraday_todo(&interrupted, &run(2, "2025-03-12"));
        assert_eq!(
            todo,
            [
                // From today back to the last run's newest day minus 2.
                range("2025-03-12", "2025-03-08", "2025-03-12"),
                range("2025-01-31", "2025-01-01", "2025-03-10"),
            ]
        );
        assert_eq!(done, day("2025-03-12"));
        // Within run 1 itself, the cursor is taken as it is.
        let (same, _) = intraday_todo(&interrupted, &run(1, "2025-03-10"));
        assert_eq!(same, interrupted.todo);
    }

    #[test]
    fn the_cursor_keeps_its_todo_through_json() {
        let cursor = Cursor {
            run: 7,
            done_through: Some(day("2025-03-10")),
            todo: vec![range("2025-01-31", "2025-01-01", "2025-03-10")],
            ..Cursor::default()
        };
        let back = cursor_of(INTRADAY, Some(&to_json(&cursor))).unwrap();
        assert_eq!(back, cursor);
        // A cursor written before `todo` existed reads as "nothing left".
        let old = cursor_of(
            INTRADAY,
            Some(r#"{"run":3,"done_through":"2025-03-01","offset":0,"done":false}"#),
        )
        .unwrap();
        assert!(old.todo.is_empty());
        assert_eq!(old.done_through, Some(day("2025-03-01")));
    }
}
