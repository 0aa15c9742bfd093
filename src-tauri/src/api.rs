//! What each command does, as plain functions over [`AppState`], so that
//! tests run them on a temporary data folder without a window. The Tauri
//! commands in `commands.rs` only add the window-side pieces: the save
//! dialog, threads and events.

use std::io::BufWriter;
use std::path::{Path, PathBuf};

use healthdash_chart::{ChartOptions, Theme, render_to_file};
use healthdash_core::config::Settings;
use healthdash_core::demo::{self, DemoOptions, DemoReport};
use healthdash_core::export::CsvFilter;
use healthdash_core::query::{
    self, CatalogueEntry, DailyBucket, DailyBucketsRequest, DailyValue, LatestValue, NightSummary,
    Overview, Series, SeriesRequest, SourcePriority, TimeRange, WorkoutSummary,
};
use healthdash_core::{Metric, MetricKind, SourceId, Store, Zone};

use healthdash_connect::providers::openhumans::status::{SharedFile, shared_files};

use crate::error::{ErrorKind, IpcError};
use crate::ipc::{
    AppInfo, Catalog, ChartExportArgs, ChartFormat, ChartTheme, CsvExportArgs, DailyArgs,
    DailyBucketsArgs, DemoStatus, ExportOutcome, ImportOutcome, NightsArgs, SeriesArgs, StagesArgs,
    WorkoutsArgs,
};
use crate::state::AppState;

/// Years of demo data loaded on first run (and by `load_demo`).
pub const DEMO_YEARS: u32 = 2;

pub fn app_info(state: &AppState) -> Result<AppInfo, IpcError> {
    let store = state.store();
    let demo = match (store.has_demo_data()?, store.has_own_data()?) {
        (false, _) => DemoStatus::None,
        (true, false) => DemoStatus::Shown,
        (true, true) => DemoStatus::Hidden,
    };
    Ok(AppInfo {
        data_dir: state.data_dir().path().display().to_string(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        has_data: !store.is_empty()?,
        demo,
        loading_demo: state.loading_demo(),
    })
}

/// The user's source order, with the demo person hidden once their own data
/// has arrived: every command that shows numbers reads through this.
pub(crate) fn shown_sources(state: &AppState) -> Result<SourcePriority, IpcError> {
    let priority = state.data_dir().load_config()?.priority;
    Ok(if state.store().has_own_data()? {
        priority.hiding(SourceId::demo())
    } else {
        priority
    })
}

/// Deletes the demo data set; the user's own data stays. Answers the
/// number of records removed.
pub fn remove_demo(state: &AppState) -> Result<u64, IpcError> {
    if state.loading_demo() {
        return Err(IpcError::new(
            ErrorKind::Busy,
            "The demo data set is still loading; remove it when the load has finished.",
        ));
    }
    Ok(state.store().delete_source(&SourceId::demo())?)
}

/// The static catalog of metrics, display units and sources.
pub fn catalog() -> Catalog {
    Catalog::new()
}

/// What is stored, per metric and source, without the sources charts hide.
pub fn catalogue(state: &AppState) -> Result<Vec<CatalogueEntry>, IpcError> {
    let shown = shown_sources(state)?;
    let mut entries = query::catalogue(&state.store())?;
    entries.retain(|entry| shown.shows(&entry.source));
    Ok(entries)
}

pub fn series(state: &AppState, args: &SeriesArgs) -> Result<Series, IpcError> {
    let request = series_request(args)?;
    let priority = shown_sources(state)?;
    Ok(query::series(&state.store(), &request, &priority)?)
}

fn series_request(args: &SeriesArgs) -> Result<SeriesRequest, IpcError> {
    Ok(SeriesRequest {
        metric: args.metric,
        // `query::series` checks the range and clamps `max_points`, once,
        // for every caller.
        range: TimeRange {
            from: args.from,
            to: args.to,
        },
        max_points: args.max_points,
        sources: args.sources.clone(),
        zone: args.zone.parse::<Zone>()?,
    })
}

/// Refuses a day span whose last day comes before its first.
fn check_days(first: chrono::NaiveDate, last: chrono::NaiveDate) -> Result<(), IpcError> {
    if first > last {
        return Err(healthdash_core::Error::InvalidRange {
            from: first.to_string(),
            to: last.to_string(),
        }
        .into());
    }
    Ok(())
}

pub fn daily_values(state: &AppState, args: &DailyArgs) -> Result<Vec<DailyValue>, IpcError> {
    check_days(args.first, args.last)?;
    let priority = shown_sources(state)?;
    Ok(query::daily_values(
        &state.store(),
        args.metric,
        args.first,
        args.last,
        &args.sources,
        &priority,
    )?)
}

pub fn daily_buckets(
    state: &AppState,
    args: &DailyBucketsArgs,
) -> Result<Vec<DailyBucket>, IpcError> {
    check_days(args.first, args.last)?;
    let request = DailyBucketsRequest {
        metric: args.metric,
        first: args.first,
        last: args.last,
        sources: &args.sources,
        granularity: args.granularity,
        zone: args.zone.parse::<Zone>()?,
    };
    let priority = shown_sources(state)?;
    Ok(query::daily_buckets(&state.store(), &request, &priority)?)
}

pub fn sleep_nights(state: &AppState, args: &NightsArgs) -> Result<Vec<NightSummary>, IpcError> {
    let range = TimeRange::new(args.from, args.to)?;
    let priority = shown_sources(state)?;
    Ok(query::sleep_nights(
        &state.store(),
        range,
        &args.sources,
        &priority,
    )?)
}

pub fn night_stages(
    state: &AppState,
    args: &StagesArgs,
) -> Result<Vec<healthdash_core::StageInterval>, IpcError> {
    TimeRange::new(args.start, args.end)?;
    let stages = query::night_stages(&state.store(), &args.source, args.start, args.end)?;
    Ok(stages)
}

pub fn workouts(state: &AppState, args: &WorkoutsArgs) -> Result<Vec<WorkoutSummary>, IpcError> {
    let range = TimeRange::new(args.from, args.to)?;
    let priority = shown_sources(state)?;
    Ok(query::workouts(
        &state.store(),
        range,
        &args.sources,
        &priority,
    )?)
}

/// The newest value of every metric that has one, in catalogue order. Sleep
/// stages and workouts are left out: their value is a code or a duration
/// that means nothing without its span.
pub fn latest_values(state: &AppState) -> Result<Vec<LatestValue>, IpcError> {
    let shown = shown_sources(state)?;
    let store = state.store();
    let mut out = Vec::new();
    for &metric in Metric::ALL {
        if metric.kind() == MetricKind::Stage || metric == Metric::Workout {
            continue;
        }
        out.extend(query::latest(&store, metric, &shown)?);
    }
    Ok(out)
}

/// The files Open Humans shares with the project, and whether the syncs so
/// far read or skipped each (the Open Humans card lists them).
pub fn openhumans_files(state: &AppState) -> Result<Vec<SharedFile>, IpcError> {
    let store = state.store();
    shared_files(&store).map_err(|e| IpcError::from(healthdash_connect::ConnectError::from(e)))
}

/// The overview cards as of today in the viewer's `zone`.
pub fn overview(state: &AppState, zone: &str) -> Result<Overview, IpcError> {
    let zone: Zone = zone.parse()?;
    let priority = shown_sources(state)?;
    Ok(query::overview(
        &state.store(),
        zone,
        today(zone),
        &priority,
    )?)
}

/// Display units and source priorities, from `config.toml`.
pub fn settings(state: &AppState) -> Result<Settings, IpcError> {
    Ok(state.data_dir().load_config()?.settings())
}

/// Writes the settings into `config.toml` and answers what it now holds.
pub fn save_settings(state: &AppState, settings: &Settings) -> Result<Settings, IpcError> {
    state.data_dir().save_settings(settings)?;
    self::settings(state)
}

/// Loads the demo data set on its own connection, so that commands keep
/// answering from the shared one meanwhile (WAL lets readers run beside the
/// writer). `progress(done_days, total_days)` follows each monthly batch.
pub fn load_demo(
    state: &AppState,
    options: &DemoOptions,
    progress: impl FnMut(u32, u32),
) -> Result<DemoReport, IpcError> {
    let mut store = state.data_dir().open_store()?;
    Ok(demo::load(&mut store, options, progress)?)
}

/// The demo data set ending now, in this computer's zone.
pub fn demo_options_for_today() -> DemoOptions {
    let zone = Zone::local();
    DemoOptions::new(DEMO_YEARS, today(zone), zone).ending_at(chrono::Utc::now().timestamp())
}

fn today(zone: Zone) -> chrono::NaiveDate {
    zone.local_date(chrono::Utc::now().timestamp())
}

// ---- exports -----------------------------------------------------------

/// `healthdash-YYYY-MM-DD.csv`, dated today in this computer's zone.
pub fn csv_file_name(today: chrono::NaiveDate) -> String {
    format!("healthdash-{}.csv", today.format("%Y-%m-%d"))
}

/// `heart_rate.png`: the metric's id and the format.
pub fn chart_file_name(args: &ChartExportArgs) -> String {
    format!("{}.{}", args.series.metric.id(), args.format.extension())
}

/// Where an export goes: with the test hook, the hook's folder under the
/// default name; otherwise what `pick` (the save dialog) answers, `None`
/// when the user cancels.
pub fn destination(
    state: &AppState,
    default_name: &str,
    pick: impl FnOnce(&str) -> Result<Option<PathBuf>, IpcError>,
) -> Result<Option<PathBuf>, IpcError> {
    match state.save_dir() {
        Some(dir) => Ok(Some(dir.join(default_name))),
        None => pick(default_name),
    }
}

pub fn csv_filter(args: &CsvExportArgs) -> Result<CsvFilter, IpcError> {
    let all = TimeRange::all();
    Ok(CsvFilter {
        metrics: args.metrics.clone(),
        range: TimeRange::new(args.from.unwrap_or(all.from), args.to.unwrap_or(all.to))?,
        sources: args.sources.clone(),
        intraday: args.intraday,
    })
}

/// Validates the request, asks where to save (no lock held while the dialog
/// is open), then streams the CSV into a temporary file beside the target
/// and renames it, so a failed export leaves no partial file.
pub fn export_csv(
    state: &AppState,
    args: &CsvExportArgs,
    pick: impl FnOnce(&str) -> Result<Option<PathBuf>, IpcError>,
) -> Result<ExportOutcome, IpcError> {
    let filter = csv_filter(args)?;
    let Some(path) = destination(state, &csv_file_name(today(Zone::local())), pick)? else {
        return Ok(ExportOutcome::Cancelled);
    };
    let rows = write_csv(&state.store(), &filter, &path)?;
    log::info!("exported {rows} CSV rows to {}", path.display());
    Ok(ExportOutcome::Saved {
        path: path.display().to_string(),
        rows: Some(rows),
    })
}

fn write_csv(store: &Store, filter: &CsvFilter, path: &Path) -> Result<u64, IpcError> {
    let fail = |e: std::io::Error| IpcError::io(format!("cannot write {}: {e}", path.display()));
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let temp = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
    let mut out = BufWriter::with_capacity(1 << 16, temp);
    let rows = healthdash_core::export::export_csv(store, filter, &mut out)?;
    let temp = out.into_inner().map_err(|e| fail(e.into_error()))?;
    temp.persist(path).map_err(|e| fail(e.error))?;
    Ok(rows)
}

/// Computes the series first (so a bad request fails before any dialog),
/// asks where to save, then renders the image there.
pub fn export_chart(
    state: &AppState,
    args: &ChartExportArgs,
    pick: impl FnOnce(&str) -> Result<Option<PathBuf>, IpcError>,
) -> Result<ExportOutcome, IpcError> {
    let request = series_request(&args.series)?;
    let config = state.data_dir().load_config()?;
    let data = query::series(&state.store(), &request, &config.priority)?;
    let options = ChartOptions {
        width: args.width,
        height: args.height,
        zone: request.zone,
        title: None,
        theme: match args.theme {
            ChartTheme::Light => Theme::Light,
            ChartTheme::Dark => Theme::Dark,
        },
        units: config.units,
    };
    let Some(path) = destination(state, &chart_file_name(args), pick)? else {
        return Ok(ExportOutcome::Cancelled);
    };
    let path = with_extension(path, args.format);
    render_to_file(&data, &options, &path)?;
    log::info!("exported a {} chart to {}", data.metric, path.display());
    Ok(ExportOutcome::Saved {
        path: path.display().to_string(),
        rows: None,
    })
}

/// The image format follows the file's extension; a name typed without one
/// (save dialogs do not add it) gets the requested format's.
fn with_extension(path: PathBuf, format: ChartFormat) -> PathBuf {
    match path.extension().and_then(|e| e.to_str()) {
        Some(ext) if ext.eq_ignore_ascii_case(format.extension()) => path,
        _ => {
            let mut name = path.into_os_string();
            name.push(".");
            name.push(format.extension());
            PathBuf::from(name)
        }
    }
}

// ---- imports -----------------------------------------------------------

/// What an import reads: with the test hook, the hook's file; otherwise
/// what `pick` (the open dialog) answers, `None` when the user cancels.
pub fn source_file(
    state: &AppState,
    pick: impl FnOnce() -> Result<Option<PathBuf>, IpcError>,
) -> Result<Option<PathBuf>, IpcError> {
    match state.open_file() {
        Some(file) => Ok(Some(file.to_owned())),
        None => pick(),
    }
}

/// Asks for a Healthdash CSV export and stores all of its rows, or none:
/// on its own connection, so the charts keep answering meanwhile, and in
/// one transaction, so a wrong line or a crash leaves the data as it was.
pub fn import_csv(
    state: &AppState,
    pick: impl FnOnce() -> Result<Option<PathBuf>, IpcError>,
) -> Result<ImportOutcome, IpcError> {
    let Some(path) = source_file(state, pick)? else {
        return Ok(ImportOutcome::Cancelled);
    };
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let file = std::fs::File::open(&path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => IpcError::io(format!("{name}: no such file")),
        _ => IpcError::io(format!("cannot read {name}: {e}")),
    })?;
    let mut store = state.data_dir().open_store()?;
    let summary = healthdash_core::import::import_csv(&mut store, file, Zone::local())
        .map_err(|e| IpcError::from(e).about(&name))?;
    log::info!("imported {} CSV rows from {}", summary.rows, path.display());
    Ok(ImportOutcome::Imported {
        path: path.display().to_string(),
        rows: summary.rows,
        added: summary.report.inserted,
        replaced: summary.report.updated,
        unchanged: summary.report.unchanged,
    })
}

#[cfg(test)]
mod tests;
