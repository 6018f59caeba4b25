//! Importing a JSON export: as a new conference, or, when this database already holds the
//! conference (the same `uid`), as an update of it (or nothing, when it is unchanged).
//!
//! The file is read and checked whole before anything is written: its version, its shape
//! (every field present, none unknown), and its meaning (dates, kinds, statuses, links between
//! rows). Only then is it written, in one transaction: the case is found or created by its
//! label, every row is inserted, and file-local ids are mapped to the new database ids (an
//! answer keeps its question, an impression its participant). A refused file changes nothing,
//! and no refusal quotes the file's text.

use super::model::{FORMAT_VERSION, Snapshot};
use crate::agenda::{MAX_PHASE_MINUTES, MAX_PHASES};

/// The largest file `caseconf import` reads. A real export of a long conference is well under
/// a megabyte; the limit stops a wrong path (`/dev/zero`, a disk image) from filling memory.
pub(crate) const MAX_IMPORT_BYTES: u64 = 64 * 1024 * 1024;

/// The longest single text (a note, a name, a title) accepted from an import, in bytes. A
/// one-megabyte paste is a normal note; tens of megabytes are a mistake.
pub(crate) const MAX_TEXT_BYTES: usize = 4 * 1024 * 1024;
pub use crate::store::record::Imported;
use crate::store::{self, NoteKind, StoreError};
use chrono::NaiveDate;
use rusqlite::Connection;
use std::collections::HashSet;

/// Why a file was not imported. Every message names the file and says that nothing changed.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(
        "{file} is not a complete caseconf export: it ends early (line {line}, column {column}). \
         Nothing was imported. The file was probably cut off while being copied; copy it again, \
         or export the conference again with `caseconf export ID --format json`."
    )]
    Truncated {
        file: String,
        line: usize,
        column: usize,
    },

    #[error(
        "{file} is not a caseconf export: it is not valid JSON (line {line}, column {column}). \
         Nothing was imported. Import a file written by `caseconf export ID --format json`."
    )]
    NotJson {
        file: String,
        line: usize,
        column: usize,
    },

    #[error(
        "{file} is not a caseconf export: it has no valid \"format_version\". Nothing was imported. \
         Import a file written by `caseconf export ID --format json`."
    )]
    NotExport { file: String },

    #[error(
        "{file} was written by a newer caseconf (export format version {found}; this program reads \
         up to version {supported}). Nothing was imported. Install the newer caseconf to import it."
    )]
    TooNew {
        file: String,
        found: u64,
        supported: u32,
    },

    #[error(
        "{file} does not match the caseconf export format at line {line}, column {column} ({what}). \
         Nothing was imported. The file may have been edited by hand; export the conference again."
    )]
    Malformed {
        file: String,
        line: usize,
        column: usize,
        what: String,
    },

    #[error(
        "{file} is damaged: {problem}. Nothing was imported. The file may have been edited by hand; \
         export the conference again."
    )]
    Invalid { file: String, problem: Damage },

    #[error("{file} could not be imported ({source}). Nothing was imported.")]
    Store {
        file: String,
        #[source]
        source: StoreError,
    },

    #[error("cannot read {file}: {source}. Nothing was imported.")]
    Read {
        file: String,
        #[source]
        source: std::io::Error,
    },
}

/// What is wrong inside an export that has the right shape. Rows are named by their position
/// in the file (1-based), never by their text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Damage {
    #[error(
        "a text in the file is {} long; one note may be at most {}",
        crate::input_file::human_size(*len as u64),
        crate::input_file::human_size(MAX_TEXT_BYTES as u64)
    )]
    TextTooLong { len: usize },
    #[error("the case label is empty")]
    NoCaseLabel,
    #[error("the conference title is empty")]
    NoTitle,
    #[error("the conference date is empty")]
    NoDate,
    #[error("the conference language is neither ja nor en")]
    Lang,
    #[error("the conference status is not planned, running or finished")]
    Status,
    #[error("the agenda has no id")]
    NoAgendaId,
    #[error("the agenda has no phases")]
    NoPhases,
    #[error("the agenda has {0} phases; at most {MAX_PHASES} are allowed")]
    TooManyPhases(usize),
    #[error("agenda phase {n} has {minutes} planned minutes (1 to {MAX_PHASE_MINUTES} allowed)")]
    PhaseMinutes { n: usize, minutes: u32 },
    #[error("agenda phase {0} has no key")]
    PhaseKey(usize),
    #[error("agenda phase {0} names a board that is empty or has a comma")]
    PhaseBoard(usize),
    #[error("clock event {0} has an unknown kind or a time that is not RFC 3339")]
    ClockEvent(usize),
    #[error("participant {n} repeats the id {id}")]
    ParticipantId { n: usize, id: i64 },
    #[error("note {n} repeats the id {id}")]
    NoteId { n: usize, id: i64 },
    #[error("note {0} has an unknown kind")]
    NoteKind(usize),
    #[error("note {0} links to a note that is not in the file")]
    NoteParent(usize),
    #[error("note {0} links to a participant who is not in the file")]
    NoteParticipant(usize),
    #[error("action item {0} has a status other than open, done or dropped")]
    ActionStatus(usize),
    #[error("action item {0} has a review other than done, continued, changed or stopped")]
    ActionOutcome(usize),
    #[error("action item {0} has a review date that is not a date like 2026-12-01")]
    ActionReviewDate(usize),
    #[error("action item {0} has a due date that is not a date like 2026-12-01")]
    ActionDueDate(usize),
    #[error("survey tally {0} is negative")]
    TallyNegative(usize),
    #[error("survey tally {0} repeats an option")]
    TallyRepeat(usize),
}

/// A serde message that is safe to show: it names a field, never a value from the file.
fn safe_what(err: &serde_json::Error) -> String {
    let text = err.to_string();
    for prefix in ["missing field", "unknown field", "duplicate field"] {
        if text.starts_with(prefix) {
            // "unknown field `x`, expected one of …": keep the part naming the field.
            let head = text.split(", expected").next().unwrap_or(prefix);
            let head = head.split(" at line").next().unwrap_or(head);
            return head.to_string();
        }
    }
    "a value is missing or of the wrong type".to_string()
}

/// Parse and check an export without touching any database.
pub fn parse(bytes: &[u8], file_label: &str) -> Result<Snapshot, ImportError> {
    let file = || file_label.to_string();
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        if e.is_eof() {
            ImportError::Truncated {
                file: file(),
                line: e.line(),
                column: e.column(),
            }
        } else {
            ImportError::NotJson {
                file: file(),
                line: e.line(),
                column: e.column(),
            }
        }
    })?;
    let version = value
        .get("format_version")
        .and_then(serde_json::Value::as_u64)
        .ok_or_else(|| ImportError::NotExport { file: file() })?;
    if version > u64::from(FORMAT_VERSION) {
        return Err(ImportError::TooNew {
            file: file(),
            found: version,
            supported: FORMAT_VERSION,
        });
    }
    if version < 1 {
        return Err(ImportError::NotExport { file: file() });
    }
    if let Some(len) = longest_text(&value).filter(|len| *len > MAX_TEXT_BYTES) {
        return Err(ImportError::Invalid {
            file: file(),
            problem: Damage::TextTooLong { len },
        });
    }
    // Deserialise from the bytes again (not the Value) so errors carry a line and column.
    let snapshot: Snapshot = serde_json::from_slice(bytes).map_err(|e| ImportError::Malformed {
        file: file(),
        line: e.line(),
        column: e.column(),
        what: safe_what(&e),
    })?;
    validate(&snapshot).map_err(|problem| ImportError::Invalid {
        file: file(),
        problem,
    })?;
    Ok(snapshot)
}

/// The length in bytes of the longest string anywhere in `value`.
fn longest_text(value: &serde_json::Value) -> Option<usize> {
    use serde_json::Value;
    match value {
        Value::String(s) => Some(s.len()),
        Value::Array(items) => items.iter().filter_map(longest_text).max(),
        Value::Object(map) => map
            .iter()
            .filter_map(|(k, v)| longest_text(v).map(|n| n.max(k.len())))
            .max(),
        _ => None,
    }
}

fn valid_date(s: &str) -> bool {
    s.len() == 10 && NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}

/// Check what the shape alone cannot: values, kinds and links. Problems name rows by their
/// position in the file (1-based), never by their text.
fn validate(s: &Snapshot) -> Result<(), Damage> {
    if s.case_label.trim().is_empty() {
        return Err(Damage::NoCaseLabel);
    }
    let c = &s.conference;
    if c.title.trim().is_empty() {
        return Err(Damage::NoTitle);
    }
    // The meeting date is kept as typed on the opening board, so a record may hold words.
    if c.date.trim().is_empty() {
        return Err(Damage::NoDate);
    }
    if c.lang != "ja" && c.lang != "en" {
        return Err(Damage::Lang);
    }
    if crate::domain::ConferenceStatus::from_key(&c.status).is_none() {
        return Err(Damage::Status);
    }
    if s.agenda.id.trim().is_empty() {
        return Err(Damage::NoAgendaId);
    }
    if s.agenda.phases.is_empty() {
        return Err(Damage::NoPhases);
    }
    if s.agenda.phases.len() > MAX_PHASES {
        return Err(Damage::TooManyPhases(s.agenda.phases.len()));
    }
    for (i, p) in s.agenda.phases.iter().enumerate() {
        let n = i + 1;
        if p.planned_minutes == 0 || p.planned_minutes > MAX_PHASE_MINUTES {
            return Err(Damage::PhaseMinutes {
                n,
                minutes: p.planned_minutes,
            });
        }
        if p.key.trim().is_empty() {
            return Err(Damage::PhaseKey(n));
        }
        if p.boards.iter().any(|b| b.is_empty() || b.contains(',')) {
            return Err(Damage::PhaseBoard(n));
        }
    }
    for (i, e) in s.clock_events.iter().enumerate() {
        if e.to_event().is_none() {
            return Err(Damage::ClockEvent(i + 1));
        }
    }
    let mut participants = HashSet::new();
    for (i, p) in s.participants.iter().enumerate() {
        if !participants.insert(p.id) {
            return Err(Damage::ParticipantId { n: i + 1, id: p.id });
        }
    }
    let mut notes = HashSet::new();
    for (i, n) in s.notes.iter().enumerate() {
        if !notes.insert(n.id) {
            return Err(Damage::NoteId { n: i + 1, id: n.id });
        }
        if NoteKind::from_key(&n.kind).is_none() {
            return Err(Damage::NoteKind(i + 1));
        }
    }
    for (i, n) in s.notes.iter().enumerate() {
        if n.parent_id.is_some_and(|p| !notes.contains(&p)) {
            return Err(Damage::NoteParent(i + 1));
        }
        if n.participant_id.is_some_and(|p| !participants.contains(&p)) {
            return Err(Damage::NoteParticipant(i + 1));
        }
    }
    for (i, a) in s.action_items.iter().enumerate() {
        if !matches!(a.status.as_str(), "open" | "done" | "dropped") {
            return Err(Damage::ActionStatus(i + 1));
        }
        if crate::store::cards::Outcome::from_key(&a.outcome).is_none() {
            return Err(Damage::ActionOutcome(i + 1));
        }
        if a.review_due.as_deref().is_some_and(|d| !valid_date(d)) {
            return Err(Damage::ActionReviewDate(i + 1));
        }
        if a.due.as_deref().is_some_and(|d| !valid_date(d)) {
            return Err(Damage::ActionDueDate(i + 1));
        }
    }
    let mut tallies = HashSet::new();
    for (i, t) in s.survey_tallies.iter().enumerate() {
        if t.count < 0 {
            return Err(Damage::TallyNegative(i + 1));
        }
        if !tallies.insert((&t.survey_id, &t.option_key)) {
            return Err(Damage::TallyRepeat(i + 1));
        }
    }
    Ok(())
}

/// Import an export (the bytes of a JSON file) in one transaction and return the
/// conference's id. `file_label` names the file in messages.
pub fn import(conn: &Connection, bytes: &[u8], file_label: &str) -> Result<i64, ImportError> {
    import_record(conn, bytes, file_label).map(Imported::id)
}

/// Import an export: a conference this database already holds (the same `uid`) is updated
/// in place rather than added twice.
pub fn import_record(
    conn: &Connection,
    bytes: &[u8],
    file_label: &str,
) -> Result<Imported, ImportError> {
    let snapshot = parse(bytes, file_label)?;
    store::record::upsert(conn, &snapshot).map_err(|source| ImportError::Store {
        file: file_label.to_string(),
        source,
    })
}
