//! The redaction review: before a redacted record leaves the office, every replacement that
//! will be made, and every token left that still looks identifying (a word before an honorific
//! such as 〇〇さん・〇〇氏・〇〇様, an English "Mr Smith", a long digit run), so the organiser
//! can add names to the names-to-redact list and check again.
//!
//! `caseconf export --redact --check` prints [`Review::render`] and fails while
//! [`Review::suspects`] is not empty; the program can show the same text in an overlay.

use super::labels::L;
use super::model::Snapshot;
use super::redact::{
    NameKind, Place, RedactionMap, Replaced, Replacement, for_each_text, record_lang,
    redact_logged, redaction_map,
};
use crate::i18n::Lang;
use regex::Regex;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::LazyLock;

/// One kind of replacement, grouped: the text as it stood, what replaced it, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ReplacementLine {
    pub(crate) what: Replacement,
    pub(crate) original: String,
    pub(crate) label: String,
    pub(crate) count: usize,
    /// Where it stood, each place once, in record order.
    pub(crate) places: Vec<String>,
}

/// A token left in the redacted record that may still identify someone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suspect {
    pub token: String,
    pub(crate) place: String,
    /// A few characters around it, so the organiser can find it.
    pub(crate) context: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub(crate) lang: Lang,
    pub(crate) replacements: Vec<ReplacementLine>,
    pub suspects: Vec<Suspect>,
}

/// Words that take an honorific without being a name: family roles, people by their role.
const NOT_NAMES: &[&str] = &[
    "本人",
    "家主",
    "大家",
    "店員",
    "母",
    "父",
    "叔父",
    "叔母",
    "伯父",
    "伯母",
    "兄",
    "姉",
    "弟",
    "妹",
    "祖母",
    "祖父",
    "息子",
    "娘",
    "奥",
    "旦那",
    "近所",
    "住人",
    "主治医",
    "担当",
    "皆",
    "皆様",
    "各位",
    "利用者",
    "相談者",
    "管理人",
    "民生委員",
    "司会者",
    "先方",
    "同",
    "両",
    "職員",
    "家族",
    "客",
    "患者",
    "隣人",
    "友人",
    "知人",
    "夫",
    "妻",
    "子",
    "孫",
    "医師",
    "先生",
    "社長",
    "会長",
    "自治会長",
    "大家",
    "叔父",
    "お母",
    "お父",
    "お兄",
    "お姉",
    "おば",
    "おじ",
    "おばあ",
    "おじい",
    "講師",
    "保健師",
    "看護師",
    "相談員",
    "支援員",
];

static HONORIFIC: LazyLock<Regex> = LazyLock::new(|| {
    // A constant pattern, compiled by the tests below.
    Regex::new(concat!(
        r"([\p{Han}\p{Katakana}ー々]{1,6})(さん|様|さま|氏|くん|君|ちゃん|殿|先生)",
        r"|\b(?:Mr|Mrs|Ms|Miss|Dr|Mx)\.?\s+([A-Z][a-z]+)",
        r"|[0-9０-９]{7,}"
    ))
    .expect("a constant pattern compiles")
});

/// A few characters either side of `start..end`.
fn context(text: &str, start: usize, end: usize) -> String {
    let before: String = {
        let mut v: Vec<char> = text[..start].chars().rev().take(8).collect();
        v.reverse();
        v.into_iter().collect()
    };
    let after: String = text[end..].chars().take(8).collect();
    format!("…{before}{}{after}…", &text[start..end])
}

/// Tokens in `text` that look like a name or a number that identifies.
fn suspects_in(text: &str, labels: &[String]) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    for caps in HONORIFIC.captures_iter(text) {
        let Some(m) = caps.get(0) else { continue };
        if let Some(word) = caps.get(1) {
            let w = word.as_str();
            let honorific = caps.get(2).map_or("", |h| h.as_str());
            // 氏名 and 氏 after a label (B氏) are not names.
            if honorific == "氏" && text[m.end()..].starts_with('名') {
                continue;
            }
            if NOT_NAMES.iter().any(|n| w == *n || w.ends_with(n)) {
                continue;
            }
            if labels.iter().any(|l| l.ends_with(w)) {
                continue;
            }
        }
        out.push((m.as_str().to_string(), m.start(), m.end()));
    }
    out
}

/// Review the redaction of `snapshot`: what will be replaced, and what is left that may
/// identify someone.
pub fn review(snapshot: &Snapshot) -> Review {
    let lang = record_lang(snapshot);
    let map = redaction_map(snapshot);
    let (mut redacted, log) = redact_logged(snapshot, &map);
    review_of(lang, &map, log, |f| for_each_text(&mut redacted, f))
}

/// The review of any redacted record (a conference's, a case summary's): the replacements
/// made (`log`) and the suspects left in the redacted texts `each_text` walks through.
pub(crate) fn review_of(
    lang: Lang,
    map: &RedactionMap,
    log: Vec<(Place, Replaced)>,
    each_text: impl FnOnce(&mut dyn FnMut(Place, &mut String)),
) -> Review {
    let mut lines: Vec<ReplacementLine> = Vec::new();
    for (place, r) in log {
        let place = place.describe(lang);
        match lines
            .iter_mut()
            .find(|l| l.original == r.original && l.label == r.label)
        {
            Some(l) => {
                l.count += 1;
                if !l.places.contains(&place) {
                    l.places.push(place);
                }
            }
            None => lines.push(ReplacementLine {
                what: r.what,
                original: r.original,
                label: r.label,
                count: 1,
                places: vec![place],
            }),
        }
    }
    lines.sort_by(|a, b| a.what.cmp(&b.what).then_with(|| a.label.cmp(&b.label)));

    let labels: Vec<String> = map.entries().iter().map(|e| e.label.clone()).collect();
    let mut suspects: Vec<Suspect> = Vec::new();
    each_text(&mut |place: Place, text: &mut String| {
        for (token, start, end) in suspects_in(text, &labels) {
            suspects.push(Suspect {
                token,
                place: place.describe(lang),
                context: context(text, start, end),
            });
        }
    });
    Review {
        lang,
        replacements: lines,
        suspects,
    }
}

fn kind_name(what: Replacement, lang: Lang) -> &'static str {
    let ja = lang == Lang::Ja;
    match what {
        Replacement::Name(NameKind::Participant) => {
            if ja {
                "参加者の氏名"
            } else {
                "participant"
            }
        }
        Replacement::Name(NameKind::Surname) => {
            if ja {
                "姓"
            } else {
                "surname"
            }
        }
        Replacement::Name(NameKind::GivenName) => {
            if ja {
                "名"
            } else {
                "given name"
            }
        }
        Replacement::Name(NameKind::Registered) => {
            if ja {
                "伏せる氏名"
            } else {
                "registered name"
            }
        }
        Replacement::Name(NameKind::Facilitator) => {
            if ja {
                "司会・記録者"
            } else {
                "facilitator"
            }
        }
        Replacement::Detail(d) => d.label().text(lang),
    }
}

impl Review {
    /// Whether nothing suspicious is left.
    pub fn is_clean(&self) -> bool {
        self.suspects.is_empty()
    }

    /// The review as text, in the record's language.
    pub fn render(&self) -> String {
        let ja = self.lang == Lang::Ja;
        let mut out = String::new();
        let total: usize = self.replacements.iter().map(|l| l.count).sum();
        let _ = writeln!(
            out,
            "{}",
            if ja {
                format!("置き換え {total}件（{}種類）", self.replacements.len())
            } else {
                format!(
                    "Replacements: {total} ({} distinct)",
                    self.replacements.len()
                )
            }
        );
        let mut by_kind: BTreeMap<Replacement, Vec<&ReplacementLine>> = BTreeMap::new();
        for l in &self.replacements {
            by_kind.entry(l.what).or_default().push(l);
        }
        for (what, lines) in by_kind {
            let _ = writeln!(out, "  [{}]", kind_name(what, self.lang));
            for l in lines {
                let places = l.places.join(if ja { "、" } else { ", " });
                let _ = writeln!(
                    out,
                    "    {} → {}  ×{}  ({places})",
                    l.original, l.label, l.count
                );
            }
        }
        out.push('\n');
        if self.suspects.is_empty() {
            let _ = writeln!(
                out,
                "{}",
                if ja {
                    "個人を特定しうる語は残っていません。"
                } else {
                    "Nothing left looks identifying."
                }
            );
        } else {
            let _ = writeln!(
                out,
                "{}",
                if ja {
                    format!(
                        "個人を特定しうる語が {}件 残っています:",
                        self.suspects.len()
                    )
                } else {
                    format!("{} tokens left may identify someone:", self.suspects.len())
                }
            );
            for s in &self.suspects {
                let _ = writeln!(out, "  {}  ({})  {}", s.token, s.place, s.context);
            }
            let _ = writeln!(
                out,
                "{}",
                if ja {
                    format!(
                        "→ 名前であれば「{}」に加えてから、もう一度確認してください。",
                        L::RedactNameKind.text(self.lang)
                    )
                } else {
                    format!(
                        "→ If they are names, add them to \"{}\" and check again.",
                        L::RedactNameKind.text(self.lang)
                    )
                }
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn honorific_names_are_suspect_but_roles_are_not() {
        let labels = vec!["保健所職員1".to_string(), "B氏".to_string()];
        let found: Vec<String> = suspects_in(
            "田村さんと家主さん、お母さん、B氏、氏名欄、Mr Brown、電話09012345678",
            &labels,
        )
        .into_iter()
        .map(|(t, _, _)| t)
        .collect();
        assert_eq!(found, vec!["田村さん", "Mr Brown", "09012345678"]);
    }
}
