//! Recovery files: what could not be saved when the program had to stop.
//!
//! When the last save before quitting cannot complete (the database stays locked, the disk is
//! full, the file was deleted), the unsaved edits are written to a private (0600) JSON file in
//! the database's folder instead of being thrown away. The next start says so, and
//! `caseconf recover` puts the text back into the database (or discards the file).
//!
//! The files hold note text: they are never printed, only named.

use crate::board;
use crate::store::{self, StoreError};
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The start of every recovery file's name.
pub(crate) const PREFIX: &str = "caseconf-recovery-";
/// The version of the file's layout.
const FORMAT: u32 = 1;

/// One row whose text was not saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnsavedRow {
    /// The board's key (`Board::key`).
    pub(crate) board: String,
    /// The list's index on that board.
    pub(crate) list: usize,
    /// The list's caption, for a person reading the file.
    pub(crate) list_title: String,
    /// The stored row, if it had been saved before.
    pub(crate) id: Option<i64>,
    /// The Q&A answer's stored row, if any.
    pub(crate) aux_id: Option<i64>,
    /// A fixed row's key (profile item, conference field).
    pub(crate) key: String,
    /// The text of each field, as typed.
    pub fields: Vec<String>,
}

/// A recovery file's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Recovery {
    pub(crate) format: u32,
    /// The database the edits belong to, as given.
    pub(crate) database: PathBuf,
    pub(crate) conference_id: i64,
    /// When the file was written (RFC 3339).
    pub(crate) written_at: String,
    pub(crate) rows: Vec<UnsavedRow>,
}

impl Recovery {
    pub(crate) fn new(database: &Path, conference_id: i64, rows: Vec<UnsavedRow>) -> Recovery {
        Recovery {
            format: FORMAT,
            database: absolute(database),
            conference_id,
            written_at: chrono::Utc::now().to_rfc3339(),
            rows,
        }
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Where recovery files for `db` go first: the database's folder.
pub(crate) fn folder(db: &Path) -> PathBuf {
    crate::store::open::folder_of(db).to_path_buf()
}

/// Write `rec` to a new private file: in the database's folder, or, if that fails (a full
/// disk), in the first of the runtime folder, the home folder and the temporary folder that
/// takes it. Returns where it went.
pub(crate) fn write(db: &Path, rec: &Recovery) -> std::io::Result<PathBuf> {
    let bytes = serde_json::to_vec_pretty(rec).map_err(std::io::Error::other)?;
    let name = format!(
        "{PREFIX}{}-{}.json",
        chrono::Local::now().format("%Y%m%d-%H%M%S"),
        std::process::id()
    );
    let mut places = vec![folder(db)];
    places.extend(std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from));
    places.extend(std::env::var_os("HOME").map(PathBuf::from));
    places.push(std::env::temp_dir());
    let mut last = std::io::Error::other("no folder to write to");
    for dir in places {
        let path = dir.join(&name);
        match write_new_private(&path, &bytes) {
            Ok(()) => return Ok(path),
            Err(e) => {
                let _ = std::fs::remove_file(&path);
                last = e;
            }
        }
    }
    Err(last)
}

fn write_new_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// The recovery files waiting for `db`, oldest first.
pub(crate) fn pending(db: &Path) -> Vec<PathBuf> {
    let want = absolute(db);
    let mut found: Vec<PathBuf> = std::fs::read_dir(folder(db))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(PREFIX) && n.ends_with(".json"))
        })
        .filter(|p| read(p).is_ok_and(|r| r.database == want))
        .collect();
    found.sort();
    found
}

/// Why a recovery file could not be read. Each names the file, never its content.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{}: {source}", path.display())]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{} is not a caseconf recovery file", path.display())]
    NotRecovery { path: PathBuf },
    #[error("{} was written by another caseconf version", path.display())]
    OtherVersion { path: PathBuf },
}

/// Read a recovery file (bounded: a recovery file is at most a few notes).
pub(crate) fn read(path: &Path) -> Result<Recovery, ReadError> {
    let bytes = crate::input_file::read_bounded(path, crate::export::import::MAX_IMPORT_BYTES)
        .map_err(|source| ReadError::Unreadable {
            path: path.to_path_buf(),
            source,
        })?;
    let rec: Recovery = serde_json::from_slice(&bytes).map_err(|_| ReadError::NotRecovery {
        path: path.to_path_buf(),
    })?;
    if rec.format != FORMAT {
        return Err(ReadError::OtherVersion {
            path: path.to_path_buf(),
        });
    }
    Ok(rec)
}

/// Put the text of `rec` back into its conference: each row over the stored one (found by its
/// id or key), or as a new card where there is none. Returns how many rows were written.
pub(crate) fn restore(conn: &rusqlite::Connection, rec: &Recovery) -> Result<usize, StoreError> {
    use crate::board::session::{SaveState, Session};
    let boards = board::load(conn, rec.conference_id)?;
    let mut session = Session::new(boards, crate::domain::Board::Opening);
    let mut restored = 0;
    for u in &rec.rows {
        let Some(b) = crate::domain::Board::from_key(&u.board) else {
            continue;
        };
        let Some(list) = session
            .boards
            .lists_mut(b)
            .and_then(|lists| lists.get_mut(u.list))
        else {
            continue;
        };
        let at = list.rows.iter().position(|r| {
            (u.id.is_some() && r.stored.id == u.id)
                || (u.aux_id.is_some() && r.stored.aux_id == u.aux_id)
                || (!u.key.is_empty() && r.key == u.key)
        });
        let row = match at {
            Some(i) => &mut list.rows[i],
            None => {
                list.rows.push(board::Row::blank(&list.spec));
                let last = list.rows.len() - 1;
                &mut list.rows[last]
            }
        };
        for (field, text) in row.fields.iter_mut().zip(&u.fields) {
            field.clone_from(text);
        }
        row.dirty = true;
        restored += 1;
    }
    let now = chrono::Utc::now();
    session.save_due = Some(now);
    session.flush(conn, now);
    match &session.save_state {
        SaveState::Error(e) => Err(StoreError::Invalid(e.clone())),
        _ if session.save_due.is_some() => Err(store::StoreError::Locked {
            path: rec.database.clone(),
            seconds: store::open::BUSY_TIMEOUT.as_secs(),
        }),
        _ => Ok(restored),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_is_not_a_recovery_file_is_named_not_quoted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("caseconf-recovery-x.json");
        std::fs::write(&path, "申し送り: 未保存のメモ").unwrap();
        let err = read(&path).unwrap_err();
        assert!(matches!(err, ReadError::NotRecovery { .. }), "{err:?}");
        assert_eq!(
            err.to_string(),
            format!("{} is not a caseconf recovery file", path.display())
        );
        let missing = read(&dir.path().join("none.json")).unwrap_err();
        assert!(
            matches!(missing, ReadError::Unreadable { .. }),
            "{missing:?}"
        );
    }
}
