//! The token lifecycle of one connected account: refresh shortly before
//! expiry and after a 401, one refresh at a time, the rotated refresh token
//! saved before the new access token is used, and a refused refresh turned
//! into "needs sign-in".

use std::sync::Arc;
use std::time::Duration;

use super::{OAuthClient, TokenError, TokenSet};
use crate::secrets::{SecretError, SecretKey, SecretName, SecretStore};

/// Refresh this long before the provider's expiry, so that a page request
/// never starts with a token about to die mid-flight.
pub const REFRESH_MARGIN: Duration = Duration::from_secs(300);

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("{name} is not connected", name = display_name(provider))]
    NotConnected { provider: String },
    #[error(
        "{name} needs you to sign in again ({reason}); your cached data is kept",
        name = display_name(provider)
    )]
    NeedsSignIn { provider: String, reason: String },
    #[error(transparent)]
    Token(TokenError),
    #[error(transparent)]
    Secret(#[from] SecretError),
    #[error("the saved sign-in of {provider} is unreadable ({reason})")]
    Corrupt { provider: String, reason: String },
}

impl SessionError {
    /// The provider whose sign-in this is about, if one is named.
    pub fn provider(&self) -> &str {
        match self {
            SessionError::NotConnected { provider }
            | SessionError::NeedsSignIn { provider, .. }
            | SessionError::Corrupt { provider, .. } => provider,
            SessionError::Token(_) | SessionError::Secret(_) => "",
        }
    }
}

fn display_name(provider: &str) -> &str {
    healthdash_core::source::provider(provider).map_or(provider, |p| p.name)
}

/// Saves a fresh token set (after sign-in or refresh).
pub fn save_tokens(
    secrets: &dyn SecretStore,
    provider: &str,
    tokens: &TokenSet,
) -> Result<(), SessionError> {
    let json = serde_json::to_string(tokens).map_err(|e| SessionError::Corrupt {
        provider: provider.to_owned(),
        reason: e.to_string(),
    })?;
    secrets.set(SecretKey::new(provider, SecretName::Tokens), &json)?;
    Ok(())
}

pub fn load_tokens(
    secrets: &dyn SecretStore,
    provider: &str,
) -> Result<Option<TokenSet>, SessionError> {
    let Some(json) = secrets.get(SecretKey::new(provider, SecretName::Tokens))? else {
        return Ok(None);
    };
    serde_json::from_str(&json)
        .map(Some)
        .map_err(|e| SessionError::Corrupt {
            provider: provider.to_owned(),
            reason: e.to_string(),
        })
}

/// A connected account's tokens, shared by everything that calls its API.
#[derive(Debug)]
pub struct Session {
    provider: String,
    secrets: Arc<dyn SecretStore>,
    oauth: OAuthClient,
    /// Held across a refresh: the one-at-a-time guarantee.
    tokens: tokio::sync::Mutex<TokenSet>,
}

impl Session {
    pub fn load(
        provider: &str,
        secrets: Arc<dyn SecretStore>,
        oauth: OAuthClient,
    ) -> Result<Session, SessionError> {
        let tokens =
            load_tokens(secrets.as_ref(), provider)?.ok_or_else(|| SessionError::NotConnected {
                provider: provider.to_owned(),
            })?;
        Ok(Session {
            provider: provider.to_owned(),
            secrets,
            oauth,
            tokens: tokio::sync::Mutex::new(tokens),
        })
    }

    pub fn provider(&self) -> &str {
        &self.provider
    }

    /// An access token good for at least [`REFRESH_MARGIN`] when it can be
    /// refreshed.
    /// A token that cannot be refreshed (implicit flow) is used until it
    /// has expired: refusing it early would only end the sync sooner.
    pub async fn access_token(&self) -> Result<String, SessionError> {
        let mut tokens = self.tokens.lock().await;
        let margin = match tokens.refresh_token {
            Some(_) => REFRESH_MARGIN,
            None => Duration::ZERO,
        };
        if tokens.expires_within(now(), margin) {
            self.refresh(&mut tokens).await?;
        }
        Ok(tokens.access_token.clone())
    }

    /// The scope the provider granted, as it said with the tokens.
    pub async fn scope(&self) -> Option<String> {
        self.tokens.lock().await.scope.clone()
    }

    /// The provider rejected `rejected`: refresh, unless another request
    /// already did while this one was in flight.
    pub async fn after_unauthorized(&self, rejected: &str) -> Result<String, SessionError> {
        let mut tokens = self.tokens.lock().await;
        if tokens.access_token != rejected {
            return Ok(tokens.access_token.clone());
        }
        self.refresh(&mut tokens).await?;
        Ok(tokens.access_token.clone())
    }

    async fn refresh(&self, tokens: &mut TokenSet) -> Result<(), SessionError> {
        // Another process (the app while the CLI runs) may have rotated the
        // tokens since we loaded them; its refresh token is the live one.
        if let Some(stored) = load_tokens(self.secrets.as_ref(), &self.provider)?
            && stored != *tokens
            && !stored.expires_within(now(), REFRESH_MARGIN)
        {
            *tokens = stored;
            return Ok(());
        }
        let Some(refresh_token) = tokens.refresh_token.clone() else {
            return Err(
                self.needs_sign_in("the access token expired and there is no refresh token")
            );
        };
        tracing::info!(provider = %self.provider, "refreshing access token");
        match self.oauth.refresh(&refresh_token).await {
            Ok(mut fresh) => {
                // A refresh answer without `scope` keeps the grant it refreshed.
                if fresh.scope.is_none() {
                    fresh.scope.clone_from(&tokens.scope);
                }
                // Saved before first use: with rotating refresh tokens the old
                // one dies once the new access token is used.
                save_tokens(self.secrets.as_ref(), &self.provider, &fresh)?;
                *tokens = fresh;
                Ok(())
            }
            Err(TokenError::Refused { reason, .. }) => {
                if let Some(stored) = load_tokens(self.secrets.as_ref(), &self.provider)?
                    && stored.refresh_token.as_deref() != Some(refresh_token.as_str())
                {
                    // Lost a race with another process's refresh: use its tokens.
                    *tokens = stored;
                    return Ok(());
                }
                Err(self.needs_sign_in(&reason))
            }
            Err(other) => Err(SessionError::Token(other)),
        }
    }

    fn needs_sign_in(&self, reason: &str) -> SessionError {
        SessionError::NeedsSignIn {
            provider: self.provider.clone(),
            reason: reason.to_owned(),
        }
    }
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}
