//! `make measure`: how the real app feels on ten years of minute-level data.
//! Prints numbers; asserts nothing about time (shared machines are noisy).

use std::time::{Duration, Instant};

use crate::harness::*;
use crate::pages::{PAGES, open, settle};

/// Resident memory (kB) of the app and the WebKit processes it started.
fn resident_kb(app_binary: &std::path::Path) -> (u64, Vec<(String, u64)>) {
    let mut procs = Vec::new(); // (pid, ppid, name, rss)
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(status) = std::fs::read_to_string(entry.path().join("status")) else {
            continue;
        };
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .map(|v| v.trim().trim_end_matches(" kB").trim().to_owned())
                .unwrap_or_default()
        };
        let exe = std::fs::read_link(entry.path().join("exe")).unwrap_or_default();
        let name = if exe == app_binary {
            "healthdash-app".to_owned()
        } else {
            field("Name:")
        };
        procs.push((
            pid,
            field("PPid:").parse::<u32>().unwrap_or(0),
            name,
            field("VmRSS:").parse::<u64>().unwrap_or(0),
        ));
    }
    let roots: Vec<u32> = procs
        .iter()
        .filter(|p| p.2 == "healthdash-app")
        .map(|p| p.0)
        .collect();
    let mut family = roots.clone();
    loop {
        let before = family.len();
        for p in &procs {
            if family.contains(&p.1) && !family.contains(&p.0) {
                family.push(p.0);
            }
        }
        if family.len() == before {
            break;
        }
    }
    let members: Vec<(String, u64)> = procs
        .iter()
        .filter(|p| family.contains(&p.0))
        .map(|p| (p.2.clone(), p.3))
        .collect();
    (members.iter().map(|m| m.1).sum(), members)
}

#[tokio::test]
#[ignore = "needs the built desktop app and a display: run `make measure`"]
async fn launch_memory_and_range_switch() {
    let today = chrono::Utc::now().date_naive().to_string();
    let started = Instant::now();
    let data = demo_years(&today, 10);
    println!(
        "10-year demo loaded by the CLI in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let app = App::launch(data).await;
    app.wait_for("main[data-page=\"overview\"]").await;
    settle(&app, 2).await;
    let first_chart = app.launched.elapsed();

    for &(route, charts) in PAGES {
        open(&app, route, charts).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let (rss, members) = resident_kb(&app_binary());

    open(&app, "heart", 1).await;
    let mut switches = Vec::new();
    for _ in 0..5 {
        app.select_preset("all").await;
        settle(&app, 1).await;
        // Timed inside the page: click, then until the chart has re-drawn
        // (nothing busy, label changed, two animation frames).
        let ms = app
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1]; \
                 const label = () => document.querySelector('[data-testid=\"range-label\"]').textContent; \
                 const before = label(); const t0 = performance.now(); \
                 document.querySelector('button[data-preset=\"1d\"]').click(); \
                 const poll = () => { \
                   if (label() !== before && !document.querySelector('[aria-busy=\"true\"]')) { \
                     requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t0))); \
                   } else { setTimeout(poll, 2); } }; \
                 poll();",
                vec![],
            )
            .await
            .unwrap();
        switches.push(ms.as_f64().unwrap_or(f64::NAN));
    }
    switches.sort_by(f64::total_cmp);

    // The share of a switch that is IPC + backend: the same 1-day series
    // request the heart-rate page makes, invoked directly, 20 times.
    let ipc = app
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             const invoke = window.__TAURI_INTERNALS__.invoke; \
             const to = Math.floor(Date.now() / 1000); \
             const args = { args: { metric: 'heart_rate', from: to - 86400, to, max_points: 500, sources: [], zone: 'UTC' } }; \
             (async () => { const times = []; \
               for (let i = 0; i < 20; i++) { const t0 = performance.now(); await invoke('series', args); times.push(performance.now() - t0); } \
               times.sort((a, b) => a - b); done(times[10]); })();",
            vec![],
        )
        .await
        .unwrap();

    println!("| measurement | value | goal |");
    println!("|---|---:|---|");
    println!(
        "| launch → overview charts painted (incl. WebDriver session start) | {:.2} s | ≤ 1.5 s |",
        first_chart.as_secs_f64()
    );
    println!(
        "| resident memory after visiting every page (app + WebKit processes) | {:.0} MB | ≤ 250 MB |",
        rss as f64 / 1024.0
    );
    for (name, kb) in &members {
        println!("|   {name} | {:.0} MB | |", *kb as f64 / 1024.0);
    }
    println!(
        "| range switch all → 1 day until painted (median of 5, min–max) | {:.0} ms ({:.0}–{:.0}) | ≤ 100 ms |",
        switches[switches.len() / 2],
        switches[0],
        switches[switches.len() - 1]
    );
    println!(
        "|   of which one `series` IPC round trip (median of 20) | {:.1} ms | |",
        ipc.as_f64().unwrap_or(f64::NAN)
    );
    app.close().await;
}
