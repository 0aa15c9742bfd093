//! What every provider fake gives the host and `healthdash sandbox`.

use std::net::{Ipv4Addr, SocketAddr};

use axum::Router;

/// One fake provider server (each in its own folder `src/<provider>/`).
///
/// The host ([`crate::RunningFake`]) only needs this to serve it; everything
/// else a fake offers (its data set, fault switches, request log) stays on
/// the fake's own type and is reached through the running handle.
pub trait Fake: Send + Sync + 'static {
    /// The provider id in Healthdash's registry (`withings`, `exist`, …).
    fn provider_id(&self) -> &'static str;

    /// The fake's HTTP routes, with its state attached.
    fn router(&self) -> Router;

    /// The client id of the one application registered with the fake.
    fn client_id(&self) -> &str;

    /// That application's client secret (made up; fine to print).
    fn client_secret(&self) -> &str;

    /// Where `[providers.<id>]` must point, relative to the server's base URL.
    fn endpoints(&self) -> Endpoints;
}

/// Paths of the URLs a client needs, on the fake's base URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Endpoints {
    /// Sign-in page (`authorize_url`).
    pub authorize: &'static str,
    /// Token endpoint (`token_url`).
    pub token: &'static str,
    /// What the client's API paths are appended to (`api_base_url`).
    pub api_base: &'static str,
}

/// The knobs `healthdash sandbox` offers, the same for every provider.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SandboxOptions {
    /// Days of made-up history.
    pub days: u32,
    /// Be as strict as the real service where the fake is lenient by default
    /// (e.g. refuse `http://` loopback redirect URIs).
    pub strict: bool,
}

/// A fake that `healthdash sandbox` can start from its options alone.
pub trait SandboxFake: Fake + Sized {
    /// The fake configured for trying the flow by hand.
    fn for_sandbox(options: &SandboxOptions) -> Self;
}

/// `127.0.0.1:port` (0 = any free port): fakes never listen beyond loopback.
pub fn loopback(port: u16) -> SocketAddr {
    SocketAddr::from((Ipv4Addr::LOCALHOST, port))
}
