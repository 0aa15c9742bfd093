//! Exist's answers to what a push asks, as serde types.

use serde::Deserialize;

/// `GET /api/2/accounts/profile/`: only the zone matters to a push.
#[derive(Debug, Deserialize)]
pub struct Profile {
    pub timezone: String,
}

/// The answer of `attributes/acquire/` and `attributes/update/` (200 or 202).
#[derive(Debug, Default, Deserialize)]
pub struct WriteAnswer {
    #[serde(default)]
    pub success: Vec<Accepted>,
    #[serde(default)]
    pub failed: Vec<Refused>,
}

/// An object Exist accepted: the one sent, echoed.
#[derive(Debug, Deserialize)]
pub struct Accepted {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub template: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
}

/// An object Exist refused: the one sent plus why.
#[derive(Debug, Deserialize)]
pub struct Refused {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub template: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub error: Option<String>,
    #[serde(default)]
    pub error_code: Option<String>,
}

impl Accepted {
    pub fn attribute(&self) -> Option<&str> {
        self.name.as_deref().or(self.template.as_deref())
    }
}

impl Refused {
    pub fn attribute(&self) -> Option<&str> {
        self.name.as_deref().or(self.template.as_deref())
    }
}

/// `GET /api/2/attributes/` (paged): who writes each attribute today.
#[derive(Debug, Deserialize)]
pub struct AttributePage {
    #[serde(default)]
    pub results: Vec<AttributeEntry>,
}

#[derive(Debug, Deserialize)]
pub struct AttributeEntry {
    pub name: String,
    #[serde(default)]
    pub service: Option<Service>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Service {
    pub name: String,
    #[serde(default)]
    pub label: Option<String>,
}

impl Service {
    /// What the user calls it ("Google Fit").
    pub fn display(&self) -> &str {
        self.label
            .as_deref()
            .filter(|l| !l.is_empty())
            .unwrap_or(&self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partial_success_answer_reads_with_its_error_codes() {
        let answer: WriteAnswer = serde_json::from_str(
            r#"{"success":[{"name":"steps","date":"2026-11-20","value":8123}],
                "failed":[{"name":"weight","date":"2026-11-20","value":70.5,
                           "error_code":"unauthorised","error":"Attribute 'weight' does not belong to this service"}]}"#,
        )
        .unwrap();
        assert_eq!(answer.success[0].attribute(), Some("steps"));
        assert_eq!(answer.failed[0].error_code.as_deref(), Some("unauthorised"));
        let acquired: WriteAnswer =
            serde_json::from_str(r#"{"success":[{"name":"steps","active":"true"}],"failed":[]}"#)
                .unwrap();
        assert_eq!(acquired.success[0].attribute(), Some("steps"));
    }
}
