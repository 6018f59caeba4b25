//! The meeting clock as a pure model: a list of clock events replayed into a view.
//!
//! The clock is stored as events so that a restarted program, or a second
//! note-taker's process, computes exactly the same meeting state from the database. Nothing
//! here reads the system time except [`SystemClock`]; tests drive a `FakeClock` instead of
//! sleeping, and [`replay`] takes "now" as an argument.

use chrono::{DateTime, TimeDelta, Utc};
use std::sync::Arc;

/// One minute in milliseconds, the unit of planned phase lengths.
const MINUTE_MS: i64 = 60_000;

/// Extending a phase stops at one day: the limit only keeps the arithmetic far from overflow
/// if someone holds the "extend" key down.
const MAX_ADJUSTED_MINUTES: i64 = 24 * 60;

/// The source of "now". Injected so that tests and replays never depend on the wall clock.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// The real clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

impl<C: Clock + ?Sized> Clock for Arc<C> {
    fn now(&self) -> DateTime<Utc> {
        (**self).now()
    }
}

impl<C: Clock + ?Sized> Clock for &C {
    fn now(&self) -> DateTime<Utc> {
        (**self).now()
    }
}

/// What the facilitator did to the clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClockEventKind {
    /// Begin the meeting at phase 0.
    Start,
    /// Stop time (a break, a fire alarm); paused time counts for no phase.
    Pause,
    Resume,
    /// Go to the following phase; from the last phase this finishes the meeting.
    Next,
    /// Go back one phase.
    Previous,
    /// Go to any phase (skip ahead or revisit).
    Jump {
        phase: usize,
    },
    /// Change a phase's planned length by ± minutes (extend or shorten).
    Adjust {
        phase: usize,
        minutes: i32,
    },
    Finish,
}

/// A clock event as stored: when and what.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClockEvent {
    pub at: DateTime<Utc>,
    pub kind: ClockEventKind,
}

impl ClockEvent {
    pub fn new(at: DateTime<Utc>, kind: ClockEventKind) -> Self {
        Self { at, kind }
    }
}

impl ClockEventKind {
    /// The kind as three columns (name, phase, minutes) for storage in SQLite.
    pub(crate) fn to_parts(self) -> (&'static str, Option<i64>, Option<i64>) {
        match self {
            ClockEventKind::Start => ("start", None, None),
            ClockEventKind::Pause => ("pause", None, None),
            ClockEventKind::Resume => ("resume", None, None),
            ClockEventKind::Next => ("next", None, None),
            ClockEventKind::Previous => ("previous", None, None),
            ClockEventKind::Jump { phase } => ("jump", Some(phase_to_i64(phase)), None),
            ClockEventKind::Adjust { phase, minutes } => (
                "adjust",
                Some(phase_to_i64(phase)),
                Some(i64::from(minutes)),
            ),
            ClockEventKind::Finish => ("finish", None, None),
        }
    }

    /// The inverse of [`to_parts`](Self::to_parts). `None` for an unknown name or columns
    /// that do not fit the kind, so a damaged row is skipped rather than misread.
    pub(crate) fn from_parts(kind: &str, phase: Option<i64>, minutes: Option<i64>) -> Option<Self> {
        let phase_index = || phase.and_then(|p| usize::try_from(p).ok());
        match (kind, phase, minutes) {
            ("start", None, None) => Some(ClockEventKind::Start),
            ("pause", None, None) => Some(ClockEventKind::Pause),
            ("resume", None, None) => Some(ClockEventKind::Resume),
            ("next", None, None) => Some(ClockEventKind::Next),
            ("previous", None, None) => Some(ClockEventKind::Previous),
            ("finish", None, None) => Some(ClockEventKind::Finish),
            ("jump", Some(_), None) => Some(ClockEventKind::Jump {
                phase: phase_index()?,
            }),
            ("adjust", Some(_), Some(m)) => Some(ClockEventKind::Adjust {
                phase: phase_index()?,
                minutes: i32::try_from(m).ok()?,
            }),
            _ => None,
        }
    }
}

fn phase_to_i64(phase: usize) -> i64 {
    // Phase indices are tiny; saturating keeps to_parts total without a panic path.
    i64::try_from(phase).unwrap_or(i64::MAX)
}

/// Whether the meeting has begun, is running, paused or over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunState {
    NotStarted,
    Running,
    Paused,
    Finished,
}

/// How close a phase is to its planned length (the screen colours it at 80% and 100%).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Warning {
    Normal,
    /// At least 80% of the planned time used.
    Amber,
    /// The planned time is used up.
    Red,
}

/// A phase's place in the meeting, for the phase strip.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhaseStatus {
    /// Not yet visited (or skipped, when the meeting has finished).
    Upcoming,
    /// The phase the meeting is in (running or paused).
    Current,
    /// Visited and left, or visited in a finished meeting.
    Done,
}

/// One phase as of "now".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PhaseView {
    /// Planned length after extensions and shortenings.
    pub planned_ms: i64,
    /// Planned length in the agenda.
    pub(crate) original_ms: i64,
    /// Running time spent in the phase over all visits; pauses excluded.
    pub elapsed_ms: i64,
    /// `planned - elapsed`; negative when the phase has overrun.
    pub remaining_ms: i64,
    /// `max(0, elapsed - planned)`.
    pub overrun_ms: i64,
    pub(crate) status: PhaseStatus,
    pub warning: Warning,
}

/// The whole meeting as of "now": everything the clock screen shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeetingView {
    pub state: RunState,
    /// The current phase (0 before the start; the last current phase once finished).
    pub current: usize,
    pub phases: Vec<PhaseView>,
    pub(crate) started_at: Option<DateTime<Utc>>,
    /// Running time of the meeting, pauses excluded.
    pub elapsed_ms: i64,
    /// The agenda's planned total, before any adjustment.
    pub(crate) planned_total_ms: i64,
    /// Projected running time still to go: what is left of the current phase (nothing if it
    /// has overrun) plus the planned time of the phases not yet visited. 0 once finished.
    pub(crate) remaining_ms: i64,
    /// `elapsed + remaining - planned total`: positive means the meeting will overrun.
    pub behind_ms: i64,
    /// `now + remaining` while the meeting runs or is paused; the actual end once finished.
    pub(crate) projected_end: Option<DateTime<Utc>>,
    pub(crate) finished_at: Option<DateTime<Utc>>,
    /// The "now" this view was computed for.
    pub(crate) now: DateTime<Utc>,
}

impl MeetingView {
    /// Whether replaying `kind` now would change anything. The app asks before storing an
    /// event, so the log holds only meaningful events and a refused key can say why.
    pub(crate) fn accepts(&self, kind: ClockEventKind) -> bool {
        let planned: Vec<i64> = self
            .phases
            .iter()
            .map(|p| p.planned_ms.div_euclid(MINUTE_MS))
            .collect();
        accepts_in(self.state, self.current, &planned, kind)
    }

    /// How long the event loop may sleep before something this view shows changes by itself.
    ///
    /// While running, every counter is read on the meeting's own second: the phase's counter
    /// turns over on its own boundary (earlier visits leave sub-second remainders), but it is
    /// shown at the meeting's next one, so the screen changes once a second, not twice. The
    /// projected end (shown to the minute) moves with the wall clock while paused, and while
    /// running once the phase has overrun: then its next minute counts too. Before the start
    /// and after the finish nothing moves: `None`.
    pub(crate) fn ms_to_next_change(&self) -> Option<i64> {
        let moving_end = || {
            self.projected_end
                .map(|end| MINUTE_MS - end.timestamp_millis().rem_euclid(MINUTE_MS))
        };
        match self.state {
            RunState::NotStarted | RunState::Finished => None,
            RunState::Paused => moving_end(),
            RunState::Running => {
                let second = 1000 - self.elapsed_ms.rem_euclid(1000);
                let overrun = self
                    .phases
                    .get(self.current)
                    .is_some_and(|p| p.remaining_ms <= 0);
                Some(match moving_end().filter(|_| overrun) {
                    Some(end) => second.min(end),
                    None => second,
                })
            }
        }
    }
}

/// The one definition of which events make sense, shared by replay and the app.
fn accepts_in(state: RunState, current: usize, planned_min: &[i64], kind: ClockEventKind) -> bool {
    let in_meeting = matches!(state, RunState::Running | RunState::Paused);
    match kind {
        ClockEventKind::Start => state == RunState::NotStarted && !planned_min.is_empty(),
        ClockEventKind::Pause => state == RunState::Running,
        ClockEventKind::Resume => state == RunState::Paused,
        ClockEventKind::Next | ClockEventKind::Finish => in_meeting,
        ClockEventKind::Previous => in_meeting && current > 0,
        ClockEventKind::Jump { phase } => {
            in_meeting && phase < planned_min.len() && phase != current
        }
        // Adjusting is allowed before the start too (planning on the day), but an adjustment
        // that changes nothing (shortening a 1-minute phase) is refused.
        ClockEventKind::Adjust { phase, minutes } => {
            state != RunState::Finished
                && planned_min
                    .get(phase)
                    .is_some_and(|&old| adjusted(old, minutes) != old)
        }
    }
}

/// A phase's planned minutes after an adjustment: never below 1 minute.
fn adjusted(old: i64, minutes: i32) -> i64 {
    (old + i64::from(minutes)).clamp(1, old.max(MAX_ADJUSTED_MINUTES))
}

/// Milliseconds from `from` to `to`, never negative: if the system clock stepped back between
/// two events, the interval counts as zero rather than eating time already spent.
fn span_ms(from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    (to - from).num_milliseconds().max(0)
}

/// The state machine that replay drives.
struct Machine {
    state: RunState,
    current: usize,
    original_min: Vec<i64>,
    planned_min: Vec<i64>,
    elapsed_ms: Vec<i64>,
    visited: Vec<bool>,
    /// Start of the running stretch not yet added to `elapsed_ms[current]`.
    running_since: Option<DateTime<Utc>>,
    started_at: Option<DateTime<Utc>>,
    finished_at: Option<DateTime<Utc>>,
}

impl Machine {
    fn new(planned_minutes: &[u32]) -> Self {
        // The loader guarantees ≥ 1 minute; clamp anyway so a 0 from elsewhere cannot make a
        // phase "overrun" before it starts.
        let planned: Vec<i64> = planned_minutes
            .iter()
            .map(|&m| i64::from(m).max(1))
            .collect();
        let n = planned.len();
        Self {
            state: RunState::NotStarted,
            current: 0,
            original_min: planned.clone(),
            planned_min: planned,
            elapsed_ms: vec![0; n],
            visited: vec![false; n],
            running_since: None,
            started_at: None,
            finished_at: None,
        }
    }

    fn apply(&mut self, event: &ClockEvent) {
        let at = event.at;
        if !accepts_in(self.state, self.current, &self.planned_min, event.kind) {
            return;
        }
        match event.kind {
            ClockEventKind::Start => {
                self.state = RunState::Running;
                self.current = 0;
                self.visited[0] = true;
                self.started_at = Some(at);
                self.running_since = Some(at);
            }
            ClockEventKind::Pause => {
                self.close_stretch(at);
                self.state = RunState::Paused;
            }
            ClockEventKind::Resume => {
                self.state = RunState::Running;
                self.running_since = Some(at);
            }
            ClockEventKind::Next => {
                if self.current + 1 >= self.planned_min.len() {
                    self.finish(at);
                } else {
                    self.move_to(self.current + 1, at);
                }
            }
            ClockEventKind::Previous => self.move_to(self.current - 1, at),
            ClockEventKind::Jump { phase } => self.move_to(phase, at),
            ClockEventKind::Adjust { phase, minutes } => {
                if let Some(planned) = self.planned_min.get_mut(phase) {
                    *planned = adjusted(*planned, minutes);
                }
            }
            ClockEventKind::Finish => self.finish(at),
        }
    }

    fn close_stretch(&mut self, at: DateTime<Utc>) {
        if let Some(since) = self.running_since.take() {
            self.elapsed_ms[self.current] += span_ms(since, at);
        }
    }

    /// Change phase. A paused meeting stays paused: the facilitator may line up the next
    /// phase during a break without starting its clock.
    fn move_to(&mut self, phase: usize, at: DateTime<Utc>) {
        self.close_stretch(at);
        self.current = phase;
        self.visited[phase] = true;
        if self.state == RunState::Running {
            self.running_since = Some(at);
        }
    }

    fn finish(&mut self, at: DateTime<Utc>) {
        self.close_stretch(at);
        self.state = RunState::Finished;
        self.finished_at = Some(at);
    }

    fn view(&self, now: DateTime<Utc>) -> MeetingView {
        let mut elapsed = self.elapsed_ms.clone();
        if let Some(since) = self.running_since {
            elapsed[self.current] += span_ms(since, now);
        }
        let in_meeting = matches!(self.state, RunState::Running | RunState::Paused);
        let phases: Vec<PhaseView> = (0..self.planned_min.len())
            .map(|i| {
                let planned_ms = self.planned_min[i] * MINUTE_MS;
                let elapsed_ms = elapsed[i];
                let status = if in_meeting && i == self.current {
                    PhaseStatus::Current
                } else if self.visited[i] {
                    PhaseStatus::Done
                } else {
                    PhaseStatus::Upcoming
                };
                // Integer comparison: elapsed/planned >= 0.8 without rounding surprises.
                let warning = if elapsed_ms >= planned_ms {
                    Warning::Red
                } else if elapsed_ms * 5 >= planned_ms * 4 {
                    Warning::Amber
                } else {
                    Warning::Normal
                };
                PhaseView {
                    planned_ms,
                    original_ms: self.original_min[i] * MINUTE_MS,
                    elapsed_ms,
                    remaining_ms: planned_ms - elapsed_ms,
                    overrun_ms: (elapsed_ms - planned_ms).max(0),
                    status,
                    warning,
                }
            })
            .collect();

        let elapsed_ms: i64 = elapsed.iter().sum();
        let planned_total_ms: i64 = self.original_min.iter().sum::<i64>() * MINUTE_MS;
        let remaining_ms = if self.state == RunState::Finished {
            0
        } else {
            let current_left = phases
                .iter()
                .filter(|p| p.status == PhaseStatus::Current)
                .map(|p| p.remaining_ms.max(0))
                .sum::<i64>();
            let upcoming = phases
                .iter()
                .filter(|p| p.status == PhaseStatus::Upcoming)
                .map(|p| p.planned_ms)
                .sum::<i64>();
            current_left + upcoming
        };
        let projected_end = match self.state {
            RunState::NotStarted => None,
            RunState::Running | RunState::Paused => {
                now.checked_add_signed(TimeDelta::milliseconds(remaining_ms))
            }
            RunState::Finished => self.finished_at,
        };
        MeetingView {
            state: self.state,
            current: self.current,
            phases,
            started_at: self.started_at,
            elapsed_ms,
            planned_total_ms,
            remaining_ms,
            behind_ms: elapsed_ms + remaining_ms - planned_total_ms,
            projected_end,
            finished_at: self.finished_at,
            now,
        }
    }
}

/// Replay the stored events (in stored order) over an agenda's planned minutes, as of `now`.
/// Events that make no sense in the state reached so far are ignored.
pub fn replay(planned_minutes: &[u32], events: &[ClockEvent], now: DateTime<Utc>) -> MeetingView {
    let mut machine = Machine::new(planned_minutes);
    for event in events {
        machine.apply(event);
    }
    machine.view(now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agenda::FakeClock;
    use chrono::TimeZone;

    const PLAN: [u32; 9] = [5, 5, 20, 20, 25, 20, 5, 15, 5];
    const MIN: i64 = 60_000;
    const SEC: i64 = 1_000;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 6, 10, 1, 0, 0).unwrap() // 10:00 JST
    }

    /// T0 plus minutes and seconds.
    fn t(min: i64, sec: i64) -> DateTime<Utc> {
        t0() + TimeDelta::seconds(min * 60 + sec)
    }

    /// A meeting driven like the app drives it: events stamped with the fake clock's time.
    struct Meeting {
        clock: FakeClock,
        events: Vec<ClockEvent>,
    }

    impl Meeting {
        fn new() -> Self {
            Self {
                clock: FakeClock::new(t0()),
                events: Vec::new(),
            }
        }

        fn view(&self) -> MeetingView {
            replay(&PLAN, &self.events, self.clock.now())
        }

        /// Record an event; return whether the view accepted it, and check that `accepts`
        /// agrees with what replay actually does with it.
        fn act(&mut self, kind: ClockEventKind) -> bool {
            let before = self.view();
            let accepted = before.accepts(kind);
            self.events.push(ClockEvent::new(self.clock.now(), kind));
            let after = self.view();
            assert_eq!(
                accepted,
                after != before,
                "accepts() disagrees with replay for {kind:?}"
            );
            accepted
        }

        fn wait(&self, min: i64, sec: i64) {
            self.clock.advance(TimeDelta::seconds(min * 60 + sec));
        }
    }

    fn elapsed(v: &MeetingView) -> Vec<i64> {
        v.phases.iter().map(|p| p.elapsed_ms).collect()
    }

    #[test]
    fn fake_clock_moves_only_when_told() {
        let c = FakeClock::new(t0());
        assert_eq!(c.now(), t0());
        c.advance(TimeDelta::milliseconds(1500));
        assert_eq!(c.now(), t0() + TimeDelta::milliseconds(1500));
        c.set(t(90, 0));
        assert_eq!(c.now(), t(90, 0));
        let shared: Arc<dyn Clock> = Arc::new(FakeClock::new(t(1, 0)));
        assert_eq!(shared.now(), t(1, 0));
        let real = SystemClock.now();
        assert!(real > t0());
    }

    #[test]
    fn not_started_view_is_the_plan() {
        let v = replay(&PLAN, &[], t0());
        assert_eq!(v.state, RunState::NotStarted);
        assert_eq!(v.planned_total_ms, 120 * MIN);
        assert_eq!(v.remaining_ms, 120 * MIN);
        assert_eq!(v.behind_ms, 0);
        assert_eq!(v.projected_end, None);
        assert_eq!(v.started_at, None);
        assert!(v.phases.iter().all(|p| p.status == PhaseStatus::Upcoming));
        assert!(!matches!(v.state, RunState::Running | RunState::Paused));
        assert_eq!(v.ms_to_next_change(), None);
        assert!(v.accepts(ClockEventKind::Start));
        assert!(!v.accepts(ClockEventKind::Next));
        assert!(!v.accepts(ClockEventKind::Pause));
        assert!(v.accepts(ClockEventKind::Adjust {
            phase: 2,
            minutes: -5
        }));
        // An empty agenda cannot start.
        assert!(!replay(&[], &[], t0()).accepts(ClockEventKind::Start));
    }

    /// A whole 120-minute conference. Expected values are worked out by hand in the comments.
    #[test]
    fn scripted_120_minute_meeting() {
        use ClockEventKind::*;
        let mut m = Meeting::new();

        // Next before the start makes no sense.
        assert!(!m.act(Next));
        assert!(m.act(Start)); // 0:00, opening (5 min)
        m.wait(1, 0);
        assert!(!m.act(Start)); // twice

        // Warnings on the opening: 79% of 5:00 is 3:57, 80% is 4:00, 100% is 5:00.
        m.clock.set(t(3, 57));
        let v = m.view();
        assert_eq!(v.phases[0].elapsed_ms, 237 * SEC);
        assert_eq!(v.phases[0].warning, Warning::Normal);
        assert_eq!(v.phases[0].status, PhaseStatus::Current);
        m.clock.set(t(4, 0));
        assert_eq!(m.view().phases[0].warning, Warning::Amber);
        m.clock.set(t(4, 59) + TimeDelta::milliseconds(999));
        assert_eq!(m.view().phases[0].warning, Warning::Amber);
        assert_eq!(m.view().phases[0].remaining_ms, 1);
        m.clock.set(t(5, 0));
        let v = m.view();
        assert_eq!(v.phases[0].warning, Warning::Red);
        assert_eq!(v.phases[0].remaining_ms, 0);
        assert_eq!(v.phases[0].overrun_ms, 0);

        assert!(m.act(Next)); // 5:00, self-introductions (5 min)
        m.wait(2, 0);
        assert!(m.act(Pause)); // 7:00, first pause
        m.wait(1, 0);
        // 8:00, paused: phase 1 has run 2:00, the meeting 7:00; remaining 3:00 + 110 upcoming.
        let v = m.view();
        assert_eq!(v.state, RunState::Paused);
        assert_eq!(v.phases[1].elapsed_ms, 2 * MIN);
        assert_eq!(v.elapsed_ms, 7 * MIN);
        assert_eq!(v.remaining_ms, 113 * MIN);
        assert_eq!(v.behind_ms, 0);
        assert_eq!(v.projected_end, Some(t(121, 0)));
        assert!(!v.accepts(Pause));
        m.wait(2, 0);
        assert!(m.act(Resume)); // 10:00, paused 3:00 in all
        assert_eq!(m.view().phases[1].elapsed_ms, 2 * MIN);
        m.wait(3, 0);
        assert!(m.act(Next)); // 13:00, introduction lecture (20 min)
        assert_eq!(m.view().phases[1].elapsed_ms, 5 * MIN);
        assert_eq!(m.view().phases[1].status, PhaseStatus::Done);
        // The lecturer is brief: shorten the lecture to 15 minutes.
        assert!(m.act(Adjust {
            phase: 2,
            minutes: -5
        }));
        m.clock.set(t(25, 0));
        // 25:00: lecture 12:00 of 15 = 80% → amber. Meeting ran 5+5+12 = 22 min; remaining
        // 3 + (20+25+20+5+15+5) = 93; behind 22+93-120 = -5 min (ahead thanks to the cut).
        let v = m.view();
        assert_eq!(v.phases[2].planned_ms, 15 * MIN);
        assert_eq!(v.phases[2].original_ms, 20 * MIN);
        assert_eq!(v.phases[2].warning, Warning::Amber);
        assert_eq!(v.remaining_ms, 93 * MIN);
        assert_eq!(v.behind_ms, -5 * MIN);
        assert_eq!(v.projected_end, Some(t(118, 0)));
        m.clock.set(t(28, 0));
        assert!(m.act(Next)); // 28:00, case presentation (20 min)
        m.wait(2, 0);
        assert!(!m.act(Jump { phase: 9 })); // out of range
        assert!(!m.act(Jump { phase: 3 })); // already there
        m.clock.set(t(40, 0));
        // Questions are lively: extend the case phase by 10 minutes.
        assert!(m.act(Adjust {
            phase: 3,
            minutes: 10
        }));
        m.clock.set(t(60, 0));
        // 60:00: case ran 32:00 of 30 → red, 2:00 over.
        let v = m.view();
        assert_eq!(v.phases[3].warning, Warning::Red);
        assert_eq!(v.phases[3].overrun_ms, 2 * MIN);
        // Nothing left of the overrun phase; upcoming 25+20+5+15+5 = 70.
        assert_eq!(v.remaining_ms, 70 * MIN);
        assert!(m.act(Next)); // 60:00, assessment (25 min)
        // Ran 5+5+15+32 = 57 min; remaining 25 + 20+5+15+5 = 70; behind 57+70-120 = 7 min.
        let v = m.view();
        assert_eq!(v.phases[3].remaining_ms, -2 * MIN);
        assert_eq!(v.phases[3].status, PhaseStatus::Done);
        assert_eq!(v.elapsed_ms, 57 * MIN);
        assert_eq!(v.remaining_ms, 70 * MIN);
        assert_eq!(v.behind_ms, 7 * MIN);
        assert_eq!(v.projected_end, Some(t(130, 0)));

        m.wait(10, 0);
        assert!(m.act(Pause)); // 70:00, second pause
        m.wait(1, 0);
        assert!(!m.act(Pause)); // already paused
        m.wait(1, 0);
        assert!(m.act(Resume)); // 72:00, paused 2:00
        m.clock.set(t(85, 0));
        assert!(m.act(Previous)); // 85:00, back to the case: assessment ran 10 + 13 = 23:00
        let v = m.view();
        assert_eq!(v.current, 3);
        assert_eq!(v.phases[4].elapsed_ms, 23 * MIN);
        assert_eq!(v.phases[4].warning, Warning::Amber); // 92%
        assert_eq!(v.phases[4].status, PhaseStatus::Done);
        assert_eq!(v.phases[3].status, PhaseStatus::Current);
        m.wait(2, 0);
        // 87:00: the case phase has 32 + 2 = 34 min over its visits.
        assert_eq!(m.view().phases[3].elapsed_ms, 34 * MIN);
        assert!(m.act(Jump { phase: 5 })); // 87:00, themes (20 min)
        m.clock.set(t(102, 0));
        assert!(m.act(Jump { phase: 4 })); // 102:00, revisit the assessment for 3 minutes
        m.wait(3, 0);
        assert!(m.act(Jump { phase: 6 })); // 105:00, summary (5 min); assessment 26:00
        assert_eq!(m.view().phases[5].status, PhaseStatus::Done);
        assert_eq!(m.view().phases[7].status, PhaseStatus::Upcoming);
        m.wait(5, 0);
        assert!(m.act(Next)); // 110:00, impressions (15 min), cut to 12
        assert!(m.act(Adjust {
            phase: 7,
            minutes: -3
        }));
        m.wait(12, 0);
        assert!(m.act(Next)); // 122:00, closing (5 min)
        m.wait(4, 0);
        // 126:00, closing at 4:00 of 5 (80%, amber); projected end is now.
        let v = m.view();
        assert_eq!(v.phases[8].warning, Warning::Amber);
        assert_eq!(v.remaining_ms, MIN);
        assert_eq!(v.projected_end, Some(t(127, 0)));
        assert!(m.act(Next)); // 126:00, Next from the last phase finishes the meeting
        m.wait(30, 0); // time after the end changes nothing

        let v = m.view();
        assert_eq!(v.state, RunState::Finished);
        assert_eq!(v.finished_at, Some(t(126, 0)));
        assert_eq!(v.projected_end, Some(t(126, 0)));
        assert_eq!(v.started_at, Some(t0()));
        assert_eq!(v.current, 8);
        assert_eq!(
            elapsed(&v),
            [5, 5, 15, 34, 26, 15, 5, 12, 4].map(|x| x * MIN).to_vec()
        );
        // 126 minutes on the wall, 5 of them paused.
        assert_eq!(v.elapsed_ms, 121 * MIN);
        assert_eq!(v.remaining_ms, 0);
        assert_eq!(v.behind_ms, MIN);
        let planned: Vec<i64> = v.phases.iter().map(|p| p.planned_ms / MIN).collect();
        assert_eq!(planned, [5, 5, 15, 30, 25, 20, 5, 12, 5]);
        let warnings: Vec<Warning> = v.phases.iter().map(|p| p.warning).collect();
        use Warning::*;
        assert_eq!(warnings, [Red, Red, Red, Red, Red, Normal, Red, Red, Amber]);
        assert_eq!(v.phases[3].overrun_ms, 4 * MIN);
        assert_eq!(v.phases[4].overrun_ms, MIN);
        assert!(v.phases.iter().all(|p| p.status == PhaseStatus::Done));
        assert_eq!(v.ms_to_next_change(), None);
        assert!(!matches!(v.state, RunState::Running | RunState::Paused));
        for kind in [
            Start,
            Pause,
            Resume,
            Next,
            Previous,
            Finish,
            Jump { phase: 0 },
        ] {
            assert!(!v.accepts(kind), "{kind:?} after the finish");
        }
        assert!(!v.accepts(Adjust {
            phase: 0,
            minutes: 1
        }));
    }

    #[test]
    fn skipped_phases_stay_upcoming_and_count_until_the_end() {
        use ClockEventKind::*;
        let ev = |min, kind| ClockEvent::new(t(min, 0), kind);
        let events = [ev(0, Start), ev(5, Jump { phase: 3 })];
        // 10:00: opening 5 done, phases 1 and 2 skipped but still planned (5 + 20).
        let v = replay(&PLAN, &events, t(10, 0));
        assert_eq!(v.phases[1].status, PhaseStatus::Upcoming);
        assert_eq!(v.phases[2].status, PhaseStatus::Upcoming);
        // remaining: 15 left of the case + 5 + 20 + 25+20+5+15+5 = 110
        assert_eq!(v.remaining_ms, 110 * MIN);
        assert_eq!(v.behind_ms, 0);
        // Finishing early leaves them upcoming and the meeting ahead of plan.
        let mut events = events.to_vec();
        events.push(ev(30, Finish));
        let v = replay(&PLAN, &events, t(40, 0));
        assert_eq!(v.phases[1].status, PhaseStatus::Upcoming);
        assert_eq!(v.phases[3].status, PhaseStatus::Done);
        assert_eq!(v.elapsed_ms, 30 * MIN);
        assert_eq!(v.behind_ms, -90 * MIN);
    }

    #[test]
    fn moving_while_paused_stays_paused() {
        use ClockEventKind::*;
        let ev = |min, kind| ClockEvent::new(t(min, 0), kind);
        let events = [ev(0, Start), ev(2, Pause), ev(3, Next), ev(4, Previous)];
        let v = replay(&PLAN, &events, t(9, 0));
        assert_eq!(v.state, RunState::Paused);
        assert_eq!(v.current, 0);
        assert_eq!(elapsed(&v)[..2], [2 * MIN, 0]);
        assert_eq!(v.phases[1].status, PhaseStatus::Done);
        // Next from the last phase while paused still finishes.
        let events = [
            ev(0, Start),
            ev(1, Jump { phase: 8 }),
            ev(2, Pause),
            ev(5, Next),
        ];
        let v = replay(&PLAN, &events, t(9, 0));
        assert_eq!(v.state, RunState::Finished);
        assert_eq!(v.elapsed_ms, 2 * MIN);
        assert_eq!(v.finished_at, Some(t(5, 0)));
    }

    #[test]
    fn adjust_never_goes_below_one_minute() {
        use ClockEventKind::*;
        let ev = |kind| ClockEvent::new(t0(), kind);
        let v = replay(
            &PLAN,
            &[ev(Adjust {
                phase: 0,
                minutes: -30,
            })],
            t0(),
        );
        assert_eq!(v.phases[0].planned_ms, MIN);
        assert_eq!(v.phases[0].original_ms, 5 * MIN);
        // Before the start the whole (adjusted) plan is still to come: 116 of 120.
        assert_eq!(v.remaining_ms, 116 * MIN);
        assert_eq!(v.behind_ms, -4 * MIN);
        // Shortening a 1-minute phase changes nothing, so it is refused.
        assert!(!v.accepts(Adjust {
            phase: 0,
            minutes: -1
        }));
        assert!(v.accepts(Adjust {
            phase: 0,
            minutes: 1
        }));
        assert!(!v.accepts(Adjust {
            phase: 9,
            minutes: 1
        }));
        assert!(!v.accepts(Adjust {
            phase: 1,
            minutes: 0
        }));
        // Adjustments accumulate.
        let v = replay(
            &PLAN,
            &[
                ev(Adjust {
                    phase: 4,
                    minutes: 5,
                }),
                ev(Adjust {
                    phase: 4,
                    minutes: 3,
                }),
                ev(Adjust {
                    phase: 4,
                    minutes: -10,
                }),
            ],
            t0(),
        );
        assert_eq!(v.phases[4].planned_ms, 23 * MIN);
    }

    #[test]
    fn one_tick_a_second_on_the_meetings_grid() {
        use ClockEventKind::*;
        let ms = |n| t0() + TimeDelta::milliseconds(n);
        let events = [
            ClockEvent::new(ms(0), Start),
            ClockEvent::new(ms(1300), Next),
            ClockEvent::new(ms(1500), Pause),
            ClockEvent::new(ms(10_000), Resume),
        ];
        // At 10.1 s: phase 1 has run 0.2 + 0.1 = 0.3 s, the meeting 1.6 s: the next change is
        // the meeting's second, 400 ms away.
        let v = replay(&PLAN, &events, ms(10_100));
        assert_eq!(v.phases[1].elapsed_ms, 300);
        assert_eq!(v.elapsed_ms, 1600);
        assert_eq!(v.ms_to_next_change(), Some(400));
        // At 10.5 s the phase's own second (0.7 s → 300 ms away) is not a wake-up of its own:
        // it is shown on the meeting's (2.0 s → 1000 ms away), so a second has one wake-up.
        assert_eq!(
            replay(&PLAN, &events, ms(10_500)).ms_to_next_change(),
            Some(1000)
        );
        // Ten minutes of ticks: one a second, and once the phase has overrun one more a
        // minute, for the projected end.
        let mut at = 10_500;
        let mut wakes = 0;
        while at < 10_500 + 600_000 {
            at += replay(&PLAN, &events, ms(at)).ms_to_next_change().unwrap();
            wakes += 1;
        }
        assert!((600..=610).contains(&wakes), "{wakes} wake-ups in 600 s");
        // Paused: counters stand still; the projected end follows the wall clock and is shown
        // to the minute, so the next change is its next minute.
        let v = replay(&PLAN, &events[..3], ms(7_250));
        let end = ms(7_250) + TimeDelta::milliseconds(v.remaining_ms);
        assert_eq!(v.projected_end, Some(end));
        assert_eq!(
            v.ms_to_next_change(),
            Some(MIN - end.timestamp_millis().rem_euclid(MIN))
        );
        // Overrun: the projected end moves with the wall clock; the seconds still come first.
        let over = [ClockEvent::new(ms(300), Start)];
        let v = replay(&PLAN, &over, ms(5 * MIN + 600));
        assert_eq!(v.phases[0].remaining_ms, -300);
        assert_eq!(v.ms_to_next_change(), Some(700));
        // … unless the projected end's minute turns first.
        let end = v.projected_end.unwrap().timestamp_millis().rem_euclid(MIN);
        let just_before = ms(5 * MIN + 600 + (MIN - end) - 100);
        let v = replay(&PLAN, &over, just_before);
        assert_eq!(v.ms_to_next_change(), Some(100));
    }

    #[test]
    fn clock_stepping_back_does_not_eat_time() {
        use ClockEventKind::*;
        let events = [
            ClockEvent::new(t(10, 0), Start),
            ClockEvent::new(t(9, 0), Next), // the system clock was set back a minute
        ];
        let v = replay(&PLAN, &events, t(12, 0));
        assert_eq!(v.phases[0].elapsed_ms, 0);
        assert_eq!(v.phases[1].elapsed_ms, 3 * MIN);
        // "now" before the last event also counts as zero, never negative.
        let v = replay(&PLAN, &events[..1], t(5, 0));
        assert_eq!(v.elapsed_ms, 0);
    }

    #[test]
    fn parts_round_trip_for_every_kind() {
        use ClockEventKind::*;
        let kinds = [
            Start,
            Pause,
            Resume,
            Next,
            Previous,
            Jump { phase: 0 },
            Jump { phase: 8 },
            Adjust {
                phase: 4,
                minutes: 5,
            },
            Adjust {
                phase: 0,
                minutes: -3,
            },
            Adjust {
                phase: 2,
                minutes: i32::MIN,
            },
            Finish,
        ];
        for kind in kinds {
            let (name, phase, minutes) = kind.to_parts();
            assert_eq!(ClockEventKind::from_parts(name, phase, minutes), Some(kind));
        }
        assert_eq!(Jump { phase: 3 }.to_parts(), ("jump", Some(3), None));
        assert_eq!(
            Adjust {
                phase: 1,
                minutes: -2
            }
            .to_parts(),
            ("adjust", Some(1), Some(-2))
        );
        let names: Vec<&str> = [Start, Pause, Resume, Next, Previous, Finish]
            .iter()
            .map(|k| k.to_parts().0)
            .collect();
        assert_eq!(
            names,
            ["start", "pause", "resume", "next", "previous", "finish"]
        );
        // Damaged rows are refused rather than guessed at.
        assert_eq!(ClockEventKind::from_parts("extend", Some(1), Some(5)), None);
        assert_eq!(ClockEventKind::from_parts("jump", None, None), None);
        assert_eq!(ClockEventKind::from_parts("jump", Some(-1), None), None);
        assert_eq!(ClockEventKind::from_parts("adjust", Some(1), None), None);
        assert_eq!(
            ClockEventKind::from_parts("adjust", Some(1), Some(i64::from(i32::MAX) + 1)),
            None
        );
        assert_eq!(ClockEventKind::from_parts("start", Some(0), None), None);
    }
}
