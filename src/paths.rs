//! Where caseconf keeps its files: the database in the platform data folder, user agendas and
//! themes in the config folder. `--db` and `CASECONF_DB` override the database path.

use std::path::PathBuf;

/// The platform folders for caseconf, if a home folder is known.
fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "caseconf")
}

/// The default database: e.g. `~/.local/share/caseconf/caseconf.db` on Linux.
pub(crate) fn default_db_path() -> PathBuf {
    match project_dirs() {
        Some(dirs) => dirs.data_dir().join("caseconf.db"),
        // No home folder (a bare service account): fall back to the working folder.
        None => PathBuf::from("caseconf.db"),
    }
}

/// The folder holding the user's own `agenda/*.toml` and `themes/*.toml`, e.g.
/// `~/.config/caseconf`.
pub(crate) fn config_dir() -> Option<PathBuf> {
    project_dirs().map(|d| d.config_dir().to_path_buf())
}
