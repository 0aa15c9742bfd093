//! The shapes of Exist's answers, as serde reads them. Only what Healthdash
//! uses is named; the rest of each object is ignored.

use serde::Deserialize;
use serde_json::Value;

/// `GET accounts/profile/`.
#[derive(Debug, Deserialize)]
pub struct Profile {
    /// An IANA zone name ("Australia/Sydney").
    pub timezone: Option<String>,
}

/// A Django REST Framework page (`attributes/with-values/`). Results stay
/// loose so that one odd attribute is skipped, not the whole page.
#[derive(Debug, Deserialize)]
pub struct Page {
    #[serde(default)]
    pub next: Option<String>,
    pub results: Vec<Value>,
}

/// One attribute of a page, with its values newest first.
#[derive(Debug, Deserialize)]
pub struct Attribute {
    pub name: String,
    pub values: Vec<Value>,
}

/// One day of an attribute; `value` is `null` on a day without data.
#[derive(Debug, Deserialize)]
pub struct DayValue {
    pub date: String,
    pub value: Value,
}
