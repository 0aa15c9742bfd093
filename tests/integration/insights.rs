//! `healthdash insights` on a demo year: the planted illness week and the
//! late-workout effect in text and JSON, rules turned off in config.toml,
//! and bad dates.

use crate::util::*;

/// One year of the demo person ending 2026-12-05 in Paris: its illness week
/// is 2026-11-01..=07, and its late workouts fall inside it.
fn load_demo_year(data: &TempData) {
    let out = data.cli(&[
        "demo",
        "--years",
        "1",
        "--until",
        "2026-12-05",
        "--tz",
        "Europe/Paris",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// The demo year, loaded once for the tests that only read it.
fn demo_year() -> &'static TempData {
    static DATA: std::sync::OnceLock<TempData> = std::sync::OnceLock::new();
    DATA.get_or_init(|| {
        let data = TempData::new();
        load_demo_year(&data);
        data
    })
}

const RANGE: [&str; 5] = ["insights", "--from", "2025-12-06", "--to", "2026-12-05"];

#[test]
fn text_lists_the_illness_flags_with_numbers_and_the_late_workout_correlation() {
    let out = demo_year().cli(&RANGE);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("Insights from 2025-12-06 to 2026-12-05\n"),
        "{text}"
    );
    // The flag's heading names the days, the rule and its title, then the
    // rule in words and one line per day with the value and the usual range.
    let heading = text
        .lines()
        .find(|l| l.contains("resting_hr_high") && l.contains("2026-11-0"))
        .unwrap_or_else(|| panic!("no illness flag in:\n{text}"));
    assert!(
        heading.contains("Resting heart rate above your usual range"),
        "{heading}"
    );
    assert!(
        text.contains("    rule: Resting heart rate above its usual range"),
        "{text}"
    );
    let day = text
        .lines()
        .find(|l| l.starts_with("    2026-11-03  "))
        .unwrap_or_else(|| panic!("no line for 2026-11-03 in:\n{text}"));
    assert!(
        day.contains(" bpm  (usual ") && day.contains(" bpm, median "),
        "{day}"
    );
    // Correlations: the pair, the lag, rho, the days and q.
    let late = text
        .lines()
        .find(|l| {
            l.trim_start()
                .starts_with("last_workout_end_hour -> resting_heart_rate  lag 1 d")
        })
        .unwrap_or_else(|| panic!("no late-workout line in:\n{text}"));
    assert!(late.contains("rho +0."), "{late}");
    assert!(late.contains(" days  q "), "{late}");
    assert!(text.contains("pairs tested"), "{text}");
    assert!(!text.contains("diagnos"), "{text}");
}

#[test]
fn json_is_the_insights_struct() {
    let mut args = RANGE.to_vec();
    args.push("--json");
    let out = demo_year().cli(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["first"], "2025-12-06");
    assert_eq!(json["last"], "2026-12-05");
    let flags = json["flags"].as_array().unwrap();
    let illness = flags
        .iter()
        .find(|f| f["rule"] == "resting_hr_high" && f["first"].as_str().unwrap() >= "2026-11-01")
        .unwrap_or_else(|| panic!("{flags:#?}"));
    assert_eq!(illness["metric"], "resting_heart_rate");
    assert_eq!(illness["unit"], "bpm");
    let day = &illness["days"][0];
    assert!(
        day["value"].as_f64().unwrap() > day["hi"].as_f64().unwrap(),
        "{day}"
    );
    let correlations = json["correlations"].as_array().unwrap();
    let late = correlations
        .iter()
        .find(|c| {
            c["a"] == serde_json::json!({ "derived": "last_workout_end_hour" })
                && c["b"] == serde_json::json!({ "metric": "resting_heart_rate" })
                && c["lag_days"] == 1
        })
        .unwrap_or_else(|| panic!("{correlations:#?}"));
    assert!(late["rho"].as_f64().unwrap() > 0.0);
    assert!(late["q"].as_f64().unwrap() <= 0.05);
    assert!(late["n"].as_u64().unwrap() >= 14);
    assert!(json["pairs_tested"].as_u64().unwrap() >= correlations.len() as u64);
}

#[test]
fn rules_turned_off_in_config_raise_no_flags_and_unknown_ones_are_named() {
    let data = TempData::new();
    load_demo_year(&data);
    std::fs::write(
        data.path().join("config.toml"),
        "[insights]\ndisabled = [\"resting_hr_high\", \"sleep_long\"]\n",
    )
    .unwrap();
    let out = data.cli(&RANGE);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(!text.contains("resting_hr_high"), "{text}");
    assert!(!text.contains("sleep_long"), "{text}");
    assert!(
        text.contains("steps_low"),
        "the other rules still run:\n{text}"
    );

    std::fs::write(
        data.path().join("config.toml"),
        "[insights]\ndisabled = [\"resting_hr_hihg\"]\n",
    )
    .unwrap();
    assert_one_line_error(&data.cli(&RANGE), "resting_hr_hihg");
    assert_one_line_error(&data.cli(&RANGE), "line 2");
}

#[test]
fn bad_dates_give_one_line() {
    let data = TempData::new();
    assert_one_line_error(
        &data.cli(&["insights", "--from", "2026-02-30"]),
        "invalid date '2026-02-30' for --from (expected YYYY-MM-DD",
    );
    assert_one_line_error(
        &data.cli(&["insights", "--from", "2026-03-02", "--to", "2026-03-01"]),
        "--from 2026-03-02 is after --to 2026-03-01",
    );
}
