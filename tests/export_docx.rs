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
