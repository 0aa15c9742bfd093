//! `import csv`: a Healthdash CSV export back in, through the real binary.
//! The central promise: export → fresh data folder → import → export gives
//! the same bytes, and a wrong file stores nothing.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use crate::csv_export::{EXPECTED, fixture};
use crate::sandbox::{ENV, Fake, SYNC_FROM, wait_for};
use crate::util::*;

/// `export csv --out -` with extra arguments; asserts success.
fn export(data: &TempData, extra: &[&str]) -> String {
    let mut args = vec!["export", "csv", "--out", "-"];
    args.extend_from_slice(extra);
    let out = data.cli(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

/// Both exports a user can make: totals only, and with intraday detail.
fn exports(data: &TempData) -> (String, String) {
    (export(data, &[]), export(data, &["--intraday"]))
}

/// `import csv FILE`; asserts it succeeds quietly and returns its one line.
fn import(data: &TempData, file: &Path) -> String {
    let out = data.cli(&["import", "csv", file.to_str().unwrap()]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert_eq!(stdout(&out), "", "stdout stays empty");
    assert_eq!(err.lines().count(), 1, "one summary line: {err:?}");
    err.trim_end().to_owned()
}

fn write(data: &TempData, name: &str, text: &str) -> std::path::PathBuf {
    let path = data.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// The export tests' store of awkward cases (two sources at one instant,
/// quoted and formula-looking details, a night with stages, daily steps with
/// intraday detail, a workout) in a data folder.
fn fixture_data() -> TempData {
    let data = TempData::new();
    fixture(&mut data.store());
    data
}

#[test]
fn the_awkward_cases_come_back_byte_for_byte() {
    let original = fixture_data();
    let (totals, intraday) = exports(&original);
    assert_eq!(totals, EXPECTED);
    let file = write(&original, "backup.csv", &intraday);

    let restored = TempData::new();
    let line = import(&restored, &file);
    assert_eq!(
        line,
        format!(
            "Imported 18 rows from {} (heart_rate 3, sleep_stage 3, steps 2, body_temperature 1, \
             +9 more metrics): 18 new, 0 replaced, 0 unchanged",
            file.display()
        )
    );
    // The 15-minute steps are intraday again: only `--intraday` shows them.
    assert_eq!(exports(&restored), (totals, intraday.clone()));
    assert_eq!(
        stdout(&restored.cli(&["metrics"])),
        stdout(&original.cli(&["metrics"]))
    );

    // Importing again finds every row stored already.
    let again = import(&restored, &file);
    assert!(
        again.ends_with(": 0 new, 0 replaced, 18 unchanged"),
        "{again}"
    );
    assert_eq!(export(&restored, &["--intraday"]), intraday);
}

#[test]
fn the_night_comes_back_for_the_sleep_page() {
    let original = fixture_data();
    let file = write(&original, "backup.csv", &export(&original, &["--intraday"]));
    let restored = TempData::new();
    import(&restored, &file);
    let nights: Vec<(i64, i64, i64, i64)> = restored
        .raw()
        .prepare("SELECT start_utc, end_utc, asleep, light FROM sleep_nights")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let start = at("2015-10-06T21:00:00Z");
    assert_eq!(nights, [(start, start + 3600, 3000, 2400)]);
}

#[test]
fn demo_data_comes_back_byte_for_byte_from_a_file_and_from_stdin() {
    let original = TempData::new();
    let demo = original.cli(&[
        "demo",
        "--years",
        "1",
        "--until",
        "2026-03-10",
        "--tz",
        "Europe/Paris",
    ]);
    assert!(demo.status.success(), "{}", stderr(&demo));
    let (totals, intraday) = exports(&original);
    let rows = intraday.lines().count() - 1;
    let file = write(&original, "demo.csv", &intraday);

    let restored = TempData::new();
    let line = import(&restored, &file);
    let shown = rows.to_string();
    let grouped = format!(
        "{},{}",
        &shown[..shown.len() - 3],
        &shown[shown.len() - 3..]
    );
    assert!(
        line.starts_with(&format!("Imported {grouped} rows from ")),
        "{line}"
    );
    assert_eq!(exports(&restored), (totals, intraday.clone()));

    // `-` reads standard input.
    let piped = TempData::new();
    let child = piped
        .command(&["import", "csv", "-"], &[])
        .stdin(std::fs::File::open(&file).unwrap())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(" from standard input "),
        "{}",
        stderr(&out)
    );
    assert_eq!(export(&piped, &["--intraday"]), intraday);
}

#[test]
fn a_withings_sync_comes_back_with_its_intraday_detail() {
    let fake = Fake::start();
    let synced = fake.data_dir();
    fake.connect_and_sync(&synced, SYNC_FROM);
    let (totals, intraday) = exports(&synced);
    assert!(
        intraday.len() > totals.len(),
        "the fake has intraday detail"
    );
    let file = write(&synced, "withings.csv", &intraday);

    let restored = TempData::new();
    let out = restored.cli_with_env(&["import", "csv", file.to_str().unwrap()], ENV);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(exports(&restored), (totals, intraday));
}

/// Each wrong file: one line naming the problem, exit 1, nothing stored.
#[test]
fn a_wrong_file_is_named_in_one_line_and_stores_nothing() {
    let data = fixture_data();
    let before = export(&data, &["--intraday"]);
    let header = "metric,start,end,value,unit,source,detail\n";
    let good = "heart_rate,2026-01-01T08:00:00Z,,70,bpm,withings,\n";
    let cases: &[(&str, String, &str)] = &[
        ("empty.csv", String::new(), "empty"),
        (
            "photo.csv",
            "\u{89}PNG\r\n\u{1a}\n".into(),
            "not a Healthdash CSV export (header '",
        ),
        (
            "other.csv",
            "date,steps\n2026-01-01,100\n".into(),
            "not a Healthdash CSV export (header 'date,steps'",
        ),
        (
            "pounds.csv",
            format!("{header}{good}weight,2026-01-01T08:00:00Z,,160,lb,withings,\n"),
            "line 3: unit 'lb' is not the unit of weight (kg)",
        ),
        (
            "metric.csv",
            format!("{header}happiness,2026-01-01T08:00:00Z,,3,score,withings,\n{good}"),
            "line 2: unknown metric 'happiness'",
        ),
        (
            "source.csv",
            format!("{header}{good}heart_rate,2026-01-01T09:00:00Z,,70,bpm,fitbit,\n"),
            "line 3: unknown source 'fitbit'",
        ),
        (
            "time.csv",
            format!("{header}heart_rate,01/01/2026 08:00,,70,bpm,withings,\n"),
            "line 2: start '01/01/2026 08:00' is not an RFC 3339 time",
        ),
        (
            "number.csv",
            format!("{header}{good}{good}heart_rate,2026-01-01T09:00:00Z,,7O,bpm,withings,\n"),
            "line 4: value '7O' is not a plain decimal number",
        ),
        (
            "columns.csv",
            format!("{header}{good}heart_rate,2026-01-01T09:00:00Z,70\n"),
            "line 3: 3 columns, expected 7",
        ),
    ];
    for (name, text, needle) in cases {
        let file = write(&data, name, text);
        let out = data.cli(&["import", "csv", file.to_str().unwrap()]);
        assert_one_line_error(&out, needle);
        assert!(
            stderr(&out).contains(name),
            "names the file: {}",
            stderr(&out)
        );
        assert_eq!(stdout(&out), "");
        assert_eq!(
            export(&data, &["--intraday"]),
            before,
            "{name} stored something"
        );
    }

    let missing = data.path().join("nowhere.csv");
    assert_one_line_error(
        &data.cli(&["import", "csv", missing.to_str().unwrap()]),
        "nowhere.csv: no such file",
    );
    // Other formats keep their answer, naming the format.
    let file = write(&data, "export.xml", "<HealthData/>");
    assert_one_line_error(
        &data.cli(&["import", "xml", file.to_str().unwrap()]),
        "no importer for 'xml' yet",
    );
    assert_eq!(export(&data, &["--intraday"]), before);
}

/// A `kill -9` while the import is writing leaves the old data as it was:
/// the import is one transaction.
#[test]
fn killing_an_import_midway_keeps_the_old_data() {
    let data = fixture_data();
    let before = export(&data, &["--intraday"]);
    // Enough heart rate that the import is still writing when it is killed.
    let mut text = String::from("metric,start,end,value,unit,source,detail\n");
    let start = at("2024-01-01T00:00:00Z");
    for i in 0..400_000 {
        let t = chrono::DateTime::from_timestamp(start + i * 60, 0).unwrap();
        text.push_str(&format!(
            "heart_rate,{},,{},bpm,withings,\n",
            t.format("%Y-%m-%dT%H:%M:%SZ"),
            55 + i % 40
        ));
    }
    let file = write(&data, "big.csv", &text);
    let half = text.len() as u64 / 2;

    let mut child = data
        .command(&["import", "csv", file.to_str().unwrap()], &[])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // The transaction opens before the first row is read and commits after
    // the last: once half the file is read, the import is midway.
    let io = format!("/proc/{}/io", child.id());
    let writing = wait_for(Duration::from_secs(120), || {
        std::fs::read_to_string(&io).is_ok_and(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("rchar: "))
                .and_then(|n| n.trim().parse::<u64>().ok())
                .is_some_and(|read| read > half)
        })
    });
    let still_running = child.try_wait().unwrap().is_none();
    child.kill().unwrap(); // SIGKILL: no chance to roll back by itself
    child.wait().unwrap();
    assert!(
        writing && still_running,
        "killed while the import was writing"
    );

    assert_eq!(export(&data, &["--intraday"]), before);
    assert_eq!(
        stdout(&data.cli(&["metrics"])).lines().count(),
        stdout(&fixture_data().cli(&["metrics"])).lines().count()
    );
}
