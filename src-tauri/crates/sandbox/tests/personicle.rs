//! The fake Personicle, driven over HTTP as a client would: the implicit
//! sign-in with the token in the fragment, and the API's odd answers.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use healthdash_sandbox::personicle::data::{HEART_RATE, WEIGHT};
use healthdash_sandbox::{PersonicleConfig, PersonicleFake, RunningFake};
use reqwest::StatusCode;
use serde_json::{Value, json};
use url::Url;

const REDIRECT: &str = "http://127.0.0.1:53682/callback";
const SCOPE: &str =
    "openid profile email com.personicle.individual.datastreams.heartrate events.read";
/// 2026-11-20T14:05:00Z
const UNTIL: i64 = 1_795_183_500;

async fn start() -> RunningFake<PersonicleFake> {
    RunningFake::start_personicle(PersonicleConfig {
        until: UNTIL,
        days: 10,
        ..PersonicleConfig::default()
    })
    .await
    .unwrap()
}

fn authorize_url(fake: &RunningFake<PersonicleFake>, extra: &[(&str, &str)]) -> String {
    let mut url = fake.authorize_url();
    url.query_pairs_mut()
        .append_pair("client_id", &fake.config().client_id)
        .append_pair("redirect_uri", REDIRECT)
        .append_pair("response_type", "token")
        .append_pair("state", "s1");
    for (k, v) in extra {
        url.query_pairs_mut().append_pair(k, v);
    }
    url.to_string()
}

fn fragment(location: &str) -> Vec<(String, String)> {
    let url = Url::parse(location).unwrap();
    url::form_urlencoded::parse(url.fragment().unwrap_or("").as_bytes())
        .into_owned()
        .collect()
}

fn param<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs.iter().find(|(n, _)| n == name).map_or("", |(_, v)| v)
}

async fn sign_in(fake: &RunningFake<PersonicleFake>, scope: &str) -> String {
    let url = authorize_url(fake, &[("scope", scope), ("nonce", "n1")]);
    let location = healthdash_sandbox::browser::approve(&url).await.unwrap();
    assert!(location.starts_with(REDIRECT), "{location}");
    let pairs = fragment(&location);
    assert_eq!(param(&pairs, "state"), "s1");
    assert_eq!(param(&pairs, "token_type"), "Bearer");
    assert_eq!(param(&pairs, "expires_in"), "3600");
    param(&pairs, "access_token").to_owned()
}

async fn read(
    fake: &RunningFake<PersonicleFake>,
    token: &str,
    path: &str,
    query: &[(&str, &str)],
) -> (StatusCode, Value) {
    let url = fake.api_base_url().join(path).unwrap();
    let response = reqwest::Client::new()
        .get(url)
        .query(query)
        .header("Authorization", format!("Bearer {token}"))
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn the_token_comes_back_in_the_fragment_and_reads_the_api() {
    let fake = start().await;
    let token = sign_in(&fake, SCOPE).await;
    let window = [
        ("datatype", HEART_RATE),
        ("startTime", "2026-11-19 00:00:00.000000"),
        ("endTime", "2026-11-19 01:00:00.000000"),
    ];
    let (status, body) = read(&fake, &token, "api/data/read/datastreams", &window).await;
    assert_eq!(status, StatusCode::OK);
    let samples = body.as_array().unwrap();
    // Every 10 minutes, both ends included.
    assert_eq!(samples.len(), 7);
    assert_eq!(samples[0]["timestamp"], json!("2026-11-19T00:00:00"));
    assert_eq!(samples[0]["unit"], json!("bpm"));
    assert_eq!(samples[6]["timestamp"], json!("2026-11-19T01:00:00"));
    for key in ["individual_id", "source", "value", "confidence"] {
        assert!(samples[0].get(key).is_some(), "{key}");
    }
}

#[tokio::test]
async fn personicles_error_shapes() {
    let fake = start().await;
    let token = sign_in(&fake, SCOPE).await;
    // No fraction: the handler's ("Invalid request", 422) tuple, as HTTP 200.
    let no_fraction = [
        ("startTime", "2026-11-19 00:00:00"),
        ("endTime", "2026-11-19 01:00:00.000000"),
    ];
    let (status, body) = read(&fake, &token, "api/data/read/events", &no_fraction).await;
    assert_eq!(
        (status, body),
        (StatusCode::OK, json!(["Invalid request", 422]))
    );
    // A scope the token lacks.
    let weight = [
        ("datatype", WEIGHT),
        ("startTime", "2026-11-19 00:00:00.0"),
        ("endTime", "2026-11-19 01:00:00.0"),
    ];
    let (status, body) = read(&fake, &token, "api/data/read/datastreams", &weight).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body, json!("You do not have access to requested scopes"));
    // An expired token: a JSON string.
    fake.faults().expire_tokens();
    let (status, body) = read(&fake, &token, "api/data/read/events", &weight[1..]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body, json!("Bearer token not present in request"));
}

#[tokio::test]
async fn sign_in_errors_go_back_in_the_fragment() {
    let fake = start().await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    // Okta requires a nonce for the token response type.
    let response = client
        .get(authorize_url(&fake, &[("scope", SCOPE)]))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let pairs = fragment(&location);
    assert_eq!(param(&pairs, "error"), "invalid_request");
    assert!(param(&pairs, "error_description").contains("\"nonce\" parameter is required"));
    assert_eq!(param(&pairs, "state"), "s1");
    // An unknown client gets Okta's error page, not a redirect.
    let mut url = Url::parse(&authorize_url(&fake, &[("scope", SCOPE), ("nonce", "n")])).unwrap();
    let query: Vec<(String, String)> = url
        .query_pairs()
        .into_owned()
        .map(|(k, v)| {
            if k == "client_id" {
                (k, "nobody".into())
            } else {
                (k, v)
            }
        })
        .collect();
    url.query_pairs_mut().clear().extend_pairs(query);
    let response = client.get(url).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}
