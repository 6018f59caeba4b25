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
use super::model::Snapshot;
use crate::catalog;
use crate::i18n::Lang;
use crate::store::NoteKind;
use std::borrow::Cow;
use std::collections::HashMap;

/// Names and the labels that replace them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RedactionMap {
    /// (name, label), longest name first.
    entries: Vec<(String, String)>,
    /// Indices into `entries` by the name's first character, longest name first.
    by_first: HashMap<char, Vec<usize>>,
    /// The first characters of all names, sorted, to find the next candidate quickly.
    firsts: Vec<char>,
}

impl RedactionMap {
    /// A map from (name, label) pairs. Empty names are ignored; for a name given twice the
    /// first label wins.
    pub fn new(pairs: impl IntoIterator<Item = (String, String)>) -> Self {
        let mut entries: Vec<(String, String)> = Vec::new();
        for (name, label) in pairs {
            if name.is_empty() || entries.iter().any(|(n, _)| *n == name) {
                continue;
            }
            entries.push((name, label));
        }
        entries.sort_by(|a, b| {
            b.0.chars()
                .count()
                .cmp(&a.0.chars().count())
                .then_with(|| a.0.cmp(&b.0))
        });
        let mut by_first: HashMap<char, Vec<usize>> = HashMap::new();
        for (i, (name, _)) in entries.iter().enumerate() {
            if let Some(c) = name.chars().next() {
                by_first.entry(c).or_default().push(i);
            }
        }
        let mut firsts: Vec<char> = by_first.keys().copied().collect();
        firsts.sort_unstable();
        Self {
            entries,
            by_first,
            firsts,
        }
    }

    /// The (name, label) pairs, longest name first.
    pub fn entries(&self) -> &[(String, String)] {
        &self.entries
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The label that replaces exactly `name`, if it is in the map.
    pub fn label_for(&self, name: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, l)| l.as_str())
    }

    /// `text` with every name replaced by its label.
    pub fn apply<'a>(&self, text: &'a str) -> Cow<'a, str> {
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
            let hit = self.by_first.get(&c).and_then(|candidates| {
                candidates
                    .iter()
                    .map(|&k| &self.entries[k])
                    .find(|(name, _)| from.starts_with(name.as_str()))
            });
            match hit {
                Some((name, label)) => {
                    if out.is_empty() {
                        out.reserve(text.len() + 16);
                    }
                    out.push_str(&text[copied..i]);
                    out.push_str(label);
                    pos = i + name.len();
                    copied = pos;
                }
                None => pos = i + c.len_utf8(),
            }
        }
        if copied == 0 {
            Cow::Borrowed(text)
        } else {
            out.push_str(&text[copied..]);
            Cow::Owned(out)
        }
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
pub fn record_lang(snapshot: &Snapshot) -> Lang {
    Lang::from_code(&snapshot.conference.lang).unwrap_or_default()
}

/// Build the redaction map of a conference: every participant's name, the facilitator, and
/// every name registered as a `redact_name` note, with their labels in the record's language.
///
/// Participants' names written as "family given" also map their family name alone (as in
/// 「佐藤さん」) when no other participant shares it.
pub fn redaction_map(snapshot: &Snapshot) -> RedactionMap {
    let lang = record_lang(snapshot);
    let agencies = catalog::agencies();
    // Labels by squeezed name, in the order people were met.
    let mut people: Vec<(String, String, Vec<String>)> = Vec::new();
    let mut per_agency: HashMap<String, usize> = HashMap::new();
    let mut no_agency = 0usize;

    for p in &snapshot.participants {
        let key = squeeze(&p.name);
        if key.is_empty() || people.iter().any(|(k, _, _)| *k == key) {
            continue;
        }
        let agency = p.agency.trim();
        let label = if agency.is_empty() {
            no_agency += 1;
            match lang {
                Lang::Ja => format!("{}{no_agency}", L::RedactParticipant.text(lang)),
                Lang::En => format!("{} {no_agency}", L::RedactParticipant.text(lang)),
            }
        } else {
            let n = per_agency.entry(agency.to_string()).or_insert(0);
            *n += 1;
            let name = agency_name(agency, lang, &agencies);
            match lang {
                Lang::Ja => format!("{name}{}{n}", L::RedactStaff.text(lang)),
                Lang::En => format!("{name} {} {n}", L::RedactStaff.text(lang)),
            }
        };
        people.push((key, label, variants(&p.name)));
    }

    let facilitator = squeeze(&snapshot.conference.facilitator);
    if !facilitator.is_empty() && !people.iter().any(|(k, _, _)| *k == facilitator) {
        people.push((
            facilitator,
            L::RedactFacilitator.text(lang).to_string(),
            variants(&snapshot.conference.facilitator),
        ));
    }

    let skip = case_letter(&snapshot.case_label);
    let mut others = 0usize;
    for note in snapshot.notes_of(NoteKind::RedactName) {
        for name in note.body.lines() {
            let key = squeeze(name);
            if key.is_empty() || people.iter().any(|(k, _, _)| *k == key) {
                continue;
            }
            let label = if note.label.trim().is_empty() {
                let label = person_label(others, skip, lang);
                others += 1;
                label
            } else {
                note.label.trim().to_string()
            };
            people.push((key, label, variants(name)));
        }
    }

    // Family names of participants written with a space, when unambiguous and not a name of
    // their own.
    let mut family: HashMap<String, Vec<String>> = HashMap::new();
    for p in &snapshot.participants {
        let parts: Vec<&str> = p.name.split_whitespace().collect();
        if parts.len() > 1
            && parts[0].chars().count() >= 2
            && let Some((_, label, _)) = people.iter().find(|(k, _, _)| *k == squeeze(&p.name))
        {
            let labels = family.entry(parts[0].to_string()).or_default();
            if !labels.contains(label) {
                labels.push(label.clone());
            }
        }
    }

    let mut pairs: Vec<(String, String)> = Vec::new();
    for (_, label, names) in &people {
        for name in names {
            pairs.push((name.clone(), label.clone()));
        }
    }
    let mut surnames: Vec<(&String, &Vec<String>)> = family.iter().collect();
    surnames.sort();
    for (surname, labels) in surnames {
        if labels.len() == 1 && !pairs.iter().any(|(n, _)| n == surname) {
            pairs.push((surname.clone(), labels[0].clone()));
        }
    }
    RedactionMap::new(pairs)
}

/// A copy of `snapshot` with `map` applied to every text a person could have typed a name
/// into. The agenda (from a data file), keys and numbers are left as they are.
pub fn redact(snapshot: &Snapshot, map: &RedactionMap) -> Snapshot {
    let r = |s: &String| map.apply(s).into_owned();
    let mut out = snapshot.clone();
    let c = &mut out.conference;
    c.title = r(&c.title);
    c.venue = r(&c.venue);
    c.facilitator = r(&c.facilitator);
    c.purpose = r(&c.purpose);
    c.next_meeting = r(&c.next_meeting);
    for p in &mut out.participants {
        p.name = r(&p.name);
        p.agency = r(&p.agency);
        p.role = r(&p.role);
    }
    for n in &mut out.notes {
        n.label = r(&n.label);
        n.body = r(&n.body);
    }
    for a in &mut out.agency_roles {
        a.agency = r(&a.agency);
        a.role_now = r(&a.role_now);
        a.role_proposed = r(&a.role_proposed);
    }
    for a in &mut out.action_items {
        a.what = r(&a.what);
        a.owner_agency = r(&a.owner_agency);
        a.owner_person = r(&a.owner_person);
        a.outcome_note = r(&a.outcome_note);
        a.review_text = r(&a.review_text);
    }
    out.conference.meeting_type = r(&out.conference.meeting_type);
    out.conference.consent = r(&out.conference.consent);
    out
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
        assert_eq!(
            map.apply("佐藤花子さんと佐藤さん"),
            "保健所職員1さんとB氏さん"
        );
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
