//! Redaction: replacing people's names by stable labels before a record leaves the office.
//!
//! The names come from two places: the participant list (each participant becomes
//! 「保健所職員1」 / "Public health centre staff 1", numbered per agency in list order) and the
//! names registered for the conference as notes of kind [`NoteKind::RedactName`] (each becomes
//! 「B氏」, 「C氏」, … / "Person B", skipping the letter of the case's own label, unless the
//! note's label gives the replacement, e.g. 「A氏」 for the person's own name). A facilitator
//! who is not on the participant list becomes 「司会者」 / "Facilitator".
//!
//! One [`RedactionMap`] is built per export and applied to every text of the snapshot, so a
//! name gets the same label in headers, tables and free text, in every format. Longer names
//! are matched first (佐藤花子 before 佐藤), and text is scanned once from left to right, so a
//! label put in is never matched again.

use super::labels::L;
use super::model::{NoteData, Snapshot};
use super::patterns::{self, Detail};
use crate::config::catalog;
use crate::i18n::Lang;
use crate::store::NoteKind;
use std::borrow::Cow;
use std::collections::HashMap;

/// How strictly a name must stand to be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Match {
    /// A full name: replaced wherever it stands.
    Anywhere,
    /// A surname or given name alone: replaced only where it stands as a name — not inside a
    /// longer word (森 in 森林), but before an honorific or title (森さん, 森保健師) or between
    /// spaces, brackets and punctuation (（精神保健福祉センター 森）).
    NameLike,
}

/// A name and what replaces it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub(crate) name: String,
    pub(crate) label: String,
    pub(crate) matching: Match,
    /// The agency the label starts with (保健所 for 保健所職員1): "保健所 佐藤" becomes
    /// "保健所職員1", not "保健所 保健所職員1".
    pub(crate) agency: String,
    /// What kind of name this is (for the review).
    pub(crate) kind: NameKind,
}

/// Where a name comes from (for the review).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum NameKind {
    Participant,
    Surname,
    GivenName,
    Registered,
    Facilitator,
}

/// One replacement made (for the review): the text as it stood and what replaced it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Replaced {
    pub(crate) original: String,
    pub(crate) label: String,
    pub(crate) what: Replacement,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Replacement {
    Name(NameKind),
    Detail(Detail),
}

/// Honorifics and titles that mark the word before them as a name. The honorifics (the first
/// group) go with the name: labels such as 保健所職員1 or B氏 take none.
const HONORIFICS: &[&str] = &["さん", "様", "さま", "氏", "くん", "君", "ちゃん", "殿"];
const TITLES: &[&str] = &[
    "先生",
    "医師",
    "保健師",
    "看護師",
    "社会福祉士",
    "精神保健福祉士",
    "相談員",
    "支援員",
    "主任",
    "係長",
    "課長",
    "所長",
    "室長",
    "部長",
    "委員",
    "ワーカー",
    "PSW",
    "CW",
    "Dr",
];

/// Courtesy titles written before an English name ("Mr Smith" becomes the label alone).
const EN_TITLES: &[&str] = &[
    "Mr. ", "Mrs. ", "Ms. ", "Dr. ", "Mr ", "Mrs ", "Ms ", "Dr ", "Mx ",
];

/// Kanji (with 々) or katakana: the characters a Japanese name or word is made of.
pub(crate) fn is_han_or_katakana(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{3005}' | '\u{3006}' | '\u{30A0}'..='\u{30FF}' | '\u{FF66}'..='\u{FF9F}')
}

fn is_hiragana(c: char) -> bool {
    ('\u{3041}'..='\u{309F}').contains(&c)
}

/// Whether a name of `name`'s kind stands as a name between `before` and `rest`.
fn name_like(name: &str, before: Option<char>, rest: &str) -> bool {
    let ascii = name.is_ascii();
    if ascii {
        let word = |c: char| c.is_alphanumeric() || c == '_';
        return !before.is_some_and(word) && !rest.chars().next().is_some_and(word);
    }
    let titled = HONORIFICS.iter().chain(TITLES).any(|h| rest.starts_with(h));
    let single = name.chars().count() == 1;
    // A single character is a name only where nothing but a title, a space, a bracket or
    // punctuation touches it; a longer one also before a particle (佐藤は, 伊藤の).
    let part_of_word = |c: char| is_han_or_katakana(c) || (single && is_hiragana(c));
    let left =
        !before.is_some_and(|c| is_han_or_katakana(c) || (single && is_hiragana(c) && !titled));
    let right = titled || !rest.chars().next().is_some_and(part_of_word);
    left && right
}

/// Names and the labels that replace them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RedactionMap {
    /// Longest name first.
    entries: Vec<Entry>,
    /// Indices into `entries` by the name's first character, longest name first.
    by_first: HashMap<char, Vec<usize>>,
    /// The first characters of all names, sorted, to find the next candidate quickly.
    firsts: Vec<char>,
    /// The language of the labels (for the bracketed words of other details).
    lang: Lang,
}

impl RedactionMap {
    /// A map of full names from (name, label) pairs. Empty names are ignored; for a name given
    /// twice the first label wins.
    pub fn new(pairs: impl IntoIterator<Item = (String, String)>) -> Self {
        Self::from_entries(
            pairs.into_iter().map(|(name, label)| Entry {
                name,
                label,
                matching: Match::Anywhere,
                agency: String::new(),
                kind: NameKind::Registered,
            }),
            Lang::Ja,
        )
    }

    /// A map from entries; for a name given twice the first entry wins.
    pub(crate) fn from_entries(all: impl IntoIterator<Item = Entry>, lang: Lang) -> Self {
        let mut entries: Vec<Entry> = Vec::new();
        for e in all {
            if e.name.is_empty() || entries.iter().any(|x| x.name == e.name) {
                continue;
            }
            entries.push(e);
        }
        entries.sort_by(|a, b| {
            b.name
                .chars()
                .count()
                .cmp(&a.name.chars().count())
                .then_with(|| a.name.cmp(&b.name))
        });
        let mut by_first: HashMap<char, Vec<usize>> = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            if let Some(c) = e.name.chars().next() {
                by_first.entry(c).or_default().push(i);
            }
        }
        let mut firsts: Vec<char> = by_first.keys().copied().collect();
        firsts.sort_unstable();
        Self {
            entries,
            by_first,
            firsts,
            lang,
        }
    }

    /// The names and labels, longest name first.
    pub(crate) fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The label that replaces exactly `name`, if it is in the map.
    pub fn label_for(&self, name: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|e| e.name == name)
            .map(|e| e.label.as_str())
    }

    /// `text` with every name replaced by its label (other details are left as they are).
    pub fn apply<'a>(&self, text: &'a str) -> Cow<'a, str> {
        self.apply_logged(text, &mut |_| {})
    }

    /// `text` with every name replaced, each replacement reported to `log`.
    pub(crate) fn apply_logged<'a>(
        &self,
        text: &'a str,
        log: &mut dyn FnMut(Replaced),
    ) -> Cow<'a, str> {
        if self.entries.is_empty() {
            return Cow::Borrowed(text);
        }
        let is_first = |c: char| self.firsts.binary_search(&c).is_ok();
        let mut out = String::new();
        let mut copied = 0; // bytes of `text` already in `out`
        let mut pos = 0;
        // Jump from one character that starts some name to the next.
        while let Some(at) = text[pos..].find(is_first) {
            let i = pos + at;
            let from = &text[i..];
            let c = from.chars().next().unwrap_or_default();
            let before = text[..i].chars().next_back();
            let hit = self.by_first.get(&c).and_then(|candidates| {
                candidates.iter().map(|&k| &self.entries[k]).find(|e| {
                    from.starts_with(e.name.as_str())
                        && (e.matching == Match::Anywhere
                            || name_like(&e.name, before, &from[e.name.len()..]))
                })
            });
            let Some(e) = hit else {
                pos = i + c.len_utf8();
                continue;
            };
            if out.is_empty() {
                out.reserve(text.len() + 16);
            }
            out.push_str(&text[copied..i]);
            // "保健所 佐藤" → "保健所職員1"; "Mr Smith" → the label alone.
            if !e.agency.is_empty() {
                for space in [" ", "\u{3000}", ""] {
                    let prefix = format!("{}{space}", e.agency);
                    if out.ends_with(&prefix) {
                        out.truncate(out.len() - prefix.len());
                        break;
                    }
                }
            }
            for title in EN_TITLES {
                if out.ends_with(title) {
                    out.truncate(out.len() - title.len());
                    break;
                }
            }
            out.push_str(&e.label);
            let mut end = i + e.name.len();
            if let Some(h) = HONORIFICS.iter().find(|h| text[end..].starts_with(**h)) {
                end += h.len();
            }
            log(Replaced {
                original: text[i..end].to_string(),
                label: e.label.clone(),
                what: Replacement::Name(e.kind),
            });
            pos = end;
            copied = pos;
        }
        if copied == 0 {
            Cow::Borrowed(text)
        } else {
            out.push_str(&text[copied..]);
            Cow::Owned(out)
        }
    }

    /// `text` with the identifying details (phone numbers, addresses, …) and then the names
    /// replaced; every replacement is reported to `log`.
    pub(crate) fn redact_text(&self, text: &str, log: &mut dyn FnMut(Replaced)) -> String {
        let lang = self.lang;
        let details = patterns::replace(text, lang, |detail, original| {
            log(Replaced {
                original: original.to_string(),
                label: detail.label().text(lang).to_string(),
                what: Replacement::Detail(detail),
            })
        });
        let text = details.as_deref().unwrap_or(text);
        self.apply_logged(text, log).into_owned()
    }
}

/// The forms a name may be written in: as given, without spaces, and with a half- or
/// full-width space between its parts.
fn variants(name: &str) -> Vec<String> {
    let name = name.trim();
    if name.is_empty() {
        return Vec::new();
    }
    let parts: Vec<&str> = name.split_whitespace().collect();
    let mut out: Vec<String> = Vec::new();
    let mut candidates = vec![name.to_string(), parts.concat()];
    if parts.len() > 1 {
        candidates.push(parts.join(" "));
        candidates.push(parts.join("\u{3000}"));
    }
    for c in candidates {
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// The name without any spaces, to tell whether two spellings are the same person.
fn squeeze(name: &str) -> String {
    name.split_whitespace().collect()
}

/// The letter of a case label such as "A氏" or "Ａさん", if it starts with one.
fn case_letter(label: &str) -> Option<char> {
    let c = label.trim().chars().next()?;
    let c = match c {
        'Ａ'..='Ｚ' | 'ａ'..='ｚ' => char::from_u32(c as u32 - 0xFEE0)?,
        _ => c,
    };
    c.is_ascii_alphabetic().then(|| c.to_ascii_uppercase())
}

/// The label of the `index`-th other person (0 → the first free letter).
fn person_label(index: usize, skip: Option<char>, lang: Lang) -> String {
    let letters: Vec<char> = ('A'..='Z').filter(|c| Some(*c) != skip).collect();
    let letter = letters[index % letters.len()];
    let round = index / letters.len();
    let tag = if round == 0 {
        letter.to_string()
    } else {
        format!("{letter}{}", round + 1)
    };
    match lang {
        Lang::Ja => format!("{tag}{}", L::RedactPerson.text(lang)),
        Lang::En => format!("{} {tag}", L::RedactPerson.text(lang)),
    }
}

/// The agency as named in the record's language (the catalog's English name in English).
fn agency_name(agency: &str, lang: Lang, agencies: &catalog::Agencies) -> String {
    match lang {
        Lang::Ja => agency.to_string(),
        Lang::En => agencies
            .lookup(agency)
            .map_or_else(|| agency.to_string(), |a| a.en.clone()),
    }
}

/// The language of a snapshot's record.
pub(crate) fn record_lang(snapshot: &Snapshot) -> Lang {
    Lang::from_code(&snapshot.conference.lang).unwrap_or_default()
}

/// Whether an agency's name already names a person (民生委員, 地域サポート医, 弁護士), so its
/// people are 「民生委員1」, not 「民生委員職員1」.
fn names_a_person(agency: &str) -> bool {
    ["委員", "医", "員", "師", "士", "者", "人", "家"]
        .iter()
        .any(|end| agency.ends_with(end))
}

/// Build the redaction map of a conference: every participant's name (full, and its surname
/// and given name alone where they stand as a name), the facilitator, the recorder and every
/// name registered as a `redact_name` note, with their labels in the record's language.
///
/// A surname or given name shared by two people (or by a person and a registered name) gets
/// the neutral label 〔氏名〕 / "[name]": it is hidden without guessing who it was.
pub fn redaction_map(snapshot: &Snapshot) -> RedactionMap {
    let lang = record_lang(snapshot);
    let agencies = catalog::agencies();
    // (squeezed name, label, agency in the label, spellings, parts, kind), in the order met.
    struct Person {
        key: String,
        label: String,
        agency: String,
        spellings: Vec<String>,
        parts: Vec<(String, NameKind)>,
        kind: NameKind,
    }
    let mut people: Vec<Person> = Vec::new();
    let mut per_agency: HashMap<String, usize> = HashMap::new();
    let mut no_agency = 0usize;
    let parts_of = |name: &str| -> Vec<(String, NameKind)> {
        let parts: Vec<&str> = name.split_whitespace().collect();
        if parts.len() < 2 {
            return Vec::new();
        }
        let mut out = vec![(parts[0].to_string(), NameKind::Surname)];
        for p in &parts[1..] {
            out.push((p.to_string(), NameKind::GivenName));
        }
        // English names are written given-name first.
        if lang == Lang::En && parts.iter().all(|p| p.is_ascii()) {
            for (i, (_, kind)) in out.iter_mut().enumerate() {
                *kind = if i + 1 == parts.len() {
                    NameKind::Surname
                } else {
                    NameKind::GivenName
                };
            }
        }
        out
    };

    for p in &snapshot.participants {
        let key = squeeze(&p.name);
        if key.is_empty() || people.iter().any(|x| x.key == key) {
            continue;
        }
        let agency = p.agency.trim();
        let (label, in_label) = if agency.is_empty() {
            no_agency += 1;
            let label = match lang {
                Lang::Ja => format!("{}{no_agency}", L::RedactParticipant.text(lang)),
                Lang::En => format!("{} {no_agency}", L::RedactParticipant.text(lang)),
            };
            (label, String::new())
        } else {
            let n = per_agency.entry(agency.to_string()).or_insert(0);
            *n += 1;
            let name = agency_name(agency, lang, &agencies);
            let label = match lang {
                Lang::Ja if names_a_person(&name) => format!("{name}{n}"),
                Lang::Ja => format!("{name}{}{n}", L::RedactStaff.text(lang)),
                Lang::En => format!("{name} {} {n}", L::RedactStaff.text(lang)),
            };
            (label, name)
        };
        people.push(Person {
            key,
            label,
            agency: in_label,
            spellings: variants(&p.name),
            parts: parts_of(&p.name),
            kind: NameKind::Participant,
        });
    }

    let conf = &snapshot.conference;
    for name in [&conf.facilitator, &conf.recorder] {
        let key = squeeze(name);
        if !key.is_empty() && !people.iter().any(|x| x.key == key) {
            people.push(Person {
                key,
                label: L::RedactFacilitator.text(lang).to_string(),
                agency: String::new(),
                spellings: variants(name),
                parts: parts_of(name),
                kind: NameKind::Facilitator,
            });
        }
    }

    let skip = case_letter(&snapshot.case_label);
    let mut others = 0usize;
    for note in snapshot.notes_of(NoteKind::RedactName) {
        for name in note.body.lines() {
            let key = squeeze(name);
            if key.is_empty() || people.iter().any(|x| x.key == key) {
                continue;
            }
            let label = if note.label.trim().is_empty() {
                let label = person_label(others, skip, lang);
                others += 1;
                label
            } else {
                note.label.trim().to_string()
            };
            people.push(Person {
                key,
                label,
                agency: String::new(),
                spellings: variants(name),
                parts: parts_of(name),
                kind: NameKind::Registered,
            });
        }
    }

    let mut entries: Vec<Entry> = Vec::new();
    for p in &people {
        for name in &p.spellings {
            entries.push(Entry {
                name: name.clone(),
                label: p.label.clone(),
                matching: Match::Anywhere,
                agency: p.agency.clone(),
                kind: p.kind,
            });
        }
    }
    // Parts, each with the labels of everyone it belongs to.
    let mut parts: Vec<(String, NameKind, Vec<usize>)> = Vec::new();
    for (i, p) in people.iter().enumerate() {
        for (part, kind) in &p.parts {
            match parts.iter_mut().find(|(n, _, _)| n == part) {
                Some((_, _, owners)) => {
                    if !owners.contains(&i) {
                        owners.push(i);
                    }
                }
                None => parts.push((part.clone(), *kind, vec![i])),
            }
        }
    }
    for (part, kind, owners) in parts {
        if entries.iter().any(|e| e.name == part) {
            continue;
        }
        let labels: Vec<&str> = owners.iter().map(|&i| people[i].label.as_str()).collect();
        let (label, agency) = if labels.iter().all(|l| *l == labels[0]) {
            (labels[0].to_string(), people[owners[0]].agency.clone())
        } else {
            (L::RedactAmbiguous.text(lang).to_string(), String::new())
        };
        entries.push(Entry {
            name: part,
            label,
            matching: Match::NameLike,
            agency,
            kind,
        });
    }
    RedactionMap::from_entries(entries, lang)
}

/// Every text of a snapshot that a person could have typed a name or a detail into, with
/// where it stands (for the review). The agenda (from a data file), keys and numbers are not
/// among them.
pub(crate) fn for_each_text(snapshot: &mut Snapshot, mut f: impl FnMut(Place, &mut String)) {
    let c = &mut snapshot.conference;
    f(Place::Conference(L::DocKind), &mut c.title);
    f(Place::Conference(L::Venue), &mut c.venue);
    f(Place::Conference(L::Facilitator), &mut c.facilitator);
    f(Place::Conference(L::Recorder), &mut c.recorder);
    f(Place::Conference(L::Purpose), &mut c.purpose);
    f(Place::Conference(L::NextMeeting), &mut c.next_meeting);
    f(Place::Conference(L::MeetingType), &mut c.meeting_type);
    f(Place::Conference(L::Consent), &mut c.consent);
    for (i, p) in snapshot.participants.iter_mut().enumerate() {
        f(Place::Participant(i + 1), &mut p.name);
        f(Place::Participant(i + 1), &mut p.agency);
        f(Place::Participant(i + 1), &mut p.role);
    }
    for n in &mut snapshot.notes {
        for_each_note_text(n, &mut f);
    }
    for a in &mut snapshot.agency_roles {
        f(Place::Table(L::AgencyRoles), &mut a.agency);
        f(Place::Table(L::AgencyRoles), &mut a.role_now);
        f(Place::Table(L::AgencyRoles), &mut a.role_proposed);
    }
    for a in &mut snapshot.action_items {
        f(Place::Table(L::Actions), &mut a.what);
        f(Place::Table(L::Actions), &mut a.owner_agency);
        f(Place::Table(L::Actions), &mut a.owner_person);
        f(Place::Table(L::Actions), &mut a.review_text);
        f(Place::Table(L::Review), &mut a.outcome_note);
    }
}

/// The texts of one note, as [`for_each_text`] hands them.
fn for_each_note_text(n: &mut NoteData, f: &mut impl FnMut(Place, &mut String)) {
    let kind = NoteKind::from_key(&n.kind);
    f(Place::Note(kind), &mut n.label);
    f(Place::Note(kind), &mut n.body);
}

/// `note` with every name and identifying detail replaced, as [`redact`] replaces them in a
/// whole snapshot (for notes read one by one).
pub(crate) fn redact_note(note: &mut NoteData, map: &RedactionMap) {
    for_each_note_text(note, &mut |_, text: &mut String| {
        *text = map.redact_text(text, &mut |_| {});
    });
}

/// Where a text stands in the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    Conference(L),
    Participant(usize),
    Note(Option<NoteKind>),
    Table(L),
}

impl Place {
    /// How the review names it.
    pub(crate) fn describe(self, lang: Lang) -> String {
        match self {
            Place::Conference(l) => format!("{} / {}", L::Overview.text(lang), l.text(lang)),
            Place::Participant(n) => format!("{} {n}", L::Participants.text(lang)),
            Place::Note(Some(kind)) => super::labels::kind_label(kind).text(lang).to_string(),
            Place::Note(None) => L::CsvBody.text(lang).to_string(),
            Place::Table(l) => l.text(lang).to_string(),
        }
    }
}

/// A redacted copy of `snapshot` and the list of every replacement made, with its place.
pub(crate) fn redact_logged(
    snapshot: &Snapshot,
    map: &RedactionMap,
) -> (Snapshot, Vec<(Place, Replaced)>) {
    let mut out = snapshot.clone();
    let mut log: Vec<(Place, Replaced)> = Vec::new();
    for_each_text(&mut out, |place, text| {
        let redacted = map.redact_text(text, &mut |r| log.push((place, r)));
        *text = redacted;
    });
    (out, log)
}

/// A copy of `snapshot` with every name and identifying detail replaced.
pub fn redact(snapshot: &Snapshot, map: &RedactionMap) -> Snapshot {
    redact_logged(snapshot, map).0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_name_first_and_single_pass() {
        let map = RedactionMap::new([
            ("佐藤".to_string(), "B氏".to_string()),
            ("佐藤花子".to_string(), "保健所職員1".to_string()),
            ("B".to_string(), "C氏".to_string()),
        ]);
        assert_eq!(map.apply("佐藤花子さんと佐藤さん"), "保健所職員1とB氏");
    }

    #[test]
    fn text_around_and_between_names_is_kept() {
        let map = RedactionMap::new([
            ("佐藤花子".to_string(), "X".to_string()),
            ("田中".to_string(), "Y".to_string()),
        ]);
        assert_eq!(map.apply("佐a佐藤田b佐藤花子c田中"), "佐a佐藤田bXcY");
        assert_eq!(map.apply("佐藤花子"), "X");
        assert_eq!(map.apply(""), "");
    }

    #[test]
    fn untouched_text_is_borrowed() {
        let map = RedactionMap::new([("佐藤".to_string(), "B氏".to_string())]);
        assert!(matches!(map.apply("田中"), Cow::Borrowed(_)));
    }

    #[test]
    fn letters_skip_the_case_letter() {
        assert_eq!(person_label(0, Some('A'), Lang::Ja), "B氏");
        assert_eq!(person_label(1, Some('A'), Lang::Ja), "C氏");
        assert_eq!(person_label(0, Some('B'), Lang::En), "Person A");
        assert_eq!(person_label(25, Some('A'), Lang::Ja), "B2氏");
        assert_eq!(case_letter("Ａ氏"), Some('A'));
        assert_eq!(case_letter("事例"), None);
    }

    #[test]
    fn name_variants() {
        assert_eq!(
            variants(" 佐藤 花子 "),
            vec!["佐藤 花子", "佐藤花子", "佐藤\u{3000}花子"]
        );
        assert_eq!(variants("佐藤花子"), vec!["佐藤花子"]);
    }
}
