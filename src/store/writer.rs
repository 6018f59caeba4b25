//! The save helper: writes the boards' autosaves from a thread of its own, on the screen's
//! connection, so a key typed while a long card is being committed is drawn at once instead of
//! after the commit.
//!
//! A commit of a 50 KB card takes 0.4 ms at the median, 1.9 ms at p99 and about 40 ms at its
//! slowest (`benches/keystroke.rs`, "commit"); on the screen's thread a key that met it waited
//! that long (BENCHMARKS.md). One save is in flight at a time: the boards send the next only
//! once this one's outcome is back, so versions and new cards' ids always follow one another
//! (see `board::session`).

use super::boards::{BoardStore, Record, Saved, Stored};
use super::error::Result;
use rusqlite::Connection;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, mpsc};

/// One row to save, as [`BoardStore::save_record`] takes it.
#[derive(Debug, Clone)]
pub(crate) struct SaveItem {
    pub(crate) stored: Stored,
    pub(crate) record: Record,
    pub(crate) order: Vec<Option<i64>>,
}

/// The rows of one autosave.
#[derive(Debug, Clone)]
pub(crate) struct SaveJob {
    pub(crate) conference_id: i64,
    pub(crate) survey_id: String,
    pub(crate) items: Vec<SaveItem>,
}

/// How each row of a job went, in the job's order: where it is now stored, or why not.
pub(crate) type SaveOutcome = Vec<Result<(Stored, Saved)>>;

/// Save every row of `job` through `store`, each in a transaction of its own (as the screen's
/// own saves do): one row that fails does not hold back the others.
pub(crate) fn run(store: &dyn BoardStore, job: &SaveJob) -> SaveOutcome {
    job.items
        .iter()
        .map(|item| {
            let mut stored = item.stored;
            store
                .save_record(
                    job.conference_id,
                    &job.survey_id,
                    &mut stored,
                    &item.record,
                    &item.order,
                )
                .map(|saved| (stored, saved))
        })
        .collect()
}

/// The one connection of the screen, shared with the save helper. One connection, not two: a
/// save then is this process's own commit, which `PRAGMA data_version` does not report, so the
/// boards are not read back after every autosave as if another note-taker had written.
pub(crate) type SharedConn = Arc<Mutex<Connection>>;

/// Take the shared connection. A thread that panicked while holding it leaves it usable (every
/// write is one transaction, rolled back if unfinished).
pub(crate) fn lock(conn: &SharedConn) -> MutexGuard<'_, Connection> {
    conn.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The helper thread. Dropping it lets the job in flight finish, then ends the thread.
pub struct Writer {
    tell: Option<mpsc::Sender<SaveJob>>,
    done: mpsc::Receiver<SaveOutcome>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// The helper thread is gone (it could not be started, or it stopped): the job sent to it was
/// not saved, and saves are made on the screen's thread from now on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Gone;

impl Writer {
    /// Start the helper on `conn`; `wake` is called after each outcome is ready, so the event
    /// loop can take it.
    pub(crate) fn start(conn: SharedConn, wake: impl Fn() + Send + 'static) -> Writer {
        let (tell, jobs) = mpsc::channel::<SaveJob>();
        let (outcome, done) = mpsc::channel::<SaveOutcome>();
        let thread = std::thread::Builder::new()
            .name("save".into())
            .spawn(move || {
                for job in jobs.iter() {
                    let result = run(&*lock(&conn), &job);
                    if outcome.send(result).is_err() {
                        return;
                    }
                    wake();
                }
            })
            .ok();
        Writer {
            tell: thread.is_some().then_some(tell),
            done,
            thread,
        }
    }
    /// Hand a job to the helper; it comes back when the helper is gone.
    pub(crate) fn send(&self, job: SaveJob) -> std::result::Result<(), SaveJob> {
        match &self.tell {
            Some(tell) => tell.send(job).map_err(|e| e.0),
            None => Err(job),
        }
    }

    /// The outcome of the job in flight, if it is ready.
    pub(crate) fn try_outcome(&self) -> Option<std::result::Result<SaveOutcome, Gone>> {
        match self.done.try_recv() {
            Ok(outcome) => Some(Ok(outcome)),
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => Some(Err(Gone)),
        }
    }

    /// Wait for the outcome of the job in flight.
    pub(crate) fn outcome(&self) -> std::result::Result<SaveOutcome, Gone> {
        self.done.recv().map_err(|_| Gone)
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        // Closing the channel ends the helper's loop after the job it is on.
        self.tell = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
