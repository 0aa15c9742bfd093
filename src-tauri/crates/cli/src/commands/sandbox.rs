//! `sandbox`: the whole sign-in and sync flow, offline. Starts the fakes of
//! the providers asked for on loopback, points each `[providers.<id>]` at its
//! fake (client secret in the secret store, like one entered in the app) and
//! runs until Ctrl-C.
//!
//! By default all of that happens in the sandbox's own data folder,
//! `DIR/sandbox`, so made-up readings never sit beside a real account's under
//! the same source. `--here` points the current folder at the fakes instead
//! and puts its previous settings back on Ctrl-C.

use std::path::Path;

use anyhow::{Context, Result, bail};
use healthdash_connect::secrets::{SecretKey, SecretName, SecretStore};
use healthdash_core::config::{DATA_DIR_ENV, DataDir, ProviderConfig};
use healthdash_sandbox::{
    Fake, PROVIDERS_WITH_FAKES, RunningFake, SandboxOptions, loopback, sandbox_fake,
};

use crate::args::SandboxArgs;

/// The sandbox's own data folder, inside the data folder it was started from.
const SANDBOX_FOLDER: &str = "sandbox";

type Running = RunningFake<dyn Fake>;

/// What a provider's settings were before the sandbox pointed them at its fake.
struct Previous {
    provider: &'static str,
    config: Option<ProviderConfig>,
    client_secret: Option<String>,
}

pub fn run(dir: &DataDir, args: &SandboxArgs) -> Result<()> {
    let providers = chosen_providers(&args.providers)?;
    let target = if args.here {
        dir.clone()
    } else {
        DataDir::resolve(Some(dir.path().join(SANDBOX_FOLDER)))?
    };
    let options = SandboxOptions {
        days: args.days,
        strict: args.strict,
    };
    let runtime = super::runtime()?;
    runtime.block_on(async {
        let fakes = start_fakes(&providers, &options, args.port).await?;
        let stop = stop_requested()?;
        // Creates the folder and says once if secrets fall back to a file.
        drop(super::connections(&target)?);
        let secrets = healthdash_connect::secrets::open(target.path())?.store;
        let previous = point_all(&target, secrets.as_ref(), &fakes)?;

        for fake in &fakes {
            say!("Sandbox {} at {}", fake.provider_id(), fake.base_url);
        }
        announce(dir, &target, args, &fakes);

        stop.await;
        if args.here {
            restore(&target, secrets.as_ref(), &previous)?;
            note!(
                "Sandbox stopped; your provider settings are restored. Data synced from the sandbox stays in {} until you remove it:",
                shell_path(target.path())
            );
            for fake in &fakes {
                note!("  healthdash disconnect {} --purge", fake.provider_id());
            }
        } else {
            note!(
                "Sandbox stopped. {} keeps its settings and made-up data for next time; delete that folder to forget them.",
                shell_path(target.path())
            );
        }
        Ok(())
    })
}

/// Listens for Ctrl-C (and, on Unix, SIGTERM) from now on. Registered before
/// any setting changes and before the sandbox says it is ready: a signal in
/// between would otherwise end the process with the default action, leaving
/// the folder pointed at fakes that are gone.
#[cfg(unix)]
fn stop_requested() -> Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut interrupt = signal(SignalKind::interrupt()).context("listening for Ctrl-C")?;
    let mut terminate = signal(SignalKind::terminate()).context("listening for SIGTERM")?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
    })
}

#[cfg(not(unix))]
fn stop_requested() -> Result<impl std::future::Future<Output = ()>> {
    let mut ctrl_c = tokio::signal::windows::ctrl_c().context("listening for Ctrl-C")?;
    Ok(async move {
        ctrl_c.recv().await;
    })
}

/// The providers asked for, or every one that has a fake; an unknown id or one
/// without a fake is an error naming what is available.
fn chosen_providers(asked: &[String]) -> Result<Vec<&'static str>> {
    if asked.is_empty() {
        return Ok(PROVIDERS_WITH_FAKES.to_vec());
    }
    let mut chosen = Vec::new();
    for id in asked {
        let info = super::provider_id(id)?;
        if !PROVIDERS_WITH_FAKES.contains(&info.id) {
            bail!(
                "no sandbox fake for '{}' yet (fakes: {})",
                info.id,
                PROVIDERS_WITH_FAKES.join(", ")
            );
        }
        if !chosen.contains(&info.id) {
            chosen.push(info.id);
        }
    }
    Ok(chosen)
}

/// Starts one fake per provider: the first on `first_port`, the next on the
/// following ports (all on free ports when `first_port` is 0).
async fn start_fakes(
    providers: &[&'static str],
    options: &SandboxOptions,
    first_port: u16,
) -> Result<Vec<Running>> {
    let mut fakes = Vec::with_capacity(providers.len());
    for (index, provider) in providers.iter().enumerate() {
        let port = port_for(first_port, index)?;
        let fake = sandbox_fake(provider, options)
            .with_context(|| format!("no sandbox fake for '{provider}'"))?;
        let running = RunningFake::serve(fake, loopback(port))
            .await
            .with_context(|| format!("starting the fake {provider} on 127.0.0.1:{port}"))?;
        fakes.push(running);
    }
    Ok(fakes)
}

fn port_for(first_port: u16, index: usize) -> Result<u16> {
    if first_port == 0 {
        return Ok(0);
    }
    u16::try_from(index)
        .ok()
        .and_then(|i| first_port.checked_add(i))
        .with_context(|| {
            format!(
                "--port {first_port} leaves no port for fake number {}",
                index + 1
            )
        })
}

/// Points every provider at its fake; if one fails, puts back the ones
/// already changed so a failed start leaves the folder as it was.
fn point_all(dir: &DataDir, secrets: &dyn SecretStore, fakes: &[Running]) -> Result<Vec<Previous>> {
    let mut previous = Vec::with_capacity(fakes.len());
    for fake in fakes {
        match point_at(dir, secrets, fake) {
            Ok(p) => previous.push(p),
            Err(e) => {
                if let Err(undo) = restore(dir, secrets, &previous) {
                    tracing::warn!(error = %undo, "could not restore the provider settings");
                }
                return Err(e);
            }
        }
    }
    Ok(previous)
}

fn point_at(dir: &DataDir, secrets: &dyn SecretStore, fake: &Running) -> Result<Previous> {
    let provider = fake.provider_id();
    let key = SecretKey::new(provider, SecretName::ClientSecret);
    let client_secret = secrets.get(key)?;
    let config = dir.set_provider_config(
        provider,
        Some(&ProviderConfig {
            client_id: Some(fake.client_id().to_owned()),
            authorize_url: Some(fake.authorize_url().to_string()),
            token_url: Some(fake.token_url().to_string()),
            api_base_url: Some(fake.api_base_url().to_string()),
            ..ProviderConfig::default()
        }),
    )?;
    let previous = Previous {
        provider,
        config,
        client_secret,
    };
    if let Err(e) = secrets.set(key, fake.client_secret()) {
        dir.set_provider_config(provider, previous.config.as_ref())?;
        return Err(e.into());
    }
    Ok(previous)
}

/// Puts each provider's settings and client secret back as they were.
fn restore(dir: &DataDir, secrets: &dyn SecretStore, previous: &[Previous]) -> Result<()> {
    for p in previous {
        dir.set_provider_config(p.provider, p.config.as_ref())?;
        let key = SecretKey::new(p.provider, SecretName::ClientSecret);
        match &p.client_secret {
            Some(secret) => secrets.set(key, secret)?,
            None => secrets.delete(key)?,
        }
    }
    Ok(())
}

/// Tells where the sandbox's settings went and how to use them (stderr:
/// stdout holds only the fakes' addresses).
fn announce(main: &DataDir, target: &DataDir, args: &SandboxArgs, fakes: &[Running]) {
    let ids: Vec<&str> = fakes.iter().map(|f| f.provider_id()).collect();
    let folder = shell_path(target.path());
    let tables: Vec<String> = ids.iter().map(|id| format!("[providers.{id}]")).collect();
    let verb = if tables.len() == 1 { "points" } else { "point" };
    note!(
        "{} in {} now {verb} at the sandbox ({} days of made-up data).",
        tables.join(", "),
        target.config_path().display(),
        args.days
    );
    if args.here {
        note!("Connect from the app's Connections page, or run:");
        for id in &ids {
            note!("  healthdash connect {id}");
            note!("  healthdash sync {id}");
        }
        note!("Ctrl-C stops the sandbox and restores your previous settings.");
        return;
    }
    note!(
        "The sandbox keeps its own data folder, {folder}; {} is untouched. Use it with:",
        main.path().display()
    );
    for id in &ids {
        note!("  healthdash --data-dir {folder} connect {id}");
        note!("  healthdash --data-dir {folder} sync {id}");
    }
    note!("  {DATA_DIR_ENV}={folder} healthdash-app   (the desktop app on the sandbox's data)");
    note!("Ctrl-C stops the sandbox.");
}

/// A path as it can be pasted into a POSIX shell.
fn shell_path(path: &Path) -> String {
    let text = path.display().to_string();
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+:@,=".contains(c));
    if plain {
        text
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_follow_the_first_one() {
        assert_eq!(port_for(18085, 0).unwrap(), 18085);
        assert_eq!(port_for(18085, 2).unwrap(), 18087);
        assert_eq!(port_for(0, 3).unwrap(), 0);
        assert!(port_for(u16::MAX, 1).is_err());
    }

    #[test]
    fn default_is_every_provider_with_a_fake() {
        assert_eq!(chosen_providers(&[]).unwrap(), PROVIDERS_WITH_FAKES);
    }

    #[test]
    fn unknown_providers_are_refused_and_every_provider_has_a_fake() {
        let unknown = chosen_providers(&["nope".into()]).unwrap_err().to_string();
        assert!(unknown.contains("unknown provider 'nope'"), "{unknown}");
        // A newcomer can try every provider offline.
        for info in healthdash_core::source::PROVIDERS {
            assert_eq!(chosen_providers(&[info.id.into()]).unwrap(), [info.id]);
        }
    }

    #[test]
    fn repeated_providers_start_once() {
        let asked = ["withings".to_string(), "withings".to_string()];
        assert_eq!(chosen_providers(&asked).unwrap(), ["withings"]);
    }

    #[test]
    fn paths_are_quoted_only_when_needed() {
        assert_eq!(
            shell_path(Path::new("/home/a/.local/x")),
            "/home/a/.local/x"
        );
        assert_eq!(shell_path(Path::new("/tmp/my data")), "'/tmp/my data'");
        assert_eq!(shell_path(Path::new("/tmp/it's")), r"'/tmp/it'\''s'");
    }
}
