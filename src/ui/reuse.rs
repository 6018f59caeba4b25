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
    // Where the changed parts can change a cell, as segments of rows, widened by two columns
    // each side and merged: a cell next to one drawn over changes when it held half of a wide
    // character (`keep_well_formed_rows`), and the diff of a segment must start and end on
    // cells that did not change, so that it finds what a diff of the whole row finds. On the
    // projector this is the one digit that changed, not the clock's whole rows (the diff of
    // those rows was the largest part of its one-second frame).
    let mut segments: Vec<Vec<(u16, u16)>> = vec![Vec::new(); usize::from(area.height)];
    for rect in parts
        .iter()
        .flat_map(|&part| around.changes_from(&kept.around, part))
    {
        let rect = rect.intersection(area);
        let from = rect.left().saturating_sub(2).max(area.left());
        let to = rect.right().saturating_add(2).min(area.right());
        for y in rect.top()..rect.bottom() {
            if let Some(row) = segments.get_mut(usize::from(y - area.y)) {
                row.push((from, to));
            }
        }
    }
    for row in &mut segments {
        row.sort_unstable();
        let mut merged: Vec<(u16, u16)> = Vec::with_capacity(row.len());
        for &(from, to) in row.iter() {
            match merged.last_mut() {
                Some(last) if from <= last.1 => last.1 = last.1.max(to),
                _ => merged.push((from, to)),
            }
        }
        *row = merged;
    }
    let width = usize::from(area.width);
    let span = |y: u16, (from, to): (u16, u16)| {
        let top = usize::from(y - area.y) * width;
        top + usize::from(from - area.x)..top + usize::from(to - area.x)
    };
    let segments: Vec<(u16, (u16, u16))> = segments
        .iter()
        .enumerate()
        .flat_map(|(i, row)| row.iter().map(move |&seg| (area.y + i as u16, seg)))
        .collect();
    // (Every segment lies in the frame, whose size is the area's; should one not, the frame is
    // drawn in full, before anything is painted over the kept one.)
    let before: Vec<Vec<Cell>> = segments
        .iter()
        .map(|&(y, seg)| kept.buffer.content.get(span(y, seg)).map(<[Cell]>::to_vec))
        .collect::<Option<_>>()?;
    around.paint(&mut kept.buffer, app.theme(), &parts);
    let mut last_row = None;
    for &(y, _) in &segments {
        if last_row != Some(y) {
            keep_well_formed_rows(&mut kept.buffer, y..y + 1);
            last_row = Some(y);
        }
    }
    let mut cells = Vec::new();
    for ((y, seg), old) in segments.into_iter().zip(before) {
        let r = Rect::new(seg.0, y, seg.1 - seg.0, 1);
        let now = kept.buffer.content.get(span(y, seg)).unwrap_or_default();
        let (old, new) = (
            Buffer {
                area: r,
                content: old,
            },
            Buffer {
                area: r,
                content: now.to_vec(),
            },
        );
        cells.extend(
            old.diff(&new)
                .into_iter()
                .map(|(x, y, c)| (x, y, c.clone())),
        );
    }
    kept.around = around;
    Some(cells)
}
