//! The passphrase prompt on a real terminal (tmux): nothing typed is echoed, a wrong passphrase
//! is asked again, Ctrl+C cancels, and the terminal's modes are restored every time.
// tmux: Unix only (on Windows, CI runs the other tests under Wine).
#![cfg(all(unix, feature = "encryption"))]

#[path = "support/tmux.rs"]
mod tmux;

use caseconf::store::crypto::{self, FileKind};
use std::time::Duration;
use tmux::{Options, Sandbox};

const PASS: &str = "合言葉 correct horse";
const EXIT: Duration = Duration::from_secs(15);

#[test]
fn the_passphrase_is_typed_without_echo_and_the_terminal_is_restored() {
    let sb = Sandbox::new();
    // A new encrypted database: the new passphrase twice.
    let t = sb.spawn_with(&["--encrypt", "list"], Options::default().in_shell());
    t.wait_for_text("New passphrase for").unwrap();
    t.type_text(PASS);
    t.send_keys(&["Enter"]);
    let screen = t.wait_for_text("Type the new passphrase again").unwrap();
    assert!(!screen.contains("correct horse"), "echoed:\n{screen}");
    t.type_text(PASS);
    t.send_keys(&["Enter"]);
    let exit = t.wait_exit(EXIT).unwrap();
    assert_eq!(exit.status, Some(0), "{}", exit.screen);
    assert!(
        exit.screen.contains("No conferences yet"),
        "{}",
        exit.screen
    );
    assert!(
        !exit.screen.contains("correct horse"),
        "echoed:\n{}",
        exit.screen
    );
    exit.check_terminal_restored().unwrap();
    assert_eq!(crypto::file_kind(&sb.db()).unwrap(), FileKind::Encrypted);

    // Opening it: a wrong passphrase is asked again, the right one opens it.
    let t = sb.spawn_with(&["list"], Options::default().in_shell());
    t.wait_for_text("Passphrase for").unwrap();
    t.type_text("not it at all");
    t.send_keys(&["Enter"]);
    t.wait_for_text("Wrong passphrase, try again").unwrap();
    t.type_text(PASS);
    t.send_keys(&["Enter"]);
    let exit = t.wait_exit(EXIT).unwrap();
    assert_eq!(exit.status, Some(0), "{}", exit.screen);
    assert!(
        !exit.screen.contains("not it at all"),
        "echoed:\n{}",
        exit.screen
    );
    exit.check_terminal_restored().unwrap();

    // Ctrl+C at the prompt cancels cleanly, with echo back on.
    let t = sb.spawn_with(&["list"], Options::default().in_shell());
    t.wait_for_text("Passphrase for").unwrap();
    t.type_text("half typed");
    t.send_keys(&["C-c"]);
    let exit = t.wait_exit(EXIT).unwrap();
    assert_eq!(exit.status, Some(1), "{}", exit.screen);
    assert!(exit.screen.contains("cancelled"), "{}", exit.screen);
    exit.check_terminal_restored().unwrap();
}

#[test]
fn the_meeting_screen_opens_an_encrypted_database_after_the_prompt() {
    let sb = Sandbox::new();
    let out = std::process::Command::new(tmux::binary())
        .arg("--db")
        .arg(sb.db())
        .args([
            "new",
            "--case",
            "A氏",
            "--title",
            "暗号化した会議",
            "--date",
            "2026-11-21",
        ])
        .env("CASECONF_PASSPHRASE", PASS)
        .env("HOME", sb.home())
        .env("XDG_CONFIG_HOME", sb.home().join(".config"))
        .env_remove("CASECONF_DB")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let t = sb.spawn_with(&["open", "1"], Options::default().in_shell());
    t.wait_for_text("Passphrase for").unwrap();
    t.type_text(PASS);
    t.send_keys(&["Enter"]);
    t.wait_for_text("暗号化した会議").unwrap();
    t.send_keys(&["C-q"]);
    let exit = t.wait_exit(EXIT).unwrap();
    assert_eq!(exit.status, Some(0), "{}", exit.screen);
    exit.check_terminal_restored().unwrap();
}

/// Run `caseconf --db DB ARGS…` with `CASECONF_PASSPHRASE` (and the sandbox's folders).
fn caseconf_with_passphrase(sb: &Sandbox, args: &[&str]) -> std::process::Output {
    std::process::Command::new(tmux::binary())
        .arg("--db")
        .arg(sb.db())
        .args(args)
        .env("CASECONF_PASSPHRASE", PASS)
        .env("HOME", sb.home())
        .env("XDG_CONFIG_HOME", sb.home().join(".config"))
        .env_remove("CASECONF_DB")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn encrypt_and_rekey_are_refused_while_another_caseconf_has_the_database_open() {
    let sb = Sandbox::new();
    let id = sb.new_conference("A氏", "開いたままの会議", "2026-11-21");
    // Another note-taker has the meeting open.
    let t = sb.spawn(&["open", &id.to_string()]);
    t.wait_for_text("開いたままの会議").unwrap();
    let before = std::fs::read(sb.db()).unwrap();
    let out = caseconf_with_passphrase(&sb, &["db", "encrypt"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is open in another caseconf"), "{err}");
    assert_eq!(crypto::file_kind(&sb.db()).unwrap(), FileKind::Plain);
    assert_eq!(std::fs::read(sb.db()).unwrap(), before);
    // The other note-taker goes on undisturbed.
    t.type_text("まだ書ける");
    t.send_keys(&["C-q"]);
    t.wait_exit(EXIT).unwrap();

    let out = caseconf_with_passphrase(&sb, &["db", "encrypt"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(crypto::file_kind(&sb.db()).unwrap(), FileKind::Encrypted);

    // Open again (after the passphrase), then try to change the passphrase meanwhile.
    let t = sb.spawn_with(
        &["open", &id.to_string()],
        Options::default().env("CASECONF_PASSPHRASE", PASS),
    );
    t.wait_for_text("開いたままの会議").unwrap();
    let out = std::process::Command::new(tmux::binary())
        .arg("--db")
        .arg(sb.db())
        .args(["db", "rekey"])
        .env("CASECONF_PASSPHRASE", PASS)
        .env("CASECONF_NEW_PASSPHRASE", "another long passphrase")
        .env("HOME", sb.home())
        .env_remove("CASECONF_DB")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is open in another caseconf"), "{err}");
    t.send_keys(&["C-q"]);
    t.wait_exit(EXIT).unwrap();
    // The old passphrase still opens it.
    let out = caseconf_with_passphrase(&sb, &["list"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
