//! Several note-takers on one database: edits propagate between connections, the clock is
//! shared, a simultaneous edit of one card keeps both versions, the projector view refuses
//! edits, and real concurrent writer processes lose nothing.

#[path = "support/app.rs"]
mod support;

use caseconf::agenda::{FakeClock, RunState};
use caseconf::app::{Action, App};
use caseconf::config;
use caseconf::domain::Board;
use caseconf::i18n::Lang;
use caseconf::store::{self, NoteKind, cards, conferences};
use chrono::{NaiveDate, TimeDelta, TimeZone, Utc};
#[cfg(unix)]
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn create(path: &Path) -> i64 {
    let conn = store::open(path).unwrap();
    let new = store::NewConference {
        case_label: "A氏".into(),
        title: "共有テスト".into(),
        date: NaiveDate::from_ymd_opt(2026, 11, 21).unwrap(),
        venue: String::new(),
        facilitator: String::new(),
        purpose: String::new(),
        lang: "ja".into(),
    };
    conferences::create(&conn, &new, &config::agenda::default_agenda()).unwrap()
}

/// A conference in a new database file `name` in `dir`, and the clock its note-takers share.
fn meeting_file(dir: &tempfile::TempDir, name: &str) -> (PathBuf, i64, Arc<FakeClock>) {
    let path = dir.path().join(name);
    let id = create(&path);
    let clock = Arc::new(FakeClock::new(
        Utc.with_ymd_and_hms(2026, 11, 21, 4, 30, 0).unwrap(),
    ));
    (path, id, clock)
}

fn open_app(path: &Path, id: i64, clock: Arc<FakeClock>) -> App {
    let mut app = App::new(
        store::open(path).unwrap(),
        clock,
        support::settings(Lang::Ja),
    )
    .unwrap();
    app.open_conference(id).unwrap();
    app
}

/// Time passes (a due save is made), and the other processes' commits are taken in, as the
/// event loop does when the file watch reports them.
fn tick(app: &mut App, clock: &FakeClock, ms: i64) {
    clock.advance(TimeDelta::milliseconds(ms));
    app.update(Action::Tick);
    app.update(Action::Sync);
}

#[test]
fn edits_propagate_without_disturbing_the_other_note_taker() {
    let dir = tempfile::tempdir().unwrap();
    let (path, id, clock) = meeting_file(&dir, "shared.db");
    let mut a = open_app(&path, id, clock.clone());
    let mut b = open_app(&path, id, clock.clone());
    support::to_board(&mut a, Board::Assessment);
    support::to_board(&mut b, Board::Assessment);
    // B is in the middle of typing an illness-ness card, not yet saved.
    b.update(Action::Tab(true));
    b.update(Action::Tab(true));
    support::typ(&mut b, "治療中");
    b.update(Action::Caret(caseconf::app::action::Caret::Left));
    let b_cursor = b.meeting().unwrap().session.cursor_pos();
    // A types a case-ness card; it is saved within 250 ms.
    support::typ(&mut a, "家賃を滞納している");
    tick(&mut a, &clock, 100);
    // B's next tick (at most 250 ms later) shows it, and B's own text and cursor stay.
    tick(&mut b, &clock, 1);
    let shown = support::screen(&b, 100, 30);
    assert!(shown.contains("家賃を滞納している"), "{shown}");
    let s = &b.meeting().unwrap().session;
    assert_eq!(s.editor.lines().join("\n"), "治療中");
    assert_eq!(s.cursor_pos(), b_cursor);
    // B's text is saved too, and A sees it.
    tick(&mut b, &clock, 150);
    tick(&mut a, &clock, 1);
    assert!(support::screen(&a, 100, 30).contains("治療中"));
}

#[test]
fn the_clock_is_shared() {
    let dir = tempfile::tempdir().unwrap();
    let (path, id, clock) = meeting_file(&dir, "clock.db");
    let mut a = open_app(&path, id, clock.clone());
    let mut b = open_app(&path, id, clock.clone());
    a.update(Action::StartPause);
    tick(&mut a, &clock, 60_000);
    a.update(Action::NextPhase);
    a.update(Action::Adjust(3));
    tick(&mut b, &clock, 200);
    let v = &b.meeting().unwrap().view;
    assert_eq!(v.state, RunState::Running);
    assert_eq!(v.current, 1);
    assert_eq!(v.phases[1].planned_ms, 8 * 60_000);
    // B pauses; A follows.
    b.update(Action::StartPause);
    tick(&mut a, &clock, 200);
    assert_eq!(a.meeting().unwrap().view.state, RunState::Paused);
    assert!(support::screen(&a, 100, 30).contains("一時停止中"));
}

#[test]
fn moving_the_clock_after_another_note_taker_did_says_so_and_follows_theirs() {
    // On a thread of its own, so a screen that hangs fails the test instead of holding it.
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let dir = tempfile::tempdir().unwrap();
        let (path, id, clock) = meeting_file(&dir, "clock-first.db");
        let mut a = open_app(&path, id, clock.clone());
        let mut b = open_app(&path, id, clock.clone());
        a.save_on_thread(|| {});
        // B starts the meeting; A presses F5 before it has seen that.
        b.update(Action::StartPause);
        a.update(Action::StartPause);
        let shown = support::screen(&a, 100, 30);
        let _ = done.send((a.meeting().unwrap().view.state, shown));
    });
    let (state, shown) = finished
        .recv_timeout(std::time::Duration::from_secs(30))
        .expect("the screen answered");
    assert_eq!(state, RunState::Running, "A shows the clock B started");
    assert!(
        shown.contains("時計は他の書記が先に操作しました"),
        "{shown}"
    );
}

#[test]
fn a_simultaneous_edit_of_one_card_keeps_both_versions() {
    let dir = tempfile::tempdir().unwrap();
    let (path, id, clock) = meeting_file(&dir, "conflict.db");
    let mut a = open_app(&path, id, clock.clone());
    support::to_board(&mut a, Board::Themes);
    support::typ(&mut a, "孤立");
    tick(&mut a, &clock, 150);
    let mut b = open_app(&path, id, clock.clone());
    support::to_board(&mut b, Board::Themes);
    // B joins on a new card below A's, and goes up to A's card.
    assert_eq!(b.meeting().unwrap().session.editor.lines(), [""]);
    b.update(Action::Vertical(false));
    assert_eq!(b.meeting().unwrap().session.editor.lines(), ["孤立"]);
    // Both edit the same card before either sees the other's save.
    support::typ(&mut a, "と困窮");
    support::typ(&mut b, "（家族も）");
    a.update(Action::Enter); // A saves first
    b.update(Action::Enter); // B's save is based on the old version
    let bodies: Vec<String> = cards::notes(&b.conn(), id)
        .unwrap()
        .into_iter()
        .filter(|n| n.kind == NoteKind::Theme)
        .map(|n| n.body)
        .collect();
    assert!(bodies.contains(&"孤立と困窮".to_string()), "{bodies:?}");
    assert!(bodies.contains(&"孤立（家族も）".to_string()), "{bodies:?}");
    assert_eq!(bodies.len(), 2);
    let shown = support::screen(&b, 100, 30);
    assert!(shown.contains("[競合]"), "the kept copy is marked\n{shown}");
    assert!(shown.contains("両方を残しました"), "and explained\n{shown}");
    tick(&mut b, &clock, 200);
    let shown = support::screen(&b, 100, 30);
    assert!(
        shown.contains("孤立と困窮") && shown.contains("孤立（家族も）"),
        "{shown}"
    );
    // The conflict is a shared fact: A sees the mark too, and so would a reopened screen.
    tick(&mut a, &clock, 200);
    assert!(support::screen(&a, 100, 30).contains("[競合]"));
    // … so does the projector, on the themes board …
    let mut room = open_app(&path, id, clock.clone());
    room.read_only = true;
    room.present = true;
    support::to_board(&mut room, Board::Themes);
    let shown = support::screen(&room, 160, 45);
    assert!(shown.contains("[競合]"), "{shown}");
    // … and the record marks it.
    let md = caseconf::export::render_export(
        &a.conn(),
        id,
        caseconf::export::Format::Markdown,
        &caseconf::export::Options::default(),
    )
    .unwrap();
    let md = String::from_utf8(md).unwrap();
    assert!(md.contains("［競合］孤立（家族も）"), "{md}");
    assert!(
        !md.contains("［競合］孤立と困窮"),
        "only the card saved beside is marked"
    );
    let reopened = open_app(&path, id, clock.clone());
    let themes = &reopened
        .meeting()
        .unwrap()
        .session
        .boards
        .lists(Board::Themes)[0];
    assert_eq!(themes.rows.iter().filter(|r| r.conflict()).count(), 1);
    drop(reopened);
    // B settles it on the marked card: merge keeps both texts in one card, no mark left.
    b.update(Action::Vertical(false));
    assert!(b.meeting().unwrap().session.row().unwrap().conflict());
    b.update(Action::ResolveConflict);
    b.update(Action::ResolveWith(3)); // merge
    let bodies: Vec<String> = cards::notes(&b.conn(), id)
        .unwrap()
        .into_iter()
        .filter(|n| n.kind == NoteKind::Theme)
        .map(|n| n.body)
        .collect();
    assert_eq!(bodies, ["孤立と困窮\n孤立（家族も）"]);
    tick(&mut a, &clock, 200);
    assert!(!support::screen(&a, 100, 30).contains("[競合]"));
}

#[test]
fn the_projector_view_refuses_edits() {
    let dir = tempfile::tempdir().unwrap();
    let (path, id, clock) = meeting_file(&dir, "present.db");
    let mut view = open_app(&path, id, clock.clone());
    view.read_only = true;
    let before = std::fs::read(&path).unwrap();
    for action in [
        Action::Type('x'),
        Action::Paste("貼り付け".into()),
        Action::Enter,
        Action::DeleteRow,
        Action::StartPause,
        Action::NextPhase,
        Action::Adjust(1),
    ] {
        view.update(action);
    }
    view.shutdown();
    assert!(!view.text_has_focus());
    assert!(
        conferences::clock_events(&view.conn(), id)
            .unwrap()
            .is_empty()
    );
    assert!(cards::notes(&view.conn(), id).unwrap().is_empty());
    assert!(support::screen(&view, 100, 30).contains("投影用の表示です"));
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the database file is untouched"
    );
    // It follows the meeting run elsewhere.
    let mut host = open_app(&path, id, clock.clone());
    host.update(Action::StartPause);
    host.update(Action::NextPhase);
    support::to_board(&mut host, Board::Participants);
    support::typ(&mut host, "佐藤");
    tick(&mut host, &clock, 150);
    tick(&mut view, &clock, 200);
    assert_eq!(view.meeting().unwrap().view.current, 1);
    let shown = support::screen(&view, 100, 30);
    assert!(shown.contains("佐藤") && shown.contains("2/9"), "{shown}");
}

// Windows has no setgid team folder: note-takers share one account there (see README).
#[cfg(unix)]
#[test]
fn a_team_folder_gets_group_writable_files() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    std::fs::create_dir(&team).unwrap();
    std::fs::set_permissions(&team, std::fs::Permissions::from_mode(0o2770)).unwrap();
    let path = team.join("meeting.db");
    create(&path);
    let open = store::open(&path).unwrap(); // keeps the -wal and -shm files in place
    cards::add_note(&open, 1, NoteKind::Theme, "x", "").unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o660);
    assert_eq!(mode(&team.join("meeting.db-wal")), 0o660);
    assert_eq!(mode(&team.join("meeting.db-shm")), 0o660);
    // A normal folder keeps files private.
    let private = dir.path().join("mine.db");
    create(&private);
    assert_eq!(mode(&private), 0o600);
    assert_eq!(store::open::network_fs_kind(dir.path()), None);
}

/// A child process of this test binary: writes `CASECONF_EDITS` notes and updates.
#[test]
fn child_writer() {
    let (Ok(db), Ok(who)) = (
        std::env::var("CASECONF_CHILD_DB"),
        std::env::var("CASECONF_CHILD"),
    ) else {
        return; // run normally: nothing to do
    };
    let edits: usize = std::env::var("CASECONF_EDITS").unwrap().parse().unwrap();
    let conn = store::open(Path::new(&db)).unwrap();
    let id: i64 = std::env::var("CASECONF_CONF").unwrap().parse().unwrap();
    let mut mine: Vec<store::Note> = Vec::new();
    let mut seed: u64 = who.parse::<u64>().unwrap() * 7919 + 1;
    for i in 0..edits {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        if mine.is_empty() || !seed.is_multiple_of(3) {
            let n = cards::add_note(
                &conn,
                id,
                NoteKind::CaseNess,
                &format!("書記{who}の記録{i}"),
                "",
            )
            .unwrap();
            mine.push(n);
        } else {
            let k = (seed as usize / 3) % mine.len();
            let mut n = mine[k].clone();
            n.body = format!("{}・追記{i}", n.body);
            n.version = cards::update_note(&conn, &n).unwrap();
            mine[k] = n;
        }
    }
    // Report the final texts on stdout for the parent to compare.
    for n in mine {
        println!("NOTE\t{}\t{}", n.id, n.body);
    }
}

#[test]
fn concurrent_writer_processes_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("busy.db");
    let id = create(&path);
    let exe = std::env::current_exe().unwrap();
    let writers = 5;
    let children: Vec<_> = (0..writers)
        .map(|w| {
            std::process::Command::new(&exe)
                .args(["--exact", "child_writer", "--nocapture", "--test-threads=1"])
                .env("CASECONF_CHILD_DB", &path)
                .env("CASECONF_CHILD", w.to_string())
                .env("CASECONF_EDITS", "150")
                .env("CASECONF_CONF", id.to_string())
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut expected = std::collections::HashMap::new();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            // The test harness may print its own text before ours on the same line.
            if let Some(rest) = line.split_once("NOTE\t").map(|(_, r)| r) {
                let (nid, body) = rest.split_once('\t').unwrap();
                expected.insert(nid.parse::<i64>().unwrap(), body.to_string());
            }
        }
    }
    let conn = store::open(&path).unwrap();
    let notes = cards::notes(&conn, id).unwrap();
    assert!(
        expected.len() >= writers * 50,
        "each writer added cards: {}",
        expected.len()
    );
    assert_eq!(notes.len(), expected.len(), "no card lost or duplicated");
    for n in &notes {
        assert_eq!(
            expected.get(&n.id),
            Some(&n.body),
            "card {} holds its last edit",
            n.id
        );
    }
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
}

/// What another note-taker does while A types.
#[derive(Debug, Clone)]
enum Remote {
    NextPhase,
    PrevPhase,
    StartPause,
    Type(String),
    Enter,
    Board(usize),
    Tick(i64),
}

fn remote() -> impl proptest::strategy::Strategy<Value = Remote> {
    use proptest::prelude::*;
    prop_oneof![
        Just(Remote::NextPhase),
        Just(Remote::PrevPhase),
        Just(Remote::StartPause),
        "[あ-ん一-龥a-z]{1,4}".prop_map(Remote::Type),
        Just(Remote::Enter),
        (0usize..17).prop_map(Remote::Board),
        (1i64..400).prop_map(Remote::Tick),
    ]
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 24, ..Default::default() })]

    /// Whatever another note-taker does meanwhile (phase changes, typing, other boards), every
    /// character A types lands, in order and in one piece, on the card A started typing on.
    #[test]
    fn remote_changes_never_lose_or_move_a_typed_character(
        steps in proptest::collection::vec(
            (proptest::collection::vec(proptest::char::range('ぁ', 'ゖ'), 0..4), remote()),
            1..25,
        )
    ) {
        let dir = tempfile::tempdir().unwrap();
        let (path, id, clock) = meeting_file(&dir, "prop.db");
        let mut a = open_app(&path, id, clock.clone());
        let mut b = open_app(&path, id, clock.clone());
        b.update(Action::StartPause);
        support::to_board(&mut a, Board::Assessment);
        let start = a.meeting().unwrap().session.focus;
        let mut typed = String::new();
        for (chars, r) in steps {
            for c in chars {
                a.update(Action::Type(c));
                typed.push(c);
            }
            match r {
                Remote::NextPhase => b.update(Action::NextPhase),
                Remote::PrevPhase => b.update(Action::PrevPhase),
                Remote::StartPause => b.update(Action::StartPause),
                Remote::Type(t) => support::typ(&mut b, &t),
                Remote::Enter => b.update(Action::Enter),
                Remote::Board(i) => b.update(Action::BoardsTo(i)),
                Remote::Tick(ms) => {
                    tick(&mut b, &clock, ms);
                    tick(&mut a, &clock, 0);
                }
            }
            tick(&mut a, &clock, 1);
        }
        tick(&mut a, &clock, 200);
        tick(&mut b, &clock, 200);
        let f = a.meeting().unwrap().session.focus;
        proptest::prop_assert_eq!((f.board, f.list), (start.board, start.list));
        let stored: Vec<String> = cards::notes(&a.conn(), id)
            .unwrap()
            .into_iter()
            .filter(|n| n.kind == NoteKind::CaseNess)
            .map(|n| n.body)
            .collect();
        if typed.is_empty() {
            proptest::prop_assert!(stored.iter().all(|s| !s.contains('ぁ')));
        } else {
            proptest::prop_assert!(
                stored.iter().any(|s| s == &typed),
                "typed {:?}, stored {:?}", typed, stored
            );
        }
    }
}
