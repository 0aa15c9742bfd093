//! `sync`: fetch new data from connected providers, with progress on stderr.

use std::sync::{Arc, Mutex};

use anyhow::{Result, bail};
use healthdash_connect::SyncOptions;
use healthdash_connect::tasks::TaskBoard;
use healthdash_core::config::DataDir;
use healthdash_core::sync::{ProgressSink, SyncEvent};

use crate::args::SyncArgs;
use crate::progress::Progress;

pub fn sync(dir: &DataDir, args: &SyncArgs) -> Result<()> {
    let mut ids = Vec::new();
    for id in &args.providers {
        ids.push(super::provider_id(id)?.id);
    }
    let from = match &args.from {
        Some(text) => Some(
            chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map_err(|_| healthdash_core::Error::InvalidDate(text.clone()))?,
        ),
        None => None,
    };
    let connections = super::connections(dir)?;
    let mut store = dir.open_store()?;
    if ids.is_empty() {
        ids = store
            .accounts()?
            .into_iter()
            .filter_map(|a| healthdash_core::source::provider(&a.provider).map(|p| p.id))
            .collect();
        ids.sort_by_key(|id| {
            healthdash_core::source::PROVIDERS
                .iter()
                .position(|p| p.id == *id)
        });
        if ids.is_empty() {
            bail!("no provider is connected; run `healthdash connect withings` first");
        }
    }
    let options = SyncOptions {
        full: args.full,
        from,
        retry: None,
    };
    let runtime = super::runtime()?;
    let board = Arc::new(TaskBoard::default());
    let mut failures = Vec::new();
    runtime.block_on(async {
        let on_ctrl_c = Arc::clone(&board);
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                on_ctrl_c.cancel_all();
            }
        });
        for id in &ids {
            let bar = Bars::default();
            let name = healthdash_core::source::display_name(id);
            let ticket = match board.begin_sync(id, name) {
                Ok(ticket) => ticket,
                Err(e) => {
                    failures.push(e.for_terminal());
                    continue;
                }
            };
            match connections
                .sync(&mut store, id, &options, &bar, &ticket.cancel)
                .await
            {
                Ok(report) => {
                    bar.finish();
                    for warning in report.failures.iter().filter(|f| f.optional) {
                        note!("warning: {id} {}: {}", warning.stream, warning.error);
                    }
                    note!(
                        "{id}: {} records from {} requests in {:.1} s",
                        report.records,
                        report.requests,
                        report.seconds
                    );
                    if let Some(failed) =
                        healthdash_connect::connections::failure_summary(name, &report)
                    {
                        failures.push(failed);
                    }
                }
                Err(e) => {
                    bar.finish();
                    failures.push(e.for_terminal());
                    if e.is_cancelled() {
                        break;
                    }
                }
            }
        }
    });
    match failures.len() {
        0 => Ok(()),
        1 => bail!("{}", failures[0]),
        _ => bail!("{}", failures.join("; ")),
    }
}

/// A progress bar per stream on stderr.
#[derive(Default)]
struct Bars {
    current: Mutex<Option<(String, Progress)>>,
}

impl Bars {
    fn finish(&self) {
        if let Ok(mut current) = self.current.lock()
            && let Some((_, bar)) = current.take()
        {
            bar.finish();
        }
    }
}

impl ProgressSink for Bars {
    fn event(&self, event: &SyncEvent) {
        let (label, position) = match event {
            SyncEvent::Page {
                provider,
                stream,
                position,
                ..
            } => (format!("{provider} {stream}"), *position),
            // A file has no pages: its bar counts bytes.
            SyncEvent::Downloading {
                provider,
                what,
                bytes,
                total,
            } => (
                format!("{provider} downloading {what} (bytes)"),
                Some((*bytes, total.unwrap_or(*bytes))),
            ),
            _ => return,
        };
        let Ok(mut current) = self.current.lock() else {
            return;
        };
        if current.as_ref().is_none_or(|(name, _)| *name != label) {
            if let Some((_, bar)) = current.take() {
                bar.finish();
            }
            *current = Some((label.clone(), Progress::new(label, 1)));
        }
        if let (Some((_, bar)), Some((done, total))) = (current.as_mut(), position) {
            bar.set(done, total);
        }
    }
}
