//! Writing a whole record (an imported export) into the database, and reading the parts of one
//! that no other store module reads. An import is all or nothing: one transaction writes the
//! conference and every row, mapping the file's own ids to the database's.

use super::NoteKind;
use super::{StoreError, changelog, conferences};
use crate::export::model::{NoteData, Snapshot};
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::HashMap;

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Imported {
    /// A conference new to this database.
    New(i64),
    /// The same conference (same identity) was here already, different: it was replaced by
    /// the file's version, keeping its number.
    Updated(i64),
    /// The same conference was here already, exactly as in the file: nothing changed.
    Unchanged(i64),
}

impl Imported {
    pub(crate) fn id(self) -> i64 {
        match self {
            Imported::New(id) | Imported::Updated(id) | Imported::Unchanged(id) => id,
        }
    }
}

/// Write a checked snapshot: a new conference, or the one with the same identity replaced by
/// it; all or nothing.
pub(crate) fn upsert(conn: &Connection, s: &Snapshot) -> Result<Imported, StoreError> {
    super::write(conn, |tx| {
        let uid = s.conference.uid.trim();
        let existing: Option<i64> = if uid.is_empty() {
            None
        } else {
            tx.query_row("SELECT id FROM conferences WHERE uid = ?1", [uid], |r| {
                r.get(0)
            })
            .optional()?
        };
        let Some(id) = existing else {
            return insert_as(tx, s, None).map(Imported::New);
        };
        let mut here = Snapshot::load(tx, id)?;
        here.format_version = s.format_version;
        if same_record(&here, s) {
            return Ok(Imported::Unchanged(id));
        }
        // Its rows go with it (they reference it with ON DELETE CASCADE).
        tx.execute("DELETE FROM conferences WHERE id = ?1", [id])?;
        insert_as(tx, s, Some(id))?;
        changelog::record(tx, Some(id), "conference", Some(id), "reimport", "all")?;
        Ok(Imported::Updated(id))
    })
}

/// Whether the conference here already is the file's record. The names to redact are the
/// case's list: the case may hold more than the file (registered since in another conference
/// of it; an import never removes one), so they only need to contain every name of the file.
fn same_record(here: &Snapshot, file: &Snapshot) -> bool {
    let is_name = |n: &NoteData| n.kind == NoteKind::RedactName.key();
    let without_names = |s: &Snapshot| {
        let mut s = s.clone();
        s.notes.retain(|n| !is_name(n));
        // File-local ids are renumbered as the writer would, links following them.
        s.renumber_notes();
        s
    };
    let names_here: Vec<_> = here.notes.iter().filter(|n| is_name(n)).collect();
    let known = |n: &NoteData| {
        names_here.iter().any(|h| {
            (!n.uid.trim().is_empty() && h.uid == n.uid.trim())
                || (!n.body.trim().is_empty()
                    && h.body.trim() == n.body.trim()
                    && h.label.trim() == n.label.trim())
        })
    };
    without_names(here) == without_names(file)
        && file.notes.iter().filter(|n| is_name(n)).all(known)
}

/// Insert a snapshot as conference `id` (a new number when None).
fn insert_as(tx: &Connection, s: &Snapshot, id: Option<i64>) -> Result<i64, StoreError> {
    {
        let case_id = conferences::case_id_for_label(tx, &s.case_label)?;
        let c = &s.conference;
        tx.execute(
            "INSERT INTO conferences (id, case_id, title, date, venue, facilitator, purpose, agenda_id,
                                      lang, status, next_meeting, uid, meeting_type, consent,
                                      consent_date)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            params![
                id,
                case_id,
                c.title,
                c.date,
                c.venue,
                c.facilitator,
                c.purpose,
                s.agenda.id,
                c.lang,
                c.status,
                c.next_meeting,
                c.uid.trim(),
                c.meeting_type,
                c.consent,
                c.consent_date
            ],
        )?;
        let id = tx.last_insert_rowid();
        conferences::set_record_info(
            tx,
            id,
            &conferences::RecordInfo {
                recorder: c.recorder.clone(),
                record_date: c.record_date.clone(),
                date_style: c.date_style.clone(),
                agenda_title_ja: s.agenda.title_ja.clone(),
                agenda_title_en: s.agenda.title_en.clone(),
            },
        )?;

        let mut stmt = tx.prepare_cached(
            "INSERT INTO agenda_phases
             (conference_id, position, key, title_ja, title_en, planned_minutes, guidance_ja, guidance_en, boards)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        for (position, p) in s.agenda.phases.iter().enumerate() {
            stmt.execute(params![
                id,
                position as i64,
                p.key,
                p.title_ja,
                p.title_en,
                p.planned_minutes,
                p.guidance_ja,
                p.guidance_en,
                p.boards.join(",")
            ])?;
        }

        let mut stmt = tx.prepare_cached(
            "INSERT INTO clock_events (conference_id, at_ms, kind, phase, minutes) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for e in s.clock_events.iter().filter_map(|e| e.to_event()) {
            let (kind, phase, minutes) = e.kind.to_parts();
            stmt.execute(params![id, e.at.timestamp_millis(), kind, phase, minutes])?;
        }

        let mut participants: HashMap<i64, i64> = HashMap::new();
        let mut stmt = tx.prepare_cached(
            "INSERT INTO participants (conference_id, position, name, agency, role, present, uid,
                                       confirmed_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for p in &s.participants {
            stmt.execute(params![
                id,
                p.position,
                p.name,
                p.agency,
                p.role,
                p.present,
                p.uid,
                p.confirmed_at
            ])?;
            participants.insert(p.id, tx.last_insert_rowid());
        }

        // Notes first without their links (a question may come after its answer), then links.
        let mut notes: HashMap<i64, i64> = HashMap::new();
        let mut stmt = tx.prepare_cached(
            "INSERT INTO notes (conference_id, kind, position, body, label, mark, participant_id, uid)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for n in &s.notes {
            if n.kind == NoteKind::RedactName.key() {
                // The case's list: added unless the case has the name already.
                super::case_names::merge(tx, id, &n.body, &n.label, n.uid.trim(), n.position)?;
                continue;
            }
            let participant = n.participant_id.and_then(|p| participants.get(&p).copied());
            stmt.execute(params![
                id,
                n.kind,
                n.position,
                n.body,
                n.label,
                n.mark,
                participant,
                n.uid
            ])?;
            notes.insert(n.id, tx.last_insert_rowid());
        }
        let mut stmt = tx.prepare_cached("UPDATE notes SET parent_id = ?1 WHERE id = ?2")?;
        for n in &s.notes {
            if let (Some(parent), Some(own)) = (
                n.parent_id.and_then(|p| notes.get(&p).copied()),
                notes.get(&n.id).copied(),
            ) {
                stmt.execute(params![parent, own])?;
            }
        }

        let mut stmt = tx.prepare_cached(
            "INSERT INTO agency_roles (conference_id, position, agency, role_now, role_proposed, uid)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for r in &s.agency_roles {
            stmt.execute(params![
                id,
                r.position,
                r.agency,
                r.role_now,
                r.role_proposed,
                r.uid
            ])?;
        }

        let mut stmt = tx.prepare_cached(
            "INSERT INTO action_items (conference_id, position, what, owner_agency, owner_person, due,
                                       status, due_text, uid, review_text, review_due, carried,
                                       outcome, outcome_note)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )?;
        for a in &s.action_items {
            stmt.execute(params![
                id,
                a.position,
                a.what,
                a.owner_agency,
                a.owner_person,
                a.due,
                a.status,
                if a.due_text.is_empty() {
                    a.due.clone().unwrap_or_default()
                } else {
                    a.due_text.clone()
                },
                a.uid,
                a.review_text,
                a.review_due,
                a.carried,
                a.outcome,
                a.outcome_note
            ])?;
        }

        let mut stmt = tx.prepare_cached(
            "INSERT INTO survey_tallies (conference_id, survey_id, option_key, count) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for t in &s.survey_tallies {
            stmt.execute(params![id, t.survey_id, t.option_key, t.count])?;
        }

        changelog::record(tx, Some(id), "conference", Some(id), "import", "all")?;
        Ok(id)
    }
}
