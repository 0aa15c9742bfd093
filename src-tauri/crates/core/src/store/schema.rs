//! Schema migrations. Shipped migrations are never edited, only appended;
//! `user_version` counts how many have run.
//!
//! Changelog:
//! - v1: catalogue tables, measurements with identity index, hour/day rollups,
//!   sleep nights, workouts, provider accounts, sync cursors, raw payloads.
//! - v2: sync support: measurements findable by provider record id (a
//!   corrected Withings group replaces its old values), and one raw payload
//!   per provider request (a re-fetch replaces the stored response).

use rusqlite_migration::{M, Migrations};

/// `PRAGMA application_id` of a Healthdash database ("HDSH"), so that we
/// recognise our file and refuse to migrate someone else's.
pub const APPLICATION_ID: i32 = 0x4844_5348;

const V1: &str = r#"
PRAGMA application_id = 1212437320;

-- Small lookup tables keep the big table narrow.
CREATE TABLE metrics (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    unit TEXT NOT NULL
);
CREATE TABLE sources (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
CREATE TABLE zones (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE   -- IANA name
);

-- One row per value. Times are Unix seconds UTC; end_utc is NULL for point
-- samples. utc_offset is the record's offset at start_utc (seconds east), so
-- its local day is (start_utc + utc_offset) / 86400 without a zone lookup;
-- zone_id is set when the source named an IANA zone.
CREATE TABLE measurements (
    id          INTEGER PRIMARY KEY,
    metric_id   INTEGER NOT NULL REFERENCES metrics(id),
    source_id   INTEGER NOT NULL REFERENCES sources(id),
    start_utc   INTEGER NOT NULL,
    end_utc     INTEGER,
    value       REAL    NOT NULL,
    intraday    INTEGER NOT NULL DEFAULT 0,
    utc_offset  INTEGER NOT NULL,
    zone_id     INTEGER REFERENCES zones(id),
    record_id   TEXT,
    detail      TEXT,
    inserted_at INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    CHECK (end_utc IS NULL OR end_utc > start_utc)
);
-- Identity (CONTRACT §8) and the order of CSV and charts: metric, start,
-- source, end (a point sample sorts before an interval of the same start).
CREATE UNIQUE INDEX measurements_identity
    ON measurements (metric_id, start_utc, source_id, coalesce(end_utc, start_utc));

-- Exact aggregates per metric, source and tier (intraday or not):
-- level 0 = UTC hour (bucket = hour start, Unix seconds),
-- level 1 = local day in the record's own zone (bucket = days since 1970-01-01).
CREATE TABLE rollups (
    metric_id INTEGER NOT NULL,
    level     INTEGER NOT NULL,
    intraday  INTEGER NOT NULL,
    source_id INTEGER NOT NULL,
    bucket    INTEGER NOT NULL,
    n         INTEGER NOT NULL,
    sum       REAL    NOT NULL,
    min       REAL    NOT NULL,
    max       REAL    NOT NULL,
    PRIMARY KEY (metric_id, level, intraday, source_id, bucket)
) WITHOUT ROWID;

-- Night headers with their totals, for the sleep page. The values themselves
-- (per-night metrics and stage intervals) are measurements.
CREATE TABLE sleep_nights (
    id          INTEGER PRIMARY KEY,
    source_id   INTEGER NOT NULL REFERENCES sources(id),
    start_utc   INTEGER NOT NULL,
    end_utc     INTEGER NOT NULL,
    utc_offset  INTEGER NOT NULL,
    zone_id     INTEGER REFERENCES zones(id),
    asleep      INTEGER,
    light       INTEGER,
    deep        INTEGER,
    rem         INTEGER,
    awake       INTEGER,
    latency     INTEGER,
    wakeups     INTEGER,
    record_id   TEXT,
    detail      TEXT,
    inserted_at INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    UNIQUE (source_id, start_utc)
);
CREATE INDEX sleep_nights_by_start ON sleep_nights (start_utc);

CREATE TABLE workouts (
    id          INTEGER PRIMARY KEY,
    source_id   INTEGER NOT NULL REFERENCES sources(id),
    start_utc   INTEGER NOT NULL,
    end_utc     INTEGER NOT NULL,
    utc_offset  INTEGER NOT NULL,
    zone_id     INTEGER REFERENCES zones(id),
    kind        TEXT    NOT NULL,
    energy_kcal REAL,
    distance_m  REAL,
    record_id   TEXT,
    inserted_at INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    UNIQUE (source_id, start_utc)
);
CREATE INDEX workouts_by_start ON workouts (start_utc);

-- Connected accounts. Never secrets: tokens live in the OS keyring.
CREATE TABLE provider_accounts (
    provider     TEXT PRIMARY KEY,
    status       TEXT NOT NULL CHECK (status IN ('connected', 'needs_sign_in')),
    account_name TEXT,
    connected_at INTEGER NOT NULL,
    last_sync_at INTEGER,
    last_error   TEXT,
    updated_at   INTEGER NOT NULL
);

-- Where each data stream of a provider has synced up to.
CREATE TABLE sync_cursors (
    provider   TEXT NOT NULL,
    stream     TEXT NOT NULL,
    cursor     TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (provider, stream)
) WITHOUT ROWID;

-- Provider responses as received, so a parser fix can re-derive records
-- without downloading again.
CREATE TABLE raw_payloads (
    id             INTEGER PRIMARY KEY,
    provider       TEXT    NOT NULL,
    stream         TEXT    NOT NULL,
    request        TEXT    NOT NULL,
    fetched_at     INTEGER NOT NULL,
    parser_version INTEGER NOT NULL,
    body           BLOB    NOT NULL
);
CREATE INDEX raw_payloads_by_stream ON raw_payloads (provider, stream, fetched_at);
"#;

/// Every migration, oldest first. Append; never edit a shipped one.
const STEPS: &[&str] = &[V1, V2];

const V2: &str = r#"
CREATE INDEX measurements_by_record
    ON measurements (source_id, record_id) WHERE record_id IS NOT NULL;
DROP INDEX raw_payloads_by_stream;
CREATE UNIQUE INDEX raw_payloads_by_request ON raw_payloads (provider, stream, request);
"#;

pub fn migrations() -> Migrations<'static> {
    Migrations::new(STEPS.iter().map(|sql| M::up(sql)).collect())
}

/// How many migrations this build knows (the newest `user_version`).
pub fn latest_version() -> usize {
    STEPS.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        migrations().validate().unwrap();
    }

    #[test]
    fn application_id_literal_matches_constant() {
        assert!(V1.contains(&format!("application_id = {APPLICATION_ID};")));
    }
}
