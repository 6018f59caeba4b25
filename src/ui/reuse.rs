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
    let segments = Segments::take(
        &kept.buffer,
        area,
        parts
            .iter()
            .flat_map(|&part| around.changes_from(&kept.around, part)),
    )?;
    around.paint(&mut kept.buffer, app.theme(), &parts);
    let cells = segments.changed(&mut kept.buffer);
    kept.around = around;
    Some(cells)
}

/// The parts of rows where a frame made from the last one can change cells, with the cells they
/// held: the areas painted, widened and merged. A cell next to one drawn over changes when it
/// held half of a wide character (`keep_well_formed_rows`), so a segment takes one column more
/// each side; it takes two, so that its diff also starts and ends on cells that did not
/// change. Its diff is then what a diff of the whole row finds (a test below compares them; it
/// fails when the segments are not widened). On the projector this is the one digit that
/// changed, not the clock's whole rows, whose diff was the largest part of its one-second
/// frame.
struct Segments {
    area: Rect,
    /// (row, columns from..to), by row and column.
    rows: Vec<(u16, (u16, u16))>,
    before: Vec<Vec<Cell>>,
}

impl Segments {
    /// The segments around `rects` (clipped to `area`, the size of `buf`), holding what `buf`
    /// holds there now; `None` when one falls outside `buf` (then nothing may be painted over
    /// it: the frame is drawn in full).
    fn take(buf: &Buffer, area: Rect, rects: impl IntoIterator<Item = Rect>) -> Option<Segments> {
        let mut by_row: Vec<Vec<(u16, u16)>> = vec![Vec::new(); usize::from(area.height)];
        for rect in rects {
            let rect = rect.intersection(area);
            let from = rect.left().saturating_sub(2).max(area.left());
            let to = rect.right().saturating_add(2).min(area.right());
            for y in rect.top()..rect.bottom() {
                if let Some(row) = by_row.get_mut(usize::from(y - area.y)) {
                    row.push((from, to));
                }
            }
        }
        let mut rows = Vec::new();
        for (i, row) in by_row.iter_mut().enumerate() {
            row.sort_unstable();
            let mut merged: Vec<(u16, u16)> = Vec::with_capacity(row.len());
            for &(from, to) in row.iter() {
                match merged.last_mut() {
                    Some(last) if from <= last.1 => last.1 = last.1.max(to),
                    _ => merged.push((from, to)),
                }
            }
            rows.extend(merged.into_iter().map(|seg| (area.y + i as u16, seg)));
        }
        let mut s = Segments {
            area,
            rows,
            before: Vec::new(),
        };
        s.before = s
            .rows
            .iter()
            .map(|&(y, seg)| buf.content.get(s.span(y, seg)).map(<[Cell]>::to_vec))
            .collect::<Option<_>>()?;
        Some(s)
    }

    fn span(&self, y: u16, (from, to): (u16, u16)) -> std::ops::Range<usize> {
        let top = usize::from(y - self.area.y) * usize::from(self.area.width);
        top + usize::from(from - self.area.x)..top + usize::from(to - self.area.x)
    }

    /// After `buf` was painted over inside the rectangles: its segments' rows made well formed,
    /// and the cells that changed, in ratatui's diff order and rules.
    fn changed(mut self, buf: &mut Buffer) -> Vec<(u16, u16, Cell)> {
        let mut last_row = None;
        for &(y, _) in &self.rows {
            if last_row != Some(y) {
                keep_well_formed_rows(buf, y..y + 1);
                last_row = Some(y);
            }
        }
        let mut cells = Vec::new();
        let before = std::mem::take(&mut self.before);
        for (&(y, seg), old) in self.rows.iter().zip(before) {
            let r = Rect::new(seg.0, y, seg.1 - seg.0, 1);
            let now = buf.content.get(self.span(y, seg)).unwrap_or_default();
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
        cells
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ratatui::style::{Color, Style};

    /// A row of text: narrow and wide characters, spaces, in one of two colours.
    fn text() -> impl Strategy<Value = (String, bool)> {
        (
            proptest::collection::vec(proptest::sample::select(vec!['a', '家', ' ', '。']), 0..14)
                .prop_map(|c| c.into_iter().collect()),
            any::<bool>(),
        )
    }

    fn style(red: bool) -> Style {
        if red {
            Style::default().fg(Color::White).bg(Color::Red)
        } else {
            Style::default()
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Painting over rectangles of a screen that holds wide characters, the segments'
        /// diff is the diff of the whole rows, cell for cell and in order: nothing next to a
        /// rectangle is missed, nothing is written twice.
        #[test]
        fn segments_find_what_whole_rows_find(
            screen in proptest::collection::vec(text(), 4),
            rects in proptest::collection::vec((0u16..24, 0u16..4, 1u16..8, 1u16..3, text()), 1..4),
        ) {
            let area = Rect::new(0, 0, 24, 4);
            let mut was = Buffer::empty(area);
            for (y, (line, red)) in screen.iter().enumerate() {
                was.set_stringn(0, y as u16, line, 24, style(*red));
            }
            keep_well_formed_rows(&mut was, 0..4);
            let rects: Vec<(Rect, (String, bool))> = rects
                .into_iter()
                .map(|(x, y, w, h, t)| (Rect::new(x, y, w, h).intersection(area), t))
                .collect();
            let segments = Segments::take(&was, area, rects.iter().map(|r| r.0)).unwrap();
            let mut now = was.clone();
            for (r, (line, red)) in &rects {
                for y in r.top()..r.bottom() {
                    for x in r.left()..r.right() {
                        now[(x, y)].reset();
                    }
                    now.set_stringn(r.x, y, line, usize::from(r.width), style(*red));
                }
            }
            let mut whole = now.clone();
            let rows: Vec<u16> = segments.rows.iter().map(|s| s.0).collect();
            let cells = segments.changed(&mut now);
            let mut expected = Vec::new();
            let mut seen = None;
            for &y in &rows {
                if seen == Some(y) {
                    continue;
                }
                seen = Some(y);
                keep_well_formed_rows(&mut whole, y..y + 1);
                let row = |b: &Buffer| Buffer {
                    area: Rect::new(0, y, 24, 1),
                    content: b.content[usize::from(y) * 24..usize::from(y + 1) * 24].to_vec(),
                };
                let (old, new) = (row(&was), row(&whole));
                expected.extend(old.diff(&new).into_iter().map(|(x, y, c)| (x, y, c.clone())));
            }
            prop_assert_eq!(&now, &whole);
            prop_assert_eq!(cells, expected);
        }
    }
}
