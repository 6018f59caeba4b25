//! The real binary's `export`, `import` and `demo` commands: the path printed, the default
//! file name, private files, and refusals that name the file and change nothing.

#[cfg(unix)]
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

fn caseconf(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_caseconf"))
        .current_dir(dir)
        .arg("--db")
        .arg(dir.join("c.db"))
        .args(args)
        .env_remove("CASECONF_DB")
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Private to the user: mode 0600 on Unix, an owner-only ACL on Windows.
fn assert_private(path: &Path) {
    #[cfg(unix)]
    assert_eq!(
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777,
        0o600,
        "{}",
        path.display()
    );
    #[cfg(windows)]
    assert!(
        caseconf::platform::is_private(path).unwrap(),
        "{}",
        path.display()
    );
}

#[test]
fn demo_then_export_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let out = caseconf(dir.path(), &["demo"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("as #1"), "{stdout}");
    assert!(
        stdout.contains("caseconf export 1 --format html"),
        "{stdout}"
    );

    for (format, ext) in [
        ("docx", "docx"),
        ("html", "html"),
        ("md", "md"),
        ("csv", "csv"),
        ("json", "json"),
    ] {
        // Default name in the current folder; the path written is printed.
        let out = caseconf(dir.path(), &["export", "1", "--format", format]);
        assert!(out.status.success(), "{format}: {}", text(&out.stderr));
        let name = format!("caseconf-1-2026-10-17.{ext}");
        assert_eq!(text(&out.stdout).trim(), name);
        let path = dir.path().join(&name);
        assert!(path.is_file(), "{name}");
        assert_private(&path);
    }
    let out = caseconf(
        dir.path(),
        &[
            "export", "1", "--format", "csv", "--table", "notes", "--redact",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout).trim(),
        "caseconf-1-2026-10-17-notes-redacted.csv"
    );
    let csv = std::fs::read_to_string(dir.path().join("caseconf-1-2026-10-17-notes-redacted.csv"))
        .unwrap();
    assert!(
        !csv.contains("青木 陽子") && !csv.contains("見本"),
        "redacted"
    );

    // -o: anywhere, even over an existing file, still private.
    let target = dir.path().join("out.md");
    std::fs::write(&target, "old").unwrap();
    #[cfg(unix)]
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = caseconf(
        dir.path(),
        &[
            "export",
            "1",
            "--format",
            "md",
            "-o",
            target.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).trim(), target.display().to_string());
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .starts_with("# 【架空事例】")
    );
    assert_private(&target);
}

#[test]
fn export_import_export_is_identical() {
    let dir = tempfile::tempdir().unwrap();
    assert!(caseconf(dir.path(), &["demo"]).status.success());
    let first = dir.path().join("first.json");
    let out = caseconf(
        dir.path(),
        &[
            "export",
            "1",
            "--format",
            "json",
            "-o",
            first.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    // The same record imported into the database it came from: still one conference.
    let out = caseconf(dir.path(), &["import", first.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("is conference #1, imported before and unchanged"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(
        text(&caseconf(dir.path(), &["list"]).stdout)
            .lines()
            .count(),
        1
    );
    // Into another database (with a conference of its own first): a new conference there.
    let other = tempfile::tempdir().unwrap();
    let out = caseconf(
        other.path(),
        &[
            "new",
            "--case",
            "Z氏",
            "--title",
            "別の会議",
            "--date",
            "2026-01-05",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = caseconf(other.path(), &["import", first.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("as conference #2"),
        "{}",
        text(&out.stdout)
    );
    let second = dir.path().join("second.json");
    let out = caseconf(
        other.path(),
        &[
            "export",
            "2",
            "--format",
            "json",
            "-o",
            second.to_str().unwrap(),
        ],
    );
    assert!(out.status.success());
    assert_eq!(
        std::fs::read(&first).unwrap(),
        std::fs::read(&second).unwrap()
    );
}

#[test]
fn refusals_name_the_file_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    assert!(caseconf(dir.path(), &["demo"]).status.success());
    let list_before = text(&caseconf(dir.path(), &["list"]).stdout);

    let cut = dir.path().join("cut.json");
    std::fs::write(&cut, &caseconf::export::DEMO_JSON.as_bytes()[..500]).unwrap();
    let out = caseconf(dir.path(), &["import", cut.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains(cut.to_str().unwrap()), "{err}");
    assert!(err.contains("Nothing was imported"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "one paragraph: {err}");

    let missing = dir.path().join("missing.json");
    let out = caseconf(dir.path(), &["import", missing.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("missing.json"));

    let out = caseconf(dir.path(), &["export", "99", "--format", "md"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("no conference #99"),
        "{}",
        text(&out.stderr)
    );

    let out = caseconf(
        dir.path(),
        &[
            "export",
            "1",
            "--format",
            "md",
            "-o",
            "/nonexistent-dir/x.md",
        ],
    );
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("/nonexistent-dir/x.md"));

    assert_eq!(text(&caseconf(dir.path(), &["list"]).stdout), list_before);
}

#[cfg(unix)]
#[test]
fn library_writes_private_files_whatever_the_umask() {
    let dir = tempfile::tempdir().unwrap();
    let conn = caseconf::store::open_memory().unwrap();
    let id = caseconf::export::import_demo(&conn).unwrap();
    // SAFETY: umask only changes the mode mask of files created later in this process.
    let old = unsafe { libc::umask(0) };
    let path = dir.path().join("open-umask.html");
    let written = caseconf::export::write_export(
        &conn,
        id,
        caseconf::export::Format::Html,
        &caseconf::export::Options::default(),
        Some(&path),
    );
    unsafe { libc::umask(old) };
    assert_eq!(written.unwrap(), path);
    assert_private(&path);
    // No temporary file is left beside it.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn redaction_check_prints_the_review_and_fails_while_a_name_is_left() {
    let dir = tempfile::tempdir().unwrap();
    let out = caseconf(
        dir.path(),
        &[
            "new",
            "--case",
            "A氏",
            "--title",
            "ケース会議",
            "--date",
            "2026-10-17",
            "--facilitator",
            "佐藤 花子",
            "--recorder",
            "高橋 健一",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    // A note naming someone who is on no list, written straight into the database file as
    // the program would.
    let conn = caseconf::store::open(&dir.path().join("c.db")).unwrap();
    caseconf::store::cards::add_participant(&conn, 1, "佐藤 花子", "保健所", "保健師", true)
        .unwrap();
    caseconf::store::cards::add_note(
        &conn,
        1,
        caseconf::store::NoteKind::Fact,
        "佐藤さんが訪問。近所の斉藤さんが見守っている。電話 048-523-2811。",
        "",
    )
    .unwrap();
    drop(conn);

    let out = caseconf(dir.path(), &["export", "1", "--redact", "--check"]);
    assert!(!out.status.success(), "a name is left: the check fails");
    let stdout = text(&out.stdout);
    assert!(stdout.contains("佐藤さん → 保健所職員1"), "{stdout}");
    assert!(stdout.contains("048-523-2811 → 〔電話番号〕"), "{stdout}");
    assert!(stdout.contains("斉藤さん"), "{stdout}");
    assert!(
        text(&out.stderr).contains("1 token(s)"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        std::fs::read_dir(dir.path()).unwrap().all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".docx")),
        "a check writes no file"
    );

    // Registered, the check passes.
    let conn = caseconf::store::open(&dir.path().join("c.db")).unwrap();
    caseconf::store::cards::add_note(&conn, 1, caseconf::store::NoteKind::RedactName, "斉藤", "")
        .unwrap();
    drop(conn);
    let out = caseconf(dir.path(), &["export", "1", "--redact", "--check"]);
    assert!(out.status.success(), "{}", text(&out.stdout));

    // --check without --redact is refused.
    let out = caseconf(dir.path(), &["export", "1", "--check"]);
    assert!(!out.status.success());
}

#[test]
fn date_style_and_recorder_reach_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let out = caseconf(
        dir.path(),
        &[
            "new",
            "--case",
            "A氏",
            "--title",
            "ケース会議",
            "--date",
            "2026-10-17",
            "--facilitator",
            "佐藤 花子",
            "--recorder",
            "高橋 健一",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let md = dir.path().join("r.md");
    for (style, date) in [
        (None, "2026年10月17日（土）"),
        (Some("wareki"), "令和8年10月17日（土）"),
        (Some("iso"), "2026-10-17"),
    ] {
        let mut args = vec!["export", "1", "--format", "md", "-o", "r.md"];
        if let Some(style) = style {
            args.extend(["--date-style", style]);
        }
        let out = caseconf(dir.path(), &args);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let record = std::fs::read_to_string(&md).unwrap();
        assert!(record.contains(&format!("**日付**: {date}")), "{record}");
        assert!(record.contains("**記録者**: 高橋 健一"), "{record}");
        assert!(
            !record.contains("standard-120"),
            "the agenda's name, not its id"
        );
    }
    let out = caseconf(dir.path(), &["export", "1", "--date-style", "us"]);
    assert!(!out.status.success());
}
