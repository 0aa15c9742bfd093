//! Turning a plan into image bytes, and bytes into a file.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use plotters::prelude::{BitMapBackend, IntoDrawingArea, SVGBackend};

use crate::draw::{Strokes, draw};
use crate::error::ChartError;
use crate::layout::Layout;
use crate::options::ChartOptions;
use crate::plan::Plan;

/// Draws into an RGB buffer and encodes it in memory: plotters' own encoder
/// only writes to a path, and callers (the app, tests) want bytes.
pub(crate) fn png(
    plan: &Plan,
    opts: &ChartOptions,
    layout: &Layout,
) -> Result<Vec<u8>, ChartError> {
    let (w, h) = (opts.width, opts.height);
    let mut rgb = vec![0_u8; w as usize * h as usize * 3];
    {
        let backend = BitMapBackend::with_buffer(&mut rgb, (w, h));
        draw(
            &backend.into_drawing_area(),
            plan,
            opts,
            layout,
            Strokes::Segments,
        )?;
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&rgb)?;
    writer.finish()?;
    Ok(out)
}

pub(crate) fn svg(
    plan: &Plan,
    opts: &ChartOptions,
    layout: &Layout,
) -> Result<Vec<u8>, ChartError> {
    let mut text = String::new();
    {
        // The backend writes the closing `</svg>` when dropped, at the end of this block.
        let backend = SVGBackend::with_string(&mut text, (opts.width, opts.height));
        draw(
            &backend.into_drawing_area(),
            plan,
            opts,
            layout,
            Strokes::Polylines,
        )?;
    }
    Ok(text.into_bytes())
}

/// Writes `bytes` to `path` through a temporary file in the same directory
/// and a rename, so readers see the old file or the whole new one, and a
/// failure leaves nothing behind. Only a regular file (or nothing) is
/// replaced: a FIFO or a device (or a symlink to one) is written in place,
/// and through a symlink to a file the file is replaced and the link kept.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), ChartError> {
    let fail = |source| ChartError::Write {
        path: path.to_path_buf(),
        source,
    };
    if fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        let mut file = OpenOptions::new().write(true).open(path).map_err(fail)?;
        return file
            .write_all(bytes)
            .and_then(|()| file.flush())
            .map_err(fail);
    }
    let target = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let temp = temp_path(&target);
    let mut file: File = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)
        .map_err(fail)?;
    let written = file.write_all(bytes).and_then(|()| file.sync_all());
    drop(file);
    let result = written.and_then(|()| fs::rename(&temp, &target));
    if let Err(err) = result {
        let _ = fs::remove_file(&temp); // best effort: the write error is what matters
        return Err(fail(err));
    }
    Ok(())
}

/// `dir/.name.png.<pid>-<n>.tmp`: hidden, unique per process and call.
fn temp_path(path: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = path
        .file_name()
        .map_or_else(|| "chart".into(), |n| n.to_string_lossy());
    path.with_file_name(format!(".{name}.{}-{n}.tmp", std::process::id()))
}
