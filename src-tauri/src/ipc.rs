//! The shell's own IPC types: command arguments, results the core has no type
//! for, and events. The core's query results (`Series`, `DailyValue`, …)
//! cross as they are, typed through its `specta` feature. docs/IPC.md is the
//! human summary of all of them; `ui/src/bindings.ts` is generated from here.

use chrono::NaiveDate;
use healthdash_connect::sync::SyncEvent;
use healthdash_core::model::SleepStage;
use healthdash_core::query::Granularity;
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

/// One provider as the Connections page shows it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, specta::Type)]
pub struct ProviderStatus {
    pub id: String,
    pub name: String,
    /// This build can sign in to and sync this provider (Withings today);
    /// the others show "Not available yet".
    pub supported: bool,
    /// A client ID is known (config.toml or entered on the page).
    pub has_client: bool,
    pub status: ConnectionStatus,
    /// Unix seconds UTC of the sign-in.
    pub connected_at: Option<i64>,
    /// Unix seconds UTC of the last successful sync.
    pub last_sync: Option<i64>,
    /// Why the last sync or sign-in failed, for people.
    pub last_error: Option<String>,
    /// Measurements cached from this provider.
    pub records: u64,
    /// The redirect URI to register at the provider.
    pub redirect_uri_hint: String,
    /// The provider accepts only https redirect URIs (Withings): the relay
    /// page must be hosted and set as `redirect_uri` in config.toml.
    pub needs_https_redirect: bool,
    /// Where to register an app; empty when unknown.
    pub developer_url: String,
    /// A browser sign-in is in progress.
    pub connecting: bool,
    /// A sync is running.
    pub syncing: bool,
}

/// Where secrets (tokens, client secrets) are kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, specta::Type)]
pub enum SecretsKind {
    #[serde(rename = "OS keyring")]
    Keyring,
    /// `DIR/secrets.json`, readable by this user only.
    #[serde(rename = "secrets.json")]
    File,
    /// Tests only.
    #[serde(rename = "memory")]
    Memory,
}

/// The Connections page: every provider, and where secrets go.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, specta::Type)]
pub struct Providers {
    pub providers: Vec<ProviderStatus>,
    pub secrets: SecretsKind,
    /// One line to show when secrets fell back to secrets.json.
    pub secrets_warning: Option<String>,
}

/// `connect` answers at once with the link it opened in the browser (shown
/// too, for when no browser opens); `connect-finished` follows.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, specta::Type)]
pub struct ConnectStarted {
    pub authorization_url: String,
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
    /// The engine's event, with a failure worded for the app (no CLI commands).
    fn from(event: &SyncEvent) -> Self {
        let mut event = event.clone();
        if let SyncEvent::Failed { error, .. } = &mut event {
            *error = crate::error::for_app(error);
        }
        SyncProgress(event)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sync_progress_is_the_engine_event_with_app_wording() {
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
        let failed = SyncEvent::Failed {
            provider: "withings".into(),
            error: "Withings needs you to sign in again; run `healthdash connect withings`".into(),
        };
        assert_eq!(
            SyncProgress::from(&failed).0,
            SyncEvent::Failed {
                provider: "withings".into(),
                error: "Withings needs you to sign in again".into(),
            }
        );
    }
}
