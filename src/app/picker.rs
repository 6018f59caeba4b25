//! The start screen: recent conferences, and the dialog that creates a new one.

use crate::agenda::Agenda;
use crate::i18n::Msg;
use crate::store::ConferenceSummary;
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
}

impl Field {
    pub(crate) const ALL: [Field; 6] = [
        Field::Case,
        Field::Title,
        Field::Date,
        Field::Venue,
        Field::Facilitator,
        Field::Recorder,
    ];

    pub(crate) fn label(self) -> Msg {
        match self {
            Field::Case => Msg::NewCase,
            Field::Title => Msg::NewConfTitle,
            Field::Date => Msg::NewDate,
            Field::Venue => Msg::NewVenue,
            Field::Facilitator => Msg::NewFacilitator,
            Field::Recorder => Msg::NewRecorder,
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
        }
    }

    pub(crate) fn value(&self, field: Field) -> String {
        let index = Field::ALL.iter().position(|f| *f == field).unwrap_or(0);
        self.inputs
            .get(index)
            .map(|t| t.lines().join(" ").trim().to_string())
            .unwrap_or_default()
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
    pub(crate) dialog: Option<NewDialog>,
}

impl Picker {
    pub(crate) fn on_agenda_field(&self) -> bool {
        self.dialog
            .as_ref()
            .is_some_and(|d| d.focus == Field::ALL.len())
    }
}
