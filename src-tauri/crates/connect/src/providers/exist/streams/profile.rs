//! `profile`: the user's profile, once per run. Its `timezone` is the zone of
//! every Exist date; `attributes` reads it from the stored answer, so a
//! re-parse uses the same zone as the first parse.

use healthdash_core::Batch;
use healthdash_core::sync::{
    BoxFuture, Fetch, ParseContext, Parsed, Part, PlanContext, Planned, Stamped, SyncError,
    TypedStream,
};
use serde::{Deserialize, Serialize};

use super::{Api, adapter, parse_error};
use crate::providers::exist::api::{self, PROFILE};

pub const NAME: &str = "profile";

pub struct Profile {
    pub api: Api,
}

/// Nothing but the run that fetched the profile.
#[derive(Default, Serialize, Deserialize)]
pub struct Cursor {}

impl TypedStream for Profile {
    type Cursor = Cursor;
    type Request = ();

    fn name(&self) -> &'static str {
        NAME
    }

    fn plan(
        &self,
        cursor: &Stamped<Cursor>,
        ctx: &PlanContext<'_>,
    ) -> Result<Option<Planned<()>>, SyncError> {
        Ok((!cursor.this_run(ctx.run)).then(|| Planned {
            request: (),
            key: "profile".into(),
            position: None,
        }))
    }

    fn fetch<'a>(
        &'a self,
        port: &'a dyn Fetch,
        _: &'a (),
    ) -> BoxFuture<'a, Result<Vec<Part>, SyncError>> {
        Box::pin(async move {
            let url = api::endpoint(&self.api.base, PROFILE).to_string();
            let body = self.api.get(port, "profile", &url, &[]).await?;
            Ok(vec![Part::single(body)])
        })
    }

    fn parse(
        &self,
        _: &(),
        parts: &[Part],
        _: &ParseContext<'_>,
    ) -> Result<Parsed<Cursor>, SyncError> {
        // Read to refuse a profile without a usable zone (the stored good one
        // stays); the attributes stream reads the zone from the stored answer.
        adapter::profile_zone(Part::first_body(parts)).map_err(parse_error)?;
        Ok(Parsed {
            batch: Batch::new(self.api.source.clone()),
            complete_records: false,
            covers: None,
            next_cursor: Cursor {},
        })
    }
}
