//! The fake's endpoints, paths as on www.openhumans.org today:
//!
//! - `GET|POST /direct-sharing/projects/oauth2/authorize/`: sign-in page
//!   and its form (django-oauth-toolkit: code flow, PKCE optional);
//! - `POST /oauth2/token/`: HTTP Basic client authentication (DOT also
//!   takes the credentials in the body); a refresh revokes the refresh
//!   token and the access token issued with it; a bad one is
//!   `400 {"error": "invalid_grant"}`;
//! - `GET /api/direct-sharing/project/exchange-member/`: the member's files,
//!   DRF `LimitOffsetPagination` (`next` keeps the other query parameters,
//!   an `access_token` one included); token as Bearer header or parameter;
//!   an expired one is `401 {"detail": "Expired token."}`;
//! - `GET /data-management/datafile-download/<id>/?key=<key>`: 302 to the
//!   file host when the key (made by the listing, good for an hour) opens
//!   that file, else 403;
//! - `GET /member-files/...`: the file host, reached on a **second origin**
//!   (`localhost` when the API was `127.0.0.1`, and the other way round), as
//!   S3 is; like S3 it refuses a pre-signed request that also carries an
//!   `Authorization` header.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};

use super::FILE_HOST_PATH;
use super::state::{Grant, OhRequest, Shared};
use crate::withings::lock;
use crate::withings::pkce::s256_challenge;

type Form = BTreeMap<String, String>;

fn form(query: Option<&str>, body: &[u8]) -> Form {
    let mut out: Form = query
        .and_then(|q| serde_urlencoded::from_str(q).ok())
        .unwrap_or_default();
    if let Ok(fields) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(body) {
        out.extend(fields);
    }
    out
}

fn host(headers: &HeaderMap) -> String {
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1")
        .to_owned()
}

fn log(shared: &Shared, method: &Method, uri: &Uri, headers: &HeaderMap, status: StatusCode) {
    shared.record(OhRequest {
        method: method.to_string(),
        host: host(headers),
        path: uri.path().to_owned(),
        query: uri.query().unwrap_or_default().to_owned(),
        authorization: headers
            .get(header::AUTHORIZATION)
            .and_then(|h| h.to_str().ok())
            .map(str::to_owned),
        status: status.as_u16(),
    });
}

fn json_reply(status: StatusCode, body: &Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

fn escape(s: &str) -> String {
    html_escape::encode_double_quoted_attribute(s).into_owned()
}

/// What a person opening the fake's address sees.
pub(crate) async fn index() -> Html<&'static str> {
    Html(
        "<!doctype html><title>Open Humans sandbox</title><h1>Open Humans sandbox</h1>\
<p>A fake Open Humans for Healthdash: one member sharing a Withings file (current and 2018 \
layouts), a Fitbit file, a genome and GPS tracks. Sign in at \
<code>/direct-sharing/projects/oauth2/authorize/</code>; files at \
<code>/api/direct-sharing/project/exchange-member/</code>.</p>",
    )
}

pub(crate) async fn authorize(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let params = form(uri.query(), &body);
    let reply = decide_authorize(&shared, &method, &params);
    log(&shared, &method, &uri, &headers, reply.status());
    reply
}

fn decide_authorize(shared: &Shared, method: &Method, params: &Form) -> Response {
    let get = |name: &str| params.get(name).map(String::as_str).unwrap_or_default();
    if get("client_id") != shared.config.client_id {
        return (StatusCode::BAD_REQUEST, Html("<h1>Invalid client_id</h1>")).into_response();
    }
    if get("response_type") != "code" {
        return (
            StatusCode::BAD_REQUEST,
            Html("<h1>Unsupported response_type</h1>"),
        )
            .into_response();
    }
    let redirect = get("redirect_uri");
    let Ok(redirect_url) = url::Url::parse(redirect) else {
        return (
            StatusCode::BAD_REQUEST,
            Html("<h1>Mismatching redirect URI</h1>"),
        )
            .into_response();
    };
    if *method == Method::GET {
        let hidden: String = params
            .iter()
            .map(|(k, v)| {
                format!(
                    "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
                    escape(k),
                    escape(v)
                )
            })
            .collect();
        let page = format!(
            "<!doctype html><title>Open Humans sandbox — authorize</title>\
<h1>Authorize Healthdash</h1><p>Healthdash (<code>{}</code>) will be able to read the data files \
you share with this project.</p><form method=\"post\" \
action=\"/direct-sharing/projects/oauth2/authorize/\">{hidden}\
<button type=\"submit\" name=\"decision\" value=\"approve\">Authorize project</button>\
<button type=\"submit\" name=\"decision\" value=\"deny\">Cancel</button></form>",
            escape(&shared.config.client_id)
        );
        return Html(page).into_response();
    }
    let mut target = redirect_url;
    {
        let mut query = target.query_pairs_mut();
        if get("decision") == "approve" {
            let mut tokens = lock(&shared.tokens);
            let code = tokens.random("code");
            let challenge = params.get("code_challenge").cloned();
            tokens.codes.insert(
                code.clone(),
                Grant {
                    redirect_uri: redirect.to_owned(),
                    challenge,
                    issued: Instant::now(),
                },
            );
            query.append_pair("code", &code);
        } else {
            query.append_pair("error", "access_denied");
        }
        if let Some(state) = params.get("state") {
            query.append_pair("state", state);
        }
    }
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(location) = HeaderValue::from_str(target.as_str()) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

/// The client credentials: HTTP Basic, else the body (DOT accepts both).
fn client(headers: &HeaderMap, params: &Form) -> Option<(String, String)> {
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.strip_prefix("Basic "))
        .and_then(|b| STANDARD.decode(b.trim()).ok())
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|pair| {
            let (id, secret) = pair.split_once(':')?;
            let decode = |s: &str| {
                url::form_urlencoded::parse(format!("x={s}").as_bytes())
                    .next()
                    .map(|(_, v)| v.into_owned())
            };
            Some((decode(id)?, decode(secret)?))
        });
    basic.or_else(|| {
        Some((
            params.get("client_id")?.clone(),
            params.get("client_secret")?.clone(),
        ))
    })
}

pub(crate) async fn token(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let params = form(None, &body);
    let (status, answer) = decide_token(&shared, &headers, &params);
    log(&shared, &method, &uri, &headers, status);
    json_reply(status, &answer)
}

fn decide_token(shared: &Shared, headers: &HeaderMap, params: &Form) -> (StatusCode, Value) {
    let invalid_grant = (StatusCode::BAD_REQUEST, json!({"error": "invalid_grant"}));
    match client(headers, params) {
        Some((id, secret))
            if id == shared.config.client_id && secret == shared.config.client_secret => {}
        _ => return (StatusCode::UNAUTHORIZED, json!({"error": "invalid_client"})),
    }
    let ttl = shared.config.access_token_ttl;
    let mut tokens = lock(&shared.tokens);
    match params.get("grant_type").map(String::as_str) {
        Some("authorization_code") => {
            let code = params.get("code").cloned().unwrap_or_default();
            let Some(grant) = tokens.codes.remove(&code) else {
                return invalid_grant;
            };
            let redirect_ok = params.get("redirect_uri") == Some(&grant.redirect_uri);
            let fresh = grant.issued.elapsed() < shared.config.code_ttl;
            let pkce_ok = match (&grant.challenge, params.get("code_verifier")) {
                (None, _) => true,
                (Some(challenge), Some(verifier)) => s256_challenge(verifier) == *challenge,
                (Some(_), None) => false,
            };
            if !(redirect_ok && fresh && pkce_ok) {
                return invalid_grant;
            }
        }
        Some("refresh_token") => {
            let refresh = params.get("refresh_token").cloned().unwrap_or_default();
            if !tokens.use_refresh(&refresh) {
                return invalid_grant;
            }
        }
        _ => {
            return (
                StatusCode::BAD_REQUEST,
                json!({"error": "unsupported_grant_type"}),
            );
        }
    }
    let (access, refresh) = tokens.issue(ttl);
    (
        StatusCode::OK,
        json!({
            "access_token": access,
            "expires_in": ttl.as_secs(),
            "token_type": "Bearer",
            "scope": "read direct-sharing-9999",
            "refresh_token": refresh,
        }),
    )
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
}

pub(crate) async fn exchange_member(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let params = form(uri.query(), &[]);
    let token = bearer(&headers).or_else(|| params.get("access_token").cloned());
    let allowed = token.is_some_and(|t| lock(&shared.tokens).access_ok(&t));
    if !allowed {
        log(&shared, &method, &uri, &headers, StatusCode::UNAUTHORIZED);
        let mut response = json_reply(
            StatusCode::UNAUTHORIZED,
            &json!({"detail": "Expired token."}),
        );
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"api\""),
        );
        return response;
    }
    let origin = format!("http://{}", host(&headers));
    let answer = listing_page(&shared, &origin, &params);
    log(&shared, &method, &uri, &headers, StatusCode::OK);
    json_reply(StatusCode::OK, &answer)
}

fn listing_page(shared: &Shared, origin: &str, params: &Form) -> Value {
    let files = shared.listed();
    let limit = params
        .get("limit")
        .and_then(|l| l.parse::<usize>().ok())
        .unwrap_or(shared.config.page_limit)
        .max(1);
    let offset = params
        .get("offset")
        .and_then(|o| o.parse::<usize>().ok())
        .unwrap_or(0)
        .min(files.len());
    // Every other page one short (a page shorter than the limit is not the last).
    let page_index = offset / limit;
    let size = if shared.config.short_pages && page_index.is_multiple_of(2) && limit > 1 {
        limit - 1
    } else {
        limit
    };
    let end = (offset + size).min(files.len());
    let link = |offset: usize| {
        let mut query: Form = params.clone();
        query.insert("limit".into(), limit.to_string());
        query.insert("offset".into(), offset.to_string());
        let query = serde_urlencoded::to_string(&query).unwrap_or_default();
        format!("{origin}/api/direct-sharing/project/exchange-member/?{query}")
    };
    let data: Vec<Value> = files[offset..end]
        .iter()
        .map(|f| {
            let key = shared.new_key(f.id);
            json!({
                "id": f.id,
                "basename": f.basename,
                "created": f.created,
                "datatypes": [],
                "download_url": format!("{origin}/data-management/datafile-download/{}/?key={key}", f.id),
                "metadata": {"tags": f.tags, "description": f.description},
                "source": f.source,
                "source_project": {"id_label": f.source, "name": f.source},
            })
        })
        .collect();
    let sources: std::collections::BTreeSet<&str> =
        files.iter().map(|f| f.source.as_str()).collect();
    json!({
        "count": files.len(),
        "next": (end < files.len()).then(|| link(end)),
        "previous": (offset > 0).then(|| link(offset.saturating_sub(limit))),
        "created": "2018-05-20T18:01:44.519416Z",
        "project_member_id": "56781234",
        "message_permission": false,
        "sources_shared": sources,
        "username": null,
        "data": data,
    })
}

pub(crate) async fn download(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<i64>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let params = form(uri.query(), &[]);
    let key = params.get("key").cloned().unwrap_or_default();
    let file = shared.listed().into_iter().find(|f| f.id == id);
    let reply = match file {
        Some(file) if shared.key_opens(&key, id) => {
            // The file host is another origin, as S3 is to Open Humans.
            let api_host = host(&headers);
            let other = match api_host.split_once(':') {
                Some(("127.0.0.1", port)) => format!("localhost:{port}"),
                Some((_, port)) => format!("127.0.0.1:{port}"),
                None => "localhost".to_owned(),
            };
            let location = format!(
                "http://{other}{FILE_HOST_PATH}{id}/{}?X-Amz-Expires=3600&X-Amz-Signature={}",
                file.basename,
                lock(&shared.tokens).random("sig")
            );
            let mut response = StatusCode::FOUND.into_response();
            if let Ok(value) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            response
        }
        _ => (
            StatusCode::FORBIDDEN,
            Html("You are not authorized to view this file."),
        )
            .into_response(),
    };
    log(&shared, &method, &uri, &headers, reply.status());
    reply
}

pub(crate) async fn file_host(
    State(shared): State<Arc<Shared>>,
    Path((id, _name)): Path<(i64, String)>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let delay = *lock(&shared.file_delay);
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let reply = if headers.contains_key(header::AUTHORIZATION) {
        // S3: "Only one auth mechanism allowed".
        (
            StatusCode::BAD_REQUEST,
            "<Error><Code>InvalidArgument</Code><Message>Only one auth mechanism allowed</Message></Error>",
        )
            .into_response()
    } else {
        match shared.listed().into_iter().find(|f| f.id == id) {
            Some(file) => (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "application/octet-stream")],
                file.bytes,
            )
                .into_response(),
            None => (
                StatusCode::NOT_FOUND,
                "<Error><Code>NoSuchKey</Code></Error>",
            )
                .into_response(),
        }
    };
    log(&shared, &method, &uri, &headers, reply.status());
    reply
}
