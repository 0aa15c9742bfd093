//! Chart series and daily values: the level picked for a range, source
//! priority instead of double counting, and local days across DST changes.

use std::collections::HashMap;

use healthdash_core::query::{
    Resolution, SeriesRequest, SourcePriority, TimeRange, daily_values, series,
};
use healthdash_core::{Measurement, Metric, Store, Zone};

use crate::util::*;

/// Heart rate every minute for `days` days from 2026-01-01, value = 60 + hour of day.
fn minute_heart_rate(store: &mut Store, source_id: &str, days: i64) {
    let start = at("2026-01-01T00:00:00Z");
    let ms = (0..days * 1440)
        .map(|i| {
            let t = start + i * 60;
            Measurement::sample(
                Metric::HeartRate,
                t,
                60.0 + ((t / 3600) % 24) as f64,
                Zone::UTC,
            )
        })
        .collect();
    store.ingest(&batch(source_id, ms)).unwrap();
}

fn request(metric: Metric, from: &str, to: &str, max_points: u32) -> SeriesRequest {
    SeriesRequest {
        metric,
        range: TimeRange::new(at(from), at(to)).unwrap(),
        max_points,
        sources: vec![],
        zone: Zone::UTC,
    }
}

#[test]
fn the_level_follows_the_range_and_never_exceeds_max_points() {
    let mut store = Store::open_in_memory().unwrap();
    minute_heart_rate(&mut store, "withings", 40);
    let p = SourcePriority::default();

    let hour = series(
        &store,
        &request(
            Metric::HeartRate,
            "2026-01-01T10:00:00Z",
            "2026-01-01T11:00:00Z",
            1000,
        ),
        &p,
    )
    .unwrap();
    assert_eq!(hour.resolution, Resolution::Raw);
    assert_eq!(hour.points.len(), 60);
    assert_eq!(hour.points[0].value, 70.0);

    let day = series(
        &store,
        &request(
            Metric::HeartRate,
            "2026-01-01T00:00:00Z",
            "2026-01-02T00:00:00Z",
            200,
        ),
        &p,
    )
    .unwrap();
    assert_eq!(day.resolution, Resolution::Seconds { seconds: 600 });
    assert_eq!(day.points.len(), 144);
    let at_noon = day
        .points
        .iter()
        .find(|pt| pt.t == at("2026-01-01T12:00:00Z"))
        .unwrap();
    assert_eq!((at_noon.value, at_noon.n), (72.0, 10));

    let month = series(
        &store,
        &request(
            Metric::HeartRate,
            "2026-01-01T00:00:00Z",
            "2026-01-31T00:00:00Z",
            1000,
        ),
        &p,
    )
    .unwrap();
    assert_eq!(month.resolution, Resolution::Seconds { seconds: 3600 });
    assert_eq!(month.points.len(), 720);

    let all = series(
        &store,
        &request(
            Metric::HeartRate,
            "2026-01-01T00:00:00Z",
            "2026-02-10T00:00:00Z",
            20,
        ),
        &p,
    )
    .unwrap();
    assert_eq!(all.resolution, Resolution::Days { days: 2 });
    assert!(all.points.len() <= 21);
    let first = &all.points[0];
    assert_eq!((first.min, first.max, first.n), (60.0, 83.0, 2880));
    assert!((first.value - 71.5).abs() < 1e-9);
    for s in [&hour, &day, &month] {
        assert!(
            s.points.windows(2).all(|w| w[0].t < w[1].t),
            "points are in time order"
        );
    }
}

#[test]
fn charts_take_the_preferred_source_instead_of_adding_sources() {
    let mut store = Store::open_in_memory().unwrap();
    let day = |d: i64, steps: f64| {
        let t = at("2026-01-01T00:00:00Z") + d * 86_400;
        Measurement::interval(Metric::Steps, t, t + 86_400, steps, Zone::UTC)
    };
    store
        .ingest(&batch("demo", (0..10).map(|d| day(d, 5000.0)).collect()))
        .unwrap();
    // Withings has days 3..6 only.
    store
        .ingest(&batch("withings", (3..6).map(|d| day(d, 9000.0)).collect()))
        .unwrap();

    let values = |priority: &SourcePriority| -> Vec<f64> {
        daily_values(
            &store,
            Metric::Steps,
            date("2026-01-01"),
            date("2026-01-10"),
            &[],
            priority,
        )
        .unwrap()
        .into_iter()
        .map(|v| v.value)
        .collect()
    };
    let default = SourcePriority::default();
    assert_eq!(
        values(&default),
        [
            5000.0, 5000.0, 5000.0, 9000.0, 9000.0, 9000.0, 5000.0, 5000.0, 5000.0, 5000.0
        ]
    );
    let demo_first = SourcePriority {
        per_metric: HashMap::from([(Metric::Steps, vec![source("demo")])]),
        ..SourcePriority::default()
    };
    assert_eq!(values(&demo_first), [5000.0; 10]);
    // Hidden, the demo is no fallback: only the watch's days are left.
    let demo_hidden = SourcePriority::default().hiding(source("demo"));
    assert_eq!(values(&demo_hidden), [9000.0; 3]);

    let chart = series(
        &store,
        &request(
            Metric::Steps,
            "2026-01-01T00:00:00Z",
            "2026-01-11T00:00:00Z",
            1000,
        ),
        &default,
    )
    .unwrap();
    assert_eq!(
        chart.resolution,
        Resolution::Days { days: 1 },
        "daily totals are the finest there is"
    );
    assert_eq!(chart.sources, [source("withings"), source("demo")]);
    let totals: Vec<f64> = chart.points.iter().map(|p| p.value).collect();
    assert_eq!(totals, values(&default));
    assert_eq!(chart.points[4].source, 0);
    assert_eq!(chart.points[0].source, 1);
}

#[test]
fn local_days_on_dst_changes_hold_23_or_25_hours() {
    let mut store = Store::open_in_memory().unwrap();
    // Hourly intraday steps, 100 per hour, reported in each zone.
    for (source_id, tz, first, last) in [
        (
            "withings",
            "Europe/Paris",
            "2026-03-27T00:00:00Z",
            "2026-03-31T00:00:00Z",
        ),
        (
            "exist",
            "America/New_York",
            "2026-10-31T00:00:00Z",
            "2026-11-03T12:00:00Z",
        ),
    ] {
        let zone = zone(tz);
        let ms = (at(first)..at(last))
            .step_by(3600)
            .map(|t| Measurement::interval(Metric::Steps, t, t + 3600, 100.0, zone).as_intraday())
            .collect();
        store.ingest(&batch(source_id, ms)).unwrap();
    }
    let p = SourcePriority::default();
    let total = |src: &str, day: &str| {
        daily_values(
            &store,
            Metric::Steps,
            date(day),
            date(day),
            &[source(src)],
            &p,
        )
        .unwrap()[0]
            .value
    };
    assert_eq!(total("withings", "2026-03-28"), 2400.0);
    assert_eq!(total("withings", "2026-03-29"), 2300.0);
    assert_eq!(total("withings", "2026-03-30"), 2400.0);
    assert_eq!(total("exist", "2026-11-01"), 2500.0);
    assert_eq!(total("exist", "2026-11-02"), 2400.0);
}

#[test]
fn sleep_stages_have_no_series() {
    let store = Store::open_in_memory().unwrap();
    let err = series(
        &store,
        &request(
            Metric::SleepStage,
            "2026-01-01T00:00:00Z",
            "2026-01-02T00:00:00Z",
            100,
        ),
        &SourcePriority::default(),
    )
    .unwrap_err()
    .to_string();
    assert_eq!(
        err,
        "'sleep_stage' has no chart series: sleep stages are shown per night (see sleep nights)"
    );
}
