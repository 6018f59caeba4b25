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
    let out = caseconf(dir.path(), &["import", first.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("as conference #2"),
        "{}",
        text(&out.stdout)
    );
    let second = dir.path().join("second.json");
    let out = caseconf(
        dir.path(),
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
