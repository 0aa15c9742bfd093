//! Which file we were given (CONTRACT §12.1.1–1.2): a zip or a bare XML,
//! told by content; in a zip, the main XML entry, read as a stream.

use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use zip::ZipArchive;

use crate::error::{Error, Result};

/// How many bytes of an entry tell whether it is Health's main XML.
const SNIFF: usize = 4096;

/// The export, opened and checked; [`Input::open`] streams its XML.
pub(crate) struct Input {
    source: Source,
    /// Bytes of the file read so far (progress).
    pub read: Arc<AtomicU64>,
    /// The file's size.
    pub size: u64,
}

enum Source {
    Xml(CountingFile),
    Zip {
        archive: ZipArchive<CountingFile>,
        index: usize,
    },
}

impl Input {
    /// Opens `path` and finds its XML; every error of §12.1.6 but the XML's
    /// own is found here, before anything is stored.
    pub(crate) fn open_path(path: &Path) -> Result<Input> {
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        let size = file.metadata().map_err(|e| Error::io(path, e))?.len();
        let read = Arc::new(AtomicU64::new(0));
        let mut file = CountingFile {
            inner: file,
            read: Arc::clone(&read),
        };
        let mut head = [0u8; 512];
        let n = read_up_to(&mut file, &mut head).map_err(|e| Error::io(path, e))?;
        if n == 0 {
            return Err(Error::AppleEmpty);
        }
        file.seek(SeekFrom::Start(0))
            .map_err(|e| Error::io(path, e))?;
        let source = match kind(&head[..n]) {
            Some(Kind::Zip) => zip_source(file)?,
            Some(Kind::Xml) => Source::Xml(file),
            None => return Err(Error::AppleNotExport),
        };
        Ok(Input { source, read, size })
    }

    /// The main XML from its first byte. Read errors of a zip entry
    /// (damaged data, wrong checksum) are tagged, see [`is_zip_failure`].
    pub(crate) fn open(&mut self) -> Result<Box<dyn Read + '_>> {
        match &mut self.source {
            Source::Xml(file) => {
                file.seek(SeekFrom::Start(0)).map_err(Error::Output)?;
                Ok(Box::new(file))
            }
            Source::Zip { archive, index } => {
                let entry = archive.by_index(*index).map_err(zip_error)?;
                Ok(Box::new(ZipEntry(entry)))
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Zip,
    Xml,
}

/// `PK\x03\x04` is a zip; `<` as the first non-blank byte (after a BOM) is XML.
fn kind(head: &[u8]) -> Option<Kind> {
    if head.starts_with(b"PK\x03\x04") {
        return Some(Kind::Zip);
    }
    let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let first = text.iter().find(|b| !b.is_ascii_whitespace())?;
    (*first == b'<').then_some(Kind::Xml)
}

fn zip_source(file: CountingFile) -> Result<Source> {
    let mut archive = ZipArchive::new(file).map_err(zip_error)?;
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(zip_error)?;
        if !may_be_main(entry.name()) {
            continue;
        }
        let mut head = vec![0u8; SNIFF];
        let n = read_up_to(&mut entry, &mut head).map_err(|e| Error::AppleZip(e.to_string()))?;
        let head = &head[..n];
        if contains(head, b"<!DOCTYPE HealthData") || contains(head, b"<HealthData") {
            drop(entry);
            return Ok(Source::Zip { archive, index });
        }
    }
    Err(Error::AppleNoMainXml)
}

/// At most one folder deep and ending in `.xml` (the name is localized).
fn may_be_main(name: &str) -> bool {
    !name.ends_with('/')
        && name.matches('/').count() <= 1
        && name.to_ascii_lowercase().ends_with(".xml")
}

fn zip_error(e: zip::result::ZipError) -> Error {
    Error::AppleZip(e.to_string())
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn read_up_to(input: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match input.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Marks an I/O error as coming from the zip's data, not from the XML.
#[derive(Debug)]
struct ZipFailure(String);

impl std::fmt::Display for ZipFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ZipFailure {}

/// The zip's reason when `e` came out of a damaged entry.
pub(crate) fn zip_failure(e: &io::Error) -> Option<String> {
    e.get_ref()
        .and_then(|inner| inner.downcast_ref::<ZipFailure>())
        .map(|z| z.0.clone())
}

struct ZipEntry<'a>(zip::read::ZipFile<'a, CountingFile>);

impl Read for ZipEntry<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0
            .read(buf)
            .map_err(|e| io::Error::other(ZipFailure(e.to_string())))
    }
}

/// The file, counting what is read of it (zip reads go through a buffer).
pub(crate) struct CountingFile {
    inner: File,
    read: Arc<AtomicU64>,
}

impl Read for CountingFile {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

impl Seek for CountingFile {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        let at = self.inner.seek(pos)?;
        self.read.store(at, Ordering::Relaxed);
        Ok(at)
    }
}

/// A buffered reader sized for the parser.
pub(crate) fn buffered<R: Read>(input: R) -> BufReader<R> {
    BufReader::with_capacity(256 << 10, input)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kind_is_told_by_content() {
        assert_eq!(kind(b"PK\x03\x04rest"), Some(Kind::Zip));
        assert_eq!(kind(b"\xEF\xBB\xBF  \n<?xml"), Some(Kind::Xml));
        assert_eq!(kind(b"\x89PNG\r\n"), None);
        assert_eq!(kind(b"   "), None);
    }

    #[test]
    fn the_main_xml_is_at_most_one_folder_deep() {
        assert!(may_be_main("apple_health_export/export.xml"));
        assert!(may_be_main("apple_health_export/导出.xml"));
        assert!(may_be_main("export.XML"));
        assert!(!may_be_main("a/b/export.xml"));
        assert!(!may_be_main("apple_health_export/workout-routes/route.gpx"));
    }
}
