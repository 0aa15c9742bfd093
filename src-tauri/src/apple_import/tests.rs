use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};

use healthdash_core::config::DataDir;

use super::*;

const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<HealthData locale=\"en_US\">\n <ExportDate value=\"2024-11-06 08:00:00 -0800\"/>\n";
const WATCH: &str = r#"sourceName="Zoe’s Apple Watch" device="&lt;&lt;HKDevice: 0x1&gt;, name:Apple Watch, manufacturer:Apple Inc., model:Watch, hardware:Watch6,2, software:9.1&gt;""#;

fn record(kind: &str, unit: &str, start: &str, end: &str, value: &str) -> String {
    format!(
        " <Record type=\"HKQuantityTypeIdentifier{kind}\" {WATCH} unit=\"{unit}\" creationDate=\"{end}\" startDate=\"{start}\" endDate=\"{end}\" value=\"{value}\"/>\n"
    )
}

/// HRV, resting and active energy, and one type Healthdash does not keep.
fn export_xml() -> String {
    let mut x = HEAD.to_owned();
    x += &record(
        "HeartRateVariabilitySDNN",
        "ms",
        "2024-11-05 03:00:00 -0800",
        "2024-11-05 03:01:00 -0800",
        "48.5",
    );
    x += &record(
        "BasalEnergyBurned",
        "kcal",
        "2024-11-05 10:00:00 -0800",
        "2024-11-05 11:00:00 -0800",
        "70",
    );
    x += &record(
        "ActiveEnergyBurned",
        "kcal",
        "2024-11-05 10:00:00 -0800",
        "2024-11-05 11:00:00 -0800",
        "120",
    );
    x += &record(
        "FlightsClimbed",
        "count",
        "2024-11-05 10:00:00 -0800",
        "2024-11-05 10:05:00 -0800",
        "3",
    );
    x + "</HealthData>\n"
}

fn write_zip(path: &Path, xml: &str) {
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("apple_health_export/export.xml", options)
        .unwrap();
    zip.write_all(xml.as_bytes()).unwrap();
    zip.finish().unwrap();
}

struct Fixture {
    tmp: tempfile::TempDir,
    state: AppState,
}

fn fixture() -> Fixture {
    let tmp = tempfile::tempdir().unwrap();
    let data_dir = DataDir::resolve(Some(tmp.path().join("data"))).unwrap();
    let state = AppState::open(data_dir, None).unwrap();
    Fixture { tmp, state }
}

fn measurements(state: &AppState, metric: &str) -> i64 {
    let db = rusqlite::Connection::open(state.data_dir().database_path()).unwrap();
    db.query_row(
        "SELECT count(*) FROM measurements m JOIN metrics k ON k.id = m.metric_id WHERE k.name = ?1",
        [metric],
        |row| row.get(0),
    )
    .unwrap()
}

fn no_dialog() -> Result<Option<PathBuf>, IpcError> {
    panic!("a dropped file needs no dialog")
}

#[test]
fn a_dropped_zip_is_imported_with_its_summary_and_progress() {
    let f = fixture();
    let zip = f.tmp.path().join("export.zip");
    write_zip(&zip, &export_xml());
    let seen = AtomicU64::new(0);
    let outcome = import(&f.state, Some(zip), no_dialog, |p| {
        assert!(p.bytes <= p.total_bytes);
        seen.store(p.records, Ordering::SeqCst);
    })
    .unwrap();
    let AppleImportOutcome::Imported {
        name,
        records,
        added,
        skipped,
        skipped_types,
        ..
    } = outcome
    else {
        panic!("expected an import, got {outcome:?}");
    };
    assert_eq!(name, "export.zip");
    assert_eq!((records, added, skipped), (3, 3, 1));
    assert_eq!(
        skipped_types,
        vec![SkippedType {
            kind: "HKQuantityTypeIdentifierFlightsClimbed".into(),
            count: 1
        }]
    );
    assert_eq!(
        seen.load(Ordering::SeqCst),
        3,
        "progress counted the records"
    );
    assert_eq!(measurements(&f.state, "hrv_sdnn"), 1);
    assert_eq!(measurements(&f.state, "basal_energy"), 1);
}

#[test]
fn a_cancelled_import_stores_nothing_and_frees_the_slot() {
    let f = fixture();
    let xml = f.tmp.path().join("export.xml");
    std::fs::write(&xml, export_xml()).unwrap();
    let err = import(&f.state, Some(xml.clone()), no_dialog, |_| {
        assert!(f.state.apple_import.cancel(), "an import runs");
    })
    .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Cancelled);
    assert_eq!(err.message, "import cancelled: nothing was stored");
    assert_eq!(measurements(&f.state, "hrv_sdnn"), 0);
    assert!(!f.state.apple_import.cancel(), "nothing runs any more");
    // The next import starts afresh, not cancelled.
    let again = import(&f.state, Some(xml), no_dialog, |_| {}).unwrap();
    assert!(matches!(
        again,
        AppleImportOutcome::Imported { records: 3, .. }
    ));
}

#[test]
fn a_second_import_while_one_runs_is_busy() {
    let f = fixture();
    let xml = f.tmp.path().join("export.xml");
    std::fs::write(&xml, export_xml()).unwrap();
    assert!(
        f.state.apple_import.begin(),
        "standing in for a running import"
    );
    let err = import(&f.state, Some(xml), no_dialog, |_| {}).unwrap_err();
    f.state.apple_import.end();
    assert_eq!(err.kind, ErrorKind::Busy);
    assert_eq!(measurements(&f.state, "hrv_sdnn"), 0);
}

#[test]
fn errors_are_one_plain_line_naming_the_file() {
    let f = fixture();
    let not_export = f.tmp.path().join("notes.xml");
    std::fs::write(&not_export, "<?xml version=\"1.0\"?>\n<notes/>\n").unwrap();
    let err = import(&f.state, Some(not_export), no_dialog, |_| {}).unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidInput);
    assert!(err.message.starts_with("notes.xml: "), "{}", err.message);
    assert!(!err.message.contains('\n'));

    let gone = f.tmp.path().join("gone.zip");
    let err = import(&f.state, Some(gone), no_dialog, |_| {}).unwrap_err();
    assert_eq!(err.message, "gone.zip: no such file");
}

#[test]
fn closing_the_dialog_imports_nothing() {
    let f = fixture();
    let outcome = import(&f.state, None, || Ok(None), |_| {}).unwrap();
    assert_eq!(outcome, AppleImportOutcome::Cancelled);
    assert!(!f.state.apple_import.cancel(), "the slot is free again");
}
