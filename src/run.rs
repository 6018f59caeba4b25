//! The full-screen program: settings from the command line and environment, then the event
//! loop that sleeps until a key arrives or something on screen is due to change.

mod error;

pub use error::{LeftBehind, RunError};

use crate::agenda::SystemClock;
use crate::app::{Action, App, Settings, keys};
use crate::cli::{self, Cli};
use crate::config::theme;
use crate::i18n::Lang;
use crate::store::checkpoint::Checkpointer;
use crate::terminal::{self, Tui};
use crate::{paths, store, ui, wake};
use chrono::Offset;
use crossterm::event::{self, Event};
use std::io::{BufWriter, Stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

/// Longest sleep of the event loop when nothing tells it of other processes' commits (no file
/// notification on this file system): it then looks for them this often.
const POLL_WAIT_MS: i64 = 250;
/// Longest sleep when the database's folder is watched: a safety net for events the platform
/// does not deliver; keys, commits, quit signals and the clock wake the loop themselves.
const WATCHED_WAIT_MS: i64 = 5_000;

/// The settings for the interactive program, from flags and environment.
pub(crate) fn settings(
    cli: &Cli,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Settings, RunError> {
    let lang = match &cli.lang {
        Some(lang) => *lang,
        None => Lang::from_env(&env),
    };
    // https://no-color.org: set and not empty.
    let no_color = env("NO_COLOR").is_some_and(|v| !v.is_empty());
    let config_dir = paths::config_dir();
    let theme = match &cli.theme {
        Some(name) => theme::resolve(name, config_dir.as_deref())?,
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
pub fn run_interactive(cli: &Cli, open: Option<i64>) -> Result<(), RunError> {
    run_screen(cli, open, false)
}

/// The projector view of conference `id`: follows the meeting, accepts no edits.
pub(crate) fn run_present(cli: &Cli, id: i64) -> Result<(), RunError> {
    run_screen(cli, Some(id), true)
}

fn run_screen(cli: &Cli, open: Option<i64>, present: bool) -> Result<(), RunError> {
    // The projector view never writes.
    let read_only = present;
    terminal::check_usable(std::env::var("TERM").ok().as_deref())?;
    let settings = settings(cli, |k| std::env::var(k).ok())?;
    let path = cli::db_path(cli);
    // A quit signal is honoured from here on, whatever the program is busy with (see
    // `spawn_watchdog`).
    let quit = terminal::quit_signal();
    let noticed = Arc::new(AtomicBool::new(false));
    // Everything that wakes the event loop arrives on one channel: keys, other processes'
    // commits, quit signals.
    let (inputs, woken) = mpsc::channel::<Input>();
    spawn_watchdog(Arc::clone(&quit), Arc::clone(&noticed), inputs.clone());
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
    // The file the connection is on: if another file appears at the path (deleted, replaced),
    // saving stops and everything is kept elsewhere (see `finish`).
    let identity = store::open::file_identity(&path);
    let mut app = App::new(conn, Arc::new(SystemClock), settings)?;
    app.read_only = read_only;
    app.present = present;
    // Autosaves are committed on a thread of their own, so typing never waits for a commit;
    // their outcome wakes the loop.
    if !read_only {
        let tx = inputs.clone();
        app.save_on_thread(move || {
            let _ = tx.send(Input::Saved);
        });
    }
    // Declared after `app`, so dropped before it: the screen's connection closes last.
    let _checkpointer = (!read_only).then(|| {
        let path = path.clone();
        Checkpointer::start(&app.conn(), move || {
            // Never at another file than the screen's (that would create a new, empty one).
            if store::open::file_identity(&path) != identity {
                return None;
            }
            store::open::open_with(&path, &store::open::Options::with_key(key)).ok()
        })
    });
    // Commits (another note-taker's, or this screen's own) wake the loop and the checkpoint
    // helper; without file notification the loop looks for them every 250 ms instead.
    // At most one of these wakes waits in the loop's queue (see `wake`).
    let heard = wake::OneWake::default();
    let _files = {
        let tx = inputs.clone();
        let heard = heard.clone();
        let poker = _checkpointer.as_ref().map(Checkpointer::poker);
        store::watch::ChangeWatch::start(&path, move || {
            if heard.should_send() {
                let _ = tx.send(Input::Changed);
            }
            if let Some(p) = &poker {
                p.poke();
            }
        })
    };
    let max_wait = if _files.is_some() {
        WATCHED_WAIT_MS
    } else {
        POLL_WAIT_MS
    };
    if let Some(id) = open {
        app.open_conference(id)?;
    }
    if let Some(msg) = notice {
        app.notice = Some(crate::app::Notice::Info(msg));
    }
    let waiting = crate::recovery::pending(&path);
    if !read_only && !waiting.is_empty() {
        app.notice = Some(crate::app::Notice::Text(recovery_waiting(
            app.lang,
            waiting.len(),
        )));
    }
    let tui = Tui::enter().map_err(RunError::Terminal)?;
    // `tui` holds the terminal's modes and restores them; frames go out through a layer that
    // writes fewer bytes for the same screen, each frame in one write (BENCHMARKS.md).
    let mut screen = crate::screen::Screen::new(
        ratatui::Terminal::new(ui::backend::Lean::new(BufWriter::with_capacity(
            1 << 16,
            std::io::stdout(),
        )))
        .map_err(RunError::Terminal)?,
    );
    spawn_reader(inputs);
    let watch = Watch {
        quit: &quit,
        noticed: &noticed,
        heard: &heard,
        path: &path,
        identity,
        woken,
        max_wait,
    };
    // A bug must not cost the meeting its notes: on a panic, save what is in memory, then
    // restore the terminal (the panic hook already printed where it happened).
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        event_loop(&mut screen, &mut app, &watch)
    }));
    let result = match result {
        Ok(Ok(leave)) => finish(&mut screen, &mut app, &path, leave).map_err(RunError::from),
        Ok(Err(e)) => Err(e),
        Err(_) => {
            let kept = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                finish(&mut screen, &mut app, &path, Leave::Signal)
            }));
            match kept {
                // Not everything could be saved: say where it went instead.
                Ok(Err(left)) => Err(RunError::PanickedLeftBehind(left)),
                _ => Err(RunError::Panicked),
            }
        }
    };
    drop(screen);
    drop(tui);
    result
}

/// What the event loop watches besides keys.
struct Watch<'a> {
    quit: &'a AtomicBool,
    /// Set once the loop has seen `quit`, so the watchdog knows it need not step in.
    noticed: &'a AtomicBool,
    /// Whether a wake for a change on disk is waiting in `woken`.
    heard: &'a wake::OneWake,
    path: &'a std::path::Path,
    identity: Option<(u64, u64)>,
    /// Keys, commits heard and quit signals.
    woken: mpsc::Receiver<Input>,
    /// The longest sleep, in milliseconds.
    max_wait: i64,
}

/// What wakes the event loop.
enum Input {
    /// A terminal event; `None` when the terminal is gone.
    Term(Option<Event>),
    /// The database changed on disk (a commit, maybe another process's).
    Changed,
    /// A quit signal (the flag says so too).
    Quit,
    /// The save helper has finished a save: its outcome is waiting (`App::save_on_thread`).
    Saved,
}

/// Why the event loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Leave {
    /// Ctrl+Q: someone is at the keyboard and can wait a few seconds for a last save.
    Key,
    /// A quit signal, or the terminal gone: leave within a second.
    Signal,
    /// The database file was deleted or replaced while open.
    Replaced,
}

/// How long the last save is retried before the edits go to a recovery file.
fn retry_budget(leave: Leave) -> Duration {
    match leave {
        Leave::Key => Duration::from_secs(5),
        Leave::Signal | Leave::Replaced => Duration::from_millis(400),
    }
}

/// Save before leaving. If saving keeps failing, retry for a bounded time while saying so on
/// screen, then write the unsaved edits to a recovery file and say where (non-zero exit). A
/// database deleted or replaced while open is copied whole, as this process still sees it, to
/// a rescue file beside it.
fn finish(
    screen: &mut Screen,
    app: &mut App,
    path: &std::path::Path,
    leave: Leave,
) -> Result<(), Box<LeftBehind>> {
    let lang = app.lang;
    let start = Instant::now();
    let budget = retry_budget(leave);
    if leave != Leave::Key {
        // Each attempt waits for the lock at most this long, so the whole stays under a second.
        let _ = store::upkeep::wait_for_lock(&app.conn(), Duration::from_millis(100));
    }
    let left = loop {
        let left = app.shutdown();
        let Some(pending) = left else {
            break None;
        };
        let elapsed = start.elapsed();
        if elapsed >= budget || leave == Leave::Replaced {
            break Some(pending);
        }
        let seconds = (budget - elapsed).as_secs() + 1;
        app.notice = Some(crate::app::Notice::Error(crate::i18n::Lang::pick(
            lang,
            &format!("保存できません。再試行しています（あと {seconds} 秒）。終了後、保存できなかった編集は復元ファイルに書き出します"),
            &format!("Cannot save. Retrying ({seconds} s left); then the unsaved edits are written to a recovery file"),
        ).to_string()));
        let _ = screen.show(app);
        std::thread::sleep(Duration::from_millis(if leave == Leave::Key {
            200
        } else {
            50
        }));
    };
    let rescue = (leave == Leave::Replaced).then(|| rescue_copy(&app.conn(), path));
    let unsaved = left.map(|(conference, rows)| {
        let count = rows.len();
        let rec = crate::recovery::Recovery::new(path, conference, rows);
        (count, crate::recovery::write(path, &rec))
    });
    if rescue.is_none() && unsaved.is_none() {
        return Ok(());
    }
    Err(Box::new(LeftBehind {
        lang,
        path: path.to_path_buf(),
        rescue,
        unsaved,
    }))
}

/// Copy the whole database as this connection sees it (the deleted file it still holds open)
/// to a new private file: beside the path, or in the fallback folders of recovery files.
fn rescue_copy(
    conn: &rusqlite::Connection,
    path: &std::path::Path,
) -> Result<std::path::PathBuf, rusqlite::Error> {
    let name = format!(
        "caseconf-rescued-{}-{}.db",
        chrono::Local::now().format("%Y%m%d-%H%M%S"),
        std::process::id()
    );
    let copy_to = |dir: std::path::PathBuf| {
        let copy = dir.join(&name);
        // The process umask (0077, set in main) makes the copy private.
        match store::upkeep::copy_into(conn, &copy) {
            Ok(()) => Ok(copy),
            Err(e) => {
                let _ = std::fs::remove_file(&copy);
                Err(e)
            }
        }
    };
    let first = [
        Some(crate::recovery::folder(path)),
        std::env::var_os("HOME").map(std::path::PathBuf::from),
    ];
    for dir in first.into_iter().flatten() {
        if let Ok(copy) = copy_to(dir) {
            return Ok(copy);
        }
    }
    // The last place; its failure is the one reported.
    copy_to(std::env::temp_dir())
}

/// The notice shown at start when edits from an earlier run are waiting in recovery files.
fn recovery_waiting(lang: Lang, files: usize) -> String {
    lang.pick(
        &format!("前回保存できなかった編集が {files} 件の復元ファイルにあります。終了後に caseconf recover で復元できます"),
        &format!("Edits that could not be saved last time are waiting in {files} recovery file(s). Restore them after quitting with: caseconf recover"),
    )
    .to_string()
}

/// A thread that makes a quit signal (SIGTERM, SIGHUP of a closed terminal, SIGINT) end the
/// process within about a second even when the screen's thread is stuck on something long:
/// if the event loop has not noticed the signal by then, the terminal is restored and the
/// process exits (what was saved is in the database; typing since the last autosave, at most
/// a fraction of a second, is what could be lost).
fn spawn_watchdog(quit: Arc<AtomicBool>, noticed: Arc<AtomicBool>, wake: mpsc::Sender<Input>) {
    let _ = std::thread::Builder::new()
        .name("quit-watchdog".into())
        .spawn(move || {
            // Asleep until a quit signal; then the event loop is woken to save and leave.
            crate::platform::wait_for_quit(&quit);
            let _ = wake.send(Input::Quit);
            for _ in 0..20 {
                std::thread::sleep(Duration::from_millis(50));
                if noticed.load(Ordering::Relaxed) {
                    return;
                }
            }
            terminal::restore();
            eprintln!(
                "caseconf: {}",
                crate::i18n::cli_text(
                    "終了の指示を受けましたが、処理中で応答しなかったため停止しました。保存済みの内容はデータベースにあります。",
                    "stopped on a quit signal while busy; what was saved is in the database."
                )
            );
            std::process::exit(3);
        });
}

/// Terminal events, read on their own thread: crossterm's `poll` never returns once the
/// terminal is gone (it retries reads that fail), so the loop waits on the input channel with
/// a timeout instead and can always notice a quit signal or a hang-up.
fn spawn_reader(tx: mpsc::Sender<Input>) {
    std::thread::spawn(move || {
        loop {
            let event = event::read().ok();
            let gone = event.is_none();
            if tx.send(Input::Term(event)).is_err() || gone {
                return;
            }
        }
    });
}

/// The terminal the frames are drawn on.
type Screen = crate::screen::Screen<ui::backend::Lean<BufWriter<Stdout>>>;

fn event_loop(screen: &mut Screen, app: &mut App, watch: &Watch) -> Result<Leave, RunError> {
    let mut dirty = true;
    // The file watch wakes the loop when another process commits; this slow poll is the
    // safety net for a change it did not report (and for a database file replaced under us).
    let safety_net = Duration::from_millis(watch.max_wait.unsigned_abs());
    let mut looked = Instant::now();
    let mut recheck: Option<(Instant, u32)> = None;
    // What came in as a save fell due, or as it was handed over: handled first.
    let mut first: Option<Input> = None;
    loop {
        if watch.quit.load(Ordering::Relaxed) {
            watch.noticed.store(true, Ordering::Relaxed);
            return Ok(Leave::Signal);
        }
        // Something that came in as a save was handed over is handled before the frame, so
        // one frame shows both.
        if dirty && first.is_none() {
            if screen.show(app).is_err() {
                // The terminal is gone (closed window, dropped SSH session): save and leave.
                return Ok(Leave::Signal);
            }
            dirty = false;
        }
        if app.quit {
            return Ok(Leave::Key);
        }
        if terminal::input_gone() {
            return Ok(Leave::Signal);
        }
        let to_net = safety_net.saturating_sub(looked.elapsed());
        let to_recheck = recheck.map_or(Duration::MAX, |(at, _)| {
            at.saturating_duration_since(Instant::now())
        });
        let wait = Duration::from_millis(app.ms_to_next_change().max(1).unsigned_abs())
            .min(to_net)
            .min(to_recheck)
            .max(Duration::from_millis(1));
        let woke = match first.take() {
            Some(input) => Ok(input),
            None => watch.woken.recv_timeout(wait),
        };
        match woke {
            Ok(Input::Quit) => {}
            Ok(Input::Term(Some(ev))) => {
                #[cfg(debug_assertions)]
                inject_fault(&ev);
                // The new size comes with the event: the terminal is not asked again.
                if let Event::Resize(w, h) = ev {
                    screen.terminal.backend_mut().resized(w, h);
                }
                if let Some(action) = keys::action_for(app, &ev) {
                    app.update(action);
                    dirty = true;
                }
            }
            woke @ (Ok(Input::Changed) | Err(RecvTimeoutError::Timeout)) => {
                let heard = matches!(woke, Ok(Input::Changed));
                // A key typed just as a save falls due is drawn first, and the save (which then
                // includes it) follows. Without this, keystrokes on a 50 KB card in
                // `benches/pty.rs` took 1.8 – 2.2 ms at the median against 0.73 – 0.97 ms with
                // it, even with the save on its helper thread. (Whatever else came in is handled
                // first too, never dropped.)
                if !heard
                    && app.save_waiting()
                    && let Ok(input) = watch.woken.try_recv()
                {
                    first = Some(input);
                    continue;
                }
                if heard {
                    // Cleared before looking, so a change after the look wakes the loop again.
                    watch.heard.taken();
                }
                let due = recheck.is_some_and(|(at, _)| Instant::now() >= at);
                if heard || due || looked.elapsed() >= safety_net {
                    looked = Instant::now();
                    // Checked when no key is waiting, so keys already typed are kept (saved into
                    // the vanished file, which the rescue copy then holds).
                    if watch.identity.is_some()
                        && store::open::file_identity(watch.path) != watch.identity
                    {
                        return Ok(Leave::Replaced);
                    }
                    let before = app.revision();
                    app.update(Action::Sync);
                    // Heard, but nothing new yet: the other process's commit becomes visible
                    // only when it updates the log's index, after the writes the watch
                    // reports. Look again shortly, a few times (10, 20, 40, 80 ms).
                    let tries = if heard {
                        0
                    } else {
                        recheck.map_or(4, |(_, n)| n + 1)
                    };
                    recheck = (app.revision() == before && tries < 4)
                        .then(|| (Instant::now() + Duration::from_millis(10 << tries), tries));
                }
                // Time passed too: a save whose delay is over is made now, even while other
                // note-takers' commits keep waking the loop.
                let saving = app.save_waiting();
                app.update(Action::Tick);
                dirty = true;
                if saving {
                    first = watch.woken.try_recv().ok();
                }
            }
            // The save's outcome: the save mark tells the truth again (or the next save goes).
            Ok(Input::Saved) => {
                app.update(Action::Tick);
                dirty = true;
            }
            Ok(Input::Term(None)) | Err(RecvTimeoutError::Disconnected) => {
                return Ok(Leave::Signal);
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
