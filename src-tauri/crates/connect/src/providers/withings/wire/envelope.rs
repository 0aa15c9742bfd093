//! The `{"status": N, "body": {…}, "error"?: "…"}` every answer has (HTTP 200
//! even on errors).

use serde::Deserialize;
use serde::de::{DeserializeOwned, IgnoredAny};
use serde_with::serde_as;

use super::loose::{LooseInt, LooseText, PhpObject};

/// A whole answer with its endpoint's body type `B`.
#[serde_as]
#[derive(Debug, Deserialize)]
#[serde(bound(deserialize = "B: DeserializeOwned + Default"))]
pub struct Envelope<B> {
    /// 0 is success; 401 invalid token, 601 too many requests, 522/524/2555
    /// the service's hiccups, 2554 unknown action.
    #[serde_as(as = "Option<LooseInt>")]
    pub status: Option<i64>,
    /// Absent or `null` on `notify`-style answers.
    #[serde_as(as = "Option<PhpObject<_>>")]
    #[serde(default)]
    pub body: Option<B>,
    #[serde_as(as = "LooseText")]
    #[serde(default)]
    pub error: Option<String>,
}

/// Only `status` and `error`: the body is skipped token by token, never built.
#[serde_as]
#[derive(Debug, Deserialize)]
pub struct StatusOnly {
    #[serde_as(as = "Option<LooseInt>")]
    pub status: Option<i64>,
    #[serde_as(as = "LooseText")]
    #[serde(default)]
    pub error: Option<String>,
    /// Named so the skip is visible: the body of any type is checked for
    /// well-formed JSON (a cut-off answer must not pass) but not kept.
    #[serde(default, rename = "body")]
    _body: IgnoredAny,
}
