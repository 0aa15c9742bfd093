//! Sign-in and sync through the real CLI against the fake Withings:
//! what a user would notice — values, units, time zones, counts, errors.

use std::time::Duration;

use healthdash_connect::sync_lock::SyncLock;
use healthdash_sandbox::{FaultKind, meastype};

use crate::sandbox::{ENV, FROM, Fake, SYNC_FROM};
use crate::through_fake::{
    RAW_PAYLOADS, assert_asks_to_sign_in_again, leak_haystacks, rows, stored_tokens,
};
use crate::util::{TempData, assert_one_line_error, date, stderr, stdout};

fn export(data: &TempData, extra: &[&str]) -> String {
    crate::through_fake::export(data, "withings", extra)
}

#[test]
fn connect_sync_export_shows_the_accounts_data() {
    let fake = Fake::start();
    let data = fake.data_dir();
    let synced = fake.connect_and_sync(&data, SYNC_FROM);
    assert!(
        stderr(&synced).contains("withings: ") && stderr(&synced).contains(" records from "),
        "{}",
        stderr(&synced)
    );

    let csv = export(&data, &[]);
    // Every real weigh-in, and nothing else: objectives (category 2) and
    // ambiguous groups (attrib 1, someone else on the scale) are left out.
    let truth = fake.fake.data().weighings();
    let expected: Vec<_> = truth.iter().filter(|w| w.attrib != 1).collect();
    assert!(
        truth.iter().any(|w| w.attrib == 1),
        "the fake has ambiguous groups"
    );
    let weights = rows(&csv, "weight");
    assert_eq!(weights.len(), expected.len());
    let first = expected[0];
    let first_row = &weights[0];
    assert_eq!(
        first_row[1],
        chrono::DateTime::from_timestamp(first.date, 0)
            .unwrap()
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string()
    );
    assert_eq!(first_row[3].parse::<f64>().unwrap(), first.weight_kg);
    assert_eq!(first_row[4], "kg");

    // A day in Paris when clocks went forward is 23 hours long; the row
    // starts and ends at that day's local midnights.
    let dst = date("2025-03-30");
    let paris = fake.fake.data().activity_day(dst).unwrap();
    assert_eq!(
        (paris.timezone.name(), paris.day_hours),
        ("Europe/Paris", 23)
    );
    let steps = rows(&csv, "steps");
    let row = steps
        .iter()
        .find(|r| r[1] == "2025-03-29T23:00:00Z")
        .expect("the DST day's steps");
    assert_eq!(row[2], "2025-03-30T22:00:00Z");
    assert_eq!(row[3], paris.steps.to_string());
    // A day of the New York trip starts at New York's midnight.
    let (trip_first, _) = fake.fake.data().trip().unwrap();
    let ny = fake.fake.data().activity_day(trip_first).unwrap();
    assert_eq!(ny.timezone.name(), "America/New_York");
    let ny_start = format!("{trip_first}T05:00:00Z");
    assert!(steps.iter().any(|r| r[1] == ny_start), "{ny_start}");
    // calories = active energy, totalcalories = total energy.
    let active = rows(&csv, "active_energy");
    let active_row = active
        .iter()
        .find(|r| r[1] == "2025-03-29T23:00:00Z")
        .unwrap();
    assert!((active_row[3].parse::<f64>().unwrap() - paris.calories).abs() < 1e-6);
    let total = rows(&csv, "total_energy");
    let total_row = total
        .iter()
        .find(|r| r[1] == "2025-03-29T23:00:00Z")
        .unwrap();
    assert!((total_row[3].parse::<f64>().unwrap() - paris.totalcalories).abs() < 1e-6);
    // Intraday detail is stored, but exported only on request.
    assert!(steps.len() as u32 <= DAYS_PLUS_ONE);
    let with_detail = export(&data, &["--intraday", "--metric", "steps"]);
    assert!(with_detail.lines().count() > 10 * steps.len());
    // Nights and workouts, with the workout type in `detail`.
    assert_eq!(
        rows(&csv, "sleep_duration").len(),
        fake.fake.data().nights().len()
    );
    let workouts = rows(&csv, "workout");
    assert_eq!(workouts.len(), fake.fake.data().workouts().len());
    assert!(workouts.iter().all(|r| !r[6].is_empty()), "workout kinds");

    // Syncing again changes nothing and asks for little.
    fake.fake.clear_requests();
    let again = data.cli_with_env(&["sync"], ENV);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(export(&data, &[]), csv);
    let calls = fake.fake.requests().len();
    assert!(calls < 40, "an incremental sync made {calls} calls");

    let providers = stdout(&data.cli_with_env(&["providers"], ENV));
    let line = providers
        .lines()
        .find(|l| l.starts_with("withings"))
        .unwrap();
    assert!(line.contains("connected"), "{line}");
}

const DAYS_PLUS_ONE: u32 = crate::sandbox::DAYS + 1;

#[test]
fn expired_tokens_rate_limits_server_errors_and_cut_off_answers_are_survived() {
    let fake = Fake::start();
    let reference = fake.data_dir();
    fake.connect_and_sync(&reference, SYNC_FROM);

    let data = fake.data_dir();
    assert!(fake.connect(&data).status.success());
    let faults = fake.fake.faults();
    faults.expire_access_tokens();
    // Late in the run: after a "too many requests" the client paces itself
    // to Withings' 120 requests a minute for the rest of the run.
    faults
        .fail_on("getintradayactivity", 50, FaultKind::RateLimit)
        .unwrap();
    faults
        .fail_on(
            "getintradayactivity",
            53,
            FaultKind::Http429 {
                retry_after_secs: 1,
            },
        )
        .unwrap();
    faults.server_error_next(2);
    faults.truncate_next(1);
    let out = data.cli_with_env(&["sync", "withings", "--from", FROM], ENV);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        export(&data, &["--intraday"]),
        export(&reference, &["--intraday"])
    );
    let refreshes = fake
        .fake
        .requests()
        .iter()
        .filter(|r| r.action.as_deref() == Some("requesttoken"))
        .count();
    assert!(refreshes >= 3, "two sign-ins and a refresh: {refreshes}");
}

#[test]
fn a_failing_device_list_is_a_warning_and_every_other_stream_syncs() {
    let fake = Fake::start();
    let reference = fake.data_dir();
    fake.connect_and_sync(&reference, SYNC_FROM);

    let data = fake.data_dir();
    assert!(fake.connect(&data).status.success());
    // Withings answers the device list with "not implemented".
    let not_implemented = FaultKind::Status {
        status: 2554,
        error: "Not implemented".into(),
    };
    fake.fake
        .faults()
        .fail_on("getdevice", 1, not_implemented)
        .unwrap();
    let out = data.cli_with_env(&["sync", "withings", "--from", FROM], ENV);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out)
            .contains("warning: withings devices: withings: getdevice: Withings status 2554"),
        "{}",
        stderr(&out)
    );
    // Every weigh-in, day, night and workout arrived; only the device names
    // (the rows' `detail`) are missing.
    let without_names = |csv: &str| -> Vec<String> {
        csv.lines()
            .map(|line| line.split(',').take(5).collect::<Vec<_>>().join(","))
            .collect()
    };
    let (got, want) = (export(&data, &[]), export(&reference, &[]));
    assert_eq!(without_names(&got), without_names(&want));
    assert_ne!(got, want, "the reference names its devices");
}

#[test]
fn a_failing_stream_is_named_and_the_others_keep_what_they_fetched() {
    let fake = Fake::start();
    let data = fake.data_dir();
    assert!(fake.connect(&data).status.success());
    fake.fail_sleep_for_good();
    let out = data.cli_with_env(&["sync", "withings", "--from", FROM], ENV);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let last = stderr(&out).lines().last().unwrap_or_default().to_owned();
    assert!(
        last.starts_with("healthdash: Withings: 1 of 6 streams failed (sleep: ")
            && last.ends_with("what the others fetched is kept"),
        "{last}"
    );
    let csv = export(&data, &[]);
    let truth = fake.fake.data().weighings();
    assert_eq!(
        rows(&csv, "weight").len(),
        truth.iter().filter(|w| w.attrib != 1).count()
    );
    assert!(!rows(&csv, "steps").is_empty() && !rows(&csv, "workout").is_empty());
    assert!(rows(&csv, "sleep_duration").is_empty(), "no night arrived");
    // The account says what failed, and the next sync fetches the nights.
    let providers = stdout(&data.cli_with_env(&["providers"], ENV));
    assert!(
        providers
            .lines()
            .any(|l| l.starts_with("withings") && l.contains("never")),
        "{providers}"
    );
    let again = data.cli_with_env(&["sync", "withings"], ENV);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(!rows(&export(&data, &[]), "sleep_duration").is_empty());
}

#[test]
fn parsing_the_stored_answers_again_gives_the_same_rows() {
    use healthdash_core::export::{CsvFilter, export_csv};
    use healthdash_core::store::PageCommit;
    use healthdash_core::sync::{ParseContext, by_request};

    let fake = Fake::start();
    let data = fake.data_dir();
    fake.connect_and_sync(&data, SYNC_FROM);
    let dir = healthdash_core::config::DataDir::resolve(Some(data.path().to_owned())).unwrap();
    let synced = dir.open_store().unwrap();
    // What a parser fix would do: every stored answer, parts together,
    // parsed again, into an empty store.
    let provider = healthdash_connect::registry::provider("withings").unwrap();
    let source = provider
        .source(&url::Url::parse("http://127.0.0.1:1/").unwrap())
        .unwrap();
    let mut again = healthdash_core::Store::open_in_memory().unwrap();
    let ctx = ParseContext {
        store: &synced,
        source_id: "withings",
    };
    let mut reparsed = 0;
    for stream in source.streams() {
        let stored = synced
            .stale_raw_payloads("withings", stream.name(), i64::MAX)
            .unwrap();
        for (key, parts) in &by_request(stored) {
            let Some(batch) = stream.reparse(key, parts, &ctx).unwrap() else {
                continue;
            };
            reparsed += 1;
            again
                .commit_page(&PageCommit {
                    stream: stream.name(),
                    batch: &batch,
                    complete_records: true,
                    covers: None,
                    raw: &[],
                    cursor: None,
                })
                .unwrap();
        }
    }
    assert!(reparsed > 10, "{reparsed}");
    let export = |store: &healthdash_core::Store| {
        let mut out = Vec::new();
        export_csv(store, &CsvFilter::default(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    };
    let (first, second) = (export(&synced), export(&again));
    assert!(
        first.contains("Body Cardio") || first.contains("Body+"),
        "device names in detail"
    );
    let missing: Vec<_> = first
        .lines()
        .filter(|l| !second.contains(l))
        .take(5)
        .collect();
    let extra: Vec<_> = second
        .lines()
        .filter(|l| !first.contains(l))
        .take(5)
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing {missing:?}, extra {extra:?}"
    );
    assert_eq!(second, first);
}

#[test]
fn a_corrected_weigh_in_replaces_the_old_value() {
    let fake = Fake::start();
    let data = fake.data_dir();
    fake.connect_and_sync(&data, SYNC_FROM);
    let last = fake
        .fake
        .data()
        .weighings()
        .into_iter()
        .rfind(|w| w.attrib != 1)
        .unwrap();
    fake.fake
        .faults()
        .correct_measure(last.grpid, meastype::WEIGHT, 71_250)
        .unwrap();
    let out = data.cli_with_env(&["sync"], ENV);
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = export(&data, &["--metric", "weight"]);
    let values: Vec<&str> = rows(&csv, "weight").iter().map(|r| r[3]).collect();
    assert_eq!(values.last(), Some(&"71.25"), "{values:?}");
    assert_eq!(
        values.len(),
        fake.fake
            .data()
            .weighings()
            .iter()
            .filter(|w| w.attrib != 1)
            .count()
    );
}

/// The export's time of a Unix timestamp.
fn utc(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .unwrap()
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

#[test]
fn a_weigh_in_and_a_workout_deleted_at_withings_this_week_go_at_the_next_sync() {
    // The recent look goes back from the real today, so the account must end today.
    let today = chrono::Local::now().date_naive();
    let fake = Fake::start_with(|c| {
        c.until = today;
        c.days = 20;
    });
    let data = fake.data_dir();
    fake.connect_and_sync(&data, SYNC_FROM);
    let before = export(&data, &[]);
    let this_week = |day: chrono::NaiveDate| {
        day <= today - chrono::Days::new(2) && day >= today - chrono::Days::new(6)
    };
    let truth = fake.fake.data();
    let group = truth
        .weighings()
        .into_iter()
        .rfind(|w| w.attrib != 1 && this_week(w.local_date))
        .expect("a weigh-in this week");
    let workout = truth
        .workouts()
        .into_iter()
        .rfind(|w| this_week(w.date))
        .expect("a workout this week");
    let faults = fake.fake.faults();
    faults.delete_measure_group(group.grpid).unwrap();
    faults.delete_workout(workout.id).unwrap();

    let out = data.cli_with_env(&["sync"], ENV);
    assert!(out.status.success(), "{}", stderr(&out));
    let after = export(&data, &[]);
    let gone: Vec<&str> = before
        .lines()
        .filter(|l| !after.lines().any(|a| a == *l))
        .collect();
    let added: Vec<&str> = after
        .lines()
        .filter(|l| !before.lines().any(|b| b == *l))
        .collect();
    assert!(added.is_empty(), "nothing new: {added:?}");

    // Every value of the group (weight, fat, muscle… all at its time), the
    // workout, and nothing else.
    let group_time = utc(group.date);
    let of_group = |l: &&str| {
        let cells: Vec<&str> = l.split(',').collect();
        cells[1] == group_time && cells[0] != "workout"
    };
    let weight = |l: &&str| {
        let cells: Vec<&str> = l.split(',').collect();
        cells[0] == "weight"
            && cells[3]
                .parse::<f64>()
                .is_ok_and(|kg| (kg - group.weight_kg).abs() < 1e-6)
    };
    assert!(
        gone.iter().any(|l| of_group(l) && weight(l)),
        "the deleted weigh-in of {} kg at {group_time}: {gone:?}",
        group.weight_kg
    );
    let workout_line = format!(
        "workout,{},{},",
        utc(workout.startdate),
        utc(workout.enddate)
    );
    assert!(
        gone.iter().any(|l| l.starts_with(&workout_line)),
        "the deleted workout {workout_line}…: {gone:?}"
    );
    assert_eq!(
        gone.len(),
        before.lines().filter(of_group).count() + 1,
        "only the group's values and the workout: {gone:?}"
    );
}

#[test]
fn intraday_detail_arrives_newest_day_first() {
    let fake = Fake::start();
    let data = fake.data_dir();
    fake.connect_and_sync(&data, SYNC_FROM);
    let days: Vec<i64> = fake
        .fake
        .requests()
        .into_iter()
        .filter(|r| r.action.as_deref() == Some("getintradayactivity"))
        .map(|r| r.params["startdate"].parse().unwrap())
        .collect();
    let active_days = fake
        .fake
        .data()
        .activity_days()
        .iter()
        .filter(|d| d.steps > 0)
        .count();
    assert_eq!(days.len(), active_days, "one call per day with steps");
    assert!(
        days.windows(2).all(|w| w[0] > w[1]),
        "newest first: {:?}",
        &days[..days.len().min(5)]
    );
}

#[test]
fn a_sync_running_in_another_process_is_not_doubled() {
    let fake = Fake::start();
    let data = fake.data_dir();
    fake.connect_and_sync(&data, SYNC_FROM);
    let before = export(&data, &["--intraday"]);
    let providers_before = stdout(&data.cli_with_env(&["providers"], ENV));
    fake.fake.clear_requests();

    // As if the app's background sync held it.
    let held = SyncLock::acquire(data.path(), "withings", "Withings").unwrap();
    let out = data.cli_with_env(&["sync", "withings"], ENV);
    assert_one_line_error(
        &out,
        "Withings is syncing in another Healthdash window or command; try again when it has finished",
    );
    assert!(fake.fake.requests().is_empty(), "not one request was made");
    assert_eq!(export(&data, &["--intraday"]), before);
    assert_eq!(
        stdout(&data.cli_with_env(&["providers"], ENV)),
        providers_before,
        "no error is recorded on the account"
    );

    drop(held);
    let out = data.cli_with_env(&["sync", "withings"], ENV);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_refused_refresh_asks_to_sign_in_again_and_keeps_the_data() {
    let fake = Fake::start();
    let data = fake.data_dir();
    fake.connect_and_sync(&data, SYNC_FROM);
    let before = export(&data, &["--intraday"]);
    fake.fake.faults().revoke_refresh_tokens();
    fake.fake.faults().expire_access_tokens();
    let out = data.cli_with_env(&["sync"], ENV);
    assert_asks_to_sign_in_again(&data, &out, "Withings", "withings");
    assert_eq!(
        export(&data, &["--intraday"]),
        before,
        "nothing cached is lost"
    );

    // Signing in again fixes it.
    assert!(fake.connect(&data).status.success());
    let out = data.cli_with_env(&["sync"], ENV);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_wrong_or_missing_state_is_refused_and_the_sign_in_keeps_waiting() {
    let fake = Fake::start();
    let data = fake.data_dir();
    let (child, url) = fake.start_connect(&data, &[]);
    let callback = fake.approve(&url);
    let parsed = url::Url::parse(&callback).unwrap();
    let code = parsed
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .into_owned();
    let base = format!(
        "{}://{}{}",
        parsed.scheme(),
        parsed.host_str().unwrap(),
        parsed.path()
    );
    let base = base.replace(
        "127.0.0.1",
        &format!("127.0.0.1:{}", parsed.port().unwrap()),
    );

    let (status, page) = fake.get(&format!("{base}?code={code}&state=forged"));
    assert_eq!(status, 400, "{page}");
    let (status, _) = fake.get(&format!("{base}?code={code}"));
    assert_eq!(status, 400);
    let (status, _) = fake.get(&callback);
    assert_eq!(status, 200);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn tokens_stay_in_the_secret_store() {
    let fake = Fake::start();
    let data = fake.data_dir();
    let (child, url) = fake.start_connect(&data, &[]);
    let callback = fake.approve(&url);
    fake.get(&callback);
    let connected = child.wait_with_output().unwrap();
    let verbose = [("HEALTHDASH_SECRET_STORE", "file"), ("RUST_LOG", "trace")];
    let synced = data.cli_with_env(&["sync", "withings", "--from", FROM], &verbose);
    assert!(synced.status.success(), "{}", stderr(&synced));
    let csv = export(&data, &["--intraday"]);

    let tokens = stored_tokens(&data, "withings");
    let access = tokens["access_token"].as_str().unwrap();
    let refresh = tokens["refresh_token"].as_str().unwrap();
    assert!(access.len() >= 16 && refresh.len() >= 16);

    let haystacks = leak_haystacks(&data, &connected, &synced, csv);
    for (what, bytes) in &haystacks {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains(access), "access token in {what}");
        assert!(!text.contains(refresh), "refresh token in {what}");
        assert!(
            !text.contains(&fake.fake.config().client_secret),
            "client secret in {what}"
        );
    }
    assert!(
        haystacks
            .iter()
            .any(|(what, _)| what.ends_with("healthdash.sqlite3"))
    );
}

#[test]
fn killing_a_sync_midway_loses_and_duplicates_nothing() {
    let fake = Fake::start();
    let reference = fake.data_dir();
    fake.connect_and_sync(&reference, SYNC_FROM);
    let expected = export(&reference, &["--intraday"]);

    let data = fake.data_dir();
    assert!(fake.connect(&data).status.success());
    for kill_after_pages in [3, 40] {
        // Slow answers, so that the kill lands inside the sync.
        fake.fake
            .faults()
            .delay_next(1_000, Duration::from_millis(15));
        assert!(
            fake.kill_sync_once(&data, SYNC_FROM, RAW_PAYLOADS, kill_after_pages),
            "the sync stored {kill_after_pages} pages"
        );
        fake.fake.faults().clear();
    }
    let resumed = data.cli_with_env(&["sync", "withings", "--from", FROM], ENV);
    assert!(resumed.status.success(), "{}", stderr(&resumed));
    assert_same_rows(&export(&data, &["--intraday"]), &expected);
}

/// Equal CSV text; on a difference, names the first rows that differ
/// instead of printing two large files.
fn assert_same_rows(actual: &str, expected: &str) {
    if actual == expected {
        return;
    }
    let a: std::collections::BTreeSet<&str> = actual.lines().collect();
    let e: std::collections::BTreeSet<&str> = expected.lines().collect();
    let extra: Vec<_> = a.difference(&e).take(5).collect();
    let missing: Vec<_> = e.difference(&a).take(5).collect();
    panic!(
        "{} rows vs {} expected; extra {extra:?}; missing {missing:?}",
        actual.lines().count(),
        expected.lines().count()
    );
}
