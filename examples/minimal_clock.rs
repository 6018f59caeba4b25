//! A floor for the idle benchmark: the least a ratatui program that shows a running clock
//! does. It redraws `HH:MM:SS` once a second and sleeps in `event::poll` until the next
//! second or a key; `q` quits.
//!
//! `cargo build --release --example minimal_clock`; `benches/pty.rs` compares caseconf's
//! meeting screen with the clock running against it, in the same run.

use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind};
use ratatui::widgets::Paragraph;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

fn main() -> std::io::Result<()> {
    let mut terminal = ratatui::init();
    let result = run(&mut terminal);
    ratatui::restore();
    result
}

fn now_ms() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis())
}

fn run(terminal: &mut ratatui::DefaultTerminal) -> std::io::Result<()> {
    loop {
        let ms = now_ms();
        let s = (ms / 1000) % 86_400;
        let text = format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
        terminal.draw(|frame| frame.render_widget(Paragraph::new(text), frame.area()))?;
        let wait = Duration::from_millis((1000 - ms % 1000) as u64);
        if event::poll(wait)?
            && let Event::Key(key) = event::read()?
            && key.kind == KeyEventKind::Press
            && key.code == KeyCode::Char('q')
        {
            return Ok(());
        }
    }
}
