//! `getworkouts` → one workout per session.

use healthdash_core::model::Workout;
use healthdash_core::time::Zone;

use super::envelope::open;
use super::{ParseError, RowAt, rows};
use crate::providers::withings::wire::loose::Number;
use crate::providers::withings::wire::workouts::{WorkoutRow, WorkoutsBody};

/// Record ids of workouts: `wkt:<id>`.
pub const WORKOUT_RECORD_PREFIX: &str = "wkt:";

const ENDPOINT: &str = "getworkouts";

/// One page of `getworkouts`.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkoutPage {
    pub workouts: Vec<Workout>,
    pub more: bool,
    pub offset: i64,
}

/// Parses a `getworkouts` page: `body.series[]`.
///
/// - `startdate`/`enddate` (unix) are required; a workout that does not end
///   after it starts is skipped with a warning.
/// - `zone` from `timezone` (may be quoted; absent → UTC; unreadable → error
///   naming the row).
/// - `kind` = [`category_name`] of `category`.
/// - `energy_kcal` = `data.calories`, `distance_m` = `data.distance`; when
///   that is absent or 0 and the user typed a value (`manual_calories`,
///   `manual_distance` > 0), the typed value. Negative → none.
/// - `record_id` = `wkt:<id>`.
pub fn getworkouts(bytes: &[u8]) -> Result<WorkoutPage, ParseError> {
    let body: WorkoutsBody = open(ENDPOINT, bytes)?;
    let mut workouts = Vec::new();
    for (at, row) in rows(ENDPOINT, &body.series) {
        if let Some(workout) = workout(at, row)? {
            workouts.push(workout);
        }
    }
    Ok(WorkoutPage {
        workouts,
        more: body.more,
        offset: body.offset.unwrap_or(0),
    })
}

fn workout(at: RowAt, row: &WorkoutRow) -> Result<Option<Workout>, ParseError> {
    let Some((id, start, end)) = at.span((row.id, row.startdate, row.enddate), "workout")? else {
        return Ok(None);
    };
    let zone = at.zone(row.timezone.as_deref())?.unwrap_or(Zone::UTC);
    let kind = match row.category {
        Some(category) => category_name(category),
        None => "other".to_owned(),
    };
    let data = &row.data;
    Ok(Some(Workout {
        start,
        end,
        zone,
        kind,
        energy_kcal: measured_or_typed(&data.calories, &data.manual_calories),
        distance_m: measured_or_typed(&data.distance, &data.manual_distance),
        record_id: Some(format!("{WORKOUT_RECORD_PREFIX}{id}")),
    }))
}

fn measured_or_typed(measured: &Option<Number>, typed: &Option<Number>) -> Option<f64> {
    let read = |raw: &Option<Number>| raw.as_ref().and_then(Number::value).filter(|v| *v >= 0.0);
    match (read(measured), read(typed)) {
        (Some(m), Some(t)) if m == 0.0 && t > 0.0 => Some(t),
        (None, Some(t)) if t > 0.0 => Some(t),
        (m, _) => m,
    }
}

/// A readable lowercase name for a Withings workout category: the old
/// document's table (its typos fixed: "Staking" is skating, "VollyBall"
/// volleyball, "Pilate" pilates) plus codes today's service sends (36 other,
/// 128 no activity, 272 multi-sport, 306–308 indoor walk/run/cycling). The
/// document's "186: Base" is unexplained and is left unnamed. Unknown codes
/// read "other (category N)".
pub fn category_name(category: i64) -> String {
    let name = match category {
        1 => "walk",
        2 => "run",
        3 => "hiking",
        4 => "skating",
        5 => "bmx",
        6 => "bicycling",
        7 => "swimming",
        8 => "surfing",
        9 => "kitesurfing",
        10 => "windsurfing",
        11 => "bodyboard",
        12 => "tennis",
        13 => "table tennis",
        14 => "squash",
        15 => "badminton",
        16 => "lift weights",
        17 => "calisthenics",
        18 => "elliptical",
        19 => "pilates",
        20 => "basketball",
        21 => "soccer",
        22 => "football",
        23 => "rugby",
        24 => "volleyball",
        25 => "water polo",
        26 => "horse riding",
        27 => "golf",
        28 => "yoga",
        29 => "dancing",
        30 => "boxing",
        31 => "fencing",
        32 => "wrestling",
        33 => "martial arts",
        34 => "skiing",
        35 => "snowboarding",
        36 => "other",
        128 => "no activity",
        187 => "rowing",
        188 => "zumba",
        191 => "baseball",
        192 => "handball",
        193 => "hockey",
        194 => "ice hockey",
        195 => "climbing",
        196 => "ice skating",
        272 => "multi-sport",
        306 => "indoor walk",
        307 => "indoor run",
        308 => "indoor cycling",
        _ => return format!("other (category {category})"),
    };
    name.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::withings::adapter::tests::fixture;

    #[test]
    fn workouts_with_kind_duration_energy_and_distance() {
        let page = getworkouts(&fixture("getworkouts.json")).unwrap();
        assert!(!page.more);
        assert_eq!(page.offset, 0);
        assert_eq!(page.workouts.len(), 3, "the empty one is skipped");
        let swim = &page.workouts[0];
        assert_eq!(swim.kind, "swimming");
        assert_eq!(swim.end - swim.start, 2600);
        assert_eq!(swim.zone, Zone::Named(chrono_tz::Europe::Paris));
        assert_eq!(swim.energy_kcal, Some(250.0));
        assert_eq!(swim.distance_m, Some(1000.0));
        assert_eq!(swim.record_id.as_deref(), Some("wkt:16618655"));
        assert_eq!(swim.measurement().value, 2600.0);
        assert_eq!(swim.measurement().detail.as_deref(), Some("swimming"));
        let run = &page.workouts[1];
        assert_eq!(run.kind, "run");
        assert_eq!(
            run.energy_kcal,
            Some(310.0),
            "typed calories when none measured"
        );
        assert_eq!(run.distance_m, Some(5000.0));
        let odd = &page.workouts[2];
        assert_eq!(odd.kind, "other (category 999)");
        assert_eq!((odd.energy_kcal, odd.distance_m), (None, None));
        assert_eq!(odd.zone, Zone::UTC);
    }

    #[test]
    fn category_names_fix_the_documents_typos() {
        assert_eq!(category_name(4), "skating");
        assert_eq!(category_name(24), "volleyball");
        assert_eq!(category_name(16), "lift weights");
        assert_eq!(category_name(196), "ice skating");
        assert_eq!(category_name(186), "other (category 186)");
    }
}
