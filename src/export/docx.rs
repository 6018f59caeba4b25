//! A Word document (docx-rs): A4 portrait, headings as Word heading styles (so the navigation
//! pane and a table of contents work), bordered tables with a shaded header row, and a
//! Japanese font: 游ゴシック (Yu Gothic) through `rFonts eastAsia`, with MS Gothic declared in
//! the font table for Word to fall back on where Yu Gothic is not installed.

use super::report::{Block, Report, Table};
use docx_rs::{
    AlignmentType, BreakType, Document, Docx, LineSpacing, PageMargin, PageSize, Paragraph, Run,
    RunFonts, Shading, SpecialIndentType, Style, StyleType, TableBorder, TableBorderPosition,
    TableBorders, TableCell, TableLayoutType, TableRow, WidthType,
};

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

fn para(text: &str) -> Paragraph {
    runs(Paragraph::new(), text, false, None, None)
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

fn grid(widths: &[u16], columns: usize) -> Vec<usize> {
    let weights: Vec<usize> = if widths.len() == columns {
        widths.iter().map(|w| usize::from(*w).max(1)).collect()
    } else {
        vec![1; columns]
    };
    let total: usize = weights.iter().sum::<usize>().max(1);
    weights.iter().map(|w| CONTENT_W * w / total).collect()
}

fn cell(text: &str, width: usize, bold: bool, fill: Option<&str>) -> TableCell {
    let mut c = TableCell::new()
        .width(width, WidthType::Dxa)
        .add_paragraph(runs(Paragraph::new(), text, bold, None, None));
    if let Some(fill) = fill {
        c = c.shading(Shading::new().fill(fill));
    }
    c
}

fn table(t: &Table) -> docx_rs::Table {
    let grid = grid(&t.widths, t.headers.len());
    let mut rows = vec![TableRow::new(
        t.headers
            .iter()
            .zip(&grid)
            .map(|(h, w)| cell(h, *w, true, Some(HEADER_FILL)))
            .collect(),
    )];
    let last = t.rows.len().saturating_sub(1);
    for (i, row) in t.rows.iter().enumerate() {
        let bold = t.total_row && i == last;
        rows.push(
            TableRow::new(
                row.iter()
                    .zip(&grid)
                    .map(|(c, w)| cell(c, *w, bold, bold.then_some(CAPTION_FILL)))
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
    let grid = grid(&[1, 4], 2);
    let rows = fields
        .iter()
        .map(|(k, v)| {
            TableRow::new(vec![
                cell(k, grid[0], true, Some(CAPTION_FILL)),
                cell(v, grid[1], false, None),
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

/// Build the Word document. `created` (YYYY-MM-DD, the conference date) becomes the
/// document's creation date, so the file depends on the record only. The error is the
/// archive writer's message (it never holds record text).
pub fn render(report: &Report, created: &str) -> Result<Vec<u8>, String> {
    let stamp = if created.len() == 10 {
        format!("{created}T00:00:00Z")
    } else {
        "1970-01-01T00:00:00Z".to_string()
    };
    // The body is built as a Document (much smaller than a Docx to move through the builder
    // calls), then put into the package.
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
    doc = doc.add_paragraph(runs(
        Paragraph::new().style("Heading1").keep_next(true),
        &report.title,
        false,
        None,
        None,
    ));
    for block in &report.blocks {
        doc = match block {
            Block::Heading { level, text } => {
                let style = if *level <= 2 { "Heading2" } else { "Heading3" };
                let p = Paragraph::new().style(style).keep_next(true);
                doc.add_paragraph(runs(p, text, false, None, None))
            }
            Block::Paragraph(text) => doc.add_paragraph(para(text)),
            Block::Notice(text) => doc.add_paragraph(runs(
                Paragraph::new(),
                text,
                false,
                Some(18),
                Some("444444"),
            )),
            Block::Empty(text) => {
                doc.add_paragraph(runs(Paragraph::new(), text, false, None, Some("666666")))
            }
            Block::Fields(f) => doc.add_table(fields(f)).add_paragraph(Paragraph::new()),
            Block::Table(t) => doc.add_table(table(t)).add_paragraph(Paragraph::new()),
            Block::List(items) => {
                for item in items {
                    let p = Paragraph::new()
                        .indent(Some(420), Some(SpecialIndentType::Hanging(210)), None, None)
                        .align(AlignmentType::Left);
                    doc = doc.add_paragraph(runs(p, &format!("・{item}"), false, None, None));
                }
                doc
            }
            // The tables next to the charts carry the same figures.
            Block::Pacing(_) | Block::Bars(_) | Block::Ecomap(_) => doc,
        };
    }

    let docx = Docx::new()
        .document(doc)
        .default_fonts(fonts())
        .default_size(21)
        .created_at(&stamp)
        .updated_at(&stamp)
        .add_style(heading_style("Heading1", "heading 1", 32, 0))
        .add_style(heading_style("Heading2", "heading 2", 26, 1))
        .add_style(heading_style("Heading3", "heading 3", 22, 2));

    let mut xml = docx.build();
    xml.font_table = FONT_TABLE.as_bytes().to_vec();
    let mut cursor = std::io::Cursor::new(Vec::new());
    xml.pack(&mut cursor).map_err(|e| e.to_string())?;
    Ok(cursor.into_inner())
}
