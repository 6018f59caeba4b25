//! Exporting from inside the program: Ctrl+E, a format, optional redaction with the names
//! registered on the "names to redact" board; the path written is shown on screen.

use caseconf::agenda::{self, Board, FakeClock};
use caseconf::app::{Action, App, Overlay, Settings};
use caseconf::i18n::Lang;
use caseconf::store::{self, cards, conferences};
use caseconf::{theme, ui};
use chrono::{FixedOffset, NaiveDate, TimeDelta, TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::os::unix::fs::PermissionsExt;
use std::sync::Arc;

fn typ(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Action::Type(c));
    }
}

fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(160, 45)).unwrap();
    terminal.draw(|f| ui::draw(f, app)).unwrap();
    let buf = terminal.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            out.push_str(sym);
            skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
        }
        out.push('\n');
    }
    out
}

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
    let id = conferences::create(&conn, &new, &agenda::default_agenda()).unwrap();
    cards::add_participant(&conn, id, "佐藤花子", "保健所", "保健師", true).unwrap();
    let clock = Arc::new(FakeClock::new(
        Utc.with_ymd_and_hms(2026, 11, 21, 4, 30, 0).unwrap(),
    ));
    let settings = Settings {
        lang: Lang::Ja,
        theme: theme::default_theme(),
        no_color: false,
        tz: FixedOffset::east_opt(9 * 3600).unwrap(),
        config_dir: None,
    };
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
    typ(&mut app, "山田太郎");
    app.update(Action::OpenBoards);
    app.update(Action::BoardsTo(
        Board::ALL
            .iter()
            .position(|b| *b == Board::Assessment)
            .unwrap(),
    ));
    typ(&mut app, "山田太郎さんの家賃滞納について佐藤花子が報告");
    // No wait for the autosave: exporting saves first.
    app.update(Action::OpenExport);
    assert!(matches!(app.overlay, Overlay::Export { .. }));
    assert!(screen(&app).contains("Word 文書"));
    app.update(Action::ExportToggleRedact);
    app.update(Action::ExportTo(2)); // Markdown
    let written = dir
        .path()
        .join(format!("caseconf-{id}-2026-11-21-redacted.md"));
    let text = std::fs::read_to_string(&written).expect("the file is written");
    assert!(text.contains("家賃滞納"), "the note is in the record");
    assert!(
        !text.contains("山田太郎") && !text.contains("佐藤花子"),
        "{text}"
    );
    assert_eq!(
        std::fs::metadata(&written).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let shown = screen(&app);
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
