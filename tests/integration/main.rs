//! Healthdash's integration tests, one binary (ripgrep's habit): real SQLite
//! files in temporary folders and the real `healthdash` binary.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod apple_health;
mod cli;
mod config;
mod coverage;
mod csv_export;
mod exist_push;
mod exist_read;
mod humanapi;
mod import_csv;
mod insights;
mod layers;
mod migrations;
mod openhumans;
mod output;
mod personicle;
mod readme;
mod recovery;
mod rollups;
mod sandbox;
mod sandbox_command;
mod series;
mod store;
mod sync;
mod through_fake;
mod util;
