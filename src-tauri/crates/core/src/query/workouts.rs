//! Workouts for the workouts list and the marks on the heart-rate and
//! activity charts: one row per session, newest first.

use super::priority::Spanned;
use super::{SourcePriority, TimeRange};
use crate::error::Result;
use crate::metric::Metric;
use crate::source::SourceId;
use crate::store::Store;

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WorkoutSummary {
    pub start: i64,
    pub end: i64,
    /// The UTC offset at the start, for showing the local time of day.
    pub utc_offset: i32,
    /// e.g. "running", "cycling": the provider's category, lowercase.
    pub kind: String,
    /// Energy burnt (kcal), when the source reported it.
    pub energy_kcal: Option<f64>,
    /// Distance covered (m), when the source reported it.
    pub distance_m: Option<f64>,
    pub source: SourceId,
}

/// Workouts that overlap `range`, newest first. Where workouts of several
/// sources overlap (a watch and a phone recording the same run), only the
/// best-ranked source's is kept, as for sleep nights.
pub fn workouts(
    store: &Store,
    range: TimeRange,
    only: &[SourceId],
    priority: &SourcePriority,
) -> Result<Vec<WorkoutSummary>> {
    let names = store.source_names()?;
    let mut kept: Vec<WorkoutSummary> = Vec::new();
    for row in store.workout_rows((range.from, range.to))? {
        let Some(source) = names.get(&row.source_id) else {
            continue;
        };
        if !priority.admits(only, source) {
            continue;
        }
        let workout = WorkoutSummary {
            start: row.start,
            end: row.end,
            utc_offset: row.utc_offset,
            kind: row.kind,
            energy_kcal: row.energy_kcal,
            distance_m: row.distance_m,
            source: source.clone(),
        };
        priority.keep_best(Metric::Workout, &mut kept, workout);
    }
    kept.reverse();
    Ok(kept)
}

impl Spanned for WorkoutSummary {
    fn span(&self) -> (i64, i64) {
        (self.start, self.end)
    }
    fn source(&self) -> &SourceId {
        &self.source
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::model::{Batch, Workout};
    use crate::time::Zone;

    /// 2026-03-02T00:00:00Z.
    const T0: i64 = 1_772_409_600;
    const HOUR: i64 = 3600;

    fn source(name: &str) -> SourceId {
        name.parse().unwrap()
    }

    fn workout(
        start: i64,
        minutes: i64,
        kind: &str,
        kcal: Option<f64>,
        metres: Option<f64>,
    ) -> Workout {
        Workout {
            start,
            end: start + minutes * 60,
            zone: Zone::UTC,
            kind: kind.to_owned(),
            energy_kcal: kcal,
            distance_m: metres,
            record_id: None,
        }
    }

    fn store_with(batches: &[(&str, Vec<Workout>)]) -> Store {
        let mut store = Store::open_in_memory().unwrap();
        for (name, workouts) in batches {
            let mut batch = Batch::new(source(name));
            batch.workouts.clone_from(workouts);
            store.ingest(&batch).unwrap();
        }
        store
    }

    fn starts(list: &[WorkoutSummary]) -> Vec<i64> {
        list.iter().map(|w| w.start).collect()
    }

    #[test]
    fn lists_newest_first_with_their_figures() {
        let paris: Zone = "Europe/Paris".parse().unwrap();
        let mut run = workout(T0 + 18 * HOUR, 42, "running", Some(512.0), Some(8_040.0));
        run.zone = paris;
        let store = store_with(&[(
            "withings",
            vec![
                run,
                workout(T0 + 30 * HOUR, 55, "strength", Some(310.0), None),
            ],
        )]);
        let list = workouts(&store, TimeRange::all(), &[], &SourcePriority::default()).unwrap();

        assert_eq!(starts(&list), vec![T0 + 30 * HOUR, T0 + 18 * HOUR]);
        let run = &list[1];
        assert_eq!(run.kind, "running");
        assert_eq!(run.end - run.start, 42 * 60);
        assert_eq!(run.energy_kcal, Some(512.0));
        assert_eq!(run.distance_m, Some(8_040.0));
        assert_eq!(run.utc_offset, 3600, "Paris is UTC+1 in early March");
        assert_eq!(run.source, source("withings"));
        assert_eq!(list[0].distance_m, None);
    }

    #[test]
    fn range_keeps_workouts_that_overlap_it() {
        // 10:00–11:00, 12:00–13:00, 14:00–15:00.
        let store = store_with(&[(
            "withings",
            (0..3)
                .map(|i| workout(T0 + (10 + 2 * i) * HOUR, 60, "walking", None, None))
                .collect(),
        )]);
        let list = |from: i64, to: i64| {
            let range = TimeRange::new(from, to).unwrap();
            starts(&workouts(&store, range, &[], &SourcePriority::default()).unwrap())
        };
        // One ending exactly at `from` is out, one starting exactly at `to` too.
        assert_eq!(list(T0 + 11 * HOUR, T0 + 14 * HOUR), vec![T0 + 12 * HOUR]);
        // One still running at `from` is in.
        assert_eq!(
            list(T0 + 10 * HOUR + 1800, T0 + 12 * HOUR + 1),
            vec![T0 + 12 * HOUR, T0 + 10 * HOUR]
        );
        assert_eq!(list(T0, T0 + 10 * HOUR), Vec::<i64>::new());
    }

    #[test]
    fn overlapping_sessions_keep_the_preferred_source() {
        // The same run from both sources, and a ride only the demo has.
        let store = store_with(&[
            (
                "demo",
                vec![
                    workout(T0 + 18 * HOUR + 60, 40, "running", Some(480.0), None),
                    workout(T0 + 40 * HOUR, 60, "cycling", None, None),
                ],
            ),
            (
                "withings",
                vec![workout(T0 + 18 * HOUR, 42, "running", Some(512.0), None)],
            ),
        ]);
        let by_default =
            workouts(&store, TimeRange::all(), &[], &SourcePriority::default()).unwrap();
        let sources: Vec<_> = by_default
            .iter()
            .map(|w| (w.kind.as_str(), w.source.as_str()))
            .collect();
        assert_eq!(sources, vec![("cycling", "demo"), ("running", "withings")]);

        let demo_first = SourcePriority {
            per_metric: HashMap::from([(Metric::Workout, vec![source("demo")])]),
            ..SourcePriority::default()
        };
        let by_user = workouts(&store, TimeRange::all(), &[], &demo_first).unwrap();
        assert_eq!(by_user[1].source, source("demo"));
        assert_eq!(by_user[1].energy_kcal, Some(480.0));

        let only_withings = workouts(
            &store,
            TimeRange::all(),
            &[source("withings")],
            &SourcePriority::default(),
        )
        .unwrap();
        assert_eq!(starts(&only_withings), vec![T0 + 18 * HOUR]);

        // A hidden demo is no workout at all, not even where Withings has none.
        let hidden = SourcePriority::default().hiding(source("demo"));
        let shown = workouts(&store, TimeRange::all(), &[], &hidden).unwrap();
        assert!(
            shown.iter().all(|w| w.source == source("withings")),
            "{shown:?}"
        );
    }
}
