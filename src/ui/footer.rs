//! The footer: the commands of the current screen, as many as fit, most important first.
//! The help overlay (F1) lists them all.

use crate::app::App;
use crate::i18n::Msg;
use crate::i18n::t;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

/// Draw `(key, label)` hints left to right, dropping those that do not fit whole.
pub fn draw(frame: &mut Frame, app: &App, hints: &[(&str, Msg)], area: Rect) {
    let theme = app.theme();
    let mut spans = Vec::new();
    let mut used = 0usize;
    for (key, msg) in hints {
        let label = t(app.lang, *msg);
        let w = key.width() + 1 + label.width() + 2;
        if used + w > area.width as usize {
            continue;
        }
        used += w;
        spans.push(Span::styled(key.to_string(), theme.key_hint));
        spans.push(Span::styled(format!(" {label}  "), theme.key_label));
    }
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(theme.key_label),
        area,
    );
}
