//! The loopback listener (RFC 8252 §7.3): a tiny HTTP server on
//! 127.0.0.1 only, owned by one sign-in, that waits for the provider's
//! redirect and shuts down as soon as the flow ends, times out or is
//! cancelled.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;
use tracing::{debug, info, warn};

use super::callback::{CallbackParams, Expected, Verdict};
use super::pages::{self, Page};
use super::{Grant, ResponseType, SignInError};

/// How long closing waits for the last response (the "you can close this
/// tab" page) to go out before dropping the connections.
const CLOSE_GRACE: Duration = Duration::from_secs(3);

type Outcome = Result<Grant, SignInError>;

/// Binds 127.0.0.1:`port` (0 = any free port). Never 0.0.0.0: the code
/// must not be reachable from the network.
pub(crate) async fn bind(port: u16) -> Result<TcpListener, SignInError> {
    TcpListener::bind((Ipv4Addr::LOCALHOST, port))
        .await
        .map_err(|source| {
            if source.kind() == std::io::ErrorKind::AddrInUse {
                SignInError::AddressInUse { port }
            } else {
                SignInError::Listen { port, source }
            }
        })
}

/// A free loopback port, for paste mode with `redirect_port = 0`: bound and
/// released at once, since nothing will listen there.
pub(crate) async fn free_port() -> Result<u16, SignInError> {
    let listener = bind(0).await?;
    listener
        .local_addr()
        .map(|addr| addr.port())
        .map_err(|source| SignInError::Listen { port: 0, source })
}

/// A running listener. Dropping it starts the shutdown too, so a sign-in
/// abandoned without [`Listener::wait`] does not leave the port open.
pub(crate) struct Listener {
    local_addr: SocketAddr,
    finisher: Arc<Finisher>,
    outcome: oneshot::Receiver<Outcome>,
    shutdown: CancellationToken,
    task: JoinHandle<()>,
}

/// What the request handlers share.
struct Shared {
    expected: Arc<Expected>,
    finisher: Arc<Finisher>,
}

/// Ends the flow once: the first redirect (or paste) that concludes it hands
/// its outcome to [`Listener::wait`] and starts the shutdown.
pub(crate) struct Finisher {
    sender: Mutex<Option<oneshot::Sender<Outcome>>>,
    shutdown: CancellationToken,
}

impl Finisher {
    /// Delivers `outcome` unless the flow already ended; says whether it did.
    /// Shutting down after the handler returns lets its page go out first.
    pub(crate) fn finish(&self, outcome: Outcome) -> bool {
        let sender = self
            .sender
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        let Some(sender) = sender else {
            return false;
        };
        // Nobody waiting (the sign-in was dropped) is fine.
        let _ = sender.send(outcome);
        self.shutdown.cancel();
        true
    }
}

impl Listener {
    /// Serves the callback on `tcp` until the flow ends or `deadline`.
    pub(crate) fn serve(
        tcp: TcpListener,
        expected: Arc<Expected>,
        deadline: Instant,
    ) -> Result<Self, SignInError> {
        let local_addr = tcp
            .local_addr()
            .map_err(|source| SignInError::Listen { port: 0, source })?;
        let (sender, outcome) = oneshot::channel();
        let shutdown = CancellationToken::new();
        let finisher = Arc::new(Finisher {
            sender: Mutex::new(Some(sender)),
            shutdown: shutdown.clone(),
        });
        let shared = Arc::new(Shared {
            expected,
            finisher: finisher.clone(),
        });
        let router = Router::new()
            .route("/callback", get(callback).fallback(not_found))
            .route("/callback/fragment", post(fragment).fallback(not_found))
            .fallback(not_found)
            .with_state(shared);

        let signal = shutdown.clone();
        let task = tokio::spawn(async move {
            let stop = async move {
                tokio::select! {
                    () = signal.cancelled() => {}
                    () = tokio::time::sleep_until(deadline) => debug!("sign-in: listener reached its deadline"),
                }
            };
            if let Err(error) = axum::serve(tcp, router).with_graceful_shutdown(stop).await {
                warn!("sign-in: listener failed: {error}");
            }
            debug!("sign-in: listener closed");
        });
        info!("sign-in: listening on {local_addr}");
        Ok(Self {
            local_addr,
            finisher,
            outcome,
            shutdown,
            task,
        })
    }

    pub(crate) fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// For a paste that ends the flow while the listener runs.
    pub(crate) fn finisher(&self) -> Arc<Finisher> {
        self.finisher.clone()
    }

    /// Waits for the redirect that ends the flow, then closes the listener.
    pub(crate) async fn wait(
        mut self,
        cancel: tokio_util::sync::CancellationToken,
        deadline: Instant,
        timeout: Duration,
    ) -> Outcome {
        let outcome = tokio::select! {
            // An answer that arrived wins over a deadline passing at the same time.
            biased;
            received = &mut self.outcome => match received {
                Ok(outcome) => outcome,
                // The listener stopped on its own: at the deadline, or not.
                Err(_) if Instant::now() >= deadline => Err(SignInError::TimedOut(timeout)),
                Err(_) => Err(SignInError::ListenerStopped),
            },
            () = cancel.cancelled() => Err(SignInError::Cancelled),
            () = tokio::time::sleep_until(deadline) => Err(SignInError::TimedOut(timeout)),
        };
        self.close().await;
        outcome
    }

    /// Stops accepting at once, lets the last response go out, and returns
    /// once the port is closed.
    async fn close(&mut self) {
        self.shutdown.cancel();
        if tokio::time::timeout(CLOSE_GRACE, &mut self.task)
            .await
            .is_err()
        {
            // The listening socket is already closed by now; only a stuck
            // connection remains.
            self.task.abort();
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}

impl Shared {
    /// Answers one redirect, ending the flow unless its `state` is not ours.
    fn conclude(&self, params: CallbackParams) -> Page {
        match self.expected.judge(params) {
            Verdict::StateMissing => {
                warn!("sign-in: callback refused: no state");
                pages::wrong_state()
            }
            Verdict::StateMismatch => {
                warn!("sign-in: callback refused: state does not match this sign-in");
                pages::wrong_state()
            }
            Verdict::Refused { error, description } => {
                let page = pages::refused(&error, description.as_deref());
                self.finish(Err(SignInError::Refused { error, description }), page)
            }
            Verdict::NoCode => self.finish(
                Err(SignInError::CallbackWithoutCode),
                pages::incomplete("code"),
            ),
            Verdict::NoToken => self.finish(
                Err(SignInError::CallbackWithoutToken),
                pages::incomplete("access_token"),
            ),
            Verdict::Granted(grant) => self.finish(Ok(grant), pages::success()),
        }
    }

    /// Hands the outcome to [`Listener::wait`] (first one only) and answers
    /// with `page`; a redirect arriving after the end gets "already finished".
    fn finish(&self, outcome: Outcome, page: Page) -> Page {
        let summary = match &outcome {
            Ok(_) => "sign-in: callback accepted".to_owned(),
            Err(error) => format!("sign-in: callback ended the sign-in: {error}"),
        };
        if self.finisher.finish(outcome) {
            info!("{summary}");
            page
        } else {
            info!("sign-in: callback after the sign-in finished");
            pages::already_finished()
        }
    }
}

/// `GET /callback`: the redirect itself, or (implicit flow, no query) the
/// page that posts the fragment back.
async fn callback(State(shared): State<Arc<Shared>>, RawQuery(query): RawQuery) -> Response {
    info!("sign-in: callback received");
    let params = CallbackParams::parse(query.as_deref().unwrap_or(""));
    if !params.any && shared.expected.response_type == ResponseType::Token {
        return respond(pages::fragment());
    }
    respond(shared.conclude(params))
}

/// `POST /callback/fragment`: the fragment page's form (`fragment=...`), or
/// the bare fragment as the body.
async fn fragment(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    info!("sign-in: callback fragment received");
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/x-www-form-urlencoded"));
    let text = if is_form {
        url::form_urlencoded::parse(&body)
            .find(|(name, _)| name == "fragment")
            .map(|(_, value)| value.into_owned())
            .unwrap_or_default()
    } else {
        String::from_utf8_lossy(&body).into_owned()
    };
    let params = CallbackParams::parse(text.strip_prefix('#').unwrap_or(&text));
    respond(shared.conclude(params))
}

async fn not_found() -> Response {
    respond(pages::not_found())
}

/// Headers that keep the page (and the URL that led to it) out of caches
/// and referrers, and forbid loading anything.
fn respond(page: Page) -> Response {
    let csp = if page.script {
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; form-action 'self'; base-uri 'none'"
    } else {
        "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'"
    };
    (
        page.status,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            (
                header::REFERRER_POLICY,
                HeaderValue::from_static("no-referrer"),
            ),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(csp),
            ),
        ],
        page.html,
    )
        .into_response()
}
