//! End-to-end, as note-takers type: the real binary in tmux, Japanese text, and what reached
//! the database. Due dates in words, a phase change made by another note-taker, the board
//! chooser's keys, reopening on a new card, full-width digits and completion.

#![cfg(unix)]

#[path = "support/tmux.rs"]
mod tmux;

use caseconf::store::{NoteKind, cards, survey};
use std::time::Duration;
use tmux::{Sandbox, TIMEOUT, framed, ok};

/// Wait until `check` holds (a fact read from the database): saves land within a tenth of a
/// second, but tmux and a busy machine add their own delays.
fn eventually(what: &str, check: impl Fn() -> bool) {
    let start = std::time::Instant::now();
    while !check() {
        assert!(start.elapsed() < TIMEOUT, "never came true: {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_spoken_due_date_is_stored_understood_and_the_row_saves() {
    let sb = Sandbox::new();
    let id = sb.new_conference("A氏", "期限のことば", "2026-11-21");
    let tm = sb.open_meeting(id, tmux::Options::default());
    tm.to_board("d", "アクション");
    tm.type_text("訪問して眠りの相談をする");
    tm.send_keys(&["Tab"]);
    tm.type_text("保健所");
    tm.send_keys(&["Tab"]);
    tm.type_text("森");
    tm.send_keys(&["Tab"]);
    tm.type_text("２週間以内");
    let s = ok(tm.wait_for(
        |s| s.contains("２週間以内") && s.contains("2026年12月5日（土）"),
        TIMEOUT,
    ));
    assert!(s.contains("期限の解釈"), "{}", framed(&s));
    tm.saved();
    let a = &cards::action_items(&sb.connect(), id).unwrap()[0];
    assert_eq!(a.due_text, "２週間以内");
    assert_eq!(a.due.as_deref(), Some("2026-12-05"));
    assert_eq!(a.owner_person, "森");
    // Words that name no day: kept as typed, flagged in Japanese, the mark still true.
    for _ in 0..5 {
        tm.send_keys(&["BSpace"]);
    }
    tm.type_text("来期");
    let s = ok(tm.wait_for(
        |s| s.contains("来期") && s.contains("日付として読めません"),
        TIMEOUT,
    ));
    assert!(!s.contains("not a date"), "{}", framed(&s));
    tm.saved();
    tm.quit_ok();
    let a = &cards::action_items(&sb.connect(), id).unwrap()[0];
    assert_eq!((a.due_text.as_str(), a.due.as_deref()), ("来期", None));
}

#[test]
fn another_note_takers_phase_change_does_not_move_the_typist() {
    let sb = Sandbox::new();
    let id = sb.new_conference("B氏", "二人の書記", "2026-11-21");
    let facilitator = sb.open_meeting(id, tmux::Options::default());
    let writer = sb.open_meeting(id, tmux::Options::default());
    facilitator.send_keys(&["F5"]);
    ok(writer.wait_for(|s| s.contains("F5 一時停止"), TIMEOUT));
    writer.to_board("7", "事例性");
    writer.type_text("家賃を三か月滞納し、");
    ok(writer.wait_for_text("家賃を三か月滞納し、"));
    // The facilitator moves the meeting on while the note-taker is mid-sentence.
    facilitator.send_keys(&["F8"]);
    let s = ok(writer.wait_for_text("他の書記がフェーズを進めました"));
    assert!(s.contains("2/9"), "the clock follows: {}", framed(&s));
    writer.type_text("退去を求められている");
    ok(writer.wait_for_text("退去を求められてい"));
    writer.saved();
    let bodies = || -> Vec<String> {
        cards::notes(&sb.connect(), id)
            .unwrap()
            .into_iter()
            .filter(|n| n.kind == NoteKind::CaseNess)
            .map(|n| n.body)
            .collect()
    };
    eventually("the sentence is one card", || {
        bodies() == ["家賃を三か月滞納し、退去を求められている"]
    });
    // Esc follows the meeting: the current phase's board (participants).
    writer.send_keys(&["Escape"]);
    ok(writer.wait_for(|s| !s.contains("事例性（生活"), TIMEOUT));
    writer.type_text("佐藤");
    ok(writer.wait_for_text("佐藤"));
    writer.saved();
    let names = || -> Vec<String> {
        cards::participants(&sb.connect(), id)
            .unwrap()
            .into_iter()
            .map(|p| p.name)
            .collect()
    };
    eventually("佐藤 is a participant", || names() == ["佐藤"]);
    writer.quit_ok();
    facilitator.quit_ok();
}

#[test]
fn f8_after_ctrl_b_goes_to_the_next_phase_board_and_every_chooser_key_works() {
    let sb = Sandbox::new();
    let id = sb.new_conference("C氏", "選択", "2026-11-21");
    let tm = sb.open_meeting(id, tmux::Options::default());
    // h, the last key the chooser lists: the names to redact.
    tm.to_board("h", "匿名化");
    tm.send_keys(&["F5", "F8", "F8"]);
    // Phase 3's board (the lecture), not the redaction board.
    ok(tm.wait_for_text("3/9"));
    tm.type_text("アセスメントの基本");
    // The card's bullet: the guidance above mentions the same words.
    ok(tm.wait_for_text("・アセスメントの基本"));
    tm.saved();
    let conn = sb.connect();
    let notes = cards::notes(&conn, id).unwrap();
    assert!(
        notes
            .iter()
            .any(|n| n.kind == NoteKind::Lecture && n.body == "アセスメントの基本"),
        "{notes:?} {:?}\n{}",
        cards::participants(&conn, id),
        framed(&ok(tm.screen()))
    );
    assert!(!notes.iter().any(|n| n.kind == NoteKind::RedactName));
    tm.quit_ok();
}

#[test]
fn reopening_on_an_empty_new_card_types_into_a_new_card() {
    let sb = Sandbox::new();
    let id = sb.new_conference("D氏", "再開", "2026-11-21");
    let tm = sb.open_meeting(id, tmux::Options::default());
    tm.to_board("8", "テーマ");
    tm.type_text("孤立");
    tm.send_keys(&["Enter"]);
    tm.saved();
    tm.quit_ok();
    let tm = sb.open_meeting(id, tmux::Options::default());
    ok(tm.wait_for_text("孤立"));
    tm.type_text("経済的困窮");
    ok(tm.wait_for_text("経済的困窮"));
    tm.saved();
    tm.quit_ok();
    let bodies: Vec<String> = cards::notes(&sb.connect(), id)
        .unwrap()
        .into_iter()
        .filter(|n| n.kind == NoteKind::Theme)
        .map(|n| n.body)
        .collect();
    assert_eq!(bodies, ["孤立", "経済的困窮"]);
}

#[test]
fn full_width_digits_count_and_completion_keeps_what_was_typed() {
    let sb = Sandbox::new();
    let id = sb.new_conference("E氏", "数と候補", "2026-11-21");
    let tm = sb.open_meeting(id, tmux::Options::default());
    tm.to_board("f", "アンケート");
    tm.type_text("４");
    // Saved within a tenth of a second; allow the terminal's delivery.
    let counted = || {
        survey::tallies(&sb.connect(), id, "collaboration")
            .unwrap()
            .iter()
            .any(|(_, n)| *n == 4)
    };
    let start = std::time::Instant::now();
    while !counted() && start.elapsed() < TIMEOUT {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(counted(), "{}", framed(&ok(tm.screen())));
    // Participants: Tab after a partial agency name keeps the name as typed.
    tm.to_board("2", "参加者");
    tm.type_text("鈴木");
    tm.send_keys(&["Tab"]);
    tm.type_text("精神科病院");
    ok(tm.wait_for_text("精神科病院・診療所")); // offered beside the field
    tm.send_keys(&["Tab"]);
    tm.type_text("医師");
    ok(tm.wait_for_text("医師"));
    tm.saved();
    std::thread::sleep(Duration::from_millis(200));
    let p = &cards::participants(&sb.connect(), id).unwrap()[0];
    assert_eq!(
        (p.name.as_str(), p.agency.as_str(), p.role.as_str()),
        ("鈴木", "精神科病院", "医師")
    );
    tm.quit_ok();
}
