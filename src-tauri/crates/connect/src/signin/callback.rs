//! Judging what came back, the same way whether it arrived on the loopback
//! listener or was pasted: the `state` first (a redirect that is not ours
//! must never end the flow), then the provider's error, then the grant.

use super::{Grant, ResponseType};

/// What one sign-in expects back.
#[derive(Clone)]
pub(crate) struct Expected {
    pub(crate) state: String,
    pub(crate) response_type: ResponseType,
    pub(crate) pkce_verifier: Option<String>,
    pub(crate) redirect_uri: String,
}

/// The parameters of a redirect (query or fragment) that the sign-in reads.
/// The first occurrence of a name wins.
#[derive(Default)]
pub(crate) struct CallbackParams {
    pub(crate) state: Option<String>,
    pub(crate) code: Option<String>,
    pub(crate) error: Option<String>,
    pub(crate) error_description: Option<String>,
    pub(crate) access_token: Option<String>,
    pub(crate) token_type: Option<String>,
    pub(crate) expires_in: Option<String>,
    pub(crate) scope: Option<String>,
    /// Parameters of the authorization link itself, to recognise a user
    /// pasting the link instead of where it led.
    pub(crate) client_id: Option<String>,
    pub(crate) response_type: Option<String>,
    /// Any parameter at all, read or not.
    pub(crate) any: bool,
}

impl CallbackParams {
    /// Parses `a=1&b=2` (a query string, or a fragment without its `#`).
    pub(crate) fn parse(encoded: &str) -> Self {
        let mut params = Self::default();
        params.merge(encoded);
        params
    }

    /// Adds the parameters of `encoded` that are not set yet.
    pub(crate) fn merge(&mut self, encoded: &str) {
        for (name, value) in url::form_urlencoded::parse(encoded.as_bytes()) {
            self.any = true;
            let slot = match name.as_ref() {
                "state" => &mut self.state,
                "code" => &mut self.code,
                "error" => &mut self.error,
                "error_description" => &mut self.error_description,
                "access_token" => &mut self.access_token,
                "token_type" => &mut self.token_type,
                "expires_in" => &mut self.expires_in,
                "scope" => &mut self.scope,
                "client_id" => &mut self.client_id,
                "response_type" => &mut self.response_type,
                _ => continue,
            };
            if slot.is_none() {
                *slot = Some(value.into_owned());
            }
        }
    }
}

/// The outcome of one redirect.
pub(crate) enum Verdict {
    /// No `state`: not a redirect of this sign-in; keep waiting.
    StateMissing,
    /// Someone else's `state`; keep waiting.
    StateMismatch,
    /// The provider said no (`error=`, with our `state`).
    Refused {
        error: String,
        description: Option<String>,
    },
    /// Our `state`, but no `code` (code flow).
    NoCode,
    /// Our `state`, but no `access_token` (implicit flow).
    NoToken,
    /// Done.
    Granted(Grant),
}

impl Expected {
    pub(crate) fn judge(&self, params: CallbackParams) -> Verdict {
        let Some(state) = params.state.as_deref() else {
            return Verdict::StateMissing;
        };
        if !same_secret(state, &self.state) {
            return Verdict::StateMismatch;
        }
        if let Some(error) = params.error {
            return Verdict::Refused {
                error,
                description: params.error_description,
            };
        }
        match self.response_type {
            ResponseType::Code => match params.code.filter(|c| !c.is_empty()) {
                Some(code) => Verdict::Granted(Grant::Code {
                    code,
                    pkce_verifier: self.pkce_verifier.clone(),
                    redirect_uri: self.redirect_uri.clone(),
                }),
                None => Verdict::NoCode,
            },
            ResponseType::Token => match params.access_token.filter(|t| !t.is_empty()) {
                Some(access_token) => Verdict::Granted(Grant::Token {
                    access_token,
                    token_type: params.token_type,
                    expires_in: params.expires_in.and_then(|s| parse_expires_in(&s)),
                    scope: params.scope,
                }),
                None => Verdict::NoToken,
            },
        }
    }
}

/// `expires_in` as seconds; a provider sending nonsense gets "unknown"
/// rather than a failed sign-in (the token still works until it does not).
fn parse_expires_in(text: &str) -> Option<i64> {
    let parsed = text.trim().parse::<i64>().ok();
    if parsed.is_none() {
        tracing::warn!("sign-in: ignoring an expires_in that is not a number");
    }
    parsed
}

/// Compares two secrets without stopping at the first difference, so the
/// time taken says nothing about how much of a guess was right.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}
