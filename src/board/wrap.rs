//! Soft wrapping of note text by display width, shared by drawing and cursor placement so the
//! cursor always sits on the character it belongs to, Japanese and emoji included.
//!
//! Lines break at the last space that fits (English), else at the last character that fits
//! (Japanese has no spaces); a wide character never straddles the edge.

use unicode_width::UnicodeWidthChar;

/// One screen line of wrapped text: the characters `start..end` (char indices) of logical line
/// `line`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    pub line: usize,
    pub start: usize,
    pub end: usize,
}

/// Characters that Japanese typesetting never puts at the start of a line.
const NO_LINE_START: &str = "、。，．）」』】〉》！？・ー々ぁぃぅぇぉっゃゅょァィゥェォッャュョ";

pub fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// Wrap `lines` to `width` columns (at least 1).
pub fn wrap(lines: &[String], width: usize) -> Vec<Piece> {
    let width = width.max(2);
    let mut out = Vec::new();
    for (li, line) in lines.iter().enumerate() {
        let chars: Vec<char> = line.chars().collect();
        let mut start = 0;
        if chars.is_empty() {
            out.push(Piece {
                line: li,
                start: 0,
                end: 0,
            });
            continue;
        }
        while start < chars.len() {
            let mut used = 0;
            let mut end = start;
            let mut last_space = None;
            while end < chars.len() {
                let w = char_width(chars[end]);
                if used + w > width {
                    break;
                }
                if chars[end] == ' ' {
                    last_space = Some(end);
                }
                used += w;
                end += 1;
            }
            if end < chars.len() {
                // Prefer breaking after a space, when that keeps a reasonable part of the line.
                if let Some(sp) = last_space.filter(|&sp| sp + 1 > start && sp + 1 < end) {
                    end = sp + 1;
                }
                // Kinsoku: closing punctuation never starts a line; take a character with it.
                if end > start + 1 && NO_LINE_START.contains(chars[end]) {
                    end -= 1;
                }
                if end == start {
                    end = start + 1; // a character wider than the line: give it one anyway
                }
            }
            out.push(Piece {
                line: li,
                start,
                end,
            });
            start = end;
        }
    }
    out
}

/// The text of a piece.
pub fn piece_text(lines: &[String], p: Piece) -> String {
    lines
        .get(p.line)
        .map(|l| l.chars().skip(p.start).take(p.end - p.start).collect())
        .unwrap_or_default()
}

/// Screen (row, column) of the cursor at (line, char column) within wrapped `pieces`.
pub fn cursor_position(
    lines: &[String],
    pieces: &[Piece],
    line: usize,
    col: usize,
) -> (usize, usize) {
    let mut last_of_line = None;
    for (row, p) in pieces.iter().enumerate() {
        if p.line != line {
            continue;
        }
        last_of_line = Some((row, *p));
        // A cursor at a break belongs to the start of the next piece, except at line end.
        if col >= p.start && col < p.end {
            return (row, width_of(lines, p.line, p.start, col));
        }
    }
    match last_of_line {
        Some((row, p)) => (row, width_of(lines, p.line, p.start, col.min(p.end))),
        None => (0, 0),
    }
}

fn width_of(lines: &[String], line: usize, from: usize, to: usize) -> usize {
    lines.get(line).map_or(0, |l| {
        l.chars()
            .skip(from)
            .take(to.saturating_sub(from))
            .map(char_width)
            .sum()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str, w: usize) -> Vec<String> {
        let lines: Vec<String> = s.split('\n').map(str::to_string).collect();
        wrap(&lines, w)
            .iter()
            .map(|p| piece_text(&lines, *p))
            .collect()
    }

    #[test]
    fn japanese_wraps_by_width() {
        assert_eq!(
            texts("家賃を滞納している", 8),
            vec!["家賃を滞", "納してい", "る"]
        );
        // A wide character never straddles the edge.
        assert_eq!(texts("ab家賃", 5), vec!["ab家", "賃"]);
        // Kinsoku: 。 does not start a line.
        assert_eq!(texts("止まった。", 8), vec!["止まっ", "た。"]);
    }

    #[test]
    fn english_wraps_at_spaces_and_keeps_newlines() {
        assert_eq!(
            texts("gas was cut off\nsince May", 8),
            vec!["gas was ", "cut off", "since ", "May"]
        );
        assert_eq!(texts("", 8), vec![""]);
    }

    #[test]
    fn cursor_follows_wrapping() {
        let lines = vec!["家賃を滞納".to_string()];
        let pieces = wrap(&lines, 6);
        assert_eq!(cursor_position(&lines, &pieces, 0, 0), (0, 0));
        assert_eq!(cursor_position(&lines, &pieces, 0, 2), (0, 4));
        assert_eq!(cursor_position(&lines, &pieces, 0, 3), (1, 0));
        assert_eq!(cursor_position(&lines, &pieces, 0, 5), (1, 4));
        let lines = vec!["①②■ok".to_string(), "😀x".to_string()];
        let pieces = wrap(&lines, 10);
        assert_eq!(cursor_position(&lines, &pieces, 0, 3), (0, 3));
        assert_eq!(cursor_position(&lines, &pieces, 1, 1), (1, 2));
    }
}
