//! Sign-in: the authorize page and the token endpoint, as Exist's OAuth2
//! reference and its guide describe them:
//!
//! - `GET /oauth2/authorize?response_type=code&client_id&redirect_uri&scope&state`,
//!   scopes space-separated (`scope=a+b`), `<group>_read` / `<group>_write`;
//!   the v1 scopes `read`, `write`, `append` are refused (`invalid_scope`);
//! - the redirect URI is https, or `http://localhost`/`127.0.0.1` as the
//!   guide's own client registers (`http://localhost:8000/`);
//! - `POST /oauth2/access_token` (form: `grant_type`, `code`, `client_id`,
//!   `client_secret`, `redirect_uri`, or `refresh_token`) answers
//!   `{access_token, token_type, expires_in: 31535999, refresh_token, scope}`;
//!   refusals are OAuth2's `{"error": "invalid_grant"}` (400) and
//!   `{"error": "invalid_client"}` (401).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{Method, StatusCode, Uri};
use axum::response::Response;
use html_escape::encode_quoted_attribute as escape;
use serde_json::json;
use url::Url;

use super::reply::{Reply, finish};
use super::{Params, Shared, lock, parse_params};
use crate::withings::RequestInfo;

/// The attribute groups; each has a `_read` and a `_write` scope.
pub const GROUPS: &[&str] = &[
    "activity",
    "productivity",
    "mood",
    "sleep",
    "workouts",
    "events",
    "finance",
    "food",
    "health",
    "location",
    "media",
    "social",
    "weather",
    "symptoms",
    "medication",
    "custom",
    "manual",
];

fn known_scope(scope: &str) -> bool {
    scope
        .strip_suffix("_read")
        .or_else(|| scope.strip_suffix("_write"))
        .is_some_and(|group| GROUPS.contains(&group))
}

struct AuthorizeRequest {
    client_id: String,
    scopes: Vec<String>,
    redirect_uri: String,
    state: Option<String>,
    challenge: Option<String>,
}

fn required<'a>(params: &'a Params, name: &str) -> Result<&'a str, String> {
    match params.get(name).map(String::as_str) {
        Some(v) if !v.is_empty() => Ok(v),
        _ => Err(format!("missing parameter: {name}")),
    }
}

fn check_redirect(raw: &str) -> Result<(), String> {
    let url = Url::parse(raw).map_err(|e| format!("redirect_uri is not a valid URL: {e}"))?;
    let loopback = match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    match url.scheme() {
        "https" => Ok(()),
        "http" if loopback => Ok(()),
        _ => Err("redirect_uri must use https (or http on localhost)".into()),
    }
}

fn validate(shared: &Shared, params: &Params) -> Result<AuthorizeRequest, String> {
    let response_type = required(params, "response_type")?;
    if response_type != "code" {
        return Err(format!("unsupported_response_type: {response_type}"));
    }
    let client_id = required(params, "client_id")?;
    if client_id != shared.config.client_id {
        return Err(format!("invalid_client: unknown client_id \"{client_id}\""));
    }
    let scope = required(params, "scope")?;
    let scopes: Vec<String> = scope.split_whitespace().map(str::to_owned).collect();
    if let Some(bad) = scopes.iter().find(|s| !known_scope(s)) {
        return Err(format!(
            "invalid_scope: \"{bad}\" (scopes are space-separated, e.g. activity_read health_read)"
        ));
    }
    let redirect_uri = required(params, "redirect_uri")?;
    check_redirect(redirect_uri)?;
    Ok(AuthorizeRequest {
        client_id: client_id.into(),
        scopes,
        redirect_uri: redirect_uri.into(),
        state: params.get("state").cloned(),
        challenge: params
            .get("code_challenge")
            .filter(|c| !c.is_empty())
            .cloned(),
    })
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#222}\
h1{font-size:1.3rem}code{background:#f2f2f2;padding:0 .2rem}\
button{font-size:1rem;padding:.5rem 1.2rem;margin-right:.6rem;border-radius:.3rem;border:1px solid #888;cursor:pointer}\
.approve{background:#f5a623;color:#fff;border-color:#c78000}.error{color:#a00}";

/// A tiny self-contained page (no scripts, no external assets).
pub(crate) fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body>{body}</body></html>",
        escape(title)
    )
}

fn error_page(problem: &str) -> Reply {
    let body = format!(
        "<h1>Exist sandbox — error</h1><p class=\"error\">{}</p>",
        escape(problem)
    );
    Reply::html(
        StatusCode::BAD_REQUEST,
        page("Exist sandbox — error", &body),
    )
}

/// `GET /oauth2/authorize`: the permissions asked for, Allow and Deny.
pub(crate) async fn authorize_page(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
) -> Response {
    let params = parse_params(uri.query(), &[]).unwrap_or_default();
    let info = RequestInfo::new(&method, &uri, &params);
    let reply = match validate(&shared, &params) {
        Err(problem) => error_page(&problem),
        Ok(req) => {
            let items: String = req
                .scopes
                .iter()
                .map(|s| format!("<li><code>{}</code></li>", escape(s)))
                .collect();
            let fields: String = params
                .iter()
                .filter(|(k, _)| k.as_str() != "decision")
                .map(|(k, v)| {
                    format!(
                        "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
                        escape(k),
                        escape(v)
                    )
                })
                .collect();
            let body = format!(
                "<h1>Exist sandbox — Healthdash wants access</h1>\
<p>Client <code>{}</code> asks to read your profile details and:</p><ul>{items}</ul>\
<form method=\"post\" action=\"/oauth2/authorize\">{fields}\
<button class=\"approve\" type=\"submit\" name=\"decision\" value=\"approve\">Allow</button>\
<button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button></form>",
                escape(&req.client_id)
            );
            Reply::html(StatusCode::OK, page("Exist sandbox — authorise", &body))
        }
    };
    finish(&shared, info, reply).await
}

/// `POST /oauth2/authorize`: the decision → 303 to the redirect URI.
pub(crate) async fn authorize_decision(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    body: Bytes,
) -> Response {
    let params = parse_params(uri.query(), &body).unwrap_or_default();
    let info = RequestInfo::new(&method, &uri, &params);
    let reply = match validate(&shared, &params) {
        Err(problem) => error_page(&problem),
        Ok(req) => decide(&shared, &req, params.get("decision").map(String::as_str)),
    };
    finish(&shared, info, reply).await
}

fn decide(shared: &Shared, req: &AuthorizeRequest, decision: Option<&str>) -> Reply {
    let mut url = match Url::parse(&req.redirect_uri) {
        Ok(u) => u,
        Err(e) => return error_page(&format!("redirect_uri is not a valid URL: {e}")),
    };
    {
        let mut query = url.query_pairs_mut();
        match decision {
            Some("approve") => {
                let code = lock(&shared.tokens).issue_code(
                    &req.client_id,
                    &req.redirect_uri,
                    &req.scopes.join(" "),
                    req.challenge.clone(),
                );
                query.append_pair("code", &code);
            }
            Some("deny") => {
                query.append_pair("error", "access_denied");
            }
            _ => return error_page("decision must be \"approve\" or \"deny\""),
        }
        if let Some(state) = &req.state {
            query.append_pair("state", state);
        }
    }
    Reply::redirect(url.into())
}

/// `POST /oauth2/access_token`.
pub(crate) async fn token(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    body: Bytes,
) -> Response {
    let params = parse_params(uri.query(), &body).unwrap_or_default();
    let info = RequestInfo::new(&method, &uri, &params);
    let reply = grant(&shared, &params);
    finish(&shared, info, reply).await
}

fn grant(shared: &Shared, params: &Params) -> Reply {
    let config = &shared.config;
    let client_id = params.get("client_id").map(String::as_str).unwrap_or("");
    if client_id != config.client_id || params.get("client_secret") != Some(&config.client_secret) {
        return Reply::oauth_error(StatusCode::UNAUTHORIZED, "invalid_client");
    }
    let mut tokens = lock(&shared.tokens);
    let issued = match params.get("grant_type").map(String::as_str) {
        Some("authorization_code") => {
            let scope = tokens.redeem_code(
                params.get("code").map(String::as_str).unwrap_or(""),
                client_id,
                params.get("redirect_uri").map(String::as_str),
                params.get("code_verifier").map(String::as_str),
            );
            match scope {
                Ok(scope) => tokens.issue_pair(client_id, &scope, config.access_token_ttl),
                Err(e) => return Reply::oauth_error(StatusCode::BAD_REQUEST, &e.to_string()),
            }
        }
        Some("refresh_token") => {
            let refresh = params
                .get("refresh_token")
                .map(String::as_str)
                .unwrap_or("");
            match tokens.refresh(refresh, client_id, config.access_token_ttl) {
                Ok(issued) => issued,
                Err(e) => return Reply::oauth_error(StatusCode::BAD_REQUEST, &e.to_string()),
            }
        }
        _ => return Reply::oauth_error(StatusCode::BAD_REQUEST, "unsupported_grant_type"),
    };
    Reply::json(
        StatusCode::OK,
        json!({
            "access_token": issued.access_token,
            "token_type": "Bearer",
            "expires_in": issued.expires_in,
            "refresh_token": issued.refresh_token,
            "scope": issued.scope,
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_and_redirects() {
        assert!(known_scope("activity_read") && known_scope("health_write"));
        assert!(!known_scope("read") && !known_scope("append") && !known_scope("steps_read"));
        assert!(check_redirect("https://example.com/cb").is_ok());
        assert!(check_redirect("http://localhost:8000/").is_ok());
        assert!(check_redirect("http://127.0.0.1:5/callback").is_ok());
        assert!(check_redirect("http://example.com/cb").is_err());
    }
}
