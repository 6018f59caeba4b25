//! Survey tallies: how many participants chose each option.

use super::changelog;
use super::error::{Result, StoreError};
use super::write;
use rusqlite::{Connection, params};

/// Set the count of one option (0 or more).
pub fn set_tally(
    conn: &Connection,
    conference_id: i64,
    survey_id: &str,
    option: &str,
    count: i64,
) -> Result<()> {
    if count < 0 {
        return Err(StoreError::Invalid(
            "a survey count cannot be negative".into(),
        ));
    }
    write(conn, |conn| {
        conn.execute(
            "INSERT INTO survey_tallies (conference_id, survey_id, option_key, count) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (conference_id, survey_id, option_key) DO UPDATE SET count = excluded.count",
            params![conference_id, survey_id, option, count],
        )?;
        changelog::record(
            conn,
            Some(conference_id),
            "survey_tally",
            None,
            "set",
            option,
        )?;
        Ok(())
    })
}

/// The counts recorded for a survey, by option key.
pub fn tallies(
    conn: &Connection,
    conference_id: i64,
    survey_id: &str,
) -> Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT option_key, count FROM survey_tallies WHERE conference_id = ?1 AND survey_id = ?2 ORDER BY option_key",
    )?;
    let rows = stmt.query_map(params![conference_id, survey_id], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every tally of a conference, all surveys, as (survey, option, count) in a stable order.
pub(crate) fn all_tallies(
    conn: &Connection,
    conference_id: i64,
) -> Result<Vec<(String, String, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT survey_id, option_key, count FROM survey_tallies WHERE conference_id = ?1
         ORDER BY survey_id, option_key",
    )?;
    let rows = stmt.query_map([conference_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
