//! The parts of the record about the case over time (follow-up across conferences): the kind of
//! meeting with its duty of confidentiality and the person's consent (in the overview), who
//! and when, and the review of the actions carried from the previous conference.

use super::case::outcome_label;
use super::labels::L;
use super::model::{ActionItemData, Snapshot};
use crate::i18n::Lang;
use crate::store::cards::Outcome;
use crate::store::conferences::{MeetingType, consent_given};
use chrono::{DateTime, Local};

/// Overview lines for the kind of meeting, consent and confidentiality; none when nothing of
/// it was recorded.
pub(crate) fn header_fields(s: &Snapshot, lang: Lang) -> Vec<(String, String)> {
    let t = |l: L| l.text(lang).to_string();
    let c = &s.conference;
    let mut out = Vec::new();
    let kind = MeetingType::read(&c.meeting_type);
    if !c.meeting_type.trim().is_empty() {
        let mut text = match kind {
            Some(k) => lang.pick(k.ja(), k.en()).to_string(),
            None => c.meeting_type.trim().to_string(),
        };
        let note = match kind {
            Some(MeetingType::SupportMeeting) => Some(L::SupportMeetingNote),
            Some(MeetingType::CaseStudy) => Some(L::CaseStudyNote),
            _ => None,
        };
        if let Some(note) = note {
            text = format!("{text}\n{}", t(note));
        }
        out.push((t(L::MeetingType), text));
    }
    let needs = kind.is_some_and(MeetingType::needs_consent);
    if needs || !c.consent.trim().is_empty() || !c.consent_date.trim().is_empty() {
        let given = match consent_given(&c.consent) {
            Some(true) => t(L::ConsentYes),
            Some(false) => t(L::ConsentNo),
            None if c.consent.trim().is_empty() => t(L::ConsentUnknown),
            None => c.consent.trim().to_string(),
        };
        let text = if c.consent_date.trim().is_empty() {
            given
        } else {
            format!("{given}（{}）", c.consent_date.trim())
        };
        out.push((t(L::Consent), text));
    }
    if s.participants.iter().any(|p| !p.confirmed_at.is_empty()) {
        out.push((t(L::Confidentiality), confirmations(s, lang)));
    }
    out
}

/// 「4名が確認：佐藤 10:02、高橋 10:03／未確認：田中」
fn confirmations(s: &Snapshot, lang: Lang) -> String {
    let sep = match lang {
        Lang::Ja => "、",
        Lang::En => ", ",
    };
    let mut done = Vec::new();
    let mut not = Vec::new();
    for p in s.participants.iter().filter(|p| !p.name.trim().is_empty()) {
        match DateTime::parse_from_rfc3339(&p.confirmed_at) {
            Ok(at) => done.push(format!(
                "{} {}",
                p.name.trim(),
                at.with_timezone(&Local).format("%H:%M")
            )),
            Err(_) if !p.confirmed_at.is_empty() => done.push(p.name.trim().to_string()),
            Err(_) => not.push(p.name.trim().to_string()),
        }
    }
    let mut text = match lang {
        Lang::Ja => format!(
            "{}{}：{}",
            done.len(),
            L::ConfirmedCount.text(lang),
            done.join(sep)
        ),
        Lang::En => format!(
            "{} {}: {}",
            done.len(),
            L::ConfirmedCount.text(lang),
            done.join(sep)
        ),
    };
    if !not.is_empty() {
        text = format!("{text}\n{}: {}", L::NotConfirmed.text(lang), not.join(sep));
    }
    text
}

/// The carried actions, as the review table's rows: what, owner, due, review date (written by
/// `day`, in the record's date style), outcome, note.
pub(crate) fn carried_rows(
    s: &Snapshot,
    lang: Lang,
    agency: &dyn Fn(&str) -> String,
    day: &dyn Fn(&str, Option<&str>) -> String,
) -> Vec<Vec<String>> {
    s.action_items
        .iter()
        .filter(|a| a.carried)
        .enumerate()
        .map(|(i, a)| {
            let outcome = Outcome::from_key(&a.outcome).unwrap_or_default();
            vec![
                (i + 1).to_string(),
                a.what.clone(),
                owner(a, agency),
                day(&a.due_text, a.due.as_deref()),
                day(&a.review_text, a.review_due.as_deref()),
                outcome_label(outcome).text(lang).to_string(),
                a.outcome_note.clone(),
            ]
        })
        .collect()
}

/// The review date as the record shows it (words, with their day when relative).
pub(crate) fn review_display(a: &ActionItemData) -> String {
    crate::dates::due_display(&a.review_text, a.review_due.as_deref())
}

fn owner(a: &ActionItemData, agency: &dyn Fn(&str) -> String) -> String {
    let agency = agency(&a.owner_agency);
    [agency.trim(), a.owner_person.trim()]
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
}
