//! `activity`: one row per local day (`getactivity`), in 90-day windows.

use healthdash_core::Batch;
use healthdash_core::sync::{ParseContext, Part, SyncError};

use super::days::{Request, WindowKind, WindowPage};
use super::{Api, adapter, device_names, parse_error};
use crate::providers::withings::api::MEASURE_V2;

pub struct Activity;

impl WindowKind for Activity {
    const NAME: &'static str = "activity";
    const WINDOW_DAYS: u64 = 90;
    /// Late syncs of a tracker and corrections land within three days.
    const OVERLAP_DAYS: u64 = 3;
    const CALL: (&'static str, &'static str) = (MEASURE_V2, "getactivity");

    fn read(
        api: &Api,
        _: Option<&Request>,
        parts: &[Part],
        ctx: &ParseContext<'_>,
    ) -> Result<WindowPage, SyncError> {
        let body = Part::first_body(parts);
        let page =
            adapter::getactivity(body, &device_names(ctx)?).map_err(parse_error("getactivity"))?;
        let mut batch = Batch::new(api.source.clone());
        batch.measurements = page.measurements;
        Ok(WindowPage {
            batch,
            more: page.more,
            offset: page.offset,
            covers: None,
        })
    }
}
