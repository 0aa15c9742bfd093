//! `workouts`: workouts (`getworkouts`) in 90-day windows. A later run
//! starts 7 days back, and a window answered in one page reveals the
//! workouts deleted at Withings.

use chrono::Days;
use healthdash_core::Batch;
use healthdash_core::store::Coverage;
use healthdash_core::sync::{ParseContext, Part, SyncError};

use super::days::{Request, WindowKind, WindowPage};
use super::{Api, adapter, local_midnight, parse_error};
use crate::providers::withings::api::MEASURE_V2;

pub struct Workouts;

impl WindowKind for Workouts {
    const NAME: &'static str = "workouts";
    const WINDOW_DAYS: u64 = 90;
    /// How far back a later run looks for deleted workouts: people delete
    /// a wrong one within days.
    const OVERLAP_DAYS: u64 = 7;
    const CALL: (&'static str, &'static str) = (MEASURE_V2, "getworkouts");

    fn read(
        api: &Api,
        request: Option<&Request>,
        parts: &[Part],
        _: &ParseContext<'_>,
    ) -> Result<WindowPage, SyncError> {
        let body = Part::first_body(parts);
        let page = adapter::getworkouts(body).map_err(parse_error("getworkouts"))?;
        // One page with the window's every workout: those stored for its
        // days and missing here were deleted.
        let covers = request
            .filter(|r| r.offset == 0 && !page.more)
            .map(|r| Coverage {
                record_prefix: adapter::WORKOUT_RECORD_PREFIX.into(),
                from: local_midnight(r.window.first),
                to: local_midnight(r.window.last + Days::new(1)),
                local_time: true,
            });
        let mut batch = Batch::new(api.source.clone());
        batch.workouts = page.workouts;
        Ok(WindowPage {
            batch,
            more: page.more,
            offset: page.offset,
            covers,
        })
    }
}
