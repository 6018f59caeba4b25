//! Carrying a case forward: a new conference of a case starts with what the previous one left
//! open — its open action items (to be reviewed), its support direction (for reference), its
//! roster (nobody marked present yet) and the case's names to redact.

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
        // The names to redact belong to the case: every one registered in any earlier
        // conference of it, once.
        let mut seen: Vec<(String, String)> = Vec::new();
        for n in case_redact_names(conn, from)? {
            let key = (n.0.trim().to_string(), n.1.trim().to_string());
            if !key.0.is_empty() && !seen.contains(&key) {
                cards::add_note(conn, to, NoteKind::RedactName, &n.0, &n.1)?;
                seen.push(key);
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

/// The redaction names (body, label) of every conference of the case of `conference_id`, in
/// the order they were registered.
fn case_redact_names(conn: &Connection, conference_id: i64) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT n.body, n.label FROM notes n JOIN conferences f ON f.id = n.conference_id
         WHERE f.case_id = (SELECT case_id FROM conferences WHERE id = ?1)
           AND n.kind = 'redact_name' AND n.deleted_at IS NULL
         ORDER BY f.date, f.id, n.position, n.id",
    )?;
    let rows = stmt.query_map([conference_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
