//! `make measure`: how the real app feels on ten years of minute-level data,
//! and how much memory it takes next to WebKit's own floor.
//! Prints numbers; asserts nothing about time or memory (shared machines
//! are noisy).
//!
//! Each run measures, in this order: the floor of a bare WebKitGTK window
//! (`bare_webkit.py`), the floor of Healthdash showing an empty page
//! (`HEALTHDASH_MEASURE_BLANK`), then the app itself: launch until the
//! overview is painted, memory after visiting every page, the same after
//! more rounds of every page (a leak shows as growth that does not level
//! off: the trend over the second half of the rounds), the range switch and
//! the cost of one whole-window repaint.
//! Runs: `HEALTHDASH_MEASURE_RUNS` (3); rounds: `HEALTHDASH_MEASURE_ROUNDS` (20).

use std::io::BufRead;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::*;
use crate::pages::{PAGES, open, settle};
use crate::procmem::{FamilyMemory, family_of_binary, family_of_pid};

/// One range switch, timed inside the page (ms after the click).
#[derive(Clone, Copy)]
struct Switch {
    /// The page shows the new range: label changed, nothing loading (the
    /// queries, their answers and the re-render: JavaScript and IPC).
    dom_ms: f64,
    /// Two animation frames later: WebKit has painted it.
    painted_ms: f64,
}

/// What one run measured.
struct Run {
    launch_s: f64,
    /// Five switches all → 1 day, in the order made.
    switches: Vec<Switch>,
    ipc_ms: f64,
    /// One repaint of the whole window (the page's background changed),
    /// the cost every change pays when it invalidates everything (ms).
    full_repaint_ms: f64,
    bare: FamilyMemory,
    /// `None` when the app has no `HEALTHDASH_MEASURE_BLANK` (older builds).
    blank: Option<FamilyMemory>,
    /// After round 1 of visiting every page.
    pages: FamilyMemory,
    /// Memory after some of the leak-check rounds: (round, memory).
    rounds: Vec<(usize, FamilyMemory)>,
    /// PSS (MB) after every round, for the trend.
    pss_per_round: Vec<f64>,
    /// Empty data folder: overview painted → last night and a compared
    /// resting heart rate on it (s); NaN when they never came.
    first_values_s: f64,
}

fn env_count(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(default)
}

#[tokio::test]
#[ignore = "needs the built desktop app and a display: run `make measure`"]
async fn launch_memory_and_range_switch() {
    let runs = env_count("HEALTHDASH_MEASURE_RUNS", 3);
    let rounds = env_count("HEALTHDASH_MEASURE_ROUNDS", 20);
    let today = chrono::Utc::now().date_naive().to_string();
    let started = Instant::now();
    // `HEALTHDASH_MEASURE_DATA`: a folder with the 10-year demo already
    // loaded, to skip the minute the load takes when iterating (only copies
    // of it are opened).
    let (data, _loaded) = match std::env::var_os("HEALTHDASH_MEASURE_DATA") {
        Some(dir) => (std::path::PathBuf::from(dir), None),
        None => {
            let loaded = demo_years(&today, 10);
            (loaded.path().to_owned(), Some(loaded))
        }
    };
    println!(
        "10-year demo ready in {:.1} s; {runs} runs of {rounds} rounds of every page",
        started.elapsed().as_secs_f64()
    );

    let mut results = Vec::new();
    for run in 1..=runs {
        let bare = bare_webkit_floor().await;
        let blank = blank_app_floor(&data).await;
        let first_values_s = first_values_on_an_empty_folder().await;
        let mut measured = measure_app(&data, rounds).await;
        measured.bare = bare;
        measured.blank = blank;
        measured.first_values_s = first_values_s;
        println!(
            "run {run}: launch {:.2} s, switch {:.0} ms, PSS after every page {:.0} MB, bare floor {:.0} MB, empty-page floor {:.0} MB",
            measured.launch_s,
            median(&measured.painted_ms()),
            mb(measured.pages.pss_kb()),
            mb(measured.bare.pss_kb()),
            measured.blank.as_ref().map_or(f64::NAN, |b| mb(b.pss_kb())),
        );
        results.push(measured);
    }
    print_report(&results);
}

/// Launches the app on a copy of `data`, visits every page `rounds` times,
/// then times range switches.
async fn measure_app(data: &Path, rounds: usize) -> Run {
    let app = App::launch(copy_of(data)).await;
    app.wait_for("main[data-page=\"overview\"]").await;
    settle(&app, 2).await;
    let launch_s = app.launched.elapsed().as_secs_f64();

    let checkpoints = [1, rounds.div_ceil(2), rounds];
    let mut pages = FamilyMemory::default();
    let mut after_rounds = Vec::new();
    let mut pss_per_round = Vec::new();
    for round in 1..=rounds {
        for &(route, charts) in PAGES {
            open(&app, route, charts).await;
        }
        // Let the last page's work (and a GC) finish before reading.
        tokio::time::sleep(Duration::from_secs(1)).await;
        let memory = family_of_binary(&app_binary(), "healthdash-app");
        pss_per_round.push(mb(memory.pss_kb()));
        if checkpoints.contains(&round) {
            keep_smaps(&memory, round);
            if round == 1 {
                pages = memory.clone();
            }
            after_rounds.push((round, memory));
        }
    }

    open(&app, "heart", 1).await;
    let switches = range_switches(&app).await;
    let ipc_ms = series_round_trip(&app).await;
    let full_repaint_ms = full_repaint(&app).await;
    app.close().await;
    Run {
        launch_s,
        switches,
        ipc_ms,
        full_repaint_ms,
        bare: FamilyMemory::default(),
        blank: None,
        pages,
        rounds: after_rounds,
        pss_per_round,
        first_values_s: f64::NAN,
    }
}

impl Run {
    fn painted_ms(&self) -> Vec<f64> {
        self.switches.iter().map(|s| s.painted_ms).collect()
    }

    fn dom_ms(&self) -> Vec<f64> {
        self.switches.iter().map(|s| s.dom_ms).collect()
    }

    /// Least-squares slope of PSS over the second half of the rounds
    /// (MB per round): what is left once caches and the JIT have warmed
    /// up. A leak keeps it above zero.
    fn late_slope(&self) -> f64 {
        let late = &self.pss_per_round[self.pss_per_round.len() / 2..];
        slope(late)
    }
}

/// A new user's first minute: the app on an empty home loads the demo in the
/// background; from the overview's first paint until it shows the night that
/// ended today (or yesterday, after midnight) and a resting heart rate
/// compared with the week before — what the newest-first load is for.
async fn first_values_on_an_empty_folder() -> f64 {
    const READY: &str = "const when = document.querySelector('[data-testid=\"card-sleep\"] .stat-card__when'); \
         const change = document.querySelector('[data-testid=\"card-resting_heart_rate\"] .stat-card__change'); \
         return !!(when && /today|yesterday/.test(when.textContent) \
           && change && change.textContent.trim() !== '' && !/Not enough/.test(change.textContent));";
    let app = App::launch_as_user(UserHome::new()).await;
    app.wait_for("main[data-page=\"overview\"]").await;
    let painted = Instant::now();
    let mut shown = f64::NAN;
    while painted.elapsed() < Duration::from_secs(120) {
        let ready = app.client.execute(READY, vec![]).await;
        if ready.ok().and_then(|v| v.as_bool()) == Some(true) {
            shown = painted.elapsed().as_secs_f64();
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    app.close().await;
    shown
}

/// With `HEALTHDASH_MEASURE_SMAPS=DIR`, keeps each process's
/// `/proc/PID/smaps` after `round` (which mappings grow: JS heap, canvases,
/// graphics buffers, libraries).
fn keep_smaps(memory: &FamilyMemory, round: usize) {
    let Some(dir) = std::env::var_os("HEALTHDASH_MEASURE_SMAPS") else {
        return;
    };
    std::fs::create_dir_all(&dir).unwrap();
    for m in &memory.members {
        let target = Path::new(&dir).join(format!("{}-{}-round{round}.smaps", m.name, m.pid));
        let _ = std::fs::copy(format!("/proc/{}/smaps", m.pid), target);
    }
}

/// Five switches all → 1 day on the current page, each timed inside the
/// page: click, then until the page shows the new range (label changed,
/// nothing busy), then two animation frames (painted).
async fn range_switches(app: &App) -> Vec<Switch> {
    let mut switches = Vec::new();
    for _ in 0..5 {
        app.select_preset("all").await;
        settle(app, 1).await;
        let ms = app
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1]; \
                 const label = () => document.querySelector('[data-testid=\"range-label\"]').textContent; \
                 const before = label(); const t0 = performance.now(); \
                 document.querySelector('button[data-preset=\"1d\"]').click(); \
                 const poll = () => { \
                   if (label() !== before && !document.querySelector('[aria-busy=\"true\"]')) { \
                     const dom = performance.now() - t0; \
                     requestAnimationFrame(() => requestAnimationFrame(() => done([dom, performance.now() - t0]))); \
                   } else { setTimeout(poll, 2); } }; \
                 poll();",
                vec![],
            )
            .await
            .unwrap();
        let at = |i: usize| ms.get(i).and_then(|v| v.as_f64()).unwrap_or(f64::NAN);
        switches.push(Switch {
            dom_ms: at(0),
            painted_ms: at(1),
        });
    }
    switches
}

/// One repaint of the whole window: the page's background changes and the
/// time until two frames later, the median of six. A page that is costly to
/// paint (blurred shadows, filters) pays this on every change that
/// invalidates it all; with nothing to paint it is two frames (~33 ms).
async fn full_repaint(app: &App) -> f64 {
    let ms = app
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             const frame = () => new Promise((r) => requestAnimationFrame(r)); \
             (async () => { await frame(); await frame(); const times = []; \
               for (let i = 0; i < 6; i++) { \
                 document.body.style.background = i % 2 ? '' : 'rgb(254 254 254)'; \
                 const t0 = performance.now(); await frame(); await frame(); times.push(performance.now() - t0); } \
               document.body.style.background = ''; \
               times.sort((a, b) => a - b); done(times[3]); })();",
            vec![],
        )
        .await
        .unwrap();
    ms.as_f64().unwrap_or(f64::NAN)
}

/// The share of a switch that is IPC + backend: the same 1-day series
/// request the heart-rate page makes, invoked directly 20 times; the median.
async fn series_round_trip(app: &App) -> f64 {
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
    ipc.as_f64().unwrap_or(f64::NAN)
}

/// Healthdash on `data` with `HEALTHDASH_MEASURE_BLANK` (an empty page
/// instead of the UI), under WebDriver like the measured app; `None` when
/// the app shows its UI anyway (a build without that variable).
async fn blank_app_floor(data: &Path) -> Option<FamilyMemory> {
    let app = App::launch_with(
        copy_of(data),
        &[("HEALTHDASH_MEASURE_BLANK", Path::new("1"))],
    )
    .await;
    let url = app.client.current_url().await.unwrap();
    if url.as_str() != "about:blank" {
        println!("this build shows {url} with HEALTHDASH_MEASURE_BLANK: no empty-page floor");
        app.close().await;
        return None;
    }
    wait_for_web_process(|| family_of_binary(&app_binary(), "healthdash-app")).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let memory = family_of_binary(&app_binary(), "healthdash-app");
    app.close().await;
    Some(memory)
}

/// A bare WebKitGTK window on an empty page (`bare_webkit.py`).
async fn bare_webkit_floor() -> FamilyMemory {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("e2e/bare_webkit.py");
    // Debian's interpreter: it has the GObject bindings (python3-gi).
    let mut child = Command::new("/usr/bin/python3")
        .arg(&script)
        .stdout(Stdio::piped())
        .spawn()
        .expect("/usr/bin/python3 with python3-gi and gir1.2-webkit2-4.1 (make deps)");
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(line.trim(), "painted", "{} did not paint", script.display());
    let pid = child.id();
    wait_for_web_process(|| family_of_pid(pid, "python3 (GTK host)")).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let memory = family_of_pid(pid, "python3 (GTK host)");
    let _ = child.kill();
    let _ = child.wait();
    // Its WebKit processes end when they lose their parent; wait for that
    // so they do not count in the next measurement.
    tokio::time::sleep(Duration::from_secs(1)).await;
    memory
}

async fn wait_for_web_process(family: impl Fn() -> FamilyMemory) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !family().names().iter().any(|n| n == "WebKitWebProcess") {
        assert!(Instant::now() < deadline, "no WebKitWebProcess appeared");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A fresh copy of the data folder, so every launch starts from the same file.
fn copy_of(data: &Path) -> tempfile::TempDir {
    fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap().flatten() {
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy_dir(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }
    let copy = tempfile::tempdir().unwrap();
    copy_dir(data, copy.path());
    copy
}

fn mb(kb: u64) -> f64 {
    kb as f64 / 1024.0
}

/// Least-squares slope of `values` against their index.
fn slope(values: &[f64]) -> f64 {
    let n = values.len() as f64;
    if values.len() < 2 {
        return f64::NAN;
    }
    let mean_x = (n - 1.0) / 2.0;
    let mean_y = values.iter().sum::<f64>() / n;
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (i, y) in values.iter().enumerate() {
        let dx = i as f64 - mean_x;
        sxy += dx * (y - mean_y);
        sxx += dx * dx;
    }
    sxy / sxx
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted.get(sorted.len() / 2).copied().unwrap_or(f64::NAN)
}

/// "median (min–max)" over the runs, with `decimals` digits.
fn spread(values: &[f64], decimals: usize) -> String {
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if values.len() < 2 {
        return format!("{:.*}", decimals, median(values));
    }
    format!(
        "{:.*} ({:.*}–{:.*})",
        decimals,
        median(values),
        decimals,
        min,
        decimals,
        max
    )
}

/// Which of a run's memory readings a table row shows.
type Pick = dyn Fn(&Run) -> &FamilyMemory;

fn print_report(runs: &[Run]) {
    let n = runs.len();
    let each = |f: &dyn Fn(&Run) -> f64| runs.iter().map(f).collect::<Vec<f64>>();
    let all_switches: Vec<f64> = runs.iter().flat_map(|r| r.painted_ms()).collect();

    println!();
    println!("Median over {n} runs (min–max over the runs).");
    println!();
    println!("| measurement | value | goal |");
    println!("|---|---:|---|");
    println!(
        "| range switch All → 1D until painted, median of 5 | {} ms | ≤ 100 ms |",
        spread(&each(&|r| median(&r.painted_ms())), 0)
    );
    println!(
        "|   of which until the page shows the new range (queries, answers, render) | {} ms | |",
        spread(&each(&|r| median(&r.dom_ms())), 0)
    );
    println!(
        "|   every switch of every run, min–max | {:.0}–{:.0} ms | |",
        all_switches.iter().copied().fold(f64::INFINITY, f64::min),
        all_switches
            .iter()
            .copied()
            .fold(f64::NEG_INFINITY, f64::max)
    );
    println!(
        "|   of which one `series` IPC round trip (median of 20) | {} ms | |",
        spread(&each(&|r| r.ipc_ms), 1)
    );
    println!(
        "| one repaint of the whole window (two frames when idle: ~33 ms) | {} ms | |",
        spread(&each(&|r| r.full_repaint_ms), 0)
    );
    println!(
        "| launch → overview painted (incl. WebDriver session start) | {} s | ≤ 1.0 s |",
        spread(&each(&|r| r.launch_s), 2)
    );
    println!(
        "| empty folder: overview painted → last night and a compared resting HR on it (demo loading) | {} s | ≤ 1 s |",
        spread(&each(&|r| r.first_values_s), 2)
    );
    let distance = each(&|r| mb(r.pages.pss_kb()) - mb(r.bare.pss_kb()));
    println!(
        "| memory after every page above the bare WebKitGTK floor, PSS | {} MB | ≤ 100 MB |",
        spread(&distance, 0)
    );
    let above_blank = each(&|r| {
        r.blank
            .as_ref()
            .map_or(f64::NAN, |b| mb(r.pages.pss_kb()) - mb(b.pss_kb()))
    });
    println!(
        "| memory after every page above Healthdash on an empty page, PSS | {} MB | |",
        spread(&above_blank, 0)
    );

    println!();
    println!("| memory (MB), app + its WebKit processes | PSS | RSS |");
    println!("|---|---:|---:|");
    static NONE: FamilyMemory = FamilyMemory {
        members: Vec::new(),
    };
    let families: [(&str, &Pick); 3] = [
        (
            "after visiting every page on 10 years of data",
            &|r: &Run| &r.pages,
        ),
        ("floor: Healthdash showing an empty page", &|r: &Run| {
            r.blank.as_ref().unwrap_or(&NONE)
        }),
        ("floor: bare WebKitGTK window, empty page", &|r: &Run| {
            &r.bare
        }),
    ];
    for (label, family) in families {
        println!(
            "| {label} | {} | {} |",
            spread(&each(&|r| mb(family(r).pss_kb())), 0),
            spread(&each(&|r| mb(family(r).rss_kb())), 0)
        );
        for name in family(&runs[0]).names() {
            println!(
                "|   {name} | {} | {} |",
                spread(&each(&|r| mb(family(r).of(&name).1)), 0),
                spread(&each(&|r| mb(family(r).of(&name).0)), 0)
            );
        }
    }

    println!();
    println!("| leak check: PSS (MB) after rounds of visiting every page | value |");
    println!("|---|---:|");
    for (i, (round, memory)) in runs[0].rounds.iter().enumerate() {
        let at = |r: &Run| r.rounds.get(i).map(|x| x.1.clone()).unwrap_or_default();
        println!(
            "| after round {round} | {} |",
            spread(&each(&|r| mb(at(r).pss_kb())), 0)
        );
        for name in memory.names() {
            println!(
                "|   {name} | {} |",
                spread(&each(&|r| mb(at(r).of(&name).1)), 0)
            );
        }
    }
    println!(
        "| trend over the second half of the rounds (after warm-up), MB per round | {} |",
        spread(&each(&|r| r.late_slope()), 2)
    );
    println!(
        "| highest after any round | {} |",
        spread(
            &each(&|r| r.pss_per_round.iter().copied().fold(f64::NAN, f64::max)),
            0
        )
    );
    println!(
        "| growth from the first to the last round | {} |",
        spread(
            &each(&|r| match (r.rounds.first(), r.rounds.last()) {
                (Some(a), Some(b)) => mb(b.1.pss_kb()) - mb(a.1.pss_kb()),
                _ => f64::NAN,
            }),
            0
        )
    );
}
