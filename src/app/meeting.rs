//! The meeting in progress: its conference, agenda snapshot, clock events and the clock view
//! derived from them.

use crate::agenda::{ClockEvent, ClockEventKind, MeetingView, replan, replay};
use crate::store::{Conference, PhaseRow};
use chrono::{DateTime, Utc};

pub struct Meeting {
    pub conf: Conference,
    pub phases: Vec<PhaseRow>,
    pub events: Vec<ClockEvent>,
    /// The clock as of the last tick; `draw` reads only this, never the clock itself.
    pub view: MeetingView,
    /// The re-plan on offer when the meeting is behind (empty when none).
    pub replan: Vec<ClockEventKind>,
    /// Set after a first F8 on the last phase: a second one finishes the meeting.
    pub confirm_finish: bool,
}

impl Meeting {
    pub fn new(
        conf: Conference,
        phases: Vec<PhaseRow>,
        events: Vec<ClockEvent>,
        now: DateTime<Utc>,
    ) -> Self {
        let mut m = Meeting {
            conf,
            phases,
            events,
            view: replay(&[], &[], now),
            replan: Vec::new(),
            confirm_finish: false,
        };
        m.refresh(now);
        m
    }

    pub fn planned_minutes(&self) -> Vec<u32> {
        self.phases.iter().map(|p| p.planned_minutes).collect()
    }

    /// Recompute the view for `now`.
    pub fn refresh(&mut self, now: DateTime<Utc>) {
        self.view = replay(&self.planned_minutes(), &self.events, now);
        // Offer a re-plan only for a whole minute or more behind: seconds are noise.
        self.replan = if self.view.behind_ms >= 60_000 {
            replan(&self.view)
        } else {
            Vec::new()
        };
    }

    /// What the screen shows that changes with time, to redraw only when it changes.
    pub fn tick_key(&self) -> (i64, i64, i64, i64) {
        let v = &self.view;
        let phase_s = v
            .phases
            .get(v.current)
            .map_or(0, |p| p.elapsed_ms.div_euclid(1000));
        let end_min = v.projected_end.map_or(0, |t| t.timestamp().div_euclid(60));
        (
            v.elapsed_ms.div_euclid(1000),
            phase_s,
            end_min,
            self.replan.len() as i64,
        )
    }
}
