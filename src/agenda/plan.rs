//! The meeting as planned: an agenda's phases, their planned minutes and the boards each one
//! shows, and the limits every agenda obeys (whether read from a file or imported).
//!
//! Reading agenda files into these types is `config::agenda`'s work; the clock replays stored
//! events against them.

use crate::domain::Board;

/// The longest phase an agenda file may plan. Ten hours is far beyond any real conference;
/// the limit only catches typos such as `minutes = 2000` meant as `20`.
pub const MAX_PHASE_MINUTES: u32 = 600;

/// The most phases an agenda may have. Real agendas have about ten; the limit keeps a
/// mistaken or hostile file (thousands of phases) from making the screen unusable.
pub const MAX_PHASES: usize = 60;

/// A validated agenda: an ordered list of phases.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Agenda {
    pub(crate) id: String,
    pub(crate) title_ja: String,
    pub(crate) title_en: String,
    pub(crate) phases: Vec<PhaseDef>,
}

/// One phase of the meeting as planned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhaseDef {
    pub(crate) key: String,
    pub(crate) title_ja: String,
    pub(crate) title_en: String,
    pub(crate) minutes: u32,
    pub(crate) guidance_ja: String,
    pub(crate) guidance_en: String,
    pub(crate) boards: Vec<Board>,
}

impl Agenda {
    /// The planned length of the whole meeting.
    pub(crate) fn total_minutes(&self) -> u32 {
        self.phases.iter().map(|p| p.minutes).sum()
    }
}
