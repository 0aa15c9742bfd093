//! Paste mode: when no redirect can reach the app (a provider that accepts
//! neither loopback nor the relay, a browser on another machine), the user
//! copies the address the browser ended on, usually a "can't connect" page,
//! and the app reads the grant from it.

use std::sync::Arc;

use url::Url;

use super::callback::{CallbackParams, Expected, Verdict};
use super::listener::Finisher;
use super::{Grant, ResponseType, SignInError};

/// Finishes a sign-in from a pasted URL; cheap to clone, so the app can
/// accept a paste while [`SignIn::wait`](super::SignIn::wait) runs elsewhere.
#[derive(Clone)]
pub struct PasteHandle {
    pub(crate) expected: Arc<Expected>,
    /// Set while a listener runs: a paste that ends the flow also ends it.
    pub(crate) finisher: Option<Arc<Finisher>>,
}

impl std::fmt::Debug for PasteHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasteHandle").finish_non_exhaustive()
    }
}

impl PasteHandle {
    /// Reads the grant from the full URL the browser ended on (query for the
    /// code flow, fragment for the implicit flow). A wrong `state`, a missing
    /// code and the like leave the flow running so the user can paste again.
    /// A grant or a refusal ends it: a running [`SignIn::wait`](super::SignIn::wait)
    /// then returns [`SignInError::FinishedByPaste`] (the grant goes to one
    /// place only, so the code is not exchanged twice).
    pub fn finish_from_url(&self, pasted: &str) -> Result<Grant, SignInError> {
        let params = parse_pasted(pasted, self.expected.response_type)?;
        let outcome = match self.expected.judge(params) {
            Verdict::StateMissing => return Err(SignInError::PastedWithoutState),
            Verdict::StateMismatch => return Err(SignInError::PastedStateMismatch),
            Verdict::NoCode => return Err(SignInError::PastedWithoutCode),
            Verdict::NoToken => return Err(SignInError::PastedWithoutToken),
            Verdict::Refused { error, description } => {
                Err(SignInError::Refused { error, description })
            }
            Verdict::Granted(grant) => Ok(grant),
        };
        let delivered = self
            .finisher
            .as_ref()
            .is_none_or(|finisher| finisher.finish(Err(SignInError::FinishedByPaste)));
        if !delivered {
            return Err(SignInError::AlreadyFinished);
        }
        tracing::info!("sign-in: finished from a pasted URL");
        outcome
    }
}

/// Characters people bring along when copying an address.
fn is_wrapping(c: char) -> bool {
    c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>')
}

fn parse_pasted(pasted: &str, response_type: ResponseType) -> Result<CallbackParams, SignInError> {
    let text = pasted.trim_matches(is_wrapping);
    let url = match Url::parse(text) {
        Ok(url) => url,
        // Some address bars hide the scheme, and copying may drop it; only
        // worth a retry when there are parameters to find.
        Err(url::ParseError::RelativeUrlWithoutBase)
            if !text.contains("://") && text.contains(['?', '#']) =>
        {
            Url::parse(&format!("http://{text}")).map_err(|_| SignInError::PastedNotUrl)?
        }
        Err(_) => return Err(SignInError::PastedNotUrl),
    };
    let query = url.query().unwrap_or("");
    let fragment = url.fragment().unwrap_or("");
    // Where the grant belongs is read first; the other part fills gaps.
    let (first, second) = match response_type {
        ResponseType::Code => (query, fragment),
        ResponseType::Token => (fragment, query),
    };
    let mut params = CallbackParams::parse(first);
    params.merge(second);
    if !params.any {
        return Err(SignInError::PastedWithoutState);
    }
    let nothing_back =
        params.code.is_none() && params.access_token.is_none() && params.error.is_none();
    if nothing_back && params.client_id.is_some() && params.response_type.is_some() {
        return Err(SignInError::PastedAuthorizationUrl);
    }
    Ok(params)
}
