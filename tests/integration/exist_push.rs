//! `push exist` through the real CLI against the fake Exist (CONTRACT §9):
//! the dry run, the echo guard, acquiring once, batches of 35, partial
//! failure and its retry, unchanged values never sent twice and corrected
//! ones sent again, 401, 429, and a missing write scope.

use std::process::Output;

use chrono_tz::Europe::Paris;
use healthdash_core::config::DataDir;
use healthdash_core::{Measurement, Metric, Zone};
use healthdash_sandbox::{ExistConfig, ExistFake, RunningFake};
use serde_json::json;

use crate::through_fake::{ENV, ThroughFake};
use crate::util::{TempData, assert_one_line_error, batch, date, stderr, stdout};

const UNTIL: &str = "2025-04-15";

type Exist = ThroughFake<ExistFake>;

impl Exist {
    fn start() -> Exist {
        let config = ExistConfig {
            timezone: Paris,
            until: date(UNTIL),
            days: 60,
            rate_limit_per_hour: 0,
            ..ExistConfig::default()
        };
        ThroughFake::serve(RunningFake::start_exist(config))
    }

    /// A data folder pointed at the fake and signed in (`--write` or not).
    fn connected(&self, write: bool) -> TempData {
        let data = self.data_dir();
        self.sign_in(&data, write);
        data
    }

    /// `connect exist` (`--write` or not); the authorization URL it printed.
    fn sign_in(&self, data: &TempData, write: bool) -> String {
        let extra: &[&str] = if write { &["--write"] } else { &[] };
        let (done, url) = self.connect_with(data, extra);
        assert!(done.status.success(), "{}", stderr(&done));
        url
    }

    fn updates(&self) -> Vec<Vec<serde_json::Value>> {
        self.fake
            .write_calls()
            .into_iter()
            .filter(|c| c.endpoint == "update")
            .map(|c| c.objects)
            .collect()
    }
}

fn push(data: &TempData, args: &[&str]) -> Output {
    let mut all = vec!["push", "exist"];
    all.extend_from_slice(args);
    data.cli_with_env(&all, ENV)
}

const RANGE: &[&str] = &["--from", "2025-04-10", "--to", "2025-04-15"];

fn paris() -> Zone {
    Zone::Named(Paris)
}

/// Local midnight of `day` in Paris.
fn midnight(day: &str) -> i64 {
    paris().start_of_day(date(day))
}

fn daily(metric: Metric, day: &str, value: f64) -> Measurement {
    let (start, end) = paris().day_bounds(date(day));
    Measurement::interval(metric, start, end, value, paris())
}

/// Withings steps on the 10th–14th, two weigh-ins and a body-fat reading on
/// the 12th, a night ending on the 13th; Exist's own steps on the 14th and
/// 15th, which are never sent back.
fn seed(data: &TempData) {
    let mut store = data.store();
    let mut withings = Vec::new();
    for (i, day) in [
        "2025-04-10",
        "2025-04-11",
        "2025-04-12",
        "2025-04-13",
        "2025-04-14",
    ]
    .iter()
    .enumerate()
    {
        withings.push(daily(Metric::Steps, day, 8000.0 + 100.0 * i as f64));
    }
    let noon12 = midnight("2025-04-12") + 7 * 3600;
    withings.push(Measurement::sample(Metric::Weight, noon12, 70.4, paris()));
    withings.push(Measurement::sample(
        Metric::Weight,
        noon12 + 14 * 3600,
        70.2,
        paris(),
    ));
    withings.push(Measurement::sample(
        Metric::BodyFatPercent,
        noon12,
        21.4,
        paris(),
    ));
    // 23:00 on the 12th to 06:30 on the 13th; 25 470 s asleep = 424.5 min.
    let night_end = midnight("2025-04-13") + 6 * 3600 + 1800;
    withings.push(Measurement::interval(
        Metric::SleepDuration,
        night_end - 7 * 3600 - 1800,
        night_end,
        25_470.0,
        paris(),
    ));
    store.ingest(&batch("withings", withings)).unwrap();
    store
        .ingest(&batch(
            "exist",
            vec![
                daily(Metric::Steps, "2025-04-14", 99.0),
                daily(Metric::Steps, "2025-04-15", 123.0),
            ],
        ))
        .unwrap();
}

const EXPECTED: &str = "steps 2025-04-10 8000
steps 2025-04-11 8100
steps 2025-04-12 8200
steps 2025-04-13 8300
steps 2025-04-14 8400
weight 2025-04-12 70.2
body_fat 2025-04-12 0.214
sleep 2025-04-13 425
";

#[test]
fn the_dry_run_prints_exactly_what_would_be_sent_and_sends_nothing() {
    let exist = Exist::start();
    let data = exist.connected(false);
    seed(&data);
    // Even with Exist first in the source order, its values are never sent.
    let dir = DataDir::resolve(Some(data.path().to_owned())).unwrap();
    std::fs::write(
        dir.config_path(),
        std::fs::read_to_string(dir.config_path()).unwrap() + "\n[priority]\nsteps = [\"exist\"]\n",
    )
    .unwrap();
    let dry = push(&data, &[RANGE, &["--dry-run"]].concat());
    assert!(dry.status.success(), "{}", stderr(&dry));
    assert_eq!(stdout(&dry), EXPECTED);
    assert!(
        exist.fake.write_calls().is_empty(),
        "a dry run writes nothing"
    );
    // It recorded nothing either: the same lines again.
    let again = push(&data, &[RANGE, &["--dry-run"]].concat());
    assert_eq!(stdout(&again), EXPECTED);
    let nothing = push(
        &data,
        &["--from", "2025-04-01", "--to", "2025-04-05", "--dry-run"],
    );
    assert!(nothing.status.success());
    assert_eq!(stdout(&nothing), "");
}

#[test]
fn a_push_acquires_once_records_what_exist_took_and_sends_only_changes() {
    let exist = Exist::start();
    let data = exist.connected(true);
    seed(&data);
    let first = push(&data, RANGE);
    assert!(first.status.success(), "{}", stderr(&first));
    assert_eq!(stdout(&first), "", "a real push keeps stdout empty");
    let err = stderr(&first);
    for (attribute, owner) in [
        ("steps", "Fitbit"),
        ("weight", "Withings"),
        ("body_fat", "Withings"),
        ("sleep", "Fitbit"),
    ] {
        let line = format!("takes over {attribute} from {owner}");
        assert_eq!(
            err.lines().filter(|l| l.contains(&line)).count(),
            1,
            "{err}"
        );
    }
    let calls = exist.fake.write_calls();
    assert_eq!(
        calls[0].endpoint, "acquire",
        "acquired before the first update"
    );
    assert!(calls.iter().all(|c| c.endpoint != "increment"));
    assert_eq!(calls.iter().filter(|c| c.endpoint == "update").count(), 1);
    let fake = exist.fake.data();
    assert_eq!(fake.value("sleep", date("2025-04-13")), Some(&json!(425)));
    assert_eq!(fake.value("steps", date("2025-04-12")), Some(&json!(8200)));
    assert_eq!(
        fake.value("body_fat", date("2025-04-12")),
        Some(&json!(0.214))
    );
    assert_eq!(exist.fake.owner("steps"), Some("healthdash"));

    // The same push again: no write call at all, not even an acquire.
    let before = exist.fake.write_calls().len();
    let second = push(&data, RANGE);
    assert!(second.status.success(), "{}", stderr(&second));
    assert_eq!(exist.fake.write_calls().len(), before);
    assert!(!stderr(&second).contains("takes over"));

    // A corrected weigh-in is sent again, alone, without a new acquire.
    let later = midnight("2025-04-12") + 22 * 3600;
    let mut store = data.store();
    store
        .ingest(&batch(
            "withings",
            vec![Measurement::sample(Metric::Weight, later, 69.9, paris())],
        ))
        .unwrap();
    let third = push(&data, RANGE);
    assert!(third.status.success(), "{}", stderr(&third));
    let calls = exist.fake.write_calls();
    assert_eq!(calls.len(), before + 1);
    assert_eq!(
        calls[before].objects,
        [json!({"name": "weight", "date": "2025-04-12", "value": 69.9})]
    );
}

#[test]
fn batches_hold_at_most_35_objects_and_mix_attributes() {
    let exist = Exist::start();
    let data = exist.connected(true);
    seed(&data);
    let mut store = data.store();
    let days: Vec<Measurement> = date("2025-03-01")
        .iter_days()
        .take_while(|d| *d < date("2025-04-10"))
        .map(|d| daily(Metric::Steps, &d.to_string(), 5000.0))
        .collect();
    assert_eq!(days.len(), 40);
    store.ingest(&batch("withings", days)).unwrap();
    let out = push(&data, &["--from", "2025-03-01", "--to", "2025-04-15"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let updates = exist.updates();
    let sizes: Vec<usize> = updates.iter().map(Vec::len).collect();
    assert_eq!(sizes, [35, 13], "48 items in ⌈48/35⌉ calls");
    assert_eq!(
        exist.fake.data().value("steps", date("2025-03-01")),
        Some(&json!(5000))
    );
}

#[test]
fn refused_items_get_one_line_each_and_the_next_push_sends_them_again() {
    let exist = Exist::start();
    let data = exist.connected(true);
    seed(&data);
    exist.fake.refuse_next(
        "weight",
        Some(date("2025-04-12")),
        "validation",
        "Value refused",
    );
    let out = push(&data, RANGE);
    assert!(!out.status.success(), "a refused item fails the push");
    let err = stderr(&out);
    let line = "error: exist refused weight 2025-04-12: validation: Value refused";
    assert_eq!(err.lines().filter(|l| *l == line).count(), 1, "{err}");
    assert_eq!(
        exist.fake.data().value("steps", date("2025-04-10")),
        Some(&json!(8000))
    );
    let before = exist.updates().len();
    let retry = push(&data, RANGE);
    assert!(retry.status.success(), "{}", stderr(&retry));
    let updates = exist.updates();
    assert_eq!(updates.len(), before + 1);
    assert_eq!(
        updates[before],
        [json!({"name": "weight", "date": "2025-04-12", "value": 70.2})]
    );
}

#[test]
fn an_attribute_another_service_took_back_is_acquired_again_and_resent() {
    let exist = Exist::start();
    let data = exist.connected(true);
    seed(&data);
    assert!(push(&data, RANGE).status.success());
    exist.fake.take_over("steps", ("googlefit", "Google Fit"));
    let mut store = data.store();
    store
        .ingest(&batch(
            "withings",
            vec![daily(Metric::Steps, "2025-04-11", 9999.0)],
        ))
        .unwrap();
    let out = push(&data, RANGE);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("takes over steps from Google Fit"),
        "{}",
        stderr(&out)
    );
    assert_eq!(exist.fake.owner("steps"), Some("healthdash"));
    assert_eq!(
        exist.fake.data().value("steps", date("2025-04-11")),
        Some(&json!(9999))
    );
}

#[test]
fn an_expired_token_is_refreshed_and_a_refused_refresh_asks_for_a_new_sign_in() {
    let exist = Exist::start();
    let data = exist.connected(true);
    seed(&data);
    exist.fake.faults().expire_access_tokens();
    let out = push(&data, RANGE);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        exist.fake.data().value("sleep", date("2025-04-13")),
        Some(&json!(425))
    );

    let mut store = data.store();
    store
        .ingest(&batch(
            "withings",
            vec![daily(Metric::Steps, "2025-04-11", 7777.0)],
        ))
        .unwrap();
    exist.fake.faults().expire_access_tokens();
    exist.fake.faults().revoke_refresh_tokens();
    let out = push(&data, RANGE);
    assert_one_line_error(&out, "healthdash connect exist --write");
    let providers = data.cli_with_env(&["providers"], ENV);
    assert!(
        stdout(&providers).contains("needs sign-in"),
        "{}",
        stdout(&providers)
    );
    // After a new sign-in the pending value goes out.
    exist.sign_in(&data, true);
    let out = push(&data, RANGE);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        exist.fake.data().value("steps", date("2025-04-11")),
        Some(&json!(7777))
    );
}

#[test]
fn a_429_is_waited_out_and_the_same_call_sent_again() {
    let exist = Exist::start();
    let data = exist.connected(true);
    seed(&data);
    // The profile read takes the first; the acquire the second.
    exist.fake.faults().http_429_next(2, 1);
    let out = push(&data, RANGE);
    assert!(out.status.success(), "{}", stderr(&out));
    let throttled = exist
        .fake
        .requests()
        .iter()
        .filter(|r| r.http_status == 429)
        .count();
    assert_eq!(throttled, 2);
    assert_eq!(
        exist.fake.data().value("steps", date("2025-04-14")),
        Some(&json!(8400))
    );
}

#[test]
fn without_a_write_scope_one_line_names_connect_exist_write() {
    let exist = Exist::start();
    let data = exist.connected(false);
    seed(&data);
    let out = push(&data, RANGE);
    assert_one_line_error(&out, "healthdash connect exist --write");
    assert!(exist.fake.write_calls().is_empty());
}

#[test]
fn connect_write_asks_for_the_write_scopes_of_the_pushed_groups_only() {
    let exist = Exist::start();
    let data = exist.connected(false);
    let url = exist.sign_in(&data, true);
    let url = url::Url::parse(url.trim()).unwrap();
    let scope = url
        .query_pairs()
        .find(|(k, _)| k == "scope")
        .unwrap()
        .1
        .into_owned();
    let writes: Vec<&str> = scope.split(' ').filter(|s| s.ends_with("_write")).collect();
    assert_eq!(writes, ["activity_write", "health_write", "sleep_write"]);
    for read in ["activity_read", "health_read", "sleep_read"] {
        assert!(scope.split(' ').any(|s| s == read), "{scope}");
    }
}

#[test]
fn bad_arguments_are_one_line_errors_that_name_them_and_send_nothing() {
    let exist = Exist::start();
    let data = exist.connected(true);
    seed(&data);
    assert_one_line_error(&push(&data, &["--metric", "nonsense"]), "nonsense");
    assert_one_line_error(&push(&data, &["--metric", "heart_rate"]), "heart_rate");
    assert_one_line_error(
        &push(&data, &["--from", "2025-04-12", "--to", "2025-04-10"]),
        "2025-04-12",
    );
    assert_one_line_error(&push(&data, &["--to", "April"]), "April");
    let other = data.cli_with_env(&["push", "withings"], ENV);
    assert_one_line_error(&other, "withings");
    assert!(exist.fake.write_calls().is_empty());
}

#[test]
fn disconnect_keeps_the_push_record_and_purge_forgets_it() {
    let exist = Exist::start();
    let data = exist.connected(true);
    seed(&data);
    assert!(push(&data, RANGE).status.success());
    let count = |data: &TempData| -> i64 {
        data.raw()
            .query_row("SELECT count(*) FROM push_record", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(count(&data), 8);
    assert!(
        data.cli_with_env(&["disconnect", "exist"], ENV)
            .status
            .success()
    );
    assert_eq!(count(&data), 8);
    assert!(
        data.cli_with_env(&["disconnect", "exist", "--purge"], ENV)
            .status
            .success()
    );
    assert_eq!(count(&data), 0);
}

#[test]
fn without_a_sign_in_the_push_says_to_connect_with_write() {
    let exist = Exist::start();
    // Pointed at the fake, with its client, not signed in.
    let data = exist.data_dir();
    let out = push(&data, &["--dry-run"]);
    assert_one_line_error(&out, "healthdash connect exist --write");
    assert!(exist.fake.write_calls().is_empty());
}

/// Two years of daily steps, weigh-ins and nights: the first push sends
/// them in ⌈n/35⌉ calls, one more day is one call, and nothing new is none.
#[test]
fn a_whole_history_push_and_an_incremental_one() {
    let exist = Exist::start();
    let data = exist.connected(true);
    let days: Vec<chrono::NaiveDate> = date("2023-04-16")
        .iter_days()
        .take_while(|d| *d <= date("2025-04-14"))
        .collect();
    let mut rows = Vec::new();
    for (i, day) in days.iter().enumerate() {
        let day = day.to_string();
        rows.push(daily(Metric::Steps, &day, 4000.0 + (i % 50) as f64 * 100.0));
        let morning = midnight(&day) + 7 * 3600;
        rows.push(Measurement::sample(
            Metric::Weight,
            morning,
            70.0 + (i % 7) as f64 / 10.0,
            paris(),
        ));
        rows.push(Measurement::interval(
            Metric::SleepDuration,
            morning - 8 * 3600,
            morning,
            25_200.0,
            paris(),
        ));
    }
    let mut store = data.store();
    store.ingest(&batch("withings", rows)).unwrap();
    let items = days.len() * 3;
    let started = std::time::Instant::now();
    let first = push(&data, &["--from", "2023-04-16", "--to", "2025-04-15"]);
    let seconds = started.elapsed().as_secs_f64();
    assert!(first.status.success(), "{}", stderr(&first));
    let calls = exist.updates().len();
    assert_eq!(calls, items.div_ceil(35));
    eprintln!(
        "first push: {items} values, {calls} update calls, {} requests, {seconds:.1} s",
        exist.fake.requests().len()
    );
    exist.fake.clear_requests();
    store
        .ingest(&batch(
            "withings",
            vec![daily(Metric::Steps, "2025-04-15", 3210.0)],
        ))
        .unwrap();
    let started = std::time::Instant::now();
    let next = push(&data, &["--from", "2023-04-16", "--to", "2025-04-15"]);
    assert!(next.status.success(), "{}", stderr(&next));
    assert_eq!(exist.updates().len(), calls + 1);
    eprintln!(
        "incremental push: 1 value, 1 update call, {} requests, {:.1} s",
        exist.fake.requests().len(),
        started.elapsed().as_secs_f64()
    );
    let again = push(&data, &["--from", "2023-04-16", "--to", "2025-04-15"]);
    assert!(again.status.success());
    assert_eq!(
        exist.updates().len(),
        calls + 1,
        "nothing new: no write call"
    );
}
