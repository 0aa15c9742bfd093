//! Token exchange and refresh (RFC 6749 through the `oauth2` crate), with the
//! provider quirks applied in our HTTP adapter, and the token lifecycle of a
//! connected account ([`session`]).

pub mod hooks;
pub mod session;

use std::borrow::Cow;
use std::time::Duration;

use oauth2::basic::{BasicClient, BasicErrorResponseType, BasicRequestTokenError};
use oauth2::{
    AuthType, AuthorizationCode, ClientId, ClientSecret, EndpointNotSet, EndpointSet, HttpRequest,
    HttpResponse, PkceCodeVerifier, RedirectUrl, RefreshToken, StandardErrorResponse,
    TokenResponse, TokenUrl,
};
use serde::{Deserialize, Serialize};

pub use hooks::{ClientAuth, Rfc6749, TokenHooks};

/// Tokens of one connected account, as kept in the secret store (JSON).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenSet {
    pub access_token: String,
    pub refresh_token: Option<String>,
    /// Unix seconds; `None` when the provider did not say.
    pub expires_at: Option<i64>,
    pub scope: Option<String>,
}

impl std::fmt::Debug for TokenSet {
    // Tokens never reach a log, not even through `{:?}`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenSet")
            .field("expires_at", &self.expires_at)
            .field("has_refresh_token", &self.refresh_token.is_some())
            .finish_non_exhaustive()
    }
}

impl TokenSet {
    /// Whether the access token expires within `margin` of `now`.
    pub fn expires_within(&self, now: i64, margin: Duration) -> bool {
        let margin = i64::try_from(margin.as_secs()).unwrap_or(i64::MAX);
        self.expires_at
            .is_some_and(|at| at.saturating_sub(margin) <= now)
    }
}

/// Why a token request failed.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// The provider said no: a bad code, or a refresh token that was revoked
    /// or expired. Only a new sign-in helps.
    #[error("{provider} refused the sign-in: {reason}")]
    Refused { provider: String, reason: String },
    #[error("{provider} asks us to slow down (too many requests); try again in a minute")]
    RateLimited { provider: String },
    #[error("could not reach {provider}'s token endpoint: {reason}")]
    Transport { provider: String, reason: String },
    #[error("{provider}'s token endpoint answered something unexpected: {reason}")]
    Malformed { provider: String, reason: String },
}

impl TokenError {
    /// Worth trying again later (the sign-in itself is still good).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            TokenError::RateLimited { .. } | TokenError::Transport { .. }
        )
    }
}

type ConfiguredClient =
    BasicClient<EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointSet>;

/// Talks to one provider's token endpoint.
#[derive(Clone)]
pub struct OAuthClient {
    provider: String,
    client: ConfiguredClient,
    http: reqwest::Client,
    hooks: &'static dyn TokenHooks,
}

impl std::fmt::Debug for OAuthClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OAuthClient")
            .field("provider", &self.provider)
            .finish_non_exhaustive()
    }
}

impl OAuthClient {
    pub fn new(
        provider: &str,
        token_url: &url::Url,
        client_id: &str,
        client_secret: Option<&str>,
        auth: ClientAuth,
        hooks: &'static dyn TokenHooks,
        http: reqwest::Client,
    ) -> Self {
        let mut client = BasicClient::new(ClientId::new(client_id.to_owned()))
            .set_token_uri(TokenUrl::from_url(token_url.clone()))
            .set_auth_type(match auth {
                ClientAuth::RequestBody => AuthType::RequestBody,
                ClientAuth::BasicAuth => AuthType::BasicAuth,
            });
        if let Some(secret) = client_secret {
            client = client.set_client_secret(ClientSecret::new(secret.to_owned()));
        }
        OAuthClient {
            provider: provider.to_owned(),
            client,
            http,
            hooks,
        }
    }

    /// Exchanges an authorization code (with its PKCE verifier, if one was sent).
    pub async fn exchange_code(
        &self,
        code: &str,
        pkce_verifier: Option<&str>,
        redirect_uri: &str,
    ) -> Result<TokenSet, TokenError> {
        let redirect = RedirectUrl::new(redirect_uri.to_owned()).map_err(|e| self.malformed(e))?;
        let mut request = self
            .client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .set_redirect_uri(Cow::Owned(redirect));
        if let Some(verifier) = pkce_verifier {
            request = request.set_pkce_verifier(PkceCodeVerifier::new(verifier.to_owned()));
        }
        for (key, value) in self.hooks.extra_params() {
            request = request.add_extra_param(*key, *value);
        }
        let response = request.request_async(&self.adapter()).await;
        self.token_set(response, None)
    }

    /// Trades a refresh token for new tokens. Providers that rotate refresh
    /// tokens return a new one; those that don't keep the old one valid.
    pub async fn refresh(&self, refresh_token: &str) -> Result<TokenSet, TokenError> {
        let token = RefreshToken::new(refresh_token.to_owned());
        let mut request = self.client.exchange_refresh_token(&token);
        for (key, value) in self.hooks.extra_params() {
            request = request.add_extra_param(*key, *value);
        }
        let response = request.request_async(&self.adapter()).await;
        self.token_set(response, Some(refresh_token))
    }

    fn token_set(
        &self,
        response: Result<oauth2::basic::BasicTokenResponse, BasicRequestTokenError<AdapterError>>,
        previous_refresh: Option<&str>,
    ) -> Result<TokenSet, TokenError> {
        let response = response.map_err(|e| self.classify(e))?;
        let now = chrono::Utc::now().timestamp();
        Ok(TokenSet {
            access_token: response.access_token().secret().clone(),
            refresh_token: response
                .refresh_token()
                .map(|t| t.secret().clone())
                .or_else(|| previous_refresh.map(str::to_owned)),
            expires_at: response
                .expires_in()
                .and_then(|d| i64::try_from(d.as_secs()).ok())
                .map(|secs| now.saturating_add(secs)),
            scope: response.scopes().map(|scopes| {
                scopes
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            }),
        })
    }

    fn classify(&self, error: BasicRequestTokenError<AdapterError>) -> TokenError {
        let provider = self.provider.clone();
        match error {
            oauth2::RequestTokenError::ServerResponse(response) => {
                let code = response.error();
                if *code == BasicErrorResponseType::Extension("slow_down".into()) {
                    return TokenError::RateLimited { provider };
                }
                let reason = match response.error_description() {
                    Some(description) => format!("{code}: {description}"),
                    None => code.to_string(),
                };
                TokenError::Refused { provider, reason }
            }
            oauth2::RequestTokenError::Request(AdapterError::RateLimited) => {
                TokenError::RateLimited { provider }
            }
            oauth2::RequestTokenError::Request(e) => TokenError::Transport {
                provider,
                reason: e.to_string(),
            },
            oauth2::RequestTokenError::Parse(e, _) => TokenError::Malformed {
                provider,
                reason: e.to_string(),
            },
            oauth2::RequestTokenError::Other(reason) => TokenError::Malformed { provider, reason },
        }
    }

    fn malformed(&self, e: impl std::fmt::Display) -> TokenError {
        TokenError::Malformed {
            provider: self.provider.clone(),
            reason: e.to_string(),
        }
    }

    fn adapter(&self) -> Adapter {
        Adapter {
            http: self.http.clone(),
            hooks: self.hooks,
        }
    }
}

/// The HTTP side of token requests for `oauth2`: reqwest, then the
/// provider's hooks turn its answer into an RFC 6749 one.
struct Adapter {
    http: reqwest::Client,
    hooks: &'static dyn TokenHooks,
}

type AdapterFuture<'c> =
    std::pin::Pin<Box<dyn Future<Output = Result<HttpResponse, AdapterError>> + Send + 'c>>;

impl<'c> oauth2::AsyncHttpClient<'c> for Adapter {
    type Error = AdapterError;
    type Future = AdapterFuture<'c>;

    fn call(&'c self, request: HttpRequest) -> Self::Future {
        Box::pin(send(self.http.clone(), self.hooks, request))
    }
}

async fn send(
    http: reqwest::Client,
    hooks: &'static dyn TokenHooks,
    request: HttpRequest,
) -> Result<HttpResponse, AdapterError> {
    let (parts, body) = request.into_parts();
    let url = parts.uri.to_string();
    let response = http
        .request(parts.method, url)
        .headers(parts.headers)
        .body(body)
        .send()
        .await
        .map_err(|e| AdapterError::Transport(crate::http::describe(&e)))?;
    let status = response.status();
    if status == reqwest::StatusCode::TOO_MANY_REQUESTS {
        return Err(AdapterError::RateLimited);
    }
    if status.is_server_error() {
        return Err(AdapterError::Transport(format!("HTTP {status}")));
    }
    let bytes = response
        .bytes()
        .await
        .map_err(|e| AdapterError::Transport(crate::http::describe(&e)))?;
    let (status, body) = hooks.to_standard(status, bytes.to_vec())?;
    http::Response::builder()
        .status(status)
        .header(http::header::CONTENT_TYPE, "application/json")
        .body(body)
        .map_err(|e| AdapterError::Transport(e.to_string()))
}

/// Errors of the HTTP adapter under `oauth2`.
#[derive(Debug, thiserror::Error)]
pub enum AdapterError {
    #[error("{0}")]
    Transport(String),
    #[error("rate limited")]
    RateLimited,
}

/// An RFC 6749 error body, for hooks that translate a provider's own errors.
pub(crate) fn standard_error(error: &str, description: &str) -> Vec<u8> {
    let body: StandardErrorResponse<BasicErrorResponseType> = StandardErrorResponse::new(
        BasicErrorResponseType::Extension(error.to_owned()),
        Some(description.to_owned()),
        None,
    );
    serde_json::to_vec(&body).unwrap_or_default()
}
