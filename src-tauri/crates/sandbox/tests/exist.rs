//! The fake Exist server, driven over HTTP with reqwest as a client would:
//! sign-in, rotation, scopes, paging, nulls, the day limit and the budget.

// Test helpers panic on purpose: a failed step is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use healthdash_sandbox::browser::approve;
use healthdash_sandbox::{ExistConfig, ExistFake, RunningFake};
use reqwest::{Client, StatusCode};
use serde_json::Value;

const REDIRECT: &str = "http://127.0.0.1:53682/callback";

fn config() -> ExistConfig {
    ExistConfig {
        until: NaiveDate::from_ymd_opt(2025, 4, 15).unwrap(),
        days: 60,
        max_page_size: 4,
        ..ExistConfig::default()
    }
}

/// Signs in with `scope`; returns the token answer.
async fn sign_in(fake: &RunningFake<ExistFake>, scope: &str) -> Value {
    let mut url = fake.authorize_url();
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", &fake.config().client_id)
        .append_pair("redirect_uri", REDIRECT)
        .append_pair("scope", scope)
        .append_pair("state", "s1");
    let location = approve(url.as_str()).await.unwrap();
    let back = url::Url::parse(&location).unwrap();
    let code = back
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .into_owned();
    assert!(back.query_pairs().any(|(k, v)| k == "state" && v == "s1"));
    token(
        fake,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
        ],
    )
    .await
    .1
}

async fn token(fake: &RunningFake<ExistFake>, form: &[(&str, &str)]) -> (StatusCode, Value) {
    let mut form: Vec<(&str, &str)> = form.to_vec();
    form.push(("client_id", &fake.config().client_id));
    form.push(("client_secret", &fake.config().client_secret));
    let answer = Client::new()
        .post(fake.token_url())
        .form(&form)
        .send()
        .await
        .unwrap();
    (answer.status(), answer.json().await.unwrap())
}

async fn get(url: &str, access: &str) -> (StatusCode, Value) {
    let answer = Client::new()
        .get(url)
        .bearer_auth(access)
        .send()
        .await
        .unwrap();
    let status = answer.status();
    (status, answer.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn sign_in_rotation_and_a_page_chain_with_nulls() {
    let fake = RunningFake::start_exist(config()).await.unwrap();
    let tokens = sign_in(&fake, "activity_read health_read sleep_read").await;
    assert_eq!(tokens["expires_in"], 31_535_999);
    assert_eq!(tokens["scope"], "activity_read health_read sleep_read");
    let access = tokens["access_token"].as_str().unwrap().to_owned();
    let base = fake.api_base_url();

    let (status, profile) = get(base.join("accounts/profile/").unwrap().as_str(), &access).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(profile["timezone"], "Europe/Paris");

    // Mood is outside the granted groups: not served. Pages follow `next`.
    let mut url = format!(
        "{}?attributes=steps,weight,mood,sleep,heartrate,heartrate_resting,active_energy,body_fat&days=31&date_max=2025-04-15",
        base.join("attributes/with-values/").unwrap()
    );
    let mut names = Vec::new();
    loop {
        let (status, page) = get(&url, &access).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert_eq!(page["count"], 7);
        for a in page["results"].as_array().unwrap() {
            names.push(a["name"].as_str().unwrap().to_owned());
            let values = a["values"].as_array().unwrap();
            assert_eq!(values.len(), 31);
            assert_eq!(values[0]["date"], "2025-04-15", "newest first");
            if a["name"] == "weight" {
                // Weigh-ins are not daily: the other days are `null`, not left out.
                assert!(values.iter().any(|v| v["value"].is_null()));
            }
        }
        match page["next"].as_str() {
            Some(next) => url = next.to_owned(),
            None => break,
        }
    }
    assert_eq!(names.len(), 7);
    assert!(!names.contains(&"mood".to_owned()));
    // More than 31 days is refused.
    let (status, body) = get(
        &format!("{}?days=32", base.join("attributes/with-values/").unwrap()),
        &access,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");

    // A refresh kills the old pair at once.
    let refresh = tokens["refresh_token"].as_str().unwrap();
    let (status, fresh) = token(
        &fake,
        &[("grant_type", "refresh_token"), ("refresh_token", refresh)],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = get(base.join("accounts/profile/").unwrap().as_str(), &access).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, body) = token(
        &fake,
        &[("grant_type", "refresh_token"), ("refresh_token", refresh)],
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_grant"))
    );
    let (status, _) = get(
        base.join("accounts/profile/").unwrap().as_str(),
        fresh["access_token"].as_str().unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn the_hourly_budget_answers_429_with_retry_after() {
    let fake = RunningFake::start_exist(ExistConfig {
        rate_limit_per_hour: 3,
        ..config()
    })
    .await
    .unwrap();
    let tokens = sign_in(&fake, "activity_read").await;
    let access = tokens["access_token"].as_str().unwrap();
    let profile = fake.api_base_url().join("accounts/profile/").unwrap();
    for _ in 0..3 {
        assert_eq!(get(profile.as_str(), access).await.0, StatusCode::OK);
    }
    let answer = Client::new()
        .get(profile)
        .bearer_auth(access)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = answer.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((3_000..=3_600).contains(&wait), "{wait}");
}

#[tokio::test]
async fn v1_scopes_are_refused() {
    let fake = RunningFake::start_exist(config()).await.unwrap();
    let mut url = fake.authorize_url();
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", &fake.config().client_id)
        .append_pair("redirect_uri", REDIRECT)
        .append_pair("scope", "read write")
        .append_pair("state", "s");
    let page = Client::new().get(url).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::BAD_REQUEST);
    assert!(page.text().await.unwrap().contains("invalid_scope"));
}
