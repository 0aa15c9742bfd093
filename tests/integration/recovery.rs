//! A crash or a full disk never locks anyone out of an intact database: what
//! SQLite can open (main file plus its `-wal`), Healthdash opens too.

use std::path::{Path, PathBuf};
use std::process::Command;

use healthdash_core::Store;

use crate::util::*;

/// `count` heart-rate samples a minute apart from "withings".
fn heart_rates(count: usize) -> healthdash_core::Batch {
    let mut b = batch(
        "withings",
        (0..count)
            .map(|i| {
                hr("2026-01-01T00:00:00Z", 60.0 + (i % 40) as f64).with_record_id(i.to_string())
            })
            .collect(),
    );
    for (i, m) in b.measurements.iter_mut().enumerate() {
        m.start += i as i64 * 60;
    }
    b
}

fn count_rows(db: &Path) -> i64 {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    conn.query_row("SELECT count(*) FROM measurements", [], |r| r.get(0))
        .unwrap()
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn be32(bytes: &[u8], at: usize) -> u32 {
    u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap())
}

/// What a checkpoint killed after its first page leaves: the main file's page
/// 1 (and so its page count) is the newest, the other pages are still only
/// in the WAL. Copies the newest page 1 from `wal` into `db`.
fn checkpoint_page_one_only(db: &Path, wal: &Path) {
    let log = std::fs::read(wal).unwrap();
    let page_size = be32(&log, 8) as usize;
    let frame = 24 + page_size;
    let newest_page_one = (0..(log.len() - 32) / frame)
        .map(|i| 32 + i * frame)
        .rfind(|&at| be32(&log, at) == 1)
        .expect("the WAL holds page 1");
    let mut main = std::fs::read(db).unwrap();
    main[..page_size].copy_from_slice(&log[newest_page_one + 24..newest_page_one + frame]);
    std::fs::write(db, main).unwrap();
}

#[test]
fn a_database_whose_pages_live_in_the_wal_opens_with_every_row() {
    let data = TempData::new();
    let mut store = data.store();
    store.ingest(&heart_rates(5000)).unwrap();
    // A second connection that never checkpoints keeps the WAL alive while
    // the files are copied, as a crash would leave them.
    let holder = data.raw();
    holder.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
    let rows = count_rows(&data.db_path());
    assert_eq!(rows, 5000);
    let copy = TempData::new();
    std::fs::copy(data.db_path(), copy.db_path()).unwrap();
    std::fs::copy(
        with_suffix(&data.db_path(), "-wal"),
        with_suffix(&copy.db_path(), "-wal"),
    )
    .unwrap();
    drop((store, holder));

    checkpoint_page_one_only(&copy.db_path(), &with_suffix(&copy.db_path(), "-wal"));
    let main = std::fs::read(copy.db_path()).unwrap();
    let claimed = u64::from(be32(&main, 28)) * u64::from(u16::from_be_bytes([main[16], main[17]]));
    assert!(
        (main.len() as u64) < claimed,
        "the fixture must be shorter than its header says ({} of {claimed})",
        main.len()
    );

    let store = Store::open(&copy.db_path()).unwrap();
    assert!(!store.is_empty().unwrap());
    drop(store);
    assert_eq!(count_rows(&copy.db_path()), rows);
    let out = copy.cli(&["metrics"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("5000"), "{}", stdout(&out));
}

#[test]
fn a_refused_file_with_a_wal_is_not_separated_from_it() {
    let data = TempData::new();
    {
        let conn = data.raw();
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0;
             CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL);
             INSERT INTO invoices VALUES (1, 9.5);",
        )
        .unwrap();
        let keep = data.raw(); // holds the WAL open while we look
        let wal = with_suffix(&data.db_path(), "-wal");
        let (db_before, wal_before) = (
            std::fs::read(data.db_path()).unwrap(),
            std::fs::read(&wal).unwrap(),
        );
        let err = Store::open(&data.db_path()).err().unwrap().to_string();
        assert!(err.contains("another program"), "{err}");
        assert!(
            err.contains("together with any -wal"),
            "never advise moving a database without its WAL: {err}"
        );
        assert_eq!(std::fs::read(data.db_path()).unwrap(), db_before);
        assert_eq!(std::fs::read(&wal).unwrap(), wal_before);
        drop(keep);
    }
}

/// A tmpfs of `size` at a fresh mount point, unmounted when dropped.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    /// `None` (with a note) where this process may not mount: not root, or
    /// a container without the capability.
    fn mount(size: &str) -> Option<Tmpfs> {
        let uid = Command::new("id").arg("-u").output().ok()?;
        if String::from_utf8_lossy(&uid.stdout).trim() != "0" {
            eprintln!("note: skipping the full-disk test: it mounts a tmpfs, which needs root");
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .status();
        if !status.is_ok_and(|s| s.success()) {
            eprintln!("note: skipping the full-disk test: mounting a tmpfs failed");
            return None;
        }
        Some(Tmpfs { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount")
            .arg("-l")
            .arg(self.dir.path())
            .status();
    }
}

#[test]
fn a_full_disk_leaves_a_database_that_opens_once_space_is_freed() {
    let Some(disk) = Tmpfs::mount("5m") else {
        return;
    };
    let ballast = disk.path().join("ballast");
    std::fs::write(&ballast, vec![0u8; 2 << 20]).unwrap();
    let dir = disk.path().join("d");
    std::fs::create_dir(&dir).unwrap();
    let db = dir.join("healthdash.sqlite3");
    Store::open(&db).unwrap().ingest(&heart_rates(3)).unwrap();

    let cli = |args: &[&str]| {
        cli_command()
            .arg("--data-dir")
            .arg(&dir)
            .args(args)
            .output()
            .unwrap()
    };
    let demo = cli(&[
        "demo",
        "--years",
        "2",
        "--until",
        "2026-11-20",
        "--tz",
        "UTC",
    ]);
    assert!(!demo.status.success(), "the demo cannot fit in 3 MB");
    assert!(stderr(&demo).contains("full"), "{}", stderr(&demo));
    // SQLite itself reads what was committed before the disk filled up.
    let committed = count_rows(&db);
    assert!(committed > 3, "{committed}");

    std::fs::remove_file(&ballast).unwrap();
    for _ in 0..2 {
        // The second run sees what the first one's checkpoint left.
        let metrics = cli(&["metrics"]);
        assert!(metrics.status.success(), "{}", stderr(&metrics));
        let listing = stdout(&metrics);
        assert!(
            listing.lines().any(|l| l.starts_with("heart_rate ")
                && l.contains(" withings ")
                && l.contains(" 3 ")),
            "{listing}"
        );
    }
    let export = cli(&["export", "csv", "--out", "-", "--source", "withings"]);
    assert!(export.status.success(), "{}", stderr(&export));
    assert_eq!(
        stdout(&export).lines().count(),
        1 + 3,
        "{}",
        stdout(&export)
    );
    assert_eq!(count_rows(&db), committed, "nothing committed was lost");
}

#[test]
fn first_opens_at_the_same_time_all_succeed() {
    // The app and the CLI started together on a new data folder: both see an
    // empty database and both try to set it up.
    for _ in 0..20 {
        let data = TempData::new();
        let path = data.db_path();
        let barrier = std::sync::Barrier::new(4);
        std::thread::scope(|s| {
            let opens: Vec<_> = (0..4)
                .map(|_| {
                    s.spawn(|| {
                        barrier.wait();
                        Store::open(&path).map(drop)
                    })
                })
                .collect();
            for open in opens {
                if let Err(e) = open.join().unwrap() {
                    panic!("a concurrent first open failed: {e}");
                }
            }
        });
    }
}

#[test]
fn a_folder_where_the_database_goes_is_named_once() {
    let data = TempData::new();
    std::fs::create_dir(data.db_path()).unwrap();
    let out = data.cli(&["metrics"]);
    assert_one_line_error(&out, "unable to open database file");
    let path = data.db_path().display().to_string();
    assert_eq!(stderr(&out).matches(&path).count(), 1, "{}", stderr(&out));
    assert!(
        !stderr(&out).contains("not a Healthdash database"),
        "{}",
        stderr(&out)
    );
}
