//! The authorization request: what the provider definitions fill in, and
//! the URL built from it with `oauth2` (whose typestate generics stay in
//! here).

use oauth2::basic::BasicClient;
use oauth2::{AuthUrl, ClientId, CsrfToken, PkceCodeChallenge, RedirectUrl, Scope};
use url::Url;

use super::SignInError;

/// What the provider is asked to send back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseType {
    /// `response_type=code`: an authorization code in the redirect's query,
    /// exchanged for tokens afterwards (by `oauth`).
    Code,
    /// `response_type=token`: the implicit flow, an access token in the
    /// redirect's fragment, which never reaches a server, hence the page the
    /// listener serves to post it back.
    Token,
}

/// One provider's authorization endpoint and the parameters it wants.
/// Filled by the provider definitions; the sign-in adds `state`,
/// `redirect_uri` and the PKCE challenge itself.
#[derive(Debug, Clone)]
pub struct AuthorizeRequest {
    /// The provider's authorization endpoint.
    pub authorize_url: Url,
    /// The app's client id at the provider (public, not a secret).
    pub client_id: String,
    /// Sent as one `scope` value, already joined the way the provider wants
    /// (Withings: comma-separated); `None` or empty sends no `scope`.
    pub scope: Option<String>,
    /// Authorization code or implicit flow.
    pub response_type: ResponseType,
    /// Send a PKCE S256 challenge (code flow only; ignored for the implicit
    /// flow, which has no code to protect).
    pub pkce: bool,
    /// Anything else the provider wants on the link (e.g. `access_type`).
    /// Must not repeat a parameter the sign-in sets itself.
    pub extra_params: Vec<(String, String)>,
}

/// Parameters the sign-in owns; a provider setting one of them again would
/// send it twice, and which copy the provider reads is anyone's guess.
const RESERVED_PARAMS: [&str; 8] = [
    "response_type",
    "nonce",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "code_challenge",
    "code_challenge_method",
];

/// Random bytes in the `state`: 256 bits, URL-safe base64 (no `.`, so the
/// relay page can split the port off at the last `.`).
const STATE_BYTES: u32 = 32;

/// A fresh `state`; in relay mode it ends in `.PORT` so that the relay page
/// knows which loopback port to forward to.
pub(crate) fn new_state(relay_port: Option<u16>) -> String {
    let random = CsrfToken::new_random_len(STATE_BYTES).into_secret();
    match relay_port {
        Some(port) => format!("{random}.{port}"),
        None => random,
    }
}

/// The authorization link, and the PKCE verifier the token exchange will need.
pub(crate) struct BuiltUrl {
    pub(crate) url: Url,
    pub(crate) pkce_verifier: Option<String>,
}

/// Builds the link the browser opens.
pub(crate) fn authorization_url(
    request: &AuthorizeRequest,
    redirect_uri: &Url,
    state: &str,
) -> Result<BuiltUrl, SignInError> {
    if let Some((name, _)) = request
        .extra_params
        .iter()
        .find(|(name, _)| RESERVED_PARAMS.contains(&name.as_str()))
    {
        return Err(SignInError::InvalidRequest(format!(
            "extra parameter `{name}` is set by the sign-in itself"
        )));
    }
    if request.client_id.is_empty() {
        return Err(SignInError::InvalidRequest("empty client_id".to_owned()));
    }

    let client = BasicClient::new(ClientId::new(request.client_id.clone()))
        .set_auth_uri(AuthUrl::from_url(request.authorize_url.clone()))
        .set_redirect_uri(RedirectUrl::from_url(redirect_uri.clone()));
    let state = state.to_owned();
    let mut authorize = client.authorize_url(move || CsrfToken::new(state));

    if let Some(scope) = request.scope.as_deref().filter(|s| !s.is_empty()) {
        // One Scope: oauth2 joins several with spaces, and some providers
        // (Withings) want commas, so the provider definition joins them.
        authorize = authorize.add_scope(Scope::new(scope.to_owned()));
    }

    let mut pkce_verifier = None;
    match request.response_type {
        ResponseType::Code => {
            if request.pkce {
                let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
                authorize = authorize.set_pkce_challenge(challenge);
                pkce_verifier = Some(verifier.secret().clone());
            }
        }
        ResponseType::Token => {
            // OpenID Connect requires a `nonce` with a token response type
            // (Okta refuses the request without one); nothing here reads an
            // ID token, so it is not kept.
            let nonce = CsrfToken::new_random_len(STATE_BYTES).into_secret();
            authorize = authorize
                .use_implicit_flow()
                .add_extra_param("nonce", nonce);
        }
    }

    for (name, value) in &request.extra_params {
        authorize = authorize.add_extra_param(name.clone(), value.clone());
    }

    let (url, _state) = authorize.url();
    Ok(BuiltUrl { url, pkce_verifier })
}
