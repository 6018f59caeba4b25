//! The projector view (`caseconf present ID`): the room's screen, as large as the terminal
//! allows. The phase strip, the phase and the meeting's time left, a clock panel across the
//! whole width, and the current board's text with room between the cards; no editing footer,
//! no focus highlight, only the keys that work here.

use super::bigclock::BigClock;
use super::kinsoku::wrap_kinsoku;
use super::meeting::{Around, clock_face, header_view, meeting_line, strip_view};
use super::{board::choice_label, fit_width};
use crate::agenda::RunState;
use crate::app::{App, Meeting, keymap};
use crate::board::{FieldKind, List, ListKind};
use crate::i18n::{Msg, t};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::Paragraph;

pub(crate) struct Areas {
    pub(crate) header: Rect,
    pub(crate) strip: Rect,
    pub(crate) title: Rect,
    pub(crate) clock: Option<Rect>,
    pub(crate) pace: Rect,
    pub(crate) board: Rect,
    pub(crate) foot: Rect,
    pub(crate) big: bool,
}

/// Rows per step of the clock's font.
const FONT_ROWS: u16 = 5;

pub(crate) fn areas(app: &App, m: &Meeting, area: Rect) -> Areas {
    let big = area.height >= 40 && area.width >= 120;
    let strip_h = if big { 3 } else { 2 };
    let face = clock_face(app, m);
    // The clock takes up to two fifths of the height, at the largest scale that fits; the
    // board keeps the rest.
    let budget = area.height * 2 / 5;
    let probe = BigClock {
        text: &face.text,
        style: face.style,
        framed: face.framed,
        caption: Some(&face.caption),
    };
    let mut clock_h = 0;
    for scale in (1..=8u16).rev() {
        // Digits, caption, and two rows above and below (the frame and a blank row).
        let h = scale * FONT_ROWS + 1 + 4;
        if h <= budget.max(FONT_ROWS + 5) && probe.fits(Rect::new(0, 0, area.width, h)) {
            clock_h = h;
            break;
        }
    }
    let [header, strip, title, clock, pace, board, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(strip_h),
        Constraint::Length(1),
        Constraint::Length(clock_h),
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    Areas {
        header,
        strip,
        title,
        clock: (clock_h > 0).then_some(clock),
        pace,
        board,
        foot,
        big,
    }
}

/// What this view shows around the board, as the parts the meeting screen has (no notice
/// line), so a frame in which only time moved is made from the last one here too
/// (`ui::reuse`).
pub(crate) fn around(app: &App, m: &Meeting, area: Rect) -> Around {
    let theme = app.theme();
    let lang = app.lang;
    let a = areas(app, m, area);
    let v = &m.view;
    let face = clock_face(app, m);
    let title = m
        .phases
        .get(v.current)
        .map_or("", |p| lang.pick(&p.title_ja, &p.title_en));
    let mut spans = vec![Span::styled(
        format!(" {}/{} {title}", v.current + 1, m.phases.len()),
        theme.title,
    )];
    let state = match v.state {
        RunState::NotStarted => Some((Msg::StateNotStarted, theme.warning)),
        RunState::Paused => Some((Msg::StatePaused, theme.clock_paused)),
        RunState::Finished => Some((Msg::StateFinished, theme.muted)),
        RunState::Running => None,
    };
    if let Some((msg, style)) = state {
        spans.push(Span::raw("  "));
        spans.push(Span::styled(format!(" {} ", t(lang, msg)), style));
    }
    // The keys of this view, right-aligned and quiet: the room does not need them.
    let mut keys = Vec::new();
    for (key, label) in keymap::footer(app, a.foot.width) {
        keys.push(Span::styled(key, theme.key_hint));
        keys.push(Span::styled(format!(" {label} "), theme.muted));
    }
    // The title's row and the clock's rows, as the meeting screen's phase area.
    let phase_bottom = a.clock.map_or(a.title.bottom(), |c| c.bottom());
    let phase = Rect::new(
        a.title.x,
        a.title.y,
        a.title.width,
        phase_bottom - a.title.y,
    );
    Around {
        areas: super::meeting::Areas {
            header: a.header,
            strip: a.strip,
            phase,
            pace: a.pace,
            notice: Rect::new(a.pace.x, a.pace.bottom(), a.pace.width, 0),
            board: a.board,
            foot: a.foot,
            big: a.big,
        },
        header: header_view(app, m, a.header),
        strip: strip_view(app, m, a.strip, a.big),
        phase_text: (a.title, Text::from(Line::from(spans))),
        clock: a.clock.map(|r| (r, face.clone(), face.framed, true)),
        pace: meeting_line(app, m),
        notice: None,
        footer: Line::from(keys).right_aligned(),
        footer_style: Style::default(),
    }
}

/// Draw the view; returns what is around the board when a frame in which only time moved can
/// be made from this one (not when the screen is too small for big digits).
pub fn draw(frame: &mut Frame, app: &App, m: &Meeting, area: Rect) -> Option<Around> {
    let around = around(app, m, area);
    around.paint(frame.buffer_mut(), app.theme(), &around.changed(None));
    // Laid out once: the title's row, the clock and the board are where `around` put them.
    let title = around.phase_text.0;
    if around.clock.is_none() {
        // Too small for big digits: the figure beside the title, in the clock's colours.
        let face = clock_face(app, m);
        let x = title.x + title.width.saturating_sub(24);
        let tag = format!(
            " {}  {} ",
            face.text.replace(super::bigclock::PAUSE, "||"),
            face.caption
        );
        frame.render_widget(
            Paragraph::new(fit_width(&tag, 24)).style(face.style.add_modifier(Modifier::BOLD)),
            Rect::new(x, title.y, title.right() - x, 1),
        );
    }
    draw_board(frame, app, m, around.areas.board);
    around.clock.is_some().then_some(around)
}

/// The current board, large: each list under its heading, every card as a paragraph with a
/// blank line after it; two lists side by side only on a wide screen. When the cards do not
/// all fit, the newest are shown (the ones being written now).
fn draw_board(frame: &mut Frame, app: &App, m: &Meeting, area: Rect) {
    let theme = app.theme();
    let lang = app.lang;
    let board = m.session.focus.board;
    let heading = Line::from(vec![
        Span::styled(format!(" {} ", t(lang, Msg::Board)), theme.muted),
        Span::styled(
            format!(" {} ", lang.pick(board.title_ja(), board.title_en())),
            theme.title,
        ),
    ]);
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    frame.render_widget(Paragraph::new(heading), head);
    let lists = m.session.lists();
    if lists.is_empty() || body.height < 2 {
        return;
    }
    // Fewer, wider columns than the note-taker's screen: long lines read better from afar
    // than narrow ones, and a list with nothing in it takes no room.
    let shown: Vec<&List> = lists.iter().filter(|l| has_cards(app, l)).collect();
    let shown = if shown.is_empty() {
        lists.iter().take(1).collect()
    } else {
        shown
    };
    let per_row = if body.width >= 140 { 2 } else { 1 };
    let rows = shown.len().div_ceil(per_row).max(1) as u32;
    let bands = Layout::vertical((0..rows).map(|_| Constraint::Ratio(1, rows))).split(body);
    for (i, band) in bands.iter().enumerate() {
        let chunk: Vec<&&List> = shown.iter().skip(i * per_row).take(per_row).collect();
        let n = chunk.len().max(1) as u32;
        let cols = Layout::horizontal((0..n).map(|_| Constraint::Ratio(1, n)))
            .spacing(3)
            .split(*band);
        for (list, col) in chunk.into_iter().zip(cols.iter()) {
            draw_list(frame, app, list, *col);
        }
    }
}

/// The text of a card, if it has any: its fields joined, choices by their label.
fn card_text(app: &App, list: &List, row: &crate::board::Row) -> Option<String> {
    let parts: Vec<String> = list
        .spec
        .fields
        .iter()
        .enumerate()
        .filter_map(|(fi, field)| {
            let value = row.fields.get(fi).map_or("", String::as_str).trim();
            if value.is_empty() {
                return None;
            }
            Some(match field.kind {
                FieldKind::Choice(_) => choice_label(field.kind, value, app.lang),
                _ => value.to_string(),
            })
        })
        .filter(|s| !s.is_empty())
        .collect();
    // A form's row says what it is (日付, 会場) in its caption.
    let caption = app.lang.pick(&row.caption.0, &row.caption.1);
    (!parts.is_empty()).then(|| {
        let mut text = parts.join("　／　");
        // The room sees a conflict as the note-takers do.
        if row.conflict() {
            text = format!("{}{text}", t(app.lang, Msg::ConflictMark));
        }
        if caption.is_empty() {
            text
        } else {
            format!("{caption}：{text}")
        }
    })
}

/// Whether a list has a card with text.
fn has_cards(app: &App, list: &List) -> bool {
    list.rows.iter().any(|r| card_text(app, list, r).is_some())
}

/// The last `h` lines of a list's cards (each wrapped to `width`, a blank line between cards):
/// the newest, the ones being written now. Cards are wrapped from the newest back until the
/// lines fill `h`, so a second of the room's clock does not wrap a whole board again.
fn newest_lines(app: &App, list: &List, width: usize, h: usize) -> Vec<String> {
    let mut blocks: Vec<Vec<String>> = Vec::new();
    let mut count = 0;
    for row in list.rows.iter().rev() {
        if count >= h {
            break;
        }
        let Some(card) = card_text(app, list, row) else {
            continue;
        };
        let mut block: Vec<String> = wrap_kinsoku(&card, width.saturating_sub(2).max(4))
            .into_iter()
            .enumerate()
            .map(|(i, text)| format!("{}{text}", if i == 0 { "・" } else { "  " }))
            .collect();
        // Line spacing: a blank line between cards.
        if !blocks.is_empty() {
            block.push(String::new());
        }
        count += block.len();
        blocks.push(block);
    }
    let mut lines: Vec<String> = blocks.into_iter().rev().flatten().collect();
    let skip = lines.len().saturating_sub(h);
    lines.drain(..skip);
    lines
}

fn draw_list(frame: &mut Frame, app: &App, list: &List, area: Rect) {
    let theme = app.theme();
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
    let width = area.width.saturating_sub(2) as usize;
    let h = area.height.saturating_sub(1) as usize;
    let lines: Vec<Line> = newest_lines(app, list, width, h)
        .into_iter()
        .map(|text| {
            if text.is_empty() {
                Line::from("")
            } else {
                Line::styled(text, theme.text.add_modifier(Modifier::BOLD))
            }
        })
        .collect();
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    frame.render_widget(
        Paragraph::new(fit_width(t(app.lang, list.spec.title), head.width as usize))
            .style(title_style),
        head,
    );
    frame.render_widget(Paragraph::new(lines), body);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The newest lines, worked out from the newest card back, are the last lines of every card
    /// wrapped (a blank line between cards), at any height, with a long card among short ones.
    #[test]
    fn the_newest_lines_are_the_end_of_the_whole_list() {
        let app = super::super::cards::tests::app_with_cards(23, 60);
        let m = app.meeting().unwrap();
        let list = &m.session.lists()[0];
        for width in [12, 40, 78] {
            let mut all: Vec<String> = Vec::new();
            for row in &list.rows {
                if let Some(card) = card_text(&app, list, row) {
                    for (i, text) in wrap_kinsoku(&card, width - 2).into_iter().enumerate() {
                        all.push(format!("{}{text}", if i == 0 { "・" } else { "  " }));
                    }
                    all.push(String::new());
                }
            }
            all.pop();
            for h in [0, 1, 2, 7, 30, 200, 5000] {
                let want = &all[all.len().saturating_sub(h)..];
                assert_eq!(
                    newest_lines(&app, list, width, h),
                    want,
                    "{width} wide, {h} high"
                );
            }
        }
    }
}
