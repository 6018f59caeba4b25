//! Numbered schema migrations, applied in order by `PRAGMA user_version` in one transaction.
//!
//! Each entry is the SQL that takes the schema from version N-1 to N. Released migrations are
//! never edited: a change is a new file appended to `MIGRATIONS`.

use super::error::{Result, StoreError};
use rusqlite::{Connection, TransactionBehavior};
use std::path::Path;

/// The migrations, in order; version N is `MIGRATIONS[N - 1]`.
pub const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_typed_as_said.sql"),
    include_str!("migrations/0003_record.sql"),
    include_str!("migrations/0004_case_over_time.sql"),
    include_str!("migrations/0005_case_names.sql"),
];

/// `PRAGMA application_id` of a caseconf database ("CCON").
pub const APPLICATION_ID: i64 = 0x4343_4F4E;

/// The schema version this program writes.
pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// The schema version recorded in the database (0 for a new, empty database).
pub fn current_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

/// Refuse a database written by a newer program, or another program's SQLite file, before
/// anything touches it.
pub(crate) fn check_not_newer(conn: &Connection, path: &Path) -> Result<i64> {
    let found = current_version(conn)?;
    let app: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let objects: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
    // Ours, or brand new and empty; anything else belongs to someone else.
    let ours = app == APPLICATION_ID || (found == 0 && app == 0 && objects == 0);
    if !ours {
        return Err(StoreError::NotADatabase {
            path: path.to_path_buf(),
        });
    }
    if found > latest_version() {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found,
            supported: latest_version(),
        });
    }
    Ok(found)
}

/// Bring the schema up to date. All pending migrations run in one IMMEDIATE transaction, so a
/// failure leaves the database exactly as it was, and two processes starting at once cannot
/// both migrate.
pub(crate) fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    // Up to date: no write lock needed, so opening never waits for another note-taker.
    if check_not_newer(conn, path)? == latest_version() {
        return Ok(());
    }
    // A migration that rebuilds a table (copy, drop, rename) must not cascade the drop into
    // every note: foreign keys are off while migrating (the pragma is ignored inside a
    // transaction, so it is set before) and checked before commit.
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    let result = run_pending(conn, path);
    conn.pragma_update(None, "foreign_keys", "ON")?;
    result
}

fn run_pending(conn: &mut Connection, path: &Path) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Read again inside the write lock: another process may have migrated meanwhile.
    let from = check_not_newer(&tx, path)?;
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(from as usize) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
    }
    let broken: i64 = tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
        r.get(0)
    })?;
    if broken > 0 {
        return Err(StoreError::Invalid(format!(
            "the schema upgrade would leave {broken} broken references; nothing was changed"
        )));
    }
    tx.commit()?;
    Ok(())
}
