//! Withings (documented as "Nokia Health"; today's service per PROVIDERS.md).
pub mod parse;
