//! Line breaking for the screen's prose (phase guidance, the projector's board text): by display
//! width, at spaces for English and between any two characters for Japanese, with kinsoku
//! shori — closing brackets and punctuation never start a line, opening brackets never end one.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Characters Japanese typesetting never puts at the start of a line.
const NO_LINE_START: &str = "、。，．,.）)］]｝}」』】〕〉》〙〗・：:；;！!？?ー…‥ゝゞヽヾ々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ％%";
/// Characters never left at the end of a line.
const NO_LINE_END: &str = "（(［[｛{「『【〔〈《〘〖";

/// Wrap `text` (which may hold line breaks) to `width` columns.
pub(crate) fn wrap_kinsoku(text: &str, width: usize) -> Vec<String> {
    let width = width.max(2);
    text.split('\n')
        .flat_map(|para| wrap_paragraph(para, width))
        .collect()
}

/// The pieces a line may not be broken inside: an English word, one Japanese character, a
/// space; with the characters that may not start a line glued to the piece before them and
/// those that may not end one glued to the piece after.
fn units(para: &str) -> Vec<String> {
    let mut raw: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in para.chars() {
        if c.is_ascii_graphic() && !NO_LINE_END.contains(c) && !NO_LINE_START.contains(c) {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            raw.push(std::mem::take(&mut word));
        }
        raw.push(c.to_string());
    }
    if !word.is_empty() {
        raw.push(word);
    }
    let mut out: Vec<String> = Vec::new();
    let mut glue_next = false;
    for u in raw {
        let first = u.chars().next().unwrap_or(' ');
        let space = first == ' ';
        match out.last_mut() {
            Some(last)
                if !space
                    && !last.ends_with(' ')
                    && (glue_next || NO_LINE_START.contains(first)) =>
            {
                last.push_str(&u);
            }
            _ => out.push(u.clone()),
        }
        let last_char = u.chars().last().unwrap_or(' ');
        glue_next = !space && NO_LINE_END.contains(last_char);
    }
    out
}

fn wrap_paragraph(para: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut pending_space = false;
    for u in units(para) {
        if u == " " {
            // A space at the start of the paragraph is kept (indentation); elsewhere it is a
            // break opportunity, dropped at the end of a line.
            if line.is_empty() && lines.is_empty() {
                line.push(' ');
            } else {
                pending_space = true;
            }
            continue;
        }
        let w = u.width();
        let lead = usize::from(pending_space && !line.is_empty());
        if line.width() + lead + w <= width {
            if lead == 1 {
                line.push(' ');
            }
            line.push_str(&u);
        } else {
            if !line.trim().is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            line.clear();
            // A piece wider than the line is cut where it must be.
            for c in u.chars() {
                let cw = c.width().unwrap_or(0);
                if line.width() + cw > width && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                line.push(c);
            }
        }
        pending_space = false;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_brackets_and_punctuation_never_start_a_line() {
        let text = "統合失調症の診断（2025年診断／）。治療は中断・再開を繰り返す「本人」の意向。";
        // From the widest piece that may not be broken (「／）。」 is six columns) up.
        for width in 6..40 {
            let lines = wrap_kinsoku(text, width);
            assert_eq!(lines.concat(), text, "nothing lost at {width}");
            for (i, line) in lines.iter().enumerate() {
                assert!(line.width() <= width, "{line:?} wider than {width}");
                if i > 0 {
                    let first = line.chars().next().unwrap();
                    assert!(!NO_LINE_START.contains(first), "{width}: {lines:?}");
                }
                if i + 1 < lines.len() {
                    let last = line.chars().last().unwrap();
                    assert!(!NO_LINE_END.contains(last), "{width}: {lines:?}");
                }
            }
        }
    }

    #[test]
    fn english_breaks_at_spaces() {
        assert_eq!(
            wrap_kinsoku("Confirm the date, the venue and the purpose.", 16),
            ["Confirm the", "date, the venue", "and the purpose."]
        );
        assert_eq!(wrap_kinsoku("a\nb", 10), ["a", "b"]);
        assert_eq!(wrap_kinsoku("", 10), [""]);
    }
}
