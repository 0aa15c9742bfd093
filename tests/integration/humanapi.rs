//! Human API through the real CLI against the fake Human API: connect →
//! sync → export equals the fake's data; short pages followed by `Link`,
//! offset paging without it, an updated record, expired tokens and a
//! rotated refresh token, revocation, the leak scan, and a weigh-in that
//! both Withings and Human API deliver charted once.

use std::collections::BTreeSet;
use std::process::Output;

use healthdash_core::config::{DataDir, ProviderConfig};
use healthdash_core::query::{Resolution, SeriesRequest, SourcePriority, TimeRange, series};
use healthdash_core::{Measurement, Metric, Zone};
use healthdash_sandbox::humanapi::data::{Record, RecordType};
use healthdash_sandbox::{HumanApiConfig, HumanApiFake, RunningFake};
use serde_json::json;

use crate::through_fake::{
    ENV, RAW_PAYLOADS, ThroughFake, assert_asks_to_sign_in_again, leak_haystacks, rows,
    stored_tokens,
};
use crate::util::{TempData, assert_one_line_error, batch, date, stderr};

const UNTIL: &str = "2025-04-15";
const DAYS: u32 = 60;

type Human = ThroughFake<HumanApiFake>;

impl Human {
    fn start() -> Human {
        Human::start_with(|_| {})
    }

    fn start_with(adjust: impl FnOnce(&mut HumanApiConfig)) -> Human {
        let mut config = HumanApiConfig {
            until: date(UNTIL),
            days: DAYS,
            ..HumanApiConfig::default()
        };
        adjust(&mut config);
        ThroughFake::serve(RunningFake::start_humanapi(config))
    }

    /// `sync humanapi`; asserts it succeeds.
    fn synced(&self, data: &TempData) -> Output {
        let out = self.sync(data, &[]);
        assert!(out.status.success(), "{}", stderr(&out));
        out
    }

    fn truth(&self, kind: RecordType) -> Vec<Record> {
        self.fake
            .data()
            .records(kind)
            .into_iter()
            .cloned()
            .collect()
    }

    /// Data requests to one record type's path.
    fn calls_to(&self, path: &str) -> usize {
        self.fake
            .requests()
            .iter()
            .filter(|r| r.path == format!("/v1/human/{path}"))
            .count()
    }

    fn token_calls(&self) -> usize {
        self.fake
            .requests()
            .iter()
            .filter(|r| r.path == "/oauth/token")
            .count()
    }
}

fn export(data: &TempData) -> String {
    crate::through_fake::export(data, "humanapi", &[])
}

fn json_str<'a>(r: &'a Record, field: &str) -> &'a str {
    r.json[field].as_str().unwrap()
}

/// `2025-03-01T07:12:00.000Z` → the export's `2025-03-01T07:12:00Z`.
fn utc(text: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(text)
        .unwrap()
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

#[test]
fn connect_sync_export_equals_the_fakes_data_through_short_linked_pages() {
    let human = Human::start();
    // The service hands out 40 records a page although 500 were asked for.
    human.fake.faults().cap_pages(40);
    let data = human.data_dir();
    let synced = human.connect_and_sync(&data, &[]);
    assert!(
        stderr(&synced).contains("humanapi: "),
        "{}",
        stderr(&synced)
    );
    let csv = export(&data);

    // Every weigh-in, at its instant, in kg, with the device behind it.
    let weights = human.truth(RecordType::Weight);
    let want: BTreeSet<(String, String, String)> = weights
        .iter()
        .map(|r| {
            (
                utc(json_str(r, "timestamp")),
                r.json["value"].as_f64().unwrap().to_string(),
                r.source.clone(),
            )
        })
        .collect();
    let got: BTreeSet<(String, String, String)> = rows(&csv, "weight")
        .iter()
        .map(|r| {
            assert_eq!(r[4], "kg");
            (r[1].to_owned(), r[3].to_owned(), r[6].to_owned())
        })
        .collect();
    assert_eq!(got, want);
    assert_eq!(rows(&csv, "weight").len(), weights.len());

    // The reading whose value is "n/a" is skipped, the rest of its page kept.
    let heart = human.truth(RecordType::HeartRate);
    let readable = heart.iter().filter(|r| r.json["value"].is_number()).count();
    assert_eq!(readable, heart.len() - 1, "the fake has one bad reading");
    assert_eq!(rows(&csv, "heart_rate").len(), readable);
    // 40 records a page, every page asked for once.
    assert_eq!(
        human.calls_to("heart_rate/readings"),
        heart.len().div_ceil(40)
    );

    // Blood pressure is two values; glucose arrives in mmol/L.
    let bp = human.truth(RecordType::BloodPressure);
    assert_eq!(rows(&csv, "blood_pressure_systolic").len(), bp.len());
    assert_eq!(rows(&csv, "blood_pressure_diastolic").len(), bp.len());
    let glucose = &human.truth(RecordType::BloodGlucose)[0];
    let mg = glucose.json["value"].as_f64().unwrap();
    let row = rows(&csv, "blood_glucose")
        .into_iter()
        .find(|r| r[1] == utc(json_str(glucose, "timestamp")))
        .unwrap();
    assert_eq!(row[4], "mmol/L");
    assert!((row[3].parse::<f64>().unwrap() - mg / 18.016).abs() < 1e-6);

    // A night: minutes asleep, as seconds.
    let nights = human.truth(RecordType::Sleeps);
    assert_eq!(rows(&csv, "sleep_duration").len(), nights.len());
    let night = &nights[0];
    let row = rows(&csv, "sleep_duration")
        .into_iter()
        .find(|r| r[1] == utc(json_str(night, "startTime")))
        .unwrap();
    assert_eq!(row[2], utc(json_str(night, "endTime")));
    assert_eq!(
        row[3].parse::<f64>().unwrap(),
        night.json["timeAsleep"].as_f64().unwrap() * 60.0
    );

    // Days start at local midnight of the summary's own offset: Paris on
    // the day clocks went forward, New York during the trip.
    let steps = rows(&csv, "steps");
    assert_eq!(steps.len(), DAYS as usize);
    let day = |d: &str| {
        steps
            .iter()
            .find(|r| r[1] == d)
            .unwrap_or_else(|| panic!("no day starting {d}"))
            .clone()
    };
    assert_eq!(day("2025-03-29T23:00:00Z")[2], "2025-03-30T23:00:00Z");
    let (trip, _) = human.fake.data().trip().unwrap();
    assert_eq!(trip, date("2025-03-06"));
    day("2025-03-06T05:00:00Z");
    // `calories` is stored as total energy; light/moderate/vigorous as activity.
    assert_eq!(rows(&csv, "total_energy").len(), DAYS as usize);
    assert!(rows(&csv, "active_energy").is_empty());
    for metric in ["light_activity", "moderate_activity", "intense_activity"] {
        assert_eq!(rows(&csv, metric).len(), DAYS as usize, "{metric}");
    }

    // Syncing again asks each stream once (`updated_since`) and changes nothing.
    human.fake.clear_requests();
    let again = human.synced(&data);
    assert!(again.status.success());
    assert_eq!(export(&data), csv);
    let calls = human.fake.requests().len();
    assert_eq!(calls, 8, "{:?}", human.fake.requests());
    assert!(
        human
            .fake
            .requests()
            .iter()
            .all(|r| r.query.contains("updated_since=")),
        "{:?}",
        human.fake.requests()
    );
}

#[test]
fn an_updated_record_keeps_its_id_and_its_new_value_replaces_the_old() {
    let human = Human::start();
    let data = human.data_dir();
    human.connect_and_sync(&data, &[]);
    let before = export(&data);
    let weigh_in = human.truth(RecordType::Weight)[3].clone();
    let at = utc(json_str(&weigh_in, "timestamp"));
    let old = weigh_in.json["value"].as_f64().unwrap();
    human
        .fake
        .faults()
        .update_record(&weigh_in.id, "value", json!(99.9))
        .unwrap();

    human.synced(&data);
    let after = export(&data);
    let at_that_time: Vec<_> = rows(&after, "weight")
        .into_iter()
        .filter(|r| r[1] == at)
        .map(|r| r[3].to_owned())
        .collect();
    assert_eq!(at_that_time, ["99.9"], "was {old}");
    assert_eq!(after.lines().count(), before.lines().count());
}

#[test]
fn without_link_headers_it_pages_by_offset_until_a_short_page() {
    // 120 days: 600 heart-rate readings, more than one page of 500.
    let human = Human::start_with(|c| c.days = 120);
    let reference = human.data_dir();
    human.connect_and_sync(&reference, &[]);

    human.fake.faults().drop_link_headers(true);
    human.fake.clear_requests();
    let data = human.data_dir();
    human.connect_and_sync(&data, &[]);
    assert_eq!(export(&data), export(&reference));
    let pages: Vec<String> = human
        .fake
        .requests()
        .iter()
        .filter(|r| r.path == "/v1/human/heart_rate/readings")
        .map(|r| r.query.clone())
        .collect();
    assert_eq!(pages.len(), 2, "{pages:?}");
    assert!(pages[1].contains("offset=500"), "{pages:?}");
}

#[test]
fn expired_tokens_a_rotated_refresh_and_server_trouble_are_survived() {
    let human = Human::start();
    let reference = human.data_dir();
    human.connect_and_sync(&reference, &[]);
    let expected = export(&reference);

    let data = human.data_dir();
    assert!(human.connect(&data).status.success());
    let refresh_before = tokens(&data)["refresh_token"].clone();
    let faults = human.fake.faults();
    faults.expire_access_tokens();
    faults.cap_pages(45);
    faults.server_error_next(2);
    faults.rate_limit_next(1);
    faults.truncate_next(1);
    let token_calls = human.token_calls();
    human.synced(&data);
    assert_eq!(export(&data), expected);
    assert_eq!(human.token_calls(), token_calls + 1, "one refresh");
    // The rotated refresh token was saved: the next expiry is survived too
    // (the old refresh token is dead at the fake).
    assert_ne!(tokens(&data)["refresh_token"], refresh_before);
    human.fake.faults().expire_access_tokens();
    human.synced(&data);
    assert_eq!(human.token_calls(), token_calls + 2);
}

fn tokens(data: &TempData) -> serde_json::Value {
    stored_tokens(data, "humanapi")
}

#[test]
fn a_refused_refresh_asks_to_sign_in_again_and_keeps_the_data() {
    let human = Human::start();
    let data = human.data_dir();
    human.connect_and_sync(&data, &[]);
    let before = export(&data);
    human.fake.faults().revoke_refresh_tokens();
    human.fake.faults().expire_access_tokens();
    let out = data.cli_with_env(&["sync", "humanapi"], ENV);
    assert_asks_to_sign_in_again(&data, &out, "Human API", "humanapi");
    assert_eq!(export(&data), before, "nothing cached is lost");
    assert!(human.connect(&data).status.success());
    human.synced(&data);
}

#[test]
fn tokens_stay_in_the_secret_store() {
    let human = Human::start();
    let data = human.data_dir();
    let connected = human.connect(&data);
    assert!(connected.status.success(), "{}", stderr(&connected));
    let verbose = [("HEALTHDASH_SECRET_STORE", "file"), ("RUST_LOG", "trace")];
    // An expired token on the way: the refresh's answer goes through the log too.
    human.fake.faults().expire_access_tokens();
    let synced = data.cli_with_env(&["sync", "humanapi"], &verbose);
    assert!(synced.status.success(), "{}", stderr(&synced));
    let csv = export(&data);
    let tokens = tokens(&data);
    let access = tokens["access_token"].as_str().unwrap();
    let refresh = tokens["refresh_token"].as_str().unwrap();
    assert!(access.len() >= 16 && refresh.len() >= 16);

    let haystacks = leak_haystacks(&data, &connected, &synced, csv);
    assert!(
        haystacks
            .iter()
            .any(|(what, _)| what.ends_with("healthdash.sqlite3"))
    );
    for (what, bytes) in &haystacks {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains(access), "access token in {what}");
        assert!(!text.contains(refresh), "refresh token in {what}");
        assert!(
            !text.contains(&human.fake.config().client_secret),
            "client secret in {what}"
        );
    }
}

#[test]
fn without_sign_in_endpoints_connect_names_the_keys_to_set() {
    let data = TempData::new();
    let dir = DataDir::resolve(Some(data.path().to_owned())).unwrap();
    dir.set_provider_config(
        "humanapi",
        Some(&ProviderConfig {
            client_id: Some("my-client".into()),
            ..ProviderConfig::default()
        }),
    )
    .unwrap();
    let out = data.cli_with_env(&["connect", "humanapi", "--no-browser"], ENV);
    assert_one_line_error(&out, "authorize_url and token_url");
    assert!(
        stderr(&out).contains("[providers.humanapi]"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("Getting Human API access"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_weigh_in_from_both_withings_and_human_api_is_charted_once() {
    let human = Human::start();
    let data = human.data_dir();
    human.connect_and_sync(&data, &[]);
    // Withings delivers its own weigh-ins directly too: the very ones Human
    // API re-serves with `source: withings`.
    let weights = human.truth(RecordType::Weight);
    let from_withings: Vec<Measurement> = weights
        .iter()
        .filter(|r| r.source == "withings")
        .map(|r| {
            let at = chrono::DateTime::parse_from_rfc3339(json_str(r, "timestamp"))
                .unwrap()
                .timestamp();
            Measurement::sample(
                Metric::Weight,
                at,
                r.json["value"].as_f64().unwrap(),
                Zone::UTC,
            )
        })
        .collect();
    assert!(from_withings.len() < weights.len(), "fitbit ones too");
    let mut store = data.store();
    store.ingest(&batch("withings", from_withings)).unwrap();

    let first =
        chrono::DateTime::parse_from_rfc3339(json_str(weights.last().unwrap(), "timestamp"))
            .unwrap()
            .timestamp();
    let chart = series(
        &store,
        &SeriesRequest {
            metric: Metric::Weight,
            range: TimeRange::new(first - 3600, first + i64::from(DAYS) * 86_400).unwrap(),
            max_points: 10_000,
            sources: vec![],
            zone: Zone::UTC,
        },
        &SourcePriority::default(),
    )
    .unwrap();
    assert_eq!(chart.resolution, Resolution::Raw);
    let times: Vec<i64> = chart.points.iter().map(|p| p.t).collect();
    let distinct: BTreeSet<i64> = times.iter().copied().collect();
    assert_eq!(times.len(), distinct.len(), "a weigh-in twice");
    assert_eq!(times.len(), weights.len(), "every weigh-in once");
}

#[test]
fn killing_a_sync_midway_loses_and_duplicates_nothing() {
    let human = Human::start();
    // Short pages: dozens of them, so a kill lands between pages.
    human.fake.faults().cap_pages(20);
    let reference = human.data_dir();
    human.connect_and_sync(&reference, &[]);
    let expected = export(&reference);

    let data = human.data_dir();
    assert!(human.connect(&data).status.success());
    for kill_after_pages in [3, 15] {
        human
            .fake
            .faults()
            .delay_next(1_000, std::time::Duration::from_millis(40));
        assert!(
            human.kill_sync_once(&data, &[], RAW_PAYLOADS, kill_after_pages),
            "the sync stored {kill_after_pages} pages"
        );
        human.fake.faults().delay_next(0, std::time::Duration::ZERO);
    }
    human.synced(&data);
    assert_eq!(export(&data), expected);
}

#[test]
fn a_malformed_page_fails_its_stream_in_one_line_and_the_others_keep_what_they_fetched() {
    let human = Human::start();
    let data = human.data_dir();
    assert!(human.connect(&data).status.success());
    human.fake.faults().malformed_page_next(RecordType::Sleeps);
    let out = data.cli_with_env(&["sync", "humanapi"], ENV);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let last = stderr(&out).lines().last().unwrap_or_default().to_owned();
    assert!(
        last.starts_with("healthdash: Human API: 1 of 8 streams failed (sleeps: ")
            && last.contains("not a list of records")
            && last.ends_with("what the others fetched is kept"),
        "{last}"
    );
    let csv = export(&data);
    assert_eq!(
        rows(&csv, "weight").len(),
        human.truth(RecordType::Weight).len()
    );
    assert!(rows(&csv, "sleep_duration").is_empty(), "no night arrived");
    // The next sync fetches the nights.
    human.synced(&data);
    assert_eq!(
        rows(&export(&data), "sleep_duration").len(),
        human.truth(RecordType::Sleeps).len()
    );
}
