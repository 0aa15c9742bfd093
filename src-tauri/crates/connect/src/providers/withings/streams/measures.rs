//! `measures`: weigh-ins and other measure groups (`getmeas`). A first run
//! pages through the whole history by `offset`; later runs first ask for
//! the last 7 days by date (a complete answer reveals deleted groups), then
//! for what changed since the last run's server time (`lastupdate`).

use chrono::Days;
use healthdash_core::store::Coverage;
use healthdash_core::sync::{
    BoxFuture, Fetch, ParseContext, Parsed, Part, PlanContext, Planned, Stamped, SyncError,
    TypedStream,
};
use healthdash_core::{Batch, Zone};
use serde::{Deserialize, Serialize};

use super::{Api, adapter, device_names, parse_error};
use crate::providers::withings::api::MEASURE;

/// How far back a later run looks for deleted weigh-ins: people delete a
/// wrong one within days.
const DELETION_WINDOW_DAYS: u64 = 7;
/// `lastupdate` is moved back by this much, in case a group was modified
/// while the previous run was paging.
const OVERLAP_SECS: i64 = 86_400;

pub struct Measures {
    pub api: Api,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Cursor {
    /// The `lastupdate` of the next run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lastupdate: Option<i64>,
    /// A paging run in progress.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    paging: Option<Paging>,
    /// The run that wrote this cursor has looked at the recent days.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    recent_done: bool,
    #[serde(default)]
    done: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Paging {
    lastupdate: Option<i64>,
    startdate: Option<i64>,
    offset: i64,
    /// The server's `updatetime` on the run's first page.
    updatetime: Option<i64>,
}

#[derive(Debug)]
pub enum Request {
    Page {
        lastupdate: Option<i64>,
        startdate: Option<i64>,
        offset: i64,
    },
    /// A later run's look at the last days by date, for deletions; carries
    /// the `lastupdate` of the pass that follows.
    Recent {
        startdate: i64,
        enddate: i64,
        lastupdate: i64,
    },
}

impl TypedStream for Measures {
    type Cursor = Cursor;
    type Request = Request;

    fn name(&self) -> &'static str {
        "measures"
    }

    fn plan(
        &self,
        stamped: &Stamped<Cursor>,
        ctx: &PlanContext<'_>,
    ) -> Result<Option<Planned<Request>>, SyncError> {
        let cursor = &stamped.cursor;
        let this_run = stamped.this_run(ctx.run);
        let (request, key) = if let Some(p) = &cursor.paging {
            let request = Request::Page {
                lastupdate: p.lastupdate,
                startdate: p.startdate,
                offset: p.offset,
            };
            (request, format!("getmeas offset={}", p.offset))
        } else if cursor.done && this_run {
            return Ok(None);
        } else if let Some(lastupdate) = cursor.lastupdate
            && !(cursor.recent_done && this_run)
        {
            let since = ctx.run.today - Days::new(DELETION_WINDOW_DAYS);
            let request = Request::Recent {
                startdate: Zone::local().start_of_day(since),
                enddate: chrono::Utc::now().timestamp(),
                lastupdate,
            };
            (request, "getmeas recent".into())
        } else {
            let startdate = match (cursor.lastupdate, ctx.run.from) {
                (None, Some(from)) => Some(Zone::local().start_of_day(from)),
                _ => None,
            };
            let request = Request::Page {
                lastupdate: cursor.lastupdate,
                startdate,
                offset: 0,
            };
            (request, "getmeas offset=0".into())
        };
        Ok(Some(Planned {
            request,
            key,
            position: None,
        }))
    }

    fn fetch<'a>(
        &'a self,
        port: &'a dyn Fetch,
        request: &'a Request,
    ) -> BoxFuture<'a, Result<Vec<Part>, SyncError>> {
        Box::pin(async move {
            let mut form = vec![("category", "1".to_owned())];
            match request {
                Request::Page {
                    lastupdate,
                    startdate,
                    offset,
                } => {
                    if let Some(since) = lastupdate {
                        form.push(("lastupdate", since.to_string()));
                    } else if let Some(start) = startdate {
                        form.push(("startdate", start.to_string()));
                        form.push(("enddate", chrono::Utc::now().timestamp().to_string()));
                    }
                    if *offset > 0 {
                        form.push(("offset", offset.to_string()));
                    }
                }
                Request::Recent {
                    startdate, enddate, ..
                } => {
                    form.push(("startdate", startdate.to_string()));
                    form.push(("enddate", enddate.to_string()));
                }
            }
            let body = self.api.call(port, MEASURE, "getmeas", form).await?;
            Ok(vec![Part::single(body)])
        })
    }

    fn parse(
        &self,
        request: &Request,
        parts: &[Part],
        ctx: &ParseContext<'_>,
    ) -> Result<Parsed<Cursor>, SyncError> {
        let page = read(parts, ctx)?;
        let mut covers = None;
        let next_cursor = match request {
            Request::Page {
                lastupdate,
                startdate,
                offset,
            } if page.more => Cursor {
                paging: Some(Paging {
                    lastupdate: *lastupdate,
                    startdate: *startdate,
                    offset: page.offset.max(offset + 1),
                    updatetime: page.updatetime,
                }),
                ..Cursor::default()
            },
            Request::Page { .. } => {
                let server_now = page
                    .updatetime
                    .unwrap_or_else(|| chrono::Utc::now().timestamp());
                Cursor {
                    lastupdate: Some(server_now - OVERLAP_SECS),
                    done: true,
                    ..Cursor::default()
                }
            }
            Request::Recent {
                startdate,
                enddate,
                lastupdate,
            } => {
                // More than a page of groups in a week: too much to be sure
                // of; the corrections still come with `lastupdate`.
                covers = (!page.more).then_some(Coverage {
                    record_prefix: adapter::GROUP_RECORD_PREFIX.into(),
                    from: *startdate,
                    to: enddate + 1,
                    local_time: false,
                });
                Cursor {
                    lastupdate: Some(*lastupdate),
                    recent_done: true,
                    ..Cursor::default()
                }
            }
        };
        let mut batch = Batch::new(self.api.source.clone());
        batch.measurements = page.measurements;
        Ok(Parsed {
            batch,
            complete_records: true,
            covers,
            next_cursor,
        })
    }

    fn reparse(
        &self,
        _: &str,
        parts: &[Part],
        ctx: &ParseContext<'_>,
    ) -> Result<Option<Batch>, SyncError> {
        let mut batch = Batch::new(self.api.source.clone());
        batch.measurements = read(parts, ctx)?.measurements;
        Ok(Some(batch))
    }
}

fn read(parts: &[Part], ctx: &ParseContext<'_>) -> Result<adapter::MeasPage, SyncError> {
    let body = Part::first_body(parts);
    adapter::getmeas(body, &device_names(ctx)?).map_err(parse_error("getmeas"))
}
