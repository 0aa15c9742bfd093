//! `import apple-health` and `export csv --daily` (CONTRACT §12) through the
//! real binary, on exports built here from the public format facts: iOS 16's
//! broken DTD, a stray U+000B, a localized main file in a zip written with
//! data descriptors, nested Correlation records, fractions and lb/°F/mg/dL/kJ
//! units, offsets changing across DST and travel, iPhone/Watch/app overlap,
//! legacy `Asleep` and iOS 16 stages.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use crate::sandbox::wait_for;
use crate::util::*;

const WATCH: &str = r#"device="&lt;&lt;HKDevice: 0x283e5c0a0&gt;, name:Apple Watch, manufacturer:Apple Inc., model:Watch, hardware:Watch6,2, software:9.1&gt;""#;
const PHONE: &str = r#"device="&lt;&lt;HKDevice: 0x283e5c0b0&gt;, name:iPhone, manufacturer:Apple Inc., model:iPhone, hardware:iPhone14,2, software:16.1&gt;""#;

/// iOS 16's DTD: `<!ATTLIST VisionPrescription` never closed, a stray line.
const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>
<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 12 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord|Audiogram|VisionPrescription)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ATTLIST VisionPrescription
  type CDATA #REQUIRED
  dateIssued CDATA #REQUIRED
stray line from the exporter
]>
<HealthData locale=\"en_US\">
 <ExportDate value=\"2024-11-10 09:00:00 -0800\"/>
 <Me HKCharacteristicTypeIdentifierDateOfBirth=\"1980-01-01\" HKCharacteristicTypeIdentifierBiologicalSex=\"HKBiologicalSexFemale\"/>
";

fn rec(
    hk: &str,
    source: &str,
    device: &str,
    unit: &str,
    start: &str,
    end: &str,
    value: &str,
) -> String {
    let unit = if unit.is_empty() {
        String::new()
    } else {
        format!(" unit=\"{unit}\"")
    };
    format!(
        " <Record type=\"{hk}\" sourceName=\"{source}\" sourceVersion=\"9.1\" {device}{unit} creationDate=\"{end}\" startDate=\"{start}\" endDate=\"{end}\" value=\"{value}\"/>\n"
    )
}

fn q(
    hk: &str,
    source: &str,
    device: &str,
    unit: &str,
    start: &str,
    end: &str,
    value: &str,
) -> String {
    rec(
        &format!("HKQuantityTypeIdentifier{hk}"),
        source,
        device,
        unit,
        start,
        end,
        value,
    )
}

fn sleep(source: &str, device: &str, start: &str, end: &str, state: &str) -> String {
    rec(
        "HKCategoryTypeIdentifierSleepAnalysis",
        source,
        device,
        "",
        start,
        end,
        &format!("HKCategoryValueSleepAnalysis{state}"),
    )
}

/// The main fixture's records (without head and tail).
fn body() -> String {
    let zoe = "Apple Watch de Zoë\u{b}";
    let phone = "John’s iPhone";
    let mut x = String::new();
    // Units and fractions.
    x += &q(
        "BodyMass",
        "Health Mate",
        "",
        "lb",
        "2024-11-01 07:00:00 -0700",
        "2024-11-01 07:00:00 -0700",
        "154",
    );
    x += &q(
        "BodyFatPercentage",
        "Health Mate",
        "",
        "%",
        "2024-11-01 07:00:00 -0700",
        "2024-11-01 07:00:00 -0700",
        "0.214",
    );
    x += &q(
        "OxygenSaturation",
        zoe,
        WATCH,
        "%",
        "2024-11-01 03:00:00 -0700",
        "2024-11-01 03:00:00 -0700",
        "0.97",
    );
    x += &q(
        "BodyTemperature",
        "Thermo",
        "",
        "degF",
        "2024-11-01 08:00:00 -0700",
        "2024-11-01 08:00:00 -0700",
        "98.6",
    );
    x += &q(
        "BloodGlucose",
        "OneTouch",
        "",
        "mg/dL",
        "2024-11-01 09:00:00 -0700",
        "2024-11-01 09:00:00 -0700",
        "90",
    );
    x += &q(
        "ActiveEnergyBurned",
        zoe,
        WATCH,
        "kJ",
        "2024-11-01 10:00:00 -0700",
        "2024-11-01 10:05:00 -0700",
        "418.4",
    );
    x += &q(
        "BasalEnergyBurned",
        zoe,
        WATCH,
        "kcal",
        "2024-11-01 10:00:00 -0700",
        "2024-11-01 11:00:00 -0700",
        "70",
    );
    x += &q(
        "Height",
        "Health",
        "",
        "in",
        "2024-11-01 12:00:00 -0700",
        "2024-11-01 12:00:00 -0700",
        "70",
    );
    // HRV with its beat-to-beat children, which give no rows.
    x += &format!(
        " <Record type=\"HKQuantityTypeIdentifierHeartRateVariabilitySDNN\" sourceName=\"{zoe}\" {WATCH} unit=\"ms\" creationDate=\"2024-11-01 04:00:00 -0700\" startDate=\"2024-11-01 03:59:00 -0700\" endDate=\"2024-11-01 04:00:00 -0700\" value=\"48.5\">\n  <HeartRateVariabilityMetadataList>\n   <InstantaneousBeatsPerMinute bpm=\"61\" time=\"3:59:01.00 AM\"/>\n  </HeartRateVariabilityMetadataList>\n </Record>\n"
    );
    // The Watch and Health Mate at the same second: the Watch wins though Health Mate comes later.
    x += &q(
        "HeartRate",
        zoe,
        WATCH,
        "count/min",
        "2024-11-03 01:30:00 -0700",
        "2024-11-03 01:30:00 -0700",
        "65",
    );
    x += &q(
        "HeartRate",
        "Health Mate",
        "",
        "count/min",
        "2024-11-03 01:30:00 -0700",
        "2024-11-03 01:30:00 -0700",
        "70",
    );
    // After the DST change, same wall clock, an hour later in UTC.
    x += &q(
        "HeartRate",
        zoe,
        WATCH,
        "count/min",
        "2024-11-03 01:30:00 -0800",
        "2024-11-03 01:30:00 -0800",
        "58",
    );
    // Blood pressure: top-level copies count; the nested ones (here altered) do not.
    x += " <Correlation type=\"HKCorrelationTypeIdentifierBloodPressure\" sourceName=\"Health Mate\" creationDate=\"2024-11-01 07:05:00 -0700\" startDate=\"2024-11-01 07:05:00 -0700\" endDate=\"2024-11-01 07:05:00 -0700\">\n";
    x += &q(
        "BloodPressureSystolic",
        "Health Mate",
        "",
        "mmHg",
        "2024-11-01 07:05:00 -0700",
        "2024-11-01 07:05:00 -0700",
        "999",
    );
    x += &q(
        "BloodPressureDiastolic",
        "Health Mate",
        "",
        "mmHg",
        "2024-11-01 07:05:00 -0700",
        "2024-11-01 07:05:00 -0700",
        "999",
    );
    x += " </Correlation>\n";
    x += &q(
        "BloodPressureSystolic",
        "Health Mate",
        "",
        "mmHg",
        "2024-11-01 07:05:00 -0700",
        "2024-11-01 07:05:00 -0700",
        "121",
    );
    x += &q(
        "BloodPressureDiastolic",
        "Health Mate",
        "",
        "mmHg",
        "2024-11-01 07:05:00 -0700",
        "2024-11-01 07:05:00 -0700",
        "79",
    );
    // Steps on 2024-11-04 (-0800): iPhone 08–10 h, the Watch 09–10 h,
    // Pacer copying the phone, a manual entry over a Watch hour.
    x += &q(
        "StepCount",
        phone,
        PHONE,
        "count",
        "2024-11-04 08:00:00 -0800",
        "2024-11-04 10:00:00 -0800",
        "1000",
    );
    x += &q(
        "StepCount",
        zoe,
        WATCH,
        "count",
        "2024-11-04 09:00:00 -0800",
        "2024-11-04 10:00:00 -0800",
        "800",
    );
    x += &q(
        "StepCount",
        zoe,
        WATCH,
        "count",
        "2024-11-04 09:00:00 -0800",
        "2024-11-04 10:00:00 -0800",
        "800",
    );
    x += &q(
        "StepCount",
        "Pacer",
        "",
        "count",
        "2024-11-04 08:00:00 -0800",
        "2024-11-04 10:00:00 -0800",
        "1000",
    );
    x += &q(
        "StepCount",
        zoe,
        WATCH,
        "count",
        "2024-11-04 12:00:00 -0800",
        "2024-11-04 13:00:00 -0800",
        "300",
    );
    x += " <Record type=\"HKQuantityTypeIdentifierStepCount\" sourceName=\"Health\" unit=\"count\" creationDate=\"2024-11-04 13:00:00 -0800\" startDate=\"2024-11-04 12:00:00 -0800\" endDate=\"2024-11-04 13:00:00 -0800\" value=\"5000\">\n  <MetadataEntry key=\"HKWasUserEntered\" value=\"1\"/>\n </Record>\n";
    // Skipped: unknown type, unknown unit, a value that is no number.
    x += &q(
        "FlightsClimbed",
        phone,
        PHONE,
        "count",
        "2024-11-04 08:00:00 -0800",
        "2024-11-04 08:10:00 -0800",
        "3",
    );
    x += &q(
        "BodyMass",
        "Scale",
        "",
        "oz",
        "2024-11-04 08:00:00 -0800",
        "2024-11-04 08:00:00 -0800",
        "2400",
    );
    x += &q(
        "HeartRate",
        zoe,
        WATCH,
        "count/min",
        "2024-11-04 08:00:00 -0800",
        "2024-11-04 08:00:00 -0800",
        "fast",
    );
    // An iOS 16 night across the DST change: InBed from the phone, stages from the Watch.
    x += &sleep(
        phone,
        PHONE,
        "2024-11-02 23:00:00 -0700",
        "2024-11-03 07:00:00 -0800",
        "InBed",
    );
    x += &sleep(
        zoe,
        WATCH,
        "2024-11-02 23:30:00 -0700",
        "2024-11-03 01:30:00 -0700",
        "AsleepCore",
    );
    x += &sleep(
        zoe,
        WATCH,
        "2024-11-03 01:30:00 -0700",
        "2024-11-03 01:00:00 -0800",
        "AsleepDeep",
    );
    x += &sleep(
        zoe,
        WATCH,
        "2024-11-03 01:00:00 -0800",
        "2024-11-03 03:00:00 -0800",
        "AsleepREM",
    );
    x += &sleep(
        zoe,
        WATCH,
        "2024-11-03 03:00:00 -0800",
        "2024-11-03 03:10:00 -0800",
        "Awake",
    );
    x += &sleep(
        zoe,
        WATCH,
        "2024-11-03 03:10:00 -0800",
        "2024-11-03 06:00:00 -0800",
        "AsleepCore",
    );
    // A legacy night abroad (+0200), before iOS 16.
    x += &sleep(
        phone,
        PHONE,
        "2019-05-01 23:00:00 +0200",
        "2019-05-02 06:30:00 +0200",
        "Asleep",
    );
    // A run: active time 30.5 min in a 35-minute span; its statistics are not samples.
    x += &format!(
        " <Workout workoutActivityType=\"HKWorkoutActivityTypeRunning\" duration=\"30.5\" durationUnit=\"min\" sourceName=\"{zoe}\" {WATCH} creationDate=\"2024-11-05 07:35:00 -0800\" startDate=\"2024-11-05 07:00:00 -0800\" endDate=\"2024-11-05 07:35:00 -0800\">\n  <WorkoutEvent type=\"HKWorkoutEventTypePause\" date=\"2024-11-05 07:10:00 -0800\" duration=\"4.5\" durationUnit=\"min\"/>\n  <WorkoutStatistics type=\"HKQuantityTypeIdentifierActiveEnergyBurned\" startDate=\"2024-11-05 07:00:00 -0800\" endDate=\"2024-11-05 07:35:00 -0800\" sum=\"300\" unit=\"kcal\"/>\n </Workout>\n"
    );
    x += " <ActivitySummary dateComponents=\"2024-11-04\" activeEnergyBurned=\"500\" activeEnergyBurnedGoal=\"400\" activeEnergyBurnedUnit=\"kcal\"/>\n";
    x
}

fn export_xml(body: &str) -> String {
    format!("{HEAD}{body}</HealthData>\n")
}

/// A zip as Health writes it: streamed (data descriptors), the CDA first,
/// the main XML under a localized name, routes beside it.
fn write_zip(path: &Path, main_name: &str, xml: &str) {
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new_stream(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("apple_health_export/export_cda.xml", options)
        .unwrap();
    zip.write_all(b"<?xml version=\"1.0\"?>\n<ClinicalDocument/>\n")
        .unwrap();
    zip.start_file(main_name, options).unwrap();
    zip.write_all(xml.as_bytes()).unwrap();
    zip.start_file(
        "apple_health_export/workout-routes/route_2024-11-05.gpx",
        options,
    )
    .unwrap();
    zip.write_all(b"<gpx/>").unwrap();
    zip.finish().unwrap();
}

fn import(data: &TempData, file: &Path) -> String {
    let out = data.cli(&["import", "apple-health", file.to_str().unwrap()]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert_eq!(stdout(&out), "", "stdout stays empty");
    assert_eq!(err.lines().count(), 1, "one summary line: {err:?}");
    err.trim_end().to_owned()
}

fn export(data: &TempData, extra: &[&str]) -> String {
    let mut args = vec!["export", "csv", "--out", "-"];
    args.extend_from_slice(extra);
    let out = data.cli(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

/// (start, end, value, detail) of one metric's rows.
fn rows(data: &TempData, metric: &str, daily: bool) -> Vec<(String, String, f64, String)> {
    let mut args = vec!["--metric", metric];
    if daily {
        args.push("--daily");
    }
    export(data, &args)
        .lines()
        .skip(1)
        .map(|line| {
            let cells: Vec<&str> = line.splitn(7, ',').collect();
            assert_eq!(cells[5], "apple_health", "{line}");
            (
                cells[1].to_owned(),
                cells[2].to_owned(),
                cells[3].parse().unwrap(),
                cells[6].to_owned(),
            )
        })
        .collect()
}

fn value_at(data: &TempData, metric: &str, start: &str) -> f64 {
    let found: Vec<f64> = rows(data, metric, false)
        .into_iter()
        .filter(|r| r.0 == start)
        .map(|r| r.2)
        .collect();
    assert_eq!(found.len(), 1, "{metric} at {start}: {found:?}");
    found[0]
}

fn close(actual: f64, expected: f64) {
    assert!(
        ((actual - expected) / expected).abs() < 1e-6,
        "{actual} is not {expected}"
    );
}

fn imported() -> (TempData, PathBuf) {
    let data = TempData::new();
    let zip = data.path().join("export.zip");
    write_zip(&zip, "apple_health_export/导出.xml", &export_xml(&body()));
    (data, zip)
}

#[test]
fn an_export_is_mapped_converted_and_ranked_by_source() {
    let (data, zip) = imported();
    let line = import(&data, &zip);
    assert!(line.contains("skipped 3"), "{line}");
    assert!(
        line.contains("HKQuantityTypeIdentifierFlightsClimbed 1"),
        "{line}"
    );

    close(
        value_at(&data, "weight", "2024-11-01T14:00:00Z"),
        69.853_225,
    );
    close(
        value_at(&data, "body_fat_percent", "2024-11-01T14:00:00Z"),
        21.4,
    );
    close(value_at(&data, "spo2", "2024-11-01T10:00:00Z"), 97.0);
    close(
        value_at(&data, "body_temperature", "2024-11-01T15:00:00Z"),
        37.0,
    );
    close(
        value_at(&data, "blood_glucose", "2024-11-01T16:00:00Z"),
        4.995_672,
    );
    close(
        value_at(&data, "active_energy", "2024-11-01T17:00:00Z"),
        100.0,
    );
    close(
        value_at(&data, "basal_energy", "2024-11-01T17:00:00Z"),
        70.0,
    );
    close(value_at(&data, "height", "2024-11-01T19:00:00Z"), 1.778);
    close(value_at(&data, "hrv_sdnn", "2024-11-01T10:59:00Z"), 48.5);
    // Nested Correlation copies are ignored.
    close(
        value_at(&data, "blood_pressure_systolic", "2024-11-01T14:05:00Z"),
        121.0,
    );
    close(
        value_at(&data, "blood_pressure_diastolic", "2024-11-01T14:05:00Z"),
        79.0,
    );

    // The Watch beats Health Mate at the same second; DST gives two instants.
    let hr = rows(&data, "heart_rate", false);
    assert_eq!(
        hr.iter().map(|r| (r.0.as_str(), r.2)).collect::<Vec<_>>(),
        [
            ("2024-11-03T08:30:00Z", 65.0),
            ("2024-11-03T09:30:00Z", 58.0)
        ]
    );
    // The stray U+000B is gone from the source name, the ë stays.
    assert_eq!(hr[0].3, "Apple Watch de Zoë");

    // The workout's value is its active time.
    let workouts = rows(&data, "workout", false);
    assert_eq!(workouts.len(), 1);
    assert_eq!(workouts[0].2, 1830.0);
    assert_eq!(workouts[0].3, "HKWorkoutActivityTypeRunning");
}

#[test]
fn nights_and_stages_follow_the_watch_across_dst_and_legacy_asleep_has_no_stages() {
    let (data, zip) = imported();
    import(&data, &zip);
    let night = |metric| {
        rows(&data, metric, false)
            .into_iter()
            .map(|r| (r.0, r.1, r.2))
            .collect::<Vec<_>>()
    };
    let s = |a: &str, b: &str, v: f64| (a.to_owned(), b.to_owned(), v);
    assert_eq!(
        night("sleep_duration"),
        [
            s("2019-05-01T21:00:00Z", "2019-05-02T04:30:00Z", 27_000.0),
            s("2024-11-03T06:00:00Z", "2024-11-03T15:00:00Z", 26_400.0),
        ]
    );
    assert_eq!(
        night("sleep_light_duration"),
        [s("2024-11-03T06:00:00Z", "2024-11-03T15:00:00Z", 17_400.0)]
    );
    assert_eq!(
        night("sleep_deep_duration"),
        [s("2024-11-03T06:00:00Z", "2024-11-03T15:00:00Z", 1_800.0)]
    );
    assert_eq!(
        night("sleep_rem_duration"),
        [s("2024-11-03T06:00:00Z", "2024-11-03T15:00:00Z", 7_200.0)]
    );
    assert_eq!(
        night("sleep_awake_duration"),
        [s("2024-11-03T06:00:00Z", "2024-11-03T15:00:00Z", 600.0)]
    );
    let stages: Vec<f64> = night("sleep_stage").into_iter().map(|r| r.2).collect();
    assert_eq!(stages, [1.0, 2.0, 3.0, 0.0, 1.0]);
}

#[test]
fn daily_steps_count_each_second_once_by_source_priority() {
    let (data, zip) = imported();
    import(&data, &zip);
    let steps = rows(&data, "steps", true);
    // Watch 800 + the phone's uncovered hour 500 + manual 5000; Pacer adds nothing.
    assert_eq!(steps.len(), 1, "{steps:?}");
    assert_eq!(
        (steps[0].0.as_str(), steps[0].1.as_str(), steps[0].2),
        ("2024-11-04T08:00:00Z", "2024-11-05T08:00:00Z", 6_300.0)
    );
    let out = data.cli(&[
        "export",
        "csv",
        "--daily",
        "--metric",
        "heart_rate",
        "--out",
        "-",
    ]);
    assert_one_line_error(&out, "heart_rate");
}

#[test]
fn a_bare_xml_with_a_bom_imports_like_the_zip() {
    let (zipped, zip) = imported();
    import(&zipped, &zip);
    let data = TempData::new();
    let xml = data.path().join("export.xml");
    std::fs::write(&xml, format!("\u{feff}{}", export_xml(&body()))).unwrap();
    import(&data, &xml);
    assert_eq!(export(&data, &[]), export(&zipped, &[]));
}

#[test]
fn importing_again_changes_nothing_and_a_newer_export_adds_its_week() {
    let (data, zip) = imported();
    import(&data, &zip);
    let (csv, daily) = (export(&data, &[]), export(&data, &["--daily"]));
    import(&data, &zip);
    assert_eq!(export(&data, &[]), csv);
    assert_eq!(export(&data, &["--daily"]), daily);

    // A week later: the same records with energy in kcal (a kJ round trip),
    // one corrected weight, and a new week of steps.
    let mut newer = body()
        .replace("unit=\"kJ\"", "unit=\"kcal\"")
        .replace("value=\"418.4\"", "value=\"100.00000001\"")
        .replace("unit=\"lb\" creationDate=\"2024-11-01 07:00:00 -0700\" startDate=\"2024-11-01 07:00:00 -0700\" endDate=\"2024-11-01 07:00:00 -0700\" value=\"154\"", "unit=\"lb\" creationDate=\"2024-11-01 07:00:00 -0700\" startDate=\"2024-11-01 07:00:00 -0700\" endDate=\"2024-11-01 07:00:00 -0700\" value=\"155\"");
    for day in 11..18 {
        newer += &q(
            "StepCount",
            "John’s iPhone",
            PHONE,
            "count",
            &format!("2024-11-{day} 08:00:00 -0800"),
            &format!("2024-11-{day} 09:00:00 -0800"),
            "1234",
        );
    }
    let newer_zip = data.path().join("export-newer.zip");
    write_zip(
        &newer_zip,
        "apple_health_export/export.xml",
        &export_xml(&newer),
    );
    let line = import(&data, &newer_zip);
    // Values a lower-priority record wrote first count as replaced too, so
    // only the new rows are counted exactly; the export shows the rest.
    assert!(line.contains(": 7 new,"), "{line}");
    let after = export(&data, &[]);
    let old: Vec<&str> = csv.lines().collect();
    let added: Vec<&str> = after.lines().filter(|l| !old.contains(l)).collect();
    assert_eq!(added.len(), 8, "{added:#?}");
    assert!(added.iter().filter(|l| l.starts_with("steps,")).count() == 7);
    assert!(
        added
            .iter()
            .any(|l| l.starts_with("weight,2024-11-01T14:00:00Z,,70.30681735,")),
        "{added:#?}"
    );
}

#[test]
fn each_bad_input_is_one_line_and_stores_nothing() {
    let (data, zip) = imported();
    import(&data, &zip);
    let before = export(&data, &[]);
    let file = |name: &str, bytes: &[u8]| {
        let path = data.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let zip_bytes = std::fs::read(&zip).unwrap();
    let no_main = data.path().join("no-main.zip");
    {
        let mut w = zip::ZipWriter::new(std::fs::File::create(&no_main).unwrap());
        w.start_file(
            "apple_health_export/export_cda.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        w.write_all(b"<ClinicalDocument/>").unwrap();
        w.finish().unwrap();
    }
    let cases: Vec<(PathBuf, &str)> = vec![
        (data.path().join("nowhere.zip"), "no such file"),
        (file("empty.zip", b""), "empty"),
        (
            file("picture.zip", b"\x89PNG\r\n\x1a\n0000"),
            "not a zip archive or XML file",
        ),
        (
            file("truncated.zip", &zip_bytes[..zip_bytes.len() / 2]),
            "cannot read the zip",
        ),
        (no_main, "no export.xml in the zip"),
        (
            file(
                "interrupted.xml",
                export_xml(&body())
                    .trim_end_matches("</HealthData>\n")
                    .as_bytes(),
            ),
            "cannot read the export at line",
        ),
        (
            file(
                "broken.xml",
                format!("{HEAD}<Record type=\"x\">\n</Workout>\n</HealthData>\n").as_bytes(),
            ),
            "cannot read the export at line 17",
        ),
        (
            file("other-root.xml", b"<?xml version=\"1.0\"?>\n<plist/>\n"),
            "cannot read the export at line 2",
        ),
    ];
    for (path, needle) in cases {
        let out = data.cli(&["import", "apple-health", path.to_str().unwrap()]);
        assert_one_line_error(&out, needle);
        assert!(
            stderr(&out).contains("export again") || needle == "no such file",
            "{}",
            stderr(&out)
        );
        assert_eq!(
            export(&data, &[]),
            before,
            "{} stored something",
            path.display()
        );
    }
    let out = data.cli(&["import", "google-fit", zip.to_str().unwrap()]);
    assert_one_line_error(&out, "google-fit");
}

#[test]
fn killing_an_import_midway_keeps_the_data_as_it_was() {
    let (data, zip) = imported();
    import(&data, &zip);
    let before = export(&data, &[]);
    let mut big = String::new();
    let start = at("2023-01-01T00:00:00Z");
    for i in 0..300_000i64 {
        let t = chrono::DateTime::from_timestamp(start + i * 60, 0).unwrap();
        let stamp = t.format("%Y-%m-%d %H:%M:%S +0000").to_string();
        big += &q(
            "HeartRate",
            "Apple Watch",
            WATCH,
            "count/min",
            &stamp,
            &stamp,
            &(55 + i % 40).to_string(),
        );
    }
    let path = data.path().join("big.xml");
    std::fs::write(&path, export_xml(&big)).unwrap();
    let half = std::fs::metadata(&path).unwrap().len() / 2;
    let mut child = data
        .command(&["import", "apple-health", path.to_str().unwrap()], &[])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let io = format!("/proc/{}/io", child.id());
    let midway = wait_for(Duration::from_secs(120), || {
        std::fs::read_to_string(&io).is_ok_and(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("rchar: "))
                .and_then(|n| n.trim().parse::<u64>().ok())
                .is_some_and(|read| read > half)
        })
    });
    let still_running = child.try_wait().unwrap().is_none();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        midway && still_running,
        "killed while the import was running"
    );
    assert_eq!(export(&data, &[]), before);
}
