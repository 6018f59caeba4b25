//! Where a conference stands: planned, running or finished.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

/// Where a conference stands. Stored, and written in exports, as its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ConferenceStatus {
    /// Created, the clock not started.
    #[default]
    Planned,
    /// The clock has started.
    Running,
    /// The meeting was closed.
    Finished,
}

impl ConferenceStatus {
    /// The key stored in the database and in exports.
    pub fn key(self) -> &'static str {
        match self {
            ConferenceStatus::Planned => "planned",
            ConferenceStatus::Running => "running",
            ConferenceStatus::Finished => "finished",
        }
    }

    /// The status for a key, or `None` for an unknown key.
    pub(crate) fn from_key(key: &str) -> Option<ConferenceStatus> {
        [
            ConferenceStatus::Planned,
            ConferenceStatus::Running,
            ConferenceStatus::Finished,
        ]
        .into_iter()
        .find(|s| s.key() == key)
    }
}

impl std::fmt::Display for ConferenceStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.key())
    }
}

impl ToSql for ConferenceStatus {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.key()))
    }
}

impl FromSql for ConferenceStatus {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = value.as_str()?;
        ConferenceStatus::from_key(text).ok_or_else(|| {
            FromSqlError::Other(format!("unknown conference status {text:?}").into())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_unknown_keys_are_refused() {
        for s in [
            ConferenceStatus::Planned,
            ConferenceStatus::Running,
            ConferenceStatus::Finished,
        ] {
            assert_eq!(ConferenceStatus::from_key(s.key()), Some(s));
        }
        assert_eq!(ConferenceStatus::from_key("Running"), None);
        assert_eq!(ConferenceStatus::from_key(""), None);
    }
}
