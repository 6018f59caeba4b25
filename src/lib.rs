//! caseconf: run a multi-agency case conference (事例検討会) in the terminal and record it.
//!
//! The library holds everything; `main.rs` only parses the command line and calls in, so tests
//! can drive the same code the binary runs. Modules the tests and benchmarks do not reach are
//! `pub(crate)`, so the compiler reports what nothing uses.

pub mod agenda;
pub mod app;
pub mod cli;
pub mod config;
pub(crate) mod dates;
pub mod domain;
pub mod export;
pub mod i18n;
pub(crate) mod input_file;
pub(crate) mod passphrase;
pub(crate) mod paths;
pub mod platform;
pub(crate) mod recovery;
pub(crate) mod run;
pub(crate) mod screen;
pub mod store;
pub(crate) mod terminal;
pub mod ui;
pub(crate) mod wake;

pub use run::run_interactive;
pub mod board;
