//! The agenda: phase definitions loaded from TOML, and the meeting clock model.
//!
//! `def` validates agenda files, `builtin` embeds the shipped ones and finds user files,
//! `clock` replays stored clock events into what the clock screen shows, and `replan` proposes
//! how to catch up when the meeting runs late. Everything here is pure apart from reading
//! agenda files, so the screens and the store can be tested without a terminal or a timer.

pub(crate) mod builtin;
pub(crate) mod clock;
pub(crate) mod def;
#[cfg(any(test, feature = "test-support"))]
mod fake_clock;
pub(crate) mod replan;

pub use builtin::{builtin, default_agenda};
pub(crate) use builtin::{list_available, resolve};
pub use clock::{
    Clock, ClockEvent, ClockEventKind, MeetingView, PhaseStatus, PhaseView, RunState, SystemClock,
    Warning, replay,
};
pub use def::{Agenda, Board, MAX_PHASE_MINUTES, MAX_PHASES, PhaseDef, load_path, parse};
#[cfg(any(test, feature = "test-support"))]
pub use fake_clock::FakeClock;
pub(crate) use replan::replan;
