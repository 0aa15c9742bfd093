//! What can go wrong between "open this link" and "here is the code". Every
//! variant renders as one line that tells the user what to do next.

use std::time::Duration;

/// A failed or abandoned browser sign-in.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SignInError {
    /// Nothing usable came back before the flow's deadline.
    #[error("sign-in timed out after {} waiting for the browser", seconds(*.0))]
    TimedOut(Duration),

    /// The provider redirected back with `error=` (and the right `state`).
    #[error("the provider refused: {error} ({})", refusal_detail(.error, .description.as_deref()))]
    Refused {
        /// The provider's `error` code, e.g. `access_denied`.
        error: String,
        /// The provider's `error_description`, if it sent one.
        description: Option<String>,
    },

    /// Another program (or another sign-in) holds the configured port.
    #[error("could not listen on 127.0.0.1:{port}: address in use (choose another redirect_port)")]
    AddressInUse { port: u16 },

    /// Binding the loopback listener failed for another reason.
    #[error("could not listen on 127.0.0.1:{port}: {source}")]
    Listen {
        port: u16,
        #[source]
        source: std::io::Error,
    },

    /// The listener stopped before anything came back (should not happen).
    #[error("the sign-in listener stopped unexpectedly; start the sign-in again")]
    ListenerStopped,

    /// [`SignIn::wait`](super::SignIn::wait) on a paste-mode sign-in, which
    /// has no listener to wait on.
    #[error(
        "this sign-in has no listener (paste mode): finish it with the URL the browser ended on"
    )]
    NoListener,

    /// The provider's redirect carried the right `state` but no `code`.
    #[error("the provider's redirect has no `code` parameter")]
    CallbackWithoutCode,

    /// The provider's redirect carried the right `state` but no `access_token`.
    #[error("the provider's redirect has no `access_token` in its fragment")]
    CallbackWithoutToken,

    /// The pasted text does not parse as a URL.
    #[error("the pasted text is not a URL (copy the whole address from the browser's address bar)")]
    PastedNotUrl,

    /// The pasted URL has no `state`: probably not the page the provider sent the browser to.
    #[error(
        "the pasted URL has no `state` parameter (copy the address of the page the provider sent you to)"
    )]
    PastedWithoutState,

    /// The pasted URL's `state` belongs to another (older) sign-in.
    #[error("the pasted URL's state does not match this sign-in")]
    PastedStateMismatch,

    /// The pasted URL is the authorization link itself, not where the browser ended.
    #[error(
        "the pasted URL is the sign-in link itself; paste the address the browser shows after you allow access"
    )]
    PastedAuthorizationUrl,

    /// The pasted URL has the right `state` but no `code`.
    #[error("the pasted URL has no `code` parameter")]
    PastedWithoutCode,

    /// The pasted URL has the right `state` but no `access_token`.
    #[error("the pasted URL has no `access_token` parameter")]
    PastedWithoutToken,

    /// A pasted URL ended the flow while [`SignIn::wait`](super::SignIn::wait)
    /// was running; the paste got the outcome.
    #[error("sign-in finished with a pasted URL")]
    FinishedByPaste,

    /// A pasted URL arrived after the browser's redirect had already ended the flow.
    #[error("this sign-in has already finished")]
    AlreadyFinished,

    /// The caller's cancellation token fired (the user closed the dialog, Ctrl-C...).
    #[error("sign-in cancelled")]
    Cancelled,

    /// The [`Browser`](super::Browser) could not open the link.
    #[error("could not open the browser: {0} (open the sign-in link yourself)")]
    Browser(String),

    /// A provider definition is inconsistent (a bug in Healthdash, not the user's doing).
    #[error("invalid authorization request: {0}")]
    InvalidRequest(String),
}

/// "300 s", or "0.2 s" for the sub-second timeouts of tests.
fn seconds(duration: Duration) -> String {
    if duration.subsec_millis() == 0 {
        format!("{} s", duration.as_secs())
    } else {
        format!("{:.1} s", duration.as_secs_f64())
    }
}

/// The provider's own description, or a plain-words guess for the common codes.
fn refusal_detail(error: &str, description: Option<&str>) -> String {
    if let Some(description) = description.map(str::trim).filter(|d| !d.is_empty()) {
        // Keep the message on one line whatever the provider sent.
        let one_line: String = description
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .take(300)
            .collect();
        return one_line;
    }
    match error {
        "access_denied" => "the user pressed Deny".to_owned(),
        "invalid_scope" => "the provider does not accept the requested scope".to_owned(),
        "unauthorized_client" => "the app registration does not allow this sign-in".to_owned(),
        "invalid_request" => "the provider rejected the sign-in request".to_owned(),
        "server_error" | "temporarily_unavailable" => {
            "the provider had a problem; try again later".to_owned()
        }
        _ => "no description given".to_owned(),
    }
}
