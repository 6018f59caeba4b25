//! Data safety on real files with the real binary: paths that are not ours are left exactly
//! as they were (bytes, modes, no files beside them), inputs are bounded, deleted text is
//! erased from the file, refusals say what and what to do.

// Files, modes, FIFOs and the real binary in tmux: Unix only (Windows runs the store,
// export and CLI tests under Wine).
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn caseconf_env(db: &Path, args: &[&str], lang: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_caseconf"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("CASECONF_DB")
        .env_remove("CASECONF_PASSPHRASE")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", lang)
        .env(
            "XDG_CONFIG_HOME",
            db.parent().unwrap_or(Path::new(".")).join("config"),
        )
        .output()
        .unwrap()
}

fn caseconf(db: &Path, args: &[&str]) -> Output {
    caseconf_env(db, args, "C.UTF-8")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o7777
}

fn side(p: &Path, suffix: &str) -> PathBuf {
    let mut s = p.as_os_str().to_owned();
    s.push(suffix);
    s.into()
}

/// Everything about a file the refusal must not change: bytes and mode (None: absent).
fn state(p: &Path) -> Option<(Vec<u8>, u32)> {
    std::fs::read(p).ok().map(|b| (b, mode(p)))
}

/// The names in a folder, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn refused(out: &Output, words: &[&str]) {
    assert!(
        !out.status.success(),
        "should be refused: {}",
        text(&out.stdout)
    );
    let err = text(&out.stderr);
    for w in words {
        assert!(err.contains(w), "{w:?} missing from: {err}");
    }
}

#[test]
fn a_folder_given_as_the_database_keeps_its_mode_and_gets_nothing_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("home-like");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("letter.txt"), "私の文書").unwrap();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
    let before = names(dir.path());
    let out = caseconf(&folder, &["list"]);
    refused(&out, &["is a folder", "caseconf.db"]);
    assert!(
        !text(&out.stderr).contains("disk I/O"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(mode(&folder), 0o755, "the folder's mode was changed");
    assert_eq!(
        names(dir.path()),
        before,
        "files appeared beside the folder"
    );
    assert_eq!(names(&folder), vec!["letter.txt".to_string()]);
    // In Japanese for a Japanese user.
    let out = caseconf_env(&folder, &["list"], "ja_JP.UTF-8");
    refused(&out, &["フォルダです"]);
}

#[test]
fn a_text_file_and_another_programs_database_keep_their_bytes_and_mode() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "買い物リスト\n").unwrap();
    std::fs::set_permissions(&notes, std::fs::Permissions::from_mode(0o644)).unwrap();
    let other = dir.path().join("other.sqlite");
    {
        let c = rusqlite::Connection::open(&other).unwrap();
        c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES ('他のプログラム');")
            .unwrap();
    }
    std::fs::set_permissions(&other, std::fs::Permissions::from_mode(0o644)).unwrap();
    for path in [&notes, &other] {
        let before = state(path);
        let listing = names(dir.path());
        let out = caseconf(path, &["list"]);
        refused(&out, &["not a caseconf database", "Nothing was changed"]);
        assert_eq!(state(path), before, "{} changed", path.display());
        assert_eq!(names(dir.path()), listing, "files appeared beside it");
    }
}

#[test]
fn a_device_and_a_fifo_are_refused_without_being_opened() {
    let dir = tempfile::tempdir().unwrap();
    let null = Path::new("/dev/null");
    let before = mode(null);
    let out = caseconf(null, &["list"]);
    refused(&out, &["not a regular file", "device"]);
    assert_eq!(mode(null), before);
    assert!(!Path::new("/dev/null-journal").exists());
    let fifo = dir.path().join("pipe");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: mkfifo on a path in our temporary folder.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let start = Instant::now();
    let out = caseconf(&fifo, &["list"]);
    refused(&out, &["named pipe"]);
    assert!(
        start.elapsed() < Duration::from_secs(3),
        "blocked on the FIFO"
    );
}

#[test]
fn a_link_to_nothing_is_reported_as_such_and_not_created() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("db-link");
    std::os::unix::fs::symlink(dir.path().join("gone/caseconf.db"), &link).unwrap();
    let out = caseconf(&link, &["list"]);
    refused(&out, &["is a link to", "does not exist"]);
    assert!(
        !text(&out.stderr).contains("read-only"),
        "{}",
        text(&out.stderr)
    );
    assert!(!dir.path().join("gone").exists());
}

/// A copy of a database and its write-ahead log taken while a connection still has them
/// open (what a crash leaves behind): `prepare` runs on the live connection first.
fn crashed_copy(src: &Path, dest_dir: &Path, prepare: &str) -> PathBuf {
    let c = rusqlite::Connection::open(src).unwrap();
    c.execute_batch("PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0;")
        .unwrap();
    c.execute_batch(prepare).unwrap();
    let dest = dest_dir.join("crashed.db");
    for suffix in ["", "-wal", "-shm"] {
        std::fs::copy(side(src, suffix), side(&dest, suffix)).unwrap();
    }
    drop(c);
    dest
}

#[test]
fn a_refused_database_keeps_its_leftover_write_ahead_log() {
    let dir = tempfile::tempdir().unwrap();
    // Another program's database that died with its log not yet copied back.
    let theirs = dir.path().join("theirs.db");
    let crash_dir = dir.path().join("crash1");
    std::fs::create_dir(&crash_dir).unwrap();
    let db = crashed_copy(
        &theirs,
        &crash_dir,
        "CREATE TABLE diary(x); INSERT INTO diary VALUES ('他人の記録');",
    );
    assert!(std::fs::metadata(side(&db, "-wal")).unwrap().len() > 0);
    let before = (state(&db), state(&side(&db, "-wal")));
    let out = caseconf(&db, &["list"]);
    refused(&out, &["not a caseconf database"]);
    assert_eq!((state(&db), state(&side(&db, "-wal"))), before);

    // A newer caseconf's database whose schema change is still only in the log.
    let ours = dir.path().join("ours.db");
    let out = caseconf(&ours, &["new", "--case", "A氏", "--title", "新版"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let crash_dir = dir.path().join("crash2");
    std::fs::create_dir(&crash_dir).unwrap();
    let db = crashed_copy(&ours, &crash_dir, "PRAGMA user_version = 99;");
    let before = (state(&db), state(&side(&db, "-wal")));
    let out = caseconf(&db, &["list"]);
    refused(&out, &["newer caseconf"]);
    assert_eq!((state(&db), state(&side(&db, "-wal"))), before);
}

#[test]
fn a_loose_database_of_ours_is_made_private_only_once_verified() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let out = caseconf(&db, &["new", "--case", "A氏", "--title", "権限"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = caseconf(&db, &["list"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(mode(&db), 0o600);
}

#[test]
fn a_lock_held_during_new_gives_the_prepared_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let out = caseconf(&db, &["list"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let holder = rusqlite::Connection::open(&db).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let out = caseconf(&db, &["new", "--case", "A氏", "--title", "ロック"]);
    refused(&out, &["is busy", "try again"]);
    assert!(!text(&out.stderr).contains("database is locked"));
    holder.execute_batch("ROLLBACK").unwrap();
}

#[test]
fn export_to_dash_writes_standard_output_and_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let out = caseconf(&db, &["demo"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = Command::new(env!("CARGO_BIN_EXE_caseconf"))
        .current_dir(dir.path())
        .args([
            "--db",
            db.to_str().unwrap(),
            "export",
            "1",
            "--format",
            "md",
            "-o",
            "-",
        ])
        .env_remove("CASECONF_DB")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with('#'), "{}", text(&out.stdout));
    assert!(!dir.path().join("-").exists(), "a file named - was written");
}

/// A JSON export of the demo conference, as a value to edit.
fn demo_export(dir: &Path) -> serde_json::Value {
    let db = dir.join("demo.db");
    let out = caseconf(&db, &["demo"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = caseconf(&db, &["export", "1", "--format", "json", "-o", "-"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn imports_are_bounded_in_size_phases_and_note_length() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let export = demo_export(dir.path());

    // 18,000 phases.
    let mut many = export.clone();
    let phases = many["agenda"]["phases"].as_array_mut().unwrap();
    let first = phases[0].clone();
    phases.clear();
    for i in 0..18_000 {
        let mut p = first.clone();
        p["key"] = format!("p{i}").into();
        phases.push(p);
    }
    let file = dir.path().join("many.json");
    std::fs::write(&file, serde_json::to_vec(&many).unwrap()).unwrap();
    let out = caseconf(&db, &["import", file.to_str().unwrap()]);
    refused(&out, &["18000 phases", "at most 60"]);

    // A 90 MB note: refused by size before parsing.
    let mut huge = export.clone();
    huge["notes"][0]["body"] = "あ".repeat(30 * 1024 * 1024).into();
    let file = dir.path().join("huge.json");
    std::fs::write(&file, serde_json::to_vec(&huge).unwrap()).unwrap();
    let out = caseconf(&db, &["import", file.to_str().unwrap()]);
    refused(&out, &["larger than the 64 MB"]);

    // A 5 MB note in a file under the size limit.
    let mut long = export.clone();
    long["notes"][0]["body"] = "x".repeat(5 * 1024 * 1024).into();
    let file = dir.path().join("long.json");
    std::fs::write(&file, serde_json::to_vec(&long).unwrap()).unwrap();
    let out = caseconf(&db, &["import", file.to_str().unwrap()]);
    refused(&out, &["one note may be at most 4 MB"]);

    // Nothing was imported by any of them.
    let out = caseconf(&db, &["list"]);
    assert!(
        text(&out.stdout).starts_with("No conferences"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn endless_and_blocking_inputs_are_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let fifo = dir.path().join("pipe.json");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: mkfifo on a path in our temporary folder.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let not_regular = "not a regular file";
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["import", "/dev/zero"], not_regular),
        (vec!["import", fifo.to_str().unwrap()], not_regular),
        (vec!["agenda", "check", "/dev/zero"], not_regular),
        (vec!["theme", "check", "/dev/zero"], not_regular),
        (vec!["agenda", "check", fifo.to_str().unwrap()], not_regular),
        // Agenda names that are not files are looked up as names.
        (
            vec![
                "new",
                "--case",
                "A氏",
                "--title",
                "t",
                "--agenda",
                "/dev/zero",
            ],
            "there is no agenda called",
        ),
    ];
    for (args, expected) in cases {
        let start = Instant::now();
        let out = caseconf(&db, &args);
        assert!(!out.status.success(), "{args:?} accepted");
        let err = text(&out.stderr);
        assert!(err.contains(expected), "{args:?}: {err}");
        assert!(
            start.elapsed() < Duration::from_secs(3),
            "{args:?} took too long"
        );
    }
    // A big ordinary file is read only up to the limit.
    let big = dir.path().join("big.toml");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(20 * 1024 * 1024)
        .unwrap();
    let out = caseconf(&db, &["agenda", "check", big.to_str().unwrap()]);
    refused(&out, &["larger than the 1 MB"]);
}

#[test]
fn an_agenda_with_too_many_phases_is_refused_by_check_and_new() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let mut toml = String::from("id = \"huge\"\ntitle_ja = \"巨大\"\ntitle_en = \"Huge\"\n");
    for i in 0..900 {
        toml.push_str(&format!(
            "\n[[phase]]\nkey = \"p{i}\"\ntitle_ja = \"段階{i}\"\ntitle_en = \"Phase {i}\"\nminutes = 1\nboards = [\"opening\"]\n"
        ));
    }
    let file = dir.path().join("huge.toml");
    std::fs::write(&file, toml).unwrap();
    let out = caseconf(&db, &["agenda", "check", file.to_str().unwrap()]);
    refused(&out, &["900 phases", "at most 60"]);
    let out = caseconf(
        &db,
        &[
            "new",
            "--case",
            "A氏",
            "--title",
            "t",
            "--agenda",
            file.to_str().unwrap(),
        ],
    );
    refused(&out, &["900 phases"]);
}

#[test]
fn purge_erases_deleted_cards_from_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let out = caseconf(&db, &["new", "--case", "A氏", "--title", "消去"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let secret = "削除したはずの秘密のメモ-7f3a";
    {
        let conn = caseconf::store::open(&db).unwrap();
        let note = caseconf::store::cards::add_note(
            &conn,
            1,
            caseconf::store::NoteKind::CaseNess,
            secret,
            "",
        )
        .unwrap();
        caseconf::store::cards::delete(&conn, caseconf::store::cards::Table::Notes, note.id)
            .unwrap();
    }
    let on_disk = |needle: &str| {
        ["", "-wal"].iter().any(|s| {
            std::fs::read(side(&db, s))
                .is_ok_and(|b| b.windows(needle.len()).any(|w| w == needle.as_bytes()))
        })
    };
    assert!(
        on_disk(secret),
        "the deleted text should still be there before purging"
    );
    let out = caseconf(&db, &["purge"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("Erased 1"),
        "{}",
        text(&out.stdout)
    );
    assert!(!on_disk(secret), "the deleted text is still in the file");
}

#[test]
fn new_and_list_say_whether_the_database_is_encrypted() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let out = caseconf(&db, &["new", "--case", "A氏", "--title", "暗号"]);
    assert!(
        text(&out.stdout).contains("NOT encrypted"),
        "{}",
        text(&out.stdout)
    );
    let out = caseconf(&db, &["list"]);
    assert!(
        text(&out.stderr).contains("NOT encrypted"),
        "{}",
        text(&out.stderr)
    );
    let out = caseconf_env(&db, &["list"], "ja_JP.UTF-8");
    assert!(
        text(&out.stderr).contains("暗号化されていません"),
        "{}",
        text(&out.stderr)
    );
}

/// The bad-path matrix: every kind of path that is not a caseconf database, through every
/// command that opens the database, is refused with a message and left as it was.
#[test]
fn every_command_leaves_every_bad_path_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("folder");
    std::fs::create_dir(&folder).unwrap();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
    let text_file = dir.path().join("memo.txt");
    std::fs::write(&text_file, "メモ").unwrap();
    std::fs::set_permissions(&text_file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let foreign = dir.path().join("foreign.db");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE t(x);")
        .unwrap();
    std::fs::set_permissions(&foreign, std::fs::Permissions::from_mode(0o644)).unwrap();
    let newer = dir.path().join("newer.db");
    rusqlite::Connection::open(&newer)
        .unwrap()
        .execute_batch(
            "CREATE TABLE t(x); PRAGMA application_id = 1128484686; PRAGMA user_version = 42;",
        )
        .unwrap();
    std::fs::set_permissions(&newer, std::fs::Permissions::from_mode(0o644)).unwrap();
    let link = dir.path().join("link.db");
    std::os::unix::fs::symlink(dir.path().join("nowhere/x.db"), &link).unwrap();
    let fifo = dir.path().join("fifo.db");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: mkfifo on a path in our temporary folder.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let paths: Vec<(&Path, &str)> = vec![
        (&folder, "is a folder"),
        (&text_file, "not a caseconf database"),
        (&foreign, "not a caseconf database"),
        (&newer, "newer caseconf"),
        (&link, "is a link to"),
        (&fifo, "named pipe"),
        (Path::new("/dev/null"), "device"),
    ];
    let commands: [&[&str]; 5] = [
        &["list"],
        &["new", "--case", "A氏", "--title", "t"],
        &["demo"],
        &["purge"],
        &["recover"],
    ];
    for (path, expected) in paths {
        for args in commands {
            // Reading a FIFO would block the test itself: only regular files are compared.
            let regular = path != Path::new("/dev/null") && path != fifo;
            let look = |p: &Path| if regular { state(p) } else { None };
            let before = (look(path), names(dir.path()));
            let mode_before = std::fs::symlink_metadata(path)
                .unwrap()
                .permissions()
                .mode();
            let start = Instant::now();
            let out = caseconf(path, args);
            let err = text(&out.stderr);
            if args == ["recover"] {
                // Nothing to recover is not an error, and nothing is opened.
                assert!(out.status.success(), "{args:?} on {path:?}: {err}");
            } else {
                assert!(!out.status.success(), "{args:?} on {path:?} accepted");
                assert!(err.contains(expected), "{args:?} on {path:?}: {err}");
            }
            assert!(
                start.elapsed() < Duration::from_secs(3),
                "{args:?} on {path:?} blocked"
            );
            assert_eq!(
                (look(path), names(dir.path())),
                before,
                "{args:?} on {path:?}"
            );
            let mode_after = std::fs::symlink_metadata(path)
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(
                mode_after, mode_before,
                "{args:?} changed the mode of {path:?}"
            );
        }
    }
}
