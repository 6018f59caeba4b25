//! A read-only first look at a database path, before anything is created, written or
//! re-moded there: what kind of file it is, and whether an SQLite file is ours (its header's
//! application id and schema version), without replaying or checkpointing a `-wal` beside it.
//!
//! A refused path, its `-wal` and its `-shm` are left byte- and mode-identical.

use super::crypto::SQLITE_HEADER;
use super::error::{Result, SpecialKind, StoreError};
use super::migrations::{self, APPLICATION_ID};
use rusqlite::{Connection, OpenFlags};
use std::io::Read;
use std::path::{Path, PathBuf};

/// What the look found at a path that may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Found {
    /// Nothing there yet: caseconf creates the file.
    Missing,
    /// An empty file, or an SQLite file with nothing in it yet.
    Empty,
    /// A caseconf database this program can open.
    Ours,
    /// Whole pages without SQLite's header: encrypted (the key check decides).
    Encrypted,
}

/// Offsets in SQLite's 100-byte database header.
const USER_VERSION_AT: usize = 60;
const APPLICATION_ID_AT: usize = 68;
const HEADER_LEN: usize = 100;

/// Look at `path` without changing anything. Refusals: a folder, a device, FIFO or socket, a
/// link to nothing, another program's file, a newer caseconf's database.
pub(crate) fn inspect(path: &Path) -> Result<Found> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // A link whose target is missing: SQLite would create the target (or fail with a
            // misleading "read-only"); say what it is instead.
            if let Ok(target) = std::fs::read_link(path) {
                return Err(StoreError::DanglingLink {
                    path: path.to_path_buf(),
                    target,
                });
            }
            return Ok(Found::Missing);
        }
        Err(source) => {
            return Err(StoreError::Io {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    check_regular(path, &meta)?;
    let head = read_head(path)?;
    if head.is_empty() {
        return judge_empty_main(path);
    }
    if head.len() < 16 || &head[..16] != SQLITE_HEADER {
        let len = meta.len();
        return if len >= 512 && len % 512 == 0 {
            Ok(Found::Encrypted)
        } else {
            Err(not_ours(path))
        };
    }
    if head.len() < HEADER_LEN {
        return Err(not_ours(path));
    }
    let app = be_u32(&head[APPLICATION_ID_AT..APPLICATION_ID_AT + 4]);
    let version = be_u32(&head[USER_VERSION_AT..USER_VERSION_AT + 4]);
    if app == APPLICATION_ID {
        return if version > migrations::latest_version() {
            Err(StoreError::TooNew {
                path: path.to_path_buf(),
                found: version,
                supported: migrations::latest_version(),
            })
        } else {
            Ok(Found::Ours)
        };
    }
    if app != 0 || version != 0 || schema_objects(path)? != 0 {
        return Err(not_ours(path));
    }
    judge_empty_main(path)
}

/// Refuse anything but a regular file (a folder, a device, a FIFO that would block the read).
pub(crate) fn check_regular(path: &Path, meta: &std::fs::Metadata) -> Result<()> {
    if meta.is_dir() {
        return Err(StoreError::IsFolder {
            path: path.to_path_buf(),
        });
    }
    if !meta.is_file() {
        return Err(StoreError::NotAFile {
            path: path.to_path_buf(),
            kind: SpecialKind::of(meta),
        });
    }
    Ok(())
}

fn not_ours(path: &Path) -> StoreError {
    StoreError::NotADatabase {
        path: path.to_path_buf(),
    }
}

fn be_u32(b: &[u8]) -> i64 {
    i64::from(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

/// The first bytes of the file (up to SQLite's header length).
fn read_head(path: &Path) -> Result<Vec<u8>> {
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        // Unreadable: SQLite's open below says so in its own words (read-only, …).
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            return Err(StoreError::ReadOnly {
                path: path.to_path_buf(),
            });
        }
        Err(e) => return Err(io(e)),
    };
    let mut head = Vec::with_capacity(HEADER_LEN);
    file.take(HEADER_LEN as u64)
        .read_to_end(&mut head)
        .map_err(io)?;
    Ok(head)
}

/// The path of the `-wal` beside `path`.
pub(crate) fn side(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    s.into()
}

/// The main file holds nothing (empty, or a header without tables). With no write-ahead log
/// beside it, it is a new database. With one, the log may hold caseconf's first commits (a
/// crash before the first checkpoint) or another program's: decide on a private copy, so the
/// original log is neither replayed nor removed.
fn judge_empty_main(path: &Path) -> Result<Found> {
    let wal = side(path, "-wal");
    match std::fs::metadata(&wal) {
        Ok(m) if m.len() > 0 => look_at_copy(path, &wal),
        _ => Ok(Found::Empty),
    }
}

/// Open a copy of the database and its log in a private temporary folder and check there.
fn look_at_copy(path: &Path, wal: &Path) -> Result<Found> {
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = private_temp_dir().map_err(io)?;
    let copy = dir.join("look.db");
    let result = (|| {
        std::fs::copy(path, &copy).map_err(io)?;
        std::fs::copy(wal, side(&copy, "-wal")).map_err(io)?;
        let conn = Connection::open_with_flags(
            &copy,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        match migrations::check_not_newer(&conn, path) {
            Ok(0) => Ok(Found::Empty),
            Ok(_) => Ok(Found::Ours),
            Err(StoreError::Sqlite(_)) => Err(not_ours(path)),
            Err(e) => Err(e),
        }
    })();
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// A new folder only this user can enter, under the system's temporary folder.
fn private_temp_dir() -> std::io::Result<PathBuf> {
    let base = std::env::temp_dir();
    for n in 0..100u32 {
        let dir = base.join(format!("caseconf-look-{}-{n}", std::process::id()));
        #[cfg(unix)]
        let builder = {
            let mut b = std::fs::DirBuilder::new();
            std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
            b
        };
        // Private by default there: a folder under the user's own temporary folder.
        #[cfg(not(unix))]
        let builder = std::fs::DirBuilder::new();
        match builder.create(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other("no free temporary folder name"))
}

/// How many tables, indexes, … the main file itself records, read with `immutable=1`: no lock,
/// no `-wal`, no `-shm` is opened or created.
fn schema_objects(path: &Path) -> Result<i64> {
    let uri = format!("file:{}?immutable=1", uri_escape(path));
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let counted = Connection::open_with_flags(uri, flags)
        .and_then(|conn| conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0)));
    counted.map_err(|_| not_ours(path))
}

/// `path` as the path part of an SQLite URI: every byte but unreserved ones percent-escaped.
fn uri_escape(path: &Path) -> String {
    let mut out = String::new();
    for &b in path.as_os_str().as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
