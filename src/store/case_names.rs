//! The names to redact of a case. They belong to the case, not to one conference: a name
//! registered in any conference of a case is replaced in every conference of it, earlier and
//! later ones, and in the case summary. The "names to redact" board of every conference of the
//! case shows and edits this one list.
//!
//! Rows behave like cards (a version guards each update, deleting only marks the row, a clash
//! keeps both), so the generic card operations of `cards` work on [`Table::CaseNames`].

use super::cards::{Table, guarded_update, next_position};
use super::changelog;
use super::error::{Result, StoreError};
use super::write;
use rusqlite::{Connection, OptionalExtension, params};

/// One name to redact, with a detail (whose name it is) as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseName {
    pub id: i64,
    pub(crate) case_id: i64,
    /// The conference it was registered in (None once that conference was replaced).
    pub(crate) conference_id: Option<i64>,
    pub(crate) position: i64,
    pub body: String,
    pub label: String,
    pub(crate) version: i64,
    pub(crate) uid: String,
}

impl CaseName {
    /// The name as a card of conference `conference_id`'s names board (it has the same id).
    pub(crate) fn into_note(self, conference_id: i64) -> super::cards::Note {
        super::cards::Note {
            id: self.id,
            conference_id,
            kind: super::cards::NoteKind::RedactName,
            position: self.position,
            body: self.body,
            label: self.label,
            mark: String::new(),
            parent_id: None,
            participant_id: None,
            version: self.version,
        }
    }
}

fn case_of(conn: &Connection, conference_id: i64) -> Result<i64> {
    conn.query_row(
        "SELECT case_id FROM conferences WHERE id = ?1",
        [conference_id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or(StoreError::NotFound {
        what: "conference",
        id: conference_id,
    })
}

/// Register a name for the case of `conference_id`, at the end of the case's list.
pub fn add(conn: &Connection, conference_id: i64, body: &str, label: &str) -> Result<CaseName> {
    add_with_uid(conn, conference_id, body, label, "", None)
}

/// Add a name with a given identity (and place, for an imported record).
fn add_with_uid(
    conn: &Connection,
    conference_id: i64,
    body: &str,
    label: &str,
    uid: &str,
    position: Option<i64>,
) -> Result<CaseName> {
    write(conn, |conn| {
        let case_id = case_of(conn, conference_id)?;
        let position = match position {
            Some(p) => p,
            None => next_position(
                conn,
                "SELECT max(position) FROM case_names WHERE case_id = ?1",
                [case_id],
            )?,
        };
        conn.execute(
            "INSERT INTO case_names (case_id, conference_id, position, body, label, uid)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![case_id, conference_id, position, body, label, uid],
        )?;
        let id = conn.last_insert_rowid();
        changelog::record(
            conn,
            Some(conference_id),
            "case_name",
            Some(id),
            "insert",
            "body,label",
        )?;
        let uid: String =
            conn.query_row("SELECT uid FROM case_names WHERE id = ?1", [id], |r| {
                r.get(0)
            })?;
        Ok(CaseName {
            id,
            case_id,
            conference_id: Some(conference_id),
            position,
            body: body.into(),
            label: label.into(),
            version: 1,
            uid,
        })
    })
}

/// Save a name's text if nobody else changed it since `n.version`. Returns the new version.
pub(crate) fn update(conn: &Connection, n: &CaseName) -> Result<i64> {
    guarded_update(
        conn,
        Table::CaseNames,
        n.id,
        n.version,
        "UPDATE case_names SET body = ?1, label = ?2, version = version + 1,
         updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?3 AND version = ?4",
        &[&n.body, &n.label, &n.id, &n.version],
        "body,label",
    )
}

/// The live names of the case of `conference_id`, in list order.
pub fn of_conference(conn: &Connection, conference_id: i64) -> Result<Vec<CaseName>> {
    let case_id = case_of(conn, conference_id)?;
    of_case(conn, case_id)
}

/// The live names of a case, in list order.
pub(crate) fn of_case(conn: &Connection, case_id: i64) -> Result<Vec<CaseName>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, case_id, conference_id, position, body, label, version, uid
         FROM case_names WHERE case_id = ?1 AND deleted_at IS NULL ORDER BY position, id",
    )?;
    let rows = stmt.query_map([case_id], |r| {
        Ok(CaseName {
            id: r.get(0)?,
            case_id: r.get(1)?,
            conference_id: r.get(2)?,
            position: r.get(3)?,
            body: r.get(4)?,
            label: r.get(5)?,
            version: r.get(6)?,
            uid: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The names of the case of `conference_id` marked as conflicts: (id, the id it clashed with).
pub(crate) fn conflicts(conn: &Connection, conference_id: i64) -> Result<Vec<(i64, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, conflict_of FROM case_names
         WHERE case_id = (SELECT case_id FROM conferences WHERE id = ?1)
           AND deleted_at IS NULL AND conflict_of IS NOT NULL",
    )?;
    let rows = stmt.query_map([conference_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A name from an imported record: added to the case of `conference_id` unless the case has it
/// already (the same identity, or the same name and detail; an empty card only by its
/// identity, so a record's empty cards come back as they were). Importing never removes a name:
/// a name registered since in another conference of the case stays redacted.
pub(crate) fn merge(
    conn: &Connection,
    conference_id: i64,
    body: &str,
    label: &str,
    uid: &str,
    position: i64,
) -> Result<()> {
    write(conn, |conn| {
        let case_id = case_of(conn, conference_id)?;
        let known: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM case_names WHERE case_id = ?1 AND deleted_at IS NULL
               AND ((?2 <> '' AND uid = ?2)
                    OR (trim(?3) <> '' AND trim(body) = trim(?3) AND trim(label) = trim(?4))))",
            params![case_id, uid, body, label],
            |r| r.get(0),
        )?;
        if !known {
            add_with_uid(conn, conference_id, body, label, uid, Some(position))?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{NewConference, cards, conferences, open_memory};

    fn conference(conn: &Connection, case: &str, title: &str) -> i64 {
        let new = NewConference {
            case_label: case.into(),
            title: title.into(),
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap_or_default(),
            venue: String::new(),
            facilitator: String::new(),
            purpose: String::new(),
            lang: "ja".into(),
        };
        conferences::create(conn, &new, &crate::config::agenda::default_agenda()).unwrap()
    }

    #[test]
    fn a_name_registered_in_one_conference_is_the_whole_cases() {
        let conn = open_memory().unwrap();
        let one = conference(&conn, "A氏", "第1回");
        let two = conference(&conn, "A氏", "第2回");
        let other = conference(&conn, "B氏", "第1回");
        let n = add(&conn, two, "松本 一郎", "本人").unwrap();
        for conf in [one, two] {
            let names = of_conference(&conn, conf).unwrap();
            assert_eq!(names.len(), 1, "conference {conf}");
            assert_eq!(
                (names[0].body.as_str(), names[0].label.as_str()),
                ("松本 一郎", "本人")
            );
        }
        assert!(of_conference(&conn, other).unwrap().is_empty());
        // Edited, deleted and restored like a card.
        let v = update(
            &conn,
            &CaseName {
                body: "松本一郎".into(),
                ..n.clone()
            },
        )
        .unwrap();
        assert!(matches!(
            update(&conn, &n),
            Err(StoreError::Conflict { .. })
        ));
        cards::delete(&conn, Table::CaseNames, n.id).unwrap();
        assert!(of_conference(&conn, one).unwrap().is_empty());
        cards::restore(&conn, Table::CaseNames, n.id).unwrap();
        assert_eq!(of_conference(&conn, one).unwrap()[0].body, "松本一郎");
        assert!(v > n.version);
        // An import adds only what the case does not have.
        merge(&conn, one, "松本一郎", "本人", "", 0).unwrap();
        merge(&conn, one, "別の名", "", &n.uid, 1).unwrap();
        merge(&conn, one, "高橋", "", "", 2).unwrap();
        let names: Vec<String> = of_case(&conn, n.case_id)
            .unwrap()
            .into_iter()
            .map(|n| n.body)
            .collect();
        assert_eq!(names, ["松本一郎", "高橋"]);
        // A deleted name is erased from the file with the deleted cards.
        let gone = of_case(&conn, n.case_id).unwrap()[1].id;
        cards::delete(&conn, Table::CaseNames, gone).unwrap();
        assert_eq!(crate::store::purge::purge_deleted(&conn, None).unwrap(), 1);
        let rows: i64 = conn
            .query_row(
                "SELECT count(*) FROM case_names WHERE id = ?1",
                [gone],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(rows, 0);
    }
}
