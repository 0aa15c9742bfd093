//! The two allowances of CONTRACT §12.2 as a byte stream filter in front of
//! the XML parser: the DOCTYPE (with its internal subset, malformed since
//! iOS 16) is cut out unread, and C0 control characters other than tab, LF
//! and CR are dropped wherever they occur. Both keep the file's line breaks,
//! so a parser error's line is the line of the file itself.

use std::io::{self, Read};

/// How far into the file the DOCTYPE may end (Health's is ~10 KB).
const PROLOG_LIMIT: usize = 4 << 20;

pub(crate) struct Cleaned<R> {
    inner: R,
    /// Prolog bytes already read and cleaned, served first.
    pending: Vec<u8>,
    served: usize,
}

impl<R: Read> Cleaned<R> {
    pub(crate) fn new(mut inner: R) -> io::Result<Self> {
        let pending = read_prolog(&mut inner)?;
        Ok(Cleaned {
            inner,
            pending,
            served: 0,
        })
    }
}

impl<R: Read> Read for Cleaned<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.served < self.pending.len() {
            let n = buf.len().min(self.pending.len() - self.served);
            buf[..n].copy_from_slice(&self.pending[self.served..self.served + n]);
            self.served += n;
            if self.served == self.pending.len() {
                self.pending = Vec::new();
                self.served = 0;
            }
            return Ok(n);
        }
        loop {
            let n = self.inner.read(buf)?;
            if n == 0 {
                return Ok(0);
            }
            let kept = strip_controls(&mut buf[..n]);
            if kept > 0 {
                return Ok(kept);
            }
        }
    }
}

fn is_dropped(b: u8) -> bool {
    b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')
}

/// Drops the control bytes in place; answers how many bytes remain. UTF-8
/// never uses bytes below 0x80 inside a multi-byte character, so this is
/// safe on any chunk boundary.
pub(crate) fn strip_controls(buf: &mut [u8]) -> usize {
    let Some(first) = buf.iter().position(|&b| is_dropped(b)) else {
        return buf.len();
    };
    let mut out = first;
    for i in first..buf.len() {
        let b = buf[i];
        if !is_dropped(b) {
            buf[out] = b;
            out += 1;
        }
    }
    out
}

/// Reads until the root element's start is in view, and returns those bytes
/// without a leading BOM, without control characters and with the DOCTYPE
/// replaced by its own line breaks.
fn read_prolog(inner: &mut impl Read) -> io::Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(64 << 10);
    let mut chunk = [0u8; 64 << 10];
    let mut eof = false;
    loop {
        if let Some(cut) = doctype_span(&buf) {
            let (start, end) = cut;
            let breaks = buf[start..end].iter().filter(|&&b| b == b'\n').count();
            buf.splice(start..end, std::iter::repeat_n(b'\n', breaks));
            break;
        }
        if eof || buf.len() > PROLOG_LIMIT || root_in_view(&buf) {
            break;
        }
        let n = inner.read(&mut chunk)?;
        if n == 0 {
            eof = true;
            continue;
        }
        let kept = strip_controls(&mut chunk[..n]);
        buf.extend_from_slice(&chunk[..kept]);
    }
    if buf.starts_with(b"\xEF\xBB\xBF") {
        buf.drain(..3);
    }
    Ok(buf)
}

/// Whether the root element has started before any DOCTYPE.
fn root_in_view(buf: &[u8]) -> bool {
    let root = find(buf, b"<HealthData");
    let doctype = find(buf, b"<!DOCTYPE");
    matches!((root, doctype), (Some(_), None))
        || matches!((root, doctype), (Some(r), Some(d)) if r < d)
}

/// The DOCTYPE's byte range when its end is in `buf`: to the first `]>`
/// after it, or the first `>` when no `[` comes first (§12.2.1). At the end
/// of the input an unterminated DOCTYPE is left for the parser to reject.
fn doctype_span(buf: &[u8]) -> Option<(usize, usize)> {
    let start = find(buf, b"<!DOCTYPE")?;
    if find(&buf[..start], b"<HealthData").is_some() {
        return None;
    }
    let after = start + b"<!DOCTYPE".len();
    let open = buf[after..].iter().position(|&b| b == b'[' || b == b'>')? + after;
    let end = if buf[open] == b'>' {
        open + 1
    } else {
        find(&buf[open..], b"]>")? + open + 2
    };
    Some((start, end))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(input: &str) -> String {
        let mut out = String::new();
        Cleaned::new(input.as_bytes())
            .unwrap()
            .read_to_string(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn a_broken_internal_subset_is_cut_out_keeping_its_lines() {
        let input = "<?xml version=\"1.0\"?>\n<!DOCTYPE HealthData [\n<!ATTLIST VisionPrescription\n  type CDATA #REQUIRED\nstray\n]>\n<HealthData/>\n";
        assert_eq!(
            clean(input),
            "<?xml version=\"1.0\"?>\n\n\n\n\n\n<HealthData/>\n"
        );
    }

    #[test]
    fn a_doctype_without_subset_ends_at_its_first_gt() {
        assert_eq!(
            clean("<!DOCTYPE HealthData>\n<HealthData/>"),
            "\n<HealthData/>"
        );
    }

    #[test]
    fn control_characters_go_and_non_ascii_text_stays() {
        let input = "\u{feff}<HealthData a=\"Zo\u{eb}\u{b}\u{1}\">\u{c}\t</HealthData>";
        assert_eq!(clean(input), "<HealthData a=\"Zo\u{eb}\">\t</HealthData>");
    }
}
