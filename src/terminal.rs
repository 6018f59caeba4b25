//! The one place that touches the real terminal: checks, raw mode, the alternate screen,
//! bracketed paste, restoring on exit and on panic, and the quit signals.
//!
//! Everything else draws into a `ratatui::Frame` and never writes to stdout, so tests can
//! render the same code into a `TestBackend`.

use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Why the full-screen program cannot start in this terminal.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum Unusable {
    #[error(
        "the meeting screen needs an interactive terminal (its input or output is redirected). \
         Run caseconf directly in a terminal, or use a command such as `caseconf list`."
    )]
    Redirected,
    #[error(
        "this terminal (TERM=dumb) cannot show the full-screen program. \
         Use a terminal emulator such as Windows Terminal, GNOME Terminal or iTerm2, \
         or a command such as `caseconf list`."
    )]
    Dumb,
}

/// Refuse to start the full-screen program where it cannot work, before printing any escape
/// sequence: output redirected to a file, input not a keyboard, or `TERM=dumb`.
pub(crate) fn check_usable(term: Option<&str>) -> Result<(), Unusable> {
    // std's check covers Windows too: a console handle (GetConsoleMode), or the pipes of an
    // MSYS/Cygwin terminal.
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(Unusable::Redirected);
    }
    match term {
        Some("dumb") => Err(Unusable::Dumb),
        _ => Ok(()),
    }
}

/// The terminal in full-screen mode; restored when dropped. Frames are drawn by the event
/// loop's own `ratatui::Terminal` on the lean backend; this only holds the modes.
pub(crate) struct Tui {
    _modes: (),
}

impl Tui {
    /// Enter raw mode and the alternate screen, with bracketed paste so a pasted block arrives
    /// as one event. A panic restores the terminal before its message is printed.
    pub(crate) fn enter() -> std::io::Result<Tui> {
        install_panic_hook();
        enable_raw_mode()?;
        ACTIVE.store(true, Ordering::SeqCst);
        let mut stdout = std::io::stdout();
        if let Err(e) = execute!(stdout, EnterAlternateScreen, EnableBracketedPaste) {
            restore();
            return Err(e);
        }
        Ok(Tui { _modes: () })
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        restore();
    }
}

/// Whether the terminal is in full-screen mode (so `restore` acts once only: leaving the
/// alternate screen twice would move the cursor back over a message already printed).
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Put the terminal back as the shell expects it. Safe to call more than once, and when the
/// terminal is already gone (errors are ignored: there is nobody left to tell).
pub(crate) fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let _ = disable_raw_mode();
    let _ = execute!(
        std::io::stdout(),
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

fn install_panic_hook() {
    static INSTALLED: AtomicBool = AtomicBool::new(false);
    if INSTALLED.swap(true, Ordering::SeqCst) {
        return;
    }
    std::panic::set_hook(Box::new(|info| {
        restore();
        // The payload of a panic can quote the text being handled (note text, health
        // information) and this screen may be projected: print only where it happened.
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "caseconf stopped because of an internal error{place}. Everything typed before it was saved; \
             start caseconf again to continue."
        );
    }));
}

/// Whether the terminal has gone away (the window closed, the SSH connection dropped): the
/// input then reports hang-up or error instead of blocking, and must not be read in a loop.
pub(crate) fn input_gone() -> bool {
    crate::platform::input_gone()
}

/// Set when the program is asked to quit from outside (SIGTERM, SIGHUP from a closed SSH
/// session, SIGINT; on Windows the console window closing, Ctrl+C, log-off or shut-down); the
/// main loop checks it at least every 250 ms, saves and exits.
pub(crate) fn quit_signal() -> Arc<AtomicBool> {
    crate::platform::install_quit_handlers()
}
