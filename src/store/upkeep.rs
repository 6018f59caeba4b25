//! What the running program asks of the database beside reading and writing rows: whether
//! another connection has committed, how long to wait for a lock, and a whole copy of it.

use rusqlite::Connection;
use std::path::Path;
use std::time::Duration;

/// A number that changes whenever another connection (another note-taker's process, or this
/// process's other connection) commits; `None` when the database cannot be asked.
pub(crate) fn data_version(conn: &Connection) -> Option<i64> {
    // Asked at every tick of the clock: the statement is prepared once.
    conn.prepare_cached("PRAGMA data_version")
        .and_then(|mut st| st.query_row([], |r| r.get(0)))
        .ok()
}

/// How long a statement waits for another writer's lock before it gives up.
pub(crate) fn wait_for_lock(conn: &Connection, wait: Duration) -> rusqlite::Result<()> {
    conn.busy_timeout(wait)
}

/// Write a whole, consistent copy of the database to `to` (a new file).
pub(crate) fn copy_into(conn: &Connection, to: &Path) -> rusqlite::Result<()> {
    conn.execute("VACUUM INTO ?1", [to.to_string_lossy()])
        .map(|_| ())
}
