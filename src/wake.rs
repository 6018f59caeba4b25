//! Wakes for changes on disk, at most one waiting at a time (for the event loop, `run.rs`, and
//! the checkpoint helper, `store::checkpoint`).
//!
//! One commit is a few dozen file events (a save of a 50 KB card makes about 30). Sent one by
//! one, each became a look at the database and a frame, and a key typed meanwhile waited in the
//! queue behind them all (keystroke p99 went from 2.7 ms to 26 ms in `benches/pty.rs`). So
//! while one wake waits in a queue no other is sent; the receiver marks it taken before it
//! looks, and a change after that look sends a new one, so none is missed.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

#[derive(Clone, Default)]
pub(crate) struct OneWake(Arc<AtomicBool>);

impl OneWake {
    /// Called for every event: true when a wake should be sent (none is waiting).
    pub(crate) fn should_send(&self) -> bool {
        !self.0.swap(true, Ordering::AcqRel)
    }

    /// The receiver took the waiting wake, before looking at the database.
    pub(crate) fn taken(&self) {
        self.0.store(false, Ordering::Release);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn a_burst_of_events_is_one_wake_and_a_later_change_is_another() {
        let wake = OneWake::default();
        let (tx, rx) = mpsc::channel();
        let send = |w: &OneWake| {
            if w.should_send() {
                tx.send(()).unwrap();
            }
        };
        for _ in 0..30 {
            send(&wake);
        }
        assert_eq!(rx.try_iter().count(), 1);
        // Nothing is sent again until the loop has taken the wake…
        send(&wake);
        assert_eq!(rx.try_iter().count(), 0);
        // …and a change after it looked wakes it again.
        wake.taken();
        send(&wake);
        send(&wake);
        assert_eq!(rx.try_iter().count(), 1);
    }
}
