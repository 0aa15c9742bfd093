//! The fake account's records, deterministic for a seed: heart rate every
//! 10 minutes (so client windows that start at a round time find a sample
//! exactly on their edge), a weigh-in most mornings, a workout every other
//! day (Google Fit with `duration` in milliseconds, Fitbit in seconds),
//! a Fitbit night with its totals, Google Fit nights without any, sleep
//! stage events, times with and without microseconds, and one malformed
//! heart-rate record. Times are stored as UTC instants with microseconds
//! and served without an offset, as Personicle does.

use chrono::DateTime;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};

pub const HEART_RATE: &str = "com.personicle.individual.datastreams.heartrate";
pub const WEIGHT: &str = "com.personicle.individual.datastreams.weight";
/// Known to the data dictionary, but unmapped by Healthdash (point records
/// whose interval start is not given); served so a client sees them exist.
pub const STEPS: &str = "com.personicle.individual.datastreams.step.count";

const DAY: i64 = 86_400;
const USER: &str = "00u3kd8fk2PersonicleFake";

/// A datastream record. `micros` is the fraction of the second.
#[derive(Clone, Debug, PartialEq)]
pub struct Sample {
    pub datatype: &'static str,
    pub at: i64,
    pub micros: u32,
    pub value: f64,
    pub unit: &'static str,
    pub origin: &'static str,
    /// Served with a value that is not a number: clients skip it.
    pub malformed: bool,
}

/// An event: a workout, a night, or a sleep stage.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub id: String,
    pub start: i64,
    pub start_micros: u32,
    pub end: i64,
    pub end_micros: u32,
    pub name: String,
    pub origin: &'static str,
    pub parameters: Value,
}

impl Event {
    pub fn is_sleep(&self) -> bool {
        self.name == "sleep"
    }

    pub fn is_stage(&self) -> bool {
        self.name.starts_with("sleep.stages")
    }

    /// What a client shows as the workout's type.
    pub fn activity(&self) -> &str {
        self.parameters
            .get("activityName")
            .and_then(Value::as_str)
            .unwrap_or(&self.name)
    }

    /// Minutes of a Fitbit night's parameter, if present.
    pub fn minutes(&self, name: &str) -> Option<i64> {
        self.parameters.get(name).and_then(Value::as_i64)
    }
}

/// Every record of the account.
#[derive(Clone, Debug, Default)]
pub struct Records {
    pub samples: Vec<Sample>,
    pub events: Vec<Event>,
}

/// `2026-11-20T14:05:00`, or with `.ffffff` when there is a fraction.
pub fn iso(at: i64, micros: u32) -> String {
    let t = DateTime::from_timestamp(at, 0).unwrap_or_default();
    match micros {
        0 => t.format("%Y-%m-%dT%H:%M:%S").to_string(),
        m => format!("{}.{m:06}", t.format("%Y-%m-%dT%H:%M:%S")),
    }
}

impl Records {
    /// `days` days of records ending at `until` (unix seconds), nothing after it.
    pub fn generate(seed: u64, until: i64, days: u32) -> Records {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let first_day = (until - i64::from(days) * DAY).div_euclid(DAY) * DAY;
        let mut records = Records::default();
        let mut t = first_day;
        let mut malformed_done = false;
        while t <= until {
            let hour = (t % DAY) / 3600;
            let base = if (0..6).contains(&hour) { 56.0 } else { 72.0 };
            let malformed = !malformed_done && t >= first_day + 3 * DAY + 12 * 3600;
            malformed_done |= malformed;
            records.samples.push(Sample {
                datatype: HEART_RATE,
                at: t,
                micros: if t % 7_200 == 600 { 250_000 } else { 0 },
                value: base + f64::from(rng.random_range(0..30u32)),
                unit: "bpm",
                origin: if hour % 2 == 0 {
                    "google-fit"
                } else {
                    "fitbit"
                },
                malformed,
            });
            t += 600;
        }
        for index in 0..=i64::from(days) {
            let day = first_day + index * DAY;
            // A weigh-in two mornings out of three.
            if index % 3 != 2 {
                let at = day + 7 * 3600 + rng.random_range(0..1800i64);
                if at <= until {
                    let grams = 71_000 + rng.random_range(0..2_500u32);
                    records.samples.push(Sample {
                        datatype: WEIGHT,
                        at,
                        micros: 0,
                        value: f64::from(grams / 10) / 100.0,
                        unit: "kilogram",
                        origin: "fitbit",
                        malformed: false,
                    });
                }
            }
            // Ten minutes of steps in the evening: unmapped.
            records.samples.push(Sample {
                datatype: STEPS,
                at: day + 19 * 3600,
                micros: 0,
                value: f64::from(rng.random_range(200..1_400u32)),
                unit: "count",
                origin: "google-fit",
                malformed: false,
            });
            records.events.extend(day_events(&mut rng, index, day));
        }
        // A weigh-in an hour before the end: always inside a later sync's
        // re-read window, where a correction can be seen.
        records.samples.push(Sample {
            datatype: WEIGHT,
            at: until - 3_600,
            micros: 0,
            value: 72.4,
            unit: "kilogram",
            origin: "withings",
            malformed: false,
        });
        records.samples.retain(|s| s.at <= until);
        records.events.retain(|e| e.end <= until);
        records.samples.sort_by_key(|s| (s.datatype, s.at));
        records.events.sort_by_key(|e| e.start);
        records
    }
}

/// The events of one day: a workout every other day, the night that
/// starts that evening.
fn day_events(rng: &mut ChaCha8Rng, index: i64, day: i64) -> Vec<Event> {
    let mut out = Vec::new();
    if index % 2 == 0 {
        let start = day + 17 * 3600 + rng.random_range(0..120i64) * 30;
        let minutes = 20 + rng.random_range(0..50i64);
        let end = start + minutes * 60;
        out.push(if index % 4 == 0 {
            let name = ["Walking", "Running", "Biking"][rng.random_range(0..3usize)];
            Event {
                id: format!("gf-{index}-{start}"),
                start,
                start_micros: 0,
                end,
                end_micros: 0,
                name: name.to_owned(),
                origin: "google-fit",
                parameters: json!({
                    "duration": minutes * 60_000,
                    "source_device": {"packageName": "com.google.android.apps.fitness", "version": "", "detailsUrl": ""}
                }),
            }
        } else {
            let name = ["Run", "Yoga", "Swim"][rng.random_range(0..3usize)];
            Event {
                id: format!("fb-{index}-{start}"),
                start,
                start_micros: 500_000,
                end,
                end_micros: 250_000,
                name: "exercise".to_owned(),
                origin: "fitbit",
                parameters: json!({"duration": minutes * 60, "activityName": name, "calories": minutes * 9}),
            }
        });
    }
    let start = day + 22 * 3600 + rng.random_range(0..90i64) * 60;
    let in_bed = 7 * 60 + rng.random_range(0..90i64);
    let end = start + in_bed * 60;
    if index % 5 == 4 {
        // Google Fit's sleep session: no totals.
        out.push(Event {
            id: format!("gs-{index}"),
            start,
            start_micros: 0,
            end,
            end_micros: 0,
            name: "sleep".to_owned(),
            origin: "google-fit",
            parameters: json!({"source_device": {"packageName": "com.google.android.apps.fitness"}}),
        });
    } else {
        let latency = 5 + rng.random_range(0..20i64);
        let awake = 10 + rng.random_range(0..40i64);
        out.push(Event {
            id: format!("fs-{index}"),
            start,
            start_micros: 0,
            end,
            end_micros: 0,
            name: "sleep".to_owned(),
            origin: "fitbit",
            parameters: json!({
                "minutes_asleep": in_bed - latency - awake,
                "minutes_awake": awake,
                "sleep_latency": latency,
                "efficiency": 90,
                "is_main_sleep": true,
            }),
        });
        out.push(Event {
            id: format!("fst-{index}"),
            start: start + latency * 60,
            start_micros: 0,
            end: start + latency * 60 + 1_800,
            end_micros: 0,
            name: "sleep.stages.light".to_owned(),
            origin: "fitbit",
            parameters: json!({}),
        });
    }
    out
}

/// A sample as the API serves it.
pub fn sample_json(sample: &Sample) -> Value {
    json!({
        "individual_id": USER,
        "timestamp": iso(sample.at, sample.micros),
        "source": sample.origin,
        "value": if sample.malformed { Value::Null } else { json!(sample.value) },
        "unit": sample.unit,
        "confidence": Value::Null,
    })
}

/// An event as the API serves it.
pub fn event_json(event: &Event) -> Value {
    json!({
        "user_id": USER,
        "start_time": iso(event.start, event.start_micros),
        "end_time": iso(event.end, event.end_micros),
        "event_name": event.name,
        "source": event.origin,
        "parameters": event.parameters,
        "unique_event_id": event.id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_account() {
        let a = Records::generate(7, 1_795_183_500, 20);
        let b = Records::generate(7, 1_795_183_500, 20);
        assert_eq!(a.samples, b.samples);
        assert_eq!(a.events, b.events);
        assert!(a.samples.iter().all(|s| s.at <= 1_795_183_500));
        assert_eq!(a.samples.iter().filter(|s| s.malformed).count(), 1);
        assert!(
            a.events
                .iter()
                .any(|e| e.is_sleep() && e.origin == "google-fit")
        );
        assert!(a.events.iter().any(Event::is_stage));
    }

    #[test]
    fn times_are_served_without_an_offset() {
        assert_eq!(iso(1_795_183_500, 0), "2026-11-20T14:05:00");
        assert_eq!(iso(1_795_183_500, 250_000), "2026-11-20T14:05:00.250000");
    }
}
