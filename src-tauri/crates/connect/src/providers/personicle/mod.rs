//! Personicle (PROVIDERS.md, "Personicle"): Okta's implicit flow — the
//! token comes back in the URL fragment, there is no refresh token, and a
//! 401 means "sign in again" — and a small read API of datastreams and
//! events in time windows.
//!
//! - [`api`]: endpoints, the server's time format, how an answer is judged
//!   (its odd error shapes).
//! - [`adapter`]: answers → records, pure.
//! - [`streams`]: the three windowed streams and their cursors.

pub mod adapter;
pub mod api;
pub mod streams;

use healthdash_core::sync::{Source, Stream};
use url::Url;

use super::{Provider, ProviderSpec};
use crate::error::Result;
use crate::oauth::ClientAuth;

pub const SPEC: ProviderSpec = ProviderSpec {
    id: "personicle",
    authorize_url: "https://dev-01936861.okta.com/oauth2/aus445eqrgaj1kKdh5d7/v1/authorize",
    // The implicit flow never calls it; it is the same Okta server's.
    token_url: "https://dev-01936861.okta.com/oauth2/aus445eqrgaj1kKdh5d7/v1/token",
    api_base_url: "https://20.232.224.55",
    // `openid profile email` are required (Okta, and the API checks them);
    // the datatype names are the scopes the API asks Okta for.
    scope: "openid profile email com.personicle.individual.datastreams.heartrate com.personicle.individual.datastreams.weight events.read",
    // The implicit flow has no code to protect.
    pkce: false,
    client_auth: ClientAuth::RequestBody,
    needs_https_redirect: false,
    // Undocumented; a small research server deserves a gentle client.
    requests_per_minute: 60,
};

/// The registry's entry for Personicle.
#[derive(Debug)]
pub struct Personicle;

impl Provider for Personicle {
    fn spec(&self) -> &'static ProviderSpec {
        &SPEC
    }

    fn source(&self, api_base: &Url) -> Result<Box<dyn Source>> {
        let api = streams::Api::new(api_base.clone())?;
        Ok(Box::new(PersonicleSource {
            streams: streams::all(&api),
        }))
    }
}

struct PersonicleSource {
    streams: Vec<Box<dyn Stream>>,
}

impl Source for PersonicleSource {
    fn id(&self) -> &'static str {
        SPEC.id
    }

    fn parser_version(&self) -> i64 {
        streams::PARSER_VERSION
    }

    fn streams(&self) -> &[Box<dyn Stream>] {
        &self.streams
    }
}
