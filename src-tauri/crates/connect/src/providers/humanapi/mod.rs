//! Human API (v1 data API; see the module docs of [`api`]).
//!
//! Human API has no public redirect sign-in: its own flow is a JavaScript
//! widget whose session token a server exchanges with the client secret.
//! Healthdash signs in with the standard authorization-code flow against
//! endpoints the user configures (`authorize_url`, `token_url` under
//! `[providers.humanapi]`), so there is no default for them; without them
//! `connect humanapi` says which keys to set.
//!
//! - [`api`]: endpoints, `Link` paging, `updated_since`, how an answer is judged.
//! - [`adapter`]: answers → records, pure.
//! - [`streams`]: one stream per record type, with its cursor.

pub mod adapter;
pub mod api;
pub mod streams;
mod wire;

use healthdash_core::sync::{Source, Stream};
use url::Url;

use super::{Provider, ProviderSpec};
use crate::error::Result;
use crate::oauth::ClientAuth;

pub const SPEC: ProviderSpec = ProviderSpec {
    id: "humanapi",
    // None: the user's own server or broker stands in for Human Connect.
    authorize_url: "",
    token_url: "",
    api_base_url: "https://api.humanapi.co",
    // Human API grants access per connected source, not per scope; the
    // configured authorization server may ignore it.
    scope: "read",
    pkce: true,
    client_auth: ClientAuth::RequestBody,
    needs_https_redirect: false,
    // Not published; a conservative pace once it has said "too many".
    requests_per_minute: 60,
};

/// The registry's entry for Human API.
#[derive(Debug)]
pub struct HumanApi;

impl Provider for HumanApi {
    fn spec(&self) -> &'static ProviderSpec {
        &SPEC
    }

    fn source(&self, api_base: &Url) -> Result<Box<dyn Source>> {
        let api = streams::Api::new(api_base.clone())?;
        Ok(Box::new(HumanApiSource {
            streams: streams::all(&api),
        }))
    }
}

struct HumanApiSource {
    streams: Vec<Box<dyn Stream>>,
}

impl Source for HumanApiSource {
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
