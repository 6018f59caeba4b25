//! Opening the database: secure file creation, connection pragmas, the newer-schema check and
//! migrations, in the order that keeps a refused file untouched.

use super::crypto::{self, Secret};
use super::error::{Result, StoreError};
use super::{look, migrations};
use crate::platform::{self, Access};
use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::time::Duration;

/// How long a writer waits for another process's write lock before giving up. Several
/// note-takers share one file; their transactions last milliseconds, so seconds of waiting only
/// happen when something else holds the database.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Open (creating if needed) the database at `path`, ready for use at the latest schema.
///
/// A file that is not SQLite, is newer than this program, or cannot be written is refused
/// before anything is written to it.
pub fn open(path: &Path) -> Result<Connection> {
    open_with_timeout(path, BUSY_TIMEOUT)
}

/// [`open`] with a chosen lock wait (tests use a short one).
pub fn open_with_timeout(path: &Path, busy_timeout: Duration) -> Result<Connection> {
    open_with(
        path,
        &Options {
            busy_timeout,
            key: None,
        },
    )
}

/// How [`open_with`] opens a database.
#[derive(Debug, Clone)]
pub struct Options {
    /// How long to wait for another process's lock.
    pub(crate) busy_timeout: Duration,
    /// The passphrase of an encrypted database (needs the `encryption` feature). It is applied
    /// before any statement reads the file; a new, empty file is created encrypted with it.
    pub(crate) key: Option<Secret>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            busy_timeout: BUSY_TIMEOUT,
            key: None,
        }
    }
}

impl Options {
    /// The default options with `key` (none for a plain database).
    pub fn with_key(key: Option<Secret>) -> Self {
        Options {
            key,
            ..Options::default()
        }
    }
}

/// [`open`] with [`Options`]: a lock wait, and the key of an encrypted database. A wrong key
/// is refused as [`StoreError::WrongPassphrase`] before anything is written.
pub fn open_with(path: &Path, options: &Options) -> Result<Connection> {
    let busy_timeout = options.busy_timeout;
    let keyed = options.key.is_some();
    if path.as_os_str() == ":memory:" {
        return open_memory();
    }
    // Look before touching: a folder, a device, another program's file or a newer caseconf's
    // database is refused here, read-only, before any mode is changed or file created.
    let found = look::inspect(path)?;
    check_local(path)?;
    if found == look::Found::Missing {
        create_file(path)?;
    }
    check_writable(path)?;
    // No SQLITE_OPEN_URI: a path is a path, never `file:…?nolock=1` that skips locking.
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let seconds = busy_timeout.as_secs();
    let classify = |e| crypto::relabel(StoreError::classify(e, path, seconds), keyed);
    let mut conn = Connection::open_with_flags(path, flags).map_err(classify)?;
    // Until the file is known to be ours, closing must not checkpoint a -wal left beside it
    // (and delete it): a refused database keeps its log as it was.
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)
        .map_err(classify)?;
    // The key goes in before any statement: SQLCipher derives it on the first read.
    if let Some(key) = &options.key {
        crypto::apply_key(&conn, key)?;
    }
    conn.busy_timeout(busy_timeout).map_err(classify)?;
    // Reading the version is the first access to the file: it is where a non-SQLite file (or a
    // wrong key) is detected, and a newer schema is refused before the WAL pragma rewrites the
    // header.
    migrations::check_not_newer(&conn, path).map_err(|e| match e {
        StoreError::Sqlite(e) => classify(e),
        other => crypto::relabel(other, keyed),
    })?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, false)
        .map_err(classify)?;
    if found != look::Found::Missing {
        // Verified ours: only now may its modes be tightened.
        tighten(path, platform::access_for_folder(folder_of(path)));
    }
    apply_pragmas(&conn).map_err(classify)?;
    migrations::migrate(&mut conn, path).map_err(|e| match e {
        StoreError::Sqlite(e) => classify(e),
        other => other,
    })?;
    // Verified ours and now holding its -wal and -shm: on Windows these came with the folder's
    // rules and are made private like the database.
    tighten(path, platform::access_for_folder(folder_of(path)));
    crypto::note_opened(keyed);
    Ok(conn)
}

/// Open a database that cannot be written, to view it: no pragma that writes, no migration.
/// A file of an older schema cannot be shown (it would need upgrading) and is refused.
pub fn open_read_only(path: &Path) -> Result<Connection> {
    open_read_only_with(path, None)
}

/// [`open_read_only`] for an encrypted database: `key` is applied before any statement.
pub(crate) fn open_read_only_with(path: &Path, key: Option<Secret>) -> Result<Connection> {
    let seconds = BUSY_TIMEOUT.as_secs();
    let keyed = key.is_some();
    let classify = |e| crypto::relabel(StoreError::classify(e, path, seconds), keyed);
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(classify)?;
    if let Some(key) = &key {
        crypto::apply_key(&conn, key)?;
    }
    conn.busy_timeout(BUSY_TIMEOUT).map_err(classify)?;
    let found = migrations::check_not_newer(&conn, path).map_err(|e| match e {
        StoreError::Sqlite(e) => classify(e),
        other => crypto::relabel(other, keyed),
    })?;
    if found != migrations::latest_version() {
        return Err(StoreError::ReadOnly {
            path: path.to_path_buf(),
        });
    }
    conn.pragma_update(None, "foreign_keys", "ON")
        .map_err(classify)?;
    crypto::note_opened(keyed);
    Ok(conn)
}

/// A private in-memory database at the latest schema, for tests and dry runs.
pub fn open_memory() -> Result<Connection> {
    let mut conn = Connection::open_in_memory()?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    migrations::migrate(&mut conn, Path::new(":memory:"))?;
    Ok(conn)
}

/// Pragmas are set outside any transaction (SQLite ignores journal_mode inside one).
///
/// - WAL: readers never block the writer, so several note-takers and a projector view share
///   the file.
/// - synchronous=NORMAL: in WAL mode a commit is durable against a crash of the program
///   (kill -9, closed SSH session) and the file cannot be corrupted; only an OS crash or power
///   cut can lose the last commits since the previous WAL sync. FULL would add an fsync to every
///   autosave (every 250 ms of typing) for protection the README states we do not promise.
fn apply_pragmas(conn: &Connection) -> rusqlite::Result<()> {
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        // The file system refused WAL (e.g. some network mounts); continue in the default mode.
        conn.pragma_update(None, "journal_mode", "DELETE")?;
    }
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Deleted text is overwritten with zeros instead of lingering in free pages.
    conn.pragma_update(None, "secure_delete", "ON")?;
    // Keep the WAL from growing without bound through a long meeting with several writers.
    conn.pragma_update(None, "journal_size_limit", 4 * 1024 * 1024)?;
    Ok(())
}

/// The kind of network file system holding `dir`, if it is one (see [`platform::network_fs_kind`]).
pub fn network_fs_kind(dir: &Path) -> Option<&'static str> {
    platform::network_fs_kind(dir)
}

/// Refuse a database on a network file system: SQLite's locks do not hold there.
fn check_local(path: &Path) -> Result<()> {
    if std::env::var_os("CASECONF_ALLOW_NETWORK_FS").is_some_and(|v| v == "1") {
        return Ok(());
    }
    // The nearest existing folder decides (the database folder may not exist yet).
    let mut dir = folder_of(path).to_path_buf();
    while !dir.exists() {
        match dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => dir = p.to_path_buf(),
            // Nothing exists up to the root (or the share): the path itself still tells (UNC).
            _ => break,
        }
    }
    match network_fs_kind(&dir) {
        Some(kind) => Err(StoreError::NetworkFileSystem {
            path: path.to_path_buf(),
            kind,
        }),
        None => Ok(()),
    }
}

/// Create the folder (private) and an empty database file (private, or shared with the group of
/// a team folder: see [`platform::access_for_folder`]) where nothing is yet, whatever the umask.
/// SQLite gives the -wal and -shm files the same mode as the database file on Unix; on Windows
/// they inherit the folder's rules and are tightened after opening.
fn create_file(path: &Path) -> Result<()> {
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.exists()
    {
        platform::create_private_dir_all(dir).map_err(io)?;
    }
    if !path.exists() && !is_writable(folder_of(path)) {
        return Err(StoreError::ReadOnly {
            path: path.to_path_buf(),
        });
    }
    let access = platform::access_for_folder(folder_of(path));
    match platform::create_new_file(path, access) {
        Ok(_) => Ok(()),
        // Created meanwhile by another caseconf: it is checked like any existing file.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => Err(StoreError::ReadOnly {
            path: path.to_path_buf(),
        }),
        Err(e) => Err(io(e)),
    }
}

/// An existing database of ours that others can read (made by `touch`, copied in, …) is made
/// private again, with its -wal and -shm; a team folder's files stay group-writable.
fn tighten(path: &Path, access: Access) {
    let mut sides = vec![path.to_path_buf()];
    for suffix in ["-wal", "-shm"] {
        let mut s = path.as_os_str().to_owned();
        s.push(suffix);
        sides.push(s.into());
    }
    for p in sides {
        platform::tighten(&p, access);
    }
}

/// Whether we may write `p`. A file or folder with no write bit at all counts as read-only
/// even for root: someone made it so on purpose.
fn is_writable(p: &Path) -> bool {
    platform::is_writable(p)
}

pub(crate) fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// SQLite silently opens a read-only file read-only; we want to say so up front instead of
/// failing on the first autosave. The folder must be writable too: SQLite creates the -wal and
/// -shm files beside the database.
fn check_writable(path: &Path) -> Result<()> {
    if is_writable(path) && is_writable(folder_of(path)) {
        Ok(())
    } else {
        Err(StoreError::ReadOnly {
            path: path.to_path_buf(),
        })
    }
}

/// Which file a path names now: (device, inode). A database deleted or replaced while open
/// shows up as a different identity (or none) at its path.
#[cfg(unix)]
pub(crate) fn file_identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// Elsewhere the check is not made (an open file cannot be deleted on Windows).
#[cfg(not(unix))]
pub(crate) fn file_identity(_path: &Path) -> Option<(u64, u64)> {
    None
}
