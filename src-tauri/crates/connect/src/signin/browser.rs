//! Opening the authorization link. The CLI uses the system browser, the
//! desktop app its opener plugin, and `--no-browser` nothing at all (the
//! caller prints the link), so the sign-in takes the opener as a trait.

use url::Url;

/// Opens the authorization URL: the system browser (CLI), the Tauri opener
/// (app), or nothing (`--no-browser`: the caller prints it).
pub trait Browser: Send + Sync {
    /// Shows `url` to the user; the error is a one-line reason.
    fn open(&self, url: &Url) -> Result<(), String>;
}

/// The user's default browser, through the `webbrowser` crate.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemBrowser;

impl Browser for SystemBrowser {
    fn open(&self, url: &Url) -> Result<(), String> {
        webbrowser::open(url.as_str()).map_err(|e| e.to_string())
    }
}

/// Opens nothing: for `--no-browser`, where the caller prints the link.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoBrowser;

impl Browser for NoBrowser {
    fn open(&self, _url: &Url) -> Result<(), String> {
        Ok(())
    }
}
