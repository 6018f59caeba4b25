//! Text that looks like markup stays text: HTML injection, Markdown pipes and line breaks,
//! CSV quotes, commas and line breaks (RFC 4180, CRLF, BOM), and XML in the Word document.

use caseconf::config;
use caseconf::export::{self, CsvTable, Format, Options};
use caseconf::store::{self, NewConference, NoteKind, cards, conferences};
use chrono::NaiveDate;
use std::io::Read;

const SCRIPT: &str = "<script>alert(\"x\")</script>";
const PIPES: &str = "a|b\nc";
const QUOTED: &str = "say \"hi\", then\r\nleave";

fn evil() -> (rusqlite::Connection, i64) {
    let conn = store::open_memory().unwrap();
    let id = conferences::create(
        &conn,
        &NewConference {
            case_label: "A氏".into(),
            title: format!("事例検討会 {SCRIPT}"),
            date: NaiveDate::from_ymd_opt(2026, 11, 21).unwrap(),
            venue: "<b>会場</b> & 'x'".into(),
            facilitator: String::new(),
            purpose: PIPES.into(),
            lang: "ja".into(),
        },
        &config::agenda::builtin("standard-120").unwrap(),
    )
    .unwrap();
    cards::add_note(&conn, id, NoteKind::CaseNess, SCRIPT, PIPES).unwrap();
    cards::add_note(&conn, id, NoteKind::Theme, "- not a list | not a cell", "").unwrap();
    cards::add_note(&conn, id, NoteKind::Direction, "# not a heading", "").unwrap();
    cards::add_action_item(&conn, id, QUOTED, "保健所", "=HYPERLINK(\"x\")", None).unwrap();
    (conn, id)
}

fn text(conn: &rusqlite::Connection, id: i64, format: Format, options: &Options) -> String {
    String::from_utf8(export::export(conn, id, format, options).unwrap()).unwrap()
}

#[test]
fn html_escapes_everything() {
    let (conn, id) = evil();
    let html = text(&conn, id, Format::Html, &Options::default());
    assert!(!html.contains("<script"), "no script element");
    assert!(!html.contains("<b>"));
    assert!(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
    assert!(html.contains("<title>事例検討会 &lt;script&gt;"));
    assert!(html.contains("&lt;b&gt;会場&lt;/b&gt; &amp; &#39;x&#39;"));
    assert!(html.contains("a|b<br>c"), "line breaks become <br>");
    // Self-contained: no external resource of any kind.
    for needle in ["http://", "https://", "src=", "<link", "@import", "url("] {
        let outside_svg_ns = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assert!(!outside_svg_ns.contains(needle), "{needle}");
    }
    assert!(html.contains("@media print"));
    assert!(html.contains("size: A4"));
    assert!(html.contains("Content-Security-Policy"));
}

#[test]
fn markdown_escapes_pipes_newlines_and_markup() {
    let (conn, id) = evil();
    let md = text(&conn, id, Format::Markdown, &Options::default());
    assert!(!md.replace("\\<", "").contains("<script"), "only escaped");
    assert!(md.contains("\\<script\\>"));
    // In the assessment table the pipe cannot end the cell and the newline stays in the row.
    let row = md
        .lines()
        .find(|l| l.starts_with("| ") && l.contains("\\<script\\>"))
        .expect("the case-ness row");
    assert!(row.starts_with('|') && row.ends_with('|'));
    assert!(row.contains("a\\|b<br>c"), "{row}");
    assert_eq!(row.matches(" | ").count(), 3, "four cells: {row}");
    assert!(md.contains("- \\- not a list \\| not a cell"));
    assert!(md.contains("- \\# not a heading"));
    assert!(md.contains("**目的**: a\\|b<br>c"));
}

#[test]
fn csv_follows_rfc_4180() {
    let (conn, id) = evil();
    let csv = text(&conn, id, Format::Csv, &Options::default());
    assert!(csv.starts_with('\u{feff}'), "UTF-8 with BOM");
    assert!(csv.ends_with("\r\n"));
    // Records end with CRLF; the only other line break is inside the quoted field.
    let body = csv.trim_start_matches('\u{feff}');
    let uid = &caseconf::store::cards::action_items(&conn, id).unwrap()[0].uid;
    assert_eq!(
        body,
        format!(
            "No.,内容,担当機関,担当者,期限,状況,確認日,前回からの確認,確認,確認メモ,uid\r\n\
             1,\"say \"\"hi\"\", then\r\nleave\",保健所,\"'=HYPERLINK(\"\"x\"\")\",,未完了,,,,,{uid}\r\n"
        )
    );
    let notes = text(
        &conn,
        id,
        Format::Csv,
        &Options {
            table: CsvTable::Notes,
            ..Options::default()
        },
    );
    assert!(
        notes.contains("\"a|b\nc\""),
        "a label with a line break is quoted"
    );
    assert!(notes.contains("\"<script>alert(\"\"x\"\")</script>\""));
    let records = notes.matches("\r\n").count();
    assert_eq!(records, 4, "header and three notes");
}

#[test]
fn word_escapes_xml() {
    let (conn, id) = evil();
    let bytes = export::export(&conn, id, Format::Docx, &Options::default()).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    assert!(!xml.contains("<script"));
    assert!(xml.contains("&lt;script&gt;"));
}

#[test]
fn json_keeps_the_text_exactly() {
    let (conn, id) = evil();
    let json = text(&conn, id, Format::Json, &Options::default());
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["action_items"][0]["what"], QUOTED);
    assert_eq!(value["notes"][0]["body"], SCRIPT);
    assert_eq!(value["notes"][0]["label"], PIPES);
}
