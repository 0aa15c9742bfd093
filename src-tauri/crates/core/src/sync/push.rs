//! The write direction: sending the user's data to a provider that accepts
//! it (Exist), each push stream with its own cursor of what was sent.

use std::any::Any;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::stream::{BoxFuture, Part, PlanContext, Stamped};
use super::{Fetch, RunOptions, SyncError};

/// One send, as planned from what was sent before.
#[derive(Debug)]
pub struct PushPlan<R> {
    pub request: R,
    /// Names the send in logs and errors.
    pub key: String,
    /// Values this send carries, for the report.
    pub values: u64,
}

/// What a provider writes for each push stream.
pub trait TypedPush: Send + Sync + 'static {
    /// What was sent so far (e.g. the last local day sent per attribute).
    type Cursor: Serialize + DeserializeOwned + Default + Send + Sync;
    type Request: Send + Sync + std::fmt::Debug + 'static;

    fn name(&self) -> &'static str;

    /// The next send after `sent`, or `None` when everything is sent.
    fn plan(
        &self,
        sent: &Stamped<Self::Cursor>,
        ctx: &PlanContext<'_>,
    ) -> Result<Option<PushPlan<Self::Request>>, SyncError>;

    fn send<'a>(
        &'a self,
        port: &'a dyn Fetch,
        request: &'a Self::Request,
    ) -> BoxFuture<'a, Result<Vec<Part>, SyncError>>;

    /// What counts as sent after the provider's answer (it may have
    /// refused some values).
    fn confirm(&self, request: &Self::Request, answer: &[Part]) -> Result<Self::Cursor, SyncError>;
}

/// A planned send whose request only its push stream can read.
pub struct PlannedSend {
    pub key: String,
    pub values: u64,
    request: Box<dyn Any + Send + Sync>,
}

/// A push stream as the engine holds it.
pub trait Push: Send + Sync {
    fn name(&self) -> &'static str;
    /// The stream name its cursor is kept under (`push.NAME`).
    fn cursor_key(&self) -> String {
        format!("push.{}", self.name())
    }
    fn plan(
        &self,
        sent: Option<&str>,
        ctx: &PlanContext<'_>,
    ) -> Result<Option<PlannedSend>, SyncError>;
    fn send<'a>(
        &'a self,
        port: &'a dyn Fetch,
        planned: &'a PlannedSend,
    ) -> BoxFuture<'a, Result<Vec<Part>, SyncError>>;
    fn confirm(
        &self,
        planned: &PlannedSend,
        answer: &[Part],
        run: &RunOptions,
        source_id: &'static str,
    ) -> Result<String, SyncError>;
}

impl<T: TypedPush> Push for T {
    fn name(&self) -> &'static str {
        TypedPush::name(self)
    }

    fn plan(
        &self,
        sent: Option<&str>,
        ctx: &PlanContext<'_>,
    ) -> Result<Option<PlannedSend>, SyncError> {
        let sent = Stamped::<T::Cursor>::read(sent, ctx.source_id, TypedPush::name(self))?;
        Ok(TypedPush::plan(self, &sent, ctx)?.map(|p| PlannedSend {
            key: p.key,
            values: p.values,
            request: Box::new(p.request),
        }))
    }

    fn send<'a>(
        &'a self,
        port: &'a dyn Fetch,
        planned: &'a PlannedSend,
    ) -> BoxFuture<'a, Result<Vec<Part>, SyncError>> {
        match planned.request.downcast_ref::<T::Request>() {
            Some(request) => TypedPush::send(self, port, request),
            None => Box::pin(async move { Err(foreign_plan(self, &planned.key)) }),
        }
    }

    fn confirm(
        &self,
        planned: &PlannedSend,
        answer: &[Part],
        run: &RunOptions,
        source_id: &'static str,
    ) -> Result<String, SyncError> {
        let request = planned
            .request
            .downcast_ref::<T::Request>()
            .ok_or_else(|| foreign_plan(self, &planned.key))?;
        let sent = TypedPush::confirm(self, request, answer)?;
        Stamped::write(run, sent, source_id, TypedPush::name(self))
    }
}

fn foreign_plan<T: TypedPush>(push: &T, key: &str) -> SyncError {
    SyncError::Parse {
        source_id: "sync",
        what: TypedPush::name(push).to_owned(),
        reason: format!("the send '{key}' belongs to another push stream"),
    }
}
