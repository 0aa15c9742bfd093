//! The one entry point the CLI and the app use: connect, disconnect, sync
//! and status of providers for one data directory.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use healthdash_core::config::{DataDir, ProviderConfig};
use healthdash_core::source::SourceKind;
use healthdash_core::store::AccountStatus;
use healthdash_core::{Store, Zone};
use tokio_util::sync::CancellationToken;
use url::Url;

use crate::error::{ConnectError, Result};
use crate::http::{ApiCaller, Pacer, RetryPolicy};
use crate::oauth::session::{Session, load_tokens, save_tokens};
use crate::oauth::{OAuthClient, TokenSet};
use crate::providers::{Provider, ProviderSpec};
use crate::registry;
use crate::secrets::{self, SecretKey, SecretName, SecretStore, StoreKind};
use crate::signin::{AuthorizeRequest, Grant, RedirectMode, SignIn, SignInOptions};
use crate::sync_lock::SyncLock;
use crate::tasks::TaskBoard;
use healthdash_core::sync::{ProgressSink, RunOptions, SyncEvent, SyncReport};

/// A provider's endpoints and client, after config overrides (CONTRACT §4).
#[derive(Clone)]
pub struct Endpoints {
    pub authorize_url: Url,
    pub token_url: Url,
    pub api_base_url: Url,
    pub client_id: String,
    pub client_secret: Option<String>,
    pub redirect_port: u16,
    pub relay_uri: Option<Url>,
}

impl std::fmt::Debug for Endpoints {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Endpoints")
            .field("authorize_url", &self.authorize_url.as_str())
            .field("token_url", &self.token_url.as_str())
            .field("api_base_url", &self.api_base_url.as_str())
            .field("client_id", &self.client_id)
            .field("has_client_secret", &self.client_secret.is_some())
            .finish_non_exhaustive()
    }
}

/// How `connect` gets the browser back.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ConnectMode {
    /// Loopback listener, or the relay page when `redirect_uri` is set.
    #[default]
    Listen,
    /// The user pastes the address the browser ended on.
    Paste,
}

/// A sign-in in progress: the browser side, and what finishing needs.
#[derive(Debug)]
pub struct PendingConnect {
    pub sign_in: SignIn,
    pub ticket: ConnectTicket,
}

/// What [`Connections::finish`] needs besides the grant.
#[derive(Clone, Debug)]
pub struct ConnectTicket {
    pub spec: &'static ProviderSpec,
    endpoints: Endpoints,
}

/// What `sync` should do.
#[derive(Clone, Debug, Default)]
pub struct SyncOptions {
    /// Forget the cursors and fetch everything again (`--full`).
    pub full: bool,
    /// Start a first or full sync here instead of the whole history.
    pub from: Option<NaiveDate>,
    /// Overrides the retry policy (tests keep back-offs short).
    pub retry: Option<RetryPolicy>,
}

/// Whether an account is connected, as the user sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ConnectionStatus {
    NotConnected,
    Connected,
    /// The provider refused our refresh token: sign in again.
    NeedsSignIn,
}

impl ConnectionStatus {
    /// Words for the `providers` table.
    pub fn describe(self) -> &'static str {
        match self {
            ConnectionStatus::NotConnected => "not connected",
            ConnectionStatus::Connected => "connected",
            ConnectionStatus::NeedsSignIn => "needs sign-in",
        }
    }
}

/// One provider as the user sees it, in the CLI's `providers` and on the
/// app's Connections page.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProviderStatus {
    pub id: String,
    pub name: String,
    /// This build can sign in to and sync this provider; the app lists the
    /// others on one "Coming: …" line.
    pub supported: bool,
    /// A client ID is known (config.toml or entered in the app).
    pub has_client: bool,
    pub status: ConnectionStatus,
    /// Unix seconds UTC of the sign-in.
    pub connected_at: Option<i64>,
    /// Unix seconds UTC of the last successful sync.
    pub last_sync: Option<i64>,
    /// Why the last sync or sign-in failed, for people.
    pub last_error: Option<String>,
    /// Measurements cached from this provider.
    pub records: u64,
    /// The redirect URI to register at the provider.
    pub redirect_uri_hint: String,
    /// The provider accepts only https redirect URIs (Withings): the relay
    /// page must be hosted and set as `redirect_uri` in config.toml.
    pub needs_https_redirect: bool,
    /// Where to register an app; empty when unknown.
    pub developer_url: String,
    /// A browser sign-in is in progress.
    pub connecting: bool,
    /// A sync is running.
    pub syncing: bool,
    /// The provider's endpoints point at this computer (`healthdash
    /// sandbox` set them to its fake), not at the real service.
    pub sandbox: bool,
    /// Unix seconds UTC of the next background sync, or its retry after a
    /// failure. Only the app syncs in the background and fills it in.
    pub next_sync: Option<i64>,
    /// Unix seconds UTC when the sign-in stops working, for a sign-in that
    /// cannot renew itself (Personicle's implicit flow has no refresh
    /// token); `None` when it renews itself or is unknown.
    pub sign_in_expires_at: Option<i64>,
}

/// Every provider, and where secrets go.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Providers {
    pub providers: Vec<ProviderStatus>,
    pub secrets: StoreKind,
    /// One line to show when secrets fell back to secrets.json.
    pub secrets_warning: Option<String>,
}

/// Connections of one data directory.
#[derive(Debug, Clone)]
pub struct Connections {
    data_dir: DataDir,
    secrets: Arc<dyn SecretStore>,
    secrets_warning: Option<String>,
    http: reqwest::Client,
}

impl Connections {
    /// Opens the secret store for `data_dir` (CONTRACT §5).
    pub fn open(data_dir: DataDir) -> Result<Connections> {
        data_dir.create()?;
        let opened = secrets::open(data_dir.path())?;
        Ok(Connections::with_secrets(
            data_dir,
            opened.store,
            opened.warning,
        ))
    }

    pub fn with_secrets(
        data_dir: DataDir,
        secrets: Arc<dyn SecretStore>,
        secrets_warning: Option<String>,
    ) -> Connections {
        Connections {
            data_dir,
            secrets,
            secrets_warning,
            http: crate::http::client(),
        }
    }

    /// One line to show when secrets fell back to `secrets.json`.
    pub fn secrets_warning(&self) -> Option<&str> {
        self.secrets_warning.as_deref()
    }

    pub fn secrets_kind(&self) -> StoreKind {
        self.secrets.kind()
    }

    pub fn data_dir(&self) -> &DataDir {
        &self.data_dir
    }

    fn provider(id: &str) -> Result<&'static dyn Provider> {
        registry::provider(id).ok_or_else(|| {
            let supported = registry::supported_ids().join(", ");
            if healthdash_core::source::provider(id).is_some() {
                ConnectError::NotSupported {
                    provider: id.to_owned(),
                    supported,
                }
            } else if let Some(info) = healthdash_core::source::info(id) {
                ConnectError::NotAnAccount {
                    name: info.name.to_owned(),
                    how: match info.kind {
                        SourceKind::Demo => "`healthdash demo`",
                        _ => "importing its export file (`healthdash import`)",
                    },
                    supported,
                }
            } else {
                ConnectError::Core(healthdash_core::Error::UnknownSource(id.to_owned()))
            }
        })
    }

    fn spec(id: &str) -> Result<&'static ProviderSpec> {
        Ok(Self::provider(id)?.spec())
    }

    fn provider_config(&self, id: &str) -> Result<ProviderConfig> {
        let config = self.data_dir.load_config()?;
        Ok(config.providers.get(id).cloned().unwrap_or_default())
    }

    /// Endpoints after `config.toml` overrides, with the client id and
    /// secret from the config or the secret store.
    pub fn endpoints(&self, id: &str) -> Result<Endpoints> {
        let spec = Self::spec(id)?;
        let config = self.provider_config(id)?;
        let url = |key: &str, value: Option<&String>, default: &str| -> Result<Url> {
            let text = value.map_or(default, String::as_str);
            Url::parse(text).map_err(|e| {
                ConnectError::Config(format!(
                    "{}: [providers.{id}] {key} = {text:?} is not a URL ({e})",
                    self.data_dir.config_path().display()
                ))
            })
        };
        // A provider without a public sign-in (Human API) has no default
        // endpoints: the user names the ones they were given.
        if (spec.authorize_url.is_empty() && config.authorize_url.is_none())
            || (spec.token_url.is_empty() && config.token_url.is_none())
        {
            return Err(ConnectError::Config(format!(
                "{name} has no public sign-in: set authorize_url and token_url (and client_id, client_secret) under [providers.{id}] in {path}; see \"Getting {name} access\" in the README",
                name = spec.name(),
                path = self.data_dir.config_path().display()
            )));
        }
        let secret = |name| self.secrets.get(SecretKey::new(id, name));
        let client_id = match config.client_id.clone() {
            Some(id) => id,
            None => secret(SecretName::ClientId)?.ok_or_else(|| {
                ConnectError::Config(format!(
                    "{} has no client ID yet: register an app at {} and put client_id and client_secret under [providers.{id}] in {} (or enter them on the app's Connections page); `healthdash sandbox` tries it offline",
                    spec.name(),
                    spec.developer_url(),
                    self.data_dir.config_path().display()
                ))
            })?,
        };
        let client_secret = match config.client_secret.clone() {
            Some(secret) => Some(secret),
            None => secret(SecretName::ClientSecret)?,
        };
        Ok(Endpoints {
            authorize_url: url(
                "authorize_url",
                config.authorize_url.as_ref(),
                spec.authorize_url,
            )?,
            token_url: url("token_url", config.token_url.as_ref(), spec.token_url)?,
            api_base_url: url(
                "api_base_url",
                config.api_base_url.as_ref(),
                spec.api_base_url,
            )?,
            client_id,
            client_secret,
            redirect_port: config.redirect_port.unwrap_or(0),
            relay_uri: match &config.redirect_uri {
                Some(uri) => Some(url("redirect_uri", Some(uri), "")?),
                None => None,
            },
        })
    }

    /// The HTTP client every provider call shares.
    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// The signed-in session of a connected provider and its endpoints,
    /// for calls outside the sync engine (pushes to Exist).
    pub fn session(&self, id: &str) -> Result<(Session, Endpoints)> {
        let spec = Self::spec(id)?;
        let endpoints = self.endpoints(id)?;
        let session = Session::load(spec.id, self.secrets.clone(), self.oauth(spec, &endpoints)?)?;
        Ok((session, endpoints))
    }

    /// Stores a client id and secret entered in the app.
    pub fn set_client(&self, id: &str, client_id: &str, client_secret: Option<&str>) -> Result<()> {
        Self::spec(id)?;
        self.secrets
            .set(SecretKey::new(id, SecretName::ClientId), client_id.trim())?;
        match client_secret.map(str::trim).filter(|s| !s.is_empty()) {
            Some(secret) => self
                .secrets
                .set(SecretKey::new(id, SecretName::ClientSecret), secret)?,
            None => self
                .secrets
                .delete(SecretKey::new(id, SecretName::ClientSecret))?,
        }
        Ok(())
    }

    /// Builds the authorization URL and starts listening for the browser.
    pub async fn begin(
        &self,
        id: &str,
        mode: ConnectMode,
        timeout: Duration,
    ) -> Result<PendingConnect> {
        self.begin_with_scope(id, mode, timeout, None).await
    }

    /// [`Self::begin`] asking for `scope` instead of the provider's read
    /// scope (`connect exist --write`).
    pub async fn begin_with_scope(
        &self,
        id: &str,
        mode: ConnectMode,
        timeout: Duration,
        scope: Option<String>,
    ) -> Result<PendingConnect> {
        let spec = Self::spec(id)?;
        let endpoints = self.endpoints(id)?;
        let redirect = match (mode, &endpoints.relay_uri) {
            (ConnectMode::Paste, relay) => RedirectMode::Paste {
                relay_uri: relay.clone(),
            },
            (ConnectMode::Listen, Some(relay)) => RedirectMode::Relay {
                relay_uri: relay.clone(),
            },
            (ConnectMode::Listen, None) => RedirectMode::Loopback,
        };
        let request = AuthorizeRequest {
            authorize_url: endpoints.authorize_url.clone(),
            client_id: endpoints.client_id.clone(),
            scope: Some(scope.unwrap_or_else(|| spec.scope.to_owned())),
            response_type: spec.response_type(),
            pkce: spec.pkce,
            extra_params: Vec::new(),
        };
        let sign_in = SignIn::start(
            request,
            SignInOptions {
                redirect_port: endpoints.redirect_port,
                mode: redirect,
                timeout,
            },
        )
        .await?;
        Ok(PendingConnect {
            sign_in,
            ticket: ConnectTicket { spec, endpoints },
        })
    }

    /// Exchanges what the browser brought back, saves the tokens and marks
    /// the account connected.
    pub async fn finish(&self, store: &Store, ticket: &ConnectTicket, grant: Grant) -> Result<()> {
        let spec = ticket.spec;
        let tokens = match grant {
            Grant::Code {
                code,
                pkce_verifier,
                redirect_uri,
            } => {
                self.oauth(spec, &ticket.endpoints)?
                    .exchange_code(&code, pkce_verifier.as_deref(), &redirect_uri)
                    .await?
            }
            Grant::Token {
                access_token,
                expires_in,
                scope,
                ..
            } => TokenSet {
                access_token,
                refresh_token: None,
                expires_at: expires_in.map(|secs| chrono::Utc::now().timestamp() + secs),
                scope,
            },
        };
        save_tokens(self.secrets.as_ref(), spec.id, &tokens)?;
        store.set_account_status(spec.id, AccountStatus::Connected, None, None)?;
        tracing::info!(provider = spec.id, "connected");
        Ok(())
    }

    /// Forgets the tokens; with `purge`, also the cached records.
    pub fn disconnect(&self, store: &mut Store, id: &str, purge: bool) -> Result<u64> {
        let info = healthdash_core::source::provider(id)
            .ok_or_else(|| healthdash_core::Error::UnknownSource(id.to_owned()))?;
        self.secrets
            .delete(SecretKey::new(info.id, SecretName::Tokens))?;
        store.remove_account(info.id)?;
        if purge {
            // What was pushed there goes with the rest (CONTRACT §9.4).
            store.forget_pushes(info.id)?;
            return Ok(store.delete_source(&info.id.parse()?)?);
        }
        Ok(0)
    }

    fn oauth(&self, spec: &ProviderSpec, endpoints: &Endpoints) -> Result<OAuthClient> {
        let hooks = Self::provider(spec.id)?.token_hooks();
        Ok(OAuthClient::new(
            spec.id,
            &endpoints.token_url,
            &endpoints.client_id,
            endpoints.client_secret.as_deref(),
            spec.client_auth,
            hooks,
            self.http.clone(),
        ))
    }

    /// Syncs one provider. A refused refresh marks the account "needs
    /// sign-in"; every cached record stays.
    pub async fn sync(
        &self,
        store: &mut Store,
        id: &str,
        options: &SyncOptions,
        progress: &dyn ProgressSink,
        cancel: &CancellationToken,
    ) -> Result<SyncReport> {
        let provider = Self::provider(id)?;
        let spec = provider.spec();
        let _lock = match SyncLock::acquire(self.data_dir.path(), spec.id, spec.name()) {
            Ok(lock) => lock,
            Err(error) => {
                // Not a failure of this account: nothing is recorded on it.
                progress.event(&SyncEvent::Failed {
                    provider: spec.id.to_owned(),
                    error: error.to_string(),
                });
                return Err(error);
            }
        };
        let endpoints = self.endpoints(id)?;
        let session = Session::load(spec.id, self.secrets.clone(), self.oauth(spec, &endpoints)?)?;
        if options.full {
            store.clear_cursors(spec.id)?;
        }
        let now = chrono::Utc::now().timestamp();
        let run = RunOptions::starting_now(Zone::local().local_date(now), options.from);
        let pacer = Pacer::per_minute(spec.requests_per_minute);
        let api = ApiCaller {
            http: &self.http,
            session: &session,
            retry: options.retry.unwrap_or_default(),
            pacer: &pacer,
            cancel,
            progress,
        };
        let source = provider.source(&endpoints.api_base_url)?;
        let result = healthdash_core::sync::pull(source.as_ref(), store, &api, &run, progress)
            .await
            .map_err(ConnectError::from);
        if let Ok(report) = &result
            && let Some(message) = failure_summary(spec.name(), report)
        {
            // What the other streams got is stored; the account says what failed.
            store.record_sync_error(spec.id, &message)?;
        }
        if let Err(error) = &result {
            let message = error.to_string();
            progress.event(&SyncEvent::Failed {
                provider: spec.id.to_owned(),
                error: message.clone(),
            });
            if error.needs_sign_in() {
                store.set_account_status(
                    spec.id,
                    AccountStatus::NeedsSignIn,
                    None,
                    Some(&message),
                )?;
            } else if !error.is_cancelled() {
                store.record_sync_error(spec.id, &message)?;
            }
        } else if store.account(spec.id)?.map(|a| a.status) == Some(AccountStatus::NeedsSignIn) {
            store.set_account_status(spec.id, AccountStatus::Connected, None, None)?;
        }
        result
    }

    /// When a connected account's token dies for good: only tokens without
    /// a refresh token (an unreadable store says nothing here; sync says it).
    fn unrenewable_expiry(&self, id: &str, connected: bool) -> Option<i64> {
        if !connected {
            return None;
        }
        match load_tokens(self.secrets.as_ref(), id) {
            Ok(Some(tokens)) if tokens.refresh_token.is_none() => tokens.expires_at,
            _ => None,
        }
    }

    /// Every provider, connected or not, with its records and what runs.
    pub fn statuses(&self, store: &Store, board: &TaskBoard) -> Result<Providers> {
        // One read of config.toml for all five.
        let mut configs = self.data_dir.load_config()?.providers;
        let mut records: HashMap<String, u64> = HashMap::new();
        for entry in healthdash_core::query::catalogue(store)? {
            *records.entry(entry.source.to_string()).or_default() += entry.count;
        }
        let mut out = Vec::new();
        for info in healthdash_core::source::PROVIDERS {
            let spec = registry::provider(info.id).map(|p| p.spec());
            let config = configs.remove(info.id).unwrap_or_default();
            let has_client = config.client_id.is_some()
                || self
                    .secrets
                    .get(SecretKey::new(info.id, SecretName::ClientId))?
                    .is_some();
            let account = store.account(info.id)?;
            let sign_in_expires_at = self.unrenewable_expiry(info.id, account.is_some());
            let redirect_uri_hint = match (&config.redirect_uri, config.redirect_port) {
                (Some(uri), _) => uri.clone(),
                (None, Some(port)) if port != 0 => format!("http://127.0.0.1:{port}/callback"),
                (None, _) => {
                    "http://127.0.0.1:PORT/callback (set redirect_port to fix PORT)".into()
                }
            };
            out.push(ProviderStatus {
                id: info.id.to_owned(),
                name: info.name.to_owned(),
                supported: spec.is_some(),
                has_client,
                status: match account.as_ref().map(|a| a.status) {
                    None => ConnectionStatus::NotConnected,
                    Some(AccountStatus::Connected) => ConnectionStatus::Connected,
                    Some(AccountStatus::NeedsSignIn) => ConnectionStatus::NeedsSignIn,
                },
                connected_at: account.as_ref().map(|a| a.connected_at),
                last_sync: account.as_ref().and_then(|a| a.last_sync_at),
                last_error: account.and_then(|a| a.last_error),
                records: records.get(info.id).copied().unwrap_or(0),
                redirect_uri_hint,
                needs_https_redirect: spec.is_some_and(|s| s.needs_https_redirect),
                developer_url: spec.map_or("", |s| s.developer_url()).to_owned(),
                connecting: board.connecting(info.id),
                syncing: board.syncing(info.id),
                sandbox: points_at_this_computer(&config),
                next_sync: None,
                sign_in_expires_at,
            });
        }
        Ok(Providers {
            providers: out,
            secrets: self.secrets_kind(),
            secrets_warning: self.secrets_warning.clone(),
        })
    }
}

/// Whether a provider's configured endpoints are on a loopback host, as
/// `healthdash sandbox` sets them: a real service is never there.
fn points_at_this_computer(config: &ProviderConfig) -> bool {
    [
        &config.api_base_url,
        &config.authorize_url,
        &config.token_url,
    ]
    .into_iter()
    .flatten()
    .filter_map(|text| Url::parse(text).ok())
    .any(|url| match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    })
}

/// One line naming the streams of a run that failed, if any did.
pub fn failure_summary(name: &str, report: &SyncReport) -> Option<String> {
    let failed: Vec<String> = report
        .failed_streams()
        .map(|f| format!("{}: {}", f.stream, f.error))
        .collect();
    (!failed.is_empty()).then(|| {
        format!(
            "{name}: {} of {} streams failed ({}); what the others fetched is kept",
            failed.len(),
            report.streams.len(),
            failed.join("; ")
        )
    })
}
