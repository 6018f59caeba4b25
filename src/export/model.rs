//! A format-neutral snapshot of one conference: everything needed to print it or to rebuild it.
//!
//! The snapshot is also the JSON exchange format (`format_version` 1): [`Snapshot::load`] reads
//! it from the store, the JSON writer serialises it as it is, and the importer reads it back.
//! Rows carry file-local ids (1, 2, 3, … in file order) instead of database ids, so links
//! (an answer's question, an impression's participant) survive the trip into another database
//! and an export of an imported conference is byte-for-byte the export it came from.

use crate::agenda::{ClockEvent, ClockEventKind};
use crate::store::{self, NoteKind, StoreError};
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// The version of the JSON exchange format this program writes and the newest it reads.
/// Version 2 adds stable identities (`uid`), the kind of meeting, consent, confidentiality
/// confirmations and the review of carried actions; version 1 files are still read.
pub const FORMAT_VERSION: u32 = 2;

/// One conference, whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    pub(crate) format_version: u32,
    /// The pseudonymous case label ("A氏"); an import finds or creates the case by this label.
    pub(crate) case_label: String,
    pub(crate) conference: ConferenceData,
    pub(crate) agenda: AgendaData,
    /// The facilitator's clock, in the order it was recorded.
    pub(crate) clock_events: Vec<ClockEventData>,
    pub(crate) participants: Vec<ParticipantData>,
    /// Notes of every kind, in board order (the order of [`NoteKind::ALL`]), then by position.
    pub notes: Vec<NoteData>,
    pub(crate) agency_roles: Vec<AgencyRoleData>,
    pub(crate) action_items: Vec<ActionItemData>,
    pub(crate) survey_tallies: Vec<SurveyTallyData>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ConferenceData {
    pub(crate) title: String,
    /// YYYY-MM-DD.
    pub(crate) date: String,
    pub(crate) venue: String,
    pub(crate) facilitator: String,
    pub(crate) purpose: String,
    /// "ja" or "en": the language of the record and of its export.
    pub(crate) lang: String,
    /// "planned", "running" or "finished".
    pub(crate) status: String,
    pub(crate) next_meeting: String,
    /// 記録者 as typed (absent: the facilitator is named).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub(crate) recorder: String,
    /// 作成日 as typed (absent: the day the meeting finished).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub(crate) record_date: String,
    /// How the record writes dates: absent (Japanese), "wareki" or "iso".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub(crate) date_style: String,
    /// Stable identity: importing the same record again updates this conference.
    #[serde(default)]
    pub(crate) uid: String,
    /// The kind of meeting as typed (事例検討会, 支援会議, 重層的支援会議, …).
    #[serde(default)]
    pub(crate) meeting_type: String,
    /// The person's consent as typed, and its date.
    #[serde(default)]
    pub(crate) consent: String,
    #[serde(default)]
    pub(crate) consent_date: String,
}

/// The agenda the conference ran, as snapshotted when it was created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AgendaData {
    pub(crate) id: String,
    /// The agenda's display name (absent in files from before it was kept).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub(crate) title_ja: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub(crate) title_en: String,
    pub(crate) phases: Vec<PhaseData>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PhaseData {
    pub(crate) key: String,
    pub(crate) title_ja: String,
    pub(crate) title_en: String,
    pub(crate) planned_minutes: u32,
    pub(crate) guidance_ja: String,
    pub(crate) guidance_en: String,
    pub(crate) boards: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ClockEventData {
    /// RFC 3339 in UTC with milliseconds, e.g. `2026-11-21T01:00:00.000Z`.
    pub(crate) at: String,
    /// start, pause, resume, next, previous, jump, adjust or finish.
    pub(crate) kind: String,
    /// The phase index of a jump or an adjustment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) phase: Option<i64>,
    /// The minutes of an adjustment (negative to shorten).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) minutes: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ParticipantData {
    /// File-local id, referred to by notes' `participant_id`.
    pub(crate) id: i64,
    pub(crate) position: i64,
    pub(crate) name: String,
    pub(crate) agency: String,
    pub(crate) role: String,
    pub(crate) present: bool,
    #[serde(default)]
    pub(crate) uid: String,
    /// When the participant confirmed the duty of confidentiality (UTC, RFC 3339), or ''.
    #[serde(default)]
    pub(crate) confirmed_at: String,
}

/// How the record marks a card kept beside another note-taker's version of it (the same mark
/// as the screen's). It becomes part of the text, so it survives every format and an import.
pub(crate) const CONFLICT_MARK: &str = "［競合］";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteData {
    /// File-local id, referred to by other notes' `parent_id`.
    pub(crate) id: i64,
    /// The note kind's key (`case_ness`, `answer`, …).
    pub(crate) kind: String,
    pub(crate) position: i64,
    /// The secondary field: who is troubled, who judged, the agency, when, the profile item…
    pub(crate) label: String,
    pub body: String,
    /// A flag such as `crisis` / `missed` on the timeline.
    pub(crate) mark: String,
    /// For an answer, the file-local id of its question.
    #[serde(default)]
    pub(crate) parent_id: Option<i64>,
    /// For an impression, the file-local id of the participant it belongs to.
    #[serde(default)]
    pub(crate) participant_id: Option<i64>,
    #[serde(default)]
    pub(crate) uid: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AgencyRoleData {
    pub(crate) position: i64,
    pub(crate) agency: String,
    pub(crate) role_now: String,
    pub(crate) role_proposed: String,
    #[serde(default)]
    pub(crate) uid: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ActionItemData {
    pub(crate) position: i64,
    pub(crate) what: String,
    pub(crate) owner_agency: String,
    pub(crate) owner_person: String,
    /// The day the due words mean, YYYY-MM-DD, when they name one.
    #[serde(default)]
    pub(crate) due: Option<String>,
    /// The due date as typed ("2週間以内", "来期"); records written before it was kept hold
    /// only `due`.
    #[serde(default)]
    pub(crate) due_text: String,
    /// open, done or dropped.
    pub(crate) status: String,
    /// The same in every conference the action is carried to.
    #[serde(default)]
    pub(crate) uid: String,
    /// The review date (確認日) as typed, and the day it means.
    #[serde(default)]
    pub(crate) review_text: String,
    #[serde(default)]
    pub(crate) review_due: Option<String>,
    /// Carried from the previous conference of the case and reviewed in this one.
    #[serde(default)]
    pub(crate) carried: bool,
    /// The review: '' (not yet), done, continued, changed or stopped; and its note.
    #[serde(default)]
    pub(crate) outcome: String,
    #[serde(default)]
    pub(crate) outcome_note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SurveyTallyData {
    pub(crate) survey_id: String,
    pub(crate) option_key: String,
    pub(crate) count: i64,
}

impl ClockEventData {
    pub(crate) fn from_event(e: &ClockEvent) -> Self {
        let (kind, phase, minutes) = e.kind.to_parts();
        Self {
            at: e.at.to_rfc3339_opts(SecondsFormat::Millis, true),
            kind: kind.to_string(),
            phase,
            minutes,
        }
    }

    /// The event this row describes, or `None` if the time or the kind is not valid.
    pub(crate) fn to_event(&self) -> Option<ClockEvent> {
        let at = DateTime::parse_from_rfc3339(&self.at)
            .ok()?
            .with_timezone(&Utc);
        let kind = ClockEventKind::from_parts(&self.kind, self.phase, self.minutes)?;
        Some(ClockEvent { at, kind })
    }
}

/// The board order of a note kind (its index in [`NoteKind::ALL`]).
pub(crate) fn kind_order(kind: NoteKind) -> usize {
    NoteKind::ALL
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(usize::MAX)
}

/// What turns the store's rows into a snapshot's: the participants' file-local ids and the
/// cards saved beside another note-taker's version of them (marked in their text).
pub(crate) struct Links {
    participant_ids: HashMap<i64, i64>,
    conflicts: HashSet<(&'static str, i64)>,
}

impl Links {
    /// A card saved beside another note-taker's version is marked in the record as on the
    /// screen, so whoever reads it knows two versions stand side by side.
    fn marked(&self, table: store::cards::Table, id: i64, text: &str) -> String {
        if self.conflicts.contains(&(table.name(), id)) {
            format!("{CONFLICT_MARK}{text}")
        } else {
            text.to_string()
        }
    }

    /// A note as the record shows it, keeping the store's ids for itself and its question
    /// (the participant's is file-local); its `uid` is left empty for the caller.
    pub(crate) fn note(&self, n: &store::Note) -> NoteData {
        use store::cards::Table;
        NoteData {
            id: n.id,
            kind: n.kind.key().to_string(),
            position: n.position,
            label: n.label.clone(),
            body: self.marked(Table::Notes, n.id, &n.body),
            mark: n.mark.clone(),
            parent_id: n.parent_id,
            participant_id: n
                .participant_id
                .and_then(|id| self.participant_ids.get(&id).copied()),
            uid: String::new(),
        }
    }
}

impl Snapshot {
    /// Read conference `conference_id` from the store: live rows only (deleted cards are left
    /// out, and links to them are dropped), ids renumbered file-locally.
    pub fn load(conn: &Connection, conference_id: i64) -> Result<Snapshot, StoreError> {
        let (mut snapshot, links) = Snapshot::load_head(conn, conference_id)?;
        let mut n_uids = store::cards::uids(conn, store::cards::Table::Notes, conference_id)?;
        for n in store::cards::notes(conn, conference_id)? {
            let mut note = links.note(&n);
            note.uid = n_uids.remove(&n.id).unwrap_or_default();
            snapshot.notes.push(note);
        }
        let order = |n: &NoteData| NoteKind::from_key(&n.kind).map_or(usize::MAX, kind_order);
        snapshot.notes.sort_by_key(|n| (order(n), n.position, n.id));
        snapshot.renumber_notes();
        Ok(snapshot)
    }

    /// Number the notes 1, 2, 3, … in their order (the file-local ids), the links to their
    /// questions following; a link to a note not among them is dropped.
    pub(crate) fn renumber_notes(&mut self) {
        let ids: HashMap<i64, i64> = self
            .notes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id, i as i64 + 1))
            .collect();
        for (i, n) in self.notes.iter_mut().enumerate() {
            n.id = i as i64 + 1;
            n.parent_id = n.parent_id.and_then(|id| ids.get(&id).copied());
        }
    }

    /// The conference without its notes, except the case's names to redact (few, and needed
    /// before any note is read): what an export that reads the notes one by one holds whole.
    /// Notes read later go through the returned [`Links`].
    pub(crate) fn load_head(
        conn: &Connection,
        conference_id: i64,
    ) -> Result<(Snapshot, Links), StoreError> {
        let conf = store::conferences::get(conn, conference_id)?;
        let phases = store::conferences::phases(conn, conference_id)?;
        let events = store::conferences::clock_events(conn, conference_id)?;
        let participants = store::cards::participants(conn, conference_id)?;
        let roles = store::cards::agency_roles(conn, conference_id)?;
        let actions = store::cards::action_items(conn, conference_id)?;
        let tallies = store::survey::all_tallies(conn, conference_id)?
            .into_iter()
            .map(|(survey_id, option_key, count)| SurveyTallyData {
                survey_id,
                option_key,
                count,
            })
            .collect();
        use store::cards::{Table, uids};
        let uid_of = |table: Table| uids(conn, table, conference_id);
        let (p_uids, r_uids, a_uids) = (
            uid_of(Table::Participants)?,
            uid_of(Table::AgencyRoles)?,
            uid_of(Table::ActionItems)?,
        );
        let uid = |map: &HashMap<i64, String>, id: i64| map.get(&id).cloned().unwrap_or_default();
        let links = Links {
            participant_ids: participants
                .iter()
                .enumerate()
                .map(|(i, p)| (p.id, i as i64 + 1))
                .collect(),
            conflicts: store::boards::conflicted(conn, conference_id)?,
        };
        // The names to redact are the case's (every conference of it registers into one
        // list); the record carries them as notes of their kind. They stand among the notes
        // under negative ids, so they cannot meet a note's id.
        let mut names = Vec::new();
        for mut n in store::case_names::of_conference(conn, conference_id)? {
            let name_uid = std::mem::take(&mut n.uid);
            let note = n.into_note(conference_id);
            names.push(NoteData {
                id: -note.id,
                body: links.marked(Table::CaseNames, note.id, &note.body),
                uid: name_uid,
                ..links.note(&note)
            });
        }

        let snapshot = Snapshot {
            format_version: FORMAT_VERSION,
            case_label: conf.case_label,
            conference: ConferenceData {
                title: conf.title,
                date: conf.date,
                venue: conf.venue,
                facilitator: conf.facilitator,
                purpose: conf.purpose,
                lang: conf.lang,
                status: conf.status.key().to_string(),
                next_meeting: conf.next_meeting,
                recorder: conf.recorder,
                record_date: conf.record_date,
                date_style: conf.date_style,
                uid: conf.uid,
                meeting_type: conf.meeting_type,
                consent: conf.consent,
                consent_date: conf.consent_date,
            },
            agenda: AgendaData {
                id: conf.agenda_id,
                title_ja: conf.agenda_title_ja,
                title_en: conf.agenda_title_en,
                phases: phases
                    .into_iter()
                    .map(|p| PhaseData {
                        key: p.key,
                        title_ja: p.title_ja,
                        title_en: p.title_en,
                        planned_minutes: p.planned_minutes,
                        guidance_ja: p.guidance_ja,
                        guidance_en: p.guidance_en,
                        boards: p.boards.iter().map(|b| b.key().to_string()).collect(),
                    })
                    .collect(),
            },
            clock_events: events.iter().map(ClockEventData::from_event).collect(),
            participants: participants
                .iter()
                .enumerate()
                .map(|(i, p)| ParticipantData {
                    id: i as i64 + 1,
                    position: p.position,
                    name: p.name.clone(),
                    agency: p.agency.clone(),
                    role: p.role.clone(),
                    present: p.present,
                    uid: uid(&p_uids, p.id),
                    confirmed_at: p.confirmed_at.clone(),
                })
                .collect(),
            notes: names,
            agency_roles: roles
                .into_iter()
                .map(|r| AgencyRoleData {
                    position: r.position,
                    agency: r.agency,
                    uid: uid(&r_uids, r.id),
                    role_now: links.marked(Table::AgencyRoles, r.id, &r.role_now),
                    role_proposed: r.role_proposed,
                })
                .collect(),
            action_items: actions
                .into_iter()
                .map(|a| ActionItemData {
                    position: a.position,
                    what: links.marked(Table::ActionItems, a.id, &a.what),
                    owner_agency: a.owner_agency,
                    owner_person: a.owner_person,
                    due: a.due,
                    due_text: a.due_text,
                    status: a.status.key().to_string(),
                    uid: uid(&a_uids, a.id),
                    review_text: a.review_text,
                    review_due: a.review_due,
                    carried: a.carried,
                    outcome: a.outcome.key().to_string(),
                    outcome_note: a.outcome_note,
                })
                .collect(),
            survey_tallies: tallies,
        };
        Ok((snapshot, links))
    }

    /// The notes of one kind, in board order.
    pub(crate) fn notes_of(&self, kind: NoteKind) -> impl Iterator<Item = &NoteData> {
        let key = kind.key();
        self.notes.iter().filter(move |n| n.kind == key)
    }

    /// The clock events this program understands, in recorded order.
    pub(crate) fn events(&self) -> Vec<ClockEvent> {
        self.clock_events
            .iter()
            .filter_map(ClockEventData::to_event)
            .collect()
    }
}
