//! The shell's own IPC types: command arguments, results the core has no type
//! for, and events. The core's query results (`Series`, `DailyValue`, …)
//! cross as they are, typed through its `specta` feature. docs/IPC.md is the
//! human summary of all of them; `ui/src/bindings.ts` is generated from here.

use chrono::NaiveDate;
use healthdash_core::model::SleepStage;
use healthdash_core::{Metric, SourceId};

/// What the UI shows in its header and first-run notice.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, specta::Type)]
pub struct AppInfo {
    pub data_dir: String,
    pub version: String,
    /// The cache holds at least one measurement.
    pub has_data: bool,
    /// Some of what is shown is the demo data set (source `demo`).
    pub demo_shown: bool,
    /// The demo data set is being loaded in the background.
    pub loading_demo: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize, specta::Type)]
pub struct SeriesArgs {
    pub metric: Metric,
    /// `[from, to)`, Unix seconds UTC.
    pub from: i64,
    pub to: i64,
    /// The chart's width in points; the backend picks the resolution.
    pub max_points: u32,
    /// Only these sources; all when empty.
    pub sources: Vec<SourceId>,
    /// The viewer's IANA zone (or `+02:00`): where day buckets begin.
    pub zone: String,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize, specta::Type)]
pub struct DailyArgs {
    pub metric: Metric,
    /// First and last local day, inclusive, `YYYY-MM-DD`.
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub sources: Vec<SourceId>,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize, specta::Type)]
pub struct NightsArgs {
    /// Nights starting in `[from, to)`.
    pub from: i64,
    pub to: i64,
    pub sources: Vec<SourceId>,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize, specta::Type)]
pub struct StagesArgs {
    /// The night's source and bounds, as in its `NightSummary`.
    pub source: SourceId,
    pub start: i64,
    pub end: i64,
}

/// One interval of a hypnogram.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, specta::Type)]
pub struct StageInterval {
    pub start: i64,
    pub end: i64,
    pub stage: SleepStage,
}

impl From<healthdash_core::StageInterval> for StageInterval {
    fn from(s: healthdash_core::StageInterval) -> Self {
        StageInterval {
            start: s.start,
            end: s.end,
            stage: s.stage,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ConnectionStatus {
    NotConnected,
    Connected,
    /// The provider refused our refresh token: sign in again.
    NeedsSignIn,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, specta::Type)]
pub struct ProviderStatus {
    pub id: String,
    pub name: String,
    pub status: ConnectionStatus,
    /// Unix seconds UTC of the last successful sync.
    pub last_sync: Option<i64>,
    /// Measurements cached from this provider.
    pub records: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize, specta::Type)]
pub struct CsvExportArgs {
    /// All metrics when empty.
    pub metrics: Vec<Metric>,
    /// `[from, to)`, Unix seconds UTC; open when null.
    pub from: Option<i64>,
    pub to: Option<i64>,
    /// All sources when empty.
    pub sources: Vec<SourceId>,
    /// Also the intraday detail of interval metrics (CONTRACT §8).
    pub intraday: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ChartFormat {
    Png,
    Svg,
}

impl ChartFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ChartFormat::Png => "png",
            ChartFormat::Svg => "svg",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ChartTheme {
    Light,
    Dark,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize, specta::Type)]
pub struct ChartExportArgs {
    pub series: SeriesArgs,
    pub format: ChartFormat,
    /// Image size in pixels (240×160 to 8192×8192).
    pub width: u32,
    pub height: u32,
    pub theme: ChartTheme,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, specta::Type)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ExportOutcome {
    Saved {
        path: String,
        /// CSV rows written; null for images.
        rows: Option<u64>,
    },
    /// The user closed the save dialog.
    Cancelled,
}

/// `demo-progress`: days of the demo data set stored so far, of `total`.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, specta::Type, tauri_specta::Event,
)]
pub struct DemoProgress {
    pub done: u32,
    pub total: u32,
}

/// `data-changed`: something new was stored (demo loaded; later, a sync).
/// Refetch what is on screen.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, specta::Type, tauri_specta::Event,
)]
pub struct DataChanged {}
