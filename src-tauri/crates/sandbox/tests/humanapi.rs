//! The fake Human API over HTTP, as any client would use it: the stand-in
//! sign-in (client by HTTP Basic or form fields, rotating refresh tokens,
//! `invalid_grant`), the data API's `Link`/`X-Total-Count` paging, query
//! options, and 401 with a JSON body.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use healthdash_sandbox::humanapi::data::RecordType;
use healthdash_sandbox::{HumanApiConfig, HumanApiFake, RunningFake};
use reqwest::{Client, StatusCode};
use serde_json::Value;
use url::Url;

const REDIRECT: &str = "http://127.0.0.1:53682/callback";

async fn start() -> RunningFake<HumanApiFake> {
    RunningFake::start_humanapi(HumanApiConfig {
        until: NaiveDate::from_ymd_opt(2025, 4, 15).unwrap(),
        days: 30,
        ..HumanApiConfig::default()
    })
    .await
    .unwrap()
}

/// A code from the sign-in page, Approve pressed.
async fn code(fake: &RunningFake<HumanApiFake>) -> String {
    let mut url = fake.authorize_url();
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", &fake.config().client_id)
        .append_pair("redirect_uri", REDIRECT)
        .append_pair("state", "s-1");
    let location = healthdash_sandbox::browser::approve(url.as_str())
        .await
        .unwrap();
    let back = Url::parse(&location).unwrap();
    assert!(location.starts_with(REDIRECT), "{location}");
    assert!(back.query_pairs().any(|(k, v)| k == "state" && v == "s-1"));
    back.query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .into_owned()
}

async fn token(
    client: &Client,
    fake: &RunningFake<HumanApiFake>,
    form: &[(&str, &str)],
    basic: bool,
) -> (StatusCode, Value) {
    let mut request = client.post(fake.token_url());
    let mut form: Vec<(&str, &str)> = form.to_vec();
    let config = fake.config();
    if basic {
        request = request.basic_auth(&config.client_id, Some(&config.client_secret));
    } else {
        form.push(("client_id", &config.client_id));
        form.push(("client_secret", &config.client_secret));
    }
    let answer = request.form(&form).send().await.unwrap();
    (answer.status(), answer.json().await.unwrap())
}

#[tokio::test]
async fn sign_in_by_basic_or_form_and_refresh_tokens_rotate() {
    let fake = start().await;
    let client = Client::new();
    let code = code(&fake).await;
    let (status, first) = token(
        &client,
        &fake,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
        ],
        true,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!(first["expires_in"], 86_400);
    assert_eq!(first["token_type"], "Bearer");
    // The code is single use.
    let (status, again) = token(
        &client,
        &fake,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
        ],
        false,
    )
    .await;
    assert_eq!(
        (status, again["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_grant"))
    );

    let old = first["refresh_token"].as_str().unwrap();
    let (status, second) = token(
        &client,
        &fake,
        &[("grant_type", "refresh_token"), ("refresh_token", old)],
        false,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{second}");
    assert_ne!(second["refresh_token"], first["refresh_token"]);
    // Rotated: the old refresh token is refused as RFC 6749 says.
    let (status, refused) = token(
        &client,
        &fake,
        &[("grant_type", "refresh_token"), ("refresh_token", old)],
        false,
    )
    .await;
    assert_eq!(
        (status, refused["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_grant"))
    );
    // A wrong secret is an unknown client.
    let answer = client
        .post(fake.token_url())
        .basic_auth(&fake.config().client_id, Some("wrong"))
        .form(&[("grant_type", "refresh_token"), ("refresh_token", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn readings_page_with_link_and_total_and_expired_tokens_get_401_json() {
    let fake = start().await;
    let client = Client::new();
    let code = code(&fake).await;
    let (_, tokens) = token(
        &client,
        &fake,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
        ],
        false,
    )
    .await;
    let access = tokens["access_token"].as_str().unwrap();
    let url = fake
        .api_base_url()
        .join("v1/human/heart_rate/readings")
        .unwrap();
    // The token as a query parameter, as the document allows.
    let answer = client
        .get(url.clone())
        .query(&[("access_token", access), ("limit", "10"), ("offset", "20")])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let total = fake.data().records(RecordType::HeartRate).len();
    let headers = answer.headers().clone();
    assert_eq!(
        headers["x-total-count"].to_str().unwrap(),
        total.to_string()
    );
    let link = headers["link"].to_str().unwrap().to_owned();
    assert!(link.contains("offset=30>; rel=\"next\""), "{link}");
    assert!(link.contains("offset=10>; rel=\"prev\""), "{link}");
    assert!(link.contains("offset=0>; rel=\"first\""), "{link}");
    let page: Vec<Value> = answer.json().await.unwrap();
    assert_eq!(page.len(), 10);
    for field in [
        "id",
        "timestamp",
        "tzOffset",
        "value",
        "unit",
        "source",
        "createdAt",
        "updatedAt",
        "humanId",
    ] {
        assert!(page[0].get(field).is_some(), "{field} in {}", page[0]);
    }
    // updated_since in the document's format: strictly after.
    let newest = fake
        .data()
        .records(RecordType::Weight)
        .iter()
        .map(|r| r.updated_at)
        .max()
        .unwrap();
    let since = newest.format("%Y%m%dT%H%M%SZ").to_string();
    let none: Vec<Value> = client
        .get(
            fake.api_base_url()
                .join("v1/human/weight/readings")
                .unwrap(),
        )
        .bearer_auth(access)
        .query(&[("updated_since", since.as_str())])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(none.is_empty(), "{none:?}");

    fake.faults().expire_access_tokens();
    let expired = client.get(url).bearer_auth(access).send().await.unwrap();
    assert_eq!(expired.status(), StatusCode::UNAUTHORIZED);
    let body: Value = expired.json().await.unwrap();
    assert_eq!(body["statusCode"], 401);
}
