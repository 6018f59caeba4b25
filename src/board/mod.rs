//! The capture boards: every card typed during the conference, held in memory as rows of
//! fields, loaded from and saved to the store.
//!
//! `spec` says what each board holds; this module keeps the rows and knows how each kind of
//! list is stored; `session` handles focus and editing; `wrap` lays text out for the screen.

pub mod session;
pub mod spec;
pub mod wrap;

use crate::agenda::Board;
use crate::catalog;
use crate::store::cards::{self, Table};
use crate::store::conferences::{self, ConferenceField};
use crate::store::{
    ActionItem, ActionStatus, AgencyRole, Note, NoteKind, Participant, StoreError, survey,
};
use rusqlite::Connection;
pub use spec::{FieldKind, Layout, ListKind, ListSpec};
use std::collections::HashMap;

/// One row of a list: a card, a table row or a form line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Row {
    /// The stored row, once saved.
    pub id: Option<i64>,
    pub version: i64,
    /// The answer note of a Q&A row.
    pub aux_id: Option<i64>,
    pub aux_version: i64,
    /// Fixed rows: the profile item, conference field or survey option.
    pub key: String,
    /// Fixed rows: the caption in Japanese and English.
    pub caption: (String, String),
    pub fields: Vec<String>,
    /// Changed since the last save.
    pub dirty: bool,
    /// Saved as a separate card because someone else changed the original meanwhile.
    pub conflict: bool,
}

impl Row {
    /// A new row: empty text, choices at their first value ("present", "open", no mark).
    pub fn blank(spec: &ListSpec) -> Row {
        let fields = spec
            .fields
            .iter()
            .map(|f| match f.kind {
                FieldKind::Choice(values) => values
                    .first()
                    .map_or(String::new(), |(k, _)| (*k).to_string()),
                _ => String::new(),
            })
            .collect();
        Row {
            fields,
            ..Row::default()
        }
    }

    /// Whether every text field is empty (an unsaved empty row is never stored).
    pub fn is_empty(&self, spec: &ListSpec) -> bool {
        self.fields
            .iter()
            .zip(&spec.fields)
            .all(|(v, f)| !f.kind.is_text() || v.is_empty())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct List {
    pub spec: ListSpec,
    pub rows: Vec<Row>,
}

/// All boards of one conference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Boards {
    pub conference_id: i64,
    pub conference_version: i64,
    pub boards: Vec<(Board, Vec<List>)>,
}

impl Boards {
    pub fn lists(&self, board: Board) -> &[List] {
        self.boards
            .iter()
            .find(|(b, _)| *b == board)
            .map_or(&[], |(_, l)| l.as_slice())
    }

    pub fn lists_mut(&mut self, board: Board) -> Option<&mut Vec<List>> {
        self.boards
            .iter_mut()
            .find(|(b, _)| *b == board)
            .map(|(_, l)| l)
    }

    /// Whether any row waits to be saved.
    pub fn has_unsaved(&self) -> bool {
        self.boards
            .iter()
            .any(|(_, lists)| lists.iter().any(|l| l.rows.iter().any(|r| r.dirty)))
    }
}

/// The choice key stored for a `Choice` field, made valid.
fn choice_or_first(value: &str, values: &[(&str, crate::i18n::Msg)]) -> String {
    if values.iter().any(|(k, _)| *k == value) {
        value.to_string()
    } else {
        values
            .first()
            .map_or(String::new(), |(k, _)| (*k).to_string())
    }
}

/// Load every board of conference `conference_id`.
pub fn load(conn: &Connection, conference_id: i64) -> Result<Boards, StoreError> {
    let conf = conferences::get(conn, conference_id)?;
    let notes = cards::notes(conn, conference_id)?;
    let mut by_kind: HashMap<NoteKind, Vec<&Note>> = HashMap::new();
    for n in &notes {
        by_kind.entry(n.kind).or_default().push(n);
    }
    let survey_def = catalog::survey();
    let tallies: HashMap<String, i64> = survey::tallies(conn, conference_id, &survey_def.id)?
        .into_iter()
        .collect();
    let participants = cards::participants(conn, conference_id)?;
    let roles = cards::agency_roles(conn, conference_id)?;
    let actions = cards::action_items(conn, conference_id)?;

    let mut boards = Vec::new();
    for board in Board::ALL {
        let mut lists = Vec::new();
        for spec in spec::lists(board) {
            let rows = match spec.kind {
                ListKind::Notes {
                    kind,
                    with_label,
                    label_first,
                } => by_kind
                    .get(&kind)
                    .map(|ns| {
                        ns.iter()
                            .map(|n| {
                                let fields = match (with_label, label_first) {
                                    (false, _) => vec![n.body.clone()],
                                    (true, false) => vec![n.body.clone(), n.label.clone()],
                                    (true, true) => vec![n.label.clone(), n.body.clone()],
                                };
                                Row {
                                    id: Some(n.id),
                                    version: n.version,
                                    fields,
                                    ..Row::default()
                                }
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                ListKind::Timeline => by_kind
                    .get(&NoteKind::Timeline)
                    .map(|ns| {
                        ns.iter()
                            .map(|n| Row {
                                id: Some(n.id),
                                version: n.version,
                                fields: vec![
                                    n.label.clone(),
                                    n.body.clone(),
                                    choice_or_first(&n.mark, spec::MARKS),
                                ],
                                ..Row::default()
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                ListKind::Qa => qa_rows(&by_kind),
                ListKind::Participants => participants.iter().map(participant_row).collect(),
                ListKind::AgencyRoles => roles
                    .iter()
                    .map(|r| Row {
                        id: Some(r.id),
                        version: r.version,
                        fields: vec![
                            r.agency.clone(),
                            r.role_now.clone(),
                            r.role_proposed.clone(),
                        ],
                        ..Row::default()
                    })
                    .collect(),
                ListKind::Actions => actions.iter().map(action_row).collect(),
                ListKind::Profile => spec::PROFILE_ITEMS
                    .iter()
                    .map(|(key, msg)| {
                        let note = by_kind
                            .get(&NoteKind::Profile)
                            .and_then(|ns| ns.iter().find(|n| n.label == *key));
                        Row {
                            id: note.map(|n| n.id),
                            version: note.map_or(0, |n| n.version),
                            key: (*key).to_string(),
                            caption: (
                                msg.text(crate::i18n::Lang::Ja).into(),
                                msg.text(crate::i18n::Lang::En).into(),
                            ),
                            fields: vec![note.map(|n| n.body.clone()).unwrap_or_default()],
                            ..Row::default()
                        }
                    })
                    .collect(),
                ListKind::Conference(fields) => fields
                    .iter()
                    .map(|f| {
                        let msg = spec::conference_field_label(*f);
                        Row {
                            key: format!("{f:?}"),
                            caption: (
                                msg.text(crate::i18n::Lang::Ja).into(),
                                msg.text(crate::i18n::Lang::En).into(),
                            ),
                            fields: vec![conference_value(&conf, *f)],
                            ..Row::default()
                        }
                    })
                    .collect(),
                ListKind::Survey => survey_def
                    .options
                    .iter()
                    .map(|o| Row {
                        key: o.key.clone(),
                        caption: (o.ja.clone(), o.en.clone()),
                        fields: vec![tallies.get(&o.key).copied().unwrap_or(0).to_string()],
                        ..Row::default()
                    })
                    .collect(),
            };
            lists.push(List { spec, rows });
        }
        boards.push((board, lists));
    }
    Ok(Boards {
        conference_id,
        conference_version: conf.version,
        boards,
    })
}

fn participant_row(p: &Participant) -> Row {
    Row {
        id: Some(p.id),
        version: p.version,
        fields: vec![
            p.name.clone(),
            p.agency.clone(),
            p.role.clone(),
            if p.present { "1" } else { "0" }.into(),
        ],
        ..Row::default()
    }
}

fn action_row(a: &ActionItem) -> Row {
    Row {
        id: Some(a.id),
        version: a.version,
        fields: vec![
            a.what.clone(),
            a.owner_agency.clone(),
            a.owner_person.clone(),
            a.due.clone().unwrap_or_default(),
            a.status.key().into(),
        ],
        ..Row::default()
    }
}

/// Questions with their answers; an answer whose question is gone gets a row of its own.
fn qa_rows(by_kind: &HashMap<NoteKind, Vec<&Note>>) -> Vec<Row> {
    let questions = by_kind
        .get(&NoteKind::Question)
        .cloned()
        .unwrap_or_default();
    let answers = by_kind.get(&NoteKind::Answer).cloned().unwrap_or_default();
    let mut rows: Vec<Row> = questions
        .iter()
        .map(|q| {
            let a = answers.iter().find(|a| a.parent_id == Some(q.id));
            Row {
                id: Some(q.id),
                version: q.version,
                aux_id: a.map(|a| a.id),
                aux_version: a.map_or(0, |a| a.version),
                fields: vec![
                    q.body.clone(),
                    a.map(|a| a.body.clone()).unwrap_or_default(),
                ],
                ..Row::default()
            }
        })
        .collect();
    for a in answers {
        if !questions.iter().any(|q| Some(q.id) == a.parent_id) {
            rows.push(Row {
                aux_id: Some(a.id),
                aux_version: a.version,
                fields: vec![String::new(), a.body.clone()],
                ..Row::default()
            });
        }
    }
    rows
}

fn conference_value(conf: &conferences::Conference, f: ConferenceField) -> String {
    match f {
        ConferenceField::Title => conf.title.clone(),
        ConferenceField::Date => conf.date.clone(),
        ConferenceField::Venue => conf.venue.clone(),
        ConferenceField::Facilitator => conf.facilitator.clone(),
        ConferenceField::Purpose => conf.purpose.clone(),
        ConferenceField::NextMeeting => conf.next_meeting.clone(),
    }
}

/// A problem met while saving a row.
#[derive(Debug)]
pub enum SaveProblem {
    /// The value cannot be stored as typed (e.g. a due date that is not a date): shown, kept,
    /// and not retried until it is edited again.
    Invalid(String),
    /// The database could not be written (locked, read-only, disk full): kept and retried.
    Failed(StoreError),
}

/// How a save went.
#[derive(Debug, PartialEq, Eq)]
pub enum Saved {
    Ok,
    /// Someone else changed the row since we loaded it: our text was stored as a new card
    /// beside theirs, and both are kept for a person to resolve.
    KeptBoth,
}

fn get(fields: &[String], i: usize) -> &str {
    fields.get(i).map_or("", String::as_str)
}

/// Store one row. `order` is the ids of the list's rows as shown, with `None` where the row
/// being saved (and any other unsaved row) stands, so a card inserted in the middle of a list
/// keeps its place.
pub fn save_row(
    conn: &Connection,
    boards_conference: (i64, &mut i64),
    kind: ListKind,
    row: &mut Row,
    order: &[Option<i64>],
) -> Result<Saved, SaveProblem> {
    let was_new = row.id.is_none();
    let (conf_id, conf_version) = boards_conference;
    let failed = |e: StoreError| match e {
        StoreError::Invalid(m) => SaveProblem::Invalid(m),
        other => SaveProblem::Failed(other),
    };
    let f = row.fields.clone();
    let mut outcome = Saved::Ok;
    match kind {
        ListKind::Notes {
            kind,
            with_label,
            label_first,
        } => {
            let (body, label) = match (with_label, label_first) {
                (false, _) => (get(&f, 0), ""),
                (true, false) => (get(&f, 0), get(&f, 1)),
                (true, true) => (get(&f, 1), get(&f, 0)),
            };
            outcome = save_note(conn, conf_id, kind, row, body, label, "", None).map_err(failed)?;
        }
        ListKind::Timeline => {
            outcome = save_note(
                conn,
                conf_id,
                NoteKind::Timeline,
                row,
                get(&f, 1),
                get(&f, 0),
                get(&f, 2),
                None,
            )
            .map_err(failed)?;
        }
        ListKind::Qa => {
            outcome = save_note(
                conn,
                conf_id,
                NoteKind::Question,
                row,
                get(&f, 0),
                "",
                "",
                None,
            )
            .map_err(failed)?;
            if row.aux_id.is_some() || !get(&f, 1).is_empty() {
                let mut answer = Row {
                    id: row.aux_id,
                    version: row.aux_version,
                    ..Row::default()
                };
                save_note(
                    conn,
                    conf_id,
                    NoteKind::Answer,
                    &mut answer,
                    get(&f, 1),
                    "",
                    "",
                    row.id,
                )
                .map_err(failed)?;
                row.aux_id = answer.id;
                row.aux_version = answer.version;
            }
        }
        ListKind::Participants => {
            let present = get(&f, 3) != "0";
            match row.id {
                None => {
                    let p = cards::add_participant(
                        conn,
                        conf_id,
                        get(&f, 0),
                        get(&f, 1),
                        get(&f, 2),
                        present,
                    )
                    .map_err(failed)?;
                    row.id = Some(p.id);
                    row.version = p.version;
                }
                Some(id) => {
                    let p = Participant {
                        id,
                        conference_id: conf_id,
                        position: 0,
                        name: get(&f, 0).into(),
                        agency: get(&f, 1).into(),
                        role: get(&f, 2).into(),
                        present,
                        version: row.version,
                    };
                    match cards::update_participant(conn, &p) {
                        Ok(v) => row.version = v,
                        Err(StoreError::Conflict { .. }) => {
                            let p = cards::add_participant(
                                conn, conf_id, &p.name, &p.agency, &p.role, present,
                            )
                            .map_err(failed)?;
                            keep_both(row, p.id, p.version);
                            outcome = Saved::KeptBoth;
                        }
                        Err(e) => return Err(failed(e)),
                    }
                }
            }
        }
        ListKind::AgencyRoles => match row.id {
            None => {
                let r = cards::add_agency_role(conn, conf_id, get(&f, 0), get(&f, 1), get(&f, 2))
                    .map_err(failed)?;
                row.id = Some(r.id);
                row.version = r.version;
            }
            Some(id) => {
                let r = AgencyRole {
                    id,
                    conference_id: conf_id,
                    position: 0,
                    agency: get(&f, 0).into(),
                    role_now: get(&f, 1).into(),
                    role_proposed: get(&f, 2).into(),
                    version: row.version,
                };
                match cards::update_agency_role(conn, &r) {
                    Ok(v) => row.version = v,
                    Err(StoreError::Conflict { .. }) => {
                        let n = cards::add_agency_role(
                            conn,
                            conf_id,
                            &r.agency,
                            &r.role_now,
                            &r.role_proposed,
                        )
                        .map_err(failed)?;
                        keep_both(row, n.id, n.version);
                        outcome = Saved::KeptBoth;
                    }
                    Err(e) => return Err(failed(e)),
                }
            }
        },
        ListKind::Actions => {
            let due = Some(get(&f, 3).trim()).filter(|d| !d.is_empty());
            let status = ActionStatus::from_key(get(&f, 4)).unwrap_or(ActionStatus::Open);
            match row.id {
                None => {
                    let mut a = cards::add_action_item(
                        conn,
                        conf_id,
                        get(&f, 0),
                        get(&f, 1),
                        get(&f, 2),
                        due,
                    )
                    .map_err(failed)?;
                    if status != ActionStatus::Open {
                        a.status = status;
                        a.version = cards::update_action_item(conn, &a).map_err(failed)?;
                    }
                    row.id = Some(a.id);
                    row.version = a.version;
                }
                Some(id) => {
                    let a = ActionItem {
                        id,
                        conference_id: conf_id,
                        position: 0,
                        what: get(&f, 0).into(),
                        owner_agency: get(&f, 1).into(),
                        owner_person: get(&f, 2).into(),
                        due: due.map(str::to_string),
                        status,
                        version: row.version,
                    };
                    match cards::update_action_item(conn, &a) {
                        Ok(v) => row.version = v,
                        Err(StoreError::Conflict { .. }) => {
                            let mut n = cards::add_action_item(
                                conn,
                                conf_id,
                                &a.what,
                                &a.owner_agency,
                                &a.owner_person,
                                due,
                            )
                            .map_err(failed)?;
                            n.status = status;
                            n.version = cards::update_action_item(conn, &n).map_err(failed)?;
                            keep_both(row, n.id, n.version);
                            outcome = Saved::KeptBoth;
                        }
                        Err(e) => return Err(failed(e)),
                    }
                }
            }
        }
        ListKind::Profile => {
            let key = row.key.clone();
            outcome = save_note(
                conn,
                conf_id,
                NoteKind::Profile,
                row,
                get(&f, 0),
                &key,
                "",
                None,
            )
            .map_err(failed)?;
        }
        ListKind::Conference(_) => {
            let field = conference_field(&row.key)
                .ok_or_else(|| SaveProblem::Invalid("unknown field".into()))?;
            // Stored as typed, so the screen and the record never differ.
            let value = get(&f, 0);
            if field == ConferenceField::Date
                && chrono::NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").is_err()
            {
                return Err(SaveProblem::Invalid(format!(
                    "the date {value:?} is not like 2026-11-21"
                )));
            }
            // Header fields are short facts, not notes: the latest value wins.
            match conferences::set_field(conn, conf_id, *conf_version, field, value) {
                Ok(v) => *conf_version = v,
                Err(StoreError::Conflict { .. }) => {
                    let fresh = conferences::get(conn, conf_id).map_err(failed)?;
                    *conf_version =
                        conferences::set_field(conn, conf_id, fresh.version, field, value)
                            .map_err(failed)?;
                }
                Err(e) => return Err(failed(e)),
            }
        }
        ListKind::Survey => {
            let count: i64 = get(&f, 0).trim().parse().unwrap_or(0);
            survey::set_tally(conn, conf_id, &catalog::survey().id, &row.key, count)
                .map_err(failed)?;
        }
    }
    row.dirty = false;
    // A card created in the middle of a list takes its place (new rows are stored at the end).
    let unsaved = order.iter().filter(|id| id.is_none()).count();
    if was_new
        && unsaved == 1
        && order.last().is_some_and(|id| id.is_some())
        && let Some(table) = table_of(kind)
    {
        let ids: Vec<i64> = order.iter().filter_map(|id| id.or(row.id)).collect();
        cards::reorder(conn, table, &ids).map_err(failed)?;
    }
    Ok(outcome)
}

fn keep_both(row: &mut Row, id: i64, version: i64) {
    row.id = Some(id);
    row.version = version;
    row.conflict = true;
}

#[allow(clippy::too_many_arguments)]
fn save_note(
    conn: &Connection,
    conf_id: i64,
    kind: NoteKind,
    row: &mut Row,
    body: &str,
    label: &str,
    mark: &str,
    parent: Option<i64>,
) -> Result<Saved, StoreError> {
    let create = |conn: &Connection| -> Result<Note, StoreError> {
        let mut n = cards::add_note(conn, conf_id, kind, body, label)?;
        if !mark.is_empty() || parent.is_some() {
            n.mark = mark.into();
            n.parent_id = parent;
            n.version = cards::update_note(conn, &n)?;
        }
        Ok(n)
    };
    match row.id {
        None => {
            let n = crate::store::write(conn, create)?;
            row.id = Some(n.id);
            row.version = n.version;
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
                version: row.version,
            };
            match cards::update_note(conn, &n) {
                Ok(v) => {
                    row.version = v;
                    Ok(Saved::Ok)
                }
                Err(StoreError::Conflict { .. }) => {
                    let n = crate::store::write(conn, create)?;
                    keep_both(row, n.id, n.version);
                    Ok(Saved::KeptBoth)
                }
                Err(e) => Err(e),
            }
        }
    }
}

fn conference_field(key: &str) -> Option<ConferenceField> {
    [
        ConferenceField::Title,
        ConferenceField::Date,
        ConferenceField::Venue,
        ConferenceField::Facilitator,
        ConferenceField::Purpose,
        ConferenceField::NextMeeting,
    ]
    .into_iter()
    .find(|f| format!("{f:?}") == key)
}

/// The store table of a list with deletable rows.
pub fn table_of(kind: ListKind) -> Option<Table> {
    match kind {
        ListKind::Notes { .. } | ListKind::Timeline | ListKind::Qa => Some(Table::Notes),
        ListKind::Participants => Some(Table::Participants),
        ListKind::AgencyRoles => Some(Table::AgencyRoles),
        ListKind::Actions => Some(Table::ActionItems),
        ListKind::Profile | ListKind::Conference(_) | ListKind::Survey => None,
    }
}

/// Remove control characters a terminal would act on; keep line breaks only where allowed.
pub fn clean_text(text: &str, multiline: bool) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    text.chars()
        .filter_map(|c| match c {
            '\n' if multiline => Some('\n'),
            '\n' | '\t' => Some(' '),
            c if c.is_control() => None,
            // Bidirectional overrides could make the screen lie about the text.
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => None,
            c => Some(c),
        })
        .collect()
}
