//! Okta's implicit flow as Personicle's document uses it: the sign-in page,
//! and a redirect with the token (or the error) in the URL fragment.
//!
//! - Before the redirect URI is known good (unknown client, bad URI), Okta
//!   shows an error page (HTTP 400).
//! - After it, errors go back in the fragment: `#error=…&error_description=…&state=…`,
//!   e.g. a missing `nonce` (Okta requires it for `token` response types),
//!   a scope without `openid`, or the user pressing Deny.
//! - There is no refresh token; the token endpoint refuses every grant.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use html_escape::encode_quoted_attribute as escape;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;
use serde_json::json;
use url::Url;

use super::data::{HEART_RATE, STEPS, WEIGHT};
use super::{Shared, Token, lock, unix_now};

/// Scopes this authorization server knows: OpenID's, the datatype names,
/// and the registration page's names.
const KNOWN_SCOPES: &[&str] = &[
    "openid",
    "profile",
    "email",
    HEART_RATE,
    WEIGHT,
    STEPS,
    "events.read",
    "heartrate.read",
    "weight.read",
];

const NONCE_REQUIRED: &str = "The \"nonce\" parameter is required for authorize requests with either the \"id_token\" or \"token\" response types.";

type Params = Vec<(String, String)>;

fn get<'a>(params: &'a Params, name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.is_empty())
}

fn parse(encoded: &[u8]) -> Params {
    url::form_urlencoded::parse(encoded).into_owned().collect()
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title>\
<style>body{{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#222}}\
button{{font-size:1rem;padding:.5rem 1.2rem;margin-right:.6rem}}.error{{color:#a00}}</style></head><body>{body}</body></html>",
        escape(title)
    )
}

fn error_page(problem: &str) -> Response {
    let body = format!(
        "<h1>Personicle sandbox — error</h1><p class=\"error\">{}</p>",
        escape(problem)
    );
    (StatusCode::BAD_REQUEST, Html(page("Sign-in error", &body))).into_response()
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Checks that come before the redirect URI can be trusted: an error page.
fn trusted_redirect(shared: &Shared, params: &Params) -> Result<Url, String> {
    let client_id = get(params, "client_id").ok_or("missing parameter: client_id")?;
    if client_id != shared.config.client_id {
        return Err(format!("unknown client_id \"{client_id}\""));
    }
    let raw = get(params, "redirect_uri").ok_or("missing parameter: redirect_uri")?;
    let url = Url::parse(raw).map_err(|e| format!("redirect_uri is not a URL: {e}"))?;
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(&url) && shared.config.allow_loopback_redirect => Ok(url),
        _ => Err(format!(
            "The 'redirect_uri' parameter must be a Login redirect URI in the client app settings: {raw}"
        )),
    }
}

/// Checks whose failure goes back in the fragment.
fn fragment_error(params: &Params) -> Option<(&'static str, String)> {
    match get(params, "response_type") {
        Some("token") => {}
        other => {
            return Some((
                "unsupported_response_type",
                format!(
                    "The response type is not supported by the authorization server. Configured response types: [token]. Got: {}",
                    other.unwrap_or("")
                ),
            ));
        }
    }
    let scopes: Vec<&str> = get(params, "scope").unwrap_or("").split(' ').collect();
    if !scopes.contains(&"openid") {
        return Some((
            "invalid_scope",
            "The authorization server requires the 'openid' scope for this flow.".into(),
        ));
    }
    if let Some(unknown) = scopes.iter().find(|s| !KNOWN_SCOPES.contains(s)) {
        return Some((
            "invalid_scope",
            format!(
                "One or more scopes are not configured for the authorization server resource: {unknown}"
            ),
        ));
    }
    if get(params, "nonce").is_none() {
        return Some(("invalid_request", NONCE_REQUIRED.into()));
    }
    None
}

/// `redirect#key=value&…` (the fragment, form-encoded).
fn with_fragment(mut url: Url, pairs: &[(&str, &str)]) -> String {
    let fragment = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    url.set_fragment(Some(&fragment));
    url.to_string()
}

fn see_other(location: String) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
}

/// `GET …/v1/authorize`: the sign-in page, or an error.
pub(crate) async fn authorize_page(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
) -> Response {
    let params = parse(query.unwrap_or_default().as_bytes());
    let redirect = match trusted_redirect(&shared, &params) {
        Ok(url) => url,
        Err(problem) => return error_page(&problem),
    };
    let state = get(&params, "state").unwrap_or("");
    if let Some((error, description)) = fragment_error(&params) {
        return see_other(with_fragment(
            redirect,
            &[
                ("error", error),
                ("error_description", &description),
                ("state", state),
            ],
        ));
    }
    let hidden: String = params
        .iter()
        .map(|(name, value)| {
            format!(
                "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
                escape(name),
                escape(value)
            )
        })
        .collect();
    let scopes: String = get(&params, "scope")
        .unwrap_or("")
        .split(' ')
        .map(|s| format!("<li><code>{}</code></li>", escape(s)))
        .collect();
    let body = format!(
        "<h1>Sign in to Personicle (sandbox)</h1><p>The sandbox account, fake data. The app asks to read:</p>\
<ul>{scopes}</ul><form method=\"post\">{hidden}\
<button name=\"decision\" value=\"approve\">Allow</button><button name=\"decision\" value=\"deny\">Deny</button></form>"
    );
    Html(page("Sign in to Personicle", &body)).into_response()
}

/// `POST …/v1/authorize`: Allow or Deny, answered with the redirect.
pub(crate) async fn authorize_decision(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let params = parse(&body);
    let redirect = match trusted_redirect(&shared, &params) {
        Ok(url) => url,
        Err(problem) => return error_page(&problem),
    };
    let state = get(&params, "state").unwrap_or("").to_owned();
    if let Some((error, description)) = fragment_error(&params) {
        return see_other(with_fragment(
            redirect,
            &[
                ("error", error),
                ("error_description", &description),
                ("state", &state),
            ],
        ));
    }
    if get(&params, "decision") != Some("approve") {
        return see_other(with_fragment(
            redirect,
            &[
                ("error", "access_denied"),
                ("error_description", "User denied access"),
                ("state", &state),
            ],
        ));
    }
    let scope = get(&params, "scope").unwrap_or("").to_owned();
    let token = new_token();
    let lifetime = shared.config.token_lifetime_secs;
    lock(&shared.tokens).insert(
        token.clone(),
        Token {
            scopes: scope.split(' ').map(str::to_owned).collect(),
            expires_at: unix_now() + lifetime,
        },
    );
    see_other(with_fragment(
        redirect,
        &[
            ("access_token", &token),
            ("token_type", "Bearer"),
            ("expires_in", &lifetime.to_string()),
            ("scope", &scope),
            ("state", &state),
        ],
    ))
}

/// `…/v1/token`: the implicit flow has no grant to exchange.
pub(crate) async fn token() -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({
            "error": "unsupported_grant_type",
            "error_description": "The authorization server does not support the requested grant type."
        })),
    )
        .into_response()
}

/// A fresh, unguessable-enough token for a local fake: seeded from the
/// clock and std's per-process random hasher keys (no OS RNG dependency).
fn new_token() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    let mut rng = ChaCha20Rng::seed_from_u64(hasher.finish());
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let random: String = (0..48)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect();
    format!("eyJ.fake.{random}")
}
