//! Shared by the benchmarks: databases of a chosen size built through the store API,
//! an [`App`] on a real database file driven with a [`FakeClock`], percentiles, and a note of
//! the machine's load so every figure says how busy the machine was when it was taken.
//!
//! Include it with `#[path = "support/mod.rs"] mod support;`.

#![allow(dead_code)]

use caseconf::agenda::{Clock, FakeClock};
use caseconf::app::{Action, App, Screen, Settings};
use caseconf::config;
use caseconf::config::theme;
use caseconf::domain::Board;
use caseconf::i18n::Lang;
use caseconf::store::{self, NewConference, NoteKind, cards, conferences};
use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use rusqlite::Connection;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// 13:30 JST on the day of the conference: every benchmark starts its fake clock here.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 4, 30, 0)
        .single()
        .expect("a valid time")
}

pub fn settings() -> Settings {
    Settings {
        lang: Lang::Ja,
        theme: theme::default_theme(),
        no_color: false,
        tz: FixedOffset::east_opt(9 * 3600).expect("JST"),
        config_dir: None,
    }
}

/// The note kinds a meeting fills, in board order (the export fixture spreads notes the same
/// way): 2,000 notes give about 170 cards per list.
pub const KINDS: [NoteKind; 12] = [
    NoteKind::CaseNess,
    NoteKind::IllnessNess,
    NoteKind::Timeline,
    NoteKind::Question,
    NoteKind::Theme,
    NoteKind::StrengthPerson,
    NoteKind::StrengthFamily,
    NoteKind::StrengthEnvironment,
    NoteKind::SupporterStrength,
    NoteKind::SupporterChallenge,
    NoteKind::Direction,
    NoteKind::Impression,
];

const SENTENCES: [&str; 8] = [
    "本人は「困っていない」と話すが、家賃の滞納が三か月続いている。",
    "訪問時、玄関まで物が積まれており、ガスは止められていた。",
    "The landlord has filed for eviction; the hearing is next month.",
    "母親は入院中で、姉とは十年以上連絡が取れていない。",
    "保健師の訪問には応じるが、受診の話になると黙ってしまう。",
    "夜間に大声を出すことがあり、近隣から民生委員に相談が入った。",
    "He eats one meal a day and says he sleeps most of the afternoon.",
    "地域包括支援センターと生活支援課で見守りの分担を決めたい。",
];

/// A card's text: two or three sentences, about 100–150 characters.
pub fn note_text(i: usize) -> String {
    let n = 2 + i % 2;
    let mut s = format!("{i}件目：");
    for k in 0..n {
        s.push_str(SENTENCES[(i + k * 3) % SENTENCES.len()]);
    }
    s
}

/// About `bytes` bytes of note text: Japanese paragraphs of 3–6 sentences with line breaks
/// between them, as a long record of a case history looks.
pub fn long_text(bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + 256);
    let mut i = 0;
    while s.len() < bytes {
        s.push_str(SENTENCES[i % SENTENCES.len()]);
        i += 1;
        if i % (3 + i % 4) == 0 {
            s.push('\n');
        }
    }
    s
}

/// [`long_text`] with its line breaks left out: a record pasted as one paragraph.
pub fn long_paragraph(bytes: usize) -> String {
    long_text(bytes).replace('\n', "")
}

/// A conference with `notes` cards spread over [`KINDS`]. With `big_note`, the first
/// case-ness card (the first card of the assessment board) holds that many bytes of text
/// ([`long_text`]). Runs in one transaction: 2,000 notes take well under a second.
pub fn conference(conn: &Connection, n: usize, notes: usize, big_note: Option<usize>) -> i64 {
    conference_with(conn, n, notes, big_note.map(long_text))
}

/// [`conference`] with `big_note` the long card's text.
pub fn conference_with(conn: &Connection, n: usize, notes: usize, big_note: Option<String>) -> i64 {
    let new = NewConference {
        case_label: format!("{}氏", char::from(b'A' + (n % 26) as u8)),
        title: format!("第{}回 事例検討会", n + 1),
        date: NaiveDate::from_ymd_opt(2026, 1 + (n % 12) as u32, 1 + (n % 28) as u32)
            .expect("a valid date"),
        venue: "熊谷保健所 2階 大会議室".into(),
        facilitator: "佐藤 花子".into(),
        purpose: "支援の方向性を共有する".into(),
        lang: "ja".into(),
    };
    let id =
        conferences::create(conn, &new, &config::agenda::default_agenda()).expect("conference");
    for i in 0..notes.saturating_sub(usize::from(big_note.is_some())) {
        let kind = KINDS[i % KINDS.len()];
        let label = match kind {
            NoteKind::Timeline => "2024年春",
            NoteKind::Question | NoteKind::Theme | NoteKind::Direction => "",
            _ => "地域包括支援センター",
        };
        cards::add_note(conn, id, kind, &note_text(i), label).expect("note");
    }
    // The long card is the last case-ness card: a board opens on a new card below it, and ↑
    // reaches it.
    if let Some(text) = big_note {
        cards::add_note(conn, id, NoteKind::CaseNess, &text, "本人・家族").expect("big note");
    }
    for i in 0..8 {
        cards::add_participant(conn, id, &format!("参加者 {i}"), "保健所", "保健師", true)
            .expect("participant");
    }
    id
}

/// A database file at `path` with `confs` conferences holding `notes` notes in all, built in
/// one transaction through the store API. Returns the conference ids.
pub fn database(path: &Path, confs: usize, notes: usize) -> Vec<i64> {
    let conn = store::open(path).expect("open the database");
    conn.execute_batch("BEGIN IMMEDIATE").expect("begin");
    let per = notes / confs.max(1);
    let ids = (0..confs)
        .map(|n| conference(&conn, n, per, None))
        .collect();
    conn.execute_batch("COMMIT").expect("commit");
    ids
}

/// An [`App`] on the database file at `path`, on conference `id`, with a fake clock.
pub fn open_app(path: &Path, id: i64) -> (App, Arc<FakeClock>) {
    let clock = Arc::new(FakeClock::new(t0()));
    let conn = store::open(path).expect("open the database");
    let mut app = App::new(conn, clock.clone() as Arc<dyn Clock>, settings()).expect("app");
    app.open_conference(id).expect("open the conference");
    (app, clock)
}

/// The checkpoint helper the program starts beside the screen (`run.rs`), on `app`'s database.
pub fn checkpointer(app: &App, path: &Path) -> caseconf::store::checkpoint::Checkpointer {
    let path = path.to_path_buf();
    caseconf::store::checkpoint::Checkpointer::start(&app.conn(), move || store::open(&path).ok())
}

/// Show `board` (Ctrl+B, then its number).
pub fn show_board(app: &mut App, board: Board) {
    let i = Board::ALL
        .iter()
        .position(|b| *b == board)
        .expect("a board");
    app.update(Action::OpenBoards);
    app.update(Action::BoardsTo(i));
}

/// The text of the focused field.
pub fn focused_len(app: &App) -> usize {
    match &app.screen {
        Screen::Meeting(m) => m.session.editor.lines().iter().map(|l| l.len() + 1).sum(),
        Screen::Picker(_) => 0,
    }
}

/// The `p`-th percentile (0–100) of sorted `v`, nearest rank.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// p50, p99 and max of `samples` (sorted in place), as a line of text.
pub fn summary(samples: &mut [Duration]) -> String {
    samples.sort();
    let mean = samples.iter().sum::<Duration>() / samples.len().max(1) as u32;
    format!(
        "n={} p50={:.3} ms p90={:.3} ms p99={:.3} ms max={:.3} ms mean={:.3} ms",
        samples.len(),
        ms(percentile(samples, 50.0)),
        ms(percentile(samples, 90.0)),
        ms(percentile(samples, 99.0)),
        ms(samples.last().copied().unwrap_or_default()),
        ms(mean),
    )
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The load average as /proc/loadavg gives it ("1-min 5-min 15-min").
pub fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

/// A `Write` that counts bytes and keeps none: the terminal the frames are encoded for.
#[derive(Default)]
pub struct Sink {
    pub bytes: std::rc::Rc<std::cell::Cell<u64>>,
}

impl std::io::Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.bytes.set(self.bytes.get() + buf.len() as u64);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A terminal of `width`×`height` whose frames are encoded into a [`Sink`] as the program's
/// are (`ui::backend::Lean`; a fixed viewport: no size query, no tty needed).
pub type Term = ratatui::Terminal<caseconf::ui::backend::Lean<Sink>>;

/// The terminal and the count of bytes written to it.
pub fn terminal(width: u16, height: u16) -> (Term, std::rc::Rc<std::cell::Cell<u64>>) {
    let sink = Sink::default();
    let bytes = sink.bytes.clone();
    let term = ratatui::Terminal::with_options(
        caseconf::ui::backend::Lean::new(sink).with_width(width),
        ratatui::TerminalOptions {
            viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, width, height)),
        },
    )
    .expect("terminal");
    (term, bytes)
}

/// The same with ratatui's own crossterm backend: what `examples/minimal_ratatui.rs` draws on.
pub fn stock_terminal(
    width: u16,
    height: u16,
) -> ratatui::Terminal<ratatui::backend::CrosstermBackend<Sink>> {
    ratatui::Terminal::with_options(
        ratatui::backend::CrosstermBackend::new(Sink::default()),
        ratatui::TerminalOptions {
            viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, width, height)),
        },
    )
    .expect("terminal")
}
