//! Getting the passphrase of an encrypted database (see README, "Encryption at rest"): typed on
//! the terminal without echo, or, for scripts, from `CASECONF_PASSPHRASE`. Never from the
//! command line, where other users could read it in the process list and it would stay in the
//! shell history.
//!
//! Which databases need one, in a build with the `encryption` feature:
//! - an existing file that does not start with SQLite's plain header is taken as encrypted, and
//!   its passphrase is asked for;
//! - a plain SQLite file is opened as it is (`caseconf db encrypt` converts it);
//! - a new database is created encrypted when `--encrypt` is given or `CASECONF_PASSPHRASE` is
//!   set (a new passphrase is asked twice).

use crate::platform::HiddenInput;
use crate::store::StoreError;
use crate::store::crypto::{self, FileKind, Secret};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// The environment variable a script may put the passphrase in (weaker: see README).
pub(crate) const ENV: &str = "CASECONF_PASSPHRASE";
/// The environment variable with the new passphrase for `caseconf db rekey` in scripts.
pub(crate) const NEW_ENV: &str = "CASECONF_NEW_PASSPHRASE";
/// The shortest new passphrase accepted, in characters.
pub(crate) const MIN_CHARS: usize = 8;
/// How many times a typed passphrase may be wrong before giving up.
const ATTEMPTS: usize = 3;
/// The longest passphrase read from the terminal, in bytes (the buffer never grows, so no
/// copy of a passphrase is left behind in freed memory).
const MAX_BYTES: usize = 1024;

/// In a build that can encrypt, a new database is not created plain without asking: on a
/// terminal, propose encryption (the default answer is yes). Without a terminal (scripts),
/// the database is created plain, as `--encrypt` or CASECONF_PASSPHRASE would say otherwise.
fn propose_encryption(path: &Path) -> bool {
    // std's check works on every platform (a console handle on Windows).
    if !std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        return false;
    }
    eprint!(
        "{}",
        crate::i18n::cli_text(
            &format!(
                "新しいデータベースを {} に作成します。パスフレーズで暗号化しますか？ [Y/n] ",
                path.display()
            ),
            &format!(
                "A new database will be created at {}. Encrypt it with a passphrase? [Y/n] ",
                path.display()
            ),
        )
    );
    let mut answer = String::new();
    if std::io::stdin().read_line(&mut answer).is_err() {
        return false;
    }
    !matches!(answer.trim().to_lowercase().as_str(), "n" | "no" | "いいえ")
}

/// The passphrase in `var`, if set and not empty.
pub(crate) fn from_env(var: &str) -> Option<Secret> {
    std::env::var(var)
        .ok()
        .filter(|v| !v.is_empty())
        .map(Secret::new)
}

/// Why a database could not be opened with its key, or a new passphrase was not taken. Each
/// names the file and says that nothing was changed; none ever holds the passphrase.
#[derive(Debug, thiserror::Error)]
pub enum PassphraseError {
    /// The database refused (among others a wrong passphrase, once the attempts are used up:
    /// [`StoreError::WrongPassphrase`]), or this build cannot encrypt.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// `--encrypt` for a plain database that already exists.
    #[error(
        "{} already exists and is not encrypted. Nothing was changed. \
         Encrypt it with: caseconf db encrypt",
        path.display()
    )]
    AlreadyPlain { path: PathBuf },
    /// A passphrase in the environment for a plain database.
    #[error(
        "{} is not encrypted, but {ENV} is set. Nothing was changed. \
         Encrypt the database with `caseconf db encrypt`, or unset {ENV} to use it unencrypted.",
        path.display()
    )]
    PlainWithPassphrase { path: PathBuf },
    /// A file that may be encrypted, in a build without encryption.
    #[error(
        "{} is not a plain SQLite database: either it is an encrypted caseconf database, \
         which this caseconf cannot open because it was built without encryption at rest \
         (build it with: {}), or it is not a caseconf database at all. Nothing was changed.",
        path.display(),
        crypto::BUILD_COMMAND
    )]
    CannotDecrypt { path: PathBuf },
    /// An encrypted database, and no terminal to type its passphrase on.
    #[error(
        "{} is encrypted (or is not a caseconf database at all) and its passphrase \
         is needed, but there is no terminal to type it on. Nothing was changed. \
         Run caseconf in a terminal, or set {ENV} (see README, \"Encryption at rest\").",
        path.display()
    )]
    NoTerminalFor { path: PathBuf },
    /// No passphrase was typed (no terminal, cancelled, empty).
    #[error(transparent)]
    NotTyped(#[from] Asked),
    #[error("the two passphrases typed differ. Nothing was changed.")]
    Differ,
    #[error(
        "the new passphrase is too short: use at least {MIN_CHARS} characters (a few words \
         are easier to remember than a short password). Nothing was changed."
    )]
    TooShort,
}

/// Open a database at `path` with the key it needs: `open` is called with `None` for a plain
/// database, or with the passphrase of an encrypted one (asked again, up to three times, when a
/// typed one is wrong). `encrypt_new` (`--encrypt`) creates a new database encrypted.
pub(crate) fn with_key<T>(
    path: &Path,
    encrypt_new: bool,
    mut open: impl FnMut(Option<Secret>) -> crate::store::Result<T>,
) -> Result<T, PassphraseError> {
    let env = from_env(ENV);
    let path_buf = || path.to_path_buf();
    let kind = match crypto::file_kind(path) {
        Ok(kind) => kind,
        // Unreadable: the open says why.
        Err(_) => return Ok(open(None)?),
    };
    match kind {
        FileKind::Plain => {
            if encrypt_new {
                return Err(PassphraseError::AlreadyPlain { path: path_buf() });
            }
            if env.is_some() {
                return Err(PassphraseError::PlainWithPassphrase { path: path_buf() });
            }
            Ok(open(None)?)
        }
        FileKind::New => {
            if !encrypt_new && env.is_none() && !(crypto::AVAILABLE && propose_encryption(path)) {
                return Ok(open(None)?);
            }
            if !crypto::AVAILABLE {
                return Err(unavailable("create an encrypted database").into());
            }
            let key = new_passphrase(path, ENV)?;
            Ok(open(Some(key))?)
        }
        // Not a database: the normal open refuses it with its message.
        FileKind::Foreign => Ok(open(None)?),
        FileKind::Encrypted => {
            if !crypto::AVAILABLE {
                return Err(PassphraseError::CannotDecrypt { path: path_buf() });
            }
            if let Some(key) = env {
                return Ok(open(Some(key))?);
            }
            let mut prompt = format!("Passphrase for {}: ", path.display());
            for attempt in 1..=ATTEMPTS {
                let key = match ask(&prompt) {
                    Ok(key) => key,
                    Err(Asked::NoTerminal) => {
                        return Err(PassphraseError::NoTerminalFor { path: path_buf() });
                    }
                    Err(other) => return Err(other.into()),
                };
                match open(Some(key)) {
                    Err(StoreError::WrongPassphrase { .. }) if attempt < ATTEMPTS => {
                        prompt = format!(
                            "Wrong passphrase, try again. Passphrase for {}: ",
                            path.display()
                        );
                    }
                    other => return Ok(other?),
                }
            }
            Err(StoreError::WrongPassphrase { path: path_buf() }.into())
        }
    }
}

/// The passphrase of the existing encrypted database at `path`: from `CASECONF_PASSPHRASE`, or
/// typed.
pub(crate) fn existing(path: &Path) -> Result<Secret, PassphraseError> {
    match from_env(ENV) {
        Some(key) => Ok(key),
        None => Ok(ask(&format!("Passphrase for {}: ", path.display()))?),
    }
}

/// A new passphrase for `path`: from the environment variable `var`, or typed twice. Either
/// way it must be at least [`MIN_CHARS`] characters long.
pub(crate) fn new_passphrase(path: &Path, var: &str) -> Result<Secret, PassphraseError> {
    let key = match from_env(var) {
        Some(key) => key,
        None => {
            let first = ask(&format!(
                "New passphrase for {} (at least {MIN_CHARS} characters): ",
                path.display()
            ))?;
            check_new(&first)?;
            let again = ask("Type the new passphrase again: ")?;
            if again != first {
                return Err(PassphraseError::Differ);
            }
            first
        }
    };
    check_new(&key)?;
    Ok(key)
}

/// A new passphrase must be long enough to resist guessing by someone who has the file.
pub(crate) fn check_new(key: &Secret) -> Result<(), PassphraseError> {
    if key.chars() < MIN_CHARS {
        return Err(PassphraseError::TooShort);
    }
    Ok(())
}

/// The refusal of a command that needs encryption in a build without it.
pub(crate) fn unavailable(what: &'static str) -> StoreError {
    StoreError::EncryptionUnavailable { what }
}

/// Why no passphrase was typed.
#[derive(Debug, thiserror::Error)]
pub enum Asked {
    #[error(
        "a passphrase is needed, but there is no terminal to type it on. Nothing was \
         changed. Run caseconf in a terminal, or set {ENV} (see README, \"Encryption at rest\")."
    )]
    NoTerminal,
    #[error("cancelled; nothing was changed.")]
    Cancelled,
    #[error("{0}; nothing was changed.")]
    Invalid(&'static str),
}

/// Ask for a passphrase on the terminal (`/dev/tty`, or the Windows console, so it works with
/// redirected input and output), without echo. Enter ends it; Backspace and Ctrl+U edit;
/// Ctrl+C or Ctrl+D cancel.
pub(crate) fn ask(prompt: &str) -> Result<Secret, Asked> {
    let mut tty = HiddenInput::open().ok_or(Asked::NoTerminal)?;
    let result = tty
        .write(prompt.as_bytes())
        .map_err(|_| Asked::NoTerminal)
        .and_then(|()| read_line(&mut tty));
    let _ = tty.write(b"\r\n");
    result
}

/// Read one hidden line from the terminal.
fn read_line(tty: &mut HiddenInput) -> Result<Secret, Asked> {
    let mut line = Line::new();
    loop {
        let step = match tty.read_byte() {
            Some(byte) => line.push(byte),
            None => line.end_of_input(),
        };
        match step {
            Step::More => {}
            Step::Done => return line.finish(),
            Step::Cancelled => return Err(Asked::Cancelled),
        }
    }
}

/// What a key press did to the line being typed.
#[derive(Debug, PartialEq, Eq)]
enum Step {
    More,
    Done,
    Cancelled,
}

/// A passphrase being typed: a fixed buffer, wiped when dropped.
struct Line {
    bytes: Zeroizing<Vec<u8>>,
}

impl Line {
    fn new() -> Self {
        Line {
            bytes: Zeroizing::new(Vec::with_capacity(MAX_BYTES)),
        }
    }

    /// Take one byte typed on the terminal.
    fn push(&mut self, b: u8) -> Step {
        match b {
            b'\r' | b'\n' => Step::Done,
            // Ctrl+C
            0x03 => Step::Cancelled,
            // Ctrl+D: cancel on an empty line, like a shell.
            0x04 if self.bytes.is_empty() => Step::Cancelled,
            // Backspace / Delete: remove the last character (all its UTF-8 bytes).
            0x7f | 0x08 => {
                while let Some(last) = self.bytes.pop() {
                    if last & 0xC0 != 0x80 {
                        break;
                    }
                }
                Step::More
            }
            // Ctrl+U: start again.
            0x15 => {
                self.bytes.iter_mut().for_each(|x| *x = 0);
                self.bytes.clear();
                Step::More
            }
            // Other control bytes (Escape, Tab, …) are not part of a passphrase.
            b if b < 0x20 => Step::More,
            b => {
                if self.bytes.len() < MAX_BYTES {
                    self.bytes.push(b);
                }
                Step::More
            }
        }
    }

    /// The terminal closed: what was typed counts only if there is something.
    fn end_of_input(&self) -> Step {
        if self.bytes.is_empty() {
            Step::Cancelled
        } else {
            Step::Done
        }
    }

    /// The typed passphrase.
    fn finish(self) -> Result<Secret, Asked> {
        if self.bytes.is_empty() {
            return Err(Asked::Invalid("no passphrase was typed"));
        }
        let text = std::str::from_utf8(&self.bytes)
            .map_err(|_| Asked::Invalid("the passphrase typed is not valid text"))?;
        Ok(Secret::new(text.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(bytes: &[u8]) -> (Step, Line) {
        let mut line = Line::new();
        for &b in bytes {
            let step = line.push(b);
            if step != Step::More {
                return (step, line);
            }
        }
        (Step::More, line)
    }

    #[test]
    fn enter_ends_the_line() {
        let (step, line) = typed(b"correct horse\r");
        assert_eq!(step, Step::Done);
        assert_eq!(line.finish().unwrap().expose(), "correct horse");
    }

    #[test]
    fn backspace_removes_a_whole_japanese_character() {
        let mut bytes = "合言葉は秘密".as_bytes().to_vec();
        bytes.push(0x7f);
        bytes.extend_from_slice("です".as_bytes());
        bytes.push(b'\n');
        let (step, line) = typed(&bytes);
        assert_eq!(step, Step::Done);
        assert_eq!(line.finish().unwrap().expose(), "合言葉は秘です");
    }

    #[test]
    fn ctrl_u_clears_and_control_bytes_are_ignored() {
        let (step, line) = typed(b"wrong\x15ri\x1bght\t\r");
        assert_eq!(step, Step::Done);
        assert_eq!(line.finish().unwrap().expose(), "right");
    }

    #[test]
    fn ctrl_c_and_ctrl_d_cancel() {
        assert_eq!(typed(b"abc\x03").0, Step::Cancelled);
        assert_eq!(typed(b"\x04").0, Step::Cancelled);
        // Ctrl+D after some text is ignored.
        assert_eq!(typed(b"ab\x04c\r").0, Step::Done);
        assert_eq!(Line::new().end_of_input(), Step::Cancelled);
    }

    #[test]
    fn an_empty_line_is_not_a_passphrase() {
        let (step, line) = typed(b"\r");
        assert_eq!(step, Step::Done);
        assert!(line.finish().is_err());
    }

    #[test]
    fn the_buffer_never_grows() {
        let mut line = Line::new();
        for _ in 0..MAX_BYTES * 2 {
            line.push(b'a');
        }
        assert_eq!(line.bytes.len(), MAX_BYTES);
        assert_eq!(line.bytes.capacity(), MAX_BYTES);
    }

    #[test]
    fn short_new_passphrases_are_refused() {
        let refused = check_new(&Secret::new("short".into()));
        assert!(matches!(refused, Err(PassphraseError::TooShort)));
        assert!(
            refused
                .unwrap_err()
                .to_string()
                .starts_with("the new passphrase is too short: use at least 8 characters")
        );
        assert!(check_new(&Secret::new("八文字の合言葉です".into())).is_ok());
    }

    #[test]
    fn a_secret_never_prints() {
        let s = Secret::new("hunter2-hunter2".into());
        assert_eq!(format!("{s:?}"), "Secret(<hidden>)");
    }
}
