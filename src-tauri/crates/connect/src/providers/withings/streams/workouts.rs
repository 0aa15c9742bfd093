//! `workouts`: workouts (`getworkouts`) in 90-day windows. A later run
//! starts 7 days back, and a window answered in one page reveals the
//! workouts deleted at Withings.

use chrono::Days;
use healthdash_core::Batch;
use healthdash_core::store::Coverage;
use healthdash_core::sync::{
    BoxFuture, Fetch, ParseContext, Parsed, Part, PlanContext, Planned, Stamped, SyncError,
    TypedStream,
};

use super::days::{self, Cursor, Request};
use super::{Api, adapter, local_midnight, parse_error};
use crate::providers::withings::api::MEASURE_V2;

const WINDOW_DAYS: u64 = 90;
/// How far back a later run looks for deleted workouts: people delete a
/// wrong one within days.
const DELETION_WINDOW_DAYS: u64 = 7;

pub struct Workouts {
    pub api: Api,
}

impl TypedStream for Workouts {
    type Cursor = Cursor;
    type Request = Request;

    fn name(&self) -> &'static str {
        "workouts"
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
            DELETION_WINDOW_DAYS,
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
                .call(port, MEASURE_V2, "getworkouts", request.form())
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
        let page = read(parts)?;
        // One page with the window's every workout: those stored for its
        // days and missing here were deleted.
        let covers = (request.offset == 0 && !page.more).then(|| Coverage {
            record_prefix: adapter::WORKOUT_RECORD_PREFIX,
            from: local_midnight(request.window.first),
            to: local_midnight(request.window.last + Days::new(1)),
            local_time: true,
        });
        let mut batch = Batch::new(self.api.source.clone());
        batch.workouts = page.workouts;
        Ok(Parsed {
            batch,
            complete_records: true,
            covers,
            next_cursor: request.next_cursor(page.more, page.offset),
        })
    }

    fn reparse(
        &self,
        _: &str,
        parts: &[Part],
        _: &ParseContext<'_>,
    ) -> Result<Option<Batch>, SyncError> {
        let mut batch = Batch::new(self.api.source.clone());
        batch.workouts = read(parts)?.workouts;
        Ok(Some(batch))
    }
}

fn read(parts: &[Part]) -> Result<adapter::WorkoutPage, SyncError> {
    let body = parts.first().map_or(&[][..], |p| p.body.as_slice());
    adapter::getworkouts(body).map_err(parse_error("getworkouts"))
}
