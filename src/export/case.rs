//! The case summary (`caseconf export --case LABEL`): the case's conferences in order, and
//! each action's history across them — set, carried, reviewed (完了 / 継続 / 変更 / 中止) —
//! as a printed record (Markdown, HTML or Word, through the same report blocks).
//!
//! Redacted (`--redact`), names are replaced by the labels a conference's redacted record
//! uses: the case's names to redact (shared by its conferences, so the same letters), and the
//! people of its conferences (the latest conference's roster numbering first).

use super::labels::L;
use super::model::Snapshot;
use super::redact::{Place, RedactionMap, Replaced, redaction_map};
use super::report::{Block, Report, Table};
use super::review::{Review, review_of};
use super::{ExportError, Format};
use crate::i18n::Lang;
use crate::store::cards::Outcome;
use crate::store::case::{self, ActionHistory, CaseRecord};
use rusqlite::Connection;

/// The label of a review outcome in the record.
pub(crate) fn outcome_label(outcome: Outcome) -> L {
    match outcome {
        Outcome::Pending => L::OutcomePending,
        Outcome::Done => L::OutcomeDone,
        Outcome::Continued => L::OutcomeContinued,
        Outcome::Changed => L::OutcomeChanged,
        Outcome::Stopped => L::OutcomeStopped,
    }
}

/// The case summary of the case labelled `label` in `format` (Markdown, HTML or Word);
/// `today` (YYYY-MM-DD) decides which open actions are overdue.
pub fn render(
    conn: &Connection,
    label: &str,
    format: Format,
    lang: Lang,
    today: &str,
) -> Result<Vec<u8>, ExportError> {
    let record = case::load(conn, label)?;
    write(&build(&record, lang, today), format, today)
}

/// The summary's report as a file in `format`. The summary is a document: CSV and JSON have
/// no case form, Markdown stands in.
fn write(report: &Report, format: Format, today: &str) -> Result<Vec<u8>, ExportError> {
    Ok(match format {
        Format::Html => super::html::render(report).into_bytes(),
        Format::Docx => super::docx::render(report, today)?,
        Format::Markdown | Format::Csv | Format::Json => {
            super::markdown::render(report).into_bytes()
        }
    })
}

/// The redacted case summary: every name and identifying detail replaced.
pub(crate) fn render_redacted(
    conn: &Connection,
    label: &str,
    format: Format,
    lang: Lang,
    today: &str,
) -> Result<Vec<u8>, ExportError> {
    let record = case::load(conn, label)?;
    let map = case_redaction_map(conn, &record)?;
    let (redacted, _) = redact_case(&record, &map);
    write(&build(&redacted, lang, today), format, today)
}

/// The redaction review of the case summary: what is replaced, and what is left that may
/// identify someone (as `caseconf export --redact --check` prints it for a conference).
pub(crate) fn review_case(conn: &Connection, label: &str) -> Result<Review, ExportError> {
    let record = case::load(conn, label)?;
    let map = case_redaction_map(conn, &record)?;
    let (mut redacted, log) = redact_case(&record, &map);
    let lang = map_lang(conn, &record)?;
    Ok(review_of(lang, &map, log, |f| {
        for_each_case_text(&mut redacted, f)
    }))
}

/// The record language of the case's latest conference (the labels' language).
fn map_lang(conn: &Connection, record: &CaseRecord) -> Result<Lang, ExportError> {
    Ok(match record.conferences.last() {
        Some(c) => super::redact::record_lang(&Snapshot::load(conn, c.id)?),
        None => Lang::default(),
    })
}

/// The names of a case and their labels: the latest conference's redaction map, with the
/// people of earlier conferences who were not at it appended to its roster (so each person
/// has one label across the summary), then whatever else earlier conferences name (their
/// facilitators and recorders).
pub(crate) fn case_redaction_map(
    conn: &Connection,
    record: &CaseRecord,
) -> Result<RedactionMap, ExportError> {
    let mut snapshots = Vec::new();
    for c in &record.conferences {
        snapshots.push(Snapshot::load(conn, c.id)?);
    }
    let Some(mut base) = snapshots.last().cloned() else {
        return Ok(RedactionMap::new(Vec::<(String, String)>::new()));
    };
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    for s in snapshots.iter().rev().skip(1) {
        for p in &s.participants {
            let key = squeeze(&p.name);
            if !key.is_empty() && !base.participants.iter().any(|b| squeeze(&b.name) == key) {
                base.participants.push(p.clone());
            }
        }
    }
    let base_map = redaction_map(&base);
    let lang = super::redact::record_lang(&base);
    let mut entries = base_map.entries().to_vec();
    for s in snapshots.iter().rev().skip(1) {
        entries.extend(redaction_map(s).entries().iter().cloned());
    }
    Ok(RedactionMap::from_entries(entries, lang))
}

/// Every text of a case record a person typed, with where it stands (for the review).
fn for_each_case_text(record: &mut CaseRecord, f: &mut dyn FnMut(Place, &mut String)) {
    for c in &mut record.conferences {
        f(Place::Table(L::CaseConferences), &mut c.title);
        f(Place::Table(L::CaseConferences), &mut c.meeting_type);
    }
    for a in &mut record.actions {
        for s in &mut a.steps {
            f(Place::Table(L::ActionHistory), &mut s.what);
            f(Place::Table(L::ActionHistory), &mut s.owner_agency);
            f(Place::Table(L::ActionHistory), &mut s.owner_person);
            f(Place::Table(L::ActionHistory), &mut s.due_text);
            f(Place::Table(L::ActionHistory), &mut s.review_text);
            f(Place::Table(L::ActionHistory), &mut s.outcome_note);
        }
    }
}

/// A redacted copy of the case record, and every replacement made with its place.
fn redact_case(record: &CaseRecord, map: &RedactionMap) -> (CaseRecord, Vec<(Place, Replaced)>) {
    let mut out = record.clone();
    let mut log: Vec<(Place, Replaced)> = Vec::new();
    for_each_case_text(&mut out, &mut |place, text| {
        *text = map.redact_text(text, &mut |r| log.push((place, r)));
    });
    (out, log)
}

/// The summary as report blocks, in `lang`.
pub(crate) fn build(record: &CaseRecord, lang: Lang, today: &str) -> Report {
    let t = |l: L| l.text(lang).to_string();
    let mut blocks = vec![
        Block::Paragraph(format!("{}: {}", t(L::Case), record.label)),
        Block::Notice(t(L::Sensitive)),
        Block::Heading {
            level: 2,
            text: format!("1. {}", t(L::CaseConferences)),
        },
    ];
    let number = |id: i64| {
        record
            .conferences
            .iter()
            .position(|c| c.id == id)
            .map_or(String::new(), |i| format!("{}", i + 1))
    };
    blocks.push(Block::Table(Table {
        headers: vec![
            "#".into(),
            t(L::Date),
            t(L::Title),
            t(L::MeetingType),
            t(L::Status),
        ],
        rows: record
            .conferences
            .iter()
            .enumerate()
            .map(|(i, c)| {
                vec![
                    (i + 1).to_string(),
                    c.date.clone(),
                    c.title.clone(),
                    c.meeting_type.clone(),
                    super::report::status_label(&c.status)
                        .map_or(c.status.clone(), |l| l.text(lang).to_string()),
                ]
            })
            .collect(),
        widths: vec![1, 3, 6, 4, 2],
        total_row: false,
        numeric: vec![true, false, false, false, false],
    }));
    blocks.push(Block::Heading {
        level: 2,
        text: format!("2. {}", t(L::ActionHistory)),
    });
    if record.actions.is_empty() {
        blocks.push(Block::Empty(t(L::NoneRecorded)));
    }
    for (i, a) in record.actions.iter().enumerate() {
        blocks.push(Block::Heading {
            level: 3,
            text: heading(i, a, lang, today),
        });
        blocks.push(Block::Table(Table {
            headers: vec![
                "#".into(),
                t(L::What),
                t(L::Owner),
                t(L::Due),
                t(L::ReviewDate),
                t(L::Outcome),
                t(L::OutcomeNote),
                t(L::Status),
            ],
            rows: a
                .steps
                .iter()
                .map(|s| {
                    let owner = [s.owner_agency.trim(), s.owner_person.trim()]
                        .iter()
                        .filter(|p| !p.is_empty())
                        .copied()
                        .collect::<Vec<_>>()
                        .join(" ");
                    vec![
                        format!("{} ({})", number(s.conference_id), s.conference_date),
                        s.what.clone(),
                        owner,
                        crate::dates::due_display(&s.due_text, s.due.as_deref()),
                        crate::dates::due_display(&s.review_text, s.review_due.as_deref()),
                        if s.carried {
                            t(outcome_label(s.outcome))
                        } else {
                            "—".into()
                        },
                        s.outcome_note.clone(),
                        super::report::action_status_label(s.status.key())
                            .map_or(s.status.key().to_string(), |l| l.text(lang).to_string()),
                    ]
                })
                .collect(),
            widths: vec![2, 5, 3, 2, 2, 2, 4, 2],
            total_row: false,
            numeric: vec![false; 8],
        }));
    }
    let title = format!("{}: {}", t(L::CaseSummary), record.label);
    Report {
        lang,
        page_header: format!("{}　{title}", t(L::PageHeader)),
        title,
        blocks,
    }
}

/// "1. 訪問して生活状況を確認する（期限超過）"
fn heading(i: usize, a: &ActionHistory, lang: Lang, today: &str) -> String {
    let what = a.latest().map_or(String::new(), |s| s.what.clone());
    let mut text = format!("{}. {what}", i + 1);
    if a.overdue(today) {
        text.push_str(&match lang {
            Lang::Ja => format!("（{}）", L::Overdue.text(lang)),
            Lang::En => format!(" ({})", L::Overdue.text(lang)),
        });
    }
    text
}
