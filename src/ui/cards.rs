//! A list of cards in view: each card's fields wrapped paragraph by paragraph, laid out from
//! the cursor outwards until the view is filled both ways, so a frame costs what is on screen
//! and not the length of the cards (a note-taker's card can hold 50 KB, a list thousands of
//! cards). What it shows is exactly what wrapping every card and scrolling would show (a test
//! below compares the two).

use super::board::{Out, choice_label, scroll_top};
use super::rewrap;
use super::wrap::{Piece as Wrapped, cursor_position, piece_text};
use crate::app::App;
use crate::board::session::Session;
use crate::board::{FieldKind, List, Row};
use crate::i18n::{Msg, t};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

/// The focused field's text as paragraphs and its cursor (paragraph, column), else the row's.
pub(super) fn field_text<'a>(
    s: &'a Session,
    row: &'a Row,
    fi: usize,
    focused: bool,
) -> (Vec<&'a str>, Option<(usize, usize)>) {
    if focused {
        (
            s.editor.lines().iter().map(String::as_str).collect(),
            Some(s.cursor_pos()),
        )
    } else {
        (
            row.fields
                .get(fi)
                .map_or("", String::as_str)
                .split('\n')
                .collect(),
            None,
        )
    }
}

/// How a field's lines start and look.
pub(super) struct Look<'a> {
    /// Before the field's first line (a bullet, a caption); its width indents the others.
    pub(super) prefix: String,
    pub(super) prefix_style: Style,
    pub(super) style: Style,
    /// Shown on the first line while the field is empty.
    pub(super) placeholder: Option<(&'a str, Style)>,
    /// The lines belong to the focused row.
    pub(super) focused_row: bool,
}

/// Which of a paragraph's screen lines are wanted.
#[derive(Debug, Clone, Copy)]
enum Rows {
    All,
    /// The first n.
    First(usize),
    /// The last n.
    Last(usize),
    /// Those up to n before and n after the cursor's (without a cursor: the last n + 1).
    Around(usize),
}

/// The screen lines of one paragraph of a field that `rows` asks for: `first` is the field's
/// first paragraph, which carries the prefix; `cursor` is the cursor's column when it is in
/// this paragraph. A cursor past the right edge sits at the start of a line of its own.
/// Returns how many of its lines before those were left out.
#[allow(clippy::too_many_arguments)]
fn paragraph(
    out: &mut Vec<Out>,
    look: &Look,
    text: &str,
    first: bool,
    empty_field: bool,
    cursor: Option<usize>,
    width: usize,
    rows: Rows,
) -> usize {
    #[cfg(test)]
    tests::WRAPPED.with(|n| n.set(n.get() + 1));
    let indent = look.prefix.width();
    let avail = width.saturating_sub(indent).max(2);
    // The wanted lines of those wrapped in `pieces` (which reach past the cursor's).
    let emit = |out: &mut Vec<Out>, pieces: &[Wrapped], want: Rows| -> usize {
        let lines = [text];
        let cur = cursor.map(|c| {
            let (row, col) = cursor_position(&lines, pieces, 0, c);
            if col >= avail {
                (row + 1, 0)
            } else {
                (row, col)
            }
        });
        let total = pieces.len().max(cur.map_or(0, |c| c.0 + 1));
        let (from, to) = match want {
            Rows::All => (0, total),
            Rows::First(n) => (0, n.min(total)),
            Rows::Last(n) => (total.saturating_sub(n), total),
            Rows::Around(n) => match cur {
                Some((row, _)) => (row.saturating_sub(n), (row + n + 1).min(total)),
                None => (total.saturating_sub(n + 1), total),
            },
        };
        for r in from..to {
            let mut spans = Vec::with_capacity(2);
            if first && r == 0 {
                spans.push(Span::styled(look.prefix.clone(), look.prefix_style));
            } else {
                spans.push(Span::raw(" ".repeat(indent)));
            }
            match look.placeholder {
                Some((ph, ph_style)) if first && r == 0 && empty_field => {
                    spans.push(Span::styled(ph.to_string(), ph_style))
                }
                _ => {
                    let text = pieces
                        .get(r)
                        .map(|p| piece_text(&lines, *p))
                        .unwrap_or_default();
                    spans.push(Span::styled(text, look.style));
                }
            }
            out.push(Out {
                line: Line::from(spans),
                cursor: cur.filter(|c| c.0 == r).map(|c| (indent + c.1) as u16),
                focused: look.focused_row,
            });
        }
        from
    };
    match (rows, cursor) {
        (Rows::Around(n), Some(c)) => rewrap::around(text, avail, c, n + 1, |p| emit(out, p, rows)),
        (Rows::First(n), None) => emit(out, &rewrap::first(text, avail, n), rows),
        _ => rewrap::whole(text, avail, |p| emit(out, p, rows)),
    }
}

/// A whole field's screen lines (the conference form's fields, which are short).
pub(super) fn wrapped(
    out: &mut Vec<Out>,
    look: &Look,
    lines: &[&str],
    cursor: Option<(usize, usize)>,
    width: usize,
) {
    let empty = lines.iter().all(|l| l.is_empty());
    for (i, text) in lines.iter().enumerate() {
        let c = cursor.filter(|c| c.0 == i).map(|c| c.1);
        paragraph(out, look, text, i == 0, empty, c, width, Rows::All);
    }
}

/// What of a card wraps on its own: one paragraph of a text field, or a choice field's line.
enum Piece<'a> {
    Text {
        look: usize,
        text: &'a str,
        first: bool,
        empty_field: bool,
        cursor: Option<usize>,
    },
    Choice(Line<'static>),
}

/// A card cut into pieces, with the looks of its text fields.
struct Card<'a> {
    looks: Vec<Look<'a>>,
    pieces: Vec<Piece<'a>>,
    focused: bool,
}

impl Card<'_> {
    /// The screen lines of piece `i` that `rows` asks for, and how many before them were left
    /// out.
    fn lines(&self, i: usize, width: usize, rows: Rows) -> (Vec<Out>, usize) {
        match &self.pieces[i] {
            Piece::Text {
                look,
                text,
                first,
                empty_field,
                cursor,
            } => {
                let mut out = Vec::new();
                let skipped = paragraph(
                    &mut out,
                    &self.looks[*look],
                    text,
                    *first,
                    *empty_field,
                    *cursor,
                    width,
                    rows,
                );
                (out, skipped)
            }
            Piece::Choice(line) => (
                vec![Out {
                    line: line.clone(),
                    cursor: None,
                    focused: self.focused,
                }],
                0,
            ),
        }
    }
}

/// Card `ri` of `list`, cut into pieces (nothing is wrapped yet).
fn card<'a>(
    app: &'a App,
    list: &'a List,
    focus: Option<(usize, usize)>,
    s: &'a Session,
    ri: usize,
) -> Card<'a> {
    let theme = app.theme();
    let lang = app.lang;
    let mut c = Card {
        looks: Vec::new(),
        pieces: Vec::new(),
        focused: focus.is_some_and(|f| f.0 == ri),
    };
    let Some(row) = list.rows.get(ri) else {
        return c;
    };
    let multi = list.spec.fields.len() > 1;
    let card_style = if c.focused {
        theme.card_selected
    } else {
        theme.card
    };
    for (fi, field) in list.spec.fields.iter().enumerate() {
        let this = c.focused && focus.is_some_and(|f| f.1 == fi);
        let mut prefix = if fi == 0 {
            "・".to_string()
        } else {
            "  ".to_string()
        };
        if fi == 0 && row.conflict() {
            prefix = format!("・{}", t(lang, Msg::ConflictMark));
        }
        // The main text needs no label; secondary fields (who, when, answer) do.
        if multi && !matches!(field.label, Msg::FieldText | Msg::FieldValue) {
            prefix.push_str(&format!("{}: ", t(lang, field.label)));
        }
        let prefix_style = if fi == 0 && row.conflict() {
            theme.warning
        } else if multi {
            theme.muted
        } else {
            card_style
        };
        let style = if this {
            card_style.add_modifier(Modifier::BOLD)
        } else {
            card_style
        };
        if let FieldKind::Choice(_) = field.kind {
            let value = choice_label(
                field.kind,
                row.fields.get(fi).map_or("", String::as_str),
                lang,
            );
            let style = if this { theme.selection } else { style };
            c.pieces.push(Piece::Choice(Line::from(vec![
                Span::styled(prefix, prefix_style),
                Span::styled(format!("[{value}]"), style),
            ])));
            continue;
        }
        let (lines, cursor) = field_text(s, row, fi, this);
        let empty_field = lines.iter().all(|l| l.is_empty());
        // Empty secondary fields take no room unless focused.
        if fi > 0 && empty_field && !this {
            continue;
        }
        let placeholder =
            (this || (fi == 0 && c.focused)).then_some((t(lang, Msg::TypeHere), theme.muted));
        let look = c.looks.len();
        c.looks.push(Look {
            prefix,
            prefix_style,
            style,
            placeholder,
            focused_row: c.focused,
        });
        for (i, text) in lines.into_iter().enumerate() {
            c.pieces.push(Piece::Text {
                look,
                text,
                first: i == 0,
                empty_field,
                cursor: cursor.filter(|c| c.0 == i).map(|c| c.1),
            });
        }
    }
    c
}

/// The lines of a list of cards in view in `h` rows, the focused card's cursor (else its last
/// line) kept in view as [`super::board::in_view`] keeps it.
pub(super) fn cards(
    app: &App,
    list: &List,
    focus: Option<(usize, usize)>,
    s: &Session,
    width: usize,
    h: usize,
) -> Vec<Out> {
    let n = list.rows.len();
    let focused = focus.map(|f| f.0).filter(|&r| r < n).map(|fr| {
        let c = card(app, list, focus, s, fr);
        (fr, c)
    });
    let Some((fr, focused)) = focused.filter(|(_, c)| !c.pieces.is_empty()) else {
        // Nothing focused here: from the list's start.
        let mut out = Vec::new();
        'cards: for ri in 0..n {
            let c = card(app, list, focus, s, ri);
            for i in 0..c.pieces.len() {
                if out.len() >= h {
                    break 'cards;
                }
                out.extend(c.lines(i, width, Rows::First(h - out.len())).0);
            }
        }
        out.truncate(h);
        return out;
    };
    // The piece the view is anchored on: the cursor's paragraph, else the card's last piece.
    let at = focused
        .pieces
        .iter()
        .position(|p| {
            matches!(
                p,
                Piece::Text {
                    cursor: Some(_),
                    ..
                }
            )
        })
        .unwrap_or(focused.pieces.len() - 1);
    // Only the lines that can show: up to `h` either side of the anchor (a paragraph of
    // 50 KB is wrapped no further than that, `rewrap`).
    let (middle, skipped) = focused.lines(at, width, Rows::Around(h));
    let anchor = middle
        .iter()
        .position(|o| o.cursor.is_some())
        .unwrap_or(middle.len().saturating_sub(1));
    // Back from the anchor until `h` lines are above it (more can never show) or the list's
    // start, noting where the focused card starts.
    let mut above: Vec<Vec<Out>> = Vec::new();
    let mut count = anchor;
    let mut card_start = (at == 0 && skipped == 0).then_some(anchor);
    let mut at_start = skipped == 0;
    'back: for ri in (0..=fr).rev() {
        if !at_start || (count >= h && ri < fr) {
            at_start = false;
            break;
        }
        let other;
        let (c, upto) = if ri == fr {
            (&focused, at)
        } else {
            other = card(app, list, focus, s, ri);
            let k = other.pieces.len();
            (&other, k)
        };
        for i in (0..upto).rev() {
            if count >= h {
                at_start = false;
                break 'back;
            }
            let (lines, left_out) = c.lines(i, width, Rows::Last(h - count));
            count += lines.len();
            above.push(lines);
            if left_out > 0 {
                // This paragraph starts further up than can show.
                at_start = false;
                break 'back;
            }
            if ri == fr && i == 0 {
                card_start = Some(count);
            }
        }
    }
    // On from the anchor until `h` lines are below it or the list's end.
    let mut below: Vec<Out> = Vec::new();
    let mut after = middle.len() - anchor - 1;
    'on: for ri in fr..n {
        if after >= h {
            break;
        }
        let other;
        let (c, from) = if ri == fr {
            (&focused, at + 1)
        } else {
            other = card(app, list, focus, s, ri);
            (&other, 0)
        };
        for i in from..c.pieces.len() {
            if after >= h {
                break 'on;
            }
            let (lines, _) = c.lines(i, width, Rows::First(h - after));
            after += lines.len();
            below.extend(lines);
        }
    }
    let mut window: Vec<Out> = above.into_iter().rev().flatten().collect();
    let anchor = window.len() + anchor;
    window.extend(middle);
    window.extend(below);
    // Where the window starts in the whole list: exactly, from its start; else anything at
    // least `h`, which scrolls the same (the anchor then is `h` or more lines down either way).
    let offset = if at_start { 0 } else { h };
    // The focused card's first line, or (when it starts above the window, `h` or more lines
    // above the anchor) one before the window, which likewise scrolls the same.
    let first = card_start.map_or(offset.saturating_sub(1), |lines_to_anchor| {
        offset + anchor - lines_to_anchor
    });
    let top = scroll_top(Some(offset + anchor), Some(first), None, h) - offset;
    window.into_iter().skip(top).take(h).collect()
}

#[cfg(test)]
pub(super) mod tests {
    use super::super::board::in_view;
    use super::*;
    use crate::agenda::FakeClock;
    use crate::app::{Screen, Settings};
    use crate::board::session::Focus;
    use crate::domain::Board;
    use crate::i18n::Lang;
    use crate::store::{self, NoteKind, cards as store_cards, conferences};
    use chrono::TimeZone;
    use std::cell::Cell;
    use std::sync::Arc;

    thread_local! {
        /// Paragraphs wrapped on this thread: the work a frame does.
        pub(super) static WRAPPED: Cell<usize> = const { Cell::new(0) };
    }

    /// A meeting on the assessment board whose case-ness list has cards of many lengths, some
    /// of many paragraphs, one long card of `long` paragraphs at row 11 and (unless `long` is
    /// 0) one of a single long paragraph at row 0, the list's first.
    pub(crate) fn app_with_cards(n: usize, long: usize) -> App {
        let conn = store::open_memory().unwrap();
        let new = store::NewConference {
            case_label: "A氏".into(),
            title: "t".into(),
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap(),
            venue: String::new(),
            facilitator: String::new(),
            purpose: String::new(),
            lang: "ja".into(),
        };
        let id =
            conferences::create(&conn, &new, &crate::config::agenda::default_agenda()).unwrap();
        for i in 0..n {
            let len = (i * 37) % 260;
            let mut body: String = "家賃を滞納 rent was not paid。"
                .chars()
                .cycle()
                .take(len)
                .collect();
            if i % 5 == 1 {
                body.push_str("\n\n二行目");
            }
            if i == 0 && long > 0 {
                // A pasted record: one paragraph of 4.5 KB, no line break.
                body = "本人は通所を再開 ok。".repeat(150);
            }
            if i == 11 {
                body = (0..long)
                    .map(|p| "通所を再開 ok。".repeat(p % 7))
                    .collect::<Vec<_>>()
                    .join("\n");
            }
            let label = if i % 3 == 0 { "本人" } else { "" };
            store_cards::add_note(&conn, id, NoteKind::CaseNess, &body, label).unwrap();
        }
        let at = chrono::Utc
            .with_ymd_and_hms(2026, 11, 21, 4, 30, 0)
            .unwrap();
        let settings = Settings {
            lang: Lang::Ja,
            theme: crate::config::theme::default_theme(),
            no_color: false,
            tz: chrono::FixedOffset::east_opt(9 * 3600).unwrap(),
            config_dir: None,
        };
        let mut app = App::new(conn, Arc::new(FakeClock::new(at)), settings).unwrap();
        app.open_conference(id).unwrap();
        app
    }

    /// Every card wrapped whole and scrolled: what [`cards`] must show.
    fn whole(
        app: &App,
        list: &List,
        focus: Option<(usize, usize)>,
        s: &Session,
        width: usize,
        h: usize,
    ) -> Vec<Out> {
        let mut all = Vec::new();
        for ri in 0..list.rows.len() {
            let c = card(app, list, focus, s, ri);
            for i in 0..c.pieces.len() {
                all.extend(c.lines(i, width, Rows::All).0);
            }
        }
        if focus.is_none() {
            all.truncate(h);
            return all;
        }
        in_view(all, h)
    }

    fn same(a: &[Out], b: &[Out]) -> bool {
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|(x, y)| x.line == y.line && x.cursor == y.cursor && x.focused == y.focused)
    }

    /// Laying out only the paragraphs around the cursor shows exactly what laying out every
    /// card and scrolling shows, wherever the focus and cursor are: on short cards, on a card
    /// of 60 paragraphs (cursor at its start, in a middle paragraph, at its end), on a card of
    /// one long paragraph (at its start, middle and end) and on the cards below and above
    /// them.
    #[test]
    fn windowed_cards_match_the_whole_list() {
        let mut app = app_with_cards(23, 60);
        for row in 0..23 {
            for field in 0..2 {
                for to in [(0, 0), (30, 4), (0, 900), (usize::MAX, usize::MAX)] {
                    if let Screen::Meeting(m) = &mut app.screen {
                        m.session.restore_focus(
                            Focus {
                                board: Board::Assessment,
                                list: 0,
                                row,
                                field,
                            },
                            false,
                        );
                        m.session.editor.jump(to.0, to.1);
                    }
                    let m = app.meeting().unwrap();
                    let s = &m.session;
                    let list = &s.lists()[0];
                    let focus = Some((s.focus.row, s.focus.field));
                    for width in [6, 17, 40] {
                        for h in 1..40 {
                            let window = cards(&app, list, focus, s, width, h);
                            assert!(
                                same(&whole(&app, list, focus, s, width, h), &window),
                                "row {row} field {field} cursor {to:?} width {width} height {h}"
                            );
                        }
                    }
                    // A list that is not focused shows from its start.
                    for h in [1, 5, 30] {
                        let window = cards(&app, list, None, s, 17, h);
                        assert!(same(&whole(&app, list, None, s, 17, h), &window));
                    }
                }
            }
        }
    }

    /// A key on a card of 2,000 paragraphs lays out a few screens of lines, not the card: the
    /// frame's work is bounded by the view (counted by the paragraphs wrapped).
    #[test]
    fn a_long_card_is_laid_out_only_around_the_cursor() {
        let mut app = app_with_cards(14, 2000);
        if let Screen::Meeting(m) = &mut app.screen {
            m.session.restore_focus(
                Focus {
                    board: Board::Assessment,
                    list: 0,
                    row: 11,
                    field: 0,
                },
                false,
            );
            m.session.editor.jump(1000, 3);
        }
        let m = app.meeting().unwrap();
        let s = &m.session;
        let list = &s.lists()[0];
        let focus = Some((11, 0));
        let h = 30;
        WRAPPED.with(|n| n.set(0));
        let view = cards(&app, list, focus, s, 40, h);
        let wrapped = WRAPPED.with(Cell::get);
        // Every paragraph makes at least one line: 2h lines need at most 2h paragraphs, plus
        // the cursor's own.
        assert!(wrapped <= 2 * h + 1, "{wrapped} paragraphs wrapped");
        WRAPPED.with(|n| n.set(0));
        let all = whole(&app, list, focus, s, 40, h);
        assert!(WRAPPED.with(Cell::get) > 2000);
        assert_eq!(view.len(), h);
        // The cursor's line is the view's last (the card is far longer than the view).
        assert_eq!(view.iter().position(|o| o.cursor.is_some()), Some(h - 1));
        assert!(same(&view, &all));
    }
}
