//! The capture boards: every card typed during the conference, held in memory as rows of
//! fields, loaded from and saved to the store.
//!
//! `spec` says what each board holds; this module keeps the rows and knows how each kind of
//! list is stored; `session` handles focus and editing.

pub mod editor;
pub mod session;
pub(crate) mod spec;

use crate::config::catalog;
use crate::domain::Board;
use crate::i18n::Lang;
use crate::store::Conference;
use crate::store::boards::{BoardData, Stored, StoredRecord};
pub use spec::{FieldKind, Layout, ListKind, ListSpec};

/// One row of a list: a card, a table row or a form line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Row {
    /// Where the row is stored (nothing yet for a new card), and whether it is a conflict.
    pub stored: Stored,
    /// Fixed rows: the profile item, conference field or survey option.
    pub(crate) key: String,
    /// Fixed rows: the caption in Japanese and English.
    pub(crate) caption: (String, String),
    /// The fields as edited, in the list's field order (see `ListSpec::record`).
    pub fields: Vec<String>,
    /// Changed since the last save.
    pub(crate) dirty: bool,
}

impl Row {
    /// A new row: empty text, choices at their first value ("present", "open", no mark).
    pub(crate) fn blank(spec: &ListSpec) -> Row {
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

    /// Whether this row is a card saved beside another after a clash.
    pub fn conflict(&self) -> bool {
        self.stored.conflict_of.is_some()
    }

    fn from_stored(spec: &ListSpec, r: &StoredRecord) -> Row {
        Row {
            stored: r.stored,
            fields: spec.fields_of(&r.record),
            ..Row::default()
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct List {
    pub spec: ListSpec,
    pub rows: Vec<Row>,
}

/// All boards of one conference, and its header: the one copy of the conference the screen
/// shows (the header, the file name of an export, the opening board's form).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Boards {
    pub(crate) conference: Conference,
    pub boards: Vec<(Board, Vec<List>)>,
}

impl Boards {
    pub fn lists(&self, board: Board) -> &[List] {
        self.boards
            .iter()
            .find(|(b, _)| *b == board)
            .map_or(&[], |(_, l)| l.as_slice())
    }

    pub(crate) fn lists_mut(&mut self, board: Board) -> Option<&mut Vec<List>> {
        self.boards
            .iter_mut()
            .find(|(b, _)| *b == board)
            .map(|(_, l)| l)
    }
}

/// Lay out what the store holds on the boards.
pub(crate) fn from_data(data: BoardData) -> Boards {
    let survey_def = catalog::survey();
    let caption = |m: crate::i18n::Msg| (m.text(Lang::Ja).into(), m.text(Lang::En).into());
    let mut boards = Vec::new();
    for board in Board::ALL {
        let mut lists = Vec::new();
        for spec in spec::lists(board) {
            let rows = match spec.kind {
                ListKind::Notes { kind, .. } => data
                    .notes
                    .get(&kind)
                    .map(|rs| rs.iter().map(|r| Row::from_stored(&spec, r)).collect())
                    .unwrap_or_default(),
                ListKind::Timeline => data
                    .notes
                    .get(&crate::store::NoteKind::Timeline)
                    .map(|rs| rs.iter().map(|r| Row::from_stored(&spec, r)).collect())
                    .unwrap_or_default(),
                ListKind::Qa => data.qa.iter().map(|r| Row::from_stored(&spec, r)).collect(),
                ListKind::Participants => data
                    .participants
                    .iter()
                    .map(|r| Row::from_stored(&spec, r))
                    .collect(),
                ListKind::AgencyRoles => data
                    .agency_roles
                    .iter()
                    .map(|r| Row::from_stored(&spec, r))
                    .collect(),
                ListKind::Actions => data
                    .actions
                    .iter()
                    .map(|r| Row::from_stored(&spec, r))
                    .collect(),
                // Carried rows are fixed (they come from the last meeting): a fixed row is known
                // by its key, here the row's id, when another note-taker's changes come in.
                ListKind::Carried => data
                    .carried
                    .iter()
                    .map(|r| Row {
                        key: r.stored.id.map(|id| id.to_string()).unwrap_or_default(),
                        ..Row::from_stored(&spec, r)
                    })
                    .collect(),
                ListKind::Profile => spec::PROFILE_ITEMS
                    .iter()
                    .map(|(key, msg)| {
                        let stored = data.profile.get(*key);
                        Row {
                            stored: stored.map(|r| r.stored).unwrap_or_default(),
                            key: (*key).to_string(),
                            caption: caption(*msg),
                            fields: stored
                                .map(|r| spec.fields_of(&r.record))
                                .unwrap_or_else(|| vec![String::new()]),
                            ..Row::default()
                        }
                    })
                    .collect(),
                ListKind::Conference(fields) => fields
                    .iter()
                    .map(|f| Row {
                        key: f.key().to_string(),
                        caption: caption(spec::conference_field_label(*f)),
                        fields: vec![data.conference.field(*f).to_string()],
                        ..Row::default()
                    })
                    .collect(),
                ListKind::Survey => survey_def
                    .options
                    .iter()
                    .map(|o| Row {
                        key: o.key.clone(),
                        caption: (o.ja.clone(), o.en.clone()),
                        fields: vec![data.survey.get(&o.key).copied().unwrap_or(0).to_string()],
                        ..Row::default()
                    })
                    .collect(),
            };
            lists.push(List { spec, rows });
        }
        boards.push((board, lists));
    }
    Boards {
        conference: data.conference,
        boards,
    }
}

/// Load every board of conference `conference_id` from `store`.
pub fn load(
    store: &dyn crate::store::boards::BoardStore,
    conference_id: i64,
) -> Result<Boards, crate::store::StoreError> {
    Ok(from_data(
        store.load_boards(conference_id, &catalog::survey().id)?,
    ))
}

/// Remove control characters a terminal would act on; keep line breaks only where allowed.
pub(crate) fn clean_text(text: &str, multiline: bool) -> String {
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
