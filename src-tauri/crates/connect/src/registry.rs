//! Every provider this build can connect: the one list the CLI and the app
//! look providers up in. Adding a provider is its folder under
//! `providers/`, its fake in the sandbox, one line here, and its streams'
//! labels in the core catalogue; the tests below fail until all agree.

use crate::providers::{Provider, exist::Exist, withings::Withings};

/// The providers that sign in and sync.
pub static PROVIDERS: &[&dyn Provider] = &[&Withings, &Exist];

/// Providers in the catalogue that are not built yet: the app shows them
/// as "not available yet".
pub const PLANNED: &[&str] = &["humanapi", "openhumans", "personicle"];

/// The provider with this id, if this build has it.
pub fn provider(id: &str) -> Option<&'static dyn Provider> {
    PROVIDERS.iter().copied().find(|p| p.spec().id == id)
}

/// Ids of the providers this build has, for messages.
pub fn supported_ids() -> Vec<&'static str> {
    PROVIDERS.iter().map(|p| p.spec().id).collect()
}

#[cfg(test)]
mod tests {
    use healthdash_core::source;

    use super::*;

    #[test]
    fn every_catalogued_provider_is_built_or_planned() {
        for info in source::PROVIDERS {
            let built = provider(info.id).is_some();
            let planned = PLANNED.contains(&info.id);
            assert!(
                built != planned,
                "{}: built {built}, planned {planned}",
                info.id
            );
        }
        for id in PLANNED {
            assert!(
                source::provider(id).is_some(),
                "planned {id} is not catalogued"
            );
        }
    }

    #[test]
    fn every_built_provider_is_complete() {
        let base = url::Url::parse("http://127.0.0.1:1/").unwrap();
        for p in PROVIDERS {
            let spec = p.spec();
            let info = spec
                .info()
                .unwrap_or_else(|| panic!("{} is not in the catalogue", spec.id));
            assert!(
                !info.name.is_empty() && !info.developer_url.is_empty(),
                "{}",
                spec.id
            );
            for url in [spec.authorize_url, spec.token_url, spec.api_base_url] {
                assert!(url.starts_with("https://"), "{}: {url}", spec.id);
            }
            assert!(
                !spec.scope.is_empty() && spec.requests_per_minute > 0,
                "{}",
                spec.id
            );
            let source = p.source(&base).unwrap();
            assert_eq!(source.id(), spec.id);
            // The streams it syncs are exactly the labelled ones, in order.
            let streams: Vec<_> = source.streams().iter().map(|s| s.name()).collect();
            let labelled: Vec<_> = info.streams.iter().map(|s| s.id).collect();
            assert_eq!(
                streams, labelled,
                "{}: streams vs catalogue labels",
                spec.id
            );
            assert!(info.streams.iter().all(|s| !s.label.is_empty()));
        }
    }

    #[test]
    fn ids_are_unique() {
        let ids = supported_ids();
        for (i, id) in ids.iter().enumerate() {
            assert!(!ids[i + 1..].contains(id), "{id} twice");
        }
    }
}
