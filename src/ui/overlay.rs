//! Overlays drawn over a screen: the help (every key) and the phase chooser.

use super::{centered, minutes};
use crate::app::{App, Meeting};
use crate::i18n::{Msg, t};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

pub fn help(frame: &mut Frame, app: &App, area: Rect) {
    let theme = app.theme();
    let lang = app.lang;
    let groups: [(Msg, &[(&str, Msg)]); 3] = [
        (
            Msg::HelpClock,
            &[
                ("F5", Msg::HelpStartPause),
                ("F9 / F10, Alt+↓ / Alt+↑", Msg::HelpAdjust),
                ("F3", Msg::HelpReplan),
            ],
        ),
        (
            Msg::HelpPhases,
            &[
                ("F7 / F8, Alt+← / Alt+→", Msg::HelpPrevNext),
                ("F2", Msg::HelpJump),
            ],
        ),
        (
            Msg::HelpView,
            &[
                ("F4", Msg::HelpTheme),
                ("F6", Msg::HelpLang),
                ("F1, ?", Msg::KeyHelp),
                ("Ctrl+Q", Msg::HelpQuit),
            ],
        ),
    ];
    let key_w = groups
        .iter()
        .flat_map(|(_, keys)| keys.iter().map(|(k, _)| k.width()))
        .max()
        .unwrap_or(0);
    let mut lines = Vec::new();
    for (heading, keys) in groups {
        lines.push(Line::styled(t(lang, heading).to_string(), theme.title));
        for (key, msg) in keys {
            lines.push(Line::from(vec![
                Span::styled(format!("  {key:<key_w$}  "), theme.key_hint),
                Span::styled(t(lang, *msg).to_string(), theme.popup),
            ]));
        }
        lines.push(Line::from(""));
    }
    lines.push(Line::styled(t(lang, Msg::HelpSaved).to_string(), theme.ok));
    let height = lines.len() as u16 + 2;
    let rect = centered(area, 76, height);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focus)
        .title(Span::styled(
            format!(" {} ", t(lang, Msg::HelpTitle)),
            theme.title,
        ))
        .style(theme.popup);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        rect,
    );
}

pub fn jump(frame: &mut Frame, app: &App, m: &Meeting, selected: usize, area: Rect) {
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
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focus)
        .title(Span::styled(
            format!(" {} ", t(lang, Msg::JumpTitle)),
            theme.title,
        ))
        .style(theme.popup);
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
