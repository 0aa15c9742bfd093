//! The commands' logic on a temporary data folder: no window, no dialog.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use healthdash_core::config::DataDir;
use healthdash_core::model::SleepStage;
use healthdash_core::query::{Granularity, Resolution};
use healthdash_core::{Batch, Measurement, Metric, SleepNight, SourceId, Zone};

use super::*;
use crate::error::ErrorKind;
use crate::ipc::{
    ChartExportArgs, ChartFormat, ChartTheme, DailyBucketsArgs, DemoStatus, WorkoutsArgs,
};

/// 2026-03-02T00:00:00Z, a Monday.
const T0: i64 = 1_772_409_600;
const HOUR: i64 = 3600;
const DAY: i64 = 86_400;

struct Fixture {
    _tmp: tempfile::TempDir,
    state: AppState,
    save_dir: Option<PathBuf>,
}

fn fixture(with_save_dir: bool) -> Fixture {
    let tmp = tempfile::tempdir().unwrap();
    let save_dir = with_save_dir.then(|| {
        let dir = tmp.path().join("exports");
        std::fs::create_dir(&dir).unwrap();
        dir
    });
    let data_dir = DataDir::resolve(Some(tmp.path().join("data"))).unwrap();
    let state = AppState::open(data_dir, save_dir.clone()).unwrap();
    Fixture {
        _tmp: tmp,
        state,
        save_dir,
    }
}

/// Three days of heart rate every minute, a daily step count, one night.
fn ingest_sample_data(state: &AppState) {
    let zone = Zone::UTC;
    let mut batch = Batch::new("withings".parse().unwrap());
    for minute in 0..(3 * 24 * 60) {
        let t = T0 + minute * 60;
        let value = 60.0 + (minute % 30) as f64;
        batch
            .measurements
            .push(Measurement::sample(Metric::HeartRate, t, value, zone));
    }
    for day in 0..3 {
        batch.measurements.push(Measurement::interval(
            Metric::Steps,
            T0 + day * DAY,
            T0 + (day + 1) * DAY,
            8000.0 + day as f64,
            zone,
        ));
    }
    let bed = T0 + 22 * HOUR;
    let stage = |start: i64, end: i64, stage| healthdash_core::StageInterval { start, end, stage };
    batch.nights.push(SleepNight::from_stages(
        bed,
        bed + 8 * HOUR,
        zone,
        vec![
            stage(bed, bed + 1800, SleepStage::Awake),
            stage(bed + 1800, bed + 4 * HOUR, SleepStage::Light),
            stage(bed + 4 * HOUR, bed + 6 * HOUR, SleepStage::Deep),
            stage(bed + 6 * HOUR, bed + 8 * HOUR, SleepStage::Rem),
        ],
    ));
    state.store().ingest(&batch).unwrap();
}

fn series_args(metric: Metric, from: i64, to: i64) -> SeriesArgs {
    SeriesArgs {
        metric,
        from,
        to,
        max_points: 1000,
        sources: Vec::new(),
        zone: "UTC".into(),
    }
}

fn no_dialog(_: &str) -> Result<Option<PathBuf>, IpcError> {
    panic!("the save dialog must not open when the test hook is set")
}

#[test]
fn app_info_follows_the_store() {
    let f = fixture(false);
    let info = app_info(&f.state).unwrap();
    assert!(!info.has_data);
    assert_eq!(info.demo, DemoStatus::None);
    assert!(!info.loading_demo);
    assert_eq!(info.version, env!("CARGO_PKG_VERSION"));
    assert!(info.data_dir.ends_with("data"), "{}", info.data_dir);

    ingest_sample_data(&f.state);
    let info = app_info(&f.state).unwrap();
    assert!(info.has_data);
    assert_eq!(info.demo, DemoStatus::None);
}

/// A demo person with a weigh-in, resting heart rate, steps and a night on
/// each of the three days.
fn ingest_demo_person(state: &AppState) {
    let zone = Zone::UTC;
    let mut batch = Batch::new(SourceId::demo());
    for day in 0..3 {
        let morning = T0 + day * DAY + 7 * HOUR;
        batch.measurements.extend([
            Measurement::sample(Metric::Weight, morning, 74.0, zone),
            Measurement::sample(Metric::RestingHeartRate, morning, 55.0, zone),
            Measurement::sample(Metric::HeartRate, morning, 58.0, zone),
            Measurement::interval(
                Metric::Steps,
                T0 + day * DAY,
                T0 + (day + 1) * DAY,
                7567.0,
                zone,
            ),
        ]);
        let bed = T0 + day * DAY - 2 * HOUR;
        let light = healthdash_core::StageInterval {
            start: bed,
            end: morning,
            stage: SleepStage::Light,
        };
        batch
            .nights
            .push(SleepNight::from_stages(bed, morning, zone, vec![light]));
    }
    state.store().ingest(&batch).unwrap();
}

#[test]
fn the_demo_person_is_hidden_once_the_users_own_data_arrives() {
    let f = fixture(false);
    ingest_demo_person(&f.state);
    let zone = "UTC".to_owned();
    assert_eq!(app_info(&f.state).unwrap().demo, DemoStatus::Shown);
    let weight = series(&f.state, &series_args(Metric::Weight, T0, T0 + 3 * DAY)).unwrap();
    assert_eq!(weight.points.len(), 3, "the demo is all there is: shown");

    // The user's scale: one weigh-in, on the second day.
    let mut own = Batch::new("withings".parse().unwrap());
    own.measurements.push(Measurement::sample(
        Metric::Weight,
        T0 + DAY + 8 * HOUR,
        81.2,
        Zone::UTC,
    ));
    f.state.store().ingest(&own).unwrap();
    assert_eq!(app_info(&f.state).unwrap().demo, DemoStatus::Hidden);

    // Weight: only the user's point, not the demo's days around it.
    let weight = series(&f.state, &series_args(Metric::Weight, T0, T0 + 3 * DAY)).unwrap();
    let values: Vec<f64> = weight.points.iter().map(|p| p.value).collect();
    assert_eq!(values, [81.2]);
    assert_eq!(weight.sources, ["withings".parse::<SourceId>().unwrap()]);
    // Metrics only the demo has: nothing at all, not the demo's numbers.
    let heart = series(&f.state, &series_args(Metric::HeartRate, T0, T0 + 3 * DAY)).unwrap();
    assert!(heart.points.is_empty());
    let demo_only = vec![SourceId::demo()];
    let mut asked = series_args(Metric::Weight, T0, T0 + 3 * DAY);
    asked.sources = demo_only.clone();
    assert!(
        series(&f.state, &asked).unwrap().points.is_empty(),
        "not even when asked by name"
    );
    let steps = daily_values(
        &f.state,
        &DailyArgs {
            metric: Metric::Steps,
            first: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
            last: NaiveDate::from_ymd_opt(2026, 3, 4).unwrap(),
            sources: Vec::new(),
        },
    )
    .unwrap();
    assert!(steps.is_empty());
    let nights = sleep_nights(
        &f.state,
        &NightsArgs {
            from: T0 - DAY,
            to: T0 + 3 * DAY,
            sources: Vec::new(),
        },
    )
    .unwrap();
    assert!(nights.is_empty());
    // The overview: the user's weigh-in; no resting heart rate, sleep or
    // steps from the demo.
    let cards = overview(&f.state, &zone).unwrap();
    let latest = cards.weight.latest.unwrap();
    assert_eq!((latest.value, latest.source.as_str()), (81.2, "withings"));
    assert!(cards.resting_heart_rate.latest.is_none());
    assert!(cards.sleep.latest.is_none());
    assert!(cards.steps.latest.is_none());
    assert!(cards.weight.sparkline.iter().all(|p| p.value == 81.2));
    let listed = catalogue(&f.state).unwrap();
    assert!(
        listed.iter().all(|e| e.source != SourceId::demo()),
        "{listed:?}"
    );

    // Removing the demo keeps the user's weigh-in.
    let removed = remove_demo(&f.state).unwrap();
    // Per day: 4 readings, the night's stage and its 7 per-night values.
    assert_eq!(removed, 3 * (4 + 1 + 7));
    assert_eq!(app_info(&f.state).unwrap().demo, DemoStatus::None);
    let weight = series(&f.state, &series_args(Metric::Weight, T0, T0 + 3 * DAY)).unwrap();
    assert_eq!(weight.points.len(), 1);
}

#[test]
fn series_picks_the_resolution_from_the_range() {
    let f = fixture(false);
    ingest_sample_data(&f.state);

    // Six hours at 1,000 points: the raw samples.
    let short = series(&f.state, &series_args(Metric::HeartRate, T0, T0 + 6 * HOUR)).unwrap();
    assert_eq!(short.resolution, Resolution::Raw);
    assert_eq!(short.points.len(), 360);
    assert_eq!(short.sources, ["withings".parse::<SourceId>().unwrap()]);

    // Two years: day buckets, one point per day with data.
    let long = series(
        &f.state,
        &series_args(Metric::HeartRate, T0 - 700 * DAY, T0 + 30 * DAY),
    )
    .unwrap();
    assert_eq!(long.resolution, Resolution::Days { days: 1 });
    assert_eq!(long.points.len(), 3);
    assert_eq!(long.points[0].n, 1440);

    let json = serde_json::to_value(long.resolution).unwrap();
    assert_eq!(json, serde_json::json!({ "level": "days", "days": 1 }));
}

#[test]
fn bad_arguments_are_invalid_input() {
    let f = fixture(false);
    let mut args = series_args(Metric::HeartRate, T0, T0 + DAY);
    args.zone = "Mars/Olympus".into();
    let err = series(&f.state, &args).unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidInput);
    assert!(err.message.contains("Mars/Olympus"), "{}", err.message);

    let err = series(&f.state, &series_args(Metric::HeartRate, T0, T0)).unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidInput);

    let err = series(&f.state, &series_args(Metric::SleepStage, T0, T0 + DAY)).unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidInput);

    let daily = DailyArgs {
        metric: Metric::Steps,
        first: NaiveDate::from_ymd_opt(2026, 3, 4).unwrap(),
        last: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        sources: Vec::new(),
    };
    assert_eq!(
        daily_values(&f.state, &daily).unwrap_err().kind,
        ErrorKind::InvalidInput
    );
}

#[test]
fn daily_buckets_roll_days_up_into_weeks_in_the_viewers_zone() {
    let f = fixture(false);
    ingest_sample_data(&f.state);
    let args = |granularity, zone: &str| DailyBucketsArgs {
        metric: Metric::Steps,
        first: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
        last: NaiveDate::from_ymd_opt(2026, 3, 31).unwrap(),
        sources: Vec::new(),
        granularity,
        zone: zone.to_owned(),
    };
    let weeks = daily_buckets(&f.state, &args(Granularity::Week, "UTC")).unwrap();
    assert_eq!(weeks.len(), 1);
    let week = &weeks[0];
    assert_eq!(week.start, NaiveDate::from_ymd_opt(2026, 3, 2).unwrap());
    assert_eq!((week.from, week.to), (T0, T0 + 7 * DAY));
    assert_eq!((week.sum, week.mean, week.days), (24_003.0, 8001.0, 3));

    // The same days, bounded by Paris midnights (UTC+1 in early March).
    let paris = daily_buckets(&f.state, &args(Granularity::Week, "Europe/Paris")).unwrap();
    assert_eq!(paris[0].from, T0 - HOUR);

    let err = daily_buckets(&f.state, &args(Granularity::Month, "Mars/Olympus")).unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidInput);
}

#[test]
fn daily_values_nights_and_stages() {
    let f = fixture(false);
    ingest_sample_data(&f.state);

    let days = daily_values(
        &f.state,
        &DailyArgs {
            metric: Metric::Steps,
            first: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            last: NaiveDate::from_ymd_opt(2026, 3, 31).unwrap(),
            sources: Vec::new(),
        },
    )
    .unwrap();
    assert_eq!(
        days.iter().map(|d| d.value).collect::<Vec<_>>(),
        [8000.0, 8001.0, 8002.0]
    );

    let nights = sleep_nights(
        &f.state,
        &NightsArgs {
            from: T0,
            to: T0 + 3 * DAY,
            sources: Vec::new(),
        },
    )
    .unwrap();
    assert_eq!(nights.len(), 1);
    let night = &nights[0];
    assert_eq!(night.totals.asleep, Some(7 * HOUR + 1800));

    let stages = night_stages(
        &f.state,
        &StagesArgs {
            source: night.source.clone(),
            start: night.start,
            end: night.end,
        },
    )
    .unwrap();
    assert_eq!(stages.len(), 4);
    assert_eq!(stages[2].stage, SleepStage::Deep);
    let json = serde_json::to_value(stages[0]).unwrap();
    assert_eq!(
        json,
        serde_json::json!({ "start": night.start, "end": night.start + 1800, "stage": "awake" })
    );
}

#[test]
fn export_file_names() {
    let day = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
    assert_eq!(csv_file_name(day), "healthdash-2026-11-21.csv");
    let chart = ChartExportArgs {
        series: series_args(Metric::HeartRate, T0, T0 + DAY),
        format: ChartFormat::Png,
        width: 1200,
        height: 600,
        theme: ChartTheme::Light,
    };
    assert_eq!(chart_file_name(&chart), "heart_rate.png");
    assert_eq!(
        chart_file_name(&ChartExportArgs {
            format: ChartFormat::Svg,
            ..chart
        }),
        "heart_rate.svg"
    );
    assert_eq!(
        with_extension(PathBuf::from("/x/chart"), ChartFormat::Png),
        Path::new("/x/chart.png")
    );
    assert_eq!(
        with_extension(PathBuf::from("/x/chart.PNG"), ChartFormat::Png),
        Path::new("/x/chart.PNG")
    );
}

#[test]
fn the_test_hook_replaces_the_dialog() {
    let hooked = fixture(true);
    let dir = hooked.save_dir.clone().unwrap();
    assert_eq!(
        destination(&hooked.state, "steps.svg", no_dialog).unwrap(),
        Some(dir.join("steps.svg"))
    );

    let plain = fixture(false);
    let mut asked = None;
    let chosen = destination(&plain.state, "steps.svg", |name| {
        asked = Some(name.to_owned());
        Ok(None)
    })
    .unwrap();
    assert_eq!(chosen, None);
    assert_eq!(asked.as_deref(), Some("steps.svg"));
}

#[test]
fn export_csv_writes_what_the_core_exports() {
    let f = fixture(true);
    ingest_sample_data(&f.state);
    let args = CsvExportArgs {
        metrics: vec![Metric::Steps, Metric::HeartRate],
        from: Some(T0 + HOUR),
        to: None,
        sources: Vec::new(),
        intraday: false,
    };
    let outcome = export_csv(&f.state, &args, no_dialog).unwrap();
    let ExportOutcome::Saved { path, rows } = outcome else {
        panic!("expected a saved export, got {outcome:?}");
    };
    let expected_name = csv_file_name(Zone::local().local_date(chrono::Utc::now().timestamp()));
    assert_eq!(
        Path::new(&path),
        f.save_dir.as_ref().unwrap().join(expected_name)
    );

    let mut expected = Vec::new();
    let expected_rows = healthdash_core::export::export_csv(
        &f.state.store(),
        &csv_filter(&args).unwrap(),
        &mut expected,
    )
    .unwrap();
    assert_eq!(rows, Some(expected_rows));
    assert_eq!(std::fs::read(&path).unwrap(), expected);
    assert!(expected_rows > 4000);
}

#[test]
fn a_cancelled_export_writes_nothing() {
    let f = fixture(false);
    ingest_sample_data(&f.state);
    let args = CsvExportArgs {
        metrics: Vec::new(),
        from: None,
        to: None,
        sources: Vec::new(),
        intraday: false,
    };
    assert_eq!(
        export_csv(&f.state, &args, |_| Ok(None)).unwrap(),
        ExportOutcome::Cancelled
    );
    let json = serde_json::to_value(ExportOutcome::Cancelled).unwrap();
    assert_eq!(json, serde_json::json!({ "status": "cancelled" }));
}

#[test]
fn export_chart_renders_through_the_hook() {
    let f = fixture(true);
    ingest_sample_data(&f.state);
    let args = ChartExportArgs {
        series: series_args(Metric::HeartRate, T0, T0 + 3 * DAY),
        format: ChartFormat::Png,
        width: 600,
        height: 300,
        theme: ChartTheme::Dark,
    };
    let outcome = export_chart(&f.state, &args, no_dialog).unwrap();
    let expected = f.save_dir.as_ref().unwrap().join("heart_rate.png");
    assert_eq!(
        outcome,
        ExportOutcome::Saved {
            path: expected.display().to_string(),
            rows: None
        }
    );
    let bytes = std::fs::read(&expected).unwrap();
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));

    let too_small = ChartExportArgs { width: 10, ..args };
    let err = export_chart(&f.state, &too_small, no_dialog).unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidInput);
}

#[test]
fn settings_round_trip_through_config_toml() {
    use healthdash_core::config::WeightUnit;

    let f = fixture(false);
    let mut wanted = settings(&f.state).unwrap();
    assert_eq!(wanted, Settings::default());
    wanted.units.weight = WeightUnit::Lb;
    wanted.priority.insert(
        Metric::Steps,
        vec!["exist".parse().unwrap(), "demo".parse().unwrap()],
    );
    assert_eq!(save_settings(&f.state, &wanted).unwrap(), wanted);
    assert_eq!(settings(&f.state).unwrap(), wanted);
    assert!(f.state.data_dir().config_path().exists());

    let json = serde_json::to_value(&wanted).unwrap();
    assert_eq!(json["units"]["weight"], "lb");
    assert_eq!(
        json["priority"]["steps"],
        serde_json::json!(["exist", "demo"])
    );
}

#[test]
fn overview_has_the_four_cards() {
    let f = fixture(false);
    ingest_sample_data(&f.state);
    let cards = overview(&f.state, "UTC").unwrap();
    assert_eq!(cards.weight.metric, Metric::Weight);
    assert_eq!(cards.steps.metric, Metric::Steps);
    assert_eq!(cards.sleep.metric, Metric::SleepDuration);
    assert_eq!(
        overview(&f.state, "Mars/Olympus").unwrap_err().kind,
        ErrorKind::InvalidInput
    );
}

#[test]
fn workouts_and_latest_values() {
    let f = fixture(false);
    ingest_sample_data(&f.state);
    let mut batch = Batch::new("withings".parse().unwrap());
    batch.workouts.push(healthdash_core::Workout {
        start: T0 + 18 * HOUR,
        end: T0 + 18 * HOUR + 45 * 60,
        zone: Zone::UTC,
        kind: "running".to_owned(),
        energy_kcal: Some(520.0),
        distance_m: Some(8_200.0),
        record_id: Some("wkt:1".to_owned()),
    });
    batch.measurements.push(Measurement::sample(
        Metric::BloodPressureSystolic,
        T0 + 8 * HOUR,
        121.0,
        Zone::UTC,
    ));
    f.state.store().ingest(&batch).unwrap();

    let list = workouts(
        &f.state,
        &WorkoutsArgs {
            from: T0,
            to: T0 + DAY,
            sources: Vec::new(),
        },
    )
    .unwrap();
    let json = serde_json::to_value(&list).unwrap();
    assert_eq!(
        json,
        serde_json::json!([{
            "start": T0 + 18 * HOUR, "end": T0 + 18 * HOUR + 2700, "utc_offset": 0,
            "kind": "running", "energy_kcal": 520.0, "distance_m": 8200.0, "source": "withings"
        }])
    );
    let backwards = WorkoutsArgs {
        from: T0 + DAY,
        to: T0,
        sources: Vec::new(),
    };
    assert_eq!(
        workouts(&f.state, &backwards).unwrap_err().kind,
        ErrorKind::InvalidInput
    );

    let latest = latest_values(&f.state).unwrap();
    let metrics: Vec<_> = latest.iter().map(|l| l.metric).collect();
    // Catalogue order: heart rate, the systolic reading, steps, then the
    // night's totals; never the sleep stages or the workout.
    assert_eq!(
        metrics[..4],
        [
            Metric::HeartRate,
            Metric::BloodPressureSystolic,
            Metric::Steps,
            Metric::SleepDuration
        ]
    );
    assert!(!metrics.contains(&Metric::SleepStage));
    assert!(!metrics.contains(&Metric::Workout));
    assert_eq!(latest[1].value, 121.0);
    assert_eq!(latest[1].start, T0 + 8 * HOUR);
}

fn no_open_dialog() -> Result<Option<PathBuf>, IpcError> {
    panic!("the open dialog must not be shown with the test hook")
}

#[test]
fn an_exported_csv_imports_into_another_data_folder_once() {
    let original = fixture(true);
    ingest_sample_data(&original.state);
    let args = CsvExportArgs {
        metrics: Vec::new(),
        from: None,
        to: None,
        sources: Vec::new(),
        intraday: true,
    };
    let ExportOutcome::Saved { path, rows, .. } =
        export_csv(&original.state, &args, no_dialog).unwrap()
    else {
        panic!("expected a saved export");
    };
    let rows = rows.unwrap();

    let tmp = tempfile::tempdir().unwrap();
    let data_dir = DataDir::resolve(Some(tmp.path().join("data"))).unwrap();
    let restored = AppState::open(data_dir, None)
        .unwrap()
        .with_open_file(Some(PathBuf::from(&path)));
    let outcome = import_csv(&restored, no_open_dialog).unwrap();
    assert_eq!(
        outcome,
        ImportOutcome::Imported {
            path: path.clone(),
            rows,
            added: rows,
            replaced: 0,
            unchanged: 0,
        }
    );
    let again = import_csv(&restored, no_open_dialog).unwrap();
    assert!(
        matches!(again, ImportOutcome::Imported { added: 0, replaced: 0, unchanged, .. } if unchanged == rows),
        "{again:?}"
    );
    let mut back = Vec::new();
    healthdash_core::export::export_csv(&restored.store(), &csv_filter(&args).unwrap(), &mut back)
        .unwrap();
    assert_eq!(back, std::fs::read(&path).unwrap());
}

#[test]
fn a_wrong_csv_is_named_and_a_cancelled_import_reads_nothing() {
    let f = fixture(false);
    let file = f._tmp.path().join("theirs.csv");
    std::fs::write(&file, "date,steps\n2026-01-01,100\n").unwrap();
    let err = import_csv(&f.state, || Ok(Some(file.clone()))).unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidInput);
    assert!(
        err.message
            .starts_with("theirs.csv: not a Healthdash CSV export (header 'date,steps'"),
        "{}",
        err.message
    );
    assert!(f.state.store().is_empty().unwrap());

    assert_eq!(
        import_csv(&f.state, || Ok(None)).unwrap(),
        ImportOutcome::Cancelled
    );
    let missing = import_csv(&f.state, || Ok(Some(f._tmp.path().join("gone.csv")))).unwrap_err();
    assert_eq!(missing.message, "gone.csv: no such file");
}

/// A new user loading the demo: once the first batch (the last two weeks,
/// stored first) is in, the overview already shows today, not a day from a
/// year ago with nothing to compare.
#[test]
fn the_overview_shows_today_once_the_demos_first_batch_is_stored() {
    let f = fixture(false);
    let zone = Zone::UTC;
    let today = zone.local_date(chrono::Utc::now().timestamp());
    // 15:00 today: the person is up and has walked for most of a day.
    let now = zone.day_bounds(today).0 + 15 * HOUR;
    let options = healthdash_core::demo::DemoOptions::new(1, today, zone).ending_at(now);
    let first = healthdash_core::demo::batches(&options).next().unwrap();
    f.state.store().ingest(&first).unwrap();
    assert_eq!(app_info(&f.state).unwrap().demo, DemoStatus::Shown);

    let o = overview(&f.state, "UTC").unwrap();
    let day = |at: i64| zone.local_date(at);
    let steps = o.steps.latest.as_ref().expect("today's steps");
    assert_eq!(day(steps.start), today);
    assert!(
        (500.0..15_000.0).contains(&steps.value),
        "{} steps by 15:00",
        steps.value
    );
    assert!(o.steps.change.is_some(), "steps vs the 7 days before");

    let sleep = o.sleep.latest.as_ref().expect("last night");
    assert_eq!(
        sleep.end.map(day),
        Some(today),
        "the night that ended today"
    );
    let hours = sleep.value / 3600.0;
    assert!((5.0..10.0).contains(&hours), "{hours} h asleep");

    let resting = o.resting_heart_rate.latest.as_ref().expect("resting HR");
    assert_eq!(day(resting.start), today);
    assert!((45.0..75.0).contains(&resting.value), "{}", resting.value);
    let change = o.resting_heart_rate.change.expect("a change value");
    assert!(change.abs() < 10.0, "{change} bpm vs the week before");

    let weight = o.weight.latest.as_ref().expect("the latest weigh-in");
    assert!(
        (today - day(weight.start)).num_days() <= 3,
        "weighed on {}, every 1-3 days",
        day(weight.start)
    );
    assert!(o.weight.change.is_some());
    assert!(
        o.resting_heart_rate.sparkline.len() >= 14,
        "two weeks of sparkline"
    );
}
