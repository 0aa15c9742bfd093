//! "Why is this number what it is": what every source said about a chart's
//! bucket and which one the priority chose (`provenance`), and per source
//! and day whether there is data, a gap, nothing synced yet or a failed sync
//! (`coverage`). Plain functions over [`AppState`] first, for the tests;
//! the commands below only add the state lookup.

use chrono::NaiveDate;
use healthdash_core::query::{self, Coverage, Provenance, ProvenanceRequest, TimeRange};
use healthdash_core::{Metric, Zone};
use tauri::State;

use crate::api::shown_sources;
use crate::commands::{Backend, logged};
use crate::error::IpcError;
use crate::state::AppState;

/// One chart bucket.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize, specta::Type)]
pub struct ProvenanceArgs {
    pub metric: Metric,
    /// The bucket, `[from, to)` in Unix seconds UTC (a series point's `t` and `end`).
    pub from: i64,
    pub to: i64,
    /// The viewer's IANA zone (or `+02:00`): where day buckets begin.
    pub zone: String,
}

/// The days of a coverage map.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize, specta::Type)]
pub struct CoverageArgs {
    /// First and last local day, inclusive, `YYYY-MM-DD`; `last` defaults
    /// to today and `first` to ten years before it.
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
    /// The viewer's zone, which says what "today" is.
    pub zone: String,
}

/// Ten years: the longest history a first sync reads.
const DEFAULT_YEARS: u32 = 10;

pub fn provenance_of(state: &AppState, args: &ProvenanceArgs) -> Result<Provenance, IpcError> {
    let request = ProvenanceRequest {
        metric: args.metric,
        range: TimeRange {
            from: args.from,
            to: args.to,
        },
        zone: args.zone.parse::<Zone>()?,
    };
    let priority = shown_sources(state)?;
    Ok(query::provenance(&state.store(), &request, &priority)?)
}

pub fn coverage_of(state: &AppState, args: &CoverageArgs) -> Result<Coverage, IpcError> {
    let zone: Zone = args.zone.parse()?;
    let last = args
        .last
        .unwrap_or_else(|| zone.local_date(chrono::Utc::now().timestamp()));
    let first = args.first.unwrap_or_else(|| {
        last.checked_sub_months(chrono::Months::new(12 * DEFAULT_YEARS))
            .unwrap_or(last)
    });
    let priority = shown_sources(state)?;
    Ok(query::coverage(&state.store(), first, last, &priority)?)
}

/// What every shown source said about one chart bucket, and which one the
/// chart shows.
#[tauri::command]
#[specta::specta]
pub async fn provenance(
    backend: State<'_, Backend>,
    args: ProvenanceArgs,
) -> Result<Provenance, IpcError> {
    logged(
        "provenance",
        backend.get().and_then(|s| provenance_of(s, &args)),
    )
}

/// Per source, runs of days with data, gaps, days not synced yet and days
/// whose sync failed.
#[tauri::command]
#[specta::specta]
pub async fn coverage(
    backend: State<'_, Backend>,
    args: CoverageArgs,
) -> Result<Coverage, IpcError> {
    logged(
        "coverage",
        backend.get().and_then(|s| coverage_of(s, &args)),
    )
}

#[cfg(test)]
mod tests {
    use healthdash_core::config::DataDir;
    use healthdash_core::query::DayState;
    use healthdash_core::store::SyncRun;
    use healthdash_core::time::date_to_day_number;
    use healthdash_core::{Batch, Measurement, SourceId};

    use super::*;
    use crate::error::ErrorKind;

    /// 2026-03-02T00:00:00Z.
    const T0: i64 = 1_772_409_600;

    fn state() -> (tempfile::TempDir, AppState) {
        let tmp = tempfile::tempdir().unwrap();
        let dir = DataDir::resolve(Some(tmp.path().join("data"))).unwrap();
        let state = AppState::open(dir, None).unwrap();
        (tmp, state)
    }

    fn weigh(state: &AppState, source: &str, at: i64, kg: f64) {
        let mut batch = Batch::new(source.parse().unwrap());
        batch
            .measurements
            .push(Measurement::sample(Metric::Weight, at, kg, Zone::UTC));
        state.store().ingest(&batch).unwrap();
    }

    fn day_args() -> ProvenanceArgs {
        ProvenanceArgs {
            metric: Metric::Weight,
            from: T0,
            to: T0 + 86_400,
            zone: "UTC".into(),
        }
    }

    #[test]
    fn provenance_names_each_source_and_hides_the_demo_once_own_data_arrived() {
        let (_tmp, state) = state();
        weigh(&state, "demo", T0 + 3600, 60.0);
        let p = provenance_of(&state, &day_args()).unwrap();
        assert_eq!(p.chosen, Some(SourceId::demo()));

        weigh(&state, "withings", T0 + 7200, 72.5);
        weigh(&state, "apple_health", T0 + 9000, 73.1);
        let p = provenance_of(&state, &day_args()).unwrap();
        let said: Vec<_> = p
            .sources
            .iter()
            .map(|s| (s.source.as_str(), s.value, s.chosen))
            .collect();
        assert_eq!(
            said,
            [("withings", 72.5, true), ("apple_health", 73.1, false)]
        );
        assert_eq!(p.unit, "kg");
    }

    #[test]
    fn provenance_refuses_an_empty_bucket_and_an_unknown_zone() {
        let (_tmp, state) = state();
        let err = provenance_of(
            &state,
            &ProvenanceArgs {
                to: T0,
                ..day_args()
            },
        )
        .unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidInput, "{}", err.message);
        let err = provenance_of(
            &state,
            &ProvenanceArgs {
                zone: "Mars/Base".into(),
                ..day_args()
            },
        )
        .unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidInput, "{}", err.message);
    }

    #[test]
    fn coverage_lists_runs_per_source_with_the_last_error() {
        let (_tmp, state) = state();
        weigh(&state, "withings", T0 + 3600, 72.0);
        let day = |d: i64| date_to_day_number(Zone::UTC.local_date(T0)) + d;
        state
            .store()
            .record_sync_run(&SyncRun {
                provider: "withings".into(),
                stream: "measures".into(),
                first_day: day(0),
                last_day: day(1),
                finished_at: T0,
                error: Some("Withings: HTTP 503".into()),
            })
            .unwrap();
        let args = CoverageArgs {
            first: Some(Zone::UTC.local_date(T0)),
            last: Some(Zone::UTC.local_date(T0 + 2 * 86_400)),
            zone: "UTC".into(),
        };
        let map = coverage_of(&state, &args).unwrap();
        let withings = &map.sources[0];
        let states: Vec<_> = withings.runs.iter().map(|r| r.state).collect();
        assert_eq!(
            states,
            [DayState::Data, DayState::Error, DayState::NotSynced]
        );
        assert_eq!(withings.last_error.as_deref(), Some("Withings: HTTP 503"));
    }
}
