//! The checkpoint helper: copies the write-ahead log into the database file from a thread and
//! connection of its own, so the screen's thread never pays for a checkpoint.

use super::upkeep::data_version;
use crate::wake::OneWake;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

/// How long the checkpoint helper lets commits gather before copying them.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(1);
/// How often the checkpoint helper looks for commits by itself when it is woken by a watch (a
/// safety net for missed events); without a watch it looks every [`CHECKPOINT_EVERY`].
const CHECKPOINT_SAFETY_NET: Duration = Duration::from_secs(30);
/// WAL pages after which the screen's own connection checkpoints by itself after all (SQLite's
/// default is 1,000): reached only if the helper could not open the database.
pub(crate) const SAFETY_NET_CHECKPOINT_PAGES: i64 = 10_000;

/// What the checkpoint helper is told.
enum Ck {
    /// A commit happened (heard by the file watch).
    Poke,
    Stop,
}

/// Copies the write-ahead log into the database file (a checkpoint, with its two fsyncs) from a
/// thread and connection of its own, about a second after commits. Left to SQLite, the
/// checkpoint runs inside every thousandth commit, on the screen's thread: one autosave in a
/// thousand pages then took 2–20 ms instead of 0.2 (BENCHMARKS.md). The screen's own
/// automatic checkpoint stays as a safety net, much later. The helper sleeps until a commit is
/// heard ([`Checkpointer::poker`]), so an idle meeting wakes nothing. Stops (and closes its
/// connection, so the screen's stays the last one to close) when dropped.
pub struct Checkpointer {
    tell: mpsc::Sender<Ck>,
    /// Whether a poke waits for the helper.
    poked: OneWake,
    /// Set once a watch pokes the helper: it then stops looking every second by itself.
    watched: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// Tells the checkpoint helper that a commit happened. A commit is a few dozen file events;
/// while one poke waits for the helper no other is sent, so they wake it once, not each time.
#[derive(Clone)]
pub(crate) struct Poker(mpsc::Sender<Ck>, OneWake);

impl Poker {
    pub(crate) fn poke(&self) {
        if self.1.should_send() {
            let _ = self.0.send(Ck::Poke);
        }
    }
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
        let (tell, told) = mpsc::channel::<Ck>();
        let watched = Arc::new(AtomicBool::new(false));
        let is_watched = Arc::clone(&watched);
        let poked = OneWake::default();
        let taken = poked.clone();
        let thread = std::thread::Builder::new()
            .name("checkpoint".into())
            .spawn(move || {
                // Nothing needs copying yet: opening after a first wait keeps start-up (and a
                // quick quit) free of a second connection being opened meanwhile.
                if !gather(&told, CHECKPOINT_EVERY) {
                    return;
                }
                taken.taken();
                let Some(conn) = open() else { return };
                // What was committed before this connection was opened is copied now: its
                // `data_version` starts after those commits, so it would not show them.
                passive_checkpoint(&conn);
                // Changes whenever another connection (this process's screen included) commits.
                let mut seen = data_version(&conn);
                loop {
                    let idle = if is_watched.load(Ordering::Relaxed) {
                        CHECKPOINT_SAFETY_NET
                    } else {
                        CHECKPOINT_EVERY
                    };
                    match told.recv_timeout(idle) {
                        Ok(Ck::Stop) | Err(RecvTimeoutError::Disconnected) => return,
                        // Let the commits of the next second gather, then copy them at once.
                        Ok(Ck::Poke) => {
                            if !gather(&told, CHECKPOINT_EVERY) {
                                return;
                            }
                        }
                        Err(RecvTimeoutError::Timeout) => {}
                    }
                    // A commit from here on pokes again; one before is in what is looked at now.
                    taken.taken();
                    let now = data_version(&conn);
                    if now != seen {
                        passive_checkpoint(&conn);
                        seen = now;
                    }
                }
            })
            .ok();
        Checkpointer {
            tell,
            poked,
            watched,
            thread,
        }
    }

    /// A handle for the file watch to wake the helper after commits.
    pub(crate) fn poker(&self) -> Poker {
        self.watched.store(true, Ordering::Relaxed);
        Poker(self.tell.clone(), self.poked.clone())
    }
}

/// Copy the log into the database file as far as readers allow. PASSIVE never waits for, nor
/// blocks, a writer or a reader.
fn passive_checkpoint(conn: &rusqlite::Connection) {
    let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
}

/// Wait `for_how_long`, swallowing pokes; false when told to stop.
fn gather(told: &mpsc::Receiver<Ck>, for_how_long: Duration) -> bool {
    let until = std::time::Instant::now() + for_how_long;
    loop {
        let left = until.saturating_duration_since(std::time::Instant::now());
        match told.recv_timeout(left) {
            Ok(Ck::Poke) => {}
            Ok(Ck::Stop) | Err(RecvTimeoutError::Disconnected) => return false,
            Err(RecvTimeoutError::Timeout) => return true,
        }
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        let _ = self.tell.send(Ck::Stop);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    /// When the database file itself last changed: only a checkpoint writes it (commits go to
    /// the log).
    fn modified(path: &std::path::Path) -> std::time::SystemTime {
        std::fs::metadata(path).and_then(|m| m.modified()).unwrap()
    }

    #[test]
    fn every_burst_of_pokes_is_followed_by_a_checkpoint() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ck.db");
        let conn = crate::store::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE t (x)").unwrap();
        let reopen = path.clone();
        let ck = Checkpointer::start(&conn, move || crate::store::open(&reopen).ok());
        let poker = ck.poker();
        // Three times: a poke left waiting must not stop later ones from being sent.
        for round in 0..3 {
            std::thread::sleep(Duration::from_millis(20));
            let before = modified(&path);
            conn.execute("INSERT INTO t VALUES (?1)", [round]).unwrap();
            for _ in 0..30 {
                poker.poke();
            }
            let deadline = Instant::now() + Duration::from_secs(10);
            while modified(&path) == before {
                assert!(
                    Instant::now() < deadline,
                    "round {round}: the commit was not copied into the database file"
                );
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
}
