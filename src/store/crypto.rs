//! Encryption at rest (cargo feature `encryption`): the database file, its `-wal` and its
//! rollback journal are encrypted by SQLCipher (AES-256, key derived from a passphrase with
//! PBKDF2-HMAC-SHA512; SQLCipher 4 defaults).
//!
//! - [`Secret`] holds a passphrase and wipes it from memory when dropped; it never prints.
//! - [`file_kind`] tells a plain SQLite file (it starts with `SQLite format 3\0`) from an
//!   encrypted one (whole pages of noise), which an encrypting build asks a passphrase for.
//! - [`apply_key`] keys a fresh connection; `open::open_with` calls it before any statement.
//! - [`encrypt_file`] rewrites a plain database encrypted, [`rekey_file`] changes the
//!   passphrase; both refuse while another process has the database open.
//!
//! Built without the feature, everything here exists but refuses with
//! [`StoreError::EncryptionUnavailable`], which says how to build with it.

use super::error::{Result, StoreError};
use rusqlite::Connection;
use std::path::Path;
use zeroize::Zeroizing;

/// Whether the last database this process opened was keyed (for the picker's status line).
static OPENED_ENCRYPTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Record whether the database just opened is encrypted.
pub(crate) fn note_opened(encrypted: bool) {
    OPENED_ENCRYPTED.store(encrypted, std::sync::atomic::Ordering::Relaxed);
}

/// The status line for the database opened last: encrypted or not.
pub(crate) fn status_msg() -> crate::i18n::Msg {
    if OPENED_ENCRYPTED.load(std::sync::atomic::Ordering::Relaxed) {
        crate::i18n::Msg::DbEncrypted
    } else {
        crate::i18n::Msg::DbNotEncrypted
    }
}

/// Whether this program was built with encryption at rest.
pub(crate) const AVAILABLE: bool = cfg!(feature = "encryption");

/// The command that builds caseconf with encryption at rest.
pub(crate) const BUILD_COMMAND: &str = "cargo build --release --features encryption";

/// The first 16 bytes of every plain SQLite database file.
pub(crate) const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// A passphrase. Its memory is overwritten with zeros when it is dropped; `Debug` hides it.
#[derive(Clone)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    /// Take ownership of a passphrase (the `String` is moved, not copied).
    pub fn new(passphrase: String) -> Self {
        Secret(Zeroizing::new(passphrase))
    }

    /// Whether the passphrase is empty (an empty key would leave the database plain).
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The passphrase's length in characters.
    pub(crate) fn chars(&self) -> usize {
        self.0.chars().count()
    }

    /// The passphrase itself, for handing to SQLCipher.
    #[cfg_attr(not(feature = "encryption"), allow(dead_code))]
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<hidden>)")
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        // Not constant-time; only used to compare a typed passphrase with its confirmation.
        self.0.as_bytes() == other.0.as_bytes()
    }
}

/// What a database file holds, judged by its first 16 bytes and its length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// No file, or an empty one: a new database.
    New,
    /// A plain (unencrypted) SQLite database.
    Plain,
    /// Whole pages without SQLite's header: an encrypted database (or, rarely, something else
    /// of that shape; the passphrase check tells).
    Encrypted,
    /// Anything else: not a database at all (the normal open refuses it).
    Foreign,
}

/// Every SQLite database, encrypted or not, is a whole number of pages, and the smallest page
/// is 512 bytes.
const MIN_PAGE: u64 = 512;

/// Look at the start and length of `path`. Reading errors (e.g. no permission) are returned
/// for the caller to leave to the normal open, which explains them.
pub fn file_kind(path: &Path) -> std::io::Result<FileKind> {
    use std::io::Read;
    // Never open a FIFO (that blocks) or a device: the normal open refuses them with a message.
    match std::fs::metadata(path) {
        Ok(m) if !m.is_file() => return Ok(FileKind::Foreign),
        _ => {}
    }
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileKind::New),
        Err(e) => return Err(e),
    };
    let len = file.metadata()?.len();
    let mut head = [0u8; 16];
    let mut filled = 0;
    while filled < head.len() {
        match file.read(&mut head[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(if filled == 0 {
        FileKind::New
    } else if filled == 16 && &head == SQLITE_HEADER {
        FileKind::Plain
    } else if len >= MIN_PAGE && len % MIN_PAGE == 0 {
        FileKind::Encrypted
    } else {
        FileKind::Foreign
    })
}

/// An error from opening a keyed database, re-labelled: with a key, "not a database" means the
/// passphrase is wrong (or the file is not an encrypted caseconf database).
pub(crate) fn relabel(err: StoreError, keyed: bool) -> StoreError {
    match err {
        StoreError::NotADatabase { path } if keyed => StoreError::WrongPassphrase { path },
        other => other,
    }
}

/// Key a connection that has just been opened, before any statement reads the file. The key is
/// only checked by the first read (a wrong one gives "not a database" there).
pub(crate) fn apply_key(conn: &Connection, key: &Secret) -> Result<()> {
    if key.is_empty() {
        return Err(StoreError::Invalid(
            "an empty passphrase would leave the database unencrypted".into(),
        ));
    }
    imp::apply_key(conn, key)
}

/// Rewrite the plain database at `path` encrypted with `key`, in place: the encrypted copy is
/// written beside it (same mode), checked, then renamed over it; the old file's bytes are then
/// overwritten with zeros (best effort: copy-on-write file systems and SSDs may keep old
/// blocks). Refused, with nothing changed, while another process has the database open.
pub fn encrypt_file(path: &Path, key: &Secret) -> Result<()> {
    if key.is_empty() {
        return Err(StoreError::Invalid(
            "an empty passphrase would leave the database unencrypted".into(),
        ));
    }
    imp::encrypt_file(path, key)
}

/// Change the passphrase of the encrypted database at `path` from `old` to `new`. Refused, with
/// nothing changed, while another process has the database open (it would go on writing with
/// the old key).
pub fn rekey_file(path: &Path, old: &Secret, new: &Secret) -> Result<()> {
    if new.is_empty() {
        return Err(StoreError::Invalid(
            "an empty passphrase would leave the database unencrypted".into(),
        ));
    }
    imp::rekey_file(path, old, new)
}

#[cfg(not(feature = "encryption"))]
mod imp {
    use super::{Connection, Path, Result, Secret, StoreError};

    pub(crate) fn apply_key(_conn: &Connection, _key: &Secret) -> Result<()> {
        Err(StoreError::EncryptionUnavailable {
            what: "open an encrypted database",
        })
    }

    pub fn encrypt_file(_path: &Path, _key: &Secret) -> Result<()> {
        Err(StoreError::EncryptionUnavailable {
            what: "encrypt a database",
        })
    }

    pub fn rekey_file(_path: &Path, _old: &Secret, _new: &Secret) -> Result<()> {
        Err(StoreError::EncryptionUnavailable {
            what: "change a database's passphrase",
        })
    }
}

#[cfg(feature = "encryption")]
mod imp {
    use super::super::migrations;
    use super::super::open::{self, Options};
    use super::{Connection, FileKind, Path, Result, Secret, StoreError, file_kind};
    use crate::platform;
    use rusqlite::ffi;
    use std::ffi::c_int;
    use std::fs::File;
    use std::io::Write;
    use std::path::PathBuf;
    use std::time::Duration;

    /// How long `db encrypt` / `db rekey` wait for a lock: they want the database to themselves,
    /// and a lock held longer than this means another process has it open.
    const ALONE_TIMEOUT: Duration = Duration::from_millis(500);

    fn sqlite_error(rc: c_int) -> StoreError {
        StoreError::Sqlite(rusqlite::Error::SqliteFailure(ffi::Error::new(rc), None))
    }

    fn key_len(key: &Secret) -> Result<c_int> {
        c_int::try_from(key.expose().len())
            .map_err(|_| StoreError::Invalid("the passphrase is too long".into()))
    }

    pub(crate) fn apply_key(conn: &Connection, key: &Secret) -> Result<()> {
        let bytes = key.expose().as_bytes();
        let len = key_len(key)?;
        // SAFETY: the handle is valid while `conn` lives; SQLCipher copies the `len` key bytes
        // (into memory it wipes on release) before returning. Through the C API the passphrase
        // never becomes SQL text.
        let rc = unsafe { ffi::sqlite3_key(conn.handle(), bytes.as_ptr().cast(), len) };
        if rc != ffi::SQLITE_OK {
            return Err(sqlite_error(rc));
        }
        silence(conn)
    }

    /// SQLCipher logs warnings and errors to stderr by default (e.g. "hmac check failed" for a
    /// wrong key), which would scribble over the terminal and the meeting screen; caseconf
    /// reports errors itself. The level is process-wide, and SQLCipher sets its default when
    /// the first key is applied, so it is turned off after each key. The pragma reads nothing
    /// from the file.
    fn silence(conn: &Connection) -> Result<()> {
        let mut stmt = conn.prepare("PRAGMA cipher_log_level = NONE")?;
        let mut rows = stmt.query([])?;
        while rows.next()?.is_some() {}
        Ok(())
    }

    fn rekey(conn: &Connection, key: &Secret) -> Result<()> {
        let bytes = key.expose().as_bytes();
        let len = key_len(key)?;
        // SAFETY: as in `apply_key`; sqlite3_rekey rewrites every page in one transaction.
        let rc = unsafe { ffi::sqlite3_rekey(conn.handle(), bytes.as_ptr().cast(), len) };
        if rc == ffi::SQLITE_OK {
            Ok(())
        } else {
            Err(sqlite_error(rc))
        }
    }

    /// Make `conn` the only user of its database until it is closed: leave WAL mode (SQLite
    /// only allows that to the last connection; every other caseconf keeps a shared lock while
    /// it has the file open) and hold an exclusive lock from then on.
    fn take_alone(conn: &Connection, path: &Path) -> Result<()> {
        let in_use = || StoreError::InUse {
            path: path.to_path_buf(),
        };
        let busy = |e: rusqlite::Error| match StoreError::classify(e, path, 0) {
            StoreError::Locked { .. } => in_use(),
            other => other,
        };
        conn.busy_timeout(ALONE_TIMEOUT).map_err(busy)?;
        let mode: String = conn
            .query_row("PRAGMA main.journal_mode = DELETE", [], |r| r.get(0))
            .map_err(busy)?;
        if !mode.eq_ignore_ascii_case("delete") {
            return Err(in_use());
        }
        conn.pragma_update(Some("main"), "locking_mode", "EXCLUSIVE")
            .map_err(busy)?;
        // A write transaction takes the exclusive lock; in exclusive locking mode it is kept.
        conn.execute_batch("BEGIN EXCLUSIVE; COMMIT;")
            .map_err(busy)?;
        Ok(())
    }

    /// `path` with `suffix` appended to its file name.
    fn sibling(path: &Path, suffix: &str) -> PathBuf {
        let mut s = path.as_os_str().to_owned();
        s.push(suffix);
        PathBuf::from(s)
    }

    /// Removes the half-written encrypted copy (and its journal) unless disarmed.
    struct TempFile {
        path: PathBuf,
        armed: bool,
    }

    impl Drop for TempFile {
        fn drop(&mut self) {
            if self.armed {
                for suffix in ["", "-journal", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(sibling(&self.path, suffix));
                }
            }
        }
    }

    fn io(path: &Path) -> impl Fn(std::io::Error) -> StoreError + '_ {
        move |source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    pub fn encrypt_file(path: &Path, key: &Secret) -> Result<()> {
        match file_kind(path).map_err(io(path))? {
            FileKind::Plain => {}
            FileKind::New => {
                // Nothing to convert: create the database encrypted.
                let options = Options {
                    key: Some(key.clone()),
                    ..Options::default()
                };
                drop(open::open_with(path, &options)?);
                return Ok(());
            }
            FileKind::Encrypted => {
                return Err(StoreError::AlreadyEncrypted {
                    path: path.to_path_buf(),
                });
            }
            FileKind::Foreign => {
                return Err(StoreError::NotADatabase {
                    path: path.to_path_buf(),
                });
            }
        }
        // Opening validates the file (ours, not newer) and brings its schema up to date.
        let options = Options {
            busy_timeout: ALONE_TIMEOUT,
            key: None,
        };
        let conn = open::open_with(path, &options).map_err(|e| match e {
            StoreError::Locked { path, .. } => StoreError::InUse { path },
            other => other,
        })?;
        take_alone(&conn, path)?;
        let version = migrations::current_version(&conn)?;
        let access = platform::access_of(path).map_err(io(path))?;

        let tmp_path = sibling(path, ".encrypting");
        let tmp_text = tmp_path.to_str().ok_or_else(|| {
            StoreError::Invalid(format!(
                "{} has a name that is not valid text; rename it to encrypt it",
                path.display()
            ))
        })?;
        // A leftover from an interrupted run holds only encrypted pages: start again.
        drop(TempFile {
            path: tmp_path.clone(),
            armed: true,
        });
        let mut tmp = TempFile {
            path: tmp_path.clone(),
            armed: true,
        };
        let file = platform::create_new_file(&tmp_path, access).map_err(io(&tmp_path))?;
        drop(file);

        // The passphrase is a bound parameter, never SQL text.
        conn.execute(
            "ATTACH DATABASE ?1 AS encrypted KEY ?2",
            rusqlite::params![tmp_text, key.expose()],
        )?;
        silence(&conn)?;
        let exported = export(&conn, version);
        let detached = conn.execute_batch("DETACH DATABASE encrypted");
        exported?;
        detached?;

        verify(&tmp_path, key, version)?;
        // Opened for writing: Windows flushes a file only through a handle that may write it.
        std::fs::OpenOptions::new()
            .write(true)
            .open(&tmp_path)
            .and_then(|f| f.sync_all())
            .map_err(io(&tmp_path))?;

        replace_plain(path, &tmp_path, conn)?;
        tmp.armed = false;
        Ok(())
    }

    /// Put the checked encrypted copy in the plain database's place, then wipe the plain file.
    /// On Unix the copy is renamed over the database while `conn` still holds it (other
    /// processes stay out until the encrypted file is there), and the old file is wiped
    /// through a handle kept open across the rename.
    #[cfg(not(windows))]
    fn replace_plain(path: &Path, encrypted: &Path, conn: Connection) -> Result<()> {
        let plain = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(io(path))?;
        std::fs::rename(encrypted, path).map_err(io(path))?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            let _ = File::open(dir).and_then(|d| d.sync_all());
        }
        // Only now let other processes in (to find the encrypted file).
        drop(conn);
        wipe(plain);
        Ok(())
    }

    /// Windows refuses to rename over, or away, a file that is open (SQLite opens files
    /// without FILE_SHARE_DELETE): the connection closes first, the plain file is moved aside,
    /// the encrypted copy takes its name, and the plain file is then wiped and removed. Should
    /// the second move fail, the plain file goes back. Between the two moves (the time of one
    /// rename) the path holds no database.
    #[cfg(windows)]
    fn replace_plain(path: &Path, encrypted: &Path, conn: Connection) -> Result<()> {
        drop(conn);
        let aside = sibling(path, ".plain");
        std::fs::rename(path, &aside).map_err(io(path))?;
        if let Err(e) = std::fs::rename(encrypted, path) {
            let _ = std::fs::rename(&aside, path);
            return Err(io(path)(e));
        }
        if let Ok(plain) = std::fs::OpenOptions::new().write(true).open(&aside) {
            wipe(plain);
        }
        let _ = std::fs::remove_file(&aside);
        Ok(())
    }

    /// Copy everything into the attached, encrypted database. `sqlcipher_export` copies the
    /// schema and rows but not the header fields, so the schema version and the application
    /// id are set by hand.
    fn export(conn: &Connection, version: i64) -> Result<()> {
        conn.query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))?;
        conn.pragma_update(Some("encrypted"), "user_version", version)?;
        conn.pragma_update(
            Some("encrypted"),
            "application_id",
            migrations::APPLICATION_ID,
        )?;
        Ok(())
    }

    /// Open the encrypted copy with the key, as caseconf will, and check it whole.
    fn verify(tmp: &Path, key: &Secret, version: i64) -> Result<()> {
        let conn = Connection::open_with_flags(
            tmp,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        apply_key(&conn, key)?;
        let found = migrations::current_version(&conn)?;
        let app: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if found != version || app != migrations::APPLICATION_ID || check != "ok" {
            return Err(StoreError::Invalid(
                "the encrypted copy did not check out; nothing was changed".into(),
            ));
        }
        Ok(())
    }

    /// Overwrite the replaced plain file with zeros. Best effort: once renamed over, it has no
    /// name left, and its blocks are freed when the handle closes.
    fn wipe(mut file: File) {
        let Ok(len) = file.metadata().map(|m| m.len()) else {
            return;
        };
        let zeros = vec![0u8; 64 * 1024];
        let mut left = len;
        while left > 0 {
            let n = left.min(zeros.len() as u64) as usize;
            if file.write_all(&zeros[..n]).is_err() {
                return;
            }
            left -= n as u64;
        }
        let _ = file.sync_all();
    }

    pub fn rekey_file(path: &Path, old: &Secret, new: &Secret) -> Result<()> {
        match file_kind(path).map_err(io(path))? {
            FileKind::Encrypted => {}
            FileKind::Foreign => {
                return Err(StoreError::NotADatabase {
                    path: path.to_path_buf(),
                });
            }
            FileKind::Plain | FileKind::New => {
                return Err(StoreError::NotEncrypted {
                    path: path.to_path_buf(),
                });
            }
        }
        let options = Options {
            busy_timeout: ALONE_TIMEOUT,
            key: Some(old.clone()),
        };
        let conn = open::open_with(path, &options).map_err(|e| match e {
            StoreError::Locked { path, .. } => StoreError::InUse { path },
            other => other,
        })?;
        take_alone(&conn, path)?;
        rekey(&conn, new)?;
        drop(conn);
        // The next open goes back to WAL mode; check the new key reads the file now.
        let check = Connection::open_with_flags(
            path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        apply_key(&check, new)?;
        migrations::current_version(&check)
            .map_err(|e| super::relabel(StoreError::classify(e, path, 0), true))?;
        Ok(())
    }
}
