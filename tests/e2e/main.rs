//! End-to-end tests of the real desktop app: the release binary in a real
//! window under Xvfb, driven through tauri-driver and WebKitWebDriver.
//!
//! They need the built app, so a plain `cargo test` skips them; `make e2e`
//! builds everything and runs them (`--ignored`, one at a time).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cards;
mod connect;
mod exist;
mod harness;
mod humanapi;
mod installed;
mod measure;
mod openhumans;
mod pages;
mod personicle;
mod procmem;
