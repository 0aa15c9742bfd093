//! `export csv --daily` (CONTRACT §12.6): one row per metric, local day and
//! source. Sources that report daily totals give their stored rows;
//! `apple_health`, which reports only finer intervals, gives the day totals
//! derived without double counting: a row counts only for the seconds that
//! no row of a higher-priority device or app (§12.4.1) already covers.

use std::collections::BTreeMap;
use std::io::Write;

use super::csv::{HEADER, RowWriter};
use crate::error::{Error, Result};
use crate::import::apple::{rank_order, tier_of};
use crate::metric::Metric;
use crate::source::SourceId;
use crate::store::{MeasurementRow, RankedRow, Store, Tiers};
use crate::time::SECONDS_PER_DAY;

use super::CsvFilter;

/// The metrics that have day totals.
pub const DAILY_METRICS: &[Metric] = &[
    Metric::Steps,
    Metric::Distance,
    Metric::ActiveEnergy,
    Metric::BasalEnergy,
    Metric::TotalEnergy,
    Metric::Elevation,
    Metric::LightActivity,
    Metric::ModerateActivity,
    Metric::IntenseActivity,
];

/// The source whose totals are derived here.
const DERIVED: &str = "apple_health";

/// Writes the daily CSV; a metric without day totals is an error that names it.
pub fn export_daily_csv(store: &Store, filter: &CsvFilter, out: impl Write) -> Result<u64> {
    if let Some(bad) = filter.metrics.iter().find(|m| !DAILY_METRICS.contains(m)) {
        return Err(Error::NotDaily(bad.id()));
    }
    let mut metrics: Vec<Metric> = if filter.metrics.is_empty() {
        DAILY_METRICS.to_vec()
    } else {
        filter.metrics.clone()
    };
    metrics.sort_by_key(|m| m.id());
    metrics.dedup();
    let names = store.source_names()?;
    let wanted = |source: &SourceId| filter.sources.is_empty() || filter.sources.contains(source);
    let derived_id = names
        .iter()
        .find(|(_, name)| name.as_str() == DERIVED)
        .map(|(&id, _)| id);
    let range = (filter.range.from, filter.range.to);

    let mut writer = RowWriter::new(out);
    writer.raw(HEADER.as_bytes())?;
    let mut count = 0;
    for metric in metrics {
        let mut rows: Vec<MeasurementRow> = Vec::new();
        store.for_each_measurement(metric, range, Tiers::Reported, |row| {
            let passes =
                Some(row.source_id) != derived_id && names.get(&row.source_id).is_some_and(&wanted);
            if passes {
                rows.push(row);
            }
            Ok(())
        })?;
        if let Some(source_id) = derived_id
            && names.get(&source_id).is_some_and(&wanted)
        {
            for day in day_totals(store.apple_health_rows(metric)?) {
                if (range.0..range.1).contains(&day.start) {
                    rows.push(MeasurementRow {
                        start: day.start,
                        end: Some(day.end),
                        value: day.value,
                        source_id,
                        detail: Some(day.sources),
                    });
                }
            }
        }
        rows.sort_by_key(|r| r.start);
        let mut group: Vec<MeasurementRow> = Vec::new();
        for row in rows {
            if group.first().is_some_and(|g| g.start != row.start) {
                count += writer.group(metric, &mut group, &names)?;
            }
            group.push(row);
        }
        count += writer.group(metric, &mut group, &names)?;
    }
    writer.finish()?;
    Ok(count)
}

/// One derived day.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct DayTotal {
    pub start: i64,
    pub end: i64,
    pub value: f64,
    /// The names of the devices and apps that counted, for people.
    pub sources: String,
}

/// The day totals of one metric's rows (§12.6.2).
pub(crate) fn day_totals(rows: Vec<RankedRow>) -> Vec<DayTotal> {
    // Priority groups, highest first.
    let mut groups: BTreeMap<(u8, String), Vec<&RankedRow>> = BTreeMap::new();
    for row in &rows {
        let key = (
            tier_of(row.tag.as_deref()),
            row.detail.clone().unwrap_or_default(),
        );
        groups.entry(key).or_default().push(row);
    }
    let mut order: Vec<(&(u8, String), &Vec<&RankedRow>)> = groups.iter().collect();
    order.sort_by(|a, b| rank_order((a.0.0, &a.0.1), (b.0.0, &b.0.1)));

    struct Day {
        value: f64,
        first: (i64, i32),
        last: (i64, i32),
        sources: Vec<String>,
    }
    let mut days: BTreeMap<i64, Day> = BTreeMap::new();
    let mut covered: Vec<(i64, i64)> = Vec::new();
    for ((_, name), members) in order {
        for row in members {
            let effective = match row.end {
                Some(end) => {
                    let length = (end - row.start) as f64;
                    let free = length - overlap(&covered, row.start, end) as f64;
                    row.value * free / length
                }
                None if is_covered(&covered, row.start) => 0.0,
                None => row.value,
            };
            let date = (row.start + i64::from(row.offset)).div_euclid(SECONDS_PER_DAY);
            let day = days.entry(date).or_insert(Day {
                value: 0.0,
                first: (row.start, row.offset),
                last: (row.start, row.offset),
                sources: Vec::new(),
            });
            day.value += effective;
            if (row.start, -row.offset) < (day.first.0, -day.first.1) {
                day.first = (row.start, row.offset);
            }
            if (row.start, row.offset) > day.last {
                day.last = (row.start, row.offset);
            }
            if effective > 0.0 && !day.sources.contains(name) {
                day.sources.push(name.clone());
            }
        }
        let spans = members.iter().filter_map(|r| r.end.map(|e| (r.start, e)));
        covered = union(&covered, spans);
    }
    days.into_iter()
        .map(|(date, day)| DayTotal {
            start: date * SECONDS_PER_DAY - i64::from(day.first.1),
            end: (date + 1) * SECONDS_PER_DAY - i64::from(day.last.1),
            value: day.value,
            sources: day.sources.join(", "),
        })
        .collect()
}

/// Seconds of `[start, end)` inside the sorted, disjoint `covered`.
fn overlap(covered: &[(i64, i64)], start: i64, end: i64) -> i64 {
    let from = covered.partition_point(|&(_, e)| e <= start);
    covered[from..]
        .iter()
        .take_while(|&&(s, _)| s < end)
        .map(|&(s, e)| e.min(end) - s.max(start))
        .filter(|&n| n > 0)
        .sum()
}

fn is_covered(covered: &[(i64, i64)], at: i64) -> bool {
    let i = covered.partition_point(|&(_, e)| e <= at);
    covered.get(i).is_some_and(|&(s, _)| s <= at)
}

/// The union of `covered` and `more`, sorted and disjoint.
fn union(covered: &[(i64, i64)], more: impl Iterator<Item = (i64, i64)>) -> Vec<(i64, i64)> {
    let mut all: Vec<(i64, i64)> = covered.iter().copied().chain(more).collect();
    all.sort_unstable();
    let mut out: Vec<(i64, i64)> = Vec::with_capacity(all.len());
    for (s, e) in all {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: i64 = 3600;

    fn row(start: i64, end: i64, value: f64, tier: &str, name: &str) -> RankedRow {
        RankedRow {
            start,
            end: Some(end),
            value,
            offset: 0,
            tag: Some(tier.into()),
            detail: Some(name.into()),
        }
    }

    #[test]
    fn the_watch_wins_the_overlap_the_phone_keeps_the_rest_and_a_manual_entry_wins_its_hour() {
        let day = 20_000 * SECONDS_PER_DAY;
        let rows = vec![
            // iPhone 08:00–10:00, 1000 steps; Watch 09:00–10:00, 800 steps.
            row(day + 8 * H, day + 10 * H, 1000.0, "t2", "iPhone"),
            row(day + 9 * H, day + 10 * H, 800.0, "t1", "Watch"),
            // Pacer copies the phone: adds nothing the devices covered.
            row(day + 8 * H, day + 10 * H, 1000.0, "t3", "Pacer"),
            // Manual 12:00–13:00 over a Watch hour.
            row(day + 12 * H, day + 13 * H, 300.0, "t1", "Watch"),
            row(day + 12 * H, day + 13 * H, 5000.0, "t0", "Health"),
        ];
        let days = day_totals(rows);
        assert_eq!(days.len(), 1);
        assert_eq!(days[0].value, 500.0 + 800.0 + 5000.0);
        assert_eq!((days[0].start, days[0].end), (day, day + SECONDS_PER_DAY));
    }

    #[test]
    fn a_day_runs_from_the_first_rows_midnight_to_the_last_rows_next_midnight() {
        // Paris (+01:00) in the morning, New York (−04:00) in the evening.
        let paris = RankedRow {
            offset: 3600,
            ..row(1_700_000_000, 1_700_000_060, 10.0, "t1", "Watch")
        };
        let local: i64 = 1_700_000_000 + 3600;
        let date = local.div_euclid(SECONDS_PER_DAY);
        let ny_start = (date + 1) * SECONDS_PER_DAY - 2 * H + 4 * H;
        let ny = RankedRow {
            offset: -4 * 3600,
            ..row(ny_start, ny_start + 60, 5.0, "t1", "Watch")
        };
        let days = day_totals(vec![paris, ny]);
        assert_eq!(days.len(), 1);
        assert_eq!(days[0].end - days[0].start, 29 * H);
        assert_eq!(days[0].value, 15.0);
    }
}
