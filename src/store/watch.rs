//! Hears other processes' commits as they happen: the platform's file notification (inotify,
//! FSEvents/kqueue, ReadDirectoryChangesW, through the `notify` crate) on the database's folder,
//! for the database file and its write-ahead log. Every commit — another note-taker's, the
//! projector's host, this process's own — writes the `-wal`, so the event loop is woken within
//! milliseconds and checks `PRAGMA data_version` (cheap) instead of polling it several times a
//! second. A slow poll in the loop stays as a safety net for file systems that send no events.

use notify::{EventKind, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};

/// Watches one database; stops when dropped.
pub(crate) struct ChangeWatch {
    _watcher: notify::RecommendedWatcher,
}

impl ChangeWatch {
    /// Call `wake` whenever the database at `db` or its `-wal` changes. `None` when the
    /// platform cannot watch the folder (the loop's slow poll then carries on alone).
    pub(crate) fn start(db: &Path, wake: impl Fn() + Send + 'static) -> Option<ChangeWatch> {
        let folder = match db.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = db.file_name()?.to_os_string();
        let mut wal = name.clone();
        wal.push("-wal");
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                let Ok(event) = event else { return };
                if matches!(event.kind, EventKind::Access(_)) {
                    return;
                }
                let ours = event
                    .paths
                    .iter()
                    .any(|p| p.file_name().is_some_and(|f| f == name || f == wal));
                if ours {
                    wake();
                }
            })
            .ok()?;
        watcher.watch(&folder, RecursiveMode::NonRecursive).ok()?;
        Some(ChangeWatch { _watcher: watcher })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;

    #[test]
    fn another_connections_commit_wakes_the_watch() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.db");
        let writer = crate::store::open(&path).unwrap();
        let (tx, rx) = mpsc::channel();
        let _watch = ChangeWatch::start(&path, move || {
            let _ = tx.send(());
        })
        .expect("a watch");
        // Nothing happens, nothing is heard.
        assert!(rx.recv_timeout(Duration::from_millis(200)).is_err());
        writer
            .execute_batch("CREATE TABLE IF NOT EXISTS t (x); INSERT INTO t VALUES (1);")
            .unwrap();
        assert!(
            rx.recv_timeout(Duration::from_secs(2)).is_ok(),
            "a commit is heard"
        );
    }

    #[test]
    fn other_files_in_the_folder_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.db");
        let (tx, rx) = mpsc::channel();
        let _watch = ChangeWatch::start(&path, move || {
            let _ = tx.send(());
        })
        .expect("a watch");
        std::fs::write(dir.path().join("other.txt"), "x").unwrap();
        assert!(rx.recv_timeout(Duration::from_millis(300)).is_err());
    }
}
