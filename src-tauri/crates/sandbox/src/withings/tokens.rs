//! Authorization codes, access tokens and rotating refresh tokens.
//!
//! Withings' rules, as the store enforces them:
//! - a code is single use, valid for `code_ttl` (30 s), and bound to the client,
//!   the redirect URI and, if the authorize request carried a `code_challenge`, to
//!   that challenge (Withings does not document PKCE; the fake accepts requests
//!   with or without it, but once a challenge was sent the verifier is required);
//! - each refresh returns a new refresh token; the old one stays usable until the
//!   new access token is first used or `refresh_grace` (8 h) passes, then dies;
//! - access tokens live `access_token_ttl` (3 h).
//!
//! Tokens are 40 hex characters like Withings'. They only need to be unique and
//! unguessable enough for a local fake, so the generator is seeded from the clock
//! and std's per-process random hasher keys rather than an OS RNG dependency.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;

use super::pkce;

/// Why a token request was refused; the text follows "Invalid Params: ".
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub(crate) enum TokenError {
    #[error("invalid code")]
    InvalidCode,
    #[error("redirect_uri mismatch")]
    RedirectMismatch,
    #[error("invalid code_verifier")]
    InvalidVerifier,
    #[error("invalid refresh_token")]
    InvalidRefreshToken,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum PkceMethod {
    Plain,
    S256,
}

#[derive(Clone, Debug)]
pub(crate) struct Pkce {
    pub challenge: String,
    pub method: PkceMethod,
}

#[derive(Debug)]
struct CodeGrant {
    client_id: String,
    redirect_uri: String,
    scope: String,
    pkce: Option<Pkce>,
    issued: Instant,
    used: bool,
}

#[derive(Debug)]
struct AccessGrant {
    client_id: String,
    scope: String,
    expires: Instant,
    /// The refresh token this access token's refresh replaced; it dies when
    /// this token is first used.
    retires_refresh: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum RefreshState {
    Active,
    /// Rotated at this instant; usable until the grace period ends or the
    /// successor access token is used.
    Superseded(Instant),
    Dead,
}

#[derive(Debug)]
struct RefreshGrant {
    client_id: String,
    scope: String,
    state: RefreshState,
}

/// What a successful token request returns.
#[derive(Debug, Clone)]
pub(crate) struct Issued {
    pub access_token: String,
    pub refresh_token: String,
    pub scope: String,
    pub expires_in: u64,
    pub csrf_token: String,
}

/// Who an access token belongs to.
#[derive(Debug, Clone)]
pub(crate) struct AccessInfo {
    pub client_id: String,
    pub scope: String,
}

#[derive(Debug)]
pub(crate) struct TokenStore {
    codes: HashMap<String, CodeGrant>,
    access: HashMap<String, AccessGrant>,
    refresh: HashMap<String, RefreshGrant>,
    rng: ChaCha20Rng,
}

fn fresh_seed() -> u64 {
    let mut h = std::hash::RandomState::new().build_hasher();
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    h.write_u128(nanos);
    h.write_u32(std::process::id());
    h.finish()
}

impl Default for TokenStore {
    fn default() -> Self {
        Self {
            codes: HashMap::new(),
            access: HashMap::new(),
            refresh: HashMap::new(),
            rng: ChaCha20Rng::seed_from_u64(fresh_seed()),
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
        pkce: Option<Pkce>,
    ) -> String {
        let code = self.random_token();
        self.codes.insert(
            code.clone(),
            CodeGrant {
                client_id: client_id.into(),
                redirect_uri: redirect_uri.into(),
                scope: scope.into(),
                pkce,
                issued: Instant::now(),
                used: false,
            },
        );
        code
    }

    /// Exchanges a code. Any presentation of a known code uses it up, even a
    /// failed one, so a code can never be tried twice.
    pub fn redeem_code(
        &mut self,
        code: &str,
        client_id: &str,
        redirect_uri: Option<&str>,
        verifier: Option<&str>,
        code_ttl: Duration,
    ) -> Result<String, TokenError> {
        let grant = self.codes.get_mut(code).ok_or(TokenError::InvalidCode)?;
        let was_used = std::mem::replace(&mut grant.used, true);
        if was_used || grant.issued.elapsed() > code_ttl || grant.client_id != client_id {
            return Err(TokenError::InvalidCode);
        }
        if redirect_uri != Some(grant.redirect_uri.as_str()) {
            return Err(TokenError::RedirectMismatch);
        }
        if let Some(pkce) = &grant.pkce {
            let verifier = verifier.ok_or(TokenError::InvalidVerifier)?;
            let computed = match pkce.method {
                PkceMethod::Plain => verifier.to_string(),
                PkceMethod::S256 => pkce::s256_challenge(verifier),
            };
            if computed != pkce.challenge {
                return Err(TokenError::InvalidVerifier);
            }
        }
        Ok(grant.scope.clone())
    }

    /// Issues an access/refresh pair. `retires` is the refresh token this pair
    /// replaces (for rotation).
    pub fn issue_pair(
        &mut self,
        client_id: &str,
        scope: &str,
        ttl: Duration,
        retires: Option<String>,
    ) -> Issued {
        let access_token = self.random_token();
        let refresh_token = self.random_token();
        let csrf_token = self.random_token();
        self.access.insert(
            access_token.clone(),
            AccessGrant {
                client_id: client_id.into(),
                scope: scope.into(),
                expires: Instant::now() + ttl,
                retires_refresh: retires,
            },
        );
        self.refresh.insert(
            refresh_token.clone(),
            RefreshGrant {
                client_id: client_id.into(),
                scope: scope.into(),
                state: RefreshState::Active,
            },
        );
        Issued {
            access_token,
            refresh_token,
            scope: scope.into(),
            expires_in: ttl.as_secs(),
            csrf_token,
        }
    }

    /// Rotates a refresh token.
    pub fn refresh(
        &mut self,
        token: &str,
        client_id: &str,
        grace: Duration,
        ttl: Duration,
    ) -> Result<Issued, TokenError> {
        let grant = self
            .refresh
            .get_mut(token)
            .ok_or(TokenError::InvalidRefreshToken)?;
        if grant.client_id != client_id {
            return Err(TokenError::InvalidRefreshToken);
        }
        match grant.state {
            RefreshState::Dead => return Err(TokenError::InvalidRefreshToken),
            RefreshState::Superseded(since) if since.elapsed() > grace => {
                grant.state = RefreshState::Dead;
                return Err(TokenError::InvalidRefreshToken);
            }
            RefreshState::Superseded(_) => {}
            RefreshState::Active => grant.state = RefreshState::Superseded(Instant::now()),
        }
        let scope = grant.scope.clone();
        Ok(self.issue_pair(client_id, &scope, ttl, Some(token.to_string())))
    }

    /// Checks an access token; its first use kills the refresh token it replaced.
    pub fn check_access(&mut self, token: &str) -> Option<AccessInfo> {
        let grant = self.access.get_mut(token)?;
        if Instant::now() >= grant.expires {
            return None;
        }
        let info = AccessInfo {
            client_id: grant.client_id.clone(),
            scope: grant.scope.clone(),
        };
        if let Some(old) = grant.retires_refresh.take()
            && let Some(old) = self.refresh.get_mut(&old)
        {
            old.state = RefreshState::Dead;
        }
        Some(info)
    }

    /// Fault: every access token issued so far is expired.
    pub fn expire_all_access(&mut self) {
        let now = Instant::now();
        for grant in self.access.values_mut() {
            grant.expires = now;
        }
    }

    /// Fault: every refresh token issued so far is refused (the user removed the
    /// app). Tokens from a later sign-in work again.
    pub fn revoke_all_refresh(&mut self) {
        for grant in self.refresh.values_mut() {
            grant.state = RefreshState::Dead;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: Duration = Duration::from_secs(3600);

    #[test]
    fn rotation_kills_old_refresh_on_first_use() {
        let mut store = TokenStore::default();
        let first = store.issue_pair("c", "user.metrics", HOUR, None);
        let second = store
            .refresh(&first.refresh_token, "c", HOUR, HOUR)
            .unwrap();
        // The old one still works until the new access token is used…
        let third = store
            .refresh(&first.refresh_token, "c", HOUR, HOUR)
            .unwrap();
        assert!(store.check_access(&third.access_token).is_some());
        // …then it is dead; the newest refresh token works.
        assert_eq!(
            store
                .refresh(&first.refresh_token, "c", HOUR, HOUR)
                .unwrap_err(),
            TokenError::InvalidRefreshToken
        );
        assert!(store.refresh(&third.refresh_token, "c", HOUR, HOUR).is_ok());
        assert!(store.check_access(&second.access_token).is_some());
    }

    #[test]
    fn rotated_refresh_dies_after_grace() {
        let mut store = TokenStore::default();
        let first = store.issue_pair("c", "s", HOUR, None);
        store
            .refresh(&first.refresh_token, "c", Duration::ZERO, HOUR)
            .unwrap();
        std::thread::sleep(Duration::from_millis(2));
        assert!(
            store
                .refresh(&first.refresh_token, "c", Duration::ZERO, HOUR)
                .is_err()
        );
    }

    #[test]
    fn tokens_look_like_withings_tokens() {
        let mut store = TokenStore::default();
        let t = store.issue_pair("c", "s", HOUR, None);
        assert_eq!(t.access_token.len(), 40);
        assert!(t.access_token.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(t.access_token, t.refresh_token);
    }
}
