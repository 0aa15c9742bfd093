//! Personicle's three streams, each a run of time windows with its own
//! cursor.
//!
//! | stream | call | window |
//! |---|---|---|
//! | `heart_rate` | `datastreams?datatype=…heartrate` | 7 days (dense minute data) |
//! | `weight` | `datastreams?datatype=…weight` | 90 days |
//! | `events` | `events` | 30 days |
//!
//! A first sync walks from `--from` (else 10 years back: Personicle cannot
//! say where an account's history starts) to the run's start. Later runs
//! start 48 hours before where the last one stopped: the API has no
//! `updated_since`, so re-reading is the only way to see late corrections
//! and deletions. A window's answer holds every record of its range (no
//! paging), so stored records of that range it lacks were deleted.
//! Both ends of a window are inclusive on the server, so a record on the
//! edge comes twice; its identity merges it.

use chrono::{Months, NaiveTime};
use healthdash_core::store::Coverage;
use healthdash_core::sync::{
    BoxFuture, DEFAULT_HISTORY_YEARS, Fetch, FetchRequest, Headers, Method, ParseContext, Parsed,
    Part, PlanContext, Planned, RunOptions, Stamped, SyncError, TypedStream,
};
use healthdash_core::{Batch, SourceId};
use serde::{Deserialize, Serialize};
use url::Url;

use super::adapter::{self, Datatype};
use super::api;

/// Bump when a parser changes what it derives from the same answer.
pub const PARSER_VERSION: i64 = 1;

/// How far back a later run starts before where the last one stopped.
pub const REREAD_SECS: i64 = 48 * 3600;

const DAY: i64 = 86_400;

/// Where the API is, and whose rows it writes.
#[derive(Clone, Debug)]
pub struct Api {
    base: Url,
    source: SourceId,
}

impl Api {
    pub fn new(base: Url) -> Result<Api, SyncError> {
        Ok(Api {
            base,
            source: super::SPEC.id.parse()?,
        })
    }
}

/// What a stream reads.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    Datastream(Datatype),
    Events,
}

/// One stream: a kind of record read in windows.
pub struct Windowed {
    pub name: &'static str,
    pub kind: Kind,
    pub window_secs: i64,
    pub api: Api,
}

/// The three streams, in sync order (workouts and nights are few and
/// fill the charts first; heart rate is the bulk).
pub fn all(api: &Api) -> Vec<Box<dyn healthdash_core::sync::Stream>> {
    vec![
        Box::new(Windowed {
            name: "events",
            kind: Kind::Events,
            window_secs: 30 * DAY,
            api: api.clone(),
        }),
        Box::new(Windowed {
            name: "weight",
            kind: Kind::Datastream(adapter::WEIGHT),
            window_secs: 90 * DAY,
            api: api.clone(),
        }),
        Box::new(Windowed {
            name: "heart_rate",
            kind: Kind::Datastream(adapter::HEART_RATE),
            window_secs: 7 * DAY,
            api: api.clone(),
        }),
    ]
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Cursor {
    /// Where the next window starts (unix seconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    next: Option<i64>,
    /// Where the run that wrote the cursor stops.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    until: Option<i64>,
    /// Where that run started, for progress.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    first: Option<i64>,
}

/// One window, both ends inclusive.
#[derive(Debug)]
pub struct Window {
    start: i64,
    end: i64,
    until: i64,
    first: i64,
}

/// Where a first sync starts: `--from`, else 10 years back (UTC midnight).
fn history_start(run: &RunOptions) -> i64 {
    let day = run.from.unwrap_or_else(|| {
        run.today
            .checked_sub_months(Months::new(12 * DEFAULT_HISTORY_YEARS as u32))
            .unwrap_or(run.today)
    });
    day.and_time(NaiveTime::MIN).and_utc().timestamp()
}

impl Windowed {
    fn what(&self) -> &'static str {
        match self.kind {
            Kind::Datastream(d) if d.metric == healthdash_core::Metric::Weight => "weight",
            Kind::Datastream(_) => "heart rate",
            Kind::Events => "events",
        }
    }

    fn record_prefix(&self) -> &'static str {
        match self.kind {
            Kind::Datastream(d) => d.record_prefix,
            Kind::Events => adapter::EVENT_PREFIX,
        }
    }

    fn read(&self, parts: &[Part]) -> Result<Batch, SyncError> {
        let body = Part::first_body(parts);
        let parse_error = |e: adapter::ParseError| SyncError::Parse {
            source_id: super::SPEC.id,
            what: self.what().to_owned(),
            reason: e.to_string(),
        };
        let mut batch = Batch::new(self.api.source.clone());
        match self.kind {
            Kind::Datastream(datatype) => {
                batch.measurements = adapter::datastream(body, &datatype).map_err(parse_error)?;
            }
            Kind::Events => {
                let events = adapter::events(body).map_err(parse_error)?;
                batch.workouts = events.workouts;
                batch.nights = events.nights;
            }
        }
        Ok(batch)
    }
}

impl TypedStream for Windowed {
    type Cursor = Cursor;
    type Request = Window;

    fn name(&self) -> &'static str {
        self.name
    }

    fn plan(
        &self,
        stamped: &Stamped<Cursor>,
        ctx: &PlanContext<'_>,
    ) -> Result<Option<Planned<Window>>, SyncError> {
        let cursor = &stamped.cursor;
        let (start, until, first) = match (cursor.next, cursor.until) {
            (Some(next), Some(until)) if stamped.this_run(ctx.run) => {
                if next >= until {
                    return Ok(None);
                }
                (next, until, cursor.first.unwrap_or(next))
            }
            (Some(next), _) => {
                let mut start = next - REREAD_SECS;
                if ctx.run.from.is_some() {
                    start = start.max(history_start(ctx.run));
                }
                (start, now(), start)
            }
            (None, _) => {
                let start = history_start(ctx.run);
                (start, now(), start)
            }
        };
        let end = (start + self.window_secs).min(until);
        let total = u64::try_from((until - first + DAY - 1) / DAY).unwrap_or(0);
        let done = u64::try_from((start - first) / DAY).unwrap_or(0);
        Ok(Some(Planned {
            key: format!(
                "{} {} .. {}",
                self.name,
                api::format_time(start),
                api::format_time(end)
            ),
            request: Window {
                start,
                end,
                until,
                first,
            },
            position: Some((done, total.max(1))),
        }))
    }

    fn fetch<'a>(
        &'a self,
        port: &'a dyn Fetch,
        window: &'a Window,
    ) -> BoxFuture<'a, Result<Vec<Part>, SyncError>> {
        Box::pin(async move {
            let mut params = Vec::with_capacity(3);
            let path = match self.kind {
                Kind::Datastream(datatype) => {
                    params.push(("datatype", datatype.name.to_owned()));
                    api::DATASTREAMS
                }
                Kind::Events => api::EVENTS,
            };
            params.push(("startTime", api::format_time(window.start)));
            params.push(("endTime", api::format_time(window.end)));
            let url = api::endpoint(&self.api.base, path).to_string();
            let what = self.what();
            let judge = move |status: u16, headers: &Headers, body: Vec<u8>| {
                api::judge(what, status, headers, body)
            };
            let request = FetchRequest {
                what,
                method: Method::Get,
                url: &url,
                params: &params,
                authorized: true,
                judge: &judge,
            };
            Ok(vec![Part::single(port.fetch(request).await?.body)])
        })
    }

    fn parse(
        &self,
        window: &Window,
        parts: &[Part],
        _: &ParseContext<'_>,
    ) -> Result<Parsed<Cursor>, SyncError> {
        let batch = self.read(parts)?;
        Ok(Parsed {
            batch,
            complete_records: true,
            // No paging: the answer is every record of the window. The end
            // is left out, so the next window's answer decides about it.
            covers: Some(Coverage {
                record_prefix: self.record_prefix().into(),
                from: window.start,
                to: window.end,
                local_time: false,
            }),
            next_cursor: Cursor {
                next: Some(window.end),
                until: Some(window.until),
                first: Some(window.first),
            },
        })
    }

    fn reparse(
        &self,
        _: &str,
        parts: &[Part],
        _: &ParseContext<'_>,
    ) -> Result<Option<Batch>, SyncError> {
        self.read(parts).map(Some)
    }
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}
