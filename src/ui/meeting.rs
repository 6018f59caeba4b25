//! The meeting screen, designed to be projected: header, agenda strip, the current phase with
//! its big clock and guidance, the meeting's pace, the board region and the footer.

use super::bigclock::BigClock;
use super::{footer, minutes, mmss, notice_line};
use crate::agenda::{PhaseStatus, RunState, Warning};
use crate::app::{App, Meeting};
use crate::i18n::{Lang, Msg, t};
use crate::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

pub fn draw(frame: &mut Frame, app: &App, m: &Meeting, area: Rect) {
    let big = area.height >= 40 && area.width >= 120;
    let strip_h = if big { 3 } else { 2 };
    let phase_h = if big {
        11
    } else if area.height >= 30 {
        6
    } else if area.height >= 22 {
        5
    } else {
        2
    };
    let invalid = m
        .session
        .invalid
        .as_ref()
        .map(|text| Line::styled(text.clone(), app.theme().error));
    let save_error = match &m.session.save_state {
        crate::board::session::SaveState::Error(text) => Some(Line::styled(
            format!("{}: {text}", t(app.lang, Msg::SaveError)),
            app.theme().error,
        )),
        _ => None,
    };
    let notice_line = notice_line(app).or(save_error).or(invalid).or_else(|| {
        (!m.replan.is_empty()).then(|| {
            Line::styled(
                t(app.lang, Msg::ReplanOffer).to_string(),
                app.theme().warning,
            )
        })
    });
    let [header, strip, phase, pace, notice, board, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(strip_h),
        Constraint::Length(phase_h),
        Constraint::Length(1),
        Constraint::Length(u16::from(notice_line.is_some())),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_header(frame, app, m, header);
    draw_strip(frame, app, m, strip, big);
    draw_phase(frame, app, m, phase);
    frame.render_widget(Paragraph::new(meeting_line(app, m)), pace);
    if let Some(line) = notice_line {
        frame.render_widget(Paragraph::new(line), notice);
    }
    draw_board(frame, app, m, board);
    draw_footer(frame, app, m, foot);
}

fn draw_header(frame: &mut Frame, app: &App, m: &Meeting, area: Rect) {
    let theme = app.theme();
    let wall = app.now.with_timezone(&app.tz).format("%H:%M").to_string();
    let mut left = format!(
        " {}  |  {} {}  |  {}",
        m.conf.title,
        t(app.lang, Msg::Case),
        m.conf.case_label,
        m.conf.date
    );
    if app.read_only {
        left.push_str(&format!("  [{}]", t(app.lang, Msg::ProjectorBadge)));
    }
    let [l, r] = Layout::horizontal([Constraint::Min(1), Constraint::Length(7)]).areas(area);
    frame.render_widget(Paragraph::new(left).style(theme.header), l);
    frame.render_widget(
        Paragraph::new(format!("{wall} "))
            .style(theme.header.add_modifier(Modifier::BOLD))
            .right_aligned(),
        r,
    );
}

fn phase_title(lang: Lang, m: &Meeting, i: usize) -> &str {
    m.phases
        .get(i)
        .map_or("", |p| lang.pick(&p.title_ja, &p.title_en))
}

fn status_style(theme: &Theme, status: PhaseStatus, warning: Warning) -> Style {
    match status {
        PhaseStatus::Done => theme.phase_done,
        PhaseStatus::Current => match warning {
            Warning::Normal => theme.phase_current,
            Warning::Amber => theme
                .phase_current
                .patch(theme.clock_amber)
                .add_modifier(Modifier::REVERSED),
            Warning::Red => theme
                .phase_current
                .patch(theme.clock_red)
                .add_modifier(Modifier::REVERSED),
        },
        PhaseStatus::Upcoming => theme.phase_upcoming,
    }
}

/// Every phase side by side: number and title, then actual/planned minutes. At most as many
/// as fit (four columns each), around the current one: the layout's cost grows with the number
/// of cells, and a record with thousands of phases must not stall the screen.
fn draw_strip(frame: &mut Frame, app: &App, m: &Meeting, area: Rect, big: bool) {
    let theme = app.theme();
    let total = m.phases.len().max(1);
    let shown = total.min(usize::from(area.width / 4).max(1));
    let first = m.view.current.saturating_sub(shown / 2).min(total - shown);
    let n = shown as u32;
    let cells = Layout::horizontal((0..n).map(|_| Constraint::Ratio(1, n))).split(area);
    let unit = t(app.lang, Msg::Minutes);
    for (k, cell) in cells.iter().enumerate() {
        let i = first + k;
        let Some(pv) = m.view.phases.get(i) else {
            continue;
        };
        let style = status_style(theme, pv.status, pv.warning);
        let planned = minutes(pv.planned_ms);
        let times = match pv.status {
            PhaseStatus::Upcoming if pv.elapsed_ms == 0 => format!("{planned}{unit}"),
            _ => format!("{}/{planned}{unit}", pv.elapsed_ms / 60_000),
        };
        let over = pv.overrun_ms > 0;
        let mut lines = vec![Line::from(format!(
            "{} {}",
            i + 1,
            phase_title(app.lang, m, i)
        ))];
        lines.push(Line::styled(
            times,
            if over && pv.status == PhaseStatus::Done {
                theme.overrun
            } else {
                Style::default()
            },
        ));
        // One blank column between phases; on a projector a blank row under the strip too.
        let rows = if big { 2 } else { cell.height };
        let inner = Rect::new(
            cell.x,
            cell.y,
            cell.width.saturating_sub(1),
            rows.min(cell.height),
        );
        frame.render_widget(Paragraph::new(lines).style(style), inner);
    }
}

fn draw_phase(frame: &mut Frame, app: &App, m: &Meeting, area: Rect) {
    let theme = app.theme();
    let lang = app.lang;
    let v = &m.view;
    let row = m.phases.get(v.current);
    let pv = v.phases.get(v.current);

    // The figure on the big clock and its colour.
    let (clock_text, clock_style, caption) = match (v.state, pv) {
        (RunState::Finished, _) => (
            mmss(v.elapsed_ms),
            theme.clock,
            format!("{} {}", t(lang, Msg::Meeting), t(lang, Msg::StateFinished)),
        ),
        (_, Some(p)) if p.remaining_ms < 0 => (
            format!("+{}", mmss(p.remaining_ms)),
            theme.clock_red,
            format!(
                "{} / {}{}",
                t(lang, Msg::PhaseOver),
                minutes(p.planned_ms),
                t(lang, Msg::Minutes)
            ),
        ),
        (_, Some(p)) => (
            mmss(p.remaining_ms),
            match p.warning {
                Warning::Normal => theme.clock,
                Warning::Amber => theme.clock_amber,
                Warning::Red => theme.clock_red,
            },
            format!(
                "{} / {}{}",
                t(lang, Msg::PhaseLeft),
                minutes(p.planned_ms),
                t(lang, Msg::Minutes)
            ),
        ),
        (_, None) => ("--:--".into(), theme.clock, String::new()),
    };
    let clock = BigClock {
        text: &clock_text,
        style: clock_style,
    };
    // With six rows or more the caption goes under the digits, else beside the title.
    let caption_below = area.height >= 6;
    let clock_rows = if caption_below {
        area.height - 1
    } else {
        area.height
    };
    let clock_w = clock_width(&clock_text, clock_rows);
    let wide_enough = area.width >= clock_w + 30 && area.height >= 5;
    // Big digits sit on the right; title and guidance fill the left.
    let (text_area, clock_area) = if wide_enough {
        let [l, r] =
            Layout::horizontal([Constraint::Min(30), Constraint::Length(clock_w)]).areas(area);
        (l, Some(r))
    } else {
        (area, None)
    };

    let state = match v.state {
        RunState::NotStarted => Some((Msg::StateNotStarted, theme.warning)),
        RunState::Paused => Some((
            Msg::StatePaused,
            theme.warning.add_modifier(Modifier::REVERSED),
        )),
        RunState::Finished => Some((Msg::StateFinished, theme.muted)),
        RunState::Running => None,
    };
    let mut title = vec![Span::styled(
        format!(
            "{}/{} {}",
            v.current + 1,
            m.phases.len(),
            phase_title(lang, m, v.current)
        ),
        theme.title,
    )];
    if let Some((msg, style)) = state {
        title.push(Span::raw("  "));
        title.push(Span::styled(format!(" {} ", t(lang, msg)), style));
    }
    if clock_area.is_some() && !caption_below {
        title.push(Span::styled(format!("  {caption}"), theme.muted));
    }
    let mut lines = vec![Line::from(title)];
    if clock_area.is_none() {
        // No room for big digits: the time goes on its own line, bold.
        lines.push(Line::from(vec![
            Span::styled(clock_text.clone(), clock_style.add_modifier(Modifier::BOLD)),
            Span::styled(format!("  {caption}"), theme.muted),
        ]));
    }
    if let Some(r) = row {
        let guidance = lang.pick(&r.guidance_ja, &r.guidance_en);
        if !guidance.is_empty() {
            lines.push(Line::styled(guidance.to_string(), theme.text));
        }
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), text_area);

    if let Some(ca) = clock_area {
        let [digits, cap] = Layout::vertical([
            Constraint::Min(1),
            Constraint::Length(u16::from(caption_below)),
        ])
        .areas(ca);
        frame.render_widget(clock, digits);
        if caption_below {
            frame.render_widget(Paragraph::new(caption).style(theme.muted).centered(), cap);
        }
    }
}

/// Columns the big clock needs for `text` at the largest scale that fits `height` rows.
fn clock_width(text: &str, height: u16) -> u16 {
    let px: u16 = text
        .chars()
        .map(|c| if c == ':' { 1 } else { 3 })
        .sum::<u16>()
        + text.chars().count().saturating_sub(1) as u16;
    let scale = (height / 5).max(1);
    px * 2 * scale + 2
}

/// The whole meeting at a glance: used, left, projected end, and how far behind.
fn meeting_line(app: &App, m: &Meeting) -> Line<'static> {
    let theme = app.theme();
    let lang = app.lang;
    let v = &m.view;
    let unit = t(lang, Msg::Minutes);
    let mut spans = vec![
        Span::styled(format!("{} ", t(lang, Msg::Meeting)), theme.muted),
        Span::styled(
            format!(
                "{} {} / {}{}",
                t(lang, Msg::MeetingUsed),
                mmss(v.elapsed_ms),
                minutes(v.planned_total_ms),
                unit
            ),
            theme.text,
        ),
        Span::styled(
            format!(
                "  {} {}{}",
                t(lang, Msg::MeetingLeft),
                minutes(v.remaining_ms),
                unit
            ),
            theme.text,
        ),
    ];
    if let Some(end) = v.projected_end {
        spans.push(Span::styled(
            format!(
                "  {} {}",
                t(
                    lang,
                    if v.state == RunState::Finished {
                        Msg::EndedAt
                    } else {
                        Msg::ProjectedEnd
                    }
                ),
                end.with_timezone(&app.tz).format("%H:%M")
            ),
            theme.text,
        ));
    }
    let behind = minutes(v.behind_ms);
    spans.push(Span::raw("  "));
    if v.state == RunState::NotStarted {
        return Line::from(spans);
    }
    spans.push(if behind > 0 {
        Span::styled(
            format!(" {} +{behind}{unit} ", t(lang, Msg::Behind)),
            theme.overrun,
        )
    } else if behind < 0 {
        Span::styled(
            format!("{} {}{unit}", t(lang, Msg::Ahead), -behind),
            theme.ok,
        )
    } else {
        Span::styled(t(lang, Msg::OnTime).to_string(), theme.ok)
    });
    Line::from(spans)
}

fn draw_board(frame: &mut Frame, app: &App, m: &Meeting, area: Rect) {
    super::board::draw(frame, app, m, area);
}

fn draw_footer(frame: &mut Frame, app: &App, m: &Meeting, area: Rect) {
    let finished = m.view.state == RunState::Finished;
    let start = match m.view.state {
        RunState::NotStarted => Msg::KeyStart,
        RunState::Running => Msg::KeyPause,
        RunState::Paused | RunState::Finished => Msg::KeyResume,
    };
    let last = m.view.current + 1 >= m.phases.len();
    let mut hints = vec![("F1", Msg::KeyHelp)];
    // A finished meeting's clock takes no more commands: show only what still works.
    if !finished {
        hints.push(("F5", start));
        hints.push(("F8", if last { Msg::KeyFinish } else { Msg::KeyNext }));
    }
    hints.extend([
        ("Enter", Msg::KeyNewCard),
        ("Tab", Msg::KeyFieldNext),
        ("Alt+Enter", Msg::KeyNewline),
        ("^D", Msg::KeyDelete),
        ("^Z", Msg::KeyUndo),
        ("^B", Msg::KeyBoards),
        ("^E", Msg::KeyExport),
        ("^Q", Msg::KeyQuit),
        ("F7", Msg::KeyPrev),
        ("F9", Msg::KeyShorten),
        ("F10", Msg::KeyExtend),
    ]);
    if finished {
        hints.retain(|(k, _)| !matches!(*k, "F7" | "F9" | "F10"));
    }
    if !m.replan.is_empty() {
        hints.insert(2, ("F3", Msg::KeyReplan));
    }
    hints.extend([
        ("F2", Msg::KeyJump),
        ("Alt+↑↓", Msg::KeyMove),
        ("F4", Msg::KeyTheme),
        ("F6", Msg::KeyLang),
    ]);
    footer::draw(frame, app, &hints, area);
}
