//! Identifying details typed in notes that are not names: e-mail addresses, dates of birth,
//! My Number-like digit runs, phone numbers, postal codes and street addresses. Found with
//! `regex` and replaced by a bracketed word (〔電話番号〕) before names are replaced.
//!
//! Digits may be half- or full-width, separators any dash Japanese text uses. Dates that are
//! not said to be a birth date are left alone: the timeline needs its years and months.

use super::labels::L;
use crate::i18n::Lang;
use regex::Regex;
use std::sync::LazyLock;

/// What kind of detail a pattern finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Detail {
    Email,
    Birth,
    IdNumber,
    Phone,
    Postcode,
    Address,
}

impl Detail {
    /// The bracketed word that replaces it.
    pub(crate) fn label(self) -> L {
        match self {
            Detail::Email => L::RedactEmail,
            Detail::Birth => L::RedactBirth,
            Detail::IdNumber => L::RedactIdNumber,
            Detail::Phone => L::RedactPhone,
            Detail::Postcode => L::RedactPostcode,
            Detail::Address => L::RedactAddress,
        }
    }
}

const D: &str = "[0-9０-９]";
const DASH: &str = "[-‐‑–—―−ー－]";

fn build(pattern: &str) -> Regex {
    let pattern = pattern.replace("{D}", D).replace("{H}", DASH);
    // The patterns are constants of this file, compiled and tested by the unit tests below.
    Regex::new(&pattern).expect("a constant pattern compiles")
}

static PATTERNS: LazyLock<Vec<(Detail, Regex)>> = LazyLock::new(|| {
    let date = r"(?:(?:明治|大正|昭和|平成|令和|[MTSHRmtshr])\s*(?:元|{D}{1,2})|{D}{4})\s*(?:年|[/.．／]|{H})\s*{D}{1,2}\s*(?:月|[/.．／]|{H})\s*{D}{1,2}\s*日?";
    vec![
        (
            Detail::Email,
            build(r"[A-Za-z0-9._%+\-]+[@＠][A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+"),
        ),
        (
            Detail::Birth,
            build(&format!(
                r"(?:生年月日|誕生日|DOB|[Dd]ate of birth|[Bb]orn)\s*[:：は]?\s*{date}|{date}\s*(?:生まれ|生)"
            )),
        ),
        (
            Detail::IdNumber,
            build(r"{D}{4}[\s{H}]?{D}{4}[\s{H}]?{D}{4}"),
        ),
        (
            Detail::Phone,
            build(concat!(
                r"(?:\+81|[(（][0０]{D}{1,4}[)）]|[0０]{D}{1,4})\s*(?:{H}|\s|[(（)）])*{D}{1,4}\s*(?:{H}|\s|[)）])\s*{D}{3,4}",
                r"|[0０][7-9７-９][0０]{D}{8}|[0０]{D}{9}"
            )),
        ),
        (
            Detail::Postcode,
            build(r"〒\s*{D}{3}{H}?{D}{4}|{D}{3}{H}{D}{4}"),
        ),
        (
            Detail::Address,
            build(concat!(
                r"(?:[\p{Han}\p{Katakana}ヶケ]{1,6}[都道府県])?",
                r"(?:さいたま|[\p{Han}\p{Katakana}ヶケ]{1,6})[市区町村郡]",
                r"(?:[\p{Han}\p{Katakana}ヶケ]{1,6}[区町村])?",
                r"[\p{Han}\p{Katakana}ヶケの]{0,8}",
                r"{D}{1,4}(?:丁目|番地|番|{H}|の)\s*{D}{1,4}(?:\s*(?:番地|番|号|{H}|の)\s*{D}{0,4}号?)?",
                r"|[\p{Han}\p{Katakana}ヶケ]{1,8}{D}{1,4}丁目(?:\s*{D}{1,4}(?:番地|番|{H})?(?:\s*{D}{1,4}号?)?)?",
                r"|[\p{Han}\p{Katakana}ヶケ]{1,8}{D}{1,5}番地(?:の?{D}{1,4})?",
            )),
        ),
    ]
});

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn is_word_char(c: char) -> bool {
    ('\u{3040}'..='\u{309F}').contains(&c) || super::redact::is_han_or_katakana(c)
}

/// Whether a match at `start..end` of `text` stands on its own: digit runs are not the middle
/// of a longer run, and "…生" is not the start of a word such as 生活.
fn stands_alone(detail: Detail, text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let digits = matches!(
        detail,
        Detail::IdNumber | Detail::Phone | Detail::Postcode | Detail::Address
    );
    if digits && (before.is_some_and(is_digit) || after.is_some_and(is_digit)) {
        return false;
    }
    if detail == Detail::Postcode && before.is_some_and(|c| "-‐‑–—―−ー－".contains(c))
    {
        return false;
    }
    if detail == Detail::Birth && text[start..end].ends_with('生') {
        return !after.is_some_and(is_word_char);
    }
    true
}

/// One detail found in a text: where it is and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) detail: Detail,
}

/// Every detail in `text`, in order, none overlapping (earlier patterns win).
pub(crate) fn find(text: &str) -> Vec<Found> {
    let mut found: Vec<Found> = Vec::new();
    for (detail, re) in PATTERNS.iter() {
        for m in re.find_iter(text) {
            let (start, end) = (m.start(), m.end());
            if !stands_alone(*detail, text, start, end) {
                continue;
            }
            if found.iter().any(|f| start < f.end && f.start < end) {
                continue;
            }
            found.push(Found {
                start,
                end,
                detail: *detail,
            });
        }
    }
    found.sort_by_key(|f| f.start);
    found
}

/// `text` with every detail replaced; `log` receives (detail, original text) per replacement.
pub(crate) fn replace(text: &str, lang: Lang, mut log: impl FnMut(Detail, &str)) -> Option<String> {
    let found = find(text);
    if found.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for f in found {
        out.push_str(&text[copied..f.start]);
        out.push_str(f.detail.label().text(lang));
        log(f.detail, &text[f.start..f.end]);
        copied = f.end;
    }
    out.push_str(&text[copied..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redacted(text: &str) -> String {
        replace(text, Lang::Ja, |_, _| {}).unwrap_or_else(|| text.to_string())
    }

    #[test]
    fn phones_postcodes_and_numbers() {
        assert_eq!(redacted("電話は048-523-2811です"), "電話は〔電話番号〕です");
        assert_eq!(
            redacted("携帯０９０－１２３４－５６７８"),
            "携帯〔電話番号〕"
        );
        assert_eq!(redacted("(048)523-2811"), "〔電話番号〕");
        assert_eq!(redacted("09012345678に"), "〔電話番号〕に");
        assert_eq!(redacted("〒360-0031 熊谷市"), "〔郵便番号〕 熊谷市");
        assert_eq!(redacted("番号 1234 5678 9012"), "番号 〔個人番号〕");
        assert_eq!(
            redacted("mail: taro.s@example.jp"),
            "mail: 〔メールアドレス〕"
        );
    }

    #[test]
    fn addresses_and_birth_dates() {
        assert_eq!(
            redacted("住まいは熊谷市本町1-2-3のアパート"),
            "住まいは〔住所〕のアパート"
        );
        assert_eq!(redacted("熊谷市宮町2丁目5番地に住む"), "〔住所〕に住む");
        assert_eq!(redacted("生年月日：昭和57年4月3日。"), "〔生年月日〕。");
        assert_eq!(redacted("1982年4月3日生まれ"), "〔生年月日〕");
        assert_eq!(redacted("S57.4.3生"), "〔生年月日〕");
    }

    #[test]
    fn ordinary_text_is_left_alone() {
        for text in [
            "2008年に統合失調症と診断。2013年から治療が中断。",
            "2026年8月",
            "家賃を8か月滞納し",
            "熊谷保健所 2階 大会議室",
            "2026-12-05",
            "2026年4月3日生活保護を申請",
            "第3回 精神保健福祉事例検討会",
            "約24年",
            "10:00〜12:05",
        ] {
            assert_eq!(redacted(text), text);
        }
    }
}
