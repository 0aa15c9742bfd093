//! Which files are read: recognised by basename, else by a metadata tag
//! (the integrations' `upload_aws` calls set both; source ids are not used,
//! PROVIDERS.md "Open Humans").

use serde::{Deserialize, Serialize};

/// A kind of file this build reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    /// `nokiahealthdata.json`, and the May 2018 `nokia_data_YYYYMMDD`
    /// layout (the parser tells the two apart per key).
    Withings,
    /// `fitbit-data.json`.
    Fitbit,
}

impl FileKind {
    /// What rows from this file carry in `detail`.
    pub fn origin(self) -> &'static str {
        match self {
            FileKind::Withings => "withings",
            FileKind::Fitbit => "fitbit",
        }
    }

    pub fn id(self) -> &'static str {
        self.origin()
    }

    pub fn from_id(id: &str) -> Option<FileKind> {
        [FileKind::Withings, FileKind::Fitbit]
            .into_iter()
            .find(|k| k.id() == id)
    }
}

/// The kind of a listed file, or `None` for files we skip (genomes, GPS…).
pub fn of(basename: &str, tags: &[String]) -> Option<FileKind> {
    if basename == "nokiahealthdata.json" || is_legacy_withings(basename) {
        return Some(FileKind::Withings);
    }
    if basename == "fitbit-data.json" {
        return Some(FileKind::Fitbit);
    }
    let tagged = |names: &[&str]| {
        tags.iter()
            .any(|t| names.iter().any(|n| n.eq_ignore_ascii_case(t)))
    };
    // The Withings integration's tags (current and 2018) sit on its one file.
    if tagged(&["nokiahealthdata", "nokia", "nokiahealth", "nokia2"]) {
        return Some(FileKind::Withings);
    }
    // "Fitbit" also tags other projects' Fitbit files (intraday CSVs…):
    // trusted only on a JSON file.
    if basename.ends_with(".json") && tagged(&["Fitbit"]) {
        return Some(FileKind::Fitbit);
    }
    None
}

/// `nokia_data_YYYYMMDD`, the Withings integration's first layout.
fn is_legacy_withings(basename: &str) -> bool {
    basename
        .strip_prefix("nokia_data_")
        .map(|rest| rest.strip_suffix(".json").unwrap_or(rest))
        .is_some_and(|date| date.len() == 8 && date.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(t: &[&str]) -> Vec<String> {
        t.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn known_basenames_and_tags() {
        assert_eq!(of("nokiahealthdata.json", &[]), Some(FileKind::Withings));
        assert_eq!(of("nokia_data_20180517", &[]), Some(FileKind::Withings));
        assert_eq!(of("fitbit-data.json", &[]), Some(FileKind::Fitbit));
        assert_eq!(
            of("fitbit-2019.json", &tags(&["Fitbit"])),
            Some(FileKind::Fitbit)
        );
        assert_eq!(
            of("withings.json", &tags(&["nokiahealthdata"])),
            Some(FileKind::Withings)
        );
        assert_eq!(
            of("nokia_data_20180521.json", &[]),
            Some(FileKind::Withings)
        );
        assert_eq!(
            of("nokia-2018", &tags(&["nokia2"])),
            Some(FileKind::Withings)
        );
    }

    #[test]
    fn genomes_gps_and_lookalikes_are_skipped() {
        assert_eq!(of("genome_23andme.txt", &tags(&["23andMe"])), None);
        assert_eq!(
            of("Runkeeper-activity-data-2016.json", &tags(&["GPS"])),
            None
        );
        assert_eq!(of("nokia_data_2018", &[]), None);
        assert_eq!(of("fitbit-intraday.csv", &tags(&["Fitbit"])), None);
    }
}
