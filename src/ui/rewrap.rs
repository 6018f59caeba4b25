//! Wrapping long paragraphs without wrapping them whole on every frame.
//!
//! Where a screen line breaks depends on every break before it, so the lines around the
//! cursor of a paragraph of 50 KB with no line break (a pasted record) could only be found by
//! wrapping it from its start, on every key. Here the paragraph being typed into is kept from
//! frame to frame: a frame keeps the screen lines that ended before the edit, wraps on from
//! there and only as far as the view needs. Long paragraphs that are not being edited (a long
//! card above the one typed into) are kept whole as they were wrapped. What comes out is
//! exactly what [`super::wrap::wrap`] gives (tests below compare them after random edits).

use super::wrap::{Piece, line_pieces, next_piece};
use std::cell::RefCell;

/// Paragraphs shorter than this are wrapped anew: keeping them costs as much as wrapping.
const KEEP_FROM: usize = 2048;
/// How many long paragraphs not being edited are kept (a board shows a few long cards).
const KEPT_WHOLE: usize = 4;

/// A paragraph's text at `width` and its first screen lines, each with how far it looked
/// (see [`next_piece`]).
#[derive(Default)]
struct Kept {
    text: String,
    width: usize,
    pieces: Vec<Piece>,
    looked: Vec<usize>,
}

impl Kept {
    /// Forget the screen lines that `text` at `width` may break differently; keep `text`.
    fn follow(&mut self, text: &str, width: usize) {
        if self.width != width {
            self.pieces.clear();
            self.looked.clear();
            self.text.clear();
            self.width = width;
        }
        let same = common_prefix(self.text.as_bytes(), text.as_bytes());
        if same == text.len() && same == self.text.len() {
            return;
        }
        let same = (0..=same)
            .rev()
            .find(|&i| text.is_char_boundary(i) && self.text.is_char_boundary(i))
            .unwrap_or(0);
        // How far the lines looked never decreases from one line to the next (a line starts
        // where the one before ended, at or before where that one stopped looking), so the
        // lines still right are a prefix found by bisection.
        let keep = self.looked.partition_point(|&l| l <= same);
        self.pieces.truncate(keep);
        self.looked.truncate(keep);
        // Only what changed is copied: typing at the end copies the key.
        self.text.truncate(same);
        self.text.push_str(&text[same..]);
    }

    fn ended(&self) -> bool {
        self.pieces
            .last()
            .is_some_and(|p| p.end_byte >= self.text.len())
    }

    /// Wrap on one screen line; false when the text has ended.
    fn more(&mut self) -> bool {
        if self.ended() || self.text.is_empty() {
            return false;
        }
        #[cfg(test)]
        tests::LINES.with(|n| n.set(n.get() + 1));
        let (start, start_byte) = self.pieces.last().map_or((0, 0), |p| (p.end, p.end_byte));
        let (p, looked) = next_piece(0, &self.text, self.width, start, start_byte);
        self.pieces.push(p);
        self.looked.push(looked);
        true
    }
}

/// The length of the longest common prefix, compared a block at a time (the block compare
/// is a `memcmp`).
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 256;
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + BLOCK <= n && a[i..i + BLOCK] == b[i..i + BLOCK] {
        i += BLOCK;
    }
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i
}

/// The empty paragraph's one screen line.
const EMPTY: Piece = Piece {
    line: 0,
    start: 0,
    end: 0,
    start_byte: 0,
    end_byte: 0,
};

thread_local! {
    /// The paragraph being typed into.
    static EDITED: RefCell<Kept> = RefCell::new(Kept::default());
    /// Long paragraphs wrapped whole, the most recently used last.
    static WHOLE: RefCell<Vec<Kept>> = const { RefCell::new(Vec::new()) };
}

/// The screen lines of `text` (one paragraph: no line breaks) at `width` columns (at least
/// 2), from its start at least to the one holding char `cursor` and `after` more (fewer when
/// the text ends), given to `f`.
pub(super) fn around<R>(
    text: &str,
    width: usize,
    cursor: usize,
    after: usize,
    f: impl FnOnce(&[Piece]) -> R,
) -> R {
    if text.is_empty() {
        return f(&[EMPTY]);
    }
    let width = width.max(2);
    EDITED.with(|kept| {
        let Ok(mut kept) = kept.try_borrow_mut() else {
            return f(&super::wrap::wrap(&[text], width));
        };
        kept.follow(text, width);
        loop {
            // The cursor's line: the first that ends after it (lines are in order).
            let at = kept.pieces.partition_point(|p| p.end <= cursor);
            if (at < kept.pieces.len() && kept.pieces.len() > at + after) || !kept.more() {
                break;
            }
        }
        f(&kept.pieces)
    })
}

/// The first `n` screen lines of `text` (one paragraph) at `width` columns (at least 2), or
/// all when it has fewer.
pub(super) fn first(text: &str, width: usize, n: usize) -> Vec<Piece> {
    if text.is_empty() {
        return vec![EMPTY];
    }
    line_pieces(0, text, width.max(2)).take(n).collect()
}

/// All the screen lines of `text` (one paragraph) at `width` columns (at least 2), given to
/// `f`; a long paragraph is wrapped once and kept while it shows.
pub(super) fn whole<R>(text: &str, width: usize, f: impl FnOnce(&[Piece]) -> R) -> R {
    let width = width.max(2);
    if text.len() < KEEP_FROM {
        return f(&super::wrap::wrap(&[text], width));
    }
    WHOLE.with(|kept| {
        let Ok(mut kept) = kept.try_borrow_mut() else {
            return f(&super::wrap::wrap(&[text], width));
        };
        let found = kept
            .iter()
            .position(|k| k.width == width && k.text == text && k.ended());
        let mut k = match found {
            Some(i) => kept.remove(i),
            None => {
                if kept.len() == KEPT_WHOLE {
                    kept.remove(0);
                }
                let mut k = Kept::default();
                k.follow(text, width);
                while k.more() {}
                k
            }
        };
        let out = f(&k.pieces);
        k.pieces.shrink_to_fit();
        kept.push(k);
        out
    })
}

#[cfg(test)]
pub(super) mod tests {
    use super::super::wrap::wrap;
    use super::*;
    use proptest::prelude::*;
    use std::cell::Cell;

    thread_local! {
        /// Screen lines wrapped by the kept paragraphs on this thread.
        pub(in crate::ui) static LINES: Cell<usize> = const { Cell::new(0) };
    }

    fn text_of(chars: &[char]) -> String {
        chars.iter().collect()
    }

    /// An edit: insert `s` at char `at` (taken modulo the length), or remove `n` chars there.
    #[derive(Debug, Clone)]
    enum Edit {
        Insert(usize, String),
        Remove(usize, usize),
    }

    fn edit() -> impl Strategy<Value = Edit> {
        let chars = proptest::sample::select(vec![
            'a', ' ', '家', '。', '）', 'ー', '😀', 'é', '\u{301}', '\t',
        ]);
        prop_oneof![
            (0usize..10_000, proptest::collection::vec(chars, 1..6))
                .prop_map(|(at, s)| Edit::Insert(at, s.into_iter().collect())),
            (0usize..10_000, 1usize..6).prop_map(|(at, n)| Edit::Remove(at, n)),
        ]
    }

    proptest! {
        /// After every edit, and as the cursor and width change, the kept lines are the first
        /// lines of the paragraph wrapped whole, and there are as many as asked for.
        #[test]
        fn kept_lines_are_the_whole_wrap(
            start in "[a 家。）ー😀]{0,300}",
            edits in proptest::collection::vec((edit(), 0usize..400, 0usize..4, 0usize..3), 1..40),
        ) {
            let mut chars: Vec<char> = start.chars().collect();
            for (e, cursor, after, w) in edits {
                match e {
                    Edit::Insert(at, s) => {
                        let at = at % (chars.len() + 1);
                        chars.splice(at..at, s.chars());
                    }
                    Edit::Remove(at, n) => {
                        let at = at % (chars.len() + 1);
                        let end = (at + n).min(chars.len());
                        chars.drain(at..end);
                    }
                }
                let text = text_of(&chars);
                let width = [3, 8, 21][w];
                let all = wrap(&[text.as_str()], width);
                let got = around(&text, width, cursor, after, <[Piece]>::to_vec);
                prop_assert!(all.starts_with(&got), "{got:?} / {all:?}");
                let at = all.iter().position(|p| p.end > cursor).unwrap_or(all.len() - 1);
                prop_assert!(got.len() >= (at + 1 + after).min(all.len()));
                EDITED.with(|k| {
                    let k = k.borrow();
                    assert!(k.looked.windows(2).all(|w| w[0] <= w[1]), "{:?}", k.looked);
                });
                let whole_got = whole(&text, width, <[Piece]>::to_vec);
                prop_assert_eq!(&whole_got, &all);
                prop_assert_eq!(first(&text, width, after + 1), all[..(after + 1).min(all.len())].to_vec());
            }
        }
    }

    /// Typing at the end of a 50 KB paragraph wraps a screen line or two per key, not the
    /// paragraph; typing at its start wraps from the start only as far as asked.
    #[test]
    fn a_key_in_a_long_paragraph_rewraps_only_near_it() {
        let mut text = "本人は通所を再開したいと話した。".repeat(1100);
        assert!(text.len() > 50_000);
        let width = 70;
        let end = text.chars().count();
        around(&text, width, end, 3, |_| ());
        for c in "来週から ok".chars() {
            text.push(c);
            LINES.with(|n| n.set(0));
            let got = around(&text, width, end + 1, 3, <[Piece]>::to_vec);
            assert!(LINES.with(Cell::get) <= 2, "{}", LINES.with(Cell::get));
            assert_eq!(got, wrap(&[text.as_str()], width));
        }
        text.insert(0, '新');
        LINES.with(|n| n.set(0));
        let got = around(&text, width, 0, 40, <[Piece]>::to_vec);
        assert_eq!(got.len(), 41);
        assert_eq!(LINES.with(Cell::get), 41);
        assert!(wrap(&[text.as_str()], width).starts_with(&got));
    }
}
