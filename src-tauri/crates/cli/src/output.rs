//! Where command output goes: standard output, a regular file replaced
//! atomically (a failed export never leaves half a file or destroys the old
//! one), or a FIFO or device written in place (renaming over those would
//! replace them with a regular file).

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{Context, Result, bail};

const BUFFER: usize = 1 << 16;
/// Temporary files are named `.healthdash-export-<pid>-<n>.tmp`, so the
/// leftovers of a killed export can be recognised and removed.
const TEMP_PREFIX: &str = ".healthdash-export-";
const TEMP_SUFFIX: &str = ".tmp";

pub enum Output {
    Stdout(Stdout),
    /// A FIFO, a character device, or a symlink to one.
    InPlace {
        file: BufWriter<File>,
        path: PathBuf,
    },
    /// A regular file (or nothing yet) at `path`.
    Replace {
        temp: BufWriter<File>,
        guard: TempGuard,
        path: PathBuf,
    },
}

impl Output {
    /// `-` means standard output.
    pub fn create(path: &Path) -> Result<Output> {
        if path.as_os_str() == "-" {
            return Ok(Output::Stdout(Stdout::new()));
        }
        let cannot = || format!("cannot write {}", path.display());
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => bail!("cannot write {}: it is a folder", path.display()),
            Ok(meta) if !meta.is_file() => {
                // No truncate: meaningless on a device, and a FIFO has nothing to cut.
                let file = OpenOptions::new()
                    .write(true)
                    .open(path)
                    .with_context(cannot)?;
                return Ok(Output::InPlace {
                    file: BufWriter::with_capacity(BUFFER, file),
                    path: path.to_owned(),
                });
            }
            _ => {}
        }
        // Through a symlink, replace the file it points to and keep the link.
        let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        remove_stale_temps(dir);
        let (file, guard) = create_temp(dir).with_context(cannot)?;
        Ok(Output::Replace {
            temp: BufWriter::with_capacity(BUFFER, file),
            guard,
            path: target,
        })
    }

    /// Flushes and, for a regular file, moves it into place.
    pub fn commit(self) -> Result<()> {
        match self {
            Output::Stdout(mut out) => out.flush().context("writing to standard output"),
            Output::InPlace { mut file, path } => file
                .flush()
                .with_context(|| format!("cannot write {}", path.display())),
            Output::Replace { temp, guard, path } => {
                let cannot = || format!("cannot write {}", path.display());
                let file = temp
                    .into_inner()
                    .map_err(|e| e.into_error())
                    .with_context(cannot)?;
                drop(file);
                std::fs::rename(&guard.path, &path).with_context(cannot)?;
                guard.disarm();
                Ok(())
            }
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Output::Stdout(out) => out.write(buf),
            Output::InPlace { file, .. } => file.write(buf),
            Output::Replace { temp, .. } => temp.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Output::Stdout(out) => out.flush(),
            Output::InPlace { file, .. } => file.flush(),
            Output::Replace { temp, .. } => temp.flush(),
        }
    }
}

/// Buffered standard output whose "broken pipe" is marked as [`ReaderGone`],
/// so `main` can end quietly when the reader (`| head`) has gone away.
pub struct Stdout(BufWriter<std::io::StdoutLock<'static>>);

impl Stdout {
    pub fn new() -> Stdout {
        Stdout(BufWriter::with_capacity(BUFFER, std::io::stdout().lock()))
    }
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf).map_err(mark_reader_gone)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush().map_err(mark_reader_gone)
    }
}

/// Standard output's reader closed the pipe: not a failure, just the end.
#[derive(Debug)]
pub struct ReaderGone;

impl std::fmt::Display for ReaderGone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the reader of standard output went away")
    }
}

impl std::error::Error for ReaderGone {}

fn mark_reader_gone(e: std::io::Error) -> std::io::Error {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::io::Error::new(std::io::ErrorKind::BrokenPipe, ReaderGone)
    } else {
        e
    }
}

/// Whether `err` comes from standard output's reader going away.
pub fn is_reader_gone(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref)
            .is_some_and(|inner| inner.is::<ReaderGone>())
            || cause.is::<ReaderGone>()
    })
}

/// Removes the temporary file unless it was moved into place.
pub struct TempGuard {
    path: PathBuf,
    armed: bool,
}

impl TempGuard {
    fn disarm(mut self) {
        self.armed = false;
    }
}

impl Drop for TempGuard {
    fn drop(&mut self) {
        if self.armed {
            let _ = std::fs::remove_file(&self.path); // best effort: the error that got us here matters
        }
    }
}

/// A new private temporary file in `dir`, named after this process.
fn create_temp(dir: &Path) -> std::io::Result<(File, TempGuard)> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let path = dir.join(format!(
        "{TEMP_PREFIX}{}-{n}{TEMP_SUFFIX}",
        std::process::id()
    ));
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(&path)?;
    Ok((file, TempGuard { path, armed: true }))
}

/// Deletes the temporary files of exports whose process is gone (killed
/// mid-way): they can be tens of megabytes and nothing else would remove them.
fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(temp_owner) else {
            continue;
        };
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if is_file && process_is_gone(pid) {
            match std::fs::remove_file(entry.path()) {
                Ok(()) => {
                    tracing::info!(path = %entry.path().display(), "removed a killed export's temporary file")
                }
                Err(e) => {
                    tracing::debug!(path = %entry.path().display(), error = %e, "could not remove a stale temporary file")
                }
            }
        }
    }
}

/// The pid in `.healthdash-export-<pid>-<n>.tmp`.
fn temp_owner(name: &str) -> Option<u32> {
    let middle = name.strip_prefix(TEMP_PREFIX)?.strip_suffix(TEMP_SUFFIX)?;
    let (pid, n) = middle.split_once('-')?;
    n.parse::<u64>().ok()?;
    pid.parse().ok()
}

/// Only where `/proc` can tell: elsewhere every owner counts as alive, so a
/// running export's file is never removed.
fn process_is_gone(pid: u32) -> bool {
    Path::new("/proc/self").exists() && !Path::new("/proc").join(pid.to_string()).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names_are_recognised_and_nothing_else() {
        assert_eq!(temp_owner(".healthdash-export-4242-0.tmp"), Some(4242));
        assert_eq!(temp_owner(".healthdash-export-4242-x.tmp"), None);
        assert_eq!(temp_owner(".healthdash-export-4242.tmp"), None);
        assert_eq!(temp_owner("healthdash-export-4242-0.tmp"), None);
        assert_eq!(temp_owner(".healthdash-export-4242-0.tmp.csv"), None);
    }

    #[test]
    fn a_broken_pipe_on_stdout_is_recognised_through_contexts() {
        let io = mark_reader_gone(std::io::Error::from(std::io::ErrorKind::BrokenPipe));
        let err = anyhow::Error::new(io).context("writing to standard output");
        assert!(is_reader_gone(&err));
        let other = anyhow::Error::new(std::io::Error::from(std::io::ErrorKind::BrokenPipe));
        assert!(!is_reader_gone(&other), "only standard output's reader");
    }
}
