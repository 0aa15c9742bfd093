//! Withings (documented as "Nokia Health"; today's service differs, see the
//! module docs of [`api`]).

pub mod adapter;
pub mod api;
pub mod streams;
pub mod token;
mod wire;

use super::{ClientAuth, ProviderSpec, TokenQuirk};
use crate::signin::ResponseType;

pub const SPEC: ProviderSpec = ProviderSpec {
    id: "withings",
    name: "Withings",
    authorize_url: "https://account.withings.com/oauth2_user/authorize2",
    token_url: "https://wbsapi.withings.net/v2/oauth2",
    api_base_url: "https://wbsapi.withings.net",
    scope: "user.info,user.metrics,user.activity",
    response_type: ResponseType::Code,
    pkce: true,
    client_auth: ClientAuth::RequestBody,
    token_quirk: TokenQuirk::WithingsEnvelope,
    needs_https_redirect: true,
    developer_url: "https://developer.withings.com/dashboard/",
    requests_per_minute: 120,
};
