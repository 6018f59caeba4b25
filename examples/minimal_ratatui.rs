//! The floor for the benchmarks: the least a ratatui program does. It enters the
//! terminal as ratatui's `init` does (raw mode, alternate screen), draws one empty frame and
//! waits for `q`, sleeping in `event::read`.
//!
//! `cargo build --release --example minimal_ratatui`; `benches/pty.rs` and `benches/frame.rs`
//! compare caseconf with it.

use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind};

fn main() -> std::io::Result<()> {
    let mut terminal = ratatui::init();
    let result = run(&mut terminal);
    ratatui::restore();
    result
}

fn run(terminal: &mut ratatui::DefaultTerminal) -> std::io::Result<()> {
    terminal.draw(|_frame| {})?;
    loop {
        if let Event::Key(key) = event::read()?
            && key.kind == KeyEventKind::Press
            && key.code == KeyCode::Char('q')
        {
            return Ok(());
        }
    }
}
