//! The Insights page's commands: flags and correlations over a range of
//! days, the flag rules with their on/off switches (kept in `config.toml`
//! `[insights] disabled`, which the CLI honours too), and the paired days
//! behind one correlation. Thin: the work is `healthdash_core::insights`;
//! plain functions over [`AppState`] first, for tests, then the commands.

use chrono::{Duration, NaiveDate};
use healthdash_core::Zone;
use healthdash_core::insights::{self, Feature, InsightOptions, Insights, RuleId, ScatterPoint};
use tauri::State;

use crate::api::shown_sources;
use crate::commands::{Backend, with_state};
use crate::error::{ErrorKind, IpcError};
use crate::state::AppState;

/// Days the page looks at when it names no range: the last year.
pub const DEFAULT_DAYS: i64 = 365;

/// The range of `insights`; each end defaults (last: today in this
/// computer's zone; first: 364 days before `last`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize, specta::Type)]
pub struct InsightsArgs {
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
}

/// A flag rule as the page's switches show it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, specta::Type)]
pub struct RuleSetting {
    pub id: RuleId,
    pub title: String,
    /// The rule in plain words.
    pub rule_text: String,
    /// False when the user turned it off.
    pub enabled: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, specta::Type)]
pub struct SetInsightRuleArgs {
    pub id: RuleId,
    pub enabled: bool,
}

/// One correlation's features and lag, and the days to pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, specta::Type)]
pub struct ScatterArgs {
    pub a: Feature,
    pub b: Feature,
    /// b is taken this many days after a: 0, 1 or 2.
    pub lag_days: u8,
    pub first: NaiveDate,
    pub last: NaiveDate,
}

/// The largest lag the correlations test.
const MAX_LAG: u8 = 2;

fn refuse(message: impl std::fmt::Display) -> IpcError {
    IpcError::new(ErrorKind::InvalidInput, message)
}

fn check_days(first: NaiveDate, last: NaiveDate) -> Result<(), IpcError> {
    if first > last {
        return Err(refuse(format!(
            "the range ends ({last}) before it begins ({first})"
        )));
    }
    Ok(())
}

/// The days `args` names, with the defaults filled in for `today`.
pub fn days_of(args: &InsightsArgs, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let last = args.last.unwrap_or(today);
    let first = args
        .first
        .unwrap_or(last - Duration::days(DEFAULT_DAYS - 1));
    (first, last)
}

/// Flags of the enabled rules and the significant correlations.
pub fn insights_for(state: &AppState, args: &InsightsArgs) -> Result<Insights, IpcError> {
    let today = Zone::local().local_date(chrono::Utc::now().timestamp());
    let (first, last) = days_of(args, today);
    check_days(first, last)?;
    let disabled = state.data_dir().load_config()?.insights.disabled;
    let options = InsightOptions {
        first,
        last,
        priority: shown_sources(state)?,
        disabled,
    };
    Ok(insights::compute(&state.store(), &options)?)
}

/// Every rule, in the core's order, with whether it is on.
pub fn rule_settings(state: &AppState) -> Result<Vec<RuleSetting>, IpcError> {
    let disabled = state.data_dir().load_config()?.insights.disabled;
    Ok(insights::rules()
        .into_iter()
        .map(|r| RuleSetting {
            enabled: insights::enabled(r.id, &disabled),
            id: r.id,
            title: r.title,
            rule_text: r.rule_text,
        })
        .collect())
}

/// Turns one rule on or off in `config.toml`; answers every rule.
pub fn set_rule(state: &AppState, args: &SetInsightRuleArgs) -> Result<Vec<RuleSetting>, IpcError> {
    let mut settings = state.data_dir().load_config()?.settings();
    let disabled = &mut settings.insights.disabled;
    disabled.retain(|r| *r != args.id);
    if !args.enabled {
        disabled.push(args.id);
        disabled.sort();
    }
    state.data_dir().save_settings(&settings)?;
    rule_settings(state)
}

/// The paired days behind one correlation.
pub fn scatter_for(state: &AppState, args: &ScatterArgs) -> Result<Vec<ScatterPoint>, IpcError> {
    check_days(args.first, args.last)?;
    if args.lag_days > MAX_LAG {
        return Err(refuse(format!(
            "lag_days is {}; correlations are tested at 0 to {MAX_LAG} days",
            args.lag_days
        )));
    }
    let priority = shown_sources(state)?;
    Ok(insights::scatter(
        &state.store(),
        &args.a,
        &args.b,
        args.lag_days,
        args.first,
        args.last,
        &priority,
    )?)
}

/// Flags and significant correlations over `[first, last]` (default: the last 365 days).
#[tauri::command]
#[specta::specta]
pub async fn insights(
    backend: State<'_, Backend>,
    args: InsightsArgs,
) -> Result<Insights, IpcError> {
    with_state("insights", &backend, |s| insights_for(s, &args))
}

/// Every flag rule with whether it is on.
#[tauri::command]
#[specta::specta]
pub async fn insight_rules(backend: State<'_, Backend>) -> Result<Vec<RuleSetting>, IpcError> {
    with_state("insight_rules", &backend, rule_settings)
}

/// Turns one rule on or off (kept in the settings); answers every rule.
#[tauri::command]
#[specta::specta]
pub async fn set_insight_rule(
    backend: State<'_, Backend>,
    args: SetInsightRuleArgs,
) -> Result<Vec<RuleSetting>, IpcError> {
    with_state("set_insight_rule", &backend, |s| set_rule(s, &args))
}

/// The paired days behind one correlation: `a` on a day, `b` `lag_days` later.
#[tauri::command]
#[specta::specta]
pub async fn scatter(
    backend: State<'_, Backend>,
    args: ScatterArgs,
) -> Result<Vec<ScatterPoint>, IpcError> {
    with_state("scatter", &backend, |s| scatter_for(s, &args))
}

#[cfg(test)]
mod tests;
