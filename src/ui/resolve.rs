//! Two decisions asked in an overlay: how to settle a conflict (Ctrl+K on a card marked
//! [競合]), and whether a redacted export may leave as the redaction review shows it.

use super::centered;
use crate::app::{App, RESOLUTIONS};
use crate::i18n::{Msg, t};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

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
    super::popup(frame, app, Msg::ResolveTitle, lines, rect);
}

/// The redaction review before a redacted export: every replacement made and every word that
/// still looks identifying, with the keys to export anyway or go back and add names.
pub fn review(frame: &mut Frame, app: &App, area: Rect) {
    let theme = app.theme();
    let lang = app.lang;
    let rect = centered(
        area,
        area.width.saturating_sub(4).max(20),
        area.height.saturating_sub(2).max(5),
    );
    let inner_h = usize::from(rect.height.saturating_sub(3));
    let mut lines: Vec<Line> = app
        .review
        .iter()
        .take(inner_h)
        .map(|l| Line::styled(format!(" {l}"), theme.popup))
        .collect();
    if app.review.len() > inner_h
        && let Some(last) = lines.last_mut()
    {
        *last = Line::styled(" …", theme.muted);
    }
    let (verdict, style) = if app.review_clean {
        (Msg::ReviewClean, theme.ok)
    } else {
        (Msg::ReviewSuspects, theme.warning)
    };
    lines.push(Line::from(vec![
        Span::styled(format!(" {} ", t(lang, verdict)), style),
        Span::styled(" Enter ", theme.key_hint),
        Span::styled(format!(" {} ", t(lang, Msg::ReviewExport)), theme.popup),
        Span::styled(" Esc ", theme.key_hint),
        Span::styled(format!(" {} ", t(lang, Msg::ReviewBack)), theme.popup),
    ]));
    super::popup(frame, app, Msg::ReviewTitle, lines, rect);
}
