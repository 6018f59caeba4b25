//! The append-only change log: which row changed, how, when and by which user and process.
//!
//! It records field names only, never their text: notes are sensitive health information and
//! the log must be safe to show to an administrator.

use super::error::Result;
use rusqlite::{Connection, params};
use std::sync::OnceLock;

static ACTOR: OnceLock<String> = OnceLock::new();

/// Who this process writes as: `user@host:pid` unless set at start-up.
pub fn actor() -> &'static str {
    ACTOR.get_or_init(default_actor)
}

fn default_actor() -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_else(|_| "unknown".into());
    let host = std::fs::read_to_string("/etc/hostname")
        .map(|h| h.trim().to_string())
        .unwrap_or_default();
    if host.is_empty() {
        format!("{user}:{}", std::process::id())
    } else {
        format!("{user}@{host}:{}", std::process::id())
    }
}

/// One row of the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub(crate) id: i64,
    pub(crate) at: String,
    pub(crate) conference_id: Option<i64>,
    pub entity: String,
    pub(crate) entity_id: Option<i64>,
    pub op: String,
    pub fields: String,
    pub actor: String,
}

/// Append a record. Call it inside the same transaction as the change it describes.
pub(crate) fn record(
    conn: &Connection,
    conference_id: Option<i64>,
    entity: &str,
    entity_id: Option<i64>,
    op: &str,
    fields: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO change_log (conference_id, entity, entity_id, op, fields, actor)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![conference_id, entity, entity_id, op, fields, actor()],
    )?;
    Ok(())
}

/// The log of one conference, oldest first.
pub fn list(conn: &Connection, conference_id: i64) -> Result<Vec<Change>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, conference_id, entity, entity_id, op, fields, actor
         FROM change_log WHERE conference_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([conference_id], |r| {
        Ok(Change {
            id: r.get(0)?,
            at: r.get(1)?,
            conference_id: r.get(2)?,
            entity: r.get(3)?,
            entity_id: r.get(4)?,
            op: r.get(5)?,
            fields: r.get(6)?,
            actor: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
