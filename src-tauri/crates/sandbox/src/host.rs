//! Serves one fake on one loopback listener and hands out its URLs and state.

use std::io;
use std::net::SocketAddr;
use std::ops::Deref;
use std::sync::Arc;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use url::Url;

use crate::fake::Fake;
use crate::withings::WithingsFake;

/// A fake server running on the current tokio runtime. Dropping it shuts the
/// server down.
///
/// It dereferences to the fake itself, so a test reaches the fake's own state
/// (`fake.data()`, `fake.faults()`, `fake.requests()` for Withings) without
/// the host knowing what that state is. `F` defaults to the Withings fake,
/// which every test used before there were others.
pub struct RunningFake<F: Fake + ?Sized = WithingsFake> {
    /// `http://127.0.0.1:PORT/`. A `Url` always renders its root path, so build
    /// endpoint URLs with `Url::join("/measure")` (or trim the `/` before
    /// appending): `…PORT//measure` is a 404, as on the real host.
    pub base_url: Url,
    addr: SocketAddr,
    fake: Arc<F>,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl<F: Fake + ?Sized> RunningFake<F> {
    /// Starts serving `fake` on `bind` (port 0 = an ephemeral port).
    pub async fn serve(fake: Arc<F>, bind: SocketAddr) -> io::Result<Self> {
        let listener = tokio::net::TcpListener::bind(bind).await?;
        let addr = listener.local_addr()?;
        let base_url = Url::parse(&format!("http://{addr}"))
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
        let provider = fake.provider_id();
        tracing::info!(%addr, provider, "sandbox fake starting");
        let router = fake.router();
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let served = axum::serve(listener, router)
                .with_graceful_shutdown(async move {
                    let _ = rx.await;
                })
                .await;
            if let Err(e) = served {
                tracing::warn!(error = %e, provider, "sandbox fake stopped");
            }
        });
        Ok(Self {
            base_url,
            addr,
            fake,
            shutdown: Some(tx),
            task,
        })
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The fake being served, with its own state.
    pub fn fake(&self) -> &F {
        &self.fake
    }

    fn join(&self, path: &str) -> Url {
        let mut url = self.base_url.clone();
        url.set_path(path);
        url
    }

    /// The sign-in page (Withings: `{base}/oauth2_user/authorize2`).
    pub fn authorize_url(&self) -> Url {
        self.join(self.fake.endpoints().authorize)
    }

    /// The token endpoint (Withings: `{base}/v2/oauth2`).
    pub fn token_url(&self) -> Url {
        self.join(self.fake.endpoints().token)
    }

    /// What the client appends its API paths to (Withings: `{base}`, i.e.
    /// `http://127.0.0.1:PORT/`; the client appends `/measure`, `/v2/sleep`…).
    pub fn api_base_url(&self) -> Url {
        self.join(self.fake.endpoints().api_base)
    }

    /// Stops accepting connections and waits for the server task to end.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let _ = (&mut self.task).await;
    }
}

impl<F: Fake + ?Sized> Deref for RunningFake<F> {
    type Target = F;

    fn deref(&self) -> &F {
        &self.fake
    }
}

impl<F: Fake + ?Sized> Drop for RunningFake<F> {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        // In-flight (e.g. delayed) requests must not keep the port open.
        self.task.abort();
    }
}
