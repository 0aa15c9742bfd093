//! Exist (exist.io, API v2 — still current).
//!
//! - [`api`]: endpoints and how an answer is judged (plain HTTP statuses,
//!   Django REST Framework's `{"detail": …}` errors).
//! - [`adapter`]: answers → records, pure: the profile's time zone, and one
//!   row per local day and attribute.
//! - [`streams`]: `profile` then `attributes`, one file each.
//! - [`push`]: the write side, `push exist` (CONTRACT §9).
//!
//! The token endpoint follows RFC 6749 (`POST /oauth2/access_token`, client
//! id and secret in the form body); a refresh rotates both tokens.

pub mod adapter;
pub mod api;
pub mod push;
pub mod streams;
mod wire;

use healthdash_core::sync::{Source, Stream};
use url::Url;

use super::{Provider, ProviderSpec};
use crate::error::Result;
use crate::oauth::ClientAuth;

/// The read scopes: the groups whose attributes Healthdash maps. Exist wants
/// them space-separated (`scope=a+b` once form-encoded).
pub const READ_SCOPE: &str = "activity_read health_read sleep_read mood_read productivity_read";

pub const SPEC: ProviderSpec = ProviderSpec {
    id: "exist",
    authorize_url: "https://exist.io/oauth2/authorize",
    token_url: "https://exist.io/oauth2/access_token",
    api_base_url: "https://exist.io/api/2/",
    scope: READ_SCOPE,
    // Not documented by Exist, and harmless where a server ignores it.
    pkce: true,
    client_auth: ClientAuth::RequestBody,
    // Exist's reference says https, its own guide registers
    // `http://localhost:8000/`: loopback works for a Confidential client.
    needs_https_redirect: false,
    // 300 requests an hour per user token.
    requests_per_minute: 5,
};

/// The registry's entry for Exist.
#[derive(Debug)]
pub struct Exist;

impl Provider for Exist {
    fn spec(&self) -> &'static ProviderSpec {
        &SPEC
    }

    fn source(&self, api_base: &Url) -> Result<Box<dyn Source>> {
        let api = streams::Api::new(api_base.clone())?;
        Ok(Box::new(ExistSource {
            streams: streams::all(&api),
        }))
    }
}

struct ExistSource {
    streams: Vec<Box<dyn Stream>>,
}

impl Source for ExistSource {
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
