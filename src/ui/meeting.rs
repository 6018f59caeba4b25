//! The meeting screen, designed to be projected: header, agenda strip, the current phase with
//! its big clock and guidance, the meeting's pace, the board region and the footer.

use super::bigclock::{BigClock, PAUSE};
use super::kinsoku::wrap_kinsoku;
use super::{fit_width, footer, minutes, mmss, mmss_left};
use crate::agenda::{PhaseStatus, RunState, Warning};
use crate::app::{App, Meeting};
use crate::config::theme::Theme;
use crate::i18n::{Lang, Msg, t};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

/// Where each part of the meeting screen goes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct Areas {
    pub(crate) header: Rect,
    pub(crate) strip: Rect,
    pub(crate) phase: Rect,
    pub(crate) pace: Rect,
    pub(crate) notice: Rect,
    pub(crate) board: Rect,
    pub(crate) foot: Rect,
    /// A projector-sized screen: two-row strip with a blank row, taller clock.
    pub(crate) big: bool,
}

pub(crate) fn areas(app: &App, m: &Meeting, area: Rect) -> Areas {
    let big = area.height >= 40 && area.width >= 120;
    let strip_h = if big { 3 } else { 2 };
    // The clock grows with the screen (five rows per step of the font, a row of panel above the
    // digits and one for the caption below), but the board below is the room's whiteboard and
    // keeps at least half of the height.
    let phase_h = if big {
        (area.height / 4).clamp(11, 21)
    } else if area.height >= 30 {
        8
    } else if area.height >= 22 {
        7
    } else {
        2
    };
    let notice = u16::from(notice_line(app, m).is_some());
    let [header, strip, phase, pace, notice, board, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(strip_h),
        Constraint::Length(phase_h),
        Constraint::Length(1),
        Constraint::Length(notice),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    Areas {
        header,
        strip,
        phase,
        pace,
        notice,
        board,
        foot,
        big,
    }
}

/// The line under the pace line: a notice, a save problem, a refused value or the re-plan.
fn notice_line(app: &App, m: &Meeting) -> Option<Line<'static>> {
    let invalid = m
        .session
        .flag()
        .map(|flag| Line::styled(flag_text(app.lang, flag), app.theme().warning));
    let save_error = match &m.session.save_state {
        crate::board::session::SaveState::Error(text) => Some(Line::styled(
            format!("{}: {text}", t(app.lang, Msg::SaveError)),
            app.theme().error,
        )),
        _ => None,
    };
    super::notice_line(app)
        .or(save_error)
        .or(invalid)
        .or_else(|| {
            (!m.replan.is_empty()).then(|| {
                Line::styled(
                    t(app.lang, Msg::ReplanOffer).to_string(),
                    app.theme().warning,
                )
            })
        })
}

pub fn draw(frame: &mut Frame, app: &App, m: &Meeting, area: Rect) -> Around {
    let around = around(app, m, area);
    around.paint(frame.buffer_mut(), app.theme(), &around.changed(None));
    super::board::draw(frame, app, m, around.areas.board);
    around
}

/// What every part of the meeting screen but the board shows, computed from the model. These
/// parts change with time alone (the clocks, the strip's minutes, the re-plan offer in the
/// notice line and the footer); the board changes only with the model. A frame in which only
/// time moved compares these with the last frame's and paints only what differs
/// (`ui::reuse`), so what is compared is exactly what is painted.
#[derive(PartialEq)]
pub(crate) struct Around {
    pub(crate) areas: Areas,
    pub(super) header: [(Rect, String, Style); 2],
    pub(super) strip: Vec<(Rect, Vec<Line<'static>>, Style)>,
    pub(super) phase_text: (Rect, Text<'static>),
    /// Where, the face, framed, the caption under the digits.
    pub(super) clock: Option<(Rect, Face, bool, bool)>,
    pub(super) pace: Line<'static>,
    pub(super) notice: Option<Line<'static>>,
    pub(super) footer: Line<'static>,
    /// The footer row's style where no key is.
    pub(super) footer_style: Style,
}

pub(crate) fn around(app: &App, m: &Meeting, area: Rect) -> Around {
    let a = areas(app, m, area);
    let face = clock_face(app, m);
    let (phase_text, clock) = phase_view(app, m, a.phase, face);
    Around {
        areas: a,
        header: header_view(app, m, a.header),
        strip: strip_view(app, m, a.strip, a.big),
        phase_text,
        clock,
        pace: meeting_line(app, m),
        notice: notice_line(app, m),
        footer: footer::line(app, a.foot.width),
        footer_style: app.theme().key_label,
    }
}

/// The parts of [`Around`], each painted over an area of its own.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    Header,
    Strip,
    PhaseText,
    Clock,
    Pace,
    Notice,
    Footer,
}

impl Around {
    /// The parts whose content differs from `was`'s (all of them when `was` is `None`).
    pub(crate) fn changed(&self, was: Option<&Around>) -> Vec<Part> {
        let differs = |same: fn(&Around, &Around) -> bool| was.is_none_or(|w| !same(self, w));
        [
            (Part::Header, differs(|a, b| a.header == b.header)),
            (Part::Strip, differs(|a, b| a.strip == b.strip)),
            (
                Part::PhaseText,
                differs(|a, b| a.phase_text == b.phase_text),
            ),
            (Part::Clock, differs(|a, b| a.clock == b.clock)),
            (Part::Pace, differs(|a, b| a.pace == b.pace)),
            (Part::Notice, differs(|a, b| a.notice == b.notice)),
            (Part::Footer, differs(|a, b| a.footer == b.footer)),
        ]
        .into_iter()
        .filter_map(|(part, changed)| changed.then_some(part))
        .collect()
    }

    /// The big clock as it is painted.
    fn big_clock(&self) -> Option<BigClock<'_>> {
        self.clock
            .as_ref()
            .map(|(_, face, framed, caption_below)| BigClock {
                text: &face.text,
                style: face.style,
                framed: *framed,
                caption: caption_below.then_some(face.caption.as_str()),
            })
    }

    /// Where painting `part` over `was`'s can change a cell: its area now and then, or for a
    /// clock whose layout stayed, only the digits that changed.
    pub(crate) fn changes_from(&self, was: &Around, part: Part) -> Vec<Rect> {
        let (area, before) = (self.area(part), was.area(part));
        if part == Part::Clock
            && area == before
            && let (Some(now), Some(then)) = (self.big_clock(), was.big_clock())
            && let Some(rects) = now.changes_from(&then, area)
        {
            return rects;
        }
        vec![area, before]
    }

    /// The area a part is painted over (empty for a clock that does not fit).
    pub(crate) fn area(&self, part: Part) -> Rect {
        let a = &self.areas;
        match part {
            Part::Header => a.header,
            Part::Strip => a.strip,
            Part::PhaseText => self.phase_text.0,
            Part::Clock => self.clock.as_ref().map_or(Rect::ZERO, |c| c.0),
            Part::Pace => a.pace,
            Part::Notice => a.notice,
            Part::Footer => a.foot,
        }
    }

    /// Paint `parts` into `buf`, each over its whole area, as a fresh frame has it: blank cells
    /// in the text style, then the part.
    pub(crate) fn paint(&self, buf: &mut Buffer, theme: &Theme, parts: &[Part]) {
        for &part in parts {
            let area = self.area(part);
            // The big clock paints every cell of its area itself.
            if !(part == Part::Clock && self.clock.is_some()) {
                Clear.render(area, buf);
                Block::default().style(theme.text).render(area, buf);
            }
            match part {
                Part::Header => {
                    for (rect, text, style) in &self.header {
                        let p = Paragraph::new(text.as_str()).style(*style);
                        let p = if rect.x > area.x {
                            p.right_aligned()
                        } else {
                            p
                        };
                        p.render(*rect, buf);
                    }
                }
                Part::Strip => {
                    for (cell, lines, style) in &self.strip {
                        Paragraph::new(lines.clone())
                            .style(*style)
                            .render(*cell, buf);
                    }
                }
                Part::PhaseText => Paragraph::new(self.phase_text.1.clone()).render(area, buf),
                Part::Clock => {
                    if let Some(clock) = self.big_clock() {
                        clock.render(area, buf);
                    }
                }
                Part::Pace => Paragraph::new(self.pace.clone()).render(area, buf),
                Part::Notice => {
                    Paragraph::new(self.notice.clone().unwrap_or_default()).render(area, buf);
                }
                Part::Footer => Paragraph::new(self.footer.clone())
                    .style(self.footer_style)
                    .render(area, buf),
            }
        }
    }
}

/// The header: the conference on the left (cut with an ellipsis if it must be), the date and
/// the wall clock on the right, never cut.
pub(super) fn header_view(app: &App, m: &Meeting, area: Rect) -> [(Rect, String, Style); 2] {
    let theme = app.theme();
    let wall = app.now.with_timezone(&app.tz).format("%H:%M").to_string();
    let mut right = format!(" {}  {wall} ", m.conf().date);
    if app.read_only && !app.present {
        right = format!(" [{}]{right}", t(app.lang, Msg::ProjectorBadge));
    }
    let right_w = (right.width() as u16).min(area.width);
    let [l, r] = Layout::horizontal([Constraint::Min(0), Constraint::Length(right_w)]).areas(area);
    // The case label is short and says whose meeting this is: the title gives way first.
    let case = format!("  |  {} {}", t(app.lang, Msg::Case), m.conf().case_label);
    let title_w = (l.width as usize).saturating_sub(case.width() + 1);
    let left = if title_w >= 8 {
        format!(" {}{case}", fit_width(&m.conf().title, title_w))
    } else {
        fit_width(&format!(" {}{case}", m.conf().title), l.width as usize)
    };
    [
        (l, left, theme.header),
        (r, right, theme.header.add_modifier(Modifier::BOLD)),
    ]
}

fn phase_title(lang: Lang, m: &Meeting, i: usize) -> &str {
    m.phases
        .get(i)
        .map_or("", |p| lang.pick(&p.title_ja, &p.title_en))
}

/// The strip's style for a phase. The current phase takes the clock's warning colours only
/// where they are a solid block of their own (else it stays the current-phase block, underlined
/// as a warning), so its text is always drawn on the background it was chosen for.
pub(crate) fn status_style(theme: &Theme, status: PhaseStatus, warning: Warning) -> Style {
    let block = |s: Style| s.bg.is_some() && s.bg != theme.text.bg;
    match status {
        PhaseStatus::Done => theme.phase_done,
        PhaseStatus::Current => match warning {
            Warning::Normal => theme.phase_current,
            Warning::Amber if block(theme.clock_amber) => theme.clock_amber,
            Warning::Red if block(theme.clock_red) => theme.clock_red,
            Warning::Amber | Warning::Red => theme.phase_current.add_modifier(Modifier::UNDERLINED),
        },
        PhaseStatus::Upcoming => theme.phase_upcoming,
    }
}

/// Columns for each phase of the strip (a blank column after each included): the current phase
/// whole, then its neighbours, then the others, each up to what its name needs; what is left
/// is shared out evenly. Every phase keeps at least its number and an ellipsis.
pub(crate) fn strip_widths(
    natural: &[u16],
    minimum: &[u16],
    current: usize,
    total: u16,
) -> Vec<u16> {
    let n = natural.len();
    if n == 0 {
        return Vec::new();
    }
    let total = usize::from(total);
    let mut w: Vec<usize> = minimum.iter().map(|&x| usize::from(x)).collect();
    let floor: usize = w.iter().sum();
    if floor > total {
        // Not even the numbers fit: equal shares, as good as it gets.
        let each = total / n;
        return (0..n).map(|_| each as u16).collect();
    }
    let mut left = total - floor;
    let grow = |who: &[usize], w: &mut Vec<usize>, left: &mut usize| {
        // One column at a time, round robin, so neighbours grow evenly.
        loop {
            let mut gave = false;
            for &i in who {
                if *left > 0 && w[i] < usize::from(natural[i]) {
                    w[i] += 1;
                    *left -= 1;
                    gave = true;
                }
            }
            if !gave {
                break;
            }
        }
    };
    let cur = current.min(n - 1);
    grow(&[cur], &mut w, &mut left);
    let neighbours: Vec<usize> = [cur.checked_sub(1), Some(cur + 1)]
        .into_iter()
        .flatten()
        .filter(|&i| i < n)
        .collect();
    grow(&neighbours, &mut w, &mut left);
    let all: Vec<usize> = (0..n).collect();
    grow(&all, &mut w, &mut left);
    // Space to spare: shared evenly, the rounding to the last phase.
    let each = left / n;
    for x in w.iter_mut() {
        *x += each;
    }
    if let Some(last) = w.last_mut() {
        *last += left - each * n;
    }
    w.into_iter().map(|x| x as u16).collect()
}

/// Every phase side by side: number and title, then actual/planned minutes; widths from the
/// names, so the current phase is never cut and the others are cut with an ellipsis.
pub(super) fn strip_view(
    app: &App,
    m: &Meeting,
    area: Rect,
    big: bool,
) -> Vec<(Rect, Vec<Line<'static>>, Style)> {
    let theme = app.theme();
    let texts = strip_texts(app, m);
    let (natural, minimum) = strip_needs(&texts);
    let rects = cell_rects(&natural, &minimum, m.view.current, area, big);
    texts
        .into_iter()
        .zip(&m.view.phases)
        .zip(rects)
        .map(|(((name, times), pv), inner)| {
            let style = status_style(theme, pv.status, pv.warning);
            let times_style = if pv.overrun_ms > 0 && pv.status == PhaseStatus::Done {
                theme.overrun
            } else {
                Style::default()
            };
            let cw = inner.width as usize;
            let lines = vec![
                Line::from(fit_width(&name, cw)),
                Line::styled(fit_width(&times, cw), times_style),
            ];
            (inner, lines, style)
        })
        .collect()
}

/// The strip's cells, one per phase: the phase's columns less the blank one after it; on a
/// projector a blank row under the strip too.
fn cell_rects(
    natural: &[u16],
    minimum: &[u16],
    current: usize,
    area: Rect,
    big: bool,
) -> Vec<Rect> {
    let widths = strip_widths(natural, minimum, current, area.width);
    let rows = if big { 2 } else { area.height }.min(area.height);
    let mut x = area.x;
    widths
        .into_iter()
        .map(|w| {
            let r = Rect::new(x, area.y, w.saturating_sub(1), rows);
            x = x.saturating_add(w);
            r
        })
        .collect()
}

/// The names and times of the strip: "1 開会" and "2/5分" for each phase.
fn strip_texts(app: &App, m: &Meeting) -> Vec<(String, String)> {
    let unit = t(app.lang, Msg::Minutes);
    m.view
        .phases
        .iter()
        .enumerate()
        .map(|(i, pv)| {
            let planned = minutes(pv.planned_ms);
            let times = match pv.status {
                PhaseStatus::Upcoming if pv.elapsed_ms == 0 => format!("{planned}{unit}"),
                _ => format!("{}/{planned}{unit}", pv.elapsed_ms / 60_000),
            };
            (format!("{} {}", i + 1, phase_title(app.lang, m, i)), times)
        })
        .collect()
}

fn strip_needs(texts: &[(String, String)]) -> (Vec<u16>, Vec<u16>) {
    let natural = texts
        .iter()
        .map(|(name, times)| name.width().max(times.width()) as u16 + 1)
        .collect();
    let minimum = (0..texts.len())
        .map(|i| (i + 1).to_string().len() as u16 + 2)
        .collect();
    (natural, minimum)
}

/// Where each phase's cell of the strip in `area` is painted.
pub(crate) fn strip_cells(app: &App, m: &Meeting, area: Rect) -> Vec<Rect> {
    let big = area.height >= 3;
    let (natural, minimum) = strip_needs(&strip_texts(app, m));
    cell_rects(&natural, &minimum, m.view.current, area, big)
}

/// What the big clock shows: its figure, its panel style, whether it is framed (a warning),
/// its caption and the state's tag.
#[derive(Clone, PartialEq)]
pub(crate) struct Face {
    pub(crate) text: String,
    pub(crate) style: Style,
    pub(crate) framed: bool,
    pub(crate) caption: String,
    /// The caption without the state, for beside the title where the state has its own tag.
    pub(crate) detail: String,
}

pub(crate) fn clock_face(app: &App, m: &Meeting) -> Face {
    let theme = app.theme();
    let lang = app.lang;
    let v = &m.view;
    let unit = t(lang, Msg::Minutes);
    let Some(p) = v.phases.get(v.current) else {
        return Face {
            text: "--:--".into(),
            style: theme.clock_idle,
            framed: false,
            caption: String::new(),
            detail: String::new(),
        };
    };
    let planned = format!("{}{unit}", minutes(p.planned_ms));
    // Over from the millisecond the time is used up, as the red warning is.
    let over = p.remaining_ms <= 0;
    let figure = if over {
        format!("+{}", mmss(p.remaining_ms))
    } else {
        mmss_left(p.remaining_ms)
    };
    let warning_style = match p.warning {
        Warning::Normal => theme.clock,
        Warning::Amber => theme.clock_amber,
        Warning::Red => theme.clock_red,
    };
    let framed = p.warning != Warning::Normal;
    let phase_caption = if over {
        format!("{} / {planned}", t(lang, Msg::PhaseOver))
    } else {
        format!("{} / {planned}", t(lang, Msg::PhaseLeft))
    };
    match v.state {
        RunState::NotStarted => Face {
            text: mmss(p.planned_ms),
            style: theme.clock_idle,
            framed: false,
            caption: format!("{} / {planned}", t(lang, Msg::StateNotStarted)),
            detail: planned.clone(),
        },
        RunState::Finished => Face {
            text: mmss(v.elapsed_ms),
            style: theme.clock_finished,
            framed: false,
            caption: format!("{} {}", t(lang, Msg::Meeting), t(lang, Msg::StateFinished)),
            detail: t(lang, Msg::MeetingUsed).to_string(),
        },
        RunState::Paused => Face {
            // The pause sign is this state's shape; a frame beside it would read as more bars.
            text: format!("{PAUSE} {figure}"),
            style: theme.clock_paused,
            framed: false,
            caption: format!("{}  {phase_caption}", t(lang, Msg::StatePaused)),
            detail: phase_caption,
        },
        RunState::Running => Face {
            text: figure,
            style: warning_style,
            framed,
            caption: phase_caption.clone(),
            detail: phase_caption,
        },
    }
}

/// The phase area split into the text (title and guidance) and the big clock, if it fits, and
/// whether the clock keeps its frame. A long figure ("+120:00") first takes columns from the
/// guidance, then gives up the frame (its "+" still says it is over time).
pub(crate) fn phase_split(app: &App, m: &Meeting, area: Rect) -> (Rect, Option<Rect>, bool) {
    let face = clock_face(app, m);
    let tries = [(face.framed, 30), (face.framed, 20), (false, 20)];
    for (framed, text_min) in tries {
        let clock = BigClock {
            text: &face.text,
            style: face.style,
            framed,
            caption: (area.height >= 6).then_some(face.caption.as_str()),
        };
        let clock_w = clock.width_for(area.height);
        if area.width >= clock_w + text_min && area.height >= 5 {
            let [l, r] =
                Layout::horizontal([Constraint::Min(text_min), Constraint::Length(clock_w)])
                    .areas(area);
            if clock.fits(r) {
                return (l, Some(r), framed);
            }
        }
    }
    (area, None, false)
}

/// The phase area: its text (title, state, guidance) and the big clock if it fits (its area,
/// face, whether framed, whether the caption goes under the digits).
#[allow(clippy::type_complexity)]
fn phase_view(
    app: &App,
    m: &Meeting,
    area: Rect,
    face: Face,
) -> ((Rect, Text<'static>), Option<(Rect, Face, bool, bool)>) {
    let theme = app.theme();
    let lang = app.lang;
    let v = &m.view;
    let row = m.phases.get(v.current);
    // With six rows or more the caption goes on the clock's panel, else beside the title.
    let caption_below = area.height >= 6;
    let (text_area, clock_area, framed) = phase_split(app, m, area);

    let state = match v.state {
        RunState::NotStarted => Some((Msg::StateNotStarted, theme.warning)),
        RunState::Paused => Some((Msg::StatePaused, theme.clock_paused)),
        RunState::Finished => Some((Msg::StateFinished, theme.muted)),
        RunState::Running => None,
    };
    // The phase's title wraps rather than being cut; the state and the clock's caption
    // follow on a line of their own.
    let title = format!(
        "{}/{} {}",
        v.current + 1,
        m.phases.len(),
        phase_title(lang, m, v.current)
    );
    let mut lines: Vec<Line> = wrap_kinsoku(&title, text_area.width as usize)
        .into_iter()
        .map(|l| Line::styled(l, theme.title))
        .collect();
    let mut tags: Vec<Span> = Vec::new();
    if let Some((msg, style)) = state {
        tags.push(Span::styled(format!(" {} ", t(lang, msg)), style));
        tags.push(Span::raw(" "));
    }
    if clock_area.is_some() && !caption_below {
        tags.push(Span::styled(format!(" {} ", face.detail), face.style));
    }
    if clock_area.is_none() {
        // No room for big digits: the time goes on this line, in the clock's colours.
        tags.push(Span::styled(
            format!(" {} ", face.text.replace(PAUSE, "||")),
            face.style.add_modifier(Modifier::BOLD),
        ));
        tags.push(Span::styled(format!(" {}", face.detail), theme.muted));
    }
    if !tags.is_empty() {
        lines.push(Line::from(tags));
    }
    let mut text = Text::from(lines);
    if let Some(r) = row {
        let guidance = lang.pick(&r.guidance_ja, &r.guidance_en);
        if !guidance.is_empty() {
            for line in wrap_kinsoku(guidance, text_area.width as usize) {
                text.push_line(Line::styled(line, theme.text));
            }
        }
    }
    let clock = clock_area.map(|ca| (ca, face, framed, caption_below));
    ((text_area, text), clock)
}

/// The whole meeting at a glance: used, left, projected end, and how far behind.
pub(crate) fn meeting_line(app: &App, m: &Meeting) -> Line<'static> {
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
    ];
    // Past the agenda's planned length the meeting is over time: said as such, in the
    // overrun style, instead of "0 min left".
    let over = v.elapsed_ms - v.planned_total_ms;
    if over > 0 && v.state != RunState::Finished {
        spans.push(Span::raw("  "));
        spans.push(Span::styled(
            format!(
                " {} +{}{unit} ",
                t(lang, Msg::MeetingOver),
                over.div_euclid(60_000) + 1
            ),
            theme.overrun,
        ));
    } else {
        spans.push(Span::styled(
            format!(
                "  {} {}{}",
                t(lang, Msg::MeetingLeft),
                minutes(v.remaining_ms),
                unit
            ),
            theme.text,
        ));
    }
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

/// What the line under the clock says about the focused row.
fn flag_text(lang: crate::i18n::Lang, flag: crate::board::session::Flag) -> String {
    use crate::board::session::Flag;
    use chrono::Datelike;
    match flag {
        Flag::DueMeans(d) => match lang {
            crate::i18n::Lang::Ja => format!(
                "{} {}年{}月{}日（{}）",
                t(lang, Msg::DueMeans),
                d.year(),
                d.month(),
                d.day(),
                ["月", "火", "水", "木", "金", "土", "日"]
                    [d.weekday().num_days_from_monday() as usize]
            ),
            crate::i18n::Lang::En => {
                format!("{} {}", t(lang, Msg::DueMeans), d.format("%a %-d %b %Y"))
            }
        },
        Flag::DueNotADate => t(lang, Msg::DueNotADate).to_string(),
        Flag::DateNotADate => t(lang, Msg::DateNotADate).to_string(),
        Flag::Conflict => t(lang, Msg::ConflictHere).to_string(),
    }
}
