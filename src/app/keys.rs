//! Terminal events to actions. The bindings themselves are the key table in
//! [`super::keymap`], which also writes the footer, the help and README's key list.

pub(crate) use super::keymap::action_for;
