//! The few HTML pages: index, sign-in (authorize) and error pages.
//!
//! Tiny and self-contained (inline style, no scripts, no external assets) so that
//! a person can use them in a browser and a test's plain HTTP client can submit
//! the sign-in form (it is a plain `<form method="post">` with hidden fields).

use std::sync::Arc;

use axum::extract::State;
use axum::http::{Method, StatusCode, Uri};
use axum::response::Response;
use html_escape::encode_quoted_attribute as escape;

use super::{Reply, RequestInfo, Shared, finish};

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#222}\
h1{font-size:1.3rem}ul{padding-left:1.2rem}code{background:#f2f2f2;padding:0 .2rem}\
button{font-size:1rem;padding:.5rem 1.2rem;margin-right:.6rem;border-radius:.3rem;border:1px solid #888;cursor:pointer}\
.approve{background:#00a0a0;color:#fff;border-color:#008080}.error{color:#a00}";

fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body>{body}</body></html>",
        escape(title)
    )
}

/// `GET /`: what this server is and where its endpoints are.
pub(crate) async fn index(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    let d = &shared.data;
    let body = format!(
        "<h1>Withings sandbox</h1><p>A local fake of the Withings API for Healthdash, with deterministic data ({} to {}).</p>\
<ul><li>Authorize: <code>/oauth2_user/authorize2</code></li><li>Token: <code>POST /v2/oauth2</code></li>\
<li>Measures: <code>/measure?action=getmeas</code></li><li>Activity: <code>/v2/measure</code></li>\
<li>Sleep: <code>/v2/sleep</code></li><li>Devices: <code>/v2/user?action=getdevice</code></li>\
<li>Control: <code>POST /_sandbox/faults</code>, <code>GET /_sandbox/requests</code></li></ul>",
        d.first_day(),
        d.last_day()
    );
    let info = RequestInfo::new(&method, &uri, &Default::default());
    finish(
        &shared,
        info,
        Reply::html(StatusCode::OK, page("Withings sandbox", &body)),
    )
    .await
}

/// An error page naming the problem (HTTP 400).
pub(crate) fn error_page(problem: &str) -> Reply {
    let body = format!(
        "<h1>Withings sandbox — error</h1><p class=\"error\">{}</p>",
        escape(problem)
    );
    Reply::html(
        StatusCode::BAD_REQUEST,
        page("Withings sandbox — error", &body),
    )
}

/// The sign-in page: the scopes asked for, Approve and Deny.
pub(crate) fn authorize_page(client_id: &str, scopes: &[String], hidden: &[(&str, &str)]) -> Reply {
    let items: String = scopes
        .iter()
        .map(|s| format!("<li><code>{}</code></li>", escape(s)))
        .collect();
    let fields: String = hidden
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
        "<h1>Withings sandbox — Healthdash wants to read: {}</h1>\
<p>Application <code>{}</code> asks for:</p><ul>{items}</ul>\
<form method=\"post\" action=\"/oauth2_user/authorize2\">{fields}\
<button class=\"approve\" type=\"submit\" name=\"decision\" value=\"approve\">Approve</button>\
<button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button></form>",
        escape(&scopes.join(", ")),
        escape(client_id)
    );
    Reply::html(StatusCode::OK, page("Withings sandbox — sign in", &body))
}
