//! Sign-in: the authorize page and the token endpoint.
//!
//! Today's Withings (not the old Nokia document, which used `/oauth2/token` and no
//! `action`):
//! - `GET account.withings.com/oauth2_user/authorize2?response_type=code&client_id&scope&redirect_uri&state`,
//!   scopes comma-separated among `user.info,user.metrics,user.activity,user.sleepevents`;
//! - the redirect URI must be https (no localhost, no IP, at most 255 characters);
//!   the sandbox accepts loopback http only while `allow_loopback_redirect` is on;
//! - `POST wbsapi.withings.net/v2/oauth2` with `action=requesttoken`, answered with
//!   HTTP 200 and the status envelope; errors are status 503 "Invalid Params: …",
//!   or 601 when rate limited. The alternative signed (nonce/signature) request is
//!   not implemented: the client sends its secret.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{Method, StatusCode, Uri};
use axum::response::Response;
use serde_json::json;
use url::Url;

use super::envelope::{self, status};
use super::pages;
use super::tokens::{Pkce, PkceMethod};
use super::{Params, Reply, RequestInfo, Shared, finish, lock, parse_params};

/// Scopes Withings knows.
pub const KNOWN_SCOPES: &[&str] = &[
    "user.info",
    "user.metrics",
    "user.activity",
    "user.sleepevents",
];

/// A validated authorize request.
struct AuthorizeRequest {
    client_id: String,
    scopes: Vec<String>,
    redirect_uri: String,
    state: String,
    pkce: Option<Pkce>,
}

fn required<'a>(params: &'a Params, name: &str) -> Result<&'a str, String> {
    match params.get(name).map(String::as_str) {
        Some(v) if !v.is_empty() => Ok(v),
        _ => Err(format!("missing parameter: {name}")),
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Withings' redirect-URI rules, with the sandbox's loopback leniency.
fn check_redirect(raw: &str, allow_loopback: bool) -> Result<(), String> {
    if raw.len() > 255 {
        return Err("redirect_uri is longer than 255 characters".into());
    }
    let url = Url::parse(raw).map_err(|e| format!("redirect_uri is not a valid URL: {e}"))?;
    if url.fragment().is_some() {
        return Err("redirect_uri must not contain a fragment".into());
    }
    match url.scheme() {
        "https" if is_loopback(&url) && !allow_loopback => {
            Err("redirect_uri must not be localhost or an IP address".into())
        }
        "https" => Ok(()),
        "http" if is_loopback(&url) && allow_loopback => Ok(()),
        "http" if is_loopback(&url) => Err(
            "redirect_uri must use https (loopback http redirects are disabled in this sandbox)"
                .into(),
        ),
        _ => Err("redirect_uri must use https".into()),
    }
}

fn validate(shared: &Shared, params: &Params) -> Result<AuthorizeRequest, String> {
    let response_type = required(params, "response_type")?;
    if response_type != "code" {
        return Err(format!(
            "response_type must be \"code\", not \"{response_type}\""
        ));
    }
    let client_id = required(params, "client_id")?;
    if client_id != shared.config.client_id {
        return Err(format!("unknown client_id \"{client_id}\""));
    }
    let scope = required(params, "scope")?;
    let scopes: Vec<String> = scope.split(',').map(str::to_string).collect();
    for s in &scopes {
        if !KNOWN_SCOPES.contains(&s.as_str()) {
            return Err(format!(
                "unknown scope \"{s}\" (scopes are comma-separated, among {})",
                KNOWN_SCOPES.join(",")
            ));
        }
    }
    let redirect_uri = required(params, "redirect_uri")?;
    check_redirect(redirect_uri, shared.config.allow_loopback_redirect)?;
    let state = required(params, "state")?;
    let pkce = match params.get("code_challenge").filter(|c| !c.is_empty()) {
        None => None,
        Some(challenge) => {
            if !(43..=128).contains(&challenge.len()) {
                return Err("code_challenge must be 43 to 128 characters".into());
            }
            let method = match params.get("code_challenge_method").map(String::as_str) {
                None | Some("plain") => PkceMethod::Plain,
                Some("S256") => PkceMethod::S256,
                Some(other) => {
                    return Err(format!("unsupported code_challenge_method \"{other}\""));
                }
            };
            Some(Pkce {
                challenge: challenge.clone(),
                method,
            })
        }
    };
    Ok(AuthorizeRequest {
        client_id: client_id.into(),
        scopes,
        redirect_uri: redirect_uri.into(),
        state: state.into(),
        pkce,
    })
}

/// `GET /oauth2_user/authorize2`: the sign-in page, or a 400 error page.
pub(crate) async fn authorize_page(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
) -> Response {
    let params = parse_params(uri.query(), &[]);
    let info = RequestInfo::new(&method, &uri, params.as_ref().unwrap_or(&Params::new()));
    let reply = match params
        .map_err(|e| format!("malformed parameters: {e}"))
        .and_then(|p| {
            let req = validate(&shared, &p)?;
            Ok((req, p))
        }) {
        Err(problem) => pages::error_page(&problem),
        Ok((req, p)) => {
            let keys = [
                "response_type",
                "client_id",
                "scope",
                "redirect_uri",
                "state",
                "code_challenge",
                "code_challenge_method",
            ];
            let hidden: Vec<(&str, &str)> = keys
                .iter()
                .filter_map(|k| p.get(*k).map(|v| (*k, v.as_str())))
                .collect();
            pages::authorize_page(&req.client_id, &req.scopes, &hidden)
        }
    };
    finish(&shared, info, reply).await
}

/// `POST /oauth2_user/authorize2`: the form's decision → 303 to the redirect URI.
pub(crate) async fn authorize_decision(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    body: Bytes,
) -> Response {
    let params = parse_params(uri.query(), &body);
    let info = RequestInfo::new(&method, &uri, params.as_ref().unwrap_or(&Params::new()));
    let reply = match params.map_err(|e| format!("malformed form: {e}")) {
        Err(problem) => pages::error_page(&problem),
        Ok(p) => match validate(&shared, &p) {
            Err(problem) => pages::error_page(&problem),
            Ok(req) => decide(&shared, &req, p.get("decision").map(String::as_str)),
        },
    };
    finish(&shared, info, reply).await
}

fn decide(shared: &Shared, req: &AuthorizeRequest, decision: Option<&str>) -> Reply {
    let mut url = match Url::parse(&req.redirect_uri) {
        Ok(u) => u,
        Err(e) => return pages::error_page(&format!("redirect_uri is not a valid URL: {e}")),
    };
    match decision {
        Some("approve") => {
            let code = lock(&shared.tokens).issue_code(
                &req.client_id,
                &req.redirect_uri,
                &req.scopes.join(","),
                req.pkce.clone(),
            );
            url.query_pairs_mut()
                .append_pair("code", &code)
                .append_pair("state", &req.state);
        }
        Some("deny") => {
            url.query_pairs_mut()
                .append_pair("error", "access_denied")
                .append_pair("state", &req.state);
        }
        _ => return pages::error_page("decision must be \"approve\" or \"deny\""),
    }
    Reply::redirect(url.into())
}

/// `POST /v2/oauth2`.
pub(crate) async fn token(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    body: Bytes,
) -> Response {
    let params = parse_params(uri.query(), &body);
    let info = RequestInfo::new(&method, &uri, params.as_ref().unwrap_or(&Params::new()));
    if method != Method::POST {
        let reply = Reply::text(StatusCode::METHOD_NOT_ALLOWED, "use POST");
        return finish(&shared, info, reply).await;
    }
    let params = match params {
        Ok(p) => p,
        Err(e) => return finish(&shared, info, Reply::json(envelope::invalid_params(&e))).await,
    };
    let Some(action) = params.get("action").filter(|a| !a.is_empty()) else {
        return finish(
            &shared,
            info,
            Reply::json(envelope::invalid_params("action")),
        )
        .await;
    };
    // Token calls only see faults aimed at them with `fail_on("requesttoken", …)`.
    let mut shaping = None;
    let targeted = lock(&shared.faults).take_targeted(action);
    if let Some(kind) = targeted {
        match super::faults::apply_kind(kind) {
            Ok(s) => shaping = Some(s),
            Err(reply) => return finish(&shared, info, reply).await,
        }
    }
    let mut reply = Reply::json(requesttoken(&shared, action, &params));
    if let Some((fault, delay, truncate)) = shaping {
        reply.fault = Some(fault);
        reply.delay = delay;
        reply.truncate = truncate;
    }
    finish(&shared, info, reply).await
}

fn requesttoken(shared: &Shared, action: &str, params: &Params) -> serde_json::Value {
    if action != "requesttoken" {
        return envelope::error(status::NOT_IMPLEMENTED, "Wrong action or wrong webservice");
    }
    let config = &shared.config;
    let Some(client_id) = params.get("client_id").filter(|c| *c == &config.client_id) else {
        return envelope::invalid_params("invalid client_id");
    };
    if shared.rate_limited(client_id) {
        return envelope::error(status::TOO_MANY_REQUESTS, "Too Many Requests");
    }
    if params.get("client_secret") != Some(&config.client_secret) {
        return envelope::invalid_params("invalid client_secret");
    }
    let mut tokens = lock(&shared.tokens);
    let issued = match params.get("grant_type").map(String::as_str) {
        Some("authorization_code") => {
            let Some(code) = params.get("code") else {
                return envelope::invalid_params("code");
            };
            let scope = tokens.redeem_code(
                code,
                client_id,
                params.get("redirect_uri").map(String::as_str),
                params.get("code_verifier").map(String::as_str),
                config.code_ttl,
            );
            match scope {
                Ok(scope) => tokens.issue_pair(client_id, &scope, config.access_token_ttl, None),
                Err(e) => return envelope::invalid_params(&e.to_string()),
            }
        }
        Some("refresh_token") => {
            let Some(refresh) = params.get("refresh_token") else {
                return envelope::invalid_params("refresh_token");
            };
            match tokens.refresh(
                refresh,
                client_id,
                config.refresh_grace,
                config.access_token_ttl,
            ) {
                Ok(issued) => issued,
                Err(e) => return envelope::invalid_params(&e.to_string()),
            }
        }
        _ => return envelope::invalid_params("grant_type"),
    };
    envelope::ok(json!({
        "userid": shared.data.userid().to_string(),
        "access_token": issued.access_token,
        "refresh_token": issued.refresh_token,
        "scope": issued.scope,
        "expires_in": issued.expires_in,
        "token_type": "Bearer",
        "csrf_token": issued.csrf_token,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_rules() {
        assert!(check_redirect("https://example.com/cb", false).is_ok());
        assert!(check_redirect("http://127.0.0.1:8123/callback", true).is_ok());
        assert!(check_redirect("http://localhost:8123/callback", true).is_ok());
        assert!(check_redirect("http://127.0.0.1:8123/callback", false).is_err());
        assert!(check_redirect("http://example.com/cb", true).is_err());
        assert!(check_redirect("https://127.0.0.1/cb", false).is_err());
        assert!(check_redirect("https://example.com/cb#x", true).is_err());
        let long = format!("https://example.com/{}", "a".repeat(250));
        assert!(check_redirect(&long, true).is_err());
    }
}
