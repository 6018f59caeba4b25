//! The real binary's non-interactive commands and its refusals: exit codes, messages, and
//! files left untouched.

use std::path::Path;
use std::process::{Command, Output};

fn caseconf(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_caseconf"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("CASECONF_DB")
        .env("XDG_CONFIG_HOME", db.parent().unwrap().join("config"))
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn new_then_list() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let out = caseconf(
        &db,
        &[
            "new",
            "--case",
            "A氏",
            "--title",
            "第1回 事例検討会",
            "--date",
            "2026-11-21",
            "--venue",
            "保健所",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Created conference #1 (120 minutes, 9 phases)"));
    let out = caseconf(
        &db,
        &[
            "new",
            "--case",
            "B氏",
            "--title",
            "短縮版",
            "--agenda",
            "short-60",
            "--date",
            "2026-11-22",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("(60 minutes"),
        "{}",
        text(&out.stdout)
    );
    let out = caseconf(&db, &["list"]);
    let listing = text(&out.stdout);
    assert!(out.status.success());
    let lines: Vec<&str> = listing.lines().collect();
    assert_eq!(lines.len(), 2, "{listing}");
    assert!(
        lines[0].contains("2026-11-22") && lines[0].contains("B氏"),
        "newest first: {listing}"
    );
    assert!(lines[1].contains("A氏") && lines[1].contains("第1回 事例検討会"));
}

#[test]
fn bad_arguments_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let out = caseconf(
        &db,
        &["new", "--case", "A氏", "--title", "x", "--date", "11/21"],
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("YYYY-MM-DD"),
        "{}",
        text(&out.stderr)
    );
    let out = caseconf(
        &db,
        &[
            "new", "--case", "A氏", "--title", "x", "--agenda", "nonesuch",
        ],
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("standard-120"),
        "lists the available agendas: {}",
        text(&out.stderr)
    );
}

#[test]
fn agenda_check_reports_file_line_and_fix() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let good = dir.path().join("good.toml");
    std::fs::write(&good, include_str!("../data/agenda/standard-90.toml")).unwrap();
    let out = caseconf(&db, &["agenda", "check", good.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("OK") && text(&out.stdout).contains("90 minutes"));

    let bad = dir.path().join("bad.toml");
    let broken =
        include_str!("../data/agenda/standard-120.toml").replacen("minutes = 5", "minutes = 0", 1);
    std::fs::write(&bad, &broken).unwrap();
    let out = caseconf(&db, &["agenda", "check", bad.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    let line = broken
        .lines()
        .position(|l| l.trim() == "minutes = 0")
        .unwrap()
        + 1;
    assert!(
        err.contains("bad.toml") && err.contains(&format!("line {line}")),
        "{err}"
    );
    assert!(err.contains("To fix"), "{err}");
    assert!(!db.exists(), "checking a file does not create a database");
}

#[test]
fn theme_check_reports_a_bad_colour() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let bad = dir.path().join("bad-theme.toml");
    let theme = include_str!("../themes/projector-dark.toml");
    let broken = theme.replacen("fg = \"", "fg = \"bleu", 1);
    std::fs::write(&bad, &broken).unwrap();
    let out = caseconf(&db, &["theme", "check", bad.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    let line = broken.lines().position(|l| l.contains("bleu")).unwrap() + 1;
    assert!(err.contains(&format!("line {line}")), "{err}");
    let good = dir.path().join("good-theme.toml");
    std::fs::write(&good, theme).unwrap();
    assert!(
        caseconf(&db, &["theme", "check", good.to_str().unwrap()])
            .status
            .success()
    );
}

#[test]
fn refuses_newer_and_foreign_databases_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("future.db");
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute_batch(
            "CREATE TABLE t (x); PRAGMA application_id = 1128484686; PRAGMA user_version = 42;",
        )
        .unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    let out = caseconf(&db, &["list"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("newer caseconf"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(&db).unwrap(), before);

    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, "hello, not a database ".repeat(100)).unwrap();
    let out = caseconf(&junk, &["list"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("not a caseconf database"));
}

#[test]
fn interactive_mode_refuses_a_non_terminal_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let out = caseconf(&db, &[]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("interactive terminal"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        !out.stdout.contains(&0x1b),
        "no escape sequences on a non-terminal"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn version_and_help() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let out = caseconf(&db, &["--version"]);
    assert!(text(&out.stdout).starts_with("caseconf "));
    let out = caseconf(&db, &["--help"]);
    let help = text(&out.stdout);
    for word in [
        "new", "list", "open", "agenda", "theme", "--db", "--lang", "--theme",
    ] {
        assert!(help.contains(word), "{word} missing from --help");
    }
}
