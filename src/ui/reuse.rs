//! Frames in which only time moved. While the meeting's clock runs, the screen changes every
//! second, but only around the board: the header's wall clock, the agenda strip, the big clock,
//! the pace line, and at times the notice line and the footer (the re-plan offer). Drawing a
//! whole frame for that (laying the board out again, painting every part, ratatui comparing
//! every cell of the screen with the last frame) is most of what an idle second costs, so such
//! a frame is made from the last one: the parts whose content ([`meeting::Around`]) differs
//! are painted again over the kept frame, and only the cells that changed in their rows are
//! written to the terminal ([`time_moved`]). The result is cell for cell what [`super::draw`]
//! draws (the tests below check it).
//!
//! The board is taken as it was while the model's revision ([`App::revision`]) is the same: no
//! key, no save and no other note-taker's change since.

use super::{MIN_HEIGHT, MIN_WIDTH, keep_well_formed_rows, meeting, present};
use crate::app::{App, Overlay};
use ratatui::Frame;
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::{Position, Rect};

/// The last frame of the meeting screen, as the terminal shows it.
pub(crate) struct Kept {
    buffer: Buffer,
    around: meeting::Around,
    revision: u64,
    /// Where the frame put the cursor (the board's text field places it).
    cursor: Option<Position>,
}

impl Kept {
    /// The frame, cell by cell.
    pub(crate) fn buffer(&self) -> &Buffer {
        &self.buffer
    }

    /// Where the frame puts the cursor (`None`: hidden).
    pub(crate) fn cursor(&self) -> Option<Position> {
        self.cursor
    }

    /// Where the kept frame put the cursor; the caller reads it from the terminal after a full
    /// frame.
    pub(crate) fn set_cursor(&mut self, cursor: Option<Position>) {
        self.cursor = cursor;
    }
}

/// Whether the screen is one whose frames can be made from the last one: the meeting screen or
/// the projector view, of a usable size with nothing over it (not the picker or an overlay).
fn reusable(app: &App, area: Rect) -> bool {
    app.meeting().is_some()
        && app.overlay == Overlay::None
        && area.width >= MIN_WIDTH
        && area.height >= MIN_HEIGHT
}

/// Draw `app` in full, as [`super::draw`] does, and keep the frame for the frames after it
/// (`None` when it is not one that can be kept, or when the meeting's clock does not move: a
/// key then costs no copy of the screen).
pub fn draw(frame: &mut Frame, app: &App, kept: &mut Option<Kept>) {
    let area = frame.area();
    let clock_moves = app
        .meeting()
        .is_some_and(|m| m.view.ms_to_next_change().is_some());
    *kept = super::draw_full(frame, app)
        .filter(|_| clock_moves && reusable(app, area))
        .map(|around| Kept {
            buffer: frame.buffer_mut().clone(),
            around,
            revision: app.revision(),
            cursor: None,
        });
}

/// If only time moved since `kept` was drawn (same model revision, same screen size, every
/// part in the same place), make the frame from it: `kept` becomes the new frame, and what is
/// returned are the cells to write to the terminal (those that changed, in ratatui's diff
/// order and rules). `None`: the frame must be drawn in full.
pub(crate) fn time_moved(app: &App, kept: &mut Kept, area: Rect) -> Option<Vec<(u16, u16, Cell)>> {
    let m = app.meeting()?;
    if !reusable(app, area) || kept.revision != app.revision() || kept.buffer.area != area {
        return None;
    }
    let around = if app.present {
        present::around(app, m, area)
    } else {
        meeting::around(app, m, area)
    };
    if around.areas != kept.around.areas {
        return None;
    }
    let parts = around.changed(Some(&kept.around));
    // The rows the changed parts cover (where they are now, and where they were), in runs.
    let mut marked = vec![false; usize::from(area.height)];
    for rect in parts
        .iter()
        .flat_map(|&part| [around.area(part), kept.around.area(part)])
    {
        for y in rect.top()..rect.bottom() {
            if let Some(row) = marked.get_mut(usize::from(y - area.y)) {
                *row = true;
            }
        }
    }
    let mut runs: Vec<Rect> = Vec::new();
    for (i, _) in marked.iter().enumerate().filter(|(_, m)| **m) {
        let y = area.y + i as u16;
        match runs.last_mut() {
            Some(run) if run.bottom() == y => run.height += 1,
            _ => runs.push(Rect::new(area.x, y, area.width, 1)),
        }
    }
    let width = usize::from(area.width);
    let span = |r: &Rect| {
        let top = usize::from(r.y - area.y) * width;
        top..top + usize::from(r.height) * width
    };
    let before: Vec<Buffer> = runs
        .iter()
        .map(|r| Buffer {
            area: *r,
            content: kept.buffer.content[span(r)].to_vec(),
        })
        .collect();
    around.paint(&mut kept.buffer, app.theme(), &parts);
    let mut cells = Vec::new();
    for (r, old) in runs.iter().zip(before) {
        keep_well_formed_rows(&mut kept.buffer, r.top()..r.bottom());
        let new = Buffer {
            area: *r,
            content: kept.buffer.content[span(r)].to_vec(),
        };
        cells.extend(
            old.diff(&new)
                .into_iter()
                .map(|(x, y, c)| (x, y, c.clone())),
        );
    }
    kept.around = around;
    Some(cells)
}
