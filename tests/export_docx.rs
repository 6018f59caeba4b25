//! The Word export: unzip the .docx and check its XML — headings as Word heading styles,
//! bordered tables, the record's text, A4 pages and the Japanese font.

#[path = "export_fixture/mod.rs"]
mod fixture;

use caseconf::export::{self, Format, Options};
use caseconf::store;
use std::io::Read;

/// The named parts of a .docx, as text.
fn parts(bytes: &[u8], names: &[&str]) -> Vec<String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive");
    names
        .iter()
        .map(|name| {
            let mut text = String::new();
            zip.by_name(name)
                .unwrap_or_else(|_| panic!("{name} is in the archive"))
                .read_to_string(&mut text)
                .unwrap();
            text
        })
        .collect()
}

fn docx(redact: bool) -> Vec<u8> {
    let conn = store::open_memory().unwrap();
    let id = fixture::realistic(&conn);
    let options = Options {
        redact,
        ..Options::default()
    };
    export::export(&conn, id, Format::Docx, &options).unwrap()
}

#[test]
fn docx_has_headings_tables_and_the_record() {
    let bytes = docx(false);
    assert_eq!(&bytes[..2], b"PK", "a .docx is a zip archive");
    let [doc, content_types] = &parts(&bytes, &["word/document.xml", "[Content_Types].xml"])[..]
    else {
        unreachable!()
    };
    assert!(content_types.contains("wordprocessingml.document.main+xml"));

    // The title and the numbered sections as Word headings.
    assert!(
        doc.contains(r#"<w:pStyle w:val="Heading1" />"#),
        "title heading"
    );
    let h2 = doc.matches(r#"<w:pStyle w:val="Heading2" />"#).count();
    assert_eq!(h2, 17, "one level-2 heading per section");
    assert!(doc.matches(r#"<w:pStyle w:val="Heading3" />"#).count() >= 8);
    for heading in [
        "第3回 精神保健福祉事例検討会",
        "1. 開催概要",
        "3. 進行の記録（予定と実績）",
        "8. アセスメント（事例性・疾病性）",
        "14. アクション",
        "16. アンケート結果",
    ] {
        assert!(doc.contains(heading), "heading {heading}");
    }

    // Tables with borders on every side and inside.
    let tables = doc.matches("<w:tbl>").count();
    assert_eq!(
        tables, 12,
        "overview, participants, pacing, profile, timeline, Q&A, assessment, supporters, roles, actions, impressions, survey"
    );
    assert_eq!(doc.matches("<w:tblBorders>").count(), tables);
    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        assert!(
            doc.contains(&format!(r#"<w:{side} w:val="single""#)),
            "{side} border"
        );
    }

    // The record's text, including the side-by-side assessment and a multi-line answer.
    for text in [
        "事例性（生活の中で起きている困りごと）",
        "疾病性（症状・診断・治療）",
        "家賃を8か月滞納し、立ち退きの裁判が予定されている。",
        "2008年に統合失調症と診断。2013年から治療が中断。",
        "地域包括の伊藤さんが玄関越しに2回話せた。",
        "「困っていない」と繰り返している。",
        "各機関の役割理解と明確化",
        "32分15秒",
        "+2分15秒",
        "高橋 健一",
        "2027年2月20日（土）10:00　同会場（3か月後に経過を共有）",
    ] {
        assert!(doc.contains(text), "text {text}");
    }
    assert!(
        doc.contains(r#"<w:br w:type="textWrapping" />"#),
        "line breaks kept"
    );
}

#[test]
fn docx_is_a4_with_a_japanese_font() {
    let bytes = docx(false);
    let [doc, styles, fonts] = &parts(
        &bytes,
        &["word/document.xml", "word/styles.xml", "word/fontTable.xml"],
    )[..] else {
        unreachable!()
    };
    assert!(
        doc.contains(r#"<w:pgSz w:w="11906" w:h="16838""#),
        "A4 portrait"
    );
    assert!(
        styles.contains(r#"w:eastAsia="Yu Gothic""#),
        "east-Asian font"
    );
    assert!(styles.contains(r#"w:styleId="Heading1""#));
    assert!(fonts.contains(r#"<w:font w:name="Yu Gothic"><w:altName w:val="游ゴシック"/>"#));
    assert!(
        fonts.contains(r#"<w:font w:name="MS Gothic">"#),
        "MS Gothic fallback"
    );
}

#[test]
fn docx_is_deterministic() {
    assert!(docx(false) == docx(false));
}

/// Exported to a file, the document goes into the file as it is built (it is never whole in
/// memory): the file holds the same document, redacted or not, its XML well formed.
#[test]
fn docx_written_to_a_file_is_the_same_document() {
    let conn = store::open_memory().unwrap();
    let id = fixture::big(&conn, 300);
    let dir = tempfile::tempdir().unwrap();
    for redact in [false, true] {
        let options = Options {
            redact,
            ..Options::default()
        };
        let path = dir.path().join(format!("record-{redact}.docx"));
        export::write_export(&conn, id, Format::Docx, &options, Some(&path)).unwrap();
        let written = std::fs::read(&path).unwrap();
        assert!(written == export::export(&conn, id, Format::Docx, &options).unwrap());
        let [document] = parts(&written, &["word/document.xml"]).try_into().unwrap();
        assert!(document.ends_with("</w:sectPr></w:body></w:document>"));
        assert_eq!(
            document.matches("<w:tbl>").count(),
            document.matches("</w:tbl>").count()
        );
        assert!(document.contains("本人"), "the record's text is there");
    }
}

/// The Word file streamed from the store (its notes read one by one) is the document made
/// from the whole snapshot, for records with every kind of link: answers to a deleted
/// question and to none, a question's answers in their board order, impressions by a
/// participant, deleted cards, an English record in the Japanese era style, the identifying
/// record, each plain and redacted.
#[test]
fn streamed_docx_is_the_document_of_the_whole_record() {
    use caseconf::store::NoteKind;
    use caseconf::store::cards::{self, Table};
    use caseconf::store::conferences::{self, RecordField};
    let conn = store::open_memory().unwrap();
    let loose = fixture::realistic(&conn);
    let add = |kind, body: &str| cards::add_note(&conn, loose, kind, body, "").unwrap();
    let gone = add(NoteKind::Question, "消した質問：家族の連絡先は？");
    for (question, body) in [
        (None, "どの質問にも付かない答え"),
        (Some(gone.id), "消えた質問への答え"),
    ] {
        let mut a = add(NoteKind::Answer, body);
        a.parent_id = question;
        cards::update_note(&conn, &a).unwrap();
    }
    cards::delete(&conn, Table::Notes, gone.id).unwrap();
    let asked = add(NoteKind::Question, "受診の予定は？");
    for body in ["二つ目の答え：来月", "一つ目の答え：未定"] {
        let mut a = add(NoteKind::Answer, body);
        a.parent_id = Some(asked.id);
        cards::update_note(&conn, &a).unwrap();
    }
    let dropped = add(NoteKind::Timeline, "消した出来事");
    cards::delete(&conn, Table::Notes, dropped.id).unwrap();
    let english = fixture::english(&conn);
    let version = conferences::get(&conn, english).unwrap().version;
    conferences::set_record_field(&conn, english, version, RecordField::DateStyle, "wareki")
        .unwrap();
    let identifying = fixture::identifying(&conn);
    let other = store::open_memory().unwrap();
    let big = fixture::big(&other, 400);

    let dir = tempfile::tempdir().unwrap();
    for (conn, id, loose) in [
        (&conn, loose, true),
        (&conn, english, false),
        (&conn, identifying, false),
        (&other, big, false),
    ] {
        for redact in [false, true] {
            let options = Options {
                redact,
                ..Options::default()
            };
            let path = dir.path().join(format!("record-{id}-{redact}.docx"));
            export::write_export(conn, id, Format::Docx, &options, Some(&path)).unwrap();
            let whole = export::export(conn, id, Format::Docx, &options).unwrap();
            assert!(
                std::fs::read(&path).unwrap() == whole,
                "conference {id}, redacted {redact}: the streamed file differs"
            );
            if loose && !redact {
                let [document] = parts(&whole, &["word/document.xml"]).try_into().unwrap();
                for text in [
                    "どの質問にも付かない答え",
                    "消えた質問への答え",
                    "二つ目の答え：来月",
                ] {
                    assert!(document.contains(text), "{text}");
                }
                assert!(!document.contains("消した"), "deleted cards stay out");
            }
        }
    }
}

/// The Word document as text: every paragraph and table row of the body in order (cells
/// separated by " | "), then the page header and footer, so the golden file reads like the
/// printed record.
fn outline(bytes: &[u8]) -> String {
    let [doc, header, footer] = &parts(
        bytes,
        &["word/document.xml", "word/header1.xml", "word/footer1.xml"],
    )[..] else {
        unreachable!()
    };
    let text_of = |xml: &str| -> String {
        let mut out = String::new();
        for piece in xml.split("<w:t").skip(1) {
            let Some(start) = piece.find('>') else {
                continue;
            };
            if piece[..start].contains("ab") && !piece[..start].contains("xml:space") {
                continue; // <w:tab/>, <w:tbl>
            }
            let rest = &piece[start + 1..];
            if let Some(end) = rest.find("</w:t>") {
                out.push_str(&rest[..end]);
            }
        }
        out
    };
    let mut out = String::new();
    let body = doc.split("<w:body>").nth(1).unwrap_or("");
    // Rows of tables, paragraphs outside them.
    let mut rest = body;
    while !rest.is_empty() {
        let tbl = rest.find("<w:tbl>");
        let para = rest.find("<w:p>").or_else(|| rest.find("<w:p "));
        match (tbl, para) {
            (Some(t), Some(p)) if t < p => {
                let end = rest[t..].find("</w:tbl>").map_or(rest.len(), |e| t + e + 8);
                let table = &rest[t..end];
                for row in table.split("<w:tr>").skip(1) {
                    let header = if row.contains("<w:tblHeader />") {
                        "[header] "
                    } else {
                        ""
                    };
                    let cells: Vec<String> = row
                        .split("<w:tc>")
                        .skip(1)
                        .map(|c| {
                            let right = if c.contains(r#"<w:jc w:val="right" />"#) {
                                "→"
                            } else {
                                ""
                            };
                            format!("{right}{}", text_of(c))
                        })
                        .collect();
                    out.push_str(&format!("  {header}{}\n", cells.join(" | ")));
                }
                rest = &rest[end..];
            }
            (_, Some(p)) => {
                let end = rest[p..].find("</w:p>").map_or(rest.len(), |e| p + e + 6);
                let para = &rest[p..end];
                let text = text_of(para);
                // Without a Japanese font the pictures are a note saying so; the golden file
                // is the same either way.
                if para.contains("<pic:pic")
                    || text.contains("図は省略")
                    || text.contains("picture is left out")
                {
                    out.push_str("[picture]\n");
                } else if !text.is_empty() {
                    out.push_str(&text);
                    out.push('\n');
                }
                rest = &rest[end..];
            }
            _ => break,
        }
    }
    format!(
        "header: {}\nfooter: {}\n\n{out}",
        text_of(header),
        text_of(footer).replace("1 / 1", "{PAGE} / {NUMPAGES}")
    )
}

#[test]
fn docx_golden() {
    insta::assert_snapshot!(outline(&docx(false)));
}

#[test]
fn docx_golden_redacted() {
    insta::assert_snapshot!(outline(&docx(true)));
}

#[test]
fn docx_pages_are_marked_and_numbered() {
    let bytes = docx(false);
    let [doc, header, footer, rels] = &parts(
        &bytes,
        &[
            "word/document.xml",
            "word/header1.xml",
            "word/footer1.xml",
            "word/_rels/document.xml.rels",
        ],
    )[..] else {
        unreachable!()
    };
    assert!(header.contains("取扱注意（要配慮個人情報）　第3回 精神保健福祉事例検討会"));
    assert!(
        footer.contains("PAGE") && footer.contains("NUMPAGES"),
        "{footer}"
    );
    assert!(doc.contains(r#"<w:headerReference w:type="default""#));
    assert!(doc.contains(r#"<w:footerReference w:type="default""#));
    assert!(rels.contains("header1.xml") && rels.contains("footer1.xml"));
    // Every table but the overview's captions has a header row that repeats.
    assert_eq!(doc.matches("<w:tblHeader />").count(), 11);
    // Figures are right-aligned, headings keep with what follows.
    assert!(doc.contains(r#"<w:jc w:val="right" />"#));
    assert!(doc.matches("<w:keepNext />").count() > 50);
}

#[test]
fn docx_has_the_charts_and_the_ecomap_as_pictures() {
    let bytes = docx(false);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut pngs = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        if f.name().starts_with("word/media/") && f.name().ends_with(".png") {
            let mut b = Vec::new();
            f.read_to_end(&mut b).unwrap();
            pngs.push(b);
        }
    }
    // The pacing chart, the ecomap and the survey chart (when a Japanese font is installed).
    if caseconf::export::png::available() {
        assert_eq!(pngs.len(), 3);
        for png in &pngs {
            assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
            let width = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
            assert_eq!(width, 1360, "drawn at twice the 680-unit layout");
        }
    } else {
        assert!(pngs.is_empty());
    }
}

#[test]
fn due_dates_fit_their_column_in_any_japanese_font() {
    let bytes = docx(false);
    let [doc] = &parts(&bytes, &["word/document.xml"])[..] else {
        unreachable!()
    };
    // The action table is the one whose header has 期限; its grid is before it.
    let at = doc.find(">期限<").unwrap();
    let grid_at = doc[..at].rfind("<w:tblGrid>").unwrap();
    let grid = &doc[grid_at..grid_at + doc[grid_at..].find("</w:tblGrid>").unwrap()];
    let widths: Vec<u32> = grid
        .split("w:w=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].parse().unwrap())
        .collect();
    assert_eq!(
        widths.len(),
        7,
        "No., what, agency, person, due, review date, status"
    );
    // 「2026年12月10日（木）」: six full-width characters, eight digits, five gaps between
    // them, at 10.5 pt in a full-width font, plus the cell margins.
    let need = ((6.0 + 8.0 * 0.6 + 5.0 * 0.25) * 210.0 + 216.0) as u32;
    assert!(
        widths[4] >= need,
        "期限 is {} twips, needs {need}",
        widths[4]
    );
    assert!(widths.iter().sum::<u32>() <= 9638);
}
