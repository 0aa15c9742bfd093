//! The providers: each one is a folder that implements [`Provider`] — its
//! sign-in facts ([`ProviderSpec`]), its token hooks, and the
//! [`Source`](healthdash_core::sync::Source) the engine syncs — and one line
//! in [`crate::registry`]. Names, stream labels and developer pages live in
//! the core catalogue (`healthdash_core::source::SOURCES`), where the UI and
//! the README read them too.

pub mod openhumans;
pub mod personicle;
pub mod withings;

use healthdash_core::source::{self, SignInMode, SourceInfo};
use healthdash_core::sync::Source;
use url::Url;

use crate::error::Result;
use crate::oauth::{ClientAuth, Rfc6749, TokenHooks};
use crate::signin::ResponseType;

/// What the shared sign-in and token machinery needs to know.
#[derive(Clone, Copy, Debug)]
pub struct ProviderSpec {
    /// The id in the core catalogue.
    pub id: &'static str,
    pub authorize_url: &'static str,
    pub token_url: &'static str,
    pub api_base_url: &'static str,
    /// Already joined the way the provider wants (Withings: commas).
    pub scope: &'static str,
    /// Send PKCE (S256). Harmless where undocumented, so on unless the
    /// provider rejects it.
    pub pkce: bool,
    pub client_auth: ClientAuth,
    /// The provider refuses `http://127.0.0.1` redirect URIs, so a real
    /// account needs the relay page (CONTRACT §6).
    pub needs_https_redirect: bool,
    /// The provider's documented request budget; the client keeps to it
    /// once the provider has said "too many requests".
    pub requests_per_minute: u32,
}

impl ProviderSpec {
    /// The catalogue entry (the registry test checks there is one).
    pub fn info(&self) -> Option<&'static SourceInfo> {
        source::provider(self.id)
    }

    pub fn name(&self) -> &'static str {
        self.info().map_or(self.id, |i| i.name)
    }

    pub fn developer_url(&self) -> &'static str {
        self.info().map_or("", |i| i.developer_url)
    }

    pub fn response_type(&self) -> ResponseType {
        match self.info().map(|i| i.sign_in) {
            Some(SignInMode::Implicit) => ResponseType::Token,
            _ => ResponseType::Code,
        }
    }
}

/// A provider this build can sign in to and sync.
pub trait Provider: Send + Sync {
    fn spec(&self) -> &'static ProviderSpec;

    /// Where its token endpoint departs from RFC 6749.
    fn token_hooks(&self) -> &'static dyn TokenHooks {
        &Rfc6749
    }

    /// Its streams, reading from `api_base` (after config overrides).
    fn source(&self, api_base: &Url) -> Result<Box<dyn Source>>;
}
