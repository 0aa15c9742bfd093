//! Source priority (CONTRACT §12.4.1): a tier (0 manual entry, 1 Watch,
//! 2 iPhone, 3 anything else) and the source's name, lower first.

use std::cmp::Ordering;
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Priority {
    pub tier: u8,
    /// Interned `sourceName`, see [`SourceNames`].
    pub name: u32,
}

/// The stored form of a tier (`record_id` of an `apple_health` row), so
/// that daily totals can rank rows stored by earlier imports.
pub(crate) fn tier_tag(tier: u8) -> &'static str {
    match tier {
        0 => "t0",
        1 => "t1",
        2 => "t2",
        _ => "t3",
    }
}

/// The tier back from its stored form; unknown tags rank last.
pub fn tier_of(tag: Option<&str>) -> u8 {
    match tag {
        Some("t0") => 0,
        Some("t1") => 1,
        Some("t2") => 2,
        _ => 3,
    }
}

/// Orders (tier, name) pairs: lower is higher priority; names compare by
/// Unicode code point, which is byte order in UTF-8.
pub fn rank_order(a: (u8, &str), b: (u8, &str)) -> Ordering {
    a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1))
}

/// Source names (and workout types) seen by a parse, each stored once.
#[derive(Debug, Default)]
pub(crate) struct SourceNames {
    names: Vec<String>,
    ids: HashMap<Box<[u8]>, u32>,
    sent: usize,
}

impl SourceNames {
    /// The id of a raw (still escaped) attribute value.
    pub(crate) fn intern(&mut self, raw: &[u8]) -> u32 {
        if let Some(&id) = self.ids.get(raw) {
            return id;
        }
        let text = String::from_utf8_lossy(raw);
        let name = quick_xml::escape::unescape(&text)
            .map(|s| s.into_owned())
            .unwrap_or_else(|_| text.clone().into_owned());
        let id = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.names.push(name);
        self.ids.insert(raw.into(), id);
        id
    }

    pub(crate) fn name(&self, id: u32) -> &str {
        self.names.get(id as usize).map_or("", String::as_str)
    }

    /// Whether `a` ranks strictly higher than `b`.
    pub(crate) fn outranks(&self, a: Priority, b: Priority) -> bool {
        rank_order((a.tier, self.name(a.name)), (b.tier, self.name(b.name))) == Ordering::Less
    }

    /// Names added since the last call, in id order.
    pub(crate) fn take_new(&mut self) -> Vec<String> {
        let new = self.names[self.sent..].to_vec();
        self.sent = self.names.len();
        new
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_beats_watch_beats_iphone_beats_apps_then_names_decide() {
        let mut names = SourceNames::default();
        let watch = Priority {
            tier: 1,
            name: names.intern(b"Apple Watch de Zo\xc3\xab"),
        };
        let phone = Priority {
            tier: 2,
            name: names.intern(b"John&#8217;s iPhone"),
        };
        let manual = Priority {
            tier: 0,
            name: names.intern(b"Health"),
        };
        let pacer = Priority {
            tier: 3,
            name: names.intern(b"Pacer"),
        };
        let health_mate = Priority {
            tier: 3,
            name: names.intern(b"Health Mate"),
        };
        assert!(names.outranks(manual, watch));
        assert!(names.outranks(watch, phone));
        assert!(names.outranks(phone, pacer));
        assert!(names.outranks(health_mate, pacer));
        assert!(!names.outranks(pacer, pacer));
        assert_eq!(names.name(phone.name), "John\u{2019}s iPhone");
    }
}
