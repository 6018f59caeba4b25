//! The conflict overlay (Ctrl+K on a card marked [競合]): the ways to settle it.

use super::centered;
use crate::app::{App, RESOLUTIONS};
use crate::i18n::{Msg, t};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

pub fn draw(frame: &mut Frame, app: &App, selected: usize, area: Rect) {
    let theme = app.theme();
    let lang = app.lang;
    let lines: Vec<Line> = RESOLUTIONS
        .iter()
        .enumerate()
        .map(|(i, (_, msg))| {
            let style = if i == selected {
                theme.selection
            } else {
                theme.popup
            };
            Line::styled(format!(" {}  {}", i + 1, t(lang, *msg)), style)
        })
        .collect();
    let rect = centered(area, 60, lines.len() as u16 + 2);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focus)
        .title(Span::styled(
            format!(" {} ", t(lang, Msg::ResolveTitle)),
            theme.title,
        ))
        .style(theme.popup);
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
