//! `getintradayactivity` → minute-level detail beside the daily totals.

use healthdash_core::metric::Metric;
use healthdash_core::model::Measurement;
use healthdash_core::time::Zone;

use super::envelope::open;
use super::{ParseError, plausible};
use crate::providers::withings::wire::intraday::{IntradayBody, IntradayEntry};
use crate::providers::withings::wire::loose::Number;

const ENDPOINT: &str = "getintradayactivity";

/// An entry without a usable `duration` covers one minute, the service's
/// usual step.
const DEFAULT_DURATION: i64 = 60;

/// Parses `getintradayactivity`.
///
/// `body.series` is an object keyed by the entry's start as a unix-seconds
/// string (the old document's example is not valid JSON; an empty series may
/// come as `[]`). For each entry, in time order:
/// - `steps`, `distance` (m), `elevation` (m), `calories` (→ active_energy,
///   kcal) become intervals `[t, t + duration)` flagged intraday (finer detail
///   beside the daily totals, not added to them); a `duration` of 0 or none
///   counts as 60 s;
/// - `heart_rate` becomes a heart_rate sample at `t` (not flagged: it is a
///   sample metric, not a share of a total);
/// - absent fields give nothing; other fields (`strokes`, `pool_lap`, …) are
///   ignored; implausible values are skipped with a warning.
///
/// The response carries no zone, so every record gets the caller's `zone`.
pub fn getintradayactivity(bytes: &[u8], zone: Zone) -> Result<Vec<Measurement>, ParseError> {
    let body: IntradayBody = open(ENDPOINT, bytes)?;
    let mut entries = body
        .series
        .iter()
        .map(|(key, entry)| Ok((unix_time(key)?, entry)))
        .collect::<Result<Vec<_>, ParseError>>()?;
    entries.sort_by_key(|(t, _)| *t);
    let mut out = Vec::new();
    for (t, entry) in entries {
        minute(t, entry, zone, &mut out);
    }
    Ok(out)
}

fn unix_time(key: &str) -> Result<i64, ParseError> {
    key.trim()
        .parse()
        .map_err(|_| ParseError::shape(ENDPOINT, format!("series key '{key}' is not a unix time")))
}

fn minute(t: i64, entry: &IntradayEntry, zone: Zone, out: &mut Vec<Measurement>) {
    let duration = entry
        .duration
        .filter(|d| *d > 0)
        .unwrap_or(DEFAULT_DURATION);
    // Totals over the entry's duration.
    let totals = [
        ("steps", Metric::Steps, &entry.steps),
        ("distance", Metric::Distance, &entry.distance),
        ("elevation", Metric::Elevation, &entry.elevation),
        ("calories", Metric::ActiveEnergy, &entry.calories),
    ];
    for (field, metric, raw) in totals {
        if let Some(value) = usable(t, field, metric, raw.as_ref()) {
            out.push(Measurement::interval(metric, t, t + duration, value, zone).as_intraday());
        }
    }
    if let Some(bpm) = usable(
        t,
        "heart_rate",
        Metric::HeartRate,
        entry.heart_rate.as_ref(),
    ) {
        out.push(Measurement::sample(Metric::HeartRate, t, bpm, zone));
    }
}

/// A field's value when present and plausible; absent is silent, unusable warns.
fn usable(t: i64, field: &str, metric: Metric, raw: Option<&Number>) -> Option<f64> {
    let raw = raw?;
    let value = raw.value().filter(|v| plausible(metric, *v));
    if value.is_none() {
        tracing::warn!(t, field, %raw, "Withings getintradayactivity: skipping an unusable value");
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::withings::adapter::tests::fixture;

    fn paris() -> Zone {
        Zone::Named(chrono_tz::Europe::Paris)
    }

    #[test]
    fn intraday_minutes_are_flagged_and_heart_rate_is_a_sample() {
        let all = getintradayactivity(&fixture("getintradayactivity.json"), paris()).unwrap();
        let at = |t: i64, metric: Metric| all.iter().find(|m| m.start == t && m.metric == metric);
        let steps = at(1_743_318_060, Metric::Steps).unwrap();
        assert_eq!((steps.value, steps.end), (18.0, Some(1_743_318_120)));
        assert!(steps.intraday);
        assert_eq!(steps.zone, paris());
        let energy = at(1_743_318_060, Metric::ActiveEnergy).unwrap();
        assert_eq!(energy.value, 0.87);
        let long = at(1_743_317_449, Metric::ActiveEnergy).unwrap();
        assert_eq!(long.end, Some(1_743_317_449 + 611));
        let zero = at(1_743_318_120, Metric::Steps).unwrap();
        assert_eq!(zero.end, Some(1_743_318_180), "duration 0 counts as 60 s");
        let missing = at(1_743_318_180, Metric::Distance).unwrap();
        assert_eq!(
            missing.end,
            Some(1_743_318_240),
            "no duration counts as 60 s"
        );
        let hr = at(1_743_318_180, Metric::HeartRate).unwrap();
        assert_eq!((hr.value, hr.end, hr.intraday), (71.0, None, false));
        assert!(
            at(1_743_318_120, Metric::HeartRate).is_none(),
            "0 bpm is not a reading"
        );
        assert!(
            all.windows(2).all(|w| w[0].start <= w[1].start),
            "time order"
        );
        assert_eq!(all.len(), 9);
    }

    #[test]
    fn an_empty_intraday_series_may_be_a_list() {
        let bytes = br#"{"status":0,"body":{"series":[]}}"#;
        assert!(getintradayactivity(bytes, Zone::UTC).unwrap().is_empty());
        let bytes = br#"{"status":0,"body":{"series":{"noon":{"steps":3}}}}"#;
        let err = getintradayactivity(bytes, Zone::UTC).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Withings getintradayactivity: series key 'noon' is not a unix time"
        );
    }
}
