//! Background sync while the app runs: each connected provider is synced a
//! few seconds after the app starts and then about once an hour, so the
//! charts are current without anyone pressing "Sync now". Only providers the
//! user connected are contacted. A failed attempt also waits a full interval:
//! a laptop that is offline gets one attempt an hour, not a stream of errors.
//! The Settings page turns it off (`[sync] background = false`, read at every
//! look); `HEALTHDASH_AUTO_SYNC=0` turns it off for the whole run.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use healthdash_core::store::{Account, AccountStatus};
use tauri::AppHandle;

use crate::commands;

/// How old the last sync (or attempt) of a provider may be.
pub const EVERY: Duration = Duration::from_secs(60 * 60);
/// The first look comes after the window is up, not during start-up.
const FIRST_LOOK: Duration = Duration::from_secs(5);
/// How often the accounts are looked at (cheap: one small query).
const LOOK_EVERY: Duration = Duration::from_secs(5 * 60);
/// `0` (or `off`) turns background sync off.
pub const ENV_SWITCH: &str = "HEALTHDASH_AUTO_SYNC";

/// Whether background sync is on, from the value of [`ENV_SWITCH`].
pub fn enabled(switch: Option<&str>) -> bool {
    !matches!(
        switch.map(|v| v.trim().to_ascii_lowercase()).as_deref(),
        Some("0" | "off" | "false" | "no")
    )
}

/// The providers due for a sync at `now`: connected (not waiting for a new
/// sign-in), supported by this version, and neither synced nor tried within
/// `every`. `tried` holds this run's attempts, successful or not.
pub fn due(
    accounts: &[Account],
    tried: &HashMap<String, i64>,
    now: i64,
    every: Duration,
) -> Vec<String> {
    let every = i64::try_from(every.as_secs()).unwrap_or(i64::MAX);
    accounts
        .iter()
        .filter(|a| a.status == AccountStatus::Connected)
        .filter(|a| healthdash_connect::registry::provider(&a.provider).is_some())
        .filter(|a| {
            let last = a
                .last_sync_at
                .into_iter()
                .chain(tried.get(&a.provider).copied())
                .max();
            last.is_none_or(|at| now.saturating_sub(at) >= every)
        })
        .map(|a| a.provider.clone())
        .collect()
}

/// When a connected provider's sync is due next, with `last_sync` its last
/// successful sync and `tried` this run's last background attempt: a full
/// interval after the later of the two, and never before the loop's next
/// look (a provider due already waits for that look).
pub fn next_sync(
    last_sync: Option<i64>,
    tried: Option<i64>,
    next_look: i64,
    every: Duration,
) -> i64 {
    let every = i64::try_from(every.as_secs()).unwrap_or(i64::MAX);
    last_sync
        .into_iter()
        .chain(tried)
        .max()
        .map_or(next_look, |at| at.saturating_add(every).max(next_look))
}

/// What the background loop remembers, shared with the Connections page so
/// it can say when the next sync (or the retry after a failure) happens.
#[derive(Debug, Default)]
pub struct Schedule(Mutex<Plan>);

#[derive(Debug, Default)]
struct Plan {
    /// Unix seconds of the loop's next look; `None` while the loop is not
    /// running (turned off for this run, or not started yet).
    next_look: Option<i64>,
    /// Background attempts of this run, successful or not.
    tried: HashMap<String, i64>,
}

impl Schedule {
    fn plan(&self) -> std::sync::MutexGuard<'_, Plan> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The loop will look again at `at`.
    pub fn looks_at(&self, at: i64) {
        self.plan().next_look = Some(at);
    }

    /// The background sync of `provider` was started at `at`.
    pub fn tried(&self, provider: &str, at: i64) {
        self.plan().tried.insert(provider.to_owned(), at);
    }

    fn tried_all(&self) -> HashMap<String, i64> {
        self.plan().tried.clone()
    }

    /// When `provider`'s next background sync starts, or `None` when the
    /// loop does not run.
    pub fn next_sync(&self, provider: &str, last_sync: Option<i64>) -> Option<i64> {
        let plan = self.plan();
        let next_look = plan.next_look?;
        Some(next_sync(
            last_sync,
            plan.tried.get(provider).copied(),
            next_look,
            EVERY,
        ))
    }
}

/// Starts the background loop on Tauri's runtime (once, at setup).
pub fn start(app: AppHandle) {
    if !enabled(std::env::var(ENV_SWITCH).ok().as_deref()) {
        log::info!("background sync is off ({ENV_SWITCH})");
        return;
    }
    tauri::async_runtime::spawn(async move {
        schedule_look(&app, FIRST_LOOK);
        tokio::time::sleep(FIRST_LOOK).await;
        loop {
            look(&app).await;
            schedule_look(&app, LOOK_EVERY);
            tokio::time::sleep(LOOK_EVERY).await;
        }
    });
}

/// Notes when the loop looks next, for the Connections page.
fn schedule_look(app: &AppHandle, after: Duration) {
    if let Ok(state) = commands::app_state(app) {
        let after = i64::try_from(after.as_secs()).unwrap_or(i64::MAX);
        state
            .schedule
            .looks_at(chrono::Utc::now().timestamp().saturating_add(after));
    }
}

/// One look: starts a sync of every provider that is due and not syncing.
async fn look(app: &AppHandle) {
    // No data folder: the app shows why; nothing to sync.
    let Ok(state) = commands::app_state(app) else {
        return;
    };
    match state.data_dir().load_config() {
        Ok(config) if !config.sync.background => return,
        Ok(_) => {}
        // A broken config.toml is reported where it is edited; no guessing here.
        Err(e) => {
            log::warn!("background sync: {e}");
            return;
        }
    }
    let accounts = match state.store().accounts() {
        Ok(accounts) => accounts,
        Err(e) => {
            log::warn!("background sync: cannot read the accounts: {e}");
            return;
        }
    };
    let now = chrono::Utc::now().timestamp();
    for provider in due(&accounts, &state.schedule.tried_all(), now, EVERY) {
        state.schedule.tried(&provider, now);
        log::info!("{provider}: background sync");
        if let Err(e) = commands::start_sync(app.clone(), provider.clone()).await {
            // Busy: the user's own "Sync now" got there first.
            log::info!("{provider}: background sync not started: {}", e.message);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: i64 = 3600;
    const NOW: i64 = 1_800_000_000;

    fn account(provider: &str, status: AccountStatus, last_sync_at: Option<i64>) -> Account {
        Account {
            provider: provider.to_owned(),
            status,
            account_name: None,
            connected_at: NOW - 30 * 86_400,
            last_sync_at,
            last_error: None,
        }
    }

    #[test]
    fn a_connected_provider_is_due_when_never_synced_or_synced_an_hour_ago() {
        let none = HashMap::new();
        let never = [account("withings", AccountStatus::Connected, None)];
        assert_eq!(due(&never, &none, NOW, EVERY), ["withings"]);
        let hour_ago = [account(
            "withings",
            AccountStatus::Connected,
            Some(NOW - HOUR),
        )];
        assert_eq!(due(&hour_ago, &none, NOW, EVERY), ["withings"]);
        let recent = [account(
            "withings",
            AccountStatus::Connected,
            Some(NOW - HOUR + 60),
        )];
        assert!(due(&recent, &none, NOW, EVERY).is_empty());
    }

    #[test]
    fn needs_sign_in_and_providers_this_version_cannot_sync_are_left_alone() {
        // Whichever providers this build only plans (Personicle syncs now).
        let mut accounts = vec![account("withings", AccountStatus::NeedsSignIn, None)];
        accounts.extend(
            healthdash_connect::registry::PLANNED
                .iter()
                .map(|id| account(id, AccountStatus::Connected, None)),
        );
        assert!(due(&accounts, &HashMap::new(), NOW, EVERY).is_empty());
    }

    #[test]
    fn a_failed_attempt_waits_a_full_interval_before_the_next() {
        let accounts = [account(
            "withings",
            AccountStatus::Connected,
            Some(NOW - 5 * HOUR),
        )];
        let tried = HashMap::from([("withings".to_owned(), NOW - 10 * 60)]);
        assert!(due(&accounts, &tried, NOW, EVERY).is_empty());
        assert_eq!(due(&accounts, &tried, NOW + HOUR, EVERY), ["withings"]);
    }

    #[test]
    fn the_next_sync_is_an_interval_after_the_last_sync_or_attempt_never_before_the_next_look() {
        let look = NOW + 120;
        // Never synced, never tried: due at the next look.
        assert_eq!(next_sync(None, None, look, EVERY), look);
        // Synced 10 minutes ago: in 50 minutes.
        assert_eq!(
            next_sync(Some(NOW - 600), None, look, EVERY),
            NOW - 600 + HOUR
        );
        // The last background attempt failed 5 minutes ago: the retry comes
        // an hour after it, not after the older success.
        assert_eq!(
            next_sync(Some(NOW - 5 * HOUR), Some(NOW - 300), look, EVERY),
            NOW - 300 + HOUR
        );
        // Overdue (a manual sync failed long after the last success): the next look.
        assert_eq!(next_sync(Some(NOW - 5 * HOUR), None, look, EVERY), look);
    }

    #[test]
    fn the_schedule_knows_nothing_until_the_loop_runs_then_counts_attempts() {
        let schedule = Schedule::default();
        assert_eq!(schedule.next_sync("withings", Some(NOW)), None);
        schedule.looks_at(NOW + 60);
        assert_eq!(schedule.next_sync("withings", None), Some(NOW + 60));
        schedule.tried("withings", NOW);
        assert_eq!(
            schedule.next_sync("withings", Some(NOW - 5 * HOUR)),
            Some(NOW + HOUR)
        );
        assert_eq!(schedule.next_sync("exist", None), Some(NOW + 60));
    }

    #[test]
    fn the_switch_turns_it_off_only_when_asked() {
        assert!(enabled(None));
        assert!(enabled(Some("1")));
        assert!(enabled(Some("")));
        for off in ["0", "off", "OFF", " false ", "no"] {
            assert!(!enabled(Some(off)), "{off:?}");
        }
    }
}
