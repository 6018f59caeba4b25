//! Carrying a case forward: a new conference of a case starts with what the previous one left
//! open — its open action items (to be reviewed), its support direction (for reference), its
//! roster (nobody marked present yet). The case's names to redact need no copy: they are the
//! case's list (`store::case_names`), shared by all its conferences.

use super::cards::{self, ActionStatus, NoteKind};
use super::error::Result;
use super::write;
use rusqlite::Connection;

/// Copy into conference `to` what conference `from` leaves for the next meeting of the case.
/// Runs inside the caller's transaction when there is one (creating a conference).
pub(crate) fn carry_forward(conn: &Connection, from: i64, to: i64) -> Result<()> {
    write(conn, |conn| {
        for a in cards::action_items(conn, from)? {
            // A card marked as a conflict is a second copy of an action: carry the action once.
            if a.status == ActionStatus::Open && !is_conflict_copy(conn, a.id)? {
                cards::carry_action_item(conn, to, &a)?;
            }
        }
        let notes = cards::notes(conn, from)?;
        for n in notes.iter().filter(|n| n.kind == NoteKind::Direction) {
            if !n.body.trim().is_empty() {
                cards::add_note(conn, to, NoteKind::PrevDirection, &n.body, &n.label)?;
            }
        }
        for p in cards::participants(conn, from)? {
            if !p.name.trim().is_empty() || !p.agency.trim().is_empty() {
                cards::add_participant(conn, to, &p.name, &p.agency, &p.role, false)?;
            }
        }
        Ok(())
    })
}

fn is_conflict_copy(conn: &Connection, id: i64) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT conflict_of IS NOT NULL FROM action_items WHERE id = ?1",
        [id],
        |r| r.get(0),
    )?)
}
