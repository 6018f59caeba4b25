//! Where a record's notes come from when the report is built: a [`Snapshot`] held whole, or
//! the store read one note at a time ([`Streamed`], for the Word file), so a long record's
//! notes are never all in memory. Both hand out the notes as the record shows them (the
//! conflict mark, redacted when asked for), so the report is built by one code path.

use super::model::{Links, NoteData, Snapshot};
use super::redact::{RedactionMap, redact_note};
use crate::store::{self, NoteKind, StoreError};
use rusqlite::Connection;

/// What the notes are handed to: an iterator over them, read while it is held.
pub(crate) type Reader<'r> =
    dyn FnMut(&mut dyn Iterator<Item = NoteData>) -> Result<(), StoreError> + 'r;

/// The notes of a record, kind by kind.
pub(crate) trait Notes {
    /// Hand `read` the notes of `kind` in board order; with `question` (a note's id as this
    /// source numbers it), only the answers linked to that question.
    fn each(
        &self,
        kind: NoteKind,
        question: Option<i64>,
        read: &mut Reader<'_>,
    ) -> Result<(), StoreError>;
}

impl Notes for Snapshot {
    fn each(
        &self,
        kind: NoteKind,
        question: Option<i64>,
        read: &mut Reader<'_>,
    ) -> Result<(), StoreError> {
        let mut notes = self
            .notes_of(kind)
            .filter(|n| question.is_none_or(|q| n.parent_id == Some(q)))
            .cloned();
        read(&mut notes)
    }
}

/// The notes of conference `conference_id` read from the store as they are asked for, each
/// redacted with `map` when given. The case's names to redact are not in the notes table:
/// they come from `head`, which holds them (as [`Snapshot::load_head`] loads it).
pub(crate) struct Streamed<'a> {
    pub(crate) conn: &'a Connection,
    pub(crate) conference_id: i64,
    pub(crate) links: Links,
    pub(crate) map: Option<&'a RedactionMap>,
    pub(crate) head: &'a Snapshot,
}

impl Notes for Streamed<'_> {
    fn each(
        &self,
        kind: NoteKind,
        question: Option<i64>,
        read: &mut Reader<'_>,
    ) -> Result<(), StoreError> {
        if kind == NoteKind::RedactName {
            return self.head.each(kind, question, read);
        }
        let mut failed = None;
        let result =
            store::cards::with_notes_of(self.conn, self.conference_id, kind, question, |rows| {
                let mut notes = rows.map_while(|row| match row {
                    Ok(n) => {
                        let mut note = self.links.note(&n);
                        if let Some(map) = self.map {
                            redact_note(&mut note, map);
                        }
                        Some(note)
                    }
                    Err(e) => {
                        failed = Some(e);
                        None
                    }
                });
                read(&mut notes)
            })?;
        match failed {
            Some(e) => Err(e),
            None => result,
        }
    }
}
