//! A case across its conferences: which conferences it had, and each action's history from
//! the conference that set it to the latest one that reviewed it.

use super::cards::{ActionStatus, Outcome};
use super::error::{Result, StoreError};
use rusqlite::{Connection, OptionalExtension};

/// One conference of a case, in the order they were held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseConference {
    pub(crate) id: i64,
    pub(crate) uid: String,
    pub(crate) date: String,
    pub(crate) title: String,
    pub(crate) status: String,
    pub(crate) meeting_type: String,
}

/// An action as one conference recorded it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionStep {
    pub(crate) conference_id: i64,
    pub(crate) conference_date: String,
    pub what: String,
    pub(crate) owner_agency: String,
    pub(crate) owner_person: String,
    pub(crate) due_text: String,
    pub(crate) due: Option<String>,
    pub(crate) review_text: String,
    pub(crate) review_due: Option<String>,
    pub(crate) status: ActionStatus,
    /// Carried into this conference and reviewed here (else it was set here).
    pub(crate) carried: bool,
    pub outcome: Outcome,
    pub(crate) outcome_note: String,
}

/// One action through the conferences of a case (its steps in conference order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionHistory {
    pub uid: String,
    pub steps: Vec<ActionStep>,
}

impl ActionHistory {
    /// Where the action stands now: its step in the latest conference.
    pub fn latest(&self) -> Option<&ActionStep> {
        self.steps.last()
    }

    /// Still to be done.
    pub fn open(&self) -> bool {
        self.latest()
            .is_some_and(|s| s.status == ActionStatus::Open)
    }

    /// Open, and due before `today` (YYYY-MM-DD).
    pub fn overdue(&self, today: &str) -> bool {
        self.open()
            && self
                .latest()
                .and_then(|s| s.due.as_deref())
                .is_some_and(|d| d < today)
    }
}

/// Everything the case view and the case summary show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRecord {
    pub(crate) label: String,
    pub conferences: Vec<CaseConference>,
    /// In the order the actions were first set.
    pub actions: Vec<ActionHistory>,
}

/// The case with this label; `Invalid` (naming the label) when there is none.
pub fn load(conn: &Connection, label: &str) -> Result<CaseRecord> {
    let label = label.trim();
    let case_id: i64 = conn
        .query_row("SELECT id FROM cases WHERE label = ?1", [label], |r| {
            r.get(0)
        })
        .optional()?
        .ok_or_else(|| {
            StoreError::Invalid(format!(
                "there is no case labelled {label:?} (labels are exact, e.g. A氏); \
                 see the conferences and their cases with: caseconf list"
            ))
        })?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, uid, date, title, status, meeting_type FROM conferences WHERE case_id = ?1
         ORDER BY date, id",
    )?;
    let conferences = stmt
        .query_map([case_id], |r| {
            Ok(CaseConference {
                id: r.get(0)?,
                uid: r.get(1)?,
                date: r.get(2)?,
                title: r.get(3)?,
                status: r.get(4)?,
                meeting_type: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT a.uid, a.conference_id, f.date, a.what, a.owner_agency, a.owner_person,
                a.due_text, a.due, a.review_text, a.review_due, a.status, a.carried, a.outcome,
                a.outcome_note
         FROM action_items a JOIN conferences f ON f.id = a.conference_id
         WHERE f.case_id = ?1 AND a.deleted_at IS NULL AND a.conflict_of IS NULL
         ORDER BY f.date, f.id, a.position, a.id",
    )?;
    let rows = stmt.query_map([case_id], |r| {
        let status: String = r.get(10)?;
        let outcome: String = r.get(12)?;
        Ok((
            r.get::<_, String>(0)?,
            ActionStep {
                conference_id: r.get(1)?,
                conference_date: r.get(2)?,
                what: r.get(3)?,
                owner_agency: r.get(4)?,
                owner_person: r.get(5)?,
                due_text: r.get(6)?,
                due: r.get(7)?,
                review_text: r.get(8)?,
                review_due: r.get(9)?,
                status: ActionStatus::from_key(&status).unwrap_or(ActionStatus::Open),
                carried: r.get(11)?,
                outcome: Outcome::from_key(&outcome).unwrap_or_default(),
                outcome_note: r.get(13)?,
            },
        ))
    })?;
    let mut actions: Vec<ActionHistory> = Vec::new();
    for row in rows {
        let (uid, step) = row?;
        match actions.iter_mut().find(|a| a.uid == uid) {
            Some(a) => a.steps.push(step),
            None => actions.push(ActionHistory {
                uid,
                steps: vec![step],
            }),
        }
    }
    Ok(CaseRecord {
        label: label.to_string(),
        conferences,
        actions,
    })
}

/// The latest conference of the case labelled `label` (by date, then as created), if the case
/// exists: a new conference of the case starts from its kind of meeting and consent.
pub(crate) fn latest_conference(conn: &Connection, label: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT f.id FROM conferences f JOIN cases c ON c.id = f.case_id
             WHERE c.label = ?1 ORDER BY f.date DESC, f.id DESC LIMIT 1",
            [label.trim()],
            |r| r.get(0),
        )
        .optional()?)
}
