//! Percentiles of timings.

use std::time::Duration;

pub struct Timings(Vec<Duration>);

impl Timings {
    pub fn new(mut samples: Vec<Duration>) -> Self {
        samples.sort();
        Timings(samples)
    }

    /// The `p`th percentile (0–100), nearest rank.
    pub fn percentile(&self, p: f64) -> Duration {
        if self.0.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((p / 100.0) * self.0.len() as f64).ceil() as usize;
        self.0[rank.clamp(1, self.0.len()) - 1]
    }

    pub fn ms(&self, p: f64) -> f64 {
        self.percentile(p).as_secs_f64() * 1000.0
    }
}
