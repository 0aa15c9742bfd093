//! Withings' answers as serde types: what today's service sends, with every
//! field Healthdash reads and no other. Each response is deserialized once,
//! into its endpoint's [`envelope::Envelope`]; the adapters turn the result
//! into records.
//!
//! Withings is loose about types (see [`loose`]); these types absorb that, so
//! the adapters see one spelling per field. Checks that need a row's
//! context (a required field missing, a zone Healthdash cannot read) are the
//! adapters', which name the row in their error.
//!
//! Every body field has a default, so an error answer's `"body": {}` (or
//! PHP's `[]`) reads as an empty body and the status can speak.

pub mod activity;
pub mod devices;
pub mod envelope;
pub mod intraday;
pub mod loose;
pub mod meas;
pub mod sleep;
pub mod workouts;
