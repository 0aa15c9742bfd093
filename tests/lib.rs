//! This package only holds the integration tests (`integration/`); run them
//! with `cargo test -p healthdash-tests`.
