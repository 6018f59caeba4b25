//! CSV for spreadsheets: the action items (default) or every note.
//!
//! UTF-8 with a byte-order mark (so Excel reads Japanese correctly), RFC 4180 quoting (a field
//! with a comma, a quote or a line break is quoted and its quotes doubled) and CRLF line ends.
//! A text field that starts with `=`, `+`, `-` or `@` gets a leading apostrophe so a
//! spreadsheet shows it as text instead of running it as a formula.

use super::dates::{self, DateStyle};
use super::labels::{L, kind_label};
use super::model::Snapshot;
use super::redact::record_lang;
use super::report::{action_status_label, mark_label};
use crate::board::spec::PROFILE_ITEMS;
use crate::store::NoteKind;

/// Which table to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum CsvTable {
    /// The action items
    #[default]
    Actions,
    /// Every note
    Notes,
}

const BOM: &str = "\u{feff}";

/// One field, quoted when RFC 4180 needs it.
pub(crate) fn field(text: &str) -> String {
    if text.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// A field typed by a person: guarded against formula injection, then quoted.
fn text_field(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@']) {
        field(&format!("'{text}"))
    } else {
        field(text)
    }
}

fn push_row(out: &mut String, fields: &[String]) {
    out.push_str(&fields.join(","));
    out.push_str("\r\n");
}

/// Render one table of the record as CSV.
pub(crate) fn render(snapshot: &Snapshot, table: CsvTable, style: DateStyle) -> String {
    let lang = record_lang(snapshot);
    let t = |l: L| field(l.text(lang));
    let mut out = String::with_capacity(64 * 1024);
    out.push_str(BOM);
    match table {
        CsvTable::Actions => {
            push_row(
                &mut out,
                &[
                    t(L::CsvNo),
                    t(L::What),
                    t(L::OwnerAgency),
                    t(L::OwnerPerson),
                    t(L::Due),
                    t(L::ActionStatus),
                    // The case over time: review date, the review of a carried action, and
                    // the action's identity across conferences.
                    t(L::ReviewDate),
                    t(L::Review),
                    t(L::Outcome),
                    t(L::OutcomeNote),
                    t(L::CsvUid),
                ],
            );
            for (i, a) in snapshot.action_items.iter().enumerate() {
                let status =
                    action_status_label(&a.status).map_or(a.status.as_str(), |l| l.text(lang));
                push_row(
                    &mut out,
                    &[
                        (i + 1).to_string(),
                        text_field(&a.what),
                        text_field(&a.owner_agency),
                        text_field(&a.owner_person),
                        field(&dates::due_cell(&a.due_text, a.due.as_deref(), style, lang)),
                        field(status),
                        field(&super::followup::review_display(a)),
                        field(if a.carried { "1" } else { "" }),
                        field(if a.carried {
                            super::case::outcome_label(
                                crate::store::cards::Outcome::from_key(&a.outcome)
                                    .unwrap_or_default(),
                            )
                            .text(lang)
                        } else {
                            ""
                        }),
                        text_field(&a.outcome_note),
                        field(&a.uid),
                    ],
                );
            }
        }
        CsvTable::Notes => {
            push_row(
                &mut out,
                &[
                    t(L::CsvId),
                    t(L::CsvKind),
                    t(L::CsvPosition),
                    t(L::CsvLabel),
                    t(L::CsvBody),
                    t(L::CsvMark),
                    t(L::CsvParent),
                    t(L::CsvParticipant),
                ],
            );
            for n in &snapshot.notes {
                let kind = NoteKind::from_key(&n.kind)
                    .map_or(n.kind.as_str(), |k| kind_label(k).text(lang));
                let mark = mark_label(&n.mark).map_or(n.mark.as_str(), |l| l.text(lang));
                // A profile item's label is its key (age_band); write its caption instead.
                let label = PROFILE_ITEMS
                    .iter()
                    .find(|(key, _)| n.kind == NoteKind::Profile.key() && *key == n.label)
                    .map_or(n.label.as_str(), |(_, msg)| msg.text(lang));
                let participant = n
                    .participant_id
                    .and_then(|id| snapshot.participants.iter().find(|p| p.id == id))
                    .map_or("", |p| p.name.as_str());
                push_row(
                    &mut out,
                    &[
                        n.id.to_string(),
                        field(kind),
                        n.position.to_string(),
                        text_field(label),
                        text_field(&n.body),
                        field(mark),
                        n.parent_id.map(|p| p.to_string()).unwrap_or_default(),
                        text_field(participant),
                    ],
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4180_quoting() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("line\nbreak"), "\"line\nbreak\"");
        assert_eq!(text_field("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(text_field("-1,2"), "\"'-1,2\"");
    }
}
