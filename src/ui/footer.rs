//! The footer: the most useful keys of what is on screen now, F1 always first, as many as fit.
//! The key table (`app::keymap`) chooses them; the help overlay (F1) lists them all.

use crate::app::{App, keymap};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    frame.render_widget(
        Paragraph::new(line(app, area.width)).style(app.theme().key_label),
        area,
    );
}

/// The footer's line for `width` columns.
pub(crate) fn line(app: &App, width: u16) -> Line<'static> {
    let theme = app.theme();
    let mut spans = Vec::new();
    for (key, label) in keymap::footer(app, width) {
        spans.push(Span::styled(key, theme.key_hint));
        spans.push(Span::styled(format!(" {label} "), theme.key_label));
    }
    Line::from(spans)
}
