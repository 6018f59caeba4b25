//! Redaction: no participant's name (full, surname or given name alone), no registered name
//! and no phone number, address, birth date, My Number or e-mail typed in any note survives in
//! any format (inside the Word XML too); words that merely contain a surname's character are
//! left alone; every name gets the same label everywhere; the review lists what is left.

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
                ..Options::default()
            };
            let bytes = export::export(conn, id, format, &options).unwrap();
            let text = if format == Format::Docx {
                let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
                // Every XML part: the body, the page headers and footers, the properties.
                let mut xml = String::new();
                for i in 0..zip.len() {
                    let mut file = zip.by_index(i).unwrap();
                    if file.name().ends_with(".xml") || file.name().ends_with(".rels") {
                        file.read_to_string(&mut xml).unwrap();
                    }
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
    assert_eq!(map.label_for("花子"), Some("保健所職員1"));
    assert_eq!(map.label_for("加藤 和子"), Some("民生委員1"));
    assert_eq!(map.label_for("小林 修"), Some("地域サポート医1"));
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
    // A name alone, as English text writes it.
    for name in ["Smith", "Brown", "Jones"] {
        assert!(!md.contains(name), "{name} survives");
    }
}

#[test]
fn a_name_inside_a_longer_name_is_not_split() {
    let map = export::RedactionMap::new([
        ("佐藤".to_string(), "B氏".to_string()),
        ("佐藤花子".to_string(), "保健所職員1".to_string()),
    ]);
    assert_eq!(map.apply("佐藤花子と佐藤"), "保健所職員1とB氏");
}

/// Every format of the identifying conference, redacted.
fn identifying_formats() -> Vec<(String, String)> {
    let conn = store::open_memory().unwrap();
    let id = fixture::identifying(&conn);
    all_formats(&conn, id)
}

#[test]
fn names_parts_and_typed_details_never_survive() {
    let conn = store::open_memory().unwrap();
    let id = fixture::identifying(&conn);
    // Unredacted, they are all there.
    let plain = String::from_utf8(
        export::export(&conn, id, Format::Markdown, &Options::default()).unwrap(),
    )
    .unwrap();
    for secret in [
        "048-523-2811",
        "（精神保健福祉センター 森）",
        "美咲さん",
        "昭和57年4月3日",
    ] {
        assert!(plain.contains(secret), "the fixture has {secret}");
    }
    for (format, text) in identifying_formats() {
        for secret in fixture::ID_SECRETS {
            assert!(!text.contains(secret), "{secret} survives in {format}");
        }
        for word in fixture::ID_ORDINARY {
            if format == "Csv/Actions" {
                continue;
            }
            assert!(text.contains(word), "{word} was changed in {format}");
        }
    }
}

#[test]
fn labels_read_naturally() {
    for (format, text) in identifying_formats() {
        for bad in [
            "民生委員職員",
            "職員1さん",
            "職員2さん",
            "B氏さん",
            "A氏さん",
            "保健所 保健所職員",
            "センター 精神保健福祉センター",
        ] {
            assert!(!text.contains(bad), "{bad} in {format}");
        }
        if format == "Csv/Actions" {
            assert!(text.contains("保健所職員2"), "{format}");
            continue;
        }
        for good in [
            "（精神保健福祉センター職員1）",
            "保健所職員1と民生委員1が訪問し、保健所職員2が同行",
            "叔母のB氏とA氏",
            "〔電話番号〕",
            "〔郵便番号〕",
            "〔住所〕",
            "〔生年月日〕",
            "〔個人番号〕",
            "〔メールアドレス〕",
        ] {
            assert!(text.contains(good), "{good} missing in {format}");
        }
    }
}

#[test]
fn the_review_lists_replacements_and_what_is_left() {
    let conn = store::open_memory().unwrap();
    let id = fixture::identifying(&conn);
    let snapshot = Snapshot::load(&conn, id).unwrap();
    let review = export::review(&snapshot);
    assert!(review.is_clean(), "{}", review.render());
    let text = review.render();
    for line in [
        "森 → 精神保健福祉センター職員1",
        "美咲さん → 民生委員1",
        "048-523-2811 → 〔電話番号〕",
        "田村 光子さん → B氏",
    ] {
        assert!(text.contains(line), "{line} not in\n{text}");
    }

    // A name nobody registered, before an honorific, is left and reported.
    let n = store::cards::add_note(
        &conn,
        id,
        store::NoteKind::Fact,
        "近所の斉藤さんが見ている。お母さんは不在。",
        "",
    )
    .unwrap();
    let review = export::review(&Snapshot::load(&conn, id).unwrap());
    assert_eq!(review.suspects.len(), 1, "{}", review.render());
    assert_eq!(review.suspects[0].token, "斉藤さん");
    assert!(review.render().contains("斉藤さん"));

    // Registered, it is replaced and the review is clean again.
    store::cards::add_note(&conn, id, store::NoteKind::RedactName, "斉藤", "").unwrap();
    let snapshot = Snapshot::load(&conn, id).unwrap();
    let review = export::review(&snapshot);
    assert!(review.is_clean(), "{}", review.render());
    let redacted = export::redact(&snapshot, &export::redaction_map(&snapshot));
    let fact = redacted
        .notes
        .iter()
        .find(|x| x.body.contains("近所の"))
        .unwrap();
    assert_eq!(fact.body, "近所のC氏が見ている。お母さんは不在。");
    let _ = n;
}

/// The real binary on a real database file, in `dir`.
fn caseconf_bin(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_caseconf"))
        .current_dir(dir)
        .arg("--db")
        .arg(dir.join("c.db"))
        .args(args)
        .env_remove("CASECONF_DB")
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .output()
        .unwrap()
}

/// A written file's text (the Word document's XML parts for docx).
fn file_text(path: &std::path::Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    if path.extension().is_some_and(|e| e == "docx") {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        for i in 0..zip.len() {
            let mut file = zip.by_index(i).unwrap();
            if file.name().ends_with(".xml") || file.name().ends_with(".rels") {
                file.read_to_string(&mut xml).unwrap();
            }
        }
        xml
    } else {
        String::from_utf8(bytes).unwrap()
    }
}

#[test]
fn the_case_summary_is_redacted_with_the_cases_names_through_the_binary() {
    use store::cards::{self, Outcome};
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let ok = |args: &[&str]| {
        let out = caseconf_bin(d, args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    ok(&[
        "new",
        "--case",
        "A氏",
        "--title",
        "第1回 支援会議",
        "--date",
        "2026-09-01",
        "--facilitator",
        "佐藤 花子",
    ]);
    let conn = store::open(&d.join("c.db")).unwrap();
    cards::add_participant(&conn, 1, "高橋 健一", "保健所", "保健師", true).unwrap();
    cards::add_action_item(
        &conn,
        1,
        "松本 一郎さんの受診に同行する",
        "保健所",
        "高橋 健一",
        Some("9月15日"),
    )
    .unwrap();
    cards::add_note(&conn, 1, store::NoteKind::RedactName, "松本 一郎", "").unwrap();
    drop(conn);
    ok(&[
        "new",
        "--case",
        "A氏",
        "--title",
        "第2回 支援会議",
        "--date",
        "2026-10-01",
    ]);
    let conn = store::open(&d.join("c.db")).unwrap();
    cards::add_participant(&conn, 2, "渡辺 誠", "生活支援課", "ケースワーカー", true).unwrap();
    // Registered at the second conference: the case's name, so the first one's too.
    cards::add_note(&conn, 2, store::NoteKind::RedactName, "田中 花子", "").unwrap();
    let mut carried = cards::action_items(&conn, 2).unwrap().remove(0);
    assert!(carried.carried);
    carried.outcome = Outcome::Continued;
    carried.outcome_note = "田中 花子さんが同席し、高橋 健一が説明した".into();
    cards::update_action_item(&conn, &carried).unwrap();
    cards::add_action_item(
        &conn,
        2,
        "田中 花子さんに連絡する",
        "生活支援課",
        "渡辺 誠",
        None,
    )
    .unwrap();
    drop(conn);

    let names = [
        "松本",
        "一郎",
        "田中 花子",
        "田中花子",
        "高橋",
        "健一",
        "渡辺",
        "佐藤",
    ];
    // Unredacted, the names are there (so the checks below can fail).
    ok(&[
        "export", "--case", "A氏", "--format", "md", "-o", "plain.md",
    ]);
    let plain = file_text(&d.join("plain.md"));
    assert!(
        plain.contains("松本 一郎さん") && plain.contains("渡辺 誠"),
        "{plain}"
    );

    // The review: every replacement, with the same letters as a conference's own review.
    let case_review = ok(&["export", "--case", "A氏", "--redact", "--check"]);
    let one_review = ok(&["export", "1", "--redact", "--check"]);
    let two_review = ok(&["export", "2", "--redact", "--check"]);
    for line in ["松本 一郎さん → B氏", "田中 花子さん → C氏"] {
        assert!(case_review.contains(line), "{line} not in\n{case_review}");
        assert!(two_review.contains(line), "{line} not in\n{two_review}");
    }
    assert!(one_review.contains("松本 一郎さん → B氏"), "{one_review}");
    assert!(
        case_review.contains("高橋 健一 → 保健所職員1"),
        "{case_review}"
    );

    for (format, file) in [
        ("md", "case.md"),
        ("html", "case.html"),
        ("docx", "case.docx"),
    ] {
        let printed = ok(&[
            "export", "--case", "A氏", "--redact", "--format", format, "-o", file,
        ]);
        assert!(printed.contains(file), "{printed}");
        let text = file_text(&d.join(file));
        for name in names {
            assert!(!text.contains(name), "{name} survives in {format}");
        }
        for label in ["B氏の受診に同行する", "C氏に連絡する", "保健所職員1"] {
            assert!(text.contains(label), "{label} not in {format}:\n{text}");
        }
    }
    // To standard output, too.
    let piped = ok(&[
        "export", "--case", "A氏", "--redact", "--format", "md", "-o", "-",
    ]);
    assert!(piped.contains("C氏") && !piped.contains("田中"), "{piped}");

    // A name nobody registered is reported; the check fails and writes nothing.
    let conn = store::open(&d.join("c.db")).unwrap();
    cards::add_action_item(&conn, 2, "斉藤さんに家の様子を聞く", "民生委員", "", None).unwrap();
    drop(conn);
    let before = std::fs::read_dir(d).unwrap().count();
    let out = caseconf_bin(d, &["export", "--case", "A氏", "--redact", "--check"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("斉藤さん"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("1"));
    assert_eq!(
        std::fs::read_dir(d).unwrap().count(),
        before,
        "a check writes no file"
    );
}
