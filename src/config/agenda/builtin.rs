//! The agendas shipped inside the binary, and finding an agenda by name or path.
//!
//! The built-in files are embedded with `include_str!` so a fresh install works with no data
//! directory; users add their own variants as `CONFIG_DIR/agenda/NAME.toml`.

use super::{load_path, parse};
use crate::agenda::{Agenda, PhaseDef};
use crate::config::datafile::DataFileError;
use crate::domain::Board;
use std::path::{Path, PathBuf};

/// Embedded agenda files: (name, text). The name is the file stem and what users type.
const BUILTIN: [(&str, &str); 3] = [
    (
        "standard-120",
        include_str!("../../../data/agenda/standard-120.toml"),
    ),
    (
        "standard-90",
        include_str!("../../../data/agenda/standard-90.toml"),
    ),
    (
        "short-60",
        include_str!("../../../data/agenda/short-60.toml"),
    ),
];

const BUILTIN_NAMES: [&str; 3] = [BUILTIN[0].0, BUILTIN[1].0, BUILTIN[2].0];

/// The name of the agenda used when none is chosen.
pub(crate) const DEFAULT_AGENDA: &str = "standard-120";

/// The label under which an embedded file appears in error messages.
fn builtin_label(name: &str) -> String {
    format!("(built-in) {name}.toml")
}

fn parse_builtin(name: &str) -> Option<Result<Agenda, DataFileError>> {
    BUILTIN
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(n, text)| parse(&builtin_label(n), text))
}

/// A built-in agenda by name. A unit test proves every embedded file parses, so `None` only
/// means "no such built-in".
pub fn builtin(name: &str) -> Option<Agenda> {
    parse_builtin(name).and_then(Result::ok)
}

/// The standard 120-minute agenda.
pub fn default_agenda() -> Agenda {
    // The embedded file always parses (tested); the fallback only exists so that this function
    // cannot fail, and carries the same phases without the guidance text.
    builtin(DEFAULT_AGENDA).unwrap_or_else(fallback_agenda)
}

/// The standard agenda built in code, used only if the embedded file were broken.
fn fallback_agenda() -> Agenda {
    use Board::*;
    let phases: [(&str, &str, &str, u32, &[Board]); 9] = [
        ("opening", "開会", "Opening", 5, &[Opening]),
        (
            "self-intro",
            "自己紹介",
            "Self-introductions",
            5,
            &[Participants],
        ),
        (
            "intro",
            "導入（講義）・ルール目的説明",
            "Introduction lecture, rules and purpose",
            20,
            &[Introduction],
        ),
        (
            "case",
            "事例紹介と質疑応答",
            "Case presentation and Q&A",
            20,
            &[Review, CaseProfile, Timeline, Qa],
        ),
        (
            "assessment",
            "アセスメント・ディスカッション",
            "Assessment discussion",
            25,
            &[Assessment],
        ),
        (
            "themes",
            "事例のテーマ共有",
            "Sharing the case's themes",
            20,
            &[Themes, Strengths, Supporters, AgencyRoles],
        ),
        (
            "summary",
            "まとめ（方向性を共有）",
            "Summary: shared direction",
            5,
            &[Direction, Actions],
        ),
        (
            "impressions",
            "感想",
            "Impressions",
            15,
            &[Impressions, Survey],
        ),
        ("closing", "閉会", "Closing", 5, &[Closing]),
    ];
    Agenda {
        id: DEFAULT_AGENDA.into(),
        title_ja: "事例検討会（120分）".into(),
        title_en: "Case conference (120 minutes)".into(),
        phases: phases
            .iter()
            .map(|(key, ja, en, minutes, boards)| PhaseDef {
                key: (*key).into(),
                title_ja: (*ja).into(),
                title_en: (*en).into(),
                minutes: *minutes,
                guidance_ja: String::new(),
                guidance_en: String::new(),
                boards: boards.to_vec(),
            })
            .collect(),
    }
}

/// A bare name (no directory part) may name a file in `CONFIG_DIR/agenda/`.
fn is_bare_name(name: &str) -> bool {
    !name.is_empty() && !name.contains(['/', '\\']) && name != "." && name != ".."
}

/// `CONFIG_DIR/agenda/NAME.toml` (or `NAME` itself when it already ends in `.toml`).
fn user_file(config_dir: &Path, name: &str) -> PathBuf {
    let file = if name.ends_with(".toml") {
        name.to_string()
    } else {
        format!("{name}.toml")
    };
    config_dir.join("agenda").join(file)
}

/// Find an agenda: a built-in name, else `CONFIG_DIR/agenda/NAME.toml`, else a path.
pub(crate) fn resolve(
    name_or_path: &str,
    config_dir: Option<&Path>,
) -> Result<Agenda, DataFileError> {
    if let Some(found) = parse_builtin(name_or_path) {
        return found;
    }
    if let Some(dir) = config_dir
        && is_bare_name(name_or_path)
    {
        let path = user_file(dir, name_or_path);
        if path.is_file() {
            return load_path(&path);
        }
    }
    let path = Path::new(name_or_path);
    if path.is_file() {
        return load_path(path);
    }
    let names: Vec<String> = list_available(config_dir)
        .into_iter()
        .filter(|(_, agenda)| agenda.is_ok())
        .map(|(name, _)| name)
        .collect();
    let where_user = match config_dir {
        Some(dir) => format!(", a file in {}", dir.join("agenda").display()),
        None => String::new(),
    };
    Err(DataFileError::whole(
        name_or_path,
        format!("there is no agenda called \"{name_or_path}\""),
        format!(
            "use one of: {}{where_user}, or the path of an agenda .toml file",
            names.join(", ")
        ),
    ))
}

/// Every agenda the user can choose: the built-ins, then `CONFIG_DIR/agenda/*.toml` sorted by
/// name. Broken user files are listed with their error so a picker can show what is wrong.
pub(crate) fn list_available(
    config_dir: Option<&Path>,
) -> Vec<(String, Result<Agenda, DataFileError>)> {
    let mut out: Vec<(String, Result<Agenda, DataFileError>)> = BUILTIN
        .iter()
        .map(|(name, text)| ((*name).to_string(), parse(&builtin_label(name), text)))
        .collect();
    let Some(dir) = config_dir else {
        return out;
    };
    // A missing or unreadable directory simply means "no user agendas".
    let Ok(entries) = std::fs::read_dir(dir.join("agenda")) else {
        return out;
    };
    let mut files: Vec<(String, PathBuf)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml"))
        .filter_map(|p| {
            let stem = p.file_stem()?.to_str()?.to_string();
            Some((stem, p))
        })
        .collect();
    files.sort();
    for (name, path) in files {
        let result = if BUILTIN_NAMES.contains(&name.as_str()) {
            // resolve() prefers the built-in, so this file could never be chosen; say so
            // rather than letting the user wonder why their edits have no effect.
            Err(DataFileError::whole(
                &path.display().to_string(),
                format!(
                    "this file has the same name as the built-in agenda \"{name}\" and is never used"
                ),
                format!("rename the file (e.g. to my-{name}.toml) and choose it by its new name"),
            ))
        } else {
            load_path(&path)
        };
        out.push((name, result));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const USER: &str = r#"id = "home-visit"
title_ja = "訪問前の打合せ"
title_en = "Pre-visit huddle"

[[phase]]
key = "share"
title_ja = "情報共有"
title_en = "Share information"
minutes = 10
boards = ["case_profile"]
"#;

    #[test]
    fn every_builtin_parses() {
        assert_eq!(BUILTIN_NAMES, ["standard-120", "standard-90", "short-60"]);
        for (name, text) in BUILTIN {
            let agenda = match parse(&builtin_label(name), text) {
                Ok(a) => a,
                Err(e) => panic!("{e}"),
            };
            assert_eq!(agenda.id, name);
            assert_eq!(agenda.phases.len(), 9, "{name}");
            for phase in &agenda.phases {
                assert!(!phase.guidance_ja.is_empty(), "{name}/{}", phase.key);
                assert!(!phase.guidance_en.is_empty(), "{name}/{}", phase.key);
                assert!(!phase.boards.is_empty(), "{name}/{}", phase.key);
            }
            assert!(builtin(name).is_some());
        }
        assert_eq!(builtin("standard-90").unwrap().total_minutes(), 90);
        assert_eq!(builtin("short-60").unwrap().total_minutes(), 60);
        assert_eq!(builtin("standard-45"), None);
    }

    #[test]
    fn standard_120_matches_the_design_table() {
        let a = default_agenda();
        assert_eq!(a.id, "standard-120");
        assert_eq!(a.total_minutes(), 120);
        assert_eq!(
            a.phases.iter().map(|p| p.minutes).collect::<Vec<_>>(),
            vec![5, 5, 20, 20, 25, 20, 5, 15, 5]
        );
        let titles: Vec<&str> = a.phases.iter().map(|p| p.title_ja.as_str()).collect();
        assert_eq!(
            titles,
            [
                "開会",
                "自己紹介",
                "導入（講義）・ルール目的説明",
                "事例紹介と質疑応答",
                "アセスメント・ディスカッション",
                "事例のテーマ共有",
                "まとめ（方向性を共有）",
                "感想",
                "閉会"
            ]
        );
        use Board::*;
        assert_eq!(a.phases[3].boards, vec![Review, CaseProfile, Timeline, Qa]);
        assert_eq!(
            a.phases[5].boards,
            vec![Themes, Strengths, Supporters, AgencyRoles]
        );
        assert_eq!(a.phases[6].boards, vec![Direction, Actions]);
        assert_eq!(a.phases[7].boards, vec![Impressions, Survey]);
        // Every board of the meeting appears exactly once (the list of names to redact is
        // kept for the export, not shown in a phase).
        let mut all: Vec<Board> = a.phases.iter().flat_map(|p| p.boards.clone()).collect();
        all.sort();
        let meeting: Vec<Board> = Board::ALL
            .into_iter()
            .filter(|b| *b != Board::Redaction)
            .collect();
        assert_eq!(all, meeting);
    }

    #[test]
    fn variants_share_the_phase_keys() {
        let keys = |a: Agenda| a.phases.into_iter().map(|p| p.key).collect::<Vec<_>>();
        let standard = keys(default_agenda());
        assert_eq!(keys(builtin("standard-90").unwrap()), standard);
        assert_eq!(keys(builtin("short-60").unwrap()), standard);
    }

    #[test]
    fn fallback_matches_the_embedded_file_apart_from_guidance() {
        let mut embedded = builtin(DEFAULT_AGENDA).unwrap();
        for p in &mut embedded.phases {
            p.guidance_ja.clear();
            p.guidance_en.clear();
        }
        assert_eq!(fallback_agenda(), embedded);
    }

    #[test]
    fn embedded_errors_use_the_builtin_label() {
        let e = parse(&builtin_label("standard-120"), "id = ").unwrap_err();
        assert_eq!(e.file, "(built-in) standard-120.toml");
    }

    #[test]
    fn resolve_finds_builtins_config_files_and_paths() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path();
        std::fs::create_dir(config.join("agenda")).unwrap();
        std::fs::write(config.join("agenda").join("home-visit.toml"), USER).unwrap();

        // a built-in name, with or without a config dir
        assert_eq!(resolve("short-60", None).unwrap().total_minutes(), 60);
        assert_eq!(resolve("short-60", Some(config)).unwrap().id, "short-60");
        // a file in CONFIG_DIR/agenda, by name and by file name
        assert_eq!(
            resolve("home-visit", Some(config)).unwrap().id,
            "home-visit"
        );
        assert_eq!(
            resolve("home-visit.toml", Some(config)).unwrap().id,
            "home-visit"
        );
        // a path anywhere
        let elsewhere = dir.path().join("elsewhere.toml");
        std::fs::write(&elsewhere, USER.replace("home-visit", "elsewhere")).unwrap();
        let by_path = resolve(elsewhere.to_str().unwrap(), None).unwrap();
        assert_eq!(by_path.id, "elsewhere");
        assert_eq!(by_path.phases[0].minutes, 10);
    }

    #[test]
    fn resolve_unknown_name_lists_what_exists() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("agenda")).unwrap();
        std::fs::write(dir.path().join("agenda").join("home-visit.toml"), USER).unwrap();
        let e = resolve("standard-100", Some(dir.path())).unwrap_err();
        assert!(e.message.contains("standard-100"), "{e}");
        assert!(
            e.hint
                .contains("standard-120, standard-90, short-60, home-visit"),
            "{e}"
        );
        assert!(e.hint.contains("path"), "{e}");
        // without a config dir only the built-ins are offered
        let e = resolve("standard-100", None).unwrap_err();
        assert!(!e.hint.contains("home-visit"), "{e}");
    }

    #[test]
    fn resolve_reports_errors_in_the_chosen_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("agenda")).unwrap();
        let path = dir.path().join("agenda").join("broken.toml");
        std::fs::write(&path, USER.replace("minutes = 10", "minutes = 0")).unwrap();
        let e = resolve("broken", Some(dir.path())).unwrap_err();
        assert_eq!(e.file, path.display().to_string());
        assert_eq!(e.line, Some(9));
    }

    #[test]
    fn list_available_shows_builtins_then_user_files() {
        assert_eq!(list_available(None).len(), 3);
        let dir = tempfile::tempdir().unwrap();
        // No agenda directory: just the built-ins.
        assert_eq!(list_available(Some(dir.path())).len(), 3);
        let agenda_dir = dir.path().join("agenda");
        std::fs::create_dir(&agenda_dir).unwrap();
        std::fs::write(agenda_dir.join("home-visit.toml"), USER).unwrap();
        std::fs::write(agenda_dir.join("broken.toml"), "id = ").unwrap();
        std::fs::write(agenda_dir.join("short-60.toml"), USER).unwrap();
        std::fs::write(agenda_dir.join("notes.txt"), "not an agenda").unwrap();
        let list = list_available(Some(dir.path()));
        let names: Vec<&str> = list.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "standard-120",
                "standard-90",
                "short-60",
                "broken",
                "home-visit",
                "short-60"
            ]
        );
        assert!(list[..3].iter().all(|(_, r)| r.is_ok()));
        assert_eq!(list[3].1.as_ref().unwrap_err().line, Some(1));
        assert_eq!(list[4].1.as_ref().unwrap().id, "home-visit");
        let shadowed = list[5].1.as_ref().unwrap_err();
        assert!(shadowed.hint.contains("rename"), "{shadowed}");
    }
}
