//! The checkpoint helper: copies the write-ahead log into the database file from a thread and
//! connection of its own, so the screen's thread never pays for a checkpoint.

use super::upkeep::data_version;
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
    /// Set once a watch pokes the helper: it then stops looking every second by itself.
    watched: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// Tells the checkpoint helper that a commit happened.
#[derive(Clone)]
pub(crate) struct Poker(mpsc::Sender<Ck>);

impl Poker {
    pub(crate) fn poke(&self) {
        let _ = self.0.send(Ck::Poke);
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
        let thread = std::thread::Builder::new()
            .name("checkpoint".into())
            .spawn(move || {
                // Nothing needs copying yet: opening after a first wait keeps start-up (and a
                // quick quit) free of a second connection being opened meanwhile.
                if !gather(&told, CHECKPOINT_EVERY) {
                    return;
                }
                let Some(conn) = open() else { return };
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
                    let now = data_version(&conn);
                    if now != seen {
                        // PASSIVE never waits for, nor blocks, a writer or a reader.
                        let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
                        seen = now;
                    }
                }
            })
            .ok();
        Checkpointer {
            tell,
            watched,
            thread,
        }
    }

    /// A handle for the file watch to wake the helper after commits.
    pub(crate) fn poker(&self) -> Poker {
        self.watched.store(true, Ordering::Relaxed);
        Poker(self.tell.clone())
    }
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
