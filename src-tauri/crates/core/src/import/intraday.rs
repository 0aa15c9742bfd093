//! Telling intraday detail from reported totals again.
//!
//! `export csv --intraday` writes both tiers with nothing to tell them
//! apart. What does tell them apart is shape: a source reports a total for a
//! day and, beside it, finer intervals inside that day (Withings: daily
//! steps and 15-minute steps). So an interval that lies inside a longer
//! interval of the same metric and source is intraday; the longer one is
//! the reported total. Export sorts by metric, start, then source, and
//! within one start puts the shorter interval first, so rows are held back
//! until their start is complete.
//!
//! A reported daily total starts at local midnight, which also gives back
//! the offset of the day it belongs to (the CSV carries no zone).

use std::collections::HashMap;

use super::row::Row;
use crate::metric::Metric;
use crate::source::SourceId;
use crate::time::{SECONDS_PER_DAY, Zone};

/// One interval row with what the CSV did not say.
pub(super) struct Classified {
    pub row: Row,
    pub intraday: bool,
    pub zone: Zone,
}

/// A reported interval that later rows of its source may lie inside.
#[derive(Clone, Copy)]
struct Cover {
    start: i64,
    end: i64,
    zone: Zone,
}

impl Cover {
    fn holds(&self, row: &Row, end: i64) -> bool {
        self.start <= row.start && end <= self.end && end - row.start < self.end - self.start
    }
}

pub(super) struct Classifier {
    /// Zone for rows whose own zone cannot be told.
    fallback: Zone,
    /// Rows of one metric sharing one start.
    group: Vec<Row>,
    covers: HashMap<SourceId, Cover>,
}

impl Classifier {
    pub fn new(fallback: Zone) -> Self {
        Classifier {
            fallback,
            group: Vec::new(),
            covers: HashMap::new(),
        }
    }

    /// Takes the next interval row in file order; hands out the rows whose
    /// start is complete.
    pub fn push(&mut self, row: Row, out: &mut impl FnMut(Classified)) {
        if let Some(first) = self.group.first()
            && (first.metric, first.start) != (row.metric, row.start)
        {
            let metric = first.metric;
            self.flush(out);
            if metric != row.metric {
                self.covers.clear();
            }
        }
        self.group.push(row);
    }

    /// Hands out what is held back; call at the end of the file.
    pub fn flush(&mut self, out: &mut impl FnMut(Classified)) {
        // Longest first, so a day's total becomes the cover before the
        // intervals inside it are looked at.
        self.group
            .sort_by_key(|r| std::cmp::Reverse(r.end.unwrap_or(r.start)));
        for row in self.group.drain(..) {
            let Some(end) = row.end else {
                out(Classified {
                    row,
                    intraday: false,
                    zone: self.fallback,
                });
                continue;
            };
            if let Some(cover) = self.covers.get(&row.source)
                && cover.holds(&row, end)
            {
                let zone = cover.zone;
                out(Classified {
                    row,
                    intraday: true,
                    zone,
                });
                continue;
            }
            let zone = day_zone(row.start, end, self.fallback);
            self.covers.insert(
                row.source.clone(),
                Cover {
                    start: row.start,
                    end,
                    zone,
                },
            );
            out(Classified {
                row,
                intraday: false,
                zone,
            });
        }
    }
}

/// Whether rows of `metric` can be intraday detail: totals over intervals,
/// but not workouts.
pub(super) fn may_be_intraday(metric: Metric) -> bool {
    metric.kind().is_additive() && metric != Metric::Workout
}

/// The zone of an interval that spans one local day (23, 24 or 25 hours
/// from local midnight): the offset that makes its start midnight, or
/// `fallback` itself when that is the offset `fallback` has then.
fn day_zone(start: i64, end: i64, fallback: Zone) -> Zone {
    const HOUR: i64 = 3600;
    if ![23 * HOUR, 24 * HOUR, 25 * HOUR].contains(&(end - start)) {
        return fallback;
    }
    let mut offset = (-start).rem_euclid(SECONDS_PER_DAY);
    if offset > 14 * HOUR {
        offset -= SECONDS_PER_DAY;
    }
    let offset = i32::try_from(offset).unwrap_or(0);
    if fallback.offset_at(start) == offset {
        fallback
    } else {
        Zone::Fixed(offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(metric: Metric, start: i64, end: i64, source: &str) -> Row {
        Row {
            line: 0,
            metric,
            start,
            end: Some(end),
            value: 1.0,
            source: source.parse().unwrap(),
            detail: None,
        }
    }

    fn classify(rows: Vec<Row>) -> Vec<(i64, i64, &'static str, bool)> {
        let mut out = Vec::new();
        let mut c = Classifier::new(Zone::UTC);
        let mut take = |c: Classified| {
            let source = if c.row.source.as_str() == "demo" {
                "demo"
            } else {
                "withings"
            };
            out.push((c.row.start, c.row.end.unwrap_or(0), source, c.intraday));
        };
        for r in rows {
            c.push(r, &mut take);
        }
        c.flush(&mut take);
        out.sort();
        out
    }

    #[test]
    fn intervals_inside_a_days_total_are_intraday() {
        // Paris summer: the day starts at 22:00 UTC; export writes the
        // 15-minute row first because it ends sooner.
        let day = 20_000 * SECONDS_PER_DAY - 2 * 3600;
        let rows = vec![
            row(Metric::Steps, day, day + 900, "withings"),
            row(Metric::Steps, day, day + SECONDS_PER_DAY, "withings"),
            row(Metric::Steps, day + 900, day + 1800, "withings"),
            // Another source's day at the same time is its own total.
            row(Metric::Steps, day + 900, day + 1800, "demo"),
            row(
                Metric::Steps,
                day + SECONDS_PER_DAY,
                day + 2 * SECONDS_PER_DAY,
                "withings",
            ),
        ];
        assert_eq!(
            classify(rows),
            [
                (day, day + 900, "withings", true),
                (day, day + SECONDS_PER_DAY, "withings", false),
                (day + 900, day + 1800, "demo", false),
                (day + 900, day + 1800, "withings", true),
                (
                    day + SECONDS_PER_DAY,
                    day + 2 * SECONDS_PER_DAY,
                    "withings",
                    false
                ),
            ]
        );
    }

    #[test]
    fn a_new_metric_starts_without_covers() {
        let rows = vec![
            row(Metric::Distance, 0, SECONDS_PER_DAY, "withings"),
            row(Metric::Steps, 900, 1800, "withings"),
        ];
        assert!(classify(rows).iter().all(|r| !r.3));
    }

    #[test]
    fn a_day_gives_back_its_offset() {
        let midnight = 20_000 * SECONDS_PER_DAY;
        let paris = Zone::Fixed(7200);
        assert_eq!(
            day_zone(midnight - 7200, midnight + 22 * 3600, Zone::UTC),
            paris
        );
        assert_eq!(
            day_zone(midnight + 3 * 3600, midnight + 27 * 3600, Zone::UTC),
            Zone::Fixed(-3 * 3600)
        );
        assert_eq!(
            day_zone(midnight, midnight + 600, paris),
            paris,
            "not a day"
        );
        assert_eq!(
            day_zone(midnight, midnight + SECONDS_PER_DAY, Zone::UTC),
            Zone::UTC
        );
    }
}
