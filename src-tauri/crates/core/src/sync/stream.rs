//! A stream: one kind of data of a source, with its own cursor.
//!
//! Providers write a [`TypedStream`] (typed cursor and request); the engine
//! holds streams as `Box<dyn Stream>`, which every `TypedStream` is through
//! the adapter below, so that sources can sit in one registry.

use std::any::Any;
use std::future::Future;
use std::pin::Pin;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::{Fetch, RunOptions, SyncError};
use crate::Store;
use crate::model::Batch;
use crate::store::{Coverage, StoredPayload};

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// One part of an answer, kept as its own raw payload. A single answer is
/// one part with an empty key; "list, then fetch each item" and "summary
/// plus detail" answers have one part per request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Part {
    pub key: String,
    pub body: Vec<u8>,
}

impl Part {
    /// The body of a single-part answer; empty when there is none.
    pub fn first_body(parts: &[Part]) -> &[u8] {
        parts.first().map_or(&[], |p| p.body.as_slice())
    }

    pub fn single(body: Vec<u8>) -> Part {
        Part {
            key: String::new(),
            body,
        }
    }

    /// The part named `key`.
    pub fn find<'p>(parts: &'p [Part], key: &str) -> Option<&'p Part> {
        parts.iter().find(|p| p.key == key)
    }
}

/// Stored answers, which come with the parts of one request together, as
/// (request key, parts) in the order they came.
pub fn by_request(stored: Vec<StoredPayload>) -> Vec<(String, Vec<Part>)> {
    let mut requests: Vec<(String, Vec<Part>)> = Vec::new();
    for payload in stored {
        match requests.last_mut() {
            Some((request, parts)) if *request == payload.request => parts.push(payload.into()),
            _ => requests.push((payload.request.clone(), vec![payload.into()])),
        }
    }
    requests
}

impl From<StoredPayload> for Part {
    fn from(p: StoredPayload) -> Part {
        Part {
            key: p.part,
            body: p.body,
        }
    }
}

/// What planning may look at.
pub struct PlanContext<'a> {
    pub store: &'a Store,
    pub run: &'a RunOptions,
    pub source_id: &'static str,
}

/// What parsing may look at besides the answer: the store, read-only, for
/// what one stream needs from another (Withings device names come from the
/// stored `devices` answer), so a re-parse reads the same as the first parse.
pub struct ParseContext<'a> {
    pub store: &'a Store,
    pub source_id: &'static str,
}

impl ParseContext<'_> {
    /// The newest stored answer of `stream` of this source, in parts.
    pub fn stored(&self, stream: &str) -> Result<Vec<Part>, SyncError> {
        Ok(self
            .store
            .latest_raw_payload(self.source_id, stream)?
            .into_iter()
            .map(Part::from)
            .collect())
    }
}

/// A cursor as stored: the stream's own cursor and the run that wrote it,
/// so that a new run can re-read an overlap while a resumed page of the
/// same run does not.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Stamped<C> {
    #[serde(default)]
    pub run: i64,
    #[serde(flatten)]
    pub cursor: C,
}

impl<C> Stamped<C> {
    /// Whether this run wrote the cursor (it has stored a page already).
    pub fn this_run(&self, run: &RunOptions) -> bool {
        self.run == run.id
    }
}

impl<C: Serialize + DeserializeOwned + Default> Stamped<C> {
    /// A stored cursor of `stream`; the start when none is stored.
    pub fn read(
        text: Option<&str>,
        source_id: &'static str,
        stream: &'static str,
    ) -> Result<Self, SyncError> {
        match text {
            None => Ok(Stamped::default()),
            Some(text) => {
                serde_json::from_str(text).map_err(|e| cursor_error(source_id, stream, &e))
            }
        }
    }

    /// `cursor` as `run` stores it.
    pub fn write(
        run: &RunOptions,
        cursor: C,
        source_id: &'static str,
        stream: &'static str,
    ) -> Result<String, SyncError> {
        let stamped = Stamped {
            run: run.id,
            cursor,
        };
        serde_json::to_string(&stamped).map_err(|e| cursor_error(source_id, stream, &e))
    }
}

fn cursor_error(source_id: &'static str, stream: &'static str, e: &serde_json::Error) -> SyncError {
    SyncError::Cursor {
        source_id,
        stream,
        reason: e.to_string(),
    }
}

/// A planned fetch of a typed stream.
#[derive(Debug)]
pub struct Planned<R> {
    pub request: R,
    /// Names the request in the raw-payload table and in errors.
    pub key: String,
    /// How far the stream is, for progress bars: (done, total) in the
    /// stream's own units (days, pages).
    pub position: Option<(u64, u64)>,
}

/// What a page holds, and the stream's cursor after it.
#[derive(Debug)]
pub struct Parsed<C> {
    pub batch: Batch,
    /// See [`crate::store::PageCommit::complete_records`].
    pub complete_records: bool,
    /// See [`crate::store::PageCommit::covers`]: set only when the answer is
    /// known to be whole for its range.
    pub covers: Option<Coverage>,
    pub next_cursor: C,
}

/// What a provider writes for each stream.
pub trait TypedStream: Send + Sync + 'static {
    type Cursor: Serialize + DeserializeOwned + Default + Send + Sync;
    type Request: Send + Sync + std::fmt::Debug + 'static;

    fn name(&self) -> &'static str;

    /// A stream whose failure is only a warning (Withings' device list
    /// supplies names, not data).
    fn optional(&self) -> bool {
        false
    }

    /// The next request after `cursor`, or `None` when the stream is caught
    /// up for this run.
    fn plan(
        &self,
        cursor: &Stamped<Self::Cursor>,
        ctx: &PlanContext<'_>,
    ) -> Result<Option<Planned<Self::Request>>, SyncError>;

    /// Asks for it; the answer's parts are kept as they came.
    fn fetch<'a>(
        &'a self,
        port: &'a dyn Fetch,
        request: &'a Self::Request,
    ) -> BoxFuture<'a, Result<Vec<Part>, SyncError>>;

    /// Records from an answer, and the cursor that follows it.
    fn parse(
        &self,
        request: &Self::Request,
        parts: &[Part],
        ctx: &ParseContext<'_>,
    ) -> Result<Parsed<Self::Cursor>, SyncError>;

    /// Records from a stored answer (a parser fix), without moving the
    /// cursor. `None` when stored answers are not self-contained enough.
    fn reparse(
        &self,
        _key: &str,
        _parts: &[Part],
        _ctx: &ParseContext<'_>,
    ) -> Result<Option<Batch>, SyncError> {
        Ok(None)
    }
}

/// A planned fetch whose request only its stream can read.
pub struct PlannedPage {
    pub key: String,
    pub position: Option<(u64, u64)>,
    request: Box<dyn Any + Send + Sync>,
}

/// A parsed page with its cursor ready to store.
#[derive(Debug)]
pub struct ParsedPage {
    pub batch: Batch,
    pub complete_records: bool,
    pub covers: Option<Coverage>,
    pub cursor: String,
}

/// A stream as the engine holds it.
pub trait Stream: Send + Sync {
    fn name(&self) -> &'static str;
    fn optional(&self) -> bool;
    fn plan(
        &self,
        cursor: Option<&str>,
        ctx: &PlanContext<'_>,
    ) -> Result<Option<PlannedPage>, SyncError>;
    fn fetch<'a>(
        &'a self,
        port: &'a dyn Fetch,
        planned: &'a PlannedPage,
    ) -> BoxFuture<'a, Result<Vec<Part>, SyncError>>;
    fn parse(
        &self,
        planned: &PlannedPage,
        parts: &[Part],
        ctx: &ParseContext<'_>,
        run: &RunOptions,
    ) -> Result<ParsedPage, SyncError>;
    fn reparse(
        &self,
        key: &str,
        parts: &[Part],
        ctx: &ParseContext<'_>,
    ) -> Result<Option<Batch>, SyncError>;
}

impl<T: TypedStream> Stream for T {
    fn name(&self) -> &'static str {
        TypedStream::name(self)
    }

    fn optional(&self) -> bool {
        TypedStream::optional(self)
    }

    fn plan(
        &self,
        cursor: Option<&str>,
        ctx: &PlanContext<'_>,
    ) -> Result<Option<PlannedPage>, SyncError> {
        let cursor = Stamped::<T::Cursor>::read(cursor, ctx.source_id, TypedStream::name(self))?;
        Ok(TypedStream::plan(self, &cursor, ctx)?.map(|p| PlannedPage {
            key: p.key,
            position: p.position,
            request: Box::new(p.request),
        }))
    }

    fn fetch<'a>(
        &'a self,
        port: &'a dyn Fetch,
        planned: &'a PlannedPage,
    ) -> BoxFuture<'a, Result<Vec<Part>, SyncError>> {
        match planned.request.downcast_ref::<T::Request>() {
            Some(request) => TypedStream::fetch(self, port, request),
            None => Box::pin(async move { Err(foreign_plan(self, &planned.key)) }),
        }
    }

    fn parse(
        &self,
        planned: &PlannedPage,
        parts: &[Part],
        ctx: &ParseContext<'_>,
        run: &RunOptions,
    ) -> Result<ParsedPage, SyncError> {
        let request = planned
            .request
            .downcast_ref::<T::Request>()
            .ok_or_else(|| foreign_plan(self, &planned.key))?;
        let parsed = TypedStream::parse(self, request, parts, ctx)?;
        let cursor = Stamped::write(
            run,
            parsed.next_cursor,
            ctx.source_id,
            TypedStream::name(self),
        )?;
        Ok(ParsedPage {
            batch: parsed.batch,
            complete_records: parsed.complete_records,
            covers: parsed.covers,
            cursor,
        })
    }

    fn reparse(
        &self,
        key: &str,
        parts: &[Part],
        ctx: &ParseContext<'_>,
    ) -> Result<Option<Batch>, SyncError> {
        TypedStream::reparse(self, key, parts, ctx)
    }
}

/// A plan handed to a stream that did not make it: a bug in the engine.
fn foreign_plan<T: TypedStream>(stream: &T, key: &str) -> SyncError {
    SyncError::Parse {
        source_id: "sync",
        what: TypedStream::name(stream).to_owned(),
        reason: format!("the plan '{key}' belongs to another stream"),
    }
}
