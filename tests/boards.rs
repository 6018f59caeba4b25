//! The capture boards driven through `App::update` on a real SQLite database: every board
//! filled in Japanese and checked row by row in the store, snapshots of each board, undo of a
//! deletion, autosave timing, and a property test that the stored text is the text on screen.

#[path = "support/app.rs"]
mod support;
use support::{render, text, typ};

use caseconf::agenda::FakeClock;
use caseconf::app::{Action, App, Overlay, Settings};
use caseconf::config;
use caseconf::config::theme;
use caseconf::domain::Board;
use caseconf::i18n::Lang;
use caseconf::store::{self, ActionStatus, NoteKind, cards, conferences, survey};
use caseconf::ui;
use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta, TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::sync::Arc;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 4, 30, 0).unwrap()
}

fn new_app(lang: Lang) -> (App, Arc<FakeClock>, i64) {
    let conn = store::open_memory().unwrap();
    let new = store::NewConference {
        case_label: "A氏".into(),
        title: "事例検討会".into(),
        date: NaiveDate::from_ymd_opt(2026, 11, 21).unwrap(),
        venue: "保健所".into(),
        facilitator: String::new(),
        purpose: String::new(),
        lang: "ja".into(),
    };
    let id = conferences::create(&conn, &new, &config::agenda::default_agenda()).unwrap();
    let clock = Arc::new(FakeClock::new(t0()));
    let settings = Settings {
        lang,
        theme: theme::default_theme(),
        no_color: false,
        tz: FixedOffset::east_opt(9 * 3600).unwrap(),
        config_dir: None,
    };
    let mut app = App::new(conn, clock.clone(), settings).unwrap();
    app.open_conference(id).unwrap();
    (app, clock, id)
}

fn board(app: &mut App, b: Board) {
    let i = Board::ALL.iter().position(|x| *x == b).unwrap();
    app.update(Action::OpenBoards);
    assert!(matches!(app.overlay, Overlay::Boards { .. }));
    app.update(Action::BoardsTo(i));
    assert_eq!(app.meeting().unwrap().session.focus.board, b);
}

fn flush(app: &mut App, clock: &FakeClock) {
    clock.advance(TimeDelta::milliseconds(150));
    app.update(Action::Tick);
}

fn notes_of(app: &App, id: i64, kind: NoteKind) -> Vec<store::Note> {
    cards::notes(&app.conn(), id)
        .unwrap()
        .into_iter()
        .filter(|n| n.kind == kind)
        .collect()
}

#[test]
fn every_board_filled_in_japanese_reaches_the_store() {
    let (mut app, clock, id) = new_app(Lang::Ja);

    // Opening: a board opens on a new card (an opening note), then back into the form.
    board(&mut app, Board::Opening);
    typ(&mut app, "本日は事例提供者を責めない場とします");
    app.update(Action::Tab(false)); // -> the form's last line, purpose
    typ(&mut app, "支援の方向性を共有する");
    app.update(Action::Tab(false)); // -> recorder
    typ(&mut app, "保健師 鈴木");
    app.update(Action::Tab(false)); // -> facilitator
    typ(&mut app, "保健師 田中");
    app.update(Action::Vertical(false)); // -> venue
    for _ in 0..3 {
        app.update(Action::Backspace);
    }
    typ(&mut app, "熊谷保健所 大会議室");

    // Participants: two rows, agency completed with Tab.
    board(&mut app, Board::Participants);
    typ(&mut app, "佐藤");
    app.update(Action::Tab(true));
    typ(&mut app, "地域包括");
    app.update(Action::AcceptSuggestion(0)); // Alt+1: 地域包括支援センター
    app.update(Action::Tab(true)); // -> role
    typ(&mut app, "社会福祉士");
    app.update(Action::Enter);
    typ(&mut app, "鈴木");
    app.update(Action::Tab(true));
    typ(&mut app, "保健所");
    app.update(Action::Tab(true)); // exact match: no completion, moves on
    typ(&mut app, "保健師");
    app.update(Action::Tab(true)); // -> present
    app.update(Action::Type(' ')); // absent

    board(&mut app, Board::Introduction);
    typ(&mut app, "8050問題とひきこもり支援");
    app.update(Action::Tab(true));
    typ(&mut app, "発表者を責めない");
    app.update(Action::Enter);
    typ(&mut app, "個人情報は持ち帰らない");

    board(&mut app, Board::CaseProfile);
    typ(&mut app, "50代");
    app.update(Action::Enter);
    typ(&mut app, "男性");

    board(&mut app, Board::Timeline);
    typ(&mut app, "2008年");
    app.update(Action::Tab(true));
    typ(&mut app, "統合失調症と診断");
    app.update(Action::Tab(true));
    app.update(Action::Choice(1)); // crisis

    board(&mut app, Board::Qa);
    typ(&mut app, "受診歴は？");
    app.update(Action::Tab(true));
    typ(&mut app, "2008年に一度だけ");
    app.update(Action::Enter);
    typ(&mut app, "家族の状況は？");

    board(&mut app, Board::Assessment);
    typ(&mut app, "家賃を滞納し退去を求められている");
    app.update(Action::Newline);
    typ(&mut app, "ガスが止まった①②■");
    app.update(Action::Tab(true));
    typ(&mut app, "大家・近隣住民");
    app.update(Action::Tab(true)); // -> illness-ness column
    typ(&mut app, "治療中断24年");
    app.update(Action::Tab(true));
    typ(&mut app, "精神科医");

    board(&mut app, Board::Themes);
    typ(&mut app, "孤立と経済的困窮");
    board(&mut app, Board::Strengths);
    typ(&mut app, "礼儀正しい");
    app.update(Action::Tab(true));
    typ(&mut app, "姉が協力的");
    app.update(Action::Tab(true));
    typ(&mut app, "民生委員が見守っている");

    board(&mut app, Board::Supporters);
    typ(&mut app, "訪問を続けている"); // a new card starts in its text
    app.update(Action::Tab(false)); // -> agency
    typ(&mut app, "保健所");
    app.update(Action::Tab(true));
    app.update(Action::Tab(true));
    typ(&mut app, "生活支援課");
    app.update(Action::Tab(true));
    typ(&mut app, "本人と会えていない");

    board(&mut app, Board::AgencyRoles);
    typ(&mut app, "生活支援課");
    app.update(Action::Tab(true));
    typ(&mut app, "生活保護の相談");
    app.update(Action::Tab(true));
    typ(&mut app, "家計の立て直し");

    board(&mut app, Board::Direction);
    typ(&mut app, "まず受診につなげる");

    board(&mut app, Board::Actions);
    typ(&mut app, "訪問する");
    app.update(Action::Tab(true));
    typ(&mut app, "保健所");
    app.update(Action::Tab(true)); // an exact agency name: Tab moves on
    typ(&mut app, "田中");
    app.update(Action::Tab(true));
    typ(&mut app, "2026-12-01");
    app.update(Action::Tab(true)); // -> review date (確認日)
    typ(&mut app, "次回");
    app.update(Action::Tab(true));
    app.update(Action::Choice(1)); // done

    board(&mut app, Board::Impressions);
    typ(&mut app, "多機関で話せてよかった");
    app.update(Action::Tab(false));
    typ(&mut app, "佐藤");

    board(&mut app, Board::Survey);
    typ(&mut app, "12");
    app.update(Action::Enter);
    typ(&mut app, "7");

    board(&mut app, Board::Closing);
    typ(&mut app, "お疲れさまでした");
    app.update(Action::Tab(true));
    typ(&mut app, "2027-01-15 14:00");
    flush(&mut app, &clock);

    // The store holds all of it.
    let c = conferences::get(&app.conn(), id).unwrap();
    assert_eq!(c.venue, "熊谷保健所 大会議室");
    assert_eq!(c.facilitator, "保健師 田中");
    assert_eq!(c.recorder, "保健師 鈴木");
    assert_eq!(c.purpose, "支援の方向性を共有する");
    assert_eq!(c.next_meeting, "2027-01-15 14:00");
    assert_eq!(
        notes_of(&app, id, NoteKind::Opening)[0].body,
        "本日は事例提供者を責めない場とします"
    );

    let ps = cards::participants(&app.conn(), id).unwrap();
    assert_eq!(ps.len(), 2);
    assert_eq!(
        (
            ps[0].name.as_str(),
            ps[0].agency.as_str(),
            ps[0].role.as_str(),
            ps[0].present
        ),
        ("佐藤", "地域包括支援センター", "社会福祉士", true)
    );
    assert_eq!(
        (ps[1].name.as_str(), ps[1].agency.as_str(), ps[1].present),
        ("鈴木", "保健所", false)
    );

    assert_eq!(
        notes_of(&app, id, NoteKind::Lecture)[0].body,
        "8050問題とひきこもり支援"
    );
    let rules: Vec<String> = notes_of(&app, id, NoteKind::Rule)
        .into_iter()
        .map(|n| n.body)
        .collect();
    assert_eq!(rules, vec!["発表者を責めない", "個人情報は持ち帰らない"]);

    let profile = notes_of(&app, id, NoteKind::Profile);
    assert!(
        profile
            .iter()
            .any(|n| n.label == "age_band" && n.body == "50代")
    );
    assert!(
        profile
            .iter()
            .any(|n| n.label == "gender" && n.body == "男性")
    );

    let tl = &notes_of(&app, id, NoteKind::Timeline)[0];
    assert_eq!(
        (tl.label.as_str(), tl.body.as_str(), tl.mark.as_str()),
        ("2008年", "統合失調症と診断", "crisis")
    );

    let qs = notes_of(&app, id, NoteKind::Question);
    let answers = notes_of(&app, id, NoteKind::Answer);
    assert_eq!(
        qs.iter().map(|n| n.body.as_str()).collect::<Vec<_>>(),
        vec!["受診歴は？", "家族の状況は？"]
    );
    assert_eq!(answers.len(), 1);
    assert_eq!(answers[0].body, "2008年に一度だけ");
    assert_eq!(answers[0].parent_id, Some(qs[0].id));

    let case = &notes_of(&app, id, NoteKind::CaseNess)[0];
    assert_eq!(
        case.body,
        "家賃を滞納し退去を求められている\nガスが止まった①②■"
    );
    assert_eq!(case.label, "大家・近隣住民");
    let ill = &notes_of(&app, id, NoteKind::IllnessNess)[0];
    assert_eq!(
        (ill.body.as_str(), ill.label.as_str()),
        ("治療中断24年", "精神科医")
    );

    assert_eq!(
        notes_of(&app, id, NoteKind::Theme)[0].body,
        "孤立と経済的困窮"
    );
    assert_eq!(
        notes_of(&app, id, NoteKind::StrengthPerson)[0].body,
        "礼儀正しい"
    );
    assert_eq!(
        notes_of(&app, id, NoteKind::StrengthFamily)[0].body,
        "姉が協力的"
    );
    assert_eq!(
        notes_of(&app, id, NoteKind::StrengthEnvironment)[0].body,
        "民生委員が見守っている"
    );
    let ss = &notes_of(&app, id, NoteKind::SupporterStrength)[0];
    assert_eq!(
        (ss.label.as_str(), ss.body.as_str()),
        ("保健所", "訪問を続けている")
    );
    let sc = &notes_of(&app, id, NoteKind::SupporterChallenge)[0];
    assert_eq!(
        (sc.label.as_str(), sc.body.as_str()),
        ("生活支援課", "本人と会えていない")
    );

    let roles = cards::agency_roles(&app.conn(), id).unwrap();
    assert_eq!(
        (
            roles[0].agency.as_str(),
            roles[0].role_now.as_str(),
            roles[0].role_proposed.as_str()
        ),
        ("生活支援課", "生活保護の相談", "家計の立て直し")
    );
    assert_eq!(
        notes_of(&app, id, NoteKind::Direction)[0].body,
        "まず受診につなげる"
    );

    let actions = cards::action_items(&app.conn(), id).unwrap();
    assert_eq!(actions.len(), 1);
    assert_eq!(actions[0].what, "訪問する");
    assert_eq!(actions[0].owner_agency, "保健所");
    assert_eq!(actions[0].owner_person, "田中");
    assert_eq!(actions[0].due.as_deref(), Some("2026-12-01"));
    assert_eq!(actions[0].review_text, "次回");
    assert_eq!(actions[0].status, ActionStatus::Done);

    let imp = &notes_of(&app, id, NoteKind::Impression)[0];
    assert_eq!(
        (imp.label.as_str(), imp.body.as_str()),
        ("佐藤", "多機関で話せてよかった")
    );

    let sv = caseconf::config::catalog::survey();
    let tallies = survey::tallies(&app.conn(), id, &sv.id).unwrap();
    let count = |k: &str| tallies.iter().find(|(o, _)| o == k).map(|(_, c)| *c);
    assert_eq!(count(&sv.options[0].key), Some(12));
    assert_eq!(count(&sv.options[1].key), Some(7));
    assert_eq!(
        notes_of(&app, id, NoteKind::Closing)[0].body,
        "お疲れさまでした"
    );

    // Reloading from the database gives the same boards as in memory.
    let in_memory = app.meeting().unwrap().session.boards.clone();
    let reloaded = caseconf::board::load(&*app.conn(), id).unwrap();
    for (b, lists) in &reloaded.boards {
        for (li, list) in lists.iter().enumerate() {
            let mem = &in_memory.lists(*b)[li];
            let mem_fields: Vec<&Vec<String>> = mem
                .rows
                .iter()
                .filter(|r| {
                    mem.spec.kind.fixed() || r.stored.id.is_some() || !r.is_empty(&mem.spec)
                })
                .map(|r| &r.fields)
                .collect();
            let db_fields: Vec<&Vec<String>> = list.rows.iter().map(|r| &r.fields).collect();
            assert_eq!(mem_fields, db_fields, "board {b:?} list {li}");
        }
    }
}

#[test]
fn autosave_within_250_ms_and_on_phase_change() {
    let (mut app, clock, id) = new_app(Lang::Ja);
    board(&mut app, Board::Assessment);
    typ(&mut app, "近隣");
    assert!(
        notes_of(&app, id, NoteKind::CaseNess).is_empty(),
        "not yet saved"
    );
    let wait = app.ms_to_next_change();
    assert!(wait <= 100, "the loop wakes for the save within {wait} ms");
    clock.advance(TimeDelta::milliseconds(wait));
    app.update(Action::Tick);
    assert_eq!(notes_of(&app, id, NoteKind::CaseNess)[0].body, "近隣");
    typ(&mut app, "から苦情");
    // Starting the meeting (a phase change) saves at once.
    app.update(Action::StartPause);
    assert_eq!(
        notes_of(&app, id, NoteKind::CaseNess)[0].body,
        "近隣から苦情"
    );
    typ(&mut app, "あり");
    app.shutdown();
    assert_eq!(
        notes_of(&app, id, NoteKind::CaseNess)[0].body,
        "近隣から苦情あり"
    );
}

#[test]
fn delete_undo_reorder_and_paste() {
    let (mut app, clock, id) = new_app(Lang::Ja);
    board(&mut app, Board::Themes);
    for t in ["一つ目", "二つ目", "三つ目"] {
        typ(&mut app, t);
        app.update(Action::Enter);
    }
    flush(&mut app, &clock);
    // Enter on the empty draft does nothing; the draft is never stored.
    app.update(Action::Enter);
    assert_eq!(notes_of(&app, id, NoteKind::Theme).len(), 3);
    app.update(Action::Vertical(false)); // to 三つ目 (the empty draft goes away)
    app.update(Action::Vertical(false)); // to 二つ目
    app.update(Action::DeleteRow);
    let bodies = |app: &App| {
        notes_of(app, id, NoteKind::Theme)
            .into_iter()
            .map(|n| n.body)
            .collect::<Vec<_>>()
    };
    assert_eq!(bodies(&app), vec!["一つ目", "三つ目"]);
    app.update(Action::Undo);
    assert_eq!(bodies(&app), vec!["一つ目", "二つ目", "三つ目"]);
    app.update(Action::MoveRow(true));
    assert_eq!(bodies(&app), vec!["二つ目", "一つ目", "三つ目"]);
    app.update(Action::Undo);
    assert_eq!(bodies(&app), vec!["一つ目", "二つ目", "三つ目"]);

    // A pasted block is one edit: one undo removes it all; control characters never arrive.
    let focus_row = app.meeting().unwrap().session.focus.row;
    app.update(Action::Paste("貼り付け\u{1b}[2J\n二行目\u{7}".into()));
    flush(&mut app, &clock);
    let pasted = notes_of(&app, id, NoteKind::Theme)[focus_row].body.clone();
    assert_eq!(pasted, "二つ目貼り付け[2J\n二行目");
    app.update(Action::Undo);
    flush(&mut app, &clock);
    assert_eq!(
        notes_of(&app, id, NoteKind::Theme)[focus_row].body,
        "二つ目"
    );

    // An inserted card keeps its place between others.
    app.update(Action::Enter);
    typ(&mut app, "間に追加");
    flush(&mut app, &clock);
    assert_eq!(bodies(&app), vec!["一つ目", "二つ目", "間に追加", "三つ目"]);
}

#[test]
fn a_due_date_in_words_is_kept_resolved_and_flagged() {
    let (mut app, clock, id) = new_app(Lang::Ja);
    board(&mut app, Board::Actions);
    typ(&mut app, "電話する");
    for _ in 0..3 {
        app.update(Action::Tab(true));
    }
    // Words that name no day: stored as typed, flagged, and the rest of the row still saves.
    typ(&mut app, "来期");
    app.update(Action::Tab(false)); // -> person
    typ(&mut app, "森");
    flush(&mut app, &clock);
    let a = &cards::action_items(&app.conn(), id).unwrap()[0];
    assert_eq!((a.due_text.as_str(), a.due.as_deref()), ("来期", None));
    assert_eq!(a.owner_person, "森", "the row's other edits are saved");
    let shown = text(&render(&app, 100, 30));
    assert!(shown.contains("日付として読めません"), "{shown}");
    assert!(shown.contains("保存済み"), "{shown}");
    assert!(
        !shown.contains("not a date"),
        "no English in the Japanese screen"
    );
    // Spoken words are understood against the meeting date (2026-11-21), words kept.
    app.update(Action::Tab(true));
    for _ in 0..2 {
        app.update(Action::Backspace);
    }
    typ(&mut app, "２週間以内");
    flush(&mut app, &clock);
    let a = &cards::action_items(&app.conn(), id).unwrap()[0];
    assert_eq!(a.due.as_deref(), Some("2026-12-05"));
    assert_eq!(a.due_display(), "２週間以内（12月5日まで）");
    let shown = text(&render(&app, 100, 30));
    assert!(shown.contains("2026年12月5日（土）"), "{shown}");
}

#[test]
fn the_cursor_sits_at_the_text_cursor() {
    let (mut app, _clock, _) = new_app(Lang::Ja);
    board(&mut app, Board::Assessment);
    typ(&mut app, "ab家賃①");
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| ui::draw(f, &app)).unwrap();
    let pos = terminal.get_cursor_position().unwrap();
    let buf = terminal.backend().buffer().clone();
    // The cell before the cursor holds the last typed character.
    assert_eq!(buf[(pos.x - 1, pos.y)].symbol(), "①");
    app.update(Action::Caret(caseconf::app::action::Caret::Left));
    app.update(Action::Caret(caseconf::app::action::Caret::Left));
    terminal.draw(|f| ui::draw(f, &app)).unwrap();
    let pos2 = terminal.get_cursor_position().unwrap();
    assert_eq!(
        pos.x - pos2.x,
        3,
        "moving over 賃 (2 columns) and ① (1 column)"
    );
}

#[test]
fn board_snapshots() {
    let long = "本人は2008年に統合失調症と診断されたが、その後24年間治療を中断している。家賃を3か月滞納し、大家から退去を求められ、ガスも止まった。近隣から「夜中に大声がする」と苦情①②③■。";
    for lang in [Lang::Ja, Lang::En] {
        let (mut app, _clock, _) = new_app(lang);
        board(&mut app, Board::Assessment);
        typ(&mut app, long);
        app.update(Action::Tab(true));
        typ(&mut app, "大家・近隣住民 😀");
        app.update(Action::Tab(true));
        typ(&mut app, "統合失調症（疑い含む）");
        for (w, h) in [(80, 24), (160, 45)] {
            insta::assert_snapshot!(
                format!("assessment_{}_{w}x{h}", lang.code()),
                text(&render(&app, w, h))
            );
        }
        board(&mut app, Board::Participants);
        typ(&mut app, "佐藤");
        app.update(Action::Tab(true));
        typ(&mut app, "地域");
        for (w, h) in [(80, 24), (160, 45)] {
            insta::assert_snapshot!(
                format!("participants_{}_{w}x{h}", lang.code()),
                text(&render(&app, w, h))
            );
        }
        board(&mut app, Board::Survey);
        typ(&mut app, "19");
        app.update(Action::Enter);
        typ(&mut app, "11");
        for (w, h) in [(80, 24), (160, 45)] {
            insta::assert_snapshot!(
                format!("survey_{}_{w}x{h}", lang.code()),
                text(&render(&app, w, h))
            );
        }
        for b in [
            Board::Opening,
            Board::CaseProfile,
            Board::Timeline,
            Board::Qa,
            Board::Strengths,
            Board::Supporters,
            Board::AgencyRoles,
            Board::Actions,
            Board::Impressions,
            Board::Closing,
            Board::Introduction,
        ] {
            board(&mut app, b);
            typ(&mut app, "■支援の方向性①");
            for (w, h) in [(80, 24), (160, 45)] {
                insta::assert_snapshot!(
                    format!("{}_{}_{w}x{h}", b.key(), lang.code()),
                    text(&render(&app, w, h))
                );
            }
        }
    }
}

mod property {
    use super::*;
    use proptest::prelude::*;

    #[derive(Debug, Clone)]
    enum Edit {
        Type(String),
        Backspace,
        Newline,
        Paste(String),
        Undo,
        Left,
        Home,
        Save,
    }

    fn edit() -> impl Strategy<Value = Edit> {
        prop_oneof![
            4 => "[あ-んア-ン漢字a-z0-9①■😀 ]{1,6}".prop_map(Edit::Type),
            2 => Just(Edit::Backspace),
            1 => Just(Edit::Newline),
            1 => "[あ-ん\\n\\t\u{1b}a-z]{0,20}".prop_map(Edit::Paste),
            1 => Just(Edit::Undo),
            1 => Just(Edit::Left),
            1 => Just(Edit::Home),
            1 => Just(Edit::Save),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn stored_text_equals_text_on_screen(edits in proptest::collection::vec(edit(), 1..40)) {
            let (mut app, clock, id) = new_app(Lang::Ja);
            board(&mut app, Board::Assessment);
            for e in &edits {
                match e {
                    Edit::Type(s) => typ(&mut app, s),
                    Edit::Backspace => app.update(Action::Backspace),
                    Edit::Newline => app.update(Action::Newline),
                    Edit::Paste(s) => app.update(Action::Paste(s.clone())),
                    Edit::Undo => app.update(Action::Undo),
                    Edit::Left => app.update(Action::Caret(caseconf::app::action::Caret::Left)),
                    Edit::Home => app.update(Action::Caret(caseconf::app::action::Caret::Home)),
                    Edit::Save => flush(&mut app, &clock),
                }
            }
            let on_screen = app.meeting().unwrap().session.editor.lines().join("\n");
            app.shutdown();
            let stored = notes_of(&app, id, NoteKind::CaseNess).first().map(|n| n.body.clone()).unwrap_or_default();
            prop_assert_eq!(&stored, &on_screen);
            prop_assert!(!stored.chars().any(|c| c.is_control() && c != '\n'));
            // And a reopened app shows the same text.
            let reloaded = caseconf::board::load(&*app.conn(), id).unwrap();
            let row_text = reloaded.lists(Board::Assessment)[0].rows.first().map(|r| r.fields[0].clone()).unwrap_or_default();
            prop_assert_eq!(row_text, on_screen);
        }
    }
}

#[test]
fn reopening_returns_to_the_same_board_card_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("focus.db");
    let conn = store::open(&path).unwrap();
    let id = conferences::create(
        &conn,
        &store::NewConference {
            case_label: "A氏".into(),
            title: "再開".into(),
            date: NaiveDate::from_ymd_opt(2026, 11, 21).unwrap(),
            venue: String::new(),
            facilitator: String::new(),
            purpose: String::new(),
            lang: "ja".into(),
        },
        &config::agenda::default_agenda(),
    )
    .unwrap();
    let settings = || Settings {
        lang: Lang::Ja,
        theme: theme::default_theme(),
        no_color: false,
        tz: FixedOffset::east_opt(9 * 3600).unwrap(),
        config_dir: None,
    };
    let clock = Arc::new(FakeClock::new(t0()));
    let mut app = App::new(conn, clock.clone(), settings()).unwrap();
    app.open_conference(id).unwrap();
    board(&mut app, Board::Qa);
    typ(&mut app, "一つ目の質問");
    app.update(Action::Enter);
    typ(&mut app, "二つ目の質問");
    app.update(Action::Tab(true));
    typ(&mut app, "回答");
    let before = app.meeting().unwrap().session.focus;
    app.shutdown();
    drop(app);
    let mut again = App::new(store::open(&path).unwrap(), clock, settings()).unwrap();
    again.open_conference(id).unwrap();
    let after = again.meeting().unwrap().session.focus;
    assert_eq!(after, before);
    assert_eq!(after.board, Board::Qa);
    assert_eq!((after.row, after.field), (1, 1));
    assert_eq!(again.meeting().unwrap().session.editor.lines(), ["回答"]);
}
