//! What each board holds: its lists, and the fields of a row in each list.
//!
//! This is the one table that maps the boards of the agenda (`data/agenda/*.toml`) onto the store: which note kind
//! or table a list writes to, which fields a row has, and how they are laid out.

use crate::domain::Board;
use crate::i18n::Msg;
use crate::store::boards::Record;
use crate::store::cards::Outcome;
use crate::store::conferences::ConferenceField;
use crate::store::{ActionStatus, NoteKind};

/// What a field holds and how it is edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Free text; `multiline` cards accept Alt+Enter for a new line.
    Text { multiline: bool },
    /// Free text with completion from the agency catalog (Tab completes).
    Agency,
    /// One of a few values, changed with Space or ←/→; stored as the key.
    Choice(&'static [(&'static str, Msg)]),
    /// A whole number (survey counts).
    Number,
}

impl FieldKind {
    pub(crate) fn is_text(self) -> bool {
        !matches!(self, FieldKind::Choice(_))
    }
}

pub(crate) const PRESENT: &[(&str, Msg)] = &[("1", Msg::Present), ("0", Msg::Absent)];
pub(crate) const MARKS: &[(&str, Msg)] = &[
    ("", Msg::MarkNone),
    ("crisis", Msg::MarkCrisis),
    ("missed", Msg::MarkMissed),
];
pub(crate) const CONFIRMED: &[(&str, Msg)] = &[("0", Msg::ConfirmedNo), ("1", Msg::ConfirmedYes)];
pub(crate) const OUTCOMES: &[(&str, Msg)] = &[
    ("", Msg::OutcomePending),
    ("done", Msg::OutcomeDone),
    ("continued", Msg::OutcomeContinued),
    ("changed", Msg::OutcomeChanged),
    ("stopped", Msg::OutcomeStopped),
];
pub(crate) const STATUS: &[(&str, Msg)] = &[
    ("open", Msg::StatusOpen),
    ("done", Msg::StatusDone),
    ("dropped", Msg::StatusDropped),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FieldSpec {
    pub(crate) label: Msg,
    pub(crate) kind: FieldKind,
    /// Relative width in a table layout.
    pub(crate) weight: u16,
}

const fn text(label: Msg, weight: u16) -> FieldSpec {
    FieldSpec {
        label,
        kind: FieldKind::Text { multiline: true },
        weight,
    }
}
const fn line(label: Msg, weight: u16) -> FieldSpec {
    FieldSpec {
        label,
        kind: FieldKind::Text { multiline: false },
        weight,
    }
}
const fn agency(label: Msg, weight: u16) -> FieldSpec {
    FieldSpec {
        label,
        kind: FieldKind::Agency,
        weight,
    }
}
const fn choice(label: Msg, values: &'static [(&'static str, Msg)], weight: u16) -> FieldSpec {
    FieldSpec {
        label,
        kind: FieldKind::Choice(values),
        weight,
    }
}

/// Where a list's rows are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    /// Notes of one kind: fields are [body] or [body, label] (or [label, body], see `label_first`).
    Notes {
        kind: NoteKind,
        with_label: bool,
        label_first: bool,
    },
    /// Timeline notes: [when (label), what (body), mark].
    Timeline,
    /// A question note and its answer note: [question, answer].
    Qa,
    Participants,
    AgencyRoles,
    Actions,
    /// Actions carried from the previous conference, reviewed: [what, outcome, note, owner
    /// agency, owner person, due, review date]. Their rows come from the last meeting, so the
    /// list is fixed (nothing added, removed or moved here).
    Carried,
    /// Fixed rows, one per case-profile item, stored as profile notes labelled by key.
    Profile,
    /// Fixed rows editing conference header fields.
    Conference(&'static [ConferenceField]),
    /// Fixed rows, one per survey option: [count].
    Survey,
}

impl ListKind {
    /// The store table of a list with deletable, movable rows.
    pub(crate) fn table(self) -> Option<crate::store::cards::Table> {
        use crate::store::cards::Table;
        match self {
            // The names to redact are the case's list, shared by its conferences.
            ListKind::Notes {
                kind: NoteKind::RedactName,
                ..
            } => Some(Table::CaseNames),
            ListKind::Notes { .. } | ListKind::Timeline | ListKind::Qa => Some(Table::Notes),
            ListKind::Participants => Some(Table::Participants),
            ListKind::AgencyRoles => Some(Table::AgencyRoles),
            ListKind::Actions | ListKind::Carried => Some(Table::ActionItems),
            ListKind::Profile | ListKind::Conference(_) | ListKind::Survey => None,
        }
    }

    /// Fixed lists have a set of rows that cannot be added to, removed or reordered.
    pub fn fixed(self) -> bool {
        matches!(
            self,
            ListKind::Profile | ListKind::Conference(_) | ListKind::Survey | ListKind::Carried
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Cards with wrapped text, fields stacked.
    Cards,
    /// One line per row, fields in columns.
    Table,
    /// Caption on the left, value on the right (fixed rows).
    Form,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListSpec {
    pub kind: ListKind,
    pub(crate) title: Msg,
    pub(crate) fields: Vec<FieldSpec>,
    pub(crate) layout: Layout,
}

impl ListSpec {
    /// The field a new card starts in: its main text, not a side field such as the name of
    /// whoever spoke.
    pub(crate) fn main_field(&self) -> usize {
        match self.kind {
            // A review starts on its outcome: 完了, 継続, 変更 or 中止.
            ListKind::Carried => 1,
            ListKind::Notes {
                with_label: true,
                label_first: true,
                ..
            } => 1,
            _ => 0,
        }
    }

    /// The fields of a row, in this list's order, for a stored record. This and
    /// [`ListSpec::record`] are the only places that know which field is which.
    pub(crate) fn fields_of(&self, record: &Record) -> Vec<String> {
        match (self.kind, record) {
            (
                ListKind::Notes {
                    with_label,
                    label_first,
                    ..
                },
                Record::Note { body, label, .. },
            ) => match (with_label, label_first) {
                (false, _) => vec![body.clone()],
                (true, false) => vec![body.clone(), label.clone()],
                (true, true) => vec![label.clone(), body.clone()],
            },
            (
                ListKind::Timeline,
                Record::Note {
                    body, label, mark, ..
                },
            ) => vec![label.clone(), body.clone(), choice_or_first(mark, MARKS)],
            (ListKind::Qa, Record::Qa { question, answer }) => {
                vec![question.clone(), answer.clone()]
            }
            (
                ListKind::Participants,
                Record::Participant {
                    name,
                    agency,
                    role,
                    present,
                    confirmed,
                },
            ) => vec![
                name.clone(),
                agency.clone(),
                role.clone(),
                if *present { "1" } else { "0" }.into(),
                if *confirmed { "1" } else { "0" }.into(),
            ],
            (
                ListKind::AgencyRoles,
                Record::AgencyRole {
                    agency,
                    role_now,
                    role_proposed,
                },
            ) => vec![agency.clone(), role_now.clone(), role_proposed.clone()],
            (
                ListKind::Actions,
                Record::Action {
                    what,
                    owner_agency,
                    owner_person,
                    due_text,
                    review_text,
                    status,
                },
            ) => vec![
                what.clone(),
                owner_agency.clone(),
                owner_person.clone(),
                due_text.clone(),
                review_text.clone(),
                status.key().into(),
            ],
            (
                ListKind::Carried,
                Record::Carried {
                    what,
                    owner_agency,
                    owner_person,
                    due_text,
                    review_text,
                    outcome,
                    note,
                },
            ) => vec![
                what.clone(),
                outcome.key().into(),
                note.clone(),
                owner_agency.clone(),
                owner_person.clone(),
                due_text.clone(),
                review_text.clone(),
            ],
            (ListKind::Profile, Record::Profile { value, .. }) => vec![value.clone()],
            (ListKind::Conference(_), Record::Conference { value, .. }) => vec![value.clone()],
            (ListKind::Survey, Record::SurveyCount { count, .. }) => vec![count.to_string()],
            // A record of another list never reaches here; show nothing rather than guess.
            _ => vec![String::new(); self.fields.len()],
        }
    }

    /// The record a row of this list stands for (`key` names a fixed row's item).
    pub(crate) fn record(&self, key: &str, fields: &[String]) -> Option<Record> {
        let get = |i: usize| fields.get(i).cloned().unwrap_or_default();
        Some(match self.kind {
            ListKind::Notes {
                kind,
                with_label,
                label_first,
            } => {
                let (body, label) = match (with_label, label_first) {
                    (false, _) => (get(0), String::new()),
                    (true, false) => (get(0), get(1)),
                    (true, true) => (get(1), get(0)),
                };
                Record::Note {
                    kind,
                    body,
                    label,
                    mark: String::new(),
                }
            }
            ListKind::Timeline => Record::Note {
                kind: NoteKind::Timeline,
                body: get(1),
                label: get(0),
                mark: get(2),
            },
            ListKind::Qa => Record::Qa {
                question: get(0),
                answer: get(1),
            },
            ListKind::Participants => Record::Participant {
                name: get(0),
                agency: get(1),
                role: get(2),
                present: get(3) != "0",
                confirmed: get(4) == "1",
            },
            ListKind::AgencyRoles => Record::AgencyRole {
                agency: get(0),
                role_now: get(1),
                role_proposed: get(2),
            },
            ListKind::Actions => Record::Action {
                what: get(0),
                owner_agency: get(1),
                owner_person: get(2),
                due_text: get(3),
                review_text: get(4),
                status: ActionStatus::from_key(&get(5)).unwrap_or(ActionStatus::Open),
            },
            ListKind::Carried => Record::Carried {
                what: get(0),
                outcome: Outcome::from_key(&get(1)).unwrap_or_default(),
                note: get(2),
                owner_agency: get(3),
                owner_person: get(4),
                due_text: get(5),
                review_text: get(6),
            },
            ListKind::Profile => Record::Profile {
                key: key.to_string(),
                value: get(0),
            },
            ListKind::Conference(_) => Record::Conference {
                field: ConferenceField::from_key(key)?,
                value: get(0),
            },
            ListKind::Survey => Record::SurveyCount {
                option: key.to_string(),
                count: count_of(&get(0)),
            },
        })
    }
}

/// A survey count as typed (ASCII or full-width digits); anything else counts as 0.
pub(crate) fn count_of(text: &str) -> i64 {
    crate::dates::halfwidth(text).trim().parse().unwrap_or(0)
}

/// The choice key stored for a `Choice` field, made valid.
fn choice_or_first(value: &str, values: &[(&str, Msg)]) -> String {
    if values.iter().any(|(k, _)| *k == value) {
        value.to_string()
    } else {
        values
            .first()
            .map_or(String::new(), |(k, _)| (*k).to_string())
    }
}

fn notes(kind: NoteKind, title: Msg) -> ListSpec {
    ListSpec {
        kind: ListKind::Notes {
            kind,
            with_label: false,
            label_first: false,
        },
        title,
        fields: vec![text(Msg::FieldText, 1)],
        layout: Layout::Cards,
    }
}

fn labelled(kind: NoteKind, title: Msg, label: FieldSpec, label_first: bool) -> ListSpec {
    let body = text(Msg::FieldText, 3);
    ListSpec {
        kind: ListKind::Notes {
            kind,
            with_label: true,
            label_first,
        },
        title,
        fields: if label_first {
            vec![label, body]
        } else {
            vec![body, label]
        },
        layout: Layout::Cards,
    }
}

/// The case-profile items (the columns of seed 000's case table).
pub(crate) const PROFILE_ITEMS: &[(&str, Msg)] = &[
    ("age_band", Msg::ProfileAge),
    ("gender", Msg::ProfileGender),
    ("household", Msg::ProfileHousehold),
    ("referral", Msg::ProfileReferral),
    ("concern", Msg::ProfileConcern),
    ("medical", Msg::ProfileMedical),
    ("withdrawn_years", Msg::ProfileWithdrawn),
    ("finances", Msg::ProfileFinances),
    ("housing", Msg::ProfileHousing),
    ("other", Msg::ProfileOther),
];

pub(crate) const OPENING_FIELDS: &[ConferenceField] = &[
    ConferenceField::Date,
    ConferenceField::MeetingType,
    ConferenceField::Consent,
    ConferenceField::ConsentDate,
    ConferenceField::Venue,
    ConferenceField::Facilitator,
    ConferenceField::Recorder,
    ConferenceField::Purpose,
];
pub(crate) const CLOSING_FIELDS: &[ConferenceField] = &[ConferenceField::NextMeeting];

pub(crate) fn conference_field_label(f: ConferenceField) -> Msg {
    match f {
        ConferenceField::Title => Msg::NewConfTitle,
        ConferenceField::Date => Msg::FieldDate,
        ConferenceField::Venue => Msg::NewVenue,
        ConferenceField::Facilitator => Msg::NewFacilitator,
        ConferenceField::Purpose => Msg::FieldPurpose,
        ConferenceField::NextMeeting => Msg::FieldNextMeeting,
        ConferenceField::Recorder => Msg::FieldRecorder,
        ConferenceField::MeetingType => Msg::FieldMeetingType,
        ConferenceField::Consent => Msg::FieldConsent,
        ConferenceField::ConsentDate => Msg::FieldConsentDate,
    }
}

/// The lists of a board, left to right.
pub(crate) fn lists(board: Board) -> Vec<ListSpec> {
    use NoteKind as K;
    let value = vec![line(Msg::FieldValue, 1)];
    match board {
        Board::Opening => vec![
            ListSpec {
                kind: ListKind::Conference(OPENING_FIELDS),
                title: Msg::BoardOpeningInfo,
                fields: value,
                layout: Layout::Form,
            },
            notes(K::Opening, Msg::ListOpeningNotes),
        ],
        Board::Participants => vec![ListSpec {
            kind: ListKind::Participants,
            title: Msg::ListParticipants,
            fields: vec![
                line(Msg::FieldName, 2),
                agency(Msg::FieldAgency, 3),
                line(Msg::FieldRole, 2),
                choice(Msg::FieldPresent, PRESENT, 1),
                choice(Msg::FieldConfirmed, CONFIRMED, 1),
            ],
            layout: Layout::Table,
        }],
        Board::Introduction => vec![
            notes(K::Lecture, Msg::ListLecture),
            notes(K::Rule, Msg::ListRules),
        ],
        Board::CaseProfile => vec![ListSpec {
            kind: ListKind::Profile,
            title: Msg::ListProfile,
            fields: vec![text(Msg::FieldValue, 1)],
            layout: Layout::Form,
        }],
        Board::Timeline => vec![ListSpec {
            kind: ListKind::Timeline,
            title: Msg::ListTimeline,
            fields: vec![
                line(Msg::FieldWhen, 1),
                text(Msg::FieldWhat, 4),
                choice(Msg::FieldMark, MARKS, 1),
            ],
            layout: Layout::Cards,
        }],
        Board::Qa => vec![ListSpec {
            kind: ListKind::Qa,
            title: Msg::ListQa,
            fields: vec![text(Msg::FieldQuestion, 1), text(Msg::FieldAnswer, 1)],
            layout: Layout::Cards,
        }],
        Board::Assessment => vec![
            labelled(
                K::CaseNess,
                Msg::ListCaseNess,
                line(Msg::FieldTroubled, 1),
                false,
            ),
            labelled(
                K::IllnessNess,
                Msg::ListIllnessNess,
                line(Msg::FieldJudgedBy, 1),
                false,
            ),
        ],
        Board::Themes => vec![notes(K::Theme, Msg::ListThemes)],
        Board::Strengths => vec![
            notes(K::StrengthPerson, Msg::ListStrengthPerson),
            notes(K::StrengthFamily, Msg::ListStrengthFamily),
            notes(K::StrengthEnvironment, Msg::ListStrengthEnvironment),
        ],
        Board::Supporters => vec![
            labelled(
                K::SupporterStrength,
                Msg::ListSupporterStrength,
                agency(Msg::FieldAgency, 1),
                true,
            ),
            labelled(
                K::SupporterChallenge,
                Msg::ListSupporterChallenge,
                agency(Msg::FieldAgency, 1),
                true,
            ),
        ],
        Board::AgencyRoles => vec![ListSpec {
            kind: ListKind::AgencyRoles,
            title: Msg::ListAgencyRoles,
            fields: vec![
                agency(Msg::FieldAgency, 2),
                line(Msg::FieldRoleNow, 3),
                line(Msg::FieldRoleProposed, 3),
            ],
            layout: Layout::Table,
        }],
        Board::Direction => vec![notes(K::Direction, Msg::ListDirection)],
        Board::Actions => vec![ListSpec {
            kind: ListKind::Actions,
            title: Msg::ListActions,
            fields: vec![
                line(Msg::FieldWhat, 4),
                agency(Msg::FieldOwnerAgency, 3),
                line(Msg::FieldOwnerPerson, 2),
                // Wide enough for a due date in words ("２週間以内") at 80 columns.
                line(Msg::FieldDue, 3),
                line(Msg::FieldReviewDate, 2),
                choice(Msg::FieldStatus, STATUS, 1),
            ],
            layout: Layout::Table,
        }],
        Board::Review => vec![
            ListSpec {
                kind: ListKind::Carried,
                title: Msg::ListCarried,
                fields: vec![
                    line(Msg::FieldWhat, 4),
                    choice(Msg::FieldOutcome, OUTCOMES, 2),
                    line(Msg::FieldOutcomeNote, 3),
                    agency(Msg::FieldOwnerAgency, 2),
                    line(Msg::FieldOwnerPerson, 2),
                    line(Msg::FieldDue, 3),
                    line(Msg::FieldReviewDate, 2),
                ],
                layout: Layout::Table,
            },
            notes(K::PrevDirection, Msg::ListPrevDirection),
        ],
        Board::Impressions => vec![labelled(
            K::Impression,
            Msg::ListImpressions,
            line(Msg::FieldWho, 1),
            true,
        )],
        Board::Survey => vec![ListSpec {
            kind: ListKind::Survey,
            title: Msg::ListSurvey,
            fields: vec![FieldSpec {
                label: Msg::FieldCount,
                kind: FieldKind::Number,
                weight: 1,
            }],
            layout: Layout::Form,
        }],
        Board::Redaction => vec![notes(K::RedactName, Msg::ListRedactNames)],
        Board::Closing => vec![
            notes(K::Closing, Msg::ListClosing),
            ListSpec {
                kind: ListKind::Conference(CLOSING_FIELDS),
                title: Msg::ListNextMeeting,
                fields: value,
                layout: Layout::Form,
            },
        ],
    }
}
