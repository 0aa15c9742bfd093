//! `sleep`: nights (`getsummary`, 30-day windows) and, per night, its
//! stages and heart rate (`get`, at most 24 h per call). A page's answer is
//! kept in parts: `summary`, then `night ID` for each night.

use healthdash_core::Batch;
use healthdash_core::sync::{BoxFuture, Fetch, ParseContext, Part, SyncError};

use super::days::{Request, WindowKind, WindowPage};
use super::{Api, adapter, device_names, parse_error};
use crate::providers::withings::api::SLEEP_V2;

/// Sleep `get` returns at most 24 hours per call.
const MAX_SPAN_SECS: i64 = 86_400;
const SUMMARY: &str = "summary";

pub struct Sleep;

fn night_part(id: i64) -> String {
    format!("night {id}")
}

impl WindowKind for Sleep {
    const NAME: &'static str = "sleep";
    const WINDOW_DAYS: u64 = 30;
    /// Nights re-read at the start of every run (late syncs of a sleep mat).
    const OVERLAP_DAYS: u64 = 3;
    const CALL: (&'static str, &'static str) = (SLEEP_V2, "getsummary");

    fn fetch<'a>(
        api: &'a Api,
        port: &'a dyn Fetch,
        request: &'a Request,
    ) -> BoxFuture<'a, Result<Vec<Part>, SyncError>> {
        Box::pin(async move {
            let summary = api
                .call(port, SLEEP_V2, "getsummary", request.form())
                .await?;
            // The list says which nights to ask for; names come at parse.
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
                let body = api.call(port, SLEEP_V2, "get", form).await?;
                parts.push(Part {
                    key: night_part(night.id),
                    body,
                });
            }
            Ok(parts)
        })
    }

    /// The page's nights with their stages, and the nights' heart rate.
    fn read(
        api: &Api,
        _: Option<&Request>,
        parts: &[Part],
        ctx: &ParseContext<'_>,
    ) -> Result<WindowPage, SyncError> {
        let summary = Part::find(parts, SUMMARY).map_or(&[][..], |p| p.body.as_slice());
        let page = adapter::sleep_getsummary(summary, &device_names(ctx)?)
            .map_err(parse_error("getsummary"))?;
        let mut batch = Batch::new(api.source.clone());
        for summary in &page.nights {
            let series = match Part::find(parts, &night_part(summary.id)) {
                Some(part) => adapter::sleep_get(&part.body, summary.zone)
                    .map_err(parse_error("sleep get"))?,
                None => adapter::SleepSeries {
                    stages: Vec::new(),
                    heart_rate: Vec::new(),
                },
            };
            batch.nights.push(adapter::night(summary, &series.stages));
            batch.measurements.extend(series.heart_rate);
        }
        Ok(WindowPage {
            batch,
            more: page.more,
            offset: page.offset,
            covers: None,
        })
    }
}
