//! Reading: `accounts/profile/` and `attributes/with-values/`.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::Response;
use axum::routing::get;
use chrono::{Days, NaiveDate, Utc};
use serde_json::{Value, json};

use super::gate;
use crate::exist::reply::{Reply, finish};
use crate::exist::{Params, Shared, lock, parse_params};
use crate::withings::RequestInfo;

/// Most days of values per attribute (Exist: 31).
const MAX_DAYS: u64 = 31;

pub(super) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/2/accounts/profile/", get(profile))
        .route("/api/2/attributes/with-values/", get(with_values))
}

async fn profile(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let info = RequestInfo::new(&method, &uri, &Params::new());
    let reply = match gate(&shared, &headers) {
        Err(reply) => reply,
        Ok(granted) => {
            let tz = *lock(&shared.timezone);
            let local = Utc::now().with_timezone(&tz);
            granted.shape(Reply::json(
                StatusCode::OK,
                json!({
                    "username": "sandbox",
                    "first_name": "Sam",
                    "last_name": "Sandbox",
                    "avatar": "https://exist.io/static/img/avatar.png",
                    "timezone": tz.name(),
                    "local_time": local.to_rfc3339(),
                    "imperial_distance": false,
                    "imperial_weight": false,
                    "imperial_energy": false,
                    "imperial_liquid": false,
                    "imperial_temperature": false,
                    "trial": false,
                    "delinquent": false,
                }),
            ))
        }
    };
    finish(&shared, info, reply).await
}

async fn with_values(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let params = parse_params(uri.query(), &[]).unwrap_or_default();
    let info = RequestInfo::new(&method, &uri, &params);
    let reply = match gate(&shared, &headers) {
        Err(reply) => reply,
        Ok(granted) => match page(&shared, &params, &uri, &headers, |group| {
            granted.allows(&format!("{group}_read"))
        }) {
            Ok(body) => granted.shape(Reply::json(StatusCode::OK, body)),
            Err(problem) => Reply::detail(StatusCode::BAD_REQUEST, &problem),
        },
    };
    finish(&shared, info, reply).await
}

fn number<T: std::str::FromStr>(params: &Params, name: &str, default: T) -> Result<T, String> {
    match params.get(name) {
        None => Ok(default),
        Some(v) => v
            .parse()
            .map_err(|_| format!("'{name}' must be a whole number, not '{v}'")),
    }
}

/// One DRF page of attributes the token may read, filtered as asked.
fn page(
    shared: &Shared,
    params: &Params,
    uri: &Uri,
    headers: &HeaderMap,
    readable: impl Fn(&str) -> bool,
) -> Result<Value, String> {
    let days: u64 = number(params, "days", 1)?;
    if !(1..=MAX_DAYS).contains(&days) {
        return Err(format!("'days' must be between 1 and {MAX_DAYS}"));
    }
    let page: usize = number(params, "page", 1)?;
    let limit: usize = number(params, "limit", shared.config.max_page_size)?;
    let limit = limit.clamp(1, shared.config.max_page_size.max(1));
    let tz = *lock(&shared.timezone);
    let date_max = match params.get("date_max") {
        None => Utc::now().with_timezone(&tz).date_naive(),
        Some(d) => NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map_err(|_| format!("'date_max' must be YYYY-mm-dd, not '{d}'"))?,
    };
    let dates: Vec<NaiveDate> = (0..days)
        .filter_map(|back| date_max.checked_sub_days(Days::new(back)))
        .collect();
    let list = |name: &str| -> Option<Vec<String>> {
        params.get(name).map(|v| {
            v.split(',')
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect()
        })
    };
    let (names, templates, groups) = (list("attributes"), list("templates"), list("groups"));
    let data = lock(&shared.data);
    let chosen: Vec<&crate::exist::data::Attribute> = data
        .attributes
        .iter()
        .filter(|a| readable(a.group))
        .filter(|a| names.as_ref().is_none_or(|n| n.contains(&a.name)))
        .filter(|a| {
            templates
                .as_ref()
                .is_none_or(|t| a.template.as_ref().is_some_and(|x| t.contains(x)))
        })
        .filter(|a| {
            groups
                .as_ref()
                .is_none_or(|g| g.iter().any(|x| x == a.group))
        })
        .collect();
    let count = chosen.len();
    if page == 0 {
        return Err("Invalid page.".into());
    }
    let start = (page - 1).saturating_mul(limit);
    if start >= count && page > 1 {
        return Err("Invalid page.".into());
    }
    let results: Vec<Value> = chosen
        .iter()
        .skip(start)
        .take(limit)
        .map(|a| a.to_json(&dates))
        .collect();
    let link = |n: usize| -> Value {
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("127.0.0.1");
        let mut query = params.clone();
        query.insert("page".into(), n.to_string());
        let query = serde_urlencoded::to_string(&query).unwrap_or_default();
        json!(format!("http://{host}{}?{query}", uri.path()))
    };
    Ok(json!({
        "count": count,
        "next": if start + limit < count { link(page + 1) } else { Value::Null },
        "previous": if page > 1 { link(page - 1) } else { Value::Null },
        "results": results,
    }))
}
