//! Big digits for the phase clock, readable from the back of a meeting room.
//!
//! Each "pixel" of a 3×5 font is a run of reversed spaces rather than a block glyph such as
//! █ or ▀: block elements are East Asian ambiguous-width characters, which a Japanese terminal
//! may draw two cells wide and so break the layout. A reversed space is one cell everywhere and
//! still shows with NO_COLOR.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::Widget;

const HEIGHT: u16 = 5;

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

/// Big text centred in its area, scaled to the largest size that fits. Renders nothing when
/// even the smallest size does not fit; call [`BigClock::fits`] first to choose a fallback.
pub struct BigClock<'a> {
    pub text: &'a str,
    pub style: Style,
}

impl BigClock<'_> {
    /// The scale (rows per pixel) that fits `area`; a pixel is two columns per row so digits
    /// keep their shape on cells about twice as tall as wide.
    fn scale(&self, area: Rect) -> u16 {
        let w = width_px(self.text).max(1);
        (area.height / HEIGHT).min(area.width / (2 * w))
    }

    pub fn fits(&self, area: Rect) -> bool {
        self.scale(area) >= 1
    }

    /// The height the clock would take in `area`.
    pub fn height(&self, area: Rect) -> u16 {
        self.scale(area) * HEIGHT
    }
}

impl Widget for BigClock<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let scale = self.scale(area);
        if scale == 0 {
            return;
        }
        let (pw, ph) = (2 * scale, scale);
        let total_w = width_px(self.text) * pw;
        let x0 = area.x + (area.width - total_w) / 2;
        let y0 = area.y + (area.height - HEIGHT * ph) / 2;
        let on = self.style.add_modifier(Modifier::REVERSED);
        let mut x = x0;
        for (w, rows) in self.text.chars().filter_map(glyph) {
            for (row, bits) in rows.iter().enumerate() {
                for col in 0..w {
                    if bits & (1 << (w - 1 - col)) == 0 {
                        continue;
                    }
                    let cell = Rect::new(x + col * pw, y0 + row as u16 * ph, pw, ph);
                    for yy in cell.top()..cell.bottom() {
                        for xx in cell.left()..cell.right() {
                            if let Some(c) = buf.cell_mut((xx, yy)) {
                                c.set_symbol(" ").set_style(on);
                            }
                        }
                    }
                }
            }
            x += (w + 1) * pw;
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
        // "1:0" is 3+1+1+1+3 = 9 pixels = 18 columns at scale 1.
        let rows = lit(&render("1:0", 18, 5));
        assert_eq!(rows[0], "..##........######");
        assert_eq!(rows[1], "####....##..##..##");
        assert_eq!(rows[2], "..##........##..##");
        assert_eq!(rows[4], "######......######");
    }

    #[test]
    fn scales_up_and_reports_fit() {
        let clock = BigClock {
            text: "12:34",
            style: Style::default(),
        };
        assert!(!clock.fits(Rect::new(0, 0, 33, 5)));
        assert!(clock.fits(Rect::new(0, 0, 34, 5)));
        assert_eq!(clock.height(Rect::new(0, 0, 200, 12)), 10);
        let buf = render("12:34", 70, 10);
        assert!(lit(&buf).iter().any(|r| r.contains('#')));
    }

    #[test]
    fn ignores_unknown_characters_and_tiny_areas() {
        let buf = render("残り", 5, 2);
        assert!(lit(&buf).iter().all(|r| !r.contains('#')));
    }
}
