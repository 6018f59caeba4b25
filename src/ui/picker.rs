//! The start screen: the list of conferences and the new-conference dialog.

use super::{centered, footer, notice_line};
use crate::app::picker::Field;
use crate::app::{App, NewDialog, Picker};
use crate::domain::ConferenceStatus;
use crate::i18n::{Msg, t};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

pub fn draw(frame: &mut Frame, app: &App, p: &Picker, area: Rect) {
    let theme = app.theme();
    let lang = app.lang;
    let [header, notice, list, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(format!(
            " caseconf — {} · {}",
            t(lang, Msg::PickerTitle),
            t(lang, crate::store::crypto::status_msg())
        ))
        .style(theme.header),
        header,
    );
    if let Some(line) = notice_line(app) {
        frame.render_widget(Paragraph::new(line), notice);
    }
    let lines: Vec<Line> = if p.list.is_empty() {
        vec![Line::styled(
            format!(" {}", t(lang, Msg::PickerEmpty)),
            theme.muted,
        )]
    } else {
        p.list
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let status = match c.status {
                    ConferenceStatus::Running => Msg::PickerStatusRunning,
                    ConferenceStatus::Finished => Msg::PickerStatusFinished,
                    ConferenceStatus::Planned => Msg::PickerStatusPlanned,
                };
                let text = format!(
                    " {:>4}  {}  {:<6}  {}  {}",
                    c.id,
                    c.date,
                    pad(t(lang, status), 6),
                    pad(&c.case_label, 10),
                    c.title
                );
                Line::styled(
                    text,
                    if i == p.selected {
                        theme.selection
                    } else {
                        theme.text
                    },
                )
            })
            .collect()
    };
    // Keep the selection in view on a long list.
    let visible = list.height as usize;
    let skip = p.selected.saturating_sub(visible.saturating_sub(1));
    frame.render_widget(Paragraph::new(lines).scroll((skip as u16, 0)), list);
    footer::draw(frame, app, foot);
    if let Some(d) = &p.dialog {
        dialog(frame, app, d, area);
    }
}

/// Pad to a display width (Japanese characters are two columns wide).
fn pad(s: &str, width: usize) -> String {
    let w = s.width();
    if w >= width {
        s.to_string()
    } else {
        format!("{s}{}", " ".repeat(width - w))
    }
}

fn dialog(frame: &mut Frame, app: &App, d: &NewDialog, area: Rect) {
    let theme = app.theme();
    let lang = app.lang;
    let rows = Field::ALL.iter().filter(|f| d.shown(**f)).count() as u16 + 1;
    let rect = centered(area, 72, rows + 6);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focus)
        .title(Span::styled(
            format!(" {} ", t(lang, Msg::NewTitle)),
            theme.title,
        ))
        .style(theme.popup);
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    let label_w = Field::ALL
        .iter()
        .map(|f| t(lang, f.label()).width())
        .chain([t(lang, Msg::NewAgenda).width()])
        .max()
        .unwrap_or(10) as u16
        + 2;
    let mut y = inner.y;
    for (i, field) in Field::ALL.iter().enumerate() {
        if y >= inner.bottom() {
            break;
        }
        if !d.shown(*field) {
            continue;
        }
        let focused = d.focus == i;
        let label_style = if focused { theme.title } else { theme.popup };
        frame.render_widget(
            Paragraph::new(t(lang, field.label())).style(label_style),
            Rect::new(inner.x, y, label_w.min(inner.width), 1),
        );
        let field_area = Rect::new(
            inner.x + label_w.min(inner.width),
            y,
            inner.width.saturating_sub(label_w),
            1,
        );
        if let Some(input) = d.inputs.get(i) {
            let value = input.lines().join(" ");
            let style = if focused { theme.selection } else { theme.card };
            frame.render_widget(Paragraph::new(value.clone()).style(style), field_area);
            if focused {
                // Put the terminal's cursor at the text cursor so an IME's candidate window
                // opens where the user types.
                let col = input.cursor().1;
                let before: String = value.chars().take(col).collect();
                let x = (field_area.x + before.width() as u16)
                    .min(field_area.right().saturating_sub(1));
                frame.set_cursor_position(Position::new(x, y));
            }
        }
        y += 1;
    }
    if y < inner.bottom() {
        let focused = d.focus == Field::ALL.len();
        let name = d
            .agendas
            .get(d.agenda)
            .map(|a| format!("< {}  {} >", lang.pick(&a.title_ja, &a.title_en), a.id))
            .unwrap_or_default();
        frame.render_widget(
            Paragraph::new(t(lang, Msg::NewAgenda)).style(if focused {
                theme.title
            } else {
                theme.popup
            }),
            Rect::new(inner.x, y, label_w.min(inner.width), 1),
        );
        frame.render_widget(
            Paragraph::new(name).style(if focused { theme.selection } else { theme.card }),
            Rect::new(
                inner.x + label_w.min(inner.width),
                y,
                inner.width.saturating_sub(label_w),
                1,
            ),
        );
        y += 2;
    }
    if let Some(err) = d.error
        && y < inner.bottom()
    {
        frame.render_widget(
            Paragraph::new(t(lang, err)).style(theme.error),
            Rect::new(inner.x, y, inner.width, 1),
        );
    }
    // On the kind of meeting or consent: what ← → offer, the current one marked; else, when
    // they came from the case's previous conference, say so.
    let info_y = y + 1;
    if info_y + 1 < inner.bottom() {
        let field = d.focused_field();
        let choices = field.map(Field::choices).unwrap_or_default();
        let line = if let Some(field) = field.filter(|_| !choices.is_empty()) {
            let value = d.value(field);
            let mut spans = Vec::new();
            for (i, c) in choices.iter().enumerate() {
                if i > 0 {
                    spans.push(Span::styled(" · ", theme.muted));
                }
                spans.push(Span::styled(
                    *c,
                    if value == *c {
                        theme.selection
                    } else {
                        theme.popup
                    },
                ));
            }
            // The hint only where it fits whole (the choices matter more).
            let hint = format!("  {}", t(lang, Msg::NewKindHint));
            let used: usize = spans.iter().map(|s| s.content.width()).sum();
            if used + hint.width() <= inner.width as usize {
                spans.push(Span::styled(hint, theme.muted));
            }
            Some(Line::from(spans))
        } else if d.prefilled {
            Some(Line::styled(t(lang, Msg::NewPrefilled), theme.muted))
        } else {
            None
        };
        if let Some(line) = line {
            frame.render_widget(
                Paragraph::new(line),
                Rect::new(inner.x, info_y, inner.width, 1),
            );
        }
    }
    let hint_y = inner.bottom().saturating_sub(1);
    if hint_y > inner.y {
        frame.render_widget(
            Paragraph::new(t(lang, Msg::NewHint)).style(theme.muted),
            Rect::new(inner.x, hint_y, inner.width, 1),
        );
    }
}
