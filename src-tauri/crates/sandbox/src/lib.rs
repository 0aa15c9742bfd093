//! Fake provider servers for Healthdash's tests and `healthdash sandbox`.
//!
//! No provider is reachable from the development machines, so these fakes are the
//! only counterpart the client is ever tested against: they follow what the
//! services do *today* (not their old documents) and are strict where the real
//! service is strict. Where the fake is lenient on purpose it says so
//! ([`WithingsConfig::allow_loopback_redirect`]).
//!
//! Withings, in one paragraph: sign-in at `/oauth2_user/authorize2` (code valid
//! 30 s), tokens from `POST /v2/oauth2` with `action=requesttoken` (3 h access
//! tokens, rotating refresh tokens), data from `/measure` (getmeas) and `/v2/measure`,
//! `/v2/sleep`, `/v2/user`; every answer is HTTP 200 with a `{"status":…,"body":…}`
//! envelope; 120 requests per minute per application, beyond which status 601.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use healthdash_sandbox::{RunningFake, WithingsConfig};
//! let fake = RunningFake::start_withings(WithingsConfig::default()).await?;
//! println!("authorize at {}", fake.authorize_url());
//! fake.faults().rate_limit_next(2);
//! let served_weighings = fake.data().weighings();
//! # drop(served_weighings); Ok(()) }
//! ```

pub mod browser;
pub mod withings;

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use url::Url;

pub use withings::RequestRecord;
pub use withings::config::WithingsConfig;
pub use withings::data::{
    ActivityDay, Device, FakeData, IntradayEntry, Measure, MeasureGroup, NewMeasureGroup, Night,
    SleepStage, SleepSummary, Weighing, Workout, meastype,
};
pub use withings::faults::{FaultCommand, FaultError, FaultKind, Faults};

use withings::Shared;

/// A fake server running on the current tokio runtime. Dropping it shuts the
/// server down.
pub struct RunningFake {
    /// `http://127.0.0.1:PORT/`. A `Url` always renders its root path, so build
    /// endpoint URLs with `Url::join("/measure")` (or trim the `/` before
    /// appending): `…PORT//measure` is a 404, as on the real host.
    pub base_url: Url,
    addr: SocketAddr,
    shared: Arc<Shared>,
    faults: Faults,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl RunningFake {
    /// Generates the data set and starts serving on `config.bind`
    /// (default `127.0.0.1:0`, an ephemeral port).
    pub async fn start_withings(config: WithingsConfig) -> io::Result<Self> {
        let listener = tokio::net::TcpListener::bind(config.bind).await?;
        let addr = listener.local_addr()?;
        let base_url = Url::parse(&format!("http://{addr}"))
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
        tracing::info!(%addr, config = ?config, "withings sandbox starting");
        let shared = Arc::new(Shared::new(config));
        let router = withings::router(shared.clone());
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let served = axum::serve(listener, router)
                .with_graceful_shutdown(async move {
                    let _ = rx.await;
                })
                .await;
            if let Err(e) = served {
                tracing::warn!(error = %e, "withings sandbox stopped");
            }
        });
        Ok(Self {
            base_url,
            addr,
            faults: Faults::new(shared.clone()),
            shared,
            shutdown: Some(tx),
            task,
        })
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Fault switches.
    pub fn faults(&self) -> &Faults {
        &self.faults
    }

    /// The data set served (the truth tests compare against).
    pub fn data(&self) -> &FakeData {
        &self.shared.data
    }

    /// The configuration in use.
    pub fn config(&self) -> &WithingsConfig {
        &self.shared.config
    }

    /// Every request so far, oldest first (not the `/_sandbox` control requests).
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.shared.requests()
    }

    /// Forgets the recorded requests.
    pub fn clear_requests(&self) {
        self.shared.clear_requests();
    }

    fn join(&self, path: &str) -> Url {
        let mut url = self.base_url.clone();
        url.set_path(path);
        url
    }

    /// `{base}/oauth2_user/authorize2`.
    pub fn authorize_url(&self) -> Url {
        self.join("/oauth2_user/authorize2")
    }

    /// `{base}/v2/oauth2`.
    pub fn token_url(&self) -> Url {
        self.join("/v2/oauth2")
    }

    /// `{base}` (`http://127.0.0.1:PORT/`); the client appends `/measure`,
    /// `/v2/measure`, `/v2/sleep`, `/v2/user`.
    pub fn api_base_url(&self) -> Url {
        self.base_url.clone()
    }

    /// Stops accepting connections and waits for the server task to end.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let _ = (&mut self.task).await;
    }
}

impl Drop for RunningFake {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        // In-flight (e.g. delayed) requests must not keep the port open.
        self.task.abort();
    }
}

/// Entry point for `healthdash sandbox`: starts the Withings fake on
/// `127.0.0.1:port` (0 = any free port) and returns its handle. It prints
/// nothing; the caller prints the URLs and keeps the handle alive (e.g. until
/// Ctrl-C).
pub async fn serve_withings(mut config: WithingsConfig, port: u16) -> io::Result<RunningFake> {
    config.bind = SocketAddr::from((std::net::Ipv4Addr::LOCALHOST, port));
    RunningFake::start_withings(config).await
}
