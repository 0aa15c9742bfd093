//! The `files` stream: list, then read each file not read before
//! (CONTRACT §10).
//!
//! One run, page by page (each a committed step, so `kill -9` resumes):
//!
//! 1. `list`: every page of `exchange-member`, following `next` to `null`
//!    (a short page is not the last one); the listing is kept in the cursor.
//! 2. `forget`: each file read earlier that is no longer listed. Its rows go
//!    (a deleted file, a source no longer shared), unless a listed file has
//!    its basename: that one replaces them when it is read.
//! 3. `skip` (unsupported kinds, never downloaded) or `read`: download
//!    without the Open Humans token (the key in the URL is the
//!    authorization; the file host must never see our token), list again
//!    when the key has expired (403), parse. A file that cannot be read is
//!    skipped with one warning naming it; the others are kept.
//!
//! Rows carry `record_id` = `file:<basename>|<the row's own id>` and
//! `detail` = where they came from (`withings`, `fitbit`). Reading a file
//! covers every record with its basename's prefix, so a replaced file (new
//! id, same basename) replaces its rows, and forgetting one removes them.

use healthdash_core::SourceId;
use healthdash_core::model::Batch;
use healthdash_core::sync::{
    BoxFuture, Fetch, ParseContext, Parsed, Part, PlanContext, Planned, Stamped, SyncError,
    TypedStream,
};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use url::Url;

use super::SPEC;
use super::download::{DEFERRED_PART, list_page};
use super::kind::{self, FileKind};
use super::listing::{self, ListedFile};
use super::provenance::{read_file, whole_file};

/// Bump when a parser changes what it derives from the same file.
pub const PARSER_VERSION: i64 = 1;

pub const NAME: &str = "files";

#[derive(Debug)]
pub struct Files {
    pub(super) base: Url,
    source: SourceId,
}

impl Files {
    pub fn new(base: Url) -> Result<Files, SyncError> {
        Ok(Files {
            base,
            source: SPEC.id.parse()?,
        })
    }
}

/// What the stream remembers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Cursor {
    /// Every file id read or skipped, and how it went (the Connections card
    /// lists these).
    #[serde(default)]
    pub known: Vec<KnownFile>,
    /// This run's listing so far.
    #[serde(default)]
    pub listed: Vec<ListedFile>,
    /// The next listing page, while listing.
    #[serde(default)]
    pub next: Option<String>,
    #[serde(default)]
    pub pages_listed: u32,
    /// Files whose download failed in this run (tried again next sync).
    #[serde(default)]
    pub deferred: Vec<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KnownFile {
    pub id: i64,
    pub basename: String,
    pub outcome: Outcome,
}

/// What became of a file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// Parsed: `records` rows, from `origin` (`withings`, `fitbit`).
    Read { origin: String, records: u64 },
    /// A kind this build does not read (never downloaded).
    Unsupported,
    /// Downloaded but not valid JSON or not the expected shape.
    Unreadable { reason: String },
}

/// A step, with the cursor it starts from.
#[derive(Debug)]
pub struct Request {
    pub step: Step,
    pub cursor: Cursor,
}

#[derive(Debug)]
pub enum Step {
    List {
        url: Url,
    },
    /// `scratch`: the folder the download is written to (the data folder).
    Read {
        file: ListedFile,
        kind: FileKind,
        scratch: PathBuf,
    },
    Skip {
        file: ListedFile,
    },
    Forget {
        file: KnownFile,
        replaced: bool,
    },
}

impl TypedStream for Files {
    type Cursor = Cursor;
    type Request = Request;

    fn name(&self) -> &'static str {
        NAME
    }

    fn plan(
        &self,
        cursor: &Stamped<Cursor>,
        ctx: &PlanContext<'_>,
    ) -> Result<Option<Planned<Request>>, SyncError> {
        // Every run lists from the start: keys expire an hour after a
        // listing, and files may have come and gone.
        if !cursor.this_run(ctx.run) {
            return Ok(Some(Planned {
                request: Request {
                    step: Step::List {
                        url: listing::first_url(&self.base),
                    },
                    cursor: cursor.cursor.clone(),
                },
                key: "list:0".into(),
                position: None,
            }));
        }
        let c = &cursor.cursor;
        if let Some(next) = &c.next {
            let url = listing::next_url(&self.base, next).map_err(|e| parse_error("listing", e))?;
            return Ok(Some(Planned {
                request: Request {
                    step: Step::List { url },
                    cursor: c.clone(),
                },
                key: format!("list:{}", c.pages_listed),
                position: None,
            }));
        }
        let listed_ids: HashSet<i64> = c.listed.iter().map(|f| f.id).collect();
        let position = Some((c.known.len() as u64, c.listed.len() as u64));
        if let Some(gone) = c.known.iter().find(|k| !listed_ids.contains(&k.id)) {
            let replaced = c.listed.iter().any(|f| f.basename == gone.basename);
            return Ok(Some(Planned {
                request: Request {
                    step: Step::Forget {
                        file: gone.clone(),
                        replaced,
                    },
                    cursor: c.clone(),
                },
                key: format!("forget:{}", gone.id),
                position,
            }));
        }
        let known: HashSet<i64> = c.known.iter().map(|k| k.id).collect();
        let Some(file) = c
            .listed
            .iter()
            .find(|f| !known.contains(&f.id) && !c.deferred.contains(&f.id))
        else {
            return Ok(None);
        };
        let planned = match kind::of(&file.basename, &file.tags) {
            Some(kind) => Planned {
                key: file_key(kind, &file.basename),
                request: Request {
                    step: Step::Read {
                        file: file.clone(),
                        kind,
                        scratch: scratch_dir(ctx),
                    },
                    cursor: c.clone(),
                },
                position,
            },
            None => Planned {
                key: format!("skip:{}", file.id),
                request: Request {
                    step: Step::Skip { file: file.clone() },
                    cursor: c.clone(),
                },
                position,
            },
        };
        Ok(Some(planned))
    }

    fn fetch<'a>(
        &'a self,
        port: &'a dyn Fetch,
        request: &'a Request,
    ) -> BoxFuture<'a, Result<Vec<Part>, SyncError>> {
        Box::pin(async move {
            match &request.step {
                Step::List { url } => Ok(vec![Part::single(list_page(port, url).await?)]),
                Step::Read { file, scratch, .. } => self.download(port, file, scratch).await,
                Step::Skip { .. } | Step::Forget { .. } => Ok(Vec::new()),
            }
        })
    }

    fn parse(
        &self,
        request: &Request,
        parts: &[Part],
        _: &ParseContext<'_>,
    ) -> Result<Parsed<Cursor>, SyncError> {
        let mut cursor = request.cursor.clone();
        let mut batch = Batch::new(self.source.clone());
        let mut covers = None;
        match &request.step {
            Step::List { url } => {
                let page = listing::parse(Part::first_body(parts))
                    .map_err(|e| parse_error("listing", e))?;
                if is_first_page(url, &self.base) {
                    cursor.listed.clear();
                    cursor.deferred.clear();
                    cursor.pages_listed = 0;
                }
                cursor
                    .listed
                    .extend(page.data.into_iter().map(ListedFile::from));
                cursor.pages_listed += 1;
                cursor.next = page.next;
                if cursor.next.is_none()
                    && let Some(count) = page.count
                    && count != cursor.listed.len() as u64
                {
                    tracing::warn!(
                        count,
                        listed = cursor.listed.len(),
                        "Open Humans: the file list changed while it was read; the next sync reads it again"
                    );
                }
            }
            Step::Skip { file } => {
                tracing::info!(file = %file.basename, "Open Humans: not a kind Healthdash reads; skipped");
                remember(&mut cursor, file, Outcome::Unsupported);
            }
            Step::Forget { file, replaced } => {
                cursor.known.retain(|k| k.id != file.id);
                if !replaced {
                    covers = Some(whole_file(&file.basename));
                }
            }
            Step::Read { file, kind, .. } => {
                if let Some(reason) = Part::find(parts, DEFERRED_PART) {
                    tracing::warn!(
                        "Open Humans: {} could not be downloaded ({}); trying again next sync",
                        file.basename,
                        String::from_utf8_lossy(&reason.body)
                    );
                    cursor.deferred.push(file.id);
                } else {
                    match read_file(*kind, &file.basename, Part::first_body(parts), &mut batch) {
                        Ok(()) => {
                            let records = batch.len() as u64;
                            covers = Some(whole_file(&file.basename));
                            remember(
                                &mut cursor,
                                file,
                                Outcome::Read {
                                    origin: kind.origin().into(),
                                    records,
                                },
                            );
                        }
                        Err(error) => {
                            // The one line that names an unreadable file.
                            tracing::warn!(
                                "Open Humans: skipping unreadable file {} (id {}): {error}",
                                file.basename,
                                file.id
                            );
                            remember(
                                &mut cursor,
                                file,
                                Outcome::Unreadable {
                                    reason: error.to_string(),
                                },
                            );
                        }
                    }
                }
            }
        }
        Ok(Parsed {
            batch,
            complete_records: false,
            covers,
            next_cursor: cursor,
        })
    }

    fn reparse(
        &self,
        key: &str,
        parts: &[Part],
        _: &ParseContext<'_>,
    ) -> Result<Option<Batch>, SyncError> {
        let Some((kind, basename)) = parse_file_key(key) else {
            return Ok(None);
        };
        let Some(body) = Part::find(parts, "") else {
            return Ok(None);
        };
        let mut batch = Batch::new(self.source.clone());
        // The first read already warned about a file it could not read.
        Ok(read_file(kind, basename, &body.body, &mut batch)
            .ok()
            .map(|()| batch))
    }
}

/// Downloads go to the data folder (beside the database): the same disk
/// the data lives on, not a small /tmp. The system's temporary folder for
/// a store in memory (tests).
fn scratch_dir(ctx: &PlanContext<'_>) -> PathBuf {
    ctx.store
        .path()
        .and_then(|db| db.parent())
        .map_or_else(std::env::temp_dir, Path::to_path_buf)
}

/// The first page has no `offset` (or offset 0).
fn is_first_page(url: &Url, base: &Url) -> bool {
    let first = listing::first_url(base);
    url.path() == first.path()
        && url
            .query_pairs()
            .find(|(name, _)| name == "offset")
            .is_none_or(|(_, v)| v == "0")
}

fn remember(cursor: &mut Cursor, file: &ListedFile, outcome: Outcome) {
    cursor.known.retain(|k| k.id != file.id);
    cursor.known.push(KnownFile {
        id: file.id,
        basename: file.basename.clone(),
        outcome,
    });
}

/// `file:<kind>:<basename>`: the raw payload's request key, so a re-parse
/// knows the parser and a replaced file's payload replaces the old one.
fn file_key(kind: FileKind, basename: &str) -> String {
    format!("file:{}:{basename}", kind.id())
}

fn parse_file_key(key: &str) -> Option<(FileKind, &str)> {
    let (kind, basename) = key.strip_prefix("file:")?.split_once(':')?;
    Some((FileKind::from_id(kind)?, basename))
}

pub(super) fn parse_error(what: &str, e: impl std::fmt::Display) -> SyncError {
    SyncError::Parse {
        source_id: SPEC.id,
        what: what.to_owned(),
        reason: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_keys_round_trip() {
        let key = file_key(FileKind::Withings, "nokia_data_20180517");
        assert_eq!(key, "file:withings:nokia_data_20180517");
        assert_eq!(
            parse_file_key(&key),
            Some((FileKind::Withings, "nokia_data_20180517"))
        );
        assert_eq!(parse_file_key("list:0"), None);
    }

    #[test]
    fn rows_carry_the_file_and_where_they_came_from() {
        let mut batch = Batch::new("openhumans".parse().unwrap());
        read_file(
            FileKind::Fitbit,
            "fitbit-data.json",
            br#"{"tracker-steps": {"2026": {"activities-tracker-steps": [{"dateTime": "2026-11-20", "value": "10"}]}}}"#,
            &mut batch,
        )
        .unwrap();
        let row = &batch.measurements[0];
        assert_eq!(
            row.record_id.as_deref(),
            Some("file:fitbit-data.json|steps@1795132800")
        );
        assert_eq!(row.detail.as_deref(), Some("fitbit"));
    }
}
