//! Token exchange and refresh.
