//! A thin layer over the terminal backend that writes fewer bytes for the same screen (issue 8,
//! BENCHMARKS.md: the budget is 200 bytes per typed character).
//!
//! * ratatui moves the cursor explicitly after every double-width character (`ESC[row;colH`,
//!   8 bytes after a 3-byte kanji): after a kanji or kana, whose width every terminal agrees is
//!   two columns, the next cell is where the cursor already is, so this layer hands the backend
//!   an empty filler for the column the character covers, and no move is written. Any other
//!   wide symbol (emoji, whose width terminals disagree on) keeps ratatui's explicit move.
//! * ratatui shows the cursor and moves it to its place after every frame; when it is already
//!   shown, or already there (typing at the end of a line leaves it there), nothing is written.
//!
//! Everything else goes to the wrapped backend unchanged.

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};

pub struct Lean<B> {
    inner: B,
    /// Where the terminal's cursor is, when known for sure.
    cursor: Option<Position>,
    /// Whether the cursor is shown, when known.
    shown: Option<bool>,
    /// The terminal's width as last asked (ratatui asks before every frame); 0 until then.
    width: std::cell::Cell<u16>,
}

impl<B> Lean<B> {
    pub fn new(inner: B) -> Lean<B> {
        Lean {
            inner,
            cursor: None,
            shown: None,
            width: std::cell::Cell::new(0),
        }
    }

    pub fn inner(&self) -> &B {
        &self.inner
    }
}

/// Characters two columns wide in every terminal (East Asian Wide or Fullwidth): Japanese
/// punctuation, kana, kanji and fullwidth forms. The test below checks each against the table.
const WIDE: [(char, char); 7] = [
    ('\u{3000}', '\u{3029}'),
    ('\u{3030}', '\u{303e}'),
    ('\u{3041}', '\u{3096}'),
    ('\u{309b}', '\u{30ff}'),
    ('\u{4e00}', '\u{9fff}'),
    ('\u{ff01}', '\u{ff60}'),
    ('\u{ffe0}', '\u{ffe6}'),
];

/// Columns the terminal's cursor advances for `symbol`, when certain: one for printable ASCII,
/// two for the [`WIDE`] characters.
fn advance(symbol: &str) -> Option<u16> {
    let mut chars = symbol.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return None;
    };
    if (' '..='~').contains(&c) {
        Some(1)
    } else if WIDE.iter().any(|(a, b)| (*a..=*b).contains(&c)) {
        Some(2)
    } else {
        None
    }
}

impl<B: Backend> Backend for Lean<B> {
    type Error = B::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let cells: Vec<(u16, u16, &'a Cell)> = content.collect();
        // After a kanji directly followed by the next cell on its row, a filler for the column
        // it covers: the same style (so no colour is written) and no text.
        let wide_then_next = |i: usize| {
            let (x, y, cell) = cells[i];
            cells.get(i + 1).is_some_and(|&(nx, ny, _)| {
                ny == y && nx == x.saturating_add(2) && advance(cell.symbol()) == Some(2)
            })
        };
        let fillers: Vec<Cell> = (0..cells.len())
            .filter(|&i| wide_then_next(i))
            .map(|i| {
                let mut filler = cells[i].2.clone();
                filler.set_symbol("");
                filler
            })
            .collect();
        let mut merged = Vec::with_capacity(cells.len() + fillers.len());
        let mut next_filler = fillers.iter();
        for (i, &(x, y, cell)) in cells.iter().enumerate() {
            merged.push((x, y, cell));
            if wide_then_next(i)
                && let Some(filler) = next_filler.next()
            {
                merged.push((x + 1, y, filler));
            }
        }
        // Where the cursor is after the last character written (unknown at the right edge,
        // where terminals differ, or after a symbol of uncertain width).
        if let Some(&(x, y, cell)) = merged.last() {
            let width = self.width.get();
            self.cursor = advance(cell.symbol())
                .map(|w| x.saturating_add(w))
                .filter(|&nx| nx < width)
                .map(|nx| Position::new(nx, y));
        }
        self.inner.draw(merged.into_iter())
    }

    fn append_lines(&mut self, n: u16) -> Result<(), Self::Error> {
        self.cursor = None;
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        if self.shown == Some(false) {
            return Ok(());
        }
        self.inner.hide_cursor()?;
        self.shown = Some(false);
        Ok(())
    }

    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        if self.shown == Some(true) {
            return Ok(());
        }
        self.inner.show_cursor()?;
        self.shown = Some(true);
        Ok(())
    }

    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        let position = self.inner.get_cursor_position()?;
        self.cursor = Some(position);
        Ok(position)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        let position = position.into();
        if self.cursor == Some(position) {
            return Ok(());
        }
        self.inner.set_cursor_position(position)?;
        self.cursor = Some(position);
        Ok(())
    }

    fn clear(&mut self) -> Result<(), Self::Error> {
        self.cursor = None;
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.cursor = None;
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> Result<Size, Self::Error> {
        let size = self.inner.size()?;
        self.width.set(size.width);
        Ok(size)
    }

    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> Result<(), Self::Error> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::style::{Color, Style};
    use ratatui::text::Line;
    use ratatui::widgets::Paragraph;

    /// A terminal of `w` columns for the bytes the crossterm backend writes: cursor moves,
    /// colours (kept as the SGR text in force) and printed text, kanji two columns wide. What
    /// each cell shows, and where the cursor is left.
    /// Each cell's text and the SGR in force when it was written.
    type Grid = Vec<Vec<(String, String)>>;

    fn screen(bytes: &[u8], w: usize, h: usize) -> (Grid, (usize, usize)) {
        let text = String::from_utf8_lossy(bytes);
        let mut grid = vec![vec![(" ".to_string(), String::new()); w]; h];
        let (mut x, mut y) = (0usize, 0usize);
        let mut sgr = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\u{1b}' {
                assert_eq!(chars.next(), Some('['));
                let mut params = String::new();
                let end = loop {
                    let c = chars.next().unwrap();
                    if c.is_ascii_alphabetic() {
                        break c;
                    }
                    params.push(c);
                };
                match end {
                    'H' => {
                        let (r, c) = params.split_once(';').unwrap();
                        y = r.parse::<usize>().unwrap() - 1;
                        x = c.parse::<usize>().unwrap() - 1;
                    }
                    'm' if params == "0" => sgr.clear(),
                    'm' => sgr.push_str(&format!("[{params}]")),
                    _ => {} // cursor shown or hidden
                }
                continue;
            }
            let width = advance(&c.to_string()).unwrap_or(1) as usize;
            grid[y][x] = (c.to_string(), sgr.clone());
            x += width;
        }
        (grid, (x, y))
    }

    /// What the backend writes, kept where the test can read it.
    #[derive(Clone, Default)]
    struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

    impl std::io::Write for Shared {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn frames(lean: bool, lines: &[Vec<Line<'static>>]) -> Vec<u8> {
        let (w, h) = (24u16, 3u16);
        let options = || ratatui::TerminalOptions {
            viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, w, h)),
        };
        let draw = |f: &mut ratatui::Frame, text: &[Line<'static>]| {
            f.render_widget(Paragraph::new(text.to_vec()), f.area());
            f.set_cursor_position((3, 1));
        };
        let out = Shared::default();
        let backend = ratatui::backend::CrosstermBackend::new(out.clone());
        if lean {
            let lean = Lean::new(backend);
            lean.width.set(w);
            let mut t = Terminal::with_options(lean, options()).unwrap();
            for text in lines {
                t.draw(|f| draw(f, text)).unwrap();
            }
        } else {
            let mut t = Terminal::with_options(backend, options()).unwrap();
            for text in lines {
                t.draw(|f| draw(f, text)).unwrap();
            }
        }
        out.0.borrow().clone()
    }

    /// Frame after frame, the lean bytes put the same text in the same colours in the same
    /// cells, and the cursor in the same place, as ratatui's own, in fewer bytes.
    #[test]
    fn the_same_screen_in_fewer_bytes() {
        let red = Style::default().fg(Color::Red).bg(Color::Rgb(1, 2, 3));
        let frames_text: Vec<Vec<Line<'static>>> = vec![
            vec![
                Line::from("家賃を滞納 rent 😀 ok"),
                Line::styled("事例性。①■", red),
            ],
            vec![
                Line::from("家賃を滞納 rent 😀 ok!"),
                Line::from("疾病性、ｱＡ"),
            ],
            vec![Line::from("家賃を払った"), Line::styled("事例性。①■", red)],
        ];
        let plain = frames(false, &frames_text);
        let lean = frames(true, &frames_text);
        assert_eq!(screen(&lean, 24, 3), screen(&plain, 24, 3));
        assert!(lean.len() < plain.len(), "{} < {}", lean.len(), plain.len());
    }

    #[test]
    fn wide_characters_are_wide_in_the_table() {
        use unicode_width::UnicodeWidthChar;
        for (a, b) in WIDE {
            for c in a..=b {
                assert_eq!(c.width(), Some(2), "{c:?} U+{:04X}", c as u32);
            }
        }
    }

    #[test]
    fn ratatui_test_backend_still_works_through_it() {
        let mut t = Terminal::new(Lean::new(TestBackend::new(10, 2))).unwrap();
        t.draw(|f| f.render_widget(Paragraph::new("家賃 ok"), f.area()))
            .unwrap();
        assert_eq!(t.backend().inner().buffer()[(0, 0)].symbol(), "家");
    }
}
