//! A coverage map: per source and local day, whether it holds data, or a
//! sync covered the day and found nothing (a gap), or no sync has covered
//! it yet, or the newest sync that covered it failed. "No data" and "not
//! synced" are told apart by the runs each sync recorded (`sync_runs`).
//! Days come back as runs of one state, so ten years stay a few rows.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::SourcePriority;
use crate::error::{Error, Result};
use crate::source::{self, SourceId, SourceKind};
use crate::store::{Store, SyncRun};
use crate::time::{date_to_day_number, day_number_to_date};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum DayState {
    /// The source stored at least one value that day.
    Data,
    /// A sync covered the day and the source had nothing for it.
    Gap,
    /// No sync (or import) has covered the day.
    NotSynced,
    /// The newest sync that covered the day failed.
    Error,
}

/// Consecutive days in one state.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CoverageRun {
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub state: DayState,
    /// Days of the run with data: all of them for `data`, else none.
    pub days_with_data: u32,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SourceCoverage {
    pub source: SourceId,
    pub name: String,
    pub runs: Vec<CoverageRun>,
    /// The newest failure no later sync of the same stream has made good.
    pub last_error: Option<String>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Coverage {
    pub sources: Vec<SourceCoverage>,
}

/// The map of `first..=last` for every source with data, an account or a
/// recorded sync that charts may show (the hidden demo has no row).
pub fn coverage(
    store: &Store,
    first: NaiveDate,
    last: NaiveDate,
    priority: &SourcePriority,
) -> Result<Coverage> {
    if first > last {
        return Err(Error::InvalidRange {
            from: first.to_string(),
            to: last.to_string(),
        });
    }
    let span = (date_to_day_number(first), date_to_day_number(last));
    let ids: HashMap<SourceId, i64> = store
        .source_names()?
        .into_iter()
        .map(|(id, name)| (name, id))
        .collect();
    let all_runs = store.sync_runs()?;
    let mut sources = Vec::new();
    for name in store.sources_with_history()? {
        let Ok(source) = name.parse::<SourceId>() else {
            continue; // written by a newer build
        };
        if !priority.shows(&source) {
            continue;
        }
        let data: Vec<i64> = match ids.get(&source) {
            Some(&id) => store.days_with_data(id, span)?,
            None => Vec::new(),
        };
        let mut runs: Vec<&SyncRun> = all_runs.iter().filter(|r| r.provider == name).collect();
        // The demo set is generated whole: every day of its span counts as synced.
        let generated = match (is_generated(&source), data.first(), data.last()) {
            (true, Some(&first_day), Some(&last_day)) => Some(SyncRun {
                provider: name.clone(),
                stream: String::new(),
                first_day,
                last_day,
                finished_at: 0,
                error: None,
            }),
            _ => None,
        };
        runs.extend(generated.as_ref());
        sources.push(SourceCoverage {
            name: source::display_name(&name).to_owned(),
            runs: day_runs(span, &data, &runs),
            last_error: last_error(&runs),
            source,
        });
    }
    Ok(Coverage { sources })
}

fn is_generated(source: &SourceId) -> bool {
    source::info(source.as_str()).is_some_and(|i| i.kind == SourceKind::Demo)
}

/// The state of each day of `span`, as runs.
fn day_runs((first, last): (i64, i64), data: &[i64], runs: &[&SyncRun]) -> Vec<CoverageRun> {
    let data: HashSet<i64> = data.iter().copied().collect();
    let mut out: Vec<CoverageRun> = Vec::new();
    for day in first..=last {
        let state = if data.contains(&day) {
            DayState::Data
        } else {
            state_without_data(day, runs)
        };
        let date = day_number_to_date(day);
        match out.last_mut() {
            Some(run) if run.state == state => {
                run.last = date;
                run.days_with_data += u32::from(state == DayState::Data);
            }
            _ => out.push(CoverageRun {
                first: date,
                last: date,
                state,
                days_with_data: u32::from(state == DayState::Data),
            }),
        }
    }
    out
}

/// A day without data: per stream, the newest run that covered it decides
/// (a run recorded before streams were, stream "", covers every stream).
/// One stream failing there makes the day an error; one stream that never
/// covered it (a first sync of it still to come) makes it not synced; only
/// a day every stream covered without failing is a gap.
fn state_without_data(day: i64, runs: &[&SyncRun]) -> DayState {
    let covering: Vec<&SyncRun> = runs
        .iter()
        .copied()
        .filter(|r| r.first_day <= day && day <= r.last_day)
        .collect();
    if covering.is_empty() {
        return DayState::NotSynced;
    }
    let mut streams: Vec<&str> = runs.iter().map(|r| r.stream.as_str()).collect();
    streams.sort_unstable();
    streams.dedup();
    let named: Vec<&str> = streams.iter().copied().filter(|s| !s.is_empty()).collect();
    let mut never = false;
    for stream in if named.is_empty() { streams } else { named } {
        let newest = covering
            .iter()
            .filter(|r| r.stream == stream || r.stream.is_empty())
            .max_by_key(|r| r.finished_at);
        match newest {
            Some(run) if run.error.is_some() => return DayState::Error,
            Some(_) => {}
            None => never = true,
        }
    }
    if never {
        DayState::NotSynced
    } else {
        DayState::Gap
    }
}

/// The newest failure that no later successful run of its stream followed.
fn last_error(runs: &[&SyncRun]) -> Option<String> {
    runs.iter()
        .filter(|r| r.error.is_some())
        .filter(|failed| {
            !runs.iter().any(|ok| {
                ok.error.is_none()
                    && ok.stream == failed.stream
                    && ok.finished_at > failed.finished_at
            })
        })
        .max_by_key(|r| r.finished_at)
        .and_then(|r| r.error.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::RowRef;
    use crate::time::{SECONDS_PER_DAY, Zone};
    use crate::{Batch, Measurement, Metric};

    /// Day 0 of the tests: 2025-01-01.
    const JAN_1: i64 = 20_089;

    fn date(day: i64) -> NaiveDate {
        day_number_to_date(JAN_1 + day)
    }

    fn weigh_ins(store: &mut Store, source: &str, days: impl Iterator<Item = i64>) {
        let mut batch = Batch::new(source.parse().unwrap());
        for day in days {
            let at = (JAN_1 + day) * SECONDS_PER_DAY + 8 * 3600;
            batch
                .measurements
                .push(Measurement::sample(Metric::Weight, at, 70.0, Zone::UTC));
        }
        store.ingest(&batch).unwrap();
    }

    fn sync_run(first: i64, last: i64, at: i64, error: Option<&str>) -> SyncRun {
        SyncRun {
            provider: "withings".into(),
            stream: "measures".into(),
            first_day: JAN_1 + first,
            last_day: JAN_1 + last,
            finished_at: at,
            error: error.map(str::to_owned),
        }
    }

    fn states(c: &SourceCoverage) -> Vec<(NaiveDate, NaiveDate, DayState, u32)> {
        c.runs
            .iter()
            .map(|r| (r.first, r.last, r.state, r.days_with_data))
            .collect()
    }

    #[test]
    fn data_gaps_failed_and_never_synced_days_are_told_apart() {
        let mut store = Store::open_in_memory().unwrap();
        // Synced for 30 days, a weigh-in every day but days 10–12.
        weigh_ins(
            &mut store,
            "withings",
            (0..30).filter(|d| !(10..=12).contains(d)),
        );
        store.record_sync_run(&sync_run(0, 29, 100, None)).unwrap();
        // Then a sync of days 30–34 failed; days 35–39 no sync has reached.
        store
            .record_sync_run(&sync_run(30, 34, 200, Some("Withings answered 503")))
            .unwrap();
        let map = coverage(&store, date(0), date(39), &SourcePriority::default()).unwrap();
        assert_eq!(map.sources.len(), 1);
        let withings = &map.sources[0];
        assert_eq!(
            (withings.source.as_str(), withings.name.as_str()),
            ("withings", "Withings")
        );
        assert_eq!(
            states(withings),
            [
                (date(0), date(9), DayState::Data, 10),
                (date(10), date(12), DayState::Gap, 0),
                (date(13), date(29), DayState::Data, 17),
                (date(30), date(34), DayState::Error, 0),
                (date(35), date(39), DayState::NotSynced, 0),
            ]
        );
        assert_eq!(
            withings.last_error.as_deref(),
            Some("Withings answered 503")
        );

        // A later sync that goes through makes the failed days gaps and forgets the error.
        store.record_sync_run(&sync_run(29, 36, 300, None)).unwrap();
        let map = coverage(&store, date(28), date(39), &SourcePriority::default()).unwrap();
        assert_eq!(
            states(&map.sources[0]),
            [
                (date(28), date(29), DayState::Data, 2),
                (date(30), date(36), DayState::Gap, 0),
                (date(37), date(39), DayState::NotSynced, 0),
            ]
        );
        assert_eq!(map.sources[0].last_error, None);
    }

    #[test]
    fn an_import_covers_its_files_days_and_nothing_more() {
        let mut store = Store::open_in_memory().unwrap();
        let at = |day: i64| (JAN_1 + day) * SECONDS_PER_DAY + 9 * 3600;
        let rows: Vec<Measurement> = [5, 7]
            .into_iter()
            .map(|d| Measurement::sample(Metric::Weight, at(d), 71.0, Zone::UTC))
            .collect();
        store
            .import_apple_health(|sink| {
                let refs: Vec<RowRef<'_>> = rows.iter().map(RowRef::of).collect();
                sink.write(&refs, &[])
            })
            .unwrap();
        let map = coverage(&store, date(3), date(9), &SourcePriority::default()).unwrap();
        let apple = &map.sources[0];
        assert_eq!(apple.name, "Apple Health");
        assert_eq!(
            states(apple),
            [
                (date(3), date(4), DayState::NotSynced, 0),
                (date(5), date(5), DayState::Data, 1),
                (date(6), date(6), DayState::Gap, 0),
                (date(7), date(7), DayState::Data, 1),
                (date(8), date(9), DayState::NotSynced, 0),
            ]
        );
    }

    #[test]
    fn a_day_only_some_streams_covered_is_not_synced_and_one_failure_is_an_error() {
        let mut store = Store::open_in_memory().unwrap();
        weigh_ins(&mut store, "withings", [5].into_iter());
        store.record_sync_run(&sync_run(0, 9, 100, None)).unwrap();
        let sleep = |first, last, at, error: Option<&str>| SyncRun {
            stream: "sleep".into(),
            ..sync_run(first, last, at, error.map(str::to_owned).as_deref())
        };
        // Sleep synced from day 3 on, and failed on days 8–9.
        store.record_sync_run(&sleep(3, 7, 150, None)).unwrap();
        store
            .record_sync_run(&sleep(8, 9, 160, Some("sleep: HTTP 503")))
            .unwrap();
        let map = coverage(&store, date(0), date(9), &SourcePriority::default()).unwrap();
        assert_eq!(
            states(&map.sources[0]),
            [
                (date(0), date(2), DayState::NotSynced, 0),
                (date(3), date(4), DayState::Gap, 0),
                (date(5), date(5), DayState::Data, 1),
                (date(6), date(7), DayState::Gap, 0),
                (date(8), date(9), DayState::Error, 0),
            ]
        );
        assert_eq!(
            map.sources[0].last_error.as_deref(),
            Some("sleep: HTTP 503")
        );
    }

    #[test]
    fn the_hidden_demo_has_no_row_and_a_shown_one_counts_its_span_as_synced() {
        let mut store = Store::open_in_memory().unwrap();
        weigh_ins(&mut store, "demo", [0, 1, 3].into_iter());
        let shown = coverage(&store, date(0), date(4), &SourcePriority::default()).unwrap();
        assert_eq!(
            states(&shown.sources[0]),
            [
                (date(0), date(1), DayState::Data, 2),
                (date(2), date(2), DayState::Gap, 0),
                (date(3), date(3), DayState::Data, 1),
                (date(4), date(4), DayState::NotSynced, 0),
            ]
        );
        let hidden = SourcePriority::default().hiding(SourceId::demo());
        assert!(
            coverage(&store, date(0), date(4), &hidden)
                .unwrap()
                .sources
                .is_empty()
        );
        assert!(coverage(&store, date(4), date(0), &hidden).is_err());
    }
}
