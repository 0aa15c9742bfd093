//! Schema migrations. Shipped migrations are never edited, only appended;
//! `user_version` counts how many have run.
//!
//! Changelog:
//! - v1: catalogue tables, measurements with identity index, hour/day rollups,
//!   sleep nights, workouts, provider accounts, sync cursors, raw payloads.
//! - v2: sync support: measurements findable by provider record id (a
//!   corrected Withings group replaces its old values), and one raw payload
//!   per provider request (a re-fetch replaces the stored response).
//! - v3: raw payloads in parts (a page's answer may take several requests);
//!   Withings sleep bundles split into their parts.
//! - v4 (`V_APPLE_HEALTH`): every Apple Health `SleepAnalysis` sample (InBed
//!   and legacy Asleep included), the input of its per-night rows.
//! - v5 (`V_EXIST_PUSH`): what `push exist` sent and Exist accepted, per
//!   (attribute, date), and which attributes this data directory has acquired.
//! - v6 (`V_SYNC_RUNS`): which local days each sync (per stream) or import
//!   covered, when it finished and how, so a day without data tells "synced,
//!   nothing there" from "never synced" and "the sync failed".

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
const STEPS: &[&str] = &[V1, V2, V3, V_APPLE_HEALTH, V_EXIST_PUSH, V_SYNC_RUNS];

const V2: &str = r#"
CREATE INDEX measurements_by_record
    ON measurements (source_id, record_id) WHERE record_id IS NOT NULL;
DROP INDEX raw_payloads_by_stream;
CREATE UNIQUE INDEX raw_payloads_by_request ON raw_payloads (provider, stream, request);
"#;

/// A page may keep several parts of its answer (a list and each item of
/// it). Withings sleep pages were kept as one JSON bundle
/// `{"summary": "<getsummary answer>", "nights": [[id, "<get answer>"], …]}`;
/// they are split into their parts here, so nothing needs to read bundles.
const V3: &str = r#"
ALTER TABLE raw_payloads ADD COLUMN part TEXT NOT NULL DEFAULT '';
DROP INDEX raw_payloads_by_request;
CREATE UNIQUE INDEX raw_payloads_by_part ON raw_payloads (provider, stream, request, part);
INSERT INTO raw_payloads (provider, stream, request, part, fetched_at, parser_version, body)
    SELECT provider, stream, request, 'summary', fetched_at, parser_version,
           CAST(json_extract(CAST(body AS TEXT), '$.summary') AS BLOB)
    FROM raw_payloads
    WHERE provider = 'withings' AND stream = 'sleep' AND part = ''
      AND json_valid(CAST(body AS TEXT))
      AND json_type(CAST(body AS TEXT), '$.summary') = 'text';
INSERT INTO raw_payloads (provider, stream, request, part, fetched_at, parser_version, body)
    SELECT r.provider, r.stream, r.request, 'night ' || json_extract(n.value, '$[0]'),
           r.fetched_at, r.parser_version, CAST(json_extract(n.value, '$[1]') AS BLOB)
    FROM raw_payloads AS r, json_each(CAST(r.body AS TEXT), '$.nights') AS n
    WHERE r.provider = 'withings' AND r.stream = 'sleep' AND r.part = ''
      AND json_valid(CAST(r.body AS TEXT))
      AND json_type(CAST(r.body AS TEXT), '$.summary') = 'text';
DELETE FROM raw_payloads
    WHERE provider = 'withings' AND stream = 'sleep' AND part = ''
      AND json_valid(CAST(body AS TEXT))
      AND json_type(CAST(body AS TEXT), '$.summary') = 'text';
"#;

/// Apple Health's sleep samples as imported, whatever their state: the
/// per-night rows are recomputed from all of them after every import
/// (CONTRACT §12.5), and InBed or legacy Asleep samples have no row of
/// their own. `state` is the importer's `SleepState` code, `tier` its
/// priority tier; exact duplicates are one row.
const V_APPLE_HEALTH: &str = r#"
CREATE TABLE apple_health_sleep (
    start_utc   INTEGER NOT NULL,
    end_utc     INTEGER NOT NULL,
    utc_offset  INTEGER NOT NULL,
    state       INTEGER NOT NULL,
    tier        INTEGER NOT NULL,
    source_name TEXT    NOT NULL,
    PRIMARY KEY (start_utc, end_utc, state, tier, source_name)
) WITHOUT ROWID;
"#;

/// The push record (CONTRACT §9.4): the last value a provider accepted per
/// (attribute, date), so an unchanged value is never sent twice, and the
/// attributes acquired, so ownership is taken once. Neither depends on
/// tokens: disconnecting keeps them, `disconnect --purge` forgets them.
const V_EXIST_PUSH: &str = r#"
CREATE TABLE push_record (
    provider  TEXT    NOT NULL,
    attribute TEXT    NOT NULL,
    date      TEXT    NOT NULL,   -- YYYY-MM-DD, the provider's local date
    value     TEXT    NOT NULL,   -- the JSON number as sent
    sent_at   INTEGER NOT NULL,
    PRIMARY KEY (provider, attribute, date)
) WITHOUT ROWID;
CREATE TABLE push_acquired (
    provider    TEXT    NOT NULL,
    attribute   TEXT    NOT NULL,
    acquired_at INTEGER NOT NULL,
    PRIMARY KEY (provider, attribute)
) WITHOUT ROWID;
-- The app's "push after each sync" choice and when it last ran.
CREATE TABLE push_settings (
    provider       TEXT    PRIMARY KEY,
    auto           INTEGER NOT NULL DEFAULT 0,
    metrics        TEXT    NOT NULL DEFAULT '',   -- comma-separated metric ids; '' = all
    last_auto_push INTEGER
) WITHOUT ROWID;
"#;

/// What each sync of a stream (or import of a file) covered: local days
/// `first_day..=last_day` (days since 1970-01-01), when it finished and, when
/// it failed, why (`error`; NULL for a run that went through). Contiguous
/// successful runs of a stream are kept as one row, so hourly syncs add none.
/// Syncs before this version left no record: an account's last successful
/// sync stands for one run from its first stored day to that sync's day.
const V_SYNC_RUNS: &str = r#"
CREATE TABLE sync_runs (
    id          INTEGER PRIMARY KEY,
    provider    TEXT    NOT NULL,
    stream      TEXT    NOT NULL,
    first_day   INTEGER NOT NULL,
    last_day    INTEGER NOT NULL,
    finished_at INTEGER NOT NULL,
    error       TEXT,
    CHECK (last_day >= first_day)
);
CREATE INDEX sync_runs_by_stream ON sync_runs (provider, stream, finished_at);
INSERT INTO sync_runs (provider, stream, first_day, last_day, finished_at, error)
    SELECT a.provider, '', min(coalesce(d.first_day, a.last_sync_at / 86400), a.last_sync_at / 86400),
           a.last_sync_at / 86400, a.last_sync_at, NULL
    FROM provider_accounts AS a
    LEFT JOIN (SELECT s.name AS name, min(r.bucket) AS first_day
               FROM rollups AS r JOIN sources AS s ON s.id = r.source_id
               WHERE r.level = 1 GROUP BY s.name) AS d ON d.name = a.provider
    WHERE a.last_sync_at IS NOT NULL;
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
    fn v3_splits_a_withings_sleep_bundle_into_its_parts() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        migrations().to_version(&mut conn, 2).unwrap();
        let bundle = r#"{"summary":"{\"status\":0}","nights":[[7,"{\"a\":1}"],[8,"{\"b\":2}"]]}"#;
        let insert =
            "INSERT INTO raw_payloads (provider, stream, request, fetched_at, parser_version, body)
                      VALUES (?1, ?2, ?3, 5, 1, ?4)";
        conn.execute(
            insert,
            rusqlite::params!["withings", "sleep", "sleep w", bundle.as_bytes()],
        )
        .unwrap();
        conn.execute(
            insert,
            rusqlite::params!["withings", "measures", "getmeas", b"{}".as_slice()],
        )
        .unwrap();
        migrations().to_latest(&mut conn).unwrap();
        let rows: Vec<(String, String, String, Vec<u8>)> = conn
            .prepare("SELECT stream, request, part, body FROM raw_payloads ORDER BY stream, part")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let text = |b: &[u8]| String::from_utf8(b.to_vec()).unwrap();
        let rows: Vec<_> = rows
            .iter()
            .map(|(s, r, p, b)| (s.as_str(), r.as_str(), p.as_str(), text(b)))
            .collect();
        assert_eq!(
            rows,
            [
                ("measures", "getmeas", "", "{}".to_owned()),
                ("sleep", "sleep w", "night 7", r#"{"a":1}"#.to_owned()),
                ("sleep", "sleep w", "night 8", r#"{"b":2}"#.to_owned()),
                ("sleep", "sleep w", "summary", r#"{"status":0}"#.to_owned()),
            ]
        );
    }

    #[test]
    fn v_sync_runs_stands_an_accounts_last_sync_for_one_run_over_its_data() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        migrations().to_version(&mut conn, 5).unwrap();
        conn.execute_batch(
            "INSERT INTO sources (id, name) VALUES (1, 'withings');
             INSERT INTO rollups VALUES (1, 1, 0, 1, 20000, 1, 70, 70, 70);
             INSERT INTO rollups VALUES (1, 1, 0, 1, 20100, 1, 71, 71, 71);
             INSERT INTO provider_accounts (provider, status, connected_at, last_sync_at, updated_at)
                 VALUES ('withings', 'connected', 0, 20200 * 86400 + 3600, 0),
                        ('exist', 'connected', 0, NULL, 0);",
        )
        .unwrap();
        migrations().to_latest(&mut conn).unwrap();
        let runs: Vec<(String, String, i64, i64, Option<String>)> = conn
            .prepare("SELECT provider, stream, first_day, last_day, error FROM sync_runs")
            .unwrap()
            .query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(
            runs,
            [("withings".into(), String::new(), 20000, 20200, None)]
        );
    }

    #[test]
    fn application_id_literal_matches_constant() {
        assert!(V1.contains(&format!("application_id = {APPLICATION_ID};")));
    }
}
