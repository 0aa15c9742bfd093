//! Authorization codes, access tokens and rotating refresh tokens, as Exist
//! has them:
//!
//! - a code is single use, bound to the client and the redirect URI (and to a
//!   PKCE challenge when the authorize request sent one: Exist does not
//!   document PKCE, the fake accepts requests with or without it);
//! - access tokens live a year (`expires_in: 31535999`);
//! - a refresh returns a new pair and **invalidates the old access and
//!   refresh tokens at once** (no grace period).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;

/// Why a token request was refused (OAuth2 `error` codes).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub(crate) enum TokenError {
    #[error("invalid_grant")]
    InvalidGrant,
}

#[derive(Debug)]
struct CodeGrant {
    client_id: String,
    redirect_uri: String,
    scope: String,
    challenge: Option<String>,
    used: bool,
}

#[derive(Debug)]
struct AccessGrant {
    scope: String,
    expires: Instant,
    /// The refresh token issued with it: refreshing kills both.
    refresh: String,
}

#[derive(Debug)]
struct RefreshGrant {
    client_id: String,
    scope: String,
    access: String,
}

/// What a successful token request returns.
#[derive(Debug, Clone)]
pub(crate) struct Issued {
    pub access_token: String,
    pub refresh_token: String,
    pub scope: String,
    pub expires_in: u64,
}

#[derive(Debug)]
pub(crate) struct TokenStore {
    codes: HashMap<String, CodeGrant>,
    access: HashMap<String, AccessGrant>,
    refresh: HashMap<String, RefreshGrant>,
    rng: ChaCha20Rng,
}

impl Default for TokenStore {
    fn default() -> Self {
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64)
            ^ u64::from(std::process::id());
        Self {
            codes: HashMap::new(),
            access: HashMap::new(),
            refresh: HashMap::new(),
            rng: ChaCha20Rng::seed_from_u64(seed),
        }
    }
}

impl TokenStore {
    fn random_token(&mut self) -> String {
        let bytes: [u8; 20] = self.rng.random();
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    pub fn issue_code(
        &mut self,
        client_id: &str,
        redirect_uri: &str,
        scope: &str,
        challenge: Option<String>,
    ) -> String {
        let code = self.random_token();
        self.codes.insert(
            code.clone(),
            CodeGrant {
                client_id: client_id.into(),
                redirect_uri: redirect_uri.into(),
                scope: scope.into(),
                challenge,
                used: false,
            },
        );
        code
    }

    /// Exchanges a code for its scope; any presentation uses it up.
    pub fn redeem_code(
        &mut self,
        code: &str,
        client_id: &str,
        redirect_uri: Option<&str>,
        verifier: Option<&str>,
    ) -> Result<String, TokenError> {
        let grant = self.codes.get_mut(code).ok_or(TokenError::InvalidGrant)?;
        let was_used = std::mem::replace(&mut grant.used, true);
        if was_used || grant.client_id != client_id || redirect_uri != Some(&grant.redirect_uri) {
            return Err(TokenError::InvalidGrant);
        }
        if let Some(challenge) = &grant.challenge {
            let verifier = verifier.ok_or(TokenError::InvalidGrant)?;
            if crate::withings::pkce::s256_challenge(verifier) != *challenge {
                return Err(TokenError::InvalidGrant);
            }
        }
        Ok(grant.scope.clone())
    }

    pub fn issue_pair(&mut self, client_id: &str, scope: &str, ttl: Duration) -> Issued {
        let access_token = self.random_token();
        let refresh_token = self.random_token();
        self.access.insert(
            access_token.clone(),
            AccessGrant {
                scope: scope.into(),
                expires: Instant::now() + ttl,
                refresh: refresh_token.clone(),
            },
        );
        self.refresh.insert(
            refresh_token.clone(),
            RefreshGrant {
                client_id: client_id.into(),
                scope: scope.into(),
                access: access_token.clone(),
            },
        );
        Issued {
            access_token,
            refresh_token,
            scope: scope.into(),
            expires_in: ttl.as_secs(),
        }
    }

    /// Rotates: the old refresh token and its access token die now.
    pub fn refresh(
        &mut self,
        token: &str,
        client_id: &str,
        ttl: Duration,
    ) -> Result<Issued, TokenError> {
        match self.refresh.get(token) {
            Some(grant) if grant.client_id == client_id => {}
            _ => return Err(TokenError::InvalidGrant),
        }
        let Some(grant) = self.refresh.remove(token) else {
            return Err(TokenError::InvalidGrant);
        };
        self.access.remove(&grant.access);
        Ok(self.issue_pair(client_id, &grant.scope, ttl))
    }

    /// The scope of a live access token.
    pub fn check_access(&self, token: &str) -> Option<String> {
        let grant = self.access.get(token)?;
        (Instant::now() < grant.expires).then(|| grant.scope.clone())
    }

    /// Fault: every access token issued so far is expired.
    pub fn expire_all_access(&mut self) {
        let now = Instant::now();
        for grant in self.access.values_mut() {
            grant.expires = now;
        }
    }

    /// Fault: every refresh token issued so far is refused (the user removed
    /// the app at Exist). Tokens from a later sign-in work.
    pub fn revoke_all_refresh(&mut self) {
        self.refresh.clear();
        // Their access tokens still work until they expire, as with OAuth.
        for grant in self.access.values_mut() {
            grant.refresh.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YEAR: Duration = Duration::from_secs(31_535_999);

    #[test]
    fn a_refresh_kills_the_old_pair_at_once() {
        let mut store = TokenStore::default();
        let first = store.issue_pair("c", "activity_read", YEAR);
        assert_eq!(
            store.check_access(&first.access_token).as_deref(),
            Some("activity_read")
        );
        let second = store.refresh(&first.refresh_token, "c", YEAR).unwrap();
        assert!(store.check_access(&first.access_token).is_none());
        assert_eq!(
            store.refresh(&first.refresh_token, "c", YEAR).unwrap_err(),
            TokenError::InvalidGrant
        );
        assert!(store.check_access(&second.access_token).is_some());
        assert!(store.refresh(&second.refresh_token, "other", YEAR).is_err());
    }

    #[test]
    fn a_code_works_once_for_its_redirect_uri() {
        let mut store = TokenStore::default();
        let code = store.issue_code("c", "http://127.0.0.1:5/callback", "sleep_read", None);
        assert!(
            store
                .redeem_code(&code, "c", Some("http://127.0.0.1:6/callback"), None)
                .is_err()
        );
        let code = store.issue_code("c", "http://127.0.0.1:5/callback", "sleep_read", None);
        assert_eq!(
            store
                .redeem_code(&code, "c", Some("http://127.0.0.1:5/callback"), None)
                .unwrap(),
            "sleep_read"
        );
        assert!(
            store
                .redeem_code(&code, "c", Some("http://127.0.0.1:5/callback"), None)
                .is_err()
        );
    }
}
