//! Golden files of every text export of a realistic Japanese conference (and a small English
//! one): Markdown, HTML, CSV (actions and notes) and JSON. The conferences are built through
//! the store API with fixed clock times, so the exports are the same on every machine.

#[path = "export_fixture/mod.rs"]
mod fixture;

use caseconf::export::{self, CsvTable, Format, Options};
use caseconf::store;

fn text(conn: &rusqlite::Connection, id: i64, format: Format, options: &Options) -> String {
    String::from_utf8(export::export(conn, id, format, options).unwrap()).unwrap()
}

/// CSV with its invisible parts made visible, so the golden file shows them.
fn visible(csv: &str) -> String {
    csv.replace('\u{feff}', "<BOM>").replace("\r\n", "⏎\n")
}

#[test]
fn markdown_ja() {
    let conn = store::open_memory().unwrap();
    let id = fixture::realistic(&conn);
    insta::assert_snapshot!(text(&conn, id, Format::Markdown, &Options::default()));
}

#[test]
fn html_ja() {
    let conn = store::open_memory().unwrap();
    let id = fixture::realistic(&conn);
    insta::assert_snapshot!(text(&conn, id, Format::Html, &Options::default()));
}

#[test]
fn csv_actions_ja() {
    let conn = store::open_memory().unwrap();
    let id = fixture::realistic(&conn);
    insta::assert_snapshot!(visible(&text(&conn, id, Format::Csv, &Options::default())));
}

#[test]
fn csv_notes_ja() {
    let conn = store::open_memory().unwrap();
    let id = fixture::realistic(&conn);
    let options = Options {
        table: CsvTable::Notes,
        ..Options::default()
    };
    insta::assert_snapshot!(visible(&text(&conn, id, Format::Csv, &options)));
}

#[test]
fn json_ja() {
    let conn = store::open_memory().unwrap();
    let id = fixture::realistic(&conn);
    insta::assert_snapshot!(text(&conn, id, Format::Json, &Options::default()));
}

#[test]
fn markdown_ja_redacted() {
    let conn = store::open_memory().unwrap();
    let id = fixture::realistic(&conn);
    let options = Options {
        redact: true,
        ..Options::default()
    };
    insta::assert_snapshot!(text(&conn, id, Format::Markdown, &options));
}

#[test]
fn markdown_en() {
    let conn = store::open_memory().unwrap();
    let id = fixture::english(&conn);
    insta::assert_snapshot!(text(&conn, id, Format::Markdown, &Options::default()));
}

#[test]
fn exports_are_deterministic() {
    let a = store::open_memory().unwrap();
    let b = store::open_memory().unwrap();
    // A second database where the conference gets another id and other rows exist before it.
    fixture::english(&b);
    let ia = fixture::realistic(&a);
    let ib = fixture::realistic(&b);
    assert_ne!(ia, ib);
    for format in Format::ALL {
        for redact in [false, true] {
            let options = Options {
                redact,
                ..Options::default()
            };
            let x = export::export(&a, ia, format, &options).unwrap();
            let y = export::export(&b, ib, format, &options).unwrap();
            assert!(
                x == y,
                "{format:?} (redact {redact}) differs between databases"
            );
            let again = export::export(&a, ia, format, &options).unwrap();
            assert!(
                x == again,
                "{format:?} (redact {redact}) differs between runs"
            );
        }
    }
}
