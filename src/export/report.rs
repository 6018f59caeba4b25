//! The printed record as a list of blocks (headings, tables, lists, charts), built once from a
//! snapshot and rendered by each document format (Markdown, HTML, Word).
//!
//! The sections follow the boards of the meeting (`board::spec`): overview, participants, the
//! agenda's planned and actual time, the introduction, the case, the assessment, strengths,
//! roles, the shared direction and action items, impressions, the survey and the closing.

use super::dates::{self, DateStyle};
use super::labels::L;
use super::model::{NoteData, Snapshot};
use super::redact::record_lang;
use crate::agenda::{self, PhaseStatus};
use crate::board::spec::PROFILE_ITEMS;
use crate::config::{self, catalog};
use crate::domain::ConferenceStatus;
use crate::i18n::Lang;
use crate::store::NoteKind;
use chrono::{DateTime, Utc};

/// A whole record, ready to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Report {
    pub(crate) lang: Lang,
    /// The conference title (the document's title).
    pub(crate) title: String,
    /// The line printed at the top of every page: the handling mark and the title.
    pub(crate) page_header: String,
    pub(crate) blocks: Vec<Block>,
}

/// One piece of the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Block {
    /// Level 2 for sections, 3 for subsections (the title is level 1).
    Heading {
        level: u8,
        text: String,
    },
    Paragraph(String),
    /// A remark about the record itself (confidentiality, redaction, how to read a table).
    Notice(String),
    /// Nothing was recorded in this section.
    Empty(String),
    /// Caption and value pairs.
    Fields(Vec<(String, String)>),
    Table(Table),
    List(Vec<String>),
    /// Planned against actual time per phase (HTML draws it; the table next to it has the
    /// same figures for the other formats).
    Pacing(Vec<PacingBar>),
    /// Counts per option (HTML draws it; the table next to it has the same figures).
    Bars(Bars),
    /// The person at the centre and the agencies around them.
    Ecomap(Ecomap),
}

/// A bar chart of survey counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Bars {
    pub(crate) bars: Vec<(String, i64)>,
    /// How many people answered (the participants present), when known.
    pub(crate) respondents: Option<usize>,
}

/// The ecomap: who is involved with the person now, and who is proposed to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Ecomap {
    /// The person at the centre (the case label).
    pub(crate) centre: String,
    pub(crate) agencies: Vec<EcoAgency>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EcoAgency {
    pub(crate) name: String,
    /// Involved now (a solid line).
    pub(crate) current: bool,
    /// A role is proposed (a dashed line when not involved now).
    pub(crate) proposed: bool,
}

/// Whether a "role now" says the agency is involved ("関わりなし", "なし", "-" say it is not).
pub(crate) fn involved(role_now: &str) -> bool {
    let t = role_now.trim();
    !(t.is_empty()
        || [
            "関わりなし",
            "かかわりなし",
            "関与なし",
            "なし",
            "無し",
            "-",
            "—",
            "－",
            "none",
            "None",
            "no involvement",
        ]
        .contains(&t))
}

/// A table: a header row and rows of cells; cells may hold several lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub(crate) headers: Vec<String>,
    pub(crate) rows: Vec<Vec<String>>,
    /// Relative column widths (Word and HTML).
    pub(crate) widths: Vec<u16>,
    /// Whether the last row is a total (printed in bold).
    pub(crate) total_row: bool,
    /// Columns of figures (right-aligned).
    pub(crate) numeric: Vec<bool>,
}

/// Columns whose every filled cell is a whole number (No., counts).
fn numeric_columns(columns: usize, rows: &[Vec<String>]) -> Vec<bool> {
    (0..columns)
        .map(|i| {
            let mut any = false;
            let all = rows.iter().all(|r| {
                let cell = r.get(i).map_or("", |c| c.trim());
                any |= !cell.is_empty();
                cell.is_empty() || cell.chars().all(|c| c.is_ascii_digit())
            });
            all && any
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PacingBar {
    pub(crate) label: String,
    pub(crate) planned_ms: i64,
    pub(crate) actual_ms: i64,
    pub(crate) held: bool,
}

/// One phase's planned and actual time, as replayed from the clock events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PhasePacing {
    pub(crate) title: String,
    /// Planned after the extensions and shortenings of the day.
    pub(crate) planned_ms: i64,
    /// Planned in the agenda.
    pub(crate) original_ms: i64,
    pub(crate) actual_ms: i64,
    pub(crate) overrun_ms: i64,
    /// Whether the phase was ever reached.
    pub(crate) held: bool,
}

/// Replay the clock of a snapshot "as of" its last event, so the figures depend on the data
/// only (a meeting still running is measured up to its last recorded event).
pub(crate) fn pacing(snapshot: &Snapshot, lang: Lang) -> (Vec<PhasePacing>, bool) {
    let planned: Vec<u32> = snapshot
        .agenda
        .phases
        .iter()
        .map(|p| p.planned_minutes)
        .collect();
    let events = snapshot.events();
    let now = events
        .iter()
        .map(|e| e.at)
        .max()
        .unwrap_or(DateTime::<Utc>::UNIX_EPOCH);
    let view = agenda::replay(&planned, &events, now);
    let started = view.started_at.is_some();
    let rows = snapshot
        .agenda
        .phases
        .iter()
        .zip(view.phases.iter())
        .map(|(p, v)| PhasePacing {
            title: lang.pick(&p.title_ja, &p.title_en).to_string(),
            planned_ms: v.planned_ms,
            original_ms: v.original_ms,
            actual_ms: v.elapsed_ms,
            overrun_ms: v.overrun_ms,
            held: v.elapsed_ms > 0 || v.status != PhaseStatus::Upcoming,
        })
        .collect();
    (rows, started)
}

/// A duration as people say it: 「20分」「23分15秒」 / "20 min", "23 min 15 s".
pub(crate) fn duration(ms: i64, lang: Lang) -> String {
    let total = (ms.max(0) + 500) / 1000;
    let (m, s) = (total / 60, total % 60);
    match (lang, m, s) {
        (Lang::Ja, 0, 1..) => format!("{s}秒"),
        (Lang::Ja, _, 0) => format!("{m}分"),
        (Lang::Ja, _, _) => format!("{m}分{s}秒"),
        (Lang::En, 0, 1..) => format!("{s} s"),
        (Lang::En, _, 0) => format!("{m} min"),
        (Lang::En, _, _) => format!("{m} min {s} s"),
    }
}

fn overrun(ms: i64, lang: Lang) -> String {
    if (ms + 500) / 1000 <= 0 {
        "—".to_string()
    } else {
        format!("+{}", duration(ms, lang))
    }
}

/// The record's label for a status key; `None` for a key this version does not know.
pub(crate) fn status_label(status: &str) -> Option<L> {
    ConferenceStatus::from_key(status).map(|s| match s {
        ConferenceStatus::Planned => L::StatusPlanned,
        ConferenceStatus::Running => L::StatusRunning,
        ConferenceStatus::Finished => L::StatusFinished,
    })
}

pub(crate) fn action_status_label(status: &str) -> Option<L> {
    match status {
        "open" => Some(L::ActionOpen),
        "done" => Some(L::ActionDone),
        "dropped" => Some(L::ActionDropped),
        _ => None,
    }
}

pub(crate) fn mark_label(mark: &str) -> Option<L> {
    match mark {
        "crisis" => Some(L::MarkCrisis),
        "missed" => Some(L::MarkMissed),
        _ => None,
    }
}

/// Builds the blocks, numbering the sections.
struct Builder {
    lang: Lang,
    blocks: Vec<Block>,
    section: usize,
}

impl Builder {
    fn t(&self, l: L) -> String {
        l.text(self.lang).to_string()
    }

    fn section(&mut self, l: L) {
        self.section += 1;
        let text = format!("{}. {}", self.section, l.text(self.lang));
        self.blocks.push(Block::Heading { level: 2, text });
    }

    fn subsection(&mut self, l: L) {
        let text = self.t(l);
        self.blocks.push(Block::Heading { level: 3, text });
    }

    fn empty(&mut self) {
        let text = self.t(L::NoneRecorded);
        self.blocks.push(Block::Empty(text));
    }

    /// A list of note bodies, or "none recorded".
    fn list(&mut self, items: Vec<String>) {
        let items: Vec<String> = items.into_iter().filter(|s| !s.trim().is_empty()).collect();
        if items.is_empty() {
            self.empty();
        } else {
            self.blocks.push(Block::List(items));
        }
    }

    fn table(&mut self, headers: &[L], widths: &[u16], rows: Vec<Vec<String>>) {
        if rows.is_empty() {
            self.empty();
            return;
        }
        let headers: Vec<String> = headers.iter().map(|l| self.t(*l)).collect();
        let numeric = numeric_columns(headers.len(), &rows);
        self.blocks.push(Block::Table(Table {
            headers,
            rows,
            widths: widths.to_vec(),
            total_row: false,
            numeric,
        }));
    }
}

fn bodies<'a>(notes: impl Iterator<Item = &'a NoteData>) -> Vec<String> {
    notes.map(|n| n.body.clone()).collect()
}

/// Group `(key, value)` pairs by key in order of first appearance.
fn group<T>(items: impl IntoIterator<Item = (String, T)>) -> Vec<(String, Vec<T>)> {
    let mut groups: Vec<(String, Vec<T>)> = Vec::new();
    for (key, value) in items {
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, values)) => values.push(value),
            None => groups.push((key, vec![value])),
        }
    }
    groups
}

/// Build the printed record of `snapshot` (already redacted, when asked for).
pub(crate) fn build(snapshot: &Snapshot, redacted: bool, style: DateStyle) -> Report {
    let lang = record_lang(snapshot);
    let mut b = Builder {
        lang,
        blocks: Vec::new(),
        section: 0,
    };
    let conf = &snapshot.conference;
    // Agencies are typed (or completed) in Japanese; an English record names them in English
    // when the catalog knows them.
    let catalog = match lang {
        Lang::En => Some(catalog::agencies()),
        Lang::Ja => None,
    };
    let agency = |name: &str| -> String {
        catalog
            .as_ref()
            .and_then(|c| c.lookup(name))
            .map_or_else(|| name.to_string(), |a| a.en.clone())
    };

    b.blocks.push(Block::Paragraph(b.t(L::DocKind)));
    b.blocks.push(Block::Notice(b.t(L::Sensitive)));
    if redacted {
        b.blocks.push(Block::Notice(b.t(L::RedactedNotice)));
    }

    // 1. Overview (the opening board), with what a minutes page states about itself.
    b.section(L::Overview);
    let total: u32 = snapshot
        .agenda
        .phases
        .iter()
        .map(|p| p.planned_minutes)
        .sum();
    let agenda_name = agenda_name(snapshot, lang);
    let agenda = match lang {
        Lang::Ja => format!(
            "{agenda_name}・{}フェーズ・計{total}分",
            snapshot.agenda.phases.len()
        ),
        Lang::En => format!(
            "{agenda_name}: {} phases, {total} min",
            snapshot.agenda.phases.len()
        ),
    };
    let status = status_label(&conf.status).map_or(conf.status.clone(), |l| b.t(l));
    let meeting = meeting_times(snapshot, lang);
    let present = snapshot.participants.iter().filter(|p| p.present).count();
    let absent_count = snapshot.participants.len() - present;
    let attendance = match lang {
        Lang::Ja => format!(
            "出席 {present}名・欠席 {absent_count}名（名簿 {}名）",
            snapshot.participants.len()
        ),
        Lang::En => format!(
            "{present} present, {absent_count} absent ({} on the list)",
            snapshot.participants.len()
        ),
    };
    let recorder = if conf.recorder.trim().is_empty() {
        conf.facilitator.clone()
    } else {
        conf.recorder.clone()
    };
    let mut fields = vec![
        (b.t(L::Case), snapshot.case_label.clone()),
        (b.t(L::Date), dates::format_date(&conf.date, style, lang)),
        (b.t(L::Time), meeting),
        (b.t(L::Venue), conf.venue.clone()),
        (b.t(L::Facilitator), conf.facilitator.clone()),
        (b.t(L::Recorder), recorder),
        (b.t(L::Attendance), attendance),
        (b.t(L::Purpose), conf.purpose.clone()),
        (b.t(L::Agenda), agenda),
        (b.t(L::Status), status),
        (b.t(L::RecordDate), record_date(snapshot, style, lang)),
    ];
    // The kind of meeting, consent and confidentiality, when recorded.
    fields.extend(super::followup::header_fields(snapshot, lang));
    b.blocks.push(Block::Fields(fields));
    let opening = bodies(snapshot.notes_of(NoteKind::Opening));
    if opening.iter().any(|s| !s.trim().is_empty()) {
        b.subsection(L::OpeningNotes);
        b.list(opening);
    }

    // 2. Participants: one row each, so a role in brackets is never put inside brackets.
    b.section(L::Participants);
    let no_agency = b.t(L::NoAgency);
    let rows = snapshot
        .participants
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let agency = if p.agency.trim().is_empty() {
                no_agency.clone()
            } else {
                agency(&p.agency)
            };
            let here = if p.present { L::Present } else { L::Absent };
            vec![
                (i + 1).to_string(),
                p.name.clone(),
                agency,
                p.role.clone(),
                b.t(here),
            ]
        })
        .collect();
    b.table(
        &[L::PhaseNo, L::Name, L::Agency, L::Role, L::PresentAbsent],
        &[3, 9, 12, 12, 5],
        rows,
    );

    // 3. The agenda: planned against actual time.
    b.section(L::Pacing);
    let (phases, started) = pacing(snapshot, lang);
    if !started {
        b.blocks.push(Block::Notice(b.t(L::NotStartedNote)));
    }
    let adjusted = phases.iter().any(|p| p.planned_ms != p.original_ms);
    let mut rows: Vec<Vec<String>> = phases
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut planned = duration(p.planned_ms, lang);
            if p.planned_ms != p.original_ms {
                planned = format!("{planned} ({})", duration(p.original_ms, lang));
            }
            let (actual, over) = if p.held {
                (duration(p.actual_ms, lang), overrun(p.overrun_ms, lang))
            } else {
                (b.t(L::NotHeld), "—".to_string())
            };
            vec![(i + 1).to_string(), p.title.clone(), planned, actual, over]
        })
        .collect();
    if !phases.is_empty() {
        let planned: i64 = phases.iter().map(|p| p.planned_ms).sum();
        let original: i64 = phases.iter().map(|p| p.original_ms).sum();
        let actual: i64 = phases.iter().map(|p| p.actual_ms).sum();
        let mut planned_text = duration(planned, lang);
        if planned != original {
            planned_text = format!("{planned_text} ({})", duration(original, lang));
        }
        rows.push(vec![
            String::new(),
            b.t(L::Total),
            planned_text,
            duration(actual, lang),
            overrun((actual - original).max(0), lang),
        ]);
        b.blocks.push(Block::Table(Table {
            headers: [L::PhaseNo, L::Phase, L::Planned, L::Actual, L::Overrun]
                .iter()
                .map(|l| b.t(*l))
                .collect(),
            rows,
            widths: vec![2, 9, 4, 4, 4],
            total_row: true,
            numeric: vec![true, false, true, true, true],
        }));
        if adjusted {
            b.blocks.push(Block::Notice(b.t(L::AdjustedNote)));
        }
        if started {
            b.blocks.push(Block::Pacing(
                phases
                    .iter()
                    .map(|p| PacingBar {
                        label: p.title.clone(),
                        planned_ms: p.planned_ms,
                        actual_ms: p.actual_ms,
                        held: p.held,
                    })
                    .collect(),
            ));
        }
    } else {
        b.empty();
    }

    // 4. Introduction: lecture and ground rules.
    b.section(L::Introduction);
    b.subsection(L::Lecture);
    b.list(bodies(snapshot.notes_of(NoteKind::Lecture)));
    b.subsection(L::Rules);
    b.list(bodies(snapshot.notes_of(NoteKind::Rule)));

    // Review of the actions carried from the previous conference, when there were any.
    let carried = super::followup::carried_rows(snapshot, lang, &agency, &|text, day| {
        dates::due_cell(text, day, style, lang)
    });
    if !carried.is_empty() {
        b.section(L::Review);
        let previous = bodies(snapshot.notes_of(NoteKind::PrevDirection));
        if previous.iter().any(|s| !s.trim().is_empty()) {
            b.subsection(L::PrevDirection);
            b.list(previous);
        }
        b.table(
            &[
                L::PhaseNo,
                L::What,
                L::Owner,
                L::Due,
                L::ReviewDate,
                L::Outcome,
                L::OutcomeNote,
            ],
            &[2, 8, 5, 3, 3, 2, 6],
            carried,
        );
    }

    // 5. Case profile.
    b.section(L::Profile);
    let profile: Vec<&NoteData> = snapshot.notes_of(NoteKind::Profile).collect();
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (key, msg) in PROFILE_ITEMS {
        for n in profile.iter().filter(|n| n.label == *key) {
            if !n.body.trim().is_empty() {
                rows.push(vec![msg.text(lang).to_string(), n.body.clone()]);
            }
        }
    }
    for n in profile
        .iter()
        .filter(|n| !PROFILE_ITEMS.iter().any(|(k, _)| *k == n.label))
    {
        if !n.body.trim().is_empty() {
            rows.push(vec![n.label.clone(), n.body.clone()]);
        }
    }
    b.table(&[L::Item, L::Content], &[1, 4], rows);
    let facts = bodies(snapshot.notes_of(NoteKind::Fact));
    if facts.iter().any(|s| !s.trim().is_empty()) {
        b.subsection(L::Facts);
        b.list(facts);
    }

    // 6. Timeline.
    b.section(L::Timeline);
    let rows = snapshot
        .notes_of(NoteKind::Timeline)
        .map(|n| {
            let mark = mark_label(&n.mark).map_or(n.mark.clone(), |l| b.t(l));
            vec![n.label.clone(), n.body.clone(), mark]
        })
        .collect();
    b.table(&[L::When, L::Event, L::Mark], &[2, 7, 2], rows);

    // 7. Questions and answers.
    b.section(L::Qa);
    let questions: Vec<&NoteData> = snapshot.notes_of(NoteKind::Question).collect();
    let answers: Vec<&NoteData> = snapshot.notes_of(NoteKind::Answer).collect();
    let mut rows: Vec<Vec<String>> = questions
        .iter()
        .map(|q| {
            let a: Vec<&str> = answers
                .iter()
                .filter(|a| a.parent_id == Some(q.id))
                .map(|a| a.body.as_str())
                .collect();
            vec![q.body.clone(), a.join("\n")]
        })
        .collect();
    for a in &answers {
        if !questions.iter().any(|q| Some(q.id) == a.parent_id) {
            rows.push(vec![String::new(), a.body.clone()]);
        }
    }
    b.table(&[L::Question, L::Answer], &[1, 1], rows);

    // 8. Assessment: case-ness and illness-ness side by side.
    b.section(L::Assessment);
    let case_ness: Vec<&NoteData> = snapshot.notes_of(NoteKind::CaseNess).collect();
    let illness: Vec<&NoteData> = snapshot.notes_of(NoteKind::IllnessNess).collect();
    let rows = (0..case_ness.len().max(illness.len()))
        .map(|i| {
            let c = case_ness.get(i);
            let d = illness.get(i);
            vec![
                c.map(|n| n.body.clone()).unwrap_or_default(),
                c.map(|n| n.label.clone()).unwrap_or_default(),
                d.map(|n| n.body.clone()).unwrap_or_default(),
                d.map(|n| n.label.clone()).unwrap_or_default(),
            ]
        })
        .collect();
    b.table(
        &[L::CaseNess, L::Troubled, L::IllnessNess, L::JudgedBy],
        &[9, 4, 9, 4],
        rows,
    );

    // 9. Themes.
    b.section(L::Themes);
    b.list(bodies(snapshot.notes_of(NoteKind::Theme)));

    // 10. Strengths.
    b.section(L::Strengths);
    for (kind, label) in [
        (NoteKind::StrengthPerson, L::StrengthPerson),
        (NoteKind::StrengthFamily, L::StrengthFamily),
        (NoteKind::StrengthEnvironment, L::StrengthEnvironment),
    ] {
        b.subsection(label);
        b.list(bodies(snapshot.notes_of(kind)));
    }

    // 11. Supporters' strengths and challenges, per agency.
    b.section(L::Supporters);
    let tagged = snapshot
        .notes_of(NoteKind::SupporterStrength)
        .map(|n| (n, true))
        .chain(
            snapshot
                .notes_of(NoteKind::SupporterChallenge)
                .map(|n| (n, false)),
        )
        .map(|(n, strength)| {
            let agency = if n.label.trim().is_empty() {
                no_agency.clone()
            } else {
                agency(&n.label)
            };
            (agency, (strength, n.body.clone()))
        });
    let rows = group(tagged)
        .into_iter()
        .map(|(agency, items)| {
            let pick = |want: bool| {
                items
                    .iter()
                    .filter(|(s, _)| *s == want)
                    .map(|(_, body)| body.as_str())
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            vec![agency, pick(true), pick(false)]
        })
        .collect();
    b.table(
        &[L::Agency, L::SupporterStrength, L::SupporterChallenge],
        &[4, 5, 5],
        rows,
    );

    // 12. Agency roles.
    b.section(L::AgencyRoles);
    let rows = snapshot
        .agency_roles
        .iter()
        .map(|r| {
            vec![
                r.agency.clone(),
                r.role_now.clone(),
                r.role_proposed.clone(),
            ]
        })
        .collect();
    b.table(&[L::Agency, L::RoleNow, L::RoleProposed], &[4, 5, 5], rows);
    let mut eco: Vec<EcoAgency> = Vec::new();
    for r in &snapshot.agency_roles {
        let name = agency(r.agency.trim());
        if name.is_empty() {
            continue;
        }
        let current = involved(&r.role_now);
        let proposed = !r.role_proposed.trim().is_empty();
        match eco.iter_mut().find(|e| e.name == name) {
            Some(e) => {
                e.current |= current;
                e.proposed |= proposed;
            }
            None => eco.push(EcoAgency {
                name,
                current,
                proposed,
            }),
        }
    }
    if !eco.is_empty() {
        b.subsection(L::Ecomap);
        b.blocks.push(Block::Notice(b.t(L::EcomapLegend)));
        b.blocks.push(Block::Ecomap(Ecomap {
            centre: snapshot.case_label.clone(),
            agencies: eco,
        }));
    }

    // 13. Shared direction.
    b.section(L::Direction);
    b.list(bodies(snapshot.notes_of(NoteKind::Direction)));

    // 14. Action items.
    b.section(L::Actions);
    // Carried actions are in the review above; these are the ones set in this meeting.
    let rows = snapshot
        .action_items
        .iter()
        .filter(|a| !a.carried)
        .enumerate()
        .map(|(i, a)| {
            vec![
                (i + 1).to_string(),
                a.what.clone(),
                agency(&a.owner_agency),
                a.owner_person.clone(),
                dates::due_cell(&a.due_text, a.due.as_deref(), style, lang),
                dates::due_cell(&a.review_text, a.review_due.as_deref(), style, lang),
                action_status_label(&a.status).map_or(a.status.clone(), |l| b.t(l)),
            ]
        })
        .collect();
    b.table(
        &[
            L::PhaseNo,
            L::What,
            L::OwnerAgency,
            L::OwnerPerson,
            L::Due,
            L::ReviewDate,
            L::ActionStatus,
        ],
        &[2, 9, 5, 4, 4, 4, 3],
        rows,
    );

    // 15. Impressions.
    b.section(L::Impressions);
    let rows = snapshot
        .notes_of(NoteKind::Impression)
        .map(|n| {
            let who = n
                .participant_id
                .and_then(|id| snapshot.participants.iter().find(|p| p.id == id))
                .map_or(n.label.clone(), |p| p.name.clone());
            vec![who, n.body.clone()]
        })
        .collect();
    b.table(&[L::Whose, L::Impression], &[1, 4], rows);

    // 16. Survey.
    b.section(L::Survey);
    let survey = catalog::survey();
    let question = lang.pick(&survey.question_ja, &survey.question_en);
    let multiple = if survey.multiple {
        b.t(L::MultipleAnswers)
    } else {
        String::new()
    };
    let gap = if multiple.is_empty() || lang == Lang::Ja {
        ""
    } else {
        " "
    };
    b.blocks
        .push(Block::Paragraph(format!("{question}{gap}{multiple}")));
    let mut counts: Vec<(String, i64)> = survey
        .options
        .iter()
        .map(|o| {
            let count = snapshot
                .survey_tallies
                .iter()
                .find(|t| t.survey_id == survey.id && t.option_key == o.key)
                .map_or(0, |t| t.count);
            (lang.pick(&o.ja, &o.en).to_string(), count)
        })
        .collect();
    for t in &snapshot.survey_tallies {
        if t.survey_id != survey.id || survey.option(&t.option_key).is_none() {
            counts.push((format!("{} / {}", t.survey_id, t.option_key), t.count));
        }
    }
    let rows = counts
        .iter()
        .map(|(o, c)| vec![o.clone(), c.to_string()])
        .collect();
    b.table(&[L::SurveyOption, L::SurveyCount], &[6, 1], rows);
    if counts.iter().any(|(_, c)| *c > 0) {
        let present = snapshot.participants.iter().filter(|p| p.present).count();
        b.blocks.push(Block::Bars(Bars {
            bars: counts,
            respondents: (present > 0).then_some(present),
        }));
    }

    // 17. Closing.
    b.section(L::Closing);
    b.subsection(L::ClosingRemarks);
    b.list(bodies(snapshot.notes_of(NoteKind::Closing)));
    b.subsection(L::NextMeeting);
    if conf.next_meeting.trim().is_empty() {
        b.empty();
    } else {
        b.blocks.push(Block::Paragraph(conf.next_meeting.clone()));
    }

    Report {
        lang,
        title: conf.title.clone(),
        page_header: format!("{}　{}", L::PageHeader.text(lang), conf.title),
        blocks: b.blocks,
    }
}

/// The agenda's display name: as kept with the conference, else the built-in agenda's, else
/// its id (the name of the user's own agenda file).
fn agenda_name(snapshot: &Snapshot, lang: Lang) -> String {
    let a = &snapshot.agenda;
    let kept = lang.pick(&a.title_ja, &a.title_en);
    if !kept.trim().is_empty() {
        return kept.to_string();
    }
    config::agenda::builtin(&a.id).map_or_else(
        || a.id.clone(),
        |b| lang.pick(&b.title_ja, &b.title_en).to_string(),
    )
}

/// Start, end and length of the meeting from its clock: 「10:00〜12:05（2時間5分）」.
fn meeting_times(snapshot: &Snapshot, lang: Lang) -> String {
    let planned: Vec<u32> = snapshot
        .agenda
        .phases
        .iter()
        .map(|p| p.planned_minutes)
        .collect();
    let events = snapshot.events();
    let last = events.iter().map(|e| e.at).max();
    let Some(now) = last else {
        return L::NotStartedTime.text(lang).to_string();
    };
    let view = agenda::replay(&planned, &events, now);
    let Some(start) = view.started_at else {
        return L::NotStartedTime.text(lang).to_string();
    };
    match view.finished_at {
        Some(end) => {
            let length = dates::hours_minutes((end - start).num_milliseconds(), lang);
            match lang {
                Lang::Ja => format!(
                    "{}〜{}（{length}）",
                    dates::time_of(start),
                    dates::time_of(end)
                ),
                Lang::En => format!(
                    "{}–{} ({length})",
                    dates::time_of(start),
                    dates::time_of(end)
                ),
            }
        }
        None => match lang {
            Lang::Ja => format!(
                "{}〜（終了の記録なし。最後の記録 {}）",
                dates::time_of(start),
                dates::time_of(now)
            ),
            Lang::En => format!(
                "{}– (no end recorded; last entry {})",
                dates::time_of(start),
                dates::time_of(now)
            ),
        },
    }
}

/// 作成日: as typed (shown as typed when it is not a date), else the day the meeting finished
/// (or was last recorded), else the conference's date.
fn record_date(snapshot: &Snapshot, style: DateStyle, lang: Lang) -> String {
    let typed = snapshot.conference.record_date.trim();
    if !typed.is_empty() {
        return dates::format_date(typed, style, lang);
    }
    match snapshot.events().iter().map(|e| e.at).max() {
        Some(at) => dates::date_of(dates::day_of(at), style, lang),
        None => dates::format_date(&snapshot.conference.date, style, lang),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(20 * 60_000, Lang::Ja), "20分");
        assert_eq!(duration(23 * 60_000 + 15_000, Lang::Ja), "23分15秒");
        assert_eq!(duration(23 * 60_000 + 15_400, Lang::En), "23 min 15 s");
        assert_eq!(duration(-5, Lang::En), "0 min");
        assert_eq!(overrun(0, Lang::Ja), "—");
        assert_eq!(overrun(61_000, Lang::Ja), "+1分1秒");
        assert_eq!(overrun(30_000, Lang::Ja), "+30秒");
    }

    #[test]
    fn grouping_keeps_first_appearance_order() {
        let g = group([
            ("b".to_string(), 1),
            ("a".to_string(), 2),
            ("b".to_string(), 3),
        ]);
        assert_eq!(
            g,
            vec![("b".to_string(), vec![1, 3]), ("a".to_string(), vec![2])]
        );
    }
}
