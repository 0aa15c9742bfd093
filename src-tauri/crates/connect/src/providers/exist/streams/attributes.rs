//! `attributes`: the mapped attributes' daily values, in windows of at most
//! 31 local days (Exist's `days` limit), every page of a window in one fetch.

use chrono::{Days, NaiveDate};
use healthdash_core::Batch;
use healthdash_core::store::Coverage;
use healthdash_core::sync::{
    BoxFuture, Fetch, ParseContext, Parsed, Part, PlanContext, Planned, Stamped, SyncError,
    TypedStream,
};
use serde::{Deserialize, Serialize};
use url::Url;

use super::{Api, adapter, history_start, parse_error, stored_zone};
use crate::providers::exist::api::{self, MAX_DAYS, WITH_VALUES};

pub const NAME: &str = "attributes";

/// Days before the last stored one that a new run reads again: Exist's
/// services fill in and correct the last days late (sleep, a weigh-in
/// typed in the next morning).
pub const OVERLAP_DAYS: u64 = 7;

/// Attributes per page we ask for; Exist may send fewer, then `next` is set.
const PAGE_LIMIT: &str = "100";

/// A `next` chain longer than this is a server loop, not data.
const MAX_PAGES: usize = 50;

pub struct Attributes {
    pub api: Api,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Cursor {
    /// Every Exist date up to this one is stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    done_through: Option<NaiveDate>,
    /// The first date this run fetched, for progress bars.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    run_first: Option<NaiveDate>,
}

/// One window of Exist dates, inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Request {
    first: NaiveDate,
    last: NaiveDate,
    run_first: NaiveDate,
}

impl Request {
    fn key(&self) -> String {
        format!("{NAME} {}..{}", self.first, self.last)
    }

    /// The window a stored request key names.
    fn from_key(key: &str) -> Option<(NaiveDate, NaiveDate)> {
        let (first, last) = key.strip_prefix(NAME)?.trim().split_once("..")?;
        Some((first.parse().ok()?, last.parse().ok()?))
    }
}

impl TypedStream for Attributes {
    type Cursor = Cursor;
    type Request = Request;

    fn name(&self) -> &'static str {
        NAME
    }

    fn plan(
        &self,
        stamped: &Stamped<Cursor>,
        ctx: &PlanContext<'_>,
    ) -> Result<Option<Planned<Request>>, SyncError> {
        // Exist's "today" is the profile zone's: ahead of this computer's
        // when the account lives east of it.
        let now = chrono::Utc::now().timestamp();
        let today = match stored_zone(ctx.store)? {
            Some(zone) => zone.local_date(now).max(ctx.run.today),
            None => ctx.run.today,
        };
        let cursor = &stamped.cursor;
        let this_run = stamped.this_run(ctx.run);
        let start = history_start(ctx.run, today);
        let first = match cursor.done_through {
            None => start,
            Some(done) if this_run => done + Days::new(1),
            Some(done) => {
                let back = done - Days::new(OVERLAP_DAYS);
                if ctx.run.from.is_some() {
                    back.max(start)
                } else {
                    back
                }
            }
        };
        if first > today {
            return Ok(None);
        }
        let last = (first + Days::new(MAX_DAYS - 1)).min(today);
        let run_first = match cursor.run_first {
            Some(run_first) if this_run => run_first,
            _ => first,
        };
        let request = Request {
            first,
            last,
            run_first,
        };
        let days = |a: NaiveDate, b: NaiveDate| u64::try_from((b - a).num_days() + 1).unwrap_or(0);
        Ok(Some(Planned {
            key: request.key(),
            position: Some((days(run_first, last), days(run_first, today))),
            request,
        }))
    }

    fn fetch<'a>(
        &'a self,
        port: &'a dyn Fetch,
        request: &'a Request,
    ) -> BoxFuture<'a, Result<Vec<Part>, SyncError>> {
        Box::pin(async move {
            let days = (request.last - request.first).num_days() + 1;
            let params = [
                ("attributes", adapter::attribute_filter()),
                ("days", days.to_string()),
                ("date_max", request.last.to_string()),
                ("limit", PAGE_LIMIT.to_owned()),
            ];
            let first = api::endpoint(&self.api.base, WITH_VALUES).to_string();
            let mut body = self.api.get(port, "with-values", &first, &params).await?;
            let mut parts = Vec::new();
            loop {
                let next = adapter::next_page(&body).map_err(parse_error)?;
                parts.push(Part {
                    key: format!("page {}", parts.len() + 1),
                    body,
                });
                let Some(next) = next else {
                    return Ok(parts);
                };
                let url = self.next_url(&next)?;
                if parts.len() >= MAX_PAGES {
                    return Err(
                        self.page_error(format!("more than {MAX_PAGES} pages; stopped at {url}"))
                    );
                }
                // The link carries every parameter of the first request.
                body = self.api.get(port, "with-values", url.as_str(), &[]).await?;
            }
        })
    }

    fn parse(
        &self,
        request: &Request,
        parts: &[Part],
        ctx: &ParseContext<'_>,
    ) -> Result<Parsed<Cursor>, SyncError> {
        let batch = self.read(parts, ctx, Some((request.first, request.last)))?;
        Ok(Parsed {
            batch,
            // One record per Exist date: a re-read date replaces its rows.
            complete_records: true,
            // The window holds every mapped attribute of its dates: rows of
            // those dates that Exist no longer has are removed.
            covers: Some(Coverage {
                record_prefix: adapter::DAY_RECORD_PREFIX,
                from: local_midnight(request.first),
                to: local_midnight(request.last + Days::new(1)),
                local_time: true,
            }),
            next_cursor: Cursor {
                done_through: Some(request.last),
                run_first: Some(request.run_first),
            },
        })
    }

    fn reparse(
        &self,
        key: &str,
        parts: &[Part],
        ctx: &ParseContext<'_>,
    ) -> Result<Option<Batch>, SyncError> {
        Ok(Some(self.read(parts, ctx, Request::from_key(key))?))
    }
}

impl Attributes {
    fn read(
        &self,
        parts: &[Part],
        ctx: &ParseContext<'_>,
        within: Option<(NaiveDate, NaiveDate)>,
    ) -> Result<Batch, SyncError> {
        let zone = stored_zone(ctx.store)?.ok_or_else(|| {
            self.page_error("no profile stored, so no time zone for its dates".into())
        })?;
        let pages: Vec<&[u8]> = parts.iter().map(|p| p.body.as_slice()).collect();
        let mut batch = Batch::new(self.api.source.clone());
        batch.measurements = adapter::day_rows(&pages, zone, within).map_err(parse_error)?;
        Ok(batch)
    }

    /// A `next` link, refused unless it is on the API's own host: the token
    /// goes with it.
    fn next_url(&self, next: &str) -> Result<Url, SyncError> {
        let url = Url::parse(next)
            .map_err(|e| self.page_error(format!("'next' is not a URL ({e}): {next}")))?;
        if !api::same_origin(&self.api.base, &url) {
            return Err(self.page_error(format!("'next' leaves the API's host: {next}")));
        }
        Ok(url)
    }

    fn page_error(&self, reason: String) -> SyncError {
        SyncError::Parse {
            source_id: crate::providers::exist::SPEC.id,
            what: "with-values".into(),
            reason,
        }
    }
}

/// A date's midnight on the local clock, as seconds (see
/// [`healthdash_core::store::Coverage::local_time`]).
fn local_midnight(day: NaiveDate) -> i64 {
    day.and_time(chrono::NaiveTime::MIN).and_utc().timestamp()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_key_names_its_window() {
        let request = Request {
            first: "2025-03-01".parse().unwrap(),
            last: "2025-03-31".parse().unwrap(),
            run_first: "2025-03-01".parse().unwrap(),
        };
        assert_eq!(request.key(), "attributes 2025-03-01..2025-03-31");
        assert_eq!(
            Request::from_key(&request.key()),
            Some((request.first, request.last))
        );
        assert_eq!(Request::from_key("profile"), None);
    }
}
