//! The text of the focused field as it is being edited: its lines, the cursor and the undo
//! history.
//!
//! Why not `ratatui_textarea::TextArea` (which the picker's one-line inputs still use): after
//! every edit it measures the display width of its whole text, to map its own wrapping, which
//! the boards do not use (they wrap cards themselves, `ui::wrap`). On a 50 KB card that was
//! 6.0 M instructions per key, 38 % of a keystroke's whole cycle (`KEYSTROKE_PROFILE=200
//! valgrind --tool=callgrind` on `benches/keystroke.rs`). Here a key costs what its line
//! costs: the line is found by index and edited in place, and an undo step holds only the
//! text it changed. The behaviour is TextArea's (a test below replays random edits on both),
//! except that word moves also stop where Japanese changes script (kanji, kana, punctuation).

use std::cell::Cell;
use std::collections::VecDeque;
use unicode_width::UnicodeWidthChar;

/// How many edits undo can take back.
const HISTORY: usize = 200;
/// No known place (see `Editor::near`).
const NOWHERE: (usize, usize, usize) = (usize::MAX, 0, 0);

/// A cursor move (the edit keys' moves, and those the session makes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Move {
    /// One character back; from a line's start, to the end of the line before.
    Back,
    /// One character on; from a line's end, to the start of the next.
    Forward,
    /// The start of the line.
    Head,
    /// The end of the line.
    End,
    /// The start of the word before (across a line's start).
    WordBack,
    /// The start of the next word (across a line's end).
    WordForward,
    /// The line above, at the same display column or the nearest before it.
    Up,
    /// The line below, likewise.
    Down,
}

/// A place in the text: line and character (not byte) column.
type Cursor = (usize, usize);

/// One undoable edit: `text` (which may hold line breaks) inserted or removed at byte `at` of
/// line `row`, and where the cursor was before and after.
#[derive(Debug, Clone)]
struct Edit {
    inserted: bool,
    row: usize,
    at: usize,
    text: String,
    before: Cursor,
    after: Cursor,
}

#[derive(Debug, Clone)]
pub struct Editor {
    lines: Vec<String>,
    cursor: Cursor,
    /// A place whose byte offset is known, (line, char column, byte): finding the cursor's
    /// byte from it walks the characters between (one, when typing), not the line from its
    /// start (17,000 characters on a 50 KB paragraph). Every change to the text sets it anew.
    near: Cell<(usize, usize, usize)>,
    /// Edits, oldest first; those from `done` on were undone and can be redone.
    history: VecDeque<Edit>,
    done: usize,
}

impl Default for Editor {
    fn default() -> Self {
        Editor::new("")
    }
}

impl Editor {
    /// `text` with the cursor at its end and no history.
    pub(crate) fn new(text: &str) -> Editor {
        let lines: Vec<String> = text.split('\n').map(str::to_string).collect();
        let last = lines.len() - 1;
        let cursor = (last, lines[last].chars().count());
        Editor {
            lines,
            cursor,
            near: Cell::new(NOWHERE),
            history: VecDeque::new(),
            done: 0,
        }
    }

    /// The lines (at least one).
    pub fn lines(&self) -> &[String] {
        &self.lines
    }

    /// The whole text, lines joined by line breaks.
    pub(crate) fn text(&self) -> String {
        self.lines.join("\n")
    }

    /// Whether the text is `s`, compared line by line (nothing joined).
    pub(crate) fn is(&self, s: &str) -> bool {
        let mut rest = s;
        for (i, line) in self.lines.iter().enumerate() {
            if i > 0 {
                match rest.strip_prefix('\n') {
                    Some(r) => rest = r,
                    None => return false,
                }
            }
            match rest.strip_prefix(line.as_str()) {
                Some(r) => rest = r,
                None => return false,
            }
        }
        rest.is_empty()
    }

    /// Write the text into `out`, replacing what it held and reusing its buffer.
    pub(crate) fn copy_into(&self, out: &mut String) {
        out.clear();
        for (i, line) in self.lines.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(line);
        }
    }

    /// (line, character column).
    pub fn cursor(&self) -> Cursor {
        self.cursor
    }

    /// The byte offset of (line, char column) in its line (its end when the column is past
    /// it).
    fn byte(&self, (row, col): Cursor) -> usize {
        let line = &self.lines[row];
        let (near_row, near_col, near_byte) = self.near.get();
        let known = (near_row == row)
            .then(|| line.get(..near_byte).zip(line.get(near_byte..)))
            .flatten();
        if let Some((before, _)) = known.filter(|_| col < near_col) {
            let byte = before
                .char_indices()
                .rev()
                .nth(near_col - col - 1)
                .map_or(0, |(i, _)| i);
            self.near.set((row, col, byte));
            return byte;
        }
        let (mut c, mut b) = if known.is_some() {
            (near_col, near_byte)
        } else {
            (0, 0)
        };
        for ch in line[b..].chars() {
            if c == col {
                break;
            }
            c += 1;
            b += ch.len_utf8();
        }
        self.near.set((row, c, b));
        b
    }

    fn chars(&self, row: usize) -> usize {
        self.lines[row].chars().count()
    }

    pub(crate) fn insert_char(&mut self, c: char) {
        if c == '\n' || c == '\r' {
            self.insert_newline();
            return;
        }
        let before = self.cursor;
        let at = self.byte(before);
        self.lines[before.0].insert(at, c);
        self.cursor.1 += 1;
        self.near.set((before.0, before.1 + 1, at + c.len_utf8()));
        self.record(true, before.0, at, c.to_string(), before);
    }

    pub(crate) fn insert_newline(&mut self) {
        let before = self.cursor;
        let at = self.byte(before);
        self.put(before.0, at, "\n");
        self.cursor = (before.0 + 1, 0);
        self.record(true, before.0, at, "\n".into(), before);
    }

    /// Insert `s` (`\n` or `\r\n` breaking lines) as one undo step; false when it is empty.
    pub(crate) fn insert_str(&mut self, s: &str) -> bool {
        let text = s
            .split('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n");
        if text.is_empty() {
            return false;
        }
        let before = self.cursor;
        let at = self.byte(before);
        self.cursor = self.put(before.0, at, &text);
        self.record(true, before.0, at, text, before);
        true
    }

    /// Backspace: the character before the cursor, or the line break before the line.
    pub(crate) fn delete_char(&mut self) -> bool {
        let before = self.cursor;
        let (row, col) = before;
        if col == 0 {
            if row == 0 {
                return false;
            }
            let at = self.lines[row - 1].len();
            self.cursor = (row - 1, self.chars(row - 1));
            self.take(row - 1, at, "\n");
            self.record(false, row - 1, at, "\n".into(), before);
            return true;
        }
        let at = self.byte((row, col - 1));
        let Some(c) = self.lines[row][at..].chars().next() else {
            return false;
        };
        self.lines[row].remove(at);
        self.cursor.1 -= 1;
        self.near.set((row, col - 1, at));
        self.record(false, row, at, c.to_string(), before);
        true
    }

    /// Delete: the character after the cursor, or the line break after the line.
    pub(crate) fn delete_next_char(&mut self) -> bool {
        let before = self.cursor;
        self.move_cursor(Move::Forward);
        if self.cursor == before {
            return false;
        }
        self.delete_char()
    }

    pub(crate) fn move_cursor(&mut self, m: Move) {
        let (row, col) = self.cursor;
        let last = self.lines.len() - 1;
        self.cursor = match m {
            Move::Back if col > 0 => (row, col - 1),
            Move::Back if row > 0 => (row - 1, self.chars(row - 1)),
            Move::Forward if col < self.chars(row) => (row, col + 1),
            Move::Forward if row < last => (row + 1, 0),
            Move::Back | Move::Forward => (row, col),
            Move::Head => (row, 0),
            Move::End => (row, self.chars(row)),
            Move::Up if row > 0 => (row - 1, self.same_column(row, col, row - 1)),
            Move::Down if row < last => (row + 1, self.same_column(row, col, row + 1)),
            Move::Up | Move::Down => (row, col),
            Move::WordForward => match word_start_forward(&self.lines[row], col) {
                Some(c) => (row, c),
                None if row < last => (row + 1, 0),
                None => (row, self.chars(row)),
            },
            Move::WordBack => match word_start_backward(&self.lines[row], col) {
                Some(c) => (row, c),
                None if row > 0 => (row - 1, self.chars(row - 1)),
                None => (row, 0),
            },
        };
    }

    /// Put the cursor at (line, column), or as near as the text allows.
    pub(crate) fn jump(&mut self, row: usize, col: usize) {
        let row = row.min(self.lines.len() - 1);
        self.cursor = (row, col.min(self.chars(row)));
    }

    /// The character column of `to` at the display column where `col` of line `from` is:
    /// the last character that ends at or before it.
    fn same_column(&self, from: usize, col: usize, to: usize) -> usize {
        let target: usize = self.lines[from].chars().take(col).map(width).sum();
        let mut used = 0;
        let mut chars = 0;
        for c in self.lines[to].chars() {
            let w = width(c);
            if used + w > target {
                break;
            }
            used += w;
            chars += 1;
        }
        chars
    }

    pub(crate) fn undo(&mut self) -> bool {
        let Some(i) = self.done.checked_sub(1) else {
            return false;
        };
        let edit = self.history[i].clone();
        if edit.inserted {
            self.take(edit.row, edit.at, &edit.text);
        } else {
            self.put(edit.row, edit.at, &edit.text);
        }
        self.done = i;
        self.cursor = edit.before;
        true
    }

    pub(crate) fn redo(&mut self) -> bool {
        let Some(edit) = self.history.get(self.done).cloned() else {
            return false;
        };
        if edit.inserted {
            self.put(edit.row, edit.at, &edit.text);
        } else {
            self.take(edit.row, edit.at, &edit.text);
        }
        self.done += 1;
        self.cursor = edit.after;
        true
    }

    fn record(&mut self, inserted: bool, row: usize, at: usize, text: String, before: Cursor) {
        self.history.truncate(self.done);
        if self.history.len() == HISTORY {
            self.history.pop_front();
        }
        self.history.push_back(Edit {
            inserted,
            row,
            at,
            text,
            before,
            after: self.cursor,
        });
        self.done = self.history.len();
    }

    /// Insert `text` at byte `at` of line `row`; returns the cursor just after it.
    fn put(&mut self, row: usize, at: usize, text: &str) -> Cursor {
        self.near.set(NOWHERE);
        let mut parts = text.split('\n');
        let first = parts.next().unwrap_or_default();
        let rest: Vec<&str> = parts.collect();
        let Some((last, middle)) = rest.split_last() else {
            self.lines[row].insert_str(at, first);
            return (row, self.lines[row][..at + first.len()].chars().count());
        };
        let tail = self.lines[row].split_off(at);
        self.lines[row].push_str(first);
        let end = row + rest.len();
        let mut new: Vec<String> = middle.iter().map(|s| s.to_string()).collect();
        new.push(format!("{last}{tail}"));
        self.lines.splice(row + 1..row + 1, new);
        (end, last.chars().count())
    }

    /// Remove `text`, which starts at byte `at` of line `row`.
    fn take(&mut self, row: usize, at: usize, text: &str) {
        self.near.set(NOWHERE);
        let breaks = text.matches('\n').count();
        if breaks == 0 {
            self.lines[row].replace_range(at..at + text.len(), "");
            return;
        }
        let last_len = text.rsplit('\n').next().map_or(0, str::len);
        let end = row + breaks;
        let tail = self.lines[end].split_off(last_len);
        self.lines.drain(row + 1..=end);
        self.lines[row].truncate(at);
        self.lines[row].push_str(&tail);
    }
}

fn width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// What a word is made of: a word move stops where the kind changes (spaces excepted), so
/// 「来週から通所を再開」 is 来週 / から / 通所 / を / 再開, as an input method would step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Space,
    Punct,
    Kanji,
    Hiragana,
    Katakana,
    Other,
}

fn kind(c: char) -> Kind {
    match c {
        _ if c.is_whitespace() => Kind::Space,
        '_' => Kind::Other,
        _ if c.is_ascii_punctuation() => Kind::Punct,
        // CJK symbols and punctuation (、。「」…), full-width forms' punctuation.
        '\u{3000}'..='\u{303f}' | '\u{ff01}'..='\u{ff0f}' | '\u{ff1a}'..='\u{ff20}' => Kind::Punct,
        '\u{ff3b}'..='\u{ff40}' | '\u{ff5b}'..='\u{ff65}' | '・' => Kind::Punct,
        '\u{3041}'..='\u{309f}' => Kind::Hiragana,
        '\u{30a0}'..='\u{30ff}' | '\u{ff66}'..='\u{ff9f}' => Kind::Katakana,
        '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}' => Kind::Kanji,
        _ => Kind::Other,
    }
}

/// The start of the next word after column `from`, if the line has one.
fn word_start_forward(line: &str, from: usize) -> Option<usize> {
    let mut it = line.chars().enumerate().skip(from);
    let mut prev = kind(it.next()?.1);
    for (col, c) in it {
        let cur = kind(c);
        if cur != Kind::Space && prev != cur {
            return Some(col);
        }
        prev = cur;
    }
    None
}

/// The start of the word before column `from`, if the line has one.
fn word_start_backward(line: &str, from: usize) -> Option<usize> {
    let before: Vec<char> = line.chars().take(from).collect();
    let mut it = before.iter().rev().enumerate();
    let mut cur = kind(*it.next()?.1);
    for (i, c) in it {
        let next = kind(*c);
        if cur != Kind::Space && next != cur {
            return Some(from - i);
        }
        cur = next;
    }
    (cur != Kind::Space).then_some(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ratatui_textarea::{CursorMove, TextArea};

    #[derive(Debug, Clone)]
    enum Op {
        Char(char),
        Str(String),
        Newline,
        Backspace,
        Delete,
        Move(Move),
        Undo,
        Redo,
    }

    fn op() -> impl Strategy<Value = Op> {
        let moves = [
            Move::Back,
            Move::Forward,
            Move::Head,
            Move::End,
            Move::Up,
            Move::Down,
        ];
        prop_oneof![
            4 => prop::sample::select(vec!['a', ' ', '訪', '問', 'ｱ', '。', '😀', 'é']).prop_map(Op::Char),
            1 => "[a 本人\n]{0,6}".prop_map(Op::Str),
            1 => Just(Op::Newline),
            2 => Just(Op::Backspace),
            1 => Just(Op::Delete),
            3 => prop::sample::select(moves.to_vec()).prop_map(Op::Move),
            1 => Just(Op::Undo),
            1 => Just(Op::Redo),
        ]
    }

    fn theirs(m: Move) -> CursorMove {
        match m {
            Move::Back => CursorMove::Back,
            Move::Forward => CursorMove::Forward,
            Move::Head => CursorMove::Head,
            Move::End => CursorMove::End,
            Move::WordBack => CursorMove::WordBack,
            Move::WordForward => CursorMove::WordForward,
            Move::Up => CursorMove::Up,
            Move::Down => CursorMove::Down,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        /// Every edit, move, undo and redo leaves the same text and cursor as ratatui-textarea
        /// (what the boards used before), starting from a text with its cursor at the end.
        #[test]
        fn edits_as_textarea_does(start in "[ab本\n]{0,12}", ops in prop::collection::vec(op(), 0..80)) {
            let mut ours = Editor::new(&start);
            let mut ta = TextArea::new(start.split('\n').map(str::to_string).collect());
            ta.set_max_histories(HISTORY);
            ta.move_cursor(CursorMove::Bottom);
            ta.move_cursor(CursorMove::End);
            prop_assert_eq!(ours.cursor(), (ta.cursor().0, ta.cursor().1));
            for op in ops {
                let (a, b) = match &op {
                    Op::Char(c) => { ours.insert_char(*c); ta.insert_char(*c); (true, true) }
                    Op::Str(s) => (ours.insert_str(s), ta.insert_str(s)),
                    Op::Newline => { ours.insert_newline(); ta.insert_newline(); (true, true) }
                    Op::Backspace => (ours.delete_char(), ta.delete_char()),
                    Op::Delete => (ours.delete_next_char(), ta.delete_next_char()),
                    Op::Move(m) => { ours.move_cursor(*m); ta.move_cursor(theirs(*m)); (true, true) }
                    Op::Undo => (ours.undo(), ta.undo()),
                    Op::Redo => (ours.redo(), ta.redo()),
                };
                prop_assert_eq!(a, b, "{:?} reported differently", op);
                prop_assert_eq!(ours.lines(), ta.lines(), "after {:?}", op);
                prop_assert_eq!(ours.cursor(), (ta.cursor().0, ta.cursor().1), "after {:?}", op);
            }
        }
    }

    #[test]
    fn word_moves_stop_where_japanese_changes_script() {
        let mut e = Editor::new("来週から通所を再開する。ok, next");
        e.jump(0, 0);
        let mut stops = Vec::new();
        for _ in 0..9 {
            e.move_cursor(Move::WordForward);
            stops.push(e.cursor().1);
        }
        // 来週|から|通所|を|再開|する|。|ok|,|next
        assert_eq!(stops, [2, 4, 6, 7, 9, 11, 12, 14, 16]);
        let mut back = Vec::new();
        for _ in 0..3 {
            e.move_cursor(Move::WordBack);
            back.push(e.cursor().1);
        }
        assert_eq!(back, [14, 12, 11]);
        // English words move as before.
        let mut e = Editor::new("aaa bbb [[[ccc]]]");
        e.jump(0, 0);
        e.move_cursor(Move::WordForward);
        assert_eq!(e.cursor(), (0, 4));
        e.move_cursor(Move::WordForward);
        assert_eq!(e.cursor(), (0, 8));
    }

    #[test]
    fn a_paste_is_one_undo_step_and_history_keeps_the_last_200_edits() {
        let mut e = Editor::new("前");
        assert!(e.insert_str("一行目\r\n二行目\n三"));
        assert_eq!(e.lines(), ["前一行目", "二行目", "三"]);
        assert_eq!(e.cursor(), (2, 1));
        assert!(e.undo());
        assert_eq!(e.lines(), ["前"]);
        assert_eq!(e.cursor(), (0, 1));
        assert!(e.redo());
        assert_eq!(e.text(), "前一行目\n二行目\n三");
        let mut e = Editor::new("");
        for _ in 0..250 {
            e.insert_char('字');
        }
        let mut undone = 0;
        while e.undo() {
            undone += 1;
        }
        assert_eq!(undone, HISTORY);
        assert_eq!(e.text().chars().count(), 50);
    }

    #[test]
    fn a_key_on_a_long_text_touches_only_its_line() {
        // The cost claim, as behaviour: editing line 1,000 of 2,000 leaves every other line's
        // allocation where it was.
        let text: Vec<String> = (0..2000).map(|i| format!("{i}行目の記録")).collect();
        let mut e = Editor::new(&text.join("\n"));
        let far = e.lines()[0].as_ptr();
        e.jump(1000, 3);
        e.insert_char('追');
        e.delete_char();
        e.insert_char('加');
        assert_eq!(e.lines()[1000], "100加0行目の記録");
        assert_eq!(e.lines()[0].as_ptr(), far);
        assert_eq!(e.history.back().map(|h| h.text.as_str()), Some("加"));
    }

    #[test]
    fn typing_in_a_long_paragraph_finds_the_cursor_from_where_it_was() {
        // 17,000 characters with no line break: each key must start from the cursor's known
        // byte, not count the line from its start.
        let long = "本人は通所を再開したいと話した。".repeat(1100);
        let mut e = Editor::new(&long);
        let end = e.cursor();
        e.insert_char('来');
        assert_eq!(e.near.get(), (0, end.1 + 1, long.len() + 3));
        e.delete_char();
        assert_eq!(e.near.get(), (0, end.1, long.len()));
        // Back in the middle, and a correction there.
        e.jump(0, 8000);
        e.insert_char('、');
        let at = long.char_indices().nth(8000).map(|(i, _)| i).unwrap();
        assert_eq!(e.near.get(), (0, 8001, at + 3));
        assert_eq!(e.text().chars().nth(8000), Some('、'));
        e.move_cursor(Move::Back);
        e.delete_char();
        assert_eq!(e.text().chars().nth(7999), Some('、'));
        assert!(e.undo() && e.undo());
        assert_eq!(e.text(), long);
    }

    #[test]
    fn the_text_is_compared_and_copied_as_joined() {
        let mut out = String::from("前の文");
        for text in ["", "一行", "一行\n", "\n\n二", "本人\nok\n😀"] {
            let e = Editor::new(text);
            assert!(e.is(text), "{text:?}");
            for other in ["", "一行", "一行\n\n", "\n二", "本人\nok"] {
                assert_eq!(e.is(other), other == text, "{text:?} / {other:?}");
            }
            e.copy_into(&mut out);
            assert_eq!(out, text);
            assert_eq!(out, e.text());
        }
    }
}
