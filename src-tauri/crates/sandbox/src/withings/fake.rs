//! The Withings fake as the host sees it ([`Fake`]) and as tests see it:
//! its data set, fault switches and request log.

use std::io;
use std::sync::Arc;

use axum::Router;

use super::config::WithingsConfig;
use super::data::FakeData;
use super::faults::Faults;
use super::{RequestRecord, Shared};
use crate::fake::{Endpoints, Fake, SandboxFake, SandboxOptions};
use crate::host::RunningFake;

/// The fake Withings: generated data, tokens, faults and the request log.
pub struct WithingsFake {
    shared: Arc<Shared>,
    faults: Faults,
}

impl WithingsFake {
    /// Generates the data set; nothing is served until a host runs it.
    pub fn new(config: WithingsConfig) -> Self {
        tracing::debug!(config = ?config, "withings fake generating its data");
        let shared = Arc::new(Shared::new(config));
        Self {
            faults: Faults::new(shared.clone()),
            shared,
        }
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
}

impl Fake for WithingsFake {
    fn provider_id(&self) -> &'static str {
        "withings"
    }

    fn router(&self) -> Router {
        super::router(self.shared.clone())
    }

    fn client_id(&self) -> &str {
        &self.shared.config.client_id
    }

    fn client_secret(&self) -> &str {
        &self.shared.config.client_secret
    }

    fn endpoints(&self) -> Endpoints {
        Endpoints {
            authorize: "/oauth2_user/authorize2",
            token: "/v2/oauth2",
            // Paths as on wbsapi.withings.net: `/measure`, `/v2/sleep`… at the root.
            api_base: "/",
        }
    }
}

impl SandboxFake for WithingsFake {
    fn for_sandbox(options: &SandboxOptions) -> Self {
        Self::new(WithingsConfig {
            days: options.days,
            allow_loopback_redirect: !options.strict,
            // Generous: the sandbox is for trying the flow, not for waiting.
            rate_limit_per_minute: 6_000,
            ..WithingsConfig::default()
        })
    }
}

impl RunningFake<WithingsFake> {
    /// Generates the data set and starts serving on `config.bind`
    /// (default `127.0.0.1:0`, an ephemeral port).
    pub async fn start_withings(config: WithingsConfig) -> io::Result<Self> {
        let bind = config.bind;
        RunningFake::serve(Arc::new(WithingsFake::new(config)), bind).await
    }
}
