//! The meeting's vocabulary, shared by every layer: the boards of the screen, the kinds of note
//! they hold, and the state of a conference. Each is stored as a fixed text key; the key and its
//! parsing live here, once.

mod board;
mod note_kind;
mod status;

pub use board::Board;
pub use note_kind::NoteKind;
pub use status::ConferenceStatus;
