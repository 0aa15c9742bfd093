//! Open Humans: a **file source** (CONTRACT §10). Open Humans holds no
//! measurements of its own; it holds files other projects uploaded for the
//! member (the Withings and Fitbit integrations). Each sync lists every
//! file, downloads the ones not read before (without our token), and parses
//! the kinds it knows.
//!
//! - [`listing`]: the `exchange-member` answer and how its `next` URLs are
//!   followed.
//! - [`kind`]: which files are read, by basename or tag.
//! - [`withings_file`] / [`fitbit_file`]: a file's bytes → records, pure.
//! - [`files`]: the one stream, with a cursor that remembers every file id
//!   it has read or skipped; `download` gets a file without our token.
//! - [`provenance`]: each row's file (in `record_id`) and origin (`detail`).
//! - [`status`]: those files, for the Connections card.

mod download;
pub mod files;
pub mod fitbit_file;
pub mod kind;
pub mod listing;
pub mod provenance;
pub mod status;
pub mod withings_file;

use healthdash_core::sync::{Source, Stream};
use url::Url;

use super::{Provider, ProviderSpec};
use crate::error::Result;
use crate::oauth::ClientAuth;

pub const SPEC: ProviderSpec = ProviderSpec {
    id: "openhumans",
    authorize_url: "https://www.openhumans.org/direct-sharing/projects/oauth2/authorize/",
    token_url: "https://www.openhumans.org/oauth2/token/",
    api_base_url: "https://www.openhumans.org",
    // django-oauth-toolkit's `read` (Open Humans' settings); the project's
    // own slug scope is granted with it.
    scope: "read",
    // django-oauth-toolkit accepts PKCE (`PKCE_REQUIRED: False`: optional).
    pkce: true,
    // django-oauth-toolkit reads the client credentials by HTTP Basic.
    client_auth: ClientAuth::BasicAuth,
    // `ALLOWED_REDIRECT_URI_SCHEMES: http, https`; loopback any port.
    needs_https_redirect: false,
    // Open Humans publishes no limit; DRF's throttles are per hour.
    requests_per_minute: 60,
};

/// The registry's entry for Open Humans.
#[derive(Debug)]
pub struct OpenHumans;

impl Provider for OpenHumans {
    fn spec(&self) -> &'static ProviderSpec {
        &SPEC
    }

    fn source(&self, api_base: &Url) -> Result<Box<dyn Source>> {
        let files = files::Files::new(api_base.clone())?;
        Ok(Box::new(OpenHumansSource {
            streams: vec![Box::new(files)],
        }))
    }
}

struct OpenHumansSource {
    streams: Vec<Box<dyn Stream>>,
}

impl Source for OpenHumansSource {
    fn id(&self) -> &'static str {
        SPEC.id
    }

    fn parser_version(&self) -> i64 {
        files::PARSER_VERSION
    }

    fn streams(&self) -> &[Box<dyn Stream>] {
        &self.streams
    }
}
