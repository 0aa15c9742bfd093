//! Open Humans through the real CLI against the fake: list → download →
//! parse → export, with what a user would notice (values, days, sources,
//! warnings), and the file-source rules of CONTRACT §10.

use std::process::Output;
use std::time::Duration;

use healthdash_core::query::{DailyValue, SourcePriority, daily_values};
use healthdash_core::{Metric, SourceId};
use healthdash_sandbox::{OpenHumansConfig, OpenHumansFake, RunningFake, WithingsConfig};

use crate::through_fake::{ENV, ThroughFake, leak_haystacks, rows, stored_tokens};
use crate::util::{TempData, date, stderr, stdout};

const UNTIL: &str = "2025-04-15";
const DAYS: u32 = 40;

type OhFake = ThroughFake<OpenHumansFake>;

impl OhFake {
    fn start() -> OhFake {
        OhFake::start_with(|_| {})
    }

    fn start_with(adjust: impl FnOnce(&mut OpenHumansConfig)) -> OhFake {
        let mut config = OpenHumansConfig {
            until: date(UNTIL),
            days: DAYS,
            // Five files, two to a page, every other page one short.
            page_limit: 2,
            short_pages: true,
            ..OpenHumansConfig::default()
        };
        adjust(&mut config);
        ThroughFake::serve(RunningFake::start_openhumans(config))
    }
}

fn sync(data: &TempData) -> Output {
    data.cli_with_env(&["sync", "openhumans"], ENV)
}

fn export(data: &TempData) -> String {
    crate::through_fake::export(data, "openhumans", &[])
}

fn utc(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .unwrap()
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

fn file_host_requests(fake: &OpenHumansFake) -> usize {
    fake.requests().iter().filter(|r| r.is_file_host()).count()
}

#[test]
fn first_sync_reads_every_supported_file_and_skips_the_rest_quietly() {
    let fake = OhFake::start();
    let data = fake.data_dir();
    let synced = fake.connect_and_sync(&data, &[]);
    let err = stderr(&synced);
    let csv = export(&data);

    // Weigh-ins of both Withings layouts, as the Withings adapters read them.
    let current: Vec<_> = fake
        .fake
        .withings()
        .weighings()
        .into_iter()
        .filter(|w| w.attrib != 1)
        .collect();
    let legacy: Vec<_> = fake
        .fake
        .legacy_withings()
        .weighings()
        .into_iter()
        .filter(|w| w.attrib != 1)
        .collect();
    assert!(!current.is_empty() && !legacy.is_empty());
    let weights = rows(&csv, "weight");
    assert_eq!(weights.len(), current.len() + legacy.len());
    for w in current.iter().chain(&legacy) {
        let row = weights
            .iter()
            .find(|r| r[1] == utc(w.date))
            .unwrap_or_else(|| panic!("weigh-in at {}", utc(w.date)));
        assert!((row[3].parse::<f64>().unwrap() - w.weight_kg).abs() < 1e-9);
        assert_eq!(row[4], "kg");
        assert_eq!(row[5], "openhumans");
        assert_eq!(row[6], "withings", "detail says where it came from");
    }
    // Nights and workouts from the same file.
    assert_eq!(
        rows(&csv, "sleep_duration").len(),
        fake.fake.withings().nights().len()
    );
    assert_eq!(
        rows(&csv, "workout").len(),
        fake.fake.withings().workouts().len()
    );

    // The appended re-fetch wins over the first entry of the same day.
    let steps = rows(&csv, "steps");
    for corrected in fake.fake.corrected_days() {
        let tz = fake.fake.withings().timezone_on(corrected.date);
        let start = corrected
            .date
            .and_hms_opt(0, 0, 0)
            .unwrap()
            .and_local_timezone(tz)
            .unwrap()
            .timestamp();
        let row = steps
            .iter()
            .find(|r| r[1] == utc(start) && r[6] == "withings")
            .unwrap();
        assert_eq!(row[3], corrected.steps.to_string());
    }

    // Fitbit: steps and resting heart rate on UTC days; "0" days skipped.
    let fitbit_steps: Vec<_> = steps.iter().filter(|r| r[6] == "fitbit").collect();
    let worn: Vec<_> = fake.fake.fitbit().iter().filter(|d| d.steps > 0).collect();
    assert_eq!(fitbit_steps.len(), worn.len());
    let day = worn[0];
    let row = fitbit_steps
        .iter()
        .find(|r| r[1] == format!("{}T00:00:00Z", day.date))
        .unwrap();
    assert_eq!(
        row[2],
        format!("{}T00:00:00Z", day.date.succ_opt().unwrap())
    );
    assert_eq!(row[3], day.steps.to_string());
    let resting = rows(&csv, "resting_heart_rate");
    assert_eq!(
        resting.len(),
        fake.fake
            .fitbit()
            .iter()
            .filter(|d| d.resting_heart_rate.is_some())
            .count()
    );

    // The genome and the GPS tracks: skipped, never downloaded, no error.
    for skipped in [
        "genome_Sandbox_Member_v5_Full_20180517.txt",
        "Runkeeper-activity-data-2016.json",
    ] {
        for line in err.lines().filter(|l| l.contains(skipped)) {
            let lower = line.to_lowercase();
            assert!(
                !lower.contains("error") && !lower.contains("fail"),
                "{line}"
            );
        }
    }
    assert_eq!(file_host_requests(&fake.fake), 3, "three files read");

    // Listing followed `next` through short pages: 5 files, 2 a page.
    let listings = fake
        .fake
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/exchange-member/"))
        .count();
    assert!(listings >= 3, "{listings} listing pages");

    // A second sync lists again and downloads nothing.
    fake.fake.clear_requests();
    let again = sync(&data);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(file_host_requests(&fake.fake), 0);
    assert_eq!(export(&data), csv);
}

#[test]
fn the_token_never_reaches_the_file_host_and_expired_keys_are_listed_again() {
    let fake = OhFake::start();
    let data = fake.data_dir();
    assert!(fake.connect(&data).status.success());
    // The first two downloads find their key expired (403).
    fake.fake.expire_next_downloads(2);
    let synced = sync(&data);
    assert!(synced.status.success(), "{}", stderr(&synced));
    let requests = fake.fake.requests();
    let refused = requests
        .iter()
        .filter(|r| r.path.starts_with("/data-management/") && r.status == 403)
        .count();
    assert_eq!(refused, 2);
    assert_eq!(file_host_requests(&fake.fake), 3, "every file still read");

    let api_host = requests
        .iter()
        .find(|r| r.path.ends_with("/exchange-member/"))
        .unwrap()
        .host
        .clone();
    for r in requests.iter().filter(|r| r.is_file_host()) {
        assert_ne!(r.host, api_host, "the file host is another origin");
        assert_eq!(r.authorization, None, "{r:?}");
        assert!(!r.query.contains("access_token"), "{r:?}");
    }
    for r in requests
        .iter()
        .filter(|r| r.path.starts_with("/data-management/"))
    {
        assert_eq!(r.authorization, None, "download links carry their own key");
    }
    assert!(!rows(&export(&data), "weight").is_empty());
}

#[test]
fn an_unreadable_file_is_named_once_and_everything_else_is_kept() {
    let fake = OhFake::start();
    let whole = fake.fake.file_bytes("fitbit-data.json").unwrap();
    let truncated = whole[..whole.len() / 2].to_vec();
    fake.fake.add_file(
        "nokia_data_20180601",
        "direct-sharing-118",
        &["nokia"],
        truncated,
    );
    let data = fake.data_dir();
    let synced = fake.connect_and_sync(&data, &[]);
    let err = stderr(&synced);
    let naming: Vec<_> = err
        .lines()
        .filter(|l| l.contains("nokia_data_20180601"))
        .collect();
    assert_eq!(naming.len(), 1, "{err}");
    assert!(naming[0].contains("WARN"), "{}", naming[0]);
    let csv = export(&data);
    assert!(!rows(&csv, "weight").is_empty());
    assert!(!rows(&csv, "resting_heart_rate").is_empty());

    // The same file id is not tried again.
    let again = sync(&data);
    assert!(!stderr(&again).contains("nokia_data_20180601"));
}

#[test]
fn a_replaced_file_replaces_its_rows_and_a_deleted_one_takes_them_away() {
    let fake = OhFake::start();
    let data = fake.data_dir();
    fake.connect_and_sync(&data, &[]);
    let before = export(&data);
    assert!(rows(&before, "resting_heart_rate").len() > 2);

    // The Fitbit project re-uploads: two days, new values.
    let replacement = br#"{"profile": {}, "tracker-steps": {"2025": {"activities-tracker-steps": [
        {"dateTime": "2025-04-13", "value": "4321"}, {"dateTime": "2025-04-14", "value": "1234"}]}},
        "heart": {}}"#;
    fake.fake
        .replace_file("fitbit-data.json", replacement.to_vec())
        .unwrap();
    let synced = sync(&data);
    assert!(synced.status.success(), "{}", stderr(&synced));
    let csv = export(&data);
    let fitbit_steps: Vec<_> = rows(&csv, "steps")
        .into_iter()
        .filter(|r| r[6] == "fitbit")
        .map(|r| (r[1].to_owned(), r[3].to_owned()))
        .collect();
    assert_eq!(
        fitbit_steps,
        vec![
            ("2025-04-13T00:00:00Z".to_owned(), "4321".to_owned()),
            ("2025-04-14T00:00:00Z".to_owned(), "1234".to_owned())
        ]
    );
    assert!(rows(&csv, "resting_heart_rate").is_empty());
    assert_eq!(rows(&csv, "weight"), rows(&before, "weight"));

    // The member deletes the current Withings file: its rows go, the
    // legacy file's stay.
    let current = fake
        .fake
        .files()
        .into_iter()
        .find(|f| f.basename == "nokiahealthdata.json")
        .unwrap();
    fake.fake.delete_file(current.id);
    assert!(sync(&data).status.success());
    let csv = export(&data);
    let legacy = fake
        .fake
        .legacy_withings()
        .weighings()
        .into_iter()
        .filter(|w| w.attrib != 1)
        .count();
    assert_eq!(rows(&csv, "weight").len(), legacy);
    assert!(rows(&csv, "sleep_duration").is_empty());
}

#[test]
fn killing_a_sync_between_files_loses_and_duplicates_nothing() {
    let fake = OhFake::start();
    let reference = fake.data_dir();
    fake.connect_and_sync(&reference, &[]);
    let expected = export(&reference);

    let data = fake.data_dir();
    assert!(fake.connect(&data).status.success());
    fake.fake.delay_files(Duration::from_millis(400));
    // Past the listing, with the first file read: kill before the next.
    let files = "SELECT count(*) FROM raw_payloads WHERE request LIKE 'file:%'";
    assert!(
        fake.kill_sync_once(&data, &[], files, 1),
        "the sync stored a file"
    );
    fake.fake.delay_files(Duration::ZERO);
    let resumed = sync(&data);
    assert!(resumed.status.success(), "{}", stderr(&resumed));
    assert_eq!(export(&data), expected);
}

#[test]
fn a_refused_refresh_asks_to_sign_in_again_and_keeps_the_data() {
    let fake = OhFake::start();
    let data = fake.data_dir();
    fake.connect_and_sync(&data, &[]);
    let before = export(&data);
    fake.fake.refuse_refreshes();
    let synced = sync(&data);
    assert!(!synced.status.success());
    let err = stderr(&synced);
    assert!(err.contains("sign in") || err.contains("sign-in"), "{err}");
    assert_eq!(export(&data), before);
    let providers = stdout(&data.cli_with_env(&["providers"], ENV));
    let line = providers
        .lines()
        .find(|l| l.starts_with("openhumans"))
        .unwrap();
    assert!(line.contains("needs sign-in"), "{line}");
}

#[test]
fn tokens_stay_in_the_secret_store() {
    let fake = OhFake::start();
    let data = fake.data_dir();
    let connected = fake.connect(&data);
    let verbose = [("HEALTHDASH_SECRET_STORE", "file"), ("RUST_LOG", "trace")];
    // Force a refresh mid-run so the rotated tokens are scanned too.
    fake.fake.expire_access_tokens();
    let synced = data.cli_with_env(&["sync", "openhumans"], &verbose);
    assert!(synced.status.success(), "{}", stderr(&synced));
    let csv = export(&data);

    let tokens = stored_tokens(&data, "openhumans");
    let access = tokens["access_token"].as_str().unwrap().to_owned();
    let refresh = tokens["refresh_token"].as_str().unwrap().to_owned();
    let haystacks = leak_haystacks(&data, &connected, &synced, csv);
    for (what, bytes) in &haystacks {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains(&access), "access token in {what}");
        assert!(!text.contains(&refresh), "refresh token in {what}");
        assert!(
            !text.contains(&fake.fake.config().client_secret),
            "client secret in {what}"
        );
    }
    // Nor at the file host, whatever token was current.
    for r in fake.fake.requests().iter().filter(|r| r.is_file_host()) {
        assert_eq!(r.authorization, None);
    }
}

#[test]
fn with_withings_connected_too_each_day_takes_one_source() {
    let oh = OhFake::start();
    let data = oh.data_dir();
    oh.connect_and_sync(&data, &[]);
    // The same member's Withings account, connected directly: the same weigh-ins.
    let withings = crate::sandbox::Fake::start_with(|c: &mut WithingsConfig| {
        c.until = date(UNTIL);
        c.days = DAYS;
        c.seed = oh.fake.config().seed;
    });
    withings.configure(&data);
    assert!(withings.connect(&data).status.success());
    let synced = data.cli_with_env(&["sync", "withings", "--from", "2025-03-01"], ENV);
    assert!(synced.status.success(), "{}", stderr(&synced));

    let store = data.store();
    let (first, last) = (date("2025-03-06"), date("2025-04-14"));
    let daily = |priority: &SourcePriority| {
        daily_values(&store, Metric::Weight, first, last, &[], priority).unwrap()
    };
    let default = daily(&SourcePriority::default());
    assert!(!default.is_empty());
    let withings_id: SourceId = "withings".parse().unwrap();
    let oh_id: SourceId = "openhumans".parse().unwrap();
    assert!(default.iter().all(|d| d.source == withings_id));
    let mut prefer_oh = SourcePriority::default();
    prefer_oh
        .per_metric
        .insert(Metric::Weight, vec![oh_id.clone(), withings_id]);
    let swapped = daily(&prefer_oh);
    assert_eq!(swapped.len(), default.len(), "one value per day either way");
    assert!(swapped.iter().all(|d| d.source == oh_id));
    let values = |v: &[DailyValue]| v.iter().map(|d| (d.date, d.value)).collect::<Vec<_>>();
    assert_eq!(values(&swapped), values(&default), "the same weigh-ins");
}

#[test]
fn a_large_file_streams_to_disk_reads_the_same_and_shows_its_bytes() {
    let fake = OhFake::start();
    let plain = fake.data_dir();
    fake.connect_and_sync(&plain, &[]);
    let expected = export(&plain);

    // The same readings, padded to several MiB: many network chunks, and
    // many progress reports (one per 256 KiB).
    let whole = fake.fake.file_bytes("fitbit-data.json").unwrap();
    assert_eq!(whole.first(), Some(&b'{'));
    let mut padded = b"{".to_vec();
    padded.extend(std::iter::repeat_n(b' ', 3 * 1024 * 1024));
    padded.extend_from_slice(&whole[1..]);
    let size = padded.len();
    fake.fake.replace_file("fitbit-data.json", padded).unwrap();

    let large = fake.data_dir();
    let synced = fake.connect_and_sync(&large, &[]);
    let err = stderr(&synced);
    assert_eq!(export(&large), expected, "the same rows as the small file");

    // Not a terminal: the bar is plain lines, the last one the whole file.
    let label = "openhumans downloading fitbit-data.json (bytes)";
    let lines: Vec<_> = err.lines().filter(|l| l.contains(label)).collect();
    assert!(lines.len() >= 2, "{err}");
    assert!(
        lines
            .iter()
            .any(|l| l.contains(&format!(": {size}/{size} (100%)"))),
        "{err}"
    );
    // The temporary file went away.
    let left: Vec<_> = std::fs::read_dir(large.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("openhumans-download"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
