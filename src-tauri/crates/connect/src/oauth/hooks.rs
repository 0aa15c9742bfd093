//! Where a provider's token endpoint departs from RFC 6749: a hook each
//! provider implements in its own folder (Withings' envelope and
//! `action=requesttoken` live in `providers/withings/token.rs`). The shared
//! code knows no provider by name.

use super::{AdapterError, standard_error};

/// RFC 6749 by default; a provider overrides what it does differently.
pub trait TokenHooks: Send + Sync {
    /// Extra form parameters of every token request.
    fn extra_params(&self) -> &'static [(&'static str, &'static str)] {
        &[]
    }

    /// Turns the provider's answer into an RFC 6749 status and body.
    fn to_standard(
        &self,
        status: http::StatusCode,
        body: Vec<u8>,
    ) -> Result<(http::StatusCode, Vec<u8>), AdapterError> {
        Ok((status, body))
    }
}

/// A token endpoint that follows RFC 6749.
#[derive(Clone, Copy, Debug, Default)]
pub struct Rfc6749;

impl TokenHooks for Rfc6749 {}

/// The RFC 6749 answer for a refused grant, for hooks that translate a
/// provider's own refusal.
pub fn invalid_grant(description: &str) -> (http::StatusCode, Vec<u8>) {
    (
        http::StatusCode::BAD_REQUEST,
        standard_error("invalid_grant", description),
    )
}

/// How the client authenticates itself at the token endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClientAuth {
    /// `client_id` and `client_secret` in the form body (Withings, Exist).
    RequestBody,
    /// HTTP Basic `client_id:client_secret` (Open Humans).
    BasicAuth,
}
