//! Migrations: valid, and every earlier schema version upgrades to the latest
//! with its data intact.

use healthdash_core::Store;
use healthdash_core::store::{APPLICATION_ID, latest_version, migrations};

use crate::util::*;

#[test]
fn migrations_validate_from_empty() {
    migrations().validate().unwrap();
    let data = TempData::new();
    drop(data.store());
    let conn = data.raw();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    let app_id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, latest_version() as i64);
    assert_eq!(app_id, APPLICATION_ID);
}

#[test]
fn every_earlier_version_upgrades_to_the_latest() {
    for version in 1..=latest_version() {
        let data = TempData::new();
        {
            let mut conn = data.raw();
            migrations().to_version(&mut conn, version).unwrap();
        }
        let mut store = Store::open(&data.db_path()).unwrap();
        store
            .ingest(&batch("withings", vec![hr("2026-01-01T08:00:00Z", 61.0)]))
            .unwrap();
        let conn = data.raw();
        let now: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(now, latest_version() as i64, "from version {version}");
    }
}

#[test]
fn a_database_from_a_newer_healthdash_is_refused() {
    let data = TempData::new();
    drop(data.store());
    data.raw()
        .pragma_update(None, "user_version", latest_version() as i64 + 1)
        .unwrap();
    let err = Store::open(&data.db_path()).err().unwrap().to_string();
    assert!(err.contains("written by a newer Healthdash"), "{err}");
}
