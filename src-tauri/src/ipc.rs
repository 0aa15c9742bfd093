//! The shell's own IPC types: command arguments, results the core has no type
//! for, and events. The core's query results (`Series`, `DailyValue`, …)
//! cross as they are, typed through its `specta` feature. docs/IPC.md is the
//! human summary of all of them; `ui/src/bindings.ts` is generated from here.

use chrono::NaiveDate;
use healthdash_core::query::Granularity;
use healthdash_core::source::{SOURCES, SourceInfo};
use healthdash_core::sync::SyncEvent;
use healthdash_core::units::{self, UnitRule};
use healthdash_core::{Metric, MetricKind, SourceId};

/// What the UI shows in its header and first-run notice.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, specta::Type)]
pub struct AppInfo {
    pub data_dir: String,
    pub version: String,
    /// The cache holds at least one measurement.
    pub has_data: bool,
    /// Where the demo data set (source `demo`) stands.
    pub demo: DemoStatus,
    /// The demo data set is being loaded in the background.
    pub loading_demo: bool,
}

/// The demo person is never shown beside the user's own data: once any
/// other source has data, every chart, card and list leaves `demo` out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum DemoStatus {
    /// No demo data is stored.
    None,
    /// Demo data is stored and on screen: nothing of the user's own yet.
    Shown,
    /// Demo data is stored but hidden, as the user's own data has arrived;
    /// it stays until the user removes it.
    Hidden,
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

/// Daily values rolled up into days, ISO weeks or calendar months.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize, specta::Type)]
pub struct DailyBucketsArgs {
    pub metric: Metric,
    /// First and last local day, inclusive, `YYYY-MM-DD`.
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub sources: Vec<SourceId>,
    pub granularity: Granularity,
    /// The viewer's IANA zone (or `+02:00`): where buckets begin and end.
    pub zone: String,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize, specta::Type)]
pub struct NightsArgs {
    /// Nights starting in `[from, to)`.
    pub from: i64,
    pub to: i64,
    pub sources: Vec<SourceId>,
}

/// Workouts that overlap `[from, to)`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize, specta::Type)]
pub struct WorkoutsArgs {
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

/// `connect` answers at once with the link it opened in the browser (shown
/// too, for when no browser opens); `connect-finished` follows.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, specta::Type)]
pub struct ConnectStarted {
    pub authorization_url: String,
    /// False when the browser could not be opened: the user opens the link.
    pub browser_opened: bool,
}

/// `connect-finished`: a sign-in ended. `ok` = connected; otherwise `error`
/// says why (`cancelled` when the user cancelled it).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, specta::Type, tauri_specta::Event)]
pub struct ConnectFinished {
    pub provider: String,
    pub ok: bool,
    pub error: Option<String>,
    pub cancelled: bool,
}

/// `sync-progress`: the sync engine's own events (`SyncEvent`, same JSON).
#[derive(Clone, Debug, PartialEq, serde::Serialize, specta::Type, tauri_specta::Event)]
#[serde(transparent)]
pub struct SyncProgress(pub SyncEvent);

impl From<&SyncEvent> for SyncProgress {
    fn from(event: &SyncEvent) -> Self {
        SyncProgress(event.clone())
    }
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

/// What `import_csv` did.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, specta::Type)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ImportOutcome {
    Imported {
        path: String,
        /// Data rows read from the file.
        rows: u64,
        /// Values stored for the first time, replaced, and already there
        /// as they were (importing a file twice changes nothing).
        added: u64,
        replaced: u64,
        unchanged: u64,
    },
    /// The user closed the open dialog.
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

/// `data-changed`: something new was stored (demo loaded, sync pages landed).
/// Refetch what is on screen.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, specta::Type, tauri_specta::Event,
)]
pub struct DataChanged {}

/// What the UI needs to know about metrics and sources, and how to show
/// values: static, so the UI loads it once at start instead of keeping
/// copies of the backend's lists.
#[derive(Clone, Debug, PartialEq, serde::Serialize, specta::Type)]
pub struct Catalog {
    /// Every metric, in the catalogue's display order.
    pub metrics: Vec<MetricInfo>,
    /// Every source, in default priority order (best first).
    pub sources: Vec<SourceInfo>,
}

impl Catalog {
    pub fn new() -> Catalog {
        Catalog {
            metrics: Metric::ALL.iter().copied().map(MetricInfo::from).collect(),
            sources: SOURCES.to_vec(),
        }
    }
}

impl Default for Catalog {
    fn default() -> Self {
        Catalog::new()
    }
}

/// One metric of the [`Catalog`].
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, specta::Type)]
pub struct MetricInfo {
    pub id: Metric,
    pub label: &'static str,
    /// The canonical unit values are stored and sent in (CONTRACT §7).
    pub unit: &'static str,
    pub kind: MetricKind,
    /// How values are shown, for each choice of the display setting that applies.
    pub display: UnitRule,
}

impl From<Metric> for MetricInfo {
    fn from(metric: Metric) -> Self {
        MetricInfo {
            id: metric,
            label: metric.label(),
            unit: metric.unit(),
            kind: metric.kind(),
            display: units::rule(metric),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sync_progress_is_the_engine_event_and_names_no_cli_command() {
        let page = SyncEvent::Page {
            provider: "withings".into(),
            stream: "activity".into(),
            position: Some((45, 180)),
            records: 1200,
        };
        assert_eq!(
            serde_json::to_value(SyncProgress::from(&page)).unwrap(),
            serde_json::json!({
                "kind": "page", "provider": "withings", "stream": "activity",
                "position": [45, 180], "records": 1200
            })
        );
        // A failure's message says what happened; the CLI command that
        // fixes it is data (`ConnectError::fix`), never in the text.
        let lost = healthdash_connect::ConnectError::Session(
            healthdash_connect::oauth::session::SessionError::NeedsSignIn {
                provider: "withings".into(),
                reason: "revoked".into(),
            },
        );
        let failed = SyncEvent::Failed {
            provider: "withings".into(),
            error: lost.to_string(),
        };
        assert_eq!(SyncProgress::from(&failed).0, failed);
        assert!(!lost.to_string().contains("healthdash "), "{lost}");
        assert_eq!(
            lost.for_terminal(),
            "Withings needs you to sign in again (revoked); your cached data is kept; run `healthdash connect withings`"
        );
    }
}

/// `apple-import-progress`: how far an Apple Health import got.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, specta::Type, tauri_specta::Event,
)]
pub struct AppleImportProgress {
    /// Records stored so far.
    pub records: u64,
    /// Bytes of the file read so far, of its size.
    pub bytes: u64,
    pub total_bytes: u64,
    pub elapsed_ms: u64,
}

/// Records of one type the import could not use.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, specta::Type)]
pub struct SkippedType {
    /// Health's type identifier, e.g. `HKQuantityTypeIdentifierFlightsClimbed`.
    pub kind: String,
    pub count: u64,
}

/// What `import_apple_health` did. A cancel during the import is the
/// error `cancelled` (nothing stored), not an outcome.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, specta::Type)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum AppleImportOutcome {
    Imported {
        /// The file's name.
        name: String,
        /// Records imported (read minus skipped).
        records: u64,
        added: u64,
        replaced: u64,
        unchanged: u64,
        /// Per-night sleep rows after the import.
        nights: u64,
        /// Records that lost to one of higher priority (CONTRACT §12.4.2).
        duplicates: u64,
        /// Records not usable, in all and by type (most first).
        skipped: u64,
        skipped_types: Vec<SkippedType>,
        elapsed_ms: u64,
    },
    /// The user closed the open dialog.
    Cancelled,
}
