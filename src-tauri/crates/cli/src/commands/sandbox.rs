//! `sandbox`: the whole sign-in and sync flow, offline. Starts the fake
//! Withings on loopback, points `[providers.withings]` at it (client secret
//! in the secret store, like one entered in the app), and on Ctrl-C puts the
//! previous configuration back.

use std::net::{Ipv4Addr, SocketAddr};

use anyhow::{Context, Result};
use healthdash_connect::secrets::{SecretKey, SecretName};
use healthdash_core::config::{DataDir, ProviderConfig};
use healthdash_sandbox::{RunningFake, WithingsConfig};

use crate::args::SandboxArgs;

pub fn run(dir: &DataDir, args: &SandboxArgs) -> Result<()> {
    let runtime = super::runtime()?;
    runtime.block_on(async {
        let config = WithingsConfig {
            days: args.days,
            allow_loopback_redirect: !args.strict,
            // Generous: the sandbox is for trying the flow, not for waiting.
            rate_limit_per_minute: 6_000,
            bind: SocketAddr::from((Ipv4Addr::LOCALHOST, args.port)),
            ..WithingsConfig::default()
        };
        let client_id = config.client_id.clone();
        let client_secret = config.client_secret.clone();
        let fake = RunningFake::start_withings(config)
            .await
            .with_context(|| format!("starting the fake Withings on 127.0.0.1:{}", args.port))?;

        let previous = dir.set_provider_config(
            "withings",
            Some(&ProviderConfig {
                client_id: Some(client_id),
                authorize_url: Some(fake.authorize_url().to_string()),
                token_url: Some(fake.token_url().to_string()),
                api_base_url: Some(fake.api_base_url().to_string()),
                ..ProviderConfig::default()
            }),
        )?;
        let connections = super::connections(dir)?;
        let secrets = healthdash_connect::secrets::open(dir.path())?.store;
        secrets.set(
            SecretKey::new("withings", SecretName::ClientSecret),
            &client_secret,
        )?;
        drop(connections);

        println!("Sandbox Withings at {}", fake.base_url);
        eprintln!(
            "[providers.withings] in {} now points at the sandbox ({} days of made-up data).",
            dir.config_path().display(),
            args.days
        );
        eprintln!(
            "Connect it from the app's Connections page, or run `healthdash connect withings` then `healthdash sync withings`."
        );
        eprintln!("Ctrl-C stops the sandbox and restores your previous Withings settings.");

        let stopped = tokio::signal::ctrl_c().await;
        dir.set_provider_config("withings", previous.as_ref())?;
        secrets.delete(SecretKey::new("withings", SecretName::ClientSecret))?;
        eprintln!(
            "Sandbox stopped; Withings settings restored. Data synced from the sandbox stays under source `withings` until `healthdash disconnect withings --purge`."
        );
        stopped.context("waiting for Ctrl-C")
    })
}
