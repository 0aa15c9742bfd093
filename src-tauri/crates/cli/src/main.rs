//! `healthdash`: the command-line face of Healthdash (CONTRACT §3).
//!
//! Parsing lives in [`args`], each command in [`commands`]; this file only
//! sets up logging, dispatches, and turns errors into one line on stderr.

mod args;
mod commands;
mod output;
mod progress;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    init_logging();
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // One line: what happened, and the command that fixes it.
            match err.downcast_ref::<healthdash_connect::ConnectError>() {
                Some(connect) => eprintln!("healthdash: {}", connect.for_terminal()),
                None => eprintln!("healthdash: {err:#}"),
            }
            ExitCode::FAILURE
        }
    }
}

/// Logs go to stderr (stdout stays machine-readable); `RUST_LOG` tunes them.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .compact()
        .init();
}
