//! One self-contained HTML file: inline CSS (A4 print layout, Japanese font stack), inline SVG
//! charts for the agenda's pacing and the survey, no script and no external resource.
//!
//! Every text from the record goes through [`escape`]; a Content-Security-Policy that allows
//! nothing but the inline style is a second line of defence.

use super::labels::L;
use super::layout::{self, Tie};
use super::report::{Bars, Block, Ecomap, PacingBar, Report, duration};
use crate::i18n::Lang;
use std::fmt::Write;

/// Escape text for HTML element content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Escaped text whose line breaks become `<br>`.
fn lines(text: &str) -> String {
    escape(&text.replace("\r\n", "\n").replace('\r', "\n")).replace('\n', "<br>")
}

/// Text as a CSS string literal: everything but letters and digits escaped, so nothing can end
/// the string or the style element.
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        if c.is_ascii() && !c.is_ascii_alphanumeric() || c.is_control() {
            let _ = write!(out, "\\{:x} ", c as u32);
        } else {
            out.push(c);
        }
    }
    out.push('"');
    out
}

/// The print page: the handling mark and the title at the top of every page, "page / pages" at
/// the bottom.
fn page_css(report: &Report) -> String {
    format!(
        "@page {{ size: A4; margin: 18mm 15mm 18mm;\n  \
         @top-left {{ content: {}; font-size: 8pt; color: #333; }}\n  \
         @bottom-center {{ content: counter(page) \" / \" counter(pages); font-size: 9pt; }} }}\n",
        css_string(&report.page_header)
    )
}

const CSS: &str = r#"
* { box-sizing: border-box; }
body {
  font-family: "Hiragino Kaku Gothic ProN", "Hiragino Sans", "Yu Gothic", YuGothic, "Meiryo",
    "Noto Sans CJK JP", "Noto Sans JP", "IPAexGothic", "MS Gothic", sans-serif;
  color: #1a1a1a; background: #fff; line-height: 1.65; font-size: 15px;
  max-width: 60rem; margin: 2rem auto; padding: 0 1.25rem;
}
h1 { font-size: 1.6rem; margin: 0 0 .25rem; padding-bottom: .3rem; border-bottom: 3px solid #1f4e79; }
h2 { font-size: 1.2rem; margin: 2rem 0 .6rem; padding: .1rem 0 .1rem .6rem; border-left: 6px solid #1f4e79; }
h3 { font-size: 1.02rem; margin: 1.2rem 0 .4rem; color: #1f4e79; }
p { margin: .4rem 0; }
p.kind { color: #444; margin-top: 0; }
p.notice { font-size: .9rem; color: #333; background: #f4f6f8; border-left: 4px solid #8a99a8; padding: .35rem .6rem; }
p.empty { color: #666; }
ul { margin: .3rem 0 .8rem; padding-left: 1.4rem; }
li { margin: .15rem 0; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; }
th, td { border: 1px solid #7f8c99; padding: .3rem .5rem; vertical-align: top; text-align: left; }
thead th { background: #e6edf5; }
table.fields th { background: #f4f6f8; width: 9em; white-space: nowrap; }
tr.total td { font-weight: bold; background: #f4f6f8; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.fig { white-space: nowrap; }
figure { margin: .5rem 0 1rem; }
svg { max-width: 100%; height: auto; }
svg text { font-family: inherit; font-size: 12px; fill: #1a1a1a; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10pt; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  p:has(+ figure), p:has(+ table) { break-after: avoid; page-break-after: avoid; }
  table, figure, tr { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  p.notice { background: none; }
}
"#;

/// Render the record as one HTML file.
pub(crate) fn render(report: &Report) -> String {
    let lang = report.lang;
    let mut out = String::with_capacity(32 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"robots\" content=\"noindex, nofollow\">\n\
         <meta name=\"generator\" content=\"caseconf\">\n<title>{}</title>\n<style>\n{}{}</style>\n</head>\n<body>\n",
        lang.code(),
        escape(&report.title),
        page_css(report),
        CSS
    );
    let _ = writeln!(out, "<h1>{}</h1>", escape(&report.title));
    let mut first_paragraph = true;
    for block in &report.blocks {
        match block {
            Block::Heading { level, text } => {
                let level = (*level).clamp(2, 6);
                let _ = writeln!(out, "<h{level}>{}</h{level}>", escape(text));
            }
            Block::Paragraph(text) => {
                if first_paragraph {
                    let _ = writeln!(out, "<p class=\"kind\">{}</p>", lines(text));
                } else {
                    let _ = writeln!(out, "<p>{}</p>", lines(text));
                }
            }
            Block::Notice(text) => {
                let _ = writeln!(out, "<p class=\"notice\">{}</p>", lines(text));
            }
            Block::Empty(text) => {
                let _ = writeln!(out, "<p class=\"empty\">{}</p>", escape(text));
            }
            Block::Fields(fields) => {
                out.push_str("<table class=\"fields\">\n<tbody>\n");
                for (k, v) in fields {
                    let _ = writeln!(out, "<tr><th>{}</th><td>{}</td></tr>", escape(k), lines(v));
                }
                out.push_str("</tbody>\n</table>\n");
            }
            Block::Table(table) => {
                let total: u32 = table.widths.iter().map(|w| u32::from(*w)).sum();
                out.push_str("<table>\n");
                if total > 0 && table.widths.len() == table.headers.len() {
                    out.push_str("<colgroup>");
                    for w in &table.widths {
                        let pct = u32::from(*w) * 1000 / total;
                        let _ = write!(out, "<col style=\"width:{}.{}%\">", pct / 10, pct % 10);
                    }
                    out.push_str("</colgroup>\n");
                }
                let num = |i: usize| {
                    if table.numeric.get(i).copied().unwrap_or(false) {
                        " class=\"num\""
                    } else {
                        ""
                    }
                };
                out.push_str("<thead><tr>");
                for (i, h) in table.headers.iter().enumerate() {
                    let _ = write!(out, "<th{}>{}</th>", num(i), escape(h));
                }
                out.push_str("</tr></thead>\n<tbody>\n");
                let last = table.rows.len().saturating_sub(1);
                for (i, row) in table.rows.iter().enumerate() {
                    if table.total_row && i == last {
                        out.push_str("<tr class=\"total\">");
                    } else {
                        out.push_str("<tr>");
                    }
                    for (i, cell) in row.iter().enumerate() {
                        // A short cell with figures (a date, a duration) stays on one line.
                        let class = if !num(i).is_empty() {
                            num(i)
                        } else if cell.chars().count() <= 16
                            && cell.chars().any(|c| c.is_ascii_digit())
                            && !cell.contains('\n')
                        {
                            " class=\"fig\""
                        } else {
                            ""
                        };
                        let _ = write!(out, "<td{class}>{}</td>", lines(cell));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody>\n</table>\n");
            }
            Block::List(items) => {
                out.push_str("<ul>\n");
                for item in items {
                    let _ = writeln!(out, "<li>{}</li>", lines(item));
                }
                out.push_str("</ul>\n");
            }
            Block::Pacing(bars) => pacing_chart(&mut out, bars, lang),
            Block::Bars(bars) => bar_chart(&mut out, bars, lang),
            Block::Ecomap(map) => ecomap(&mut out, map, lang),
        }
        if matches!(block, Block::Paragraph(_)) {
            first_paragraph = false;
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// Cut a label to `max` characters, with an ellipsis.
fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

const PLANNED: &str = "#b3c2d1";
const ACTUAL: &str = "#1f4e79";
const OVER: &str = "#c0392b";
/// Over time is hatched as well as red, so it survives black-and-white printing.
const OVER_FILL: &str = "url(#over)";
const OVER_PATTERN: &str = "<defs><pattern id=\"over\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#c0392b\"/><rect width=\"2.5\" height=\"6\" fill=\"#ffffff\"/></pattern></defs>\n";

/// Planned (light) and actual (dark, red beyond the plan) bars per phase.
fn pacing_chart(out: &mut String, bars: &[PacingBar], lang: Lang) {
    let label_w = 220.0;
    let bar_w = 330.0;
    let width = 680.0;
    let row_h = 34.0;
    let top = 28.0;
    let height = top + row_h * bars.len() as f64 + 8.0;
    let max = bars
        .iter()
        .map(|b| b.planned_ms.max(b.actual_ms))
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let scale = |ms: i64| (ms.max(0) as f64) / max * bar_w;
    let title = L::Pacing.text(lang);
    let _ = write!(
        out,
        "<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 {width} {height}\" \
         width=\"{width}\" height=\"{height}\" aria-label=\"{t}\">\n<title>{t}</title>\n",
        t = escape(title)
    );
    out.push_str(OVER_PATTERN);
    // Legend.
    let _ = writeln!(
        out,
        "<rect x=\"{label_w}\" y=\"6\" width=\"14\" height=\"10\" fill=\"{PLANNED}\"/>\
         <text x=\"{}\" y=\"15\">{}</text>\
         <rect x=\"{}\" y=\"6\" width=\"14\" height=\"10\" fill=\"{ACTUAL}\"/>\
         <text x=\"{}\" y=\"15\">{}</text>\
         <rect x=\"{}\" y=\"6\" width=\"14\" height=\"10\" fill=\"{OVER_FILL}\" stroke=\"{OVER}\"/>\
         <text x=\"{}\" y=\"15\">{}</text>",
        label_w + 18.0,
        escape(L::ChartPlanned.text(lang)),
        label_w + 90.0,
        label_w + 108.0,
        escape(L::ChartActual.text(lang)),
        label_w + 180.0,
        label_w + 198.0,
        escape(L::Overrun.text(lang)),
    );
    for (i, b) in bars.iter().enumerate() {
        let y = top + row_h * i as f64;
        let planned = scale(b.planned_ms);
        let within = scale(b.actual_ms.min(b.planned_ms));
        let over = scale(b.actual_ms) - within;
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\
             <rect x=\"{label_w}\" y=\"{y}\" width=\"{planned:.1}\" height=\"12\" fill=\"{PLANNED}\"/>",
            label_w - 8.0,
            y + 17.0,
            escape(&clip(&format!("{}. {}", i + 1, b.label), 18)),
        );
        if b.held {
            let _ = write!(
                out,
                "<rect x=\"{label_w}\" y=\"{}\" width=\"{within:.1}\" height=\"12\" fill=\"{ACTUAL}\"/>",
                y + 14.0
            );
            if over > 0.0 {
                let _ = write!(
                    out,
                    "<rect x=\"{:.1}\" y=\"{}\" width=\"{over:.1}\" height=\"12\" fill=\"{OVER_FILL}\" stroke=\"{OVER}\" stroke-width=\"0.8\"/>",
                    label_w + within,
                    y + 14.0
                );
            }
        }
        let actual = if b.held {
            duration(b.actual_ms, lang)
        } else {
            L::NotHeld.text(lang).to_string()
        };
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{}\">{} / {}</text>",
            label_w + planned.max(within + over) + 6.0,
            y + 17.0,
            escape(&duration(b.planned_ms, lang)),
            escape(&actual)
        );
    }
    out.push_str("</svg>\n</figure>\n");
}

/// One bar per option with its count.
fn bar_chart(out: &mut String, chart: &Bars, lang: Lang) {
    let bars = &chart.bars;
    let label_w = 300.0;
    let bar_w = 300.0;
    let width = 680.0;
    let row_h = 24.0;
    let top = 26.0;
    let height = top + row_h * bars.len() as f64 + 8.0;
    let max = bars.iter().map(|(_, c)| *c).max().unwrap_or(1).max(1) as f64;
    let title = L::Survey.text(lang);
    let _ = write!(
        out,
        "<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 {width} {height}\" \
         width=\"{width}\" height=\"{height}\" aria-label=\"{t}\">\n<title>{t}</title>\n",
        t = escape(title)
    );
    if let Some(n) = chart.respondents {
        let _ = writeln!(
            out,
            "<text x=\"{label_w}\" y=\"16\">{} n = {n}</text>",
            escape(L::ChartRespondents.text(lang))
        );
    }
    for (i, (label, count)) in bars.iter().enumerate() {
        let y = top + row_h * i as f64;
        let w = (*count).max(0) as f64 / max * bar_w;
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\
             <rect x=\"{label_w}\" y=\"{}\" width=\"{w:.1}\" height=\"14\" fill=\"{ACTUAL}\"/>\
             <text x=\"{:.1}\" y=\"{}\">{count}</text>",
            label_w - 8.0,
            y + 13.0,
            escape(&clip(label, 24)),
            y + 2.0,
            label_w + w + 6.0,
            y + 13.0,
        );
    }
    out.push_str("</svg>\n</figure>\n");
}

/// The ecomap: the person in the middle, agencies around, solid lines for involvement now,
/// dashed for a proposed role, dotted for an agency named without either.
fn ecomap(out: &mut String, map: &Ecomap, lang: Lang) {
    let l = layout::ecomap(map);
    let title = L::Ecomap.text(lang);
    let _ = write!(
        out,
        "<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 {w} {h}\" \
         width=\"{w}\" height=\"{h}\" aria-label=\"{t}\">\n<title>{t}</title>\n",
        w = l.width,
        h = l.height,
        t = escape(title)
    );
    for (node, tie) in &l.agencies {
        let style = match tie {
            Tie::Current => "stroke=\"#1a1a1a\" stroke-width=\"2.5\"",
            Tie::Proposed => "stroke=\"#1a1a1a\" stroke-width=\"2\" stroke-dasharray=\"9 6\"",
            Tie::Listed => "stroke=\"#888888\" stroke-width=\"1\" stroke-dasharray=\"2 4\"",
        };
        let _ = writeln!(
            out,
            "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" {style}/>",
            l.centre.x, l.centre.y, node.x, node.y
        );
    }
    let text = |out: &mut String, node: &layout::Node, bold: bool| {
        let n = node.lines.len() as f64;
        for (i, line) in node.lines.iter().enumerate() {
            let y = node.y + (i as f64 - (n - 1.0) / 2.0) * 17.0 + 5.0;
            let _ = write!(
                out,
                "<text x=\"{:.1}\" y=\"{y:.1}\" text-anchor=\"middle\" font-size=\"14\"{}>{}</text>",
                node.x,
                if bold { " font-weight=\"bold\"" } else { "" },
                escape(line)
            );
        }
        out.push('\n');
    };
    for (node, tie) in &l.agencies {
        let border = if *tie == Tie::Listed {
            "#888888"
        } else {
            "#1f4e79"
        };
        let _ = write!(
            out,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{}\" height=\"{}\" rx=\"8\" fill=\"#ffffff\" stroke=\"{border}\" stroke-width=\"1.5\"/>",
            node.x - node.w / 2.0,
            node.y - node.h / 2.0,
            node.w,
            node.h
        );
        text(out, node, false);
    }
    let c = &l.centre;
    let _ = write!(
        out,
        "<ellipse cx=\"{:.1}\" cy=\"{:.1}\" rx=\"{}\" ry=\"{}\" fill=\"#e6edf5\" stroke=\"#1f4e79\" stroke-width=\"2.5\"/>",
        c.x,
        c.y,
        c.w / 2.0,
        c.h / 2.0
    );
    text(out, c, true);
    out.push_str("</svg>\n</figure>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(lines("a\r\nb<"), "a<br>b&lt;");
    }

    #[test]
    fn clips_long_labels() {
        assert_eq!(clip("あいうえお", 3), "あい…");
        assert_eq!(clip("あい", 3), "あい");
    }
}
