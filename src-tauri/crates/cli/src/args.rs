//! The command line, exactly as CONTRACT §3 spells it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "healthdash",
    version,
    about = "Your health data from the cloud services you use, cached on your own computer.",
    propagate_version = true
)]
pub struct Cli {
    /// Where the cache and settings live (default: the OS application-data folder).
    #[arg(long, global = true, env = "HEALTHDASH_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the providers: connected or not, last sync, records cached.
    Providers,
    /// Sign in to a provider in the browser and store its tokens.
    Connect(ConnectArgs),
    /// Forget a provider's tokens; cached data stays unless --purge.
    Disconnect(DisconnectArgs),
    /// Fetch new data from connected providers.
    Sync(SyncArgs),
    /// Send daily values from the cache to a provider that takes them (Exist).
    Push(PushArgs),
    /// Export cached data.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Import a file: a Healthdash CSV export (backups), or another app's export.
    Import(ImportArgs),
    /// Load the demo data set (source `demo`).
    Demo(DemoArgs),
    /// List stored metrics: id, unit, source, count, first, last.
    Metrics,
    /// Render a metric's chart as a PNG or SVG image.
    Chart(ChartArgs),
    /// Flags over your usual ranges and the daily metrics that go together.
    Insights(InsightsArgs),
    /// Run fake provider servers on this computer, with their own data
    /// folder, to try sign-in and sync offline (Ctrl-C stops them).
    #[cfg(feature = "sandbox")]
    Sandbox(SandboxArgs),
}

#[cfg(feature = "sandbox")]
#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// Providers to fake (default: every provider that has a fake).
    #[arg(value_name = "PROVIDER")]
    pub providers: Vec<String>,
    /// Port of the first fake; the next fakes take the following ports
    /// (fixed, so a connection made now still works after a restart;
    /// 0 = any free port for each).
    #[arg(long, default_value_t = 18085)]
    pub port: u16,
    /// Days of history the fake accounts have.
    #[arg(long, default_value_t = 365, value_parser = clap::value_parser!(u32).range(1..=3650))]
    pub days: u32,
    /// Refuse http:// redirect URIs like the real services (then only the
    /// relay page or paste mode work).
    #[arg(long)]
    pub strict: bool,
    /// Point this data folder at the fakes (restored on Ctrl-C) instead of
    /// using the sandbox's own folder `DIR/sandbox`; synced made-up data then
    /// stays in this folder's cache.
    #[arg(long)]
    pub here: bool,
}

#[derive(Debug, Args)]
pub struct ConnectArgs {
    pub provider: String,
    /// Print the sign-in URL instead of opening the browser.
    #[arg(long)]
    pub no_browser: bool,
    /// Finish sign-in by pasting the URL the browser ended on.
    #[arg(long)]
    pub paste: bool,
    /// Give up waiting for the browser after this many seconds.
    #[arg(long, value_name = "SECS", default_value_t = 300)]
    pub timeout: u64,
    /// Also ask for permission to write (Exist: what `push exist` needs).
    #[arg(long)]
    pub write: bool,
}

#[derive(Debug, Args)]
pub struct PushArgs {
    /// Where to send (only `exist`).
    pub provider: String,
    /// Only this metric (repeatable; default: every metric Exist takes).
    #[arg(long = "metric", value_name = "ID")]
    pub metrics: Vec<String>,
    /// From this Exist date on (YYYY-MM-DD; default: --to minus 30 days).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Up to and including this Exist date (YYYY-MM-DD; default: today).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Print what would be sent (ATTRIBUTE DATE VALUE) and send nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct DisconnectArgs {
    pub provider: String,
    /// Also delete everything cached from this provider.
    #[arg(long)]
    pub purge: bool,
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Providers to sync (default: every connected one).
    pub providers: Vec<String>,
    /// Fetch the whole history again.
    #[arg(long)]
    pub full: bool,
    /// Fetch from this date on (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// CSV: metric,start,end,value,unit,source,detail (CONTRACT §8).
    Csv(CsvArgs),
}

#[derive(Debug, Args)]
pub struct CsvArgs {
    /// Output file, or - for standard output.
    #[arg(long, value_name = "FILE|-")]
    pub out: PathBuf,
    /// Only this metric (repeatable).
    #[arg(long = "metric", value_name = "ID")]
    pub metrics: Vec<String>,
    /// From this date (YYYY-MM-DD, local midnight) or RFC 3339 time.
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Up to and including this date (YYYY-MM-DD) or up to an RFC 3339 time.
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Only this source (repeatable).
    #[arg(long = "source", value_name = "ID")]
    pub sources: Vec<String>,
    /// Also export intraday detail stored beside daily totals.
    #[arg(long, conflicts_with = "daily")]
    pub intraday: bool,
    /// One row per metric, local day and source: the day totals the
    /// dashboard shows (activity metrics only).
    #[arg(long)]
    pub daily: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file's format: csv (a Healthdash CSV export) or apple-health (the
    /// export.zip of Apple's Health app, or its export.xml).
    pub format: String,
    /// The file, or - for standard input (csv).
    #[arg(value_name = "FILE|-")]
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Years of history, ending now.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..=30))]
    pub years: u32,
    /// Time zone of the demo person (default: this computer's).
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
    /// Last day of the data set, whole (default: today, up to this moment).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub until: Option<String>,
    /// Delete the demo data set instead (everything stored as source `demo`).
    #[arg(long, conflicts_with_all = ["years", "tz", "until"])]
    pub remove: bool,
}

#[derive(Debug, Args)]
pub struct ChartArgs {
    pub metric: String,
    /// Start (YYYY-MM-DD or RFC 3339; default: the metric's first value).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// End, inclusive date or RFC 3339 (default: the metric's last value).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Output image: .png or .svg.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    #[arg(long, default_value_t = 1200)]
    pub width: u32,
    #[arg(long, default_value_t = 600)]
    pub height: u32,
    #[arg(long, value_enum, default_value_t = ThemeArg::Light)]
    pub theme: ThemeArg,
    /// Only this source (repeatable).
    #[arg(long = "source", value_name = "ID")]
    pub sources: Vec<String>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ThemeArg {
    Light,
    Dark,
}

#[derive(Debug, Args)]
pub struct InsightsArgs {
    /// First day (YYYY-MM-DD; default: 364 days before --to).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last day, inclusive (YYYY-MM-DD; default: today).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Print the insights as JSON instead of text.
    #[arg(long)]
    pub json: bool,
}
