//! Erasing deleted cards from the file. Deleting a card only marks it (so Ctrl+Z can bring it
//! back); once that undo is no longer possible, [`purge_deleted`] removes the rows. With
//! `secure_delete` on (see `open`), SQLite overwrites the freed space with zeros, and a
//! truncating checkpoint empties the write-ahead log that held the old pages.

use super::error::Result;
use super::write;
use rusqlite::Connection;

/// The tables whose rows are soft-deleted.
const TABLES: [&str; 5] = [
    "notes",
    "action_items",
    "agency_roles",
    "participants",
    "case_names",
];

/// Remove every card marked deleted, of one conference or (with `None`) of all. Returns how
/// many rows were removed.
pub(crate) fn purge_deleted(conn: &Connection, conference: Option<i64>) -> Result<usize> {
    let removed = write(conn, |conn| {
        let mut removed = 0;
        for table in TABLES {
            let sql = format!(
                "DELETE FROM {table} WHERE deleted_at IS NOT NULL \
                 AND (?1 IS NULL OR conference_id = ?1)"
            );
            removed += conn.execute(&sql, [conference])?;
        }
        Ok(removed)
    })?;
    if removed > 0 {
        // Best effort: a reader elsewhere can keep the log from being emptied now; it is then
        // emptied at the next checkpoint that finds no reader.
        let _ = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
    }
    Ok(removed)
}
