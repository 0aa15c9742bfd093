//! Withings' six streams, each with its own cursor (one file each).
//!
//! | stream | call | first sync | later syncs |
//! |---|---|---|---|
//! | `devices` | `getdevice` | once per run (names for `detail`; optional) | same |
//! | `measures` | `getmeas` | whole history (or `--from`), paged by `offset` | the last 7 days by date (finds deleted weigh-ins), then `lastupdate` = last run's server time − 1 day |
//! | `activity` | `getactivity` | 90-day windows from 10 years back (or `--from`) | from the last stored day − 3 days |
//! | `workouts` | `getworkouts` | same | from the last stored day − 7 days (finds deleted workouts) |
//! | `sleep` | `getsummary` + one `get` per night (parts) | 30-day windows | from the last stored night − 3 days |
//! | `intraday` | `getintradayactivity`, one call per 24 h | each day the daily activity counted steps, newest first | today back to the last run's newest day − 2 days, then what an interrupted run left |
//!
//! Intraday detail exists only where a tracker was worn, which is exactly
//! the days `getactivity` reported steps for; skipping the others saves
//! thousands of empty calls on a first sync.
//!
//! Deletions: Withings does not report them, so a later run asks again for
//! a recent stretch (7 days of measure groups, the workouts from 7 days
//! back) and, when one page holds the whole answer, removes the stored
//! groups or workouts of that stretch that the answer no longer has.

mod activity;
mod days;
mod devices;
mod intraday;
mod measures;
mod sleep;
mod workouts;

use chrono::{Days, NaiveDate};
use healthdash_core::SourceId;
use healthdash_core::sync::{
    DEFAULT_HISTORY_YEARS, Fetch, FetchRequest, Headers, Method, ParseContext, RunOptions, Stream,
    SyncError,
};
use url::Url;

use super::adapter::{self, DeviceNames};
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

    /// POSTs `action` with `form` to `path`; Withings' envelope decides.
    async fn call(
        &self,
        port: &dyn Fetch,
        path: &'static str,
        action: &'static str,
        mut form: Vec<(&'static str, String)>,
    ) -> Result<Vec<u8>, SyncError> {
        form.push(("action", action.to_owned()));
        let url = api::endpoint(&self.base, path).to_string();
        let judge = move |_: u16, _: &Headers, body: Vec<u8>| api::judge(action, body);
        let request = FetchRequest {
            what: action,
            method: Method::Post,
            url: &url,
            params: &form,
            authorized: true,
            judge: &judge,
        };
        Ok(port.fetch(request).await?.body)
    }
}

/// The six streams, in sync order.
pub fn all(api: &Api) -> Vec<Box<dyn Stream>> {
    vec![
        Box::new(devices::Devices { api: api.clone() }),
        Box::new(measures::Measures { api: api.clone() }),
        Box::new(days::Windows::<activity::Activity>::new(api.clone())),
        Box::new(days::Windows::<workouts::Workouts>::new(api.clone())),
        Box::new(days::Windows::<sleep::Sleep>::new(api.clone())),
        Box::new(intraday::Intraday { api: api.clone() }),
    ]
}

fn parse_error(what: &str) -> impl Fn(adapter::ParseError) -> SyncError + '_ {
    move |e| SyncError::Parse {
        source_id: super::SPEC.id,
        what: what.to_owned(),
        reason: e.to_string(),
    }
}

/// Device names from the stored `devices` answer: the same on a first parse
/// and on a re-parse. No stored answer (or an unreadable one) means no names.
fn device_names(ctx: &ParseContext<'_>) -> Result<DeviceNames, SyncError> {
    let stored = ctx.stored(devices::NAME)?;
    Ok(match stored.first() {
        Some(part) => match adapter::getdevice(&part.body) {
            Ok(devices) => DeviceNames::from_devices(&devices),
            Err(error) => {
                tracing::warn!(%error, "stored device list unreadable; rows get no device name");
                DeviceNames::default()
            }
        },
        None => DeviceNames::default(),
    })
}

/// Where a first sync starts: `--from`, else 10 years back.
fn history_start(run: &RunOptions) -> NaiveDate {
    run.from.unwrap_or_else(|| {
        run.today
            .checked_sub_months(chrono::Months::new(12 * DEFAULT_HISTORY_YEARS as u32))
            .unwrap_or(run.today)
    })
}

/// A date's midnight on the local clock, as seconds (see
/// [`healthdash_core::store::Coverage::local_time`]).
fn local_midnight(day: NaiveDate) -> i64 {
    day.and_time(chrono::NaiveTime::MIN).and_utc().timestamp()
}

fn days_between(a: NaiveDate, b: NaiveDate) -> u64 {
    u64::try_from((b - a).num_days()).unwrap_or(0)
}

/// The first day a date stream fetches next: after the stored days within
/// one run; from `overlap` days back in a new run, never before `--from`.
fn next_day(
    done_through: Option<NaiveDate>,
    this_run: bool,
    run: &RunOptions,
    overlap: u64,
) -> NaiveDate {
    let start = history_start(run);
    match done_through {
        None => start,
        Some(done) if this_run => done + Days::new(1),
        Some(done) => (done - Days::new(overlap)).max(if run.from.is_some() {
            start
        } else {
            NaiveDate::MIN
        }),
    }
}
