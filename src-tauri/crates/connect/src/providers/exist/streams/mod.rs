//! Exist's two streams, each with its own cursor (one file each).
//!
//! | stream | call | first sync | later syncs |
//! |---|---|---|---|
//! | `profile` | `accounts/profile/` | once per run: the zone of every date | same |
//! | `attributes` | `attributes/with-values/`, every page of a 31-day window | 10 years back (or `--from`) to today, oldest window first | from the last stored day − 7 days |
//!
//! A window is fetched with all its pages (following `next`) before it is
//! parsed, so that one day's attributes are read together (resting heart
//! rate prefers `heartrate_resting` over `heartrate` whichever page either
//! is on) and the window is committed as one page: a re-read window replaces
//! its days, and days Exist no longer has are removed.

mod attributes;
mod profile;

use chrono::NaiveDate;
use healthdash_core::SourceId;
use healthdash_core::store::Store;
use healthdash_core::sync::{
    DEFAULT_HISTORY_YEARS, Fetch, FetchRequest, Headers, Method, RunOptions, Stream, SyncError,
};
use healthdash_core::time::Zone;
use url::Url;

use super::adapter;
use super::api;

/// Bump when a parser changes what it derives from the same answer.
pub const PARSER_VERSION: i64 = 1;

/// What every stream needs: where the API is, and whose rows it writes.
#[derive(Clone, Debug)]
pub struct Api {
    base: Url,
    source: SourceId,
}

impl Api {
    pub fn new(base: Url) -> Result<Api, SyncError> {
        Ok(Api {
            base,
            source: super::SPEC.id.parse()?,
        })
    }

    /// GETs `url` (absolute) with `params`; the status decides.
    async fn get(
        &self,
        port: &dyn Fetch,
        what: &'static str,
        url: &str,
        params: &[(&'static str, String)],
    ) -> Result<Vec<u8>, SyncError> {
        let judge = move |status: u16, headers: &Headers, body: Vec<u8>| {
            api::judge(what, status, headers, body)
        };
        let request = FetchRequest {
            what,
            method: Method::Get,
            url,
            params,
            authorized: true,
            judge: &judge,
        };
        Ok(port.fetch(request).await?.body)
    }
}

/// The two streams, in sync order.
pub fn all(api: &Api) -> Vec<Box<dyn Stream>> {
    vec![
        Box::new(profile::Profile { api: api.clone() }),
        Box::new(attributes::Attributes { api: api.clone() }),
    ]
}

fn parse_error(e: adapter::ParseError) -> SyncError {
    SyncError::Parse {
        source_id: super::SPEC.id,
        what: e.what.to_owned(),
        reason: e.reason,
    }
}

/// The zone of the stored profile, `None` before one is stored.
fn stored_zone(store: &Store) -> Result<Option<Zone>, SyncError> {
    let stored = store.latest_raw_payload(super::SPEC.id, profile::NAME)?;
    Ok(match stored.first() {
        Some(part) => Some(adapter::profile_zone(&part.body).map_err(parse_error)?),
        None => None,
    })
}

/// Where a first sync starts: `--from`, else 10 years back.
fn history_start(run: &RunOptions, today: NaiveDate) -> NaiveDate {
    run.from.unwrap_or_else(|| {
        today
            .checked_sub_months(chrono::Months::new(12 * DEFAULT_HISTORY_YEARS as u32))
            .unwrap_or(today)
    })
}
