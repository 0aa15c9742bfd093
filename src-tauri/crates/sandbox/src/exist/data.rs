//! The fake account's attributes and their daily values: deterministic from
//! the seed, with the awkward cases Exist has:
//!
//! - days without data (`null`), more of them for some attributes;
//! - weigh-ins only every few days, body fat on the same days;
//! - `heartrate` (an older integration) for the first half of the history and
//!   `heartrate_resting` for the last two thirds, so some days have both;
//! - attributes in groups a read-only token may not see (`mood`, `productivity`,
//!   a custom tag), and an attribute Healthdash does not map (`floors`).
//!
//! Values are as Exist stores them: metric units, `active_energy` in kJ,
//! `sleep` and `productive_min` in minutes, `body_fat` a fraction 0–1, `mood`
//! 1–9. Tests compare against [`ExistData::value`].

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};

/// An attribute as Exist describes it (`with-values` sends all of this).
#[derive(Clone, Debug, PartialEq)]
pub struct Attribute {
    pub name: String,
    /// `None` for a custom attribute (tags).
    pub template: Option<String>,
    pub label: String,
    pub group: &'static str,
    pub group_label: &'static str,
    pub group_priority: u32,
    pub priority: u32,
    pub manual: bool,
    pub value_type: u8,
    pub value_type_description: &'static str,
    pub service: (&'static str, &'static str),
    /// Date → value; a date without an entry is served as `null`.
    pub values: BTreeMap<NaiveDate, Value>,
}

impl Attribute {
    /// The JSON object `with-values` sends, with `values` for `dates` (newest first).
    pub fn to_json(&self, dates: &[NaiveDate]) -> Value {
        let values: Vec<Value> = dates
            .iter()
            .map(|d| {
                json!({
                    "date": d.to_string(),
                    "value": self.values.get(d).cloned().unwrap_or(Value::Null),
                })
            })
            .collect();
        json!({
            "group": {"name": self.group, "label": self.group_label, "priority": self.group_priority},
            "template": self.template,
            "name": self.name,
            "label": self.label,
            "priority": self.priority,
            "manual": self.manual,
            "active": true,
            "value_type": self.value_type,
            "value_type_description": self.value_type_description,
            "service": {"name": self.service.0, "label": self.service.1},
            "values": values,
        })
    }
}

/// Every attribute of the fake account, in Exist's order (group, priority).
#[derive(Clone, Debug, PartialEq)]
pub struct ExistData {
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub attributes: Vec<Attribute>,
}

struct Spec {
    name: &'static str,
    custom: bool,
    label: &'static str,
    group: (&'static str, &'static str, u32),
    priority: u32,
    value_type: (u8, &'static str),
    service: (&'static str, &'static str),
}

const ACTIVITY: (&str, &str, u32) = ("activity", "Activity", 1);
const PRODUCTIVITY: (&str, &str, u32) = ("productivity", "Productivity", 2);
const MOOD: (&str, &str, u32) = ("mood", "Mood", 3);
const SLEEP: (&str, &str, u32) = ("sleep", "Sleep", 4);
const HEALTH: (&str, &str, u32) = ("health", "Health", 7);
const CUSTOM: (&str, &str, u32) = ("custom", "Custom tags", 10);
const FITBIT: (&str, &str) = ("fitbit", "Fitbit");
const WITHINGS: (&str, &str) = ("withings", "Withings");
const EXIST: (&str, &str) = ("exist_for_android", "Exist for Android");
const RESCUETIME: (&str, &str) = ("rescuetime", "RescueTime");

const SPECS: &[Spec] = &[
    Spec {
        name: "steps",
        custom: false,
        label: "Steps",
        group: ACTIVITY,
        priority: 1,
        value_type: (0, "Integer"),
        service: FITBIT,
    },
    Spec {
        name: "active_energy",
        custom: false,
        label: "Active energy",
        group: ACTIVITY,
        priority: 4,
        value_type: (1, "Float"),
        service: FITBIT,
    },
    Spec {
        name: "floors",
        custom: false,
        label: "Floors",
        group: ACTIVITY,
        priority: 5,
        value_type: (0, "Integer"),
        service: FITBIT,
    },
    Spec {
        name: "productive_min",
        custom: false,
        label: "Productive time",
        group: PRODUCTIVITY,
        priority: 1,
        value_type: (3, "Period (min)"),
        service: RESCUETIME,
    },
    Spec {
        name: "mood",
        custom: false,
        label: "Mood",
        group: MOOD,
        priority: 1,
        value_type: (8, "Scale (1-9)"),
        service: EXIST,
    },
    Spec {
        name: "sleep",
        custom: false,
        label: "Time asleep",
        group: SLEEP,
        priority: 1,
        value_type: (3, "Period (min)"),
        service: FITBIT,
    },
    Spec {
        name: "weight",
        custom: false,
        label: "Weight",
        group: HEALTH,
        priority: 1,
        value_type: (1, "Float"),
        service: WITHINGS,
    },
    Spec {
        name: "body_fat",
        custom: false,
        label: "Body fat",
        group: HEALTH,
        priority: 2,
        value_type: (5, "Percentage"),
        service: WITHINGS,
    },
    Spec {
        name: "heartrate",
        custom: false,
        label: "Heart rate",
        group: HEALTH,
        priority: 3,
        value_type: (0, "Integer"),
        service: FITBIT,
    },
    Spec {
        name: "heartrate_resting",
        custom: false,
        label: "Resting heart rate",
        group: HEALTH,
        priority: 4,
        value_type: (0, "Integer"),
        service: FITBIT,
    },
    Spec {
        name: "meditation",
        custom: true,
        label: "Meditation",
        group: CUSTOM,
        priority: 1,
        value_type: (7, "Boolean"),
        service: EXIST,
    },
];

impl ExistData {
    /// `days` dates of data ending with `until`.
    pub fn generate(seed: u64, until: NaiveDate, days: u32) -> ExistData {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let first_day = until - Days::new(u64::from(days.max(1)) - 1);
        let mut attributes: Vec<Attribute> = SPECS
            .iter()
            .map(|s| Attribute {
                name: s.name.into(),
                template: (!s.custom).then(|| s.name.into()),
                label: s.label.into(),
                group: s.group.0,
                group_label: s.group.1,
                group_priority: s.group.2,
                priority: s.priority,
                manual: s.custom || s.name == "mood",
                value_type: s.value_type.0,
                value_type_description: s.value_type.1,
                service: s.service,
                values: BTreeMap::new(),
            })
            .collect();
        let total = i64::from(days.max(1));
        let mut weight = 78.0_f64;
        for (index, date) in first_day.iter_days().take(total as usize).enumerate() {
            let index = index as i64;
            let mut set = |name: &str, value: Value| {
                if let Some(a) = attributes.iter_mut().find(|a| a.name == name) {
                    a.values.insert(date, value);
                }
            };
            // A day without the tracker now and then.
            let worn = rng.random_range(0..100) >= 6;
            if worn {
                let steps: i64 = rng.random_range(1_500..16_000);
                set("steps", json!(steps));
                // kJ, unrounded as Fitbit sends it.
                let kj = f64::from(rng.random_range(600_u32..3_200)) + 0.25;
                set("active_energy", json!(kj));
                set("floors", json!(rng.random_range(0..20)));
            }
            if rng.random_range(0..100) >= 10 {
                set("sleep", json!(rng.random_range(300..540)));
            }
            if rng.random_range(0..100) < 35 {
                weight += f64::from(rng.random_range(-6_i32..=6)) / 10.0;
                let kg = (weight * 10.0).round() / 10.0;
                set("weight", json!(kg));
                let fat = f64::from(rng.random_range(180_u32..250)) / 1000.0;
                set("body_fat", json!(fat));
            }
            if index < total / 2 && worn {
                set("heartrate", json!(rng.random_range(60..75)));
            }
            if index >= total / 3 && worn {
                set("heartrate_resting", json!(rng.random_range(50..65)));
            }
            if rng.random_range(0..100) < 80 {
                set("mood", json!(rng.random_range(1..=9)));
            }
            if date.weekday().number_from_monday() <= 5 {
                set("productive_min", json!(rng.random_range(60..420)));
            }
            if rng.random_range(0..100) < 30 {
                set("meditation", json!(1));
            }
        }
        ExistData {
            first_day,
            last_day: until,
            attributes,
        }
    }

    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name == name)
    }

    pub fn attribute_mut(&mut self, name: &str) -> Option<&mut Attribute> {
        self.attributes.iter_mut().find(|a| a.name == name)
    }

    /// The stored value of `name` on `date` (`None`: no data that day).
    pub fn value(&self, name: &str, date: NaiveDate) -> Option<&Value> {
        self.attribute(name)?.values.get(&date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_data_with_its_awkward_cases() {
        let until: NaiveDate = "2025-04-15".parse().unwrap();
        let a = ExistData::generate(7, until, 120);
        assert_eq!(a, ExistData::generate(7, until, 120));
        assert_eq!(a.first_day, "2024-12-17".parse::<NaiveDate>().unwrap());
        let steps = a.attribute("steps").unwrap();
        assert!(steps.values.len() < 120, "some days have no steps");
        let both = a.first_day.iter_days().take(120).filter(|d| {
            a.value("heartrate", *d).is_some() && a.value("heartrate_resting", *d).is_some()
        });
        assert!(both.count() > 5, "some days have both heart rates");
        assert!(a.attribute("meditation").unwrap().template.is_none());
    }
}
