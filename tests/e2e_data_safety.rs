//! End-to-end data safety with the real binary in tmux: a last save that cannot complete ends
//! in a recovery file (never a silent exit 0), a database deleted while open is rescued, and a
//! quit signal is honoured and the screen drawn even with an enormous agenda.

// Files, modes, FIFOs and the real binary in tmux: Unix only (Windows runs the store,
// export and CLI tests under Wine).
#![cfg(unix)]

#[path = "support/tmux.rs"]
mod tmux;

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::time::Duration;
use tmux::{Options, Sandbox, TIMEOUT, Tmux, framed, meeting_drawn, ok};

/// Open conference `id` on the assessment board, ready to type.
fn on_assessment(sb: &Sandbox, id: i64) -> Tmux {
    let id = id.to_string();
    let tm = sb.spawn_with(&["open", &id], Options::default().size(100, 30));
    ok(tm.wait_for(meeting_drawn, TIMEOUT));
    tm.send_keys(&["C-b"]);
    ok(tm.wait_for_text("板書を選ぶ"));
    tm.send_keys(&["7"]);
    ok(tm.wait_for_text("事例性（生活の中で起きている困りごと）"));
    tm.wait_for(|s| s.contains("保存済み"), TIMEOUT).ok();
    tm
}

/// Files in the sandbox whose names start with `prefix`.
fn files(sb: &Sandbox, prefix: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(sb.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix))
        })
        .collect();
    v.sort();
    v
}

fn bodies(conn: &rusqlite::Connection, id: i64) -> Vec<String> {
    caseconf::store::cards::notes(conn, id)
        .unwrap()
        .into_iter()
        .map(|n| n.body)
        .collect()
}

/// Type while another program holds the write lock, then quit by `how`: the text must end in
/// a private recovery file, the exit status must say so, and `caseconf recover` must put it
/// back once the lock is gone.
fn locked_then_quit(how: &str) {
    let sb = Sandbox::new();
    let id = sb.new_conference("L氏", "ロック中の終了", "2026-11-21");
    let tm = on_assessment(&sb, id);
    let holder = sb.connect();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let typed = "ロック中に書いた大事な記録、住まいの相談";
    tm.type_text(typed);
    ok(tm.wait_for_text("住まいの相談"));
    let exit = if how == "sigterm" {
        ok(tm.signal(libc::SIGTERM));
        let exit = ok(tm.wait_exit(TIMEOUT));
        assert!(
            exit.took <= Duration::from_millis(1500),
            "took {:?}",
            exit.took
        );
        exit
    } else {
        tm.send_keys(&["C-q"]);
        // Retrying is said on screen while it lasts.
        ok(tm.wait_for_text("再試行"));
        ok(tm.wait_exit(Duration::from_secs(8)))
    };
    assert_ne!(
        exit.status,
        Some(0),
        "exit 0 after losing the text: {exit:?}"
    );
    assert!(
        exit.screen.contains("caseconf recover"),
        "{}",
        framed(&exit.screen)
    );
    let rec = files(&sb, "caseconf-recovery-");
    assert_eq!(rec.len(), 1, "{rec:?}\n{}", framed(&exit.screen));
    let mode = std::fs::metadata(&rec[0]).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert!(std::fs::read_to_string(&rec[0]).unwrap().contains(typed));
    assert!(!bodies(&holder, id).iter().any(|b| b == typed));
    holder.execute_batch("ROLLBACK").unwrap();
    drop(tm);

    // The next start offers to restore it.
    let tm = sb.spawn_with(&["open", &id.to_string()], Options::default().size(100, 30));
    ok(tm.wait_for_text("caseconf recover"));
    tm.send_keys(&["C-q"]);
    ok(tm.wait_exit(TIMEOUT));
    drop(tm);
    let out = sb.caseconf(&["recover"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(bodies(&sb.connect(), id).iter().any(|b| b == typed));
    assert!(files(&sb, "caseconf-recovery-").is_empty());
}

#[test]
fn sigterm_while_the_database_is_locked_keeps_the_text_in_a_recovery_file() {
    locked_then_quit("sigterm");
}

#[test]
fn ctrl_q_while_the_database_is_locked_retries_then_keeps_the_text() {
    locked_then_quit("ctrl-q");
}

#[test]
fn a_database_deleted_while_open_is_rescued_whole() {
    let sb = Sandbox::new();
    let id = sb.new_conference("D氏", "削除された", "2026-11-21");
    let tm = on_assessment(&sb, id);
    let first = "削除前に書いた記録";
    tm.type_text(first);
    ok(tm.wait_for_text("削除前に書いた記録"));
    std::thread::sleep(Duration::from_millis(400));
    for suffix in ["", "-wal", "-shm"] {
        let mut p = sb.db().into_os_string();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
    // The deletion itself is heard (file notification): the program stops saving into the
    // vanished file and leaves on its own, without waiting for a key.
    let exit = ok(tm.wait_exit(TIMEOUT));
    assert_ne!(exit.status, Some(0), "{exit:?}");
    assert!(
        exit.screen.contains("caseconf-rescued-"),
        "{}",
        framed(&exit.screen)
    );
    assert!(!sb.db().exists(), "a new database was created at the path");
    let rescued = files(&sb, "caseconf-rescued-");
    assert_eq!(rescued.len(), 1, "{rescued:?}");
    let conn = rusqlite::Connection::open(&rescued[0]).unwrap();
    let found = bodies(&conn, id);
    assert!(found.iter().any(|b| b.contains(first)), "{found:?}");
}

#[test]
fn an_enormous_agenda_is_drawn_and_sigterm_is_honoured() {
    let sb = Sandbox::new();
    let id = sb.new_conference("H氏", "巨大な議事次第", "2026-11-21");
    // A record with 18,000 phases, as an older caseconf could import.
    {
        let conn = sb.connect();
        let tx = conn.unchecked_transaction().unwrap();
        for i in 9..18_000 {
            tx.execute(
                "INSERT INTO agenda_phases (conference_id, position, key, title_ja, title_en, planned_minutes, boards)
                 VALUES (?1, ?2, ?3, '段階', 'Phase', 1, 'opening')",
                rusqlite::params![id, i, format!("p{i}")],
            )
            .unwrap();
        }
        tx.commit().unwrap();
    }
    let id = id.to_string();
    let tm = sb.spawn_with(&["open", &id], Options::default());
    // Drawing is bounded: the screen appears, showing where the meeting is.
    ok(tm.wait_for_text("1/18000"));
    ok(tm.signal(libc::SIGTERM));
    let exit = ok(tm.wait_exit(Duration::from_secs(3)));
    assert!(
        exit.took <= Duration::from_millis(1500),
        "SIGTERM took {:?}",
        exit.took
    );
    ok(exit.check_terminal_restored());
}
