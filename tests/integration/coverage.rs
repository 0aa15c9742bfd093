//! The coverage map after real syncs through the CLI against the fake
//! Withings: days before `--from` were never synced, a failing stream marks
//! the days it left without data as failed, and the next good sync clears them.

use chrono::Days;
use healthdash_core::query::{DayState, SourcePriority, coverage};

use crate::sandbox::{ENV, FROM, Fake};
use crate::util::{date, stderr};

fn withings_runs(data: &crate::util::TempData) -> (Vec<DayState>, Option<String>) {
    let first = date(FROM).checked_sub_days(Days::new(10)).unwrap();
    let last = chrono::Utc::now().date_naive();
    let map = coverage(&data.store(), first, last, &SourcePriority::default()).unwrap();
    let withings = map
        .sources
        .iter()
        .find(|s| s.source.as_str() == "withings")
        .expect("a Withings row");
    assert_eq!(withings.runs[0].state, DayState::NotSynced, "before --from");
    assert_eq!(withings.runs[0].first, first);
    // Before --from only data (a night that began the evening before) or nothing synced.
    for run in withings.runs.iter().filter(|r| r.first < date(FROM)) {
        assert!(
            matches!(run.state, DayState::NotSynced | DayState::Data),
            "{run:?}"
        );
    }
    let states = withings.runs.iter().map(|r| r.state).collect();
    (states, withings.last_error.clone())
}

#[test]
fn a_failed_stream_marks_its_days_until_the_next_sync_goes_through() {
    let fake = Fake::start();
    let data = fake.data_dir();
    assert!(fake.connect(&data).status.success());
    fake.fail_sleep_for_good();
    let failed = data.cli_with_env(&["sync", "withings", "--from", FROM], ENV);
    assert_eq!(failed.status.code(), Some(1), "{}", stderr(&failed));
    let (states, error) = withings_runs(&data);
    assert!(states.contains(&DayState::Data), "{states:?}");
    assert!(states.contains(&DayState::Error), "{states:?}");
    assert!(
        error
            .as_deref()
            .is_some_and(|e| e.contains("Invalid Params")),
        "{error:?}"
    );

    let again = data.cli_with_env(&["sync", "withings"], ENV);
    assert!(again.status.success(), "{}", stderr(&again));
    let (states, error) = withings_runs(&data);
    assert!(!states.contains(&DayState::Error), "{states:?}");
    assert_eq!(
        states.iter().filter(|s| **s == DayState::NotSynced).count(),
        1,
        "{states:?}"
    );
    assert_eq!(error, None);
}
