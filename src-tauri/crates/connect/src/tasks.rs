//! The task board: sign-ins and syncs in progress in this process, one per
//! provider, shared by the CLI and the app. It answers "is it connecting /
//! syncing?", refuses a second sync of one provider ("already syncing"),
//! and cancels. (Another *process* syncing is caught by [`crate::sync_lock`].)
//!
//! A sign-in waits for the browser to come back to the loopback listener,
//! for a pasted address, or for Cancel; a sync runs for seconds to minutes.
//! Both outlive the call that starts them, so each is registered here under
//! a number: a newer sign-in of the same provider replaces (and cancels) an
//! older one, whose own end then changes nothing.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use tokio_util::sync::CancellationToken;

use crate::connections::{ConnectTicket, PendingConnect};
use crate::error::{ConnectError, Result};
use crate::signin::PasteHandle;

#[derive(Debug, Default)]
pub struct TaskBoard {
    sign_ins: Mutex<HashMap<String, SignInEntry>>,
    syncs: Mutex<HashMap<String, SyncEntry>>,
    next_id: AtomicU64,
}

#[derive(Debug)]
struct SignInEntry {
    id: u64,
    cancel: CancellationToken,
    paste: PasteHandle,
    ticket: ConnectTicket,
}

#[derive(Debug)]
struct SyncEntry {
    id: u64,
    cancel: CancellationToken,
}

/// A registered sign-in: what waiting for it needs.
#[derive(Debug)]
pub struct SignInTask {
    pub provider: String,
    pub id: u64,
    pub cancel: CancellationToken,
    pub pending: PendingConnect,
}

/// What finishing a sign-in from a pasted address needs.
#[derive(Debug)]
pub struct PasteTarget {
    pub id: u64,
    pub paste: PasteHandle,
    pub ticket: ConnectTicket,
}

/// A registered sync; dropping it unregisters it.
#[derive(Debug)]
pub struct SyncTicket<'a> {
    board: &'a TaskBoard,
    pub provider: String,
    id: u64,
    pub cancel: CancellationToken,
}

impl Drop for SyncTicket<'_> {
    fn drop(&mut self) {
        let mut map = lock(&self.board.syncs);
        if map.get(&self.provider).is_some_and(|e| e.id == self.id) {
            map.remove(&self.provider);
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl TaskBoard {
    fn next(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::Relaxed)
    }

    pub fn connecting(&self, provider: &str) -> bool {
        lock(&self.sign_ins).contains_key(provider)
    }

    pub fn syncing(&self, provider: &str) -> bool {
        lock(&self.syncs).contains_key(provider)
    }

    /// Registers a started sign-in, cancelling one already waiting for the
    /// same provider.
    pub fn begin_sign_in(&self, provider: &str, pending: PendingConnect) -> SignInTask {
        let cancel = CancellationToken::new();
        let id = self.next();
        let entry = SignInEntry {
            id,
            cancel: cancel.clone(),
            paste: pending.sign_in.paste_handle(),
            ticket: pending.ticket.clone(),
        };
        if let Some(old) = lock(&self.sign_ins).insert(provider.to_owned(), entry) {
            old.cancel.cancel();
        }
        SignInTask {
            provider: provider.to_owned(),
            id,
            cancel,
            pending,
        }
    }

    /// The provider's waiting sign-in, for a pasted address.
    pub fn paste_target(&self, provider: &str) -> Option<PasteTarget> {
        lock(&self.sign_ins).get(provider).map(|e| PasteTarget {
            id: e.id,
            paste: e.paste.clone(),
            ticket: e.ticket.clone(),
        })
    }

    /// Removes the sign-in if it is still the one numbered `id` (a newer
    /// sign-in of the same provider may have replaced it); false otherwise.
    pub fn end_sign_in(&self, provider: &str, id: u64) -> bool {
        let mut map = lock(&self.sign_ins);
        if map.get(provider).is_some_and(|e| e.id == id) {
            map.remove(provider);
            return true;
        }
        false
    }

    /// Cancels the provider's sign-in in progress; false when there was none.
    pub fn cancel_sign_in(&self, provider: &str) -> bool {
        match lock(&self.sign_ins).remove(provider) {
            Some(entry) => {
                entry.cancel.cancel();
                true
            }
            None => false,
        }
    }

    /// Registers a sync of `provider`; a second one while it runs is refused.
    pub fn begin_sync(&self, provider: &str, name: &str) -> Result<SyncTicket<'_>> {
        let mut map = lock(&self.syncs);
        if map.contains_key(provider) {
            return Err(ConnectError::AlreadySyncing {
                provider: name.to_owned(),
            });
        }
        let id = self.next();
        let cancel = CancellationToken::new();
        map.insert(
            provider.to_owned(),
            SyncEntry {
                id,
                cancel: cancel.clone(),
            },
        );
        Ok(SyncTicket {
            board: self,
            provider: provider.to_owned(),
            id,
            cancel,
        })
    }

    /// Cancels the provider's sync; false when none runs.
    pub fn cancel_sync(&self, provider: &str) -> bool {
        match lock(&self.syncs).get(provider) {
            Some(entry) => {
                entry.cancel.cancel();
                true
            }
            None => false,
        }
    }

    /// Cancels every sign-in and sync (Ctrl-C in the CLI, quitting the app).
    pub fn cancel_all(&self) {
        for entry in lock(&self.sign_ins).drain() {
            entry.1.cancel.cancel();
        }
        for entry in lock(&self.syncs).values() {
            entry.cancel.cancel();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_sync_of_one_provider_is_refused_until_the_first_ends() {
        let board = TaskBoard::default();
        let first = board.begin_sync("withings", "Withings").unwrap();
        assert!(board.syncing("withings"));
        let second = board.begin_sync("withings", "Withings").unwrap_err();
        assert_eq!(second.to_string(), "Withings is syncing already");
        // Another provider is not held up.
        let other = board.begin_sync("exist", "Exist").unwrap();
        assert!(board.cancel_sync("withings"));
        assert!(first.cancel.is_cancelled() && !other.cancel.is_cancelled());
        drop(first);
        assert!(!board.syncing("withings") && !board.cancel_sync("withings"));
        assert!(board.begin_sync("withings", "Withings").is_ok());
    }

    #[test]
    fn cancel_all_reaches_every_sync() {
        let board = TaskBoard::default();
        let a = board.begin_sync("withings", "Withings").unwrap();
        let b = board.begin_sync("exist", "Exist").unwrap();
        board.cancel_all();
        assert!(a.cancel.is_cancelled() && b.cancel.is_cancelled());
    }
}
