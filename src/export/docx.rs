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

use super::ExportError;
use super::labels::L;
use super::png;
use super::report::{Block, Items, Report, Rows, Sink, TableShape};
use crate::i18n::Lang;
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

/// Measures a table's cells row by row for [`Measure::grid`].
struct Measure {
    /// Per column: what its header and its figures and dates need on one line, what its
    /// short cells need, and what its widest cell needs (twips).
    must: Vec<f64>,
    short: Vec<f64>,
    want: Vec<f64>,
}

impl Measure {
    fn new(headers: &[String]) -> Self {
        let must: Vec<f64> = headers.iter().map(|h| need(widest(h) * 1.05)).collect(); // bold
        Self {
            short: must.clone(),
            want: must.clone(),
            must,
        }
    }

    fn add(&mut self, row: &[String]) {
        for (i, cell) in row.iter().enumerate().take(self.must.len()) {
            let w = widest(cell);
            let figures = cell
                .chars()
                .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
            if w <= FIGURES && (figures || w <= 4.0) {
                self.must[i] = self.must[i].max(need(w));
            }
            if w <= SHORT {
                self.short[i] = self.short[i].max(need(w));
            }
            self.want[i] = self.want[i].max(need(w));
        }
    }

    /// Column widths (twips) that fit the content. First every column gets what its header
    /// and its figures and dates need on one line; then, as far as the page allows, what its
    /// other short cells need; the rest of the width goes to the columns of long text in
    /// proportion to how much more they would use, then by the table's `weights`.
    fn grid(self, weights: &[u16]) -> Vec<usize> {
        let Measure {
            mut must,
            mut short,
            mut want,
        } = self;
        let columns = must.len();
        let total = CONTENT_W as f64;
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
                .map(|i| f64::from(weights.get(i).copied().unwrap_or(1).max(1)))
                .collect();
            let sum: f64 = weights.iter().sum();
            for (w, k) in widths.iter_mut().zip(&weights) {
                *w += extra * k / sum;
            }
        }
        widths.iter().map(|w| *w as usize).collect()
    }
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

/// A table's header row, marked to repeat on every page the table runs onto.
fn header_row(shape: &TableShape, grid: &[usize]) -> TableRow {
    TableRow::new(
        shape
            .headers
            .iter()
            .zip(grid)
            .enumerate()
            .map(|(i, (h, w))| cell(h, *w, true, Some(HEADER_FILL), shape.right(i), true))
            .collect(),
    )
    .row_height(HEADER_ROW_HEIGHT)
    .height_rule(HeightRule::AtLeast)
    .cant_split()
}

/// Row `r` of a table: a total row is bold on a shaded ground; in a short table every row
/// but the last keeps with the next, so the table stays on one page.
fn body_row(shape: &TableShape, grid: &[usize], r: usize, row: &[String]) -> TableRow {
    let last = shape.rows.saturating_sub(1);
    let keep = shape.rows <= KEEP_ROWS && r < last;
    let bold = shape.total_row && r == last;
    TableRow::new(
        row.iter()
            .zip(grid)
            .enumerate()
            .map(|(i, (c, w))| {
                cell(
                    c,
                    *w,
                    bold,
                    bold.then_some(CAPTION_FILL),
                    shape.right(i),
                    keep,
                )
            })
            .collect(),
    )
    .cant_split()
}

impl TableShape {
    /// Whether column `i` holds figures (right-aligned).
    fn right(&self, i: usize) -> bool {
        self.numeric.get(i).copied().unwrap_or(false)
    }
}

/// A full-width table of fixed columns `grid` holding `rows`.
fn table(rows: Vec<TableRow>, grid: Vec<usize>) -> docx_rs::Table {
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
    table(rows, grid)
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
fn page_header(text: &str) -> Header {
    Header::new().add_paragraph(runs(
        Paragraph::new().align(AlignmentType::Left),
        text,
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

/// Why a Word document could not be written. Neither kind ever holds record text.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    /// The file (or the buffer) could not be written.
    #[error("{0}")]
    Write(#[from] std::io::Error),
    /// The archive writer refused a part.
    #[error("{0}")]
    Archive(zip::result::ZipError),
}

impl From<zip::result::ZipError> for DocxError {
    fn from(e: zip::result::ZipError) -> Self {
        match e {
            zip::result::ZipError::Io(e) => DocxError::Write(e),
            e => DocxError::Archive(e),
        }
    }
}

impl DocxError {
    /// As an I/O error of the file being written.
    pub(crate) fn into_io(self) -> std::io::Error {
        match self {
            DocxError::Write(e) => e,
            DocxError::Archive(e) => std::io::Error::other(e.to_string()),
        }
    }
}

/// Build the Word document of a whole report in memory (standard output, the case record,
/// tests). `created` (YYYY-MM-DD, the conference date) becomes the document's creation date,
/// so the file depends on the record only.
pub(crate) fn render(report: &Report, created: &str) -> Result<Vec<u8>, ExportError> {
    let mut writer = Writer::new(std::io::Cursor::new(Vec::new()), report, created)?;
    for block in &report.blocks {
        writer.put(block.clone())?;
    }
    Ok(writer.finish()?.into_inner())
}

/// Whether a block is what a paragraph before it introduces (a table, a list or a picture).
fn is_body(block: &Block) -> bool {
    matches!(
        block,
        Block::Table(_)
            | Block::Fields(_)
            | Block::List(_)
            | Block::Pacing(_)
            | Block::Bars(_)
            | Block::Ecomap(_)
    )
}

/// Writes a Word document into `W` as its blocks come: `word/document.xml`, nearly all of
/// the file, goes into the archive block by block, and a table or a list row by row, so
/// memory does not grow with the record (20,000 notes took 84 MB held whole, 40 MB streamed;
/// BENCHMARKS.md). The parts around it (styles, header, footer, pictures) are small and are
/// assembled by docx-rs in [`Writer::finish`].
pub(crate) struct Writer<W: Write + Seek> {
    zip: zip::ZipWriter<W>,
    lang: Lang,
    page_header: String,
    stamp: String,
    /// The picture paragraphs, kept for the package's own document (for their media and
    /// relationships), and the pictures' bytes and ids: identical pictures share one, as
    /// docx-rs would make them.
    pictures: Vec<Paragraph>,
    images: Vec<(Vec<u8>, String)>,
    /// A paragraph or a notice waits for the next block: text that introduces a table, a
    /// list or a picture stays on its page.
    pending: Option<Block>,
}

/// As docx-rs writes its parts: stored, not compressed.
fn stored() -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .unix_permissions(0o755)
}

impl<W: Write + Seek> Writer<W> {
    /// Start the document of `cover` (its title, language and page header; its blocks are
    /// not read) in `out`.
    pub(crate) fn new(out: W, cover: &Report, created: &str) -> Result<Self, DocxError> {
        let stamp = if created.len() == 10 {
            format!("{created}T00:00:00Z")
        } else {
            "1970-01-01T00:00:00Z".to_string()
        };
        let mut zip = zip::ZipWriter::new(out);
        for dir in ["word/", "word/_rels", "_rels/", "docProps/"] {
            zip.add_directory(dir, SimpleFileOptions::default())?;
        }
        zip.start_file("word/document.xml", stored())?;
        // What comes before the first paragraph is the same for every document.
        let empty = Document::new().build();
        let body_at = find(&empty, b"<w:body>").map_or(0, |i| i + b"<w:body>".len());
        zip.write_all(&empty[..body_at])?;
        let title = Paragraph::new().style("Heading1").keep_next(true);
        zip.write_all(&runs(title, &cover.title, false, None, None).build())?;
        Ok(Self {
            zip,
            lang: cover.lang,
            page_header: cover.page_header.clone(),
            stamp,
            pictures: Vec::new(),
            images: Vec::new(),
            pending: None,
        })
    }

    /// Write the waiting paragraph, now that what follows it is known.
    fn flush(&mut self, next_is_body: bool) -> Result<(), DocxError> {
        let (text, size, color) = match self.pending.take() {
            Some(Block::Paragraph(text)) => (text, None, None),
            Some(Block::Notice(text)) => (text, Some(18), Some("444444")),
            _ => return Ok(()),
        };
        let p = Paragraph::new().keep_next(next_is_body).widow_control(true);
        self.zip
            .write_all(&runs(p, &text, false, size, color).build())?;
        Ok(())
    }

    /// Write one block.
    fn put(&mut self, block: Block) -> Result<(), ExportError> {
        self.flush(is_body(&block))?;
        let xml = match block {
            Block::Paragraph(_) | Block::Notice(_) => {
                self.pending = Some(block);
                return Ok(());
            }
            Block::Table(t) => {
                let rows = |f: &mut dyn FnMut(Vec<String>)| {
                    t.rows.iter().for_each(|r| f(r.clone()));
                    Ok(())
                };
                return self.write_table(&t.shape(), &rows);
            }
            Block::List(items) => {
                let each = |f: &mut dyn FnMut(String)| {
                    items.iter().for_each(|i| f(i.clone()));
                    Ok(())
                };
                return self.write_list(items.len(), &each);
            }
            Block::Heading { level, text } => {
                let style = if level <= 2 { "Heading2" } else { "Heading3" };
                let p = Paragraph::new().style(style).keep_next(true);
                runs(p, &text, false, None, None).build()
            }
            Block::Empty(text) => {
                runs(Paragraph::new(), &text, false, None, Some("666666")).build()
            }
            Block::Fields(f) => {
                let xml = header_rows(fields(&f).build());
                self.zip.write_all(&xml).map_err(DocxError::from)?;
                spacer().build()
            }
            Block::Pacing(_) | Block::Bars(_) | Block::Ecomap(_) if !png::available() => runs(
                Paragraph::new(),
                L::NoPictureFont.text(self.lang),
                false,
                Some(18),
                Some("666666"),
            )
            .build(),
            Block::Pacing(bars) => self.picture(&png::pacing(&bars, self.lang)),
            Block::Bars(bars) => self.picture(&png::bars(&bars, self.lang)),
            Block::Ecomap(map) => self.picture(&png::ecomap(&map)),
        };
        self.zip.write_all(&xml).map_err(DocxError::from)?;
        Ok(())
    }

    /// The paragraph of a picture, its media kept for [`Writer::finish`].
    fn picture(&mut self, canvas: &png::Canvas) -> Vec<u8> {
        let bytes = canvas.png();
        let id = match self.images.iter().find(|(b, _)| *b == bytes) {
            Some((_, id)) => id.clone(),
            None => {
                let id = format!("rIdImage{}", self.images.len() + 1);
                self.images.push((bytes.clone(), id.clone()));
                id
            }
        };
        let p = picture(canvas, bytes, id);
        let xml = p.build();
        self.pictures.push(p);
        xml
    }

    /// A table read twice from `rows`: once to fit its columns, once to write its rows.
    fn write_table(&mut self, shape: &TableShape, rows: &Rows<'_>) -> Result<(), ExportError> {
        let mut measure = Measure::new(&shape.headers);
        rows(&mut |row| measure.add(&row))?;
        let grid = measure.grid(&shape.widths);
        // The table with its header row, written up to its end; then the rows, then the end.
        let xml = header_rows(table(vec![header_row(shape, &grid)], grid.clone()).build());
        let end = rfind(&xml, b"</w:tbl>").unwrap_or(xml.len());
        self.zip.write_all(&xml[..end]).map_err(DocxError::from)?;
        let mut r = 0;
        let mut failed = None;
        rows(&mut |row| {
            if failed.is_none() {
                let xml = body_row(shape, &grid, r, &row).build();
                failed = self.zip.write_all(&xml).err();
            }
            r += 1;
        })?;
        if let Some(e) = failed {
            return Err(DocxError::from(e).into());
        }
        self.zip.write_all(&xml[end..]).map_err(DocxError::from)?;
        self.zip
            .write_all(&spacer().build())
            .map_err(DocxError::from)?;
        Ok(())
    }

    /// A bulleted list of `count` items; a short one stays on one page.
    fn write_list(&mut self, count: usize, items: &Items<'_>) -> Result<(), ExportError> {
        let last = count.saturating_sub(1);
        let keep = count <= 8;
        let mut n = 0;
        let mut failed = None;
        items(&mut |item| {
            if failed.is_none() {
                let p = Paragraph::new()
                    .indent(Some(420), Some(SpecialIndentType::Hanging(210)), None, None)
                    .align(AlignmentType::Left)
                    .keep_next(keep && n < last)
                    .widow_control(true);
                let xml = runs(p, &format!("・{item}"), false, None, None).build();
                failed = self.zip.write_all(&xml).err();
            }
            n += 1;
        })?;
        match failed {
            Some(e) => Err(DocxError::from(e).into()),
            None => Ok(()),
        }
    }

    /// Close the body and write the rest of the package; returns `W`.
    pub(crate) fn finish(mut self) -> Result<W, DocxError> {
        self.flush(false)?;
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
        for p in std::mem::take(&mut self.pictures) {
            doc = doc.add_paragraph(p);
        }
        let docx = Docx::new()
            .document(doc)
            .header(page_header(&self.page_header))
            .footer(page_footer())
            .default_fonts(fonts())
            .default_size(21)
            .created_at(&self.stamp)
            .updated_at(&self.stamp)
            .add_style(heading_style("Heading1", "heading 1", 32, 0))
            .add_style(heading_style("Heading2", "heading 2", 26, 1))
            .add_style(heading_style("Heading3", "heading 3", 22, 2));
        let mut xml = docx.build();
        xml.font_table = FONT_TABLE.as_bytes().to_vec();
        let zip = &mut self.zip;
        // The section (page size, margins, header and footer) closes the body.
        let section = rfind(&xml.document, b"<w:sectPr").unwrap_or(xml.document.len());
        zip.write_all(&xml.document[section..])?;
        let mut part = |name: &str, bytes: &[u8]| -> Result<(), DocxError> {
            zip.start_file(name, stored())?;
            zip.write_all(bytes)?;
            Ok(())
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
            self.zip
                .add_directory("word/media/", SimpleFileOptions::default())?;
            for (id, bytes) in &xml.media {
                self.zip
                    .start_file(format!("word/media/{id}.png"), stored())?;
                self.zip.write_all(bytes)?;
            }
        }
        Ok(self.zip.finish()?)
    }
}

impl<W: Write + Seek> Sink for Writer<W> {
    fn block(&mut self, block: Block) -> Result<(), ExportError> {
        self.put(block)
    }

    fn table(&mut self, shape: &TableShape, rows: &Rows<'_>) -> Result<(), ExportError> {
        self.flush(true)?;
        self.write_table(shape, rows)
    }

    fn list(&mut self, count: usize, items: &Items<'_>) -> Result<(), ExportError> {
        self.flush(true)?;
        self.write_list(count, items)
    }
}

/// Tables' header rows (found by their height) marked to repeat on every page a table runs
/// onto.
fn header_rows(xml: Vec<u8>) -> Vec<u8> {
    String::from_utf8_lossy(&xml)
        .replace(HEADER_ROW_XML, &format!("<w:tblHeader />{HEADER_ROW_XML}"))
        .into_bytes()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}
