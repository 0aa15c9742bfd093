//! Read side: what charts, tables and the CLI ask of the store.
//!
//! Every query that could touch years of raw rows reads the rollups instead,
//! so its cost depends on the number of buckets on screen, not on the data.

mod bucket;
mod calendar;
mod catalogue;
mod coverage;
mod daily;
mod overview;
mod priority;
mod provenance;
mod series;
mod sleep;
mod tiers;
mod workouts;

pub use calendar::{
    DailyBucket, DailyBucketsRequest, Granularity, calendar_buckets, daily_buckets,
};
pub use catalogue::{CatalogueEntry, LatestValue, catalogue, latest};
pub use coverage::{Coverage, CoverageRun, DayState, SourceCoverage, coverage};
pub use daily::{DailyValue, daily_values};
pub use overview::{Overview, OverviewCard, SparkPoint, overview};
pub use priority::SourcePriority;
pub use provenance::{Provenance, ProvenanceRequest, SourceSaid, provenance};
pub use series::{Point, Resolution, Series, SeriesRequest, series};
pub use sleep::{NightSummary, night_stages, sleep_nights};
pub use workouts::{WorkoutSummary, workouts};

use crate::error::{Error, Result};
use crate::time::format_utc;

/// A half-open span of UTC seconds, `[from, to)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TimeRange {
    pub from: i64,
    pub to: i64,
}

impl TimeRange {
    pub fn new(from: i64, to: i64) -> Result<Self> {
        if from >= to {
            return Err(Error::InvalidRange {
                from: format_utc(from),
                to: format_utc(to),
            });
        }
        Ok(TimeRange { from, to })
    }

    /// Everything a store can hold.
    pub fn all() -> Self {
        TimeRange {
            from: 0,
            to: crate::model::MAX_TIME,
        }
    }

    pub fn seconds(self) -> i64 {
        self.to - self.from
    }
}
