//! The sign-in Human API does not offer publicly, as a standard OAuth2
//! authorization-code server: the stand-in for whatever the user's own
//! server or broker does with Human Connect's session token.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use html_escape::encode_quoted_attribute as escape;
use serde_json::json;
use url::Url;

use super::{HumanApiRequest, Shared};
use crate::withings::lock;
use crate::withings::tokens::{Pkce, PkceMethod};

type Params = BTreeMap<String, String>;

fn parse(text: &[u8]) -> Params {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(text)
        .unwrap_or_default()
        .into_iter()
        .collect()
}

struct Authorize {
    redirect_uri: String,
    state: String,
    pkce: Option<Pkce>,
}

fn validate(shared: &Shared, p: &Params) -> Result<Authorize, String> {
    let get = |name: &str| p.get(name).filter(|v| !v.is_empty());
    if get("response_type").map(String::as_str) != Some("code") {
        return Err("response_type must be \"code\"".into());
    }
    if get("client_id") != Some(&shared.config.client_id) {
        return Err("unknown client_id".into());
    }
    let redirect_uri = get("redirect_uri").ok_or("missing parameter: redirect_uri")?;
    let url = Url::parse(redirect_uri).map_err(|e| format!("redirect_uri is not a URL: {e}"))?;
    let loopback = matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    if url.scheme() != "https" && !(url.scheme() == "http" && loopback) {
        return Err("redirect_uri must be https or an http loopback address".into());
    }
    let state = get("state").ok_or("missing parameter: state")?;
    let pkce = match get("code_challenge") {
        None => None,
        Some(challenge) => Some(Pkce {
            challenge: challenge.clone(),
            method: match p.get("code_challenge_method").map(String::as_str) {
                Some("S256") => PkceMethod::S256,
                None | Some("plain") => PkceMethod::Plain,
                Some(other) => return Err(format!("unsupported code_challenge_method {other}")),
            },
        }),
    };
    Ok(Authorize {
        redirect_uri: redirect_uri.clone(),
        state: state.clone(),
        pkce,
    })
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{t}</title>\
<style>body{{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem}}\
button{{font-size:1rem;padding:.5rem 1.2rem;margin-right:.6rem}}.error{{color:#a00}}</style></head>\
<body>{body}</body></html>",
        t = escape(title)
    )
}

fn error_page(problem: &str) -> Response {
    let body = format!(
        "<h1>Human API sandbox — error</h1><p class=\"error\">{}</p>",
        escape(problem)
    );
    (
        StatusCode::BAD_REQUEST,
        Html(page("Human API sandbox — error", &body)),
    )
        .into_response()
}

fn log(shared: &Shared, method: &str, uri: &Uri, status: StatusCode) {
    shared.record(HumanApiRequest {
        method: method.into(),
        path: uri.path().into(),
        // The sign-in's query holds no secret; the token call's body is not logged.
        query: uri.query().unwrap_or_default().into(),
        status: status.as_u16(),
    });
}

/// `GET /oauth/authorize`: the consent page.
pub(crate) async fn authorize_page(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let params = parse(uri.query().unwrap_or_default().as_bytes());
    let response = match validate(&shared, &params) {
        Err(problem) => error_page(&problem),
        Ok(_) => {
            let fields: String = params
                .iter()
                .map(|(k, v)| {
                    format!(
                        "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
                        escape(k),
                        escape(v)
                    )
                })
                .collect();
            let body = format!(
                "<h1>Human API sandbox — connect your health data</h1>\
<p>Application <code>{}</code> asks to read your heart rate, weight, body fat, blood pressure, \
blood glucose, blood oxygen, sleep and activity.</p>\
<form method=\"post\" action=\"/oauth/authorize\">{fields}\
<button name=\"decision\" value=\"approve\">Approve</button>\
<button name=\"decision\" value=\"deny\">Deny</button></form>",
                escape(&shared.config.client_id)
            );
            Html(page("Human API sandbox — sign in", &body)).into_response()
        }
    };
    log(&shared, "GET", &uri, response.status());
    response
}

/// `POST /oauth/authorize`: Approve or Deny → 303 back to the client.
pub(crate) async fn authorize_decision(
    State(shared): State<Arc<Shared>>,
    uri: Uri,
    body: Bytes,
) -> Response {
    let params = parse(&body);
    let response = match validate(&shared, &params) {
        Err(problem) => error_page(&problem),
        Ok(request) => match Url::parse(&request.redirect_uri) {
            Err(e) => error_page(&e.to_string()),
            Ok(mut url) => {
                match params.get("decision").map(String::as_str) {
                    Some("approve") => {
                        let code = lock(&shared.tokens).issue_code(
                            &shared.config.client_id,
                            &request.redirect_uri,
                            "read",
                            request.pkce,
                        );
                        url.query_pairs_mut()
                            .append_pair("code", &code)
                            .append_pair("state", &request.state);
                    }
                    _ => {
                        url.query_pairs_mut()
                            .append_pair("error", "access_denied")
                            .append_pair("state", &request.state);
                    }
                }
                (StatusCode::SEE_OTHER, [(header::LOCATION, url.to_string())]).into_response()
            }
        },
    };
    log(&shared, "POST", &uri, response.status());
    response
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    (
        status,
        axum::Json(json!({"error": error, "error_description": description})),
    )
        .into_response()
}

/// `client_id:client_secret` from HTTP Basic, else from the form.
fn client(headers: &HeaderMap, form: &Params) -> Option<(String, String)> {
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b| STANDARD.decode(b.trim()).ok())
        .and_then(|b| String::from_utf8(b).ok());
    if let Some((id, secret)) = basic.as_deref().and_then(|b| b.split_once(':')) {
        let decode = |s: &str| {
            url::form_urlencoded::parse(format!("x={s}").as_bytes())
                .next()
                .map(|(_, v)| v.into_owned())
                .unwrap_or_default()
        };
        return Some((decode(id), decode(secret)));
    }
    Some((
        form.get("client_id")?.clone(),
        form.get("client_secret")?.clone(),
    ))
}

/// `POST /oauth/token`: `authorization_code` and `refresh_token` grants.
pub(crate) async fn token(
    State(shared): State<Arc<Shared>>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = parse(&body);
    let response = grant(&shared, &headers, &form);
    log(&shared, "POST", &uri, response.status());
    response
}

fn grant(shared: &Shared, headers: &HeaderMap, form: &Params) -> Response {
    let config = &shared.config;
    match client(headers, form) {
        Some((id, secret)) if id == config.client_id && secret == config.client_secret => {}
        _ => {
            return oauth_error(
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                "unknown client or wrong secret",
            );
        }
    }
    let mut tokens = lock(&shared.tokens);
    let issued = match form.get("grant_type").map(String::as_str) {
        Some("authorization_code") => {
            let code = form.get("code").map_or("", String::as_str);
            match tokens.redeem_code(
                code,
                &config.client_id,
                form.get("redirect_uri").map(String::as_str),
                form.get("code_verifier").map(String::as_str),
                config.code_ttl,
            ) {
                Ok(scope) => {
                    tokens.issue_pair(&config.client_id, &scope, config.access_token_ttl, None)
                }
                Err(e) => {
                    return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", &e.to_string());
                }
            }
        }
        Some("refresh_token") => {
            let refresh = form.get("refresh_token").map_or("", String::as_str);
            // Rotation: the old refresh token dies at once.
            match tokens.refresh(
                refresh,
                &config.client_id,
                std::time::Duration::ZERO,
                config.access_token_ttl,
            ) {
                Ok(issued) => issued,
                Err(e) => {
                    return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", &e.to_string());
                }
            }
        }
        _ => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "grant_type must be authorization_code or refresh_token",
            );
        }
    };
    axum::Json(json!({
        "access_token": issued.access_token,
        "refresh_token": issued.refresh_token,
        "expires_in": issued.expires_in,
        "token_type": "Bearer",
    }))
    .into_response()
}
