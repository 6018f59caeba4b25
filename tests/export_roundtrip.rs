//! The JSON export is lossless: export → import → export gives the same file (ids are
//! file-local, so "the same apart from ids" is byte equality), for the realistic conference,
//! the demo, and random conferences. Refused files change nothing.

#[path = "export_fixture/mod.rs"]
mod fixture;

use caseconf::agenda::{ClockEvent, ClockEventKind};
use caseconf::config;
use caseconf::export::{self, Format, ImportError, Options};
use caseconf::store::cards::{self, ActionStatus, Table};
use caseconf::store::{self, NewConference, NoteKind, conferences, survey};
use chrono::{NaiveDate, TimeDelta};
use proptest::prelude::*;
use rusqlite::Connection;

fn json(conn: &Connection, id: i64) -> String {
    String::from_utf8(export::export(conn, id, Format::Json, &Options::default()).unwrap()).unwrap()
}

/// Rows in every table, to show a refused import changed nothing.
fn counts(conn: &Connection) -> Vec<i64> {
    [
        "cases",
        "conferences",
        "agenda_phases",
        "clock_events",
        "participants",
        "notes",
        "agency_roles",
        "action_items",
        "survey_tallies",
        "change_log",
    ]
    .iter()
    .map(|t| {
        conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
            .unwrap()
    })
    .collect()
}

#[test]
fn realistic_conference_round_trips() {
    let conn = store::open_memory().unwrap();
    let id = fixture::realistic(&conn);
    let first = json(&conn, id);
    // Into the same database: the same conference (same identity), nothing added.
    let again = export::import_record(&conn, first.as_bytes(), "first.json").unwrap();
    assert_eq!(again, export::Imported::Unchanged(id));
    let conferences: i64 = conn
        .query_row("SELECT count(*) FROM conferences", [], |r| r.get(0))
        .unwrap();
    assert_eq!(conferences, 1);
    // Into a fresh one where the case label exists already.
    let other = store::open_memory().unwrap();
    fixture::english(&other);
    conferences::create(
        &other,
        &store::NewConference {
            case_label: "A氏".into(),
            title: "先に登録された会議".into(),
            date: chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
            venue: String::new(),
            facilitator: String::new(),
            purpose: String::new(),
            lang: "ja".into(),
        },
        &config::agenda::default_agenda(),
    )
    .unwrap();
    let there = export::import(&other, first.as_bytes(), "first.json").unwrap();
    assert_eq!(json(&other, there), first);
    // The case was found by its label, not duplicated.
    let cases: i64 = other
        .query_row("SELECT count(*) FROM cases WHERE label = 'A氏'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(cases, 1);
    // Every other format of the copy is the same too.
    for format in Format::ALL {
        let a = export::export(&conn, id, format, &Options::default()).unwrap();
        let b = export::export(&other, there, format, &Options::default()).unwrap();
        assert!(a == b, "{format:?}");
    }
}

#[test]
fn answers_keep_their_questions() {
    let conn = store::open_memory().unwrap();
    let id = fixture::realistic(&conn);
    let copy = export::import(&conn, json(&conn, id).as_bytes(), "x.json").unwrap();
    let notes = cards::notes(&conn, copy).unwrap();
    let answers: Vec<_> = notes
        .iter()
        .filter(|n| n.kind == NoteKind::Answer)
        .collect();
    assert_eq!(answers.len(), 3);
    for a in answers {
        let q = notes
            .iter()
            .find(|n| Some(n.id) == a.parent_id)
            .expect("the answer's question is in the copy");
        assert_eq!(q.kind, NoteKind::Question);
        assert_eq!(q.conference_id, copy);
    }
    let people = cards::participants(&conn, copy).unwrap();
    let impressions = notes
        .iter()
        .filter(|n| n.kind == NoteKind::Impression && n.participant_id.is_some());
    for n in impressions {
        assert!(people.iter().any(|p| Some(p.id) == n.participant_id));
    }
}

#[test]
fn demo_is_fictional_complete_and_round_trips() {
    let conn = store::open_memory().unwrap();
    let id = export::import_demo(&conn).unwrap();
    assert_eq!(json(&conn, id), export::DEMO_JSON);
    let conf = conferences::get(&conn, id).unwrap();
    assert!(conf.title.contains("【架空事例】"));
    assert!(conf.purpose.contains("架空"));
    assert_eq!(conf.lang, "ja");
    // Every board has something on it.
    let notes = cards::notes(&conn, id).unwrap();
    // A first conference has no previous direction to show.
    // The names to redact are the case's list, not notes of the conference.
    assert!(
        !store::case_names::of_conference(&conn, id)
            .unwrap()
            .is_empty()
    );
    for kind in NoteKind::ALL
        .into_iter()
        .filter(|k| *k != NoteKind::PrevDirection && *k != NoteKind::RedactName)
    {
        assert!(
            notes.iter().any(|n| n.kind == kind),
            "the demo has no {kind:?} note"
        );
    }
    assert!(cards::participants(&conn, id).unwrap().len() >= 8);
    assert!(!cards::agency_roles(&conn, id).unwrap().is_empty());
    assert!(!cards::action_items(&conn, id).unwrap().is_empty());
    assert_eq!(
        survey::tallies(&conn, id, "collaboration").unwrap().len(),
        8
    );
    assert!(!conf.next_meeting.is_empty());
    assert_eq!(conf.status.key(), "finished");
}

fn refused(bytes: &[u8]) -> ImportError {
    let conn = store::open_memory().unwrap();
    fixture::english(&conn);
    let before = counts(&conn);
    let err = export::import(&conn, bytes, "/tmp/meeting.json").unwrap_err();
    assert_eq!(
        counts(&conn),
        before,
        "a refused import changed the database"
    );
    let message = err.to_string();
    assert!(message.contains("/tmp/meeting.json"), "{message}");
    assert!(message.contains("Nothing was imported"), "{message}");
    assert!(!message.contains('\n'), "one paragraph: {message}");
    err
}

fn realistic_json() -> String {
    let conn = store::open_memory().unwrap();
    let id = fixture::realistic(&conn);
    json(&conn, id)
}

#[test]
fn truncated_file_is_refused() {
    let full = realistic_json();
    let cut = &full.as_bytes()[..full.len() / 2];
    assert!(matches!(refused(cut), ImportError::Truncated { .. }));
    assert!(matches!(refused(b""), ImportError::Truncated { .. }));
}

#[test]
fn not_json_is_refused() {
    assert!(matches!(
        refused(b"PK\x03\x04 not json"),
        ImportError::NotJson { .. }
    ));
    assert!(matches!(
        refused(b"[1, 2, 3]"),
        ImportError::NotExport { .. }
    ));
    assert!(matches!(
        refused(b"{\"title\": 1}"),
        ImportError::NotExport { .. }
    ));
}

#[test]
fn newer_format_is_refused() {
    let newer = realistic_json().replacen("\"format_version\": 2", "\"format_version\": 3", 1);
    let err = refused(newer.as_bytes());
    assert!(matches!(err, ImportError::TooNew { found: 3, .. }));
    assert!(err.to_string().contains("newer caseconf"));
}

#[test]
fn malformed_files_are_refused_without_quoting_them() {
    let good = realistic_json();
    // A field of the wrong type whose value is note text: the message must not quote it.
    let wrong_type = good.replacen("\"position\": 0", "\"position\": \"秘密のメモ\"", 1);
    let err = refused(wrong_type.as_bytes());
    assert!(matches!(err, ImportError::Malformed { .. }), "{err}");
    assert!(!err.to_string().contains("秘密のメモ"));
    // A missing field.
    let missing = good.replacen("\"venue\": \"熊谷保健所 2階 大会議室\",", "", 1);
    let err = refused(missing.as_bytes());
    assert!(err.to_string().contains("missing field `venue`"), "{err}");
    // An unknown field.
    let unknown = good.replacen("\"case_label\"", "\"extra\": 1, \"case_label\"", 1);
    assert!(matches!(
        refused(unknown.as_bytes()),
        ImportError::Malformed { .. }
    ));
}

#[test]
fn inconsistent_files_are_refused() {
    let good = realistic_json();
    for (from, to) in [
        ("\"kind\": \"answer\"", "\"kind\": \"gossip\""),
        ("\"parent_id\": 22", "\"parent_id\": 9999"),
        ("\"participant_id\": 4", "\"participant_id\": 99"),
        ("\"status\": \"done\"", "\"status\": \"maybe\""),
        ("\"due\": \"2026-12-05\"", "\"due\": \"next week\""),
        ("\"date\": \"2026-11-21\"", "\"date\": \"  \""),
        ("\"lang\": \"ja\"", "\"lang\": \"fr\""),
        ("\"kind\": \"start\"", "\"kind\": \"explode\""),
        ("\"count\": 9", "\"count\": -9"),
        ("\"planned_minutes\": 5", "\"planned_minutes\": 0"),
    ] {
        assert!(good.contains(from), "the fixture has {from}");
        let bad = good.replacen(from, to, 1);
        let err = refused(bad.as_bytes());
        assert!(matches!(err, ImportError::Invalid { .. }), "{from}: {err}");
    }
}

// ------------------------------------------------------------------ random conferences

/// Text with Japanese, markup, quotes, separators and line breaks.
fn text() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-zA-Z0-9 ぁ-ゖァ-ヺ一-鿿、。「」\"'<>|&,;#*_\\-\n\r\t]{0,16}")
        .unwrap()
}

#[derive(Debug, Clone)]
struct RandomNote {
    kind: usize,
    body: String,
    label: String,
    mark: usize,
    link: Option<usize>,
    participant: Option<usize>,
    deleted: bool,
}

#[derive(Debug, Clone)]
struct RandomConference {
    case_label: String,
    title: String,
    lang: bool,
    venue: String,
    next: String,
    participants: Vec<(String, String, String, bool)>,
    notes: Vec<RandomNote>,
    roles: Vec<(String, String, String)>,
    actions: Vec<(String, String, String, Option<u32>, usize)>,
    tallies: Vec<(usize, i64)>,
    events: Vec<(u32, usize, usize, i32)>,
}

fn note() -> impl Strategy<Value = RandomNote> {
    (
        0..NoteKind::ALL.len(),
        text(),
        text(),
        0..3usize,
        proptest::option::of(0..40usize),
        proptest::option::of(0..6usize),
        proptest::bool::weighted(0.1),
    )
        .prop_map(
            |(kind, body, label, mark, link, participant, deleted)| RandomNote {
                kind,
                body,
                label,
                mark,
                link,
                participant,
                deleted,
            },
        )
}

fn conference() -> impl Strategy<Value = RandomConference> {
    (
        (text(), text(), any::<bool>(), text(), text()),
        proptest::collection::vec((text(), text(), text(), any::<bool>()), 0..6),
        proptest::collection::vec(note(), 0..40),
        proptest::collection::vec((text(), text(), text()), 0..4),
        proptest::collection::vec(
            (
                text(),
                text(),
                text(),
                proptest::option::of(0..800u32),
                0..3usize,
            ),
            0..5,
        ),
        proptest::collection::vec((0..8usize, 0..40i64), 0..8),
        proptest::collection::vec((0..900_000u32, 0..8usize, 0..9usize, -3..6i32), 0..25),
    )
        .prop_map(
            |(
                (case_label, title, lang, venue, next),
                participants,
                notes,
                roles,
                actions,
                tallies,
                events,
            )| {
                RandomConference {
                    case_label,
                    title,
                    lang,
                    venue,
                    next,
                    participants,
                    notes,
                    roles,
                    actions,
                    tallies,
                    events,
                }
            },
        )
}

fn build(conn: &Connection, c: &RandomConference) -> i64 {
    let agenda = config::agenda::builtin("standard-90").unwrap();
    let id = conferences::create(
        conn,
        &NewConference {
            case_label: format!("{}氏", c.case_label),
            title: format!("T{}", c.title),
            date: NaiveDate::from_ymd_opt(2026, 11, 21).unwrap(),
            venue: c.venue.clone(),
            facilitator: c.venue.chars().rev().collect(),
            purpose: c.title.clone(),
            lang: if c.lang { "ja" } else { "en" }.into(),
        },
        &agenda,
    )
    .unwrap();
    let conf = conferences::get(conn, id).unwrap();
    conferences::set_field(
        conn,
        id,
        conf.version,
        conferences::ConferenceField::NextMeeting,
        &c.next,
    )
    .unwrap();
    let people: Vec<i64> = c
        .participants
        .iter()
        .map(|(n, a, r, p)| cards::add_participant(conn, id, n, a, r, *p).unwrap().id)
        .collect();
    let mut ids = Vec::new();
    for n in &c.notes {
        let kind = NoteKind::ALL[n.kind];
        if kind == NoteKind::RedactName {
            // The case's list: a name has no mark and no links.
            let name = store::case_names::add(conn, id, &n.body, &n.label).unwrap();
            if n.deleted {
                cards::delete(conn, Table::CaseNames, name.id).unwrap();
            }
            continue;
        }
        let mut note = cards::add_note(conn, id, kind, &n.body, &n.label).unwrap();
        note.mark = ["", "crisis", "missed"][n.mark].to_string();
        note.parent_id = n.link.and_then(|l| ids.get(l % ids.len().max(1)).copied());
        note.participant_id = n.participant.and_then(|p| people.get(p).copied());
        cards::update_note(conn, &note).unwrap();
        ids.push(note.id);
    }
    let notes = c
        .notes
        .iter()
        .filter(|n| NoteKind::ALL[n.kind] != NoteKind::RedactName);
    for (n, note) in notes.zip(&ids) {
        if n.deleted {
            cards::delete(conn, Table::Notes, *note).unwrap();
        }
    }
    for (a, now, proposed) in &c.roles {
        cards::add_agency_role(conn, id, a, now, proposed).unwrap();
    }
    let base = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    for (what, agency, person, due, status) in &c.actions {
        let due = due.map(|d| {
            (base + TimeDelta::days(i64::from(d)))
                .format("%Y-%m-%d")
                .to_string()
        });
        let mut a = cards::add_action_item(conn, id, what, agency, person, due.as_deref()).unwrap();
        a.status = [
            ActionStatus::Open,
            ActionStatus::Done,
            ActionStatus::Dropped,
        ][*status];
        if a.status != ActionStatus::Open {
            cards::update_action_item(conn, &a).unwrap();
        }
    }
    let options = [
        "role_clarity",
        "intake_assessment",
        "internal_planning",
        "internal_info_exchange",
        "staff_skills",
        "interagency_work",
        "mental_illness_understanding",
        "other",
    ];
    for (option, count) in &c.tallies {
        survey::set_tally(conn, id, "collaboration", options[*option], *count).unwrap();
    }
    let mut at = fixture::t0();
    for (gap, kind, phase, minutes) in &c.events {
        at += TimeDelta::milliseconds(i64::from(*gap));
        let kind = match kind {
            0 => ClockEventKind::Start,
            1 => ClockEventKind::Pause,
            2 => ClockEventKind::Resume,
            3 => ClockEventKind::Next,
            4 => ClockEventKind::Previous,
            5 => ClockEventKind::Jump { phase: *phase },
            6 => ClockEventKind::Adjust {
                phase: *phase,
                minutes: *minutes,
            },
            _ => ClockEventKind::Finish,
        };
        conferences::append_clock_event(conn, id, &ClockEvent::new(at, kind)).unwrap();
    }
    id
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_conference_round_trips(c in conference()) {
        let conn = store::open_memory().unwrap();
        let id = build(&conn, &c);
        let first = json(&conn, id);
        let copy = export::import(&conn, first.as_bytes(), "random.json").unwrap();
        prop_assert_eq!(&json(&conn, copy), &first);
        let other = store::open_memory().unwrap();
        let there = export::import(&other, first.as_bytes(), "random.json").unwrap();
        prop_assert_eq!(&json(&other, there), &first);
        // The other formats render whatever the content, and identically for the copy.
        for format in Format::ALL {
            for redact in [false, true] {
                let options = Options { redact, ..Options::default() };
                let a = export::export(&conn, id, format, &options).unwrap();
                let b = export::export(&conn, copy, format, &options).unwrap();
                prop_assert!(a == b, "{:?} redact={}", format, redact);
            }
        }
    }
}
