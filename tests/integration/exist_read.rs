//! Exist, the read side, through the real CLI against the fake Exist: sign-in,
//! the whole history, paging, two zones with their DST days, corrections,
//! deletions, unreadable values, faults, revocation, token leaks and `kill -9`.

use std::collections::BTreeMap;
use std::ops::Deref;
use std::process::Output;
use std::time::Duration;

use chrono::NaiveDate;
use chrono_tz::Tz;
use healthdash_sandbox::{ExistConfig, ExistFake, RunningFake};
use serde_json::json;

use crate::through_fake::{
    ENV, RAW_PAYLOADS, ThroughFake, assert_asks_to_sign_in_again, leak_haystacks, stored_tokens,
};
use crate::util::{TempData, date, stderr, stdout};

/// The fake's last date and length: Paris's spring DST day (2025-03-30) and
/// Sydney's autumn one (2025-04-06) are inside, and 60 days take two
/// 31-day windows.
const UNTIL: &str = "2025-04-15";
const DAYS: u32 = 60;
const FROM: &str = "2025-02-15";

struct Exist {
    through: ThroughFake<ExistFake>,
    /// `sync --from`: the fake's first date.
    from: NaiveDate,
}

/// The shared connect / sync helpers, and `exist.fake`.
impl Deref for Exist {
    type Target = ThroughFake<ExistFake>;

    fn deref(&self) -> &Self::Target {
        &self.through
    }
}

impl Exist {
    fn start(timezone: Tz) -> Exist {
        Exist::start_with(timezone, |_| {})
    }

    fn start_with(timezone: Tz, adjust: impl FnOnce(&mut ExistConfig)) -> Exist {
        let mut config = ExistConfig {
            timezone,
            until: date(UNTIL),
            days: DAYS,
            // Three pages per window: `next` is followed.
            max_page_size: 4,
            // The budget is the fault tests' business; here it would only wait.
            rate_limit_per_hour: 0,
            ..ExistConfig::default()
        };
        adjust(&mut config);
        let through = ThroughFake::serve(RunningFake::start_exist(config));
        let from = through.fake.days().0;
        Exist { through, from }
    }

    /// `connect`, then `sync exist --from` the fake's first date.
    fn connect_and_sync(&self, data: &TempData) -> Output {
        self.through
            .connect_and_sync(data, &["--from", &self.from.to_string()])
    }

    /// What the export must hold, from the fake's own data: one row per
    /// (metric, Exist date with a value), as (metric, start, end) → value.
    fn truth(&self) -> BTreeMap<(String, String, String), f64> {
        let data = self.fake.data();
        let zone = self.fake.timezone();
        let from = self.from;
        let mut rows = BTreeMap::new();
        let mut add = |metric: &str, day: NaiveDate, value: f64| {
            let (start, end) = bounds(zone, day);
            rows.insert((metric.to_owned(), start, end), value);
        };
        let number = |name: &str, day: NaiveDate| -> Option<f64> {
            data.value(name, day).and_then(serde_json::Value::as_f64)
        };
        for day in from.iter_days().take_while(|d| *d <= data.last_day) {
            let plain = [
                ("steps", "steps", 1.0),
                ("active_energy", "active_energy", 1.0 / 4.184),
                ("sleep", "sleep_duration", 60.0),
                ("weight", "weight", 1.0),
                ("body_fat", "body_fat_percent", 100.0),
                ("mood", "mood", 1.0),
                ("productive_min", "productive_time", 60.0),
            ];
            for (attribute, metric, factor) in plain {
                if let Some(v) = number(attribute, day) {
                    add(metric, day, v * factor);
                }
            }
            if let Some(v) = number("heartrate_resting", day).or_else(|| number("heartrate", day)) {
                add("resting_heart_rate", day, v);
            }
        }
        rows
    }
}

/// `[start, end)` of a local day in `zone`, as the CSV writes them.
fn bounds(zone: Tz, day: NaiveDate) -> (String, String) {
    use chrono::TimeZone;
    let midnight = |d: NaiveDate| {
        zone.from_local_datetime(&d.and_hms_opt(0, 0, 0).unwrap())
            .earliest()
            .unwrap()
            .with_timezone(&chrono::Utc)
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string()
    };
    (midnight(day), midnight(day.succ_opt().unwrap()))
}

fn export(data: &TempData) -> String {
    crate::through_fake::export(data, "exist", &[])
}

/// The export as (metric, start, end) → value; every row says `exist`.
fn exported(csv: &str) -> BTreeMap<(String, String, String), f64> {
    csv.lines()
        .skip(1)
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            assert_eq!(cells[5], "exist", "{line}");
            (
                (
                    cells[0].to_owned(),
                    cells[1].to_owned(),
                    cells[2].to_owned(),
                ),
                cells[3].parse::<f64>().unwrap(),
            )
        })
        .collect()
}

fn assert_matches_truth(csv: &str, truth: &BTreeMap<(String, String, String), f64>) {
    let got = exported(csv);
    let missing: Vec<_> = truth
        .keys()
        .filter(|k| !got.contains_key(*k))
        .take(5)
        .collect();
    let extra: Vec<_> = got
        .keys()
        .filter(|k| !truth.contains_key(*k))
        .take(5)
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{} rows vs {} expected; missing {missing:?}; extra {extra:?}",
        got.len(),
        truth.len()
    );
    for (key, want) in truth {
        let have = got[key];
        assert!(
            (have - want).abs() <= 1e-6 * want.abs().max(1.0),
            "{key:?}: exported {have}, Exist has {want}"
        );
    }
}

#[test]
fn connect_sync_export_equals_what_exist_has() {
    let exist = Exist::start(chrono_tz::Europe::Paris);
    let data = exist.data_dir();
    let synced = exist.connect_and_sync(&data);
    assert!(stderr(&synced).contains("exist: "), "{}", stderr(&synced));

    // Sign-in asked for the read scopes, and no write scope.
    let sign_in = exist
        .fake
        .requests()
        .into_iter()
        .find(|r| r.path == "/oauth2/authorize")
        .unwrap();
    let scope = &sign_in.params["scope"];
    for wanted in ["activity_read", "health_read", "sleep_read"] {
        assert!(scope.split(' ').any(|s| s == wanted), "{scope}");
    }
    assert!(!scope.contains("_write"), "{scope}");

    let csv = export(&data);
    let truth = exist.truth();
    assert_matches_truth(&csv, &truth);

    // Spot checks a user would notice. The Paris DST day is 23 hours long.
    let steps_on = |day: &str| {
        let (start, end) = bounds(chrono_tz::Europe::Paris, date(day));
        exported(&csv).get(&("steps".into(), start, end)).copied()
    };
    let dst = exist
        .fake
        .data()
        .value("steps", date("2025-03-30"))
        .cloned();
    assert_eq!(
        bounds(chrono_tz::Europe::Paris, date("2025-03-30")),
        ("2025-03-29T23:00:00Z".into(), "2025-03-30T22:00:00Z".into())
    );
    assert_eq!(steps_on("2025-03-30"), dst.and_then(|v| v.as_f64()));
    // A day without steps is no row, never a zero.
    let fake = exist.fake.data();
    let empty = date(FROM)
        .iter_days()
        .take_while(|d| *d <= fake.last_day)
        .find(|d| fake.value("steps", *d).is_none())
        .expect("the fake has days without steps");
    assert_eq!(steps_on(&empty.to_string()), None);
    // Units: sleep in seconds, energy in kcal, body fat in %.
    let units: BTreeMap<&str, &str> = csv
        .lines()
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            (c[0], c[4])
        })
        .collect();
    assert_eq!(units["sleep_duration"], "s");
    assert_eq!(units["active_energy"], "kcal");
    assert_eq!(units["body_fat_percent"], "%");
    assert_eq!(units["mood"], "score");
    assert_eq!(units["productive_time"], "s");
    // Where both heart rates exist, `heartrate_resting` wins.
    let both = date(FROM)
        .iter_days()
        .find(|d| {
            fake.value("heartrate", *d).is_some() && fake.value("heartrate_resting", *d).is_some()
        })
        .expect("a day with both heart rates");
    let (start, end) = bounds(chrono_tz::Europe::Paris, both);
    assert_eq!(
        exported(&csv)[&("resting_heart_rate".into(), start, end)],
        fake.value("heartrate_resting", both)
            .unwrap()
            .as_f64()
            .unwrap()
    );

    // Every values request: the mapped attributes, at most 31 days, and the
    // `next` pages followed.
    let values: Vec<_> = exist
        .fake
        .requests()
        .into_iter()
        .filter(|r| r.path == "/api/2/attributes/with-values/")
        .collect();
    assert!(values.iter().all(|r| {
        r.params["days"].parse::<u32>().unwrap() <= 31 && r.params["attributes"].contains("steps")
    }));
    assert!(
        values
            .iter()
            .any(|r| r.params.get("page").map(String::as_str) == Some("3"))
    );

    // Syncing again changes nothing and asks for little.
    exist.fake.clear_requests();
    let again = data.cli_with_env(&["sync", "exist"], ENV);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(export(&data), csv);
    let calls = exist.fake.requests().len();
    assert!(calls <= 4, "an incremental sync made {calls} calls");

    let providers = stdout(&data.cli_with_env(&["providers"], ENV));
    let line = providers.lines().find(|l| l.starts_with("exist")).unwrap();
    assert!(line.contains("connected"), "{line}");
}

#[test]
fn another_zone_corrections_deletions_and_unreadable_values() {
    // Sydney: clocks go back on 2025-04-06, a 25-hour day.
    let exist = Exist::start(chrono_tz::Australia::Sydney);
    let data = exist.data_dir();
    exist.connect_and_sync(&data);
    let csv = export(&data);
    assert_matches_truth(&csv, &exist.truth());
    assert_eq!(
        bounds(chrono_tz::Australia::Sydney, date("2025-04-06")),
        ("2025-04-05T13:00:00Z".into(), "2025-04-06T14:00:00Z".into())
    );
    assert!(
        csv.contains("2025-04-05T13:00:00Z,2025-04-06T14:00:00Z"),
        "the 25-hour day"
    );

    // A corrected day, a removed value and an unreadable one (which takes
    // the old value's place: it is no longer Exist's).
    let last = date(UNTIL);
    let faults = exist.fake.faults();
    faults
        .set_value("steps", last.pred_opt().unwrap(), json!(4321))
        .unwrap();
    faults.set_value("weight", last, json!(null)).unwrap();
    faults.set_value("mood", last, json!(7)).unwrap();
    faults.set_value("sleep", last, json!(420)).unwrap();
    faults.garble_value("sleep", last).unwrap();
    // The fake's last week is long before today, beyond a later sync's
    // re-read window: read it again from scratch.
    let out = data.cli_with_env(&["sync", "exist", "--full", "--from", "2025-04-08"], ENV);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut truth = exist.truth();
    // The unreadable value is skipped; the rest of the page is kept.
    let (start, end) = bounds(chrono_tz::Australia::Sydney, last);
    truth.remove(&("sleep_duration".into(), start.clone(), end.clone()));
    assert_matches_truth(&export(&data), &truth);
    assert_eq!(exported(&export(&data))[&("mood".into(), start, end)], 7.0);
}

#[test]
fn expired_tokens_rate_limits_server_errors_and_cut_off_answers_are_survived() {
    // After a 429 the client keeps to Exist's budget (5 requests a minute),
    // so this account ends today and is read in two one-page windows.
    let exist = Exist::start_with(chrono_tz::Europe::Paris, |config| {
        config.until = chrono::Utc::now()
            .with_timezone(&config.timezone)
            .date_naive();
        config.days = 40;
        config.max_page_size = 100;
    });
    let data = exist.data_dir();
    assert!(exist.connect(&data).status.success());
    let faults = exist.fake.faults();
    faults.expire_access_tokens();
    faults.http_429_next(1, 1);
    faults.server_error_next(1);
    faults.truncate_next(1);
    let from = exist.from.to_string();
    let out = data.cli_with_env(&["sync", "exist", "--from", &from], ENV);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_matches_truth(&export(&data), &exist.truth());
    let requests = exist.fake.requests();
    let faulted: Vec<_> = requests.iter().filter_map(|r| r.fault.as_deref()).collect();
    assert_eq!(faulted, ["http_429", "server_error", "truncate"]);
    // The 429 was waited out, then the same call made again.
    let throttled = requests.iter().position(|r| r.http_status == 429).unwrap();
    assert_eq!(requests[throttled + 1].path, requests[throttled].path);
    assert!(requests[throttled + 1].at_ms - requests[throttled].at_ms >= 1_000);
    // One refresh, and the rotated tokens worked from then on.
    let refreshes = requests
        .iter()
        .filter(|r| {
            r.path == "/oauth2/access_token"
                && r.params.get("grant_type").map(String::as_str) == Some("refresh_token")
        })
        .count();
    assert_eq!(refreshes, 1);
}

#[test]
fn a_refused_refresh_asks_to_sign_in_again_and_keeps_the_data() {
    let exist = Exist::start(chrono_tz::Europe::Paris);
    let data = exist.data_dir();
    exist.connect_and_sync(&data);
    let before = export(&data);
    exist.fake.faults().revoke_refresh_tokens();
    exist.fake.faults().expire_access_tokens();
    let out = data.cli_with_env(&["sync", "exist"], ENV);
    assert_asks_to_sign_in_again(&data, &out, "Exist", "exist");
    assert_eq!(export(&data), before, "nothing cached is lost");
    assert!(exist.connect(&data).status.success());
    let out = data.cli_with_env(&["sync", "exist"], ENV);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn tokens_stay_in_the_secret_store() {
    let exist = Exist::start(chrono_tz::Europe::Paris);
    let data = exist.data_dir();
    let connected = exist.connect(&data);
    assert!(connected.status.success(), "{}", stderr(&connected));
    // A refresh during the sync: both generations of tokens must stay hidden.
    let tokens_now = || -> (String, String) {
        let tokens = stored_tokens(&data, "exist");
        (
            tokens["access_token"].as_str().unwrap().to_owned(),
            tokens["refresh_token"].as_str().unwrap().to_owned(),
        )
    };
    let first = tokens_now();
    exist.fake.faults().expire_access_tokens();
    let verbose = [("HEALTHDASH_SECRET_STORE", "file"), ("RUST_LOG", "trace")];
    let from = exist.from.to_string();
    let synced = data.cli_with_env(&["sync", "exist", "--from", &from], &verbose);
    assert!(synced.status.success(), "{}", stderr(&synced));
    let second = tokens_now();
    assert_ne!(first, second, "the refresh rotated both tokens");
    let csv = export(&data);

    let haystacks = leak_haystacks(&data, &connected, &synced, csv);
    let secret = exist.fake.config().client_secret.clone();
    for (what, bytes) in &haystacks {
        let text = String::from_utf8_lossy(bytes);
        for token in [&first.0, &first.1, &second.0, &second.1, &secret] {
            assert!(!text.contains(token.as_str()), "a secret in {what}");
        }
    }
    assert!(
        haystacks
            .iter()
            .any(|(what, _)| what.ends_with("healthdash.sqlite3"))
    );
}

#[test]
fn killing_a_sync_midway_loses_and_duplicates_nothing() {
    let exist = Exist::start(chrono_tz::Europe::Paris);
    let reference = exist.data_dir();
    exist.connect_and_sync(&reference);
    let expected = export(&reference);
    assert_matches_truth(&expected, &exist.truth());

    let data = exist.data_dir();
    assert!(exist.connect(&data).status.success());
    // A year back: a dozen windows, so that the kill lands between two.
    let from = "2024-04-01";
    for kill_after_pages in [2, 8] {
        exist
            .fake
            .faults()
            .delay_next(1_000, Duration::from_millis(40));
        assert!(
            exist.kill_sync_once(&data, &["--from", from], RAW_PAYLOADS, kill_after_pages),
            "the sync stored {kill_after_pages} pages"
        );
        exist.fake.faults().clear();
    }
    let resumed = data.cli_with_env(&["sync", "exist", "--from", from], ENV);
    assert!(resumed.status.success(), "{}", stderr(&resumed));
    assert_eq!(export(&data), expected);
}

#[test]
fn a_malformed_page_fails_its_stream_in_one_line_and_keeps_what_is_stored() {
    let exist = Exist::start(chrono_tz::Europe::Paris);
    let data = exist.data_dir();
    exist.connect_and_sync(&data);
    let before = export(&data);
    // The profile call passes; the values call gets a page without `results`.
    let faults = exist.fake.faults();
    faults.delay_next(1, Duration::ZERO);
    faults.malformed_next(1);
    let out = data.cli_with_env(&["sync", "exist"], ENV);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let last = stderr(&out).lines().last().unwrap_or_default().to_owned();
    assert!(
        last.starts_with("healthdash: Exist: 1 of 2 streams failed (attributes: ")
            && last.contains("with-values"),
        "{last}"
    );
    assert_eq!(export(&data), before, "what was stored stays");
    let again = data.cli_with_env(&["sync", "exist"], ENV);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(export(&data), before);
}
