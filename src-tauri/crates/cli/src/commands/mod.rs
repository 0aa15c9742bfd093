//! One module per command; each takes its parsed arguments and the data dir.

mod chart;
mod demo;
mod export;
mod metrics;
mod providers;

use anyhow::{Result, bail};
use healthdash_core::config::DataDir;
use healthdash_core::source;

use crate::args::{Cli, Command, ExportCommand};

pub fn run(cli: Cli) -> Result<()> {
    let dir = DataDir::resolve(cli.data_dir)?;
    match cli.command {
        Command::Providers => providers::list(&dir),
        Command::Disconnect(args) => providers::disconnect(&dir, &args),
        Command::Connect(args) => {
            provider_id(&args.provider)?;
            not_yet(
                "connect",
                "browser sign-in arrives with the Withings provider",
            )
        }
        Command::Sync(args) => {
            for id in &args.providers {
                provider_id(id)?;
            }
            if let Some(from) = &args.from {
                healthdash_core::time::parse_time_bound(from, healthdash_core::Zone::UTC)?;
            }
            not_yet("sync", "syncing arrives with the Withings provider")
        }
        Command::Import(args) => {
            if !args.file.exists() {
                bail!("{}: no such file", args.file.display());
            }
            not_yet("import", &format!("no importer for '{}' yet", args.format))
        }
        Command::Export(ExportCommand::Csv(args)) => export::csv(&dir, &args),
        Command::Demo(args) => demo::load(&dir, &args),
        Command::Metrics => metrics::list(&dir),
        Command::Chart(args) => chart::render(&dir, &args),
    }
}

/// A provider id from the command line, checked against the registry.
pub fn provider_id(id: &str) -> Result<&'static source::ProviderInfo> {
    source::provider(id).ok_or_else(|| {
        let known: Vec<&str> = source::PROVIDERS.iter().map(|p| p.id).collect();
        anyhow::anyhow!("unknown provider '{id}' (known: {})", known.join(", "))
    })
}

fn not_yet(command: &str, why: &str) -> Result<()> {
    bail!("`{command}` is not available yet: {why}")
}
