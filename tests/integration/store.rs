//! The store: idempotent upserts, corrections, nights and workouts, and
//! refusing files that are not ours without touching them.

use healthdash_core::model::{SleepNight, SleepStage, StageInterval, Workout};
use healthdash_core::query::{SourcePriority, TimeRange, daily_values, latest, sleep_nights};
use healthdash_core::{Batch, Error, Measurement, Metric, Store, Zone};

use crate::util::*;

/// metric, start, end, value, source, detail
type Row = (String, i64, Option<i64>, f64, String, Option<String>);
/// metric id, level, intraday, source id, bucket, n, min, max
type RollupRow = (i64, i64, i64, i64, i64, f64, f64, f64);

fn dump(data: &TempData) -> Vec<Row> {
    let conn = data.raw();
    let mut stmt = conn
        .prepare(
            "SELECT m.name, start_utc, end_utc, value, s.name, detail FROM measurements
             JOIN metrics m ON m.id = metric_id JOIN sources s ON s.id = source_id
             ORDER BY 1, 2, 5, 3",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
        ))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

fn rollup_dump(data: &TempData) -> Vec<RollupRow> {
    let conn = data.raw();
    let mut stmt = conn
        .prepare("SELECT metric_id, level, intraday, source_id, bucket, n, min, max FROM rollups ORDER BY 1, 2, 3, 4, 5")
        .unwrap();
    stmt.query_map([], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
            r.get(7)?,
        ))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

fn night(start: &str) -> SleepNight {
    use SleepStage::*;
    let s = at(start);
    let stages = [
        (0, 900, Awake),
        (900, 6300, Light),
        (6300, 12600, Deep),
        (12600, 14400, Rem),
        (14400, 15000, Awake),
        (15000, 27000, Light),
    ]
    .into_iter()
    .map(|(a, b, stage)| StageInterval {
        start: s + a,
        end: s + b,
        stage,
    })
    .collect();
    SleepNight::from_stages(s, s + 27000, zone("Europe/Paris"), stages)
}

#[test]
fn the_same_batch_twice_stores_the_same_rows() {
    let data = TempData::new();
    let mut store = data.store();
    let mut b = batch(
        "withings",
        vec![
            hr("2026-01-01T08:00:00Z", 61.0),
            hr("2026-01-01T08:01:00Z", 64.0),
            Measurement::interval(
                Metric::Steps,
                at("2026-01-01T00:00:00Z"),
                at("2026-01-02T00:00:00Z"),
                8042.0,
                Zone::UTC,
            ),
        ],
    );
    b.nights.push(night("2025-12-31T22:30:00Z"));
    b.workouts.push(Workout {
        start: at("2026-01-01T17:00:00Z"),
        end: at("2026-01-01T17:45:00Z"),
        zone: Zone::UTC,
        kind: "running".into(),
        energy_kcal: Some(420.0),
        distance_m: Some(7200.0),
        record_id: None,
    });
    let first = store.ingest(&b).unwrap();
    let rows = dump(&data);
    let rollups = rollup_dump(&data);
    // 3 measurements + 7 per-night metrics + 6 stages + 1 workout.
    assert_eq!(first.inserted, 17);
    let second = store.ingest(&b).unwrap();
    assert_eq!((second.inserted, second.updated, second.removed), (0, 0, 0));
    assert_eq!(second.unchanged, 17);
    assert_eq!(dump(&data), rows);
    assert_eq!(rollup_dump(&data), rollups);
}

#[test]
fn a_corrected_value_replaces_the_old_one_and_rollups_follow() {
    let data = TempData::new();
    let mut store = data.store();
    store
        .ingest(&batch(
            "withings",
            vec![
                hr("2026-01-01T08:00:00Z", 61.0),
                hr("2026-01-01T08:30:00Z", 190.0),
            ],
        ))
        .unwrap();
    // The 190 bpm reading was an artefact; the provider corrects it.
    let report = store
        .ingest(&batch("withings", vec![hr("2026-01-01T08:30:00Z", 70.0)]))
        .unwrap();
    assert_eq!((report.inserted, report.updated), (0, 1));

    let rows = dump(&data);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1].3, 70.0);
    let day = daily_values(
        &store,
        Metric::HeartRate,
        date("2026-01-01"),
        date("2026-01-01"),
        &[],
        &SourcePriority::default(),
    )
    .unwrap();
    assert_eq!(day.len(), 1);
    assert_eq!(
        (day[0].min, day[0].max, day[0].n),
        (61.0, 70.0, 2),
        "max must shrink back to 70"
    );
    assert_eq!(day[0].value, 65.5);
    assert_eq!(
        latest(&store, Metric::HeartRate, &SourcePriority::default())
            .unwrap()
            .unwrap()
            .value,
        70.0
    );
}

#[test]
fn a_corrected_night_replaces_the_old_night_and_its_stages() {
    let data = TempData::new();
    let mut store = data.store();
    let mut b = Batch::new(source("withings"));
    b.nights.push(night("2025-12-31T22:30:00Z"));
    store.ingest(&b).unwrap();
    // The provider re-scores the night: it started 30 minutes later.
    let mut b = Batch::new(source("withings"));
    b.nights.push(night("2025-12-31T23:00:00Z"));
    store.ingest(&b).unwrap();

    let nights = sleep_nights(&store, TimeRange::all(), &[], &SourcePriority::default()).unwrap();
    assert_eq!(nights.len(), 1);
    assert_eq!(nights[0].start, at("2025-12-31T23:00:00Z"));
    let stages: Vec<_> = dump(&data)
        .into_iter()
        .filter(|r| r.0 == "sleep_stage")
        .collect();
    assert_eq!(stages.len(), 6);
    assert!(stages.iter().all(|r| r.1 >= at("2025-12-31T23:00:00Z")));
    let durations: Vec<_> = dump(&data)
        .into_iter()
        .filter(|r| r.0 == "sleep_duration")
        .collect();
    assert_eq!(durations.len(), 1);
    assert_eq!(durations[0].3, 25_500.0);
}

#[test]
fn an_invalid_record_rejects_the_batch_and_keeps_what_was_stored() {
    let data = TempData::new();
    let mut store = data.store();
    store
        .ingest(&batch("withings", vec![hr("2026-01-01T08:00:00Z", 61.0)]))
        .unwrap();
    let before = dump(&data);
    let bad = batch(
        "withings",
        vec![
            hr("2026-01-01T09:00:00Z", 62.0),
            hr("2026-01-01T09:01:00Z", f64::INFINITY),
        ],
    );
    let err = store.ingest(&bad).unwrap_err().to_string();
    assert_eq!(
        err,
        "invalid record for heart_rate at 2026-01-01T09:01:00Z: value inf is not a number"
    );
    assert_eq!(dump(&data), before);
}

#[test]
fn points_and_intervals_with_the_same_start_are_different_records() {
    let data = TempData::new();
    let mut store = data.store();
    let t = at("2026-01-01T00:00:00Z");
    let b = batch(
        "withings",
        vec![
            Measurement::interval(Metric::Steps, t, t + 86_400, 9000.0, Zone::UTC),
            Measurement::interval(Metric::Steps, t, t + 900, 120.0, Zone::UTC).as_intraday(),
        ],
    );
    assert_eq!(store.ingest(&b).unwrap().inserted, 2);
    let day = daily_values(
        &store,
        Metric::Steps,
        date("2026-01-01"),
        date("2026-01-01"),
        &[],
        &SourcePriority::default(),
    )
    .unwrap();
    assert_eq!(
        day[0].value, 9000.0,
        "the reported total wins over the intraday detail"
    );
}

fn assert_refused_and_untouched(path: &std::path::Path, expected: &str) {
    let before = std::fs::read(path).unwrap();
    let err = match Store::open(path) {
        Ok(_) => panic!("{} was accepted", path.display()),
        Err(e) => e,
    };
    let msg = err.to_string();
    assert!(matches!(err, Error::ForeignDatabase { .. }), "{msg}");
    assert!(msg.contains(expected), "{msg}");
    assert_eq!(msg.lines().count(), 1, "{msg}");
    assert_eq!(
        std::fs::read(path).unwrap(),
        before,
        "the file was modified"
    );
}

#[test]
fn a_corrupt_file_is_refused_untouched() {
    let data = TempData::new();
    std::fs::write(
        data.db_path(),
        b"this is not a database, it is a shopping list\n".repeat(100),
    )
    .unwrap();
    assert_refused_and_untouched(
        &data.db_path(),
        "not a Healthdash database (file is not a database)",
    );
}

#[test]
fn another_programs_database_is_refused_untouched() {
    let data = TempData::new();
    {
        let conn = data.raw();
        conn.execute_batch("PRAGMA journal_mode = DELETE; CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5);")
            .unwrap();
    }
    assert_refused_and_untouched(
        &data.db_path(),
        "holds 1 tables or indexes of another program",
    );
}

#[test]
fn a_truncated_database_is_refused_untouched() {
    let data = TempData::new();
    {
        let mut store = data.store();
        let many: Vec<_> = (0..5000)
            .map(|i| hr("2026-01-01T00:00:00Z", 60.0).with_record_id(i.to_string()))
            .collect();
        let mut b = batch("withings", many);
        for (i, m) in b.measurements.iter_mut().enumerate() {
            m.start += i as i64 * 60;
        }
        store.ingest(&b).unwrap();
    }
    // Fold the WAL back in, then cut the file in half as a failed copy would.
    data.raw()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")
        .unwrap();
    let bytes = std::fs::read(data.db_path()).unwrap();
    std::fs::write(data.db_path(), &bytes[..bytes.len() / 2]).unwrap();
    assert_refused_and_untouched(&data.db_path(), "truncated");
}

#[test]
fn an_empty_file_becomes_a_database() {
    let data = TempData::new();
    std::fs::write(data.db_path(), b"").unwrap();
    let store = Store::open(&data.db_path()).unwrap();
    assert!(store.is_empty().unwrap());
}
