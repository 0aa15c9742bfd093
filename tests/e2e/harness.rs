//! Starting the app under tauri-driver on a temporary data directory, and
//! stopping everything again even when a test fails.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

/// The app binary: `HEALTHDASH_E2E_APP`, set by `make e2e`.
pub fn app_binary() -> PathBuf {
    let path = std::env::var_os("HEALTHDASH_E2E_APP")
        .map(PathBuf::from)
        .expect("HEALTHDASH_E2E_APP must name the built healthdash-app (make e2e sets it)");
    let path = std::fs::canonicalize(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(path.is_file(), "{} is not a file", path.display());
    path
}

/// The `healthdash` CLI of the same build, for preparing and cross-checking data.
pub fn cli() -> Command {
    let path = std::env::var_os("HEALTHDASH_E2E_CLI")
        .map(PathBuf::from)
        .expect("HEALTHDASH_E2E_CLI must name the built healthdash CLI (make e2e sets it)");
    let mut command = Command::new(path);
    command.env_remove("HEALTHDASH_DATA_DIR");
    command
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// tauri-driver on free ports; stopped with SIGTERM on drop so that it also
/// stops its WebKitWebDriver (a SIGKILL would leave that running).
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start(env: &[(&str, &Path)]) -> Driver {
        let (port, native_port) = (free_port(), free_port());
        let mut command = Command::new(tauri_driver());
        command
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::inherit());
        for (key, value) in env {
            command.env(key, value);
        }
        let child = command
            .spawn()
            .expect("starting tauri-driver (cargo install tauri-driver)");
        let driver = Driver { child, port };
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "tauri-driver did not listen on {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        driver
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn tauri_driver() -> PathBuf {
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    let installed = home.join(".cargo/bin/tauri-driver");
    if installed.is_file() {
        installed
    } else {
        PathBuf::from("tauri-driver")
    }
}

/// A running app with its own data and save directories.
pub struct App {
    pub client: Client,
    /// The data folder; removed when the app is done with it.
    _data: tempfile::TempDir,
    /// The app's home and XDG folders (WebKit storage; data and logs for
    /// [`App::launch_as_user`]).
    home: UserHome,
    pub saves: tempfile::TempDir,
    /// When the WebDriver session was requested, i.e. the app was launched.
    pub launched: Instant,
    _driver: Driver,
}

impl App {
    /// Starts the app on `data` (already prepared, e.g. by `healthdash demo`).
    pub async fn launch(data: tempfile::TempDir) -> App {
        App::launch_with(data, &[]).await
    }

    /// [`App::launch`] with more environment for the app (test hooks such as
    /// `HEALTHDASH_NO_BROWSER`).
    pub async fn launch_with(data: tempfile::TempDir, env: &[(&str, &Path)]) -> App {
        // WebKit keeps localStorage (theme, goal) under the XDG folders: a
        // fresh set per app, so no test sees another's preferences.
        let home = UserHome::new();
        let mut vars = home.vars();
        vars.push(("HEALTHDASH_DATA_DIR", data.path().to_owned()));
        vars.extend(env.iter().map(|(k, v)| (*k, v.to_path_buf())));
        App::start(vars, data, home).await
    }

    /// The app as a person starts it from their menu: no data folder named,
    /// so it keeps its data, logs and WebKit state in the XDG folders of
    /// `home` (see [`UserHome`]).
    pub async fn launch_as_user(home: UserHome) -> App {
        let vars = home.vars();
        App::start(vars, tempfile::tempdir().unwrap(), home).await
    }

    async fn start(mut vars: Vec<(&str, PathBuf)>, data: tempfile::TempDir, home: UserHome) -> App {
        let saves = tempfile::tempdir().unwrap();
        vars.push(("HEALTHDASH_TEST_SAVE_DIR", saves.path().to_owned()));
        let vars: Vec<(&str, &Path)> = vars.iter().map(|(k, v)| (*k, v.as_path())).collect();
        let driver = Driver::start(&vars);
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            json!({ "application": app_binary() }),
        );
        let launched = Instant::now();
        let client = ClientBuilder::native()
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", driver.port))
            .await
            .expect("a WebDriver session with the app");
        App {
            client,
            _data: data,
            home,
            saves,
            launched,
            _driver: driver,
        }
    }

    pub fn home(&self) -> &UserHome {
        &self.home
    }

    /// Waits up to 20 s for an element.
    pub async fn wait_for(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css}: {e}"))
    }

    /// Clicks a range preset button ("1d", "30d", "all", …).
    pub async fn select_preset(&self, preset: &str) {
        self.wait_for(&format!("button[data-preset=\"{preset}\"]"))
            .await
            .click()
            .await
            .unwrap();
    }

    pub async fn text(&self, css: &str) -> String {
        self.wait_for(css).await.text().await.unwrap()
    }

    /// Saves a screenshot of the window when `HEALTHDASH_SCREENSHOTS` names a folder.
    pub async fn screenshot(&self, name: &str) {
        let Some(dir) = std::env::var_os("HEALTHDASH_SCREENSHOTS") else {
            return;
        };
        // WebKit may not have painted the last DOM change yet.
        tokio::time::sleep(Duration::from_millis(400)).await;
        let png = self.client.screenshot().await.unwrap();
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(Path::new(&dir).join(format!("{name}.png")), png).unwrap();
    }

    pub async fn close(self) {
        let _ = self.client.close().await;
    }
}

/// A throwaway home: `HOME` and the XDG data, config, cache and state
/// folders inside one temporary directory, in UTC.
pub struct UserHome {
    /// Kept so the folders live as long as the app; removed on drop.
    _dir: tempfile::TempDir,
    folders: [PathBuf; 5],
}

impl UserHome {
    const NAMES: [&str; 5] = [
        "HOME",
        "XDG_DATA_HOME",
        "XDG_CONFIG_HOME",
        "XDG_CACHE_HOME",
        "XDG_STATE_HOME",
    ];

    pub fn new() -> UserHome {
        let dir = tempfile::tempdir().unwrap();
        let folders = ["", "data", "config", "cache", "state"].map(|name| {
            let path = dir.path().join(name);
            std::fs::create_dir_all(&path).unwrap();
            path
        });
        UserHome { _dir: dir, folders }
    }

    /// `$XDG_DATA_HOME`, `$XDG_STATE_HOME`, … of this home.
    pub fn xdg(&self, name: &str) -> &Path {
        let i = UserHome::NAMES.iter().position(|n| *n == name).unwrap();
        &self.folders[i]
    }

    fn vars(&self) -> Vec<(&'static str, PathBuf)> {
        let mut vars: Vec<(&'static str, PathBuf)> = UserHome::NAMES
            .iter()
            .copied()
            .zip(self.folders.iter().cloned())
            .collect();
        vars.push(("TZ", PathBuf::from("UTC")));
        vars
    }
}

/// A data directory with one year of demo data ending on `until`, loaded by the CLI.
pub fn demo_data(until: &str) -> tempfile::TempDir {
    demo_years(until, 1)
}

/// A data directory with `years` of demo data (UTC) ending on `until`.
pub fn demo_years(until: &str, years: u32) -> tempfile::TempDir {
    let data = tempfile::tempdir().unwrap();
    let years = years.to_string();
    cli_stdout(
        data.path(),
        &["demo", "--years", &years, "--until", until, "--tz", "UTC"],
    );
    data
}

/// `healthdash --data-dir DIR ARGS...` → stdout.
pub fn cli_stdout(data: &Path, args: &[&str]) -> String {
    let out = cli()
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}
