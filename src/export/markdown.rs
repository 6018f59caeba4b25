//! GitHub-flavoured Markdown.
//!
//! Every text is escaped so that what a note-taker typed stays text: Markdown punctuation is
//! backslash-escaped (so `<script>` cannot become HTML and `|` cannot end a table cell), and a
//! line break inside a cell, a list item or a paragraph becomes `<br>`.

use super::labels::L;
use super::report::{Block, Report};
use crate::i18n::Lang;

fn sep(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "、",
        Lang::En => ", ",
    }
}

/// Escape text for use inline (paragraphs, list items, table cells).
///
/// Line breaks become `<br>`, so the text is one Markdown line and only its very start can
/// open a block (a list, a heading, a quote, a code block): leading spaces are dropped and a
/// leading `-`, `+` or `1.` is escaped. Markdown punctuation is escaped everywhere.
pub(crate) fn escape(text: &str) -> String {
    escape_inline(text, true)
}

/// Escape text that does not start a block (a table cell, a heading's text, a value after a
/// caption): only Markdown punctuation and line breaks.
pub(crate) fn escape_cell(text: &str) -> String {
    escape_inline(text, false)
}

fn escape_inline(text: &str, block_start: bool) -> String {
    let text = if block_start {
        text.trim_start_matches([' ', '\t'])
    } else {
        text
    };
    let mut out = String::with_capacity(text.len() + 8);
    let digits = if block_start {
        text.chars().take_while(char::is_ascii_digit).count()
    } else {
        0
    };
    let mut chars = text.chars().enumerate().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '&' if entity_follows(&text[byte_at(text, i) + 1..]) => {
                out.push('\\');
                out.push(c);
            }
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '-' | '+' if block_start && i == 0 => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if digits > 0 && i == digits => {
                out.push('\\');
                out.push(c);
            }
            '\r' => {
                if chars.peek().map(|(_, n)| *n) == Some('\n') {
                    chars.next();
                }
                out.push_str("<br>");
            }
            '\n' => out.push_str("<br>"),
            _ => out.push(c),
        }
    }
    out
}

/// The byte offset of the `n`-th character.
fn byte_at(text: &str, n: usize) -> usize {
    text.char_indices().nth(n).map_or(text.len(), |(b, _)| b)
}

/// Whether `rest` (what follows an `&`) would make it an entity such as `&amp;` or `&#60;`.
fn entity_follows(rest: &str) -> bool {
    let name: usize = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
        .count();
    name > 0 && rest[name..].starts_with(';')
}

/// Render the record as Markdown.
pub(crate) fn render(report: &Report) -> String {
    let mut out = String::with_capacity(16 * 1024);
    out.push_str("# ");
    out.push_str(&escape_cell(&report.title));
    out.push_str("\n\n");
    for block in &report.blocks {
        match block {
            Block::Heading { level, text } => {
                out.push_str(&"#".repeat(usize::from(*level)));
                out.push(' ');
                out.push_str(&escape_cell(text));
                out.push_str("\n\n");
            }
            Block::Paragraph(text) => {
                out.push_str(&escape(text));
                out.push_str("\n\n");
            }
            Block::Notice(text) => {
                out.push_str("> ");
                out.push_str(&escape(text));
                out.push_str("\n\n");
            }
            Block::Empty(text) => {
                out.push('*');
                out.push_str(&escape(text));
                out.push_str("*\n\n");
            }
            Block::Fields(fields) => {
                for (k, v) in fields {
                    out.push_str("- **");
                    out.push_str(&escape_cell(k));
                    out.push_str("**: ");
                    out.push_str(&escape_cell(v));
                    out.push('\n');
                }
                out.push('\n');
            }
            Block::Table(table) => {
                out.push('|');
                for h in &table.headers {
                    out.push(' ');
                    out.push_str(&escape_cell(h));
                    out.push_str(" |");
                }
                out.push_str("\n|");
                for i in 0..table.headers.len() {
                    if table.numeric.get(i).copied().unwrap_or(false) {
                        out.push_str("---:|");
                    } else {
                        out.push_str("---|");
                    }
                }
                out.push('\n');
                let last = table.rows.len().saturating_sub(1);
                for (i, row) in table.rows.iter().enumerate() {
                    let bold = table.total_row && i == last;
                    out.push('|');
                    for cell in row {
                        out.push(' ');
                        if bold && !cell.is_empty() {
                            out.push_str("**");
                            out.push_str(&escape_cell(cell));
                            out.push_str("**");
                        } else {
                            out.push_str(&escape_cell(cell));
                        }
                        out.push_str(" |");
                    }
                    out.push('\n');
                }
                out.push('\n');
            }
            Block::List(items) => {
                for item in items {
                    out.push_str("- ");
                    out.push_str(&escape(item));
                    out.push('\n');
                }
                out.push('\n');
            }
            // The tables beside them carry the same figures.
            Block::Pacing(_) | Block::Bars(_) => {}
            Block::Ecomap(map) => {
                for (l, want) in [(L::EcoCurrent, true), (L::EcoProposed, false)] {
                    let names: Vec<String> = map
                        .agencies
                        .iter()
                        .filter(|a| {
                            if want {
                                a.current
                            } else {
                                !a.current && a.proposed
                            }
                        })
                        .map(|a| escape_cell(&a.name))
                        .collect();
                    if names.is_empty() {
                        continue;
                    }
                    out.push_str("- **");
                    out.push_str(&escape_cell(l.text(report.lang)));
                    out.push_str("**: ");
                    out.push_str(&names.join(sep(report.lang)));
                    out.push('\n');
                }
                out.push('\n');
            }
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_structure_and_html() {
        assert_eq!(escape("a|b\nc"), "a\\|b<br>c");
        assert_eq!(escape("<script>"), "\\<script\\>");
        assert_eq!(escape("# 見出し"), "\\# 見出し");
        assert_eq!(escape("- 項目"), "\\- 項目");
        assert_eq!(escape("1. 番号"), "1\\. 番号");
        assert_eq!(escape("2026年11月"), "2026年11月");
        assert_eq!(escape("a\r\nb\rc"), "a<br>b<br>c");
        assert_eq!(escape("佐藤・田中"), "佐藤・田中");
        assert_eq!(escape_cell("1. 開催概要"), "1. 開催概要");
        assert_eq!(escape_cell("+3分"), "+3分");
        assert_eq!(escape_cell("a|b"), "a\\|b");
        assert_eq!(escape_cell("Q&A"), "Q&A");
        assert_eq!(escape_cell("&lt;"), "\\&lt;");
    }
}
