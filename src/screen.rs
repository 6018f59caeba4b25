//! Frames onto the terminal. A frame is either drawn in full through ratatui (which compares
//! every cell with the last frame and writes what differs), or, when only time moved, made
//! from the last frame by `ui::reuse::time_moved`, whose changed cells are written straight to
//! the backend. The second kind costs in proportion to what changed (the big clock, the pace
//! line), not to the size of the screen: see BENCHMARKS.md, "idle with the clock running".
//!
//! Generic over the backend, so the tests show frames on ratatui's `TestBackend` exactly as the
//! program shows them on the terminal.

use crate::app::App;
use crate::ui;
use crate::ui::reuse::Kept;
use ratatui::Terminal;
use ratatui::backend::{Backend, TestBackend};
use ratatui::layout::Position;

/// A backend that can say where the last frame left the cursor, if it is shown.
pub(crate) trait CursorShown {
    fn cursor_shown(&mut self) -> Option<Position>;
}

impl<W: std::io::Write> CursorShown for ui::backend::Lean<W> {
    fn cursor_shown(&mut self) -> Option<Position> {
        ui::backend::Lean::cursor_shown(self)
    }
}

impl CursorShown for TestBackend {
    fn cursor_shown(&mut self) -> Option<Position> {
        self.get_cursor_position().ok()
    }
}

/// The terminal and the last frame shown on it.
pub(crate) struct Screen<B: Backend> {
    pub(crate) terminal: Terminal<B>,
    kept: Option<Kept>,
    /// Frames were written past ratatui since its last full frame: its idea of what is on
    /// screen is behind, and is brought up to date before the next full frame.
    behind: bool,
}

impl<B: Backend + CursorShown> Screen<B> {
    pub(crate) fn new(terminal: Terminal<B>) -> Self {
        Screen {
            terminal,
            kept: None,
            behind: false,
        }
    }

    /// Show `app`: only the cells time changed if that is all that moved, else a full frame.
    /// Returns whether the frame was made from the last one.
    pub(crate) fn show(&mut self, app: &App) -> Result<bool, B::Error> {
        // The backend's size (a resize event updates it; the terminal is not asked), so a frame
        // of another size is always drawn in full.
        let size = self.terminal.size()?;
        let area = ratatui::layout::Rect::new(0, 0, size.width, size.height);
        if let Some(kept) = self.kept.as_mut()
            && let Some(cells) = ui::reuse::time_moved(app, kept, area)
        {
            let cursor = kept.cursor();
            let backend = self.terminal.backend_mut();
            if !cells.is_empty() {
                backend.draw(cells.iter().map(|(x, y, c)| (*x, *y, c)))?;
                // Writing moved the terminal's cursor: back to where the frame has it.
                match cursor {
                    Some(at) => {
                        backend.show_cursor()?;
                        backend.set_cursor_position(at)?;
                    }
                    None => backend.hide_cursor()?,
                }
                self.behind = true;
            }
            backend.flush()?;
            return Ok(true);
        }
        if self.behind {
            // ratatui compares the next frame with its last one: make that the frame on screen.
            // (`swap_buffers` clears the other buffer and makes it the one drawn into.)
            if let Some(kept) = &self.kept {
                self.terminal.current_buffer_mut().clone_from(kept.buffer());
                self.terminal.swap_buffers();
            }
            self.behind = false;
        }
        let kept = &mut self.kept;
        self.terminal.draw(|f| ui::reuse::draw(f, app, kept))?;
        if let Some(kept) = self.kept.as_mut() {
            kept.set_cursor(self.terminal.backend_mut().cursor_shown());
        }
        Ok(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agenda::FakeClock;
    use crate::app::{Action, Settings};
    use crate::store::{self, NoteKind, cards, conferences};
    use std::sync::Arc;

    fn app() -> (App, Arc<FakeClock>) {
        let conn = store::open_memory().unwrap();
        let id = conferences::create(
            &conn,
            &store::NewConference {
                case_label: "A氏".into(),
                title: "第1回 事例検討会".into(),
                date: chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap(),
                venue: "保健所".into(),
                facilitator: "佐藤".into(),
                purpose: "支援の方向性を共有する".into(),
                lang: "ja".into(),
            },
            &crate::config::agenda::default_agenda(),
        )
        .unwrap();
        for i in 0..30 {
            cards::add_note(
                &conn,
                id,
                NoteKind::CaseNess,
                &format!(
                    "{i}件目：家賃の滞納が三か月続き、玄関まで物が積まれている。訪問には応じる。"
                ),
                "本人",
            )
            .unwrap();
        }
        let clock = Arc::new(FakeClock::new(
            chrono::DateTime::parse_from_rfc3339("2026-11-21T13:30:00+09:00")
                .unwrap()
                .with_timezone(&chrono::Utc),
        ));
        let settings = Settings {
            lang: crate::i18n::Lang::Ja,
            theme: crate::config::theme::default_theme(),
            no_color: false,
            tz: chrono::FixedOffset::east_opt(9 * 3600).unwrap(),
            config_dir: None,
        };
        let mut app = App::new(conn, clock.clone(), settings).unwrap();
        app.open_conference(id).unwrap();
        (app, clock)
    }

    /// 420 seconds of a running clock at `w`×`h`, `event` acting on the app at some of them:
    /// after each second, what the terminal shows is cell for cell what it shows when every
    /// frame is drawn in full with `ui::draw`, cursor included (a cell under the right half of
    /// a wide character is never written, by either). Returns how many frames were made from
    /// the last one.
    fn against_full_frames(
        app: &mut App,
        clock: &FakeClock,
        (w, h): (u16, u16),
        mut event: impl FnMut(usize, &mut App),
    ) -> usize {
        let mut full = Terminal::new(TestBackend::new(w, h)).unwrap();
        let mut screen = Screen::new(Terminal::new(TestBackend::new(w, h)).unwrap());
        let mut made = 0;
        for second in 0..420 {
            event(second, app);
            clock.advance(chrono::TimeDelta::seconds(1));
            app.update(Action::Tick);
            full.draw(|f| ui::draw(f, app)).unwrap();
            if screen.show(app).unwrap() {
                made += 1;
            }
            assert_eq!(
                screen.terminal.backend().buffer(),
                full.backend().buffer(),
                "{w}x{h}, second {second}"
            );
            assert_eq!(
                screen.terminal.get_cursor_position().unwrap(),
                full.get_cursor_position().unwrap(),
                "{w}x{h}, second {second}"
            );
        }
        made
    }

    /// Over the 5-minute opening phase (its amber and red warnings, its overrun, the strip's
    /// and the header's minutes turning over) and into the next, frames made from the last one
    /// and frames drawn in full (typing, an overlay opened and closed, a phase change, themes)
    /// show what full frames show.
    #[test]
    fn frames_made_from_the_last_are_the_full_frames() {
        for size in [(160, 45), (80, 24)] {
            let (mut app, clock) = app();
            app.update(Action::StartPause);
            for c in "来週訪問".chars() {
                app.update(Action::Type(c));
            }
            let made = against_full_frames(&mut app, &clock, size, |second, app| match second {
                70 => app.update(Action::Type('。')),
                100 => app.update(Action::ToggleHelp),
                101 => app.update(Action::ToggleHelp),
                200 => app.update(Action::CycleTheme),
                330 => app.update(Action::NextPhase),
                _ => {}
            });
            assert!(made > 400, "{size:?}: {made} frames made from the last one");
        }
    }

    /// The projector view likewise, with a card another note-taker adds, a theme change and
    /// the facilitator moving the meeting on.
    #[test]
    fn the_projectors_frames_made_from_the_last_are_the_full_frames() {
        for size in [(160, 45), (80, 24)] {
            let (mut app, clock) = app();
            app.update(Action::StartPause);
            app.present = true;
            app.read_only = true;
            let id = app.meeting().unwrap().conf().id;
            let made = against_full_frames(&mut app, &clock, size, |second, app| match second {
                90 => {
                    cards::add_note(&app.conn(), id, NoteKind::CaseNess, "新しい支援者", "")
                        .unwrap();
                    app.update(Action::Sync);
                }
                200 => app.update(Action::CycleTheme),
                330 => {
                    // As the facilitator's screen does it (this view refuses keys that change
                    // the record).
                    app.read_only = false;
                    app.update(Action::NextPhase);
                    app.read_only = true;
                }
                _ => {}
            });
            assert!(made > 400, "{size:?}: {made} frames made from the last one");
        }
    }

    /// An overlay, another screen size or a key makes a full frame; time alone does not.
    #[test]
    fn what_makes_a_full_frame() {
        let (mut app, clock) = app();
        let mut screen = Screen::new(Terminal::new(TestBackend::new(120, 40)).unwrap());
        // Before the start nothing keeps a copy of the screen: every frame is full.
        assert!(!screen.show(&app).unwrap());
        assert!(
            !screen.show(&app).unwrap(),
            "the clock not started: no frame kept"
        );
        app.update(Action::StartPause);
        assert!(!screen.show(&app).unwrap(), "the first frame is full");
        clock.advance(chrono::TimeDelta::seconds(1));
        app.update(Action::Tick);
        assert!(
            screen.show(&app).unwrap(),
            "a second later: made from the last"
        );
        app.update(Action::ToggleHelp);
        assert!(!screen.show(&app).unwrap(), "an overlay is drawn in full");
        app.update(Action::Tick);
        assert!(
            !screen.show(&app).unwrap(),
            "and so is every frame under it"
        );
        app.update(Action::ToggleHelp);
        assert!(!screen.show(&app).unwrap());
        app.update(Action::Type('あ'));
        assert!(!screen.show(&app).unwrap(), "a key is drawn in full");
        screen.terminal.backend_mut().resize(100, 40);
        clock.advance(chrono::TimeDelta::seconds(1));
        app.update(Action::Tick);
        assert!(!screen.show(&app).unwrap(), "another size is drawn in full");
        // Nothing moved at all: nothing is written.
        app.update(Action::Tick);
        assert!(screen.show(&app).unwrap());
    }
}
