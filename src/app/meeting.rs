//! The meeting in progress: its conference, agenda snapshot, clock events and the clock view
//! derived from them.

use crate::agenda::{ClockEvent, ClockEventKind, MeetingView, RunState, replan, replay};
use crate::board::Boards;
use crate::board::session::Session;
use crate::domain::Board;
use crate::store::{Conference, PhaseRow};
use chrono::{DateTime, Utc};

pub struct Meeting {
    pub phases: Vec<PhaseRow>,
    pub(crate) events: Vec<ClockEvent>,
    /// The clock as of the last tick; `draw` reads only this, never the clock itself.
    pub view: MeetingView,
    /// The re-plan on offer when the meeting is behind (empty when none).
    pub replan: Vec<ClockEventKind>,
    /// The boards and the note-taker's place in them.
    pub session: Session,
    /// The id of the last clock event replayed: a new event is stored only if it still is.
    pub(crate) last_event_id: Option<i64>,
}

impl Meeting {
    pub(crate) fn new(
        phases: Vec<PhaseRow>,
        events: Vec<ClockEvent>,
        boards: Boards,
        now: DateTime<Utc>,
    ) -> Self {
        let mut m = Meeting {
            phases,
            events,
            view: replay(&[], &[], now),
            replan: Vec::new(),
            session: Session::new(boards, Board::Opening),
            last_event_id: None,
        };
        m.refresh(now);
        let board = m.phase_board();
        m.session.focus_board(board);
        m
    }

    /// The conference: its one copy lives with the boards, whose opening form edits it.
    pub fn conf(&self) -> &Conference {
        &self.session.boards.conference
    }

    pub(crate) fn conf_mut(&mut self) -> &mut Conference {
        &mut self.session.boards.conference
    }

    /// The boards of the phase on screen (the first phase before the start).
    pub fn phase_boards(&self) -> Vec<Board> {
        let phase = if self.view.state == RunState::NotStarted {
            0
        } else {
            self.view.current
        };
        // A first conference has nothing to review: the review board is left out of its phase.
        let review = self.has_review();
        self.phases
            .get(phase)
            .map(|p| {
                p.boards
                    .iter()
                    .copied()
                    .filter(|b| *b != Board::Review || review)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The board a phase opens on.
    pub(crate) fn phase_board(&self) -> Board {
        self.phase_boards()
            .first()
            .copied()
            .unwrap_or(Board::Opening)
    }

    /// Whether actions were carried from the previous conference of the case.
    pub(crate) fn has_review(&self) -> bool {
        self.session
            .boards
            .lists(Board::Review)
            .first()
            .is_some_and(|l| !l.rows.is_empty())
    }

    pub(crate) fn planned_minutes(&self) -> Vec<u32> {
        self.phases.iter().map(|p| p.planned_minutes).collect()
    }

    /// Recompute the view for `now`.
    pub(crate) fn refresh(&mut self, now: DateTime<Utc>) {
        self.view = replay(&self.planned_minutes(), &self.events, now);
        // Offer a re-plan only for a whole minute or more behind: seconds are noise.
        self.replan = if self.view.behind_ms >= 60_000 {
            replan(&self.view)
        } else {
            Vec::new()
        };
    }
}
