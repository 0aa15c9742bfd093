//! `sleep getsummary` (one summary per night) and `sleep get` (the
//! stage-by-stage series of a time range) → the nights as stored.

use chrono::NaiveDate;
use healthdash_core::metric::Metric;
use healthdash_core::model::{Measurement, NightTotals, SleepNight, SleepStage, StageInterval};
use healthdash_core::time::Zone;

use super::devices::DeviceRef;
use super::envelope::open;
use super::{DeviceNames, ParseError, RowAt, plausible, rows};
use crate::providers::withings::wire::sleep::{
    SeriesBody, SleepData, StageRow, SummaryBody, SummaryRow,
};

const SUMMARY: &str = "sleep getsummary";
const SERIES: &str = "sleep get";

/// One night as Withings summarises it.
#[derive(Clone, Debug, PartialEq)]
pub struct SleepSummary {
    /// Withings' night id.
    pub id: i64,
    /// In bed, unix seconds.
    pub start: i64,
    /// Out of bed, unix seconds.
    pub end: i64,
    pub zone: Zone,
    /// Withings' date of the night.
    pub date: NaiveDate,
    pub totals: NightTotals,
    pub modified: Option<i64>,
    /// The device's model name when known.
    pub detail: Option<String>,
}

/// One page of `sleep getsummary`.
#[derive(Clone, Debug, PartialEq)]
pub struct SummaryPage {
    pub nights: Vec<SleepSummary>,
    pub more: bool,
    pub offset: i64,
}

/// Parses a `sleep getsummary` page: `body.series[]`, one night each.
///
/// - `id`, `startdate` and `enddate` (unix) are required; a night that does
///   not end after it starts is skipped with a warning.
/// - `timezone` may be quoted (`"\"Europe/Paris\""`); absent → UTC (the
///   bounds are absolute, the zone only places the night in local time);
///   unreadable → error naming the row.
/// - `date` (`YYYY-MM-DD`); absent → the local date the night ends on.
/// - Totals from `data`: light = `lightsleepduration`, deep =
///   `deepsleepduration`, rem = `remsleepduration`, awake = `wakeupduration`,
///   latency = `durationtosleep`, wakeups = `wakeupcount`. A value of `-1`
///   ("not computed"), any negative value, or an absent field → `None`.
/// - asleep = light + deep + rem when all three are known; else
///   `total_sleep_time`, else `asleepduration` when present; else the sum of
///   those of the three that are known (trackers without REM report light
///   and deep only); else `None`.
/// - `detail` = the device's model name when `devices` knows its
///   `hash_deviceid`/`deviceid` (the row's numeric `model` is a code, not a
///   name).
pub fn sleep_getsummary(bytes: &[u8], devices: &DeviceNames) -> Result<SummaryPage, ParseError> {
    let body: SummaryBody = open(SUMMARY, bytes)?;
    let mut nights = Vec::new();
    for (at, row) in rows(SUMMARY, &body.series) {
        if let Some(night) = summary(at, row, devices)? {
            nights.push(night);
        }
    }
    Ok(SummaryPage {
        nights,
        more: body.more,
        offset: body.offset.unwrap_or(0),
    })
}

fn summary(
    at: RowAt,
    row: &SummaryRow,
    devices: &DeviceNames,
) -> Result<Option<SleepSummary>, ParseError> {
    let Some((id, start, end)) = at.span((row.id, row.startdate, row.enddate), "night")? else {
        return Ok(None);
    };
    let zone = at.zone(row.timezone.as_deref())?.unwrap_or(Zone::UTC);
    let date = match row.date.as_deref() {
        Some(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map_err(|_| at.error(format!("'date' is not YYYY-MM-DD: '{text}'")))?,
        None => zone.local_date(end),
    };
    Ok(Some(SleepSummary {
        id,
        start,
        end,
        zone,
        date,
        totals: totals(&row.data),
        modified: row.modified,
        detail: devices.for_record(DeviceRef {
            hash_deviceid: row.hash_deviceid.as_deref(),
            deviceid: row.deviceid.as_deref(),
            model: row.model.as_deref(),
        }),
    }))
}

fn totals(data: &SleepData) -> NightTotals {
    let (light, deep, rem) = (
        data.lightsleepduration,
        data.deepsleepduration,
        data.remsleepduration,
    );
    let asleep = match (light, deep, rem) {
        (Some(l), Some(d), Some(r)) => Some(l + d + r),
        _ => data
            .total_sleep_time
            .or(data.asleepduration)
            .or_else(|| sum_known([light, deep, rem])),
    };
    NightTotals {
        asleep,
        light,
        deep,
        rem,
        awake: data.wakeupduration,
        latency: data.durationtosleep,
        wakeups: data.wakeupcount.and_then(|n| u32::try_from(n).ok()),
    }
}

fn sum_known(parts: [Option<i64>; 3]) -> Option<i64> {
    parts.into_iter().flatten().reduce(|a, b| a + b)
}

/// What `sleep get` returns for a time range.
#[derive(Clone, Debug, PartialEq)]
pub struct SleepSeries {
    /// Sorted by start; each longer than zero.
    pub stages: Vec<StageInterval>,
    /// Sorted by time, one per instant.
    pub heart_rate: Vec<Measurement>,
}

/// Parses `sleep get`: `body.series[]` of `{startdate, enddate, state, hr?,
/// rr?, snoring?, …}`.
///
/// - `state` 0 awake, 1 light, 2 deep, 3 REM → a [`StageInterval`]; 4
///   ("manual": the user entered the night by hand, no stage known) and 5
///   ("unspecified") — and any other code — are skipped, as is an interval
///   that does not end after it starts. Stages are sorted by start.
/// - `hr` (a map unix-seconds string → bpm) becomes heart_rate samples in
///   `zone` (the caller's: this response carries none); duplicates across
///   items keep the first; implausible values are skipped. Other maps (`rr`,
///   `snoring`, `sdnn_1`, …) are ignored.
pub fn sleep_get(bytes: &[u8], zone: Zone) -> Result<SleepSeries, ParseError> {
    let body: SeriesBody = open(SERIES, bytes)?;
    let mut stages = Vec::new();
    let mut heart_rate = Vec::new();
    for (at, row) in rows(SERIES, &body.series) {
        if let Some(stage) = stage(at, row)? {
            stages.push(stage);
        }
        heart_rate.extend(beats(at, row, zone)?);
    }
    stages.sort_by_key(|s| (s.start, s.end));
    heart_rate.sort_by_key(|m| m.start);
    heart_rate.dedup_by_key(|m| m.start);
    Ok(SleepSeries { stages, heart_rate })
}

fn stage(at: RowAt, row: &StageRow) -> Result<Option<StageInterval>, ParseError> {
    let start = at.required(row.startdate, "startdate")?;
    let end = at.required(row.enddate, "enddate")?;
    let stage = match row.state {
        Some(0) => SleepStage::Awake,
        Some(1) => SleepStage::Light,
        Some(2) => SleepStage::Deep,
        Some(3) => SleepStage::Rem,
        state => {
            tracing::debug!(
                ?state,
                start,
                "Withings sleep get: skipping a manual or unspecified state"
            );
            return Ok(None);
        }
    };
    Ok((end > start).then_some(StageInterval { start, end, stage }))
}

fn beats(at: RowAt, row: &StageRow, zone: Zone) -> Result<Vec<Measurement>, ParseError> {
    let mut out = Vec::with_capacity(row.hr.len());
    for (key, raw) in &row.hr {
        let t = key
            .trim()
            .parse::<i64>()
            .map_err(|_| at.error(format!("hr key '{key}' is not a unix time")))?;
        match raw.value().filter(|v| plausible(Metric::HeartRate, *v)) {
            Some(bpm) => out.push(Measurement::sample(Metric::HeartRate, t, bpm, zone)),
            None => tracing::warn!(t, %raw, "Withings sleep get: skipping an unusable heart rate"),
        }
    }
    Ok(out)
}

/// The night as stored: the summary's bounds, zone and totals (Withings' own
/// totals, which the user sees in the Withings app, not ones recomputed from
/// stages); the stages clipped to `[start, end)` — sorted, an interval that
/// overlaps the previous one starts where that one ends, empty ones dropped;
/// `record_id` = `sleep:<id>`; the summary's `detail`.
pub fn night(summary: &SleepSummary, stages: &[StageInterval]) -> SleepNight {
    SleepNight {
        start: summary.start,
        end: summary.end,
        zone: summary.zone,
        stages: clipped(summary.start, summary.end, stages),
        totals: summary.totals,
        record_id: Some(format!("sleep:{}", summary.id)),
        detail: summary.detail.clone(),
    }
}

fn clipped(start: i64, end: i64, stages: &[StageInterval]) -> Vec<StageInterval> {
    let mut sorted = stages.to_vec();
    sorted.sort_by_key(|s| (s.start, s.end));
    let mut out: Vec<StageInterval> = Vec::new();
    for stage in sorted {
        let floor = out.last().map_or(start, |prev| prev.end.max(start));
        let (s, e) = (stage.start.max(floor), stage.end.min(end));
        if e > s {
            out.push(StageInterval {
                start: s,
                end: e,
                ..stage
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::withings::adapter::getdevice;
    use crate::providers::withings::adapter::tests::fixture;
    use SleepStage::*;

    fn paris() -> Zone {
        Zone::Named(chrono_tz::Europe::Paris)
    }

    fn summaries() -> SummaryPage {
        let devices = DeviceNames::from_devices(&getdevice(&fixture("getdevice.json")).unwrap());
        sleep_getsummary(&fixture("sleep_getsummary.json"), &devices).unwrap()
    }

    #[test]
    fn summary_totals_come_from_withings() {
        let page = summaries();
        assert!(page.more);
        assert_eq!(page.offset, 2);
        let night = &page.nights[0];
        assert_eq!(night.id, 16616514);
        assert_eq!((night.start, night.end), (1_743_202_800, 1_743_230_400));
        assert_eq!(night.zone, paris(), "the quoted zone is read");
        assert_eq!(night.date, NaiveDate::from_ymd_opt(2025, 3, 29).unwrap());
        assert_eq!(night.modified, Some(1_743_231_000));
        assert_eq!(night.detail.as_deref(), Some("Sleep Analyzer"));
        assert_eq!(
            night.totals,
            NightTotals {
                asleep: Some(18540 + 3600 + 3300),
                light: Some(18540),
                deep: Some(3600),
                rem: Some(3300),
                awake: Some(1800),
                latency: Some(420),
                wakeups: Some(3),
            }
        );
    }

    #[test]
    fn minus_one_is_not_computed() {
        let night = &summaries().nights[1];
        assert_eq!(night.totals.rem, None);
        assert_eq!(night.totals.latency, None);
        assert_eq!(
            night.totals.asleep,
            Some(24000),
            "total_sleep_time when REM is unknown"
        );
        assert_eq!(night.totals.wakeups, None, "absent");
        assert_eq!(night.zone, Zone::UTC, "no timezone");
        assert_eq!(night.detail, None);
        assert_eq!(
            night.date,
            NaiveDate::from_ymd_opt(2025, 3, 30).unwrap(),
            "from the end"
        );
    }

    #[test]
    fn stages_and_heart_rate_from_the_series() {
        let series = sleep_get(&fixture("sleep_get.json"), paris()).unwrap();
        let kinds: Vec<_> = series
            .stages
            .iter()
            .map(|s| (s.start, s.end, s.stage))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (1_743_202_800, 1_743_203_220, Awake),
                (1_743_203_220, 1_743_210_000, Light),
                (1_743_210_000, 1_743_213_600, Deep),
                (1_743_213_600, 1_743_215_400, Awake),
                (1_743_215_400, 1_743_218_700, Rem),
                (1_743_218_700, 1_743_231_000, Light),
            ],
            "sorted; manual, unspecified and empty intervals dropped"
        );
        let hr: Vec<_> = series
            .heart_rate
            .iter()
            .map(|m| (m.start, m.value))
            .collect();
        assert_eq!(
            hr,
            vec![
                (1_743_203_220, 58.0),
                (1_743_203_280, 57.0),
                (1_743_210_000, 52.0)
            ]
        );
        assert!(
            series
                .heart_rate
                .iter()
                .all(|m| m.metric == Metric::HeartRate && m.zone == paris())
        );
    }

    #[test]
    fn the_stored_night_keeps_withings_totals_and_clips_stages() {
        let summary = &summaries().nights[0];
        let series = sleep_get(&fixture("sleep_get.json"), summary.zone).unwrap();
        let stored = night(summary, &series.stages);
        assert_eq!(
            (stored.start, stored.end, stored.zone),
            (summary.start, summary.end, paris())
        );
        assert_eq!(stored.totals, summary.totals);
        assert_eq!(stored.record_id.as_deref(), Some("sleep:16616514"));
        assert_eq!(stored.detail.as_deref(), Some("Sleep Analyzer"));
        let last = stored.stages.last().unwrap();
        assert_eq!(
            (last.start, last.end, last.stage),
            (1_743_218_700, 1_743_230_400, Light)
        );
        assert_eq!(stored.stages.len(), 6);
    }

    #[test]
    fn overlapping_and_outside_stages_are_trimmed() {
        let s = |start, end, stage| StageInterval { start, end, stage };
        let stages = [
            s(50, 120, Light),
            s(110, 200, Deep),
            s(0, 40, Awake),
            s(300, 400, Rem),
        ];
        assert_eq!(
            clipped(100, 250, &stages),
            vec![s(100, 120, Light), s(120, 200, Deep)]
        );
    }
}
