//! Personicle through the real CLI against its fake: the implicit sign-in
//! (loopback fragment page and paste mode), tokens that cannot be
//! refreshed, and the data as a user sees it in the export.

use std::io::Write;
use std::ops::Deref;
use std::process::{Child, Output, Stdio};

use healthdash_connect::secrets;
use healthdash_sandbox::personicle::data::{HEART_RATE, WEIGHT};
use healthdash_sandbox::{PersonicleConfig, PersonicleFake, RunningFake};

use crate::through_fake::{
    ENV, RAW_PAYLOADS, ThroughFake, leak_haystacks, read_authorization_url, rows,
};
use crate::util::{TempData, stderr, stdout};

const DAYS: u32 = 20;

/// The fake, served; its own `data_dir`, `connect` and `sync` below stand
/// in front of the shared ones, since Personicle's sign-in differs.
struct Fake(ThroughFake<PersonicleFake>);

impl Deref for Fake {
    type Target = ThroughFake<PersonicleFake>;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl Fake {
    fn start() -> Fake {
        let config = PersonicleConfig {
            days: DAYS,
            ..PersonicleConfig::default()
        };
        Fake(ThroughFake::serve(RunningFake::start_personicle(config)))
    }

    /// The fake's first day, for `sync --from`.
    fn from(&self) -> String {
        let first = (self.fake.config().until - i64::from(DAYS) * 86_400).div_euclid(86_400);
        chrono::DateTime::from_timestamp(first * 86_400, 0)
            .unwrap()
            .format("%Y-%m-%d")
            .to_string()
    }

    /// A data folder pointed at the fake; a public client has no secret.
    fn data_dir(&self) -> TempData {
        let data = TempData::new();
        self.point_at_fake(&data);
        data
    }

    /// The browser's part of the loopback flow: the callback without a
    /// query gets the page that posts the fragment back; that post is what
    /// its script sends. Answers the page's status and the post's.
    fn deliver_fragment(&self, location: &str) -> (u16, String, u16) {
        let url = url::Url::parse(location).unwrap();
        let fragment = url.fragment().unwrap_or("").to_owned();
        let mut bare = url.clone();
        bare.set_fragment(None);
        self.runtime.block_on(async {
            let page = reqwest::get(bare.as_str()).await.unwrap();
            let page_status = page.status().as_u16();
            let html = page.text().await.unwrap();
            let post = reqwest::Client::new()
                .post(bare.join("/callback/fragment").unwrap())
                .form(&[("fragment", fragment)])
                .send()
                .await
                .unwrap();
            (page_status, html, post.status().as_u16())
        })
    }

    /// `connect personicle --no-browser` through the loopback fragment page.
    fn connect(&self, data: &TempData) -> Output {
        let (child, url) = start(data, &["--no-browser"]);
        let (page, html, posted) = self.deliver_fragment(&self.approve(&url));
        assert_eq!(page, 200);
        assert!(html.contains("/callback/fragment"), "{html}");
        assert_eq!(posted, 200, "the listener thanks the browser");
        child.wait_with_output().unwrap()
    }

    fn sync(&self, data: &TempData) -> Output {
        self.0.sync(data, &["--from", &self.from()])
    }
}

/// Starts `connect personicle ARGS` and reads the authorization URL from
/// its stdout (the only line starting with `http`).
fn start(data: &TempData, args: &[&str]) -> (Child, String) {
    let mut all = vec!["connect", "personicle", "--timeout", "60"];
    all.extend_from_slice(args);
    read_authorization_url(data.command(&all, ENV).stdin(Stdio::piped()))
}

/// `connect personicle --paste`, pasting what `edit` makes of the address
/// the browser ended on; the command's output and its first stdout line.
fn paste_with_url(
    fake: &Fake,
    data: &TempData,
    edit: impl FnOnce(&str) -> String,
) -> (Output, String) {
    let (mut child, url) = start(data, &["--paste", "--no-browser"]);
    let ended_on = fake.approve(&url);
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "{}", edit(&ended_on)).unwrap();
    drop(stdin);
    (child.wait_with_output().unwrap(), url)
}

fn paste(fake: &Fake, data: &TempData, edit: impl FnOnce(&str) -> String) -> Output {
    paste_with_url(fake, data, edit).0
}

fn export(data: &TempData) -> String {
    crate::through_fake::export(data, "personicle", &[])
}

fn utc(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .unwrap()
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// Failed with its error as the last stderr line, after the prompt or the
/// warnings that may come before it (CONTRACT §3: runtime errors are one line).
fn assert_error_line(out: &Output, needle: &str) {
    let err = stderr(out);
    assert!(!out.status.success(), "expected failure; stderr: {err}");
    let last = err.lines().last().unwrap_or("");
    assert!(last.starts_with("healthdash: "), "{err}");
    assert!(
        last.contains(needle),
        "{last:?} does not mention {needle:?}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

fn providers_line(data: &TempData) -> String {
    let out = stdout(&data.cli_with_env(&["providers"], ENV));
    out.lines()
        .find(|l| l.starts_with("personicle"))
        .unwrap()
        .to_owned()
}

/// The export holds exactly the fake's records, in CONTRACT §7 units.
fn assert_export_is_the_truth(fake: &Fake, csv: &str) {
    let records = fake.fake.records();
    let heart: Vec<_> = records
        .samples
        .iter()
        .filter(|s| s.datatype == HEART_RATE && !s.malformed)
        .collect();
    let hr_rows = rows(csv, "heart_rate");
    assert_eq!(hr_rows.len(), heart.len(), "heart-rate samples");
    assert_eq!(hr_rows[0][1], utc(heart[0].at));
    assert_eq!(hr_rows[0][3].parse::<f64>().unwrap(), heart[0].value);
    assert_eq!((hr_rows[0][4], hr_rows[0][6]), ("bpm", heart[0].origin));

    let weights: Vec<_> = records
        .samples
        .iter()
        .filter(|s| s.datatype == WEIGHT)
        .collect();
    let weight_rows = rows(csv, "weight");
    assert_eq!(weight_rows.len(), weights.len());
    for (row, truth) in weight_rows.iter().zip(&weights) {
        assert_eq!(row[1], utc(truth.at));
        assert_eq!(row[3].parse::<f64>().unwrap(), truth.value);
        assert_eq!(row[4], "kg");
    }

    // Workouts last from start to end, whatever `parameters.duration` says
    // (milliseconds from Google Fit); the activity's name is the detail.
    let workouts: Vec<_> = records
        .events
        .iter()
        .filter(|e| !e.is_sleep() && !e.is_stage())
        .collect();
    let workout_rows = rows(csv, "workout");
    assert_eq!(workout_rows.len(), workouts.len());
    for (row, truth) in workout_rows.iter().zip(&workouts) {
        assert_eq!(row[1], utc(truth.start));
        assert_eq!(row[3].parse::<i64>().unwrap(), truth.end - truth.start);
        assert_eq!(row[6], truth.activity());
    }
    assert!(
        workout_rows
            .iter()
            .any(|r| r[6] == "Walking" || r[6] == "Running" || r[6] == "Biking")
    );

    // Fitbit nights give their totals, exactly; Google Fit's carry none.
    let nights: Vec<_> = records
        .events
        .iter()
        .filter(|e| e.is_sleep() && e.minutes("minutes_asleep").is_some())
        .collect();
    let asleep = rows(csv, "sleep_duration");
    assert_eq!(asleep.len(), nights.len());
    for (row, truth) in asleep.iter().zip(&nights) {
        assert_eq!(
            (row[1], row[2]),
            (utc(truth.start).as_str(), utc(truth.end).as_str())
        );
        assert_eq!(
            row[3].parse::<i64>().unwrap(),
            truth.minutes("minutes_asleep").unwrap() * 60
        );
    }
    assert_eq!(rows(csv, "sleep_latency").len(), nights.len());
    assert_eq!(
        rows(csv, "steps").len(),
        0,
        "point step records are not mapped"
    );
}

#[test]
fn loopback_sign_in_sync_and_export_show_the_accounts_data() {
    let fake = Fake::start();
    let data = fake.data_dir();
    let connected = fake.connect(&data);
    assert!(connected.status.success(), "{}", stderr(&connected));
    assert!(providers_line(&data).contains("connected"));

    let synced = fake.sync(&data);
    assert!(synced.status.success(), "{}", stderr(&synced));
    let csv = export(&data);
    assert_export_is_the_truth(&fake, &csv);

    // The server's time format, Bearer auth, 7-day heart-rate windows.
    let requests = fake.fake.requests();
    let first = requests
        .iter()
        .find(|r| r.datatype.as_deref() == Some(HEART_RATE))
        .unwrap();
    let start = first.start_time.as_deref().unwrap();
    assert_eq!(start, format!("{} 00:00:00.000000", fake.from()));
    assert!(
        requests.iter().all(|r| r.http_status == 200),
        "{requests:?}"
    );

    // Syncing again changes nothing and re-reads only the last 48 hours.
    fake.fake.clear_requests();
    let again = fake.sync(&data);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(export(&data), csv);
    let again = fake.fake.requests();
    assert_eq!(again.len(), 3, "one window per stream: {again:?}");
    let start = again[0].start_time.as_deref().unwrap();
    let start = chrono::NaiveDateTime::parse_from_str(start, "%Y-%m-%d %H:%M:%S%.f")
        .unwrap()
        .and_utc()
        .timestamp();
    let behind = chrono::Utc::now().timestamp() - start;
    assert!((48 * 3600..49 * 3600).contains(&behind), "{behind} s back");
}

#[test]
fn paste_mode_reads_one_line_from_a_pipe() {
    let fake = Fake::start();
    let data = fake.data_dir();
    let (out, first_line) = paste_with_url(&fake, &data, str::to_owned);
    assert!(out.status.success(), "{}", stderr(&out));
    // The authorization URL was the first stdout line; no other starts with http.
    assert!(
        !stdout(&out).lines().any(|l| l.starts_with("http")),
        "{}",
        stdout(&out)
    );
    let url = url::Url::parse(&first_line).unwrap();
    let query: std::collections::HashMap<_, _> = url.query_pairs().into_owned().collect();
    assert_eq!(query["response_type"], "token");
    assert!(
        query["scope"].starts_with("openid profile email "),
        "{}",
        query["scope"]
    );
    assert!(query["scope"].contains("com.personicle.individual.datastreams.heartrate"));
    assert!(query["scope"].contains("events.read"));
    assert!(!query["state"].is_empty() && !query["nonce"].is_empty());
    assert!(providers_line(&data).contains("connected"));
    let synced = fake.sync(&data);
    assert!(synced.status.success(), "{}", stderr(&synced));
}

#[test]
fn a_pasted_url_with_a_wrong_or_missing_state_is_refused_and_nothing_is_stored() {
    let fake = Fake::start();
    let data = fake.data_dir();
    let forged = |ended_on: &str| {
        let (before, fragment) = ended_on.split_once('#').unwrap();
        let pairs: Vec<(String, String)> = url::form_urlencoded::parse(fragment.as_bytes())
            .into_owned()
            .map(|(k, v)| {
                if k == "state" {
                    (k, "forged".to_owned())
                } else {
                    (k, v)
                }
            })
            .collect();
        let fragment = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        format!("{before}#{fragment}")
    };
    let out = paste(&fake, &data, forged);
    assert_error_line(&out, "state");
    let without = |ended_on: &str| {
        let (before, fragment) = ended_on.split_once('#').unwrap();
        let kept: Vec<&str> = fragment
            .split('&')
            .filter(|p| !p.starts_with("state="))
            .collect();
        format!("{before}#{}", kept.join("&"))
    };
    let out = paste(&fake, &data, without);
    assert_error_line(&out, "state");

    assert!(providers_line(&data).contains("not connected"));
    let store = secrets::open_with(Some("file"), data.path()).unwrap().store;
    let tokens = store
        .get(healthdash_connect::secrets::SecretKey::new(
            "personicle",
            healthdash_connect::secrets::SecretName::Tokens,
        ))
        .unwrap();
    assert!(tokens.is_none(), "nothing from a refused URL is stored");
}

#[test]
fn an_error_fragment_is_an_error_that_names_it() {
    let fake = Fake::start();
    let data = fake.data_dir();
    let denied = |ended_on: &str| {
        let (before, fragment) = ended_on.split_once('#').unwrap();
        let state = fragment
            .split('&')
            .find(|p| p.starts_with("state="))
            .unwrap();
        format!("{before}#error=access_denied&error_description=User+denied+access&{state}")
    };
    let out = paste(&fake, &data, denied);
    assert_error_line(&out, "access_denied");
    assert!(providers_line(&data).contains("not connected"));
}

#[test]
fn a_token_expiring_mid_sync_keeps_what_arrived_and_a_new_sign_in_resumes() {
    let fake = Fake::start();
    let data = fake.data_dir();
    assert!(fake.connect(&data).status.success());
    // Events, weight and the first week of heart rate, then a 401.
    fake.fake.faults().expire_tokens_after(3);
    let out = fake.sync(&data);
    assert_error_line(&out, "sign in again");
    assert!(
        stderr(&out).contains("healthdash connect personicle --paste"),
        "{}",
        stderr(&out)
    );
    assert!(
        providers_line(&data).contains("needs sign-in"),
        "{}",
        providers_line(&data)
    );
    let kept = export(&data);
    let records = fake.fake.records();
    let workouts = records
        .events
        .iter()
        .filter(|e| !e.is_sleep() && !e.is_stage())
        .count();
    assert_eq!(
        rows(&kept, "workout").len(),
        workouts,
        "the events page stays"
    );
    let heart = rows(&kept, "heart_rate").len();
    assert!(
        (7 * 144..=7 * 144 + 1).contains(&heart),
        "a week of heart rate: {heart}"
    );

    // Still refused until the user signs in again.
    let refused = fake.sync(&data);
    assert_error_line(&refused, "sign in again");

    let connected = paste(&fake, &data, str::to_owned);
    assert!(connected.status.success(), "{}", stderr(&connected));
    assert!(providers_line(&data).contains("connected"));
    fake.fake.clear_requests();
    let resumed = fake.sync(&data);
    assert!(resumed.status.success(), "{}", stderr(&resumed));
    assert_export_is_the_truth(&fake, &export(&data));
    // From the cursors: the heart rate starts 48 hours before where it stopped.
    let heart_requests = fake
        .fake
        .requests()
        .iter()
        .filter(|r| r.datatype.as_deref() == Some(HEART_RATE))
        .count();
    assert!(heart_requests <= 3, "{heart_requests} heart-rate windows");
}

#[test]
fn a_corrected_weight_inside_the_re_read_window_replaces_the_old_value() {
    let fake = Fake::start();
    let data = fake.data_dir();
    assert!(fake.connect(&data).status.success());
    assert!(fake.sync(&data).status.success());
    let last = fake
        .fake
        .records()
        .samples
        .iter()
        .filter(|s| s.datatype == WEIGHT)
        .map(|s| (s.at, s.value))
        .next_back()
        .unwrap();
    let csv = export(&data);
    let before = rows(&csv, "weight");
    assert_eq!(before.last().unwrap()[3].parse::<f64>().unwrap(), last.1);

    assert!(fake.fake.correct_sample(WEIGHT, last.0, 71.9));
    let out = fake.sync(&data);
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = export(&data);
    let after = rows(&csv, "weight");
    assert_eq!(after.len(), before.len(), "replaced, not added");
    assert_eq!(after.last().unwrap()[1], utc(last.0));
    assert_eq!(after.last().unwrap()[3], "71.9");
}

#[test]
fn odd_answers_are_errors_with_a_clear_line_and_keep_the_rest() {
    let fake = Fake::start();
    let data = fake.data_dir();
    assert!(fake.connect(&data).status.success());
    // A 500 and a cut-off answer are retried; a 422 tuple fails its stream.
    let faults = fake.fake.faults();
    faults.next(healthdash_sandbox::PersonicleFault::ServerError, 1);
    faults.next(healthdash_sandbox::PersonicleFault::Truncate, 1);
    faults.next(healthdash_sandbox::PersonicleFault::InvalidRequest, 1);
    let out = fake.sync(&data);
    assert!(!out.status.success());
    let err = stderr(&out);
    let last = err.lines().last().unwrap();
    assert!(
        last.contains("Personicle refused the events request: Invalid request (422)"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    let csv = export(&data);
    // The events stream failed; weight and heart rate arrived all the same.
    assert!(rows(&csv, "workout").is_empty());
    assert!(!rows(&csv, "weight").is_empty() && !rows(&csv, "heart_rate").is_empty());
    let again = fake.sync(&data);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_export_is_the_truth(&fake, &export(&data));
}

#[test]
fn tokens_stay_in_the_secret_store() {
    let fake = Fake::start();
    let data = fake.data_dir();
    let connected = fake.connect(&data);
    assert!(connected.status.success());
    let verbose = [("HEALTHDASH_SECRET_STORE", "file"), ("RUST_LOG", "trace")];
    let synced = data.cli_with_env(&["sync", "personicle", "--from", &fake.from()], &verbose);
    assert!(synced.status.success(), "{}", stderr(&synced));
    let pasted = paste(&fake, &data, str::to_owned);
    assert!(pasted.status.success());
    let csv = export(&data);
    let tokens = fake.fake.issued_tokens();
    assert_eq!(tokens.len(), 2);

    let mut haystacks = leak_haystacks(&data, &connected, &synced, csv);
    haystacks.push(("paste stdout".into(), pasted.stdout.clone()));
    haystacks.push(("paste stderr".into(), pasted.stderr.clone()));
    let secrets = std::fs::read_to_string(data.path().join("secrets.json")).unwrap();
    assert!(
        tokens.iter().any(|t| secrets.contains(t.as_str())),
        "the token is in the store"
    );
    for (what, bytes) in &haystacks {
        let text = String::from_utf8_lossy(bytes);
        for token in &tokens {
            assert!(!text.contains(token.as_str()), "access token in {what}");
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
    let fake = Fake::start();
    let reference = fake.data_dir();
    assert!(fake.connect(&reference).status.success());
    assert!(fake.sync(&reference).status.success());
    let expected = export(&reference);

    let data = fake.data_dir();
    assert!(fake.connect(&data).status.success());
    // Slow answers, so that the kill lands inside the sync.
    fake.fake.faults().next(
        healthdash_sandbox::PersonicleFault::Delay(std::time::Duration::from_millis(300)),
        20,
    );
    assert!(
        fake.kill_sync_once(&data, &["--from", &fake.from()], RAW_PAYLOADS, 3),
        "the sync stored three windows"
    );
    fake.fake.faults().clear();
    let resumed = fake.sync(&data);
    assert!(resumed.status.success(), "{}", stderr(&resumed));
    assert_eq!(export(&data), expected);
}
