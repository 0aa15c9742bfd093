//! The pull parser over the cleaned XML (CONTRACT §12.2–12.4): top-level
//! `Record`s and `Workout`s become rows, everything else is stepped over.
//! Rows go out in chunks; within one import, of several records with one
//! identity only the highest-priority one (§12.4.2) is sent.

use std::collections::HashMap;
use std::io::BufRead;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::date::{self, Stamp};
use super::mapping::{RecordKind, SleepState, record_kind};
use super::priority::{Priority, SourceNames};
use crate::metric::Metric;
use crate::model::MAX_TIME;

/// Rows per chunk handed to the writer.
pub(crate) const CHUNK: usize = 16_384;

/// One row of the import, before it becomes a measurement.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Row {
    pub metric: Metric,
    pub start: i64,
    /// `None` for an instant.
    pub end: Option<i64>,
    pub value: f64,
    pub offset: i32,
    pub priority: Priority,
    /// Workouts: the interned activity type.
    pub activity: u32,
}

/// One `SleepAnalysis` record, whatever its state (§12.5 needs them all).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct SleepSample {
    pub start: i64,
    pub end: i64,
    pub offset: i32,
    pub state: SleepState,
    pub priority: Priority,
}

#[derive(Debug, Default)]
pub(crate) struct Chunk {
    pub rows: Vec<Row>,
    pub sleep: Vec<SleepSample>,
    /// Source names and activity types first seen in this chunk, in id order.
    pub new_names: Vec<String>,
}

/// What the parse counted.
#[derive(Debug, Default)]
pub(crate) struct Counts {
    pub records: u64,
    pub duplicates: u64,
    /// Skipped records by type.
    pub skipped: HashMap<String, u64>,
}

/// Why the XML cannot be read: a byte offset into the cleaned stream, or
/// "ended early", for the caller to turn into a line number.
#[derive(Debug)]
pub(crate) enum XmlFailure {
    At { offset: u64, why: String },
    Io(std::io::Error),
    Stopped,
}

/// Where a `Record` or `Workout` is in the tree.
#[derive(Clone, Copy)]
enum Open {
    Row(Row),
    Sleep(SleepSample),
    Skip,
}

pub(crate) struct Parser<R: BufRead> {
    reader: Reader<R>,
    buf: Vec<u8>,
    names: SourceNames,
    best: HashMap<u128, Priority>,
    chunk: Chunk,
    pub counts: Counts,
}

impl<R: BufRead> Parser<R> {
    pub(crate) fn new(input: R) -> Self {
        let mut reader = Reader::from_reader(input);
        let config = reader.config_mut();
        config.trim_text(false);
        config.check_end_names = true;
        Parser {
            reader,
            buf: Vec::with_capacity(4096),
            names: SourceNames::default(),
            best: HashMap::new(),
            chunk: Chunk::default(),
            counts: Counts::default(),
        }
    }

    /// Reads the whole document, handing full chunks to `send` (which
    /// answers false when nobody listens any more).
    pub(crate) fn run(&mut self, send: &mut dyn FnMut(Chunk) -> bool) -> Result<(), XmlFailure> {
        let mut depth = 0usize;
        let mut open: Option<Open> = None;
        let mut user_entered = false;
        let mut root_seen = false;
        let mut closed = false;
        let mut buf = std::mem::take(&mut self.buf);
        loop {
            let at = self.reader.buffer_position();
            buf.clear();
            let event = match self.reader.read_event_into(&mut buf) {
                Ok(event) => event,
                Err(quick_xml::Error::Io(io)) => {
                    let io = std::sync::Arc::try_unwrap(io).unwrap_or_else(|shared| {
                        std::io::Error::new(shared.kind(), shared.to_string())
                    });
                    return Err(XmlFailure::Io(io));
                }
                Err(e) => {
                    return Err(XmlFailure::At {
                        offset: self.reader.error_position(),
                        why: e.to_string(),
                    });
                }
            };
            match event {
                Event::Start(e) | Event::Empty(e) if closed => {
                    let _ = e;
                    return Err(XmlFailure::At {
                        offset: at,
                        why: "content after </HealthData>".into(),
                    });
                }
                Event::Start(ref e) | Event::Empty(ref e) if depth == 0 => {
                    if e.name().as_ref() != b"HealthData" {
                        let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                        return Err(XmlFailure::At {
                            offset: at,
                            why: format!("the root is <{name}>, not <HealthData>"),
                        });
                    }
                    root_seen = true;
                    if matches!(event, Event::Start(_)) {
                        depth = 1;
                    } else {
                        closed = true;
                    }
                }
                Event::Start(e) => {
                    if depth == 1 {
                        open = self.top_level(&e);
                        user_entered = false;
                    } else if depth == 2 && open.is_some() {
                        user_entered |= is_user_entered(&e);
                    }
                    depth += 1;
                }
                Event::Empty(e) => {
                    if depth == 1 {
                        if let Some(item) = self.top_level(&e) {
                            self.finish(item, false);
                        }
                    } else if depth == 2 && open.is_some() {
                        user_entered |= is_user_entered(&e);
                    }
                }
                Event::End(_) => {
                    depth = depth.saturating_sub(1);
                    if depth == 1 {
                        if let Some(item) = open.take() {
                            self.finish(item, user_entered);
                        }
                    } else if depth == 0 {
                        closed = true;
                    }
                }
                Event::Eof => {
                    if !root_seen || !closed {
                        return Err(XmlFailure::At {
                            offset: at,
                            why: "the export ends before </HealthData> (an interrupted export)"
                                .into(),
                        });
                    }
                    break;
                }
                Event::Text(_)
                | Event::CData(_)
                | Event::Comment(_)
                | Event::Decl(_)
                | Event::PI(_)
                | Event::DocType(_)
                | Event::GeneralRef(_) => {}
            }
            if self.chunk.rows.len() + self.chunk.sleep.len() >= CHUNK && !self.flush(send) {
                return Err(XmlFailure::Stopped);
            }
        }
        if !self.flush(send) {
            return Err(XmlFailure::Stopped);
        }
        Ok(())
    }

    fn flush(&mut self, send: &mut dyn FnMut(Chunk) -> bool) -> bool {
        let mut chunk = std::mem::take(&mut self.chunk);
        chunk.new_names = self.names.take_new();
        chunk.rows.reserve(0);
        self.chunk.rows.reserve(CHUNK);
        send(chunk)
    }

    /// A child of `HealthData`: a row in the making, or nothing.
    fn top_level(&mut self, e: &BytesStart<'_>) -> Option<Open> {
        match e.name().as_ref() {
            b"Record" => {
                self.counts.records += 1;
                Some(self.record(e))
            }
            b"Workout" => {
                self.counts.records += 1;
                Some(self.workout(e))
            }
            _ => None,
        }
    }

    fn record(&mut self, e: &BytesStart<'_>) -> Open {
        let mut a = Attrs::default();
        for attr in e.attributes().with_checks(false).flatten() {
            let v = attr.value;
            match attr.key.as_ref() {
                b"type" => a.hk_type = Some(v),
                b"sourceName" => a.source = Some(v),
                b"device" => a.device = Some(v),
                b"unit" => a.unit = Some(v),
                b"value" => a.value = Some(v),
                b"startDate" => a.start = Some(v),
                b"endDate" => a.end = Some(v),
                _ => {}
            }
        }
        let hk_type = a.hk_type.as_deref().unwrap_or(b"(no type)");
        let Some(kind) = record_kind(hk_type) else {
            return self.skip(hk_type);
        };
        let Some((start, end)) = span(a.start.as_deref(), a.end.as_deref()) else {
            return self.skip(hk_type);
        };
        let priority = self.priority(a.source.as_deref(), a.device.as_deref());
        let value = a.value.as_deref().unwrap_or_default();
        match kind {
            RecordKind::Sleep => match (SleepState::parse(value), end) {
                (Some(state), Some(end)) => Open::Sleep(SleepSample {
                    start: start.utc,
                    end,
                    offset: start.offset,
                    state,
                    priority,
                }),
                _ => self.skip(hk_type),
            },
            RecordKind::Quantity(metric, units) => {
                let unit = a.unit.as_deref().unwrap_or_default();
                let converted = parse_number(value).and_then(|v| units.convert(unit, v));
                match converted {
                    Some(value) if value.is_finite() => Open::Row(Row {
                        metric,
                        start: start.utc,
                        end,
                        value,
                        offset: start.offset,
                        priority,
                        activity: 0,
                    }),
                    _ => self.skip(hk_type),
                }
            }
        }
    }

    fn workout(&mut self, e: &BytesStart<'_>) -> Open {
        let mut a = Attrs::default();
        for attr in e.attributes().with_checks(false).flatten() {
            let v = attr.value;
            match attr.key.as_ref() {
                b"workoutActivityType" => a.hk_type = Some(v),
                b"sourceName" => a.source = Some(v),
                b"device" => a.device = Some(v),
                b"duration" => a.value = Some(v),
                b"durationUnit" => a.unit = Some(v),
                b"startDate" => a.start = Some(v),
                b"endDate" => a.end = Some(v),
                _ => {}
            }
        }
        let Some((start, Some(end))) = span(a.start.as_deref(), a.end.as_deref()) else {
            return self.skip(b"Workout");
        };
        let per_unit = match a.unit.as_deref() {
            Some(b"s") => Some(1.0),
            Some(b"min") => Some(60.0),
            Some(b"hr" | b"h") => Some(3600.0),
            _ => None,
        };
        let duration = a.value.as_deref().and_then(parse_number);
        let value = match (duration, per_unit) {
            (Some(d), Some(k)) if d.is_finite() && d >= 0.0 => d * k,
            _ => (end - start.utc) as f64,
        };
        let priority = self.priority(a.source.as_deref(), a.device.as_deref());
        let activity = self.names.intern(
            a.hk_type
                .as_deref()
                .unwrap_or(b"HKWorkoutActivityTypeOther"),
        );
        Open::Row(Row {
            metric: Metric::Workout,
            start: start.utc,
            end: Some(end),
            value,
            offset: start.offset,
            priority,
            activity,
        })
    }

    fn skip(&mut self, hk_type: &[u8]) -> Open {
        let name = std::str::from_utf8(hk_type).unwrap_or("(unreadable type)");
        match self.counts.skipped.get_mut(name) {
            Some(n) => *n += 1,
            None => {
                self.counts.skipped.insert(name.to_owned(), 1);
            }
        }
        Open::Skip
    }

    /// §12.4.1 without the manual-entry tier, which the children decide.
    fn priority(&mut self, source: Option<&[u8]>, device: Option<&[u8]>) -> Priority {
        let tier = match device.and_then(device_model) {
            Some(b"Watch") => 1,
            Some(b"iPhone") => 2,
            _ => 3,
        };
        Priority {
            tier,
            name: self.names.intern(source.unwrap_or_default()),
        }
    }

    /// Sends the row unless a record of higher priority had its identity.
    fn finish(&mut self, item: Open, user_entered: bool) {
        match item {
            Open::Skip => {}
            Open::Sleep(mut sample) => {
                if user_entered {
                    sample.priority.tier = 0;
                }
                self.chunk.sleep.push(sample);
                if let Some(value) = sample.state.stage_value() {
                    self.keep_best(Row {
                        metric: Metric::SleepStage,
                        start: sample.start,
                        end: Some(sample.end),
                        value,
                        offset: sample.offset,
                        priority: sample.priority,
                        activity: 0,
                    });
                }
            }
            Open::Row(mut row) => {
                if user_entered {
                    row.priority.tier = 0;
                }
                self.keep_best(row);
            }
        }
    }

    fn keep_best(&mut self, row: Row) {
        let key = identity(&row);
        match self.best.get_mut(&key) {
            Some(best) if self.names.outranks(*best, row.priority) => {
                self.counts.duplicates += 1;
            }
            Some(best) => {
                self.counts.duplicates += 1;
                *best = row.priority;
                self.chunk.rows.push(row);
            }
            None => {
                self.best.insert(key, row.priority);
                self.chunk.rows.push(row);
            }
        }
    }
}

/// (metric, start, end) in 16 bytes: times fit 32 bits before 2100.
fn identity(row: &Row) -> u128 {
    let start = row.start as u64 & 0xFFFF_FFFF;
    let end = row.end.unwrap_or(row.start) as u64 & 0xFFFF_FFFF_FFFF;
    (u128::from(row.metric as u8) << 96) | (u128::from(start) << 48) | u128::from(end)
}

#[derive(Default)]
struct Attrs<'a> {
    hk_type: Option<std::borrow::Cow<'a, [u8]>>,
    source: Option<std::borrow::Cow<'a, [u8]>>,
    device: Option<std::borrow::Cow<'a, [u8]>>,
    unit: Option<std::borrow::Cow<'a, [u8]>>,
    value: Option<std::borrow::Cow<'a, [u8]>>,
    start: Option<std::borrow::Cow<'a, [u8]>>,
    end: Option<std::borrow::Cow<'a, [u8]>>,
}

/// Start and end (`None` when equal); `None` when a date is unreadable,
/// outside 1970–2100, or the end is before the start.
fn span(start: Option<&[u8]>, end: Option<&[u8]>) -> Option<(Stamp, Option<i64>)> {
    let start = date::parse(start?)?;
    let end = date::parse(end.unwrap_or_default()).unwrap_or(start);
    if !(0..MAX_TIME).contains(&start.utc) || end.utc >= MAX_TIME || end.utc < start.utc {
        return None;
    }
    Some((start, (end.utc > start.utc).then_some(end.utc)))
}

fn parse_number(text: &[u8]) -> Option<f64> {
    std::str::from_utf8(text).ok()?.trim().parse().ok()
}

/// `model:` of Health's device description (`<<HKDevice: 0x…>, name:Apple
/// Watch, manufacturer:Apple Inc., model:Watch, hardware:Watch6,2, …>`).
fn device_model(device: &[u8]) -> Option<&[u8]> {
    const KEY: &[u8] = b"model:";
    let at = device.windows(KEY.len()).position(|w| w == KEY)? + KEY.len();
    let rest = &device[at..];
    let end = rest
        .iter()
        .position(|&b| b == b',' || b == b'&' || b == b'>')
        .unwrap_or(rest.len());
    Some(rest[..end].trim_ascii())
}

fn is_user_entered(e: &BytesStart<'_>) -> bool {
    if e.name().as_ref() != b"MetadataEntry" {
        return false;
    }
    let (mut key, mut value) = (false, false);
    for attr in e.attributes().with_checks(false).flatten() {
        match attr.key.as_ref() {
            b"key" => key = attr.value.as_ref() == b"HKWasUserEntered",
            b"value" => value = attr.value.as_ref() == b"1",
            _ => {}
        }
    }
    key && value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_device_model_is_read_from_the_description() {
        let watch = b"&lt;&lt;HKDevice: 0x283e5c0a0&gt;, name:Apple Watch, manufacturer:Apple Inc., model:Watch, hardware:Watch6,2, software:9.1&gt;";
        assert_eq!(device_model(watch), Some(&b"Watch"[..]));
        let phone = b"<<HKDevice: 0x1>, name:iPhone, manufacturer:Apple Inc., model:iPhone, hardware:iPhone14,2>";
        assert_eq!(device_model(phone), Some(&b"iPhone"[..]));
        assert_eq!(device_model(b"<<HKDevice: 0x1>, name:Scale>"), None);
    }
}
