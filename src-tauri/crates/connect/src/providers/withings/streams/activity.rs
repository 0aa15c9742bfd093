//! `activity`: one row per local day (`getactivity`), in 90-day windows.

use healthdash_core::Batch;
use healthdash_core::sync::{
    BoxFuture, Fetch, ParseContext, Parsed, Part, PlanContext, Planned, Stamped, SyncError,
    TypedStream,
};

use super::days::{self, Cursor, Request};
use super::{Api, adapter, device_names, parse_error};
use crate::providers::withings::api::MEASURE_V2;

const WINDOW_DAYS: u64 = 90;
/// Days re-read at the start of every run: late syncs of a tracker and
/// corrections land within them.
const OVERLAP_DAYS: u64 = 3;

pub struct Activity {
    pub api: Api,
}

impl TypedStream for Activity {
    type Cursor = Cursor;
    type Request = Request;

    fn name(&self) -> &'static str {
        "activity"
    }

    fn plan(
        &self,
        cursor: &Stamped<Cursor>,
        ctx: &PlanContext<'_>,
    ) -> Result<Option<Planned<Request>>, SyncError> {
        Ok(days::plan(
            self.name(),
            cursor,
            ctx.run,
            WINDOW_DAYS,
            OVERLAP_DAYS,
        ))
    }

    fn fetch<'a>(
        &'a self,
        port: &'a dyn Fetch,
        request: &'a Request,
    ) -> BoxFuture<'a, Result<Vec<Part>, SyncError>> {
        Box::pin(async move {
            let body = self
                .api
                .call(port, MEASURE_V2, "getactivity", request.form())
                .await?;
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
        let mut batch = Batch::new(self.api.source.clone());
        batch.measurements = page.measurements;
        Ok(Parsed {
            batch,
            complete_records: true,
            covers: None,
            next_cursor: request.next_cursor(page.more, page.offset),
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

fn read(parts: &[Part], ctx: &ParseContext<'_>) -> Result<adapter::ActivityPage, SyncError> {
    let body = parts.first().map_or(&[][..], |p| p.body.as_slice());
    adapter::getactivity(body, &device_names(ctx)?).map_err(parse_error("getactivity"))
}
