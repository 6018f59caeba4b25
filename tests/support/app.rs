//! Shared helpers for tests that drive the `App` directly: settings with a fixed time zone,
//! typing, choosing a board, and the screen as text.

#![allow(dead_code)] // each test file uses a different subset

use caseconf::app::{Action, App, Settings};
use caseconf::config::theme;
use caseconf::domain::Board;
use caseconf::i18n::Lang;
use caseconf::ui;
use chrono::FixedOffset;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

/// Settings for tests: the default theme and Japan's time zone, so snapshots are stable.
pub fn settings(lang: Lang) -> Settings {
    Settings {
        lang,
        theme: theme::default_theme(),
        no_color: false,
        tz: FixedOffset::east_opt(9 * 3600).expect("a valid offset"),
        config_dir: None,
    }
}

/// Type `text` key by key.
pub fn typ(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Action::Type(c));
    }
}

/// Go to a board with the board chooser, as Ctrl+B and its key would.
pub fn to_board(app: &mut App, b: Board) {
    app.update(Action::OpenBoards);
    let i = Board::ALL.iter().position(|x| *x == b).expect("a board");
    app.update(Action::BoardsTo(i));
}

/// Draw the app into a `w`×`h` test terminal.
pub fn render(app: &App, w: u16, h: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("a test terminal");
    terminal.draw(|f| ui::draw(f, app)).expect("a frame");
    terminal.backend().buffer().clone()
}

/// The buffer as text, one line per row (the second cell of a wide character is skipped).
pub fn text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            out.push_str(sym);
            skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
        }
        out.push('\n');
    }
    out
}

/// The app drawn at `w`×`h`, as text.
pub fn screen(app: &App, w: u16, h: u16) -> String {
    text(&render(app, w, h))
}
