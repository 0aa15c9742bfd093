//! Withings (documented as "Nokia Health"; today's service differs, see the
//! module docs of [`api`]).
//!
//! - [`api`]: endpoints and how an answer is judged (the `status` envelope).
//! - [`adapter`]: answers → records, pure (over the serde `wire` types).
//! - [`streams`]: the six streams, one file each, with their cursors.
//! - [`token`]: the token endpoint's envelope, as [`TokenHooks`](crate::oauth::TokenHooks).

pub mod adapter;
pub mod api;
pub mod streams;
pub mod token;
mod wire;

use healthdash_core::sync::{Source, Stream};
use url::Url;

use super::{Provider, ProviderSpec};
use crate::error::Result;
use crate::oauth::{ClientAuth, TokenHooks};

pub const SPEC: ProviderSpec = ProviderSpec {
    id: "withings",
    authorize_url: "https://account.withings.com/oauth2_user/authorize2",
    token_url: "https://wbsapi.withings.net/v2/oauth2",
    api_base_url: "https://wbsapi.withings.net",
    scope: "user.info,user.metrics,user.activity",
    pkce: true,
    client_auth: ClientAuth::RequestBody,
    needs_https_redirect: true,
    requests_per_minute: 120,
};

/// The registry's entry for Withings.
#[derive(Debug)]
pub struct Withings;

impl Provider for Withings {
    fn spec(&self) -> &'static ProviderSpec {
        &SPEC
    }

    fn token_hooks(&self) -> &'static dyn TokenHooks {
        &token::WithingsTokens
    }

    fn source(&self, api_base: &Url) -> Result<Box<dyn Source>> {
        let api = streams::Api::new(api_base.clone())?;
        Ok(Box::new(WithingsSource {
            streams: streams::all(&api),
        }))
    }
}

struct WithingsSource {
    streams: Vec<Box<dyn Stream>>,
}

impl Source for WithingsSource {
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
