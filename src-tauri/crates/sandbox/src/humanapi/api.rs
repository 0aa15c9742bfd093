//! The data endpoints: `GET /v1/human/<type>[/readings]` lists, paged by
//! `limit`/`offset` with `Link` and `X-Total-Count`.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Response};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde_json::{Value, json};

use super::data::{Record, RecordType};
use super::{Fault, HumanApiRequest, Shared, take_fault};
use crate::withings::lock;

/// The document: default 50, at most 500.
const DEFAULT_LIMIT: usize = 50;
const MAX_LIMIT: usize = 500;

/// `GET /`: what this server is.
pub(crate) async fn index(State(shared): State<Arc<Shared>>) -> Response {
    let data = lock(&shared.data);
    let paths: String = RecordType::ALL
        .iter()
        .map(|t| format!("<li><code>/v1/human/{}</code></li>", t.path()))
        .collect();
    Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Human API sandbox</title></head>\
<body><h1>Human API sandbox</h1><p>A local fake of Human API's v1 data API for Healthdash, {} records \
from {}.</p><ul><li>Sign-in: <code>/oauth/authorize</code>, <code>POST /oauth/token</code></li>{paths}</ul></body></html>",
        data.all().len(),
        data.first_day().map(|d| d.to_string()).unwrap_or_default(),
    ))
    .into_response()
}

pub(crate) async fn not_found(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
) -> Response {
    let response = json_error(StatusCode::NOT_FOUND, "Not Found", "no such endpoint");
    log(&shared, &method, &uri, response.status());
    response
}

fn json_error(status: StatusCode, error: &str, message: &str) -> Response {
    (
        status,
        axum::Json(json!({"statusCode": status.as_u16(), "error": error, "message": message})),
    )
        .into_response()
}

fn log(shared: &Shared, method: &Method, uri: &Uri, status: StatusCode) {
    shared.record(HumanApiRequest {
        method: method.to_string(),
        path: uri.path().into(),
        query: uri.query().unwrap_or_default().into(),
        status: status.as_u16(),
    });
}

/// `GET /v1/human/{rest}`.
pub(crate) async fn list(
    State(shared): State<Arc<Shared>>,
    Path(rest): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if let Some(delay) = super::take_delay(&shared) {
        tokio::time::sleep(delay).await;
    }
    let response = answer(&shared, &rest, &uri, &headers);
    log(&shared, &Method::GET, &uri, response.status());
    response
}

fn answer(shared: &Shared, rest: &str, uri: &Uri, headers: &HeaderMap) -> Response {
    let params: Vec<(String, String)> =
        serde_urlencoded::from_str(uri.query().unwrap_or_default()).unwrap_or_default();
    let param = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let token = bearer.or(param("access_token")).unwrap_or_default();
    if lock(&shared.tokens).check_access(token).is_none() {
        return json_error(
            StatusCode::UNAUTHORIZED,
            "Unauthorized",
            "Invalid or expired access token",
        );
    }
    let Some(kind) = RecordType::from_path(rest) else {
        return json_error(StatusCode::NOT_FOUND, "Not Found", "no such endpoint");
    };
    let fault = take_fault(shared);
    match fault {
        Some(Fault::RateLimit) => {
            let mut r = json_error(
                StatusCode::TOO_MANY_REQUESTS,
                "Too Many Requests",
                "slow down",
            );
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            return r;
        }
        Some(Fault::ServerError) => {
            return json_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Internal Server Error",
                "try again",
            );
        }
        _ => {}
    }
    let malformed = {
        let mut faults = lock(&shared.faults);
        let at = faults.malformed.iter().position(|k| *k == kind);
        at.map(|i| faults.malformed.remove(i))
    };
    if malformed.is_some() {
        return (StatusCode::OK, axum::Json(json!({"data": "not a list"}))).into_response();
    }
    let query = match Query::read(&param) {
        Ok(q) => q,
        Err(problem) => return json_error(StatusCode::BAD_REQUEST, "Bad Request", &problem),
    };
    let (cap, no_links) = {
        let faults = lock(&shared.faults);
        (
            faults.page_cap.unwrap_or(shared.config.page_cap),
            faults.no_links,
        )
    };
    let data = lock(&shared.data);
    let matching: Vec<&Record> = data
        .records(kind)
        .into_iter()
        .filter(|r| query.keeps(r))
        .collect();
    let total = matching.len();
    let step = query.limit.min(cap).max(1);
    let page: Vec<&Value> = matching
        .iter()
        .skip(query.offset)
        .take(step)
        .map(|r| &r.json)
        .collect();
    let mut body = serde_json::to_vec(&page).unwrap_or_default();
    if matches!(fault, Some(Fault::Truncate)) {
        body.truncate(body.len() / 2);
    }
    let mut response = (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response();
    if shared.config.link_headers && !no_links {
        let link = links(headers, uri, &params, query.offset, page.len(), step, total);
        if let Ok(value) = HeaderValue::from_str(&link) {
            response.headers_mut().insert(header::LINK, value);
        }
        response
            .headers_mut()
            .insert("x-total-count", HeaderValue::from(total as u64));
    }
    response
}

/// RFC 5988 links, absolute, keeping every other parameter of the request.
fn links(
    headers: &HeaderMap,
    uri: &Uri,
    params: &[(String, String)],
    offset: usize,
    served: usize,
    step: usize,
    total: usize,
) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    let at = |offset: usize| {
        let mut pairs: Vec<(String, String)> = params
            .iter()
            .filter(|(k, _)| k != "offset")
            .cloned()
            .collect();
        pairs.push(("offset".into(), offset.to_string()));
        let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
        format!("<http://{host}{}?{query}>", uri.path())
    };
    let last = total.saturating_sub(1) / step * step;
    let mut out = Vec::new();
    if offset + served < total {
        out.push(format!("{}; rel=\"next\"", at(offset + served)));
    }
    if offset > 0 {
        out.push(format!("{}; rel=\"prev\"", at(offset.saturating_sub(step))));
    }
    out.push(format!("{}; rel=\"first\"", at(0)));
    out.push(format!("{}; rel=\"last\"", at(last)));
    out.join(", ")
}

struct Query {
    limit: usize,
    offset: usize,
    updated_since: Option<DateTime<Utc>>,
    dates: Option<(NaiveDate, NaiveDate)>,
    source: Option<String>,
}

impl Query {
    fn read<'a>(param: &impl Fn(&str) -> Option<&'a str>) -> Result<Query, String> {
        let number = |name: &str, default: usize| -> Result<usize, String> {
            param(name).map_or(Ok(default), |v| {
                v.parse()
                    .map_err(|_| format!("{name} must be a whole number"))
            })
        };
        let date = |name: &str| -> Result<Option<NaiveDate>, String> {
            param(name)
                .map(|v| v.parse().map_err(|_| format!("{name} must be YYYY-MM-DD")))
                .transpose()
        };
        let dates = match (date("start_date")?, date("end_date")?) {
            (Some(start), Some(end)) => Some((start, end)),
            (None, None) => None,
            _ => return Err("start_date and end_date must be used together".into()),
        };
        Ok(Query {
            limit: number("limit", DEFAULT_LIMIT)?.clamp(1, MAX_LIMIT),
            offset: number("offset", 0)?,
            updated_since: param("updated_since").map(instant).transpose()?,
            dates,
            source: param("source").map(str::to_owned),
        })
    }

    fn keeps(&self, r: &Record) -> bool {
        self.updated_since.is_none_or(|since| r.updated_at > since)
            && self
                .dates
                .is_none_or(|(start, end)| (start..=end).contains(&r.local_date))
            && self.source.as_ref().is_none_or(|s| *s == r.source)
    }
}

/// `YYYYMMDDTHHmmssZ`, or ISO 8601.
fn instant(text: &str) -> Result<DateTime<Utc>, String> {
    NaiveDateTime::parse_from_str(text, "%Y%m%dT%H%M%SZ")
        .map(|t| t.and_utc())
        .or_else(|_| DateTime::parse_from_rfc3339(text).map(|t| t.with_timezone(&Utc)))
        .map_err(|_| format!("{text:?} is not a date (YYYYMMDDTHHmmssZ)"))
}
