//! The fake Withings most sync tests run against (through
//! [`crate::through_fake`]), its account's dates, and [`wait_for`].

use std::time::Duration;

use healthdash_sandbox::{FaultKind, RunningFake, WithingsConfig, WithingsFake};

pub use crate::through_fake::ENV;
use crate::through_fake::ThroughFake;
use crate::util::date;

/// The fake account's last day and length: the range holds the US DST
/// start (a New York trip around 2025-03-09) and the European one (2025-03-30).
pub const UNTIL: &str = "2025-04-15";
pub const DAYS: u32 = 60;
/// `sync --from` for every test: the fake's first day.
pub const FROM: &str = "2025-02-14";
/// The `sync` arguments of [`FROM`], for `connect_and_sync`.
pub const SYNC_FROM: &[&str] = &["--from", FROM];

pub type Fake = ThroughFake<WithingsFake>;

impl Fake {
    pub fn start() -> Fake {
        Fake::start_with(|_| {})
    }

    pub fn start_with(adjust: impl FnOnce(&mut WithingsConfig)) -> Fake {
        let mut config = WithingsConfig {
            until: date(UNTIL),
            days: DAYS,
            page_size: 50,
            // The 120/min limit is exercised by its own test; here it would
            // only make every test wait.
            rate_limit_per_minute: 0,
            ..WithingsConfig::default()
        };
        adjust(&mut config);
        ThroughFake::serve(RunningFake::start_withings(config))
    }

    /// Sleep summaries fail for good from now on: a 503 "Invalid Params",
    /// a status that retrying does not mend. The other streams still answer.
    pub fn fail_sleep_for_good(&self) {
        let bad_params = FaultKind::Status {
            status: 503,
            error: "Invalid Params".into(),
        };
        self.fake
            .faults()
            .fail_on("getsummary", 1, bad_params)
            .unwrap();
    }
}

/// Waits until `check` holds, up to `limit`.
pub fn wait_for(limit: Duration, mut check: impl FnMut() -> bool) -> bool {
    let deadline = std::time::Instant::now() + limit;
    while std::time::Instant::now() < deadline {
        if check() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}
