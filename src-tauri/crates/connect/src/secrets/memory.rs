//! Secrets in process memory, for tests of the modules that use a
//! [`SecretStore`] (sign-in, token refresh, sync) without a keyring or files.

use std::collections::BTreeMap;
use std::sync::Mutex;

use super::{SecretError, SecretKey, SecretStore, StoreKind};

#[derive(Default)]
pub struct MemoryStore {
    secrets: Mutex<BTreeMap<String, String>>,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// The keys (`withings/tokens`, …) currently set, for assertions.
    pub fn keys(&self) -> Vec<String> {
        self.lock().keys().cloned().collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, String>> {
        // A test that panicked while holding the lock left whole values.
        self.secrets.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Keys only: values are secrets even in tests (they may be real tokens).
impl std::fmt::Debug for MemoryStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemoryStore")
            .field("keys", &self.keys())
            .finish()
    }
}

impl SecretStore for MemoryStore {
    fn get(&self, key: SecretKey<'_>) -> Result<Option<String>, SecretError> {
        let label = key.label()?;
        Ok(self.lock().get(&label).cloned())
    }

    fn set(&self, key: SecretKey<'_>, value: &str) -> Result<(), SecretError> {
        let label = key.label()?;
        self.lock().insert(label, value.to_owned());
        Ok(())
    }

    fn delete(&self, key: SecretKey<'_>) -> Result<(), SecretError> {
        let label = key.label()?;
        self.lock().remove(&label);
        Ok(())
    }

    fn kind(&self) -> StoreKind {
        StoreKind::Memory
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::SecretName;

    #[test]
    fn round_trip_and_debug_without_values() {
        let store = MemoryStore::new();
        let key = SecretKey::new("withings", SecretName::ClientSecret);
        assert_eq!(store.get(key).unwrap(), None);
        store.set(key, "hunter2").unwrap();
        assert_eq!(store.get(key).unwrap().as_deref(), Some("hunter2"));
        let debug = format!("{store:?}");
        assert!(debug.contains("withings/client_secret") && !debug.contains("hunter2"));
        store.delete(key).unwrap();
        store.delete(key).unwrap();
        assert_eq!(store.get(key).unwrap(), None);
        assert_eq!(store.kind(), StoreKind::Memory);
    }
}
