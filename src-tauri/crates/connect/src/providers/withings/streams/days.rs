//! What the date-window streams (activity, workouts, sleep) share: a
//! window of local days paged by `offset`, a cursor of the days done, and
//! one [`TypedStream`] implementation; each stream only says what it calls
//! and how it reads the answer ([`WindowKind`]).

use std::marker::PhantomData;

use chrono::{Days, NaiveDate};
use healthdash_core::Batch;
use healthdash_core::store::Coverage;
use healthdash_core::sync::{
    BoxFuture, Fetch, ParseContext, Parsed, Part, PlanContext, Planned, RunOptions, Stamped,
    SyncError, TypedStream,
};
use serde::{Deserialize, Serialize};

use super::{Api, days_between, next_day};

/// One date-window stream of Withings.
pub trait WindowKind: Send + Sync + 'static {
    const NAME: &'static str;
    /// Days per request.
    const WINDOW_DAYS: u64;
    /// Days before the last stored one that a new run reads again.
    const OVERLAP_DAYS: u64;
    /// `(path, action)` of the one call a page takes.
    const CALL: (&'static str, &'static str);

    /// The answer to one window page, in parts: by default the one call.
    fn fetch<'a>(
        api: &'a Api,
        port: &'a dyn Fetch,
        request: &'a Request,
    ) -> BoxFuture<'a, Result<Vec<Part>, SyncError>> {
        Box::pin(async move {
            let (path, action) = Self::CALL;
            let body = api.call(port, path, action, request.form()).await?;
            Ok(vec![Part::single(body)])
        })
    }

    /// A page's records. `request` is `None` on a re-parse.
    fn read(
        api: &Api,
        request: Option<&Request>,
        parts: &[Part],
        ctx: &ParseContext<'_>,
    ) -> Result<WindowPage, SyncError>;
}

/// What a window page holds, and where the window's paging stands.
pub struct WindowPage {
    pub batch: Batch,
    pub more: bool,
    pub offset: i64,
    /// See [`healthdash_core::store::PageCommit::covers`].
    pub covers: Option<Coverage>,
}

/// A date-window stream.
pub struct Windows<K> {
    pub api: Api,
    kind: PhantomData<K>,
}

impl<K> Windows<K> {
    pub fn new(api: Api) -> Self {
        Windows {
            api,
            kind: PhantomData,
        }
    }
}

impl<K: WindowKind> TypedStream for Windows<K> {
    type Cursor = Cursor;
    type Request = Request;

    fn name(&self) -> &'static str {
        K::NAME
    }

    fn plan(
        &self,
        cursor: &Stamped<Cursor>,
        ctx: &PlanContext<'_>,
    ) -> Result<Option<Planned<Request>>, SyncError> {
        Ok(plan(
            K::NAME,
            cursor,
            ctx.run,
            K::WINDOW_DAYS,
            K::OVERLAP_DAYS,
        ))
    }

    fn fetch<'a>(
        &'a self,
        port: &'a dyn Fetch,
        request: &'a Request,
    ) -> BoxFuture<'a, Result<Vec<Part>, SyncError>> {
        K::fetch(&self.api, port, request)
    }

    fn parse(
        &self,
        request: &Request,
        parts: &[Part],
        ctx: &ParseContext<'_>,
    ) -> Result<Parsed<Cursor>, SyncError> {
        let page = K::read(&self.api, Some(request), parts, ctx)?;
        Ok(Parsed {
            batch: page.batch,
            complete_records: true,
            covers: page.covers,
            next_cursor: request.next_cursor(page.more, page.offset),
        })
    }

    fn reparse(
        &self,
        _: &str,
        parts: &[Part],
        ctx: &ParseContext<'_>,
    ) -> Result<Option<Batch>, SyncError> {
        Ok(Some(K::read(&self.api, None, parts, ctx)?.batch))
    }
}

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
