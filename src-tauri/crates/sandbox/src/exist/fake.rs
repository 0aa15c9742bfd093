//! The Exist fake as the host sees it ([`Fake`]) and as tests see it: its
//! data set, fault switches and request log.

use std::io;
use std::sync::Arc;

use axum::Router;
use chrono::NaiveDate;
use chrono_tz::Tz;

use super::config::ExistConfig;
use super::data::ExistData;
use super::faults::ExistFaults;
use super::{RequestRecord, Shared, lock};
use crate::fake::{Endpoints, Fake, SandboxFake, SandboxOptions};
use crate::host::RunningFake;

/// The fake Exist: generated data, tokens, faults and the request log.
pub struct ExistFake {
    pub(crate) shared: Arc<Shared>,
    faults: ExistFaults,
}

impl ExistFake {
    /// Generates the data set; nothing is served until a host runs it.
    pub fn new(config: ExistConfig) -> Self {
        let shared = Arc::new(Shared::new(config));
        Self {
            faults: ExistFaults::new(shared.clone()),
            shared,
        }
    }

    pub fn faults(&self) -> &ExistFaults {
        &self.faults
    }

    /// A copy of the data set served now (the truth tests compare against).
    pub fn data(&self) -> ExistData {
        lock(&self.shared.data).clone()
    }

    /// The profile's zone now.
    pub fn timezone(&self) -> Tz {
        *lock(&self.shared.timezone)
    }

    pub fn config(&self) -> &ExistConfig {
        &self.shared.config
    }

    /// The first and last dates with data.
    pub fn days(&self) -> (NaiveDate, NaiveDate) {
        let data = lock(&self.shared.data);
        (data.first_day, data.last_day)
    }

    /// Every request so far, oldest first (not the `/_sandbox` control requests).
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.shared.requests()
    }

    pub fn clear_requests(&self) {
        self.shared.clear_requests();
    }
}

impl Fake for ExistFake {
    fn provider_id(&self) -> &'static str {
        "exist"
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
            authorize: "/oauth2/authorize",
            token: "/oauth2/access_token",
            api_base: "/api/2/",
        }
    }
}

impl SandboxFake for ExistFake {
    fn for_sandbox(options: &SandboxOptions) -> Self {
        Self::new(ExistConfig {
            days: options.days,
            ..ExistConfig::default()
        })
    }
}

impl RunningFake<ExistFake> {
    /// Generates the data set and starts serving on `config.bind`.
    pub async fn start_exist(config: ExistConfig) -> io::Result<Self> {
        let bind = config.bind;
        RunningFake::serve(Arc::new(ExistFake::new(config)), bind).await
    }
}
