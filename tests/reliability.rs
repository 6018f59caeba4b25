//! Faults and bad input: a full disk, a database locked by another program, a read-only file,
//! a 1 MB paste, a thousand resizes, and random keys, pastes and resizes that must never
//! panic, must keep the cursor inside the text, and must leave the database equal to the
//! screen.

#[path = "support/app.rs"]
mod support;

use caseconf::agenda::FakeClock;
use caseconf::app::action::Caret;
use caseconf::app::{Action, App};
use caseconf::config;
use caseconf::domain::Board;
use caseconf::i18n::Lang;
use caseconf::store::{self, NoteKind, cards, changelog, conferences};
use caseconf::ui;
use chrono::{NaiveDate, TimeDelta, TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::Path;
use std::sync::Arc;

fn new_conf() -> store::NewConference {
    store::NewConference {
        case_label: "A氏".into(),
        title: "障害テスト".into(),
        date: NaiveDate::from_ymd_opt(2026, 11, 21).unwrap(),
        venue: String::new(),
        facilitator: String::new(),
        purpose: String::new(),
        lang: "ja".into(),
    }
}

fn app_on(conn: rusqlite::Connection) -> (App, Arc<FakeClock>, i64) {
    let id = conferences::create(&conn, &new_conf(), &config::agenda::default_agenda()).unwrap();
    let clock = Arc::new(FakeClock::new(
        Utc.with_ymd_and_hms(2026, 11, 21, 4, 30, 0).unwrap(),
    ));
    let mut app = App::new(conn, clock.clone(), support::settings(Lang::Ja)).unwrap();
    app.open_conference(id).unwrap();
    (app, clock, id)
}

fn tick(app: &mut App, clock: &FakeClock, ms: i64) {
    clock.advance(TimeDelta::milliseconds(ms));
    app.update(Action::Tick);
}

fn case_ness(app: &App, id: i64) -> Vec<String> {
    cards::notes(&app.conn(), id)
        .unwrap()
        .into_iter()
        .filter(|n| n.kind == NoteKind::CaseNess)
        .map(|n| n.body)
        .collect()
}

#[test]
fn a_full_disk_keeps_the_text_shows_the_problem_and_retries() {
    let dir = tempfile::tempdir().unwrap();
    let conn = store::open(&dir.path().join("full.db")).unwrap();
    let (mut app, clock, id) = app_on(conn);
    support::to_board(&mut app, Board::Assessment);
    // The disk fills up: the database may not grow by another page.
    let pages: i64 = app
        .conn()
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    app.conn()
        .pragma_update(None, "max_page_count", pages)
        .unwrap();
    let long = "近隣住民から苦情が続いている。".repeat(400);
    app.update(Action::Paste(long.clone()));
    tick(&mut app, &clock, 150);
    let shown = support::screen(&app, 100, 30);
    assert!(shown.contains("保存できません"), "the problem is shown");
    assert!(case_ness(&app, id).is_empty());
    assert_eq!(
        app.meeting().unwrap().session.editor.lines().join("\n"),
        long,
        "the text is kept"
    );
    // Space is freed: the retry stores it, and typing went on meanwhile.
    support::typ(&mut app, "続き");
    app.conn()
        .pragma_update(None, "max_page_count", 1_000_000)
        .unwrap();
    tick(&mut app, &clock, 1100);
    assert_eq!(case_ness(&app, id), vec![format!("{long}続き")]);
    assert!(support::screen(&app, 100, 30).contains("保存済み"));
}

#[test]
fn a_database_locked_for_a_while_delays_saving_without_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("locked.db");
    let (mut app, clock, id) = app_on(store::open(&path).unwrap());
    support::to_board(&mut app, Board::Assessment);
    let holder = rusqlite::Connection::open(&path).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    support::typ(&mut app, "ロック中に入力");
    for _ in 0..5 {
        tick(&mut app, &clock, 250);
        let shown = support::screen(&app, 100, 30);
        assert!(
            !shown.contains("保存できません"),
            "no error while another program holds the lock"
        );
        assert!(shown.contains("保存中"));
    }
    assert!(case_ness(&app, id).is_empty());
    holder.execute_batch("COMMIT").unwrap();
    tick(&mut app, &clock, 250);
    assert_eq!(case_ness(&app, id), vec!["ロック中に入力".to_string()]);
}

/// Saves made on the save helper's thread, as the program makes them; each finished save
/// is told on the channel returned.
fn save_on_thread(app: &mut App) -> std::sync::mpsc::Receiver<()> {
    let (tx, rx) = std::sync::mpsc::channel();
    app.save_on_thread(move || {
        let _ = tx.send(());
    });
    rx
}

/// A meeting on a database file in `dir`, on the assessment board, saving on the helper
/// thread; each finished save is told on the channel returned.
fn on_assessment_saving_on_thread(
    dir: &tempfile::TempDir,
    name: &str,
) -> (App, Arc<FakeClock>, i64, std::sync::mpsc::Receiver<()>) {
    let (mut app, clock, id) = app_on(store::open(&dir.path().join(name)).unwrap());
    let saved = save_on_thread(&mut app);
    support::to_board(&mut app, Board::Assessment);
    (app, clock, id, saved)
}

/// Wait for the save helper to tell of a finished save.
fn wait_saved(saved: &std::sync::mpsc::Receiver<()>) {
    saved
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("the save helper finished");
}

/// Wait for the save helper to tell of a finished save, then take its outcome (as the event
/// loop does on that wake).
fn take_saved(app: &mut App, saved: &std::sync::mpsc::Receiver<()>) {
    wait_saved(saved);
    app.update(Action::Tick);
}

#[test]
fn typing_goes_on_while_a_save_waits_for_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, clock, id, saved) = on_assessment_saving_on_thread(&dir, "locked.db");
    let holder = rusqlite::Connection::open(dir.path().join("locked.db")).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    support::typ(&mut app, "ロック中に入力");
    // The save is handed to the helper, which now waits for the other program's lock…
    tick(&mut app, &clock, 150);
    // …while the keys are taken at once: well within the 250 ms the save waits for the lock.
    let typing = std::time::Instant::now();
    support::typ(&mut app, "、続き");
    assert!(
        typing.elapsed() < std::time::Duration::from_millis(150),
        "the keys did not wait for the save: {:?}",
        typing.elapsed()
    );
    assert!(
        saved.try_recv().is_err(),
        "the keys were handled while the save still waited"
    );
    assert_eq!(
        app.meeting().unwrap().session.editor.lines().join("\n"),
        "ロック中に入力、続き"
    );
    assert!(support::screen(&app, 100, 30).contains("保存中"));
    holder.execute_batch("COMMIT").unwrap();
    take_saved(&mut app, &saved);
    // Whatever that save found (the lock, or the lock gone), the retry and the next save
    // store everything typed.
    for _ in 0..4 {
        tick(&mut app, &clock, 250);
        app.settle_saves();
        app.update(Action::Tick);
    }
    assert_eq!(
        case_ness(&app, id),
        vec!["ロック中に入力、続き".to_string()]
    );
    assert!(support::screen(&app, 100, 30).contains("保存済み"));
}

#[test]
fn a_card_typed_on_while_its_save_is_in_flight_stays_one_card_and_is_saved_again() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, clock, id, saved) = on_assessment_saving_on_thread(&dir, "flight.db");
    support::typ(&mut app, "本人の話では");
    tick(&mut app, &clock, 150);
    // Typed after the save left, before its outcome came back.
    support::typ(&mut app, "来週から通所");
    // Another wake (here a look for other note-takers' changes) takes the outcome first; the
    // frame after it is a new one (not the last with only the time moved), so the mark is
    // repainted.
    wait_saved(&saved);
    let before = app.revision();
    app.update(Action::Sync);
    assert_ne!(app.revision(), before, "the save mark changed");
    assert_eq!(case_ness(&app, id), vec!["本人の話では".to_string()]);
    assert!(
        support::screen(&app, 100, 30).contains("保存中"),
        "what was typed meanwhile is not saved yet, and the mark says so"
    );
    tick(&mut app, &clock, 150);
    take_saved(&mut app, &saved);
    assert_eq!(
        case_ness(&app, id),
        vec!["本人の話では来週から通所".to_string()],
        "the second save updated the card the first one created"
    );
    assert!(support::screen(&app, 100, 30).contains("保存済み"));
    // Anything but typing waits for a save in flight: Enter starts the next card only once
    // this one is stored, and quitting saves what is in flight and what is not.
    support::typ(&mut app, "する。");
    tick(&mut app, &clock, 150);
    app.update(Action::Enter);
    support::typ(&mut app, "次のカード");
    assert!(app.shutdown().is_none());
    assert_eq!(
        case_ness(&app, id),
        vec![
            "本人の話では来週から通所する。".to_string(),
            "次のカード".to_string()
        ]
    );
}

#[test]
fn cards_moved_or_deleted_while_a_save_is_in_flight_keep_their_own_text() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, clock, id, _saved) = on_assessment_saving_on_thread(&dir, "moves.db");
    support::typ(&mut app, "一枚目");
    app.update(Action::Enter);
    support::typ(&mut app, "二枚目");
    app.update(Action::Enter);
    support::typ(&mut app, "三枚目");
    // The three new cards leave in one save; the third is moved up before its outcome is back.
    tick(&mut app, &clock, 150);
    app.update(Action::MoveRow(true));
    support::typ(&mut app, "（移動）");
    tick(&mut app, &clock, 150);
    app.settle_saves();
    app.update(Action::Tick);
    assert_eq!(
        case_ness(&app, id),
        vec![
            "一枚目".to_string(),
            "三枚目（移動）".to_string(),
            "二枚目".to_string()
        ]
    );
    // Typed on the moved card, saved, then deleted while that save is in flight.
    support::typ(&mut app, "！");
    tick(&mut app, &clock, 150);
    app.update(Action::DeleteRow);
    support::typ(&mut app, "追記");
    assert!(app.shutdown().is_none());
    let left = case_ness(&app, id);
    let on_screen: Vec<String> = app
        .meeting()
        .unwrap()
        .session
        .boards
        .lists(Board::Assessment)[0]
        .rows
        .iter()
        .map(|r| r.fields[0].clone())
        .filter(|t| !t.is_empty())
        .collect();
    assert_eq!(left, on_screen, "the database holds what the screen shows");
    assert!(!left.iter().any(|t| t.contains("三枚目")), "{left:?}");
}

#[test]
fn a_read_only_database_can_still_be_viewed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ro.db");
    {
        let (mut app, clock, _) = app_on(store::open(&path).unwrap());
        support::to_board(&mut app, Board::Assessment);
        support::typ(&mut app, "読み取り専用でも見える");
        tick(&mut app, &clock, 150);
    }
    let mut read_only = std::fs::metadata(&path).unwrap().permissions();
    read_only.set_readonly(true);
    std::fs::set_permissions(&path, read_only).unwrap();
    assert!(matches!(
        store::open(&path),
        Err(store::StoreError::ReadOnly { .. })
    ));
    let conn = store::open::open_read_only(&path).unwrap();
    let before = std::fs::read(&path).unwrap();
    let clock = Arc::new(FakeClock::new(
        Utc.with_ymd_and_hms(2026, 11, 21, 4, 30, 0).unwrap(),
    ));
    let mut app = App::new(conn, clock, support::settings(Lang::Ja)).unwrap();
    app.read_only = true;
    app.open_conference(1).unwrap();
    support::to_board(&mut app, Board::Assessment);
    support::typ(&mut app, "x");
    app.update(Action::StartPause);
    app.shutdown();
    assert!(support::screen(&app, 100, 30).contains("読み取り専用でも見える"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_one_megabyte_paste_is_one_edit_and_one_commit() {
    let (mut app, clock, id) = app_on(store::open_memory().unwrap());
    support::to_board(&mut app, Board::Assessment);
    support::typ(&mut app, "前");
    tick(&mut app, &clock, 150);
    let line = "長い議事録の貼り付け、事例性と疾病性を分けて記録する。①②③■\u{1b}[31m\n";
    let mut big = String::new();
    while big.len() < 1_000_000 {
        big.push_str(line);
    }
    let log_before = changelog::list(&app.conn(), id).unwrap().len();
    app.update(Action::Paste(big.clone()));
    tick(&mut app, &clock, 150);
    let stored = case_ness(&app, id);
    let expected = format!("前{}", big.replace('\u{1b}', ""));
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].len(), expected.len());
    assert!(stored[0] == expected);
    assert_eq!(
        changelog::list(&app.conn(), id).unwrap().len(),
        log_before + 1,
        "one commit"
    );
    assert!(support::screen(&app, 160, 45).contains("①②③■"));
    app.update(Action::Undo);
    tick(&mut app, &clock, 150);
    assert_eq!(case_ness(&app, id), vec!["前".to_string()], "one undo step");
}

#[test]
fn a_thousand_resizes_and_tiny_terminals_never_panic() {
    let (mut app, _, _) = app_on(store::open_memory().unwrap());
    support::to_board(&mut app, Board::Assessment);
    support::typ(&mut app, "サイズ変更①😀");
    let mut seed: u32 = 7;
    for i in 0..1000 {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let (w, h) = if i % 10 == 0 {
            (1 + (seed % 20) as u16, 1 + (seed / 7 % 5) as u16)
        } else {
            (1 + (seed % 260) as u16, 1 + (seed / 13 % 80) as u16)
        };
        app.update(Action::Resize);
        support::screen(&app, w, h);
    }
}

#[test]
fn no_color_keeps_the_selection_visible() {
    let mut s = support::settings(Lang::Ja);
    s.theme = s.theme.without_color();
    s.no_color = true;
    let conn = store::open_memory().unwrap();
    conferences::create(&conn, &new_conf(), &config::agenda::default_agenda()).unwrap();
    conferences::create(&conn, &new_conf(), &config::agenda::default_agenda()).unwrap();
    let app = App::new(
        conn,
        Arc::new(FakeClock::new(
            Utc.with_ymd_and_hms(2026, 11, 21, 4, 30, 0).unwrap(),
        )),
        s,
    )
    .unwrap();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| ui::draw(f, &app)).unwrap();
    let buf = terminal.backend().buffer();
    // The selected conference (row 2) stands out by a modifier, not a colour.
    let selected = &buf[(3, 2)];
    let other = &buf[(3, 3)];
    assert_ne!(
        selected.modifier, other.modifier,
        "selection visible without colour"
    );
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    fn action() -> impl Strategy<Value = Action> {
        prop_oneof![
            6 => "[あ-んa-z①■😀 ]{1,4}".prop_map(Action::Paste),
            6 => any::<char>().prop_filter("printable", |c| !c.is_control()).prop_map(Action::Type),
            2 => Just(Action::Backspace),
            1 => Just(Action::Delete),
            2 => Just(Action::Enter),
            1 => Just(Action::Newline),
            2 => any::<bool>().prop_map(Action::Tab),
            2 => any::<bool>().prop_map(Action::Vertical),
            1 => Just(Action::Caret(Caret::Left)),
            1 => Just(Action::Caret(Caret::Home)),
            1 => Just(Action::Caret(Caret::End)),
            1 => Just(Action::DeleteRow),
            2 => Just(Action::Undo),
            1 => Just(Action::Redo),
            1 => any::<bool>().prop_map(Action::MoveRow),
            1 => (-1isize..=1).prop_map(Action::Choice),
            1 => (0usize..16).prop_map(Action::BoardsTo),
            1 => Just(Action::StartPause),
            1 => Just(Action::NextPhase),
            1 => Just(Action::PrevPhase),
            1 => "[\u{0}-\u{1f}あ\\n]{0,8}".prop_map(Action::Paste),
            2 => Just(Action::Tick),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn random_use_never_breaks_anything(
            steps in proptest::collection::vec((action(), 1u16..200, 1u16..60), 1..80),
            threaded in any::<bool>(),
        ) {
            let (mut app, clock, id) = app_on(store::open_memory().unwrap());
            // Saves on the helper thread, as the program makes them (outcomes are taken by the
            // next tick, or waited for by anything but typing), or on this thread.
            if threaded {
                app.save_on_thread(|| {});
            }
            for (action, w, h) in steps {
                if matches!(action, Action::BoardsTo(_)) {
                    app.update(Action::OpenBoards);
                }
                app.update(action);
                clock.advance(TimeDelta::milliseconds(40));
                support::screen(&app, w, h);
                let s = &app.meeting().unwrap().session;
                let (line, col) = s.cursor_pos();
                let lines = s.editor.lines();
                prop_assert!(line < lines.len().max(1));
                prop_assert!(col <= lines.get(line).map_or(0, |l| l.chars().count()));
            }
            app.shutdown();
            // What is in memory is what a fresh load finds in the database.
            let reloaded = caseconf::board::load(&*app.conn(), id).unwrap();
            let mem = &app.meeting().unwrap().session.boards;
            for (b, lists) in &reloaded.boards {
                for (li, list) in lists.iter().enumerate() {
                    let m = &mem.lists(*b)[li];
                    // A survey count left empty is stored (and shown after a reload) as 0.
                    let norm = |f: &Vec<String>| -> Vec<String> {
                        if list.spec.kind == caseconf::board::ListKind::Survey && f[0].is_empty() {
                            vec!["0".to_string()]
                        } else {
                            f.clone()
                        }
                    };
                    let kept: Vec<Vec<String>> = m
                        .rows
                        .iter()
                        .filter(|r| m.spec.kind.fixed() || r.stored.id.is_some() || r.stored.aux_id.is_some() || !r.is_empty(&m.spec))
                        .map(|r| norm(&r.fields))
                        .collect();
                    let stored: Vec<Vec<String>> = list.rows.iter().map(|r| norm(&r.fields)).collect();
                    prop_assert_eq!(kept, stored, "board {:?} list {}", b, li);
                }
            }
            let _ = Path::new(".");
        }
    }
}

#[test]
fn quitting_on_a_full_disk_hands_back_the_unsaved_text() {
    let dir = tempfile::tempdir().unwrap();
    let conn = store::open(&dir.path().join("full.db")).unwrap();
    let (mut app, clock, id) = app_on(conn);
    support::to_board(&mut app, Board::Assessment);
    let pages: i64 = app
        .conn()
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    app.conn()
        .pragma_update(None, "max_page_count", pages)
        .unwrap();
    let long = "退院後の生活について本人と話し合った。".repeat(400);
    app.update(Action::Paste(long.clone()));
    tick(&mut app, &clock, 150);
    let (conference, rows) = app.shutdown().expect("the unsaved text is handed back");
    assert_eq!(conference, id);
    assert!(rows.iter().any(|r| r.fields.contains(&long)));
    assert!(case_ness(&app, id).is_empty());
}

#[test]
fn quitting_erases_the_cards_deleted_in_the_conference() {
    let dir = tempfile::tempdir().unwrap();
    let conn = store::open(&dir.path().join("purge.db")).unwrap();
    let (mut app, clock, id) = app_on(conn);
    support::to_board(&mut app, Board::Assessment);
    support::typ(&mut app, "消すカードの本文");
    tick(&mut app, &clock, 300);
    assert_eq!(case_ness(&app, id), vec!["消すカードの本文".to_string()]);
    app.update(Action::DeleteRow);
    tick(&mut app, &clock, 300);
    let marked: i64 = app
        .conn()
        .query_row(
            "SELECT count(*) FROM notes WHERE deleted_at IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        marked, 1,
        "Ctrl+D only marks the card while undo is possible"
    );
    assert!(app.shutdown().is_none());
    let left: i64 = app
        .conn()
        .query_row(
            "SELECT count(*) FROM notes WHERE body = '消すカードの本文'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0, "the deleted card's text is still stored");
}
