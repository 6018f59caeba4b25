//! Cases, conferences, their agenda snapshot and their clock events.

use super::changelog;
use super::error::{Result, StoreError};
use super::write;
use crate::agenda::{Agenda, ClockEvent, ClockEventKind};
use crate::domain::{Board, ConferenceStatus};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};

/// What the organiser gives to create a conference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewConference {
    /// Pseudonymous case label such as "A氏"; an existing label adds a conference to that case.
    pub case_label: String,
    pub title: String,
    pub date: NaiveDate,
    pub venue: String,
    pub facilitator: String,
    pub purpose: String,
    /// "ja" or "en": the language of the record and its export.
    pub lang: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conference {
    pub id: i64,
    pub case_id: i64,
    pub case_label: String,
    pub title: String,
    pub date: String,
    pub venue: String,
    pub facilitator: String,
    pub purpose: String,
    pub agenda_id: String,
    pub lang: String,
    pub status: ConferenceStatus,
    pub next_meeting: String,
    pub version: i64,
    /// 記録者, as typed ('' when not given: the record names the facilitator).
    pub recorder: String,
    /// 作成日 as typed ('' when not given: the day the meeting finished).
    pub(crate) record_date: String,
    /// How the record writes dates: '' (Japanese), 'wareki' or 'iso'.
    pub(crate) date_style: String,
    /// The agenda's display name when the conference was created ('' for older conferences).
    pub(crate) agenda_title_ja: String,
    pub(crate) agenda_title_en: String,
    /// Stable identity: the same in every export and every database it is imported into.
    pub uid: String,
    /// The kind of meeting as typed (see [`MeetingType`]).
    pub meeting_type: String,
    /// The person's consent as typed (はい / いいえ …) and its date, where the kind needs it.
    pub consent: String,
    pub consent_date: String,
}

/// The kinds of meeting the record knows; anything else typed is kept as a custom kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MeetingType {
    /// 事例検討会: a training case conference; the case is anonymised.
    CaseStudy,
    /// 支援会議 (社会福祉法第106条の6): members are bound to confidentiality; no consent needed.
    SupportMeeting,
    /// 重層的支援会議: held with the person's consent.
    MultiLayered,
    /// 個別ケース検討会議
    IndividualCase,
}

impl MeetingType {
    pub(crate) const ALL: [MeetingType; 4] = [
        Self::CaseStudy,
        Self::SupportMeeting,
        Self::MultiLayered,
        Self::IndividualCase,
    ];

    pub(crate) fn ja(self) -> &'static str {
        match self {
            Self::CaseStudy => "事例検討会",
            Self::SupportMeeting => "支援会議",
            Self::MultiLayered => "重層的支援会議",
            Self::IndividualCase => "個別ケース検討会議",
        }
    }

    pub(crate) fn en(self) -> &'static str {
        match self {
            Self::CaseStudy => "Case study conference",
            Self::SupportMeeting => "Support meeting",
            Self::MultiLayered => "Multi-layered support meeting",
            Self::IndividualCase => "Individual case meeting",
        }
    }

    /// The kind typed ("支援会議", "support meeting", spaces and case ignored); None for a
    /// custom kind.
    pub(crate) fn read(typed: &str) -> Option<MeetingType> {
        let squeezed: String = typed
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect();
        Self::ALL.into_iter().find(|t| {
            squeezed == t.ja()
                || squeezed
                    == t.en()
                        .chars()
                        .filter(|c| !c.is_whitespace())
                        .flat_map(char::to_lowercase)
                        .collect::<String>()
        })
    }

    /// Whether the person's consent is part of the record for this kind.
    pub(crate) fn needs_consent(self) -> bool {
        self == Self::MultiLayered
    }
}

/// Consent as typed, read: Some(true) for はい/あり/同意/yes, Some(false) for いいえ/なし/no.
pub(crate) fn consent_given(typed: &str) -> Option<bool> {
    let t: String = typed
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    match t.as_str() {
        "" => None,
        "はい" | "あり" | "有" | "同意" | "同意あり" | "済" | "yes" | "y" => Some(true),
        "いいえ" | "なし" | "無" | "不同意" | "同意なし" | "no" | "n" => Some(false),
        _ => None,
    }
}

impl Conference {
    /// The value of one header field.
    pub(crate) fn field(&self, f: ConferenceField) -> &str {
        match f {
            ConferenceField::Title => &self.title,
            ConferenceField::Date => &self.date,
            ConferenceField::Venue => &self.venue,
            ConferenceField::Facilitator => &self.facilitator,
            ConferenceField::Purpose => &self.purpose,
            ConferenceField::NextMeeting => &self.next_meeting,
            ConferenceField::Recorder => &self.recorder,
            ConferenceField::MeetingType => &self.meeting_type,
            ConferenceField::Consent => &self.consent,
            ConferenceField::ConsentDate => &self.consent_date,
        }
    }

    pub(crate) fn field_mut(&mut self, f: ConferenceField) -> &mut String {
        match f {
            ConferenceField::Title => &mut self.title,
            ConferenceField::Date => &mut self.date,
            ConferenceField::Venue => &mut self.venue,
            ConferenceField::Facilitator => &mut self.facilitator,
            ConferenceField::Purpose => &mut self.purpose,
            ConferenceField::NextMeeting => &mut self.next_meeting,
            ConferenceField::Recorder => &mut self.recorder,
            ConferenceField::MeetingType => &mut self.meeting_type,
            ConferenceField::Consent => &mut self.consent,
            ConferenceField::ConsentDate => &mut self.consent_date,
        }
    }
}

/// A line of the conference picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConferenceSummary {
    pub(crate) id: i64,
    pub case_label: String,
    pub(crate) title: String,
    pub(crate) date: String,
    pub(crate) status: ConferenceStatus,
    pub(crate) updated_at: String,
}

/// One phase of a conference's agenda snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhaseRow {
    pub(crate) position: usize,
    pub(crate) key: String,
    pub title_ja: String,
    pub title_en: String,
    pub planned_minutes: u32,
    pub(crate) guidance_ja: String,
    pub(crate) guidance_en: String,
    /// Board keys, in the order the agenda lists them.
    pub boards: Vec<Board>,
}

/// The id of the case with this label, created if it does not exist yet.
pub(crate) fn case_id_for_label(conn: &Connection, label: &str) -> Result<i64> {
    let label = label.trim();
    if label.is_empty() {
        return Err(StoreError::Invalid(
            "the case label is empty (use a pseudonym such as A氏)".into(),
        ));
    }
    write(conn, |conn| {
        if let Some(id) = conn
            .query_row("SELECT id FROM cases WHERE label = ?1", [label], |r| {
                r.get(0)
            })
            .optional()?
        {
            return Ok(id);
        }
        conn.execute("INSERT INTO cases (label) VALUES (?1)", [label])?;
        let id = conn.last_insert_rowid();
        changelog::record(conn, None, "case", Some(id), "insert", "label")?;
        Ok(id)
    })
}

/// All case labels with their conference counts, alphabetically.
pub fn list_cases(conn: &Connection) -> Result<Vec<(i64, String, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.label, count(f.id) FROM cases c LEFT JOIN conferences f ON f.case_id = c.id
         GROUP BY c.id ORDER BY c.label",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Create a conference with a snapshot of `agenda`, in one transaction.
pub fn create(conn: &Connection, new: &NewConference, agenda: &Agenda) -> Result<i64> {
    if new.title.trim().is_empty() {
        return Err(StoreError::Invalid("the conference title is empty".into()));
    }
    if new.lang != "ja" && new.lang != "en" {
        return Err(StoreError::Invalid(format!(
            "language must be ja or en, not {:?}",
            new.lang
        )));
    }
    write(conn, |conn| {
        let case_id = case_id_for_label(conn, &new.case_label)?;
        conn.execute(
            "INSERT INTO conferences (case_id, title, date, venue, facilitator, purpose, agenda_id, lang)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                case_id,
                new.title.trim(),
                new.date.format("%Y-%m-%d").to_string(),
                new.venue,
                new.facilitator,
                new.purpose,
                agenda.id,
                new.lang
            ],
        )?;
        let id = conn.last_insert_rowid();
        conn.execute(
            "UPDATE conferences SET agenda_title_ja = ?1, agenda_title_en = ?2 WHERE id = ?3",
            params![agenda.title_ja, agenda.title_en, id],
        )?;
        let mut stmt = conn.prepare_cached(
            "INSERT INTO agenda_phases
             (conference_id, position, key, title_ja, title_en, planned_minutes, guidance_ja, guidance_en, boards)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        for (position, phase) in agenda.phases.iter().enumerate() {
            let boards: Vec<&str> = phase.boards.iter().map(|b| b.key()).collect();
            stmt.execute(params![
                id,
                position as i64,
                phase.key,
                phase.title_ja,
                phase.title_en,
                phase.minutes,
                phase.guidance_ja,
                phase.guidance_en,
                boards.join(",")
            ])?;
        }
        changelog::record(conn, Some(id), "conference", Some(id), "insert", "all")?;
        // A later conference of the case starts where the last one left off.
        if let Some(previous) = previous_of_case(conn, case_id, id)? {
            super::carry::carry_forward(conn, previous, id)?;
        }
        Ok(id)
    })
}

/// The conference of the case that a new one follows: the latest on or before its date (the
/// latest of all when every other is later), never itself.
pub(crate) fn previous_of_case(conn: &Connection, case_id: i64, id: i64) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT f.id FROM conferences f, conferences me
             WHERE me.id = ?2 AND f.case_id = ?1 AND f.id <> ?2
             ORDER BY f.date <= me.date DESC, f.date DESC, f.id DESC LIMIT 1",
            params![case_id, id],
            |r| r.get(0),
        )
        .optional()?)
}

fn conference_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Conference> {
    Ok(Conference {
        id: r.get(0)?,
        case_id: r.get(1)?,
        case_label: r.get(2)?,
        title: r.get(3)?,
        date: r.get(4)?,
        venue: r.get(5)?,
        facilitator: r.get(6)?,
        purpose: r.get(7)?,
        agenda_id: r.get(8)?,
        lang: r.get(9)?,
        status: r.get(10)?,
        next_meeting: r.get(11)?,
        version: r.get(12)?,
        recorder: r.get(13)?,
        record_date: r.get(14)?,
        date_style: r.get(15)?,
        agenda_title_ja: r.get(16)?,
        agenda_title_en: r.get(17)?,
        uid: r.get(18)?,
        meeting_type: r.get(19)?,
        consent: r.get(20)?,
        consent_date: r.get(21)?,
    })
}

/// One conference with its case label.
pub fn get(conn: &Connection, id: i64) -> Result<Conference> {
    conn.query_row(
        "SELECT f.id, f.case_id, c.label, f.title, f.date, f.venue, f.facilitator, f.purpose,
                f.agenda_id, f.lang, f.status, f.next_meeting, f.version,
                f.recorder, f.record_date, f.date_style, f.agenda_title_ja, f.agenda_title_en, f.uid,
                f.meeting_type, f.consent, f.consent_date
         FROM conferences f JOIN cases c ON c.id = f.case_id WHERE f.id = ?1",
        [id],
        conference_from_row,
    )
    .optional()?
    .ok_or(StoreError::NotFound {
        what: "conference",
        id,
    })
}

/// Conferences, most recently touched first.
pub fn list(conn: &Connection) -> Result<Vec<ConferenceSummary>> {
    let mut stmt = conn.prepare_cached(
        "SELECT f.id, c.label, f.title, f.date, f.status, f.updated_at
         FROM conferences f JOIN cases c ON c.id = f.case_id
         ORDER BY f.date DESC, f.updated_at DESC, f.id DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(ConferenceSummary {
            id: r.get(0)?,
            case_label: r.get(1)?,
            title: r.get(2)?,
            date: r.get(3)?,
            status: r.get(4)?,
            updated_at: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The editable header fields of a conference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConferenceField {
    Title,
    Date,
    Venue,
    Facilitator,
    Purpose,
    NextMeeting,
    /// 記録者 (blank: the facilitator).
    Recorder,
    /// The kind of meeting, as typed.
    MeetingType,
    /// The person's consent, as typed.
    Consent,
    ConsentDate,
}

impl ConferenceField {
    pub(crate) const ALL: [ConferenceField; 10] = [
        Self::Title,
        Self::Date,
        Self::Venue,
        Self::Facilitator,
        Self::Purpose,
        Self::NextMeeting,
        Self::Recorder,
        Self::MeetingType,
        Self::Consent,
        Self::ConsentDate,
    ];

    /// The name a form row and a remembered place use for the field.
    pub(crate) fn key(self) -> &'static str {
        self.column()
    }

    pub(crate) fn from_key(key: &str) -> Option<ConferenceField> {
        Self::ALL.into_iter().find(|f| f.key() == key)
    }

    fn column(self) -> &'static str {
        match self {
            Self::Title => "title",
            Self::Date => "date",
            Self::Venue => "venue",
            Self::Facilitator => "facilitator",
            Self::Purpose => "purpose",
            Self::NextMeeting => "next_meeting",
            Self::Recorder => "recorder",
            Self::MeetingType => "meeting_type",
            Self::Consent => "consent",
            Self::ConsentDate => "consent_date",
        }
    }
}

/// Change one header field. Fails with `Conflict` if someone else changed the conference since
/// `expected_version`; returns the new version.
pub fn set_field(
    conn: &Connection,
    id: i64,
    expected_version: i64,
    field: ConferenceField,
    value: &str,
) -> Result<i64> {
    write(conn, |conn| {
        let sql = format!(
            "UPDATE conferences SET {} = ?1, version = version + 1,
             updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?2 AND version = ?3",
            field.column()
        );
        let changed = conn.execute(&sql, params![value, id, expected_version])?;
        if changed == 0 {
            get(conn, id)?; // NotFound if it is gone
            return Err(StoreError::Conflict {
                what: "conference",
                id,
                expected: expected_version,
            });
        }
        changelog::record(
            conn,
            Some(id),
            "conference",
            Some(id),
            "update",
            field.column(),
        )?;
        Ok(expected_version + 1)
    })
}

/// The fields of a conference that describe its record (記録者, 作成日, date style), kept
/// apart from [`ConferenceField`] so that adding them changes no existing match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordField {
    Recorder,
    RecordDate,
    DateStyle,
}

impl RecordField {
    fn column(self) -> &'static str {
        match self {
            Self::Recorder => "recorder",
            Self::RecordDate => "record_date",
            Self::DateStyle => "date_style",
        }
    }
}

/// Change one record field, like [`set_field`]: `Conflict` if the conference changed since
/// `expected_version`; returns the new version. The value is stored as typed.
pub fn set_record_field(
    conn: &Connection,
    id: i64,
    expected_version: i64,
    field: RecordField,
    value: &str,
) -> Result<i64> {
    write(conn, |conn| {
        let sql = format!(
            "UPDATE conferences SET {} = ?1, version = version + 1,
             updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?2 AND version = ?3",
            field.column()
        );
        let changed = conn.execute(&sql, params![value, id, expected_version])?;
        if changed == 0 {
            get(conn, id)?;
            return Err(StoreError::Conflict {
                what: "conference",
                id,
                expected: expected_version,
            });
        }
        changelog::record(
            conn,
            Some(id),
            "conference",
            Some(id),
            "update",
            field.column(),
        )?;
        Ok(expected_version + 1)
    })
}

/// What an imported record says about itself (the columns of [`RecordField`] and the agenda's
/// display name), written as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct RecordInfo {
    pub(crate) recorder: String,
    pub(crate) record_date: String,
    pub(crate) date_style: String,
    pub(crate) agenda_title_ja: String,
    pub(crate) agenda_title_en: String,
}

/// Set every record column of a conference at once (used by the importer, inside its
/// transaction); the version is not bumped, the row being new.
pub(crate) fn set_record_info(conn: &Connection, id: i64, info: &RecordInfo) -> Result<()> {
    conn.execute(
        "UPDATE conferences SET recorder = ?1, record_date = ?2, date_style = ?3,
         agenda_title_ja = ?4, agenda_title_en = ?5 WHERE id = ?6",
        params![
            info.recorder,
            info.record_date,
            info.date_style,
            info.agenda_title_ja,
            info.agenda_title_en,
            id
        ],
    )?;
    Ok(())
}

/// Create a conference as [`create`] does and note its recorder (記録者), in one transaction.
pub(crate) fn create_with_recorder(
    conn: &Connection,
    new: &NewConference,
    agenda: &Agenda,
    recorder: &str,
) -> Result<i64> {
    write(conn, |conn| {
        let id = create(conn, new, agenda)?;
        conn.execute(
            "UPDATE conferences SET recorder = ?1 WHERE id = ?2",
            params![recorder, id],
        )?;
        Ok(id)
    })
}

/// The agenda snapshot of a conference, in order.
pub fn phases(conn: &Connection, conference_id: i64) -> Result<Vec<PhaseRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT position, key, title_ja, title_en, planned_minutes, guidance_ja, guidance_en, boards
         FROM agenda_phases WHERE conference_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([conference_id], |r| {
        let boards: String = r.get(7)?;
        Ok(PhaseRow {
            position: r.get::<_, i64>(0)? as usize,
            key: r.get(1)?,
            title_ja: r.get(2)?,
            title_en: r.get(3)?,
            planned_minutes: r.get(4)?,
            guidance_ja: r.get(5)?,
            guidance_en: r.get(6)?,
            // A key this version does not know (written by a newer one) names no board here.
            boards: boards.split(',').filter_map(Board::from_key).collect(),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Append a clock event and keep the conference's status in step with it.
pub fn append_clock_event(
    conn: &Connection,
    conference_id: i64,
    event: &ClockEvent,
) -> Result<i64> {
    let (kind, phase, minutes) = event.kind.to_parts();
    write(conn, |conn| {
        conn.execute(
            "INSERT INTO clock_events (conference_id, at_ms, kind, phase, minutes) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![conference_id, event.at.timestamp_millis(), kind, phase, minutes],
        )?;
        let id = conn.last_insert_rowid();
        let status = match event.kind {
            ClockEventKind::Start => Some(ConferenceStatus::Running),
            ClockEventKind::Finish => Some(ConferenceStatus::Finished),
            _ => None,
        };
        if let Some(status) = status {
            conn.execute(
                "UPDATE conferences SET status = ?1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?2",
                params![status, conference_id],
            )?;
        }
        changelog::record(
            conn,
            Some(conference_id),
            "clock_event",
            Some(id),
            "insert",
            kind,
        )?;
        Ok(id)
    })
}

/// The id of the last clock event of a conference (None before the first).
pub(crate) fn last_clock_event_id(conn: &Connection, conference_id: i64) -> Result<Option<i64>> {
    Ok(conn.query_row(
        "SELECT max(id) FROM clock_events WHERE conference_id = ?1",
        [conference_id],
        |r| r.get(0),
    )?)
}

/// Append clock events in one transaction, but only if the last stored event is still
/// `expected_last`: clock events are relative ("next phase"), so two note-takers pressing F8
/// at once must not move the meeting two phases. On `Conflict` nothing is stored; reload the
/// events and decide again.
pub fn append_clock_events_after(
    conn: &Connection,
    conference_id: i64,
    expected_last: Option<i64>,
    events: &[ClockEvent],
) -> Result<Option<i64>> {
    write(conn, |conn| {
        let last = last_clock_event_id(conn, conference_id)?;
        if last != expected_last {
            return Err(StoreError::Conflict {
                what: "clock",
                id: conference_id,
                expected: expected_last.unwrap_or(0),
            });
        }
        let mut id = last;
        for event in events {
            id = Some(append_clock_event(conn, conference_id, event)?);
        }
        Ok(id)
    })
}

/// Every clock event of a conference, in the order they were recorded. Rows this program does
/// not understand are skipped rather than failing the whole meeting.
pub fn clock_events(conn: &Connection, conference_id: i64) -> Result<Vec<ClockEvent>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at_ms, kind, phase, minutes FROM clock_events WHERE conference_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([conference_id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<i64>>(2)?,
            r.get::<_, Option<i64>>(3)?,
        ))
    })?;
    let mut events = Vec::new();
    for row in rows {
        let (at_ms, kind, phase, minutes) = row?;
        let (Some(at), Some(kind)) = (
            DateTime::<Utc>::from_timestamp_millis(at_ms),
            ClockEventKind::from_parts(&kind, phase, minutes),
        ) else {
            continue;
        };
        events.push(ClockEvent { at, kind });
    }
    Ok(events)
}
