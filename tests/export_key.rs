//! Exporting from inside the program: Ctrl+E, a format, optional redaction with the names
//! registered on the "names to redact" board; the path written is shown on screen.

#[path = "support/app.rs"]
mod support;

use caseconf::agenda::FakeClock;
use caseconf::app::{Action, App, Overlay};
use caseconf::config;
use caseconf::domain::Board;
use caseconf::i18n::Lang;
use caseconf::store::{self, cards, conferences};
use chrono::{NaiveDate, TimeDelta, TimeZone, Utc};
use std::sync::Arc;

#[test]
fn ctrl_e_writes_a_redacted_record_and_shows_where() {
    let dir = tempfile::tempdir().unwrap();
    let conn = store::open_memory().unwrap();
    let new = store::NewConference {
        case_label: "A氏".into(),
        title: "書き出し".into(),
        date: NaiveDate::from_ymd_opt(2026, 11, 21).unwrap(),
        venue: String::new(),
        facilitator: String::new(),
        purpose: String::new(),
        lang: "ja".into(),
    };
    let id = conferences::create(&conn, &new, &config::agenda::default_agenda()).unwrap();
    cards::add_participant(&conn, id, "佐藤花子", "保健所", "保健師", true).unwrap();
    let clock = Arc::new(FakeClock::new(
        Utc.with_ymd_and_hms(2026, 11, 21, 4, 30, 0).unwrap(),
    ));
    let settings = support::settings(Lang::Ja);
    let mut app = App::new(conn, clock.clone(), settings).unwrap();
    app.export_dir = Some(dir.path().to_path_buf());
    app.open_conference(id).unwrap();

    // A name to redact, registered on its board, and a note that mentions it.
    app.update(Action::OpenBoards);
    app.update(Action::BoardsTo(
        Board::ALL
            .iter()
            .position(|b| *b == Board::Redaction)
            .unwrap(),
    ));
    support::typ(&mut app, "山田太郎");
    app.update(Action::OpenBoards);
    app.update(Action::BoardsTo(
        Board::ALL
            .iter()
            .position(|b| *b == Board::Assessment)
            .unwrap(),
    ));
    support::typ(&mut app, "山田太郎さんの家賃滞納について佐藤花子が報告");
    // No wait for the autosave: exporting saves first.
    app.update(Action::OpenExport);
    assert!(matches!(app.overlay, Overlay::Export { .. }));
    assert!(support::screen(&app, 160, 45).contains("Word 文書"));
    app.update(Action::ExportToggleRedact);
    app.update(Action::ExportTo(2)); // Markdown
    let written = dir
        .path()
        .join(format!("caseconf-{id}-2026-11-21-redacted.md"));
    // A redacted export first shows the review; nothing is written until it is confirmed.
    assert!(matches!(app.overlay, Overlay::Review { .. }));
    assert!(
        !written.exists(),
        "nothing written before the review is confirmed"
    );
    let review = support::screen(&app, 160, 45);
    assert!(review.contains("匿名化の確認"), "{review}");
    assert!(
        review.contains("山田太郎"),
        "the replacements are listed\n{review}"
    );
    // Esc goes back without writing; the export again, then Enter writes.
    app.update(Action::CloseOverlay);
    assert!(!written.exists());
    app.update(Action::OpenExport);
    app.update(Action::ExportToggleRedact);
    app.update(Action::ExportTo(2));
    app.update(Action::ConfirmReview);
    let text = std::fs::read_to_string(&written).expect("the file is written");
    assert!(text.contains("家賃滞納"), "the note is in the record");
    assert!(
        !text.contains("山田太郎") && !text.contains("佐藤花子"),
        "{text}"
    );
    assert!(caseconf::platform::is_private(&written).unwrap(), "private");
    let shown = support::screen(&app, 160, 45);
    assert!(
        shown.contains("書き出しました") && shown.contains("redacted.md"),
        "{shown}"
    );
    clock.advance(TimeDelta::seconds(1));

    // Unredacted Word, by number.
    app.update(Action::OpenExport);
    app.update(Action::ExportTo(0));
    let docx = dir.path().join(format!("caseconf-{id}-2026-11-21.docx"));
    assert!(
        std::fs::read(&docx).unwrap().starts_with(b"PK"),
        "a zip (docx) file"
    );
}
