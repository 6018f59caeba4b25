//! Big digits for the phase clock, readable from the back of a meeting room.
//!
//! Each "pixel" of a 3×5 font is a run of spaces rather than a block glyph such as █ or ▀:
//! block elements are East Asian ambiguous-width characters, which a Japanese terminal may draw
//! two cells wide and so break the layout. The clock is a panel: every cell of its area is
//! painted in the state's style, and a lit pixel is the same style with reversed video toggled.
//! So the digits are always seen against exactly the two colours of the style (its `fg` and
//! `bg`), whatever was drawn there before, and with NO_COLOR they are the terminal's own two
//! colours swapped. A space is one cell everywhere.

use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

const HEIGHT: u16 = 5;

/// The pause sign, drawn as two bars in front of the digits of a paused clock.
pub(crate) const PAUSE: char = '‖';

/// Rows of a glyph, most significant bit on the left; `width` pixels wide.
fn glyph(c: char) -> Option<(u16, [u8; 5])> {
    let rows = match c {
        '0' => [0b111, 0b101, 0b101, 0b101, 0b111],
        '1' => [0b010, 0b110, 0b010, 0b010, 0b111],
        '2' => [0b111, 0b001, 0b111, 0b100, 0b111],
        '3' => [0b111, 0b001, 0b111, 0b001, 0b111],
        '4' => [0b101, 0b101, 0b111, 0b001, 0b001],
        '5' => [0b111, 0b100, 0b111, 0b001, 0b111],
        '6' => [0b111, 0b100, 0b111, 0b101, 0b111],
        '7' => [0b111, 0b001, 0b010, 0b010, 0b010],
        '8' => [0b111, 0b101, 0b111, 0b101, 0b111],
        '9' => [0b111, 0b101, 0b111, 0b001, 0b111],
        '-' => [0b000, 0b000, 0b111, 0b000, 0b000],
        '+' => [0b000, 0b010, 0b111, 0b010, 0b000],
        PAUSE => [0b101, 0b101, 0b101, 0b101, 0b101],
        ':' => return Some((1, [0b0, 0b1, 0b0, 0b1, 0b0])),
        ' ' => return Some((1, [0; 5])),
        _ => return None,
    };
    Some((3, rows))
}

/// The width in font pixels of `text` (glyphs separated by one blank pixel).
fn width_px(text: &str) -> u16 {
    let glyphs: Vec<u16> = text.chars().filter_map(glyph).map(|(w, _)| w).collect();
    glyphs.iter().sum::<u16>() + glyphs.len().saturating_sub(1) as u16
}

/// The style of a lit pixel on a panel of `style`: the same colours, swapped.
pub(crate) fn lit(style: Style) -> Style {
    if style.add_modifier.contains(Modifier::REVERSED) {
        style.remove_modifier(Modifier::REVERSED)
    } else {
        style.add_modifier(Modifier::REVERSED)
    }
}

/// `area` less a row of panel above (and below, when no caption sits there): a lit pixel on
/// the panel's edge would touch whatever is around the panel, and where that has the lit
/// pixel's colour (white digits on a red panel, on a white screen) the digit loses its shape.
fn margined(area: Rect, below: bool) -> Rect {
    let cut = 1 + u16::from(below);
    if area.height < HEIGHT + cut {
        return Rect::new(area.x, area.y, area.width, 0);
    }
    Rect::new(area.x, area.y + 1, area.width, area.height - cut)
}

/// Columns of each side bar of the frame.
const BAR: u16 = 2;

/// Big text centred on a panel, scaled to the largest size that fits, with an optional
/// caption on the panel's last row and an optional frame (a warning that needs no colour).
pub(crate) struct BigClock<'a> {
    pub(crate) text: &'a str,
    /// The panel; lit pixels are [`lit`] of it.
    pub(crate) style: Style,
    /// Bars of lit cells on the left and right of the panel (and rows above and below when
    /// there is room for them without making the digits smaller).
    pub(crate) framed: bool,
    /// A line of text on the panel under the digits ("超過 / 5分").
    pub(crate) caption: Option<&'a str>,
}

impl BigClock<'_> {
    /// The scale (rows per pixel) for `rows` × `cols`; a pixel is two columns per row so the
    /// digits keep their shape on cells about twice as tall as wide.
    fn scale_in(&self, cols: u16, rows: u16) -> u16 {
        let w = width_px(self.text).max(1);
        (rows / HEIGHT).min(cols / (2 * w))
    }

    /// Rows and columns left for the digits in `area`, and whether the frame has rows.
    fn digits_area(&self, area: Rect) -> (Rect, bool) {
        let cap = u16::from(self.caption.is_some());
        let side = if self.framed { BAR } else { 0 };
        let inner = Rect::new(
            area.x + side,
            area.y,
            area.width.saturating_sub(2 * side),
            area.height.saturating_sub(cap),
        );
        if !self.framed || inner.height < 2 {
            return (margined(inner, cap == 0), false);
        }
        // A frame row, then a blank row, so the digits never touch the frame.
        if inner.height < 4 {
            return (inner, false);
        }
        let shorter = Rect::new(inner.x, inner.y + 2, inner.width, inner.height - 4);
        let same_size = self.scale_in(shorter.width, shorter.height)
            == self.scale_in(inner.width, inner.height);
        if same_size {
            (shorter, true)
        } else {
            (margined(inner, cap == 0), false)
        }
    }

    /// The columns the clock needs to show `text` at the largest scale that fits `rows`
    /// (caption and frame included, one blank column each side).
    pub(crate) fn width_for(&self, rows: u16) -> u16 {
        let cap = u16::from(self.caption.is_some());
        let margins = 1 + u16::from(self.caption.is_none());
        let scale = (rows.saturating_sub(cap + margins) / HEIGHT).max(1);
        let side = if self.framed { 2 * BAR } else { 0 };
        width_px(self.text) * 2 * scale + side + 2
    }

    /// Where drawing `self` over `was` in `area` can change a cell: the glyphs that differ,
    /// and the caption's row when the caption differs (`None`: anywhere, the layout moved).
    /// On the projector this is one digit a second, not the whole panel (`ui::reuse`).
    pub(crate) fn changes_from(&self, was: &BigClock, area: Rect) -> Option<Vec<Rect>> {
        if self.style != was.style
            || self.framed != was.framed
            || self.caption.is_some() != was.caption.is_some()
        {
            return None;
        }
        let (digits, rows) = self.digits_area(area);
        if (digits, rows) != was.digits_area(area) {
            return None;
        }
        let scale = self.scale_in(digits.width, digits.height);
        if scale != was.scale_in(digits.width, digits.height) {
            return None;
        }
        let mut out = Vec::new();
        if self.caption != was.caption && area.height > 0 {
            out.push(Rect::new(area.x, area.bottom() - 1, area.width, 1));
        }
        if scale == 0 {
            return Some(out);
        }
        let ours: Vec<_> = self.glyphs(digits, scale).collect();
        let theirs: Vec<_> = was.glyphs(digits, scale).collect();
        if ours.len() != theirs.len() || ours.iter().zip(&theirs).any(|(a, b)| a.0 != b.0) {
            return None;
        }
        out.extend(
            ours.iter()
                .zip(&theirs)
                .filter(|(a, b)| a.2 != b.2)
                .map(|(a, _)| a.0),
        );
        Some(out)
    }

    /// Where each glyph of the text goes in `digits` at `scale` (at least 1): its cells, with
    /// its width in pixels and its rows. Drawing and [`Self::changes_from`] both place glyphs
    /// by this, so they agree on where a digit is.
    fn glyphs(&self, digits: Rect, scale: u16) -> impl Iterator<Item = (Rect, u16, [u8; 5])> {
        let (pw, ph) = (2 * scale, scale);
        let x0 = digits.x + (digits.width - width_px(self.text) * pw) / 2;
        let y0 = digits.y + (digits.height - HEIGHT * ph) / 2;
        let mut x = x0;
        self.text.chars().filter_map(glyph).map(move |(w, rows)| {
            let cells = Rect::new(x, y0, w * pw, HEIGHT * ph);
            x += (w + 1) * pw;
            (cells, w, rows)
        })
    }

    /// Whether the digits fit `area` at the smallest scale.
    pub(crate) fn fits(&self, area: Rect) -> bool {
        let (d, _) = self.digits_area(area);
        self.scale_in(d.width, d.height) >= 1
    }
}

/// Every cell of `r` (clipped to the buffer) made `cell`, a row at a time: the projector
/// paints the clock's whole panel every second (`ui::reuse`), and setting cells one by one
/// (a bounds check, a reset and a style each) was a fifth of that frame's work (callgrind of
/// `caseconf present`).
fn fill(buf: &mut Buffer, r: Rect, cell: &Cell) {
    let r = r.intersection(buf.area);
    let width = usize::from(buf.area.width);
    for y in r.top()..r.bottom() {
        let start = usize::from(y - buf.area.y) * width + usize::from(r.x - buf.area.x);
        if let Some(row) = buf.content.get_mut(start..start + usize::from(r.width)) {
            row.fill(cell.clone());
        }
    }
}

impl Widget for BigClock<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        // The panel first, over whatever was there: the digits are seen against it alone.
        let mut panel = Cell::EMPTY;
        panel.set_style(self.style);
        fill(buf, area, &panel);
        // A lit pixel is a panel cell (all of them are, until the caption) in the lit style.
        let mut on = panel.clone();
        on.set_style(lit(self.style));
        let paint = |r: Rect, buf: &mut Buffer| fill(buf, r, &on);
        let (digits, frame_rows) = self.digits_area(area);
        if self.framed {
            paint(
                Rect::new(area.x, area.y, BAR.min(area.width), area.height),
                buf,
            );
            let right = area.right().saturating_sub(BAR).max(area.x);
            paint(
                Rect::new(right, area.y, area.right() - right, area.height),
                buf,
            );
            if frame_rows {
                paint(Rect::new(area.x, area.y, area.width, 1), buf);
                let bottom = digits.bottom() + 1;
                paint(Rect::new(area.x, bottom, area.width, 1), buf);
            }
        }
        if let Some(caption) = self.caption
            && area.height > 0
        {
            let y = area.bottom() - 1;
            let inner_w = digits.width as usize;
            let text = super::fit_width(caption, inner_w);
            let x = digits.x + (inner_w.saturating_sub(text.width()) / 2) as u16;
            buf.set_stringn(
                x,
                y,
                &text,
                inner_w,
                self.style.add_modifier(Modifier::BOLD),
            );
        }
        let scale = self.scale_in(digits.width, digits.height);
        if scale == 0 {
            return;
        }
        let (pw, ph) = (2 * scale, scale);
        for (cells, w, rows) in self.glyphs(digits, scale) {
            for (row, bits) in rows.iter().enumerate() {
                for col in 0..w {
                    if bits & (1 << (w - 1 - col)) == 0 {
                        continue;
                    }
                    paint(
                        Rect::new(cells.x + col * pw, cells.y + row as u16 * ph, pw, ph),
                        buf,
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(text: &str, w: u16, h: u16) -> Buffer {
        let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
        BigClock {
            text,
            style: Style::default(),
            framed: false,
            caption: None,
        }
        .render(buf.area, &mut buf);
        buf
    }

    fn lit(buf: &Buffer) -> Vec<String> {
        (0..buf.area.height)
            .map(|y| {
                (0..buf.area.width)
                    .map(|x| {
                        if buf[(x, y)].modifier.contains(Modifier::REVERSED) {
                            '#'
                        } else {
                            '.'
                        }
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn draws_digits_at_the_smallest_scale() {
        // "1:0" is 3+1+1+1+3 = 9 pixels = 18 columns at scale 1, five rows, with a row of panel
        // above and below so no lit pixel touches the panel's edge.
        let rows = lit(&render("1:0", 18, 7));
        assert_eq!(rows[0], "..................");
        assert_eq!(rows[1], "..##........######");
        assert_eq!(rows[2], "####....##..##..##");
        assert_eq!(rows[3], "..##........##..##");
        assert_eq!(rows[5], "######......######");
        assert_eq!(rows[6], "..................");
    }

    #[test]
    fn no_lit_pixel_touches_the_panel_edge() {
        for (w, h) in [(18, 7), (40, 12), (70, 20)] {
            let rows = lit(&render("+10:09", w, h));
            let first = rows.first().cloned().unwrap_or_default();
            let last = rows.last().cloned().unwrap_or_default();
            assert!(
                !first.contains('#') && !last.contains('#'),
                "{w}x{h}: {rows:?}"
            );
        }
    }

    #[test]
    fn scales_up_and_reports_fit() {
        let clock = BigClock {
            text: "12:34",
            style: Style::default(),
            framed: false,
            caption: None,
        };
        assert!(!clock.fits(Rect::new(0, 0, 33, 7)));
        assert!(
            !clock.fits(Rect::new(0, 0, 34, 6)),
            "no room for the margins"
        );
        assert!(clock.fits(Rect::new(0, 0, 34, 7)));
        assert_eq!(clock.width_for(12), 70);
        let buf = render("12:34", 70, 10);
        assert!(lit(&buf).iter().any(|r| r.contains('#')));
    }

    #[test]
    fn ignores_unknown_characters_and_tiny_areas() {
        let buf = render("残り", 5, 2);
        assert!(lit(&buf).iter().all(|r| !r.contains('#')));
    }

    /// Whatever was under it (text, wide characters, colours, attributes), every cell of the
    /// clock's area ends as the panel, a lit pixel or the caption, in exactly those styles.
    #[test]
    fn the_panel_covers_what_was_there() {
        use ratatui::style::Color;
        let style = Style::default()
            .fg(Color::White)
            .bg(Color::Red)
            .add_modifier(Modifier::BOLD);
        for framed in [false, true] {
            let mut buf = Buffer::empty(Rect::new(0, 0, 60, 14));
            for y in 0..14 {
                buf.set_string(
                    0,
                    y,
                    "本人ok家賃".repeat(8),
                    Style::default()
                        .fg(Color::Blue)
                        .add_modifier(Modifier::UNDERLINED | Modifier::REVERSED),
                );
            }
            let area = Rect::new(3, 1, 54, 12);
            BigClock {
                text: "+12:34",
                style,
                framed,
                caption: Some("超過 / 5分"),
            }
            .render(area, &mut buf);
            let mut panel = Cell::EMPTY;
            panel.set_style(style);
            let mut on = Cell::EMPTY;
            on.set_style(super::lit(style));
            let mut lit_cells = 0;
            for y in area.top()..area.bottom() {
                for x in area.left()..area.right() {
                    let c = &buf[(x, y)];
                    if y == area.bottom() - 1 && c.symbol() != " " {
                        // The caption, in the panel's colours, bold.
                        assert_eq!(c.fg, Color::White);
                        assert_eq!(c.bg, Color::Red);
                        continue;
                    }
                    if *c == on {
                        lit_cells += 1;
                    } else {
                        assert!(
                            *c == panel || y == area.bottom() - 1,
                            "{framed} ({x}, {y}): {c:?}"
                        );
                    }
                }
            }
            assert!(lit_cells > 40, "{lit_cells}");
            // Outside the area, nothing changed.
            assert_eq!(buf[(0, 0)].symbol(), "本");
            assert_eq!(buf[(2, 5)].fg, Color::Blue);
        }
    }

    /// From one second to the next, drawing the clock changes cells only where
    /// `changes_from` says (one glyph, mostly), and it says nothing when the layout moved.
    #[test]
    fn a_second_changes_only_the_digits_that_changed() {
        let texts = [
            "5:00", "4:59", "4:58", "0:10", "0:09", "0:00", "+0:01", "+0:02", "‖4:58",
        ];
        for framed in [false, true] {
            for caption in [None, Some("残り / 5分"), Some("超過 / 5分")] {
                for (w, h) in [(160, 20), (80, 9), (40, 7)] {
                    let area = Rect::new(0, 0, w, h);
                    let clock = |text| BigClock {
                        text,
                        style: Style::default(),
                        framed,
                        caption,
                    };
                    for pair in texts.windows(2) {
                        let (was, now) = (clock(pair[0]), clock(pair[1]));
                        let mut before = Buffer::empty(area);
                        was.render(area, &mut before);
                        let mut after = before.clone();
                        now.render(area, &mut after);
                        let Some(rects) = clock(pair[1]).changes_from(&clock(pair[0]), area) else {
                            assert_ne!(width_px(pair[0]), width_px(pair[1]), "{pair:?}");
                            continue;
                        };
                        for (x, y, _) in before.diff(&after) {
                            assert!(
                                rects.iter().any(|r| r.contains((x, y).into())),
                                "{pair:?} {framed} {caption:?} {w}x{h}: ({x}, {y}) not in {rects:?}"
                            );
                        }
                        // One glyph changed: one glyph's columns, not the panel.
                        if pair == ["4:59", "4:58"] && h > 7 {
                            assert_eq!(rects.len(), 1, "{rects:?}");
                            assert!(rects[0].width < w / 4, "{rects:?}");
                        }
                    }
                    // A caption that changes is redrawn.
                    let (a, b) = (
                        clock("4:59"),
                        BigClock {
                            caption: Some("超過"),
                            ..clock("4:59")
                        },
                    );
                    if caption.is_some() {
                        let rects = b.changes_from(&a, area).unwrap();
                        assert!(rects.iter().any(|r| r.y == h - 1 && r.width == w));
                    }
                }
            }
        }
    }
}
