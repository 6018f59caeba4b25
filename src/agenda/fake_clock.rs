//! A clock that only moves when told to: test support for the unit tests, the integration
//! tests and the benchmarks (built with the `test-support` feature), never in a release build.

use super::clock::Clock;
use chrono::{DateTime, TimeDelta, Utc};
use std::sync::{Mutex, PoisonError};

/// A clock that only moves when told to.
#[derive(Debug)]
pub struct FakeClock {
    at: Mutex<DateTime<Utc>>,
}

impl FakeClock {
    pub fn new(at: DateTime<Utc>) -> Self {
        Self { at: Mutex::new(at) }
    }

    /// Move the clock by `by` (which may be negative, to simulate a clock step back).
    pub fn advance(&self, by: TimeDelta) {
        self.with(|at| {
            // Out of chrono's range is impossible in practice; stay put rather than panic.
            if let Some(next) = at.checked_add_signed(by) {
                *at = next;
            }
        });
    }

    pub fn set(&self, to: DateTime<Utc>) {
        self.with(|at| *at = to);
    }

    fn with<R>(&self, f: impl FnOnce(&mut DateTime<Utc>) -> R) -> R {
        // A poisoned lock only means another thread panicked mid-update of a plain timestamp,
        // which cannot leave it half-written; keep using it.
        let mut guard = self.at.lock().unwrap_or_else(PoisonError::into_inner);
        f(&mut guard)
    }
}

impl Clock for FakeClock {
    fn now(&self) -> DateTime<Utc> {
        self.with(|at| *at)
    }
}
