//! The plan read-back: a full-screen overlay, large and plain for the projector, listing every
//! open action with its owner, due date and review date; what is not decided is highlighted.

use crate::app::App;
use crate::app::plan::{PlanItem, plan};
use crate::i18n::{Lang, Msg, t};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let Some(m) = app.meeting() else { return };
    let theme = app.theme();
    let lang = app.lang;
    let items = plan(&m.session.boards);
    let missing = t(lang, Msg::ReadBackMissing);
    let or_missing = |s: &str| {
        if s.trim().is_empty() {
            format!("［{missing}］")
        } else {
            s.to_string()
        }
    };
    let mut lines: Vec<Line> = vec![
        Line::styled(t(lang, Msg::ReadBackIntro).to_string(), theme.muted),
        Line::from(""),
    ];
    if items.is_empty() {
        lines.push(Line::styled(
            t(lang, Msg::ReadBackEmpty).to_string(),
            theme.warning,
        ));
    }
    // On a projector every line counts, but when there is room a blank line between actions
    // makes each one easier to find while it is read out.
    let spaced = (items.len() * 3 + 6) as u16 <= area.height;
    for (i, item) in items.iter().enumerate() {
        if spaced && i > 0 {
            lines.push(Line::from(""));
        }
        let style = if item.incomplete() {
            theme.warning
        } else {
            theme.popup
        };
        let mut head = vec![Span::styled(
            format!("{}. {}", i + 1, or_missing(&item.what)),
            style.patch(theme.title),
        )];
        if item.carried {
            head.push(Span::styled(
                match lang {
                    Lang::Ja => format!("  （{}）", t(lang, Msg::ReadBackCarried)),
                    Lang::En => format!("  ({})", t(lang, Msg::ReadBackCarried)),
                },
                theme.muted,
            ));
        }
        lines.push(Line::from(head));
        lines.push(Line::styled(detail(item, lang, &or_missing), style));
    }
    lines.push(Line::from(""));
    lines.push(Line::styled(
        t(lang, Msg::ReadBackKeys).to_string(),
        theme.key_hint,
    ));
    let title = match lang {
        Lang::Ja => format!(
            " {}（{}{}） ",
            t(lang, Msg::ReadBackTitle),
            items.len(),
            t(lang, Msg::ReadBackCount)
        ),
        Lang::En => format!(
            " {} ({} {}) ",
            t(lang, Msg::ReadBackTitle),
            items.len(),
            t(lang, Msg::ReadBackCount)
        ),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focus)
        .title(Span::styled(title, theme.title))
        .style(theme.popup);
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}

/// 「担当: 保健所／森　期限: 12月3日　確認日: 次回」
fn detail(item: &PlanItem, lang: Lang, or_missing: &dyn Fn(&str) -> String) -> String {
    let owner = format!(
        "{}／{}",
        or_missing(&item.owner_agency),
        or_missing(&item.owner_person)
    );
    format!(
        "    {}: {owner}   {}: {}   {}: {}",
        t(lang, Msg::ReadBackOwner),
        t(lang, Msg::FieldDue),
        or_missing(&item.due),
        t(lang, Msg::FieldReviewDate),
        or_missing(&item.review)
    )
}
