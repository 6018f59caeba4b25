//! A floor for the keystroke benchmark: ratatui with ratatui-textarea and nothing else. It
//! opens the file named on the command line in a full-screen text area (word wrap on, as
//! caseconf's cards are), applies every key to it and redraws; Ctrl+Q quits.
//!
//! `cargo build --release --example minimal_editor`; `benches/pty.rs` types into it and into a
//! caseconf card holding the same text, in the same run.

use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

fn main() -> std::io::Result<()> {
    let path = std::env::args().nth(1);
    let text = path
        .map(std::fs::read_to_string)
        .transpose()?
        .unwrap_or_default();
    let mut area = TextArea::new(text.lines().map(str::to_string).collect());
    area.set_wrap_mode(WrapMode::Glyph);
    area.move_cursor(CursorMove::Top);
    let mut terminal = ratatui::init();
    let result = run(&mut terminal, &mut area);
    ratatui::restore();
    result
}

fn run(terminal: &mut ratatui::DefaultTerminal, area: &mut TextArea) -> std::io::Result<()> {
    loop {
        terminal.draw(|frame| frame.render_widget(&*area, frame.area()))?;
        match event::read()? {
            Event::Key(key) if key.kind == KeyEventKind::Press => {
                if key.code == KeyCode::Char('q') && key.modifiers.contains(KeyModifiers::CONTROL) {
                    return Ok(());
                }
                area.input(key);
            }
            _ => {}
        }
    }
}
