//! The `healthdash` binary as a user runs it: exit codes, stdout, stderr.

use crate::util::*;

/// One demo year, shared by the read-only tests below (building it is the slow part).
fn demo_data() -> &'static TempData {
    static DATA: std::sync::OnceLock<TempData> = std::sync::OnceLock::new();
    DATA.get_or_init(|| {
        let data = TempData::new();
        let out = data.cli(&[
            "demo",
            "--years",
            "1",
            "--until",
            "2026-11-20",
            "--tz",
            "Europe/Paris",
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("Loaded the demo data set"),
            "{}",
            stderr(&out)
        );
        data
    })
}

#[test]
fn demo_export_has_every_dashboard_metric() {
    let data = demo_data();
    let out = data.cli(&["export", "csv", "--out", "-"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = stdout(&out);
    assert!(csv.starts_with("metric,start,end,value,unit,source,detail\n"));
    let metrics: std::collections::BTreeSet<&str> = csv
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .collect();
    for expected in [
        "heart_rate",
        "resting_heart_rate",
        "sleep_duration",
        "sleep_light_duration",
        "sleep_deep_duration",
        "sleep_rem_duration",
        "sleep_awake_duration",
        "sleep_stage",
        "steps",
        "distance",
        "active_energy",
        "total_energy",
        "weight",
        "body_fat_percent",
        "blood_pressure_systolic",
        "blood_pressure_diastolic",
        "workout",
    ] {
        assert!(
            metrics.contains(expected),
            "no {expected} rows; got {metrics:?}"
        );
    }
    assert!(
        csv.lines()
            .skip(1)
            .all(|l| l.split(',').nth(5) == Some("demo"))
    );
    // The last night ends on the last day, in Paris.
    let last_night = csv
        .lines()
        .rfind(|l| l.starts_with("sleep_duration,"))
        .unwrap();
    let end = last_night.split(',').nth(2).unwrap();
    assert!(
        end.starts_with("2026-11-20T") || end.starts_with("2026-11-19T2"),
        "{last_night}"
    );
}

#[test]
fn export_to_a_file_equals_export_to_stdout() {
    let data = demo_data();
    let file = data.path().join("hr.csv");
    let args = [
        "--metric",
        "heart_rate",
        "--metric",
        "steps",
        "--from",
        "2026-06-01",
        "--to",
        "2026-06-07",
    ];
    let to_file = data.cli(
        &[
            &["export", "csv", "--out", file.to_str().unwrap()][..],
            &args[..],
        ]
        .concat(),
    );
    assert!(to_file.status.success(), "{}", stderr(&to_file));
    assert_eq!(
        stdout(&to_file),
        "",
        "stdout stays empty when writing a file"
    );
    let to_stdout = data.cli(&[&["export", "csv", "--out", "-"][..], &args[..]].concat());
    let from_file = std::fs::read_to_string(&file).unwrap();
    assert_eq!(from_file, stdout(&to_stdout));
    // 7 local days (TZ=UTC for the CLI here): ~1,300 heart-rate samples a day, 7 step totals.
    let lines: Vec<&str> = from_file.lines().collect();
    let steps = lines.iter().filter(|l| l.starts_with("steps,")).count();
    let hr = lines
        .iter()
        .filter(|l| l.starts_with("heart_rate,"))
        .count();
    assert_eq!(
        steps,
        7,
        "{}",
        lines
            .iter()
            .filter(|l| l.starts_with("steps,"))
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!((7 * 1000..7 * 1600).contains(&hr), "{hr} heart-rate rows");
    assert!(
        lines[1..]
            .iter()
            .all(|l| l.split(',').nth(1).unwrap() >= "2026-05-31T22:00:00Z")
    );
}

#[test]
fn metrics_lists_counts_per_source() {
    let data = demo_data();
    let out = data.cli(&["metrics"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let hr = text.lines().find(|l| l.starts_with("heart_rate ")).unwrap();
    let cols: Vec<&str> = hr.split_whitespace().collect();
    assert_eq!(&cols[..3], ["heart_rate", "bpm", "demo"]);
    let count: u64 = cols[3].parse().unwrap();
    assert!((365 * 1000..366 * 1600).contains(&count), "{count}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("weight ") && l.contains(" kg "))
    );
}

#[test]
fn chart_writes_png_and_svg() {
    let data = demo_data();
    let png = data.path().join("hr.png");
    let out = data.cli(&["chart", "heart_rate", "--out", png.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let hr_svg = data.path().join("hr.svg");
    let out = data.cli(&[
        "chart",
        "heart_rate",
        "--from",
        "2026-11-01",
        "--out",
        hr_svg.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        std::fs::read_to_string(&hr_svg)
            .unwrap()
            .contains("Heart rate (bpm)")
    );
    let svg = data.path().join("steps.svg");
    let out = data.cli(&[
        "chart",
        "steps",
        "--from",
        "2026-10-01",
        "--to",
        "2026-10-31",
        "--out",
        svg.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(
        text.contains("<svg") && text.contains("Steps · Oct 1, 2026 – Oct 31, 2026"),
        "{}",
        &text[..text.len().min(500)]
    );
    assert!(
        stderr(&out).contains("(31 points, daily buckets)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn providers_lists_the_five_as_not_connected() {
    let data = TempData::new();
    let out = data.cli(&["providers"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    for id in ["withings", "exist", "humanapi", "openhumans", "personicle"] {
        let line = text
            .lines()
            .find(|l| l.starts_with(id))
            .unwrap_or_else(|| panic!("{id} missing:\n{text}"));
        assert!(
            line.contains("not connected") && line.contains("never"),
            "{line}"
        );
    }
}

#[test]
fn connect_and_sync_explain_what_is_missing() {
    let data = TempData::new();
    let out = data.cli_with_env(
        &["connect", "withings", "--no-browser"],
        &[("HEALTHDASH_SECRET_STORE", "file")],
    );
    assert_one_line_error(&out, "Withings has no client ID yet");
    assert!(
        stderr(&out).contains("[providers.withings]"),
        "{}",
        stderr(&out)
    );
    assert_one_line_error(
        &data.cli(&["connect", "fitbit"]),
        "unknown provider 'fitbit'",
    );
    assert_one_line_error(
        &data.cli_with_env(
            &["sync", "withings", "--full"],
            &[("HEALTHDASH_SECRET_STORE", "file")],
        ),
        "Withings has no client ID yet",
    );
    assert_one_line_error(
        &data.cli_with_env(&["sync"], &[("HEALTHDASH_SECRET_STORE", "file")]),
        "no provider is connected",
    );
    assert_one_line_error(&data.cli(&["sync", "garmin"]), "unknown provider 'garmin'");
    assert_one_line_error(
        &data.cli_with_env(
            &["connect", "humanapi", "--no-browser"],
            &[("HEALTHDASH_SECRET_STORE", "file")],
        ),
        "set authorize_url and token_url",
    );
    let file = data.path().join("export.zip");
    std::fs::write(&file, b"PK").unwrap();
    // Two bytes are no zip (apple_health.rs has every bad input of §12.1.6).
    assert_one_line_error(
        &data.cli(&["import", "apple-health", file.to_str().unwrap()]),
        "not a zip archive or XML file",
    );
}

#[test]
fn bad_input_gives_one_line_and_changes_nothing() {
    let data = TempData::new();
    let out_file = data.path().join("keep.csv");
    std::fs::write(&out_file, "precious\n").unwrap();
    let out = data.cli(&[
        "export",
        "csv",
        "--out",
        out_file.to_str().unwrap(),
        "--metric",
        "heartrate",
    ]);
    assert_one_line_error(&out, "unknown metric 'heartrate'");
    assert_eq!(std::fs::read_to_string(&out_file).unwrap(), "precious\n");
    assert_one_line_error(
        &data.cli(&["export", "csv", "--out", "-", "--source", "fitbit"]),
        "unknown source 'fitbit'",
    );
    assert_one_line_error(
        &data.cli(&["chart", "pulse", "--out", "x.png"]),
        "unknown metric 'pulse'",
    );
    assert_one_line_error(&data.cli(&["chart", "heart_rate", "--out", "x.gif"]), "gif");
    assert_one_line_error(
        &data.cli(&["export", "csv", "--out", "-", "--from", "yesterday"]),
        "invalid date 'yesterday'",
    );

    let unwritable = data.path().join("no/such/dir/out.csv");
    assert_one_line_error(
        &data.cli(&["export", "csv", "--out", unwritable.to_str().unwrap()]),
        "no/such/dir/out.csv",
    );
}

#[test]
fn a_foreign_database_is_reported_and_left_alone() {
    let data = TempData::new();
    std::fs::write(data.db_path(), vec![0x42u8; 8192]).unwrap();
    let out = data.cli(&["metrics"]);
    assert_one_line_error(&out, "not a Healthdash database");
    assert_eq!(std::fs::read(data.db_path()).unwrap(), vec![0x42u8; 8192]);
}

#[test]
fn data_dir_comes_from_the_environment_too() {
    let data = TempData::new();
    let out = cli_command()
        .env("HEALTHDASH_DATA_DIR", data.path())
        .arg("providers")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(data.db_path().exists());
}

#[test]
fn demo_remove_deletes_only_the_demo_person() {
    let data = TempData::new();
    let out = data.cli(&["demo", "--years", "1", "--until", "2026-11-20"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // The user's own weigh-in, from a provider.
    {
        let dir = healthdash_core::config::DataDir::resolve(Some(data.path().to_owned())).unwrap();
        let mut store = dir.open_store().unwrap();
        let mut batch = healthdash_core::Batch::new("withings".parse().unwrap());
        batch
            .measurements
            .push(healthdash_core::Measurement::sample(
                healthdash_core::Metric::Weight,
                1_763_625_600,
                71.4,
                healthdash_core::Zone::UTC,
            ));
        store.ingest(&batch).unwrap();
    }
    let out = data.cli(&["demo", "--remove"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with("Removed the demo data set: "),
        "{}",
        stderr(&out)
    );
    let metrics = stdout(&data.cli(&["metrics"]));
    assert!(!metrics.contains(" demo "), "{metrics}");
    let csv = stdout(&data.cli(&["export", "csv", "--out", "-"]));
    assert_eq!(
        csv,
        "metric,start,end,value,unit,source,detail\nweight,2025-11-20T08:00:00Z,,71.4,kg,withings,\n"
    );
    // Removing twice is fine; asking to remove and load at once is not.
    assert!(data.cli(&["demo", "--remove"]).status.success());
    let both = data.cli(&["demo", "--remove", "--years", "3"]);
    assert!(!both.status.success());
}
