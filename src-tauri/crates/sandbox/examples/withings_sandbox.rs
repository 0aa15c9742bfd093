//! Runs the fake Withings server until Ctrl-C, for trying the client by hand:
//! `cargo run -p healthdash-sandbox --example withings_sandbox -- 8765`
//! (no port = any free port). `healthdash sandbox` does the same from the CLI.

use healthdash_sandbox::{RunningFake, WithingsConfig, loopback};

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let port = std::env::args()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    let config = WithingsConfig {
        bind: loopback(port),
        ..WithingsConfig::default()
    };
    let (client_id, secret) = (config.client_id.clone(), config.client_secret.clone());
    let fake = RunningFake::start_withings(config).await?;
    let data = fake.data();
    println!("Withings sandbox at {}", fake.base_url);
    println!("  authorize: {}", fake.authorize_url());
    println!("  token:     {}", fake.token_url());
    println!("  api base:  {}", fake.api_base_url());
    println!("  client_id {client_id}, client_secret {secret} (sandbox values)");
    println!(
        "  data {} to {}: {} measure groups, {} activity days, {} nights, {} workouts",
        data.first_day(),
        data.last_day(),
        data.measure_groups().len(),
        data.activity_days().len(),
        data.nights().len(),
        data.workouts().len()
    );
    tokio::signal::ctrl_c().await?;
    fake.shutdown().await;
    Ok(())
}
