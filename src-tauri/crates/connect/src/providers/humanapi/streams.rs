//! One stream per record type, each with its own cursor; they differ only
//! in their path and how a record reads ([`Kind`]).
//!
//! A pass asks for `limit=500` and follows the answer's `Link: rel="next"`
//! until there is none — never assuming a page holds `limit` records, as
//! the service may cap pages lower. Without a `Link` header it pages by
//! `offset` until a short or empty page. The first pass reads the whole
//! history (or `start_date`/`end_date` from `--from`); later passes ask
//! for `updated_since` the newest `updatedAt` seen, less an hour, so a
//! record updated while the last run paged is read again. An updated
//! record keeps its `id`, so its new values replace the old.

use chrono::{DateTime, NaiveDate, Utc};
use healthdash_core::sync::{
    BoxFuture, Fetch, FetchRequest, Headers, Method, ParseContext, Parsed, Part, PlanContext,
    Planned, Stamped, Stream, SyncError, TypedStream,
};
use healthdash_core::{Batch, SourceId};
use serde::{Deserialize, Serialize};
use url::Url;

use super::adapter::{self, Kind};
use super::api;

/// Bump when a parser changes what it derives from the same answer.
pub const PARSER_VERSION: i64 = 1;

/// How far back a later pass re-reads, before the newest `updatedAt` seen.
const OVERLAP_SECS: i64 = 3600;

const LINK_PART: &str = "link";
const TOTAL_PART: &str = "x-total-count";

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

/// The streams, in sync order.
pub fn all(api: &Api) -> Vec<Box<dyn Stream>> {
    Kind::ALL
        .into_iter()
        .map(|kind| {
            Box::new(Listing {
                api: api.clone(),
                kind,
            }) as Box<dyn Stream>
        })
        .collect()
}

pub struct Listing {
    api: Api,
    kind: Kind,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Cursor {
    /// The newest `updatedAt` of every finished pass, in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    newest_ms: Option<i64>,
    /// A pass in progress.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    paging: Option<Paging>,
    /// The run that wrote this cursor finished its pass.
    #[serde(default)]
    done: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Paging {
    query: Query,
    next: Next,
    /// Records read in this pass so far (the next `offset` without links).
    seen: u64,
    total: Option<u64>,
    newest_ms: Option<i64>,
}

/// What a pass asks for.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Query {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    updated_since: Option<String>,
    /// `start_date` and `end_date`, always together.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    dates: Option<(NaiveDate, NaiveDate)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Next {
    /// The `Link: rel="next"` URL, whole.
    Url(String),
    Offset(u64),
}

#[derive(Debug)]
pub struct Request {
    paging: Paging,
}

impl Listing {
    fn first_page(&self, cursor: &Cursor, ctx: &PlanContext<'_>) -> Paging {
        let query = match (cursor.newest_ms, ctx.run.from) {
            (Some(ms), _) => Query {
                updated_since: DateTime::<Utc>::from_timestamp(ms / 1000 - OVERLAP_SECS, 0)
                    .map(api::updated_since),
                dates: None,
            },
            (None, Some(from)) => Query {
                updated_since: None,
                dates: Some((from, ctx.run.today)),
            },
            (None, None) => Query::default(),
        };
        Paging {
            query,
            next: Next::Offset(0),
            seen: 0,
            total: None,
            newest_ms: None,
        }
    }

    fn what(&self) -> String {
        format!("GET {}", self.kind.path())
    }
}

impl TypedStream for Listing {
    type Cursor = Cursor;
    type Request = Request;

    fn name(&self) -> &'static str {
        self.kind.name()
    }

    fn plan(
        &self,
        stamped: &Stamped<Cursor>,
        ctx: &PlanContext<'_>,
    ) -> Result<Option<Planned<Request>>, SyncError> {
        let cursor = &stamped.cursor;
        let paging = match &cursor.paging {
            Some(paging) => paging.clone(),
            None if cursor.done && stamped.this_run(ctx.run) => return Ok(None),
            None => self.first_page(cursor, ctx),
        };
        let key = format!("{} offset={}", self.kind.path(), paging.seen);
        let position = paging
            .total
            .map(|total| (paging.seen, total.max(paging.seen)));
        Ok(Some(Planned {
            request: Request { paging },
            key,
            position,
        }))
    }

    fn fetch<'a>(
        &'a self,
        port: &'a dyn Fetch,
        request: &'a Request,
    ) -> BoxFuture<'a, Result<Vec<Part>, SyncError>> {
        Box::pin(async move {
            let paging = &request.paging;
            let (url, params) = match &paging.next {
                Next::Url(url) => (url.clone(), Vec::new()),
                Next::Offset(offset) => {
                    let url = api::endpoint(&self.api.base, self.kind.path()).to_string();
                    (url, params(&paging.query, *offset))
                }
            };
            let judge = |status: u16, _: &Headers, body: Vec<u8>| api::judge(status, body);
            let what = self.what();
            let fetched = port
                .fetch(FetchRequest {
                    what: &what,
                    method: Method::Get,
                    url: &url,
                    params: &params,
                    authorized: true,
                    judge: &judge,
                })
                .await?;
            let mut parts = vec![Part::single(fetched.body)];
            for (name, key) in [("link", LINK_PART), ("x-total-count", TOTAL_PART)] {
                if let Some(value) = fetched.headers.get(name) {
                    parts.push(Part {
                        key: key.to_owned(),
                        body: value.as_bytes().to_vec(),
                    });
                }
            }
            Ok(parts)
        })
    }

    fn parse(
        &self,
        request: &Request,
        parts: &[Part],
        _ctx: &ParseContext<'_>,
    ) -> Result<Parsed<Cursor>, SyncError> {
        let page = self.read(parts)?;
        let paging = &request.paging;
        let seen = paging.seen + page.records as u64;
        let newest_ms = paging.newest_ms.max(page.newest_update_ms);
        let header = |key| {
            Part::find(parts, key).map(|p| String::from_utf8_lossy(&p.body).trim().to_owned())
        };
        let total = header(TOTAL_PART)
            .and_then(|t| t.parse::<u64>().ok())
            .or(paging.total);
        let next = match header(LINK_PART) {
            Some(link) => self.follow(&link, &paging.next),
            None if page.records == 0 || page.records < api::PAGE_LIMIT as usize => None,
            None => Some(Next::Offset(seen)),
        };
        let next_cursor = match next {
            Some(next) => Cursor {
                paging: Some(Paging {
                    query: paging.query.clone(),
                    next,
                    seen,
                    total,
                    newest_ms,
                }),
                ..Cursor::default()
            },
            None => Cursor {
                newest_ms,
                paging: None,
                done: true,
            },
        };
        let mut batch = Batch::new(self.api.source.clone());
        batch.measurements = page.measurements;
        batch.nights = page.nights;
        Ok(Parsed {
            batch,
            complete_records: true,
            covers: None,
            next_cursor,
        })
    }

    fn reparse(
        &self,
        _: &str,
        parts: &[Part],
        _ctx: &ParseContext<'_>,
    ) -> Result<Option<Batch>, SyncError> {
        let page = self.read(parts)?;
        let mut batch = Batch::new(self.api.source.clone());
        batch.measurements = page.measurements;
        batch.nights = page.nights;
        Ok(Some(batch))
    }
}

impl Listing {
    fn read(&self, parts: &[Part]) -> Result<adapter::Page, SyncError> {
        let body = Part::find(parts, "").map_or(&[][..], |p| p.body.as_slice());
        adapter::page(self.kind, body).map_err(|e| SyncError::Parse {
            source_id: super::SPEC.id,
            what: self.kind.path().to_owned(),
            reason: e.to_string(),
        })
    }

    /// The `next` link of `link`, if it is one to follow: on the API's own
    /// host (the token goes with it) and not the page just read.
    fn follow(&self, link: &str, current: &Next) -> Option<Next> {
        let next = api::next_link(link)?;
        let url = match Url::parse(&next) {
            Ok(url) => url,
            Err(error) => {
                tracing::warn!(%error, "Human API sent a next link that is not a URL; stopping here");
                return None;
            }
        };
        if !api::same_origin(&self.api.base, &url) {
            tracing::warn!(host = ?url.host_str(), "Human API's next link leaves the API host; not following it");
            return None;
        }
        let next = Next::Url(url.into());
        (next != *current).then_some(next)
    }
}

fn params(query: &Query, offset: u64) -> Vec<(&'static str, String)> {
    let mut params = vec![("limit", api::PAGE_LIMIT.to_string())];
    if offset > 0 {
        params.push(("offset", offset.to_string()));
    }
    if let Some(since) = &query.updated_since {
        params.push(("updated_since", since.clone()));
    }
    if let Some((start, end)) = query.dates {
        params.push(("start_date", start.to_string()));
        params.push(("end_date", end.to_string()));
    }
    params
}
