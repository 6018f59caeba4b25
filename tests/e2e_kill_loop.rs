//! The kill -9 harness: the real binary in a terminal, Japanese typed at about 15 keys a
//! second, killed with SIGKILL at a random moment. Every time, the stored text must be what
//! was typed minus at most the keys of the last 250 ms, and the database must be intact.
//!
//! CI runs a few iterations; `CASECONF_KILL_ITERATIONS=50 cargo test --test e2e_kill_loop`
//! runs the full count (see BENCHMARKS.md / the issue note for the figures).

// tmux and POSIX signals: Unix only (on Windows, CI runs the other tests under Wine).
#![cfg(unix)]

#[path = "support/tmux.rs"]
mod tmux;

use caseconf::store::{NoteKind, cards};
use std::time::{Duration, Instant};
use tmux::{Options, Sandbox, TIMEOUT, ok};

const KEY_INTERVAL: Duration = Duration::from_millis(66); // about 15 keys per second
const PROMISE: Duration = Duration::from_millis(250);

struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n.max(1)
    }
}

#[test]
fn kill_9_while_typing_loses_at_most_the_last_250_ms() {
    let iterations: usize = std::env::var("CASECONF_KILL_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4);
    let alphabet: Vec<char> =
        "事例性疾病性家賃滞納大家近隣苦情受診中断支援方向①②■あいうえおかきくけこ"
            .chars()
            .collect();
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64);
    let mut rng = Lcg(seed);
    let mut worst_loss = 0usize;
    for iteration in 0..iterations {
        let sb = Sandbox::new();
        let id = sb.new_conference("K氏", "強制終了の繰り返し", "2026-11-21");
        let open = ["open".to_string(), id.to_string()];
        let open: Vec<&str> = open.iter().map(String::as_str).collect();
        let tm = sb.spawn_with(&open, Options::default().size(100, 30));
        ok(tm.wait_for(|s| s.contains("F1 "), TIMEOUT));
        tm.send_keys(&["C-b"]);
        ok(tm.wait_for_text("板書を選ぶ"));
        tm.send_keys(&["7"]);
        ok(tm.wait_for_text("事例性（生活の中で起きている困りごと）"));

        let planned = 5 + rng.next(36) as usize;
        let kill_after = 1 + rng.next(planned as u64) as usize;
        let mut sent = String::new();
        let mut sent_at = Vec::new();
        for _ in 0..kill_after {
            let c = alphabet[rng.next(alphabet.len() as u64) as usize];
            tm.type_text(&c.to_string());
            sent.push(c);
            sent_at.push(Instant::now());
            std::thread::sleep(KEY_INTERVAL);
        }
        // A random moment within the next key interval.
        std::thread::sleep(Duration::from_millis(rng.next(66)));
        let killed_at = Instant::now();
        let pid = ok(tm.signal(libc::SIGKILL));
        ok(tmux::wait_pid_gone(pid, TIMEOUT));
        drop(tm);

        let conn = sb.connect();
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok", "iteration {iteration}");
        let stored: String = cards::notes(&conn, id)
            .unwrap()
            .into_iter()
            .find(|n| n.kind == NoteKind::CaseNess)
            .map(|n| n.body)
            .unwrap_or_default();
        assert!(
            sent.starts_with(&stored),
            "iteration {iteration}: stored text is not what was typed"
        );
        let lost = sent.chars().count() - stored.chars().count();
        let recent = sent_at
            .iter()
            .filter(|t| killed_at.duration_since(**t) < PROMISE)
            .count();
        assert!(
            lost <= recent,
            "iteration {iteration}: lost {lost} characters, but only {recent} were typed in the last 250 ms"
        );
        worst_loss = worst_loss.max(lost);
    }
    eprintln!(
        "kill -9 loop: {iterations} iterations, at most {worst_loss} characters lost (all within 250 ms)"
    );
}
