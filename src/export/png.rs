//! The pictures of the Word record — the pacing chart, the survey chart and the ecomap — drawn
//! here as PNG (Word shows a PNG everywhere; no chart engine is needed on the reader's side).
//!
//! Text is drawn with a Japanese font found on this computer (Yu Gothic, Meiryo or MS Gothic on
//! Windows, Hiragino on macOS, Noto Sans CJK or IPAex on Linux; `CASECONF_FONT` names another).
//! Without one, the Word record has no pictures and says so; its tables carry the same figures.
//! Pictures are drawn at twice their printed size, so they stay sharp on paper.

use super::labels::L;
use super::layout::{self, EcoLayout, Node, Tie};
use super::report::{Bars, Ecomap, PacingBar, duration};
use crate::i18n::Lang;
use ab_glyph::{Font, FontVec, PxScale, ScaleFont, point};
use std::io::Write;
use std::sync::LazyLock;

/// Where Japanese fonts live on the systems offices use, most preferred first.
const FONT_PATHS: &[&str] = &[
    "C:\\Windows\\Fonts\\YuGothM.ttc",
    "C:\\Windows\\Fonts\\meiryo.ttc",
    "C:\\Windows\\Fonts\\msgothic.ttc",
    "/System/Library/Fonts/ヒラギノ角ゴシック W3.ttc",
    "/System/Library/Fonts/Hiragino Sans GB.ttc",
    "/Library/Fonts/Osaka.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
    "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
];

static FONT: LazyLock<Option<FontVec>> = LazyLock::new(|| {
    let from_env = std::env::var_os("CASECONF_FONT").map(std::path::PathBuf::from);
    from_env
        .into_iter()
        .chain(FONT_PATHS.iter().map(std::path::PathBuf::from))
        .find_map(|path| {
            let bytes = std::fs::read(path).ok()?;
            let font = FontVec::try_from_vec_and_index(bytes, 0).ok()?;
            // A font without kana cannot write the record.
            (font.glyph_id('あ').0 != 0).then_some(font)
        })
});

/// Whether pictures can be drawn (a Japanese font was found).
pub fn available() -> bool {
    FONT.is_some()
}

/// Pixels per logical unit.
const SCALE: f32 = 2.0;

type Rgb = [u8; 3];
const WHITE: Rgb = [255, 255, 255];
const INK: Rgb = [26, 26, 26];
const GREY: Rgb = [136, 136, 136];
const PLANNED: Rgb = [0xb3, 0xc2, 0xd1];
const ACTUAL: Rgb = [0x1f, 0x4e, 0x79];
const OVER: Rgb = [0xc0, 0x39, 0x2b];
const CENTRE_FILL: Rgb = [0xe6, 0xed, 0xf5];

/// A picture being drawn, in logical units (1 unit = 1 CSS pixel of the HTML record).
pub(crate) struct Canvas {
    w: usize,
    h: usize,
    px: Vec<Rgb>,
}

impl Canvas {
    pub(crate) fn new(width: f64, height: f64) -> Self {
        let w = (width as f32 * SCALE).ceil() as usize;
        let h = (height as f32 * SCALE).ceil() as usize;
        Self {
            w,
            h,
            px: vec![WHITE; w * h],
        }
    }

    /// The size in logical units.
    pub(crate) fn size(&self) -> (u32, u32) {
        (
            (self.w as f32 / SCALE) as u32,
            (self.h as f32 / SCALE) as u32,
        )
    }

    fn blend(&mut self, x: i64, y: i64, color: Rgb, alpha: f32) {
        if x < 0 || y < 0 || x as usize >= self.w || y as usize >= self.h || alpha <= 0.0 {
            return;
        }
        let a = alpha.min(1.0);
        let p = &mut self.px[y as usize * self.w + x as usize];
        for i in 0..3 {
            p[i] = (f32::from(p[i]) * (1.0 - a) + f32::from(color[i]) * a).round() as u8;
        }
    }

    pub(crate) fn fill_rect(&mut self, x: f64, y: f64, w: f64, h: f64, color: Rgb) {
        self.rect_with(x, y, w, h, |_, _| Some(color));
    }

    /// Red with white diagonal stripes: over time, readable in black and white.
    pub(crate) fn hatch_rect(&mut self, x: f64, y: f64, w: f64, h: f64) {
        self.rect_with(x, y, w, h, |px, py| {
            Some(if (px + py).rem_euclid(12) < 5 {
                WHITE
            } else {
                OVER
            })
        });
        self.stroke_rect(x, y, w, h, OVER, 0.8);
    }

    fn rect_with(
        &mut self,
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        color: impl Fn(i64, i64) -> Option<Rgb>,
    ) {
        let s = f64::from(SCALE);
        let (x0, y0) = ((x * s).round() as i64, (y * s).round() as i64);
        let (x1, y1) = (((x + w) * s).round() as i64, ((y + h) * s).round() as i64);
        for py in y0..y1 {
            for px in x0..x1 {
                if let Some(c) = color(px, py) {
                    self.blend(px, py, c, 1.0);
                }
            }
        }
    }

    pub(crate) fn stroke_rect(&mut self, x: f64, y: f64, w: f64, h: f64, color: Rgb, width: f64) {
        for (a, b) in [
            ((x, y), (x + w, y)),
            ((x + w, y), (x + w, y + h)),
            ((x + w, y + h), (x, y + h)),
            ((x, y + h), (x, y)),
        ] {
            self.line(a, b, width, color, None);
        }
    }

    /// A line `width` units wide; `dash` is (on, off) in units.
    pub(crate) fn line(
        &mut self,
        a: (f64, f64),
        b: (f64, f64),
        width: f64,
        color: Rgb,
        dash: Option<(f64, f64)>,
    ) {
        let s = f64::from(SCALE);
        let (ax, ay, bx, by) = (a.0 * s, a.1 * s, b.0 * s, b.1 * s);
        let len = ((bx - ax).powi(2) + (by - ay).powi(2)).sqrt();
        if len < 0.5 {
            return;
        }
        let half = width * s / 2.0;
        let (ux, uy) = ((bx - ax) / len, (by - ay) / len);
        let minx = (ax.min(bx) - half - 1.0).floor() as i64;
        let maxx = (ax.max(bx) + half + 1.0).ceil() as i64;
        let miny = (ay.min(by) - half - 1.0).floor() as i64;
        let maxy = (ay.max(by) + half + 1.0).ceil() as i64;
        for py in miny..=maxy {
            for px in minx..=maxx {
                let (dx, dy) = (px as f64 + 0.5 - ax, py as f64 + 0.5 - ay);
                let t = dx * ux + dy * uy;
                if t < 0.0 || t > len {
                    continue;
                }
                if let Some((on, off)) = dash
                    && (t / s).rem_euclid(on + off) > on
                {
                    continue;
                }
                let d = (dx * uy - dy * ux).abs();
                let alpha = (half + 0.5 - d).clamp(0.0, 1.0);
                self.blend(px, py, color, alpha as f32);
            }
        }
    }

    /// A filled ellipse with an outline.
    pub(crate) fn ellipse(
        &mut self,
        centre: (f64, f64),
        radii: (f64, f64),
        fill: Rgb,
        stroke: Rgb,
        width: f64,
    ) {
        let s = f64::from(SCALE);
        let (cx, cy, rx, ry) = (centre.0 * s, centre.1 * s, radii.0 * s, radii.1 * s);
        let w = width * s;
        for py in (cy - ry - w) as i64..=(cy + ry + w) as i64 {
            for px in (cx - rx - w) as i64..=(cx + rx + w) as i64 {
                let (dx, dy) = ((px as f64 + 0.5 - cx) / rx, (py as f64 + 0.5 - cy) / ry);
                let r = (dx * dx + dy * dy).sqrt();
                // Distance from the outline, roughly in pixels.
                let d = (r - 1.0) * rx.min(ry);
                if d < 0.0 {
                    self.blend(px, py, fill, 1.0);
                }
                let alpha = (w / 2.0 + 0.5 - d.abs()).clamp(0.0, 1.0);
                self.blend(px, py, stroke, alpha as f32);
            }
        }
    }

    /// The width of `text` at `size` units.
    pub(crate) fn text_width(&self, text: &str, size: f64) -> f64 {
        let Some(font) = FONT.as_ref() else {
            return 0.0;
        };
        let scaled = font.as_scaled(PxScale::from(size as f32));
        text.chars()
            .map(|c| f64::from(scaled.h_advance(font.glyph_id(c))))
            .sum()
    }

    /// Draw `text` with its baseline at `y`; `anchor` 0 = start at x, 0.5 = centred, 1 = end.
    pub(crate) fn text(&mut self, text: &str, x: f64, y: f64, size: f64, color: Rgb, anchor: f64) {
        let Some(font) = FONT.as_ref() else {
            return;
        };
        let s = f64::from(SCALE);
        let start = x - self.text_width(text, size) * anchor;
        let px_scale = PxScale::from((size * s) as f32);
        let scaled = font.as_scaled(px_scale);
        let mut caret = (start * s) as f32;
        for c in text.chars() {
            let id = font.glyph_id(c);
            let glyph = id.with_scale_and_position(px_scale, point(caret, (y * s) as f32));
            caret += scaled.h_advance(id);
            if let Some(outline) = font.outline_glyph(glyph) {
                let bounds = outline.px_bounds();
                let (ox, oy) = (bounds.min.x as i64, bounds.min.y as i64);
                let mut hits: Vec<(i64, i64, f32)> = Vec::new();
                outline.draw(|gx, gy, coverage| {
                    hits.push((ox + i64::from(gx), oy + i64::from(gy), coverage))
                });
                for (px, py, coverage) in hits {
                    self.blend(px, py, color, coverage);
                }
            }
        }
    }

    /// The picture as PNG bytes (8-bit RGB, no interlace), the same bytes for the same drawing.
    pub(crate) fn png(&self) -> Vec<u8> {
        let mut raw = Vec::with_capacity((self.w * 3 + 1) * self.h);
        for row in self.px.chunks(self.w.max(1)) {
            raw.push(0); // filter: none
            for p in row {
                raw.extend_from_slice(p);
            }
        }
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        // Writing into a Vec cannot fail.
        let _ = z.write_all(&raw);
        let idat = z.finish().unwrap_or_default();
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&(self.w as u32).to_be_bytes());
        ihdr.extend_from_slice(&(self.h as u32).to_be_bytes());
        ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
        chunk(&mut out, b"IHDR", &ihdr);
        chunk(&mut out, b"IDAT", &idat);
        chunk(&mut out, b"IEND", &[]);
        out
    }
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc = crc32fast::Hasher::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(&crc.finalize().to_be_bytes());
}

/// Cut `text` to fit `width` units at `size`, with an ellipsis.
fn fit(c: &Canvas, text: &str, size: f64, width: f64) -> String {
    if c.text_width(text, size) <= width {
        return text.to_string();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let s: String = chars.iter().collect::<String>() + "…";
        if c.text_width(&s, size) <= width {
            return s;
        }
    }
    "…".to_string()
}

/// Planned (light) and actual (dark; hatched red beyond the plan) bars per phase.
pub(crate) fn pacing(bars: &[PacingBar], lang: Lang) -> Canvas {
    let (label_w, bar_w, width, row_h, top) = (220.0, 330.0, 680.0, 34.0, 28.0);
    let mut c = Canvas::new(width, top + row_h * bars.len() as f64 + 8.0);
    let max = bars
        .iter()
        .map(|b| b.planned_ms.max(b.actual_ms))
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let scale = |ms: i64| (ms.max(0) as f64) / max * bar_w;
    c.fill_rect(label_w, 6.0, 14.0, 10.0, PLANNED);
    c.text(
        L::ChartPlanned.text(lang),
        label_w + 18.0,
        15.0,
        12.0,
        INK,
        0.0,
    );
    c.fill_rect(label_w + 90.0, 6.0, 14.0, 10.0, ACTUAL);
    c.text(
        L::ChartActual.text(lang),
        label_w + 108.0,
        15.0,
        12.0,
        INK,
        0.0,
    );
    c.hatch_rect(label_w + 180.0, 6.0, 14.0, 10.0);
    c.text(L::Overrun.text(lang), label_w + 198.0, 15.0, 12.0, INK, 0.0);
    for (i, b) in bars.iter().enumerate() {
        let y = top + row_h * i as f64;
        let label = fit(&c, &format!("{}. {}", i + 1, b.label), 12.0, label_w - 12.0);
        c.text(&label, label_w - 8.0, y + 17.0, 12.0, INK, 1.0);
        let planned = scale(b.planned_ms);
        c.fill_rect(label_w, y, planned, 12.0, PLANNED);
        let within = scale(b.actual_ms.min(b.planned_ms));
        let over = scale(b.actual_ms) - within;
        if b.held {
            c.fill_rect(label_w, y + 14.0, within, 12.0, ACTUAL);
            if over > 0.5 {
                c.hatch_rect(label_w + within, y + 14.0, over, 12.0);
            }
        }
        let actual = if b.held {
            duration(b.actual_ms, lang)
        } else {
            L::NotHeld.text(lang).to_string()
        };
        let figures = format!("{} / {}", duration(b.planned_ms, lang), actual);
        c.text(
            &figures,
            label_w + planned.max(within + over) + 6.0,
            y + 17.0,
            12.0,
            INK,
            0.0,
        );
    }
    c
}

/// One bar per option with its count, and the number of respondents.
pub(crate) fn bars(chart: &Bars, lang: Lang) -> Canvas {
    let (label_w, bar_w, width, row_h, top) = (300.0, 300.0, 680.0, 24.0, 26.0);
    let mut c = Canvas::new(width, top + row_h * chart.bars.len() as f64 + 8.0);
    let max = chart.bars.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1) as f64;
    if let Some(n) = chart.respondents {
        c.text(
            &format!("{} n = {n}", L::ChartRespondents.text(lang)),
            label_w,
            16.0,
            12.0,
            INK,
            0.0,
        );
    }
    for (i, (label, count)) in chart.bars.iter().enumerate() {
        let y = top + row_h * i as f64;
        let w = (*count).max(0) as f64 / max * bar_w;
        let label = fit(&c, label, 12.0, label_w - 12.0);
        c.text(&label, label_w - 8.0, y + 13.0, 12.0, INK, 1.0);
        c.fill_rect(label_w, y + 2.0, w, 14.0, ACTUAL);
        c.text(
            &count.to_string(),
            label_w + w + 6.0,
            y + 13.0,
            12.0,
            INK,
            0.0,
        );
    }
    c
}

fn node_text(c: &mut Canvas, node: &Node) {
    let n = node.lines.len() as f64;
    for (i, line) in node.lines.iter().enumerate() {
        let y = node.y + (i as f64 - (n - 1.0) / 2.0) * 17.0 + 5.0;
        c.text(line, node.x, y, 14.0, INK, 0.5);
    }
}

/// The ecomap, as the HTML record draws it.
pub(crate) fn ecomap(map: &Ecomap) -> Canvas {
    let l: EcoLayout = layout::ecomap(map);
    let mut c = Canvas::new(l.width, l.height);
    let centre = (l.centre.x, l.centre.y);
    for (node, tie) in &l.agencies {
        let end = (node.x, node.y);
        match tie {
            Tie::Current => c.line(centre, end, 2.5, INK, None),
            Tie::Proposed => c.line(centre, end, 2.0, INK, Some((9.0, 6.0))),
            Tie::Listed => c.line(centre, end, 1.0, GREY, Some((2.0, 4.0))),
        }
    }
    for (node, tie) in &l.agencies {
        let (x, y) = (node.x - node.w / 2.0, node.y - node.h / 2.0);
        c.fill_rect(x, y, node.w, node.h, WHITE);
        let border = if *tie == Tie::Listed { GREY } else { ACTUAL };
        c.stroke_rect(x, y, node.w, node.h, border, 1.5);
        node_text(&mut c, node);
    }
    let k = &l.centre;
    c.ellipse((k.x, k.y), (k.w / 2.0, k.h / 2.0), CENTRE_FILL, ACTUAL, 2.5);
    node_text(&mut c, k);
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_has_a_valid_header_and_crc() {
        let mut c = Canvas::new(10.0, 5.0);
        c.fill_rect(0.0, 0.0, 5.0, 5.0, ACTUAL);
        c.line((0.0, 0.0), (10.0, 5.0), 1.0, INK, Some((2.0, 2.0)));
        let png = c.png();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&png[12..16], b"IHDR");
        assert_eq!(u32::from_be_bytes([png[16], png[17], png[18], png[19]]), 20);
        assert_eq!(u32::from_be_bytes([png[20], png[21], png[22], png[23]]), 10);
        let mut crc = crc32fast::Hasher::new();
        crc.update(&png[12..29]);
        assert_eq!(crc.finalize().to_be_bytes(), png[29..33]);
        assert!(png.ends_with(&[0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]));
        assert_eq!(c.png(), png, "the same drawing gives the same bytes");
    }
}
