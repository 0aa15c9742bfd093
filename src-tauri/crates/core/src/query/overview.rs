//! The overview page: the four numbers a person checks every morning, each
//! with a month of daily values and how it compares with the week before.

use chrono::{Days, NaiveDate};

use super::{DailyValue, LatestValue, SourcePriority, daily_values, latest};
use crate::error::Result;
use crate::metric::Metric;
use crate::store::Store;
use crate::time::Zone;

/// Days of history in a sparkline.
const SPARKLINE_DAYS: u64 = 30;
/// The baseline a card compares with: the mean of this many days before.
const BASELINE_DAYS: u64 = 7;

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SparkPoint {
    pub date: NaiveDate,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub value: f64,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OverviewCard {
    pub metric: Metric,
    pub unit: &'static str,
    /// The newest value; for steps, today's total.
    pub latest: Option<LatestValue>,
    /// Daily values of the last 30 days (means; totals for steps).
    pub sparkline: Vec<SparkPoint>,
    /// `latest` minus the mean of the 7 days before its day.
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub change: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Overview {
    pub weight: OverviewCard,
    pub resting_heart_rate: OverviewCard,
    /// Last night's time asleep.
    pub sleep: OverviewCard,
    /// Today's steps.
    pub steps: OverviewCard,
}

/// The overview as of `today` in `zone`.
pub fn overview(
    store: &Store,
    zone: Zone,
    today: NaiveDate,
    priority: &SourcePriority,
) -> Result<Overview> {
    Ok(Overview {
        weight: latest_card(store, Metric::Weight, zone, today, priority)?,
        resting_heart_rate: latest_card(store, Metric::RestingHeartRate, zone, today, priority)?,
        sleep: latest_card(store, Metric::SleepDuration, zone, today, priority)?,
        steps: today_card(store, Metric::Steps, zone, today, priority)?,
    })
}

fn days_before(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_sub_days(Days::new(days)).unwrap_or(date)
}

fn history(
    store: &Store,
    metric: Metric,
    today: NaiveDate,
    priority: &SourcePriority,
) -> Result<Vec<DailyValue>> {
    daily_values(
        store,
        metric,
        days_before(today, SPARKLINE_DAYS + BASELINE_DAYS),
        today,
        &[],
        priority,
    )
}

fn sparkline(history: &[DailyValue], today: NaiveDate) -> Vec<SparkPoint> {
    let first = days_before(today, SPARKLINE_DAYS - 1);
    history
        .iter()
        .filter(|d| d.date >= first)
        .map(|d| SparkPoint {
            date: d.date,
            value: d.value,
        })
        .collect()
}

/// `value` against the mean of the daily values in the 7 days before `day`.
fn change(history: &[DailyValue], day: NaiveDate, value: f64) -> Option<f64> {
    let from = days_before(day, BASELINE_DAYS);
    let baseline: Vec<f64> = history
        .iter()
        .filter(|d| d.date >= from && d.date < day)
        .map(|d| d.value)
        .collect();
    (!baseline.is_empty()).then(|| value - baseline.iter().sum::<f64>() / baseline.len() as f64)
}

/// A sample metric (weight, resting heart rate) or a per-night one (sleep):
/// its newest value wherever it falls.
fn latest_card(
    store: &Store,
    metric: Metric,
    zone: Zone,
    today: NaiveDate,
    priority: &SourcePriority,
) -> Result<OverviewCard> {
    let history = history(store, metric, today, priority)?;
    let latest = latest(store, metric, priority)?;
    Ok(card(metric, &history, today, latest, |l| {
        zone.local_date(l.start)
    }))
}

/// An interval metric (steps): today's total, compared with the week before.
fn today_card(
    store: &Store,
    metric: Metric,
    zone: Zone,
    today: NaiveDate,
    priority: &SourcePriority,
) -> Result<OverviewCard> {
    let history = history(store, metric, today, priority)?;
    let latest = history.iter().find(|d| d.date == today).map(|d| {
        let (start, end) = zone.day_bounds(today);
        LatestValue {
            metric,
            start,
            end: Some(end),
            value: d.value,
            source: d.source.clone(),
        }
    });
    Ok(card(metric, &history, today, latest, |_| today))
}

fn card(
    metric: Metric,
    history: &[DailyValue],
    today: NaiveDate,
    latest: Option<LatestValue>,
    day_of: impl Fn(&LatestValue) -> NaiveDate,
) -> OverviewCard {
    let change = latest
        .as_ref()
        .and_then(|l| change(history, day_of(l), l.value));
    OverviewCard {
        metric,
        unit: metric.unit(),
        sparkline: sparkline(history, today),
        latest,
        change,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Batch, Measurement};
    use crate::source::SourceId;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn cards_compare_with_the_week_before() {
        let zone: Zone = "Europe/Paris".parse().unwrap();
        let mut store = Store::open_in_memory().unwrap();
        let mut batch = Batch::new(SourceId::demo());
        let today = date("2026-03-30");
        for d in 0..20u64 {
            let day = days_before(today, d);
            let (start, end) = zone.day_bounds(day);
            // Weight 70 kg on every day before today, 71 today (07:00 local).
            let weight = if d == 0 { 71.0 } else { 70.0 };
            batch.measurements.push(Measurement::sample(
                Metric::Weight,
                start + 7 * 3600,
                weight,
                zone,
            ));
            let steps = if d == 0 { 3000.0 } else { 8000.0 };
            batch.measurements.push(Measurement::interval(
                Metric::Steps,
                start,
                end,
                steps,
                zone,
            ));
        }
        store.ingest(&batch).unwrap();
        let o = overview(&store, zone, today, &SourcePriority::default()).unwrap();

        assert_eq!(o.weight.latest.as_ref().map(|l| l.value), Some(71.0));
        assert_eq!(o.weight.change, Some(1.0));
        assert_eq!(o.weight.sparkline.len(), 20);
        assert_eq!(o.weight.sparkline.last().map(|p| p.date), Some(today));
        assert_eq!(o.steps.latest.as_ref().map(|l| l.value), Some(3000.0));
        assert_eq!(o.steps.change, Some(-5000.0));
        // The day after the DST change: the card spans Paris's 24-hour day.
        let l = o.steps.latest.unwrap();
        assert_eq!(l.end.map(|e| e - l.start), Some(86_400));
        assert_eq!(o.sleep.latest, None);
        assert_eq!(o.sleep.change, None);
        assert!(o.resting_heart_rate.sparkline.is_empty());
    }
}
