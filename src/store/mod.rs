//! The SQLite store: one database file holds every case, conference, clock event and card.
//!
//! Every function takes a `&Connection` (a `Transaction` derefs to one) and is tested on a real
//! SQLite database. Writes that touch more than one row go through [`write`], which opens an
//! IMMEDIATE transaction so a writer never fails half-way on a lock upgrade.

pub mod boards;
pub mod cards;
pub(crate) mod carry;
pub mod case;
pub mod case_names;
pub mod changelog;
pub mod checkpoint;
pub mod conferences;
pub mod crypto;
pub(crate) mod error;
pub(crate) mod look;
pub mod migrations;
pub mod open;
pub(crate) mod purge;
pub mod record;
pub mod survey;
pub mod ui_state;
pub(crate) mod upkeep;
pub(crate) mod watch;
pub mod writer;

pub use cards::{ActionItem, ActionStatus, AgencyRole, Note, NoteKind, Participant};
pub use conferences::{Conference, ConferenceSummary, NewConference, PhaseRow};
pub use error::{Result, StoreError};
pub use open::{open, open_memory};

use rusqlite::{Connection, Transaction, TransactionBehavior};

/// Run `f` inside an IMMEDIATE transaction, or inside the caller's transaction if one is open.
pub(crate) fn write<T>(conn: &Connection, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
    if conn.is_autocommit() {
        let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    } else {
        f(conn)
    }
}

/// Run `f` inside a read transaction, or inside the caller's transaction if one is open: a
/// reader that takes many queries (the streamed Word export) sees one state of the database
/// even while another note-taker writes.
pub(crate) fn read<T, E: From<StoreError>>(
    conn: &Connection,
    f: impl FnOnce(&Connection) -> std::result::Result<T, E>,
) -> std::result::Result<T, E> {
    if conn.is_autocommit() {
        let tx = Transaction::new_unchecked(conn, TransactionBehavior::Deferred)
            .map_err(StoreError::from)?;
        let value = f(&tx)?;
        tx.commit().map_err(StoreError::from)?;
        Ok(value)
    } else {
        f(conn)
    }
}
