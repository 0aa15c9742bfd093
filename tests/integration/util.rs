//! Shared helpers: fixtures, a temporary data directory, the CLI binary.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use chrono::NaiveDate;
use healthdash_core::{Batch, Measurement, Metric, SourceId, Store, Zone};

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub fn zone(s: &str) -> Zone {
    s.parse().unwrap()
}

pub fn source(s: &str) -> SourceId {
    s.parse().unwrap()
}

/// Unix seconds of an RFC 3339 time.
pub fn at(s: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(s).unwrap().timestamp()
}

pub fn batch(source_id: &str, measurements: Vec<Measurement>) -> Batch {
    Batch {
        measurements,
        ..Batch::new(source(source_id))
    }
}

pub fn hr(t: &str, bpm: f64) -> Measurement {
    Measurement::sample(Metric::HeartRate, at(t), bpm, Zone::UTC)
}

/// A temporary data directory with a file-backed store.
pub struct TempData {
    pub dir: tempfile::TempDir,
}

impl TempData {
    pub fn new() -> Self {
        TempData {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn db_path(&self) -> PathBuf {
        self.dir.path().join("healthdash.sqlite3")
    }

    pub fn store(&self) -> Store {
        Store::open(&self.db_path()).unwrap()
    }

    /// A second, plain connection for checking what the store wrote.
    pub fn raw(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(self.db_path()).unwrap()
    }

    /// Runs `healthdash --data-dir <this dir> ARGS...`.
    pub fn cli(&self, args: &[&str]) -> Output {
        self.cli_with_env(args, &[])
    }

    /// Runs the CLI with extra environment variables.
    pub fn cli_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        self.command(args, env).output().unwrap()
    }

    /// The CLI command, not started yet.
    pub fn command(&self, args: &[&str], env: &[(&str, &str)]) -> Command {
        let mut command = cli_command();
        command.arg("--data-dir").arg(self.path()).args(args);
        for (key, value) in env {
            command.env(key, value);
        }
        command
    }
}

/// The `healthdash` binary, built once per test run in this profile.
pub fn cli_command() -> Command {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    let path = BINARY.get_or_init(|| {
        escargot::CargoBuild::new()
            .package("healthdash-cli")
            .bin("healthdash")
            .current_release()
            .current_target()
            .run()
            .expect("building the healthdash binary")
            .path()
            .to_owned()
    });
    let mut command = Command::new(path);
    command
        .env_remove("HEALTHDASH_DATA_DIR")
        .env_remove("RUST_LOG")
        .env("TZ", "UTC");
    command
}

/// The first line a running command prints (with its line ending), e.g.
/// from `child.stdout.as_mut()` to keep reading later, or `take()` not to.
pub fn first_line(stdout: impl Read) -> String {
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    line
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// Asserts that a command failed with exactly one line on stderr containing `needle`.
pub fn assert_one_line_error(output: &Output, needle: &str) {
    let err = stderr(output);
    assert!(
        !output.status.success(),
        "expected failure, got success; stderr: {err}"
    );
    assert_eq!(err.trim_end().lines().count(), 1, "not one line: {err:?}");
    assert!(err.contains(needle), "{err:?} does not mention {needle:?}");
    assert!(!err.contains("panicked"), "{err}");
}
