//! The start screen: recent conferences, and the dialog that creates a new one.

use crate::agenda::Agenda;
use crate::i18n::Msg;
use crate::store::ConferenceSummary;
use crate::store::conferences::{Conference, MeetingType};
use chrono::NaiveDate;
use ratatui_textarea::TextArea;

/// The fields of the new-conference dialog, in tab order. The agenda choice comes last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Case,
    Title,
    Date,
    Venue,
    Facilitator,
    /// 記録者: who writes the record (empty: the facilitator).
    Recorder,
    /// The kind of meeting, as typed; ← → offer the kinds the record knows.
    Kind,
    /// The person's consent (はい／いいえ, ← → to choose, or as typed), for a kind that needs it.
    Consent,
    ConsentDate,
}

impl Field {
    pub(crate) const ALL: [Field; 9] = [
        Field::Case,
        Field::Title,
        Field::Date,
        Field::Venue,
        Field::Facilitator,
        Field::Recorder,
        Field::Kind,
        Field::Consent,
        Field::ConsentDate,
    ];

    pub(crate) fn label(self) -> Msg {
        match self {
            Field::Case => Msg::NewCase,
            Field::Title => Msg::NewConfTitle,
            Field::Date => Msg::NewDate,
            Field::Venue => Msg::NewVenue,
            Field::Facilitator => Msg::NewFacilitator,
            Field::Recorder => Msg::NewRecorder,
            Field::Kind => Msg::NewKind,
            Field::Consent => Msg::NewConsent,
            Field::ConsentDate => Msg::NewConsentDate,
        }
    }

    /// The values ← → go through on this field (empty: a plain text field).
    pub(crate) fn choices(self) -> Vec<&'static str> {
        match self {
            Field::Kind => MeetingType::ALL.iter().map(|k| k.ja()).collect(),
            Field::Consent => vec!["はい", "いいえ"],
            _ => Vec::new(),
        }
    }
}

pub struct NewDialog {
    /// One single-line editor per [`Field`].
    pub(crate) inputs: Vec<TextArea<'static>>,
    pub(crate) agendas: Vec<Agenda>,
    pub(crate) agenda: usize,
    /// 0..6 are the text fields, 6 is the agenda choice.
    pub(crate) focus: usize,
    pub(crate) error: Option<Msg>,
    /// The kind of meeting and consent were taken from the case's previous conference.
    pub(crate) prefilled: bool,
}

impl NewDialog {
    pub(crate) fn new(agendas: Vec<Agenda>, today: NaiveDate) -> Self {
        let inputs = Field::ALL
            .iter()
            .map(|f| {
                let mut t = TextArea::default();
                if *f == Field::Date {
                    t.insert_str(today.format("%Y-%m-%d").to_string());
                }
                t
            })
            .collect();
        NewDialog {
            inputs,
            agendas,
            agenda: 0,
            focus: 0,
            error: None,
            prefilled: false,
        }
    }

    pub(crate) fn value(&self, field: Field) -> String {
        let index = Field::ALL.iter().position(|f| *f == field).unwrap_or(0);
        self.inputs
            .get(index)
            .map(|t| t.lines().join(" ").trim().to_string())
            .unwrap_or_default()
    }

    fn set(&mut self, field: Field, value: &str) {
        let index = Field::ALL.iter().position(|f| *f == field).unwrap_or(0);
        if let Some(input) = self.inputs.get_mut(index) {
            let mut t = TextArea::default();
            t.insert_str(value);
            *input = t;
        }
    }

    /// The field with the keyboard (None on the agenda choice).
    pub(crate) fn focused_field(&self) -> Option<Field> {
        Field::ALL.get(self.focus).copied()
    }

    /// Whether a field is shown: consent and its date only for a kind of meeting that needs
    /// it (重層的支援会議), or once something is typed in them (what is typed stays in view).
    pub(crate) fn shown(&self, field: Field) -> bool {
        match field {
            Field::Consent | Field::ConsentDate => {
                MeetingType::read(&self.value(Field::Kind)).is_some_and(MeetingType::needs_consent)
                    || !self.value(field).is_empty()
            }
            _ => true,
        }
    }

    /// Move the keyboard `delta` fields on, over the fields not shown.
    pub(crate) fn move_focus(&mut self, delta: isize) {
        let n = self.field_count() as isize;
        let mut focus = self.focus as isize;
        for _ in 0..delta.unsigned_abs() {
            for _ in 0..n {
                focus = (focus + delta.signum()).rem_euclid(n);
                let hidden = Field::ALL
                    .get(focus as usize)
                    .is_some_and(|f| !self.shown(*f));
                if !hidden {
                    break;
                }
            }
        }
        self.focus = focus as usize;
    }

    /// Whether ← → choose on the focused field: a field with choices that is empty or holds
    /// one of them. Once something else is typed there, ← → move in the text, so a kind typed
    /// by hand is never replaced.
    pub fn choosing(&self) -> bool {
        self.focused_field().is_some_and(|f| {
            let choices = f.choices();
            let value = self.value(f);
            !choices.is_empty() && (value.is_empty() || choices.contains(&value.as_str()))
        })
    }

    /// Take the next (or previous) choice on the focused field.
    pub(crate) fn choose(&mut self, delta: isize) {
        let Some(field) = self.focused_field() else {
            return;
        };
        let choices = field.choices();
        if choices.is_empty() || !self.choosing() {
            return;
        }
        let n = choices.len() as isize;
        let value = self.value(field);
        let next = match choices.iter().position(|c| *c == value) {
            Some(i) => (i as isize + delta).rem_euclid(n),
            None if delta > 0 => 0,
            None => n - 1,
        };
        self.set(field, choices[next as usize]);
    }

    /// Start from the kind of meeting and consent of the case's previous conference, where
    /// nothing is typed in those fields yet. Returns whether anything was filled in.
    pub(crate) fn prefill_from(&mut self, previous: &Conference) -> bool {
        let pairs = [
            (Field::Kind, &previous.meeting_type),
            (Field::Consent, &previous.consent),
            (Field::ConsentDate, &previous.consent_date),
        ];
        let mut filled = false;
        if pairs.iter().all(|(f, _)| self.value(*f).is_empty()) {
            for (field, value) in pairs {
                if !value.trim().is_empty() {
                    self.set(field, value.trim());
                    filled = true;
                }
            }
        }
        filled
    }

    pub(crate) fn field_count(&self) -> usize {
        Field::ALL.len() + 1
    }

    pub(crate) fn focused_input(&mut self) -> Option<&mut TextArea<'static>> {
        self.inputs.get_mut(self.focus)
    }
}

pub struct Picker {
    pub(crate) list: Vec<ConferenceSummary>,
    pub(crate) selected: usize,
    pub dialog: Option<NewDialog>,
}

impl Picker {
    pub(crate) fn on_agenda_field(&self) -> bool {
        self.dialog
            .as_ref()
            .is_some_and(|d| d.focus == Field::ALL.len())
    }
}
