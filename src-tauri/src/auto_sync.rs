//! Background sync while the app runs: each connected provider is synced a
//! few seconds after the app starts and then about once an hour, so the
//! charts are current without anyone pressing "Sync now". Only providers the
//! user connected are contacted. A failed attempt also waits a full interval:
//! a laptop that is offline gets one attempt an hour, not a stream of errors.
//! The Settings page turns it off (`[sync] background = false`, read at every
//! look); `HEALTHDASH_AUTO_SYNC=0` turns it off for the whole run.

use std::collections::HashMap;
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

/// Starts the background loop on Tauri's runtime (once, at setup).
pub fn start(app: AppHandle) {
    if !enabled(std::env::var(ENV_SWITCH).ok().as_deref()) {
        log::info!("background sync is off ({ENV_SWITCH})");
        return;
    }
    tauri::async_runtime::spawn(async move {
        let mut tried = HashMap::new();
        tokio::time::sleep(FIRST_LOOK).await;
        loop {
            look(&app, &mut tried).await;
            tokio::time::sleep(LOOK_EVERY).await;
        }
    });
}

/// One look: starts a sync of every provider that is due and not syncing.
async fn look(app: &AppHandle, tried: &mut HashMap<String, i64>) {
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
    for provider in due(&accounts, tried, now, EVERY) {
        tried.insert(provider.clone(), now);
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
        let accounts = [
            account("withings", AccountStatus::NeedsSignIn, None),
            account("personicle", AccountStatus::Connected, None),
        ];
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
    fn the_switch_turns_it_off_only_when_asked() {
        assert!(enabled(None));
        assert!(enabled(Some("1")));
        assert!(enabled(Some("")));
        for off in ["0", "off", "OFF", " false ", "no"] {
            assert!(!enabled(Some(off)), "{off:?}");
        }
    }
}
