//! The store on real SQLite files: migrations, refusals that leave files untouched, file modes,
//! and a round trip of every entity.

use caseconf::agenda::{ClockEvent, ClockEventKind};
use caseconf::config;
use caseconf::store::{
    self, NoteKind, StoreError, cards, changelog, conferences, survey, ui_state,
};
use chrono::{NaiveDate, TimeZone, Utc};
#[cfg(unix)]
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::Duration;

fn new_conf(label: &str) -> store::NewConference {
    store::NewConference {
        case_label: label.into(),
        title: "第3回 事例検討会".into(),
        date: NaiveDate::from_ymd_opt(2026, 11, 21).unwrap(),
        venue: "熊谷保健所 会議室".into(),
        facilitator: "保健師 田中".into(),
        purpose: "支援の方向性を共有する".into(),
        lang: "ja".into(),
    }
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn version(path: &Path) -> i64 {
    let c = rusqlite::Connection::open(path).unwrap();
    c.query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn migrates_an_empty_file_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.db");
    let conn = store::open(&path).unwrap();
    let latest = store::migrations::latest_version();
    assert!(latest >= 1);
    assert_eq!(store::migrations::current_version(&conn).unwrap(), latest);
    let id =
        conferences::create(&conn, &new_conf("A氏"), &config::agenda::default_agenda()).unwrap();
    drop(conn);
    // A second open runs no migration again and keeps the data.
    let conn = store::open(&path).unwrap();
    assert_eq!(store::migrations::current_version(&conn).unwrap(), latest);
    assert_eq!(conferences::get(&conn, id).unwrap().case_label, "A氏");
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
}

#[test]
fn refuses_a_newer_database_and_leaves_it_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE future (x); PRAGMA application_id = 1128484686; PRAGMA user_version = 99;")
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = store::open(&path).unwrap_err();
    assert!(
        matches!(err, StoreError::TooNew { found: 99, .. }),
        "{err:?}"
    );
    let msg = err.to_string();
    assert!(
        msg.contains("newer caseconf") && msg.contains("Nothing was changed"),
        "{msg}"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file must not change"
    );
    assert!(!dir.path().join("new.db-wal").exists());
    assert_eq!(version(&path), 99);
}

#[test]
fn refuses_a_file_that_is_not_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.db");
    let text = "これはデータベースではありません。".repeat(200);
    std::fs::write(&path, &text).unwrap();
    let err = store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err:?}");
    assert!(err.to_string().contains("not a caseconf database"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn refuses_another_programs_sqlite_file_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO accounts VALUES (1, 'x');")
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err:?}");
    assert!(err.to_string().contains("another program"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert!(
        !dir.path().join("other.db-wal").exists(),
        "not switched to WAL"
    );
}

#[cfg(unix)]
#[test]
fn an_existing_loose_file_is_made_private() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("loose.db");
    drop(store::open(&path).unwrap());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    drop(store::open(&path).unwrap());
    assert_eq!(mode(&path), 0o600);
}

#[test]
fn two_processes_cannot_move_the_clock_twice() {
    let conn = store::open_memory().unwrap();
    let id =
        conferences::create(&conn, &new_conf("A氏"), &config::agenda::default_agenda()).unwrap();
    let t = Utc.with_ymd_and_hms(2026, 11, 21, 13, 30, 0).unwrap();
    let start = ClockEvent {
        at: t,
        kind: ClockEventKind::Start,
    };
    let first = conferences::append_clock_events_after(&conn, id, None, &[start]).unwrap();
    let next = ClockEvent {
        at: t,
        kind: ClockEventKind::Next,
    };
    // Both saw the same last event; the first wins, the second is refused.
    assert!(conferences::append_clock_events_after(&conn, id, first, &[next]).is_ok());
    let err = conferences::append_clock_events_after(&conn, id, first, &[next]).unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }));
    assert_eq!(conferences::clock_events(&conn, id).unwrap().len(), 2);
}

#[test]
fn refuses_a_read_only_file_without_writing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ro.db");
    drop(store::open(&path).unwrap());
    let mut read_only = std::fs::metadata(&path).unwrap().permissions();
    read_only.set_readonly(true);
    std::fs::set_permissions(&path, read_only).unwrap();
    let before = std::fs::read(&path).unwrap();
    let err = store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::ReadOnly { .. }), "{err:?}");
    assert!(err.to_string().contains("cannot be written"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

// Windows has no read-only folders by attribute (its read-only flag on a folder means
// "customised"); an ACL that denies writing would be the equivalent.
#[cfg(unix)]
#[test]
fn refuses_to_create_in_a_read_only_folder() {
    let dir = tempfile::tempdir().unwrap();
    let ro = dir.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o500)).unwrap();
    let err = store::open(&ro.join("x.db")).unwrap_err();
    assert!(matches!(err, StoreError::ReadOnly { .. }), "{err:?}");
    assert!(!ro.join("x.db").exists());
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o700)).unwrap();
}

#[test]
fn reports_a_database_locked_by_another_writer() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("locked.db");
    let conn = store::open(&path).unwrap();
    conferences::create(&conn, &new_conf("A氏"), &config::agenda::default_agenda()).unwrap();
    // Another program holds the write lock.
    let holder = rusqlite::Connection::open(&path).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let other = store::open::open_with_timeout(&path, Duration::from_millis(200)).unwrap();
    let err = conferences::create(&other, &new_conf("B氏"), &config::agenda::default_agenda())
        .unwrap_err();
    let err = match err {
        StoreError::Sqlite(e) => StoreError::classify(e, &path, 0),
        other => other,
    };
    assert!(matches!(err, StoreError::Locked { .. }), "{err:?}");
    holder.execute_batch("ROLLBACK").unwrap();
    // Once released, the write goes through and nothing was lost.
    conferences::create(&other, &new_conf("B氏"), &config::agenda::default_agenda()).unwrap();
    assert_eq!(conferences::list(&conn).unwrap().len(), 2);
}

#[cfg(unix)]
#[test]
fn files_are_private_whatever_the_umask() {
    // SAFETY: umask only affects this process's later file creation; this test is the only one
    // in this binary that depends on it and it restores the old value.
    let old = unsafe { libc::umask(0o022) };
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("sub/caseconf");
    let path = folder.join("caseconf.db");
    let conn = store::open(&path).unwrap();
    conferences::create(&conn, &new_conf("A氏"), &config::agenda::default_agenda()).unwrap();
    unsafe { libc::umask(old) };
    assert_eq!(mode(&folder), 0o700);
    assert_eq!(mode(&path), 0o600);
    for suffix in ["-wal", "-shm"] {
        let side = folder.join(format!("caseconf.db{suffix}"));
        assert!(side.exists(), "{suffix} missing");
        assert_eq!(mode(&side), 0o600, "{suffix}");
    }
}

/// Windows: the new folder, the database and its -wal and -shm have an owner-only ACL, and a
/// database copied in with its folder's rules is made private when opened.
#[cfg(windows)]
#[test]
fn files_get_an_owner_only_acl() {
    use caseconf::platform::is_private;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("sub").join("事例検討会");
    let path = folder.join("caseconf.db");
    let conn = store::open(&path).unwrap();
    conferences::create(&conn, &new_conf("A氏"), &config::agenda::default_agenda()).unwrap();
    assert!(is_private(&folder).unwrap());
    assert!(is_private(&path).unwrap());
    for suffix in ["-wal", "-shm"] {
        let side = folder.join(format!("caseconf.db{suffix}"));
        assert!(side.exists(), "{suffix} missing");
        assert!(is_private(&side).unwrap(), "{suffix}");
    }
    drop(conn);
    let copied = dir.path().join("copied.db");
    std::fs::copy(&path, &copied).unwrap();
    assert!(
        !is_private(&copied).unwrap(),
        "a copy gets its folder's rules"
    );
    drop(store::open(&copied).unwrap());
    assert!(is_private(&copied).unwrap());
}

#[test]
fn conference_and_agenda_snapshot_round_trip() {
    let conn = store::open_memory().unwrap();
    let agenda = config::agenda::default_agenda();
    let id = conferences::create(&conn, &new_conf("A氏"), &agenda).unwrap();
    let second = conferences::create(&conn, &new_conf("A氏"), &agenda).unwrap();
    let c = conferences::get(&conn, id).unwrap();
    assert_eq!(c.title, "第3回 事例検討会");
    assert_eq!(c.venue, "熊谷保健所 会議室");
    assert_eq!(c.date, "2026-11-21");
    assert_eq!(c.status.key(), "planned");
    assert_eq!(c.agenda_id, "standard-120");
    // Two conferences, one case.
    assert_eq!(conferences::get(&conn, second).unwrap().case_id, c.case_id);
    assert_eq!(
        conferences::list_cases(&conn).unwrap(),
        vec![(c.case_id, "A氏".to_string(), 2)]
    );
    let phases = conferences::phases(&conn, id).unwrap();
    assert_eq!(phases.len(), 9);
    assert_eq!(phases.iter().map(|p| p.planned_minutes).sum::<u32>(), 120);
    assert_eq!(phases[4].title_ja, "アセスメント・ディスカッション");
    assert_eq!(phases[4].boards, vec![caseconf::domain::Board::Assessment]);
    // Header fields are versioned.
    let v = conferences::set_field(
        &conn,
        id,
        c.version,
        conferences::ConferenceField::Venue,
        "市役所 第2会議室",
    )
    .unwrap();
    assert_eq!(v, c.version + 1);
    let stale = conferences::set_field(
        &conn,
        id,
        c.version,
        conferences::ConferenceField::Venue,
        "x",
    );
    assert!(matches!(stale, Err(StoreError::Conflict { .. })));
    assert_eq!(
        conferences::get(&conn, id).unwrap().venue,
        "市役所 第2会議室"
    );
    assert!(conferences::create(&conn, &new_conf("  "), &agenda).is_err());
}

#[test]
fn clock_events_round_trip_and_drive_status() {
    let conn = store::open_memory().unwrap();
    let id =
        conferences::create(&conn, &new_conf("A氏"), &config::agenda::default_agenda()).unwrap();
    let t0 = Utc.with_ymd_and_hms(2026, 11, 21, 13, 30, 0).unwrap();
    let kinds = [
        ClockEventKind::Start,
        ClockEventKind::Pause,
        ClockEventKind::Resume,
        ClockEventKind::Next,
        ClockEventKind::Adjust {
            phase: 1,
            minutes: 2,
        },
        ClockEventKind::Adjust {
            phase: 2,
            minutes: -3,
        },
        ClockEventKind::Jump { phase: 4 },
        ClockEventKind::Previous,
        ClockEventKind::Finish,
    ];
    let events: Vec<ClockEvent> = kinds
        .iter()
        .enumerate()
        .map(|(i, k)| ClockEvent {
            at: t0 + chrono::TimeDelta::milliseconds(61_234 * i as i64),
            kind: *k,
        })
        .collect();
    conferences::append_clock_event(&conn, id, &events[0]).unwrap();
    assert_eq!(conferences::get(&conn, id).unwrap().status.key(), "running");
    for e in &events[1..] {
        conferences::append_clock_event(&conn, id, e).unwrap();
    }
    assert_eq!(conferences::clock_events(&conn, id).unwrap(), events);
    assert_eq!(
        conferences::get(&conn, id).unwrap().status.key(),
        "finished"
    );
}

#[test]
fn participants_round_trip() {
    let conn = store::open_memory().unwrap();
    let id =
        conferences::create(&conn, &new_conf("A氏"), &config::agenda::default_agenda()).unwrap();
    let mut p = cards::add_participant(
        &conn,
        id,
        "佐藤",
        "地域包括支援センター",
        "社会福祉士",
        true,
    )
    .unwrap();
    let q = cards::add_participant(&conn, id, "鈴木", "保健所", "保健師", false).unwrap();
    assert_eq!(
        cards::participants(&conn, id).unwrap(),
        vec![p.clone(), q.clone()]
    );
    p.role = "主任介護支援専門員".into();
    p.present = false;
    p.version = cards::update_participant(&conn, &p).unwrap();
    assert_eq!(cards::participants(&conn, id).unwrap()[0], p);
    cards::reorder(&conn, cards::Table::Participants, &[q.id, p.id]).unwrap();
    let order: Vec<i64> = cards::participants(&conn, id)
        .unwrap()
        .iter()
        .map(|x| x.id)
        .collect();
    assert_eq!(order, vec![q.id, p.id]);
}

#[test]
fn notes_round_trip_with_every_kind_delete_restore_and_conflict() {
    let conn = store::open_memory().unwrap();
    let id =
        conferences::create(&conn, &new_conf("A氏"), &config::agenda::default_agenda()).unwrap();
    for kind in NoteKind::ALL {
        if kind == NoteKind::RedactName {
            // A name to redact goes to the case's list, whichever conference registers it.
            let n = cards::add_note(&conn, id, kind, "松本 一郎", "").unwrap();
            let names = store::case_names::of_conference(&conn, id).unwrap();
            assert_eq!((names[0].id, names[0].body.as_str()), (n.id, "松本 一郎"));
            continue;
        }
        let n = cards::add_note(
            &conn,
            id,
            kind,
            &format!("{}：家賃滞納①②③■", kind.key()),
            "大家",
        )
        .unwrap();
        assert_eq!(cards::note(&conn, n.id).unwrap(), n);
        assert_eq!(NoteKind::from_key(kind.key()), Some(kind));
    }
    assert_eq!(
        cards::notes(&conn, id).unwrap().len(),
        NoteKind::ALL.len() - 1
    );

    let mut case = cards::add_note(
        &conn,
        id,
        NoteKind::CaseNess,
        "ガスが止まっている\n近隣から苦情",
        "近隣住民",
    )
    .unwrap();
    assert_eq!(
        case.position, 1,
        "second case-ness card goes after the first"
    );
    case.body.push_str("（2025年から）");
    case.mark = "crisis".into();
    let stale = case.clone();
    case.version = cards::update_note(&conn, &case).unwrap();
    assert_eq!(cards::note(&conn, case.id).unwrap(), case);
    // A save based on the old version is refused, and the newer text survives.
    let err = cards::update_note(&conn, &stale).unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err:?}");
    assert_eq!(cards::note(&conn, case.id).unwrap().body, case.body);

    let mut answer =
        cards::add_note(&conn, id, NoteKind::Answer, "月に一度受診していた", "").unwrap();
    answer.parent_id = Some(case.id);
    answer.version = cards::update_note(&conn, &answer).unwrap();
    assert_eq!(
        cards::note(&conn, answer.id).unwrap().parent_id,
        Some(case.id)
    );

    let before = cards::notes(&conn, id).unwrap().len();
    cards::delete(&conn, cards::Table::Notes, case.id).unwrap();
    assert_eq!(cards::notes(&conn, id).unwrap().len(), before - 1);
    cards::restore(&conn, cards::Table::Notes, case.id).unwrap();
    assert_eq!(cards::notes(&conn, id).unwrap().len(), before);
    assert!(matches!(
        cards::delete(&conn, cards::Table::Notes, 9999),
        Err(StoreError::NotFound { .. })
    ));
}

#[test]
fn agency_roles_and_action_items_round_trip() {
    let conn = store::open_memory().unwrap();
    let id =
        conferences::create(&conn, &new_conf("A氏"), &config::agenda::default_agenda()).unwrap();
    let mut r = cards::add_agency_role(&conn, id, "生活支援課", "生活保護の相談", "家計の立て直し")
        .unwrap();
    r.role_proposed = "住居確保給付金の申請支援".into();
    r.version = cards::update_agency_role(&conn, &r).unwrap();
    assert_eq!(cards::agency_roles(&conn, id).unwrap(), vec![r]);

    let mut a = cards::add_action_item(
        &conn,
        id,
        "訪問して本人と面談する",
        "保健所",
        "田中",
        Some("2026-12-01"),
    )
    .unwrap();
    assert_eq!(a.due.as_deref(), Some("2026-12-01"));
    a.status = store::ActionStatus::Done;
    a.version = cards::update_action_item(&conn, &a).unwrap();
    assert_eq!(cards::action_items(&conn, id).unwrap(), vec![a.clone()]);
    // Words are stored as typed and resolved against the meeting date (2026-11-21).
    let b = cards::add_action_item(&conn, id, "x", "", "", Some("来週中")).unwrap();
    assert_eq!(
        (b.due_text.as_str(), b.due.as_deref()),
        ("来週中", Some("2026-11-27"))
    );
    // The due date follows the text: an update re-reads it.
    a.due_text = "12/1".into();
    a.due = None;
    a.version = cards::update_action_item(&conn, &a).unwrap();
    let stored = &cards::action_items(&conn, id).unwrap()[0];
    assert_eq!(stored.due.as_deref(), Some("2026-12-01"));
    a.due_text = "来期".into();
    a.version = cards::update_action_item(&conn, &a).unwrap();
    let stored = &cards::action_items(&conn, id).unwrap()[0];
    assert_eq!(
        (stored.due_text.as_str(), stored.due.as_deref()),
        ("来期", None)
    );
}

#[test]
fn survey_ui_state_and_change_log() {
    let conn = store::open_memory().unwrap();
    let id =
        conferences::create(&conn, &new_conf("A氏"), &config::agenda::default_agenda()).unwrap();
    survey::set_tally(&conn, id, "collaboration", "b", 3).unwrap();
    survey::set_tally(&conn, id, "collaboration", "a", 5).unwrap();
    survey::set_tally(&conn, id, "collaboration", "b", 4).unwrap();
    assert_eq!(
        survey::tallies(&conn, id, "collaboration").unwrap(),
        vec![("a".to_string(), 5), ("b".to_string(), 4)]
    );
    assert!(survey::set_tally(&conn, id, "collaboration", "a", -1).is_err());

    ui_state::set(&conn, id, "tanaka", "focus", "assessment").unwrap();
    ui_state::set(&conn, id, "tanaka", "focus", "qa").unwrap();
    assert_eq!(
        ui_state::get(&conn, id, "tanaka", "focus")
            .unwrap()
            .as_deref(),
        Some("qa")
    );
    assert_eq!(ui_state::get(&conn, id, "sato", "focus").unwrap(), None);

    let secret = "統合失調症の診断";
    cards::add_note(&conn, id, NoteKind::IllnessNess, secret, "精神科医").unwrap();
    let log = changelog::list(&conn, id).unwrap();
    assert!(log.iter().any(|c| c.entity == "note" && c.op == "insert"));
    assert!(
        log.iter().all(|c| !c.fields.contains(secret)),
        "the log never holds note text"
    );
    assert!(log.iter().all(|c| c.actor == changelog::actor()));
    // Append-only.
    assert!(conn.execute("UPDATE change_log SET op = 'x'", []).is_err());
    assert!(conn.execute("DELETE FROM change_log", []).is_err());
}

/// Notes read as they come: one kind's live notes in board order, a question's answers alone,
/// and another query may run while the iterator is held (the Word export nests them).
#[test]
fn notes_of_a_kind_are_handed_over_as_they_are_read() {
    let conn = store::open_memory().unwrap();
    let id =
        conferences::create(&conn, &new_conf("A氏"), &config::agenda::default_agenda()).unwrap();
    let question = cards::add_note(&conn, id, NoteKind::Question, "通院は？", "").unwrap();
    let other = cards::add_note(&conn, id, NoteKind::Question, "家族は？", "").unwrap();
    for (body, parent) in [
        ("月に1回", Some(question.id)),
        ("叔父がいる", Some(other.id)),
        ("消す答え", Some(question.id)),
        ("質問なし", None),
        ("薬は飲んでいない", Some(question.id)),
    ] {
        let mut a = cards::add_note(&conn, id, NoteKind::Answer, body, "").unwrap();
        a.parent_id = parent;
        cards::update_note(&conn, &a).unwrap();
        if body == "消す答え" {
            cards::delete(&conn, cards::Table::Notes, a.id).unwrap();
        }
    }
    let bodies = |parent: Option<i64>| {
        cards::with_notes_of(&conn, id, NoteKind::Answer, parent, |notes| {
            notes.map(|n| n.unwrap().body).collect::<Vec<_>>()
        })
        .unwrap()
    };
    assert_eq!(
        bodies(None),
        ["月に1回", "叔父がいる", "質問なし", "薬は飲んでいない"]
    );
    assert_eq!(bodies(Some(question.id)), ["月に1回", "薬は飲んでいない"]);
    let pairs = cards::with_notes_of(&conn, id, NoteKind::Question, None, |questions| {
        questions
            .map(|q| {
                let q = q.unwrap();
                (q.body, bodies(Some(q.id)).len())
            })
            .collect::<Vec<_>>()
    })
    .unwrap();
    assert_eq!(
        pairs,
        [("通院は？".to_string(), 2), ("家族は？".to_string(), 1)]
    );
}
