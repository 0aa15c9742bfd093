//! `push exist`: daily values from the cache to Exist (CONTRACT §9); and
//! the scope `connect exist --write` asks for.

use anyhow::{Result, bail};
use chrono::NaiveDate;
use healthdash_connect::providers::exist::push::{
    self, PushEvent, PushOptions, PushSink, WRITE_SCOPES,
};
use healthdash_connect::providers::exist::{READ_SCOPE, SPEC};
use healthdash_core::Metric;
use healthdash_core::config::DataDir;
use tokio_util::sync::CancellationToken;

use crate::args::PushArgs;

/// The scope to ask for at sign-in: `None` keeps the provider's read scope.
pub fn connect_scope(provider: &str, write: bool) -> Result<Option<String>> {
    match (write, provider == SPEC.id) {
        (false, _) => Ok(None),
        (true, true) => Ok(Some(format!("{READ_SCOPE} {WRITE_SCOPES}"))),
        (true, false) => {
            bail!("--write is for `connect exist` only ('{provider}' is not written to)")
        }
    }
}

pub fn push(dir: &DataDir, args: &PushArgs) -> Result<()> {
    if args.provider != SPEC.id {
        let known = super::provider_id(&args.provider).is_ok();
        bail!(
            "cannot push to {}'{}': only `push exist` exists",
            if known { "" } else { "unknown provider " },
            args.provider
        );
    }
    let metrics = args
        .metrics
        .iter()
        .map(|m| m.parse::<Metric>())
        .collect::<Result<Vec<_>, _>>()?;
    // Checked before anything is read or sent.
    push::run::attributes_for(&metrics)?;
    let options = PushOptions {
        metrics,
        from: date("--from", args.from.as_deref())?,
        to: date("--to", args.to.as_deref())?,
        dry_run: args.dry_run,
        ..PushOptions::default()
    };
    let connections = super::connections(dir)?;
    let mut store = dir.open_store()?;
    let runtime = super::runtime()?;
    let cancel = CancellationToken::new();
    let report = runtime.block_on(async {
        let on_ctrl_c = cancel.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                on_ctrl_c.cancel();
            }
        });
        push::push(&connections, &mut store, &options, &Lines, &cancel).await
    })?;
    if args.dry_run {
        for item in &report.items {
            say!("{}", item.line());
        }
        return Ok(());
    }
    if !report.items.is_empty() {
        note!(
            "exist: {} of {} values accepted in {} update call(s), dates {} to {} ({})",
            report.accepted,
            report.items.len(),
            report.update_calls,
            report.from.map(|d| d.to_string()).unwrap_or_default(),
            report.to.map(|d| d.to_string()).unwrap_or_default(),
            report.timezone
        );
    }
    if !report.refused.is_empty() {
        bail!(push::PushError::Refused {
            count: report.refused.len()
        });
    }
    Ok(())
}

fn date(flag: &str, text: Option<&str>) -> Result<Option<NaiveDate>> {
    match text {
        None => Ok(None),
        Some(text) => match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(date) => Ok(Some(date)),
            Err(_) => bail!("{flag} '{text}' is not a date (YYYY-MM-DD)"),
        },
    }
}

/// The stderr lines of a push: one per attribute taken over, one per item
/// Exist refused.
struct Lines;

impl PushSink for Lines {
    fn event(&self, event: &PushEvent<'_>) {
        match event {
            PushEvent::TakingOver { attribute, owner } => match owner {
                Some(owner) => note!(
                    "exist: Healthdash takes over {attribute} from {owner}, which stops writing it"
                ),
                None => {
                    note!("exist: Healthdash takes over {attribute} (no other service writes it)")
                }
            },
            PushEvent::Refused(refusal) => note!("{}", refusal.line()),
            PushEvent::Progress { .. } => {}
        }
    }
}
