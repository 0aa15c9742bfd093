//! Fake provider servers.
