//! The providers.
pub mod withings;
