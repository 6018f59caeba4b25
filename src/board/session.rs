//! Editing the boards: which field has focus, the text editor on it, and every edit a
//! note-taker makes (type, paste, new card, move, delete, undo), with autosave bookkeeping.
//!
//! The focused field's text lives in an [`Editor`] (cursor, undo history);
//! after every edit it is copied back into the row, so the rows are always what is on screen
//! and what will be saved.

use super::editor::{Editor, Move};
use super::{Boards, FieldKind, List, ListKind, Row, clean_text};
use crate::config::catalog::Agencies;
use crate::dates::{self, Reading};
use crate::domain::Board;
use crate::store::boards::{BoardStore, Record, Resolution, Saved};
use crate::store::conferences::ConferenceField;
use crate::store::writer::{self, SaveItem, SaveJob, SaveOutcome};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

/// Where the keyboard is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Focus {
    pub board: Board,
    pub list: usize,
    pub row: usize,
    pub field: usize,
}

/// An operation that undo can reverse (text edits are undone by the editor itself).
#[derive(Debug, Clone)]
enum Undo {
    /// A row was deleted: put it back where it was.
    Deleted {
        board: Board,
        list: usize,
        index: usize,
        row: Row,
    },
    /// Rows were reordered: restore the previous order.
    Moved {
        board: Board,
        list: usize,
        from: usize,
        to: usize,
    },
}

/// The autosave state shown on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveState {
    Saved,
    Pending,
    /// The last attempt failed; the text is kept and retried.
    Error(String),
}

/// Something worth saying about the focused row: how a typed date was understood, or that the
/// card clashed with another note-taker's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flag {
    /// A due date in words, understood as this day.
    DueMeans(NaiveDate),
    /// A due date that names no day we can work out: kept as typed.
    DueNotADate,
    /// A meeting date that is not a date: kept as typed.
    DateNotADate,
    /// This card was saved beside another note-taker's version of it.
    Conflict,
}

/// What the save mark at the top right of the board says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SaveMark {
    /// 保存済み: everything typed is saved.
    Saved,
    /// 保存中: typing is going on, or a save is waiting (e.g. for another process's lock).
    Saving,
    /// 保存できません: the last save failed; the text is kept and retried.
    Failed,
}

/// How long typing may go unsaved. At most 250 ms of typing may be lost (README, "Data safety"); saving 100 ms after
/// the first unsaved keystroke leaves room for the loop and a busy database.
pub const SAVE_DELAY_MS: i64 = 100;
const RETRY_DELAY_MS: i64 = 1000;
/// A busy database is retried this often…
const BUSY_RETRY_MS: i64 = 200;
/// …and only reported once it has stayed busy this long.
const BUSY_QUIET_S: i64 = 10;

pub struct Session {
    pub boards: Boards,
    pub focus: Focus,
    pub editor: Editor,
    undo: Vec<Undo>,
    /// When unsaved edits must be written.
    pub save_due: Option<DateTime<Utc>>,
    pub save_state: SaveState,
    /// Set when a save had to keep both versions; the app takes it to tell the user.
    pub(crate) kept_both: bool,
    /// Since when saves have found the database busy.
    busy_since: Option<DateTime<Utc>>,
    /// The rows of the save in flight, by (board, list, row), in its job's order.
    in_flight: Option<Vec<(Board, usize, usize)>>,
}

/// What a key did, for the caller to react (leave the board, etc.).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Moved {
    Inside,
    /// Tab past the last field of the board: the caller moves to the next board.
    PastEnd,
    PastStart,
}

impl Session {
    pub(crate) fn new(boards: Boards, board: Board) -> Session {
        let mut s = Session {
            boards,
            focus: Focus {
                board,
                list: 0,
                row: 0,
                field: 0,
            },
            editor: Editor::default(),
            undo: Vec::new(),
            save_due: None,
            save_state: SaveState::Saved,
            kept_both: false,
            busy_since: None,
            in_flight: None,
        };
        s.focus_board(board);
        s
    }

    pub(crate) fn lists(&self) -> &[List] {
        self.boards.lists(self.focus.board)
    }

    fn list(&self) -> Option<&List> {
        self.lists().get(self.focus.list)
    }

    fn list_mut(&mut self) -> Option<&mut List> {
        let f = self.focus;
        self.boards
            .lists_mut(f.board)
            .and_then(|l| l.get_mut(f.list))
    }

    pub fn row(&self) -> Option<&Row> {
        self.list().and_then(|l| l.rows.get(self.focus.row))
    }

    fn row_mut(&mut self) -> Option<&mut Row> {
        let r = self.focus.row;
        self.list_mut().and_then(|l| l.rows.get_mut(r))
    }

    /// The kind of the focused field.
    pub(crate) fn field_kind(&self) -> Option<FieldKind> {
        self.list()
            .and_then(|l| l.spec.fields.get(self.focus.field))
            .map(|f| f.kind)
    }

    /// Whether the focused field takes typed text (then plain keys are never commands).
    pub(crate) fn text_focused(&self) -> bool {
        self.field_kind().is_some_and(FieldKind::is_text)
    }

    /// Open `board` ready to type: a new empty card at the end of its first growable list,
    /// in the card's main text field (a board of fixed rows opens on its first row).
    pub(crate) fn focus_board(&mut self, board: Board) {
        self.leave_row();
        let lists = self.boards.lists(board);
        // The review of last meeting's actions opens on the first action's outcome.
        if let Some(l) = lists.first()
            && l.spec.kind == ListKind::Carried
            && !l.rows.is_empty()
        {
            self.focus = Focus {
                board,
                list: 0,
                row: 0,
                field: l.spec.main_field(),
            };
            self.load_editor();
            return;
        }
        let list = lists.iter().position(|l| !l.spec.kind.fixed()).unwrap_or(0);
        let (row, field) = match lists.get(list) {
            Some(l) if !l.spec.kind.fixed() => {
                let draft_at_end = l
                    .rows
                    .last()
                    .is_some_and(|r| !r.stored.exists() && r.is_empty(&l.spec));
                (
                    if draft_at_end {
                        l.rows.len() - 1
                    } else {
                        l.rows.len()
                    },
                    l.spec.main_field(),
                )
            }
            _ => (0, 0),
        };
        self.focus = Focus {
            board,
            list,
            row,
            field,
        };
        if let Some(l) = self.list_mut()
            && !l.spec.kind.fixed()
            && row == l.rows.len()
        {
            let blank = Row::blank(&l.spec);
            l.rows.push(blank);
        }
        self.ensure_row();
        self.load_editor();
    }

    /// Focus the first field of the first list of `board` (entering a board with Tab).
    pub(crate) fn focus_board_start(&mut self, board: Board) {
        self.leave_row();
        self.focus = Focus {
            board,
            list: 0,
            row: 0,
            field: 0,
        };
        self.ensure_row();
        self.load_editor();
    }

    /// Restore a place saved earlier, if it still points somewhere. `new_card` says the place
    /// was a new, still empty card: one is made again at the same position.
    pub fn restore_focus(&mut self, focus: Focus, new_card: bool) {
        let Some(l) = self.boards.lists(focus.board).get(focus.list) else {
            return;
        };
        if focus.field >= l.spec.fields.len() {
            return;
        }
        let growable = !l.spec.kind.fixed();
        let valid = focus.row < l.rows.len()
            || (focus.row == l.rows.len() && (new_card || l.rows.is_empty()) && growable)
            || (focus.row == 0 && l.rows.is_empty());
        if !valid {
            return;
        }
        self.leave_row();
        if new_card
            && growable
            && let Some(l) = self
                .boards
                .lists_mut(focus.board)
                .and_then(|ls| ls.get_mut(focus.list))
        {
            let at = focus.row.min(l.rows.len());
            let blank = Row::blank(&l.spec);
            l.rows.insert(at, blank);
        }
        self.focus = focus;
        self.ensure_row();
        self.load_editor();
    }

    /// Whether nothing is in hand: an empty new card, nothing waiting to be saved. Moving such
    /// a note-taker to another board cannot split a sentence.
    pub(crate) fn idle_on_blank(&self) -> bool {
        self.save_due.is_none()
            && self.in_flight.is_none()
            && self.on_new_card()
            && self
                .list()
                .zip(self.row())
                .is_some_and(|(l, r)| r.is_empty(&l.spec))
    }

    /// Whether the focused row is a new card not yet stored (to remember the place exactly).
    pub(crate) fn on_new_card(&self) -> bool {
        self.row().is_some_and(|r| !r.stored.exists())
            && self.list().is_some_and(|l| !l.spec.kind.fixed())
    }

    /// A growable list with no rows gets an empty draft so there is always a place to type.
    fn ensure_row(&mut self) {
        if let Some(list) = self.list_mut()
            && list.rows.is_empty()
        {
            list.rows.push(Row::blank(&list.spec));
        }
        let n = self.list().map_or(0, |l| l.rows.len());
        self.focus.row = self.focus.row.min(n.saturating_sub(1));
        let nf = self.list().map_or(1, |l| l.spec.fields.len());
        self.focus.field = self.focus.field.min(nf.saturating_sub(1));
    }

    /// Leaving a row: an empty draft that was never saved disappears.
    fn leave_row(&mut self) {
        let Some(list) = self.list() else { return };
        let fixed = list.spec.kind.fixed();
        let spec = list.spec.clone();
        let many = list.rows.len() > 1;
        let r = self.focus.row;
        if let Some(row) = self.row()
            && !fixed
            && !row.stored.exists()
            && row.is_empty(&spec)
            && many
            && let Some(list) = self.list_mut()
        {
            list.rows.remove(r);
        }
    }

    /// Put the focused field's text into the editor, cursor at the end.
    fn load_editor(&mut self) {
        let text = self
            .row()
            .and_then(|r| r.fields.get(self.focus.field))
            .cloned()
            .unwrap_or_default();
        self.editor = Editor::new(&text);
    }

    /// Copy the editor's text into the row and schedule a save. The row's copy is compared
    /// and rewritten in place: a key on a 50 KB card allocates nothing here.
    fn sync(&mut self, now: DateTime<Utc>) {
        let f = self.focus;
        let header = self.header_field();
        // The row and the editor are separate fields: one borrowed to write, one to read.
        let editor = &self.editor;
        let row = self
            .boards
            .lists_mut(f.board)
            .and_then(|l| l.get_mut(f.list))
            .and_then(|l| l.rows.get_mut(f.row));
        let changed = match row {
            Some(row) if !row.fields.get(f.field).is_some_and(|t| editor.is(t)) => {
                if let Some(slot) = row.fields.get_mut(f.field) {
                    editor.copy_into(slot);
                }
                row.dirty = true;
                true
            }
            _ => false,
        };
        if changed {
            // The header shows what the form says, at once: one copy of the conference.
            if let Some(h) = header {
                *self.boards.conference.field_mut(h) = self.editor.text();
            }
            self.mark_dirty(now);
        }
    }

    /// The conference header field the focused row edits, if it is one.
    fn header_field(&self) -> Option<ConferenceField> {
        match self.list()?.spec.kind {
            ListKind::Conference(_) => ConferenceField::from_key(&self.row()?.key),
            _ => None,
        }
    }

    fn mark_dirty(&mut self, now: DateTime<Utc>) {
        if self.save_due.is_none() {
            self.save_due = Some(now + TimeDelta::milliseconds(SAVE_DELAY_MS));
        }
        if self.save_state == SaveState::Saved {
            self.save_state = SaveState::Pending;
        }
    }

    fn multiline(&self) -> bool {
        matches!(self.field_kind(), Some(FieldKind::Text { multiline: true }))
    }

    /// Type one character into the focused field (Space cycles a choice field).
    pub(crate) fn type_char(&mut self, c: char, now: DateTime<Utc>) {
        match self.field_kind() {
            Some(FieldKind::Choice(_)) if c == ' ' => self.cycle_choice(1, now),
            Some(FieldKind::Number) => {
                // An input method types full-width digits (４): they are digits too.
                let Some(digit) = dates::digit_value(c).and_then(|d| char::from_digit(d, 10))
                else {
                    return;
                };
                // A count of 0 is replaced by what is typed, not appended to ("07").
                if self.editor.text() == "0" {
                    self.editor = Editor::default();
                }
                self.editor.insert_char(digit);
                self.sync(now);
            }
            Some(FieldKind::Text { .. } | FieldKind::Agency) if !c.is_control() => {
                self.editor.insert_char(c);
                self.sync(now);
            }
            _ => {}
        }
    }

    /// Insert pasted text as one edit (one undo step).
    pub(crate) fn paste(&mut self, text: &str, now: DateTime<Utc>) {
        if !self.text_focused() {
            return;
        }
        let mut clean = clean_text(text, self.multiline());
        if self.field_kind() == Some(FieldKind::Number) {
            clean = dates::halfwidth(&clean);
            clean.retain(|c| c.is_ascii_digit());
        }
        if !clean.is_empty() {
            self.editor.insert_str(&clean);
            self.sync(now);
            // A paste can be a whole page of notes: it is committed at once, not after the
            // typing delay, so a crash right after it loses nothing.
            self.save_due = Some(now);
        }
    }

    pub(crate) fn backspace(&mut self, now: DateTime<Utc>) {
        if self.text_focused() && self.editor.delete_char() {
            self.sync(now);
        }
    }

    pub fn delete(&mut self, now: DateTime<Utc>) {
        if self.text_focused() && self.editor.delete_next_char() {
            self.sync(now);
        }
    }

    /// A line break inside a card (Alt+Enter / Ctrl+J); single-line fields ignore it.
    pub(crate) fn newline(&mut self, now: DateTime<Utc>) {
        if self.multiline() {
            self.editor.insert_newline();
            self.sync(now);
        }
    }

    pub(crate) fn cursor(&mut self, m: Move) {
        self.editor.move_cursor(m);
    }

    /// ↑ / ↓: move within the text, and to the previous / next row at its edge.
    pub(crate) fn vertical(&mut self, down: bool, store: &dyn BoardStore, now: DateTime<Utc>) {
        let before = self.editor.cursor();
        self.editor
            .move_cursor(if down { Move::Down } else { Move::Up });
        if self.editor.cursor() != before {
            return;
        }
        let n = self.list().map_or(0, |l| l.rows.len());
        let target = if down {
            self.focus.row + 1
        } else {
            self.focus.row.wrapping_sub(1)
        };
        if target < n {
            self.go_row(target, store, now);
        }
    }

    fn go_row(&mut self, row: usize, store: &dyn BoardStore, now: DateTime<Utc>) {
        self.flush(store, now);
        let old = self.focus.row;
        let before = self.list().map_or(0, |l| l.rows.len());
        self.leave_row();
        // Leaving removed an empty draft above the target: the target moved up by one.
        let removed = self.list().map_or(0, |l| l.rows.len()) < before;
        self.focus.row = if removed && row > old { row - 1 } else { row };
        self.ensure_row();
        self.load_editor();
    }

    /// Tab / Shift+Tab: next / previous field (on a form: the next / previous line), then
    /// list; past the board's ends, report it. What was typed always stays as typed.
    pub(crate) fn tab(
        &mut self,
        forward: bool,
        store: &dyn BoardStore,
        now: DateTime<Utc>,
    ) -> Moved {
        self.flush(store, now);
        let nfields = self.list().map_or(1, |l| l.spec.fields.len());
        let nrows = self.list().map_or(0, |l| l.rows.len());
        let form = self.list().is_some_and(|l| l.spec.kind.fixed());
        let nlists = self.lists().len();
        let f = self.focus;
        if forward {
            if f.field + 1 < nfields {
                self.focus.field += 1;
            } else if form && f.row + 1 < nrows {
                self.focus.row += 1;
                self.focus.field = 0;
            } else if f.list + 1 < nlists {
                self.leave_row();
                self.focus = Focus {
                    list: f.list + 1,
                    row: 0,
                    field: 0,
                    ..f
                };
                self.ensure_row();
            } else {
                return Moved::PastEnd;
            }
        } else if f.field > 0 {
            self.focus.field -= 1;
        } else if form && f.row > 0 {
            self.focus.row -= 1;
            self.focus.field = nfields.saturating_sub(1);
        } else if f.list > 0 {
            self.leave_row();
            let prev = f.list - 1;
            let (nf, last_row) = self.lists().get(prev).map_or((1, 0), |l| {
                (
                    l.spec.fields.len(),
                    if l.spec.kind.fixed() {
                        l.rows.len().saturating_sub(1)
                    } else {
                        0
                    },
                )
            });
            self.focus = Focus {
                list: prev,
                row: last_row,
                field: nf.saturating_sub(1),
                ..f
            };
            self.ensure_row();
        } else {
            return Moved::PastStart;
        }
        self.load_editor();
        Moved::Inside
    }

    /// Focus the last field of the board's last list (entering a board backwards).
    pub(crate) fn focus_board_end(&mut self, board: Board) {
        self.focus_board_start(board);
        let nlists = self.lists().len();
        if nlists > 0 {
            let last = nlists - 1;
            let nf = self.lists().get(last).map_or(1, |l| l.spec.fields.len());
            self.focus = Focus {
                board,
                list: last,
                row: 0,
                field: nf.saturating_sub(1),
            };
            self.ensure_row();
            self.load_editor();
        }
    }

    /// Enter: finish this card and start a new one after it (on a form: go to the next line).
    pub(crate) fn enter(&mut self, store: &dyn BoardStore, now: DateTime<Utc>) {
        let Some(list) = self.list() else { return };
        if list.spec.kind.fixed() {
            let n = list.rows.len();
            if self.focus.row + 1 < n {
                self.go_row(self.focus.row + 1, store, now);
            }
            return;
        }
        let spec = list.spec.clone();
        if self.row().is_some_and(|r| r.is_empty(&spec)) {
            return;
        }
        self.flush(store, now);
        let at = self.focus.row + 1;
        if let Some(list) = self.list_mut() {
            list.rows.insert(at.min(list.rows.len()), Row::blank(&spec));
        }
        self.focus.row = at;
        self.focus.field = spec.main_field();
        self.load_editor();
    }

    /// Space / ←→ on a choice field.
    pub(crate) fn cycle_choice(&mut self, delta: isize, now: DateTime<Utc>) {
        let Some(FieldKind::Choice(values)) = self.field_kind() else {
            return;
        };
        let field = self.focus.field;
        if let Some(row) = self.row_mut()
            && let Some(slot) = row.fields.get_mut(field)
        {
            let i = values
                .iter()
                .position(|(k, _)| *k == slot.as_str())
                .unwrap_or(0) as isize;
            let n = values.len() as isize;
            if let Some((k, _)) = values.get((i + delta).rem_euclid(n) as usize) {
                *slot = (*k).to_string();
                row.dirty = true;
            }
            self.mark_dirty(now);
        }
    }

    /// Take the `n`th suggestion shown beside an agency field (Alt+1 … Alt+5): the only way a
    /// suggestion replaces what was typed.
    pub(crate) fn accept_suggestion(
        &mut self,
        n: usize,
        agencies: &Agencies,
        now: DateTime<Utc>,
    ) -> bool {
        let Some(name) = self.suggestions(agencies).get(n).map(|a| a.ja.clone()) else {
            return false;
        };
        self.editor = Editor::new(&name);
        self.sync(now);
        true
    }

    /// Suggestions for the focused agency field.
    pub(crate) fn suggestions<'a>(
        &self,
        agencies: &'a Agencies,
    ) -> Vec<&'a crate::config::catalog::Agency> {
        if self.field_kind() != Some(FieldKind::Agency) {
            return Vec::new();
        }
        let typed = self.editor.lines().join("");
        if typed.trim().is_empty() {
            return Vec::new();
        }
        let mut list = agencies.complete(typed.trim());
        if list.first().is_some_and(|a| a.ja == typed) {
            return Vec::new();
        }
        list.truncate(5);
        list
    }

    /// Delete the focused row (undo brings it back). On a form the value is cleared instead.
    pub(crate) fn delete_row(&mut self, store: &dyn BoardStore, now: DateTime<Utc>) {
        let Some(list) = self.list() else { return };
        if list.spec.kind.fixed() {
            self.editor = Editor::default();
            self.sync(now);
            return;
        }
        let table = list.spec.kind.table();
        let index = self.focus.row;
        let Some(row) = self.row().cloned() else {
            return;
        };
        if let Some(table) = table
            && row.stored.exists()
            && let Err(e) = store.delete_record(table, &row.stored)
        {
            self.save_state = SaveState::Error(e.to_string());
            return;
        }
        let board = self.focus.board;
        let list_i = self.focus.list;
        if let Some(list) = self.list_mut() {
            list.rows.remove(index);
        }
        self.undo.push(Undo::Deleted {
            board,
            list: list_i,
            index,
            row,
        });
        self.ensure_row();
        self.load_editor();
    }

    /// Alt+↑ / Alt+↓: move the card up or down its list.
    pub(crate) fn move_row(&mut self, up: bool, store: &dyn BoardStore, now: DateTime<Utc>) {
        let Some(list) = self.list() else { return };
        if list.spec.kind.fixed() {
            return;
        }
        let from = self.focus.row;
        let n = list.rows.len();
        let to = if up { from.wrapping_sub(1) } else { from + 1 };
        if to >= n {
            return;
        }
        self.flush(store, now);
        self.swap_rows(from, to, store);
        let f = self.focus;
        self.undo.push(Undo::Moved {
            board: f.board,
            list: f.list,
            from,
            to,
        });
        self.focus.row = to;
    }

    fn swap_rows(&mut self, a: usize, b: usize, store: &dyn BoardStore) {
        let Some(list) = self.list_mut() else { return };
        // An undo can refer to rows that were deleted since: then there is nothing to swap.
        if a >= list.rows.len() || b >= list.rows.len() {
            return;
        }
        list.rows.swap(a, b);
        let table = list.spec.kind.table();
        let ids: Vec<i64> = list.rows.iter().filter_map(|r| r.stored.id).collect();
        if let Some(table) = table
            && ids.len() == list.rows.len()
            && let Err(e) = store.reorder(table, &ids)
        {
            self.save_state = SaveState::Error(e.to_string());
        }
    }

    /// Ctrl+Z: undo typing in the focused field; with nothing left there, undo the last
    /// delete or move.
    pub(crate) fn undo(&mut self, store: &dyn BoardStore, now: DateTime<Utc>) {
        if self.text_focused() && self.editor.undo() {
            self.sync(now);
            return;
        }
        match self.undo.pop() {
            Some(Undo::Deleted {
                board,
                list,
                index,
                mut row,
            }) => {
                self.flush(store, now);
                let kind = self.boards.lists(board).get(list).map(|l| l.spec.kind);
                if let Some(table) = kind.and_then(ListKind::table)
                    && row.stored.exists()
                    // Restoring changes the stored versions; the row takes the new ones.
                    && let Err(e) = store.restore_record(table, &mut row.stored)
                {
                    self.save_state = SaveState::Error(e.to_string());
                    return;
                }
                self.leave_row();
                if let Some(l) = self.boards.lists_mut(board).and_then(|ls| ls.get_mut(list)) {
                    // Drop a lone empty draft that stood in for the deleted card.
                    if l.rows.len() == 1
                        && !l.rows[0].stored.exists()
                        && l.rows[0].is_empty(&l.spec)
                    {
                        l.rows.clear();
                    }
                    let at = index.min(l.rows.len());
                    let unsaved = row.dirty;
                    l.rows.insert(at, row);
                    self.focus = Focus {
                        board,
                        list,
                        row: at,
                        field: 0,
                    };
                    // A card deleted before it was ever saved comes back still to be saved.
                    if unsaved {
                        self.mark_dirty(now);
                    }
                }
                self.load_editor();
            }
            Some(Undo::Moved {
                board,
                list,
                from,
                to,
            }) => {
                self.flush(store, now);
                self.leave_row();
                self.focus = Focus {
                    board,
                    list,
                    row: to,
                    field: 0,
                };
                self.swap_rows(to, from, store);
                self.focus.row = from;
                // The list may have shrunk since the move: keep the focus inside it.
                self.ensure_row();
                self.load_editor();
            }
            None => {}
        }
    }

    /// Ctrl+Y: redo typing.
    pub(crate) fn redo(&mut self, now: DateTime<Utc>) {
        if self.text_focused() && self.editor.redo() {
            self.sync(now);
        }
    }

    /// What the save mark shows: 保存済み as soon as everything typed is committed.
    pub(crate) fn save_mark(&self) -> SaveMark {
        match self.save_state {
            SaveState::Error(_) => SaveMark::Failed,
            SaveState::Pending => SaveMark::Saving,
            SaveState::Saved => SaveMark::Saved,
        }
    }

    /// Whether a save is due at `now` (and none is in flight).
    pub fn save_is_due(&self, now: DateTime<Utc>) -> bool {
        self.next_save().is_some_and(|due| now >= due)
    }

    /// Write every unsaved row now. Failures keep the text and schedule a retry.
    pub fn flush(&mut self, store: &dyn BoardStore, now: DateTime<Utc>) {
        if let Some(job) = self.begin_save() {
            let outcome = writer::run(store, &job);
            self.end_save(Some(outcome), now);
        }
    }

    /// The rows due to be saved, as one job (`None` when nothing is due or a save is still in
    /// flight). From here they count as clean: an edit meanwhile marks its row again, and a
    /// failure does too (see [`Session::end_save`]). Until then rows must not move, appear or
    /// go, so the app takes the outcome before anything but typing (`App::update`).
    pub(crate) fn begin_save(&mut self) -> Option<SaveJob> {
        if self.save_due.is_none() || self.in_flight.is_some() {
            return None;
        }
        let mut places = Vec::new();
        let mut items = Vec::new();
        for (board, lists) in self.boards.boards.iter_mut() {
            for (li, list) in lists.iter_mut().enumerate() {
                let fixed = list.spec.kind.fixed();
                for ri in 0..list.rows.len() {
                    let row = &list.rows[ri];
                    if !row.dirty || (!fixed && !row.stored.exists() && row.is_empty(&list.spec)) {
                        continue;
                    }
                    let Some(record) = list.spec.record(&row.key, &row.fields) else {
                        continue;
                    };
                    // The list as shown: this row where it stands, other unsaved drafts left out
                    // (they take their places when they are saved).
                    let order: Vec<Option<i64>> = list
                        .rows
                        .iter()
                        .enumerate()
                        .filter_map(|(i, r)| {
                            if i == ri {
                                Some(None)
                            } else {
                                r.stored.id.map(Some)
                            }
                        })
                        .collect();
                    items.push(SaveItem {
                        stored: row.stored,
                        record,
                        order,
                    });
                    places.push((*board, li, ri));
                    list.rows[ri].dirty = false;
                }
            }
        }
        self.save_due = None;
        self.in_flight = Some(places);
        Some(SaveJob {
            conference_id: self.boards.conference.id,
            survey_id: crate::config::catalog::survey().id,
            items,
        })
    }

    /// Whether a save has been handed to the save helper and its outcome is not back yet.
    pub(crate) fn saving(&self) -> bool {
        self.in_flight.is_some()
    }

    /// When the next save is due, if none is in flight (its outcome wakes the loop instead).
    pub(crate) fn next_save(&self) -> Option<DateTime<Utc>> {
        self.save_due.filter(|_| self.in_flight.is_none())
    }

    /// Take the outcome of the save begun by [`Session::begin_save`]: where each row is now
    /// stored, or (`None`: nothing was saved, the helper is gone) the rows to save again at
    /// once. A row that failed keeps its text, is marked unsaved again and is retried.
    pub(crate) fn end_save(&mut self, outcome: Option<SaveOutcome>, now: DateTime<Utc>) {
        let Some(places) = self.in_flight.take() else {
            return;
        };
        let mut error = None;
        let mut busy_only = true;
        let mut outcome = outcome.map(Vec::into_iter);
        for (board, li, ri) in places {
            let result = outcome.as_mut().and_then(Iterator::next);
            let Some(row) = self
                .boards
                .lists_mut(board)
                .and_then(|lists| lists.get_mut(li))
                .and_then(|list| list.rows.get_mut(ri))
            else {
                continue;
            };
            match result {
                Some(Ok((stored, saved))) => {
                    row.stored = stored;
                    if saved == Saved::KeptBoth {
                        self.kept_both = true;
                    }
                }
                Some(Err(e)) => {
                    row.dirty = true;
                    busy_only &= e.is_busy();
                    error = Some(e.to_string());
                }
                None => row.dirty = true,
            }
        }
        if outcome.is_none() {
            // Not a failure of the database: saved again right away, another way.
            self.save_due = Some(now);
            return;
        }
        match error {
            // Another note-taker (or a backup tool) holds the write lock: keep the text, try
            // again shortly, and say nothing unless it lasts.
            Some(_)
                if busy_only
                    && self
                        .busy_since
                        .is_none_or(|t| now - t < TimeDelta::seconds(BUSY_QUIET_S)) =>
            {
                self.busy_since.get_or_insert(now);
                self.save_state = SaveState::Pending;
                self.save_due = Some(now + TimeDelta::milliseconds(BUSY_RETRY_MS));
            }
            Some(e) => {
                self.save_state = SaveState::Error(e);
                self.save_due = Some(now + TimeDelta::milliseconds(RETRY_DELAY_MS));
            }
            None => {
                self.busy_since = None;
                // Typed while the save was in flight: that is still to be saved.
                self.save_state = if self.save_due.is_some() {
                    SaveState::Pending
                } else {
                    SaveState::Saved
                };
            }
        }
    }

    /// Settle the conflict of the focused card (Ctrl+K): keep it, keep the other, keep both
    /// or merge. The boards are reloaded by the caller.
    pub(crate) fn resolve_conflict(
        &mut self,
        how: Resolution,
        store: &dyn BoardStore,
        now: DateTime<Utc>,
    ) -> bool {
        self.flush(store, now);
        let table = self.list().and_then(|l| l.spec.kind.table());
        let Some((table, id)) = table.zip(
            self.row()
                .filter(|r| r.conflict())
                .and_then(|r| r.stored.id),
        ) else {
            return false;
        };
        match store.resolve_conflict(table, id, how) {
            Ok(()) => true,
            Err(e) => {
                self.save_state = SaveState::Error(e.to_string());
                false
            }
        }
    }

    /// What is worth saying about the focused row.
    pub(crate) fn flag(&self) -> Option<Flag> {
        let row = self.row()?;
        if row.conflict() {
            return Some(Flag::Conflict);
        }
        let list = self.list()?;
        let meeting = NaiveDate::parse_from_str(self.boards.conference.date.trim(), "%Y-%m-%d");
        match list.spec.kind {
            ListKind::Actions => {
                let Some(Record::Action { due_text, .. }) = list.spec.record(&row.key, &row.fields)
                else {
                    return None;
                };
                let meeting = meeting.ok()?;
                let next = dates::read(&self.boards.conference.next_meeting, meeting, None).date();
                match dates::read(&due_text, meeting, next) {
                    Reading::Unknown => Some(Flag::DueNotADate),
                    Reading::Relative(d) | Reading::Exact(d) => Some(Flag::DueMeans(d)),
                    Reading::Empty => None,
                }
            }
            ListKind::Conference(_) if row.key == ConferenceField::Date.key() => {
                meeting.is_err().then_some(Flag::DateNotADate)
            }
            _ => None,
        }
    }

    /// Take in the boards as another process left them, without disturbing this note-taker:
    /// rows with unsaved local edits keep their text (a later save that collides keeps both),
    /// unsaved new cards stay where they are, and the focused field keeps its cursor and undo
    /// history unless its text changed underneath.
    pub(crate) fn merge(&mut self, fresh: Boards) {
        let focus = self.focus;
        let focused_id = self.row().and_then(|r| r.stored.id.or(r.stored.aux_id));
        let focused_text = self.editor.text();
        let mut new_focus_row = None;
        self.boards.conference = fresh.conference;
        for (board, fresh_lists) in fresh.boards {
            let Some(lists) = self.boards.lists_mut(board) else {
                continue;
            };
            for (li, fresh_list) in fresh_lists.into_iter().enumerate() {
                let Some(list) = lists.get_mut(li) else {
                    continue;
                };
                let old = std::mem::take(&mut list.rows);
                let fixed = list.spec.kind.fixed();
                let same = |a: &Row, b: &Row| {
                    if fixed {
                        a.key == b.key
                    } else {
                        (a.stored.id.is_some() && a.stored.id == b.stored.id)
                            || (a.stored.aux_id.is_some() && a.stored.aux_id == b.stored.aux_id)
                    }
                };
                let mut rows: Vec<Row> = Vec::with_capacity(fresh_list.rows.len());
                for f in fresh_list.rows {
                    match old.iter().find(|o| same(o, &f)) {
                        Some(o) if o.dirty => rows.push(o.clone()),
                        Some(_) => rows.push(f),
                        None => rows.push(f),
                    }
                }
                // Local rows the store does not have yet (drafts) or no longer has but that hold
                // unsaved text: keep them after the row they followed.
                for (oi, o) in old.iter().enumerate() {
                    if rows.iter().any(|r| same(r, o)) {
                        continue;
                    }
                    if o.stored.id.is_some() && !o.dirty {
                        continue; // deleted elsewhere
                    }
                    let after = old[..oi]
                        .iter()
                        .rev()
                        .find_map(|p| rows.iter().position(|r| same(r, p)));
                    let at = after.map_or(0, |i| i + 1).min(rows.len());
                    rows.insert(at, o.clone());
                }
                if board == focus.board && li == focus.list {
                    let old_focused = old.get(focus.row);
                    new_focus_row = old_focused.and_then(|of| {
                        rows.iter().position(|r| {
                            if !of.stored.exists() {
                                !r.stored.exists() && r.fields == of.fields
                            } else {
                                same(r, of)
                            }
                        })
                    });
                }
                list.rows = rows;
            }
        }
        // Header fields typed here and not saved yet stay as typed.
        for (_, lists) in &self.boards.boards {
            for list in lists {
                if let ListKind::Conference(_) = list.spec.kind {
                    for row in list.rows.iter().filter(|r| r.dirty) {
                        if let (Some(f), Some(v)) =
                            (ConferenceField::from_key(&row.key), row.fields.first())
                        {
                            *self.boards.conference.field_mut(f) = v.clone();
                        }
                    }
                }
            }
        }
        match new_focus_row {
            Some(row) => self.focus.row = row,
            None if focused_id.is_some() => {
                // The focused card was deleted elsewhere: stay at the same place in the list.
                self.ensure_row();
                self.load_editor();
                return;
            }
            None => {}
        }
        self.ensure_row();
        let text_now = self
            .row()
            .and_then(|r| r.fields.get(self.focus.field))
            .cloned()
            .unwrap_or_default();
        if text_now != focused_text {
            let (line, col) = self.cursor_pos();
            self.load_editor();
            self.editor.jump(line, col);
        }
    }

    /// The editor's cursor as (line, char column), for drawing.
    pub fn cursor_pos(&self) -> (usize, usize) {
        let c = self.editor.cursor();
        (c.0, c.1)
    }
}

impl Session {
    /// The rows whose edits are not saved yet, for a recovery file when saving is impossible.
    pub(crate) fn unsaved(&self) -> Vec<crate::recovery::UnsavedRow> {
        let mut out = Vec::new();
        for (board, lists) in &self.boards.boards {
            for (li, list) in lists.iter().enumerate() {
                for row in list.rows.iter().filter(|r| r.dirty) {
                    if !row.stored.exists() && row.is_empty(&list.spec) {
                        continue;
                    }
                    out.push(crate::recovery::UnsavedRow {
                        board: board.key().to_string(),
                        list: li,
                        list_title: list.spec.title.text(crate::i18n::Lang::En).to_string(),
                        id: row.stored.id,
                        aux_id: row.stored.aux_id,
                        key: row.key.clone(),
                        fields: row.fields.clone(),
                    });
                }
            }
        }
        out
    }
}
