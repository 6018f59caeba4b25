//! A full frame of the meeting screen. Budget: < 1 ms at 240×67 on a conference with
//! 2,000 notes.
//!
//! A "full frame" is `ui::draw` of the whole screen plus ratatui's diff plus the program's
//! backend (`ui::backend::Lean`) encoding every cell, as after a clear or a resize (the previous
//! frame is forgotten): the most a frame can cost. Also measured: the frame the running clock
//! causes every second (only the changed cells are encoded), the same screen when one list holds
//! all 2,000 cards, and the floor: an empty ratatui frame of the same size on ratatui's own
//! crossterm backend (what `examples/minimal_ratatui.rs` draws).
//!
//! `FRAME_PROFILE=N` draws N full frames and nothing else, for `valgrind --tool=callgrind`
//! (`FRAME_CLOCK=1`: N of the clock's frames instead).

#[path = "support/mod.rs"]
mod support;

use caseconf::agenda::FakeClock;
use caseconf::app::{Action, App};
use caseconf::domain::Board;
use caseconf::store::{self, NoteKind, cards};
use caseconf::ui;
use chrono::TimeDelta;
use criterion::Criterion;
use std::sync::Arc;
use std::time::{Duration, Instant};

const WIDTH: u16 = 240;
const HEIGHT: u16 = 67;

struct Screen {
    _dir: tempfile::TempDir,
    app: App,
    clock: Arc<FakeClock>,
    term: support::Term,
    bytes: std::rc::Rc<std::cell::Cell<u64>>,
}

/// The meeting screen on the assessment board, the clock running. `one_list`: every card is a
/// case-ness card (one list of 2,000), else they are spread over twelve lists as in a meeting.
fn screen(one_list: bool) -> Screen {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("frame.db");
    let conn = store::open(&path).expect("database");
    conn.execute_batch("BEGIN").expect("begin");
    let id = if one_list {
        let id = support::conference(&conn, 0, 0, None);
        for i in 0..2_000 {
            cards::add_note(
                &conn,
                id,
                NoteKind::CaseNess,
                &support::note_text(i),
                "本人",
            )
            .expect("note");
        }
        id
    } else {
        support::conference(&conn, 0, 2_000, None)
    };
    conn.execute_batch("COMMIT").expect("commit");
    drop(conn);
    let (mut app, clock) = support::open_app(&path, id);
    app.update(Action::StartPause);
    support::show_board(&mut app, Board::Assessment);
    let (mut term, bytes) = support::terminal(WIDTH, HEIGHT);
    term.draw(|f| ui::draw(f, &app)).expect("draw");
    Screen {
        _dir: dir,
        app,
        clock,
        term,
        bytes,
    }
}

impl Screen {
    /// Clear, then draw everything.
    fn full_frame(&mut self) {
        let app = &self.app;
        // The previous frame is forgotten: the diff is every cell, as after a clear.
        self.term.swap_buffers();
        self.term.draw(|f| ui::draw(f, app)).expect("draw");
    }

    /// One second later: the clock's frame.
    fn clock_frame(&mut self) {
        self.clock.advance(TimeDelta::seconds(1));
        self.app.update(Action::Tick);
        let app = &self.app;
        self.term.draw(|f| ui::draw(f, app)).expect("draw");
    }
}

fn timing_loop() {
    println!(
        "meeting screen {WIDTH}x{HEIGHT}, 2,000 notes, clock running (load {})",
        support::loadavg()
    );
    for (name, one_list) in [("spread over 12 lists", false), ("all in one list", true)] {
        let mut s = screen(one_list);
        for _ in 0..20 {
            s.full_frame();
        }
        let before = s.bytes.get();
        let mut full: Vec<Duration> = (0..500)
            .map(|_| {
                let t = Instant::now();
                s.full_frame();
                t.elapsed()
            })
            .collect();
        let full_bytes = (s.bytes.get() - before) / 500;
        let before = s.bytes.get();
        let mut tick: Vec<Duration> = (0..500)
            .map(|_| {
                let t = Instant::now();
                s.clock_frame();
                t.elapsed()
            })
            .collect();
        let tick_bytes = (s.bytes.get() - before) / 500;
        println!("  {name}:");
        println!(
            "    full frame   {} ({full_bytes} bytes)",
            support::summary(&mut full)
        );
        println!(
            "    clock frame  {} ({tick_bytes} bytes)",
            support::summary(&mut tick)
        );
    }
    let mut term = support::stock_terminal(WIDTH, HEIGHT);
    let mut empty: Vec<Duration> = (0..500)
        .map(|_| {
            let t = Instant::now();
            term.swap_buffers();
            term.draw(|_| {}).expect("draw");
            t.elapsed()
        })
        .collect();
    println!(
        "  floor, empty ratatui frame (cleared, full repaint): {}",
        support::summary(&mut empty)
    );
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("meeting_240x67_2000_notes");
    let mut spread = screen(false);
    group.bench_function("full_frame", |b| b.iter(|| spread.full_frame()));
    group.bench_function("clock_frame", |b| b.iter(|| spread.clock_frame()));
    let mut one = screen(true);
    group.bench_function("full_frame_one_list", |b| b.iter(|| one.full_frame()));
    let mut term = support::stock_terminal(WIDTH, HEIGHT);
    group.bench_function("floor_empty_frame", |b| {
        b.iter(|| {
            term.swap_buffers();
            term.draw(|_| {}).expect("draw");
        })
    });
    group.finish();
}

fn main() {
    if let Some(n) = std::env::var("FRAME_PROFILE")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    {
        let mut s = screen(std::env::var_os("FRAME_ONE_LIST").is_some());
        // FRAME_CLOCK=1: the frame the running clock causes each second instead.
        let clock = std::env::var_os("FRAME_CLOCK").is_some();
        for _ in 0..n {
            if clock {
                s.clock_frame();
            } else {
                s.full_frame();
            }
        }
        return;
    }
    timing_loop();
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c);
    c.final_summary();
}
