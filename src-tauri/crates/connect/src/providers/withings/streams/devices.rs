//! `devices`: the user's devices (`getdevice`), once per run. Other streams
//! read their names from the stored answer for `detail`; a failure here is
//! only a warning.

use healthdash_core::Batch;
use healthdash_core::sync::{
    BoxFuture, Fetch, ParseContext, Parsed, Part, PlanContext, Planned, Stamped, SyncError,
    TypedStream,
};
use serde::{Deserialize, Serialize};

use super::{Api, adapter, parse_error};
use crate::providers::withings::api::USER_V2;

pub const NAME: &str = "devices";

pub struct Devices {
    pub api: Api,
}

/// Nothing but the run that fetched the list.
#[derive(Default, Serialize, Deserialize)]
pub struct Cursor {}

impl TypedStream for Devices {
    type Cursor = Cursor;
    type Request = ();

    fn name(&self) -> &'static str {
        NAME
    }

    fn optional(&self) -> bool {
        true
    }

    fn plan(
        &self,
        cursor: &Stamped<Cursor>,
        ctx: &PlanContext<'_>,
    ) -> Result<Option<Planned<()>>, SyncError> {
        Ok((!cursor.this_run(ctx.run)).then(|| Planned {
            request: (),
            key: "getdevice".into(),
            position: None,
        }))
    }

    fn fetch<'a>(
        &'a self,
        port: &'a dyn Fetch,
        _: &'a (),
    ) -> BoxFuture<'a, Result<Vec<Part>, SyncError>> {
        Box::pin(async move {
            let body = self
                .api
                .call(port, USER_V2, "getdevice", Vec::new())
                .await?;
            Ok(vec![Part::single(body)])
        })
    }

    fn parse(
        &self,
        _: &(),
        parts: &[Part],
        _: &ParseContext<'_>,
    ) -> Result<Parsed<Cursor>, SyncError> {
        // Read to refuse a malformed list (and keep the stored good one);
        // the names are used by the other streams' parsers.
        for part in parts {
            adapter::getdevice(&part.body).map_err(parse_error("getdevice"))?;
        }
        Ok(Parsed {
            batch: Batch::new(self.api.source.clone()),
            complete_records: false,
            covers: None,
            next_cursor: Cursor {},
        })
    }
}
