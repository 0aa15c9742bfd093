//! `sleep`: nights (`getsummary`, 30-day windows) and, per night, its
//! stages and heart rate (`get`, at most 24 h per call). A page's answer is
//! kept in parts: `summary`, then `night ID` for each night.

use healthdash_core::sync::{
    BoxFuture, Fetch, ParseContext, Parsed, Part, PlanContext, Planned, Stamped, SyncError,
    TypedStream,
};
use healthdash_core::{Batch, Measurement, SleepNight};

use super::days::{self, Cursor, Request};
use super::{Api, adapter, device_names, parse_error};
use crate::providers::withings::api::SLEEP_V2;

const WINDOW_DAYS: u64 = 30;
/// Nights re-read at the start of every run (late syncs of a sleep mat).
const OVERLAP_DAYS: u64 = 3;
/// Sleep `get` returns at most 24 hours per call.
const MAX_SPAN_SECS: i64 = 86_400;
const SUMMARY: &str = "summary";

pub struct Sleep {
    pub api: Api,
}

fn night_part(id: i64) -> String {
    format!("night {id}")
}

impl TypedStream for Sleep {
    type Cursor = Cursor;
    type Request = Request;

    fn name(&self) -> &'static str {
        "sleep"
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
            let summary = self
                .api
                .call(port, SLEEP_V2, "getsummary", request.form())
                .await?;
            // Only the nights' times are needed here; device names come at parse.
            let page = adapter::sleep_getsummary(&summary, &adapter::DeviceNames::default())
                .map_err(parse_error("getsummary"))?;
            let mut parts = vec![Part {
                key: SUMMARY.into(),
                body: summary,
            }];
            for night in &page.nights {
                let end = night.end.min(night.start + MAX_SPAN_SECS);
                let form = vec![
                    ("startdate", night.start.to_string()),
                    ("enddate", end.to_string()),
                ];
                let body = self.api.call(port, SLEEP_V2, "get", form).await?;
                parts.push(Part {
                    key: night_part(night.id),
                    body,
                });
            }
            Ok(parts)
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
        batch.nights = page.nights;
        batch.measurements = page.heart_rate;
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
        let page = read(parts, ctx)?;
        let mut batch = Batch::new(self.api.source.clone());
        batch.nights = page.nights;
        batch.measurements = page.heart_rate;
        Ok(Some(batch))
    }
}

/// A sleep page: its nights with their stages, and the nights' heart rate.
struct Page {
    nights: Vec<SleepNight>,
    heart_rate: Vec<Measurement>,
    more: bool,
    offset: i64,
}

fn read(parts: &[Part], ctx: &ParseContext<'_>) -> Result<Page, SyncError> {
    let summary = Part::find(parts, SUMMARY).map_or(&[][..], |p| p.body.as_slice());
    let page = adapter::sleep_getsummary(summary, &device_names(ctx)?)
        .map_err(parse_error("getsummary"))?;
    let mut nights = Vec::with_capacity(page.nights.len());
    let mut heart_rate = Vec::new();
    for summary in &page.nights {
        let series = match Part::find(parts, &night_part(summary.id)) {
            Some(part) => {
                adapter::sleep_get(&part.body, summary.zone).map_err(parse_error("sleep get"))?
            }
            None => adapter::SleepSeries {
                stages: Vec::new(),
                heart_rate: Vec::new(),
            },
        };
        nights.push(adapter::night(summary, &series.stages));
        heart_rate.extend(series.heart_rate);
    }
    Ok(Page {
        nights,
        heart_rate,
        more: page.more,
        offset: page.offset,
    })
}
