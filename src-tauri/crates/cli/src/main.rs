//! `healthdash`: the command-line face of Healthdash (CONTRACT §3).
//!
//! Parsing lives in [`args`], each command in [`commands`]; this file only
//! sets up logging, dispatches, and turns errors into one line on stderr.

/// `eprintln!` that never panics: a closed stderr must not turn a finished
/// command into a crash.
macro_rules! note {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// `println!` that never panics, for the few lines a command prints while
/// it keeps working (the sign-in address): a reader that went away must not
/// stop a sign-in or a sandbox.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

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
        // `healthdash metrics | head -1`: the reader has all it wanted.
        Err(err) if output::is_reader_gone(&err) => ExitCode::SUCCESS,
        Err(err) => {
            // One line: what happened, and the command that fixes it.
            match err.downcast_ref::<healthdash_connect::ConnectError>() {
                Some(connect) => note!("healthdash: {}", connect.for_terminal()),
                None => note!("healthdash: {}", one_line(&err)),
            }
            ExitCode::FAILURE
        }
    }
}

/// The error and its causes on one line, each said once: most of our errors
/// already show their source in their own message (`{path}: {source}`), so
/// a cause is only appended when its message is not already there.
fn one_line(err: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
        if cause
            .source()
            .is_some_and(|s| text.contains(&s.to_string()))
        {
            break; // the rest of the chain is already in `text`
        }
    }
    line
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

#[cfg(test)]
mod tests {
    use super::one_line;

    #[derive(Debug)]
    struct Io(std::io::Error);
    impl std::fmt::Display for Io {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "/x/y: {}", self.0)
        }
    }
    impl std::error::Error for Io {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.0)
        }
    }

    #[test]
    fn a_cause_already_in_the_message_is_not_repeated() {
        let io = std::io::Error::from(std::io::ErrorKind::NotFound);
        let text = io.to_string();
        let err = anyhow::Error::new(Io(io)).context("cannot write out.csv");
        let line = one_line(&err);
        assert_eq!(line, format!("cannot write out.csv: /x/y: {text}"));
        assert_eq!(line.matches(&text).count(), 1, "{line}");
    }

    #[test]
    fn contexts_keep_their_causes() {
        let err = anyhow::anyhow!("disk on fire")
            .context("writing the cache")
            .context("demo");
        assert_eq!(one_line(&err), "demo: writing the cache: disk on fire");
    }
}
