//! CSV for spreadsheets: the action items (default) or every note.
//!
//! UTF-8 with a byte-order mark (so Excel reads Japanese correctly), RFC 4180 quoting by the
//! `csv` crate (a field with a comma, a quote or a line break is quoted and its quotes doubled)
//! and CRLF line ends.
//! A text field that starts with `=`, `+`, `-` or `@` gets a leading apostrophe so a
//! spreadsheet shows it as text instead of running it as a formula.

use super::dates::{self, DateStyle};
use super::labels::{L, kind_label};
use super::model::Snapshot;
use super::redact::record_lang;
use super::report::{action_status_label, mark_label};
use crate::board::spec::PROFILE_ITEMS;
use crate::store::NoteKind;
use ::csv::{Terminator, Writer, WriterBuilder};
use std::borrow::Cow;

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

/// A field typed by a person, guarded against formula injection: one that a spreadsheet would
/// run as a formula gets a leading apostrophe and is shown as text.
fn guarded(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A field the program wrote (a number, a label, a date), taken as it is.
fn plain<'a>(text: impl Into<Cow<'a, str>>) -> Cow<'a, str> {
    text.into()
}

fn write_row(w: &mut Writer<Vec<u8>>, fields: &[Cow<'_, str>]) -> Result<(), ::csv::Error> {
    w.write_record(fields.iter().map(|f| f.as_bytes()))
}

/// Render one table of the record as CSV.
pub(crate) fn render(
    snapshot: &Snapshot,
    table: CsvTable,
    style: DateStyle,
) -> Result<Vec<u8>, ::csv::Error> {
    let lang = record_lang(snapshot);
    let t = |l: L| plain(l.text(lang));
    let mut out = Vec::with_capacity(64 * 1024);
    out.extend_from_slice(BOM.as_bytes());
    let mut w = WriterBuilder::new()
        .terminator(Terminator::CRLF)
        .from_writer(out);
    match table {
        CsvTable::Actions => {
            write_row(
                &mut w,
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
            )?;
            for (i, a) in snapshot.action_items.iter().enumerate() {
                let status =
                    action_status_label(&a.status).map_or(a.status.as_str(), |l| l.text(lang));
                write_row(
                    &mut w,
                    &[
                        plain((i + 1).to_string()),
                        guarded(&a.what),
                        guarded(&a.owner_agency),
                        guarded(&a.owner_person),
                        plain(dates::due_cell(&a.due_text, a.due.as_deref(), style, lang)),
                        plain(status),
                        plain(super::followup::review_display(a)),
                        plain(if a.carried { "1" } else { "" }),
                        plain(if a.carried {
                            super::case::outcome_label(
                                crate::store::cards::Outcome::from_key(&a.outcome)
                                    .unwrap_or_default(),
                            )
                            .text(lang)
                        } else {
                            ""
                        }),
                        guarded(&a.outcome_note),
                        plain(&a.uid),
                    ],
                )?;
            }
        }
        CsvTable::Notes => {
            write_row(
                &mut w,
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
            )?;
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
                write_row(
                    &mut w,
                    &[
                        plain(n.id.to_string()),
                        plain(kind),
                        plain(n.position.to_string()),
                        guarded(label),
                        guarded(&n.body),
                        plain(mark),
                        plain(n.parent_id.map(|p| p.to_string()).unwrap_or_default()),
                        guarded(participant),
                    ],
                )?;
            }
        }
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One record as `render` writes it.
    fn row(fields: &[&str]) -> String {
        let mut w = WriterBuilder::new()
            .terminator(Terminator::CRLF)
            .from_writer(Vec::new());
        w.write_record(fields).unwrap();
        String::from_utf8(w.into_inner().unwrap()).unwrap()
    }

    #[test]
    fn rfc4180_quoting() {
        assert_eq!(row(&["plain", "", "a,b"]), "plain,,\"a,b\"\r\n");
        assert_eq!(
            row(&["say \"hi\"", "line\nbreak", "cr\r"]),
            "\"say \"\"hi\"\"\",\"line\nbreak\",\"cr\r\"\r\n"
        );
        // Neither spaces nor Japanese need quotes.
        assert_eq!(row(&[" 本人 ", "x"]), " 本人 ,x\r\n");
    }

    #[test]
    fn formulas_are_written_as_text() {
        for formula in ["=SUM(A1)", "+1", "-1", "@cmd"] {
            assert_eq!(guarded(formula), format!("'{formula}"));
        }
        assert_eq!(guarded("a=b"), "a=b");
        assert_eq!(row(&[guarded("-1,2").as_ref()]), "\"'-1,2\"\r\n");
    }
}
