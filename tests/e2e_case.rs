//! End-to-end, the case over time: three conferences of one case through the real binary in
//! tmux. The first closes on a plan read back to the room; the second starts with its open
//! actions on the review board (reviewed as 完了 / 継続), its roster not yet present and the
//! duty of confidentiality confirmed; the third carries only what is still open, as the same
//! actions. The case view, the case summary (plain and redacted), every export and a second
//! import are checked; a name registered on the third conference's names-to-redact board is
//! redacted in the first; a fourth conference is created from the dialog as a 重層的支援会議.

// Files, modes, FIFOs and the real binary in tmux: Unix only (Windows runs the store,
// export and CLI tests under Wine).
#![cfg(unix)]

#[path = "support/tmux.rs"]
mod tmux;

use caseconf::store::cards::{self, Outcome};
use caseconf::store::conferences;
use tmux::{Sandbox, TIMEOUT, Tmux, framed, meeting_drawn, ok};

fn jump(tm: &Tmux, phase: &str, shown: &str) {
    tm.send_keys(&["F2"]);
    ok(tm.wait_for_text("移動先のフェーズ"));
    tm.send_keys(&[phase]);
    ok(tm.wait_for(
        |s| s.contains(shown) && !s.contains("移動先のフェーズ"),
        TIMEOUT,
    ));
}

fn out(o: &std::process::Output) -> String {
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn three_conferences_of_one_case_carry_review_and_close_on_a_plan() {
    let sb = Sandbox::new();

    // ---- The first conference: two actions, a direction, a roster; the plan read back.
    let one = sb.new_conference("A氏", "第1回 個別ケース検討", "2026-09-01");
    let tm = sb.open_meeting(one, tmux::Options::default().size(100, 30));
    tm.send_keys(&["F5"]);
    tm.to_board("2", "参加者");
    tm.type_text("高橋 健一");
    tm.send_keys(&["Tab"]);
    tm.type_text("保健所");
    tm.saved();
    tm.to_board("c", "支援の方向性");
    tm.type_text("まず受診につなげる");
    tm.saved();
    jump(&tm, "7", "7/9");
    tm.to_board("d", "アクション");
    tm.type_text("同行訪問を調整する");
    for (field, text) in [(1, "保健所"), (2, "高橋"), (3, "9月15日"), (4, "次回")] {
        let _ = field;
        tm.send_keys(&["Tab"]);
        tm.type_text(text);
    }
    tm.send_keys(&["Enter"]);
    tm.type_text("受診に同行する");
    tm.saved();

    // Leaving まとめ: the plan, with what is not decided marked.
    tm.send_keys(&["F8"]);
    let s = ok(tm.wait_for(
        |s| {
            s.contains("支援計画の読み上げ確認")
                && s.contains("受診に同行する")
                && s.contains("［未定］")
        },
        TIMEOUT,
    ));
    assert!(
        s.contains("同行訪問を調整する") && s.contains("受診に同行する"),
        "{}",
        framed(&s)
    );
    assert!(s.contains("［未定］"), "{}", framed(&s));
    assert!(s.contains("7/9") || !s.contains("8/9"));
    // Back to fix it: still まとめ, on the actions.
    tm.send_keys(&["Escape"]);
    let s = ok(tm.wait_for(|s| !s.contains("支援計画の読み上げ確認"), TIMEOUT));
    assert!(s.contains("7/9"), "{}", framed(&s));
    // The keyboard is on the first thing to decide: the second action's owner agency.
    tm.type_text("保健所");
    tm.send_keys(&["Tab"]);
    tm.type_text("森");
    tm.send_keys(&["Tab"]);
    tm.type_text("9月20日");
    tm.saved();
    // Confirmed: on to 感想.
    tm.send_keys(&["F8"]);
    ok(tm.wait_for_text("支援計画の読み上げ確認"));
    tm.send_keys(&["Enter"]);
    ok(tm.wait_for(
        |s| s.contains("8/9") && !s.contains("読み上げ確認"),
        TIMEOUT,
    ));
    // Finishing at 閉会 reads it back as well.
    jump(&tm, "9", "9/9");
    tm.send_keys(&["F8"]);
    ok(tm.wait_for_text("支援計画の読み上げ確認"));
    tm.send_keys(&["F8"]);
    ok(tm.wait_for(
        |s| s.contains("終了") && !s.contains("読み上げ確認"),
        TIMEOUT,
    ));
    tm.quit_ok();
    let first = cards::action_items(&sb.connect(), one).unwrap();
    assert_eq!(first.len(), 2);
    assert_eq!(first[0].review_text, "次回");
    assert_eq!(first[1].owner_person, "森");

    // ---- The second conference, a 支援会議: the review board, the roster, confidentiality.
    let o = out(&sb.caseconf(&[
        "new",
        "--case",
        "A氏",
        "--title",
        "第2回 支援会議",
        "--date",
        "2026-10-01",
        "--type",
        "支援会議",
    ]));
    assert!(o.contains("2 open action(s)"), "{o}");
    let two: i64 = o
        .split_once('#')
        .and_then(|(_, r)| r.split_whitespace().next()?.parse().ok())
        .unwrap();
    let tm = sb.open_meeting(two, tmux::Options::default().size(100, 30));
    tm.send_keys(&["F5"]);
    jump(&tm, "4", "前回からの確認");
    // Table cells are cut to the column's width at 100 columns: the start of each is enough.
    let s = ok(tm.wait_for(
        |s| s.contains("同行訪問を調整") && s.contains("受診に同行") && s.contains("未確"),
        TIMEOUT,
    ));
    assert!(
        s.contains("受診に同行") && s.contains("未確"),
        "{}",
        framed(&s)
    );
    // First action: 完了 with a note; second: 継続.
    tm.send_keys(&["Space"]);
    tm.send_keys(&["Tab"]);
    tm.type_text("9月18日に訪問できた");
    tm.saved();
    tm.send_keys(&["Down"]);
    tm.send_keys(&["BTab"]);
    tm.send_keys(&["Space", "Space"]);
    let s = ok(tm.wait_for(|s| s.contains("継続") && s.contains("完了"), TIMEOUT));
    assert!(s.contains("完了"), "{}", framed(&s));
    tm.saved();
    // The roster came along, nobody present yet; confirm confidentiality for 高橋.
    tm.to_board("2", "参加者");
    let s = ok(tm.wait_for(|s| s.contains("高橋 健一") && s.contains("欠席"), TIMEOUT));
    assert!(s.contains("欠席"), "{}", framed(&s));
    tm.send_keys(&["Up"]);
    for _ in 0..4 {
        tm.send_keys(&["Tab"]);
    }
    tm.send_keys(&["Space"]);
    ok(tm.wait_for_text("確認済"));
    tm.saved();
    tm.quit_ok();
    let conn = sb.connect();
    let reviewed: Vec<_> = cards::action_items(&conn, two)
        .unwrap()
        .into_iter()
        .filter(|a| a.carried)
        .collect();
    assert_eq!(
        reviewed.iter().map(|a| a.outcome).collect::<Vec<_>>(),
        [Outcome::Done, Outcome::Continued]
    );
    assert_eq!(reviewed[0].outcome_note, "9月18日に訪問できた");
    assert_eq!(reviewed[0].uid, first[0].uid);
    let roster = cards::participants(&conn, two).unwrap();
    assert!(!roster[0].confirmed_at.is_empty());
    assert_eq!(
        conferences::get(&conn, two).unwrap().meeting_type,
        "支援会議"
    );

    // Every export of the second conference shows the review and the kind of meeting.
    for fmt in ["md", "html", "csv", "json"] {
        let path = sb.path().join(format!("two.{fmt}"));
        out(&sb.caseconf(&[
            "export",
            &two.to_string(),
            "--format",
            fmt,
            "-o",
            path.to_str().unwrap(),
        ]));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("9月18日に訪問できた"), "{fmt}");
        assert!(
            text.contains(&first[0].uid) || fmt == "md" || fmt == "html",
            "{fmt}"
        );
        if fmt == "md" || fmt == "html" {
            assert!(
                text.contains("前回からの確認") && text.contains("継続"),
                "{fmt}"
            );
            assert!(text.contains("社会福祉法第106条の6"), "{fmt}");
            assert!(text.contains("守秘義務の確認"), "{fmt}");
        }
    }

    // ---- The third conference: only the continued action, the same action again.
    let three = sb.new_conference("A氏", "第3回 支援会議", "2026-11-05");
    let third: Vec<_> = cards::action_items(&sb.connect(), three)
        .unwrap()
        .into_iter()
        .filter(|a| a.carried)
        .collect();
    assert_eq!(third.len(), 1);
    assert_eq!(third[0].what, "受診に同行する");
    assert_eq!(third[0].uid, first[1].uid);

    // The case view: conferences in order, the open action, overdue.
    let o = out(&sb.caseconf(&["case", "A氏"]));
    let (a, b, c) = (
        o.find("第1回").unwrap(),
        o.find("第2回").unwrap(),
        o.find("第3回").unwrap(),
    );
    assert!(a < b && b < c, "{o}");
    assert!(
        o.contains("受診に同行する") && o.contains("期限超過"),
        "{o}"
    );
    assert!(
        !o.contains("同行訪問を調整する"),
        "a done action is not open: {o}"
    );

    // The case summary: each action's history across the conferences.
    let summary = sb.path().join("summary.md");
    out(&sb.caseconf(&[
        "export",
        "--case",
        "A氏",
        "--format",
        "md",
        "-o",
        summary.to_str().unwrap(),
    ]));
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(text.contains("事例の経過まとめ") && text.contains("アクションの経過"));
    assert!(text.contains("9月18日に訪問できた") && text.contains("継続"));

    // `-o -` writes the summary to standard output.
    let piped = out(&sb.caseconf(&["export", "--case", "A氏", "--format", "md", "-o", "-"]));
    assert!(piped.contains("アクションの経過") && piped.contains("9月18日に訪問できた"));

    // A name registered on the names-to-redact board of the third conference is the case's:
    // the first conference's redacted record and the redacted case summary hide it too.
    let plain = out(&sb.caseconf(&["export", "1", "--format", "md", "-o", "-"]));
    assert!(plain.contains("森"), "{plain}");
    let tm = sb.open_meeting(three, tmux::Options::default().size(100, 30));
    tm.to_board("h", "匿名化する名前");
    tm.type_text("森");
    tm.saved();
    tm.quit_ok();
    let names = caseconf::store::case_names::of_conference(&sb.connect(), one).unwrap();
    assert_eq!(names.len(), 1);
    assert_eq!(names[0].body, "森");
    let redacted = out(&sb.caseconf(&["export", "1", "--redact", "--format", "md", "-o", "-"]));
    assert!(
        !redacted.contains("森") && !redacted.contains("高橋"),
        "{redacted}"
    );
    let summary = sb.path().join("redacted.md");
    let o = out(&sb.caseconf(&[
        "export",
        "--case",
        "A氏",
        "--redact",
        "--format",
        "md",
        "-o",
        summary.to_str().unwrap(),
    ]));
    assert!(o.contains("redacted.md"), "{o}");
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(text.contains("アクションの経過") && text.contains("9月18日に訪問できた"));
    assert!(!text.contains("森") && !text.contains("高橋"), "{text}");
    assert!(text.contains("保健所職員1"), "{text}");

    // Importing the second conference's record again: still one conference.
    let o = out(&sb.caseconf(&["import", sb.path().join("two.json").to_str().unwrap()]));
    assert!(o.contains("imported before and unchanged"), "{o}");
    let list = out(&sb.caseconf(&["list"]));
    assert_eq!(list.lines().count(), 3, "{list}");

    // The picker's case view (C).
    let tm = sb.spawn_with(&[], tmux::Options::default().size(100, 30));
    ok(tm.wait_for_text("第3回"));
    tm.send_keys(&["c"]);
    let s = ok(tm.wait_for(
        |s| s.contains("未完了のアクション") && s.contains("期限超過"),
        TIMEOUT,
    ));
    assert!(s.contains("事例の経過: A氏"), "{}", framed(&s));
    assert!(
        s.contains("受診に同行する") && s.contains("期限超過"),
        "{}",
        framed(&s)
    );
    tm.send_keys(&["Escape"]);
    ok(tm.wait_for(|s| !s.contains("未完了のアクション"), TIMEOUT));

    // ---- A fourth conference from the dialog: the kind of meeting chosen with → , the
    // person's consent and its date asked for a 重層的支援会議, Japanese typed throughout.
    tm.send_keys(&["n"]);
    ok(tm.wait_for_text("新しい事例検討会"));
    tm.type_text("A氏");
    tm.send_keys(&["Tab"]);
    tm.type_text("第4回 重層的支援会議");
    for _ in 0..5 {
        tm.send_keys(&["Tab"]);
    }
    let s = ok(tm.wait_for_text("個別ケース検討会議"));
    assert!(
        !s.contains("同意日"),
        "consent is asked only for its kind: {}",
        framed(&s)
    );
    tm.send_keys(&["Right", "Right", "Right"]);
    let s = ok(tm.wait_for_text("同意日"));
    assert!(s.contains("本人同意"), "{}", framed(&s));
    tm.send_keys(&["Tab", "Right", "Tab"]);
    tm.type_text("令和8年12月1日");
    ok(tm.wait_for_text("令和8年12月1日"));
    tm.send_keys(&["Enter"]);
    // The meeting screen of the new conference (its clock strip shows phase 1 of 9).
    let s = ok(tm.wait_for(
        |s| meeting_drawn(s) && !s.contains("新しい事例検討会") && s.contains("1/9"),
        TIMEOUT,
    ));
    assert!(s.contains("第4回"), "{}", framed(&s));
    tm.quit_ok();
    let conn = sb.connect();
    let four = conn
        .query_row(
            "SELECT id FROM conferences WHERE title = '第4回 重層的支援会議'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .unwrap();
    let c = conferences::get(&conn, four).unwrap();
    assert_eq!(
        (
            c.meeting_type.as_str(),
            c.consent.as_str(),
            c.consent_date.as_str()
        ),
        ("重層的支援会議", "はい", "令和8年12月1日")
    );
}

#[test]
fn a_database_of_the_previous_schema_keeps_working_through_the_binary() {
    let sb = Sandbox::new();
    {
        // A database as the previous release left it (schema version 2), with a meeting in it.
        let c = sb.connect();
        c.execute_batch(caseconf::store::migrations::MIGRATIONS[0])
            .unwrap();
        c.execute_batch(caseconf::store::migrations::MIGRATIONS[1])
            .unwrap();
        c.pragma_update(None, "user_version", 2).unwrap();
        c.execute_batch(
            "INSERT INTO cases (label) VALUES ('B氏');
             INSERT INTO conferences (case_id, title, date, agenda_id) VALUES (1, '第1回 旧版で記録', '2026-08-01', 'standard-120');
             INSERT INTO participants (conference_id, name, agency) VALUES (1, '森 花子', '保健所');
             INSERT INTO action_items (conference_id, what, owner_agency, due, due_text) VALUES (1, '家族に連絡する', '保健所', '2026-08-20', '8月20日');",
        )
        .unwrap();
    }
    let list = out(&sb.caseconf(&["list"]));
    assert!(list.contains("第1回 旧版で記録"), "{list}");
    let o = out(&sb.caseconf(&[
        "new",
        "--case",
        "B氏",
        "--title",
        "第2回",
        "--date",
        "2026-09-01",
    ]));
    assert!(o.contains("1 open action(s)"), "{o}");
    let json = sb.path().join("old.json");
    out(&sb.caseconf(&[
        "export",
        "1",
        "--format",
        "json",
        "-o",
        json.to_str().unwrap(),
    ]));
    let text = std::fs::read_to_string(&json).unwrap();
    assert!(text.contains("\"format_version\": 2") && text.contains("家族に連絡する"));
    let o = out(&sb.caseconf(&["case", "B氏"]));
    assert!(
        o.contains("家族に連絡する") && o.contains("期限超過"),
        "{o}"
    );
    // The old meeting opens full-screen as before.
    let tm = sb.open_meeting(1, tmux::Options::default().size(100, 30));
    let s = ok(tm.wait_for_text("第1回 旧版で記録"));
    assert!(s.contains("開会"), "{}", framed(&s));
    tm.quit_ok();
    let unknown = sb.caseconf(&["case", "C氏"]);
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no case labelled"));
}
