//! Soft wrapping of note text by display width, shared by drawing and cursor placement so the
//! cursor always sits on the character it belongs to, Japanese and emoji included.
//!
//! Lines break at the last space that fits (English), else at the last character that fits
//! (Japanese has no spaces); a wide character never straddles the edge.

use unicode_width::UnicodeWidthChar;

/// One screen line of wrapped text: the characters `start..end` (char indices) of logical line
/// `line`, which are the bytes `start_byte..end_byte` of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Piece {
    pub(crate) line: usize,
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) start_byte: usize,
    pub(crate) end_byte: usize,
}

/// Characters that Japanese typesetting never puts at the start of a line.
const NO_LINE_START: &str = "、。，．）」』】〕〉》］｝！？・：；ー々ゝゞぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ)]},.!?:;";

pub(crate) fn char_width(c: char) -> usize {
    // The commonest characters of a note skip the table lookup: printable ASCII is one column;
    // kanji, hiragana and katakana are two (the test below checks these ranges against the
    // table).
    match c {
        ' '..='~' => 1,
        '\u{4e00}'..='\u{9fff}' | '\u{3041}'..='\u{3096}' | '\u{30a1}'..='\u{30fa}' => 2,
        _ => c.width().unwrap_or(0),
    }
}

/// Wrap `lines` to `width` columns (at least 1).
pub(crate) fn wrap<S: AsRef<str>>(lines: &[S], width: usize) -> Vec<Piece> {
    let width = width.max(2);
    let mut out = Vec::new();
    for (li, line) in lines.iter().enumerate() {
        let line = line.as_ref();
        if line.is_empty() {
            out.push(Piece {
                line: li,
                start: 0,
                end: 0,
                start_byte: 0,
                end_byte: 0,
            });
            continue;
        }
        out.extend(line_pieces(li, line, width));
    }
    out
}

/// The screen lines of non-empty `line` (logical line `li`) at `width` (at least 2), one at a
/// time: a caller that needs only the first few wraps no further.
pub(super) fn line_pieces(li: usize, line: &str, width: usize) -> impl Iterator<Item = Piece> {
    let (mut start, mut start_byte) = (0, 0);
    std::iter::from_fn(move || {
        if start_byte >= line.len() {
            return None;
        }
        let (p, _) = next_piece(li, line, width, start, start_byte);
        start = p.end;
        start_byte = p.end_byte;
        Some(p)
    })
}

/// The screen line of non-empty `line` (logical line `li`) that starts at char `start`, byte
/// `start_byte` (which is before its end), wrapped to `width` (at least 2); and how far it
/// looked to decide where to break: the byte after the last character it read, or one past
/// the line's end when it reached the end. An edit at or after that byte cannot change this
/// screen line, which is what lets [`super::rewrap`] keep the lines before an edit.
pub(super) fn next_piece(
    li: usize,
    line: &str,
    width: usize,
    start: usize,
    start_byte: usize,
) -> (Piece, usize) {
    // One pass over the text, nothing allocated: char indices and byte offsets side by side.
    let (mut end, mut end_byte) = (start, start_byte);
    // Where the character before `end` starts, the last space (its index and the byte
    // after it), and the first character that did not fit.
    let mut before_end = start_byte;
    let mut last_space: Option<(usize, usize)> = None;
    let mut overflow = None;
    let mut used = 0;
    for c in line[start_byte..].chars() {
        let w = char_width(c);
        if used + w > width {
            overflow = Some(c);
            break;
        }
        if c == ' ' {
            last_space = Some((end, end_byte + 1));
        }
        used += w;
        before_end = end_byte;
        end += 1;
        end_byte += c.len_utf8();
    }
    let looked = match overflow {
        Some(c) => end_byte + c.len_utf8(),
        None => line.len() + 1,
    };
    if let Some(mut next) = overflow {
        // Prefer breaking after a space, when that keeps a reasonable part of the line.
        if let Some((sp, after)) = last_space.filter(|&(sp, _)| sp + 1 > start && sp + 1 < end) {
            end = sp + 1;
            end_byte = after;
            before_end = after - 1;
            next = line[after..].chars().next().unwrap_or(' ');
        }
        // Kinsoku: closing punctuation never starts a line; take characters with it
        // until the next line starts with one that may ("診断／）。" moves whole).
        while end > start + 1 && NO_LINE_START.contains(next) {
            end -= 1;
            end_byte = before_end;
            next = line[end_byte..].chars().next().unwrap_or(' ');
            before_end = line[start_byte..end_byte]
                .char_indices()
                .last()
                .map_or(start_byte, |(i, _)| start_byte + i);
        }
        if end == start {
            // A character wider than the line: give it one anyway.
            end = start + 1;
            end_byte = start_byte + next.len_utf8();
        }
    }
    (
        Piece {
            line: li,
            start,
            end,
            start_byte,
            end_byte,
        },
        looked,
    )
}

/// The text of a piece.
pub(crate) fn piece_text<S: AsRef<str>>(lines: &[S], p: Piece) -> String {
    lines
        .get(p.line)
        .and_then(|l| l.as_ref().get(p.start_byte..p.end_byte))
        .unwrap_or_default()
        .to_string()
}

/// Screen (row, column) of the cursor at (line, char column) within wrapped `pieces`.
pub(crate) fn cursor_position<S: AsRef<str>>(
    lines: &[S],
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
            return (row, width_of(lines, p, col));
        }
    }
    match last_of_line {
        Some((row, p)) => (row, width_of(lines, &p, col.min(p.end))),
        None => (0, 0),
    }
}

/// The width of the characters of `p`'s line from the start of `p` to char column `to`.
fn width_of<S: AsRef<str>>(lines: &[S], p: &Piece, to: usize) -> usize {
    lines
        .get(p.line)
        .and_then(|l| l.as_ref().get(p.start_byte..))
        .map_or(0, |rest| {
            rest.chars()
                .take(to.saturating_sub(p.start))
                .map(char_width)
                .sum()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_of_closing_punctuation_never_starts_a_line() {
        let text = ["統合失調症（2025年診断／）。治療は中断・再開を繰り返す「本人」の意向。"];
        for width in 6..30 {
            let pieces = wrap(&text, width);
            let lines: Vec<String> = pieces.iter().map(|p| piece_text(&text, *p)).collect();
            assert_eq!(lines.concat(), text[0]);
            for line in lines.iter().skip(1) {
                let first = line.chars().next().unwrap();
                assert!(!NO_LINE_START.contains(first), "{width}: {lines:?}");
            }
        }
    }

    fn texts(s: &str, w: usize) -> Vec<String> {
        let lines: Vec<String> = s.split('\n').map(str::to_string).collect();
        wrap(&lines, w)
            .iter()
            .map(|p| piece_text(&lines, *p))
            .collect()
    }

    /// The first implementation (a `Vec<char>` per line), kept to check the faster one.
    fn wrap_reference(lines: &[String], width: usize) -> Vec<(usize, usize, usize)> {
        let width = width.max(2);
        let mut out = Vec::new();
        for (li, line) in lines.iter().enumerate() {
            let chars: Vec<char> = line.chars().collect();
            let mut start = 0;
            if chars.is_empty() {
                out.push((li, 0, 0));
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
                    if let Some(sp) = last_space.filter(|&sp| sp + 1 > start && sp + 1 < end) {
                        end = sp + 1;
                    }
                    while end > start + 1 && NO_LINE_START.contains(chars[end]) {
                        end -= 1;
                    }
                    if end == start {
                        end = start + 1;
                    }
                }
                out.push((li, start, end));
                start = end;
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn wrap_matches_the_reference(
            text in proptest::collection::vec(
                proptest::sample::select(vec![
                    'a', 'b', ' ', ' ', '\n', '家', '賃', '。', '、', 'ー', 'っ', '）', '😀', '①',
                    '\u{301}', '\u{200b}', 'ｱ', 'é', '\t',
                ]),
                0..120,
            ),
            width in 0usize..14,
        ) {
            let text: String = text.into_iter().collect();
            let lines: Vec<String> = text.split('\n').map(str::to_string).collect();
            let pieces = wrap(&lines, width);
            let triples: Vec<(usize, usize, usize)> =
                pieces.iter().map(|p| (p.line, p.start, p.end)).collect();
            proptest::prop_assert_eq!(&triples, &wrap_reference(&lines, width));
            for p in &pieces {
                let by_chars: String =
                    lines[p.line].chars().skip(p.start).take(p.end - p.start).collect();
                proptest::prop_assert_eq!(piece_text(&lines, *p), by_chars);
            }
        }
    }

    #[test]
    fn fast_widths_match_the_table() {
        for c in (' '..='~')
            .chain('\u{4e00}'..='\u{9fff}')
            .chain('\u{3041}'..='\u{3096}')
            .chain('\u{30a1}'..='\u{30fa}')
        {
            assert_eq!(char_width(c), c.width().unwrap_or(0), "{c:?}");
        }
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
