//! Insights over the daily values: a personal baseline band per metric,
//! flags from simple stated rules over it, and which daily metrics go
//! together (rank correlations with false-discovery control).
//!
//! | module | what it does |
//! |---|---|
//! | `baseline` | the trailing 28-day robust band per local day |
//! | `flags` | the rules as pure functions over daily values and bands |
//! | `features` | daily features: metrics and values derived from workouts |
//! | `correlate` | Spearman correlations at lags 0–2, Benjamini–Hochberg |
//!
//! Everything reads daily values through [`crate::query::daily_values`], so
//! the source priority and hidden sources apply as they do on the charts.

mod baseline;
mod correlate;
mod features;
mod flags;
mod stats;

#[cfg(test)]
mod tests;

use chrono::NaiveDate;

use crate::error::Result;
use crate::metric::Metric;
use crate::query::SourcePriority;
use crate::store::Store;

pub use baseline::{BASELINE_METRICS, bands_for_points, baseline_days, has_baseline};
pub use correlate::{MIN_PAIRED_DAYS, Q_SIGNIFICANT};
pub use flags::rules;

/// A metric's usual range on one day, in the metric's stored unit.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Band {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub lo: f64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub mid: f64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub hi: f64,
}

/// The band of one local day.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BandDay {
    pub date: NaiveDate,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub lo: f64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub mid: f64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub hi: f64,
}

impl BandDay {
    pub fn band(&self) -> Band {
        Band {
            lo: self.lo,
            mid: self.mid,
            hi: self.hi,
        }
    }
}

/// A flag rule. Serialised as its snake_case id (`resting_hr_high`), the
/// same id `config.toml` lists under `[insights] disabled`.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum RuleId {
    /// Resting heart rate above its band 3 days running.
    RestingHrHigh,
    /// Heart-rate variability below its band 3 days running.
    HrvLow,
    /// Time asleep below its band 3 nights running.
    SleepShort,
    /// Time asleep above its band 3 nights running.
    SleepLong,
    /// Steps below their band 3 days running.
    StepsLow,
    /// The 28-day median weight moved by more than 1.5 kg from the 28 days before.
    WeightTrend,
    /// The 28-day median resting heart rate moved by 3 bpm or more from the 28 days before.
    RestingHrTrend,
}

impl RuleId {
    pub const ALL: &'static [RuleId] = &[
        RuleId::RestingHrHigh,
        RuleId::HrvLow,
        RuleId::SleepShort,
        RuleId::SleepLong,
        RuleId::StepsLow,
        RuleId::WeightTrend,
        RuleId::RestingHrTrend,
    ];

    /// Whether the rule compares two 28-day medians (its flag days hold
    /// the recent median against the earlier one) rather than days against
    /// their band.
    pub fn is_trend(self) -> bool {
        matches!(self, RuleId::WeightTrend | RuleId::RestingHrTrend)
    }

    /// The id as in JSON and `config.toml`.
    pub fn id(self) -> &'static str {
        match self {
            RuleId::RestingHrHigh => "resting_hr_high",
            RuleId::HrvLow => "hrv_low",
            RuleId::SleepShort => "sleep_short",
            RuleId::SleepLong => "sleep_long",
            RuleId::StepsLow => "steps_low",
            RuleId::WeightTrend => "weight_trend",
            RuleId::RestingHrTrend => "resting_hr_trend",
        }
    }
}

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.id())
    }
}

/// A rule as a settings page lists it.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RuleInfo {
    pub id: RuleId,
    /// e.g. "Resting heart rate above your usual range".
    pub title: String,
    /// The rule in plain words.
    pub rule_text: String,
}

/// One day behind a flag: the day's value and the band it was held against
/// (for trend rules: the 28-day median, against the median of the 28 days
/// before ± the threshold).
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FlagDay {
    pub date: NaiveDate,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub value: f64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub lo: f64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub mid: f64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub hi: f64,
}

/// A run of days on which a rule held.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Flag {
    pub rule: RuleId,
    pub metric: Metric,
    /// e.g. "Resting heart rate above your usual range".
    pub title: String,
    /// The rule in plain words.
    pub rule_text: String,
    /// First and last day of the run, inclusive.
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub days: Vec<FlagDay>,
    /// The metric's stored unit (`bpm`, `s`, `kg`, `count`).
    pub unit: String,
}

/// A value computed per day from workouts.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum DerivedFeature {
    /// When the day's last workout ended, in hours after the local midnight
    /// that began the day (20.5 = 20:30; past 24 when it ended after midnight).
    /// Days without a workout have no value.
    LastWorkoutEndHour,
    /// Minutes of workouts that began on the day; 0 on days without one
    /// (between the first and last workout of the range).
    WorkoutMinutes,
}

impl DerivedFeature {
    pub const ALL: &'static [DerivedFeature] = &[
        DerivedFeature::LastWorkoutEndHour,
        DerivedFeature::WorkoutMinutes,
    ];

    pub fn id(self) -> &'static str {
        match self {
            DerivedFeature::LastWorkoutEndHour => "last_workout_end_hour",
            DerivedFeature::WorkoutMinutes => "workout_minutes",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DerivedFeature::LastWorkoutEndHour => "Last workout's end (hour of day)",
            DerivedFeature::WorkoutMinutes => "Workout minutes",
        }
    }

    pub fn unit(self) -> &'static str {
        match self {
            DerivedFeature::LastWorkoutEndHour => "h",
            DerivedFeature::WorkoutMinutes => "min",
        }
    }
}

/// A daily series correlations are computed over. JSON:
/// `{ "metric": "steps" }` or `{ "derived": "last_workout_end_hour" }`.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Feature {
    Metric(Metric),
    Derived(DerivedFeature),
}

impl Feature {
    pub fn id(self) -> &'static str {
        match self {
            Feature::Metric(m) => m.id(),
            Feature::Derived(d) => d.id(),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Feature::Metric(m) => m.label(),
            Feature::Derived(d) => d.label(),
        }
    }

    /// The unit of the feature's daily values.
    pub fn unit(self) -> &'static str {
        match self {
            Feature::Metric(m) => m.unit(),
            Feature::Derived(d) => d.unit(),
        }
    }
}

/// Two daily features that move together: b `lag_days` after a.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Correlation {
    pub a: Feature,
    pub b: Feature,
    /// b is taken this many days after a (0, 1 or 2).
    pub lag_days: u8,
    /// Spearman's rank correlation, -1..=1.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub rho: f64,
    /// Days with both values (a on day d, b on day d + lag).
    pub n: u32,
    /// Two-sided p-value (t approximation with n − 2 degrees of freedom).
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub p: f64,
    /// Benjamini–Hochberg adjusted p-value over every pair tested.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub q: f64,
    pub a_label: String,
    pub b_label: String,
}

/// Everything the insights page and `healthdash insights` show for a range.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Insights {
    /// The local days looked at, inclusive.
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// Flags of the enabled rules, oldest first.
    pub flags: Vec<Flag>,
    /// Significant correlations (q ≤ 0.05), strongest first.
    pub correlations: Vec<Correlation>,
    /// How many (a, b, lag) pairs were tested: what q is adjusted over.
    pub pairs_tested: u32,
}

/// One day of a scatter plot: a on `date`, b `lag` days later, each as
/// what the correlation ranks: the day's value minus the feature's usual
/// level (the median of the 29 days around the day), in the feature's unit.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ScatterPoint {
    /// The day of a.
    pub date: NaiveDate,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub x: f64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub y: f64,
}

/// What [`compute`] looks at.
#[derive(Clone, Debug, PartialEq)]
pub struct InsightOptions {
    /// Local days, inclusive. Bands of the first days use the 28 days before.
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// Which source each day believes, and which sources are hidden (the
    /// demo person once the user's own data is in), as on the charts.
    pub priority: SourcePriority,
    /// Rules turned off in the settings: no flags of theirs.
    pub disabled: Vec<RuleId>,
}

/// Flags of the enabled rules and the significant correlations over
/// `options.first..=options.last`.
pub fn compute(store: &Store, options: &InsightOptions) -> Result<Insights> {
    // Every metric is read once, with the history the rules need before `first`.
    let from = options
        .first
        .checked_sub_days(chrono::Days::new(flags::HISTORY_DAYS))
        .unwrap_or(options.first);
    let daily = features::read_daily(store, from, options.last, &options.priority)?;
    let flags = flags::flags(&daily, options);
    let mut features = features::daily_features(
        store,
        &daily,
        options.first,
        options.last,
        &options.priority,
    )?;
    for f in &mut features {
        f.values = features::deviations(&f.values);
    }
    let tested = correlate::correlations(&features);
    let pairs_tested = u32::try_from(tested.len()).unwrap_or(u32::MAX);
    let correlations = correlate::significant(tested);
    Ok(Insights {
        first: options.first,
        last: options.last,
        flags,
        correlations,
        pairs_tested,
    })
}

/// The days behind one correlation: a on each day of `first..=last`, b
/// `lag` days later, where both have a value, each as its difference from
/// the feature's usual level (see [`ScatterPoint`]).
pub fn scatter(
    store: &Store,
    a: &Feature,
    b: &Feature,
    lag: u8,
    first: NaiveDate,
    last: NaiveDate,
    priority: &SourcePriority,
) -> Result<Vec<ScatterPoint>> {
    features::scatter(store, *a, *b, lag, first, last, priority)
}

/// The settings' disabled rules, for callers that only have ids.
pub fn enabled(rule: RuleId, disabled: &[RuleId]) -> bool {
    !disabled.contains(&rule)
}
