//! The printed record as a list of blocks (headings, tables, lists, charts), built once per
//! export, section by section, into a [`Sink`]: collected into a [`Report`] for Markdown and
//! HTML, or written as it comes into the Word file, whose tables and lists are read from the
//! notes row by row (see `export::source`) so a long record is never whole in memory.
//!
//! The sections follow the boards of the meeting (`board::spec`): overview, participants, the
//! agenda's planned and actual time, the introduction, the case, the assessment, strengths,
//! roles, the shared direction and action items, impressions, the survey and the closing.

use super::ExportError;
use super::dates::{self, DateStyle};
use super::labels::L;
use super::model::{NoteData, Snapshot};
use super::redact::record_lang;
use super::source::Notes;
use crate::agenda::{self, PhaseStatus};
use crate::board::spec::PROFILE_ITEMS;
use crate::config::{self, catalog};
use crate::domain::ConferenceStatus;
use crate::i18n::Lang;
use crate::store::{NoteKind, StoreError};
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

impl Table {
    /// Everything but the rows.
    pub(crate) fn shape(&self) -> TableShape {
        TableShape {
            headers: self.headers.clone(),
            widths: self.widths.clone(),
            total_row: self.total_row,
            numeric: self.numeric.clone(),
            rows: self.rows.len(),
        }
    }
}

/// A table but its rows, which a [`Sink`] reads as it writes them: the header, the column
/// weights, whether the last row is a total, the columns of figures and how many rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TableShape {
    pub(crate) headers: Vec<String>,
    pub(crate) widths: Vec<u16>,
    pub(crate) total_row: bool,
    pub(crate) numeric: Vec<bool>,
    pub(crate) rows: usize,
}

/// Finds the columns whose every filled cell is a whole number (No., counts), row by row.
struct Numeric {
    /// Per column: some cell is filled, every filled cell is a number.
    columns: Vec<(bool, bool)>,
}

impl Numeric {
    fn new(columns: usize) -> Self {
        Self {
            columns: vec![(false, true); columns],
        }
    }

    fn add(&mut self, row: &[String]) {
        for (i, (any, all)) in self.columns.iter_mut().enumerate() {
            let cell = row.get(i).map_or("", |c| c.trim());
            *any |= !cell.is_empty();
            *all &= cell.is_empty() || cell.chars().all(|c| c.is_ascii_digit());
        }
    }

    fn columns(&self) -> Vec<bool> {
        self.columns.iter().map(|(any, all)| *any && *all).collect()
    }
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

/// Hands a table's rows over, one by one; it may be called more than once.
pub(crate) type Rows<'a> = dyn Fn(&mut dyn FnMut(Vec<String>)) -> Result<(), StoreError> + 'a;
/// Hands a list's items over, one by one; it may be called more than once.
pub(crate) type Items<'a> = dyn Fn(&mut dyn FnMut(String)) -> Result<(), StoreError> + 'a;

/// Where the report's blocks go as they are built: collected into a [`Report`] (Markdown,
/// HTML, a document in memory) or written as they come (the Word file). Tables and lists,
/// the parts that grow with the notes, come as row sources the sink reads as often as it
/// needs (the Word file measures a table's columns before writing its rows).
pub(crate) trait Sink {
    fn block(&mut self, block: Block) -> Result<(), ExportError>;
    /// A table of `shape.rows` rows, one at least.
    fn table(&mut self, shape: &TableShape, rows: &Rows<'_>) -> Result<(), ExportError>;
    /// A list of `count` items, one at least.
    fn list(&mut self, count: usize, items: &Items<'_>) -> Result<(), ExportError>;
}

/// The blocks collected, for the formats rendered in memory.
struct Collect(Vec<Block>);

impl Sink for Collect {
    fn block(&mut self, block: Block) -> Result<(), ExportError> {
        self.0.push(block);
        Ok(())
    }

    fn table(&mut self, shape: &TableShape, rows: &Rows<'_>) -> Result<(), ExportError> {
        let mut all = Vec::with_capacity(shape.rows);
        rows(&mut |row| all.push(row))?;
        self.0.push(Block::Table(Table {
            headers: shape.headers.clone(),
            rows: all,
            widths: shape.widths.clone(),
            total_row: shape.total_row,
            numeric: shape.numeric.clone(),
        }));
        Ok(())
    }

    fn list(&mut self, count: usize, items: &Items<'_>) -> Result<(), ExportError> {
        let mut all = Vec::with_capacity(count);
        items(&mut |item| all.push(item))?;
        self.0.push(Block::List(all));
        Ok(())
    }
}

/// Builds the blocks section by section into a sink, numbering the sections.
struct Builder<'a> {
    /// The conference (its notes are read through `notes`).
    head: &'a Snapshot,
    notes: &'a dyn Notes,
    lang: Lang,
    style: DateStyle,
    /// Agencies are typed (or completed) in Japanese; an English record names them in
    /// English when the catalog knows them.
    catalog: Option<&'a catalog::Agencies>,
    sink: &'a mut dyn Sink,
    section: usize,
}

/// An agency's name in the record's language (see [`Builder::catalog`]).
fn agency_name(catalog: Option<&catalog::Agencies>, name: &str) -> String {
    catalog
        .and_then(|c| c.lookup(name))
        .map_or_else(|| name.to_string(), |a| a.en.clone())
}

/// Hands `f` the bodies of the notes of `kind`.
fn bodies(notes: &dyn Notes, kind: NoteKind, f: &mut dyn FnMut(String)) -> Result<(), StoreError> {
    notes.each(kind, None, &mut |all| {
        all.for_each(|n| f(n.body));
        Ok(())
    })
}

impl Builder<'_> {
    fn t(&self, l: L) -> String {
        l.text(self.lang).to_string()
    }

    fn push(&mut self, block: Block) -> Result<(), ExportError> {
        self.sink.block(block)
    }

    fn section(&mut self, l: L) -> Result<(), ExportError> {
        self.section += 1;
        let text = format!("{}. {}", self.section, l.text(self.lang));
        self.push(Block::Heading { level: 2, text })
    }

    fn subsection(&mut self, l: L) -> Result<(), ExportError> {
        let text = self.t(l);
        self.push(Block::Heading { level: 3, text })
    }

    fn empty(&mut self) -> Result<(), ExportError> {
        let text = self.t(L::NoneRecorded);
        self.push(Block::Empty(text))
    }

    fn agency(&self, name: &str) -> String {
        agency_name(self.catalog, name)
    }

    /// A list of the items that are not blank, or "none recorded".
    fn list(&mut self, items: &Items<'_>) -> Result<(), ExportError> {
        let filled = |f: &mut dyn FnMut(String)| {
            items(&mut |item| {
                if !item.trim().is_empty() {
                    f(item)
                }
            })
        };
        let mut count = 0;
        filled(&mut |_| count += 1)?;
        if count == 0 {
            return self.empty();
        }
        self.sink.list(count, &filled)
    }

    /// The list of the notes of `kind`.
    fn notes_list(&mut self, kind: NoteKind) -> Result<(), ExportError> {
        let notes = self.notes;
        self.list(&|f| bodies(notes, kind, f))
    }

    /// The notes of `kind` under the subsection `l`, when any is filled in.
    fn optional_list(&mut self, l: L, kind: NoteKind) -> Result<(), ExportError> {
        let mut any = false;
        bodies(self.notes, kind, &mut |body| any |= !body.trim().is_empty())?;
        if any {
            self.subsection(l)?;
            self.notes_list(kind)?;
        }
        Ok(())
    }

    /// A table of rows built whole (from the conference, not its notes).
    fn table_of(
        &mut self,
        headers: &[L],
        widths: &[u16],
        rows: &[Vec<String>],
    ) -> Result<(), ExportError> {
        self.table(headers, widths, &|f| {
            rows.iter().for_each(|r| f(r.clone()));
            Ok(())
        })
    }

    /// A table, or "none recorded" when it has no rows.
    fn table(&mut self, headers: &[L], widths: &[u16], rows: &Rows<'_>) -> Result<(), ExportError> {
        let mut count = 0;
        let mut numeric = Numeric::new(headers.len());
        rows(&mut |row| {
            count += 1;
            numeric.add(&row);
        })?;
        if count == 0 {
            return self.empty();
        }
        let shape = TableShape {
            headers: headers.iter().map(|l| self.t(*l)).collect(),
            widths: widths.to_vec(),
            total_row: false,
            numeric: numeric.columns(),
            rows: count,
        };
        self.sink.table(&shape, rows)
    }
}

/// The report of `snapshot` without its blocks: its language, title and page header.
pub(crate) fn cover(snapshot: &Snapshot) -> Report {
    let lang = record_lang(snapshot);
    let title = snapshot.conference.title.clone();
    Report {
        lang,
        page_header: format!("{}　{title}", L::PageHeader.text(lang)),
        title,
        blocks: Vec::new(),
    }
}

/// Build the printed record of `snapshot` (already redacted, when asked for).
pub(crate) fn build(
    snapshot: &Snapshot,
    redacted: bool,
    style: DateStyle,
) -> Result<Report, ExportError> {
    let mut blocks = Collect(Vec::new());
    write(snapshot, snapshot, redacted, style, &mut blocks)?;
    Ok(Report {
        blocks: blocks.0,
        ..cover(snapshot)
    })
}

/// Build the printed record of the conference `head` into `sink`, reading its notes from
/// `notes` (both already redacted, when asked for).
pub(crate) fn write(
    head: &Snapshot,
    notes: &dyn Notes,
    redacted: bool,
    style: DateStyle,
    sink: &mut dyn Sink,
) -> Result<(), ExportError> {
    let lang = record_lang(head);
    let catalog = match lang {
        Lang::En => Some(catalog::agencies()),
        Lang::Ja => None,
    };
    let mut b = Builder {
        head,
        notes,
        lang,
        style,
        catalog: catalog.as_ref(),
        sink,
        section: 0,
    };
    b.push(Block::Paragraph(b.t(L::DocKind)))?;
    b.push(Block::Notice(b.t(L::Sensitive)))?;
    if redacted {
        b.push(Block::Notice(b.t(L::RedactedNotice)))?;
    }
    overview(&mut b)?;
    participants(&mut b)?;
    agenda_time(&mut b)?;
    introduction(&mut b)?;
    review(&mut b)?;
    profile(&mut b)?;
    timeline(&mut b)?;
    questions(&mut b)?;
    assessment(&mut b)?;
    themes(&mut b)?;
    strengths(&mut b)?;
    supporters(&mut b)?;
    agency_roles(&mut b)?;
    direction(&mut b)?;
    actions(&mut b)?;
    impressions(&mut b)?;
    survey(&mut b)?;
    closing(&mut b)
}

/// 1. Overview (the opening board), with what a minutes page states about itself.
fn overview(b: &mut Builder<'_>) -> Result<(), ExportError> {
    b.section(L::Overview)?;
    let (snapshot, lang, style) = (b.head, b.lang, b.style);
    let conf = &snapshot.conference;
    let phases = &snapshot.agenda.phases;
    let total: u32 = phases.iter().map(|p| p.planned_minutes).sum();
    let agenda_name = agenda_name(snapshot, lang);
    let agenda = match lang {
        Lang::Ja => format!("{agenda_name}・{}フェーズ・計{total}分", phases.len()),
        Lang::En => format!("{agenda_name}: {} phases, {total} min", phases.len()),
    };
    let status = status_label(&conf.status).map_or(conf.status.clone(), |l| b.t(l));
    let listed = snapshot.participants.len();
    let present = snapshot.participants.iter().filter(|p| p.present).count();
    let absent = listed - present;
    let attendance = match lang {
        Lang::Ja => format!("出席 {present}名・欠席 {absent}名（名簿 {listed}名）"),
        Lang::En => format!("{present} present, {absent} absent ({listed} on the list)"),
    };
    let recorder = if conf.recorder.trim().is_empty() {
        conf.facilitator.clone()
    } else {
        conf.recorder.clone()
    };
    let mut fields = vec![
        (b.t(L::Case), snapshot.case_label.clone()),
        (b.t(L::Date), dates::format_date(&conf.date, style, lang)),
        (b.t(L::Time), meeting_times(snapshot, lang)),
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
    b.push(Block::Fields(fields))?;
    b.optional_list(L::OpeningNotes, NoteKind::Opening)
}

/// 2. Participants: one row each, so a role in brackets is never put inside brackets.
fn participants(b: &mut Builder<'_>) -> Result<(), ExportError> {
    b.section(L::Participants)?;
    let no_agency = b.t(L::NoAgency);
    let rows: Vec<Vec<String>> = b
        .head
        .participants
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let agency = if p.agency.trim().is_empty() {
                no_agency.clone()
            } else {
                b.agency(&p.agency)
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
    b.table_of(
        &[L::PhaseNo, L::Name, L::Agency, L::Role, L::PresentAbsent],
        &[3, 9, 12, 12, 5],
        &rows,
    )
}

/// 3. The agenda: planned against actual time.
fn agenda_time(b: &mut Builder<'_>) -> Result<(), ExportError> {
    b.section(L::Pacing)?;
    let lang = b.lang;
    let (phases, started) = pacing(b.head, lang);
    if !started {
        b.push(Block::Notice(b.t(L::NotStartedNote)))?;
    }
    if phases.is_empty() {
        return b.empty();
    }
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
    b.push(Block::Table(Table {
        headers: [L::PhaseNo, L::Phase, L::Planned, L::Actual, L::Overrun]
            .iter()
            .map(|l| b.t(*l))
            .collect(),
        rows,
        widths: vec![2, 9, 4, 4, 4],
        total_row: true,
        numeric: vec![true, false, true, true, true],
    }))?;
    if phases.iter().any(|p| p.planned_ms != p.original_ms) {
        b.push(Block::Notice(b.t(L::AdjustedNote)))?;
    }
    if started {
        b.push(Block::Pacing(
            phases
                .iter()
                .map(|p| PacingBar {
                    label: p.title.clone(),
                    planned_ms: p.planned_ms,
                    actual_ms: p.actual_ms,
                    held: p.held,
                })
                .collect(),
        ))?;
    }
    Ok(())
}

/// 4. Introduction: lecture and ground rules.
fn introduction(b: &mut Builder<'_>) -> Result<(), ExportError> {
    b.section(L::Introduction)?;
    b.subsection(L::Lecture)?;
    b.notes_list(NoteKind::Lecture)?;
    b.subsection(L::Rules)?;
    b.notes_list(NoteKind::Rule)
}

/// Review of the actions carried from the previous conference, when there were any.
fn review(b: &mut Builder<'_>) -> Result<(), ExportError> {
    let (lang, style, catalog) = (b.lang, b.style, b.catalog);
    let carried = super::followup::carried_rows(
        b.head,
        lang,
        &|name| agency_name(catalog, name),
        &|text, day| dates::due_cell(text, day, style, lang),
    );
    if carried.is_empty() {
        return Ok(());
    }
    b.section(L::Review)?;
    b.optional_list(L::PrevDirection, NoteKind::PrevDirection)?;
    b.table_of(
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
        &carried,
    )
}

/// 5. Case profile: the known items in their order, then the others.
fn profile(b: &mut Builder<'_>) -> Result<(), ExportError> {
    b.section(L::Profile)?;
    let (notes, lang) = (b.notes, b.lang);
    let known = |label: &str| PROFILE_ITEMS.iter().any(|(k, _)| *k == label);
    b.table(&[L::Item, L::Content], &[1, 4], &|f| {
        for (key, msg) in PROFILE_ITEMS {
            notes.each(NoteKind::Profile, None, &mut |all| {
                all.filter(|n| n.label == *key && !n.body.trim().is_empty())
                    .for_each(|n| f(vec![msg.text(lang).to_string(), n.body]));
                Ok(())
            })?;
        }
        notes.each(NoteKind::Profile, None, &mut |all| {
            all.filter(|n| !known(&n.label) && !n.body.trim().is_empty())
                .for_each(|n| f(vec![n.label, n.body]));
            Ok(())
        })
    })?;
    b.optional_list(L::Facts, NoteKind::Fact)
}

/// 6. Timeline.
fn timeline(b: &mut Builder<'_>) -> Result<(), ExportError> {
    b.section(L::Timeline)?;
    let (notes, lang) = (b.notes, b.lang);
    b.table(&[L::When, L::Event, L::Mark], &[2, 7, 2], &|f| {
        notes.each(NoteKind::Timeline, None, &mut |all| {
            for n in all {
                let mark = mark_label(&n.mark).map_or(n.mark, |l| l.text(lang).to_string());
                f(vec![n.label, n.body, mark]);
            }
            Ok(())
        })
    })
}

/// 7. Questions and answers: each question with its answers, then answers to no question.
fn questions(b: &mut Builder<'_>) -> Result<(), ExportError> {
    b.section(L::Qa)?;
    let notes = b.notes;
    let mut asked = std::collections::HashSet::new();
    notes.each(NoteKind::Question, None, &mut |all| {
        asked.extend(all.map(|q| q.id));
        Ok(())
    })?;
    b.table(&[L::Question, L::Answer], &[1, 1], &|f| {
        notes.each(NoteKind::Question, None, &mut |all| {
            for q in all {
                let mut answers: Vec<String> = Vec::new();
                notes.each(NoteKind::Answer, Some(q.id), &mut |a| {
                    answers.extend(a.map(|a| a.body));
                    Ok(())
                })?;
                f(vec![q.body, answers.join("\n")]);
            }
            Ok(())
        })?;
        notes.each(NoteKind::Answer, None, &mut |all| {
            all.filter(|a| !a.parent_id.is_some_and(|q| asked.contains(&q)))
                .for_each(|a| f(vec![String::new(), a.body]));
            Ok(())
        })
    })
}

/// 8. Assessment: case-ness and illness-ness side by side.
fn assessment(b: &mut Builder<'_>) -> Result<(), ExportError> {
    b.section(L::Assessment)?;
    let notes = b.notes;
    b.table(
        &[L::CaseNess, L::Troubled, L::IllnessNess, L::JudgedBy],
        &[9, 4, 9, 4],
        &|f| {
            notes.each(NoteKind::CaseNess, None, &mut |case_ness| {
                notes.each(NoteKind::IllnessNess, None, &mut |illness| {
                    loop {
                        let (c, d) = (case_ness.next(), illness.next());
                        if c.is_none() && d.is_none() {
                            return Ok(());
                        }
                        let (c_body, c_label) = c.map(|n| (n.body, n.label)).unwrap_or_default();
                        let (d_body, d_label) = d.map(|n| (n.body, n.label)).unwrap_or_default();
                        f(vec![c_body, c_label, d_body, d_label]);
                    }
                })
            })
        },
    )
}

/// 9. Themes.
fn themes(b: &mut Builder<'_>) -> Result<(), ExportError> {
    b.section(L::Themes)?;
    b.notes_list(NoteKind::Theme)
}

/// 10. Strengths: the person's, the family's, the surroundings'.
fn strengths(b: &mut Builder<'_>) -> Result<(), ExportError> {
    b.section(L::Strengths)?;
    for (kind, label) in [
        (NoteKind::StrengthPerson, L::StrengthPerson),
        (NoteKind::StrengthFamily, L::StrengthFamily),
        (NoteKind::StrengthEnvironment, L::StrengthEnvironment),
    ] {
        b.subsection(label)?;
        b.notes_list(kind)?;
    }
    Ok(())
}

/// 11. Supporters' strengths and challenges: a row per agency, in order of first mention.
fn supporters(b: &mut Builder<'_>) -> Result<(), ExportError> {
    b.section(L::Supporters)?;
    let (notes, catalog) = (b.notes, b.catalog);
    let no_agency = b.t(L::NoAgency);
    let agency_of = |n: &NoteData| {
        if n.label.trim().is_empty() {
            no_agency.clone()
        } else {
            agency_name(catalog, &n.label)
        }
    };
    let kinds = [NoteKind::SupporterStrength, NoteKind::SupporterChallenge];
    let mut agencies: Vec<String> = Vec::new();
    for kind in kinds {
        notes.each(kind, None, &mut |all| {
            for n in all {
                let agency = agency_of(&n);
                if !agencies.contains(&agency) {
                    agencies.push(agency);
                }
            }
            Ok(())
        })?;
    }
    b.table(
        &[L::Agency, L::SupporterStrength, L::SupporterChallenge],
        &[4, 5, 5],
        &|f| {
            for agency in &agencies {
                let mut row = vec![agency.clone()];
                for kind in kinds {
                    let mut bodies: Vec<String> = Vec::new();
                    notes.each(kind, None, &mut |all| {
                        bodies.extend(all.filter(|n| agency_of(n) == *agency).map(|n| n.body));
                        Ok(())
                    })?;
                    row.push(bodies.join("\n"));
                }
                f(row);
            }
            Ok(())
        },
    )
}

/// 12. Agency roles, and the ecomap drawn from them.
fn agency_roles(b: &mut Builder<'_>) -> Result<(), ExportError> {
    b.section(L::AgencyRoles)?;
    let roles = &b.head.agency_roles;
    let rows: Vec<Vec<String>> = roles
        .iter()
        .map(|r| {
            vec![
                r.agency.clone(),
                r.role_now.clone(),
                r.role_proposed.clone(),
            ]
        })
        .collect();
    b.table_of(&[L::Agency, L::RoleNow, L::RoleProposed], &[4, 5, 5], &rows)?;
    let mut eco: Vec<EcoAgency> = Vec::new();
    for r in roles {
        let name = b.agency(r.agency.trim());
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
        b.subsection(L::Ecomap)?;
        b.push(Block::Notice(b.t(L::EcomapLegend)))?;
        b.push(Block::Ecomap(Ecomap {
            centre: b.head.case_label.clone(),
            agencies: eco,
        }))?;
    }
    Ok(())
}

/// 13. Shared direction.
fn direction(b: &mut Builder<'_>) -> Result<(), ExportError> {
    b.section(L::Direction)?;
    b.notes_list(NoteKind::Direction)
}

/// 14. Action items set in this meeting (carried ones are in the review above).
fn actions(b: &mut Builder<'_>) -> Result<(), ExportError> {
    b.section(L::Actions)?;
    let (lang, style) = (b.lang, b.style);
    let rows: Vec<Vec<String>> = b
        .head
        .action_items
        .iter()
        .filter(|a| !a.carried)
        .enumerate()
        .map(|(i, a)| {
            vec![
                (i + 1).to_string(),
                a.what.clone(),
                b.agency(&a.owner_agency),
                a.owner_person.clone(),
                dates::due_cell(&a.due_text, a.due.as_deref(), style, lang),
                dates::due_cell(&a.review_text, a.review_due.as_deref(), style, lang),
                action_status_label(&a.status).map_or(a.status.clone(), |l| b.t(l)),
            ]
        })
        .collect();
    b.table_of(
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
        &rows,
    )
}

/// 15. Impressions, each under the name of whoever gave it.
fn impressions(b: &mut Builder<'_>) -> Result<(), ExportError> {
    b.section(L::Impressions)?;
    let (notes, people) = (b.notes, &b.head.participants);
    b.table(&[L::Whose, L::Impression], &[1, 4], &|f| {
        notes.each(NoteKind::Impression, None, &mut |all| {
            for n in all {
                let who = n
                    .participant_id
                    .and_then(|id| people.iter().find(|p| p.id == id))
                    .map_or(n.label, |p| p.name.clone());
                f(vec![who, n.body]);
            }
            Ok(())
        })
    })
}

/// 16. Survey: the question, the count per option, and a chart when anyone answered.
fn survey(b: &mut Builder<'_>) -> Result<(), ExportError> {
    b.section(L::Survey)?;
    let lang = b.lang;
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
    b.push(Block::Paragraph(format!("{question}{gap}{multiple}")))?;
    let tallies = &b.head.survey_tallies;
    let mut counts: Vec<(String, i64)> = survey
        .options
        .iter()
        .map(|o| {
            let count = tallies
                .iter()
                .find(|t| t.survey_id == survey.id && t.option_key == o.key)
                .map_or(0, |t| t.count);
            (lang.pick(&o.ja, &o.en).to_string(), count)
        })
        .collect();
    for t in tallies {
        if t.survey_id != survey.id || survey.option(&t.option_key).is_none() {
            counts.push((format!("{} / {}", t.survey_id, t.option_key), t.count));
        }
    }
    let rows: Vec<Vec<String>> = counts
        .iter()
        .map(|(o, c)| vec![o.clone(), c.to_string()])
        .collect();
    b.table_of(&[L::SurveyOption, L::SurveyCount], &[6, 1], &rows)?;
    if counts.iter().any(|(_, c)| *c > 0) {
        let present = b.head.participants.iter().filter(|p| p.present).count();
        b.push(Block::Bars(Bars {
            bars: counts,
            respondents: (present > 0).then_some(present),
        }))?;
    }
    Ok(())
}

/// 17. Closing: remarks and the next meeting.
fn closing(b: &mut Builder<'_>) -> Result<(), ExportError> {
    b.section(L::Closing)?;
    b.subsection(L::ClosingRemarks)?;
    b.notes_list(NoteKind::Closing)?;
    b.subsection(L::NextMeeting)?;
    let next = &b.head.conference.next_meeting;
    if next.trim().is_empty() {
        b.empty()
    } else {
        b.push(Block::Paragraph(next.clone()))
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
}
