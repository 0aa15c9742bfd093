//! What a push would send: each chosen attribute's day values as Exist
//! values, minus what the push record says Exist already has.

use std::collections::HashMap;

use chrono::NaiveDate;
use healthdash_core::query::SourcePriority;
use healthdash_core::store::PushedValue;
use healthdash_core::{SourceId, Store, Zone};
use serde_json::Number;

use super::days;
use super::mapping::{Attribute, Group};

/// The provider id the push record is kept under.
pub const PROVIDER: &str = "exist";

/// Exist takes at most this many objects per call.
pub const BATCH: usize = 35;

/// One value for one attribute and date.
#[derive(Clone, Debug, PartialEq)]
pub struct PushItem {
    pub attribute: &'static str,
    pub group: Group,
    pub date: NaiveDate,
    /// The JSON number sent.
    pub value: Number,
    /// Where the day's value came from.
    pub source: SourceId,
}

impl PushItem {
    /// `ATTRIBUTE DATE VALUE`, as `--dry-run` prints it.
    pub fn line(&self) -> String {
        format!("{} {} {}", self.attribute, self.date, self.value)
    }

    /// The object `attributes/update/` takes.
    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "name": self.attribute,
            "date": self.date.to_string(),
            "value": self.value,
        })
    }

    pub fn recorded(&self) -> PushedValue {
        PushedValue {
            attribute: self.attribute.to_owned(),
            date: self.date.to_string(),
            value: self.value.to_string(),
        }
    }
}

/// Every value the cache gives `attributes` on dates `[from, to]` of the
/// profile's zone, by attribute, then date.
pub fn items(
    store: &Store,
    attributes: &[&'static Attribute],
    profile: Zone,
    priority: &SourcePriority,
    range: (NaiveDate, NaiveDate),
) -> healthdash_core::Result<Vec<PushItem>> {
    let window = days::read_window(profile, range);
    let mut out = Vec::new();
    for attribute in attributes {
        let rows = store.push_candidates(attribute.metric, window)?;
        let values = days::day_values(
            &rows,
            attribute.metric,
            attribute.combine,
            profile,
            priority,
            range,
        );
        for (date, day) in values {
            let Some(value) = attribute.json_value(day.value) else {
                continue;
            };
            out.push(PushItem {
                attribute: attribute.name,
                group: attribute.group,
                date,
                value,
                source: day.source,
            });
        }
    }
    Ok(out)
}

/// The items whose value Exist does not have yet, as far as the record
/// knows: new days, changed values, and values it refused before.
pub fn pending(items: Vec<PushItem>, record: &[PushedValue]) -> Vec<PushItem> {
    let known: HashMap<(&str, &str), &str> = record
        .iter()
        .map(|r| ((r.attribute.as_str(), r.date.as_str()), r.value.as_str()))
        .collect();
    items
        .into_iter()
        .filter(|item| {
            let date = item.date.to_string();
            known.get(&(item.attribute, date.as_str())) != Some(&item.value.to_string().as_str())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(attribute: &'static str, date: &str, value: i64) -> PushItem {
        PushItem {
            attribute,
            group: Group::Activity,
            date: date.parse().unwrap(),
            value: Number::from(value),
            source: "withings".parse().unwrap(),
        }
    }

    #[test]
    fn unchanged_values_are_not_sent_again_changed_and_new_ones_are() {
        let record = [
            item("steps", "2026-11-20", 8000).recorded(),
            item("steps", "2026-11-21", 9000).recorded(),
        ];
        let items = vec![
            item("steps", "2026-11-20", 8000),
            item("steps", "2026-11-21", 9100),
            item("steps", "2026-11-22", 7000),
        ];
        let lines: Vec<String> = pending(items, &record).iter().map(PushItem::line).collect();
        assert_eq!(lines, ["steps 2026-11-21 9100", "steps 2026-11-22 7000"]);
    }

    #[test]
    fn an_update_object_carries_name_date_and_an_integer_value() {
        assert_eq!(
            item("sleep", "2026-11-20", 425).json().to_string(),
            r#"{"date":"2026-11-20","name":"sleep","value":425}"#
        );
    }
}
