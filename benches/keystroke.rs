//! One keystroke, end to end. Budget: p50 < 1 ms, p99 < 3 ms.
//!
//! The cycle is what the event loop in `run.rs` does for a typed character on a 50 KB note in
//! the assessment board, on a 160×45 screen, with the meeting clock running:
//!
//! 1. `App::update(Action::Type(c))` — the key;
//! 2. `ui::draw` into the terminal (ratatui's diff, encoded by crossterm into a byte sink);
//! 3. the autosave: the clock moves past the 100 ms save delay, `Action::Tick` hands the edit
//!    to the save helper (`store::writer`, as in the program), which commits it to a real
//!    database file (WAL, synchronous=NORMAL), and the outcome is taken back (`settle_saves`),
//!    with the program's checkpoint helper (`store::checkpoint::Checkpointer`) running beside
//!    it as in the program;
//! 4. the redraw that shows 保存済み again.
//!
//! First a timing loop of its own prints p50/p90/p99 of the cycle and of its parts (criterion
//! reports means), on the note in paragraphs and on the same note as one paragraph, and the
//! ratio of the two; then criterion measures the cycle on the note in paragraphs. Each measured stretch of typing is
//! taken back afterwards (untimed), so the note stays at 50 KB.
//!
//! `KEYSTROKE_PROFILE=N` runs N cycles and nothing else, for `valgrind --tool=callgrind`.

#[path = "support/mod.rs"]
mod support;

use caseconf::agenda::FakeClock;
use caseconf::app::{Action, App};
use caseconf::board::session::SAVE_DELAY_MS;
use caseconf::domain::Board;
use caseconf::ui;
use chrono::TimeDelta;
use criterion::Criterion;
use std::hint::black_box;
use std::time::{Duration, Instant};

const NOTE_BYTES: usize = 50 * 1024;
const WIDTH: u16 = 160;
const HEIGHT: u16 = 45;
const TYPED: &str = "本人の話では来週から通所を再開する予定 ok";

struct Rig {
    _checkpointer: caseconf::store::checkpoint::Checkpointer,
    _dir: tempfile::TempDir,
    app: App,
    clock: std::sync::Arc<FakeClock>,
    term: support::Term,
    bytes: std::rc::Rc<std::cell::Cell<u64>>,
    typed: usize,
}

/// The long note's text: in paragraphs (as a case history is written), or one paragraph of
/// the same text (as a record is pasted), which must cost no more per key.
#[derive(Clone, Copy, PartialEq)]
enum Note {
    Paragraphs,
    OneParagraph,
}

fn rig(note: Note) -> Rig {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("keystroke.db");
    let conn = caseconf::store::open(&path).expect("database");
    let text = match note {
        Note::Paragraphs => support::long_text(NOTE_BYTES),
        Note::OneParagraph => support::long_paragraph(NOTE_BYTES),
    };
    let id = support::conference_with(&conn, 0, 200, Some(text));
    drop(conn);
    let (mut app, clock) = support::open_app(&path, id);
    // As the program runs: WAL checkpoints on a helper thread, not inside an autosave.
    let checkpointer = support::checkpointer(&app, &path);
    app.save_on_thread(|| {});
    app.update(Action::StartPause);
    support::show_board(&mut app, Board::Assessment);
    // The board opens on a new card; the long one is just above it.
    app.update(Action::Vertical(false));
    assert!(
        support::focused_len(&app) >= NOTE_BYTES,
        "the 50 KB note has the focus"
    );
    let (mut term, bytes) = support::terminal(WIDTH, HEIGHT);
    term.draw(|f| ui::draw(f, &app)).expect("draw");
    Rig {
        _checkpointer: checkpointer,
        _dir: dir,
        app,
        clock,
        term,
        bytes,
        typed: 0,
    }
}

/// The parts of one cycle.
struct Parts {
    key: Duration,
    key_and_frame: Duration,
    commit: Duration,
    /// Steps 1–3: the budget's "keystroke handled, frame rendered and edit committed".
    budget: Duration,
    /// Steps 1–4.
    whole: Duration,
}

impl Rig {
    fn next_char(&mut self) -> char {
        let c = TYPED.chars().nth(self.typed % TYPED.chars().count());
        self.typed += 1;
        c.unwrap_or('x')
    }

    fn draw(&mut self) {
        let app = &self.app;
        self.term.draw(|f| ui::draw(f, app)).expect("draw");
    }

    /// One keystroke, its frame, its commit and the frame after it.
    fn cycle(&mut self) -> Parts {
        let c = self.next_char();
        let start = Instant::now();
        self.app.update(Action::Type(c));
        let handled = Instant::now();
        self.draw();
        let typed = Instant::now();
        self.clock
            .advance(TimeDelta::milliseconds(SAVE_DELAY_MS + 1));
        self.app.update(Action::Tick);
        self.app.settle_saves();
        let committed = Instant::now();
        self.draw();
        let end = Instant::now();
        assert!(
            self.app
                .meeting()
                .is_some_and(|m| m.session.save_due.is_none()),
            "the edit was committed"
        );
        Parts {
            key: handled - start,
            key_and_frame: typed - start,
            commit: committed - typed,
            budget: committed - start,
            whole: end - start,
        }
    }

    /// Take back `n` typed characters and save, untimed.
    fn untype(&mut self, n: usize) {
        for _ in 0..n {
            self.app.update(Action::Backspace);
        }
        self.clock
            .advance(TimeDelta::milliseconds(SAVE_DELAY_MS + 1));
        self.app.update(Action::Tick);
        self.app.settle_saves();
        self.draw();
    }
}

/// The cycle's percentiles on one note; returns the key + frame samples, sorted.
fn percentiles(note: Note) -> Vec<Duration> {
    let mut rig = rig(note);
    // Warm up: caches, prepared statements, the WAL.
    for _ in 0..50 {
        rig.cycle();
    }
    rig.untype(50);
    let mut whole = Vec::new();
    let mut budget = Vec::new();
    let mut handled = Vec::new();
    let mut key = Vec::new();
    let mut commit = Vec::new();
    let bytes_before = rig.bytes.get();
    for _ in 0..20 {
        for _ in 0..100 {
            let p = rig.cycle();
            whole.push(p.whole);
            budget.push(p.budget);
            handled.push(p.key);
            key.push(p.key_and_frame);
            commit.push(p.commit);
        }
        rig.untype(100);
    }
    let bytes = rig.bytes.get() - bytes_before;
    let what = match note {
        Note::Paragraphs => "in paragraphs",
        Note::OneParagraph => "as one paragraph",
    };
    println!(
        "keystroke on a 50 KB note {what}, 160x45, clock running (load {})",
        support::loadavg()
    );
    println!("  key+frame+commit   {}", support::summary(&mut budget));
    println!("  + saved-mark frame {}", support::summary(&mut whole));
    println!("  key (update)       {}", support::summary(&mut handled));
    println!("  key + frame        {}", support::summary(&mut key));
    println!("  commit (Tick+wait) {}", support::summary(&mut commit));
    println!(
        "  terminal bytes     {:.0} per cycle (typing and taking back)",
        bytes as f64 / 2000.0
    );
    key
}

/// Both notes, and the ratio of their keys: a paragraph of 50 KB must cost no more per key
/// than the same text in paragraphs (both are laid out only around the cursor).
fn compare_notes() {
    let paragraphs = percentiles(Note::Paragraphs);
    let one = percentiles(Note::OneParagraph);
    let ratio = |p: f64| {
        support::percentile(&one, p).as_secs_f64()
            / support::percentile(&paragraphs, p).as_secs_f64()
    };
    println!(
        "  ratio key + frame, one paragraph / paragraphs: p50 {:.2}x, p99 {:.2}x",
        ratio(50.0),
        ratio(99.0)
    );
}

fn bench(c: &mut Criterion) {
    let mut rig = rig(Note::Paragraphs);
    let mut group = c.benchmark_group("keystroke_50KB_note_160x45");
    group.bench_function("type_draw_commit_draw", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            let mut pending = 0;
            for _ in 0..iters {
                total += black_box(rig.cycle()).whole;
                pending += 1;
                if pending == 100 {
                    rig.untype(pending);
                    pending = 0;
                }
            }
            rig.untype(pending);
            total
        })
    });
    group.bench_function("type_draw_commit", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            let mut pending = 0;
            for _ in 0..iters {
                total += black_box(rig.cycle()).budget;
                pending += 1;
                if pending == 100 {
                    rig.untype(pending);
                    pending = 0;
                }
            }
            rig.untype(pending);
            total
        })
    });
    group.finish();
}

fn main() {
    if let Some(n) = std::env::var("KEYSTROKE_PROFILE")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    {
        // KEYSTROKE_ONE_PARAGRAPH=1 profiles the note written as one paragraph.
        let note = if std::env::var_os("KEYSTROKE_ONE_PARAGRAPH").is_some() {
            Note::OneParagraph
        } else {
            Note::Paragraphs
        };
        let mut rig = rig(note);
        for i in 0..n {
            rig.cycle();
            if i % 100 == 99 {
                rig.untype(100);
            }
        }
        return;
    }
    compare_notes();
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c);
    c.final_summary();
}
