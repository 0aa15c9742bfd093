//! Sign-in tests: real listeners on 127.0.0.1 and raw HTTP/1.1 requests
//! (no browser, no HTTP client dependency).

use std::collections::HashMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_util::sync::CancellationToken;
use url::Url;

use super::*;

const LONG: Duration = Duration::from_secs(30);

fn request(response_type: ResponseType, pkce: bool) -> AuthorizeRequest {
    AuthorizeRequest {
        authorize_url: Url::parse("https://provider.example/oauth2/authorize").unwrap(),
        client_id: "client-123".to_owned(),
        scope: Some("user.info,user.metrics,user.activity".to_owned()),
        response_type,
        pkce,
        extra_params: vec![("access_type".to_owned(), "offline".to_owned())],
    }
}

fn options(mode: RedirectMode, timeout: Duration) -> SignInOptions {
    SignInOptions {
        redirect_port: 0,
        mode,
        timeout,
    }
}

async fn loopback(response_type: ResponseType, timeout: Duration) -> SignIn {
    SignIn::start(
        request(response_type, true),
        options(RedirectMode::Loopback, timeout),
    )
    .await
    .unwrap()
}

/// Query parameters of the authorization URL; panics on a repeated name.
fn params(url: &Url) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for (name, value) in url.query_pairs() {
        let previous = map.insert(name.clone().into_owned(), value.into_owned());
        assert!(previous.is_none(), "`{name}` sent twice");
    }
    map
}

fn state_of(sign_in: &SignIn) -> String {
    params(sign_in.authorization_url())["state"].clone()
}

fn enc(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// One HTTP/1.1 request with `Connection: close`; returns status and body.
async fn http(
    addr: SocketAddr,
    method: &str,
    target: &str,
    body: Option<(&str, &str)>,
) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let mut head = format!("{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if let Some((content_type, body)) = body {
        head.push_str(&format!(
            "Content-Type: {content_type}\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    head.push_str("\r\n");
    if let Some((_, body)) = body {
        head.push_str(body);
    }
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    let text = String::from_utf8(raw).unwrap();
    let status = text.split(' ').nth(1).unwrap().parse().unwrap();
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

async fn get(addr: SocketAddr, target: &str) -> (u16, String) {
    http(addr, "GET", target, None).await
}

async fn assert_closed(addr: SocketAddr) {
    let error = TcpStream::connect(addr).await.unwrap_err();
    assert_eq!(error.kind(), std::io::ErrorKind::ConnectionRefused);
}

// ---- the authorization URL ----

#[tokio::test]
async fn authorization_url_carries_every_parameter() {
    let sign_in = loopback(ResponseType::Code, LONG).await;
    let url = sign_in.authorization_url();
    assert_eq!(url.host_str(), Some("provider.example"));
    assert_eq!(url.path(), "/oauth2/authorize");
    let p = params(url);
    let port = sign_in.listener_addr().unwrap().port();
    assert_eq!(p["response_type"], "code");
    assert_eq!(p["client_id"], "client-123");
    assert_eq!(
        p["redirect_uri"],
        format!("http://127.0.0.1:{port}/callback")
    );
    assert_eq!(sign_in.redirect_uri(), p["redirect_uri"]);
    assert_eq!(p["scope"], "user.info,user.metrics,user.activity");
    assert_eq!(p["access_type"], "offline");
    assert_eq!(p["code_challenge_method"], "S256");
    assert_eq!(p["code_challenge"].len(), 43);
    // 32 random bytes, URL-safe base64 without padding: ≥ 128 bits, no `.`.
    let state = &p["state"];
    assert_eq!(state.len(), 43);
    assert!(
        state
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    );
    assert_eq!(p.len(), 8);
}

#[tokio::test]
async fn no_pkce_means_no_challenge_and_no_verifier() {
    let sign_in = SignIn::start(
        request(ResponseType::Code, false),
        options(RedirectMode::Loopback, LONG),
    )
    .await
    .unwrap();
    let p = params(sign_in.authorization_url());
    assert!(!p.contains_key("code_challenge"));
    assert!(!p.contains_key("code_challenge_method"));
    let url = format!(
        "{}?code=c&state={}",
        sign_in.redirect_uri(),
        state_of(&sign_in)
    );
    match sign_in.finish_from_url(&url).unwrap() {
        Grant::Code { pkce_verifier, .. } => assert_eq!(pkce_verifier, None),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn implicit_flow_asks_for_a_token_without_pkce() {
    let sign_in = loopback(ResponseType::Token, LONG).await;
    let p = params(sign_in.authorization_url());
    assert_eq!(p["response_type"], "token");
    assert!(!p.contains_key("code_challenge"));
    // Okta refuses a token response type without a nonce; a fresh one per flow.
    let nonce = p["nonce"].clone();
    assert!(nonce.len() >= 32, "{nonce}");
    let again = loopback(ResponseType::Token, LONG).await;
    assert_ne!(params(again.authorization_url())["nonce"], nonce);
    let code = loopback(ResponseType::Code, LONG).await;
    assert!(!params(code.authorization_url()).contains_key("nonce"));
}

#[tokio::test]
async fn states_differ_between_flows() {
    let a = loopback(ResponseType::Code, LONG).await;
    let b = loopback(ResponseType::Code, LONG).await;
    assert_ne!(state_of(&a), state_of(&b));
    // Each flow owns its own listener.
    assert_ne!(a.listener_addr(), b.listener_addr());
}

#[tokio::test]
async fn reserved_extra_params_are_refused() {
    let mut req = request(ResponseType::Code, true);
    req.extra_params
        .push(("state".to_owned(), "mine".to_owned()));
    let error = SignIn::start(req, options(RedirectMode::Loopback, LONG))
        .await
        .unwrap_err();
    assert!(matches!(error, SignInError::InvalidRequest(_)), "{error}");
}

#[tokio::test]
async fn relay_mode_sends_the_relay_and_puts_the_port_in_the_state() {
    let relay = Url::parse("https://someone.github.io/healthdash-relay/").unwrap();
    let sign_in = SignIn::start(
        request(ResponseType::Code, true),
        options(
            RedirectMode::Relay {
                relay_uri: relay.clone(),
            },
            LONG,
        ),
    )
    .await
    .unwrap();
    let addr = sign_in.listener_addr().unwrap();
    let p = params(sign_in.authorization_url());
    assert_eq!(p["redirect_uri"], relay.as_str());
    assert_eq!(sign_in.redirect_uri(), relay.as_str());
    let state = &p["state"];
    let (random, port) = state.rsplit_once('.').unwrap();
    assert_eq!(port, addr.port().to_string());
    assert!(random.len() >= 22);

    // What the relay page forwards: the query, unchanged.
    let (status, _) = get(addr, &format!("/callback?code=abc&state={}", enc(state))).await;
    assert_eq!(status, 200);
    match sign_in.wait(CancellationToken::new()).await.unwrap() {
        Grant::Code {
            code, redirect_uri, ..
        } => {
            assert_eq!(code, "abc");
            assert_eq!(redirect_uri, relay.as_str());
        }
        other => panic!("{other:?}"),
    }
}

// ---- the loopback listener ----

#[tokio::test]
async fn listener_binds_loopback_only() {
    let sign_in = loopback(ResponseType::Code, LONG).await;
    let addr = sign_in.listener_addr().unwrap();
    assert_eq!(addr.ip(), Ipv4Addr::LOCALHOST);
    assert_ne!(addr.port(), 0);
}

#[tokio::test]
async fn configured_port_is_used_and_a_taken_one_is_reported() {
    let taken = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let port = taken.local_addr().unwrap().port();
    let mut opts = options(RedirectMode::Loopback, LONG);
    opts.redirect_port = port;
    let error = SignIn::start(request(ResponseType::Code, true), opts.clone())
        .await
        .unwrap_err();
    assert!(matches!(error, SignInError::AddressInUse { port: p } if p == port));
    assert_eq!(
        error.to_string(),
        format!(
            "could not listen on 127.0.0.1:{port}: address in use (choose another redirect_port)"
        )
    );
    drop(taken);
    let sign_in = SignIn::start(request(ResponseType::Code, true), opts)
        .await
        .unwrap();
    assert_eq!(sign_in.listener_addr().unwrap().port(), port);
    assert_eq!(
        sign_in.redirect_uri(),
        format!("http://127.0.0.1:{port}/callback")
    );
}

#[tokio::test]
async fn wrong_then_right_state_completes_and_closes_the_port() {
    let sign_in = loopback(ResponseType::Code, LONG).await;
    let addr = sign_in.listener_addr().unwrap();
    let state = state_of(&sign_in);

    let (status, body) = get(addr, "/callback?code=evil&state=not-ours").await;
    assert_eq!(status, 400);
    assert!(body.contains("does not belong to the sign-in in progress"));
    assert!(body.contains("<title>Healthdash</title>"));
    let (status, _) = get(addr, "/callback?code=evil").await;
    assert_eq!(status, 400, "missing state");
    let (status, _) = get(addr, "/callback").await;
    assert_eq!(status, 400, "nothing at all");
    // An error with someone else's state does not end the flow either.
    let (status, _) = get(addr, "/callback?error=access_denied&state=nope").await;
    assert_eq!(status, 400);

    let waiter = tokio::spawn(sign_in.wait(CancellationToken::new()));
    let (status, body) = get(addr, &format!("/callback?code=the-code&state={state}")).await;
    assert_eq!(status, 200);
    assert!(body.contains("You can close this tab"));
    let grant = waiter.await.unwrap().unwrap();
    match &grant {
        Grant::Code {
            code,
            pkce_verifier,
            redirect_uri,
        } => {
            assert_eq!(code, "the-code");
            assert!(pkce_verifier.as_ref().is_some_and(|v| v.len() >= 43));
            assert_eq!(
                *redirect_uri,
                format!("http://127.0.0.1:{}/callback", addr.port())
            );
        }
        other => panic!("{other:?}"),
    }
    // Secrets stay out of Debug.
    assert!(!format!("{grant:?}").contains("the-code"));
    assert_closed(addr).await;
}

#[tokio::test]
async fn the_verifier_matches_the_challenge() {
    let sign_in = loopback(ResponseType::Code, LONG).await;
    let challenge = params(sign_in.authorization_url())["code_challenge"].clone();
    let url = format!(
        "{}?code=c&state={}",
        sign_in.redirect_uri(),
        state_of(&sign_in)
    );
    let Grant::Code {
        pkce_verifier: Some(verifier),
        ..
    } = sign_in.finish_from_url(&url).unwrap()
    else {
        panic!("no verifier");
    };
    let recomputed = oauth2::PkceCodeChallenge::from_code_verifier_sha256(
        &oauth2::PkceCodeVerifier::new(verifier),
    );
    assert_eq!(recomputed.as_str(), challenge);
}

#[tokio::test]
async fn provider_error_with_the_right_state_ends_the_flow() {
    let sign_in = loopback(ResponseType::Code, LONG).await;
    let addr = sign_in.listener_addr().unwrap();
    let state = state_of(&sign_in);
    let waiter = tokio::spawn(sign_in.wait(CancellationToken::new()));
    let (status, body) = get(
        addr,
        &format!("/callback?error=access_denied&state={state}"),
    )
    .await;
    assert_eq!(status, 200);
    assert!(body.contains("access_denied"));
    let error = waiter.await.unwrap().unwrap_err();
    assert!(matches!(&error, SignInError::Refused { error, .. } if error == "access_denied"));
    assert_eq!(
        error.to_string(),
        "the provider refused: access_denied (the user pressed Deny)"
    );
    assert_closed(addr).await;
}

#[tokio::test]
async fn echoed_provider_text_is_escaped() {
    let sign_in = loopback(ResponseType::Code, LONG).await;
    let addr = sign_in.listener_addr().unwrap();
    let state = state_of(&sign_in);
    let target = format!(
        "/callback?error={}&error_description={}&state={state}",
        enc("<script>x</script>"),
        enc("bad \"thing\" & <b>more</b>")
    );
    let (_, body) = get(addr, &target).await;
    assert!(!body.contains("<script>"));
    assert!(body.contains("&lt;script&gt;x&lt;/script&gt;"));
    assert!(body.contains("bad &quot;thing&quot; &amp; &lt;b&gt;more&lt;/b&gt;"));
    let error = sign_in.wait(CancellationToken::new()).await.unwrap_err();
    assert!(error.to_string().contains("bad \"thing\""));
}

#[tokio::test]
async fn right_state_without_code_ends_the_flow_with_a_clear_error() {
    let sign_in = loopback(ResponseType::Code, LONG).await;
    let addr = sign_in.listener_addr().unwrap();
    let (status, _) = get(addr, &format!("/callback?state={}", state_of(&sign_in))).await;
    assert_eq!(status, 400);
    let error = sign_in.wait(CancellationToken::new()).await.unwrap_err();
    assert!(matches!(error, SignInError::CallbackWithoutCode));
}

#[tokio::test]
async fn other_paths_and_methods_are_404() {
    let sign_in = loopback(ResponseType::Code, LONG).await;
    let addr = sign_in.listener_addr().unwrap();
    assert_eq!(get(addr, "/").await.0, 404);
    assert_eq!(get(addr, "/favicon.ico").await.0, 404);
    assert_eq!(get(addr, "/callback/other").await.0, 404);
    assert_eq!(
        http(addr, "POST", "/callback", Some(("text/plain", "x")))
            .await
            .0,
        404
    );
    assert_eq!(get(addr, "/callback/fragment").await.0, 404);
}

#[tokio::test]
async fn a_second_callback_after_the_end_is_told_so() {
    let sign_in = loopback(ResponseType::Code, LONG).await;
    let addr = sign_in.listener_addr().unwrap();
    let state = state_of(&sign_in);
    // Two connections open before either request is answered.
    let first = TcpStream::connect(addr).await.unwrap();
    let second = TcpStream::connect(addr).await.unwrap();
    let ask = |mut stream: TcpStream, state: String| async move {
        let req = format!(
            "GET /callback?code=c&state={state} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        );
        stream.write_all(req.as_bytes()).await.unwrap();
        let mut raw = String::new();
        stream.read_to_string(&mut raw).await.unwrap();
        raw
    };
    let a = ask(first, state.clone()).await;
    assert!(a.starts_with("HTTP/1.1 200"), "{a}");
    let b = ask(second, state).await;
    // Either the listener answered "already finished", or it had closed.
    assert!(b.is_empty() || b.starts_with("HTTP/1.1 410"), "{b}");
    assert!(sign_in.wait(CancellationToken::new()).await.is_ok());
}

#[tokio::test]
async fn timeout_fires_and_closes_the_port() {
    let sign_in = loopback(ResponseType::Code, Duration::from_millis(200)).await;
    let addr = sign_in.listener_addr().unwrap();
    let started = std::time::Instant::now();
    let error = sign_in.wait(CancellationToken::new()).await.unwrap_err();
    assert!(matches!(error, SignInError::TimedOut(_)), "{error}");
    assert_eq!(
        error.to_string(),
        "sign-in timed out after 0.2 s waiting for the browser"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_closed(addr).await;
    assert_eq!(
        SignInError::TimedOut(Duration::from_secs(300)).to_string(),
        "sign-in timed out after 300 s waiting for the browser"
    );
}

#[tokio::test]
async fn listener_closes_at_the_deadline_even_without_wait() {
    let sign_in = loopback(ResponseType::Code, Duration::from_millis(100)).await;
    let addr = sign_in.listener_addr().unwrap();
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_closed(addr).await;
    drop(sign_in);
}

#[tokio::test]
async fn cancellation_ends_the_wait_and_closes_the_port() {
    let sign_in = loopback(ResponseType::Code, LONG).await;
    let addr = sign_in.listener_addr().unwrap();
    let cancel = CancellationToken::new();
    let waiter = tokio::spawn(sign_in.wait(cancel.clone()));
    tokio::time::sleep(Duration::from_millis(50)).await;
    cancel.cancel();
    let error = waiter.await.unwrap().unwrap_err();
    assert!(matches!(error, SignInError::Cancelled));
    assert_eq!(error.to_string(), "sign-in cancelled");
    assert_closed(addr).await;
}

#[tokio::test]
async fn dropping_the_sign_in_closes_the_port() {
    let sign_in = loopback(ResponseType::Code, LONG).await;
    let addr = sign_in.listener_addr().unwrap();
    drop(sign_in);
    for _ in 0..50 {
        if TcpStream::connect(addr).await.is_err() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("port still open after drop");
}

// ---- implicit flow ----

#[tokio::test]
async fn implicit_flow_serves_the_fragment_page_and_takes_the_post() {
    let sign_in = loopback(ResponseType::Token, LONG).await;
    let addr = sign_in.listener_addr().unwrap();
    let state = state_of(&sign_in);

    let (status, page) = get(addr, "/callback").await;
    assert_eq!(status, 200);
    assert!(page.contains("<script>"));
    assert!(page.contains("location.hash"));
    assert!(page.contains("/callback/fragment"));
    assert!(!page.contains("src="), "no external resources");

    // Wrong state: refused, still waiting.
    let wrong = format!("fragment={}", enc("access_token=evil&state=nope"));
    let (status, _) = http(
        addr,
        "POST",
        "/callback/fragment",
        Some(("application/x-www-form-urlencoded", &wrong)),
    )
    .await;
    assert_eq!(status, 400);

    let fragment =
        format!("access_token=tok-1&token_type=Bearer&expires_in=3600&scope=read&state={state}");
    let form = format!("fragment={}", enc(&fragment));
    let (status, body) = http(
        addr,
        "POST",
        "/callback/fragment",
        Some(("application/x-www-form-urlencoded", &form)),
    )
    .await;
    assert_eq!(status, 200);
    assert!(body.contains("You can close this tab"));
    let grant = sign_in.wait(CancellationToken::new()).await.unwrap();
    assert_eq!(
        grant,
        Grant::Token {
            access_token: "tok-1".to_owned(),
            token_type: Some("Bearer".to_owned()),
            expires_in: Some(3600),
            scope: Some("read".to_owned()),
        }
    );
    assert!(!format!("{grant:?}").contains("tok-1"));
    assert_closed(addr).await;
}

#[tokio::test]
async fn implicit_flow_accepts_a_bare_fragment_body() {
    let sign_in = loopback(ResponseType::Token, LONG).await;
    let addr = sign_in.listener_addr().unwrap();
    let body = format!(
        "#access_token=t&expires_in=oops&state={}",
        state_of(&sign_in)
    );
    let (status, _) = http(
        addr,
        "POST",
        "/callback/fragment",
        Some(("text/plain", &body)),
    )
    .await;
    assert_eq!(status, 200);
    let Grant::Token {
        access_token,
        expires_in,
        ..
    } = sign_in.wait(CancellationToken::new()).await.unwrap()
    else {
        panic!("not a token");
    };
    assert_eq!(access_token, "t");
    assert_eq!(
        expires_in, None,
        "unparsable expires_in is unknown, not fatal"
    );
}

#[tokio::test]
async fn implicit_flow_error_in_the_fragment_ends_the_flow() {
    let sign_in = loopback(ResponseType::Token, LONG).await;
    let addr = sign_in.listener_addr().unwrap();
    let body = format!("error=access_denied&state={}", state_of(&sign_in));
    http(
        addr,
        "POST",
        "/callback/fragment",
        Some(("text/plain", &body)),
    )
    .await;
    let error = sign_in.wait(CancellationToken::new()).await.unwrap_err();
    assert!(error.to_string().contains("access_denied"));
}

// ---- paste mode ----

async fn paste_mode(response_type: ResponseType, relay_uri: Option<Url>) -> SignIn {
    SignIn::start(
        request(response_type, true),
        options(RedirectMode::Paste { relay_uri }, LONG),
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn paste_mode_runs_no_listener_and_reads_the_pasted_url() {
    let sign_in = paste_mode(ResponseType::Code, None).await;
    assert!(sign_in.listener_addr().is_none());
    let redirect = Url::parse(sign_in.redirect_uri()).unwrap();
    assert_eq!(redirect.host_str(), Some("127.0.0.1"));
    assert_ne!(redirect.port(), Some(0));
    assert_eq!(redirect.path(), "/callback");
    let state = state_of(&sign_in);
    assert!(!state.contains('.'));

    let pasted = format!(
        "  {}?code=pasted-code&state={state}\n",
        sign_in.redirect_uri()
    );
    match sign_in.finish_from_url(&pasted).unwrap() {
        Grant::Code {
            code,
            pkce_verifier,
            redirect_uri,
        } => {
            assert_eq!(code, "pasted-code");
            assert!(pkce_verifier.is_some());
            assert_eq!(redirect_uri, sign_in.redirect_uri());
        }
        other => panic!("{other:?}"),
    }
    // Without the scheme, as some address bars show it.
    let bare = format!(
        "127.0.0.1:{}/callback?code=c2&state={state}",
        redirect.port().unwrap()
    );
    assert!(sign_in.finish_from_url(&bare).is_ok());
    assert!(matches!(
        sign_in.wait(CancellationToken::new()).await,
        Err(SignInError::NoListener)
    ));
}

#[tokio::test]
async fn paste_mode_uses_the_configured_port() {
    let mut opts = options(RedirectMode::Paste { relay_uri: None }, LONG);
    opts.redirect_port = 53682;
    let sign_in = SignIn::start(request(ResponseType::Code, true), opts)
        .await
        .unwrap();
    assert_eq!(sign_in.redirect_uri(), "http://127.0.0.1:53682/callback");
}

#[tokio::test]
async fn paste_errors_are_clear() {
    let sign_in = paste_mode(ResponseType::Code, None).await;
    let base = sign_in.redirect_uri().to_owned();
    let state = state_of(&sign_in);
    let check = |pasted: String, expected: &str| {
        let error = sign_in.finish_from_url(&pasted).unwrap_err();
        assert_eq!(error.to_string(), expected, "{pasted}");
    };
    check(
        format!("{base}?code=c&state=other"),
        "the pasted URL's state does not match this sign-in",
    );
    check(
        format!("{base}?state={state}"),
        "the pasted URL has no `code` parameter",
    );
    check(
        format!("{base}?code=c"),
        "the pasted URL has no `state` parameter (copy the address of the page the provider sent you to)",
    );
    check(
        "not a url at all".to_owned(),
        "the pasted text is not a URL (copy the whole address from the browser's address bar)",
    );
    check(
        String::new(),
        "the pasted text is not a URL (copy the whole address from the browser's address bar)",
    );
    check(
        format!("{base}?error=access_denied&state={state}"),
        "the provider refused: access_denied (the user pressed Deny)",
    );
    // The sign-in link itself, pasted by mistake.
    let error = sign_in
        .finish_from_url(sign_in.authorization_url().as_str())
        .unwrap_err();
    assert!(
        matches!(error, SignInError::PastedAuthorizationUrl),
        "{error}"
    );
}

#[tokio::test]
async fn paste_reads_the_fragment_for_implicit_flows() {
    let sign_in = paste_mode(ResponseType::Token, None).await;
    let pasted = format!(
        "{}#access_token=abc&token_type=bearer&expires_in=60&state={}",
        sign_in.redirect_uri(),
        state_of(&sign_in)
    );
    let Grant::Token {
        access_token,
        expires_in,
        ..
    } = sign_in.finish_from_url(&pasted).unwrap()
    else {
        panic!("not a token");
    };
    assert_eq!(access_token, "abc");
    assert_eq!(expires_in, Some(60));
    let error = sign_in
        .finish_from_url(&format!(
            "{}#state={}",
            sign_in.redirect_uri(),
            state_of(&sign_in)
        ))
        .unwrap_err();
    assert!(matches!(error, SignInError::PastedWithoutToken));
}

#[tokio::test]
async fn paste_with_a_relay_redirects_to_the_relay_with_a_port() {
    let relay = Url::parse("https://someone.github.io/relay/").unwrap();
    let sign_in = paste_mode(ResponseType::Code, Some(relay.clone())).await;
    assert!(sign_in.listener_addr().is_none());
    assert_eq!(sign_in.redirect_uri(), relay.as_str());
    let state = state_of(&sign_in);
    let port: u16 = state.rsplit_once('.').unwrap().1.parse().unwrap();
    assert_ne!(port, 0);
    // What the browser shows after the relay forwarded to a closed port.
    let pasted = format!(
        "http://127.0.0.1:{port}/callback?code=c&state={}",
        enc(&state)
    );
    assert!(sign_in.finish_from_url(&pasted).is_ok());
}

#[tokio::test]
async fn a_paste_while_the_listener_waits_ends_the_wait() {
    let sign_in = loopback(ResponseType::Code, LONG).await;
    let addr = sign_in.listener_addr().unwrap();
    let handle = sign_in.paste_handle();
    let state = state_of(&sign_in);
    let waiter = tokio::spawn(sign_in.wait(CancellationToken::new()));
    // A mistaken paste keeps the flow going.
    assert!(
        handle
            .finish_from_url("http://127.0.0.1/callback?code=c&state=x")
            .is_err()
    );
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(!waiter.is_finished());
    let grant = handle
        .finish_from_url(&format!("http://127.0.0.1/callback?code=c&state={state}"))
        .unwrap();
    assert!(matches!(grant, Grant::Code { .. }));
    assert!(matches!(
        waiter.await.unwrap(),
        Err(SignInError::FinishedByPaste)
    ));
    assert_closed(addr).await;
    // The flow is over: a second paste gets the grant nowhere.
    assert!(matches!(
        handle.finish_from_url(&format!("http://127.0.0.1/callback?code=c&state={state}")),
        Err(SignInError::AlreadyFinished)
    ));
}

// ---- browsers ----

#[test]
fn no_browser_opens_nothing() {
    let url = Url::parse("https://provider.example/authorize").unwrap();
    assert!(NoBrowser.open(&url).is_ok());
}

#[tokio::test]
async fn a_failing_browser_is_reported() {
    struct Broken;
    impl Browser for Broken {
        fn open(&self, _url: &Url) -> Result<(), String> {
            Err("no display".to_owned())
        }
    }
    let sign_in = paste_mode(ResponseType::Code, None).await;
    let error = sign_in.open(&Broken).unwrap_err();
    assert_eq!(
        error.to_string(),
        "could not open the browser: no display (open the sign-in link yourself)"
    );
}

// ---- the relay page ----

#[test]
fn relay_page_forwards_to_the_loopback_callback() {
    let page = RELAY_PAGE;
    assert!(page.starts_with("<!doctype html>"));
    assert!(page.contains("<title>Healthdash</title>"));
    // Explains itself for whoever hosts it.
    for words in ["no secrets", "GitHub Pages", "redirect_uri", "https"] {
        assert!(page.contains(words), "comment should mention {words}");
    }
    // Takes the port after the last `.` of the state, from query or fragment.
    assert!(page.contains("new URLSearchParams(location.search).get('state')"));
    assert!(page.contains("new URLSearchParams(location.hash.slice(1)).get('state')"));
    assert!(page.contains("state.lastIndexOf('.')"));
    // Validates it: digits only, 1024–65535.
    assert!(page.contains("/^[0-9]{4,5}$/.test(port)"));
    assert!(page.contains("Number(port) < 1024"));
    assert!(page.contains("Number(port) > 65535"));
    // Forwards query and fragment to the loopback listener, replacing history.
    assert!(page.contains(
        "location.replace('http://127.0.0.1:' + Number(port) + '/callback' + location.search + location.hash)"
    ));
    // Loads nothing from anywhere.
    assert!(!page.contains("src="));
    assert!(!page.contains("<link"));
    assert_eq!(page.matches("location.replace(").count(), 1);
}
