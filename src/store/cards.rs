//! The rows people type during the meeting: participants, notes of every kind, agency roles and
//! action items.
//!
//! Every row carries a `version`; an update names the version it was based on and fails with
//! `Conflict` if another note-taker saved first, so no save silently erases another. Deleting
//! only marks a row, so undo (here or in another process) can bring it back.

use super::changelog;
use super::error::{Result, StoreError};
use super::write;
pub use crate::domain::NoteKind;
use rusqlite::{Connection, OptionalExtension, params};

/// The tables holding cards; shared operations (delete, restore, move) work on any of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Participants,
    Notes,
    AgencyRoles,
    ActionItems,
    /// The names to redact of a case (see `store::case_names`).
    CaseNames,
}

impl Table {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Participants => "participants",
            Self::Notes => "notes",
            Self::AgencyRoles => "agency_roles",
            Self::ActionItems => "action_items",
            Self::CaseNames => "case_names",
        }
    }

    fn entity(self) -> &'static str {
        match self {
            Self::Participants => "participant",
            Self::Notes => "note",
            Self::AgencyRoles => "agency_role",
            Self::ActionItems => "action_item",
            Self::CaseNames => "case_name",
        }
    }
}

/// The position after the last live row of a group, so new cards go to the end.
pub(super) fn next_position(
    conn: &Connection,
    sql: &str,
    args: impl rusqlite::Params,
) -> Result<i64> {
    Ok(conn
        .query_row(sql, args, |r| r.get::<_, Option<i64>>(0))?
        .map_or(0, |p| p + 1))
}

/// Apply an UPDATE guarded by the row's version; map "no row changed" to NotFound or Conflict.
pub(super) fn guarded_update(
    conn: &Connection,
    table: Table,
    id: i64,
    expected_version: i64,
    sql: &str,
    args: &[&dyn rusqlite::ToSql],
    fields: &str,
) -> Result<i64> {
    write(conn, |conn| {
        let changed = conn.execute(sql, args)?;
        let conference_id = conference_of(conn, table, id)?;
        if changed == 0 {
            return Err(StoreError::Conflict {
                what: table.entity(),
                id,
                expected: expected_version,
            });
        }
        changelog::record(
            conn,
            conference_id,
            table.entity(),
            Some(id),
            "update",
            fields,
        )?;
        Ok(expected_version + 1)
    })
}

/// The conference a row belongs to (for the change log); a case's name to redact may have
/// none left (the conference it was registered in was replaced).
fn conference_of(conn: &Connection, table: Table, id: i64) -> Result<Option<i64>> {
    let sql = format!("SELECT conference_id FROM {} WHERE id = ?1", table.name());
    conn.query_row(&sql, [id], |r| r.get(0))
        .optional()?
        .ok_or(StoreError::NotFound {
            what: table.entity(),
            id,
        })
}

/// Mark a card deleted (undo with [`restore`]). Returns the row's new version.
pub fn delete(conn: &Connection, table: Table, id: i64) -> Result<i64> {
    set_deleted(conn, table, id, true)
}

/// Bring back a deleted card. Returns the row's new version.
pub fn restore(conn: &Connection, table: Table, id: i64) -> Result<i64> {
    set_deleted(conn, table, id, false)
}

fn set_deleted(conn: &Connection, table: Table, id: i64, deleted: bool) -> Result<i64> {
    write(conn, |conn| {
        let conference_id = conference_of(conn, table, id)?;
        let sql = format!(
            "UPDATE {} SET deleted_at = {}, version = version + 1,
             updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?1",
            table.name(),
            if deleted {
                "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
            } else {
                "NULL"
            }
        );
        conn.execute(&sql, [id])?;
        let op = if deleted { "delete" } else { "restore" };
        changelog::record(conn, conference_id, table.entity(), Some(id), op, "")?;
        let version_sql = format!("SELECT version FROM {} WHERE id = ?1", table.name());
        Ok(conn.query_row(&version_sql, [id], |r| r.get(0))?)
    })
}

/// Give cards new positions: `ids` in their new order become positions 0, 1, 2, ….
///
/// The version is left alone: moving a card does not change its text, so it must not make a
/// note-taker's concurrent edit of that text look like a conflict.
pub fn reorder(conn: &Connection, table: Table, ids: &[i64]) -> Result<()> {
    write(conn, |conn| {
        let sql = format!(
            "UPDATE {} SET position = ?1,
             updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?2",
            table.name()
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        for (position, id) in ids.iter().enumerate() {
            if stmt.execute(params![position as i64, id])? == 0 {
                return Err(StoreError::NotFound {
                    what: table.entity(),
                    id: *id,
                });
            }
        }
        if let Some(first) = ids.first() {
            let conference_id = conference_of(conn, table, *first)?;
            changelog::record(
                conn,
                conference_id,
                table.entity(),
                None,
                "reorder",
                "position",
            )?;
        }
        Ok(())
    })
}

/// The stable identities (uid) of a conference's rows of `table`, by row id.
pub(crate) fn uids(
    conn: &Connection,
    table: Table,
    conference_id: i64,
) -> Result<std::collections::HashMap<i64, String>> {
    let sql = format!(
        "SELECT id, uid FROM {} WHERE conference_id = ?1",
        table.name()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([conference_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

// ---------------------------------------------------------------- participants

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    pub id: i64,
    pub(crate) conference_id: i64,
    pub(crate) position: i64,
    pub name: String,
    pub agency: String,
    pub role: String,
    pub present: bool,
    pub version: i64,
    /// When the participant confirmed the duty of confidentiality (UTC ISO-8601), '' if not.
    /// An update keeps the first time; any non-empty value means "confirmed".
    pub confirmed_at: String,
}

pub fn add_participant(
    conn: &Connection,
    conference_id: i64,
    name: &str,
    agency: &str,
    role: &str,
    present: bool,
) -> Result<Participant> {
    write(conn, |conn| {
        let position = next_position(
            conn,
            "SELECT max(position) FROM participants WHERE conference_id = ?1",
            [conference_id],
        )?;
        conn.execute(
            "INSERT INTO participants (conference_id, position, name, agency, role, present)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![conference_id, position, name, agency, role, present],
        )?;
        let id = conn.last_insert_rowid();
        changelog::record(
            conn,
            Some(conference_id),
            "participant",
            Some(id),
            "insert",
            "name,agency,role,present",
        )?;
        Ok(Participant {
            id,
            conference_id,
            position,
            name: name.into(),
            agency: agency.into(),
            role: role.into(),
            present,
            version: 1,
            confirmed_at: String::new(),
        })
    })
}

pub fn update_participant(conn: &Connection, p: &Participant) -> Result<i64> {
    // The confirmation keeps the time it was first given: retyping a name must not move it.
    guarded_update(
        conn,
        Table::Participants,
        p.id,
        p.version,
        "UPDATE participants SET name = ?1, agency = ?2, role = ?3, present = ?4,
         confirmed_at = CASE WHEN ?7 = '' THEN ''
                             WHEN confirmed_at <> '' THEN confirmed_at
                             ELSE strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END,
         version = version + 1,
         updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?5 AND version = ?6",
        &[
            &p.name,
            &p.agency,
            &p.role,
            &p.present,
            &p.id,
            &p.version,
            &p.confirmed_at,
        ],
        "name,agency,role,present,confirmed",
    )
}

pub fn participants(conn: &Connection, conference_id: i64) -> Result<Vec<Participant>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, conference_id, position, name, agency, role, present, version, confirmed_at
         FROM participants WHERE conference_id = ?1 AND deleted_at IS NULL ORDER BY position, id",
    )?;
    let rows = stmt.query_map([conference_id], |r| {
        Ok(Participant {
            id: r.get(0)?,
            conference_id: r.get(1)?,
            position: r.get(2)?,
            name: r.get(3)?,
            agency: r.get(4)?,
            role: r.get(5)?,
            present: r.get(6)?,
            version: r.get(7)?,
            confirmed_at: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

// ---------------------------------------------------------------- notes

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub id: i64,
    pub conference_id: i64,
    pub kind: NoteKind,
    pub position: i64,
    pub body: String,
    pub label: String,
    pub mark: String,
    pub parent_id: Option<i64>,
    pub participant_id: Option<i64>,
    pub version: i64,
}

/// Add a note at the end of its kind's list.
///
/// A name to redact ([`NoteKind::RedactName`]) is the case's: it goes to the case's list
/// (`store::case_names`), and the returned note's id is that row's.
pub fn add_note(
    conn: &Connection,
    conference_id: i64,
    kind: NoteKind,
    body: &str,
    label: &str,
) -> Result<Note> {
    if kind == NoteKind::RedactName {
        return Ok(
            super::case_names::add(conn, conference_id, body, label)?.into_note(conference_id)
        );
    }
    write(conn, |conn| {
        let position = next_position(
            conn,
            "SELECT max(position) FROM notes WHERE conference_id = ?1 AND kind = ?2",
            params![conference_id, kind.key()],
        )?;
        conn.execute(
            "INSERT INTO notes (conference_id, kind, position, body, label) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![conference_id, kind.key(), position, body, label],
        )?;
        let id = conn.last_insert_rowid();
        changelog::record(
            conn,
            Some(conference_id),
            "note",
            Some(id),
            "insert",
            kind.key(),
        )?;
        Ok(Note {
            id,
            conference_id,
            kind,
            position,
            body: body.into(),
            label: label.into(),
            mark: String::new(),
            parent_id: None,
            participant_id: None,
            version: 1,
        })
    })
}

/// Save a note's fields (body, label, mark, links) if nobody else changed it since `n.version`.
pub fn update_note(conn: &Connection, n: &Note) -> Result<i64> {
    guarded_update(
        conn,
        Table::Notes,
        n.id,
        n.version,
        "UPDATE notes SET body = ?1, label = ?2, mark = ?3, parent_id = ?4, participant_id = ?5,
         version = version + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         WHERE id = ?6 AND version = ?7",
        &[
            &n.body,
            &n.label,
            &n.mark,
            &n.parent_id,
            &n.participant_id,
            &n.id,
            &n.version,
        ],
        "body,label,mark,links",
    )
}

fn note_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Option<Note>> {
    let kind: String = r.get(2)?;
    let Some(kind) = NoteKind::from_key(&kind) else {
        return Ok(None);
    };
    Ok(Some(Note {
        id: r.get(0)?,
        conference_id: r.get(1)?,
        kind,
        position: r.get(3)?,
        body: r.get(4)?,
        label: r.get(5)?,
        mark: r.get(6)?,
        parent_id: r.get(7)?,
        participant_id: r.get(8)?,
        version: r.get(9)?,
    }))
}

const NOTE_COLUMNS: &str =
    "id, conference_id, kind, position, body, label, mark, parent_id, participant_id, version";

/// All live notes of a conference, grouped by kind and in board order.
pub fn notes(conn: &Connection, conference_id: i64) -> Result<Vec<Note>> {
    let sql = format!(
        "SELECT {NOTE_COLUMNS} FROM notes WHERE conference_id = ?1 AND deleted_at IS NULL
         ORDER BY kind, position, id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([conference_id], note_from_row)?;
    Ok(rows
        .filter_map(|r| r.transpose())
        .collect::<rusqlite::Result<_>>()?)
}

/// The live notes of one kind, in board order, handed to `f` as they are read rather than
/// collected: a long record's notes are never all in memory at once (the Word export reads
/// them this way). With `parent`, only the notes linked to that note (a question's answers).
/// Another statement may run while `f` holds the iterator.
pub fn with_notes_of<R>(
    conn: &Connection,
    conference_id: i64,
    kind: NoteKind,
    parent: Option<i64>,
    f: impl FnOnce(&mut dyn Iterator<Item = Result<Note>>) -> R,
) -> Result<R> {
    let sql = format!(
        "SELECT {NOTE_COLUMNS} FROM notes
         WHERE conference_id = ?1 AND kind = ?2 AND deleted_at IS NULL
           AND (?3 IS NULL OR parent_id = ?3)
         ORDER BY position, id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![conference_id, kind.key(), parent], note_from_row)?;
    Ok(f(&mut rows.filter_map(|r| {
        r.transpose().map(|r| r.map_err(StoreError::from))
    })))
}

/// One note, live or deleted.
pub fn note(conn: &Connection, id: i64) -> Result<Note> {
    let sql = format!("SELECT {NOTE_COLUMNS} FROM notes WHERE id = ?1");
    conn.query_row(&sql, [id], note_from_row)
        .optional()?
        .flatten()
        .ok_or(StoreError::NotFound { what: "note", id })
}

// ---------------------------------------------------------------- agency roles

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyRole {
    pub(crate) id: i64,
    pub(crate) conference_id: i64,
    pub(crate) position: i64,
    pub agency: String,
    pub role_now: String,
    pub role_proposed: String,
    pub version: i64,
}

pub fn add_agency_role(
    conn: &Connection,
    conference_id: i64,
    agency: &str,
    role_now: &str,
    role_proposed: &str,
) -> Result<AgencyRole> {
    write(conn, |conn| {
        let position = next_position(
            conn,
            "SELECT max(position) FROM agency_roles WHERE conference_id = ?1",
            [conference_id],
        )?;
        conn.execute(
            "INSERT INTO agency_roles (conference_id, position, agency, role_now, role_proposed)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![conference_id, position, agency, role_now, role_proposed],
        )?;
        let id = conn.last_insert_rowid();
        changelog::record(
            conn,
            Some(conference_id),
            "agency_role",
            Some(id),
            "insert",
            "agency,role_now,role_proposed",
        )?;
        Ok(AgencyRole {
            id,
            conference_id,
            position,
            agency: agency.into(),
            role_now: role_now.into(),
            role_proposed: role_proposed.into(),
            version: 1,
        })
    })
}

pub fn update_agency_role(conn: &Connection, a: &AgencyRole) -> Result<i64> {
    guarded_update(
        conn,
        Table::AgencyRoles,
        a.id,
        a.version,
        "UPDATE agency_roles SET agency = ?1, role_now = ?2, role_proposed = ?3, version = version + 1,
         updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?4 AND version = ?5",
        &[&a.agency, &a.role_now, &a.role_proposed, &a.id, &a.version],
        "agency,role_now,role_proposed",
    )
}

pub fn agency_roles(conn: &Connection, conference_id: i64) -> Result<Vec<AgencyRole>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, conference_id, position, agency, role_now, role_proposed, version FROM agency_roles
         WHERE conference_id = ?1 AND deleted_at IS NULL ORDER BY position, id",
    )?;
    let rows = stmt.query_map([conference_id], |r| {
        Ok(AgencyRole {
            id: r.get(0)?,
            conference_id: r.get(1)?,
            position: r.get(2)?,
            agency: r.get(3)?,
            role_now: r.get(4)?,
            role_proposed: r.get(5)?,
            version: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

// ---------------------------------------------------------------- action items

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionStatus {
    Open,
    Done,
    Dropped,
}

impl ActionStatus {
    pub(crate) fn key(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Done => "done",
            Self::Dropped => "dropped",
        }
    }

    pub(crate) fn from_key(key: &str) -> Option<Self> {
        match key {
            "open" => Some(Self::Open),
            "done" => Some(Self::Done),
            "dropped" => Some(Self::Dropped),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionItem {
    pub id: i64,
    pub(crate) conference_id: i64,
    pub(crate) position: i64,
    pub what: String,
    pub owner_agency: String,
    pub owner_person: String,
    /// The day the due words were understood to mean (YYYY-MM-DD), if they name one.
    pub due: Option<String>,
    /// The due date as typed: "2週間以内", "12月3日", "来期". Always kept.
    pub due_text: String,
    pub status: ActionStatus,
    pub version: i64,
    /// The same for this action in every conference it is carried to.
    pub uid: String,
    /// The review date (確認日) as typed, and the day it was understood to mean.
    pub review_text: String,
    pub(crate) review_due: Option<String>,
    /// Carried from the previous conference of the case, and reviewed here.
    pub carried: bool,
    pub outcome: Outcome,
    pub outcome_note: String,
}

/// How a carried action was reviewed (前回からの確認).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Outcome {
    /// Not reviewed yet.
    #[default]
    Pending,
    /// 完了
    Done,
    /// 継続
    Continued,
    /// 変更: continued with what, owner or dates changed.
    Changed,
    /// 中止
    Stopped,
}

impl Outcome {
    pub(crate) const ALL: [Outcome; 5] = [
        Self::Pending,
        Self::Done,
        Self::Continued,
        Self::Changed,
        Self::Stopped,
    ];

    pub(crate) fn key(self) -> &'static str {
        match self {
            Self::Pending => "",
            Self::Done => "done",
            Self::Continued => "continued",
            Self::Changed => "changed",
            Self::Stopped => "stopped",
        }
    }

    pub(crate) fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.key() == key)
    }

    /// The status an action has after this review: done, dropped, or still open.
    pub(crate) fn status(self) -> ActionStatus {
        match self {
            Self::Done => ActionStatus::Done,
            Self::Stopped => ActionStatus::Dropped,
            _ => ActionStatus::Open,
        }
    }
}

impl ActionItem {
    /// How the record shows the due date: the words, with the day they resolved to when
    /// they were relative ("2週間以内（12月14日まで）").
    pub fn due_display(&self) -> String {
        crate::dates::due_display(&self.due_text, self.due.as_deref())
    }
}

/// The day a typed due date means for the action items of `conference_id`: relative words
/// count from the meeting's date ("次回まで" from the next meeting's, when it is a date).
fn resolve_due(conn: &Connection, conference_id: i64, due_text: &str) -> Result<Option<String>> {
    if due_text.trim().is_empty() {
        return Ok(None);
    }
    let (date, next): (String, String) = conn.query_row(
        "SELECT date, next_meeting FROM conferences WHERE id = ?1",
        [conference_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    // The meeting's date is stored as typed too; a date that is not one resolves nothing.
    let Ok(meeting) = chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d") else {
        return Ok(None);
    };
    let next = crate::dates::read(&next, meeting, None).date();
    Ok(crate::dates::read(due_text, meeting, next)
        .date()
        .map(|d| d.format("%Y-%m-%d").to_string()))
}

/// Add an action item; `due` is the due date as typed (any words), resolved to a day here.
pub fn add_action_item(
    conn: &Connection,
    conference_id: i64,
    what: &str,
    owner_agency: &str,
    owner_person: &str,
    due: Option<&str>,
) -> Result<ActionItem> {
    let due_text = due.unwrap_or("").to_string();
    write(conn, |conn| {
        let due = resolve_due(conn, conference_id, &due_text)?;
        let position = next_position(
            conn,
            "SELECT max(position) FROM action_items WHERE conference_id = ?1",
            [conference_id],
        )?;
        conn.execute(
            "INSERT INTO action_items (conference_id, position, what, owner_agency, owner_person, due, due_text)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![conference_id, position, what, owner_agency, owner_person, due, due_text],
        )?;
        let id = conn.last_insert_rowid();
        changelog::record(
            conn,
            Some(conference_id),
            "action_item",
            Some(id),
            "insert",
            "what,owner,due,status",
        )?;
        Ok(ActionItem {
            id,
            conference_id,
            position,
            what: what.into(),
            owner_agency: owner_agency.into(),
            owner_person: owner_person.into(),
            due,
            due_text,
            status: ActionStatus::Open,
            version: 1,
            uid: conn.query_row("SELECT uid FROM action_items WHERE id = ?1", [id], |r| {
                r.get(0)
            })?,
            review_text: String::new(),
            review_due: None,
            carried: false,
            outcome: Outcome::Pending,
            outcome_note: String::new(),
        })
    })
}

/// Carry an open action into a later conference of the case: the same action (same uid), to
/// be reviewed there. A due or review date in words ("2週間以内") is carried as the day it
/// meant, since the words would count from the new meeting's date.
pub(crate) fn carry_action_item(
    conn: &Connection,
    conference_id: i64,
    from: &ActionItem,
) -> Result<i64> {
    let as_day = |text: &str, day: &Option<String>| day.clone().unwrap_or_else(|| text.to_string());
    let due_text = as_day(&from.due_text, &from.due);
    let review_text = as_day(&from.review_text, &from.review_due);
    write(conn, |conn| {
        let due = resolve_due(conn, conference_id, &due_text)?;
        let review_due = resolve_due(conn, conference_id, &review_text)?;
        let position = next_position(
            conn,
            "SELECT max(position) FROM action_items WHERE conference_id = ?1",
            [conference_id],
        )?;
        conn.execute(
            "INSERT INTO action_items (conference_id, position, what, owner_agency, owner_person,
                                       due, due_text, review_text, review_due, uid, carried)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 1)",
            params![
                conference_id,
                position,
                from.what,
                from.owner_agency,
                from.owner_person,
                due,
                due_text,
                review_text,
                review_due,
                from.uid
            ],
        )?;
        let id = conn.last_insert_rowid();
        changelog::record(
            conn,
            Some(conference_id),
            "action_item",
            Some(id),
            "carry",
            "what,owner,due,review",
        )?;
        Ok(id)
    })
}

/// Mark a new action item as carried: the same action as `like` (its uid) when it is a copy
/// kept beside a clashing edit.
pub(crate) fn mark_carried(conn: &Connection, id: i64, like: Option<i64>) -> Result<()> {
    conn.execute(
        "UPDATE action_items SET carried = 1,
         uid = coalesce((SELECT uid FROM action_items WHERE id = ?2), uid) WHERE id = ?1",
        params![id, like],
    )?;
    Ok(())
}

/// Update an action item; `due_text` is stored as typed and resolved again (`a.due` is
/// ignored: it always follows the text).
pub fn update_action_item(conn: &Connection, a: &ActionItem) -> Result<i64> {
    write(conn, |conn| {
        // An action item always belongs to a conference (the column is NOT NULL).
        let conference_id =
            conference_of(conn, Table::ActionItems, a.id)?.unwrap_or(a.conference_id);
        let due = resolve_due(conn, conference_id, &a.due_text)?;
        let review_due = resolve_due(conn, conference_id, &a.review_text)?;
        guarded_update(
            conn,
            Table::ActionItems,
            a.id,
            a.version,
            "UPDATE action_items SET what = ?1, owner_agency = ?2, owner_person = ?3, due = ?4,
             due_text = ?5, status = ?6, review_text = ?9, review_due = ?10, outcome = ?11,
             outcome_note = ?12,
             version = version + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
             WHERE id = ?7 AND version = ?8",
            &[
                &a.what,
                &a.owner_agency,
                &a.owner_person,
                &due,
                &a.due_text,
                &a.status.key(),
                &a.id,
                &a.version,
                &a.review_text,
                &review_due,
                &a.outcome.key(),
                &a.outcome_note,
            ],
            "what,owner,due,status,review,outcome",
        )
    })
}

pub fn action_items(conn: &Connection, conference_id: i64) -> Result<Vec<ActionItem>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, conference_id, position, what, owner_agency, owner_person, due, status, version,
                due_text, uid, review_text, review_due, carried, outcome, outcome_note
         FROM action_items WHERE conference_id = ?1 AND deleted_at IS NULL ORDER BY position, id",
    )?;
    let rows = stmt.query_map([conference_id], |r| {
        let status: String = r.get(7)?;
        let outcome: String = r.get(14)?;
        Ok(ActionItem {
            id: r.get(0)?,
            conference_id: r.get(1)?,
            position: r.get(2)?,
            what: r.get(3)?,
            owner_agency: r.get(4)?,
            owner_person: r.get(5)?,
            due: r.get(6)?,
            due_text: r.get(9)?,
            status: ActionStatus::from_key(&status).unwrap_or(ActionStatus::Open),
            version: r.get(8)?,
            uid: r.get(10)?,
            review_text: r.get(11)?,
            review_due: r.get(12)?,
            carried: r.get(13)?,
            outcome: Outcome::from_key(&outcome).unwrap_or_default(),
            outcome_note: r.get(15)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
