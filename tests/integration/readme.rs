//! The README's provider table against the registry: every catalogued
//! source has a row with its id and name, marked as working exactly when
//! this build has it.

use healthdash_core::source::{SOURCES, SourceKind};

fn provider_rows() -> Vec<Vec<String>> {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    let section = readme
        .split("\n## Providers\n")
        .nth(1)
        .expect("a Providers section")
        .split("\n## ")
        .next()
        .unwrap_or_default()
        .to_owned();
    section
        .lines()
        .take_while(|l| !l.starts_with("###"))
        .filter(|l| l.starts_with('|') && !l.starts_with("|---") && !l.starts_with("| provider"))
        .map(|l| {
            l.trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_owned())
                .collect()
        })
        .collect()
}

#[test]
fn the_provider_table_lists_every_source_as_the_registry_has_it() {
    let rows = provider_rows();
    for source in SOURCES {
        let id = format!("`{}`", source.id);
        let row = rows
            .iter()
            .find(|r| r.get(1) == Some(&id))
            .unwrap_or_else(|| panic!("README has no row for {id}: {rows:?}"));
        assert!(row[0].starts_with(source.name), "{id}: {:?}", row[0]);
        let works = row[2].starts_with("**works**") || row[2].starts_with("works");
        let built = match source.kind {
            SourceKind::Provider => healthdash_connect::registry::provider(source.id).is_some(),
            SourceKind::Demo => true,
            // `healthdash import apple-health` (CONTRACT §12).
            SourceKind::Importer => source.id == "apple_health",
        };
        assert_eq!(works, built, "{id}: {:?}", row[2]);
    }
    assert_eq!(rows.len(), SOURCES.len(), "one row per source: {rows:?}");
}
