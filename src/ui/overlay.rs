//! Overlays drawn over a screen: the help (every key) and the phase chooser.

use super::kinsoku::wrap_kinsoku;
use super::{centered, minutes};
use crate::app::{App, Meeting, keymap};
use crate::i18n::{Msg, t};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

pub(crate) fn help(frame: &mut Frame, app: &App, area: Rect) {
    let theme = app.theme();
    let lang = app.lang;
    // Everything that works on the screen below, from the key table.
    let groups: Vec<(Msg, Vec<(String, Msg)>)> = keymap::help(app)
        .into_iter()
        .map(|(g, rows)| (g.title(), rows))
        .collect();
    let render_groups = |groups: &[(Msg, Vec<(String, Msg)>)], gap: bool, width: usize| {
        // A long list of keys gets a line of its own rather than widening every row.
        let key_w = groups
            .iter()
            .flat_map(|(_, keys)| keys.iter().map(|(k, _)| k.width()))
            .max()
            .unwrap_or(0)
            .min(20);
        let mut lines = Vec::new();
        for (heading, keys) in groups {
            lines.push(Line::styled(t(lang, *heading).to_string(), theme.title));
            for (key, msg) in keys.iter() {
                let pad = " ".repeat(key_w.saturating_sub(key.width()));
                let desc = t(lang, *msg);
                if key.width() <= key_w && key_w + 2 + desc.width() <= width {
                    lines.push(Line::from(vec![
                        Span::styled(format!(" {key}{pad} "), theme.key_hint),
                        Span::styled(desc.to_string(), theme.popup),
                    ]));
                } else {
                    // Too narrow for one line: the key, then its description under it.
                    if !key.is_empty() {
                        lines.push(Line::styled(format!(" {key}"), theme.key_hint));
                    }
                    lines.push(Line::styled(format!("   {desc}"), theme.popup));
                }
            }
            if gap {
                lines.push(Line::from(""));
            }
        }
        lines
    };
    let saved = Line::styled(t(lang, Msg::HelpSaved).to_string(), theme.ok);
    let mut one = render_groups(&groups, true, 90);
    one.push(saved.clone());
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focus)
        .title(Span::styled(
            format!(" {} ", t(lang, Msg::HelpTitle)),
            theme.title,
        ))
        .style(theme.popup);
    if one.len() as u16 + 2 <= area.height {
        let rect = centered(area, 92, one.len() as u16 + 2);
        frame.render_widget(Clear, rect);
        frame.render_widget(
            Paragraph::new(one).block(block).wrap(Wrap { trim: false }),
            rect,
        );
        return;
    }
    // Not tall enough: two columns (editing keys on the left, the rest on the right), keys
    // written short, each description wrapped under its own column.
    let rect = area;
    let inner = block.inner(rect);
    let col = (inner.width.saturating_sub(1) / 2) as usize;
    let groups: Vec<(Msg, Vec<(String, Msg)>)> = keymap::help_short(app)
        .into_iter()
        .map(|(g, rows)| (g.title(), rows))
        .collect();
    let compact = |groups: &[(Msg, Vec<(String, Msg)>)]| {
        const KEY_W: usize = 9;
        let mut lines = Vec::new();
        for (heading, keys) in groups {
            lines.push(Line::styled(t(lang, *heading).to_string(), theme.title));
            for (key, msg) in keys {
                let desc = t(lang, *msg);
                let (first, indent) = if key.width() > KEY_W {
                    lines.push(Line::styled(format!(" {key} "), theme.key_hint));
                    (Vec::new(), KEY_W + 2)
                } else {
                    let pad = " ".repeat(KEY_W - key.width());
                    (
                        vec![
                            Span::styled(format!(" {key}"), theme.key_hint),
                            Span::styled(pad, theme.popup),
                            Span::raw(" "),
                        ],
                        KEY_W + 2,
                    )
                };
                let mut first = Some(first);
                for part in wrap_kinsoku(desc, col.saturating_sub(indent).max(8)) {
                    let mut spans = first
                        .take()
                        .filter(|f| !f.is_empty())
                        .unwrap_or_else(|| vec![Span::raw(" ".repeat(indent))]);
                    spans.push(Span::styled(part, theme.popup));
                    lines.push(Line::from(spans));
                }
            }
        }
        lines
    };
    let (left, right) = groups.split_at(1.min(groups.len()));
    let left = compact(left);
    let mut right = compact(right);
    right.push(saved);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    let [l, r] = ratatui::layout::Layout::horizontal([
        ratatui::layout::Constraint::Ratio(1, 2),
        ratatui::layout::Constraint::Ratio(1, 2),
    ])
    .spacing(1)
    .areas(inner);
    frame.render_widget(Paragraph::new(left).wrap(Wrap { trim: false }), l);
    frame.render_widget(Paragraph::new(right).wrap(Wrap { trim: false }), r);
}

pub(crate) fn jump(frame: &mut Frame, app: &App, m: &Meeting, selected: usize, area: Rect) {
    let theme = app.theme();
    let lang = app.lang;
    let unit = t(lang, Msg::Minutes);
    let lines: Vec<Line> = m
        .phases
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let pv = m.view.phases.get(i);
            let planned = pv.map_or(i64::from(p.planned_minutes), |v| minutes(v.planned_ms));
            let actual = pv.map_or(0, |v| v.elapsed_ms / 60_000);
            let text = format!(
                " {}  {}  ({} {planned}{unit} / {} {actual}{unit})",
                i + 1,
                lang.pick(&p.title_ja, &p.title_en),
                t(lang, Msg::Planned),
                t(lang, Msg::Actual)
            );
            let style = if i == selected {
                theme.selection
            } else {
                theme.popup
            };
            Line::styled(text, style)
        })
        .collect();
    let rect = centered(area, 72, lines.len() as u16 + 2);
    super::popup(frame, app, Msg::JumpTitle, lines, rect);
}

/// The export dialog (Ctrl+E / F12): formats, and whether names are redacted.
pub fn export(frame: &mut Frame, app: &App, selected: usize, redact: bool, area: Rect) {
    let theme = app.theme();
    let lang = app.lang;
    let mut lines: Vec<Line> = crate::app::EXPORT_CHOICES
        .iter()
        .enumerate()
        .map(|(i, (_, _, msg))| {
            let style = if i == selected {
                theme.selection
            } else {
                theme.popup
            };
            Line::styled(format!(" {}  {}", i + 1, t(lang, *msg)), style)
        })
        .collect();
    lines.push(Line::from(""));
    let (mark, style) = if redact {
        (
            Msg::ExportRedact,
            theme
                .warning
                .add_modifier(ratatui::style::Modifier::REVERSED),
        )
    } else {
        (Msg::ExportPlain, theme.popup)
    };
    lines.push(Line::from(vec![
        Span::styled(" R ", theme.key_hint),
        Span::styled(format!(" {} ", t(lang, mark)), style),
    ]));
    let rect = centered(area, 76, lines.len() as u16 + 2);
    super::popup(frame, app, Msg::ExportTitle, lines, rect);
}
