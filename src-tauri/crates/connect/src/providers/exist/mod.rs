//! Exist: the write side (`push`). The read side joins this module.

pub mod push;
