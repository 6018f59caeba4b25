//! The footer: the most useful keys of what is on screen now, F1 always first, as many as fit.
//! The key table (`app::keymap`) chooses them; the help overlay (F1) lists them all.

use crate::app::{App, keymap};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let theme = app.theme();
    let mut spans = Vec::new();
    for (key, label) in keymap::footer(app, area.width) {
        spans.push(Span::styled(key, theme.key_hint));
        spans.push(Span::styled(format!(" {label} "), theme.key_label));
    }
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(theme.key_label),
        area,
    );
}
