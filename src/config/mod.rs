//! The data files the program reads: agendas, themes and the agency and survey catalogs.
//!
//! Each is TOML, shipped inside the binary and replaceable by a user's own file. All of them
//! are read through [`datafile`], so a mistake in any of them is reported the same way: the
//! file, the line and column, what is wrong and what to write instead.

pub mod agenda;
pub mod catalog;
pub(crate) mod datafile;
pub mod theme;
