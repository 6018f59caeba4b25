//! The full-screen program: settings from the command line and environment, then the event
//! loop that sleeps until a key arrives or something on screen is due to change.

use crate::agenda::SystemClock;
use crate::app::{Action, App, Settings, keys};
use crate::cli::{self, Cli};
use crate::i18n::Lang;
use crate::terminal::{self, Tui};
use crate::{paths, store, theme, ui};
use chrono::Offset;
use crossterm::event::{self, Event};
use std::io::{BufWriter, Stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

/// Longest sleep between checks for a quit signal (and, later, for other processes' edits).
const MAX_WAIT_MS: i64 = 250;

/// How often the checkpoint helper looks for new commits.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(1);
/// WAL pages after which the screen's own connection checkpoints by itself after all (SQLite's
/// default is 1,000): reached only if the helper could not open the database.
pub const SAFETY_NET_CHECKPOINT_PAGES: i64 = 10_000;

/// Copies the write-ahead log into the database file (a checkpoint, with its two fsyncs) from a
/// thread and connection of its own, about once a second after a commit. Left to SQLite, the
/// checkpoint runs inside every thousandth commit, on the screen's thread: one autosave in a
/// thousand pages then took 2–20 ms instead of 0.2 (BENCHMARKS.md). The screen's own
/// automatic checkpoint stays as a safety net, much later. Stops (and closes its connection,
/// so the screen's stays the last one to close) when dropped.
pub struct Checkpointer {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Checkpointer {
    /// Checkpoint the database that `conn` is open on, through the connection `open` makes (on
    /// the helper thread, so a slow open never delays the screen).
    pub fn start(
        conn: &rusqlite::Connection,
        open: impl FnOnce() -> Option<rusqlite::Connection> + Send + 'static,
    ) -> Checkpointer {
        // If this fails SQLite keeps checkpointing every 1,000 pages itself: slower, never wrong.
        let _ = conn.pragma_update(None, "wal_autocheckpoint", SAFETY_NET_CHECKPOINT_PAGES);
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("checkpoint".into())
            .spawn(move || {
                // Nothing needs copying yet: opening after a first wait keeps start-up (and a
                // quick quit) free of a second connection being opened meanwhile.
                if !matches!(
                    stopped.recv_timeout(CHECKPOINT_EVERY),
                    Err(RecvTimeoutError::Timeout)
                ) {
                    return;
                }
                let Some(conn) = open() else { return };
                // Changes whenever another connection (this process's screen included) commits.
                let version = |c: &rusqlite::Connection| {
                    c.query_row("PRAGMA data_version", [], |r| r.get::<_, i64>(0))
                        .ok()
                };
                let mut seen = version(&conn);
                while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(CHECKPOINT_EVERY) {
                    let now = version(&conn);
                    if now != seen {
                        // PASSIVE never waits for, nor blocks, a writer or a reader.
                        let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
                        seen = now;
                    }
                }
            })
            .ok();
        Checkpointer {
            stop: Some(stop),
            thread,
        }
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The settings for the interactive program, from flags and environment.
pub fn settings(cli: &Cli, env: impl Fn(&str) -> Option<String>) -> Result<Settings, String> {
    let lang = match &cli.lang {
        Some(code) => Lang::from_code(code).unwrap_or_default(),
        None => Lang::from_env(&env),
    };
    // https://no-color.org: set and not empty.
    let no_color = env("NO_COLOR").is_some_and(|v| !v.is_empty());
    let config_dir = paths::config_dir();
    let theme = match &cli.theme {
        Some(name) => theme::resolve(name, config_dir.as_deref()).map_err(|e| e.to_string())?,
        None => theme::default_theme(),
    };
    let theme = if no_color {
        theme.without_color()
    } else {
        theme
    };
    Ok(Settings {
        lang,
        theme,
        no_color,
        tz: chrono::Local::now().offset().fix(),
        config_dir,
    })
}

/// Open the full-screen program on the picker, or on conference `open`.
pub fn run_interactive(cli: &Cli, open: Option<i64>) -> Result<(), String> {
    run_screen(cli, open, false)
}

/// The projector view of conference `id`: follows the meeting, accepts no edits.
pub fn run_present(cli: &Cli, id: i64) -> Result<(), String> {
    run_screen(cli, Some(id), true)
}

fn run_screen(cli: &Cli, open: Option<i64>, present: bool) -> Result<(), String> {
    // The projector view never writes.
    let read_only = present;
    terminal::check_usable(std::env::var("TERM").ok().as_deref())?;
    let settings = settings(cli, |k| std::env::var(k).ok())?;
    let path = cli::db_path(cli);
    // A file that cannot be written can still be shown, read-only. An encrypted one needs its
    // passphrase, asked for here, before the screen is taken over.
    let (conn, read_only, notice, key) = crate::passphrase::with_key(&path, cli.encrypt, |key| {
        match store::open::open_with(&path, &store::open::Options::with_key(key.clone())) {
            Ok(conn) => Ok((conn, read_only, None, key)),
            Err(store::StoreError::ReadOnly { .. }) => store::open::open_read_only_with(&path, key)
                .map(|conn| (conn, true, Some(crate::i18n::Msg::ReadOnlyFile), None)),
            Err(e) => Err(e),
        }
    })?;
    let mut app = App::new(conn, Arc::new(SystemClock), settings).map_err(|e| e.to_string())?;
    app.read_only = read_only;
    app.present = present;
    // Declared after `app`, so dropped before it: the screen's connection closes last.
    let _checkpointer = (!read_only).then(|| {
        let path = path.clone();
        Checkpointer::start(&app.conn, move || {
            store::open::open_with(&path, &store::open::Options::with_key(key)).ok()
        })
    });
    if let Some(id) = open {
        app.open_conference(id).map_err(|e| e.to_string())?;
    }
    if let Some(msg) = notice {
        app.notice = Some(crate::app::Notice::Info(msg));
    }
    let quit = terminal::quit_signal();
    let tui = Tui::enter().map_err(|e| format!("cannot prepare the terminal: {e}"))?;
    // `tui` holds the terminal's modes and restores them; frames go out through a layer that
    // writes fewer bytes for the same screen, each frame in one write (BENCHMARKS.md).
    let mut screen = ratatui::Terminal::new(ui::backend::Lean::new(BufWriter::with_capacity(
        1 << 16,
        std::io::stdout(),
    )))
    .map_err(|e| format!("cannot prepare the terminal: {e}"))?;
    // A bug must not cost the meeting its notes: on a panic, save what is in memory, then
    // restore the terminal (the panic hook already printed where it happened).
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        event_loop(&mut screen, &mut app, &quit)
    }));
    let result = match result {
        Ok(r) => r,
        Err(_) => {
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| app.shutdown()));
            Err("stopped after an internal error; what was typed has been saved".into())
        }
    };
    drop(screen);
    drop(tui);
    result
}

/// Terminal events, read on their own thread: crossterm's `poll` never returns once the
/// terminal is gone (it retries reads that fail), so the loop below waits on this channel with
/// a timeout instead and can always notice a quit signal or a hang-up.
fn spawn_reader() -> mpsc::Receiver<Option<Event>> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        loop {
            let event = event::read().ok();
            let gone = event.is_none();
            if tx.send(event).is_err() || gone {
                return;
            }
        }
    });
    rx
}

/// The terminal the frames are drawn on.
type Screen = ratatui::Terminal<ui::backend::Lean<BufWriter<Stdout>>>;

fn event_loop(screen: &mut Screen, app: &mut App, quit: &AtomicBool) -> Result<(), String> {
    let events = spawn_reader();
    let mut dirty = true;
    let mut drawn_key = app.tick_key();
    loop {
        if dirty {
            if screen.draw(|f| ui::draw(f, app)).is_err() {
                // The terminal is gone (closed window, dropped SSH session): save and leave.
                app.shutdown();
                return Ok(());
            }
            dirty = false;
            drawn_key = app.tick_key();
        }
        if app.quit || quit.load(Ordering::Relaxed) || terminal::input_gone() {
            app.shutdown();
            return Ok(());
        }
        let wait = app.ms_to_next_change().clamp(1, MAX_WAIT_MS) as u64;
        match events.recv_timeout(Duration::from_millis(wait)) {
            Ok(Some(ev)) => {
                #[cfg(debug_assertions)]
                inject_fault(&ev);
                // The new size comes with the event: the terminal is not asked again.
                if let Event::Resize(w, h) = ev {
                    screen.backend_mut().resized(w, h);
                }
                if let Some(action) = keys::action_for(app, &ev) {
                    app.update(action);
                    dirty = true;
                }
            }
            Err(RecvTimeoutError::Timeout) => {
                app.update(Action::Tick);
                dirty = app.tick_key() != drawn_key || std::mem::take(&mut app.synced);
            }
            Ok(None) | Err(RecvTimeoutError::Disconnected) => {
                app.shutdown();
                return Ok(());
            }
        }
    }
}

/// Fault injection for the end-to-end tests, in debug builds only: with
/// `CASECONF_FAULT_INJECTION=panic`, F11 panics (as a bug would), so a test can check that the
/// terminal is restored, typed text is saved and no note text is printed.
#[cfg(debug_assertions)]
fn inject_fault(ev: &Event) {
    if let Event::Key(k) = ev
        && k.code == event::KeyCode::F(11)
        && std::env::var("CASECONF_FAULT_INJECTION").is_ok_and(|v| v == "panic")
    {
        panic!("injected fault (CASECONF_FAULT_INJECTION)");
    }
}
