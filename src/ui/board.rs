//! The board region: tabs for the phase's boards, then the focused board's lists side by side
//! as cards, tables or forms. The focused field shows the editor's text and the terminal's
//! real cursor sits at the text cursor, so an IME's candidate window opens where one types.

use super::cards::{Look, cards, field_text, wrapped};
use super::wrap::char_width;
use crate::app::{App, Meeting};
use crate::board::{FieldKind, Layout as ListLayout, List, ListKind};
use crate::domain::Board;
use crate::i18n::{Lang, Msg, t};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

/// A line of the board with the place of the cursor on it, if the cursor is there.
pub(super) struct Out {
    pub(super) line: Line<'static>,
    /// Column of the cursor on this line (relative to the list's area).
    pub(super) cursor: Option<u16>,
    /// This line belongs to the focused row (to keep it in view).
    pub(super) focused: bool,
}

/// The first line shown so the cursor (else the end of the focused row) is in view, and the
/// whole focused row when it fits: `first` and `last` are the focused row's first and last line.
pub(super) fn scroll_top(
    cursor: Option<usize>,
    first: Option<usize>,
    last: Option<usize>,
    h: usize,
) -> usize {
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
pub(super) fn in_view(out: Vec<Out>, h: usize) -> Vec<Out> {
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
    set_lines(
        frame.buffer_mut(),
        body,
        theme.text,
        visible.into_iter().map(|o| o.line),
    );
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

/// Lines already wrapped to `area`'s width, one per row from its top, on `style`: what a
/// `Paragraph` of them draws, without its line composer, which measured every character again
/// (a third of a keystroke's instructions in callgrind of `benches/keystroke.rs`).
fn set_lines<'a>(
    buf: &mut ratatui::buffer::Buffer,
    area: Rect,
    style: ratatui::style::Style,
    lines: impl Iterator<Item = Line<'a>>,
) {
    use ratatui::buffer::CellWidth;
    buf.set_style(area, style);
    for (y, line) in (area.top()..area.bottom()).zip(lines) {
        if matches!(
            line.alignment,
            Some(ratatui::layout::Alignment::Center | ratatui::layout::Alignment::Right)
        ) {
            ratatui::widgets::Widget::render(
                Paragraph::new(line),
                Rect::new(area.x, y, area.width, 1),
                buf,
            );
            continue;
        }
        // As the paragraph's truncating composer and its line renderer do: a character wider
        // than the whole area is left out, the line ends at the first that does not fit, and
        // the cells a wide character hides keep the area's style.
        let mut x = 0u16;
        for g in line.styled_graphemes(ratatui::style::Style::default()) {
            let w = g.symbol.cell_width();
            if w > area.width {
                continue;
            }
            if x + w > area.width {
                break;
            }
            if w == 0 {
                continue;
            }
            buf[(area.x + x, y)].set_symbol(g.symbol).set_style(g.style);
            x += w;
        }
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
        let look = Look {
            prefix: caption,
            prefix_style: theme.muted,
            style,
            placeholder,
            focused_row: this,
        };
        wrapped(&mut out, &look, &lines, cursor, width);
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
    use crate::app::Screen;
    use crate::board::session::Focus;
    use chrono::TimeZone;
    use std::sync::Arc;

    #[test]
    fn set_lines_draws_what_a_paragraph_draws() {
        use ratatui::buffer::Buffer;
        use ratatui::style::{Color, Modifier, Style};
        use ratatui::text::Span;
        use ratatui::widgets::Widget;
        let base = Style::default().fg(Color::White).bg(Color::Black);
        let lines = || {
            vec![
                Line::from(vec![
                    Span::styled("・", Style::default().fg(Color::Yellow)),
                    Span::raw("本人の話では来週から通所を再開する予定。"),
                ]),
                Line::styled(
                    "  家主には生活支援課から連絡する。 ok",
                    Style::default()
                        .bg(Color::Blue)
                        .add_modifier(Modifier::BOLD),
                ),
                Line::raw(""),
                Line::from(vec![
                    Span::raw("ab😀ｃ"),
                    Span::styled("事例性", Style::default().add_modifier(Modifier::REVERSED)),
                ]),
                // Wider than the area: cut at its edge, half a kanji included.
                Line::raw("夜間に大声を出すことがあり、近隣から民生委員に相談が入った。"),
                Line::raw("中央").centered(),
                Line::raw("not shown: below the area"),
            ]
        };
        for width in [9u16, 10, 24, 40] {
            let area = Rect::new(3, 1, width, 6);
            let mut expected = Buffer::empty(Rect::new(0, 0, 50, 8));
            Paragraph::new(lines())
                .style(base)
                .render(area, &mut expected);
            let mut buf = Buffer::empty(Rect::new(0, 0, 50, 8));
            set_lines(&mut buf, area, base, lines().into_iter());
            assert_eq!(buf, expected, "width {width}");
        }
    }

    /// A meeting on the assessment board whose case-ness list has cards of many lengths.
    fn app_with_cards(n: usize) -> App {
        super::super::cards::tests::app_with_cards(n, 0)
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
}
