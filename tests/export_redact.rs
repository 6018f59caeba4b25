//! Redaction: no participant's name and no registered name survives in any format, and every
//! name gets the same label everywhere.

#[path = "export_fixture/mod.rs"]
mod fixture;

use caseconf::export::{self, CsvTable, Format, Options, Snapshot};
use caseconf::store;
use std::io::Read;

/// Every format's text (the Word document's XML for docx).
fn all_formats(conn: &rusqlite::Connection, id: i64) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for format in Format::ALL {
        for table in [CsvTable::Actions, CsvTable::Notes] {
            if table == CsvTable::Notes && format != Format::Csv {
                continue;
            }
            let options = Options {
                redact: true,
                table,
            };
            let bytes = export::export(conn, id, format, &options).unwrap();
            let text = if format == Format::Docx {
                let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
                let mut xml = String::new();
                for name in ["word/document.xml", "docProps/core.xml", "docProps/app.xml"] {
                    zip.by_name(name).unwrap().read_to_string(&mut xml).unwrap();
                }
                xml
            } else {
                String::from_utf8(bytes).unwrap()
            };
            out.push((format!("{format:?}/{table:?}"), text));
        }
    }
    out
}

/// A name and the spellings it could appear in.
fn spellings(name: &str) -> Vec<String> {
    let squeezed: String = name.split_whitespace().collect();
    vec![name.to_string(), squeezed]
}

#[test]
fn no_name_survives_in_any_format() {
    let conn = store::open_memory().unwrap();
    let id = fixture::realistic(&conn);
    let mut names: Vec<String> = Vec::new();
    for (name, ..) in fixture::PARTICIPANTS {
        names.extend(spellings(name));
        // Family names alone (「伊藤さん」) are replaced too.
        names.push(name.split_whitespace().next().unwrap().to_string());
    }
    for (name, _) in fixture::REGISTERED {
        names.extend(spellings(name));
    }
    // The unredacted record does contain them (so the check below means something).
    let plain = String::from_utf8(
        export::export(&conn, id, Format::Markdown, &Options::default()).unwrap(),
    )
    .unwrap();
    for name in ["佐藤 花子", "伊藤", "加藤", "鈴木 幸子", "松本不動産"] {
        assert!(plain.contains(name), "the fixture mentions {name}");
    }
    for (format, text) in all_formats(&conn, id) {
        for name in &names {
            assert!(!text.contains(name.as_str()), "{name} survives in {format}");
        }
    }
}

#[test]
fn labels_are_stable_across_formats() {
    let conn = store::open_memory().unwrap();
    let id = fixture::realistic(&conn);
    let snapshot = Snapshot::load(&conn, id).unwrap();
    let map = export::redaction_map(&snapshot);
    assert_eq!(map.label_for("佐藤 花子"), Some("保健所職員1"));
    assert_eq!(map.label_for("佐藤花子"), Some("保健所職員1"));
    assert_eq!(map.label_for("佐藤"), Some("保健所職員1"));
    assert_eq!(map.label_for("高橋 健一"), Some("保健所職員2"));
    assert_eq!(
        map.label_for("伊藤 由美"),
        Some("地域包括支援センター職員1")
    );
    // Registered names: a label given in the note, else letters skipping the case's A.
    assert_eq!(map.label_for("鈴木 一郎"), Some("A氏"));
    assert_eq!(map.label_for("鈴木 幸子"), Some("B氏"));
    assert_eq!(map.label_for("松本不動産"), Some("C氏"));

    for (format, text) in all_formats(&conn, id) {
        if format == "Csv/Actions" {
            // Owners of the action items.
            assert!(text.contains("保健所職員2"), "{format}");
            assert!(text.contains("家主（C氏）"), "{format}");
            continue;
        }
        for label in ["保健所職員1", "地域包括支援センター職員1", "B氏"] {
            if format == "Csv/Notes" && label == "保健所職員1" {
                continue; // the facilitator appears in no note
            }
            assert!(text.contains(label), "{label} missing in {format}");
        }
    }
}

#[test]
fn english_labels() {
    let conn = store::open_memory().unwrap();
    let id = fixture::english(&conn);
    let options = Options {
        redact: true,
        ..Options::default()
    };
    let md =
        String::from_utf8(export::export(&conn, id, Format::Markdown, &options).unwrap()).unwrap();
    for name in ["Jane Smith", "Tom Brown", "Mary Jones"] {
        assert!(!md.contains(name), "{name} survives");
    }
    assert!(md.contains("Public health centre staff 1"), "{md}");
    assert!(md.contains("Council of social welfare staff 1"));
    // The case is "Mr B", so the first other person is A.
    assert!(md.contains("Person A, the neighbour"));
}

#[test]
fn a_name_inside_a_longer_name_is_not_split() {
    let map = export::RedactionMap::new([
        ("佐藤".to_string(), "B氏".to_string()),
        ("佐藤花子".to_string(), "保健所職員1".to_string()),
    ]);
    assert_eq!(map.apply("佐藤花子と佐藤"), "保健所職員1とB氏");
}
