//! Where each user left a conference (the focused board and card), so reopening is exact.
//! Keyed by actor user name, so two note-takers keep their own places.

use super::error::Result;
use rusqlite::{Connection, OptionalExtension, params};

pub fn set(
    conn: &Connection,
    conference_id: i64,
    user: &str,
    key: &str,
    value: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO ui_state (conference_id, actor, key, value) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (conference_id, actor, key) DO UPDATE SET value = excluded.value",
        params![conference_id, user, key, value],
    )?;
    Ok(())
}

pub fn get(conn: &Connection, conference_id: i64, user: &str, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT value FROM ui_state WHERE conference_id = ?1 AND actor = ?2 AND key = ?3",
            params![conference_id, user, key],
            |r| r.get(0),
        )
        .optional()?)
}
