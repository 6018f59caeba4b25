//! The board region: tabs for the phase's boards, then the focused board's lists side by side
//! as cards, tables or forms. The focused field shows the editor's text and the terminal's
//! real cursor sits at the text cursor, so an IME's candidate window opens where one types.

use super::wrap::{Piece, char_width, cursor_position, piece_text, wrap};
use crate::app::{App, Meeting};
use crate::board::{FieldKind, Layout as ListLayout, List, ListKind, Row};
use crate::domain::Board;
use crate::i18n::{Lang, Msg, t};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

/// A line of the board with the place of the cursor on it, if the cursor is there.
struct Out {
    line: Line<'static>,
    /// Column of the cursor on this line (relative to the list's area).
    cursor: Option<u16>,
    /// This line belongs to the focused row (to keep it in view).
    focused: bool,
}

/// Which lines of a row to build in full (row-relative indices `from..to`). The others are
/// placeholders that keep only their place, cursor and focus, so the scrolling can be worked out
/// without building text that is not in view.
#[derive(Debug, Clone, Copy)]
struct Keep {
    from: usize,
    to: usize,
}

impl Keep {
    const ALL: Keep = Keep {
        from: 0,
        to: usize::MAX,
    };
    const NONE: Keep = Keep { from: 0, to: 0 };

    fn has(self, i: usize) -> bool {
        (self.from..self.to).contains(&i)
    }
}

/// The first line shown so the cursor (else the end of the focused row) is in view, and the
/// whole focused row when it fits: `first` and `last` are the focused row's first and last line.
fn scroll_top(cursor: Option<usize>, first: Option<usize>, last: Option<usize>, h: usize) -> usize {
    let mut top = 0usize;
    if let Some(last) = cursor.or(last) {
        if last >= h {
            top = last + 1 - h;
        }
        if let Some(first) = first
            && first < top
            && last - first < h
        {
            top = first;
        }
    }
    top
}

/// The lines of `out` in view in `h` rows.
fn in_view(out: Vec<Out>, h: usize) -> Vec<Out> {
    let top = scroll_top(
        out.iter().position(|o| o.cursor.is_some()),
        out.iter().position(|o| o.focused),
        out.iter().rposition(|o| o.focused),
        h,
    );
    out.into_iter().skip(top).take(h).collect()
}

pub fn draw(frame: &mut Frame, app: &App, m: &Meeting, area: Rect) {
    let theme = app.theme();
    let lang = app.lang;
    let s = &m.session;
    let focus = s.focus;
    // Tabs: the phase's boards, plus the focused board if it is another phase's.
    let mut tabs = m.phase_boards();
    if !tabs.contains(&focus.board) {
        tabs.push(focus.board);
    }
    let mut spans = vec![Span::styled(
        format!(" {} ", t(lang, Msg::Board)),
        theme.muted,
    )];
    for b in &tabs {
        let style = if *b == focus.board {
            theme.selection
        } else {
            theme.muted
        };
        spans.push(Span::styled(
            format!(" {} ", lang.pick(b.title_ja(), b.title_en())),
            style,
        ));
        spans.push(Span::raw(" "));
    }
    let save = match s.save_mark() {
        crate::board::session::SaveMark::Saved => (Msg::Saved, theme.ok),
        crate::board::session::SaveMark::Saving => (Msg::SaveSaving, theme.muted),
        crate::board::session::SaveMark::Failed => (Msg::SaveError, theme.error),
    };
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(theme.border)
        .title(Line::from(spans))
        .title(Line::styled(format!(" [{}] ", t(lang, save.0)), save.1).right_aligned());
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let lists = s.lists();
    if lists.is_empty() || inner.width < 4 || inner.height < 2 {
        return;
    }
    // A table beside cards (the review of last meeting's actions beside its direction) gets
    // most of the width; lists of one kind share it equally. Where that leaves the table too
    // narrow to read, the cards go under it instead.
    let mixed = lists.iter().any(|l| l.spec.layout == ListLayout::Table) && lists.len() > 1;
    if mixed && (inner.width as usize) < STACK_BELOW {
        let rows = Layout::vertical(lists.iter().map(|l| {
            if l.spec.layout == ListLayout::Table {
                Constraint::Min(3)
            } else {
                // Its title and a few lines: it is there for reference.
                let lines: usize = l.rows.iter().map(|r| r.fields.len().max(1)).sum();
                Constraint::Length(1 + lines.clamp(1, 3) as u16)
            }
        }))
        .split(inner);
        for (li, (list, row)) in lists.iter().zip(rows.iter()).enumerate() {
            draw_list(frame, app, m, focus.board, li, list, *row, li == focus.list);
        }
        return;
    }
    let weight = |l: &List| -> u32 {
        if mixed && l.spec.layout == ListLayout::Table {
            3
        } else {
            1
        }
    };
    let total: u32 = lists.iter().map(weight).sum();
    let columns = Layout::horizontal(lists.iter().map(|l| Constraint::Ratio(weight(l), total)))
        .spacing(1)
        .split(inner);
    for (li, (list, col)) in lists.iter().zip(columns.iter()).enumerate() {
        let focused_list = li == focus.list;
        draw_list(frame, app, m, focus.board, li, list, *col, focused_list);
    }
}

#[allow(clippy::too_many_arguments)]
fn draw_list(
    frame: &mut Frame,
    app: &App,
    m: &Meeting,
    board: Board,
    li: usize,
    list: &List,
    area: Rect,
    focused: bool,
) {
    let theme = app.theme();
    let lang = app.lang;
    let title_style = match list.spec.kind {
        ListKind::Notes {
            kind: crate::store::NoteKind::CaseNess,
            ..
        } => theme.column_case,
        ListKind::Notes {
            kind: crate::store::NoteKind::IllnessNess,
            ..
        } => theme.column_illness,
        _ => theme.title,
    };
    let title_style = if focused {
        title_style.add_modifier(Modifier::UNDERLINED)
    } else {
        title_style
    };
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    frame.render_widget(
        Paragraph::new(t(lang, list.spec.title)).style(title_style),
        head,
    );
    if body.height == 0 || body.width < 4 {
        return;
    }
    let s = &m.session;
    let focus = if focused && s.focus.board == board && s.focus.list == li {
        Some(s.focus)
    } else {
        None
    };
    let width = body.width as usize;
    // Scrolled so the focused row (and the cursor) are in view.
    let h = body.height as usize;
    let visible = match list.spec.layout {
        // The review of last meeting's actions has more fields than columns fit on a narrow
        // screen: each action is stacked on a few lines instead.
        ListLayout::Table if list.spec.kind == ListKind::Carried && width < STACK_ROWS_BELOW => {
            in_view(
                stacked(app, list, focus.map(|f| (f.row, f.field)), s, width),
                h,
            )
        }
        ListLayout::Cards => cards(app, list, focus.map(|f| (f.row, f.field)), s, width, h),
        ListLayout::Table => in_view(
            table(app, list, focus.map(|f| (f.row, f.field)), s, width),
            h,
        ),
        ListLayout::Form => in_view(form(app, list, focus.map(|f| f.row), s, width), h),
    };
    // A board with room to spare (a projector-sized screen, few cards yet) spaces its cards
    // with a blank line, so the room's whiteboard is not a few small lines at the top.
    let visible = if list.spec.layout == ListLayout::Cards && visible.len() * 2 <= h {
        spaced(visible)
    } else {
        visible
    };
    let cursor = visible
        .iter()
        .enumerate()
        .find_map(|(y, o)| o.cursor.map(|x| (y, x)));
    let lines: Vec<Line> = visible.into_iter().map(|o| o.line).collect();
    frame.render_widget(Paragraph::new(lines).style(theme.text), body);
    if app.overlay == crate::app::Overlay::None
        && !app.read_only
        && let Some((y, x)) = cursor
    {
        let x = (body.x + x).min(body.right().saturating_sub(1));
        let pos = Position::new(x, body.y + y as u16);
        frame.set_cursor_position(pos);
        suggestions(frame, app, pos, area);
    }
}

/// A blank line before every card but the first (a card's first line starts with its bullet).
fn spaced(lines: Vec<Out>) -> Vec<Out> {
    let mut out = Vec::with_capacity(lines.len() * 2);
    for (i, o) in lines.into_iter().enumerate() {
        let starts_card = o
            .line
            .spans
            .first()
            .is_some_and(|s| s.content.starts_with('・'));
        if i > 0 && starts_card {
            out.push(Out {
                line: Line::default(),
                cursor: None,
                focused: false,
            });
        }
        out.push(o);
    }
    out
}

/// The focused field's text and cursor (line, column) when this is the focused field.
fn field_text<'a>(
    s: &'a crate::board::session::Session,
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

pub(super) fn choice_label(kind: FieldKind, value: &str, lang: Lang) -> String {
    if let FieldKind::Choice(values) = kind {
        values
            .iter()
            .find(|(k, _)| *k == value)
            .map_or(String::new(), |(_, msg)| t(lang, *msg).to_string())
    } else {
        value.to_string()
    }
}

/// Wrapped text as lines, with `prefix` on the first line and indentation after it. Only the
/// lines of `out` that `keep` has are built in full.
#[allow(clippy::too_many_arguments)]
fn wrapped(
    out: &mut Vec<Out>,
    prefix: &str,
    prefix_style: Style,
    lines: &[&str],
    cursor: Option<(usize, usize)>,
    width: usize,
    style: Style,
    placeholder: Option<(&str, Style)>,
    focused_row: bool,
    keep: Keep,
) {
    let indent = prefix.width();
    let avail = width.saturating_sub(indent).max(2);
    let empty = lines.iter().all(|l| l.is_empty());
    let pieces: Vec<Piece> = wrap(lines, avail);
    let cur = cursor.map(|(l, c)| {
        let (row, col) = cursor_position(lines, &pieces, l, c);
        // A cursor past the right edge goes to the start of the next screen line.
        if col >= avail {
            (row + 1, 0)
        } else {
            (row, col)
        }
    });
    let rows = pieces.len().max(cur.map_or(0, |c| c.0 + 1));
    for r in 0..rows {
        let cursor = cur.filter(|c| c.0 == r).map(|c| (indent + c.1) as u16);
        if !keep.has(out.len()) {
            out.push(Out {
                line: Line::default(),
                cursor,
                focused: focused_row,
            });
            continue;
        }
        let mut spans = Vec::new();
        if r == 0 {
            spans.push(Span::styled(prefix.to_string(), prefix_style));
        } else {
            spans.push(Span::raw(" ".repeat(indent)));
        }
        match (empty, placeholder) {
            (true, Some((ph, ph_style))) if r == 0 => {
                spans.push(Span::styled(ph.to_string(), ph_style))
            }
            _ => {
                let text = pieces
                    .get(r)
                    .map(|p| piece_text(lines, *p))
                    .unwrap_or_default();
                spans.push(Span::styled(text, style));
            }
        }
        out.push(Out {
            line: Line::from(spans),
            cursor,
            focused: focused_row,
        });
    }
}

/// The lines of a list of cards in view in `h` rows: what [`in_view`] keeps of all the cards'
/// lines, with only the cards around the focused one laid out (a list can hold thousands) and
/// only the lines in view built.
fn cards(
    app: &App,
    list: &List,
    focus: Option<(usize, usize)>,
    s: &crate::board::session::Session,
    width: usize,
    h: usize,
) -> Vec<Out> {
    let n = list.rows.len();
    let row = |ri: usize, keep: Keep| card_row(app, list, focus, s, width, ri, keep);
    let from_start = || {
        let mut out = Vec::new();
        for ri in 0..n {
            if out.len() >= h {
                break;
            }
            out.extend(row(ri, Keep::ALL));
        }
        out.truncate(h);
        out
    };
    let Some(fr) = focus.map(|f| f.0).filter(|&r| r < n) else {
        return from_start();
    };
    // The focused card, built whole (it is laid out anyway): how many lines, and the cursor's
    // among them.
    let focused = row(fr, Keep::ALL);
    let Some(last) = focused.len().checked_sub(1) else {
        return from_start();
    };
    let cursor = focused.iter().position(|o| o.cursor.is_some());
    // The cards above it, counted back to the list's start, or until they fill the view: lines
    // further up can never show, and `f` (where the focused card starts) is then a lower bound
    // that scrolls the same.
    let mut above: Vec<(usize, usize)> = Vec::new();
    let mut f = 0usize;
    for ri in (0..fr).rev() {
        if f >= h {
            break;
        }
        let lines = row(ri, Keep::NONE).len();
        f += lines;
        above.push((ri, lines));
    }
    let top = scroll_top(cursor.map(|c| f + c), Some(f), Some(f + last), h);
    // The view, relative to the focused card's first line.
    let start = top as isize - f as isize;
    let end = start + h as isize;
    let mut out = Vec::with_capacity(h);
    // The lines in view of a card starting at `at`.
    let keep_at = |at: isize| Keep {
        from: (start - at).max(0) as usize,
        to: (end - at).max(0) as usize,
    };
    let push = |lines: Vec<Out>, keep: Keep, out: &mut Vec<Out>| {
        let len = lines.len();
        out.extend(
            lines
                .into_iter()
                .enumerate()
                .filter(|(i, _)| keep.has(*i))
                .map(|(_, o)| o),
        );
        len as isize
    };
    let mut at = -(f as isize);
    for &(ri, lines) in above.iter().rev() {
        if at + lines as isize > start {
            push(row(ri, keep_at(at)), keep_at(at), &mut out);
        }
        at += lines as isize;
    }
    let mut focused = Some(focused);
    for ri in fr..n {
        if at >= end {
            break;
        }
        let keep = keep_at(at);
        let lines = focused.take().unwrap_or_else(|| row(ri, keep));
        at += push(lines, keep, &mut out);
    }
    out
}

/// The lines of card `ri`; those `keep` has are built in full.
fn card_row(
    app: &App,
    list: &List,
    focus: Option<(usize, usize)>,
    s: &crate::board::session::Session,
    width: usize,
    ri: usize,
    keep: Keep,
) -> Vec<Out> {
    let theme = app.theme();
    let lang = app.lang;
    let mut out = Vec::new();
    let multi = list.spec.fields.len() > 1;
    if let Some(row) = list.rows.get(ri) {
        let row_focused = focus.is_some_and(|f| f.0 == ri);
        let card_style = if row_focused {
            theme.card_selected
        } else {
            theme.card
        };
        for (fi, field) in list.spec.fields.iter().enumerate() {
            let this = row_focused && focus.is_some_and(|f| f.1 == fi);
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
                let line = if keep.has(out.len()) {
                    Line::from(vec![
                        Span::styled(prefix, prefix_style),
                        Span::styled(format!("[{value}]"), style),
                    ])
                } else {
                    Line::default()
                };
                out.push(Out {
                    line,
                    cursor: None,
                    focused: row_focused,
                });
                continue;
            }
            let (lines, cursor) = field_text(s, row, fi, this);
            let empty = lines.iter().all(|l| l.is_empty());
            // Empty secondary fields take no room unless focused.
            if fi > 0 && empty && !this {
                continue;
            }
            let placeholder =
                (this || (fi == 0 && row_focused)).then_some((t(lang, Msg::TypeHere), theme.muted));
            wrapped(
                &mut out,
                &prefix,
                prefix_style,
                &lines,
                cursor,
                width,
                style,
                placeholder,
                row_focused,
                keep,
            );
        }
    }
    out
}

fn fit(text: &str, width: usize) -> String {
    let mut w = 0;
    let mut s = String::new();
    for c in text.chars() {
        let cw = char_width(c);
        if w + cw > width {
            break;
        }
        w += cw;
        s.push(c);
    }
    s.push_str(&" ".repeat(width.saturating_sub(w)));
    s
}

/// The part of `text` around char column `col` that fits `width`, and the cursor's column in it.
fn scrolled(text: &str, col: usize, width: usize) -> (String, usize) {
    let chars: Vec<char> = text.chars().collect();
    let mut start = 0;
    let widths: Vec<usize> = chars.iter().map(|c| char_width(*c)).collect();
    let width = width.max(2);
    while widths[start..col.min(chars.len())].iter().sum::<usize>() >= width {
        start += 1;
    }
    let visible: String = chars[start..].iter().collect();
    let cursor = widths[start..col.min(chars.len())].iter().sum();
    (fit(&visible, width), cursor)
}

/// One cell of a table row, `w` columns wide at column `x`: a choice as its label in
/// brackets, the field being edited as the text around its cursor (whose column is put in
/// `cursor`), any other value cut to fit.
#[allow(clippy::too_many_arguments)]
fn table_cell(
    kind: Option<FieldKind>,
    value: &str,
    editing: bool,
    s: &crate::board::session::Session,
    w: usize,
    lang: Lang,
    x: usize,
    cursor: &mut Option<u16>,
) -> String {
    match kind {
        Some(kind @ FieldKind::Choice(_)) => {
            fit(&format!("[{}]", choice_label(kind, value, lang)), w)
        }
        _ if editing => {
            let text = s.editor.lines().join(" ");
            let (shown, col) = scrolled(&text, s.cursor_pos().1, w);
            *cursor = Some((x + col) as u16);
            shown
        }
        _ => fit(value, w),
    }
}

fn table(
    app: &App,
    list: &List,
    focus: Option<(usize, usize)>,
    s: &crate::board::session::Session,
    width: usize,
) -> Vec<Out> {
    let theme = app.theme();
    let lang = app.lang;
    let total: u16 = list
        .spec
        .fields
        .iter()
        .map(|f| f.weight)
        .sum::<u16>()
        .max(1);
    let n = list.spec.fields.len();
    let usable = width.saturating_sub(n.saturating_sub(1));
    let widths: Vec<usize> = list
        .spec
        .fields
        .iter()
        .map(|f| (usable * f.weight as usize / total as usize).max(2))
        .collect();
    let mut out = Vec::new();
    let header: Vec<Span> = list
        .spec
        .fields
        .iter()
        .zip(&widths)
        .map(|(f, w)| {
            Span::styled(
                format!("{} ", fit(t(lang, f.label), *w)),
                theme.muted.add_modifier(Modifier::UNDERLINED),
            )
        })
        .collect();
    out.push(Out {
        line: Line::from(header),
        cursor: None,
        focused: false,
    });
    for (ri, row) in list.rows.iter().enumerate() {
        let row_focused = focus.is_some_and(|f| f.0 == ri);
        let style = if row_focused {
            theme.card_selected
        } else {
            theme.card
        };
        let mut spans = Vec::new();
        let mut x = 0usize;
        let mut cursor = None;
        for (fi, (field, w)) in list.spec.fields.iter().zip(&widths).enumerate() {
            let this = row_focused && focus.is_some_and(|f| f.1 == fi);
            let value = row.fields.get(fi).map_or("", String::as_str);
            let cell = table_cell(Some(field.kind), value, this, s, *w, lang, x, &mut cursor);
            let cell_style = if this { active_cell(style) } else { style };
            spans.push(Span::styled(cell, cell_style));
            spans.push(Span::styled(" ", style));
            x += w + 1;
        }
        out.push(Out {
            line: Line::from(spans),
            cursor,
            focused: row_focused,
        });
    }
    out
}

/// Below this width (columns) cards beside a table go under it.
const STACK_BELOW: usize = 120;

/// Below this width the review of last meeting's actions is stacked: its seven columns would
/// cut the values short (a note, an agency's full name), even beside the direction at 160
/// columns.
const STACK_ROWS_BELOW: usize = 140;

/// The narrowest a value's cell gets in a stacked row (a date such as 2026-09-15 fits).
const STACK_MIN_CELL: usize = 10;

/// A table's rows stacked: the first field on a line of its own after a bullet, the second and
/// third on the next line, the rest on one line (two when they do not fit), each value after
/// its caption. Every value keeps a cell of its own, so the focused one shows its cursor.
fn stacked(
    app: &App,
    list: &List,
    focus: Option<(usize, usize)>,
    s: &crate::board::session::Session,
    width: usize,
) -> Vec<Out> {
    let theme = app.theme();
    let lang = app.lang;
    let fields = &list.spec.fields;
    let indent = 2usize;
    let gap = 2usize;
    let caption = |fi: usize| fields.get(fi).map_or("", |f| t(lang, f.label));
    // The lines of a row, as field indices.
    let mut groups: Vec<Vec<usize>> = vec![vec![0]];
    if fields.len() > 1 {
        groups.push((1..fields.len().min(3)).collect());
    }
    let rest: Vec<usize> = (3..fields.len()).collect();
    // What a text cell would like: its longest value (the one being typed included), so an
    // agency name gets the room a date does not need.
    let editing = focus.map(|(_, fi)| (fi, s.editor.lines().join(" ")));
    let wanted = |fi: usize| -> usize {
        let longest = list
            .rows
            .iter()
            .filter_map(|r| r.fields.get(fi))
            .map(|v| v.width())
            .chain(
                editing
                    .iter()
                    .filter(|(f, _)| *f == fi)
                    .map(|(_, v)| v.width()),
            )
            .max()
            .unwrap_or(0);
        (longest + 1).max(STACK_MIN_CELL)
    };
    let need = |g: &[usize]| -> usize {
        g.iter()
            .map(|fi| caption(*fi).width() + 1 + wanted(*fi))
            .sum::<usize>()
            + gap * g.len().saturating_sub(1)
    };
    if !rest.is_empty() {
        if indent + need(&rest) <= width {
            groups.push(rest);
        } else {
            for pair in rest.chunks(2) {
                groups.push(pair.to_vec());
            }
        }
    }
    // A choice's cell is as wide as its longest label; text cells share what is left.
    let choice_w = |fi: usize| -> Option<usize> {
        match fields.get(fi).map(|f| f.kind) {
            Some(kind @ FieldKind::Choice(values)) => Some(
                values
                    .iter()
                    .map(|(k, _)| choice_label(kind, k, lang).width() + 2)
                    .max()
                    .unwrap_or(4),
            ),
            _ => None,
        }
    };
    let cell_widths = |g: &[usize]| -> Vec<usize> {
        let start = if g.first() == Some(&0) { 2 } else { indent };
        let captions: usize = g
            .iter()
            .filter(|fi| **fi != 0)
            .map(|fi| caption(*fi).width() + 1)
            .sum();
        let fixed: usize = g.iter().filter_map(|fi| choice_w(*fi)).sum();
        let free = width.saturating_sub(start + captions + fixed + gap * g.len().saturating_sub(1));
        // Text cells get what they want and share what is left over; short of room, each
        // gets its share in proportion.
        let texts: Vec<usize> = g
            .iter()
            .filter(|fi| choice_w(**fi).is_none())
            .copied()
            .collect();
        let want: usize = texts.iter().map(|fi| wanted(*fi)).sum::<usize>().max(1);
        let spare = free.saturating_sub(want) / texts.len().max(1);
        g.iter()
            .map(|fi| {
                choice_w(*fi).unwrap_or_else(|| {
                    if want <= free {
                        wanted(*fi) + spare
                    } else {
                        (free * wanted(*fi) / want).max(2)
                    }
                })
            })
            .collect()
    };
    let mut out = Vec::new();
    for (ri, row) in list.rows.iter().enumerate() {
        let row_focused = focus.is_some_and(|f| f.0 == ri);
        let style = if row_focused {
            theme.card_selected
        } else {
            theme.card
        };
        for g in &groups {
            let widths = cell_widths(g);
            let first_line = g.first() == Some(&0);
            let mut spans = vec![Span::styled(
                if first_line { "・" } else { "  " }.to_string(),
                style,
            )];
            let mut x = 2usize;
            let mut cursor = None;
            for (k, (fi, w)) in g.iter().zip(&widths).enumerate() {
                if k > 0 {
                    spans.push(Span::styled(" ".repeat(gap), style));
                    x += gap;
                }
                if *fi != 0 {
                    let c = format!("{} ", caption(*fi));
                    x += c.width();
                    // On the focused row the caption stays on the row's band.
                    let caption_style = if row_focused { style } else { theme.muted };
                    spans.push(Span::styled(c, caption_style));
                }
                let this = row_focused && focus.is_some_and(|f| f.1 == *fi);
                let value = row.fields.get(*fi).map_or("", String::as_str);
                let kind = fields.get(*fi).map(|f| f.kind);
                let cell = table_cell(kind, value, this, s, *w, lang, x, &mut cursor);
                let cell_style = if this { active_cell(style) } else { style };
                spans.push(Span::styled(cell, cell_style));
                x += w;
            }
            out.push(Out {
                line: Line::from(spans),
                cursor,
                focused: row_focused,
            });
        }
    }
    out
}

fn form(
    app: &App,
    list: &List,
    focus: Option<usize>,
    s: &crate::board::session::Session,
    width: usize,
) -> Vec<Out> {
    let theme = app.theme();
    let lang = app.lang;
    let survey = list.spec.kind == ListKind::Survey;
    let cap_w = list
        .rows
        .iter()
        .map(|r| lang.pick(&r.caption.0, &r.caption.1).width())
        .max()
        .unwrap_or(0)
        .min(width * 2 / 5)
        + 1;
    let max_count = list
        .rows
        .iter()
        .filter_map(|r| r.fields.first()?.trim().parse::<u64>().ok())
        .max()
        .unwrap_or(0)
        .max(1);
    let mut out = Vec::new();
    for (ri, row) in list.rows.iter().enumerate() {
        let this = focus == Some(ri);
        let style = if this {
            theme.card_selected.add_modifier(Modifier::BOLD)
        } else {
            theme.card
        };
        let caption = fit(lang.pick(&row.caption.0, &row.caption.1), cap_w);
        let (lines, cursor) = field_text(s, row, 0, this);
        if survey {
            let count: u64 = lines.join("").trim().parse().unwrap_or(0);
            let (text, col) = scrolled(&lines.join(""), cursor.map_or(0, |c| c.1), 4);
            let bar_w = width.saturating_sub(cap_w + 6);
            let bar = (bar_w as u64 * count / max_count) as usize;
            // The bar is reversed spaces: block glyphs are ambiguous-width in Japanese terminals.
            out.push(Out {
                line: Line::from(vec![
                    Span::styled(caption, theme.text),
                    Span::styled(text, if this { theme.selection } else { style }),
                    Span::raw(" "),
                    Span::styled(
                        " ".repeat(bar),
                        theme.title.add_modifier(Modifier::REVERSED),
                    ),
                ]),
                cursor: this.then_some((cap_w + col) as u16),
                focused: this,
            });
            continue;
        }
        let placeholder = this.then_some((t(lang, Msg::TypeHere), theme.muted));
        wrapped(
            &mut out,
            &caption,
            theme.muted,
            &lines,
            cursor,
            width,
            style,
            placeholder,
            this,
            Keep::ALL,
        );
    }
    out
}

/// The field being typed in, inside a highlighted table row: the row's colours swapped and
/// underlined, so it stands out in every theme (mono included) and not only by the cursor.
fn active_cell(row: ratatui::style::Style) -> ratatui::style::Style {
    if row.add_modifier.contains(Modifier::REVERSED) {
        row.remove_modifier(Modifier::REVERSED)
            .add_modifier(Modifier::UNDERLINED)
    } else {
        row.add_modifier(Modifier::REVERSED | Modifier::UNDERLINED)
    }
}

/// Agency names matching what is typed, under the cursor. Alt+1 … Alt+5 takes one; anything
/// else leaves the typed text as it is, so none is highlighted as if it were the default.
fn suggestions(frame: &mut Frame, app: &App, pos: Position, area: Rect) {
    let Some(m) = app.meeting() else { return };
    let list = m.session.suggestions(&app.agencies);
    if list.is_empty() {
        return;
    }
    let theme = app.theme();
    let lines: Vec<Line> = list
        .iter()
        .enumerate()
        .map(|(i, a)| {
            Line::from(vec![
                Span::styled(format!(" Alt+{} ", i + 1), theme.key_hint),
                Span::styled(format!(" {}  {} ", a.ja, a.en), theme.popup),
            ])
        })
        .collect();
    let w = lines.iter().map(|l| l.width()).max().unwrap_or(10) as u16;
    let h = lines.len() as u16;
    let frame_area = frame.area();
    let y = if pos.y + 1 + h <= frame_area.bottom() {
        pos.y + 1
    } else {
        pos.y.saturating_sub(h)
    };
    let x = pos
        .x
        .min(frame_area.right().saturating_sub(w))
        .max(area.x.min(pos.x));
    let rect = Rect::new(x, y, w.min(frame_area.width), h).intersection(frame_area);
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).style(theme.popup), rect);
}

/// The chooser of every board (Ctrl+B).
pub(crate) fn chooser(frame: &mut Frame, app: &App, selected: usize, area: Rect) {
    let theme = app.theme();
    let lang = app.lang;
    let lines: Vec<Line> = Board::ALL
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let key = crate::app::keymap::list_key(i).unwrap_or(' ');
            let style = if i == selected {
                theme.selection
            } else {
                theme.popup
            };
            Line::styled(
                format!(" {key}  {}", lang.pick(b.title_ja(), b.title_en())),
                style,
            )
        })
        .collect();
    let rect = super::centered(area, 50, lines.len() as u16 + 2);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focus)
        .title(Span::styled(
            format!(" {} ", t(lang, Msg::BoardsTitle)),
            theme.title,
        ))
        .style(theme.popup);
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agenda::FakeClock;
    use crate::app::{Screen, Settings};
    use crate::board::session::Focus;
    use crate::store::{self, NoteKind, cards as store_cards, conferences};
    use chrono::TimeZone;
    use std::sync::Arc;

    /// A meeting on the assessment board whose case-ness list has cards of many lengths.
    fn app_with_cards(n: usize) -> App {
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

    fn same(a: &[Out], b: &[Out]) -> bool {
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|(x, y)| x.line == y.line && x.cursor == y.cursor && x.focused == y.focused)
    }

    /// The mark says 保存中 while a key waits to be saved and 保存済み from the tick that
    /// commits it: the mark tells the truth within one frame.
    #[test]
    fn the_save_mark_turns_saved_when_the_save_commits() {
        use crate::app::Action;
        use crate::board::session::{SaveMark, SaveState};
        let clock = Arc::new(FakeClock::new(
            chrono::Utc
                .with_ymd_and_hms(2026, 11, 21, 4, 30, 0)
                .unwrap(),
        ));
        let mut app = app_with_cards(1);
        app.clock = clock.clone();
        if let Screen::Meeting(m) = &mut app.screen {
            m.session.restore_focus(
                Focus {
                    board: Board::Assessment,
                    list: 0,
                    row: 0,
                    field: 0,
                },
                false,
            );
        }
        let mark = |app: &App| app.meeting().unwrap().session.save_mark();
        assert_eq!(mark(&app), SaveMark::Saved);
        app.update(Action::Type('a'));
        assert_eq!(mark(&app), SaveMark::Saving);
        let revision = app.revision();
        let wait = app.ms_to_next_change();
        assert!(wait <= 100, "woken for the save: {wait}");
        clock.advance(chrono::TimeDelta::milliseconds(wait));
        app.update(Action::Tick);
        let s = &app.meeting().unwrap().session;
        assert_eq!(s.save_state, SaveState::Saved, "saved");
        assert_eq!(
            mark(&app),
            SaveMark::Saved,
            "保存済み as soon as it is saved"
        );
        assert_ne!(
            app.revision(),
            revision,
            "the save is a new revision: the board is painted again with 保存済み"
        );
    }

    /// Every board in the chooser (Ctrl+B) is shown with a key, and that key picks it.
    #[test]
    fn every_board_in_the_chooser_has_the_key_that_picks_it() {
        use crate::app::Action;
        use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
        let mut app = app_with_cards(1);
        app.update(Action::OpenBoards);
        let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).unwrap();
        let buf = t.draw(|f| crate::ui::draw(f, &app)).unwrap().buffer.clone();
        // Each row without blanks (a wide character's second cell is one): "│1開会│".
        let rows: Vec<String> = (0..buf.area.height)
            .map(|y| {
                (0..buf.area.width)
                    .map(|x| buf[(x, y)].symbol())
                    .collect::<String>()
                    .replace(' ', "")
            })
            .collect();
        for (i, board) in Board::ALL.iter().enumerate() {
            let title = board.title_ja().replace(' ', "");
            let row = rows
                .iter()
                .find(|r| r.contains(&format!("{title}│")))
                .unwrap_or_else(|| panic!("{title} is listed"));
            let before = &row[..row.find(&format!("{title}│")).unwrap_or(0)];
            let shown = before.chars().last().unwrap_or(' ');
            assert!(shown.is_ascii_alphanumeric(), "{title} has a key: {row}");
            let key = Event::Key(KeyEvent::new(KeyCode::Char(shown), KeyModifiers::NONE));
            assert_eq!(
                crate::app::keys::action_for(&app, &key),
                Some(Action::BoardsTo(i)),
                "{shown} picks {title}"
            );
        }
    }

    /// Laying out only the cards around the focused one shows exactly what laying out every
    /// card and scrolling shows, wherever the focus and cursor are.
    #[test]
    fn windowed_cards_match_the_whole_list() {
        let mut app = app_with_cards(23);
        for row in 0..23 {
            for field in 0..2 {
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
                    // The cursor at the start, the middle and the end of the text.
                    let to = [(0, 0), (usize::MAX, usize::MAX)][row % 2];
                    m.session.editor.jump(to.0, to.1);
                }
                let m = app.meeting().unwrap();
                let s = &m.session;
                let list = &s.lists()[0];
                let focus = Some((s.focus.row, s.focus.field));
                for width in [6, 17, 40] {
                    let all: Vec<Out> = (0..list.rows.len())
                        .flat_map(|ri| card_row(&app, list, focus, s, width, ri, Keep::ALL))
                        .collect();
                    for h in 1..40 {
                        let whole = in_view(
                            (0..list.rows.len())
                                .flat_map(|ri| card_row(&app, list, focus, s, width, ri, Keep::ALL))
                                .collect(),
                            h,
                        );
                        let window = cards(&app, list, focus, s, width, h);
                        assert!(
                            same(&whole, &window),
                            "row {row} field {field} width {width} height {h} ({} lines)",
                            all.len()
                        );
                    }
                }
                // A list that is not focused shows from its start.
                for h in [1, 5, 30] {
                    let whole = in_view(
                        (0..list.rows.len())
                            .flat_map(|ri| card_row(&app, list, None, s, 17, ri, Keep::ALL))
                            .collect(),
                        h,
                    );
                    assert!(same(&whole, &cards(&app, list, None, s, 17, h)));
                }
            }
        }
    }
}
