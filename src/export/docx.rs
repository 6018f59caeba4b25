//! A Word document (docx-rs): A4 portrait, headings as Word heading styles (so the navigation
//! pane and a table of contents work), bordered tables with a shaded header row, and a
//! Japanese font: 游ゴシック (Yu Gothic) through `rFonts eastAsia`, with MS Gothic declared in
//! the font table for Word to fall back on where Yu Gothic is not installed.
//!
//! Every page carries the handling mark and the title at the top and "page / pages" at the
//! bottom. A table's header row repeats on each page it runs onto; its columns are as wide as
//! their content needs in a full-width font (a date in 期限 stays on one line whatever Japanese
//! font the reader has); figures are right-aligned. Headings keep with what follows, short
//! tables and lists stay on one page, and the charts and the ecomap are PNG pictures.

use super::labels::L;
use super::png;
use super::report::{Block, Report, Table};
use docx_rs::{
    AlignmentType, BreakType, BuildXML, Document, Docx, Footer, Header, HeightRule, LineSpacing,
    NumPages, PageMargin, PageNum, PageSize, Paragraph, Pic, Run, RunFonts, Shading,
    SpecialIndentType, Style, StyleType, TableBorder, TableBorderPosition, TableBorders, TableCell,
    TableLayoutType, TableRow, WidthType,
};
use std::io::{Seek, Write};
use unicode_width::UnicodeWidthChar;
use zip::write::SimpleFileOptions;

/// A4 in twentieths of a point.
const PAGE_W: u32 = 11906;
const PAGE_H: u32 = 16838;
/// 20 mm margins.
const MARGIN: i32 = 1134;
const CONTENT_W: usize = (PAGE_W as usize) - 2 * (MARGIN as usize);

const FONT: &str = "Yu Gothic";
const ACCENT: &str = "1F4E79";
const HEADER_FILL: &str = "E6EDF5";
const CAPTION_FILL: &str = "F4F6F8";

/// The font table Word reads to find a substitute: Yu Gothic first, MS Gothic as the
/// Japanese fallback (same charset, 80 = Shift-JIS), then the Latin defaults.
const FONT_TABLE: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
    r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
    r#"<w:font w:name="Yu Gothic"><w:altName w:val="游ゴシック"/><w:panose1 w:val="020B0400000000000000"/>"#,
    r#"<w:charset w:val="80"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>"#,
    r#"<w:font w:name="MS Gothic"><w:altName w:val="ＭＳ ゴシック"/><w:panose1 w:val="020B0609070205080204"/>"#,
    r#"<w:charset w:val="80"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>"#,
    r#"<w:font w:name="Times New Roman"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>"#,
    r#"<w:font w:name="Arial"><w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>"#,
    r#"</w:fonts>"#
);

fn fonts() -> RunFonts {
    RunFonts::new()
        .ascii(FONT)
        .hi_ansi(FONT)
        .east_asia(FONT)
        .cs(FONT)
        .hint("eastAsia")
}

fn heading_style(id: &str, name: &str, size: usize, level: usize) -> Style {
    Style::new(id, StyleType::Paragraph)
        .name(name)
        .based_on("Normal")
        .next("Normal")
        .q_format(true)
        .fonts(fonts())
        .size(size)
        .bold()
        .color(ACCENT)
        .outline_lvl(level)
        .line_spacing(LineSpacing::new().before(280).after(120))
}

/// A run per line of `text`, with line breaks between them.
fn runs(
    mut p: Paragraph,
    text: &str,
    bold: bool,
    size: Option<usize>,
    color: Option<&str>,
) -> Paragraph {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = text.split('\n').collect();
    let last = lines.len().saturating_sub(1);
    for (i, line) in lines.iter().enumerate() {
        let mut run = Run::new().add_text(*line);
        if bold {
            run = run.bold();
        }
        if let Some(size) = size {
            run = run.size(size);
        }
        if let Some(color) = color {
            run = run.color(color);
        }
        if i < last {
            run = run.add_break(BreakType::TextWrapping);
        }
        p = p.add_run(run);
    }
    p
}

/// The small empty paragraph Word needs between two tables.
fn spacer() -> Paragraph {
    Paragraph::new()
        .size(8)
        .line_spacing(LineSpacing::new().before(0).after(0))
}

fn borders() -> TableBorders {
    let b = |pos| TableBorder::new(pos).size(4).color("7F8C99");
    TableBorders::new()
        .set(b(TableBorderPosition::Top))
        .set(b(TableBorderPosition::Left))
        .set(b(TableBorderPosition::Bottom))
        .set(b(TableBorderPosition::Right))
        .set(b(TableBorderPosition::InsideH))
        .set(b(TableBorderPosition::InsideV))
}

/// Twentieths of a point per em of the body text (10.5 pt).
const EM: f64 = 210.0;
/// A cell's left and right margins together (Word's default 0.19 cm each).
const CELL_PADDING: f64 = 216.0;
/// Cells of figures or dates up to this many ems are always kept on one line.
const FIGURES: f64 = 13.0;
/// Other cells up to this many ems are kept on one line when the page is wide enough.
const SHORT: f64 = 12.0;

/// The width of a line in ems in the widest Japanese font a reader may have: a full-width
/// character is one em, a half-width one at most 0.62 em (proportional Latin in Yu Gothic,
/// Meiryo or Noto; exactly 0.5 in MS Gothic), and Word puts a quarter em between Japanese
/// and Latin text or digits (2026年12月5日 has five such gaps).
fn ems(line: &str) -> f64 {
    let mut total = 0.0;
    let mut previous: Option<bool> = None;
    for c in line.chars() {
        let full = match c.width() {
            Some(2) => true,
            Some(0) | None => continue,
            _ => false,
        };
        if previous.is_some_and(|p| p != full) && !c.is_whitespace() {
            total += 0.25;
        }
        total += if full { 1.0 } else { 0.62 };
        previous = Some(full);
    }
    total
}

/// The widest line of a cell.
fn widest(text: &str) -> f64 {
    text.lines().map(ems).fold(0.0, f64::max)
}

/// The width in twips a cell needs for `ems` of text.
fn need(ems: f64) -> f64 {
    ems * EM * 1.05 + CELL_PADDING
}

/// Column widths (twips) that fit the content. First every column gets what its header and its
/// figures and dates need on one line; then, as far as the page allows, what its other short
/// cells need; the rest of the width goes to the columns of long text in proportion to how much
/// more they would use.
fn grid(t: &Table) -> Vec<usize> {
    let columns = t.headers.len();
    let total = CONTENT_W as f64;
    let mut must = vec![0.0f64; columns];
    for (i, h) in t.headers.iter().enumerate() {
        must[i] = need(widest(h) * 1.05); // bold
    }
    let mut short = must.clone();
    let mut want = must.clone();
    for row in &t.rows {
        for (i, cell) in row.iter().enumerate().take(columns) {
            let w = widest(cell);
            let figures = cell
                .chars()
                .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
            if w <= FIGURES && (figures || w <= 4.0) {
                must[i] = must[i].max(need(w));
            }
            if w <= SHORT {
                short[i] = short[i].max(need(w));
            }
            want[i] = want[i].max(need(w));
        }
    }
    for i in 0..columns {
        must[i] = must[i].min(total * 0.4);
        short[i] = short[i].max(must[i]);
        want[i] = want[i].max(short[i]);
    }
    let sum_must: f64 = must.iter().sum();
    if sum_must >= total {
        return must
            .iter()
            .map(|m| (m / sum_must * total) as usize)
            .collect();
    }
    let mut widths = must.clone();
    // Share `extra` among the columns in proportion to how far each is from `goal`.
    let share = |widths: &mut Vec<f64>, goal: &[f64], extra: f64| -> f64 {
        let gaps: Vec<f64> = widths
            .iter()
            .zip(goal)
            .map(|(w, g)| (g - w).max(0.0))
            .collect();
        let sum: f64 = gaps.iter().sum();
        if sum <= 0.0 {
            return extra;
        }
        let used = extra.min(sum);
        for (w, g) in widths.iter_mut().zip(&gaps) {
            *w += used * g / sum;
        }
        extra - used
    };
    let mut extra = total - sum_must;
    extra = share(&mut widths, &short, extra);
    extra = share(&mut widths, &want, extra);
    if extra > 0.0 {
        let weights: Vec<f64> = (0..columns)
            .map(|i| f64::from(t.widths.get(i).copied().unwrap_or(1).max(1)))
            .collect();
        let sum: f64 = weights.iter().sum();
        for (w, k) in widths.iter_mut().zip(&weights) {
            *w += extra * k / sum;
        }
    }
    widths.iter().map(|w| *w as usize).collect()
}

fn cell(
    text: &str,
    width: usize,
    bold: bool,
    fill: Option<&str>,
    right: bool,
    keep: bool,
) -> TableCell {
    let mut p = Paragraph::new().keep_next(keep).widow_control(true);
    if right {
        p = p.align(AlignmentType::Right);
    }
    let mut c = TableCell::new()
        .width(width, WidthType::Dxa)
        .add_paragraph(runs(p, text, bold, None, None));
    if let Some(fill) = fill {
        c = c.shading(Shading::new().fill(fill));
    }
    c
}

/// A height no other row uses, so the header rows can be found in the XML and marked to
/// repeat on every page (docx-rs writes no `w:tblHeader`).
const HEADER_ROW_HEIGHT: f32 = 341.0;
const HEADER_ROW_XML: &str = r#"<w:trHeight w:val="341" w:hRule="atLeast" />"#;

/// Tables up to this many rows are kept on one page.
const KEEP_ROWS: usize = 15;

fn table(t: &Table) -> docx_rs::Table {
    let grid = grid(t);
    let keep = t.rows.len() <= KEEP_ROWS;
    let right = |i: usize| t.numeric.get(i).copied().unwrap_or(false);
    let mut rows = vec![
        TableRow::new(
            t.headers
                .iter()
                .zip(&grid)
                .enumerate()
                .map(|(i, (h, w))| cell(h, *w, true, Some(HEADER_FILL), right(i), true))
                .collect(),
        )
        .row_height(HEADER_ROW_HEIGHT)
        .height_rule(HeightRule::AtLeast)
        .cant_split(),
    ];
    let last = t.rows.len().saturating_sub(1);
    for (r, row) in t.rows.iter().enumerate() {
        let bold = t.total_row && r == last;
        rows.push(
            TableRow::new(
                row.iter()
                    .zip(&grid)
                    .enumerate()
                    .map(|(i, (c, w))| {
                        cell(
                            c,
                            *w,
                            bold,
                            bold.then_some(CAPTION_FILL),
                            right(i),
                            keep && r < last,
                        )
                    })
                    .collect(),
            )
            .cant_split(),
        );
    }
    docx_rs::Table::new(rows)
        .set_grid(grid)
        .width(CONTENT_W, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .set_borders(borders())
}

fn fields(fields: &[(String, String)]) -> docx_rs::Table {
    let caption = fields.iter().map(|(k, _)| widest(k)).fold(0.0, f64::max);
    let first = need(caption * 1.05) as usize;
    let grid = vec![first, CONTENT_W - first];
    let last = fields.len().saturating_sub(1);
    let rows = fields
        .iter()
        .enumerate()
        .map(|(i, (k, v))| {
            TableRow::new(vec![
                cell(k, grid[0], true, Some(CAPTION_FILL), false, i < last),
                cell(v, grid[1], false, None, false, i < last),
            ])
            .cant_split()
        })
        .collect();
    docx_rs::Table::new(rows)
        .set_grid(grid)
        .width(CONTENT_W, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .set_borders(borders())
}

/// English Metric Units per twip.
const EMU_PER_TWIP: u32 = 635;

/// A centred picture as wide as the text (never wider than drawn), kept with what follows:
/// `bytes`, the canvas encoded, under the relationship `id`.
fn picture(canvas: &png::Canvas, bytes: Vec<u8>, id: String) -> Paragraph {
    let (w, h) = canvas.size();
    let max_w = CONTENT_W as u32 * EMU_PER_TWIP;
    let drawn_w = w * 9525; // EMU per CSS pixel
    let emu_w = drawn_w.min(max_w);
    let emu_h = (u64::from(h) * u64::from(emu_w) / u64::from(w.max(1))) as u32;
    let pic = Pic::new_with_dimensions(bytes, w * 2, h * 2)
        .size(emu_w, emu_h)
        .id(id);
    Paragraph::new()
        .align(AlignmentType::Center)
        .add_run(Run::new().add_image(pic))
}

/// The handling mark and the title, on every page.
fn page_header(report: &Report) -> Header {
    Header::new().add_paragraph(runs(
        Paragraph::new().align(AlignmentType::Left),
        &report.page_header,
        false,
        Some(16),
        Some("444444"),
    ))
}

/// "page / pages", centred, on every page.
fn page_footer() -> Footer {
    Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_page_num(PageNum::new())
            .add_run(Run::new().add_text(" / "))
            .add_num_pages(NumPages::new()),
    )
}

/// Build the Word document in memory (standard output, the case record, tests). `created`
/// (YYYY-MM-DD, the conference date) becomes the document's creation date, so the file
/// depends on the record only. The error is the archive writer's message (it never holds
/// record text).
pub(crate) fn render(report: &Report, created: &str) -> Result<Vec<u8>, String> {
    let mut out = std::io::Cursor::new(Vec::new());
    write(report, created, &mut out).map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}

/// Write the Word document to `out`. The body (`word/document.xml`, nearly all of the file)
/// goes into the archive block by block as each is built, so memory does not grow with the
/// record beyond the report itself: a 20,000-note record once took 160 MB built whole
/// (BENCHMARKS.md). The parts around it (styles, header, footer, pictures) are small and are
/// assembled by docx-rs as before.
pub(crate) fn write<W: Write + Seek>(report: &Report, created: &str, out: W) -> std::io::Result<W> {
    let stamp = if created.len() == 10 {
        format!("{created}T00:00:00Z")
    } else {
        "1970-01-01T00:00:00Z".to_string()
    };
    let mut zip = zip::ZipWriter::new(out);
    let directory = SimpleFileOptions::default();
    for dir in ["word/", "word/_rels", "_rels/", "docProps/"] {
        zip.add_directory(dir, directory).map_err(zip_error)?;
    }
    // As docx-rs writes its parts: stored, not compressed.
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .unix_permissions(0o755);
    zip.start_file("word/document.xml", options)
        .map_err(zip_error)?;
    // What comes before the first paragraph is the same for every document.
    let empty = Document::new().build();
    let body_at = find(&empty, b"<w:body>").map_or(0, |i| i + b"<w:body>".len());
    zip.write_all(&empty[..body_at])?;
    zip.write_all(
        &runs(
            Paragraph::new().style("Heading1").keep_next(true),
            &report.title,
            false,
            None,
            None,
        )
        .build(),
    )?;
    // The picture paragraphs go into the package's own document too, for their media and
    // relationships; identical pictures share one (as docx-rs would make them).
    let mut pictures: Vec<Paragraph> = Vec::new();
    let mut images: Vec<(Vec<u8>, String)> = Vec::new();
    let mut picture_of = |canvas: &png::Canvas| -> Vec<u8> {
        let bytes = canvas.png();
        let id = match images.iter().find(|(b, _)| *b == bytes) {
            Some((_, id)) => id.clone(),
            None => {
                let id = format!("rIdImage{}", images.len() + 1);
                images.push((bytes.clone(), id.clone()));
                id
            }
        };
        let p = picture(canvas, bytes, id);
        let xml = p.build();
        pictures.push(p);
        xml
    };
    // Tables: header rows repeat on every page a table runs onto.
    let table_xml = |xml: Vec<u8>| {
        String::from_utf8_lossy(&xml)
            .replace(HEADER_ROW_XML, &format!("<w:tblHeader />{HEADER_ROW_XML}"))
            .into_bytes()
    };
    let blocks = &report.blocks;
    for (i, block) in blocks.iter().enumerate() {
        // Text that introduces a table, a list or a picture stays on its page.
        let next_is_body = matches!(
            blocks.get(i + 1),
            Some(
                Block::Table(_)
                    | Block::Fields(_)
                    | Block::List(_)
                    | Block::Pacing(_)
                    | Block::Bars(_)
                    | Block::Ecomap(_)
            )
        );
        match block {
            Block::Heading { level, text } => {
                let style = if *level <= 2 { "Heading2" } else { "Heading3" };
                let p = Paragraph::new().style(style).keep_next(true);
                zip.write_all(&runs(p, text, false, None, None).build())?;
            }
            Block::Paragraph(text) => zip.write_all(
                &runs(
                    Paragraph::new().keep_next(next_is_body).widow_control(true),
                    text,
                    false,
                    None,
                    None,
                )
                .build(),
            )?,
            Block::Notice(text) => zip.write_all(
                &runs(
                    Paragraph::new().keep_next(next_is_body).widow_control(true),
                    text,
                    false,
                    Some(18),
                    Some("444444"),
                )
                .build(),
            )?,
            Block::Empty(text) => {
                zip.write_all(&runs(Paragraph::new(), text, false, None, Some("666666")).build())?
            }
            Block::Fields(f) => {
                zip.write_all(&table_xml(fields(f).build()))?;
                zip.write_all(&spacer().build())?;
            }
            Block::Table(t) => {
                zip.write_all(&table_xml(table(t).build()))?;
                zip.write_all(&spacer().build())?;
            }
            Block::List(items) => {
                let last = items.len().saturating_sub(1);
                let keep = items.len() <= 8;
                for (n, item) in items.iter().enumerate() {
                    let p = Paragraph::new()
                        .indent(Some(420), Some(SpecialIndentType::Hanging(210)), None, None)
                        .align(AlignmentType::Left)
                        .keep_next(keep && n < last)
                        .widow_control(true);
                    zip.write_all(&runs(p, &format!("・{item}"), false, None, None).build())?;
                }
            }
            Block::Pacing(_) | Block::Bars(_) | Block::Ecomap(_) if !png::available() => zip
                .write_all(
                    &runs(
                        Paragraph::new(),
                        L::NoPictureFont.text(report.lang),
                        false,
                        Some(18),
                        Some("666666"),
                    )
                    .build(),
                )?,
            Block::Pacing(bars) => zip.write_all(&picture_of(&png::pacing(bars, report.lang)))?,
            Block::Bars(bars) => zip.write_all(&picture_of(&png::bars(bars, report.lang)))?,
            Block::Ecomap(map) => zip.write_all(&picture_of(&png::ecomap(map)))?,
        }
    }

    // The rest of the package, from a document holding only the pictures.
    let mut doc = Document::new()
        .page_size(PageSize::new().size(PAGE_W, PAGE_H))
        .page_margin(
            PageMargin::new()
                .top(MARGIN)
                .bottom(MARGIN)
                .left(MARGIN)
                .right(MARGIN)
                .header(567)
                .footer(567),
        );
    for p in pictures {
        doc = doc.add_paragraph(p);
    }
    let docx = Docx::new()
        .document(doc)
        .header(page_header(report))
        .footer(page_footer())
        .default_fonts(fonts())
        .default_size(21)
        .created_at(&stamp)
        .updated_at(&stamp)
        .add_style(heading_style("Heading1", "heading 1", 32, 0))
        .add_style(heading_style("Heading2", "heading 2", 26, 1))
        .add_style(heading_style("Heading3", "heading 3", 22, 2));
    let mut xml = docx.build();
    xml.font_table = FONT_TABLE.as_bytes().to_vec();
    // The section (page size, margins, header and footer) closes the body.
    let section = rfind(&xml.document, b"<w:sectPr").unwrap_or(xml.document.len());
    zip.write_all(&xml.document[section..])?;
    let mut part = |name: &str, bytes: &[u8]| -> std::io::Result<()> {
        zip.start_file(name, options).map_err(zip_error)?;
        zip.write_all(bytes)
    };
    part("[Content_Types].xml", &xml.content_type)?;
    part("_rels/.rels", &xml.rels)?;
    part("docProps/app.xml", &xml.doc_props.app)?;
    part("docProps/core.xml", &xml.doc_props.core)?;
    part("docProps/custom.xml", &xml.doc_props.custom)?;
    part("word/_rels/document.xml.rels", &xml.document_rels)?;
    part("word/styles.xml", &xml.styles)?;
    part("word/settings.xml", &xml.settings)?;
    part("word/fontTable.xml", &xml.font_table)?;
    part("word/comments.xml", &xml.comments)?;
    part("word/numbering.xml", &xml.numberings)?;
    part("word/commentsExtended.xml", &xml.comments_extended)?;
    part("word/footnotes.xml", &xml.footnotes)?;
    for (i, h) in xml.headers.iter().enumerate() {
        part(&format!("word/header{}.xml", i + 1), h)?;
        if let Some(rels) = xml.header_rels.get(i) {
            part(&format!("word/_rels/header{}.xml.rels", i + 1), rels)?;
        }
    }
    for (i, f) in xml.footers.iter().enumerate() {
        part(&format!("word/footer{}.xml", i + 1), f)?;
        if let Some(rels) = xml.footer_rels.get(i) {
            part(&format!("word/_rels/footer{}.xml.rels", i + 1), rels)?;
        }
    }
    if !xml.media.is_empty() {
        zip.add_directory("word/media/", directory)
            .map_err(zip_error)?;
        for (id, bytes) in &xml.media {
            zip.start_file(format!("word/media/{id}.png"), options)
                .map_err(zip_error)?;
            zip.write_all(bytes)?;
        }
    }
    zip.finish().map_err(zip_error)
}

/// The archive writer's error as an I/O error (it never holds record text).
fn zip_error(e: zip::result::ZipError) -> std::io::Error {
    match e {
        zip::result::ZipError::Io(e) => e,
        e => std::io::Error::other(e.to_string()),
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}
