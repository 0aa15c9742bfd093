//! Where measurements come from: the five cloud providers, the demo data set
//! and file importers (CONTRACT §1). A source id is the `source` column of CSV.

use std::fmt;
use std::str::FromStr;

use crate::error::Error;

/// A cloud service Healthdash can connect to. Registry order is also the
/// default source priority when two sources report the same metric.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ProviderInfo {
    pub id: &'static str,
    pub name: &'static str,
}

pub const PROVIDERS: &[ProviderInfo] = &[
    ProviderInfo {
        id: "withings",
        name: "Withings",
    },
    ProviderInfo {
        id: "exist",
        name: "Exist",
    },
    ProviderInfo {
        id: "humanapi",
        name: "Human API",
    },
    ProviderInfo {
        id: "openhumans",
        name: "Open Humans",
    },
    ProviderInfo {
        id: "personicle",
        name: "Personicle",
    },
];

/// Local sources: file importers, then the demo data set. The demo comes last
/// so that real data always wins over it by default.
const LOCAL_SOURCES: &[&str] = &["apple_health", "demo"];

/// Every source id this build knows, in default priority order.
pub fn known_ids() -> Vec<&'static str> {
    PROVIDERS
        .iter()
        .map(|p| p.id)
        .chain(LOCAL_SOURCES.iter().copied())
        .collect()
}

pub fn provider(id: &str) -> Option<&'static ProviderInfo> {
    PROVIDERS.iter().find(|p| p.id == id)
}

/// A validated source id.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
// Serialized as the bare id (see the serde impls below).
#[cfg_attr(feature = "specta", derive(specta::Type), specta(type = String))]
pub struct SourceId(String);

impl SourceId {
    pub const DEMO: &'static str = "demo";

    pub fn demo() -> Self {
        SourceId(Self::DEMO.to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Position in the default priority order (lower wins).
    pub fn default_rank(&self) -> usize {
        let ids = known_ids();
        ids.iter().position(|id| *id == self.0).unwrap_or(ids.len())
    }
}

impl FromStr for SourceId {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        if known_ids().contains(&s) {
            Ok(SourceId(s.to_owned()))
        } else {
            Err(Error::UnknownSource(s.to_owned()))
        }
    }
}

impl fmt::Display for SourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

impl serde::Serialize for SourceId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for SourceId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_five_providers_then_local_sources() {
        assert_eq!(
            known_ids(),
            [
                "withings",
                "exist",
                "humanapi",
                "openhumans",
                "personicle",
                "apple_health",
                "demo"
            ]
        );
    }

    #[test]
    fn unknown_source_names_it_and_the_known_ones() {
        let msg = "fitbit".parse::<SourceId>().err().map(|e| e.to_string());
        assert_eq!(
            msg.as_deref(),
            Some(
                "unknown source 'fitbit' (known: withings, exist, humanapi, openhumans, personicle, apple_health, demo)"
            )
        );
    }

    #[test]
    fn demo_ranks_last() {
        let demo = SourceId::demo();
        let withings: SourceId = "withings".parse().unwrap();
        assert!(withings.default_rank() < demo.default_rank());
    }
}
