//! Withings' token endpoint (`POST /v2/oauth2`, `action=requesttoken`)
//! answers HTTP 200 with an envelope: `{"status":0,"body":{…RFC 6749 token
//! fields…}}`, or a non-zero `status` with an `error` text (601 = too many
//! requests). This turns it into what RFC 6749 clients expect.

use crate::oauth::{AdapterError, TokenHooks, hooks::invalid_grant};

/// Withings' token endpoint, made RFC 6749.
#[derive(Clone, Copy, Debug, Default)]
pub struct WithingsTokens;

impl TokenHooks for WithingsTokens {
    fn extra_params(&self) -> &'static [(&'static str, &'static str)] {
        &[("action", "requesttoken")]
    }

    fn to_standard(
        &self,
        _: http::StatusCode,
        body: Vec<u8>,
    ) -> Result<(http::StatusCode, Vec<u8>), AdapterError> {
        to_standard(body)
    }
}

#[derive(serde::Deserialize)]
struct Envelope {
    status: i64,
    #[serde(default)]
    body: serde_json::Value,
    #[serde(default)]
    error: Option<String>,
}

const TOO_MANY_REQUESTS: i64 = 601;

fn to_standard(body: Vec<u8>) -> Result<(http::StatusCode, Vec<u8>), AdapterError> {
    let Ok(envelope) = serde_json::from_slice::<Envelope>(&body) else {
        // Not an envelope: let the RFC parser report what it is.
        return Ok((http::StatusCode::OK, body));
    };
    match envelope.status {
        0 => {
            let tokens = serde_json::to_vec(&envelope.body)
                .map_err(|e| AdapterError::Transport(e.to_string()))?;
            Ok((http::StatusCode::OK, tokens))
        }
        TOO_MANY_REQUESTS => Err(AdapterError::RateLimited),
        status => {
            let error = envelope.error.unwrap_or_else(|| "no reason given".into());
            Ok(invalid_grant(&format!("Withings status {status}: {error}")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unwraps_the_envelope() {
        let (status, body) = to_standard(
            br#"{"status":0,"body":{"userid":"42","access_token":"a","refresh_token":"r","expires_in":10800,"token_type":"Bearer","scope":"user.info"}}"#.to_vec(),
        )
        .unwrap();
        assert_eq!(status, http::StatusCode::OK);
        let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(json["access_token"], "a");
        assert_eq!(json["expires_in"], 10800);
    }

    #[test]
    fn a_refused_refresh_becomes_invalid_grant() {
        let (status, body) = to_standard(
            br#"{"status":503,"body":{},"error":"Invalid Params: invalid refresh_token"}"#.to_vec(),
        )
        .unwrap();
        assert_eq!(status, http::StatusCode::BAD_REQUEST);
        let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(json["error"], "invalid_grant");
        assert_eq!(
            json["error_description"],
            "Withings status 503: Invalid Params: invalid refresh_token"
        );
    }

    #[test]
    fn status_601_is_rate_limiting() {
        assert!(matches!(
            to_standard(br#"{"status":601,"body":{}}"#.to_vec()),
            Err(AdapterError::RateLimited)
        ));
    }
}
