//! Browser sign-in: everything from "build the authorization URL" to "here
//! is the authorization code (or implicit-flow token) the browser brought
//! back". Exchanging the code is [`crate::oauth`]'s job.
//!
//! Three ways back from the browser (CONTRACT §6):
//!
//! - **Loopback** (RFC 8252 §7.3): the redirect URI is
//!   `http://127.0.0.1:PORT/callback` and a listener bound to 127.0.0.1 only
//!   receives it. Each [`SignIn`] owns its listener, which closes when the
//!   flow ends, times out or is cancelled.
//! - **Relay**, for providers that accept only https redirect URIs: the
//!   configured `redirect_uri` (the user's copy of [`RELAY_PAGE`]) is sent,
//!   the loopback listener still runs, and `state` ends in `.PORT` so the
//!   relay page knows where to forward the query and fragment.
//! - **Paste**, the last resort: no listener; the user copies the address
//!   the browser ended on and [`SignIn::finish_from_url`] reads it.
//!
//! Every flow has a fresh random `state` (256 bits); a redirect without it,
//! or with another one, is refused with a 400 page and the flow keeps
//! waiting. PKCE S256 is sent when the provider definition asks for it.
//! Nothing here logs a code, a state or a token.
//!
//! ```no_run
//! # use healthdash_connect::signin::*;
//! # async fn demo(request: AuthorizeRequest) -> Result<Grant, SignInError> {
//! let options = SignInOptions {
//!     redirect_port: 0,
//!     mode: RedirectMode::Loopback,
//!     timeout: std::time::Duration::from_secs(300),
//! };
//! let sign_in = SignIn::start(request, options).await?;
//! sign_in.open(&SystemBrowser)?;
//! sign_in.wait(tokio_util::sync::CancellationToken::new()).await
//! # }
//! ```

mod browser;
mod callback;
mod error;
mod listener;
mod pages;
mod paste;
mod request;
#[cfg(test)]
mod tests;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;
use tokio_util::sync::CancellationToken;
use url::Url;

pub use browser::{Browser, NoBrowser, SystemBrowser};
pub use error::SignInError;
pub use paste::PasteHandle;
pub use request::{AuthorizeRequest, ResponseType};

use callback::Expected;
use listener::Listener;

/// The relay page (`relay/index.html`), for the CLI and the app to write out
/// for a user who needs relay mode. It holds no secrets.
pub const RELAY_PAGE: &str = include_str!("../../relay/index.html");

/// How the browser gets back to the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RedirectMode {
    /// `http://127.0.0.1:PORT/callback`, received by the loopback listener.
    Loopback,
    /// The provider redirects to `relay_uri` (the hosted [`RELAY_PAGE`]),
    /// which forwards to the loopback listener.
    Relay {
        /// Sent as `redirect_uri` exactly as given; it must match what is
        /// registered at the provider.
        relay_uri: Url,
    },
    /// No listener: the user pastes the address the browser ended on. The
    /// redirect URI is the relay when one is configured, else the loopback
    /// URI (the browser then shows "can't connect", with the code in the
    /// address bar).
    Paste {
        /// The configured relay, if any.
        relay_uri: Option<Url>,
    },
}

/// How one sign-in runs.
#[derive(Debug, Clone)]
pub struct SignInOptions {
    /// Config `redirect_port`: the loopback port; 0 = any free port.
    pub redirect_port: u16,
    /// How the browser gets back.
    pub mode: RedirectMode,
    /// How long the flow waits for the browser, counted from
    /// [`SignIn::start`]; the listener closes at that point even if nobody
    /// waits.
    pub timeout: Duration,
}

/// What the browser brought back.
#[derive(Clone, PartialEq, Eq)]
pub enum Grant {
    /// Authorization code flow: exchange `code` at the token endpoint.
    Code {
        /// The authorization code (secret, short-lived, single-use).
        code: String,
        /// The PKCE verifier to send with the exchange, if a challenge was sent.
        pkce_verifier: Option<String>,
        /// The `redirect_uri` the exchange must repeat exactly (the relay URL
        /// in relay mode).
        redirect_uri: String,
    },
    /// Implicit flow: the token itself.
    Token {
        access_token: String,
        token_type: Option<String>,
        /// Seconds, as the provider sent them (not parsed to a date: the
        /// caller knows when it received the grant).
        expires_in: Option<i64>,
        scope: Option<String>,
    },
}

/// Secrets stay out of logs and panic messages.
impl std::fmt::Debug for Grant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Code {
                pkce_verifier,
                redirect_uri,
                ..
            } => f
                .debug_struct("Code")
                .field("code", &"<redacted>")
                .field(
                    "pkce_verifier",
                    &pkce_verifier.as_ref().map(|_| "<redacted>"),
                )
                .field("redirect_uri", redirect_uri)
                .finish(),
            Self::Token {
                token_type,
                expires_in,
                scope,
                ..
            } => f
                .debug_struct("Token")
                .field("access_token", &"<redacted>")
                .field("token_type", token_type)
                .field("expires_in", expires_in)
                .field("scope", scope)
                .finish(),
        }
    }
}

/// One sign-in in progress: URL built, listener bound (except paste mode).
/// Dropping it closes the listener.
pub struct SignIn {
    authorization_url: Url,
    expected: Arc<Expected>,
    listener: Option<Listener>,
    deadline: Instant,
    timeout: Duration,
}

impl std::fmt::Debug for SignIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignIn")
            .field("redirect_uri", &self.expected.redirect_uri)
            .field("listener", &self.listener_addr())
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl SignIn {
    /// Binds the listener (loopback and relay modes), draws the `state` and
    /// the PKCE verifier, and builds the authorization URL. The listener
    /// serves from here on, so the browser may be opened right away.
    pub async fn start(
        request: AuthorizeRequest,
        options: SignInOptions,
    ) -> Result<SignIn, SignInError> {
        let started = Instant::now();
        // A timeout too large for the clock means "practically never".
        let deadline = started
            .checked_add(options.timeout)
            .unwrap_or_else(|| started + Duration::from_secs(100 * 365 * 24 * 3600));

        let (tcp, relay_uri) = match options.mode {
            RedirectMode::Loopback => (Some(listener::bind(options.redirect_port).await?), None),
            RedirectMode::Relay { relay_uri } => (
                Some(listener::bind(options.redirect_port).await?),
                Some(relay_uri),
            ),
            RedirectMode::Paste { relay_uri } => (None, relay_uri),
        };
        let port = match &tcp {
            Some(tcp) => tcp
                .local_addr()
                .map_err(|source| SignInError::Listen {
                    port: options.redirect_port,
                    source,
                })?
                .port(),
            None if options.redirect_port == 0 => listener::free_port().await?,
            None => options.redirect_port,
        };

        let (redirect_uri, state) = match relay_uri {
            Some(relay) => (relay, request::new_state(Some(port))),
            None => (loopback_uri(port)?, request::new_state(None)),
        };
        let built = request::authorization_url(&request, &redirect_uri, &state)?;
        let expected = Arc::new(Expected {
            state,
            response_type: request.response_type,
            pkce_verifier: built.pkce_verifier,
            redirect_uri: redirect_uri.as_str().to_owned(),
        });
        let listener = match tcp {
            Some(tcp) => Some(Listener::serve(tcp, expected.clone(), deadline)?),
            None => None,
        };
        tracing::info!(
            listening = listener.is_some(),
            relay = expected.state.contains('.'),
            "sign-in: started"
        );
        Ok(SignIn {
            authorization_url: built.url,
            expected,
            listener,
            deadline,
            timeout: options.timeout,
        })
    }

    /// The link to open in the browser (or print, with `--no-browser`).
    pub fn authorization_url(&self) -> &Url {
        &self.authorization_url
    }

    /// The `redirect_uri` sent to the provider (loopback URI or relay URL);
    /// the token exchange repeats it.
    pub fn redirect_uri(&self) -> &str {
        &self.expected.redirect_uri
    }

    /// Where the loopback listener listens (always 127.0.0.1); `None` in paste mode.
    pub fn listener_addr(&self) -> Option<SocketAddr> {
        self.listener.as_ref().map(Listener::local_addr)
    }

    /// Opens the authorization link with `browser`.
    pub fn open(&self, browser: &dyn Browser) -> Result<(), SignInError> {
        browser
            .open(&self.authorization_url)
            .map_err(SignInError::Browser)
    }

    /// Waits for the browser's redirect on the loopback listener (or the
    /// relay's forward), refusing wrong/missing state with an HTTP 400 page
    /// and continuing to wait; ends with a friendly "You can close this tab"
    /// page on success, or an error page naming the provider's error (e.g.
    /// `access_denied`). Respects the timeout and the cancellation token, and
    /// returns only once the listener's port is closed.
    ///
    /// Paste mode has no listener: [`SignInError::NoListener`].
    pub async fn wait(mut self, cancel: CancellationToken) -> Result<Grant, SignInError> {
        let Some(listener) = self.listener.take() else {
            return Err(SignInError::NoListener);
        };
        listener.wait(cancel, self.deadline, self.timeout).await
    }

    /// Paste mode (also usable while a listener runs): the full URL the
    /// browser ended on. See [`PasteHandle::finish_from_url`]; the deadline
    /// does not apply to a paste.
    pub fn finish_from_url(&self, pasted: &str) -> Result<Grant, SignInError> {
        self.paste_handle().finish_from_url(pasted)
    }

    /// A handle that accepts a paste while [`SignIn::wait`] runs (which
    /// consumes the `SignIn`), e.g. from another Tauri command.
    pub fn paste_handle(&self) -> PasteHandle {
        PasteHandle {
            expected: self.expected.clone(),
            finisher: self.listener.as_ref().map(Listener::finisher),
        }
    }
}

fn loopback_uri(port: u16) -> Result<Url, SignInError> {
    Url::parse(&format!("http://127.0.0.1:{port}/callback"))
        .map_err(|e| SignInError::InvalidRequest(format!("loopback redirect URI: {e}")))
}
