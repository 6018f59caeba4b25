//! The case over time (C in the picker): the case's conferences in order and the actions still
//! open across them, overdue ones highlighted.

use crate::app::App;
use crate::i18n::{Msg, t};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let Some(case) = &app.case_view else { return };
    let theme = app.theme();
    let lang = app.lang;
    let today = app.today().format("%Y-%m-%d").to_string();
    let mut lines = vec![Line::styled(
        t(lang, Msg::CaseViewConferences).to_string(),
        theme.title,
    )];
    for c in &case.conferences {
        let kind = if c.meeting_type.trim().is_empty() {
            String::new()
        } else {
            format!("  〔{}〕", c.meeting_type)
        };
        lines.push(Line::styled(
            format!(" #{:<4} {}  {}{kind}", c.id, c.date, c.title),
            theme.popup,
        ));
    }
    lines.push(Line::from(""));
    lines.push(Line::styled(
        t(lang, Msg::CaseViewOpen).to_string(),
        theme.title,
    ));
    let open: Vec<_> = case.actions.iter().filter(|a| a.open()).collect();
    if open.is_empty() {
        lines.push(Line::styled(
            t(lang, Msg::CaseViewNone).to_string(),
            theme.muted,
        ));
    }
    for a in open {
        let Some(s) = a.latest() else { continue };
        let overdue = a.overdue(&today);
        let style = if overdue { theme.error } else { theme.popup };
        let owner = [s.owner_agency.trim(), s.owner_person.trim()]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("／");
        let due = crate::dates::due_display(&s.due_text, s.due.as_deref());
        let dash = |v: String| {
            if v.trim().is_empty() {
                "—".to_string()
            } else {
                v
            }
        };
        let mut spans = vec![Span::styled(
            format!(
                " ・{}  {}  {} {}",
                s.what,
                dash(owner),
                t(lang, Msg::FieldDue),
                dash(due)
            ),
            style,
        )];
        if overdue {
            spans.push(Span::styled(
                format!("  ［{}］", t(lang, Msg::CaseViewOverdue)),
                theme.error,
            ));
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::from(""));
    lines.push(Line::styled(
        t(lang, Msg::CaseViewKeys).to_string(),
        theme.key_hint,
    ));
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focus)
        .title(Span::styled(
            format!(" {}: {} ", t(lang, Msg::CaseViewTitle), case.label),
            theme.title,
        ))
        .style(theme.popup);
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}
