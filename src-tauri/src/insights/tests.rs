//! The Insights commands on a temporary data folder: defaults, the rule
//! switches kept in `config.toml`, refusals, and the demo person's insights.

use chrono::NaiveDate;
use healthdash_core::config::DataDir;
use healthdash_core::demo::{self, DemoOptions};
use healthdash_core::insights::DerivedFeature;
use healthdash_core::{Metric, Zone};

use super::*;

struct Fixture {
    _tmp: tempfile::TempDir,
    state: AppState,
}

fn fixture() -> Fixture {
    let tmp = tempfile::tempdir().unwrap();
    let data_dir = DataDir::resolve(Some(tmp.path().join("data"))).unwrap();
    let state = AppState::open(data_dir, None).unwrap();
    Fixture { _tmp: tmp, state }
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn without_a_range_the_last_365_days_up_to_today() {
    let today = date("2026-12-05");
    assert_eq!(
        days_of(&InsightsArgs::default(), today),
        (date("2025-12-06"), today)
    );
    let args = InsightsArgs {
        first: None,
        last: Some(date("2026-06-30")),
    };
    assert_eq!(
        days_of(&args, today),
        (date("2025-07-01"), date("2026-06-30"))
    );
}

#[test]
fn a_rule_turned_off_stays_off_in_the_settings_until_turned_on() {
    let f = fixture();
    let rules = rule_settings(&f.state).unwrap();
    assert_eq!(rules.len(), 7);
    assert!(rules.iter().all(|r| r.enabled), "every rule is on at first");

    let after = set_rule(
        &f.state,
        &SetInsightRuleArgs {
            id: RuleId::WeightTrend,
            enabled: false,
        },
    )
    .unwrap();
    let off: Vec<RuleId> = after.iter().filter(|r| !r.enabled).map(|r| r.id).collect();
    assert_eq!(off, vec![RuleId::WeightTrend]);
    // Kept in config.toml, where the CLI reads it too.
    let config = f.state.data_dir().load_config().unwrap();
    assert_eq!(config.insights.disabled, vec![RuleId::WeightTrend]);
    // Turning it off twice lists it once.
    set_rule(
        &f.state,
        &SetInsightRuleArgs {
            id: RuleId::WeightTrend,
            enabled: false,
        },
    )
    .unwrap();
    assert_eq!(
        f.state.data_dir().load_config().unwrap().insights.disabled,
        vec![RuleId::WeightTrend]
    );

    let back = set_rule(
        &f.state,
        &SetInsightRuleArgs {
            id: RuleId::WeightTrend,
            enabled: true,
        },
    )
    .unwrap();
    assert!(back.iter().all(|r| r.enabled));
}

#[test]
fn scatter_refuses_a_lag_past_two_days_and_a_reversed_range() {
    let f = fixture();
    let args = ScatterArgs {
        a: Feature::Metric(Metric::Steps),
        b: Feature::Metric(Metric::SleepDuration),
        lag_days: 3,
        first: date("2026-01-01"),
        last: date("2026-03-01"),
    };
    let err = scatter_for(&f.state, &args).unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidInput);
    assert!(err.message.contains("lag_days"), "{}", err.message);

    let reversed = ScatterArgs {
        lag_days: 0,
        first: date("2026-03-01"),
        last: date("2026-01-01"),
        ..args
    };
    assert_eq!(
        scatter_for(&f.state, &reversed).unwrap_err().kind,
        ErrorKind::InvalidInput
    );
    let empty = InsightsArgs {
        first: Some(date("2026-03-01")),
        last: Some(date("2026-01-01")),
    };
    assert_eq!(
        insights_for(&f.state, &empty).unwrap_err().kind,
        ErrorKind::InvalidInput
    );
}

#[test]
fn an_empty_store_has_no_flags_and_no_correlations() {
    let f = fixture();
    let args = InsightsArgs {
        first: Some(date("2026-01-01")),
        last: Some(date("2026-06-30")),
    };
    let found = insights_for(&f.state, &args).unwrap();
    assert!(found.flags.is_empty());
    assert!(found.correlations.is_empty());
    assert_eq!(
        (found.first, found.last),
        (date("2026-01-01"), date("2026-06-30"))
    );
}

/// The demo person over its last year: the planted illness week raises a
/// resting-heart-rate flag, late workouts go with a higher resting heart
/// rate the next day, and the scatter of that pair has its `n` days.
#[test]
fn the_demo_person_has_flags_and_the_late_workout_correlation() {
    let f = fixture();
    let last = date("2026-11-30");
    let options = DemoOptions::new(2, last, Zone::UTC);
    {
        let mut store = f.state.data_dir().open_store().unwrap();
        demo::load(&mut store, &options, |_, _| {}).unwrap();
    }
    let planted = demo::planted(&options);
    let (ill_first, ill_last) = planted.illness.expect("two years have an illness week");

    let args = InsightsArgs {
        first: Some(last - chrono::Duration::days(364)),
        last: Some(last),
    };
    let found = insights_for(&f.state, &args).unwrap();
    let rhr = found
        .flags
        .iter()
        .find(|fl| fl.rule == RuleId::RestingHrHigh && fl.first <= ill_last && fl.last >= ill_first)
        .unwrap_or_else(|| panic!("no resting-HR flag in the illness week: {:#?}", found.flags));
    assert_eq!(rhr.metric, Metric::RestingHeartRate);
    assert!(rhr.days.len() >= 3, "three days running: {:?}", rhr.days);
    assert!(
        rhr.days.iter().all(|d| d.value > d.hi),
        "every day above its band"
    );

    let late = found
        .correlations
        .iter()
        .find(|c| {
            c.a == Feature::Derived(DerivedFeature::LastWorkoutEndHour)
                && c.b == Feature::Metric(Metric::RestingHeartRate)
                && c.lag_days == 1
        })
        .unwrap_or_else(|| {
            panic!(
                "late workouts → next day's resting HR not significant: {:#?}",
                found.correlations
            )
        });
    assert!(
        late.rho > 0.0,
        "later workouts, higher resting HR: rho {}",
        late.rho
    );
    assert!(late.q <= 0.05);

    // Turned off, the rule flags nothing.
    set_rule(
        &f.state,
        &SetInsightRuleArgs {
            id: RuleId::RestingHrHigh,
            enabled: false,
        },
    )
    .unwrap();
    let without = insights_for(&f.state, &args).unwrap();
    assert!(
        without
            .flags
            .iter()
            .all(|fl| fl.rule != RuleId::RestingHrHigh)
    );

    let points = scatter_for(
        &f.state,
        &ScatterArgs {
            a: late.a,
            b: late.b,
            lag_days: late.lag_days,
            first: found.first,
            last: found.last,
        },
    )
    .unwrap();
    assert_eq!(points.len(), late.n as usize, "one point per paired day");
}
