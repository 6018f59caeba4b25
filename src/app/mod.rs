//! The application model and its update function (Elm style): `keys` turns input into an
//! [`Action`], [`App::update`] applies it, and `ui::draw` renders the result without I/O.
//!
//! Time comes from the injected [`Clock`], so tests drive a meeting with a fake clock.

pub mod action;
pub mod keymap;
pub(crate) mod keys;
pub(crate) mod meeting;
pub(crate) mod picker;
pub(crate) mod plan;
mod update;

pub use action::Action;
pub(crate) use meeting::Meeting;
pub(crate) use picker::{NewDialog, Picker};

use crate::agenda::{self, Clock, ClockEvent, ClockEventKind, RunState};
use crate::board::session::{Focus, Moved};
use crate::config::catalog::Agencies;
use crate::config::theme::Theme;
use crate::domain::{Board, ConferenceStatus};
use crate::i18n::{Lang, Msg, t};
use crate::store::{self, conferences};
use chrono::FixedOffset;
use rusqlite::Connection;
use std::path::PathBuf;
use std::sync::Arc;

/// How long one write from the screen waits for another process's lock.
pub(crate) const UI_BUSY_TIMEOUT_MS: u64 = 250;

pub enum Screen {
    Picker(Picker),
    Meeting(Box<Meeting>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    None,
    Help,
    Jump {
        selected: usize,
    },
    Boards {
        selected: usize,
    },
    Export {
        selected: usize,
        redact: bool,
    },
    /// The choices for settling a conflict on the focused card.
    Resolve {
        selected: usize,
    },
    /// The plan read back before the meeting leaves まとめ or finishes: confirming stores
    /// `proceed`; going back leaves the meeting where it is, on the action items.
    ReadBack {
        proceed: ClockEventKind,
    },
    /// The case over time: the conferences of a case and its open actions (from the picker;
    /// the record shown is `App::case_view`).
    Case,
    /// The redaction review before a redacted export of choice `choice`.
    Review {
        choice: usize,
    },
}

/// The ways to settle a conflict, in the order the overlay lists them.
pub(crate) const RESOLUTIONS: [(store::boards::Resolution, Msg); 4] = [
    (store::boards::Resolution::KeepThis, Msg::ResolveKeepThis),
    (store::boards::Resolution::KeepOther, Msg::ResolveKeepOther),
    (store::boards::Resolution::KeepBoth, Msg::ResolveKeepBoth),
    (store::boards::Resolution::Merge, Msg::ResolveMerge),
];

/// The choices of the export dialog, in order.
pub(crate) const EXPORT_CHOICES: [(crate::export::Format, crate::export::CsvTable, Msg); 6] = [
    (
        crate::export::Format::Docx,
        crate::export::CsvTable::Actions,
        Msg::FormatDocx,
    ),
    (
        crate::export::Format::Html,
        crate::export::CsvTable::Actions,
        Msg::FormatHtml,
    ),
    (
        crate::export::Format::Markdown,
        crate::export::CsvTable::Actions,
        Msg::FormatMarkdown,
    ),
    (
        crate::export::Format::Csv,
        crate::export::CsvTable::Actions,
        Msg::FormatCsvActions,
    ),
    (
        crate::export::Format::Csv,
        crate::export::CsvTable::Notes,
        Msg::FormatCsvNotes,
    ),
    (
        crate::export::Format::Json,
        crate::export::CsvTable::Actions,
        Msg::FormatJson,
    ),
];

/// A one-line message under the header: information or a problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Notice {
    Info(Msg),
    /// Information with details (e.g. the path an export was written to).
    Text(String),
    /// A problem in the user's words (never containing note text).
    Error(String),
}

/// How the app was started: the settings that do not change while it runs.
pub struct Settings {
    pub lang: Lang,
    pub theme: Theme,
    /// NO_COLOR is set: every theme is shown without colours.
    pub no_color: bool,
    /// The local time zone, fixed at start so the header clock is deterministic in tests.
    pub tz: FixedOffset,
    pub config_dir: Option<PathBuf>,
}

pub struct App {
    /// The save helper, when saves are made off the screen's thread (`App::save_on_thread`).
    /// Declared before `db`, so its thread has ended and let go of the connection when the
    /// connection closes.
    writer: Option<store::writer::Writer>,
    /// The database, shared with the save helper's thread. The screen's thread takes it only
    /// when no save is in flight (see `update`), so it never waits for the lock.
    db: store::writer::SharedConn,
    pub(crate) clock: Arc<dyn Clock>,
    pub lang: Lang,
    theme: Theme,
    pub(crate) no_color: bool,
    pub(crate) tz: FixedOffset,
    pub(crate) config_dir: Option<PathBuf>,
    pub screen: Screen,
    pub overlay: Overlay,
    pub(crate) notice: Option<Notice>,
    pub(crate) quit: bool,
    /// The wall clock as of the last tick; `draw` shows it.
    pub(crate) now: chrono::DateTime<chrono::Utc>,
    /// The agency catalog, for completion.
    pub(crate) agencies: Agencies,
    /// Whose place (focus) is remembered per conference.
    pub(crate) user: String,
    /// SQLite's `data_version` when we last looked: it changes when another process commits.
    data_version: i64,
    /// Counts the changes to the model other than time passing (a key, a save, another
    /// note-taker's change): a frame of the same revision differs from the last only in what
    /// time moves (`ui::reuse`).
    revision: u64,
    /// The projector view: shows the meeting, accepts no edits and no clock commands.
    pub read_only: bool,
    /// `caseconf present`: the room's screen (large clock and board, no editing footer).
    pub present: bool,
    /// Where the export key writes (the current folder when None).
    pub export_dir: Option<PathBuf>,
    /// The case shown by the case view (loaded when it opens).
    pub(crate) case_view: Option<store::case::CaseRecord>,
    /// The redaction review on screen (its lines), while [`Overlay::Review`] is open.
    pub(crate) review: Vec<String>,
    /// Whether the review found nothing that still looks identifying.
    pub(crate) review_clean: bool,
}

impl App {
    /// Start on the conference picker.
    pub fn new(conn: Connection, clock: Arc<dyn Clock>, settings: Settings) -> store::Result<App> {
        // The screen must stay responsive while another process holds the write lock: wait
        // briefly, then keep the text and retry on a later tick.
        store::upkeep::wait_for_lock(&conn, std::time::Duration::from_millis(UI_BUSY_TIMEOUT_MS))?;
        let now = clock.now();
        let list = conferences::list(&conn)?;
        let mut app = App {
            writer: None,
            db: std::sync::Arc::new(std::sync::Mutex::new(conn)),
            clock,
            lang: settings.lang,
            theme: settings.theme,
            no_color: settings.no_color,
            tz: settings.tz,
            config_dir: settings.config_dir,
            screen: Screen::Picker(Picker {
                list,
                selected: 0,
                dialog: None,
            }),
            overlay: Overlay::None,
            notice: None,
            quit: false,
            now,
            agencies: crate::config::catalog::agencies(),
            user: std::env::var("USER").unwrap_or_else(|_| "default".into()),
            data_version: 0,
            revision: 0,
            read_only: false,
            present: false,
            export_dir: None,
            case_view: None,
            review: Vec::new(),
            review_clean: true,
        };
        app.data_version = app.current_data_version();
        let today = app.today();
        let agendas = app_agendas(&app.config_dir);
        if let Screen::Picker(p) = &mut app.screen
            && p.list.is_empty()
        {
            // First run: go straight to creating a conference.
            p.dialog = Some(NewDialog::new(agendas, today));
        }
        Ok(app)
    }

    /// Open a conference directly (`caseconf open ID`).
    pub fn open_conference(&mut self, id: i64) -> store::Result<()> {
        let conf = conferences::get(&db(&self.db), id)?;
        let phases = conferences::phases(&db(&self.db), id)?;
        let events = conferences::clock_events(&db(&self.db), id)?;
        let _ = conf;
        let boards = crate::board::load(&*db(&self.db), id)?;
        self.now = self.clock.now();
        let last_event_id = conferences::last_clock_event_id(&db(&self.db), id)?;
        let mut meeting = Meeting::new(phases, events, boards, self.now);
        meeting.last_event_id = last_event_id;
        // Reopening returns to the same board, card and field; someone joining (no saved
        // place) starts on a new card of the current phase's board.
        let saved = store::ui_state::get(&db(&self.db), id, &self.user, "focus");
        if let Ok(Some(saved)) = saved
            && let Some((focus, new_card)) = parse_focus(&saved)
        {
            meeting.session.restore_focus(focus, new_card);
        }
        self.screen = Screen::Meeting(Box::new(meeting));
        self.overlay = Overlay::None;
        self.notice = None;
        Ok(())
    }

    /// The theme as shown: without colours under NO_COLOR.
    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    pub(crate) fn today(&self) -> chrono::NaiveDate {
        self.now.with_timezone(&self.tz).date_naive()
    }

    /// Whether a text field has keyboard focus (then plain keys are text, never commands).
    pub fn text_has_focus(&self) -> bool {
        if self.read_only {
            return false;
        }
        match &self.screen {
            Screen::Picker(p) => p.dialog.is_some(),
            Screen::Meeting(m) => self.overlay == Overlay::None && m.session.text_focused(),
        }
    }

    fn current_data_version(&self) -> i64 {
        store::upkeep::data_version(&db(&self.db)).unwrap_or(self.data_version)
    }

    /// Take in what other processes committed since we last looked (every tick, at most
    /// 250 ms apart): the shared clock, the header and the boards. Returns whether anything
    /// changed.
    pub(crate) fn sync_from_store(&mut self) -> bool {
        let version = self.current_data_version();
        if version == self.data_version {
            return false;
        }
        self.data_version = version;
        let now = self.now;
        match &mut self.screen {
            Screen::Picker(p) => {
                let list = conferences::list(&db(&self.db));
                if let Ok(list) = list {
                    p.list = list;
                    p.selected = p.selected.min(p.list.len().saturating_sub(1));
                }
            }
            Screen::Meeting(m) => {
                let id = m.conf().id;
                let boards_before = m.phase_boards();
                let before = (m.view.state, m.view.current);
                let fresh = crate::board::load(&*db(&self.db), id);
                if let Ok(fresh) = fresh {
                    m.session.merge(fresh);
                }
                reload_clock(&db(&self.db), m, now);
                // Another note-taker moved the meeting on: this one may be mid-sentence, so
                // the keyboard stays where it is and a notice offers the way (Esc) to follow.
                // The projector, and a note-taker with nothing typed on the card in hand,
                // simply follow.
                if phase_shown(m) != phase_shown_of(before)
                    && !m.phase_boards().contains(&m.session.focus.board)
                {
                    let was_following = boards_before.contains(&m.session.focus.board);
                    if self.read_only || (was_following && m.session.idle_on_blank()) {
                        let board = m.phase_board();
                        m.session.focus_board(board);
                    } else {
                        self.notice = Some(Notice::Info(Msg::PhaseMovedElsewhere));
                    }
                }
            }
        }
        true
    }

    /// Save everything now and remember where the user was: called on quit, on a signal and
    /// before the terminal goes away.
    /// Save everything before leaving. Returns the conference and the rows that could not be
    /// saved (none: `None`), for the caller to retry and then keep in a recovery file. Once all
    /// is saved, the cards deleted in this conference are erased from the file: the undo that
    /// could bring them back ends here.
    pub fn shutdown(&mut self) -> Option<(i64, Vec<crate::recovery::UnsavedRow>)> {
        self.settle_saves();
        if self.read_only {
            return None;
        }
        self.now = self.clock.now();
        let now = self.now;
        if let Screen::Meeting(m) = &mut self.screen {
            m.session.flush(&*db(&self.db), now);
            let unsaved = m.session.unsaved();
            if !unsaved.is_empty() {
                return Some((m.conf().id, unsaved));
            }
            let f = m.session.focus;
            let value = format!(
                "{},{},{},{}{}",
                f.board.key(),
                f.list,
                f.row,
                f.field,
                if m.session.on_new_card() { ",new" } else { "" }
            );
            // Losing the remembered place is harmless; losing text is not, and that is saved.
            let _ = store::ui_state::set(&db(&self.db), m.conf().id, &self.user, "focus", &value);
            // Best effort: what is not purged now is purged by the next quit or `caseconf purge`.
            let _ = store::purge::purge_deleted(&db(&self.db), Some(m.conf().id));
        }
        None
    }

    pub fn meeting(&self) -> Option<&Meeting> {
        match &self.screen {
            Screen::Meeting(m) => Some(m),
            Screen::Picker(_) => None,
        }
    }

    /// Milliseconds until something on screen changes by itself (the loop sleeps that long
    /// unless a key arrives): the next second while the clock runs, else the next minute of the
    /// header's wall clock.
    pub fn ms_to_next_change(&self) -> i64 {
        let to_minute = 60_000 - (self.now.timestamp_millis().rem_euclid(60_000));
        let save = self
            .meeting()
            .and_then(|m| m.session.next_save())
            .map_or(i64::MAX, |due| (due - self.now).num_milliseconds());
        self.meeting()
            .and_then(|m| m.view.ms_to_next_change())
            .map_or(to_minute, |ms| ms.min(to_minute))
            .min(save)
            .max(1)
    }

    /// Apply one action.
    pub fn update(&mut self, action: Action) {
        // Typing goes on while a save is in flight; anything else may move, add or reload rows,
        // so the save's outcome is taken first (see `board::session::Session::begin_save`).
        let settled = !matches!(
            action,
            Action::Type(_)
                | Action::Paste(_)
                | Action::Backspace
                | Action::Delete
                | Action::Newline
                | Action::Caret(_)
                | Action::Tick
        ) && self.take_outcome(true);
        self.now = self.clock.now();
        if !matches!(action, Action::Tick | Action::Sync | Action::Resize) {
            self.notice = None;
        }
        if self.read_only && changes_the_record(&action) {
            self.notice = Some(Notice::Info(Msg::ReadOnlyView));
            self.revision = self.revision.wrapping_add(1);
            return;
        }
        let changed = match action {
            Action::Tick => self.save_if_due(),
            Action::Sync => self.sync_from_store(),
            Action::Resize => {
                self.save_if_due();
                self.sync_from_store();
                true
            }
            action => {
                self.apply(action);
                true
            }
        };
        // A save (typed, or on a tick) stored a card beside another note-taker's: say so now.
        if let Screen::Meeting(m) = &mut self.screen
            && std::mem::take(&mut m.session.kept_both)
        {
            self.notice = Some(Notice::Info(Msg::ConflictKept));
        }
        self.refresh();
        // A save's outcome taken first changes the save mark, whatever the action did.
        if changed || settled {
            self.revision = self.revision.wrapping_add(1);
        }
    }

    /// Which model revision this is: it changes with every change but time passing.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Whether a save is due now: the loop then handles a key that has just come in first, so
    /// its character shows before the save is handed over.
    pub(crate) fn save_waiting(&self) -> bool {
        matches!(&self.screen, Screen::Meeting(m) if m.session.save_is_due(self.clock.now()))
    }

    /// Time passed: take the outcome of a save in flight, and make a save whose delay is over
    /// (on the save helper when there is one). Returns whether anything changed.
    fn save_if_due(&mut self) -> bool {
        let took = self.take_outcome(false);
        let now = self.now;
        let Screen::Meeting(m) = &mut self.screen else {
            return took;
        };
        if !m.session.save_is_due(now) {
            return took;
        }
        let Some(writer) = &self.writer else {
            m.session.flush(&*db(&self.db), now);
            return true;
        };
        if let Some(job) = m.session.begin_save()
            && let Err(job) = writer.send(job)
        {
            // The helper is gone: this save and the next are made here.
            self.writer = None;
            let outcome = store::writer::run(&*db(&self.db), &job);
            m.session.end_save(Some(outcome), now);
        }
        true
    }

    /// Make autosaves on a thread of their own from now on, so typing never waits for a commit
    /// (`store::writer`); `wake` is called when a save's outcome is ready to be taken (by the
    /// next [`Action::Tick`]). Without it, saves are made on the screen's thread.
    pub fn save_on_thread(&mut self, wake: impl Fn() + Send + 'static) {
        self.writer = Some(store::writer::Writer::start(
            std::sync::Arc::clone(&self.db),
            wake,
        ));
    }

    /// The database connection, back from the app (the save helper stopped first).
    pub fn into_conn(mut self) -> Option<Connection> {
        self.settle_saves();
        self.writer = None;
        std::sync::Arc::try_unwrap(self.db).ok().map(|m| {
            m.into_inner()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        })
    }

    /// The database connection. Not to be held across [`App::update`].
    pub fn conn(&self) -> std::sync::MutexGuard<'_, Connection> {
        db(&self.db)
    }

    /// Wait for the outcome of a save in flight, if any, and take it in.
    pub fn settle_saves(&mut self) {
        self.take_outcome(true);
    }

    /// Take in the outcome of the save in flight: when it is ready, or (`wait`) once it is.
    /// Returns whether one was taken.
    fn take_outcome(&mut self, wait: bool) -> bool {
        let now = self.clock.now();
        let Screen::Meeting(m) = &mut self.screen else {
            return false;
        };
        if !m.session.saving() {
            return false;
        }
        let outcome = match &self.writer {
            Some(writer) if wait => Some(writer.outcome()),
            Some(writer) => writer.try_outcome(),
            None => Some(Err(store::writer::Gone)),
        };
        match outcome {
            None => false,
            Some(Ok(outcome)) => {
                m.session.end_save(Some(outcome), now);
                true
            }
            Some(Err(store::writer::Gone)) => {
                // Nothing of it was saved; the rows are saved here from now on.
                self.writer = None;
                m.session.end_save(None, now);
                true
            }
        }
    }

    /// A redacted export first shows the redaction review (every replacement, and what still
    /// looks identifying) so names can be added before the file leaves the office; a plain one
    /// is written at once.
    fn export_or_review(&mut self, choice: usize, redact: bool) {
        self.overlay = Overlay::None;
        if !redact {
            return self.export(choice, false);
        }
        let now = self.now;
        let Screen::Meeting(m) = &mut self.screen else {
            return;
        };
        m.session.flush(&*db(&self.db), now);
        let snapshot = crate::export::Snapshot::load(&db(&self.db), m.conf().id);
        match snapshot {
            Ok(snapshot) => {
                let review = crate::export::review(&snapshot);
                self.review = review.render().lines().map(str::to_string).collect();
                self.review_clean = review.is_clean();
                self.overlay = Overlay::Review { choice };
            }
            Err(e) => {
                self.notice = Some(Notice::Error(format!(
                    "{}: {e}",
                    t(self.lang, Msg::ExportFailed)
                )))
            }
        }
    }

    /// Write the record in the chosen format to the current folder and say where.
    fn export(&mut self, choice: usize, redact: bool) {
        let now = self.now;
        let Screen::Meeting(m) = &mut self.screen else {
            return;
        };
        // The export must contain what is on screen.
        m.session.flush(&*db(&self.db), now);
        let Some(&(format, table, _)) = EXPORT_CHOICES.get(choice) else {
            return;
        };
        let options = crate::export::Options {
            redact,
            table,
            ..Default::default()
        };
        let folder = self
            .export_dir
            .clone()
            .or_else(|| std::env::current_dir().ok());
        let path = folder.map(|dir| {
            dir.join(crate::export::default_file_name(
                m.conf().id,
                &m.conf().date,
                format,
                &options,
            ))
        });
        let written = crate::export::write_export(
            &db(&self.db),
            m.conf().id,
            format,
            &options,
            path.as_deref(),
        );
        self.notice = Some(match written {
            Ok(path) => Notice::Text(format!(
                "{}: {}",
                t(self.lang, Msg::ExportWritten),
                path.display()
            )),
            Err(e) => Notice::Error(format!("{}: {e}", t(self.lang, Msg::ExportFailed))),
        });
    }

    fn show_board(&mut self, board: Board) {
        let now = self.now;
        if let Screen::Meeting(m) = &mut self.screen {
            m.session.flush(&*db(&self.db), now);
            m.session.focus_board(board);
        }
    }

    /// Back from the read-back to fix the plan: the keyboard goes to the first action with a
    /// field still to decide (that field), or to a new action when every one is complete.
    fn fix_plan(&mut self) {
        let now = self.now;
        let Screen::Meeting(m) = &mut self.screen else {
            return;
        };
        m.session.flush(&*db(&self.db), now);
        let gap = [Board::Review, Board::Actions]
            .into_iter()
            .find_map(|board| {
                let lists = m.session.boards.lists(board);
                lists.iter().enumerate().find_map(|(li, l)| {
                    l.rows.iter().enumerate().find_map(|(ri, row)| {
                        if row.is_empty(&l.spec) {
                            return None;
                        }
                        let field = crate::app::plan::missing_field(l, row)?;
                        Some(Focus {
                            board,
                            list: li,
                            row: ri,
                            field,
                        })
                    })
                })
            });
        match gap {
            Some(focus) => m.session.restore_focus(focus, false),
            None => m.session.focus_board(Board::Actions),
        }
    }

    /// Apply an editing action to the focused board.
    fn edit(&mut self, action: Action) {
        let now = self.now;
        let Screen::Meeting(m) = &mut self.screen else {
            return;
        };
        // Only what moves, adds or removes cards takes the database: typing never waits for it
        // (a save may hold it on the save helper's thread).
        let conn = &self.db;
        let s = &mut m.session;
        match action {
            Action::Type(c) => s.type_char(c, now),
            Action::Paste(text) => s.paste(&text, now),
            Action::Backspace => s.backspace(now),
            Action::Delete => s.delete(now),
            Action::Newline => s.newline(now),
            Action::Enter => s.enter(&*db(conn), now),
            Action::Caret(c) => {
                use crate::board::editor::Move as M;
                s.cursor(match c {
                    action::Caret::Left => M::Back,
                    action::Caret::Right => M::Forward,
                    action::Caret::Home => M::Head,
                    action::Caret::End => M::End,
                    action::Caret::WordLeft => M::WordBack,
                    action::Caret::WordRight => M::WordForward,
                });
            }
            Action::Vertical(down) => s.vertical(down, &*db(conn), now),
            Action::AcceptSuggestion(n) => {
                s.accept_suggestion(n, &self.agencies, now);
            }
            Action::Tab(forward) => {
                let moved = s.tab(forward, &*db(conn), now);
                if moved != Moved::Inside {
                    // Past the board's edge: the next (or previous) board of this phase.
                    let boards = m.phase_boards();
                    let current = m.session.focus.board;
                    let at = boards.iter().position(|b| *b == current);
                    let n = boards.len().max(1);
                    let next = match (at, moved) {
                        (Some(i), Moved::PastEnd) => boards.get((i + 1) % n),
                        (Some(i), _) => boards.get((i + n - 1) % n),
                        (None, _) => boards.first(),
                    };
                    if let Some(&b) = next {
                        if moved == Moved::PastEnd {
                            m.session.focus_board_start(b);
                        } else {
                            m.session.focus_board_end(b);
                        }
                    }
                }
            }
            Action::DeleteRow => s.delete_row(&*db(conn), now),
            Action::Undo => s.undo(&*db(conn), now),
            Action::Redo => s.redo(now),
            Action::MoveRow(up) => s.move_row(up, &*db(conn), now),
            Action::Choice(d) => s.cycle_choice(d, now),
            _ => {}
        }
    }

    /// Settle the focused card's conflict and show the boards as they now stand.
    fn resolve(&mut self, how: store::boards::Resolution) {
        let now = self.now;
        let Screen::Meeting(m) = &mut self.screen else {
            return;
        };
        let resolved = m.session.resolve_conflict(how, &*db(&self.db), now);
        if resolved {
            let fresh = crate::board::load(&*db(&self.db), m.conf().id);
            if let Ok(fresh) = fresh {
                m.session.merge(fresh);
            }
            self.notice = Some(Notice::Info(Msg::ConflictResolved));
        }
    }

    /// Recompute the clock view for the current time.
    fn refresh(&mut self) {
        let now = self.now;
        if let Screen::Meeting(m) = &mut self.screen {
            m.refresh(now);
        }
    }

    fn dialog_mut(&mut self) -> Option<&mut NewDialog> {
        match &mut self.screen {
            Screen::Picker(p) => p.dialog.as_mut(),
            Screen::Meeting(_) => None,
        }
    }

    fn next_phase(&mut self) {
        let Screen::Meeting(m) = &mut self.screen else {
            return;
        };
        // F8 on the read-back confirms it.
        if let Overlay::ReadBack { proceed } = self.overlay {
            self.overlay = Overlay::None;
            self.clock_event(proceed);
            return;
        }
        let last = m.view.current + 1 >= m.phases.len();
        // Store an explicit Finish from the last phase, so the record says the meeting ended.
        let kind = if last {
            ClockEventKind::Finish
        } else {
            ClockEventKind::Next
        };
        // Finishing cannot be undone, and leaving まとめ closes the plan: both read the plan
        // back first, and the facilitator confirms it (or goes back to fix it).
        if gated(m, last) {
            self.overlay = Overlay::ReadBack { proceed: kind };
            return;
        }
        self.clock_event(kind);
    }

    fn go_to(&mut self, phase: usize) {
        let kind = ClockEventKind::Jump { phase };
        if let Screen::Meeting(m) = &self.screen
            && phase > m.view.current
            && gated(m, false)
        {
            self.overlay = Overlay::ReadBack { proceed: kind };
            return;
        }
        self.clock_event(kind);
    }

    /// Store a clock event (if it means anything now) and update the view.
    fn clock_event(&mut self, kind: ClockEventKind) {
        self.clock_events(&[kind]);
    }

    /// Store clock events together (all or none) and update the view. A refused event shows
    /// why; a failed write shows the error and changes nothing; if another note-taker moved
    /// the clock meanwhile, nothing is stored and the screen shows their change instead.
    fn clock_events(&mut self, kinds: &[ClockEventKind]) -> bool {
        let now = self.now;
        let Screen::Meeting(m) = &mut self.screen else {
            return false;
        };
        m.refresh(now);
        let Some(&first) = kinds.first() else {
            return false;
        };
        if !m.view.accepts(first) {
            self.notice = Some(Notice::Info(match m.view.state {
                RunState::NotStarted => Msg::NotStartedHint,
                RunState::Finished => Msg::StateFinished,
                _ => Msg::NothingToDo,
            }));
            return false;
        }
        let events: Vec<ClockEvent> = kinds
            .iter()
            .map(|&kind| ClockEvent { at: now, kind })
            .collect();
        // Everything typed so far is saved before the phase moves on.
        m.session.flush(&*db(&self.db), now);
        let phase_before = (m.view.state, m.view.current);
        let boards_before = m.phase_boards();
        // Bound first: the lock is let go before the arms, which take it again.
        let appended = conferences::append_clock_events_after(
            &db(&self.db),
            m.conf().id,
            m.last_event_id,
            &events,
        );
        match appended {
            Ok(last) => {
                m.events.extend(events);
                m.last_event_id = last;
                m.refresh(now);
                // Mirror the status the store just recorded.
                for kind in kinds {
                    match kind {
                        ClockEventKind::Start => m.conf_mut().status = ConferenceStatus::Running,
                        ClockEventKind::Finish => m.conf_mut().status = ConferenceStatus::Finished,
                        _ => {}
                    }
                }
                // This note-taker moved the meeting: the keyboard goes with it.
                if phase_shown(m) != phase_shown_of(phase_before) {
                    let board = m.phase_board();
                    m.session.focus_board(board);
                }
                let _ = boards_before;
                true
            }
            Err(store::StoreError::Conflict { .. }) => {
                reload_clock(&db(&self.db), m, now);
                self.notice = Some(Notice::Info(Msg::ClockMovedElsewhere));
                false
            }
            Err(e) => {
                self.notice = Some(Notice::Error(e.to_string()));
                false
            }
        }
    }

    /// A later conference of a case starts from the kind of meeting and consent of the case's
    /// previous one (shown in the dialog, so what is stored is what was seen).
    fn prefill_dialog(&mut self) {
        let Some(label) = self.dialog_mut().map(|d| d.value(picker::Field::Case)) else {
            return;
        };
        if label.is_empty() {
            return;
        }
        let previous = {
            let conn = db(&self.db);
            store::case::latest_conference(&conn, &label)
                .and_then(|id| id.map(|id| conferences::get(&conn, id)).transpose())
        };
        match previous {
            Ok(Some(previous)) => {
                if let Some(d) = self.dialog_mut() {
                    d.prefilled = d.prefill_from(&previous);
                }
            }
            Ok(None) => {}
            Err(e) => self.notice = Some(Notice::Error(e.to_string())),
        }
    }

    fn submit_dialog(&mut self) {
        let Some(d) = self.dialog_mut() else {
            return;
        };
        use picker::Field;
        let case = d.value(Field::Case);
        let title = d.value(Field::Title);
        let date = d.value(Field::Date);
        let error = if case.is_empty() {
            Some((Msg::ErrEmptyCase, 0))
        } else if title.is_empty() {
            Some((Msg::ErrEmptyTitle, 1))
        } else if chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d").is_err() {
            Some((Msg::ErrBadDate, 2))
        } else {
            None
        };
        if let Some((msg, field)) = error {
            d.error = Some(msg);
            d.focus = field;
            return;
        }
        let Some(agenda) = d.agendas.get(d.agenda).cloned() else {
            return;
        };
        let recorder = d.value(Field::Recorder);
        // Stored as typed: a kind the record does not know is a custom kind, kept.
        let header = [
            (
                conferences::ConferenceField::MeetingType,
                d.value(Field::Kind),
            ),
            (
                conferences::ConferenceField::Consent,
                d.value(Field::Consent),
            ),
            (
                conferences::ConferenceField::ConsentDate,
                d.value(Field::ConsentDate),
            ),
        ];
        let new = store::NewConference {
            case_label: case,
            title,
            date: chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d").unwrap_or_default(),
            venue: d.value(Field::Venue),
            facilitator: d.value(Field::Facilitator),
            purpose: String::new(),
            lang: self.lang.code().to_string(),
        };
        let created = {
            let conn = db(&self.db);
            conferences::create_with_recorder(&conn, &new, &agenda, &recorder).and_then(|id| {
                for (field, value) in &header {
                    if !value.is_empty() {
                        let version = conferences::get(&conn, id)?.version;
                        conferences::set_field(&conn, id, version, *field, value)?;
                    }
                }
                Ok(id)
            })
        };
        match created.and_then(|id| self.open_conference(id)) {
            Ok(()) => {}
            Err(e) => self.notice = Some(Notice::Error(e.to_string())),
        }
    }
}

/// The shared connection, for one statement or one block of them.
fn db(conn: &store::writer::SharedConn) -> std::sync::MutexGuard<'_, Connection> {
    store::writer::lock(conn)
}

/// The agendas offered when creating a conference: built-ins first, then the user's.
fn app_agendas(config_dir: &Option<PathBuf>) -> Vec<agenda::Agenda> {
    let list: Vec<agenda::Agenda> = crate::config::agenda::list_available(config_dir.as_deref())
        .into_iter()
        .filter_map(|(_, a)| a.ok())
        .collect();
    if list.is_empty() {
        vec![crate::config::agenda::default_agenda()]
    } else {
        list
    }
}

/// Pasted text for a one-line field: line breaks become spaces, other control characters go.
fn single_line(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c == '\n' || c == '\r' || c == '\t' {
                ' '
            } else {
                c
            }
        })
        .filter(|c| !c.is_control())
        .collect()
}

/// A place saved as "board,list,row,field" with ",new" when it was a new, empty card.
fn parse_focus(text: &str) -> Option<(Focus, bool)> {
    let mut parts = text.split(',');
    let board = Board::from_key(parts.next()?)?;
    let list = parts.next()?.parse().ok()?;
    let row = parts.next()?.parse().ok()?;
    let field = parts.next()?.parse().ok()?;
    let new_card = parts.next() == Some("new");
    Some((
        Focus {
            board,
            list,
            row,
            field,
        },
        new_card,
    ))
}

/// Whether an action would write to the record (refused in the projector view).
fn changes_the_record(action: &Action) -> bool {
    !matches!(
        action,
        Action::Quit
            | Action::ToggleHelp
            | Action::CloseOverlay
            | Action::CycleTheme
            | Action::ToggleLang
            | Action::Tick
            | Action::Sync
            | Action::Resize
            | Action::OpenBoards
            | Action::BoardsMove(_)
            | Action::BoardsTo(_)
            | Action::ConfirmBoards
            | Action::PickerMove(_)
            | Action::PickerOpen
            | Action::OpenExport
            | Action::ExportMove(_)
            | Action::ExportTo(_)
            | Action::ExportToggleRedact
            | Action::ConfirmExport
            | Action::ReadBackFix
            | Action::OpenCase
    )
}

/// Whether moving on from the phase on screen reads the plan back first: when the meeting is
/// running (or paused) and it finishes, or leaves the phase holding the action items.
fn gated(m: &Meeting, finishing: bool) -> bool {
    let on = matches!(m.view.state, RunState::Running | RunState::Paused);
    on && (finishing || m.phase_boards().contains(&Board::Actions))
}

/// Reload the conference, its agenda and its clock events from the store.
fn reload_clock(conn: &Connection, m: &mut Meeting, now: chrono::DateTime<chrono::Utc>) {
    let id = m.conf().id;
    if let (Ok(conf), Ok(events), Ok(phases), Ok(last)) = (
        conferences::get(conn, id),
        conferences::clock_events(conn, id),
        conferences::phases(conn, id),
        conferences::last_clock_event_id(conn, id),
    ) {
        // Header fields typed here and not yet saved were merged into the boards' copy
        // already; the rest of the header (status) comes from the store.
        m.conf_mut().status = conf.status;
        m.conf_mut().version = conf.version;
        m.events = events;
        m.phases = phases;
        m.last_event_id = last;
        m.refresh(now);
    }
}

/// The phase the screen shows (the first one before the start).
fn phase_shown(m: &Meeting) -> usize {
    phase_shown_of((m.view.state, m.view.current))
}

fn phase_shown_of((state, current): (RunState, usize)) -> usize {
    if state == RunState::NotStarted {
        0
    } else {
        current
    }
}
