//! What the capture boards hold, as typed records, and the one API that loads and saves them.
//!
//! The board model (`crate::board`) edits rows in memory and asks a [`BoardStore`] to persist
//! them; it never sees SQL or a connection type. SQLite implements the trait here; a server
//! database for a whole office could implement the same trait later.
//!
//! Nothing typed is refused: every value is stored as typed (a due date that names no day, a
//! meeting date that is not a date), so a save fails only when the database cannot be written.
//! When two note-takers change the same card at once, the later text is stored as a new card
//! marked `conflict_of` the first, so both are kept and everyone sees the clash until someone
//! resolves it.

use super::cards::{
    self, ActionItem, ActionStatus, AgencyRole, Note, NoteKind, Outcome, Participant, Table,
};
use super::conferences::{self, Conference, ConferenceField};
use super::error::{Result, StoreError};
use super::{case_names, survey, write};
use rusqlite::{Connection, params};
use std::collections::HashMap;

/// One card, table row or form line, by what it means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    /// A note of one kind: body, the secondary label (who is troubled, the agency, when …) and
    /// a mark (crisis / missed on the timeline).
    Note {
        kind: NoteKind,
        body: String,
        label: String,
        mark: String,
    },
    /// A question and its answer (two notes, the answer pointing at the question).
    Qa { question: String, answer: String },
    Participant {
        name: String,
        agency: String,
        role: String,
        present: bool,
        /// Confirmed the duty of confidentiality (the store keeps when).
        confirmed: bool,
    },
    AgencyRole {
        agency: String,
        role_now: String,
        role_proposed: String,
    },
    Action {
        what: String,
        owner_agency: String,
        owner_person: String,
        /// As typed; the store works out the day it means.
        due_text: String,
        /// The review date (確認日), as typed.
        review_text: String,
        status: ActionStatus,
    },
    /// An action carried from the previous conference of the case, reviewed in this one; it
    /// keeps the identity of the action it continues.
    Carried {
        what: String,
        owner_agency: String,
        owner_person: String,
        due_text: String,
        review_text: String,
        outcome: Outcome,
        note: String,
    },
    /// One item of the case profile (a profile note labelled by the item's key).
    Profile { key: String, value: String },
    /// A header field of the conference; the latest value wins.
    Conference {
        field: ConferenceField,
        value: String,
    },
    /// A survey option's count.
    SurveyCount { option: String, count: i64 },
}

impl Record {
    /// The table a record's rows live in (None: fixed rows that are never deleted or moved).
    pub(crate) fn table(&self) -> Option<Table> {
        match self {
            Record::Note {
                kind: NoteKind::RedactName,
                ..
            } => Some(Table::CaseNames),
            Record::Note { .. } | Record::Qa { .. } => Some(Table::Notes),
            Record::Participant { .. } => Some(Table::Participants),
            Record::AgencyRole { .. } => Some(Table::AgencyRoles),
            Record::Action { .. } | Record::Carried { .. } => Some(Table::ActionItems),
            Record::Profile { .. } | Record::Conference { .. } | Record::SurveyCount { .. } => None,
        }
    }
}

/// Where a record is stored, and the version it was based on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stored {
    pub id: Option<i64>,
    pub version: i64,
    /// The answer note of a Q&A record.
    pub aux_id: Option<i64>,
    pub aux_version: i64,
    /// Saved beside the card with this id because both were changed at once.
    pub conflict_of: Option<i64>,
}

impl Stored {
    fn at(id: i64, version: i64) -> Stored {
        Stored {
            id: Some(id),
            version,
            ..Stored::default()
        }
    }

    /// Whether anything of the record is in the store yet.
    pub(crate) fn exists(&self) -> bool {
        self.id.is_some() || self.aux_id.is_some()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRecord {
    pub(crate) stored: Stored,
    pub(crate) record: Record,
}

/// Everything the boards of one conference hold, grouped the way the boards read it.
#[derive(Debug, Clone)]
pub struct BoardData {
    pub(crate) conference: Conference,
    /// Notes of every kind except questions, answers and profile items, in board order.
    pub notes: HashMap<NoteKind, Vec<StoredRecord>>,
    pub(crate) qa: Vec<StoredRecord>,
    pub(crate) participants: Vec<StoredRecord>,
    pub(crate) agency_roles: Vec<StoredRecord>,
    /// Action items set in this conference.
    pub actions: Vec<StoredRecord>,
    /// Action items carried from the previous conference, with their review.
    pub carried: Vec<StoredRecord>,
    /// Profile items by key.
    pub(crate) profile: HashMap<String, StoredRecord>,
    /// Survey counts by option key.
    pub(crate) survey: HashMap<String, i64>,
}

/// How a save went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    Ok,
    /// Someone else changed the row since it was loaded: this text was stored as a new card
    /// beside theirs, marked as a conflict.
    KeptBoth,
}

/// How a conflict is settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    /// Keep this card, delete the one it clashed with.
    KeepThis,
    /// Keep the other card, delete this one.
    KeepOther,
    /// Keep both as separate cards.
    KeepBoth,
    /// Append this card's text to the other card and delete this one.
    Merge,
}

/// The storage the boards use. Every method is one unit of work: it is saved or not at all.
pub trait BoardStore {
    fn load_boards(&self, conference_id: i64, survey_id: &str) -> Result<BoardData>;
    /// Store `record`. `order` lists the ids of the record's list as shown, `None` where
    /// unsaved rows (this one included) stand, so a card inserted mid-list keeps its place.
    fn save_record(
        &self,
        conference_id: i64,
        survey_id: &str,
        stored: &mut Stored,
        record: &Record,
        order: &[Option<i64>],
    ) -> Result<Saved>;
    /// Mark a stored record deleted (undo with `restore_record`).
    fn delete_record(&self, table: Table, stored: &Stored) -> Result<()>;
    /// Bring a deleted record back; its versions change.
    fn restore_record(&self, table: Table, stored: &mut Stored) -> Result<()>;
    /// Give a list's rows new positions in this order.
    fn reorder(&self, table: Table, ids: &[i64]) -> Result<()>;
    /// Settle the conflict of the card `id` (which is `conflict_of` another).
    fn resolve_conflict(&self, table: Table, id: i64, how: Resolution) -> Result<()>;
}

impl BoardStore for Connection {
    fn load_boards(&self, conference_id: i64, survey_id: &str) -> Result<BoardData> {
        load(self, conference_id, survey_id)
    }

    fn save_record(
        &self,
        conference_id: i64,
        survey_id: &str,
        stored: &mut Stored,
        record: &Record,
        order: &[Option<i64>],
    ) -> Result<Saved> {
        // All or nothing: a card and its place in the list, or a question and its answer.
        write(self, |conn| {
            let was_new = !stored.exists();
            let mut work = *stored;
            let saved = save(conn, conference_id, survey_id, &mut work, record)?;
            if let Some(table) = record.table() {
                place_new_row(conn, table, was_new, &work, order)?;
            }
            *stored = work;
            Ok(saved)
        })
    }

    fn delete_record(&self, table: Table, stored: &Stored) -> Result<()> {
        write(self, |conn| {
            for id in [stored.id, stored.aux_id].into_iter().flatten() {
                cards::delete(conn, table, id)?;
            }
            Ok(())
        })
    }

    fn restore_record(&self, table: Table, stored: &mut Stored) -> Result<()> {
        write(self, |conn| {
            let mut work = *stored;
            if let Some(id) = work.id {
                work.version = cards::restore(conn, table, id)?;
            }
            if let Some(id) = work.aux_id {
                work.aux_version = cards::restore(conn, table, id)?;
            }
            *stored = work;
            Ok(())
        })
    }

    fn reorder(&self, table: Table, ids: &[i64]) -> Result<()> {
        cards::reorder(self, table, ids)
    }

    fn resolve_conflict(&self, table: Table, id: i64, how: Resolution) -> Result<()> {
        write(self, |conn| resolve(conn, table, id, how))
    }
}

fn load(conn: &Connection, conference_id: i64, survey_id: &str) -> Result<BoardData> {
    let conference = conferences::get(conn, conference_id)?;
    let conflicts = conflicts(conn, conference_id)?;
    let conflict = |table: Table, id: i64| conflicts.get(&(table.name(), id)).copied();
    let stored = |table: Table, id: i64, version: i64| Stored {
        conflict_of: conflict(table, id),
        ..Stored::at(id, version)
    };
    let mut notes: HashMap<NoteKind, Vec<StoredRecord>> = HashMap::new();
    let mut questions = Vec::new();
    let mut answers = Vec::new();
    let mut profile = HashMap::new();
    for n in cards::notes(conn, conference_id)? {
        let stored = stored(Table::Notes, n.id, n.version);
        match n.kind {
            NoteKind::Question => questions.push(n),
            NoteKind::Answer => answers.push(n),
            NoteKind::Profile => {
                profile.insert(
                    n.label.clone(),
                    StoredRecord {
                        stored,
                        record: Record::Profile {
                            key: n.label,
                            value: n.body,
                        },
                    },
                );
            }
            kind => notes.entry(kind).or_default().push(StoredRecord {
                stored,
                record: Record::Note {
                    kind,
                    body: n.body,
                    label: n.label,
                    mark: n.mark,
                },
            }),
        }
    }
    // The names to redact are the case's, whichever conference registered them.
    let names = case_names::of_conference(conn, conference_id)?
        .into_iter()
        .map(|n| StoredRecord {
            stored: stored(Table::CaseNames, n.id, n.version),
            record: Record::Note {
                kind: NoteKind::RedactName,
                body: n.body,
                label: n.label,
                mark: String::new(),
            },
        })
        .collect();
    notes.insert(NoteKind::RedactName, names);
    let qa = qa_records(&questions, &answers, &conflict);
    let participants = cards::participants(conn, conference_id)?
        .into_iter()
        .map(|p| StoredRecord {
            stored: stored(Table::Participants, p.id, p.version),
            record: Record::Participant {
                name: p.name,
                agency: p.agency,
                role: p.role,
                present: p.present,
                confirmed: !p.confirmed_at.is_empty(),
            },
        })
        .collect();
    let agency_roles = cards::agency_roles(conn, conference_id)?
        .into_iter()
        .map(|r| StoredRecord {
            stored: stored(Table::AgencyRoles, r.id, r.version),
            record: Record::AgencyRole {
                agency: r.agency,
                role_now: r.role_now,
                role_proposed: r.role_proposed,
            },
        })
        .collect();
    let mut actions = Vec::new();
    let mut carried = Vec::new();
    for a in cards::action_items(conn, conference_id)? {
        let stored = stored(Table::ActionItems, a.id, a.version);
        if a.carried {
            carried.push(StoredRecord {
                stored,
                record: Record::Carried {
                    what: a.what,
                    owner_agency: a.owner_agency,
                    owner_person: a.owner_person,
                    due_text: a.due_text,
                    review_text: a.review_text,
                    outcome: a.outcome,
                    note: a.outcome_note,
                },
            });
        } else {
            actions.push(StoredRecord {
                stored,
                record: Record::Action {
                    what: a.what,
                    owner_agency: a.owner_agency,
                    owner_person: a.owner_person,
                    due_text: a.due_text,
                    review_text: a.review_text,
                    status: a.status,
                },
            });
        }
    }
    let survey = survey::tallies(conn, conference_id, survey_id)?
        .into_iter()
        .collect();
    Ok(BoardData {
        conference,
        notes,
        qa,
        participants,
        agency_roles,
        actions,
        carried,
        profile,
        survey,
    })
}

/// Questions with their answers; an answer whose question is gone gets a record of its own.
fn qa_records(
    questions: &[Note],
    answers: &[Note],
    conflict: &dyn Fn(Table, i64) -> Option<i64>,
) -> Vec<StoredRecord> {
    let mut out: Vec<StoredRecord> = questions
        .iter()
        .map(|q| {
            let a = answers.iter().find(|a| a.parent_id == Some(q.id));
            StoredRecord {
                stored: Stored {
                    id: Some(q.id),
                    version: q.version,
                    aux_id: a.map(|a| a.id),
                    aux_version: a.map_or(0, |a| a.version),
                    conflict_of: conflict(Table::Notes, q.id),
                },
                record: Record::Qa {
                    question: q.body.clone(),
                    answer: a.map(|a| a.body.clone()).unwrap_or_default(),
                },
            }
        })
        .collect();
    for a in answers {
        if !questions.iter().any(|q| Some(q.id) == a.parent_id) {
            out.push(StoredRecord {
                stored: Stored {
                    aux_id: Some(a.id),
                    aux_version: a.version,
                    ..Stored::default()
                },
                record: Record::Qa {
                    question: String::new(),
                    answer: a.body.clone(),
                },
            });
        }
    }
    out
}

/// Cards marked as conflicts, by (table, id).
fn conflicts(conn: &Connection, conference_id: i64) -> Result<HashMap<(&'static str, i64), i64>> {
    let mut out = HashMap::new();
    for table in [
        Table::Notes,
        Table::Participants,
        Table::AgencyRoles,
        Table::ActionItems,
    ] {
        let sql = format!(
            "SELECT id, conflict_of FROM {} WHERE conference_id = ?1 AND deleted_at IS NULL
             AND conflict_of IS NOT NULL",
            table.name()
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([conference_id], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
        })?;
        for row in rows {
            let (id, of) = row?;
            out.insert((table.name(), id), of);
        }
    }
    for (id, of) in case_names::conflicts(conn, conference_id)? {
        out.insert((Table::CaseNames.name(), id), of);
    }
    Ok(out)
}

/// The cards of a conference marked as conflicts, by (table name, id), for the record.
pub(crate) fn conflicted(
    conn: &Connection,
    conference_id: i64,
) -> Result<std::collections::HashSet<(&'static str, i64)>> {
    Ok(conflicts(conn, conference_id)?.into_keys().collect())
}

fn set_conflict_of(conn: &Connection, table: Table, id: i64, of: Option<i64>) -> Result<()> {
    let sql = format!("UPDATE {} SET conflict_of = ?1 WHERE id = ?2", table.name());
    conn.execute(&sql, params![of, id])?;
    Ok(())
}

/// A clash found while updating `stored`: the text goes into a new row marked as a conflict.
fn kept_both(
    conn: &Connection,
    table: Table,
    stored: &mut Stored,
    new_id: i64,
    new_version: i64,
) -> Result<Saved> {
    let of = stored.id;
    set_conflict_of(conn, table, new_id, of)?;
    *stored = Stored {
        conflict_of: of,
        ..Stored::at(new_id, new_version)
    };
    Ok(Saved::KeptBoth)
}

fn save(
    conn: &Connection,
    conf_id: i64,
    survey_id: &str,
    stored: &mut Stored,
    record: &Record,
) -> Result<Saved> {
    match record {
        Record::Note {
            kind: NoteKind::RedactName,
            body,
            label,
            ..
        } => save_case_name(conn, conf_id, stored, body, label),
        Record::Note {
            kind,
            body,
            label,
            mark,
        } => save_note(conn, conf_id, *kind, stored, body, label, mark, None),
        Record::Profile { key, value } => save_note(
            conn,
            conf_id,
            NoteKind::Profile,
            stored,
            value,
            key,
            "",
            None,
        ),
        Record::Qa { question, answer } => {
            let mut q = Stored {
                aux_id: None,
                aux_version: 0,
                ..*stored
            };
            let saved = if stored.id.is_some() || !question.is_empty() || stored.aux_id.is_none() {
                save_note(
                    conn,
                    conf_id,
                    NoteKind::Question,
                    &mut q,
                    question,
                    "",
                    "",
                    None,
                )?
            } else {
                Saved::Ok
            };
            if stored.aux_id.is_some() || !answer.is_empty() {
                let mut a = Stored {
                    id: stored.aux_id,
                    version: stored.aux_version,
                    ..Stored::default()
                };
                save_note(
                    conn,
                    conf_id,
                    NoteKind::Answer,
                    &mut a,
                    answer,
                    "",
                    "",
                    q.id,
                )?;
                q.aux_id = a.id;
                q.aux_version = a.version;
            }
            *stored = q;
            Ok(saved)
        }
        Record::Participant {
            name,
            agency,
            role,
            present,
            confirmed,
        } => {
            let confirmed_at = if *confirmed { "1" } else { "" }.to_string();
            let add = |conn: &Connection| -> Result<Participant> {
                let mut p = cards::add_participant(conn, conf_id, name, agency, role, *present)?;
                if *confirmed {
                    p.confirmed_at = confirmed_at.clone();
                    p.version = cards::update_participant(conn, &p)?;
                }
                Ok(p)
            };
            match stored.id {
                None => {
                    let p = add(conn)?;
                    *stored = Stored::at(p.id, p.version);
                    Ok(Saved::Ok)
                }
                Some(id) => {
                    let p = Participant {
                        id,
                        conference_id: conf_id,
                        position: 0,
                        name: name.clone(),
                        agency: agency.clone(),
                        role: role.clone(),
                        present: *present,
                        version: stored.version,
                        confirmed_at: confirmed_at.clone(),
                    };
                    match cards::update_participant(conn, &p) {
                        Ok(v) => {
                            stored.version = v;
                            Ok(Saved::Ok)
                        }
                        Err(StoreError::Conflict { .. }) => {
                            let n = add(conn)?;
                            kept_both(conn, Table::Participants, stored, n.id, n.version)
                        }
                        Err(e) => Err(e),
                    }
                }
            }
        }
        Record::AgencyRole {
            agency,
            role_now,
            role_proposed,
        } => match stored.id {
            None => {
                let r = cards::add_agency_role(conn, conf_id, agency, role_now, role_proposed)?;
                *stored = Stored::at(r.id, r.version);
                Ok(Saved::Ok)
            }
            Some(id) => {
                let r = AgencyRole {
                    id,
                    conference_id: conf_id,
                    position: 0,
                    agency: agency.clone(),
                    role_now: role_now.clone(),
                    role_proposed: role_proposed.clone(),
                    version: stored.version,
                };
                match cards::update_agency_role(conn, &r) {
                    Ok(v) => {
                        stored.version = v;
                        Ok(Saved::Ok)
                    }
                    Err(StoreError::Conflict { .. }) => {
                        let n =
                            cards::add_agency_role(conn, conf_id, agency, role_now, role_proposed)?;
                        kept_both(conn, Table::AgencyRoles, stored, n.id, n.version)
                    }
                    Err(e) => Err(e),
                }
            }
        },
        Record::Action {
            what,
            owner_agency,
            owner_person,
            due_text,
            review_text,
            status,
        } => save_action(
            conn,
            conf_id,
            stored,
            ActionItem {
                what: what.clone(),
                owner_agency: owner_agency.clone(),
                owner_person: owner_person.clone(),
                due_text: due_text.clone(),
                review_text: review_text.clone(),
                status: *status,
                ..blank_action(conf_id)
            },
        ),
        Record::Carried {
            what,
            owner_agency,
            owner_person,
            due_text,
            review_text,
            outcome,
            note,
        } => save_action(
            conn,
            conf_id,
            stored,
            ActionItem {
                what: what.clone(),
                owner_agency: owner_agency.clone(),
                owner_person: owner_person.clone(),
                due_text: due_text.clone(),
                review_text: review_text.clone(),
                status: outcome.status(),
                carried: true,
                outcome: *outcome,
                outcome_note: note.clone(),
                ..blank_action(conf_id)
            },
        ),
        Record::Conference { field, value } => {
            // Header fields are short facts, not notes: the latest value wins, stored as typed.
            let fresh = conferences::get(conn, conf_id)?;
            conferences::set_field(conn, conf_id, fresh.version, *field, value)?;
            Ok(Saved::Ok)
        }
        Record::SurveyCount { option, count } => {
            survey::set_tally(conn, conf_id, survey_id, option, *count)?;
            Ok(Saved::Ok)
        }
    }
}

fn blank_action(conference_id: i64) -> ActionItem {
    ActionItem {
        id: 0,
        conference_id,
        position: 0,
        what: String::new(),
        owner_agency: String::new(),
        owner_person: String::new(),
        due: None,
        due_text: String::new(),
        status: ActionStatus::Open,
        version: 0,
        uid: String::new(),
        review_text: String::new(),
        review_due: None,
        carried: false,
        outcome: Outcome::Pending,
        outcome_note: String::new(),
    }
}

/// Store an action item (set here, or carried and reviewed here). A clash keeps both, the copy
/// being the same action (same uid, still carried).
fn save_action(
    conn: &Connection,
    conf_id: i64,
    stored: &mut Stored,
    item: ActionItem,
) -> Result<Saved> {
    let add = |conn: &Connection, like: Option<i64>| -> Result<ActionItem> {
        let mut a = cards::add_action_item(
            conn,
            conf_id,
            &item.what,
            &item.owner_agency,
            &item.owner_person,
            Some(&item.due_text),
        )?;
        if item.carried {
            cards::mark_carried(conn, a.id, like)?;
        }
        let fields = ActionItem {
            id: a.id,
            position: a.position,
            version: a.version,
            uid: a.uid.clone(),
            ..item.clone()
        };
        let plain = item.status == ActionStatus::Open
            && item.review_text.is_empty()
            && item.outcome == Outcome::Pending
            && item.outcome_note.is_empty();
        if !plain {
            a.version = cards::update_action_item(conn, &fields)?;
        }
        Ok(a)
    };
    match stored.id {
        None => {
            let a = add(conn, None)?;
            *stored = Stored::at(a.id, a.version);
            Ok(Saved::Ok)
        }
        Some(id) => {
            let a = ActionItem {
                id,
                version: stored.version,
                ..item.clone()
            };
            match cards::update_action_item(conn, &a) {
                Ok(v) => {
                    stored.version = v;
                    Ok(Saved::Ok)
                }
                Err(StoreError::Conflict { .. }) => {
                    let n = add(conn, Some(id))?;
                    kept_both(conn, Table::ActionItems, stored, n.id, n.version)
                }
                Err(e) => Err(e),
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn save_note(
    conn: &Connection,
    conf_id: i64,
    kind: NoteKind,
    stored: &mut Stored,
    body: &str,
    label: &str,
    mark: &str,
    parent: Option<i64>,
) -> Result<Saved> {
    let create = |conn: &Connection| -> Result<Note> {
        let mut n = cards::add_note(conn, conf_id, kind, body, label)?;
        if !mark.is_empty() || parent.is_some() {
            n.mark = mark.into();
            n.parent_id = parent;
            n.version = cards::update_note(conn, &n)?;
        }
        Ok(n)
    };
    match stored.id {
        None => {
            let n = create(conn)?;
            *stored = Stored {
                aux_id: stored.aux_id,
                aux_version: stored.aux_version,
                ..Stored::at(n.id, n.version)
            };
            Ok(Saved::Ok)
        }
        Some(id) => {
            let n = Note {
                id,
                conference_id: conf_id,
                kind,
                position: 0,
                body: body.into(),
                label: label.into(),
                mark: mark.into(),
                parent_id: parent,
                participant_id: None,
                version: stored.version,
            };
            match cards::update_note(conn, &n) {
                Ok(v) => {
                    stored.version = v;
                    Ok(Saved::Ok)
                }
                Err(StoreError::Conflict { .. }) => {
                    let n = create(conn)?;
                    let (aux_id, aux_version) = (stored.aux_id, stored.aux_version);
                    let saved = kept_both(conn, Table::Notes, stored, n.id, n.version)?;
                    stored.aux_id = aux_id;
                    stored.aux_version = aux_version;
                    Ok(saved)
                }
                Err(e) => Err(e),
            }
        }
    }
}

/// Store a name to redact in the case's list; a clash keeps both, like a card.
fn save_case_name(
    conn: &Connection,
    conf_id: i64,
    stored: &mut Stored,
    body: &str,
    label: &str,
) -> Result<Saved> {
    match stored.id {
        None => {
            let n = case_names::add(conn, conf_id, body, label)?;
            *stored = Stored::at(n.id, n.version);
            Ok(Saved::Ok)
        }
        Some(id) => {
            let n = case_names::CaseName {
                id,
                case_id: 0,
                conference_id: Some(conf_id),
                position: 0,
                body: body.into(),
                label: label.into(),
                version: stored.version,
                uid: String::new(),
            };
            match case_names::update(conn, &n) {
                Ok(v) => {
                    stored.version = v;
                    Ok(Saved::Ok)
                }
                Err(StoreError::Conflict { .. }) => {
                    let n = case_names::add(conn, conf_id, body, label)?;
                    kept_both(conn, Table::CaseNames, stored, n.id, n.version)
                }
                Err(e) => Err(e),
            }
        }
    }
}

/// A card created in the middle of a list takes its place (new rows are stored at the end).
fn place_new_row(
    conn: &Connection,
    table: Table,
    was_new: bool,
    stored: &Stored,
    order: &[Option<i64>],
) -> Result<()> {
    let unsaved = order.iter().filter(|id| id.is_none()).count();
    if was_new && unsaved == 1 && order.last().is_some_and(|id| id.is_some()) {
        let ids: Vec<i64> = order.iter().filter_map(|id| id.or(stored.id)).collect();
        cards::reorder(conn, table, &ids)?;
    }
    Ok(())
}

fn resolve(conn: &Connection, table: Table, id: i64, how: Resolution) -> Result<()> {
    let sql = format!("SELECT conflict_of FROM {} WHERE id = ?1", table.name());
    let other: Option<i64> = conn.query_row(&sql, [id], |r| r.get(0))?;
    match how {
        Resolution::KeepBoth => {}
        Resolution::KeepThis => {
            if let Some(other) = other {
                // The other card may already be gone (deleted by someone): nothing to do then.
                match cards::delete(conn, table, other) {
                    Ok(_) | Err(StoreError::NotFound { .. }) => {}
                    Err(e) => return Err(e),
                }
            }
        }
        Resolution::KeepOther => {
            cards::delete(conn, table, id)?;
        }
        Resolution::Merge => {
            if let (Some(other), Table::Notes) = (other, table) {
                let mine = cards::note(conn, id)?;
                let mut theirs = cards::note(conn, other)?;
                if !mine.body.is_empty() && !theirs.body.contains(&mine.body) {
                    if !theirs.body.is_empty() {
                        theirs.body.push('\n');
                    }
                    theirs.body.push_str(&mine.body);
                }
                cards::update_note(conn, &theirs)?;
                cards::delete(conn, table, id)?;
            } else if other.is_some() {
                // Table rows have short fields: merging means keeping this one.
                return resolve(conn, table, id, Resolution::KeepThis);
            }
        }
    }
    set_conflict_of(conn, table, id, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{NewConference, open_memory};

    fn conference(conn: &Connection) -> i64 {
        let new = NewConference {
            case_label: "A氏".into(),
            title: "第1回".into(),
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap_or_default(),
            venue: String::new(),
            facilitator: String::new(),
            purpose: String::new(),
            lang: "ja".into(),
        };
        conferences::create(conn, &new, &crate::config::agenda::default_agenda()).unwrap()
    }

    #[test]
    fn a_due_that_is_not_a_date_is_stored_as_typed_with_the_rest_of_the_row() {
        let conn = open_memory().unwrap();
        let id = conference(&conn);
        let mut stored = Stored::default();
        let record = Record::Action {
            what: "訪問".into(),
            owner_agency: "保健所".into(),
            owner_person: "森".into(),
            due_text: "来期".into(),
            review_text: String::new(),
            status: ActionStatus::Open,
        };
        conn.save_record(id, "s", &mut stored, &record, &[None])
            .unwrap();
        let items = cards::action_items(&conn, id).unwrap();
        assert_eq!(items[0].due_text, "来期");
        assert_eq!(items[0].due, None);
        assert_eq!(items[0].owner_person, "森");
        // Edited into words that name a day: resolved against the meeting date.
        let record = Record::Action {
            what: "訪問".into(),
            owner_agency: "保健所".into(),
            owner_person: "森".into(),
            due_text: "２週間以内".into(),
            review_text: String::new(),
            status: ActionStatus::Open,
        };
        let order = [stored.id];
        conn.save_record(id, "s", &mut stored, &record, &order)
            .unwrap();
        let items = cards::action_items(&conn, id).unwrap();
        assert_eq!(items[0].due.as_deref(), Some("2026-12-14"));
        assert_eq!(items[0].due_display(), "２週間以内（12月14日まで）");
    }

    #[test]
    fn a_clash_is_stored_as_a_conflict_and_resolved() {
        let conn = open_memory().unwrap();
        let id = conference(&conn);
        let note = |body: &str| Record::Note {
            kind: NoteKind::CaseNess,
            body: body.into(),
            label: String::new(),
            mark: String::new(),
        };
        let mut mine = Stored::default();
        conn.save_record(id, "s", &mut mine, &note("家賃滞納"), &[None])
            .unwrap();
        let mut theirs = mine;
        let order = [mine.id];
        conn.save_record(id, "s", &mut theirs, &note("家賃滞納が3か月"), &order)
            .unwrap();
        // Based on the old version: kept beside, marked.
        let saved = conn
            .save_record(id, "s", &mut mine, &note("家賃滞納と督促"), &[theirs.id])
            .unwrap();
        assert_eq!(saved, Saved::KeptBoth);
        assert_eq!(mine.conflict_of, theirs.id);
        let data = conn.load_boards(id, "s").unwrap();
        let marked: Vec<_> = data.notes[&NoteKind::CaseNess]
            .iter()
            .filter(|r| r.stored.conflict_of.is_some())
            .collect();
        assert_eq!(marked.len(), 1);
        // Merge: one card holds both texts, no mark left.
        conn.resolve_conflict(Table::Notes, mine.id.unwrap(), Resolution::Merge)
            .unwrap();
        let data = conn.load_boards(id, "s").unwrap();
        let cards = &data.notes[&NoteKind::CaseNess];
        assert_eq!(cards.len(), 1);
        assert_eq!(cards[0].record, note("家賃滞納が3か月\n家賃滞納と督促"));
        assert_eq!(cards[0].stored.conflict_of, None);
    }
}
