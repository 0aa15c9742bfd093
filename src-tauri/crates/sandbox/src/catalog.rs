//! Which providers have a fake, for `healthdash sandbox`.

use std::sync::Arc;

use crate::exist::ExistFake;
use crate::fake::{Fake, SandboxFake, SandboxOptions};
use crate::humanapi::HumanApiFake;
use crate::openhumans::OpenHumansFake;
use crate::personicle::PersonicleFake;
use crate::withings::WithingsFake;

/// Provider ids that have a fake, in the order `healthdash sandbox` starts them.
pub const PROVIDERS_WITH_FAKES: &[&str] =
    &["withings", "exist", "humanapi", "openhumans", "personicle"];

/// The fake for `provider`, set up for the sandbox; `None` when the provider
/// has no fake (yet).
pub fn sandbox_fake(provider: &str, options: &SandboxOptions) -> Option<Arc<dyn Fake>> {
    match provider {
        "withings" => Some(Arc::new(WithingsFake::for_sandbox(options))),
        "personicle" => Some(Arc::new(PersonicleFake::for_sandbox(options))),
        "openhumans" => Some(Arc::new(OpenHumansFake::for_sandbox(options))),
        "humanapi" => Some(Arc::new(HumanApiFake::for_sandbox(options))),
        "exist" => Some(Arc::new(ExistFake::for_sandbox(options))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> SandboxOptions {
        SandboxOptions {
            days: 3,
            strict: false,
        }
    }

    #[test]
    fn every_listed_provider_has_a_fake_with_that_id() {
        for id in PROVIDERS_WITH_FAKES {
            let fake = sandbox_fake(id, &options());
            assert_eq!(fake.map(|f| f.provider_id()), Some(*id));
        }
    }

    #[test]
    fn only_listed_providers_have_a_fake() {
        for id in PROVIDERS_WITH_FAKES {
            assert!(sandbox_fake(id, &options()).is_some(), "{id}");
        }
        assert!(sandbox_fake("apple_health", &options()).is_none());
        assert!(sandbox_fake("nope", &options()).is_none());
    }
}
