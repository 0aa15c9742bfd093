//! Withings answers → Healthdash records.
//!
//! Pure functions from the exact bytes a Withings endpoint returned (the whole
//! HTTP body) to Healthdash records. Each deserializes the bytes once into
//! its endpoint's typed envelope (the crate-private `wire` module), then
//! maps the rows. They run on freshly downloaded pages and on stored raw
//! payloads, so an adapter fix can re-derive records without downloading
//! again. Nothing here does I/O.
//!
//! # Leniency rules shared by all adapters
//!
//! - Structure errors (not JSON, truncated, no `status`, a field of the
//!   wrong kind, a required field such as a record's date missing) fail the
//!   page with a one-line [`ParseError`] naming the endpoint (and the row,
//!   counted from 1, when the adapter knows it).
//! - Value errors (a negative weight, a `-1` "not computed" duration, a type we
//!   do not map, a value that is not a number) skip that one value with a log
//!   line; the page still parses.
//! - `more` may be an integer (0/1) or a boolean; absent means `false`.
//!   `offset` may be absent (→ 0).
//! - Numbers may arrive as JSON numbers or as numeric strings.
//! - Time zones may arrive wrapped in an extra pair of quotes
//!   (`"\"Europe/Paris\""`) or with an escaped slash (`Europe\/Paris`); both
//!   are cleaned before parsing. A zone Healthdash cannot parse is an error
//!   naming the row, never a silent guess.

mod activity;
mod devices;
mod envelope;
mod error;
mod intraday;
mod meas;
mod sleep;
mod workouts;

use healthdash_core::metric::Metric;
use healthdash_core::time::Zone;

pub use activity::{ActivityPage, getactivity};
pub use devices::{Device, DeviceNames, getdevice};
pub use envelope::{ServiceStatus, service_status};
pub use error::ParseError;
pub use intraday::getintradayactivity;
pub use meas::{GROUP_RECORD_PREFIX, MeasPage, getmeas};
pub use sleep::{SleepSeries, SleepSummary, SummaryPage, night, sleep_get, sleep_getsummary};
pub use workouts::{WORKOUT_RECORD_PREFIX, WorkoutPage, category_name, getworkouts};

/// Where in a response a record sits, for error messages.
#[derive(Clone, Copy, Debug)]
struct RowAt {
    endpoint: &'static str,
    /// Counted from 1.
    row: usize,
}

impl RowAt {
    fn error(self, what: impl Into<String>) -> ParseError {
        ParseError::Row {
            endpoint: self.endpoint,
            row: self.row,
            what: what.into(),
        }
    }

    /// A required field (unix times, ids): absent or `null` is an error.
    fn required<T>(self, value: Option<T>, key: &str) -> Result<T, ParseError> {
        value.ok_or_else(|| self.error(format!("no '{key}'")))
    }

    /// A record's `id`, `startdate` and `enddate`; `None`, with a warning
    /// naming the `what`, for one that ends before it starts: nothing can be
    /// drawn from it, and the rest of the page is still good.
    fn span(
        self,
        (id, start, end): (Option<i64>, Option<i64>, Option<i64>),
        what: &str,
    ) -> Result<Option<(i64, i64, i64)>, ParseError> {
        let id = self.required(id, "id")?;
        let start = self.required(start, "startdate")?;
        let end = self.required(end, "enddate")?;
        if end <= start {
            tracing::warn!(
                id,
                start,
                end,
                "Withings {}: skipping a {what} that ends before it starts",
                self.endpoint
            );
            return Ok(None);
        }
        Ok(Some((id, start, end)))
    }

    /// The record's zone from its cleaned `timezone` text; `None` when it has none.
    fn zone(self, text: Option<&str>) -> Result<Option<Zone>, ParseError> {
        zone(text).map_err(|bad| self.error(bad))
    }
}

/// Each item of a list with its [`RowAt`].
fn rows<'a, T>(
    endpoint: &'static str,
    items: &'a [T],
) -> impl Iterator<Item = (RowAt, &'a T)> + 'a {
    items.iter().enumerate().map(move |(index, item)| {
        let at = RowAt {
            endpoint,
            row: index + 1,
        };
        (at, item)
    })
}

/// A zone from the wire's cleaned text; the error says which text it was.
fn zone(text: Option<&str>) -> Result<Option<Zone>, String> {
    text.map(|name| {
        name.parse::<Zone>()
            .map_err(|_| format!("unknown time zone '{name}'"))
    })
    .transpose()
}

/// Whether a value can be stored for a metric. Every Withings metric is
/// non-negative; body measures that cannot be zero (weight, height, heart
/// rate, blood pressure, temperatures, PWV) must be positive, and percentages
/// at most 100. Anything else is a device or transfer glitch: the caller skips
/// that one value with a warning.
fn plausible(metric: Metric, value: f64) -> bool {
    use Metric::*;
    if !value.is_finite() || value < 0.0 {
        return false;
    }
    match metric {
        BodyFatPercent | Spo2 => value <= 100.0,
        Weight
        | Height
        | HeartRate
        | BloodPressureSystolic
        | BloodPressureDiastolic
        | BodyTemperature
        | SkinTemperature
        | PulseWaveVelocity => value > 0.0,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    /// The bytes of a fixture under `tests/fixtures/withings/`.
    pub(super) fn fixture(name: &str) -> Vec<u8> {
        let path = format!(
            "{}/tests/fixtures/withings/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }
}
