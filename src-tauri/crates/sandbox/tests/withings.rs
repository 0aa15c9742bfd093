//! The fake Withings server, driven over HTTP with reqwest as a client would.

// Test helpers panic on purpose: a failed step is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::time::Duration;

use chrono::NaiveDate;
use healthdash_sandbox::{FaultKind, NewMeasureGroup, RunningFake, WithingsConfig, meastype};
use reqwest::{Client, StatusCode, redirect};
use serde_json::{Value, json};
use url::Url;

const REDIRECT: &str = "http://127.0.0.1:53682/callback";
const ALL_SCOPES: &str = "user.info,user.metrics,user.activity";

fn until() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 1).unwrap()
}

fn config() -> WithingsConfig {
    WithingsConfig {
        until: until(),
        ..WithingsConfig::default()
    }
}

async fn start(config: WithingsConfig) -> (RunningFake, Client) {
    let fake = RunningFake::start_withings(config).await.unwrap();
    let client = Client::builder()
        .redirect(redirect::Policy::none())
        .build()
        .unwrap();
    (fake, client)
}

/// Opens the sign-in page, submits the form, returns the redirect `Location`.
async fn authorize(
    fake: &RunningFake,
    client: &Client,
    extra: &[(&str, &str)],
    decision: &str,
) -> Url {
    let mut url = fake.authorize_url();
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", "healthdash-sandbox")
        .append_pair("scope", ALL_SCOPES)
        .append_pair("redirect_uri", REDIRECT)
        .append_pair("state", "st&te/1 ?");
    for (k, v) in extra {
        url.query_pairs_mut().append_pair(k, v);
    }
    let page = client.get(url).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("Healthdash wants to read: user.info, user.metrics, user.activity"));
    let mut form = healthdash_sandbox::browser::hidden_inputs(&html);
    form.push(("decision".into(), decision.into()));
    let post = client
        .post(fake.authorize_url())
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(post.status(), StatusCode::SEE_OTHER);
    Url::parse(post.headers()["location"].to_str().unwrap()).unwrap()
}

fn query(url: &Url, key: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}

async fn token_call(fake: &RunningFake, client: &Client, form: &[(&str, &str)]) -> Value {
    let r = client
        .post(fake.token_url())
        .form(form)
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::OK,
        "token calls are always HTTP 200"
    );
    r.json().await.unwrap()
}

async fn exchange(
    fake: &RunningFake,
    client: &Client,
    code: &str,
    verifier: Option<&str>,
) -> Value {
    let mut form = vec![
        ("action", "requesttoken"),
        ("grant_type", "authorization_code"),
        ("client_id", "healthdash-sandbox"),
        ("client_secret", "sandbox-secret"),
        ("code", code),
        ("redirect_uri", REDIRECT),
    ];
    if let Some(v) = verifier {
        form.push(("code_verifier", v));
    }
    token_call(fake, client, &form).await
}

async fn refresh(fake: &RunningFake, client: &Client, refresh_token: &str) -> Value {
    token_call(
        fake,
        client,
        &[
            ("action", "requesttoken"),
            ("grant_type", "refresh_token"),
            ("client_id", "healthdash-sandbox"),
            ("client_secret", "sandbox-secret"),
            ("refresh_token", refresh_token),
        ],
    )
    .await
}

/// Signs in and returns the access token.
async fn sign_in(fake: &RunningFake, client: &Client) -> (String, String) {
    let location = authorize(fake, client, &[], "approve").await;
    let code = query(&location, "code").unwrap();
    let body = exchange(fake, client, &code, None).await;
    assert_eq!(body["status"], 0, "{body}");
    let access = body["body"]["access_token"].as_str().unwrap().to_string();
    let refresh = body["body"]["refresh_token"].as_str().unwrap().to_string();
    (access, refresh)
}

async fn api_raw(
    fake: &RunningFake,
    client: &Client,
    token: &str,
    path: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    let url = fake.api_base_url().join(path).unwrap();
    client
        .post(url)
        .bearer_auth(token)
        .form(form)
        .send()
        .await
        .unwrap()
}

async fn api(
    fake: &RunningFake,
    client: &Client,
    token: &str,
    path: &str,
    form: &[(&str, &str)],
) -> Value {
    let r = api_raw(fake, client, token, path, form).await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

fn is_more(v: &Value) -> bool {
    v.as_bool().unwrap_or_else(|| v.as_i64().unwrap() == 1)
}

#[tokio::test]
async fn sign_in_form_redirects_with_code_and_echoed_state() {
    let (fake, client) = start(config()).await;
    let location = authorize(&fake, &client, &[], "approve").await;
    assert_eq!(location.as_str().split('?').next().unwrap(), REDIRECT);
    assert_eq!(query(&location, "state").unwrap(), "st&te/1 ?");
    assert_eq!(query(&location, "code").unwrap().len(), 40);

    let denied = authorize(&fake, &client, &[], "deny").await;
    assert_eq!(query(&denied, "error").unwrap(), "access_denied");
    assert_eq!(query(&denied, "state").unwrap(), "st&te/1 ?");
    assert!(query(&denied, "code").is_none());
}

#[tokio::test]
async fn authorize_refuses_bad_requests_with_an_error_page() {
    let (fake, client) = start(WithingsConfig {
        allow_loopback_redirect: false,
        ..config()
    })
    .await;
    let page = |pairs: Vec<(&'static str, &'static str)>| {
        let mut url = fake.authorize_url();
        url.query_pairs_mut().extend_pairs(pairs);
        client.get(url).send()
    };
    let base = vec![
        ("response_type", "code"),
        ("client_id", "healthdash-sandbox"),
        ("scope", "user.metrics"),
        ("state", "s"),
    ];
    let loopback = page([base.clone(), vec![("redirect_uri", REDIRECT)]].concat())
        .await
        .unwrap();
    assert_eq!(loopback.status(), StatusCode::BAD_REQUEST);
    assert!(loopback.text().await.unwrap().contains("must use https"));
    let https = page(
        [
            base.clone(),
            vec![("redirect_uri", "https://example.com/cb")],
        ]
        .concat(),
    )
    .await
    .unwrap();
    assert_eq!(https.status(), StatusCode::OK);
    let spaces = page(vec![
        ("response_type", "code"),
        ("client_id", "healthdash-sandbox"),
        ("scope", "user.info user.metrics"),
        ("state", "s"),
        ("redirect_uri", "https://example.com/cb"),
    ])
    .await
    .unwrap();
    assert_eq!(spaces.status(), StatusCode::BAD_REQUEST);
    assert!(spaces.text().await.unwrap().contains("comma-separated"));
    let client_id = page(vec![
        ("response_type", "code"),
        ("client_id", "someone-else"),
        ("scope", "user.info"),
        ("state", "s"),
        ("redirect_uri", "https://example.com/cb"),
    ])
    .await
    .unwrap();
    assert_eq!(client_id.status(), StatusCode::BAD_REQUEST);
    assert!(
        client_id
            .text()
            .await
            .unwrap()
            .contains("unknown client_id")
    );
}

#[tokio::test]
async fn code_is_single_use_and_short_lived() {
    let (fake, client) = start(WithingsConfig {
        code_ttl: Duration::from_millis(300),
        ..config()
    })
    .await;
    let code = query(&authorize(&fake, &client, &[], "approve").await, "code").unwrap();
    let ok = exchange(&fake, &client, &code, None).await;
    assert_eq!(ok["status"], 0);
    let body = &ok["body"];
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 10800);
    assert_eq!(body["scope"], ALL_SCOPES);
    assert!(body["userid"].is_string() && body["csrf_token"].is_string());

    let reused = exchange(&fake, &client, &code, None).await;
    assert_eq!(
        reused,
        json!({"status": 503, "body": {}, "error": "Invalid Params: invalid code"})
    );

    let late = query(&authorize(&fake, &client, &[], "approve").await, "code").unwrap();
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(exchange(&fake, &client, &late, None).await["status"], 503);

    let missing_action = token_call(&fake, &client, &[("grant_type", "authorization_code")]).await;
    assert_eq!(missing_action["error"], "Invalid Params: action");
}

#[tokio::test]
async fn redirect_uri_and_secret_must_match() {
    let (fake, client) = start(config()).await;
    let code = query(&authorize(&fake, &client, &[], "approve").await, "code").unwrap();
    let wrong_redirect = token_call(
        &fake,
        &client,
        &[
            ("action", "requesttoken"),
            ("grant_type", "authorization_code"),
            ("client_id", "healthdash-sandbox"),
            ("client_secret", "sandbox-secret"),
            ("code", &code),
            ("redirect_uri", "http://127.0.0.1:1/other"),
        ],
    )
    .await;
    assert_eq!(
        wrong_redirect["error"],
        "Invalid Params: redirect_uri mismatch"
    );
    let code = query(&authorize(&fake, &client, &[], "approve").await, "code").unwrap();
    let wrong_secret = token_call(
        &fake,
        &client,
        &[
            ("action", "requesttoken"),
            ("grant_type", "authorization_code"),
            ("client_id", "healthdash-sandbox"),
            ("client_secret", "nope"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
        ],
    )
    .await;
    assert_eq!(wrong_secret["status"], 503);
}

#[tokio::test]
async fn pkce_is_checked_when_a_challenge_was_sent() {
    let (fake, client) = start(config()).await;
    // Verifier and S256 challenge computed independently (Python hashlib).
    let verifier = "dBjftJeZ4CVP-mJ92IxXQ1aTBTlFBbE2nQdvGu6fBWE";
    let challenge = "Ndoao9at-SwlC-vhTrml3TDDR69MfusJavCbsW_fz7s";
    let pkce = [
        ("code_challenge", challenge),
        ("code_challenge_method", "S256"),
    ];

    let code = query(&authorize(&fake, &client, &pkce, "approve").await, "code").unwrap();
    let wrong = exchange(
        &fake,
        &client,
        &code,
        Some("not-the-verifier-not-the-verifier-not-the-v"),
    )
    .await;
    assert_eq!(wrong["error"], "Invalid Params: invalid code_verifier");

    let code = query(&authorize(&fake, &client, &pkce, "approve").await, "code").unwrap();
    assert_eq!(exchange(&fake, &client, &code, None).await["status"], 503);

    let code = query(&authorize(&fake, &client, &pkce, "approve").await, "code").unwrap();
    assert_eq!(
        exchange(&fake, &client, &code, Some(verifier)).await["status"],
        0
    );
}

#[tokio::test]
async fn refresh_tokens_rotate_and_the_old_one_dies_on_first_use_of_the_new_access_token() {
    let (fake, client) = start(config()).await;
    let (_, first_refresh) = sign_in(&fake, &client).await;
    let second = refresh(&fake, &client, &first_refresh).await;
    assert_eq!(second["status"], 0);
    let second_refresh = second["body"]["refresh_token"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(second_refresh, first_refresh);
    // Before the new access token is used, the old refresh token still works.
    let third = refresh(&fake, &client, &first_refresh).await;
    assert_eq!(third["status"], 0);
    let third_access = third["body"]["access_token"].as_str().unwrap();
    let devices = api(
        &fake,
        &client,
        third_access,
        "/v2/user",
        &[("action", "getdevice")],
    )
    .await;
    assert_eq!(devices["status"], 0);
    let models: Vec<&str> = devices["body"]["devices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["model"].as_str().unwrap())
        .collect();
    assert_eq!(
        models,
        ["Body+", "ScanWatch", "Sleep Analyzer", "BPM Connect"]
    );
    // Now it is dead.
    let dead = refresh(&fake, &client, &first_refresh).await;
    assert_eq!(dead["error"], "Invalid Params: invalid refresh_token");
    assert_eq!(refresh(&fake, &client, &second_refresh).await["status"], 0);
}

#[tokio::test]
async fn getmeas_pages_cover_every_group_once_newest_first() {
    let (fake, client) = start(WithingsConfig {
        page_size: 97,
        ..config()
    })
    .await;
    let (token, _) = sign_in(&fake, &client).await;
    let mut seen = Vec::new();
    let mut offset = 0;
    let mut more_kinds = BTreeSet::new();
    loop {
        let off = offset.to_string();
        let r = api(
            &fake,
            &client,
            &token,
            "/measure",
            &[("action", "getmeas"), ("offset", &off)],
        )
        .await;
        assert_eq!(r["status"], 0);
        let body = &r["body"];
        assert_eq!(body["timezone"], "Europe/Paris");
        more_kinds.insert(if body["more"].is_boolean() {
            "bool"
        } else {
            "int"
        });
        for g in body["measuregrps"].as_array().unwrap() {
            seen.push((g["date"].as_i64().unwrap(), g["grpid"].as_u64().unwrap()));
        }
        if !is_more(&body["more"]) {
            break;
        }
        offset = body["offset"].as_u64().unwrap();
    }
    assert!(seen.windows(2).all(|w| w[0] >= w[1]), "newest first");
    let served: BTreeSet<u64> = seen.iter().map(|(_, id)| *id).collect();
    assert_eq!(served.len(), seen.len(), "no group twice");
    let truth: BTreeSet<u64> = fake
        .data()
        .measure_groups()
        .iter()
        .map(|g| g.grpid)
        .collect();
    assert_eq!(served, truth);
    assert_eq!(more_kinds.len(), 2, "`more` comes as int and as boolean");
    let calls = fake
        .requests()
        .iter()
        .filter(|r| r.action.as_deref() == Some("getmeas"))
        .count();
    assert_eq!(calls, truth.len().div_ceil(97));
}

#[tokio::test]
async fn known_weigh_in_and_filters() {
    let (fake, client) = start(config()).await;
    let (token, _) = sign_in(&fake, &client).await;
    // 2025-01-16 in Paris.
    let r = api(
        &fake,
        &client,
        &token,
        "/measure",
        &[
            ("action", "getmeas"),
            ("meastypes", "1,6"),
            ("category", "1"),
            ("startdate", "1736982000"),
            ("enddate", "1737068399"),
        ],
    )
    .await;
    let groups = r["body"]["measuregrps"].as_array().unwrap();
    assert_eq!(groups.len(), 1, "{r}");
    let g = &groups[0];
    assert_eq!(g["grpid"], 4_302_287_180_u64);
    assert_eq!(g["date"], 1_737_004_568);
    assert_eq!(g["attrib"], 0);
    assert_eq!(g["model"], "Body+");
    let measures = g["measures"].as_array().unwrap();
    assert_eq!(measures.len(), 2, "only the asked types");
    assert_eq!(
        measures[0],
        json!({"value": 80660, "type": 1, "unit": -3, "algo": 0, "fm": 131})
    );
    assert_eq!(measures[1], json!({"value": 19219, "type": 6, "unit": -3}));

    let objectives = api(
        &fake,
        &client,
        &token,
        "/measure",
        &[("action", "getmeas"), ("category", "2")],
    )
    .await;
    let objectives = objectives["body"]["measuregrps"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(objectives.len(), 3);
    assert!(objectives.iter().all(|g| g["category"] == 2));
}

#[tokio::test]
async fn lastupdate_returns_a_corrected_group_with_the_same_grpid() {
    let (fake, client) = start(config()).await;
    let (token, _) = sign_in(&fake, &client).await;
    // A sync a few seconds ago; corrections are stamped with the current second.
    let now = (chrono::Utc::now().timestamp() - 5).to_string();
    let none = api(
        &fake,
        &client,
        &token,
        "/measure",
        &[("action", "getmeas"), ("lastupdate", &now)],
    )
    .await;
    assert_eq!(none["body"]["measuregrps"], json!([]));

    let target = fake.data().weighings()[100].grpid;
    fake.faults()
        .correct_measure(target, meastype::WEIGHT, 81_234)
        .unwrap();
    let again = api(
        &fake,
        &client,
        &token,
        "/measure",
        &[("action", "getmeas"), ("lastupdate", &now)],
    )
    .await;
    let groups = again["body"]["measuregrps"].as_array().unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0]["grpid"], target);
    assert_eq!(groups[0]["measures"][0]["value"], 81_234);

    let added = fake.faults().add_measure_group(NewMeasureGroup {
        measures: vec![healthdash_sandbox::Measure::new(
            meastype::WEIGHT,
            79_990,
            -3,
        )],
        ..NewMeasureGroup::default()
    });
    let newer = api(
        &fake,
        &client,
        &token,
        "/measure",
        &[("action", "getmeas"), ("lastupdate", &now)],
    )
    .await;
    let ids: Vec<u64> = newer["body"]["measuregrps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["grpid"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, [added.grpid, target]);
}

#[tokio::test]
async fn activity_rows_carry_the_day_timezone_and_fields() {
    let (fake, client) = start(config()).await;
    let (token, _) = sign_in(&fake, &client).await;
    let r = api(
        &fake,
        &client,
        &token,
        "/v2/measure",
        &[
            ("action", "getactivity"),
            ("startdateymd", "2025-03-08"),
            ("enddateymd", "2025-03-30"),
        ],
    )
    .await;
    let rows = r["body"]["activities"].as_array().unwrap();
    assert_eq!(rows.len(), 23);
    let row = |date: &str| rows.iter().find(|a| a["date"] == date).unwrap();
    // US DST day, in New York; EU DST day, at home.
    assert_eq!(row("2025-03-09")["timezone"], "America/New_York");
    assert_eq!(row("2025-03-09")["steps"], 14219);
    assert_eq!(row("2025-03-30")["timezone"], "Europe/Paris");
    assert_eq!(row("2025-03-15")["timezone"], "Europe/Paris");
    for a in rows {
        assert!(a["calories"].as_f64().unwrap() < a["totalcalories"].as_f64().unwrap());
    }
    let slim = api(
        &fake,
        &client,
        &token,
        "/v2/measure",
        &[
            ("action", "getactivity"),
            ("startdateymd", "2025-03-09"),
            ("enddateymd", "2025-03-09"),
            ("data_fields", "steps,calories"),
        ],
    )
    .await;
    let row = &slim["body"]["activities"][0];
    assert_eq!(row["steps"], 14219);
    assert!(row.get("totalcalories").is_none() && row.get("distance").is_none());
    assert_eq!(row["date"], "2025-03-09");

    let missing = api(
        &fake,
        &client,
        &token,
        "/v2/measure",
        &[("action", "getactivity")],
    )
    .await;
    assert_eq!(missing["status"], 503);
}

#[tokio::test]
async fn intraday_and_sleep_get_return_only_the_first_24_hours() {
    let (fake, client) = start(config()).await;
    let (token, _) = sign_in(&fake, &client).await;
    let start: i64 = 1_736_982_000; // 2025-01-16 00:00 Paris
    let (s, e) = (start.to_string(), (start + 3 * 86_400).to_string());
    let r = api(
        &fake,
        &client,
        &token,
        "/v2/measure",
        &[
            ("action", "getintradayactivity"),
            ("startdate", &s),
            ("enddate", &e),
        ],
    )
    .await;
    let series = r["body"]["series"].as_object().unwrap();
    let keys: Vec<i64> = series.keys().map(|k| k.parse().unwrap()).collect();
    assert!(keys.iter().all(|k| *k >= start && *k <= start + 86_400));
    let truth = fake.data().intraday_between(start, start + 86_400);
    assert_eq!(keys.len(), truth.len());
    let steps: u64 = series.values().map(|v| v["steps"].as_u64().unwrap()).sum();
    let day = fake
        .data()
        .activity_day(NaiveDate::from_ymd_opt(2025, 1, 16).unwrap())
        .unwrap();
    assert_eq!(steps, u64::from(day.steps));
    assert!(series.values().any(|v| v.get("heart_rate").is_some()));

    let noon = (start + 12 * 3600).to_string();
    let later = (start + 12 * 3600 + 5 * 86_400).to_string();
    let sleep = api(
        &fake,
        &client,
        &token,
        "/v2/sleep",
        &[
            ("action", "get"),
            ("startdate", &noon),
            ("enddate", &later),
            ("data_fields", "hr,rr,snoring"),
        ],
    )
    .await;
    let stages = sleep["body"]["series"].as_array().unwrap();
    let night = fake
        .data()
        .nights()
        .iter()
        .find(|n| n.date == NaiveDate::from_ymd_opt(2025, 1, 17).unwrap())
        .unwrap();
    assert_eq!(
        stages.len(),
        night.stages.len(),
        "one night in the first 24 h"
    );
    assert!(
        stages
            .iter()
            .all(|s| s["startdate"].as_i64().unwrap() <= start + 12 * 3600 + 86_400)
    );
    assert!(stages[1]["hr"].as_object().is_some_and(|m| !m.is_empty()));
    assert_eq!(sleep["body"]["model"], 32);
}

#[tokio::test]
async fn sleep_summary_matches_the_stages_and_has_not_computed_values() {
    let (fake, client) = start(config()).await;
    let (token, _) = sign_in(&fake, &client).await;
    let r = api(
        &fake,
        &client,
        &token,
        "/v2/sleep",
        &[
            ("action", "getsummary"),
            ("startdateymd", "2025-01-01"),
            ("enddateymd", "2025-03-01"),
        ],
    )
    .await;
    let series = r["body"]["series"].as_array().unwrap();
    assert_eq!(series.len(), 60);
    let n = series.iter().find(|n| n["date"] == "2025-01-15").unwrap();
    assert_eq!(n["data"]["total_timeinbed"], 23_700);
    assert_eq!(n["data"]["deepsleepduration"], 3_120);
    assert_eq!(
        n["enddate"].as_i64().unwrap() - n["startdate"].as_i64().unwrap(),
        23_700
    );
    assert!(series.iter().any(|n| n["data"]["sleep_score"] == -1));
    let w = api(
        &fake,
        &client,
        &token,
        "/v2/measure",
        &[
            ("action", "getworkouts"),
            ("startdateymd", "2025-01-01"),
            ("enddateymd", "2025-01-31"),
        ],
    )
    .await;
    let workouts = w["body"]["series"].as_array().unwrap();
    assert!((10..=16).contains(&workouts.len()), "{}", workouts.len());
    assert!(
        workouts
            .iter()
            .all(|w| w["data"]["calories"].as_u64().unwrap() > 0)
    );
}

#[tokio::test]
async fn wrong_action_or_service_is_2554_and_bad_token_is_401() {
    let (fake, client) = start(config()).await;
    let (token, _) = sign_in(&fake, &client).await;
    let unknown = api(
        &fake,
        &client,
        &token,
        "/v2/measure",
        &[("action", "getsomething")],
    )
    .await;
    assert_eq!(unknown["status"], 2554);
    let wrong_path = api(
        &fake,
        &client,
        &token,
        "/v2/measure",
        &[("action", "getmeas")],
    )
    .await;
    assert_eq!(wrong_path["status"], 2554, "getmeas is not under /v2");
    let bad = api(
        &fake,
        &client,
        "0123456789abcdef",
        "/measure",
        &[("action", "getmeas")],
    )
    .await;
    assert_eq!(
        bad,
        json!({"status": 401, "body": {}, "error": "XRequestID: Not provided invalid_token: The access token provided is invalid"})
    );
    // The access_token parameter and GET work too.
    let mut url = fake.api_base_url().join("/v2/user").unwrap();
    url.query_pairs_mut()
        .append_pair("action", "getdevice")
        .append_pair("access_token", &token);
    let r: Value = client.get(url).send().await.unwrap().json().await.unwrap();
    assert_eq!(r["status"], 0);
}

#[tokio::test]
async fn every_fault_switch_is_observable() {
    let (fake, client) = start(config()).await;
    let (token, refresh_token) = sign_in(&fake, &client).await;
    let devices = [("action", "getdevice")];
    let call = || api_raw(&fake, &client, &token, "/v2/user", &devices);

    fake.faults().rate_limit_next(1);
    let r: Value = call().await.json().await.unwrap();
    assert_eq!(
        r,
        json!({"status": 601, "body": {}, "error": "Too Many Requests"})
    );

    fake.faults().http_429_next(1, 7);
    let r = call().await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.headers()["retry-after"], "7");

    fake.faults().server_error_next(2);
    assert_eq!(call().await.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(call().await.status(), StatusCode::BAD_GATEWAY);

    fake.faults().truncate_next(1);
    let r = call().await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(serde_json::from_slice::<Value>(&r.bytes().await.unwrap()).is_err());

    fake.faults().delay_next(1, Duration::from_millis(600));
    let url = fake.api_base_url().join("/v2/user").unwrap();
    let slow = client
        .post(url)
        .bearer_auth(&token)
        .form(&devices)
        .timeout(Duration::from_millis(150))
        .send()
        .await;
    assert!(slow.unwrap_err().is_timeout());

    fake.faults()
        .fail_on("getdevice", 2, FaultKind::ServerError { http_status: 503 })
        .unwrap();
    assert_eq!(call().await.status(), StatusCode::OK);
    assert_eq!(call().await.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(call().await.status(), StatusCode::OK);

    fake.faults().expire_access_tokens();
    let r: Value = call().await.json().await.unwrap();
    assert_eq!(r["status"], 401);

    fake.faults().revoke_refresh_tokens();
    assert_eq!(
        refresh(&fake, &client, &refresh_token).await["error"],
        "Invalid Params: invalid refresh_token"
    );

    let faulted = fake.requests().iter().filter(|r| r.fault.is_some()).count();
    assert_eq!(faulted, 7);
}

#[tokio::test]
async fn faults_can_be_set_over_http_and_requests_are_logged_without_secrets() {
    let (fake, client) = start(config()).await;
    let (token, _) = sign_in(&fake, &client).await;
    let faults_url = fake.base_url.join("/_sandbox/faults").unwrap();
    let set = client
        .post(faults_url.clone())
        .json(&json!([
            {"fault": "rate_limit_next", "n": 1},
            {"fault": "fail_on", "action": "requesttoken", "nth": 1, "kind": {"type": "server_error", "http_status": 502}}
        ]))
        .send()
        .await
        .unwrap();
    assert_eq!(set.status(), StatusCode::OK);
    let r = api(
        &fake,
        &client,
        &token,
        "/v2/user",
        &[("action", "getdevice")],
    )
    .await;
    assert_eq!(r["status"], 601);
    let t = client
        .post(fake.token_url())
        .form(&[("action", "requesttoken")])
        .send()
        .await
        .unwrap();
    assert_eq!(t.status(), StatusCode::BAD_GATEWAY);

    let target = fake.data().weighings()[0].grpid;
    let corrected: Value = client
        .post(faults_url.clone())
        .json(&json!({"fault": "correct_measure", "grpid": target, "meastype": 1, "value": 80000}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(corrected["results"][0]["grpid"], target);
    let bad = client
        .post(faults_url)
        .json(&json!({"fault": "nope"}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);

    let log: Vec<Value> = client
        .get(fake.base_url.join("/_sandbox/requests").unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(log.len(), fake.requests().len());
    let text = serde_json::to_string(&log).unwrap();
    assert!(!text.contains("sandbox-secret") && !text.contains(&token));
    let exchange = log
        .iter()
        .find(|r| r["params"]["grant_type"] == "authorization_code")
        .unwrap();
    assert_eq!(exchange["params"]["code"], "<redacted>");
    assert_eq!(exchange["status"], 0);
    let actions: Vec<&str> = log.iter().filter_map(|r| r["action"].as_str()).collect();
    assert_eq!(actions, ["requesttoken", "getdevice", "requesttoken"]);
}

#[tokio::test]
async fn the_rate_limit_is_per_minute_per_client() {
    let (fake, client) = start(WithingsConfig {
        rate_limit_per_minute: 3,
        ..config()
    })
    .await;
    let (token, _) = sign_in(&fake, &client).await; // the token call counts: 1
    for _ in 0..2 {
        assert_eq!(
            api(
                &fake,
                &client,
                &token,
                "/v2/user",
                &[("action", "getdevice")]
            )
            .await["status"],
            0
        );
    }
    let r = api(
        &fake,
        &client,
        &token,
        "/v2/user",
        &[("action", "getdevice")],
    )
    .await;
    assert_eq!(r["status"], 601);
}

#[tokio::test]
async fn scopes_limit_the_actions() {
    let (fake, client) = start(config()).await;
    let mut url = fake.authorize_url();
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", "healthdash-sandbox")
        .append_pair("scope", "user.metrics")
        .append_pair("redirect_uri", REDIRECT)
        .append_pair("state", "x")
        .append_pair("decision", "approve");
    let r = client.post(url).send().await.unwrap();
    let location = Url::parse(r.headers()["location"].to_str().unwrap()).unwrap();
    let body = exchange(&fake, &client, &query(&location, "code").unwrap(), None).await;
    let token = body["body"]["access_token"].as_str().unwrap();
    assert_eq!(
        api(
            &fake,
            &client,
            token,
            "/measure",
            &[("action", "getmeas"), ("offset", "800")]
        )
        .await["status"],
        0
    );
    let r = api(
        &fake,
        &client,
        token,
        "/v2/sleep",
        &[("action", "getsummary"), ("lastupdate", "0")],
    )
    .await;
    assert_eq!(r["status"], 401);
}
