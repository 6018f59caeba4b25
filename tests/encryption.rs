//! Encryption at rest (feature `encryption`): the note text is not in the files, a wrong
//! passphrase changes nothing, `db encrypt` and `db rekey`, and no passphrase on the command
//! line. The byte-search test also runs on a plain build, where it must find the text: that is
//! what proves the search can fail.

use caseconf::cli::Cli;
use caseconf::config;
use caseconf::store::{self, NoteKind, cards, conferences};
use clap::Parser;
use std::path::{Path, PathBuf};
#[cfg(feature = "encryption")]
use {
    caseconf::store::StoreError,
    caseconf::store::crypto::{self, FileKind, Secret},
    caseconf::store::open::{Options, open_with},
};

/// A note as it would be typed in a meeting, with an ASCII marker `strings` would print.
const SENTENCE: &str = "本人は夜間に徘徊し服薬を拒否している。marker-ZQX-7731 家族は疲弊。";
const MARKER: &str = "marker-ZQX-7731";

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    s.into()
}

/// Whether `needle` occurs in the bytes of `path` (a missing file holds nothing).
fn file_has(path: &Path, needle: &str) -> bool {
    let Ok(bytes) = std::fs::read(path) else {
        return false;
    };
    let needle = needle.as_bytes();
    bytes.windows(needle.len()).any(|w| w == needle)
}

/// Whether any file in `dir` holds `needle`, as `grep -r` would find it.
fn folder_has(dir: &Path, needle: &str) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && file_has(p, needle))
        .collect()
}

fn new_conf() -> store::NewConference {
    store::NewConference {
        case_label: "A氏".into(),
        title: "第1回 事例検討会".into(),
        date: chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap(),
        venue: "保健所".into(),
        facilitator: String::new(),
        purpose: String::new(),
        lang: "ja".into(),
    }
}

/// Type the sentence into a note of a new conference; the note's id.
fn write_note(conn: &rusqlite::Connection) -> i64 {
    let id = conferences::create(conn, &new_conf(), &config::agenda::default_agenda()).unwrap();
    cards::add_note(conn, id, NoteKind::CaseNess, SENTENCE, "")
        .unwrap()
        .id
}

/// Check the database file and its -wal for the sentence, while the connection is open (the
/// note is still in the WAL) and after it is closed (checkpointed into the file). Returns
/// whether it was found at each point.
fn search_while_open_and_after(path: &Path, conn: rusqlite::Connection) -> (bool, bool) {
    let wal = sibling(path, "-wal");
    assert!(
        std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0),
        "the note should be in the -wal while the database is open"
    );
    let open = [MARKER, SENTENCE]
        .iter()
        .any(|n| file_has(path, n) || file_has(&wal, n));
    drop(conn);
    let closed = [MARKER, SENTENCE]
        .iter()
        .any(|n| file_has(path, n) || file_has(&wal, n));
    (open, closed)
}

#[test]
fn note_text_cannot_be_found_in_the_database_file_or_its_wal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.db");
    #[cfg(feature = "encryption")]
    let conn = open_with(
        &path,
        &Options::with_key(Some(Secret::new("correct horse battery staple".into()))),
    )
    .unwrap();
    #[cfg(not(feature = "encryption"))]
    let conn = store::open(&path).unwrap();
    write_note(&conn);
    let (while_open, after_close) = search_while_open_and_after(&path, conn);
    #[cfg(feature = "encryption")]
    {
        assert!(!while_open, "the note text is readable in the file or -wal");
        assert!(!after_close, "the note text is readable in the closed file");
        assert!(folder_has(dir.path(), MARKER).is_empty());
    }
    // A plain build stores the text as it is: the search finds it, so it can fail.
    #[cfg(not(feature = "encryption"))]
    {
        assert!(
            while_open,
            "the byte search must find the text in a plain database"
        );
        assert!(
            after_close,
            "the byte search must find the text in a plain database"
        );
    }
}

/// The control, in every build: a database opened without a key is plain, and the same search
/// finds the sentence there.
#[test]
fn the_byte_search_finds_note_text_in_a_plain_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plain.db");
    let conn = store::open(&path).unwrap();
    write_note(&conn);
    let (while_open, after_close) = search_while_open_and_after(&path, conn);
    assert!(while_open && after_close);
    assert_eq!(folder_has(dir.path(), MARKER), vec![path]);
}

#[test]
fn no_passphrase_is_accepted_on_the_command_line() {
    for flag in ["--passphrase", "--password", "--key", "--pass", "-p"] {
        for args in [
            vec!["caseconf", flag, "secret-pass"],
            vec!["caseconf", "db", "encrypt", flag, "secret-pass"],
            vec!["caseconf", "db", "rekey", flag, "secret-pass"],
            vec!["caseconf", "--encrypt", "list", flag, "secret-pass"],
        ] {
            let err = Cli::try_parse_from(&args).expect_err("a passphrase flag was accepted");
            assert_eq!(
                err.kind(),
                clap::error::ErrorKind::UnknownArgument,
                "{args:?}"
            );
        }
    }
    // A passphrase given as a stray positional word is refused as well.
    assert!(Cli::try_parse_from(["caseconf", "db", "encrypt", "secret-pass"]).is_err());
    assert!(Cli::try_parse_from(["caseconf", "db", "rekey", "secret-pass"]).is_err());
    // The commands themselves parse.
    assert!(Cli::try_parse_from(["caseconf", "db", "encrypt"]).is_ok());
    assert!(Cli::try_parse_from(["caseconf", "--encrypt", "db", "rekey"]).is_ok());
}

// ------------------------------------------------------------------ the binary

/// Run the binary with a clean environment plus `env`, with no controlling terminal (so a
/// passphrase can never be prompted for: the test would hang).
fn caseconf(db: &Path, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_caseconf"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", db.parent().unwrap())
        .env("XDG_CONFIG_HOME", db.parent().unwrap().join("config"))
        .env("LANG", "C.UTF-8")
        .arg("--db")
        .arg(db)
        .args(args)
        .envs(env.iter().copied())
        .stdin(std::process::Stdio::null());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // SAFETY: setsid is async-signal-safe; it detaches the child from our terminal.
        unsafe {
            cmd.pre_exec(|| {
                libc::setsid();
                Ok(())
            });
        }
    }
    #[cfg(windows)]
    {
        use std::os::windows::process::CommandExt;
        // DETACHED_PROCESS: no console, so CONIN$ cannot be opened.
        cmd.creation_flags(0x0000_0008);
        // Windows finds the user's folders through these.
        for var in [
            "SYSTEMROOT",
            "APPDATA",
            "LOCALAPPDATA",
            "USERPROFILE",
            "TEMP",
            "TMP",
        ] {
            if let Some(value) = std::env::var_os(var) {
                cmd.env(var, value);
            }
        }
    }
    cmd.output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[cfg(not(feature = "encryption"))]
#[test]
fn without_the_feature_the_db_commands_say_how_to_build_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    for args in [
        vec!["db", "encrypt"],
        vec!["db", "rekey"],
        vec!["--encrypt", "list"],
    ] {
        let out = caseconf(&db, &args, &[]);
        assert!(!out.status.success(), "{args:?}");
        let err = text(&out.stderr);
        assert!(err.contains("built without encryption"), "{err}");
        assert!(
            err.contains("cargo build --release --features encryption"),
            "{err}"
        );
        assert_eq!(err.lines().count(), 1, "one paragraph: {err}");
        assert!(!db.exists(), "{args:?} created the database");
    }
    // A file that is not plain SQLite (e.g. encrypted by another build) is explained too.
    std::fs::write(&db, [0x5au8; 4096]).unwrap();
    let out = caseconf(&db, &["list"], &[]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("built without encryption"), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), vec![0x5au8; 4096]);
}

#[test]
fn a_passphrase_in_the_environment_is_not_ignored_for_a_plain_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    drop(store::open(&db).unwrap());
    let before = std::fs::read(&db).unwrap();
    let out = caseconf(
        &db,
        &["list"],
        &[("CASECONF_PASSPHRASE", "correct horse battery staple")],
    );
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("is not encrypted, but CASECONF_PASSPHRASE is set"),
        "{err}"
    );
    assert!(!err.contains("correct horse"), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

// ------------------------------------------------------------ with the feature

#[cfg(feature = "encryption")]
const PASS: &str = "correct horse battery staple";
#[cfg(feature = "encryption")]
const NEW_PASS: &str = "飛行機雲と青い夏の午後";

#[cfg(feature = "encryption")]
fn key(s: &str) -> Option<Secret> {
    Some(Secret::new(s.into()))
}

/// An encrypted database holding one note; its path.
#[cfg(feature = "encryption")]
fn encrypted_db(dir: &Path) -> PathBuf {
    let path = dir.join("enc.db");
    let conn = open_with(&path, &Options::with_key(key(PASS))).unwrap();
    write_note(&conn);
    drop(conn);
    assert_eq!(crypto::file_kind(&path).unwrap(), FileKind::Encrypted);
    path
}

/// Every file in `dir` with its bytes and modification time.
#[cfg(feature = "encryption")]
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>, std::time::SystemTime)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            let mtime = std::fs::metadata(&p).unwrap().modified().unwrap();
            (p, bytes, mtime)
        })
        .collect();
    files.sort();
    files
}

#[cfg(feature = "encryption")]
/// Private to the user: mode 0600 on Unix, an owner-only ACL on Windows.
fn assert_private(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", path.display());
    }
    #[cfg(windows)]
    assert!(
        caseconf::platform::is_private(path).unwrap(),
        "{}",
        path.display()
    );
}

#[cfg(feature = "encryption")]
#[test]
fn a_wrong_passphrase_is_refused_cleanly_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = encrypted_db(dir.path());
    let before = snapshot(dir.path());

    let err = open_with(&path, &Options::with_key(key("wrong passphrase"))).unwrap_err();
    assert!(matches!(err, StoreError::WrongPassphrase { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message.starts_with("the passphrase is wrong, or "),
        "{message}"
    );
    assert!(message.contains("nothing was changed"), "{message}");
    // Without a key the file is not a database at all.
    let err = store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err:?}");
    assert_eq!(
        snapshot(dir.path()),
        before,
        "a refused open changed the folder"
    );

    // The binary: one paragraph on stderr, nothing from SQLCipher, no passphrase echoed.
    let out = caseconf(
        &path,
        &["list"],
        &[("CASECONF_PASSPHRASE", "wrong passphrase")],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
    let err = text(&out.stderr);
    assert!(
        err.starts_with("caseconf: the passphrase is wrong, or "),
        "{err}"
    );
    assert!(err.contains("nothing was changed"), "{err}");
    assert_eq!(err.lines().count(), 1, "more than one paragraph: {err}");
    assert!(
        !err.contains("wrong passphrase"),
        "the passphrase was printed: {err}"
    );
    assert!(!err.to_lowercase().contains("sqlcipher"), "{err}");
    assert_eq!(
        snapshot(dir.path()),
        before,
        "a refused open changed the folder"
    );

    // And the right one opens it, with the note intact.
    let conn = open_with(&path, &Options::with_key(key(PASS))).unwrap();
    let notes = cards::notes(&conn, 1).unwrap();
    assert_eq!(notes[0].body, SENTENCE);
}

#[cfg(feature = "encryption")]
#[test]
fn without_a_terminal_or_the_variable_the_passphrase_is_asked_for_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let path = encrypted_db(dir.path());
    let before = snapshot(dir.path());
    let out = caseconf(&path, &["list"], &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("no terminal to type it on"), "{err}");
    assert!(err.contains("CASECONF_PASSPHRASE"), "{err}");
    assert_eq!(snapshot(dir.path()), before);
}

#[cfg(feature = "encryption")]
#[test]
fn encrypting_a_plain_database_keeps_everything_and_leaves_no_plain_copy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plain.db");
    let conn = store::open(&path).unwrap();
    let note = write_note(&conn);
    // A deleted note must not survive in free pages of the encrypted copy either.
    let id = conferences::create(&conn, &new_conf(), &config::agenda::default_agenda()).unwrap();
    cards::add_note(&conn, id, NoteKind::StrengthPerson, "deleted-ABC-991", "").unwrap();
    drop(conn);
    assert_eq!(crypto::file_kind(&path).unwrap(), FileKind::Plain);
    assert!(file_has(&path, MARKER));

    crypto::encrypt_file(&path, &Secret::new(PASS.into())).unwrap();

    assert_eq!(crypto::file_kind(&path).unwrap(), FileKind::Encrypted);
    assert_private(&path);
    assert!(
        folder_has(dir.path(), MARKER).is_empty(),
        "plain text left behind"
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, vec!["plain.db".to_string()], "leftover files");

    let conn = open_with(&path, &Options::with_key(key(PASS))).unwrap();
    assert_eq!(cards::note(&conn, note).unwrap().body, SENTENCE);
    assert_eq!(
        store::migrations::current_version(&conn).unwrap(),
        store::migrations::latest_version()
    );
    assert_eq!(conferences::list(&conn).unwrap().len(), 2);
    let app: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(app, store::migrations::APPLICATION_ID);
    let journal: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "wal");
    // New writes are encrypted too, in the WAL as in the file.
    cards::add_note(&conn, 1, NoteKind::StrengthPerson, "later-QQ-5521", "").unwrap();
    assert!(folder_has(dir.path(), "later-QQ-5521").is_empty());
    drop(conn);
    assert!(matches!(
        store::open(&path).unwrap_err(),
        StoreError::NotADatabase { .. }
    ));
    // Encrypting again is refused.
    let err = crypto::encrypt_file(&path, &Secret::new(PASS.into())).unwrap_err();
    assert!(
        matches!(err, StoreError::AlreadyEncrypted { .. }),
        "{err:?}"
    );
}

#[cfg(feature = "encryption")]
#[test]
fn encrypting_is_refused_while_another_connection_has_the_database_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("busy.db");
    let other = store::open(&path).unwrap();
    write_note(&other);
    let err = crypto::encrypt_file(&path, &Secret::new(PASS.into())).unwrap_err();
    assert!(matches!(err, StoreError::InUse { .. }), "{err:?}");
    assert!(err.to_string().contains("Nothing was changed"), "{err}");
    // Still plain, still usable by the other note-taker, no encrypted copy lying around.
    assert_eq!(crypto::file_kind(&path).unwrap(), FileKind::Plain);
    cards::add_note(&other, 1, NoteKind::StrengthPerson, "after", "").unwrap();
    assert!(!sibling(&path, ".encrypting").exists());
    drop(other);
    crypto::encrypt_file(&path, &Secret::new(PASS.into())).unwrap();
    let conn = open_with(&path, &Options::with_key(key(PASS))).unwrap();
    assert_eq!(cards::notes(&conn, 1).unwrap().len(), 2);
}

#[cfg(feature = "encryption")]
#[test]
fn rekey_changes_the_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let path = encrypted_db(dir.path());
    // A wrong current passphrase changes nothing.
    let before = snapshot(dir.path());
    let err = crypto::rekey_file(
        &path,
        &Secret::new("not the passphrase".into()),
        &Secret::new(NEW_PASS.into()),
    )
    .unwrap_err();
    assert!(matches!(err, StoreError::WrongPassphrase { .. }), "{err:?}");
    assert_eq!(snapshot(dir.path()), before);
    // Refused while someone else has it open.
    let other = open_with(&path, &Options::with_key(key(PASS))).unwrap();
    let err = crypto::rekey_file(
        &path,
        &Secret::new(PASS.into()),
        &Secret::new(NEW_PASS.into()),
    )
    .unwrap_err();
    assert!(matches!(err, StoreError::InUse { .. }), "{err:?}");
    drop(other);

    crypto::rekey_file(
        &path,
        &Secret::new(PASS.into()),
        &Secret::new(NEW_PASS.into()),
    )
    .unwrap();
    let err = open_with(&path, &Options::with_key(key(PASS))).unwrap_err();
    assert!(matches!(err, StoreError::WrongPassphrase { .. }), "{err:?}");
    let conn = open_with(&path, &Options::with_key(key(NEW_PASS))).unwrap();
    assert_eq!(cards::notes(&conn, 1).unwrap()[0].body, SENTENCE);
    drop(conn);
    assert!(folder_has(dir.path(), MARKER).is_empty());
    assert_private(&path);
    // A plain database has no passphrase to change.
    let plain = dir.path().join("plain.db");
    drop(store::open(&plain).unwrap());
    let err = crypto::rekey_file(
        &plain,
        &Secret::new(PASS.into()),
        &Secret::new(NEW_PASS.into()),
    )
    .unwrap_err();
    assert!(matches!(err, StoreError::NotEncrypted { .. }), "{err:?}");
}

#[cfg(feature = "encryption")]
#[test]
fn the_command_line_encrypts_opens_and_rekeys_with_passphrases_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let out = caseconf(
        &db,
        &[
            "new",
            "--case",
            "A氏",
            "--title",
            "第1回",
            "--date",
            "2026-11-21",
        ],
        &[],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(crypto::file_kind(&db).unwrap(), FileKind::Plain);

    // A short passphrase is refused.
    let out = caseconf(&db, &["db", "encrypt"], &[("CASECONF_PASSPHRASE", "short")]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("too short"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(crypto::file_kind(&db).unwrap(), FileKind::Plain);

    let out = caseconf(&db, &["db", "encrypt"], &[("CASECONF_PASSPHRASE", PASS)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).starts_with("Encrypted "),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(crypto::file_kind(&db).unwrap(), FileKind::Encrypted);
    assert_private(&db);

    let out = caseconf(&db, &["list"], &[("CASECONF_PASSPHRASE", PASS)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("第1回"), "{}", text(&out.stdout));

    let out = caseconf(&db, &["db", "encrypt"], &[("CASECONF_PASSPHRASE", PASS)]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("already encrypted"),
        "{}",
        text(&out.stderr)
    );

    let out = caseconf(
        &db,
        &["db", "rekey"],
        &[
            ("CASECONF_PASSPHRASE", PASS),
            ("CASECONF_NEW_PASSPHRASE", NEW_PASS),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = caseconf(&db, &["list"], &[("CASECONF_PASSPHRASE", PASS)]);
    assert!(
        text(&out.stderr).contains("the passphrase is wrong"),
        "{}",
        text(&out.stderr)
    );
    let out = caseconf(&db, &["list"], &[("CASECONF_PASSPHRASE", NEW_PASS)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("第1回"));
}

#[cfg(feature = "encryption")]
#[test]
fn a_new_database_is_encrypted_when_a_passphrase_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    let out = caseconf(
        &db,
        &[
            "new",
            "--case",
            "B氏",
            "--title",
            "初回",
            "--date",
            "2026-11-21",
        ],
        &[("CASECONF_PASSPHRASE", PASS)],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(crypto::file_kind(&db).unwrap(), FileKind::Encrypted);
    assert!(folder_has(dir.path(), "B氏").is_empty());
    let conn = open_with(&db, &Options::with_key(key(PASS))).unwrap();
    assert_eq!(conferences::list(&conn).unwrap()[0].case_label, "B氏");
    drop(conn);

    // --encrypt with nobody to type a new passphrase: refused, nothing created.
    let other = dir.path().join("other.db");
    let out = caseconf(&other, &["--encrypt", "list"], &[]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("no terminal"),
        "{}",
        text(&out.stderr)
    );
    assert!(!other.exists());
    // --encrypt on an existing plain database points at `db encrypt`.
    drop(store::open(&other).unwrap());
    let out = caseconf(&other, &["--encrypt", "list"], &[]);
    assert!(
        text(&out.stderr).contains("caseconf db encrypt"),
        "{}",
        text(&out.stderr)
    );
}
