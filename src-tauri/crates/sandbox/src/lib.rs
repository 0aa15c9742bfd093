//! Fake provider servers for Healthdash's tests and `healthdash sandbox`.
//!
//! Each provider's fake lives in its own folder and implements [`Fake`];
//! [`RunningFake`] serves any of them on a loopback port and dereferences to
//! the fake, so its own state stays typed. [`sandbox_fake`] builds the fake of
//! a provider id for `healthdash sandbox`.
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
mod catalog;
mod fake;
mod host;
pub mod openhumans;
pub mod personicle;
pub mod withings;

pub use catalog::{PROVIDERS_WITH_FAKES, sandbox_fake};
pub use fake::{Endpoints, Fake, SandboxFake, SandboxOptions, loopback};
pub use host::RunningFake;
pub use openhumans::{OpenHumansConfig, OpenHumansFake};
pub use personicle::{PersonicleConfig, PersonicleFake, PersonicleFault};
pub use withings::RequestRecord;
pub use withings::WithingsFake;
pub use withings::config::WithingsConfig;
pub use withings::data::{
    ActivityDay, Device, FakeData, IntradayEntry, Measure, MeasureGroup, NewMeasureGroup, Night,
    SleepStage, SleepSummary, Weighing, Workout, meastype,
};
pub use withings::faults::{FaultCommand, FaultError, FaultKind, Faults};
