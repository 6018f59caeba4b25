//! caseconf: run a multi-agency case conference (事例検討会) in the terminal and record it.
//!
//! The library holds everything; `main.rs` only parses the command line and calls in, so tests
//! can drive the same code the binary runs.

pub mod datafile;
pub mod agenda;
pub mod catalog;
pub mod theme;
