//! Agenda files: the phases of a case conference, read from `data/agenda/*.toml`.
//!
//! The agenda is data, not code: municipalities run 60-, 90- and 120-minute
//! variants and facilitators edit them by hand. So the loader is strict about what it accepts
//! and every complaint names the file, the line and what to change, in words a public-health
//! nurse can act on without knowing what serde is. `builtin` embeds the shipped agendas and
//! finds the user's own.

mod builtin;

pub use builtin::{builtin, default_agenda};
pub(crate) use builtin::{list_available, resolve};

use crate::agenda::{Agenda, MAX_PHASE_MINUTES, MAX_PHASES, PhaseDef};
use crate::config::datafile::{self, DataFileError, ShapeHints, Source};
use crate::domain::Board;
use serde::Deserialize;
use std::ops::Range;
use std::path::Path;
use toml::Spanned;

// The raw shapes mirror the file. Fields are optional here so that a missing field gets our
// own message and hint ("add `minutes = 20` to phase 3") instead of serde's bare
// "missing field", and every value is spanned so semantic errors point at the right line.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAgenda {
    id: Option<Spanned<String>>,
    title_ja: Option<Spanned<String>>,
    title_en: Option<Spanned<String>>,
    phase: Option<Spanned<Vec<Spanned<RawPhase>>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPhase {
    key: Option<Spanned<String>>,
    title_ja: Option<Spanned<String>>,
    title_en: Option<Spanned<String>>,
    // Signed so that `minutes = -5` gets the same friendly range message as `minutes = 0`.
    minutes: Option<Spanned<i64>>,
    guidance_ja: Option<Spanned<String>>,
    guidance_en: Option<Spanned<String>>,
    boards: Option<Spanned<Vec<Spanned<String>>>>,
}

/// Parse and validate agenda text. `file_label` is how the file is named in errors.
pub fn parse(file_label: &str, text: &str) -> Result<Agenda, DataFileError> {
    let src = Source::new(file_label, text);
    // The syntax hint would mislead for a misspelt field.
    let raw: RawAgenda = src.parse(&ShapeHints {
        unknown_field: Some(
            "remove this line or correct the spelling of the field name \
             (the allowed names are listed above)",
        ),
        ..ShapeHints::default()
    })?;
    agenda(&src, raw)
}

/// Read and validate an agenda file from disk.
pub fn load_path(path: &Path) -> Result<Agenda, DataFileError> {
    datafile::load(path, parse)
}

fn agenda(src: &Source<'_>, raw: RawAgenda) -> Result<Agenda, DataFileError> {
    let id = required_top(src, raw.id, "id", "id = \"my-agenda\"")?;
    check_key(src, &id, "the agenda id")?;
    let title_ja = required_top(src, raw.title_ja, "title_ja", "title_ja = \"事例検討会\"")?;
    check_title(src, &title_ja, "title_ja")?;
    let title_en = required_top(
        src,
        raw.title_en,
        "title_en",
        "title_en = \"Case conference\"",
    )?;
    check_title(src, &title_en, "title_en")?;

    let Some(raw_phases) = raw.phase else {
        // Point at the end: that is where a [[phase]] table would be added.
        return Err(src.error_at_end(
            "the agenda has no phases",
            "add at least one [[phase]] table with key, title_ja, title_en and minutes",
        ));
    };
    if raw_phases.get_ref().is_empty() {
        return Err(src.error_at(
            &raw_phases,
            "the agenda has no phases",
            "add at least one [[phase]] table with key, title_ja, title_en and minutes",
        ));
    }

    if raw_phases.get_ref().len() > MAX_PHASES {
        return Err(src.error_at(
            &raw_phases,
            format!(
                "the agenda has {} phases; at most {MAX_PHASES} are allowed",
                raw_phases.get_ref().len()
            ),
            "split the meeting into several agendas, or merge phases",
        ));
    }
    let mut phases: Vec<PhaseDef> = Vec::new();
    for (index, raw_phase) in raw_phases.into_inner().into_iter().enumerate() {
        let (phase, key_span) = phase(src, index, raw_phase)?;
        // Keys identify phases in the database and in Jump commands, so they must be unique.
        // Reported at the second occurrence: the first is presumably the intended one.
        if let Some(first) = phases.iter().position(|p| p.key == phase.key) {
            return Err(src.error(
                Some(key_span),
                format!(
                    "phase {} has the same key \"{}\" as phase {}",
                    index + 1,
                    phase.key,
                    first + 1
                ),
                "give each [[phase]] its own key (e.g. add \"-2\")",
            ));
        }
        phases.push(phase);
    }
    Ok(Agenda {
        id: id.into_inner(),
        title_ja: title_ja.into_inner(),
        title_en: title_en.into_inner(),
        phases,
    })
}

fn required_top(
    src: &Source<'_>,
    value: Option<Spanned<String>>,
    field: &str,
    example: &str,
) -> Result<Spanned<String>, DataFileError> {
    value.ok_or_else(|| {
        // Pointed at the first line: that is where the file's own fields are expected.
        src.error(
            Some(0..0),
            format!("the agenda has no `{field}`"),
            format!(
                "add a line such as `{example}` at the top of the file, before the first [[phase]]"
            ),
        )
    })
}

fn check_key(src: &Source<'_>, key: &Spanned<String>, what: &str) -> Result<(), DataFileError> {
    let k = key.get_ref();
    if k.is_empty() {
        return Err(src.error_at(
            key,
            format!("{what} is empty"),
            "write a short name made of lower-case letters, digits, `-` and `_`, e.g. \"case-intro\"",
        ));
    }
    if let Some(bad) = k
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-' || *c == '_'))
    {
        return Err(src.error_at(
            key,
            format!("{what} \"{k}\" contains `{bad}`"),
            "use only lower-case letters a-z, digits 0-9, `-` and `_` (the Japanese title goes in title_ja)",
        ));
    }
    Ok(())
}

fn check_title(
    src: &Source<'_>,
    title: &Spanned<String>,
    field: &str,
) -> Result<(), DataFileError> {
    src.non_blank(
        title,
        format!("`{field}` is empty"),
        format!("write the title people will see between the quotes of `{field}`"),
    )?;
    Ok(())
}

fn phase(
    src: &Source<'_>,
    index: usize,
    raw: Spanned<RawPhase>,
) -> Result<(PhaseDef, Range<usize>), DataFileError> {
    let table_span = raw.span();
    let raw = raw.into_inner();
    let number = index + 1;
    let missing = |field: &str, example: &str| {
        src.error(
            Some(table_span.clone()),
            format!("phase {number} has no `{field}`"),
            format!("add a line such as `{example}` to this [[phase]]"),
        )
    };

    let key = raw
        .key
        .ok_or_else(|| missing("key", "key = \"assessment\""))?;
    check_key(src, &key, &format!("the key of phase {number}"))?;
    let title_ja = raw
        .title_ja
        .ok_or_else(|| missing("title_ja", "title_ja = \"アセスメント\""))?;
    check_title(src, &title_ja, "title_ja")?;
    let title_en = raw
        .title_en
        .ok_or_else(|| missing("title_en", "title_en = \"Assessment\""))?;
    check_title(src, &title_en, "title_en")?;
    let minutes = raw
        .minutes
        .ok_or_else(|| missing("minutes", "minutes = 20"))?;
    let m = *minutes.get_ref();
    if m <= 0 || m > i64::from(MAX_PHASE_MINUTES) {
        return Err(src.error_at(
            &minutes,
            format!("phase \"{}\" has minutes = {m}", key.get_ref()),
            format!(
                "set minutes to a whole number from 1 to {MAX_PHASE_MINUTES} \
                 (remove the phase if it is not used)"
            ),
        ));
    }

    let mut boards: Vec<Board> = Vec::new();
    if let Some(raw_boards) = raw.boards {
        for b in raw_boards.into_inner() {
            let Some(board) = Board::from_key(b.get_ref()) else {
                return Err(src.error_at(
                    &b,
                    format!("unknown board \"{}\"", b.get_ref()),
                    format!("use one of: {}", Board::key_list()),
                ));
            };
            if boards.contains(&board) {
                return Err(src.error_at(
                    &b,
                    format!(
                        "board \"{}\" is listed twice in phase \"{}\"",
                        b.get_ref(),
                        key.get_ref()
                    ),
                    "remove the second mention of the board",
                ));
            }
            boards.push(board);
        }
    }

    let key_span = key.span();
    let phase = PhaseDef {
        key: key.into_inner(),
        title_ja: title_ja.into_inner(),
        title_en: title_en.into_inner(),
        // In range 1..=600 checked above, so the conversion cannot fail; 0 is unreachable.
        minutes: u32::try_from(m).unwrap_or(1),
        guidance_ja: raw.guidance_ja.map(Spanned::into_inner).unwrap_or_default(),
        guidance_en: raw.guidance_en.map(Spanned::into_inner).unwrap_or_default(),
        boards,
    };
    Ok((phase, key_span))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A two-phase agenda; line numbers below are counted by hand from this text
    /// (phase 2's header is line 12, its key 13, minutes 16, boards 19).
    const GOOD: &str = r#"id = "mini"
title_ja = "ミニ"
title_en = "Mini"

[[phase]]
key = "opening"
title_ja = "開会"
title_en = "Opening"
minutes = 5
boards = ["opening"]

[[phase]]
key = "case"
title_ja = "事例紹介"
title_en = "Case"
minutes = 20
guidance_ja = "事実を確認する質問をします。"
guidance_en = "Ask questions that clarify facts."
boards = ["case_profile", "qa"]
"#;

    fn err(text: &str) -> DataFileError {
        match parse("mini.toml", text) {
            Ok(a) => panic!("expected an error, got {a:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn good_file_parses() {
        let a = parse("mini.toml", GOOD).unwrap();
        assert_eq!(a.id, "mini");
        assert_eq!(a.phases.len(), 2);
        assert_eq!(a.total_minutes(), 25);
        assert_eq!(
            a.phases.iter().map(|p| p.minutes).collect::<Vec<_>>(),
            vec![5, 20]
        );
        assert_eq!(a.phases[1].boards, vec![Board::CaseProfile, Board::Qa]);
        assert_eq!(a.phases[1].guidance_en, "Ask questions that clarify facts.");
        // guidance and boards are optional
        assert_eq!(a.phases[0].guidance_ja, "");
        assert_eq!(a.phases.iter().position(|p| p.key == "case"), Some(1));
    }

    #[test]
    fn board_keys_round_trip_and_are_distinct() {
        for b in Board::ALL {
            assert_eq!(Board::from_key(b.key()), Some(b));
            assert!(!b.title_ja().is_empty() && !b.title_en().is_empty());
        }
        let mut keys: Vec<&str> = Board::ALL.iter().map(|b| b.key()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), Board::ALL.len());
        assert_eq!(Board::from_key("whiteboard"), None);
    }

    #[test]
    fn syntax_error_is_located() {
        let e = err(&GOOD.replace("minutes = 20", "minutes = = 20"));
        assert_eq!(e.line, Some(16));
        assert!(e.hint.contains("TOML syntax"), "{e}");
    }

    #[test]
    fn unknown_field_is_located_and_explained() {
        let e = err(&GOOD.replace("minutes = 20\n", "minutes = 20\ncolour = \"red\"\n"));
        assert_eq!(e.line, Some(17), "{e}");
        assert!(e.message.contains("colour"), "{e}");
        assert!(e.hint.contains("spelling"), "{e}");
    }

    #[test]
    fn missing_field_is_located_and_explained() {
        let e = err(&GOOD.replace("minutes = 20\n", ""));
        // Reported at the header of the [[phase]] that lacks it.
        assert_eq!(e.line, Some(12), "{e}");
        assert!(
            e.message.contains("phase 2") && e.message.contains("minutes"),
            "{e}"
        );
        assert!(e.hint.contains("minutes = 20"), "{e}");

        let e = err(&GOOD.replace("id = \"mini\"\n", ""));
        assert_eq!(e.line, Some(1), "{e}");
        assert!(e.message.contains("`id`"), "{e}");
        assert!(e.hint.starts_with("add a line"), "{e}");
    }

    #[test]
    fn duplicate_phase_key_points_at_the_second() {
        let e = err(&GOOD.replace("key = \"case\"", "key = \"opening\""));
        assert_eq!(e.line, Some(13), "{e}");
        assert_eq!(e.column, Some(7), "{e}");
        assert!(
            e.message.contains("phase 2") && e.message.contains("phase 1"),
            "{e}"
        );
        assert!(e.hint.contains("own key"), "{e}");
    }

    #[test]
    fn zero_or_huge_minutes_are_refused() {
        let e = err(&GOOD.replace("minutes = 5", "minutes = 0"));
        assert_eq!(e.line, Some(9), "{e}");
        assert!(e.message.contains("minutes = 0"), "{e}");
        assert!(e.hint.contains("from 1 to 600"), "{e}");

        let e = err(&GOOD.replace("minutes = 20", "minutes = -3"));
        assert_eq!(e.line, Some(16), "{e}");
        let e = err(&GOOD.replace("minutes = 20", "minutes = 601"));
        assert_eq!(e.line, Some(16), "{e}");
        assert!(parse("x", &GOOD.replace("minutes = 20", "minutes = 600")).is_ok());
    }

    #[test]
    fn unknown_board_lists_the_valid_ones() {
        let e = err(&GOOD.replace("\"qa\"", "\"questions\""));
        assert_eq!(e.line, Some(19), "{e}");
        assert_eq!(e.column, Some(27), "{e}");
        assert!(e.message.contains("questions"), "{e}");
        assert!(
            e.hint.contains("case_profile") && e.hint.contains("agency_roles"),
            "{e}"
        );
    }

    #[test]
    fn duplicate_board_in_a_phase_is_refused() {
        let e = err(&GOOD.replace("\"qa\"]", "\"qa\", \"qa\"]"));
        assert_eq!(e.line, Some(19), "{e}");
        assert!(e.message.contains("twice"), "{e}");
    }

    #[test]
    fn bad_keys_and_empty_titles_are_refused() {
        let e = err(&GOOD.replace("key = \"case\"", "key = \"Case 1\""));
        assert_eq!(e.line, Some(13), "{e}");
        assert!(e.hint.contains("lower-case"), "{e}");
        let e = err(&GOOD.replace("key = \"case\"", "key = \"\""));
        assert_eq!(e.line, Some(13), "{e}");
        assert!(e.message.contains("empty"), "{e}");
        let e = err(&GOOD.replace("title_ja = \"事例紹介\"", "title_ja = \"  \""));
        assert_eq!(e.line, Some(14), "{e}");
        assert!(e.message.contains("title_ja"), "{e}");
        let e = err(&GOOD.replace("title_en = \"Mini\"", "title_en = \"\""));
        assert_eq!(e.line, Some(3), "{e}");
    }

    #[test]
    fn an_agenda_needs_phases() {
        let head = "id = \"x\"\ntitle_ja = \"x\"\ntitle_en = \"x\"\n";
        let e = err(head);
        assert!(e.message.contains("no phases"), "{e}");
        assert!(e.hint.contains("[[phase]]"), "{e}");
        assert_eq!(e.line, Some(4), "{e}");
        let e = err(&format!("{head}phase = []\n"));
        assert_eq!(e.line, Some(4), "{e}");
        assert!(e.message.contains("no phases"), "{e}");
    }

    #[test]
    fn load_path_reports_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.toml");
        std::fs::write(&path, GOOD.replace("minutes = 5", "minutes = 0")).unwrap();
        let e = load_path(&path).unwrap_err();
        assert_eq!(e.file, path.display().to_string());
        assert_eq!(e.line, Some(9));
        std::fs::write(&path, GOOD).unwrap();
        assert_eq!(load_path(&path).unwrap().phases.len(), 2);
        let e = load_path(&dir.path().join("missing.toml")).unwrap_err();
        assert!(e.message.contains("cannot read"), "{e}");
    }
}
