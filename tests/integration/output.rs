//! Where the CLI writes: quiet when its reader goes away, in place into
//! FIFOs and devices (never replacing them), atomically over regular files,
//! and no temporary files left behind by a killed export.

use std::os::unix::fs::FileTypeExt;
use std::path::Path;
use std::process::Stdio;

use crate::util::*;

/// A data folder with a day of heart rate from "withings".
fn with_heart_rate() -> TempData {
    let data = TempData::new();
    let rows = (0..600)
        .map(|i| {
            let mut m = hr("2026-01-01T00:00:00Z", 60.0 + f64::from(i % 30));
            m.start += i64::from(i) * 60;
            m
        })
        .collect();
    data.store().ingest(&batch("withings", rows)).unwrap();
    data
}

fn assert_quiet_end(out: &std::process::Output, what: &str) {
    let err = stderr(out);
    assert_ne!(out.status.code(), Some(101), "{what} panicked: {err}");
    assert!(!err.contains("panicked"), "{what}: {err}");
    assert!(!err.contains("Broken pipe"), "{what}: {err}");
    assert_eq!(out.status.code(), Some(0), "{what}: {err}");
}

#[test]
fn a_reader_that_goes_away_ends_every_command_quietly() {
    let data = with_heart_rate();
    for args in [
        &["metrics"][..],
        &["providers"],
        &["export", "csv", "--out", "-"],
    ] {
        let mut child = data
            .command(args, &[])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take()); // the reader is gone before the first line
        let out = child.wait_with_output().unwrap();
        assert_quiet_end(&out, &args.join(" "));
    }
}

#[test]
fn a_closed_stderr_does_not_crash_a_command() {
    let data = TempData::new();
    let mut child = data
        .command(
            &[
                "demo",
                "--years",
                "1",
                "--until",
                "2026-01-31",
                "--tz",
                "UTC",
            ],
            &[],
        )
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
}

fn csv_to_stdout(data: &TempData) -> String {
    let out = data.cli(&["export", "csv", "--out", "-"]);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

/// Runs the CLI with `args` while reading all of `fifo`, which must stay a FIFO.
fn run_into_fifo(data: &TempData, args: &[&str], fifo: &Path) -> Vec<u8> {
    let child = data
        .command(args, &[])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let reader = {
        let fifo = fifo.to_owned();
        std::thread::spawn(move || std::fs::read(fifo).unwrap())
    };
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    // Checked before joining: the reader would wait for ever on a FIFO
    // that was replaced.
    assert!(
        std::fs::symlink_metadata(fifo)
            .unwrap()
            .file_type()
            .is_fifo(),
        "{} was replaced",
        fifo.display()
    );
    reader.join().unwrap()
}

#[test]
fn a_fifo_receives_the_output_and_stays_a_fifo() {
    let data = with_heart_rate();
    let fifo = data.path().join("out.csv");
    mkfifo(&fifo);
    let received = run_into_fifo(
        &data,
        &["export", "csv", "--out", fifo.to_str().unwrap()],
        &fifo,
    );
    assert_eq!(String::from_utf8(received).unwrap(), csv_to_stdout(&data));

    let chart = data.path().join("chart.svg");
    mkfifo(&chart);
    let svg = run_into_fifo(
        &data,
        &["chart", "heart_rate", "--out", chart.to_str().unwrap()],
        &chart,
    );
    assert!(String::from_utf8(svg).unwrap().contains("<svg"));
    assert_no_temp_files(data.path());
}

fn assert_no_temp_files(dir: &Path) {
    let temps: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp") || n.starts_with(".tmp"))
        .collect();
    assert!(temps.is_empty(), "{temps:?}");
}

#[test]
fn a_symlink_to_a_device_stays_and_so_does_the_device() {
    let data = with_heart_rate();
    let link = data.path().join("null.csv");
    std::os::unix::fs::symlink("/dev/null", &link).unwrap();
    let chart_link = data.path().join("null.png");
    std::os::unix::fs::symlink("/dev/null", &chart_link).unwrap();
    let out = data.cli(&["export", "csv", "--out", link.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = data.cli(&["chart", "heart_rate", "--out", chart_link.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    for link in [&link, &chart_link] {
        assert!(std::fs::symlink_metadata(link).unwrap().is_symlink());
        assert_eq!(std::fs::read_link(link).unwrap(), Path::new("/dev/null"));
    }
    let null = std::fs::symlink_metadata("/dev/null").unwrap();
    assert!(null.file_type().is_char_device(), "/dev/null was replaced!");
    assert_no_temp_files(data.path());
}

#[test]
fn a_character_device_is_written_in_place() {
    let data = with_heart_rate();
    let device = data.path().join("null");
    // A private /dev/null twin (major 1, minor 3); making one needs root.
    let made = std::process::Command::new("mknod")
        .arg(&device)
        .args(["c", "1", "3"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        eprintln!("note: skipping the character-device test: mknod needs root");
        return;
    }
    let out = data.cli(&["export", "csv", "--out", device.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let meta = std::fs::symlink_metadata(&device).unwrap();
    assert!(meta.file_type().is_char_device(), "the device was replaced");
    assert_no_temp_files(data.path());
}

#[test]
fn a_symlink_to_a_regular_file_keeps_the_link_and_replaces_the_file() {
    let data = with_heart_rate();
    let real = data.path().join("real.csv");
    std::fs::write(&real, "old\n").unwrap();
    let link = data.path().join("link.csv");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let out = data.cli(&["export", "csv", "--out", link.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    assert_eq!(
        std::fs::read_to_string(&real).unwrap(),
        csv_to_stdout(&data)
    );
}

#[test]
fn a_killed_exports_temporary_file_is_removed_by_the_next_export() {
    let data = with_heart_rate();
    let out_dir = data.path().join("exports");
    std::fs::create_dir(&out_dir).unwrap();
    // A process that has ended: its temporary file is garbage.
    let mut gone = std::process::Command::new("true").spawn().unwrap();
    let dead_pid = gone.id();
    gone.wait().unwrap();
    let stale = out_dir.join(format!(".healthdash-export-{dead_pid}-0.tmp"));
    std::fs::write(&stale, vec![b'x'; 1 << 20]).unwrap();
    // This test process is alive: its file may be an export under way.
    let live = out_dir.join(format!(".healthdash-export-{}-0.tmp", std::process::id()));
    std::fs::write(&live, b"in progress").unwrap();
    let unrelated = out_dir.join(".healthdash-export-notes.tmp");
    std::fs::write(&unrelated, b"mine").unwrap();

    let target = out_dir.join("all.csv");
    let out = data.cli(&["export", "csv", "--out", target.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stale.exists(), "the killed export's file is still there");
    assert!(live.exists(), "a running export's file was removed");
    assert!(unrelated.exists());
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        csv_to_stdout(&data)
    );
}

#[test]
fn an_unwritable_target_says_why_once() {
    let data = with_heart_rate();
    let missing = data.path().join("no/such/dir");
    for args in [
        ["chart", "heart_rate", "--out", "x.png"],
        ["export", "csv", "--out", "x.csv"],
    ] {
        let target = missing.join(args[3]);
        let mut args = args.to_vec();
        args[3] = target.to_str().unwrap();
        let out = data.cli(&args);
        assert_one_line_error(&out, "os error 2");
        let err = stderr(&out);
        assert_eq!(err.matches("os error 2").count(), 1, "{err}");
    }
    // The data folder's own errors too.
    let out = cli_command()
        .arg("--data-dir")
        .arg(data.db_path().join("x"))
        .arg("metrics")
        .output()
        .unwrap();
    assert_one_line_error(&out, "os error 20");
    assert_eq!(
        stderr(&out).matches("os error 20").count(),
        1,
        "{}",
        stderr(&out)
    );
}
