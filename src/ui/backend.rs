//! The terminal backend of the program: ratatui's crossterm backend, writing fewer bytes for
//! the same screen (BENCHMARKS.md: the budget is 200 bytes per typed character).
//!
//! * ratatui moves the cursor explicitly after every double-width character (`ESC[row;colH`,
//!   8 bytes after a 3-byte kanji). After a kanji, kana or fullwidth form, whose width every
//!   terminal agrees is two columns, the next cell is where the cursor already is: no move is
//!   written. Any other symbol is handled exactly as ratatui does (an emoji, whose width
//!   terminals disagree on, keeps its explicit move).
//! * ratatui shows the cursor and moves it to its place after every frame, and resets the
//!   colours with four sequences; here a shown cursor is not shown again, a cursor already in
//!   its place (typing at the end of a line leaves it there) is not moved, and one reset does.
//!
//! Colours, attributes and text are written as ratatui's crossterm backend writes them.

use crossterm::cursor::{Hide, MoveTo, Show};
use crossterm::style::{Attribute, Colors, Print, SetAttribute, SetColors, SetUnderlineColor};
use crossterm::terminal::Clear;
use crossterm::{execute, queue};
use ratatui::backend::{Backend, ClearType, IntoCrossterm, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};
use std::io::{self, Write};

pub struct Lean<W: Write> {
    writer: W,
    /// Where the terminal's cursor is, when known for sure.
    cursor: Option<Position>,
    /// Whether the cursor is shown, when known.
    shown: Option<bool>,
    /// The terminal's width as last known; 0 until then.
    width: std::cell::Cell<u16>,
    /// The terminal's size: asked once, then kept up to date by resize events.
    size: std::cell::Cell<Option<Size>>,
    /// What the terminal shows, cell by cell, as far as this backend wrote it: see [`Shadow`].
    shadow: Shadow,
}

/// The screen as the terminal shows it, to repair what a terminal erases by itself. Writing
/// over half of a double-width character makes the terminal blank its other half (in the
/// terminal's default colours), a cell ratatui believes unchanged and never sends again: a
/// "stale" cell, black on a dark terminal, until a full redraw. The shadow notices when a
/// write destroys a neighbour's half and the frame then repaints that cell.
#[derive(Default)]
struct Shadow {
    width: usize,
    /// Per cell: what was written there, and whether it is the right half of a wide
    /// character written in the cell before (then the cell holds a blank in that character's
    /// style: what shows once the character is gone).
    cells: Vec<(Cell, bool)>,
}

impl Shadow {
    fn reset(&mut self, width: u16) {
        self.width = usize::from(width);
        self.cells.clear();
    }

    fn index(&mut self, x: u16, y: u16) -> Option<usize> {
        if self.width == 0 || usize::from(x) >= self.width {
            return None;
        }
        let i = usize::from(y) * self.width + usize::from(x);
        if i >= self.cells.len() {
            self.cells.resize(i + self.width, (Cell::EMPTY, false));
        }
        Some(i)
    }

    fn get(&mut self, x: u16, y: u16) -> Option<(Cell, bool)> {
        let i = self.index(x, y)?;
        self.cells.get(i).cloned()
    }

    fn set(&mut self, x: u16, y: u16, cell: Cell, covered: bool) {
        if let Some(i) = self.index(x, y)
            && let Some(slot) = self.cells.get_mut(i)
        {
            *slot = (cell, covered);
        }
    }

    /// Record `cell` written at (x, y); returns the cells the terminal blanked by itself.
    fn write(&mut self, x: u16, y: u16, cell: &Cell) -> Vec<(u16, u16)> {
        let mut blanked = Vec::new();
        let w = cell_columns(cell.symbol());
        let blank = |c: &Cell| {
            let mut b = Cell::EMPTY;
            b.set_style(c.style());
            b
        };
        // Over the right half of a wide character: that character is gone.
        if let Some((_, true)) = self.get(x, y)
            && x > 0
            && let Some((left, false)) = self.get(x - 1, y)
        {
            self.set(x - 1, y, blank(&left), false);
            blanked.push((x - 1, y));
        }
        // A wide character replaced by a narrow one: its right half is bare.
        if let Some((old, false)) = self.get(x, y)
            && cell_columns(old.symbol()) == 2
            && w == 1
            && let Some((right, true)) = self.get(x + 1, y)
        {
            self.set(x + 1, y, right, false);
            blanked.push((x + 1, y));
        }
        // A wide character over the left half of another wide character.
        if w == 2
            && let Some((next, false)) = self.get(x + 1, y)
            && cell_columns(next.symbol()) == 2
            && let Some((right, true)) = self.get(x + 2, y)
        {
            self.set(x + 2, y, right, false);
            blanked.push((x + 2, y));
        }
        self.set(x, y, cell.clone(), false);
        if w == 2 {
            self.set(x + 1, y, blank(cell), true);
        }
        blanked
    }
}

/// Columns a cell's symbol takes on screen (1 or 2).
fn cell_columns(symbol: &str) -> usize {
    use unicode_width::UnicodeWidthStr;
    symbol.width().clamp(1, 2)
}

impl<W: Write> Lean<W> {
    pub fn new(writer: W) -> Lean<W> {
        Lean {
            writer,
            cursor: None,
            shown: None,
            width: std::cell::Cell::new(0),
            size: std::cell::Cell::new(None),
            shadow: Shadow::default(),
        }
    }

    /// The terminal changed size (a resize event says to what).
    pub(crate) fn resized(&mut self, width: u16, height: u16) {
        self.width.set(width);
        self.size.set(Some(Size { width, height }));
    }

    /// Set the width (a terminal whose size cannot be asked, as in the benchmarks).
    pub fn with_width(self, width: u16) -> Lean<W> {
        self.width.set(width);
        self
    }

    /// Where the cursor is shown after the last frame; `None` when it is hidden.
    pub(crate) fn cursor_shown(&self) -> Option<Position> {
        if self.shown == Some(true) {
            self.cursor
        } else {
            None
        }
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

/// The attributes to turn off and on to go from `from` to `to`, as ratatui's crossterm
/// backend writes them.
fn modifier_diff(w: &mut impl Write, from: Modifier, to: Modifier) -> io::Result<()> {
    let removed = from - to;
    if removed.contains(Modifier::REVERSED) {
        queue!(w, SetAttribute(Attribute::NoReverse))?;
    }
    let reset_intensity = removed.contains(Modifier::BOLD) || removed.contains(Modifier::DIM);
    if reset_intensity {
        // Bold and dim are both reset by normal intensity; what remains is set again.
        queue!(w, SetAttribute(Attribute::NormalIntensity))?;
        if to.contains(Modifier::DIM) {
            queue!(w, SetAttribute(Attribute::Dim))?;
        }
        if to.contains(Modifier::BOLD) {
            queue!(w, SetAttribute(Attribute::Bold))?;
        }
    }
    if removed.contains(Modifier::ITALIC) {
        queue!(w, SetAttribute(Attribute::NoItalic))?;
    }
    if removed.contains(Modifier::UNDERLINED) {
        queue!(w, SetAttribute(Attribute::NoUnderline))?;
    }
    if removed.contains(Modifier::CROSSED_OUT) {
        queue!(w, SetAttribute(Attribute::NotCrossedOut))?;
    }
    if removed.contains(Modifier::HIDDEN) {
        queue!(w, SetAttribute(Attribute::NoHidden))?;
    }
    if removed.contains(Modifier::SLOW_BLINK) || removed.contains(Modifier::RAPID_BLINK) {
        queue!(w, SetAttribute(Attribute::NoBlink))?;
    }
    let added = to - from;
    if added.contains(Modifier::REVERSED) {
        queue!(w, SetAttribute(Attribute::Reverse))?;
    }
    if added.contains(Modifier::BOLD) && !reset_intensity {
        queue!(w, SetAttribute(Attribute::Bold))?;
    }
    if added.contains(Modifier::ITALIC) {
        queue!(w, SetAttribute(Attribute::Italic))?;
    }
    if added.contains(Modifier::UNDERLINED) {
        queue!(w, SetAttribute(Attribute::Underlined))?;
    }
    if added.contains(Modifier::DIM) && !reset_intensity {
        queue!(w, SetAttribute(Attribute::Dim))?;
    }
    if added.contains(Modifier::CROSSED_OUT) {
        queue!(w, SetAttribute(Attribute::CrossedOut))?;
    }
    if added.contains(Modifier::HIDDEN) {
        queue!(w, SetAttribute(Attribute::Hidden))?;
    }
    if added.contains(Modifier::SLOW_BLINK) {
        queue!(w, SetAttribute(Attribute::SlowBlink))?;
    }
    if added.contains(Modifier::RAPID_BLINK) {
        queue!(w, SetAttribute(Attribute::RapidBlink))?;
    }
    Ok(())
}

/// The state of the terminal's pen while a frame is written: attributes in force, where the
/// next character goes without a move, where the cursor is for sure.
struct Pen {
    fg: Color,
    bg: Color,
    underline: Color,
    modifier: Modifier,
    /// Where the next cell goes without a move: ratatui's rule (the next column) except after
    /// a wide character, two columns on.
    next: Option<(u16, u16)>,
    cursor: Option<Position>,
    width: u16,
}

impl Pen {
    fn put(&mut self, w: &mut impl Write, x: u16, y: u16, cell: &Cell) -> io::Result<()> {
        if self.next != Some((x, y)) {
            queue!(w, MoveTo(x, y))?;
        }
        if cell.modifier != self.modifier {
            modifier_diff(w, self.modifier, cell.modifier)?;
            self.modifier = cell.modifier;
        }
        if cell.fg != self.fg || cell.bg != self.bg {
            queue!(
                w,
                SetColors(Colors::new(
                    cell.fg.into_crossterm(),
                    cell.bg.into_crossterm()
                ))
            )?;
            self.fg = cell.fg;
            self.bg = cell.bg;
        }
        if cell.underline_color != self.underline {
            queue!(w, SetUnderlineColor(cell.underline_color.into_crossterm()))?;
            self.underline = cell.underline_color;
        }
        let symbol = cell.symbol();
        queue!(w, Print(symbol))?;
        let advance = advance(symbol);
        self.next = Some((x.saturating_add(advance.unwrap_or(1)), y));
        // At the right edge terminals differ (a pending wrap): the place is unknown.
        self.cursor = advance
            .map(|a| x.saturating_add(a))
            .filter(|&nx| nx < self.width)
            .map(|nx| Position::new(nx, y));
        Ok(())
    }
}

impl<W: Write> Backend for Lean<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        if self.shadow.width != usize::from(self.width.get()) {
            self.shadow.reset(self.width.get());
        }
        let mut pen = Pen {
            fg: Color::Reset,
            bg: Color::Reset,
            underline: Color::Reset,
            modifier: Modifier::empty(),
            next: None,
            cursor: self.cursor,
            width: self.width.get(),
        };
        // Cells the terminal blanked by itself and nothing in this frame wrote again.
        let mut blanked: Vec<(u16, u16)> = Vec::new();
        for (x, y, cell) in content {
            pen.put(&mut self.writer, x, y, cell)?;
            blanked.retain(|&p| p != (x, y));
            if cell_columns(cell.symbol()) == 2 {
                blanked.retain(|&p| p != (x + 1, y));
            }
            blanked.extend(self.shadow.write(x, y, cell));
        }
        // Repaint them as the shadow says they should look (left to right, so a repaint
        // never blanks another).
        blanked.sort_by_key(|&(x, y)| (y, x));
        blanked.dedup();
        for (x, y) in blanked {
            if let Some((cell, false)) = self.shadow.get(x, y) {
                pen.put(&mut self.writer, x, y, &cell)?;
            }
        }
        self.cursor = pen.cursor;
        if pen.next.is_some() {
            // One reset for the colours and attributes (ratatui writes four).
            queue!(self.writer, SetAttribute(Attribute::Reset))?;
        }
        Ok(())
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.cursor = None;
        for _ in 0..n {
            queue!(self.writer, Print("\n"))?;
        }
        self.writer.flush()
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.shown != Some(false) {
            execute!(self.writer, Hide)?;
            self.shown = Some(false);
        }
        Ok(())
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if self.shown != Some(true) {
            execute!(self.writer, Show)?;
            self.shown = Some(true);
        }
        Ok(())
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        let (x, y) = crossterm::cursor::position()?;
        self.cursor = Some(Position::new(x, y));
        Ok(Position::new(x, y))
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let position = position.into();
        if self.cursor != Some(position) {
            execute!(self.writer, MoveTo(position.x, position.y))?;
            self.cursor = Some(position);
        }
        Ok(())
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        use crossterm::terminal::ClearType as C;
        self.cursor = None;
        // Whatever the shadow knew of the cleared part is gone; ratatui redraws it all.
        self.shadow.reset(self.width.get());
        execute!(
            self.writer,
            Clear(match clear_type {
                ClearType::All => C::All,
                ClearType::AfterCursor => C::FromCursorDown,
                ClearType::BeforeCursor => C::FromCursorUp,
                ClearType::CurrentLine => C::CurrentLine,
                ClearType::UntilNewLine => C::UntilNewLine,
            })
        )
    }

    /// The terminal's size, asked once and then kept: ratatui asks before every frame, and
    /// asking the terminal opens it each time. A resize event brings the new size
    /// ([`Lean::resized`]).
    fn size(&self) -> io::Result<Size> {
        if let Some(size) = self.size.get() {
            return Ok(size);
        }
        let (width, height) = crossterm::terminal::size()?;
        self.width.set(width);
        let size = Size { width, height };
        self.size.set(Some(size));
        Ok(size)
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        let crossterm::terminal::WindowSize {
            columns,
            rows,
            width,
            height,
        } = crossterm::terminal::window_size()?;
        Ok(WindowSize {
            columns_rows: Size {
                width: columns,
                height: rows,
            },
            pixels: Size { width, height },
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::style::{Color, Modifier, Style};
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
        if lean {
            let lean = Lean::new(out.clone()).with_width(w);
            let mut t = Terminal::with_options(lean, options()).unwrap();
            for text in lines {
                t.draw(|f| draw(f, text)).unwrap();
            }
        } else {
            let backend = ratatui::backend::CrosstermBackend::new(out.clone());
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
        let loud = Style::default()
            .add_modifier(Modifier::BOLD | Modifier::REVERSED | Modifier::UNDERLINED)
            .underline_color(Color::Blue);
        let frames_text: Vec<Vec<Line<'static>>> = vec![
            vec![
                Line::from("家賃を滞納 rent 😀 ok"),
                Line::styled("事例性。①■", red),
            ],
            vec![
                Line::from("家賃を滞納 rent 😀 ok!"),
                Line::styled("疾病性、ｱＡ", loud),
            ],
            vec![Line::from("家賃を払った"), Line::styled("事例性。①■", red)],
        ];
        let plain = frames(false, &frames_text);
        let lean = frames(true, &frames_text);
        // The same text in the same cells, and the cursor in the same place. (The lean bytes
        // also repaint a cell the emoji's removal blanked, which this simple model of a
        // terminal does not blank: compare the colours below with a terminal that does.)
        let symbols = |(grid, cursor): (Grid, (usize, usize))| {
            let text: Vec<Vec<String>> = grid
                .into_iter()
                .map(|row| row.into_iter().map(|(c, _)| c).collect())
                .collect();
            (text, cursor)
        };
        assert_eq!(
            symbols(screen(&lean, 24, 3)),
            symbols(screen(&plain, 24, 3))
        );
        let last = frames(true, &frames_text[frames_text.len() - 1..]);
        assert_eq!(terminal(&lean, 24, 3), terminal(&last, 24, 3));
        assert!(lean.len() < plain.len(), "{} < {}", lean.len(), plain.len());
    }

    /// A terminal as tmux behaves: writing over either half of a double-width character
    /// blanks its other half in the default colours. Each cell's text and SGR; right halves
    /// of wide characters are "".
    fn terminal(bytes: &[u8], w: usize, h: usize) -> Grid {
        let text = String::from_utf8_lossy(bytes);
        let blank = || (" ".to_string(), String::new());
        let mut grid = vec![vec![blank(); w]; h];
        let (mut x, mut y) = (0usize, 0usize);
        // The pen as a terminal keeps it: colours and attributes in force.
        let (mut fg, mut bg) = (String::new(), String::new());
        let mut attrs: std::collections::BTreeSet<String> = Default::default();
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
                    'm' => {
                        let ps: Vec<&str> = params.split(';').collect();
                        let mut i = 0;
                        while i < ps.len() {
                            match ps[i] {
                                "0" | "" => {
                                    fg.clear();
                                    bg.clear();
                                    attrs.clear();
                                }
                                p @ ("38" | "48") => {
                                    let n = if ps.get(i + 1) == Some(&"5") { 3 } else { 5 };
                                    let value = ps[i + 1..(i + n).min(ps.len())].join(";");
                                    if p == "38" {
                                        fg = value;
                                    } else {
                                        bg = value;
                                    }
                                    i += n - 1;
                                }
                                "39" => fg.clear(),
                                "49" => bg.clear(),
                                a => {
                                    attrs.insert(a.to_string());
                                }
                            }
                            i += 1;
                        }
                        sgr = format!("{fg}|{bg}|{attrs:?}");
                        if fg.is_empty() && bg.is_empty() && attrs.is_empty() {
                            sgr.clear();
                        }
                    }
                    _ => {}
                }
                continue;
            }
            let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(1);
            let row = &mut grid[y];
            if row[x].0.is_empty() && x > 0 {
                row[x - 1] = blank();
            }
            if x + 1 < w && row[x + 1].0.is_empty() && cw == 1 {
                row[x + 1] = blank();
            }
            if cw == 2 && x + 2 < w && row[x + 2].0.is_empty() {
                row[x + 2] = blank();
            }
            row[x] = (c.to_string(), sgr.clone());
            if cw == 2 && x + 1 < w {
                row[x + 1] = (String::new(), sgr.clone());
            }
            x += cw;
        }
        grid
    }

    /// Frame after frame, what the terminal shows is what a fresh drawing of the last frame
    /// shows: no cell is left blanked by a wide character written over another (the footer
    /// going from "閉じる" to "再開" left a default-coloured cell behind).
    #[test]
    fn no_stale_cells_next_to_wide_characters() {
        let themed = Style::default()
            .fg(Color::Rgb(17, 17, 17))
            .bg(Color::Rgb(255, 255, 255));
        let cases: Vec<Vec<&str>> = vec![
            vec![" Esc 閉じる ↑ 選択", " F5 再開 F8 次へ"],
            vec!["家賃を滞納した", "a家賃", "家賃を", "ab"],
            vec!["ab家", "a家c", "家家家", " 家家"],
        ];
        for texts in cases {
            let (w, h) = (24u16, 1u16);
            let lines: Vec<Vec<Line<'static>>> = texts
                .iter()
                .map(|t| vec![Line::styled(t.to_string(), themed)])
                .collect();
            let draw_all = |frames: &[Vec<Line<'static>>]| {
                let out = Shared::default();
                let lean = Lean::new(out.clone()).with_width(w);
                let options = ratatui::TerminalOptions {
                    viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, w, h)),
                };
                let mut t = Terminal::with_options(lean, options).unwrap();
                for text in frames {
                    t.draw(|f| {
                        f.render_widget(Paragraph::new(text.clone()).style(themed), f.area())
                    })
                    .unwrap();
                }
                let bytes = out.0.borrow().clone();
                terminal(&bytes, w as usize, h as usize)
            };
            let incremental = draw_all(&lines);
            let fresh = draw_all(&lines[lines.len() - 1..]);
            assert_eq!(incremental, fresh, "{texts:?}");
        }
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
}
