//! The providers: how each one signs in ([`ProviderSpec`]) and syncs.
//!
//! Only what differs between providers lives here; the sign-in, token and
//! sync machinery is shared.

pub mod withings;

use crate::oauth::{AdapterError, standard_error};
use crate::signin::ResponseType;

/// How the client authenticates itself at the token endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClientAuth {
    /// `client_id` and `client_secret` in the form body (Withings, Exist).
    RequestBody,
    /// HTTP Basic `client_id:client_secret` (Open Humans).
    BasicAuth,
}

/// Where a provider's token endpoint departs from RFC 6749.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenQuirk {
    Standard,
    /// Withings: an extra `action=requesttoken` parameter, and every answer
    /// is HTTP 200 with `{"status": 0, "body": {…tokens…}}` or a non-zero
    /// status and an `error` text.
    WithingsEnvelope,
}

impl TokenQuirk {
    pub(crate) fn extra_token_params(self) -> &'static [(&'static str, &'static str)] {
        match self {
            TokenQuirk::Standard => &[],
            TokenQuirk::WithingsEnvelope => &[("action", "requesttoken")],
        }
    }

    /// Turns the provider's answer into an RFC 6749 status and body.
    pub(crate) fn to_standard(
        self,
        status: http::StatusCode,
        body: Vec<u8>,
    ) -> Result<(http::StatusCode, Vec<u8>), AdapterError> {
        match self {
            TokenQuirk::Standard => Ok((status, body)),
            TokenQuirk::WithingsEnvelope => withings::token::to_standard(body),
        }
    }
}

/// Everything the shared machinery needs to know about a provider's sign-in.
#[derive(Clone, Copy, Debug)]
pub struct ProviderSpec {
    pub id: &'static str,
    pub name: &'static str,
    pub authorize_url: &'static str,
    pub token_url: &'static str,
    pub api_base_url: &'static str,
    /// Already joined the way the provider wants (Withings: commas).
    pub scope: &'static str,
    pub response_type: ResponseType,
    /// Send PKCE (S256). Harmless where undocumented, so on unless the
    /// provider rejects it.
    pub pkce: bool,
    pub client_auth: ClientAuth,
    pub token_quirk: TokenQuirk,
    /// The provider refuses `http://127.0.0.1` redirect URIs, so a real
    /// account needs the relay page (CONTRACT §6).
    pub needs_https_redirect: bool,
    /// Where to register an app, for the help text.
    pub developer_url: &'static str,
    /// The provider's documented request budget; the client keeps to it
    /// once the provider has said "too many requests".
    pub requests_per_minute: u32,
}

/// The providers this build can sync.
pub const SUPPORTED: &[&ProviderSpec] = &[&withings::SPEC];

pub fn spec(id: &str) -> Option<&'static ProviderSpec> {
    SUPPORTED.iter().copied().find(|p| p.id == id)
}

pub(crate) fn invalid_grant(description: &str) -> (http::StatusCode, Vec<u8>) {
    (
        http::StatusCode::BAD_REQUEST,
        standard_error("invalid_grant", description),
    )
}
