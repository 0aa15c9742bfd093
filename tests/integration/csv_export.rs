//! CSV export, byte for byte (CONTRACT §8).

use healthdash_core::export::{CsvFilter, export_csv};
use healthdash_core::model::{SleepNight, SleepStage, StageInterval, Workout};
use healthdash_core::query::TimeRange;
use healthdash_core::{Batch, Measurement, Metric, Store, Zone};

use crate::util::*;

/// A small store with the awkward cases: two sources at one instant (stored
/// in the opposite order of their names), a point beside an interval, a
/// formula-looking and a comma-containing detail, a night with stages, a
/// daily total beside intraday detail, a negative offset zone.
pub fn fixture(store: &mut Store) {
    let paris = zone("Europe/Paris");
    let mut withings = batch(
        "withings",
        vec![
            hr("2015-10-06T22:00:00Z", 61.0),
            Measurement::sample(Metric::Weight, at("2015-10-07T05:30:00Z"), 71.25, paris)
                .with_detail("Body+ scale, bathroom"),
            Measurement::interval(
                Metric::Steps,
                at("2015-10-06T22:00:00Z"),
                at("2015-10-07T22:00:00Z"),
                10432.0,
                paris,
            ),
            Measurement::interval(
                Metric::Steps,
                at("2015-10-06T22:00:00Z"),
                at("2015-10-06T22:15:00Z"),
                12.0,
                paris,
            )
            .as_intraday(),
            Measurement::sample(
                Metric::BodyTemperature,
                at("2015-10-07T06:00:00Z"),
                36.6,
                zone("-03:00"),
            ),
        ],
    );
    withings.workouts.push(Workout {
        start: at("2015-10-07T16:00:00Z"),
        end: at("2015-10-07T16:30:00Z"),
        zone: paris,
        kind: "=HYPERLINK(\"x\")".into(),
        energy_kcal: None,
        distance_m: None,
        record_id: None,
    });
    store.ingest(&withings).unwrap();

    let mut demo = batch(
        "demo",
        vec![
            hr("2015-10-06T22:00:00Z", 64.5),
            hr("2015-10-06T21:59:00Z", 63.0),
        ],
    );
    let s = at("2015-10-06T21:00:00Z");
    let stages = vec![
        StageInterval {
            start: s,
            end: s + 600,
            stage: SleepStage::Awake,
        },
        StageInterval {
            start: s + 600,
            end: s + 3000,
            stage: SleepStage::Light,
        },
        StageInterval {
            start: s + 3000,
            end: s + 3600,
            stage: SleepStage::Deep,
        },
    ];
    demo.nights
        .push(SleepNight::from_stages(s, s + 3600, Zone::UTC, stages));
    store.ingest(&demo).unwrap();
    store.ingest(&Batch::new(source("exist"))).unwrap();
}

pub const EXPECTED: &str = "\
metric,start,end,value,unit,source,detail
body_temperature,2015-10-07T06:00:00Z,,36.6,degC,withings,
heart_rate,2015-10-06T21:59:00Z,,63,bpm,demo,
heart_rate,2015-10-06T22:00:00Z,,64.5,bpm,demo,
heart_rate,2015-10-06T22:00:00Z,,61,bpm,withings,
sleep_awake_duration,2015-10-06T21:00:00Z,2015-10-06T22:00:00Z,600,s,demo,
sleep_deep_duration,2015-10-06T21:00:00Z,2015-10-06T22:00:00Z,600,s,demo,
sleep_duration,2015-10-06T21:00:00Z,2015-10-06T22:00:00Z,3000,s,demo,
sleep_latency,2015-10-06T21:00:00Z,2015-10-06T22:00:00Z,600,s,demo,
sleep_light_duration,2015-10-06T21:00:00Z,2015-10-06T22:00:00Z,2400,s,demo,
sleep_rem_duration,2015-10-06T21:00:00Z,2015-10-06T22:00:00Z,0,s,demo,
sleep_stage,2015-10-06T21:00:00Z,2015-10-06T21:10:00Z,0,stage,demo,
sleep_stage,2015-10-06T21:10:00Z,2015-10-06T21:50:00Z,1,stage,demo,
sleep_stage,2015-10-06T21:50:00Z,2015-10-06T22:00:00Z,2,stage,demo,
sleep_wakeup_count,2015-10-06T21:00:00Z,2015-10-06T22:00:00Z,0,count,demo,
steps,2015-10-06T22:00:00Z,2015-10-07T22:00:00Z,10432,count,withings,
weight,2015-10-07T05:30:00Z,,71.25,kg,withings,\"Body+ scale, bathroom\"
workout,2015-10-07T16:00:00Z,2015-10-07T16:30:00Z,1800,s,withings,\"'=HYPERLINK(\"\"x\"\")\"
";

fn export(store: &Store, filter: &CsvFilter) -> String {
    let mut out = Vec::new();
    export_csv(store, filter, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn csv_is_byte_exact() {
    let mut store = Store::open_in_memory().unwrap();
    fixture(&mut store);
    assert_eq!(export(&store, &CsvFilter::default()), EXPECTED);
}

#[test]
fn intraday_detail_only_on_request() {
    let mut store = Store::open_in_memory().unwrap();
    fixture(&mut store);
    let filter = CsvFilter {
        metrics: vec![Metric::Steps],
        intraday: true,
        ..CsvFilter::default()
    };
    assert_eq!(
        export(&store, &filter),
        "metric,start,end,value,unit,source,detail\n\
         steps,2015-10-06T22:00:00Z,2015-10-06T22:15:00Z,12,count,withings,\n\
         steps,2015-10-06T22:00:00Z,2015-10-07T22:00:00Z,10432,count,withings,\n"
    );
}

#[test]
fn filters_by_metric_source_and_range() {
    let mut store = Store::open_in_memory().unwrap();
    fixture(&mut store);
    let filter = CsvFilter {
        metrics: vec![Metric::HeartRate, Metric::Weight],
        sources: vec![source("withings")],
        range: TimeRange::new(at("2015-10-06T22:00:00Z"), at("2015-10-07T05:30:00Z")).unwrap(),
        intraday: false,
    };
    assert_eq!(
        export(&store, &filter),
        "metric,start,end,value,unit,source,detail\nheart_rate,2015-10-06T22:00:00Z,,61,bpm,withings,\n"
    );
}
