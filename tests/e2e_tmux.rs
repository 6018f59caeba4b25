//! End-to-end: the real binary in a real terminal (tmux), on a temporary database.
//!
//! Each test starts `caseconf` in its own private tmux server (see `support/tmux.rs`), presses
//! keys as a user would, reads the screen, and checks what was stored.

// tmux and POSIX signals: Unix only (on Windows, CI runs the other tests under Wine).
#![cfg(unix)]

#[path = "support/tmux.rs"]
mod tmux;

use caseconf::agenda::ClockEventKind;
use caseconf::store::conferences;
use std::time::{Duration, Instant};
use tmux::{Options, Sandbox, TIMEOUT, Tmux, framed};
use unicode_width::UnicodeWidthStr;

/// Ctrl+Q, SIGTERM or SIGHUP must end the program within this.
const PROMPT_EXIT: Duration = Duration::from_secs(1);

const PHASE3_JA: &str = "3/9 導入（講義）・ルール目的説明";

/// The meeting's elapsed time in seconds, from the pace line ("会議 経過 01:35 / 120分" or
/// "Meeting used 01:35 / 120min").
fn elapsed(screen: &str) -> Option<u32> {
    screen.lines().find_map(|line| {
        let label = ["会議 経過 ", "Meeting used "]
            .into_iter()
            .find(|l| line.contains(l))?;
        let rest = &line[line.find(label)? + label.len()..];
        let (m, s) = rest.split_whitespace().next()?.split_once(':')?;
        Some(m.parse::<u32>().ok()? * 60 + s.parse::<u32>().ok()?)
    })
}

/// The current phase, "3/9", from the phase title line.
fn phase(screen: &str) -> Option<&str> {
    screen.lines().find_map(|line| {
        let first = line.split_whitespace().next()?;
        let (a, b) = first.split_once('/')?;
        let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
        (digits(a) && digits(b)).then_some(first)
    })
}

/// The meeting screen is completely drawn: the footer (the last thing written) is on the last
/// row and the pace line is there.
fn meeting_drawn(screen: &str) -> bool {
    let last = screen.lines().rfind(|l| !l.trim().is_empty()).unwrap_or("");
    last.starts_with("F1 ") && elapsed(screen).is_some() && phase(screen).is_some()
}

/// The projector view is completely drawn: its keys on the last row, the pace line and the
/// phase.
fn present_drawn(screen: &str) -> bool {
    let last = screen.lines().rfind(|l| !l.trim().is_empty()).unwrap_or("");
    last.contains("F4 ") && elapsed(screen).is_some() && phase(screen).is_some()
}

fn kinds(sb: &Sandbox, id: i64) -> Vec<ClockEventKind> {
    conferences::clock_events(&sb.connect(), id)
        .expect("read clock events")
        .into_iter()
        .map(|e| e.kind)
        .collect()
}

fn integrity_check(sb: &Sandbox) {
    let check: String = sb
        .connect()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check");
    assert_eq!(check, "ok");
}

fn ok<T>(r: Result<T, String>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

/// Wait for the program to exit, and check that it did so promptly.
fn exited(tm: &Tmux) -> tmux::Exit {
    let exit = ok(tm.wait_exit(TIMEOUT));
    assert!(
        exit.took <= PROMPT_EXIT,
        "exited only after {:?} (limit {PROMPT_EXIT:?})",
        exit.took
    );
    exit
}

/// Ctrl+Q: a prompt, clean exit that gives the terminal back as it was.
fn quit(tm: &Tmux) -> tmux::Exit {
    tm.send_keys(&["C-q"]);
    let exit = exited(tm);
    assert_eq!(
        exit.status,
        Some(0),
        "Ctrl+Q should exit with status 0: {exit:?}\n{}",
        framed(&exit.screen)
    );
    ok(exit.check_terminal_restored());
    exit
}

#[test]
fn resume_after_quit_restores_phase_and_time() {
    let sb = Sandbox::new();
    let id = sb.new_conference("A氏", "第1回 事例検討会", "2026-11-21");
    let open = ["open".to_string(), id.to_string()];
    let open: Vec<&str> = open.iter().map(String::as_str).collect();

    let tm = sb.spawn_with(&open, Options::default().in_shell());
    let s = ok(tm.wait_for(|s| meeting_drawn(s) && s.contains("開始前"), TIMEOUT));
    assert_eq!(phase(&s), Some("1/9"), "{}", framed(&s));
    assert!(
        s.contains("第1回 事例検討会") && s.contains("A氏"),
        "{}",
        framed(&s)
    );
    assert_eq!(elapsed(&s), Some(0), "{}", framed(&s));

    tm.send_keys(&["F5"]);
    ok(tm.wait_for(|s| meeting_drawn(s) && !s.contains("開始前"), TIMEOUT));
    tm.send_keys(&["F8", "F8"]);
    ok(tm.wait_for(|s| s.contains(PHASE3_JA), TIMEOUT));
    // Let the clock run for a while (the screen shows whole seconds).
    ok(tm.wait_for(|s| elapsed(s).is_some_and(|e| e >= 1), TIMEOUT));
    tm.send_keys(&["F5"]);
    // The footer offers "resume" once the paused frame is completely drawn.
    let paused = ok(tm.wait_for(
        |s| meeting_drawn(s) && s.contains("一時停止中") && s.contains("F5 再開"),
        TIMEOUT,
    ));
    assert!(paused.contains(PHASE3_JA), "{}", framed(&paused));
    assert!(paused.contains("残り / 20分"), "{}", framed(&paused));
    let shown = elapsed(&paused).unwrap();
    assert!(shown >= 1, "{}", framed(&paused));

    quit(&tm);
    drop(tm);

    let events = conferences::clock_events(&sb.connect(), id).unwrap();
    let kinds: Vec<ClockEventKind> = events.iter().map(|e| e.kind).collect();
    use ClockEventKind::*;
    assert_eq!(kinds, [Start, Next, Next, Pause]);
    assert!(events.windows(2).all(|w| w[0].at <= w[1].at), "{events:?}");
    // The screen showed the stored time: paused minus started, in whole seconds.
    let stored_s = (events[3].at - events[0].at).num_milliseconds() / 1000;
    assert_eq!(i64::from(shown), stored_s, "shown vs stored {events:?}");

    let tm = sb.spawn(&open);
    let again = ok(tm.wait_for(meeting_drawn, TIMEOUT));
    assert_eq!(phase(&again), Some("3/9"), "{}", framed(&again));
    assert!(again.contains(PHASE3_JA), "{}", framed(&again));
    assert!(again.contains("一時停止中"), "{}", framed(&again));
    assert_eq!(elapsed(&again), Some(shown), "{}", framed(&again));
    quit(&tm);
}

#[test]
fn running_clock_continues_across_restart() {
    let sb = Sandbox::new();
    let id = sb.new_conference("C氏", "継続の確認", "2026-11-21");
    let args = ["--lang", "en", "open", &id.to_string()].map(String::from);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();

    let tm = sb.spawn(&args);
    ok(tm.wait_for(|s| meeting_drawn(s) && s.contains("Not started"), TIMEOUT));
    tm.send_keys(&["F5", "F8"]);
    let before = ok(tm.wait_for(
        |s| meeting_drawn(s) && phase(s) == Some("2/9") && elapsed(s).is_some_and(|e| e >= 1),
        TIMEOUT,
    ));
    let read_at = Instant::now();
    let e1 = elapsed(&before).unwrap();
    assert!(!before.contains("Paused"), "{}", framed(&before));
    assert!(before.contains("Self-introductions"), "{}", framed(&before));
    quit(&tm);
    drop(tm);
    use ClockEventKind::*;
    assert_eq!(kinds(&sb, id), [Start, Next]);

    // The program stays closed for a while (this is the scenario, not synchronisation).
    std::thread::sleep(Duration::from_millis(1500));

    let gap = read_at.elapsed().as_secs() as u32;
    let tm = sb.spawn(&args);
    let after = ok(tm.wait_for(meeting_drawn, TIMEOUT));
    let e2 = elapsed(&after).unwrap();
    let started = conferences::clock_events(&sb.connect(), id).unwrap()[0].at;
    let since_start = (chrono::Utc::now() - started).num_seconds() as u32;
    assert_eq!(phase(&after), Some("2/9"), "{}", framed(&after));
    assert!(
        !after.contains("Paused") && !after.contains("Not started"),
        "{}",
        framed(&after)
    );
    assert!(
        after.contains("F5 pause"),
        "footer offers pause: {}",
        framed(&after)
    );
    // The time while closed counts (e1 was at most a second old when read, the new screen
    // was drawn after the gap), and no more than has passed since the start.
    assert!(
        e2 >= e1 + gap && e2 <= since_start,
        "elapsed was {e1} s; {gap} s later it shows {e2} s ({since_start} s since the start)\n{}",
        framed(&after)
    );
    // And it keeps running.
    ok(tm.wait_for(|s| elapsed(s).is_some_and(|e| e > e2), TIMEOUT));
    quit(&tm);
    assert_eq!(kinds(&sb, id), [Start, Next]);
}

#[test]
fn first_run_dialog_creates_a_conference() {
    let sb = Sandbox::new();
    assert!(!sb.db().exists());
    let tm = sb.spawn(&[]);
    ok(tm.wait_for_text("新しい事例検討会"));
    tm.type_text("B氏");
    ok(tm.wait_for_text("B氏"));
    tm.send_keys(&["Tab"]);
    tm.type_text("初回 事例検討会");
    ok(tm.wait_for_text("初回 事例検討会"));
    tm.send_keys(&["Enter"]);
    let s = ok(tm.wait_for(meeting_drawn, TIMEOUT));
    let header = s.lines().next().unwrap_or("");
    assert!(
        header.contains("初回 事例検討会") && header.contains("事例 B氏"),
        "{}",
        framed(&s)
    );
    assert_eq!(phase(&s), Some("1/9"), "{}", framed(&s));
    assert!(s.contains("開始前"), "{}", framed(&s));
    quit(&tm);

    let out = sb.caseconf(&["list"]);
    let listing = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{listing}");
    let lines: Vec<&str> = listing.lines().collect();
    assert_eq!(lines.len(), 1, "{listing}");
    assert!(
        lines[0].contains("B氏") && lines[0].contains("[初回 事例検討会]"),
        "{listing}"
    );
    let conn = sb.connect();
    let c = conferences::get(&conn, 1).unwrap();
    assert_eq!(
        (c.case_label.as_str(), c.title.as_str()),
        ("B氏", "初回 事例検討会")
    );
    assert_eq!(c.status.key(), "planned", "{c:?}");
    assert_eq!(conferences::phases(&conn, 1).unwrap().len(), 9);
}

#[test]
fn tiny_terminal_shows_message_and_survives_resizes() {
    let sb = Sandbox::new();
    let id = sb.new_conference("D氏", "小さな画面", "2026-11-21");
    let tm = sb.spawn_with(&["open", &id.to_string()], Options::default().size(30, 8));
    let s = ok(tm.wait_for_text("画面が小さすぎます"));
    assert!(phase(&s).is_none(), "{}", framed(&s));

    tm.resize(100, 30);
    let s = ok(tm.wait_for(meeting_drawn, TIMEOUT));
    assert_eq!(tm.size(), (100, 30));
    assert!(!s.contains("画面が小さすぎます"), "{}", framed(&s));
    assert_eq!(s.lines().count(), 30, "{}", framed(&s));

    let sizes = [
        (30, 8),
        (100, 30),
        (80, 24),
        (40, 10),
        (39, 9),
        (160, 45),
        (1, 1),
        (120, 40),
        (41, 11),
        (200, 60),
        (2, 50),
        (200, 3),
    ];
    for (w, h) in sizes.iter().cycle().take(50) {
        tm.resize(*w, *h);
    }
    assert!(
        tm.is_running(),
        "died while resizing:\n{}",
        framed(&tm.screen().unwrap())
    );

    tm.resize(80, 24);
    let s = ok(tm.wait_for(
        |s| {
            meeting_drawn(s)
                && s.lines().count() == 24
                && s.lines().nth(23).is_some_and(|l| l.starts_with("F1 "))
        },
        TIMEOUT,
    ));
    assert!(s.lines().all(|l| l.width() <= 80), "{}", framed(&s));
    assert!(
        s.lines().next().unwrap().contains("小さな画面"),
        "{}",
        framed(&s)
    );
    // Still answering keys.
    tm.send_keys(&["F5"]);
    ok(tm.wait_for(|s| meeting_drawn(s) && !s.contains("開始前"), TIMEOUT));
    tm.resize(30, 8);
    ok(tm.wait_for_text("画面が小さすぎます"));
    quit(&tm);
    assert_eq!(kinds(&sb, id), [ClockEventKind::Start]);
}

#[test]
fn sigterm_and_sighup_exit_promptly() {
    let sb = Sandbox::new();
    let id = sb.new_conference("E氏", "シグナル", "2026-11-21");
    let open = ["open".to_string(), id.to_string()];
    let open: Vec<&str> = open.iter().map(String::as_str).collect();

    // SIGTERM (e.g. a shutdown) while the meeting runs.
    let tm = sb.spawn(&open);
    ok(tm.wait_for(|s| meeting_drawn(s) && s.contains("開始前"), TIMEOUT));
    tm.send_keys(&["F5"]);
    ok(tm.wait_for(|s| meeting_drawn(s) && s.contains("F5 一時停止"), TIMEOUT));
    ok(tm.signal(libc::SIGTERM));
    let exit = exited(&tm);
    assert_eq!((exit.status, exit.signal), (Some(0), None), "{exit:?}");
    assert!(!exit.alternate_screen, "{exit:?}");
    drop(tm);
    integrity_check(&sb);
    assert_eq!(kinds(&sb, id), [ClockEventKind::Start]);

    // SIGHUP (a closed SSH session) in another session; the meeting is still running.
    let tm = sb.spawn(&open);
    let s = ok(tm.wait_for(meeting_drawn, TIMEOUT));
    assert!(
        s.contains("F5 一時停止") && !s.contains("開始前"),
        "{}",
        framed(&s)
    );
    tm.send_keys(&["F8"]);
    ok(tm.wait_for(|s| phase(s) == Some("2/9"), TIMEOUT));
    ok(tm.signal(libc::SIGHUP));
    let exit = exited(&tm);
    assert_eq!((exit.status, exit.signal), (Some(0), None), "{exit:?}");
    assert!(!exit.alternate_screen, "{exit:?}");
    drop(tm);

    integrity_check(&sb);
    use ClockEventKind::*;
    assert_eq!(kinds(&sb, id), [Start, Next]);
}

#[test]
fn closed_terminal_exits_without_spinning() {
    let sb = Sandbox::new();
    let id = sb.new_conference("F氏", "切断", "2026-11-21");
    let open = ["open".to_string(), id.to_string()];
    let open: Vec<&str> = open.iter().map(String::as_str).collect();
    let tm = sb.spawn(&open);
    ok(tm.wait_for(meeting_drawn, TIMEOUT));
    // A meeting opens on a new opening note: typing goes straight in.
    tm.type_text("切断前のメモ");
    ok(tm.wait_for_text("切断前のメモ"));
    // The window closes (or the SSH connection drops) with no chance to quit.
    let pid = tm.close_terminal().expect("the program's pid");
    ok(tmux::wait_pid_gone(pid, PROMPT_EXIT));
    drop(tm);
    integrity_check(&sb);
    let notes = caseconf::store::cards::notes(&sb.connect(), id).unwrap();
    assert!(notes.iter().any(|n| n.body == "切断前のメモ"), "{notes:?}");
}

#[test]
fn japanese_typed_into_the_assessment_survives_kill_9() {
    let sb = Sandbox::new();
    let id = sb.new_conference("G氏", "強制終了", "2026-11-21");
    let open = ["open".to_string(), id.to_string()];
    let open: Vec<&str> = open.iter().map(String::as_str).collect();
    let tm = sb.spawn_with(&open, Options::default().size(100, 30));
    ok(tm.wait_for(meeting_drawn, TIMEOUT));
    // Ctrl+B, 7: the assessment board.
    tm.send_keys(&["C-b"]);
    ok(tm.wait_for_text("板書を選ぶ"));
    tm.send_keys(&["7"]);
    ok(tm.wait_for_text("事例性（生活の中で起きている困りごと）"));
    let case_ness = "家賃を三か月滞納し、大家から退去を求められている①";
    let illness = "統合失調症の疑い、治療中断";
    tm.type_text(case_ness);
    tm.send_keys(&["Tab", "Tab"]);
    tm.type_text(illness);
    ok(tm.wait_for_text("治療中断"));
    // 300 ms after the last key, the process dies without any chance to save.
    std::thread::sleep(Duration::from_millis(300));
    let pid = ok(tm.signal(libc::SIGKILL));
    ok(tmux::wait_pid_gone(pid, TIMEOUT));
    drop(tm);
    integrity_check(&sb);
    let notes = caseconf::store::cards::notes(&sb.connect(), id).unwrap();
    let bodies: Vec<&str> = notes.iter().map(|n| n.body.as_str()).collect();
    assert!(bodies.contains(&case_ness), "{bodies:?}");
    assert!(bodies.contains(&illness), "{bodies:?}");
    // Restarted, the text is on the board.
    let tm = sb.spawn_with(&open, Options::default().size(100, 30));
    ok(tm.wait_for(meeting_drawn, TIMEOUT));
    tm.send_keys(&["C-b"]);
    ok(tm.wait_for_text("板書を選ぶ"));
    tm.send_keys(&["7"]);
    let screen = ok(tm.wait_for_text("統合失調症の疑い"));
    assert!(screen.contains("家賃を三か月滞納し"), "{}", framed(&screen));
    quit(&tm);
}

#[test]
fn an_edit_in_one_process_appears_in_another_before_the_safety_net_poll() {
    let sb = Sandbox::new();
    let id = sb.new_conference("H氏", "二人の書記", "2026-11-21");
    let open = ["open".to_string(), id.to_string()];
    let open: Vec<&str> = open.iter().map(String::as_str).collect();
    let present = ["present".to_string(), id.to_string()];
    let present: Vec<&str> = present.iter().map(String::as_str).collect();
    let writer = sb.spawn_with(&open, Options::default().size(100, 30));
    let reader = sb.spawn_with(&open, Options::default().size(100, 30));
    let projector = sb.spawn_with(&present, Options::default().size(160, 45));
    for tm in [&writer, &reader] {
        ok(tm.wait_for(meeting_drawn, TIMEOUT));
    }
    ok(projector.wait_for(present_drawn, TIMEOUT));
    // The writer starts the meeting: the clock is shared.
    writer.send_keys(&["F5"]);
    ok(reader.wait_for(|s| s.contains("F5 一時停止"), TIMEOUT));
    // The writer types an opening note; the others show it soon after its save.
    writer.type_text("二人目の書記にも見える");
    let typed = Instant::now();
    ok(reader.wait_for(
        |s| s.contains("二人目の書記にも見える"),
        Duration::from_millis(3000),
    ));
    ok(projector.wait_for(
        |s| s.contains("二人目の書記にも見える"),
        Duration::from_millis(3000),
    ));
    let seen = typed.elapsed();
    // The file watch woke the other processes: far sooner than the 5 s safety-net poll, even
    // on a loaded machine (the figures themselves are measured by benches/pty.rs).
    assert!(seen < Duration::from_millis(2500), "took {seen:?}");
    // The projector view takes no typing: nothing appears, nothing is stored.
    projector.type_text("投影側");
    std::thread::sleep(Duration::from_millis(400));
    let s = ok(projector.screen());
    assert!(!s.contains("投影側"), "{}", framed(&s));
    let notes = caseconf::store::cards::notes(&sb.connect(), id).unwrap();
    assert_eq!(notes.len(), 1, "{notes:?}");
    quit(&writer);
    quit(&reader);
    quit(&projector);
}

#[test]
fn a_panic_restores_the_terminal_keeps_the_notes_and_prints_none_of_them() {
    let sb = Sandbox::new();
    let id = sb.new_conference("P氏", "障害注入", "2026-11-21");
    let open = ["open".to_string(), id.to_string()];
    let open: Vec<&str> = open.iter().map(String::as_str).collect();
    let tm = sb.spawn_with(
        &open,
        Options::default()
            .in_shell()
            .env("CASECONF_FAULT_INJECTION", "panic"),
    );
    ok(tm.wait_for(meeting_drawn, TIMEOUT));
    let secret = "統合失調症の治療を中断している";
    tm.type_text(secret);
    ok(tm.wait_for_text("治療を中断"));
    // A bug strikes at once, before the autosave's delay has passed.
    tm.send_keys(&["F11"]);
    let exit = ok(tm.wait_exit(TIMEOUT));
    assert_ne!(exit.status, Some(0), "{exit:?}");
    ok(exit.check_terminal_restored());
    assert!(
        exit.screen.contains("internal error"),
        "{}",
        framed(&exit.screen)
    );
    assert!(
        !exit.screen.contains("治療"),
        "no note text is printed\n{}",
        framed(&exit.screen)
    );
    drop(tm);
    integrity_check(&sb);
    let notes = caseconf::store::cards::notes(&sb.connect(), id).unwrap();
    assert!(notes.iter().any(|n| n.body == secret), "{notes:?}");
}

#[test]
fn the_projector_view_is_the_rooms_screen_and_follows_the_note_taker() {
    let sb = Sandbox::new();
    let id = sb.new_conference("J氏", "投影の確認", "2026-11-21");
    let open = ["open".to_string(), id.to_string()];
    let open: Vec<&str> = open.iter().map(String::as_str).collect();
    let present = ["present".to_string(), id.to_string()];
    let present: Vec<&str> = present.iter().map(String::as_str).collect();
    let writer = sb.spawn_with(&open, Options::default().size(100, 30));
    ok(writer.wait_for(meeting_drawn, TIMEOUT));
    for (w, h) in [(80, 24), (160, 45)] {
        let projector = sb.spawn_with(&present, Options::default().size(w, h));
        let screen = ok(projector.wait_for(present_drawn, TIMEOUT));
        // Only the keys that work here, and no editing footer.
        let last = screen.lines().rfind(|l| !l.trim().is_empty()).unwrap_or("");
        for key in ["F4 ", "F6 ", "Q "] {
            assert!(last.contains(key), "{w}x{h}: {last}");
        }
        for key in ["F1 ", "F5 ", "Enter", "^B", "Tab"] {
            assert!(!last.contains(key), "{w}x{h}: {last}");
        }
        // No cursor parked in a field: a projector view has nothing to type into.
        assert!(!screen.contains("ここに入力"), "{}", framed(&screen));
        // The note-taker writes and moves on; the room's screen follows.
        if w == 80 {
            writer.send_keys(&["F5"]);
            writer.send_keys(&["Tab"]);
            writer.type_text("会場は熊谷保健所の二階会議室");
        } else {
            writer.send_keys(&["F8"]);
        }
        let expect = if w == 80 {
            "会場は熊谷保健所"
        } else {
            "2/9"
        };
        let sent = Instant::now();
        ok(projector.wait_for(|s| s.contains(expect), Duration::from_millis(2000)));
        assert!(
            sent.elapsed() < Duration::from_millis(1500),
            "{:?}",
            sent.elapsed()
        );
        // Keys that are not the view's do nothing there.
        let before = kinds(&sb, id);
        projector.send_keys(&["F8", "F5"]);
        std::thread::sleep(Duration::from_millis(300));
        assert_eq!(kinds(&sb, id), before);
        projector.send_keys(&["q"]);
        let exit = exited(&projector);
        assert_eq!(exit.status, Some(0));
        ok(exit.check_terminal_restored());
    }
    quit(&writer);
}
