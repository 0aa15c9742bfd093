//! The pages the loopback listener shows in the browser tab: plain HTML
//! with inline styles, no external assets (the tab may be offline, and a
//! sign-in page must not load anything from elsewhere). Echoed text is
//! escaped.

use html_escape::encode_quoted_attribute as escape;
use http::StatusCode;

/// One page, and whether it needs its inline script to run.
pub(crate) struct Page {
    pub(crate) status: StatusCode,
    pub(crate) html: String,
    pub(crate) script: bool,
}

/// The sign-in worked.
pub(crate) fn success() -> Page {
    page(
        StatusCode::OK,
        "Signed in",
        "<p>Healthdash has what it needs. You can close this tab and return to Healthdash.</p>",
    )
}

/// A redirect whose `state` is missing or belongs to another sign-in.
pub(crate) fn wrong_state() -> Page {
    page(
        StatusCode::BAD_REQUEST,
        "This sign-in link does not belong to the sign-in in progress",
        "<p>It may come from an older sign-in, or from another page. \
         Healthdash is still waiting: finish the sign-in in the tab Healthdash opened, \
         or start it again from Healthdash.</p>",
    )
}

/// The provider redirected back with `error=` (and our `state`).
pub(crate) fn refused(error: &str, description: Option<&str>) -> Page {
    let mut body = format!(
        "<p>The provider refused the sign-in: <code>{}</code>.</p>",
        escape(error)
    );
    if let Some(description) = description.filter(|d| !d.trim().is_empty()) {
        body.push_str(&format!("<p>{}</p>", escape(description)));
    }
    body.push_str(
        "<p>You can close this tab. To try again, start the sign-in again from Healthdash.</p>",
    );
    page(StatusCode::OK, "Sign-in refused", &body)
}

/// Our `state`, but the grant itself is missing.
pub(crate) fn incomplete(missing: &str) -> Page {
    page(
        StatusCode::BAD_REQUEST,
        "Sign-in incomplete",
        &format!(
            "<p>The provider sent the browser back without <code>{}</code>. \
             Start the sign-in again from Healthdash.</p>",
            escape(missing)
        ),
    )
}

/// A second redirect after the flow ended.
pub(crate) fn already_finished() -> Page {
    page(
        StatusCode::GONE,
        "This sign-in has already finished",
        "<p>You can close this tab.</p>",
    )
}

/// Anything but the callback.
pub(crate) fn not_found() -> Page {
    page(
        StatusCode::NOT_FOUND,
        "Not found",
        "<p>This address only receives Healthdash sign-ins.</p>",
    )
}

/// Implicit flow: the token arrives in the fragment, which browsers never
/// send to a server. This page reads it and posts it back to the listener
/// as a form, so the browser then shows the listener's answer like any page.
/// The fragment is first removed from the address bar and history.
pub(crate) fn fragment() -> Page {
    let body = r#"<p id="msg">Finishing the sign-in…</p>
<noscript><p>JavaScript is off, so this page cannot hand the sign-in to Healthdash.
Copy this page's address from the address bar and paste it into Healthdash.</p></noscript>
<form id="f" method="post" action="/callback/fragment"><input type="hidden" name="fragment" id="v"></form>
<script>
(function () {
  var hash = location.hash.slice(1);
  if (!hash) {
    document.getElementById('msg').textContent =
      'Nothing came back from the provider. Start the sign-in again from Healthdash.';
    return;
  }
  history.replaceState(null, '', location.pathname);
  document.getElementById('v').value = hash;
  document.getElementById('f').submit();
})();
</script>"#;
    Page {
        script: true,
        ..page(StatusCode::OK, "Signing in", body)
    }
}

fn page(status: StatusCode, heading: &str, body: &str) -> Page {
    let html = format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Healthdash</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 36em; margin: 4em auto; padding: 0 1em; line-height: 1.5; color: #222;">
<h1 style="font-size: 1.4em;">{}</h1>
{body}
</body></html>
"#,
        escape(heading)
    );
    Page {
        status,
        html,
        script: false,
    }
}
