//! Switchable faults of the fake Personicle. The "next" faults queue up and
//! each API call takes at most one; sign-in requests never take them.

use std::collections::VecDeque;
use std::time::Duration;

use super::{Shared, lock};

/// What one API call gets instead of its answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PersonicleFault {
    /// HTTP 500 with a text body.
    ServerError,
    /// HTTP 200 with the JSON cut off half-way.
    Truncate,
    /// HTTP 200 `["Invalid request", 422]`, as for a bad time.
    InvalidRequest,
    /// The answer, after a delay.
    Delay(Duration),
}

#[derive(Debug, Default)]
pub(crate) struct FaultState {
    pub queue: VecDeque<PersonicleFault>,
    /// Tokens issued so far die after this many more API calls.
    pub expire_after: Option<u32>,
}

impl FaultState {
    /// The fault for this call, if any; counts down a pending expiry.
    pub(crate) fn take(&mut self) -> (Option<PersonicleFault>, bool) {
        let expire_now = match &mut self.expire_after {
            Some(0) => {
                self.expire_after = None;
                true
            }
            Some(n) => {
                *n -= 1;
                false
            }
            None => false,
        };
        (self.queue.pop_front(), expire_now)
    }
}

/// The fault switches of a running fake.
pub struct PersonicleFaults<'a> {
    pub(crate) shared: &'a Shared,
}

impl PersonicleFaults<'_> {
    /// Every token issued so far has expired (a later sign-in's works).
    pub fn expire_tokens(&self) {
        for token in lock(&self.shared.tokens).values_mut() {
            token.expires_at = 0;
        }
    }

    /// The tokens issued so far answer `calls` more API calls, then expire:
    /// a token running out in the middle of a sync.
    pub fn expire_tokens_after(&self, calls: u32) {
        lock(&self.shared.faults).expire_after = Some(calls);
    }

    /// The next API calls get `fault`, `n` times.
    pub fn next(&self, fault: PersonicleFault, n: u32) {
        let mut state = lock(&self.shared.faults);
        for _ in 0..n {
            state.queue.push_back(fault.clone());
        }
    }

    pub fn clear(&self) {
        *lock(&self.shared.faults) = FaultState::default();
    }
}
