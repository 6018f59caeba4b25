//! The agenda as the meeting runs it: the planned phases and the meeting clock model.
//!
//! `plan` holds the phases as planned (read from agenda files by `config::agenda`), `clock`
//! replays stored clock events into what the clock screen shows, and `replan` proposes how to
//! catch up when the meeting runs late. Everything here is pure, so the screens and the store
//! can be tested without a terminal or a timer.

pub(crate) mod clock;
#[cfg(any(test, feature = "test-support"))]
mod fake_clock;
pub(crate) mod plan;
pub(crate) mod replan;

pub use clock::{
    Clock, ClockEvent, ClockEventKind, MeetingView, PhaseStatus, PhaseView, RunState, SystemClock,
    Warning, replay,
};
#[cfg(any(test, feature = "test-support"))]
pub use fake_clock::FakeClock;
pub use plan::{Agenda, MAX_PHASE_MINUTES, MAX_PHASES, PhaseDef};
pub(crate) use replan::replan;
