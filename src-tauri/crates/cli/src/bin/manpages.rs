//! `healthdash-manpages DIR`: writes `healthdash.1` and one page per
//! subcommand (`healthdash-connect.1`, …) into DIR, for the Linux packages.
//! The pages come from the same clap definition the CLI parses with, so they
//! cannot drift from `healthdash --help`.

#[allow(dead_code)] // the CLI's argument types; only their clap definition is used here
#[path = "../args.rs"]
mod args;

use std::path::PathBuf;

use anyhow::Context;
use clap::CommandFactory;

fn main() -> anyhow::Result<()> {
    let dir = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .context("usage: healthdash-manpages DIR")?;
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    clap_mangen::generate_to(args::Cli::command(), &dir)
        .with_context(|| format!("cannot write the man pages into {}", dir.display()))?;
    Ok(())
}
