//! One module per command; each takes its parsed arguments and the data dir.

mod apple_health;
mod chart;
mod connect;
mod demo;
mod export;
mod import;
mod insights;
mod metrics;
mod providers;
mod push;
#[cfg(feature = "sandbox")]
mod sandbox;
mod sync;

use anyhow::Result;
use healthdash_core::config::DataDir;
use healthdash_core::source;

use crate::args::{Cli, Command, ExportCommand};

pub fn run(cli: Cli) -> Result<()> {
    let dir = DataDir::resolve(cli.data_dir)?;
    // Every command checks the whole config.toml first, so a typo is
    // reported at once (and nothing is changed) whichever command meets it.
    dir.load_config()?;
    match cli.command {
        Command::Providers => providers::list(&dir),
        Command::Disconnect(args) => providers::disconnect(&dir, &args),
        Command::Connect(args) => connect::connect(&dir, &args),
        Command::Sync(args) => sync::sync(&dir, &args),
        Command::Push(args) => push::push(&dir, &args),
        #[cfg(feature = "sandbox")]
        Command::Sandbox(args) => sandbox::run(&dir, &args),
        Command::Import(args) => import::run(&dir, &args),
        Command::Export(ExportCommand::Csv(args)) => export::csv(&dir, &args),
        Command::Demo(args) => demo::run(&dir, &args),
        Command::Metrics => metrics::list(&dir),
        Command::Chart(args) => chart::render(&dir, &args),
        Command::Insights(args) => insights::run(&dir, &args),
    }
}

/// A provider id from the command line, checked against the registry.
pub fn provider_id(id: &str) -> Result<&'static source::ProviderInfo> {
    source::provider(id).ok_or_else(|| {
        let known: Vec<&str> = source::PROVIDERS.iter().map(|p| p.id).collect();
        anyhow::anyhow!("unknown provider '{id}' (known: {})", known.join(", "))
    })
}

/// The connections of a data directory; says once where secrets went when
/// the keyring was unreachable.
pub fn connections(dir: &DataDir) -> Result<healthdash_connect::Connections> {
    let connections = healthdash_connect::Connections::open(dir.clone())?;
    if let Some(warning) = connections.secrets_warning() {
        note!("healthdash: warning: {warning}");
    }
    Ok(connections)
}

/// Sign-in and sync are async (HTTP, the loopback listener); the rest of
/// the CLI is not, so each such command runs its own runtime.
pub fn runtime() -> Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?)
}
