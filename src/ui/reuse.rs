//! Frames in which only the clock moved. While the meeting's clock runs, the screen changes
//! every second, but only around the board: the header's wall clock, the agenda strip, the big
//! clock and the pace line. Laying the board out again (wrapping every card in view, with
//! kinsoku) is most of what a frame costs, so such a frame takes the board region's cells from
//! the last frame drawn in full instead. The result is cell for cell what [`super::draw`] draws
//! (a test below checks it); the caller says when nothing the board shows can have changed.

use super::{MIN_HEIGHT, MIN_WIDTH, keep_well_formed_rows, meeting};
use crate::app::{App, Overlay};
use crate::board::session::Focus;
use crate::domain::Board;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::widgets::Block;

/// The last frame of the meeting screen drawn in full, for later frames to take its board from.
pub(crate) struct KeptBoard {
    buffer: Buffer,
    board: Rect,
    key: BoardKey,
    /// Where that frame put the cursor (the board's text field places it).
    cursor: Option<Position>,
}

/// What the board region shows that can change without a key, a save or another note-taker's
/// change (which the caller watches): where it is, the phase's tabs, the save mark.
#[derive(PartialEq, Eq)]
struct BoardKey {
    area: Rect,
    board: Rect,
    tabs: Vec<Board>,
    focus: Focus,
    save: (crate::board::session::SaveMark, bool),
}

fn board_key(app: &App, area: Rect) -> Option<BoardKey> {
    let m = app.meeting()?;
    if app.present
        || app.overlay != Overlay::None
        || area.width < MIN_WIDTH
        || area.height < MIN_HEIGHT
    {
        return None;
    }
    Some(BoardKey {
        area,
        board: meeting::areas(app, m, area).board,
        tabs: m.phase_boards(),
        focus: m.session.focus,
        save: (m.session.save_mark(), m.session.kept_both),
    })
}

impl KeptBoard {
    /// Keep `buffer`, a frame [`super::draw`] just drew of `app`, and the cursor it placed.
    /// `None` when the screen is not one whose board can be reused (the picker, an overlay, the
    /// projector view).
    pub(crate) fn keep(app: &App, buffer: &Buffer, cursor: Option<Position>) -> Option<KeptBoard> {
        let key = board_key(app, buffer.area)?;
        Some(KeptBoard {
            buffer: buffer.clone(),
            board: key.board,
            key,
            cursor,
        })
    }
}

/// Draw `app` as [`super::draw`] does, taking the board region from `kept` when it still fits
/// (same screen size, board in the same place, same tabs, focus and save mark). The caller
/// passes `kept` only if no key, save or other note-taker's change came since it was drawn.
/// Returns whether the board was taken from `kept`.
pub fn draw(frame: &mut Frame, app: &App, kept: Option<&KeptBoard>) -> bool {
    let area = frame.area();
    let (Some(kept), Some(m)) = (kept, app.meeting()) else {
        super::draw(frame, app);
        return false;
    };
    if board_key(app, area).as_ref() != Some(&kept.key) {
        super::draw(frame, app);
        return false;
    }
    let board = kept.board;
    // The background everywhere but the board, as `super::draw` paints it first.
    let theme = app.theme();
    let above = Rect::new(area.x, area.y, area.width, board.y - area.y);
    let below = Rect::new(
        area.x,
        board.bottom(),
        area.width,
        area.bottom() - board.bottom(),
    );
    for rect in [above, below] {
        frame.render_widget(Block::default().style(theme.text), rect);
    }
    meeting::draw_around_board(frame, app, m, area);
    let buf = frame.buffer_mut();
    for y in board.top()..board.bottom() {
        for x in board.left()..board.right() {
            buf[(x, y)].clone_from(&kept.buffer[(x, y)]);
        }
    }
    keep_well_formed_rows(buf, above.top()..above.bottom());
    keep_well_formed_rows(buf, below.top()..below.bottom());
    if let Some(cursor) = kept.cursor {
        frame.set_cursor_position(cursor);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agenda::FakeClock;
    use crate::app::{Action, App, Settings};
    use crate::store::{self, NoteKind, cards, conferences};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use std::sync::Arc;

    fn app() -> (App, Arc<FakeClock>) {
        let conn = store::open_memory().unwrap();
        let id = conferences::create(
            &conn,
            &store::NewConference {
                case_label: "A氏".into(),
                title: "第1回 事例検討会".into(),
                date: chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap(),
                venue: "保健所".into(),
                facilitator: "佐藤".into(),
                purpose: "支援の方向性を共有する".into(),
                lang: "ja".into(),
            },
            &crate::config::agenda::default_agenda(),
        )
        .unwrap();
        for i in 0..30 {
            cards::add_note(
                &conn,
                id,
                NoteKind::CaseNess,
                &format!(
                    "{i}件目：家賃の滞納が三か月続き、玄関まで物が積まれている。訪問には応じる。"
                ),
                "本人",
            )
            .unwrap();
        }
        let clock = Arc::new(FakeClock::new(
            chrono::DateTime::parse_from_rfc3339("2026-11-21T13:30:00+09:00")
                .unwrap()
                .with_timezone(&chrono::Utc),
        ));
        let settings = Settings {
            lang: crate::i18n::Lang::Ja,
            theme: crate::config::theme::default_theme(),
            no_color: false,
            tz: chrono::FixedOffset::east_opt(9 * 3600).unwrap(),
            config_dir: None,
        };
        let mut app = App::new(conn, clock.clone(), settings).unwrap();
        app.open_conference(id).unwrap();
        (app, clock)
    }

    /// Second after second of a running clock, a frame that takes the board from the last full
    /// frame is cell for cell the frame `ui::draw` draws, cursor included; typing in between
    /// (a full frame) is kept for the seconds after it.
    #[test]
    fn a_clock_frame_is_the_full_frame() {
        let (mut app, clock) = app();
        app.update(Action::StartPause);
        for c in "来週訪問".chars() {
            app.update(Action::Type(c));
        }
        let mut full = Terminal::new(TestBackend::new(160, 45)).unwrap();
        let mut reused = Terminal::new(TestBackend::new(160, 45)).unwrap();
        let mut kept = None;
        let mut taken = 0;
        for second in 0..130 {
            if second == 70 {
                app.update(Action::Type('。'));
                kept = None;
            }
            clock.advance(chrono::TimeDelta::seconds(1));
            // As the event loop does: a tick that saves draws the board again.
            let saving = app.meeting().unwrap().session.save_due.is_some();
            app.update(Action::Tick);
            if saving {
                kept = None;
            }
            let expected = full.draw(|f| super::super::draw(f, &app)).unwrap();
            let expected = expected.buffer.clone();
            let mut took = false;
            let drawn = reused
                .draw(|f| took = draw(f, &app, kept.as_ref()))
                .unwrap()
                .buffer
                .clone();
            assert_eq!(drawn, expected, "second {second}");
            assert_eq!(
                reused.get_cursor_position().unwrap(),
                full.get_cursor_position().unwrap()
            );
            if took {
                taken += 1;
            } else {
                let cursor = full.get_cursor_position().ok();
                kept = KeptBoard::keep(&app, &drawn, cursor);
            }
        }
        assert!(
            taken > 100,
            "the board was taken from the kept frame {taken} times"
        );
    }

    /// An overlay, or a screen of another size, is drawn in full.
    #[test]
    fn an_overlay_or_another_size_is_drawn_in_full() {
        let (mut app, _clock) = app();
        let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
        let buffer = t
            .draw(|f| super::super::draw(f, &app))
            .unwrap()
            .buffer
            .clone();
        let kept = KeptBoard::keep(&app, &buffer, None);
        assert!(kept.is_some());
        let mut took = true;
        t.draw(|f| took = draw(f, &app, kept.as_ref())).unwrap();
        assert!(took);
        app.update(Action::ToggleHelp);
        t.draw(|f| took = draw(f, &app, kept.as_ref())).unwrap();
        assert!(!took);
        app.update(Action::ToggleHelp);
        let mut other = Terminal::new(TestBackend::new(100, 40)).unwrap();
        other.draw(|f| took = draw(f, &app, kept.as_ref())).unwrap();
        assert!(!took);
    }
}
