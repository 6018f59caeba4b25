//! Several note-takers on one database, as real processes.
//!
//! * Commit wait: 5 writer processes type into their own cards; each autosave's
//!   `Session::flush` (waiting for the write lock, writing, committing, any WAL checkpoint) is
//!   timed. Budget: p99 < 50 ms.
//! * Propagation: a sixth process, an observer, runs the same loop as the program and notes
//!   when each saved edit first appears in its `App`. Reported as p50/p99 (README promises
//!   "within half a second").
//!
//! Every process emulates `run.rs`'s event loop, but polls: it sleeps `ms_to_next_change()`
//! (clamped to 1..250 ms; the program itself is woken by a file watch instead) unless a key is
//! due, then handles the key or an `Action::Tick` and an `Action::Sync`, and draws a 160×45
//! frame in full. The clock of the meeting runs, on the real
//! system clock. Writers type at 15 keys/s (`SHARING_RATE`), for 30 s (`SHARING_SECS`).
//! A second round, "stress", has every writer type and commit back to back for 5 s.
//!
//! The processes are this bench binary started again with `CASECONF_SHARING_ROLE` set; they
//! report on stdout, with times from CLOCK_MONOTONIC (shared by all processes).

#[path = "support/mod.rs"]
mod support;

use caseconf::agenda::{ClockEvent, ClockEventKind, SystemClock};
use caseconf::app::{Action, App, Screen};
use caseconf::board::session::{Focus, SaveState};
use caseconf::domain::Board;
use caseconf::store::{self, NoteKind, cards, conferences};
use caseconf::ui;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

const WRITERS: usize = 5;
const ROLE: &str = "CASECONF_SHARING_ROLE";
const TYPED: &str = "訪問時に本人と話し、来週の受診に同行することになった。 ";

/// CLOCK_MONOTONIC in nanoseconds: the same clock in every process.
fn mono_ns() -> i64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes into the timespec we own.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    ts.tv_sec * 1_000_000_000 + ts.tv_nsec
}

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is set by the parent"))
}

/// The App as `run.rs` sets it up, with its checkpoint helper.
fn open(db: &Path, conf: i64) -> (App, caseconf::store::checkpoint::Checkpointer) {
    let conn = store::open(db).expect("open the database");
    let mut app = App::new(conn, Arc::new(SystemClock), support::settings()).expect("app");
    app.open_conference(conf).expect("open the conference");
    let checkpointer = support::checkpointer(&app, db);
    (app, checkpointer)
}

/// The length in characters of each watched note, as this App has it.
fn lengths(app: &App, ids: &[i64]) -> Vec<usize> {
    let Some(m) = app.meeting() else {
        return vec![0; ids.len()];
    };
    let rows: Vec<_> = m
        .session
        .boards
        .lists(Board::Closing)
        .iter()
        .flat_map(|l| l.rows.iter())
        .collect();
    ids.iter()
        .map(|id| {
            rows.iter()
                .find(|r| r.stored.id == Some(*id))
                .and_then(|r| r.fields.first())
                .map_or(0, |t| t.chars().count())
        })
        .collect()
}

/// The event loop of `run.rs`, with keys coming from a timer (`rate` per second; 0: none;
/// negative: as fast as possible, committing after every key) instead of a terminal.
fn event_loop(app: &mut App, secs: f64, rate: f64, mut on_tick: impl FnMut(&mut App, bool)) {
    let (mut term, _) = support::terminal(160, 45);
    let start = Instant::now();
    let end = start + Duration::from_secs_f64(secs);
    let period = if rate > 0.0 {
        Duration::from_secs_f64(1.0 / rate)
    } else {
        Duration::from_secs(3600)
    };
    let mut next_key = start + period;
    let mut typed = TYPED.chars().cycle();
    let mut dirty = true;
    while Instant::now() < end {
        if std::mem::take(&mut dirty) {
            term.draw(|f| ui::draw(f, app)).expect("draw");
        }
        if rate < 0.0 {
            app.update(Action::Type(typed.next().unwrap_or('x')));
            on_tick(app, true);
            app.update(Action::Tick);
            app.update(Action::Sync);
            dirty = true;
            continue;
        }
        let wait = Duration::from_millis(app.ms_to_next_change().clamp(1, 250) as u64);
        let now = Instant::now();
        if next_key <= now + wait {
            std::thread::sleep(next_key.saturating_duration_since(now));
            app.update(Action::Type(typed.next().unwrap_or('x')));
            next_key += period;
            dirty = true;
        } else {
            std::thread::sleep(wait);
            on_tick(app, false);
            app.update(Action::Tick);
            app.update(Action::Sync);
            dirty = true;
        }
    }
}

/// Save now if a save is due (or `force`), as `Action::Tick` would, timing it. Prints
/// `commit <len> <end_ns> <wait_ns>` for a successful save, `busy` for a postponed one.
fn timed_flush(app: &mut App, force: bool, out: &mut impl Write) {
    let now = chrono::Utc::now();
    let Screen::Meeting(m) = &mut app.screen else {
        return;
    };
    let due = m.session.save_is_due(now) || (force && m.session.save_due.is_some());
    if !due {
        return;
    }
    // Due now, for the save `Action::Tick` makes (on this thread: no save helper here).
    m.session.save_due = Some(now);
    let t = mono_ns();
    app.update(Action::Tick);
    let end = mono_ns();
    let Screen::Meeting(m) = &app.screen else {
        return;
    };
    let len = m
        .session
        .row()
        .and_then(|r| r.fields.first())
        .map_or(0, |t| t.chars().count());
    match m.session.save_state {
        SaveState::Saved => {
            let _ = writeln!(out, "commit {len} {end} {}", end - t);
        }
        _ => {
            let _ = writeln!(out, "busy {}", end - t);
        }
    }
}

fn writer() {
    let db = PathBuf::from(env("SHARING_DB"));
    let conf: i64 = env("SHARING_CONF").parse().expect("conference");
    let row: usize = env("SHARING_ROW").parse().expect("row");
    let secs: f64 = env("SHARING_SECS").parse().expect("seconds");
    let rate: f64 = env("SHARING_RATE").parse().expect("rate");
    let (mut app, checkpointer) = open(&db, conf);
    if let Screen::Meeting(m) = &mut app.screen {
        m.session.restore_focus(
            Focus {
                board: Board::Closing,
                list: 0,
                row,
                field: 0,
            },
            false,
        );
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    event_loop(&mut app, secs, rate, |app, force| {
        timed_flush(app, force, &mut out)
    });
    app.shutdown();
    drop(checkpointer);
}

fn observer() {
    let db = PathBuf::from(env("SHARING_DB"));
    let conf: i64 = env("SHARING_CONF").parse().expect("conference");
    let secs: f64 = env("SHARING_SECS").parse().expect("seconds");
    let ids: Vec<i64> = env("SHARING_IDS")
        .split(',')
        .map(|s| s.parse().expect("id"))
        .collect();
    let (mut app, _checkpointer) = open(&db, conf);
    let mut seen = lengths(&app, &ids);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    // Looks after each tick, i.e. right after the App took in other processes' commits.
    let mut check = |app: &App| {
        let now = mono_ns();
        for (k, len) in lengths(app, &ids).into_iter().enumerate() {
            if len > seen[k] {
                seen[k] = len;
                let _ = writeln!(out, "seen {k} {len} {now}");
            }
        }
    };
    let (mut term, _) = support::terminal(160, 45);
    let end = Instant::now() + Duration::from_secs_f64(secs);
    while Instant::now() < end {
        let wait = Duration::from_millis(app.ms_to_next_change().clamp(1, 250) as u64);
        std::thread::sleep(wait);
        app.update(Action::Tick);
        app.update(Action::Sync);
        check(&app);
        term.draw(|f| ui::draw(f, &app)).expect("draw");
    }
}

struct Round {
    waits: Vec<Duration>,
    busy: usize,
    propagation: Vec<Duration>,
    unseen: usize,
    commits: usize,
}

fn round(db: &Path, conf: i64, ids: &[i64], secs: f64, rate: f64) -> Round {
    let exe = std::env::current_exe().expect("this bench binary");
    let spawn = |role: &str, row: usize, secs: f64| {
        Command::new(&exe)
            .env(ROLE, role)
            .env("SHARING_DB", db)
            .env("SHARING_CONF", conf.to_string())
            .env("SHARING_ROW", row.to_string())
            .env("SHARING_SECS", secs.to_string())
            .env("SHARING_RATE", rate.to_string())
            .env(
                "SHARING_IDS",
                ids.iter().map(i64::to_string).collect::<Vec<_>>().join(","),
            )
            .stdout(Stdio::piped())
            .spawn()
            .expect("start a process")
    };
    // The observer watches a little longer than the writers type, to see their last saves.
    let mut observer = {
        let mut c = spawn("observer", 0, secs + 1.5);
        c.stdout.take().map(|s| (c, s))
    }
    .expect("observer output");
    let writers: Vec<_> = (0..WRITERS).map(|k| spawn("writer", k, secs)).collect();
    let mut commits: Vec<(usize, usize, i64, i64)> = Vec::new();
    let mut busy = 0;
    for (k, mut child) in writers.into_iter().enumerate() {
        let stdout = child.stdout.take().expect("writer output");
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let f: Vec<&str> = line.split_whitespace().collect();
            match f.as_slice() {
                ["commit", len, end, wait] => commits.push((
                    k,
                    len.parse().unwrap_or(0),
                    end.parse().unwrap_or(0),
                    wait.parse().unwrap_or(0),
                )),
                ["busy", _] => busy += 1,
                _ => {}
            }
        }
        let status = child.wait().expect("writer exit");
        assert!(status.success(), "writer {k} failed: {status}");
    }
    let mut seen: HashMap<usize, Vec<(usize, i64)>> = HashMap::new();
    for line in BufReader::new(observer.1).lines().map_while(Result::ok) {
        let f: Vec<&str> = line.split_whitespace().collect();
        if let ["seen", k, len, at] = f.as_slice() {
            seen.entry(k.parse().unwrap_or(0))
                .or_default()
                .push((len.parse().unwrap_or(0), at.parse().unwrap_or(0)));
        }
    }
    let status = observer.0.wait().expect("observer exit");
    assert!(status.success(), "observer failed: {status}");
    let waits = commits
        .iter()
        .map(|c| Duration::from_nanos(c.3 as u64))
        .collect();
    let mut propagation = Vec::new();
    let mut unseen = 0;
    for (k, len, end, _) in &commits {
        let first = seen
            .get(k)
            .and_then(|v| v.iter().find(|(l, _)| l >= len))
            .map(|(_, at)| *at);
        match first {
            Some(at) if at >= *end => propagation.push(Duration::from_nanos((at - end) as u64)),
            // Seen before this commit ended: the observer had it from an earlier, longer save?
            // Impossible with text that only grows; count it as instant.
            Some(_) => propagation.push(Duration::ZERO),
            None => unseen += 1,
        }
    }
    Round {
        commits: commits.len(),
        waits,
        busy,
        propagation,
        unseen,
    }
}

fn main() {
    match std::env::var(ROLE).as_deref() {
        Ok("writer") => return writer(),
        Ok("observer") => return observer(),
        _ => {}
    }
    // `cargo bench` passes --bench; a name filter that is not ours skips this bench.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if !args.is_empty() && !args.iter().any(|a| "sharing".contains(a.as_str())) {
        return;
    }
    let secs: f64 = std::env::var("SHARING_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30.0);
    let rate: f64 = std::env::var("SHARING_RATE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(15.0);
    let dir = tempfile::tempdir().expect("temporary folder");
    let db = dir.path().join("sharing.db");
    let conn = store::open(&db).expect("database");
    conn.execute_batch("BEGIN").expect("begin");
    let conf = support::conference(&conn, 0, 200, None);
    let ids: Vec<i64> = (0..WRITERS)
        .map(|k| {
            cards::add_note(
                &conn,
                conf,
                NoteKind::Closing,
                &format!("記録者{k}のメモ："),
                "",
            )
            .expect("note")
            .id
        })
        .collect();
    conn.execute_batch("COMMIT").expect("commit");
    conferences::append_clock_event(
        &conn,
        conf,
        &ClockEvent::new(chrono::Utc::now(), ClockEventKind::Start),
    )
    .expect("start the clock");
    drop(conn);

    println!(
        "{WRITERS} writer processes + 1 observer, one database, 200-note conference, clock running"
    );
    for (name, secs, rate) in [("typing", secs, rate), ("stress", secs.min(5.0), -1.0)] {
        let load = support::loadavg();
        let mut r = round(&db, conf, &ids, secs, rate);
        let rate_text = if rate > 0.0 {
            format!("{rate} keys/s each")
        } else {
            "commit after every key, back to back".into()
        };
        println!(
            "  {name} ({rate_text}, {secs} s, load before {load}, after {}):",
            support::loadavg()
        );
        println!(
            "    commit wait   {} ({} commits, {} postponed as busy)",
            support::summary(&mut r.waits),
            r.commits,
            r.busy
        );
        println!(
            "    propagation   {} ({} saves never seen by the observer)",
            support::summary(&mut r.propagation),
            r.unseen
        );
    }
}
