//! The case over time on a real SQLite database: open actions carried into the next
//! conference and reviewed there (完了 / 継続 / 変更 / 中止) keeping their identity, the roster,
//! the previous direction and the case's names to redact carried too; the plan read back
//! before leaving まとめ or finishing; the case history; an export imported twice being one
//! conference; and a database of the previous schema migrated with its data intact.

#[path = "support/app.rs"]
mod support;
use support::{screen, to_board, typ};

use caseconf::agenda::{ClockEventKind, FakeClock, RunState};
use caseconf::app::{Action, App, Overlay};
use caseconf::config;
use caseconf::domain::Board;
use caseconf::export::{self, Format, Imported, Options};
use caseconf::i18n::Lang;
use caseconf::store::boards::{BoardStore, Record, Stored};
use caseconf::store::cards::{self, ActionStatus, Outcome};
use caseconf::store::conferences::{self, ConferenceField};
use caseconf::store::{self, NoteKind, case};
use chrono::{NaiveDate, TimeDelta, TimeZone, Utc};
use rusqlite::Connection;
use std::sync::Arc;

fn new(case: &str, title: &str, date: (i32, u32, u32)) -> store::NewConference {
    store::NewConference {
        case_label: case.into(),
        title: title.into(),
        date: NaiveDate::from_ymd_opt(date.0, date.1, date.2).unwrap(),
        venue: "熊谷保健所".into(),
        facilitator: "保健師 森".into(),
        purpose: String::new(),
        lang: "ja".into(),
    }
}

fn create(conn: &Connection, title: &str, date: (i32, u32, u32)) -> i64 {
    conferences::create(
        conn,
        &new("A氏", title, date),
        &config::agenda::default_agenda(),
    )
    .unwrap()
}

/// The first conference: three actions (one already done), a direction, two participants and
/// a name to redact.
fn first(conn: &Connection) -> i64 {
    let id = create(conn, "第1回 個別ケース検討", (2026, 9, 1));
    let visit = cards::add_action_item(
        conn,
        id,
        "同行訪問を調整する",
        "保健所",
        "高橋",
        Some("9月15日"),
    )
    .unwrap();
    let mut welfare = cards::add_action_item(
        conn,
        id,
        "生活保護の申請を案内する",
        "生活支援課",
        "渡辺",
        Some("2週間以内"),
    )
    .unwrap();
    welfare.review_text = "次回".into();
    cards::update_action_item(conn, &welfare).unwrap();
    let mut done = cards::add_action_item(
        conn,
        id,
        "家主に連絡する",
        "地域包括支援センター",
        "伊藤",
        None,
    )
    .unwrap();
    done.status = ActionStatus::Done;
    cards::update_action_item(conn, &done).unwrap();
    cards::add_note(conn, id, NoteKind::Direction, "まず受診につなげる", "").unwrap();
    cards::add_participant(conn, id, "高橋 健一", "保健所", "保健師", true).unwrap();
    cards::add_participant(conn, id, "渡辺 誠", "生活支援課", "ケースワーカー", true).unwrap();
    cards::add_note(conn, id, NoteKind::RedactName, "松本", "").unwrap();
    let _ = visit;
    id
}

fn carried(conn: &Connection, id: i64) -> Vec<cards::ActionItem> {
    cards::action_items(conn, id)
        .unwrap()
        .into_iter()
        .filter(|a| a.carried)
        .collect()
}

/// Review a carried action as the review board saves it.
fn review(conn: &Connection, conf: i64, a: &cards::ActionItem, outcome: Outcome, note: &str) {
    let mut stored = Stored {
        id: Some(a.id),
        version: a.version,
        ..Stored::default()
    };
    let record = Record::Carried {
        what: a.what.clone(),
        owner_agency: a.owner_agency.clone(),
        owner_person: if outcome == Outcome::Changed {
            "佐藤".into()
        } else {
            a.owner_person.clone()
        },
        due_text: a.due_text.clone(),
        review_text: a.review_text.clone(),
        outcome,
        note: note.into(),
    };
    conn.save_record(conf, "collaboration", &mut stored, &record, &[Some(a.id)])
        .unwrap();
}

#[test]
fn open_actions_roster_direction_and_names_are_carried_and_reviewed_across_three_conferences() {
    let conn = store::open_memory().unwrap();
    let one = first(&conn);
    let two = create(&conn, "第2回 個別ケース検討", (2026, 10, 1));

    // Only the open actions come along, as the same actions, with their dates as days.
    let c2 = carried(&conn, two);
    assert_eq!(c2.len(), 2);
    let originals = cards::action_items(&conn, one).unwrap();
    for (a, o) in c2.iter().zip(&originals) {
        assert_eq!(a.uid, o.uid, "a carried action keeps its identity");
        assert_eq!(a.what, o.what);
        assert_eq!(a.outcome, Outcome::Pending);
    }
    // "2週間以内" meant 15 September at the first meeting; it must not move to October.
    assert_eq!(c2[1].due.as_deref(), Some("2026-09-15"));
    assert_eq!(c2[1].review_text, "次回");
    let notes = cards::notes(&conn, two).unwrap();
    assert!(
        notes
            .iter()
            .any(|n| n.kind == NoteKind::PrevDirection && n.body == "まず受診につなげる")
    );
    let names = |conf: i64| -> Vec<String> {
        store::case_names::of_conference(&conn, conf)
            .unwrap()
            .into_iter()
            .map(|n| n.body)
            .collect()
    };
    assert_eq!(names(two), ["松本"], "the case's names are there");
    let roster = cards::participants(&conn, two).unwrap();
    assert_eq!(roster.len(), 2);
    assert!(
        roster.iter().all(|p| !p.present),
        "nobody is present before the roll call"
    );

    // The boards show them on the review board, not among this meeting's new actions.
    let data = conn.load_boards(two, "collaboration").unwrap();
    assert_eq!(data.carried.len(), 2);
    assert!(data.actions.is_empty());

    review(&conn, two, &c2[0], Outcome::Done, "9月20日に訪問できた");
    review(&conn, two, &c2[1], Outcome::Changed, "担当を交代");
    let after = carried(&conn, two);
    assert_eq!(after[0].status, ActionStatus::Done);
    assert_eq!(after[0].outcome_note, "9月20日に訪問できた");
    assert_eq!(after[1].status, ActionStatus::Open);
    assert_eq!(after[1].owner_person, "佐藤");
    let new_one = cards::add_action_item(
        &conn,
        two,
        "受診に同行する",
        "保健所",
        "高橋",
        Some("10月20日"),
    )
    .unwrap();
    // A name registered in the second conference is the case's too.
    cards::add_note(&conn, two, NoteKind::RedactName, "松本 一郎", "").unwrap();

    let three = create(&conn, "第3回 個別ケース検討", (2026, 11, 5));
    let c3 = carried(&conn, three);
    assert_eq!(
        c3.iter().map(|a| a.what.as_str()).collect::<Vec<_>>(),
        ["生活保護の申請を案内する", "受診に同行する"],
        "done actions stay behind; changed and new ones come along"
    );
    assert_eq!(c3[0].uid, originals[1].uid);
    assert_eq!(c3[0].owner_person, "佐藤");
    assert_eq!(c3[1].uid, new_one.uid);
    assert_eq!(names(three), ["松本", "松本 一郎"], "each name once");
    // The name registered at the second conference is redacted in the first one too.
    assert_eq!(names(one), ["松本", "松本 一郎"]);
    cards::add_note(
        &conn,
        one,
        NoteKind::Fact,
        "松本 一郎さんが家主と話した",
        "",
    )
    .unwrap();
    let plain = String::from_utf8(
        export::export(&conn, one, Format::Markdown, &Options::default()).unwrap(),
    )
    .unwrap();
    assert!(plain.contains("松本 一郎さんが家主と話した"));
    let redacted = String::from_utf8(
        export::export(
            &conn,
            one,
            Format::Markdown,
            &Options {
                redact: true,
                ..Options::default()
            },
        )
        .unwrap(),
    )
    .unwrap();
    assert!(!redacted.contains("松本"), "{redacted}");
    review(&conn, three, &c3[0], Outcome::Stopped, "本人が辞退");

    // The case's history: three conferences, each action followed through them.
    let record = case::load(&conn, "A氏").unwrap();
    assert_eq!(record.conferences.len(), 3);
    let welfare = record
        .actions
        .iter()
        .find(|a| a.uid == originals[1].uid)
        .unwrap();
    let outcomes: Vec<Outcome> = welfare.steps.iter().map(|s| s.outcome).collect();
    assert_eq!(
        outcomes,
        [Outcome::Pending, Outcome::Changed, Outcome::Stopped]
    );
    assert!(!welfare.open());
    let open: Vec<&str> = record
        .actions
        .iter()
        .filter(|a| a.open())
        .map(|a| a.latest().unwrap().what.as_str())
        .collect();
    assert_eq!(open, ["受診に同行する"]);
    assert!(record.actions.iter().any(|a| a.overdue("2026-11-30")));
    assert!(!record.actions.iter().any(|a| a.overdue("2026-10-01")));

    // Every export carries the review and the identity.
    for format in [Format::Markdown, Format::Html] {
        let text =
            String::from_utf8(export::export(&conn, three, format, &Options::default()).unwrap())
                .unwrap();
        assert!(text.contains("前回からの確認"), "{format:?}");
        assert!(text.contains("本人が辞退"), "{format:?}");
        assert!(text.contains("中止"), "{format:?}");
    }
    let csv =
        String::from_utf8(export::export(&conn, three, Format::Csv, &Options::default()).unwrap())
            .unwrap();
    assert!(csv.contains(&originals[1].uid) && csv.contains("本人が辞退"));
    let json =
        String::from_utf8(export::export(&conn, three, Format::Json, &Options::default()).unwrap())
            .unwrap();
    assert!(json.contains(&originals[1].uid) && json.contains("\"outcome\": \"stopped\""));

    // The case summary: conferences in order, each action's history.
    let summary = String::from_utf8(
        export::case::render(&conn, "A氏", Format::Markdown, Lang::Ja, "2026-11-30").unwrap(),
    )
    .unwrap();
    let first_at = summary.find("第1回 個別ケース検討").unwrap();
    let third_at = summary.find("第3回 個別ケース検討").unwrap();
    assert!(first_at < third_at);
    assert!(summary.contains("受診に同行する（期限超過）"), "{summary}");
    assert!(summary.contains("担当を交代") && summary.contains("本人が辞退"));
}

#[test]
fn importing_the_same_record_twice_gives_one_conference_and_keeps_action_identity() {
    let conn = store::open_memory().unwrap();
    first(&conn);
    let two = create(&conn, "第2回", (2026, 10, 1));
    let json = export::export(&conn, two, Format::Json, &Options::default()).unwrap();
    let uids: Vec<String> = carried(&conn, two).into_iter().map(|a| a.uid).collect();

    let other = store::open_memory().unwrap();
    let there = export::import_record(&other, &json, "two.json").unwrap();
    let Imported::New(there) = there else {
        panic!("first import is new: {there:?}")
    };
    assert_eq!(
        export::import_record(&other, &json, "two.json").unwrap(),
        Imported::Unchanged(there)
    );
    let copy: Vec<String> = carried(&other, there).into_iter().map(|a| a.uid).collect();
    assert_eq!(
        copy, uids,
        "a carried action is the same action in every record"
    );

    // A later export of the same conference (reviewed since) updates it in place.
    let a = &carried(&conn, two)[0];
    review(&conn, two, a, Outcome::Continued, "来月も続ける");
    let json = export::export(&conn, two, Format::Json, &Options::default()).unwrap();
    assert_eq!(
        export::import_record(&other, &json, "two.json").unwrap(),
        Imported::Updated(there)
    );
    let count: i64 = other
        .query_row("SELECT count(*) FROM conferences", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 1);
    assert_eq!(carried(&other, there)[0].outcome, Outcome::Continued);
    assert_eq!(
        export::export(&other, there, Format::Json, &Options::default()).unwrap(),
        json
    );
    // A name registered since for the case (in any conference of it) does not make the
    // record different: an import never removes a name, and the file's are all there.
    store::case_names::add(&other, there, "森 太郎", "").unwrap();
    assert_eq!(
        export::import_record(&other, &json, "two.json").unwrap(),
        Imported::Unchanged(there)
    );
}

#[test]
fn a_database_of_the_previous_schema_is_migrated_with_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        // The schema as released before this change: migrations 1 and 2, with data typed.
        let c = Connection::open(&path).unwrap();
        c.execute_batch(store::migrations::MIGRATIONS[0]).unwrap();
        c.execute_batch(store::migrations::MIGRATIONS[1]).unwrap();
        c.pragma_update(None, "user_version", 2).unwrap();
        c.execute_batch(
            "INSERT INTO cases (label) VALUES ('A氏');
             INSERT INTO conferences (case_id, title, date, agenda_id) VALUES (1, '第1回', '2026-09-01', 'standard-120');
             INSERT INTO participants (conference_id, name) VALUES (1, '高橋');
             INSERT INTO notes (conference_id, kind, body) VALUES (1, 'direction', '受診につなげる');
             INSERT INTO action_items (conference_id, what, due, due_text) VALUES (1, '訪問する', '2026-09-15', '9月15日');
             INSERT INTO action_items (conference_id, what, due_text) VALUES (1, '連絡する', '');",
        )
        .unwrap();
    }
    let conn = store::open(&path).unwrap();
    assert_eq!(
        store::migrations::current_version(&conn).unwrap(),
        store::migrations::latest_version()
    );
    let c = conferences::get(&conn, 1).unwrap();
    assert_eq!((c.title.as_str(), c.meeting_type.as_str()), ("第1回", ""));
    assert_eq!(c.uid.len(), 32);
    let items = cards::action_items(&conn, 1).unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].due_text, "9月15日");
    assert!(items.iter().all(|a| a.uid.len() == 32 && !a.carried));
    assert_ne!(items[0].uid, items[1].uid);
    // Existing conferences work as before, and the next one of the case carries them on.
    let two = create(&conn, "第2回", (2026, 10, 1));
    let c2 = carried(&conn, two);
    assert_eq!(c2.len(), 2);
    assert_eq!(c2[0].uid, items[0].uid);
    // New rows get identities of their own.
    let p = cards::add_participant(&conn, two, "森", "保健所", "", true).unwrap();
    let uid: String = conn
        .query_row("SELECT uid FROM participants WHERE id = ?1", [p.id], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(uid.len(), 32);
    // The kind of meeting and consent are stored as typed.
    let v = conferences::get(&conn, two).unwrap().version;
    conferences::set_field(
        &conn,
        two,
        v,
        ConferenceField::MeetingType,
        "重層的支援会議",
    )
    .unwrap();
    assert_eq!(
        conferences::get(&conn, two).unwrap().meeting_type,
        "重層的支援会議"
    );
}

fn app_on(conn: Connection, id: i64) -> (App, Arc<FakeClock>) {
    let clock = Arc::new(FakeClock::new(
        Utc.with_ymd_and_hms(2026, 10, 1, 1, 0, 0).unwrap(),
    ));
    let mut app = App::new(conn, clock.clone(), support::settings(Lang::Ja)).unwrap();
    app.open_conference(id).unwrap();
    (app, clock)
}

#[test]
fn the_plan_is_read_back_before_leaving_the_summary_and_before_finishing() {
    let conn = store::open_memory().unwrap();
    first(&conn);
    let two = create(&conn, "第2回", (2026, 10, 1));
    let (mut app, clock) = app_on(conn, two);
    app.update(Action::StartPause);
    // The case phase opens on the review board, on the first action's outcome.
    app.update(Action::JumpTo(3));
    let m = app.meeting().unwrap();
    assert_eq!(m.session.focus.board, Board::Review);
    app.update(Action::Type(' ')); // 完了
    app.update(Action::Tab(true));
    typ(&mut app, "訪問できた");
    clock.advance(TimeDelta::milliseconds(200));
    app.update(Action::Tick);
    let two_items = cards::action_items(&app.conn(), two).unwrap();
    assert_eq!(two_items[0].outcome, Outcome::Done);
    assert_eq!(two_items[0].outcome_note, "訪問できた");

    // まとめ: one new action with no owner yet.
    app.update(Action::JumpTo(6));
    to_board(&mut app, Board::Actions);
    typ(&mut app, "受診に同行する");
    app.update(Action::NextPhase);
    assert!(matches!(app.overlay, Overlay::ReadBack { .. }));
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("支援計画の読み上げ確認"), "{shown}");
    assert!(
        shown.contains("受診に同行する") && shown.contains("［未定］"),
        "{shown}"
    );
    assert!(
        shown.contains("生活保護の申請を案内する"),
        "the continued carried action is part of the plan: {shown}"
    );
    assert!(
        !shown.contains("同行訪問を調整する"),
        "a done action is not: {shown}"
    );
    // Back to fix: the phase stays, the keyboard is on the actions.
    app.update(Action::ReadBackFix);
    let m = app.meeting().unwrap();
    assert_eq!(app.overlay, Overlay::None);
    assert_eq!(m.view.current, 6);
    assert_eq!(m.session.focus.board, Board::Actions);
    // Confirmed: the meeting moves on.
    app.update(Action::NextPhase);
    app.update(Action::ConfirmReadBack);
    assert_eq!(app.meeting().unwrap().view.current, 7);
    // Finishing reads it back too, and only the confirmation finishes.
    app.update(Action::JumpTo(8));
    app.update(Action::NextPhase);
    assert!(matches!(
        app.overlay,
        Overlay::ReadBack {
            proceed: ClockEventKind::Finish
        }
    ));
    assert_eq!(app.meeting().unwrap().view.state, RunState::Running);
    app.update(Action::ConfirmReadBack);
    assert_eq!(app.meeting().unwrap().view.state, RunState::Finished);
}

#[test]
fn a_first_conference_has_no_review_board_in_its_phase() {
    let conn = store::open_memory().unwrap();
    let one = create(&conn, "第1回", (2026, 9, 1));
    let (mut app, _clock) = app_on(conn, one);
    app.update(Action::StartPause);
    app.update(Action::JumpTo(3));
    let m = app.meeting().unwrap();
    assert!(!m.phase_boards().contains(&Board::Review));
    assert_eq!(m.session.focus.board, Board::CaseProfile);
}

/// The screens of the case over time, as the room sees them, at 80×24 and 160×45.
#[test]
fn review_board_read_back_and_case_view_snapshots() {
    let conn = store::open_memory().unwrap();
    first(&conn);
    let two = create(&conn, "第2回", (2026, 10, 1));
    let (mut app, _clock) = app_on(conn, two);
    app.update(Action::StartPause);
    app.update(Action::JumpTo(3));
    app.update(Action::Type(' '));
    app.update(Action::Tab(true));
    typ(&mut app, "訪問できた");
    for (lang, w, h) in [(Lang::Ja, 80, 24), (Lang::En, 160, 45)] {
        app.lang = lang;
        let shown = screen(&app, w, h);
        // Each action stacked on its own lines: every value whole, the note being typed on
        // the outcome's line, the direction still on screen.
        for whole in [
            "同行訪問を調整する",
            "生活保護の申請を案内する",
            "2026-09-15",
            "生活支援課",
            "まず受診につなげる",
        ] {
            assert!(shown.contains(whole), "{whole} at {w}x{h}:\n{shown}");
        }
        assert!(
            shown.lines().any(|l| l.contains(if lang == Lang::Ja {
                "確認メモ 訪問できた"
            } else {
                "Note 訪問できた"
            })),
            "{shown}"
        );
        insta::assert_snapshot!(format!("review_board_{}_{w}x{h}", lang.code()), shown);
    }
    app.lang = Lang::Ja;
    app.update(Action::JumpTo(6));
    to_board(&mut app, Board::Actions);
    typ(&mut app, "受診に同行する");
    app.update(Action::NextPhase);
    for (lang, w, h) in [(Lang::Ja, 80, 24), (Lang::En, 160, 45)] {
        app.lang = lang;
        insta::assert_snapshot!(
            format!("read_back_{}_{w}x{h}", lang.code()),
            screen(&app, w, h)
        );
    }
    app.lang = Lang::Ja;
    app.update(Action::ConfirmReadBack);
    app.update(Action::Quit);

    // The picker's case view (C), on the same database.
    let clock = Arc::new(FakeClock::new(
        Utc.with_ymd_and_hms(2026, 10, 1, 1, 0, 0).unwrap(),
    ));
    let conn = app.into_conn().unwrap();
    let mut picker = App::new(conn, clock, support::settings(Lang::Ja)).unwrap();
    picker.update(Action::OpenCase);
    assert_eq!(picker.overlay, Overlay::Case);
    insta::assert_snapshot!("case_view_ja_80x24", screen(&picker, 80, 24));
    picker.update(Action::CloseOverlay);
    assert_eq!(picker.overlay, Overlay::None);
}

#[test]
fn names_to_redact_of_a_database_of_schema_4_become_the_cases() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v4.db");
    {
        // The schema as released with the case over time (migrations 1 to 4): each
        // conference held its own copies of the names, a later one copies of the earlier's.
        let c = Connection::open(&path).unwrap();
        for sql in &store::migrations::MIGRATIONS[..4] {
            c.execute_batch(sql).unwrap();
        }
        c.pragma_update(None, "user_version", 4).unwrap();
        c.pragma_update(None, "application_id", store::migrations::APPLICATION_ID)
            .unwrap();
        c.execute_batch(
            "INSERT INTO cases (label) VALUES ('A氏'), ('B氏');
             INSERT INTO conferences (case_id, title, date, agenda_id) VALUES
               (1, '第1回', '2026-09-01', 'standard-120'),
               (1, '第2回', '2026-10-01', 'standard-120'),
               (2, '第1回', '2026-09-02', 'standard-120');
             INSERT INTO notes (conference_id, kind, position, body, label) VALUES
               (1, 'redact_name', 0, '松本 一郎', '本人'),
               (1, 'fact', 0, '松本 一郎さんは田中 花子さんと暮らす', ''),
               (2, 'redact_name', 0, '松本 一郎', '本人'),
               (2, 'redact_name', 1, '田中 花子', '同居人'),
               (2, 'redact_name', 2, '', ''),
               (3, 'redact_name', 0, '佐々木', '');
             INSERT INTO notes (conference_id, kind, position, body, label, deleted_at) VALUES
               (2, 'redact_name', 3, '消した名前', '', '2026-10-01T00:00:00Z');",
        )
        .unwrap();
    }
    let conn = store::open(&path).unwrap();
    assert_eq!(
        store::migrations::current_version(&conn).unwrap(),
        store::migrations::latest_version()
    );
    let names = |conf: i64| -> Vec<(String, String)> {
        store::case_names::of_conference(&conn, conf)
            .unwrap()
            .into_iter()
            .map(|n| (n.body, n.label))
            .collect()
    };
    let a = vec![
        ("松本 一郎".to_string(), "本人".to_string()),
        ("田中 花子".to_string(), "同居人".to_string()),
    ];
    // Each name once, in the order registered, for every conference of the case.
    assert_eq!(names(1), a);
    assert_eq!(names(2), a);
    assert_eq!(names(3), [("佐々木".to_string(), String::new())]);
    let left: i64 = conn
        .query_row(
            "SELECT count(*) FROM notes WHERE kind = 'redact_name'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0, "no per-conference copies are left behind");
    // The boards of the first conference show the case's list, and its redacted export uses
    // the name registered only at the second.
    let data = conn.load_boards(1, "collaboration").unwrap();
    assert_eq!(data.notes[&NoteKind::RedactName].len(), 2);
    let redacted = String::from_utf8(
        export::export(
            &conn,
            1,
            Format::Markdown,
            &Options {
                redact: true,
                ..Options::default()
            },
        )
        .unwrap(),
    )
    .unwrap();
    assert!(
        !redacted.contains("田中") && !redacted.contains("松本"),
        "{redacted}"
    );
    // A name typed on the board of the second conference is the first's too.
    let mut stored = Stored::default();
    let record = Record::Note {
        kind: NoteKind::RedactName,
        body: "森 太郎".into(),
        label: "家主".into(),
        mark: String::new(),
    };
    conn.save_record(2, "collaboration", &mut stored, &record, &[None])
        .unwrap();
    assert_eq!(names(1).len(), 3);
    assert_eq!(names(1)[2].0, "森 太郎");
}

fn dialog_key(code: crossterm::event::KeyCode) -> Action {
    Action::DialogKey(crossterm::event::KeyEvent::new(
        code,
        crossterm::event::KeyModifiers::NONE,
    ))
}

fn dialog_type(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(dialog_key(crossterm::event::KeyCode::Char(c)));
    }
}

/// The new-conference dialog asks the kind of meeting (and, for 重層的支援会議, consent and
/// its date), starting from the case's previous conference; a kind typed by hand is kept.
#[test]
fn the_new_conference_dialog_asks_the_kind_of_meeting() {
    let conn = store::open_memory().unwrap();
    let one = first(&conn);
    for (field, value) in [
        (ConferenceField::MeetingType, "重層的支援会議"),
        (ConferenceField::Consent, "はい"),
        (ConferenceField::ConsentDate, "2026-08-20"),
    ] {
        let v = conferences::get(&conn, one).unwrap().version;
        conferences::set_field(&conn, one, v, field, value).unwrap();
    }
    let clock = Arc::new(FakeClock::new(
        Utc.with_ymd_and_hms(2026, 10, 1, 1, 0, 0).unwrap(),
    ));
    let mut app = App::new(conn, clock, support::settings(Lang::Ja)).unwrap();
    app.update(Action::PickerNew);
    dialog_type(&mut app, "A氏");
    // Leaving the case field: the kind and consent of the previous conference come along.
    app.update(Action::DialogField(1));
    dialog_type(&mut app, "第2回 重層的支援会議");
    let shown = screen(&app, 80, 24);
    assert!(
        shown.contains("重層的支援会議") && shown.contains("2026-08-20"),
        "{shown}"
    );
    assert!(shown.contains("前回の会議から引き継ぎました"), "{shown}");
    // To the kind field: the choices are offered, the current one marked.
    app.update(Action::DialogField(5));
    for (w, h) in [(80, 24), (160, 45)] {
        insta::assert_snapshot!(format!("new_dialog_kind_ja_{w}x{h}"), screen(&app, w, h));
    }
    // → takes the next kind; consent and its date are not asked for a 個別ケース検討会議.
    app.update(Action::DialogChoice(1));
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("個別ケース検討会議"), "{shown}");
    // The consent fields keep what is in them, so they stay in view.
    assert!(shown.contains("2026-08-20"), "{shown}");
    // A kind typed by hand: ← → then move in the text, never replace it.
    for _ in 0.."個別ケース検討会議".chars().count() {
        app.update(dialog_key(crossterm::event::KeyCode::Backspace));
    }
    dialog_type(&mut app, "地域ケア会議（個別）");
    let caseconf::app::Screen::Picker(p) = &app.screen else {
        panic!("still in the dialog")
    };
    assert!(
        !p.dialog.as_ref().unwrap().choosing(),
        "← → move in typed text"
    );
    app.update(Action::DialogSubmit);
    let m = app.meeting().expect("the new conference opens");
    let c = conferences::get(&app.conn(), m.conf().id).unwrap();
    assert_eq!(c.meeting_type, "地域ケア会議（個別）", "stored as typed");
    assert_eq!(
        (c.consent.as_str(), c.consent_date.as_str()),
        ("はい", "2026-08-20")
    );

    // A new case: nothing to start from; 重層的支援会議 asks consent and its date.
    let clock = Arc::new(FakeClock::new(
        Utc.with_ymd_and_hms(2026, 10, 1, 1, 0, 0).unwrap(),
    ));
    let conn = app.into_conn().unwrap();
    let mut app = App::new(conn, clock, support::settings(Lang::En)).unwrap();
    app.update(Action::PickerNew);
    dialog_type(&mut app, "D氏");
    app.update(Action::DialogField(1));
    dialog_type(&mut app, "初回");
    app.update(Action::DialogField(5));
    let shown = screen(&app, 80, 24);
    assert!(
        !shown.contains("Consent date"),
        "not asked before the kind: {shown}"
    );
    app.update(Action::DialogChoice(-1));
    app.update(Action::DialogChoice(-1));
    let shown = screen(&app, 80, 24);
    assert!(
        shown.contains("重層的支援会議") && shown.contains("Consent date"),
        "{shown}"
    );
    app.update(Action::DialogField(1));
    app.update(Action::DialogChoice(1));
    app.update(Action::DialogField(1));
    dialog_type(&mut app, "令和8年9月30日");
    insta::assert_snapshot!("new_dialog_consent_en_160x45", screen(&app, 160, 45));
    app.update(Action::DialogSubmit);
    let id = app.meeting().expect("created").conf().id;
    let c = conferences::get(&app.conn(), id).unwrap();
    assert_eq!(
        (
            c.meeting_type.as_str(),
            c.consent.as_str(),
            c.consent_date.as_str()
        ),
        ("重層的支援会議", "はい", "令和8年9月30日")
    );
}
