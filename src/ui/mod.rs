//! Drawing: a pure function of the [`App`] model into a ratatui `Frame`. No I/O, no database,
//! no clock: everything shown was computed by `App::update`.

pub mod backend;
pub(crate) mod bigclock;
mod board;
mod cards;
mod case;
mod footer;
mod kinsoku;
mod meeting;
mod overlay;
mod picker;
mod present;
mod readback;
mod resolve;

pub(crate) mod reuse;
mod rewrap;
mod wrap;

use crate::app::{App, Notice, Overlay, Screen};
use crate::i18n::{Msg, t};
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

/// Below this size the screen shows a "too small" message instead of a broken layout.
pub(crate) const MIN_WIDTH: u16 = 40;
pub(crate) const MIN_HEIGHT: u16 = 10;

pub fn draw(frame: &mut Frame, app: &App) {
    draw_full(frame, app);
}

/// [`draw`], returning what the parts around the board showed when the frame is the meeting
/// screen with nothing over it (the frames after it can then paint only what time changed:
/// [`reuse`]).
fn draw_full(frame: &mut Frame, app: &App) -> Option<meeting::Around> {
    let area = frame.area();
    let theme = app.theme();
    frame.render_widget(Block::default().style(theme.text), area);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = Paragraph::new(t(app.lang, Msg::TooSmall))
            .style(theme.warning)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true });
        let y = area.height / 2;
        let rows = area.height.saturating_sub(y).min(3);
        frame.render_widget(
            msg,
            Rect::new(
                area.x,
                area.y + y.saturating_sub(1),
                area.width,
                rows.max(1),
            ),
        );
        return None;
    }
    let around = match &app.screen {
        Screen::Picker(p) => {
            picker::draw(frame, app, p, area);
            None
        }
        Screen::Meeting(m) if app.present => present::draw(frame, app, m, area),
        Screen::Meeting(m) => Some(meeting::draw(frame, app, m, area)),
    };
    match app.overlay {
        Overlay::None => {}
        Overlay::Help => overlay::help(frame, app, area),
        Overlay::Boards { selected } => board::chooser(frame, app, selected, area),
        Overlay::Export { selected, redact } => overlay::export(frame, app, selected, redact, area),
        Overlay::Resolve { selected } => resolve::draw(frame, app, selected, area),
        Overlay::ReadBack { .. } => readback::draw(frame, app, area),
        Overlay::Case => case::draw(frame, app, area),
        Overlay::Review { .. } => resolve::review(frame, app, area),
        Overlay::Jump { selected } => {
            if let Some(m) = app.meeting() {
                overlay::jump(frame, app, m, selected, area);
            }
        }
    }
    keep_well_formed(frame.buffer_mut());
    around.filter(|_| app.overlay == Overlay::None)
}

/// A wide character whose right half something else was drawn over (an overlay's border
/// crossing a line of Japanese text) becomes a blank in its own style. The terminal could not
/// show both anyway, and ratatui's diff skips the cell after a wide character it believes
/// unchanged, so the border would never be sent.
pub(crate) fn keep_well_formed(buf: &mut ratatui::buffer::Buffer) {
    let rows = buf.area.top()..buf.area.bottom();
    keep_well_formed_rows(buf, rows);
}

/// [`keep_well_formed`] on the rows `rows` only.
fn keep_well_formed_rows(buf: &mut ratatui::buffer::Buffer, rows: std::ops::Range<u16>) {
    use unicode_width::UnicodeWidthStr;
    let area = buf.area;
    let w = usize::from(area.width);
    if w < 2 {
        return;
    }
    let top = usize::from(rows.start.saturating_sub(area.y));
    let bottom = usize::from(rows.end.saturating_sub(area.y).min(area.height));
    // Row by row over the cells themselves: this runs on every cell of every frame (it was
    // 13 % of a keystroke's instructions, indexing cell by cell, in callgrind of
    // `benches/keystroke.rs`).
    for row in buf.content.chunks_mut(w).take(bottom).skip(top) {
        for x in 0..w - 1 {
            // Only a symbol of more than one byte can be two columns wide: most cells are
            // ASCII or blank, and their width is not looked up.
            let s = row[x].symbol();
            if s.len() > 1 && s.width() == 2 && !row[x + 1].symbol().trim().is_empty() {
                row[x].set_symbol(" ");
            }
        }
    }
}

/// Where the big clock is painted on a screen of `area`, if it is shown as big digits.
/// The painted-colour tests read the cells there.
pub fn clock_rect(app: &App, area: Rect) -> Option<Rect> {
    let m = app.meeting()?;
    if app.present {
        return present::areas(app, m, area).clock;
    }
    let a = meeting::areas(app, m, area);
    meeting::phase_split(app, m, a.phase).1
}

/// Where the current phase's cell of the phase strip is painted on a screen of `area`.
pub fn strip_current_rect(app: &App, area: Rect) -> Option<Rect> {
    let m = app.meeting()?;
    let strip = if app.present {
        present::areas(app, m, area).strip
    } else {
        meeting::areas(app, m, area).strip
    };
    meeting::strip_cells(app, m, strip)
        .get(m.view.current)
        .copied()
}

/// The ellipsis for cut text: one column wide in every terminal (the usual "…" is
/// ambiguous-width and two columns in a Japanese terminal).
pub(crate) const ELLIPSIS: char = '⋯';

/// `text` cut to `width` columns, ending in [`ELLIPSIS`] if it had to be cut.
pub(crate) fn fit_width(text: &str, width: usize) -> String {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push(ELLIPSIS);
    }
    out
}

/// The notice line, if there is one.
fn notice_line(app: &App) -> Option<Line<'static>> {
    let theme = app.theme();
    app.notice.as_ref().map(|n| match n {
        Notice::Info(msg) => Line::styled(t(app.lang, *msg).to_string(), theme.warning),
        Notice::Text(text) => Line::styled(text.clone(), theme.ok),
        Notice::Error(text) => Line::styled(text.clone(), theme.error),
    })
}

/// `m:ss` for a duration in milliseconds (negative shown without sign; callers add one).
pub(crate) fn mmss(ms: i64) -> String {
    let s = ms.abs() / 1000;
    format!("{:02}:{:02}", s / 60, s % 60)
}

/// `mm:ss` of time left, rounded up to the second: a countdown shows 05:00 as it starts and
/// 00:01 in its last second, and turns exactly when the time used (`mmss`, rounded down)
/// does. Rounded down, a frame drawn on the very millisecond a second turns showed one second
/// more than a frame drawn a moment later, so the room's clock could skip a second or show one
/// twice depending on when the loop woke.
pub(crate) fn mmss_left(ms: i64) -> String {
    let s = (ms.max(0) + 999) / 1000;
    format!("{:02}:{:02}", s / 60, s % 60)
}

/// Whole minutes, rounded to nearest.
pub(crate) fn minutes(ms: i64) -> i64 {
    (ms + 30_000).div_euclid(60_000)
}

/// A rectangle of at most `w`×`h`, centred in `area`.
pub(crate) fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// An overlay: `lines` in a bordered box titled `title`, over whatever is under `rect`.
pub(crate) fn popup(
    frame: &mut Frame,
    app: &App,
    title: crate::i18n::Msg,
    lines: Vec<Line<'_>>,
    rect: Rect,
) {
    use ratatui::text::Span;
    use ratatui::widgets::{Block, Borders, Clear, Paragraph};
    let theme = app.theme();
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focus)
        .title(Span::styled(
            format!(" {} ", t(app.lang, title)),
            theme.title,
        ))
        .style(theme.popup);
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::buffer::Buffer;
    use ratatui::widgets::{Borders, Clear, Widget};

    /// A pop-up whose left border falls on the right half of a kanji: the kanji gives way,
    /// the border is kept, and the buffer is one ratatui's diff sends whole.
    #[test]
    fn a_border_over_half_a_wide_character_is_kept() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 12, 3));
        buf.set_string(0, 1, "事例性の記録", ratatui::style::Style::default());
        let popup = Rect::new(5, 0, 5, 3);
        Clear.render(popup, &mut buf);
        Block::default()
            .borders(Borders::ALL)
            .render(popup, &mut buf);
        assert_eq!(buf[(4, 1)].symbol(), "性");
        keep_well_formed(&mut buf);
        assert_eq!(buf[(4, 1)].symbol(), " ");
        assert_eq!(buf[(5, 1)].symbol(), "│");
        assert_eq!(buf[(2, 1)].symbol(), "例");
        assert_eq!(fit_width("事例性の記録", 7), "事例性⋯");
        assert_eq!(fit_width("abc", 3), "abc");
    }

    /// Cell by cell, as it was first written: what the row-by-row version must do.
    fn well_formed_by_cells(buf: &mut Buffer, rows: std::ops::Range<u16>) {
        use unicode_width::UnicodeWidthStr;
        for y in rows {
            for x in buf.area.left()..buf.area.right().saturating_sub(1) {
                if buf[(x, y)].symbol().width() == 2 && !buf[(x + 1, y)].symbol().trim().is_empty()
                {
                    buf[(x, y)].set_symbol(" ");
                }
            }
        }
    }

    #[test]
    fn rows_are_made_well_formed_as_cell_by_cell() {
        // Japanese, ASCII, an emoji and a fullwidth form under pop-ups at every column, on a
        // buffer that does not start at the origin, for all rows and for some.
        for px in 0..14 {
            for (from, to) in [(2, 7), (3, 5), (4, 4), (5, 7)] {
                let area = Rect::new(1, 2, 14, 5);
                let mut buf = Buffer::empty(area);
                let style = ratatui::style::Style::default();
                buf.set_string(1, 2, "事例性の記録です", style);
                buf.set_string(1, 3, "ab事c😀ｄe", style);
                buf.set_string(1, 4, "保健師", style);
                buf.set_string(3, 5, "来週から通所", style);
                let popup = Rect::new(1 + px, 2, 4.min(14 - px), 4);
                Clear.render(popup, &mut buf);
                Block::default()
                    .borders(Borders::ALL)
                    .render(popup, &mut buf);
                let mut expected = buf.clone();
                well_formed_by_cells(&mut expected, from..to);
                keep_well_formed_rows(&mut buf, from..to);
                assert_eq!(buf, expected, "pop-up at {px}, rows {from}..{to}");
            }
        }
    }
}
