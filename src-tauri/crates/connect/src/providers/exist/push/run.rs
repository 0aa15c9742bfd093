//! One push, from the profile's zone to the last batch (CONTRACT §9.4):
//! check the write scope, read the profile, work out the values, acquire
//! what was never acquired, send batches of at most 35 one at a time, record
//! what Exist accepted after each answer, and re-acquire and re-send once
//! what it refused because another service took the attribute.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Days, NaiveDate};
use healthdash_core::query::SourcePriority;
use healthdash_core::store::AccountStatus;
use healthdash_core::{Metric, SourceId, Store, Zone};
use tokio_util::sync::CancellationToken;

use super::client::{ExistApi, WritePolicy};
use super::error::PushError;
use super::mapping::{self, ATTRIBUTES, Attribute};
use super::plan::{self, BATCH, PROVIDER, PushItem};
use super::wire::{AttributePage, Profile, WriteAnswer};
use crate::connections::Connections;
use crate::error::ConnectError;
use crate::oauth::session::SessionError;

/// The default range: `--to` and the 30 dates before it.
pub const DEFAULT_DAYS_BACK: u64 = 30;

/// What to push.
#[derive(Clone, Debug, Default)]
pub struct PushOptions {
    /// Empty: every mapped metric.
    pub metrics: Vec<Metric>,
    pub from: Option<NaiveDate>,
    /// Default: today in the profile's zone.
    pub to: Option<NaiveDate>,
    /// Work out and report what would be sent; send and record nothing.
    pub dry_run: bool,
    /// With `dry_run`: also ask Exist who writes the attributes a real push
    /// would take over (the app names them before the first push; the CLI's
    /// dry run reads nothing but the profile).
    pub name_owners: bool,
    pub policy: WritePolicy,
}

/// What a push tells its caller as it goes.
#[derive(Debug)]
pub enum PushEvent<'a> {
    /// Healthdash is about to own `attribute`; `owner` writes it today
    /// (`None`: nobody, or Exist did not say).
    TakingOver {
        attribute: &'a str,
        owner: Option<&'a str>,
    },
    /// `done` of `total` items have had their answer.
    Progress { done: usize, total: usize },
    /// Exist refused an item for good in this run.
    Refused(&'a Refusal),
}

pub trait PushSink: Send + Sync {
    fn event(&self, event: &PushEvent<'_>);
}

/// A sink that ignores everything.
pub struct Quiet;

impl PushSink for Quiet {
    fn event(&self, _: &PushEvent<'_>) {}
}

/// One item Exist did not take.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Refusal {
    pub attribute: String,
    pub date: String,
    pub error_code: String,
    pub error: String,
}

impl Refusal {
    /// The stderr line: `error: exist refused weight 2026-11-20: validation: Value refused`.
    pub fn line(&self) -> String {
        format!(
            "error: exist refused {} {}: {}: {}",
            self.attribute, self.date, self.error_code, self.error
        )
    }
}

/// What a push did (or, dry, would do).
#[derive(Clone, Debug, Default)]
pub struct PushReport {
    /// The profile's zone, which decided the dates.
    pub timezone: String,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// What was (dry: would be) sent.
    pub items: Vec<PushItem>,
    /// Items Exist accepted.
    pub accepted: usize,
    pub refused: Vec<Refusal>,
    /// Attributes acquired in this run (dry: that a push would acquire),
    /// with the service that wrote them before, when Exist said.
    pub acquired: Vec<(String, Option<String>)>,
    /// `attributes/update/` calls, re-sends after 401 or 429 not counted.
    pub update_calls: usize,
    pub dry_run: bool,
}

/// The attributes to push for `metrics` (all of them when empty); a metric
/// without an Exist attribute is an error that names it.
pub fn attributes_for(metrics: &[Metric]) -> Result<Vec<&'static Attribute>, PushError> {
    if metrics.is_empty() {
        return Ok(ATTRIBUTES.iter().collect());
    }
    let mut out: Vec<&'static Attribute> = Vec::new();
    for &metric in metrics {
        let attribute = mapping::for_metric(metric).ok_or_else(|| {
            let mapped: Vec<&str> = ATTRIBUTES.iter().map(|a| a.metric.id()).collect();
            PushError::Options(format!(
                "metric '{metric}' has no Exist attribute (pushed: {})",
                mapped.join(", ")
            ))
        })?;
        if !out.contains(&attribute) {
            out.push(attribute);
        }
    }
    // Table order, whatever order the flags came in.
    out.sort_by_key(|a| ATTRIBUTES.iter().position(|b| b == *a));
    Ok(out)
}

/// The write scopes the granted `scope` lacks for `attributes`.
pub fn missing_write_scopes(granted: Option<&str>, attributes: &[&Attribute]) -> Vec<&'static str> {
    let granted: BTreeSet<&str> = granted.unwrap_or_default().split([' ', ',', '+']).collect();
    let needed: BTreeSet<&'static str> = attributes.iter().map(|a| a.group.write_scope()).collect();
    needed
        .into_iter()
        .filter(|s| !granted.contains(s))
        .collect()
}

/// Pushes the cache's daily values to the connected Exist account.
pub async fn push(
    connections: &Connections,
    store: &mut Store,
    options: &PushOptions,
    sink: &dyn PushSink,
    cancel: &CancellationToken,
) -> Result<PushReport, PushError> {
    let attributes = attributes_for(&options.metrics)?;
    if let (Some(from), Some(to)) = (options.from, options.to)
        && from > to
    {
        return Err(later_than(from, to));
    }
    let (session, endpoints) = connections.session(PROVIDER).map_err(|e| match e {
        ConnectError::Session(SessionError::NotConnected { .. }) => PushError::NotConnected,
        other => PushError::Connect(other.for_terminal()),
    })?;
    if !options.dry_run {
        let scope = session.scope().await;
        let missing = missing_write_scopes(scope.as_deref(), &attributes);
        if !missing.is_empty() {
            return Err(PushError::MissingScope {
                groups: missing.join(" "),
            });
        }
    }
    let api = ExistApi {
        http: connections.http(),
        session: &session,
        base: endpoints.api_base_url.clone(),
        cancel,
        policy: options.policy,
    };
    let priority = connections.data_dir().load_config()?.priority;
    let result = Pusher {
        api: &api,
        priority,
        store,
        sink,
    }
    .run(&attributes, options)
    .await;
    if let Err(error) = &result
        && error.needs_sign_in()
    {
        store.set_account_status(
            PROVIDER,
            AccountStatus::NeedsSignIn,
            None,
            Some(&error.to_string()),
        )?;
    }
    result
}

fn later_than(from: NaiveDate, to: NaiveDate) -> PushError {
    PushError::Options(format!("--from {from} is later than --to {to}"))
}

struct Pusher<'a> {
    api: &'a ExistApi<'a>,
    priority: SourcePriority,
    store: &'a mut Store,
    sink: &'a dyn PushSink,
}

impl Pusher<'_> {
    async fn run(
        &mut self,
        attributes: &[&'static Attribute],
        options: &PushOptions,
    ) -> Result<PushReport, PushError> {
        let timezone = self.profile_zone().await?;
        let zone: Zone = timezone.parse().map_err(|_| PushError::Http {
            what: "profile".into(),
            reason: format!("unknown time zone '{timezone}'"),
        })?;
        let today = zone.local_date(chrono::Utc::now().timestamp());
        let to = options.to.unwrap_or(today);
        let from = options.from.unwrap_or_else(|| {
            to.checked_sub_days(Days::new(DEFAULT_DAYS_BACK))
                .unwrap_or(to)
        });
        if from > to {
            return Err(later_than(from, to));
        }
        let priority = self.priority()?;
        let items = plan::items(self.store, attributes, zone, &priority, (from, to))?;
        let record = self
            .store
            .pushed_values(PROVIDER, (&from.to_string(), &to.to_string()))?;
        let pending = plan::pending(items, &record);
        let mut report = PushReport {
            timezone,
            from: Some(from),
            to: Some(to),
            items: pending.clone(),
            dry_run: options.dry_run,
            ..PushReport::default()
        };
        if options.dry_run {
            if options.name_owners {
                let acquired: BTreeSet<String> = self
                    .store
                    .acquired_attributes(PROVIDER)?
                    .into_iter()
                    .collect();
                let new: BTreeSet<&'static str> = pending
                    .iter()
                    .map(|i| i.attribute)
                    .filter(|a| !acquired.contains(*a))
                    .collect();
                let owners = self.owners(&new).await;
                report.acquired = new
                    .iter()
                    .map(|a| ((*a).to_owned(), owners.get(*a).cloned()))
                    .collect();
            }
            return Ok(report);
        }
        if pending.is_empty() {
            return Ok(report);
        }
        let total = pending.len();
        let pending = self.acquire_new(pending, &mut report).await?;
        let mut taken_away = Vec::new();
        let mut done = total - pending.len();
        for batch in pending.chunks(BATCH) {
            let answer = self.update(batch, &mut report).await?;
            taken_away.extend(self.settle(batch, answer, &mut report, true)?);
            done += batch.len();
            self.sink.event(&PushEvent::Progress { done, total });
        }
        if !taken_away.is_empty() {
            // Another service took these attributes since we acquired them:
            // take them back and send their items once more.
            let names: BTreeSet<&'static str> = taken_away.iter().map(|i| i.attribute).collect();
            let retry = self.acquire(taken_away, &names, &mut report).await?;
            for batch in retry.chunks(BATCH) {
                let answer = self.update(batch, &mut report).await?;
                self.settle(batch, answer, &mut report, false)?;
            }
        }
        Ok(report)
    }

    async fn profile_zone(&self) -> Result<String, PushError> {
        let answer = self
            .api
            .get("profile", self.api.url("accounts/profile/")?, &[])
            .await?;
        let profile: Profile =
            serde_json::from_slice(&answer.body).map_err(|e| PushError::Http {
                what: "profile".into(),
                reason: format!("unreadable answer: {e}"),
            })?;
        Ok(profile.timezone)
    }

    /// The user's source order, without the demo person: it is made up, and
    /// its numbers must never land in someone's real Exist account.
    fn priority(&self) -> Result<SourcePriority, PushError> {
        Ok(self.priority.clone().hiding(SourceId::demo()))
    }

    /// Acquires the attributes of `pending` this data directory never
    /// acquired; the items of an attribute Exist would not give us fail.
    async fn acquire_new(
        &mut self,
        pending: Vec<PushItem>,
        report: &mut PushReport,
    ) -> Result<Vec<PushItem>, PushError> {
        let acquired: BTreeSet<String> = self
            .store
            .acquired_attributes(PROVIDER)?
            .into_iter()
            .collect();
        let new: BTreeSet<&'static str> = pending
            .iter()
            .map(|i| i.attribute)
            .filter(|a| !acquired.contains(*a))
            .collect();
        if new.is_empty() {
            return Ok(pending);
        }
        self.acquire(pending, &new, report).await
    }

    async fn acquire(
        &mut self,
        items: Vec<PushItem>,
        names: &BTreeSet<&'static str>,
        report: &mut PushReport,
    ) -> Result<Vec<PushItem>, PushError> {
        let owners = self.owners(names).await;
        for name in names {
            let owner = owners.get(*name).map(String::as_str);
            self.sink.event(&PushEvent::TakingOver {
                attribute: name,
                owner,
            });
            report
                .acquired
                .push(((*name).to_owned(), owner.map(str::to_owned)));
        }
        let body: Vec<serde_json::Value> = names
            .iter()
            .map(|name| serde_json::json!({"template": name, "manual": false}))
            .collect();
        let answer = self
            .api
            .post_json(
                "acquire",
                "attributes/acquire/",
                &serde_json::Value::Array(body),
            )
            .await
            .map_err(|e| with_groups(e, items.iter()))?;
        let answer = read_answer("acquire", &answer.body)?;
        let ok: Vec<&str> = answer
            .success
            .iter()
            .filter_map(|a| a.attribute())
            .collect();
        self.store.record_acquired(PROVIDER, &ok)?;
        let mut refused_attributes: BTreeMap<String, (String, String)> = BTreeMap::new();
        for failed in &answer.failed {
            if let Some(name) = failed.attribute() {
                refused_attributes.insert(
                    name.to_owned(),
                    (
                        failed
                            .error_code
                            .clone()
                            .unwrap_or_else(|| "unknown".into()),
                        failed.error.clone().unwrap_or_default(),
                    ),
                );
            }
        }
        let mut keep = Vec::new();
        for item in items {
            match refused_attributes.get(item.attribute) {
                Some((code, error)) => self.refuse(report, &item, code, error),
                None => keep.push(item),
            }
        }
        Ok(keep)
    }

    /// Who writes each attribute today, for the user's information; a
    /// failed look-up only means we cannot say.
    async fn owners(&self, names: &BTreeSet<&'static str>) -> BTreeMap<String, String> {
        let mut owners = BTreeMap::new();
        let Ok(url) = self.api.url("attributes/") else {
            return owners;
        };
        let query = [
            (
                "attributes",
                names.iter().copied().collect::<Vec<_>>().join(","),
            ),
            ("limit", "100".to_owned()),
            ("include_inactive", "true".to_owned()),
        ];
        match self.api.get("attributes", url, &query).await {
            Ok(answer) => match serde_json::from_slice::<AttributePage>(&answer.body) {
                Ok(page) => {
                    for entry in page.results {
                        if let Some(service) = entry.service {
                            owners.insert(entry.name, service.display().to_owned());
                        }
                    }
                }
                Err(e) => tracing::warn!(error = %e, "exist: unreadable attribute list"),
            },
            Err(e) => tracing::warn!(error = %e, "exist: could not look up attribute owners"),
        }
        owners
    }

    async fn update(
        &self,
        batch: &[PushItem],
        report: &mut PushReport,
    ) -> Result<WriteAnswer, PushError> {
        let body = serde_json::Value::Array(batch.iter().map(PushItem::json).collect());
        report.update_calls += 1;
        let answer = self
            .api
            .post_json("update", "attributes/update/", &body)
            .await
            .map_err(|e| with_groups(e, batch.iter()))?;
        read_answer("update", &answer.body)
    }

    /// Records what Exist accepted; returns the items refused as
    /// `unauthorised` when `retry_unauthorised`, reports the other refusals.
    fn settle(
        &mut self,
        batch: &[PushItem],
        answer: WriteAnswer,
        report: &mut PushReport,
        retry_unauthorised: bool,
    ) -> Result<Vec<PushItem>, PushError> {
        let key = |name: &str, date: &str| (name.to_owned(), date.to_owned());
        let accepted: BTreeSet<(String, String)> = answer
            .success
            .iter()
            .filter_map(|a| Some(key(a.attribute()?, a.date.as_deref()?)))
            .collect();
        let recorded: Vec<_> = batch
            .iter()
            .filter(|i| accepted.contains(&key(i.attribute, &i.date.to_string())))
            .map(PushItem::recorded)
            .collect();
        self.store.record_pushed(PROVIDER, &recorded)?;
        report.accepted += recorded.len();
        let mut retry = Vec::new();
        for failed in &answer.failed {
            let (Some(name), Some(date)) = (failed.attribute(), failed.date.as_deref()) else {
                continue;
            };
            let Some(item) = batch
                .iter()
                .find(|i| i.attribute == name && i.date.to_string() == date)
            else {
                continue;
            };
            let code = failed.error_code.as_deref().unwrap_or("unknown");
            if retry_unauthorised && code == "unauthorised" {
                retry.push(item.clone());
            } else {
                self.refuse(
                    report,
                    item,
                    code,
                    failed.error.as_deref().unwrap_or_default(),
                );
            }
        }
        Ok(retry)
    }

    fn refuse(&self, report: &mut PushReport, item: &PushItem, code: &str, error: &str) {
        let refusal = Refusal {
            attribute: item.attribute.to_owned(),
            date: item.date.to_string(),
            error_code: code.to_owned(),
            error: error.to_owned(),
        };
        self.sink.event(&PushEvent::Refused(&refusal));
        report.refused.push(refusal);
    }
}

fn read_answer(what: &str, body: &[u8]) -> Result<WriteAnswer, PushError> {
    serde_json::from_slice(body).map_err(|e| PushError::Http {
        what: what.to_owned(),
        reason: format!("unreadable answer: {e}"),
    })
}

/// A 403 names the groups of the call it answered.
fn with_groups<'i>(error: PushError, items: impl Iterator<Item = &'i PushItem>) -> PushError {
    match error {
        PushError::MissingScope { .. } => {
            let groups: BTreeSet<&str> = items.map(|i| i.group.write_scope()).collect();
            PushError::MissingScope {
                groups: groups.into_iter().collect::<Vec<_>>().join(" "),
            }
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_choose_attributes_and_unmapped_ones_are_named() {
        let names: Vec<_> = attributes_for(&[Metric::SleepDuration, Metric::Steps, Metric::Steps])
            .unwrap()
            .iter()
            .map(|a| a.name)
            .collect();
        assert_eq!(names, ["steps", "sleep"]);
        assert_eq!(attributes_for(&[]).unwrap().len(), 6);
        let error = attributes_for(&[Metric::HeartRate])
            .unwrap_err()
            .to_string();
        assert!(error.contains("'heart_rate'"), "{error}");
    }

    #[test]
    fn missing_write_scopes_are_the_groups_not_granted() {
        let all = attributes_for(&[]).unwrap();
        assert_eq!(
            missing_write_scopes(
                Some("activity_read health_read sleep_read activity_write"),
                &all
            ),
            ["health_write", "sleep_write"]
        );
        assert!(
            missing_write_scopes(Some("activity_write health_write sleep_write"), &all).is_empty()
        );
        assert_eq!(missing_write_scopes(None, &all[..1]), ["activity_write"]);
    }

    #[test]
    fn a_refusal_line_names_attribute_date_and_code() {
        let refusal = Refusal {
            attribute: "weight".into(),
            date: "2026-11-20".into(),
            error_code: "validation".into(),
            error: "Value refused".into(),
        };
        assert_eq!(
            refusal.line(),
            "error: exist refused weight 2026-11-20: validation: Value refused"
        );
    }
}
