//! Where measurements come from: the five cloud providers, the demo data set
//! and file importers (CONTRACT §1). A source id is the `source` column of CSV.

use std::fmt;
use std::str::FromStr;

use crate::error::Error;

/// What kind of place a source is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum SourceKind {
    /// A cloud service the user signs in to.
    Provider,
    /// Files the user owns (an export from a phone or another service).
    Importer,
    /// The made-up demo person.
    Demo,
}

/// How a provider's sign-in comes back to us (CONTRACT §6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum SignInMode {
    /// Authorization code (with state, and PKCE where accepted).
    AuthorizationCode,
    /// The implicit flow: the token arrives in the URL fragment.
    Implicit,
    /// No sign-in (importers, demo).
    None,
}

/// One stream of a source, in people's words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StreamLabel {
    pub id: &'static str,
    pub label: &'static str,
}

/// Everything the CLI, the app and the README say about a source. The
/// order of [`SOURCES`] is the default source priority when two sources
/// report the same metric: providers, then importers, then the demo.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SourceInfo {
    pub id: &'static str,
    pub name: &'static str,
    pub kind: SourceKind,
    pub sign_in: SignInMode,
    /// Where a user registers their own client ("" when there is none).
    pub developer_url: &'static str,
    /// The streams a sync fetches, in sync order. Empty while the source is
    /// only planned; the registry test checks it against the implementation.
    pub streams: &'static [StreamLabel],
}

/// Kept for callers that only know providers.
pub type ProviderInfo = SourceInfo;

const fn cloud(
    id: &'static str,
    name: &'static str,
    sign_in: SignInMode,
    developer_url: &'static str,
    streams: &'static [StreamLabel],
) -> SourceInfo {
    SourceInfo {
        id,
        name,
        kind: SourceKind::Provider,
        sign_in,
        developer_url,
        streams,
    }
}

const fn stream(id: &'static str, label: &'static str) -> StreamLabel {
    StreamLabel { id, label }
}

/// Every source this build knows: the one list (CONTRACT §1).
pub const SOURCES: &[SourceInfo] = &[
    cloud(
        "withings",
        "Withings",
        SignInMode::AuthorizationCode,
        "https://developer.withings.com/dashboard/",
        &[
            stream("devices", "Devices"),
            stream("measures", "Weigh-ins and measurements"),
            stream("activity", "Daily activity"),
            stream("workouts", "Workouts"),
            stream("sleep", "Sleep"),
            stream("intraday", "Minute-by-minute heart rate and steps"),
        ],
    ),
    cloud(
        "exist",
        "Exist",
        SignInMode::AuthorizationCode,
        "https://exist.io/account/apps/",
        &[
            stream("profile", "Profile and time zone"),
            stream("attributes", "Daily attributes"),
        ],
    ),
    cloud(
        "humanapi",
        "Human API",
        SignInMode::AuthorizationCode,
        "https://hub.humanapi.co/",
        &[],
    ),
    cloud(
        "openhumans",
        "Open Humans",
        SignInMode::AuthorizationCode,
        "https://www.openhumans.org/direct-sharing/projects/manage/",
        &[],
    ),
    cloud(
        "personicle",
        "Personicle",
        SignInMode::Implicit,
        "https://personicle-client-registration.herokuapp.com/register",
        &[],
    ),
    SourceInfo {
        id: "apple_health",
        name: "Apple Health",
        kind: SourceKind::Importer,
        sign_in: SignInMode::None,
        developer_url: "",
        streams: &[],
    },
    SourceInfo {
        id: "demo",
        name: "Demo data",
        kind: SourceKind::Demo,
        sign_in: SignInMode::None,
        developer_url: "",
        streams: &[],
    },
];

/// The cloud providers: the head of [`SOURCES`] (a test checks that no
/// provider comes after another kind).
pub const PROVIDERS: &[SourceInfo] = SOURCES.split_at(5).0;

/// Every source id this build knows, in default priority order.
pub fn known_ids() -> Vec<&'static str> {
    SOURCES.iter().map(|s| s.id).collect()
}

/// A source by id.
pub fn info(id: &str) -> Option<&'static SourceInfo> {
    SOURCES.iter().find(|s| s.id == id)
}

/// A cloud provider by id.
pub fn provider(id: &str) -> Option<&'static SourceInfo> {
    PROVIDERS.iter().find(|p| p.id == id)
}

/// What the user calls a source ("Withings"); the id itself if unknown.
pub fn display_name(id: &str) -> &str {
    info(id).map_or(id, |s| s.name)
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
        SOURCES
            .iter()
            .position(|s| s.id == self.0)
            .unwrap_or(SOURCES.len())
    }
}

impl FromStr for SourceId {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        if info(s).is_some() {
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
    fn providers_are_exactly_the_head_of_the_list() {
        assert!(PROVIDERS.iter().all(|p| p.kind == SourceKind::Provider));
        assert!(
            SOURCES[PROVIDERS.len()..]
                .iter()
                .all(|s| s.kind != SourceKind::Provider)
        );
    }

    #[test]
    fn every_source_has_a_name_and_unique_id() {
        for (i, s) in SOURCES.iter().enumerate() {
            assert!(!s.name.is_empty(), "{} has no name", s.id);
            assert!(
                SOURCES[i + 1..].iter().all(|t| t.id != s.id),
                "{} twice",
                s.id
            );
            let signs_in = s.sign_in != SignInMode::None;
            assert_eq!(signs_in, s.kind == SourceKind::Provider, "{}", s.id);
            assert_eq!(display_name(s.id), s.name);
        }
        assert_eq!(display_name("fitbit"), "fitbit");
    }

    #[test]
    fn demo_ranks_last() {
        let demo = SourceId::demo();
        let withings: SourceId = "withings".parse().unwrap();
        assert!(withings.default_rank() < demo.default_rank());
    }
}
