//! The whole program on a pseudo-terminal: start-up to first frame, idle CPU with
//! the clock running, bytes written per typed character, and resident memory, on a database
//! of 500 conferences / 50,000 notes built here through the store API.
//!
//! Each program runs as the child of a pty this harness opens itself (`openpty`; the child
//! gets the slave as its controlling terminal, 160×45). A reader thread drains the master,
//! counts and time-stamps every byte the program writes, and answers the two queries a
//! terminal emulator would (cursor position, primary device attributes), so programs that
//! ask do not stall.
//!
//! The same measurements are taken, in the same run, of other programs:
//! * `examples/minimal_ratatui.rs` (init, one empty frame, wait for q): the start-up floor;
//!   `examples/minimal_clock.rs` (redraws HH:MM:SS once a second): the idle floor for a screen
//!   with a running clock; `examples/minimal_editor.rs` (ratatui + ratatui-textarea on the same
//!   50 KB text): the keystroke floor. Build them first:
//!   `cargo build --release --examples`.
//! * `tui-journal` (`cargo install tui-journal`), found as the binary `TJOURNAL` names, else
//!   as `tjournal` on PATH, in ~/.cargo/bin or in /tmp/tjroot/bin, run with a private HOME.
//!   Its back end is the one the build has by default (`tjournal print-config` says which,
//!   and where its file is): SQLite, or JSON for a build with
//!   `--no-default-features --features json`; either is filled here with the same entries.
//!   It is started with 50,000 entries (the first frame is the one that shows their titles)
//!   and typed into on one entry holding the same 50 KB text as caseconf's long card.
//!
//! `cargo build --release --examples && cargo bench --bench pty`
//! `PTY_IDLE_SECS` (default 60) and `PTY_STARTS` (default 15) shorten a run; `PTY_KEYS` (200)
//! keys are timed on the long card, `PTY_PROPAGATION` (100) commits are followed to the screen;
//! `PTY_ONLY=idle,propagation` runs only those parts (see [`want`]); `PTY_NOTE=paragraph`
//! types into the 50 KB text written as one paragraph, in every program.

#[path = "support/mod.rs"]
mod support;

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const COLS: u16 = 160;
const ROWS: u16 = 45;
/// No output for this long ends a burst (a frame).
const QUIET: Duration = Duration::from_millis(300);

#[derive(Default)]
struct Output {
    /// (when, how many bytes) for every read from the master.
    chunks: Vec<(Instant, usize)>,
    data: Vec<u8>,
    total: u64,
    eof: bool,
}

/// A program running on a pty of our own.
struct Pty {
    name: String,
    child: Child,
    master: Arc<File>,
    out: Arc<Mutex<Output>>,
    started: Instant,
}

/// `program` with a private HOME and nothing else of this process's environment but PATH.
fn command(program: &Path, home: &Path) -> Command {
    let mut cmd = Command::new(program);
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env("LANG", "ja_JP.UTF-8")
        .env("TERM", "xterm-256color")
        .env("USER", "bench")
        .current_dir(home);
    cmd
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

impl Pty {
    fn spawn(name: &str, program: &Path, args: &[&str], home: &Path) -> Pty {
        let mut master: libc::c_int = -1;
        let mut slave: libc::c_int = -1;
        let size = libc::winsize {
            ws_row: ROWS,
            ws_col: COLS,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: openpty writes two descriptors we then own; the name buffer is not used.
        let rc = unsafe {
            libc::openpty(
                &mut master,
                &mut slave,
                std::ptr::null_mut(),
                std::ptr::null(),
                &size,
            )
        };
        assert_eq!(rc, 0, "openpty: {}", std::io::Error::last_os_error());
        // SAFETY: both descriptors were just opened and are owned by nobody else.
        let (master, slave) = unsafe { (File::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
        let stdio = |fd: &OwnedFd| Stdio::from(fd.try_clone().expect("dup the pty"));
        let mut cmd = command(program, home);
        cmd.args(args)
            .stdin(stdio(&slave))
            .stdout(stdio(&slave))
            .stderr(stdio(&slave));
        // SAFETY: only async-signal-safe calls between fork and exec: a new session, and the
        // pty (now standard input) becomes its controlling terminal.
        unsafe {
            cmd.pre_exec(|| {
                if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let started = Instant::now();
        let child = cmd.spawn().unwrap_or_else(|e| panic!("start {name}: {e}"));
        drop(slave);
        let master = Arc::new(master);
        let out = Arc::new(Mutex::new(Output::default()));
        {
            let master = Arc::clone(&master);
            let out = Arc::clone(&out);
            std::thread::spawn(move || {
                let mut buf = vec![0u8; 1 << 16];
                loop {
                    match (&*master).read(&mut buf) {
                        Ok(0) | Err(_) => {
                            out.lock().expect("output").eof = true;
                            return;
                        }
                        Ok(n) => {
                            let now = Instant::now();
                            let data = &buf[..n];
                            // What a terminal emulator answers.
                            if contains(data, b"\x1b[6n") {
                                let _ = (&*master).write_all(b"\x1b[1;1R");
                            }
                            if contains(data, b"\x1b[c") || contains(data, b"\x1b[0c") {
                                let _ = (&*master).write_all(b"\x1b[?62;22c");
                            }
                            let mut o = out.lock().expect("output");
                            o.chunks.push((now, n));
                            o.total += n as u64;
                            if o.data.len() < 4 << 20 {
                                o.data.extend_from_slice(data);
                            }
                        }
                    }
                }
            });
        }
        Pty {
            name: name.into(),
            child,
            master,
            out,
            started,
        }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    fn total(&self) -> u64 {
        self.out.lock().expect("output").total
    }

    fn send(&self, bytes: &[u8]) {
        (&*self.master).write_all(bytes).expect("write to the pty");
    }

    /// Wait until the program has written something and then been quiet for [`QUIET`]; the
    /// time of the last byte of that burst. `None` after `timeout`.
    fn wait_burst(&self, since: Instant, timeout: Duration) -> Option<Instant> {
        let deadline = Instant::now() + timeout;
        loop {
            let last = {
                let o = self.out.lock().expect("output");
                o.chunks.iter().rev().find(|c| c.0 >= since).map(|c| c.0)
            };
            if let Some(last) = last
                && last.elapsed() >= QUIET
            {
                return Some(last);
            }
            if Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Start-up to first frame: from just before the fork to the last byte of the burst of
    /// output in which `marker` (text the frame shows) first appears. A program that switches
    /// to the alternate screen at once but draws its content later is timed to the content.
    fn first_frame(&self, marker: &str) -> Duration {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut since = self.started;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let at = self
                .wait_burst(since, left)
                .unwrap_or_else(|| panic!("{} did not show {marker:?} within 20 s", self.name));
            if self.screen_text_contains(marker) {
                return at - self.started;
            }
            since = at + Duration::from_nanos(1);
        }
    }

    /// Keystroke to screen: for each character, the time from writing it to the last byte of
    /// the redraw it causes (output then quiet for 5 ms).
    fn keystrokes(&self, text: &str, gap: Duration) -> Vec<Duration> {
        let mut out = Vec::new();
        for c in text.chars() {
            let mut b = [0u8; 4];
            let sent = Instant::now();
            self.send(c.encode_utf8(&mut b).as_bytes());
            let deadline = sent + Duration::from_secs(2);
            let last = loop {
                let last = {
                    let o = self.out.lock().expect("output");
                    o.chunks.iter().rev().find(|c| c.0 >= sent).map(|c| c.0)
                };
                if let Some(last) = last
                    && last.elapsed() >= Duration::from_millis(5)
                {
                    break Some(last);
                }
                if Instant::now() >= deadline {
                    break None;
                }
                std::thread::sleep(Duration::from_micros(200));
            };
            if let Some(last) = last {
                out.push(last - sent);
            }
            std::thread::sleep(gap);
        }
        out
    }

    /// Whether the output, escape sequences left out, contains `text` (a marker starting
    /// with ESC is looked for in the raw bytes).
    fn screen_text_contains(&self, text: &str) -> bool {
        let o = self.out.lock().expect("output");
        if text.starts_with('\x1b') {
            return contains(&o.data, text.as_bytes());
        }
        contains(&strip_escapes(&o.data), text.as_bytes())
    }

    /// How many bytes of output have been kept so far: a place to look from.
    fn kept(&self) -> usize {
        self.out.lock().expect("output").data.len()
    }

    /// Whether every character of `typed` was drawn, in order, in the output kept after
    /// `from` (escape sequences left out; a redraw puts other cells between them).
    fn drew_in_order(&self, from: usize, typed: &str) -> bool {
        let o = self.out.lock().expect("output");
        let shown = strip_escapes(&o.data[from.min(o.data.len())..]);
        let shown = String::from_utf8_lossy(&shown);
        let mut drawn = shown.chars();
        typed
            .chars()
            .filter(|c| !c.is_whitespace())
            .all(|c| drawn.any(|d| d == c))
    }

    /// CPU time of every thread so far, in nanoseconds (/proc/PID/task/*/schedstat: exact,
    /// where `stat`'s utime and stime count whole 10 ms ticks), with each thread's name,
    /// time and wake-ups.
    fn cpu_ns(&self) -> (u64, Vec<(String, u64, u64)>) {
        let Ok(tasks) = std::fs::read_dir(format!("/proc/{}/task", self.pid())) else {
            return (0, Vec::new());
        };
        let mut threads = Vec::new();
        for t in tasks.flatten() {
            let ns = std::fs::read_to_string(t.path().join("schedstat"))
                .ok()
                .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
                .unwrap_or(0);
            let name = std::fs::read_to_string(t.path().join("comm"))
                .unwrap_or_default()
                .trim()
                .to_string();
            let switches = std::fs::read_to_string(t.path().join("status"))
                .unwrap_or_default()
                .lines()
                .filter_map(|l| {
                    l.strip_prefix("voluntary_ctxt_switches:")?
                        .trim()
                        .parse::<u64>()
                        .ok()
                })
                .sum();
            threads.push((
                format!("{name}/{}", t.file_name().to_string_lossy()),
                ns,
                switches,
            ));
        }
        threads.sort();
        (threads.iter().map(|t| t.1).sum(), threads)
    }

    /// A field of /proc/PID/status in kB (VmRSS, VmHWM).
    fn status_kb(&self, field: &str) -> u64 {
        std::fs::read_to_string(format!("/proc/{}/status", self.pid()))
            .unwrap_or_default()
            .lines()
            .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
            .unwrap_or(0)
    }

    /// Voluntary context switches of every thread: how often it went to sleep and woke up
    /// (a thread preempted on a busy machine switches involuntarily; that is the load, not a
    /// wake-up).
    fn switches(&self) -> u64 {
        let Ok(tasks) = std::fs::read_dir(format!("/proc/{}/task", self.pid())) else {
            return 0;
        };
        tasks
            .flatten()
            .map(|t| {
                std::fs::read_to_string(t.path().join("status"))
                    .unwrap_or_default()
                    .lines()
                    .filter_map(|l| {
                        let v = l.strip_prefix("voluntary_ctxt_switches:")?;
                        v.trim().parse::<u64>().ok()
                    })
                    .sum::<u64>()
            })
            .sum()
    }

    fn stop(mut self) {
        // SAFETY: a signal to the process this harness started.
        unsafe { libc::kill(self.pid() as libc::pid_t, libc::SIGTERM) };
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `data` without CSI, OSC and two-byte escape sequences: the text a screen shows, in order.
fn strip_escapes(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        if data[i] != 0x1b {
            out.push(data[i]);
            i += 1;
            continue;
        }
        match data.get(i + 1) {
            Some(b'[') => {
                i += 2;
                while i < data.len() && !(0x40..=0x7e).contains(&data[i]) {
                    i += 1;
                }
                i += 1;
            }
            Some(b']') => {
                i += 2;
                while i < data.len() && data[i] != 0x07 && data[i] != 0x1b {
                    i += 1;
                }
                // BEL ends it, or ST (ESC \).
                i += if data.get(i) == Some(&0x1b) { 2 } else { 1 };
            }
            _ => i += 2,
        }
    }
    out
}

#[derive(Clone)]
struct Program {
    name: String,
    path: PathBuf,
    args: Vec<String>,
    /// Text the first frame must contain (checks it is the screen, not an error).
    marker: &'static str,
    home: PathBuf,
}

impl Program {
    fn spawn(&self) -> Pty {
        let args: Vec<&str> = self.args.iter().map(String::as_str).collect();
        Pty::spawn(&self.name, &self.path, &args, &self.home)
    }
}

/// tui-journal's binary: `TJOURNAL`, else `tjournal` on PATH, in ~/.cargo/bin or where a
/// build of it with the JSON back end only was installed (`cargo install --root /tmp/tjroot`).
fn tjournal() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("TJOURNAL") {
        let path = PathBuf::from(path);
        return path.is_file().then_some(path);
    }
    let home = std::env::var_os("HOME").map(PathBuf::from);
    std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .chain(home.map(|h| h.join(".cargo/bin")))
        .chain([PathBuf::from("/tmp/tjroot/bin")])
        .map(|d| d.join("tjournal"))
        .find(|p| p.is_file())
}

/// Where a tui-journal build keeps its entries.
enum JournalStore {
    Sqlite(PathBuf),
    Json(PathBuf),
}

/// The back end of the tui-journal at `p.path` and its file under `p.home`, as its
/// `print-config` prints them (`backend_type = "Json"`, then `file_path` in the back end's
/// section).
fn journal_store(p: &Program) -> Result<JournalStore, String> {
    std::fs::create_dir_all(p.home.join(".config")).map_err(|e| format!("HOME: {e}"))?;
    let out = command(&p.path, &p.home)
        .arg("print-config")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("tjournal print-config: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    let value = |line: &str, key: &str| {
        let v = line
            .strip_prefix(key)?
            .trim_start()
            .strip_prefix('=')?
            .trim();
        Some(v.trim_matches('"').to_string())
    };
    let backend = text
        .lines()
        .find_map(|l| value(l, "backend_type"))
        .ok_or_else(|| format!("no backend_type in tjournal print-config: {text}"))?;
    let section = match backend.as_str() {
        "Json" => "[json_backend]",
        "Sqlite" => "[sqlite_backend]",
        other => return Err(format!("tui-journal's {other} back end is not filled here")),
    };
    let file = text
        .lines()
        .skip_while(|l| l.trim() != section)
        .skip(1)
        .take_while(|l| !l.starts_with('['))
        .find_map(|l| value(l, "file_path"))
        .map(PathBuf::from)
        .ok_or_else(|| format!("no file_path under {section} in tjournal print-config"))?;
    Ok(if backend == "Json" {
        JournalStore::Json(file)
    } else {
        JournalStore::Sqlite(file)
    })
}

/// Put `n` entries in the journal of the tui-journal `p` (under its HOME), entry `i` titled
/// and holding what `entry(i)` gives, in whichever back end the build has, as that back end
/// stores them.
fn fill_journal(p: &Program, n: usize, entry: impl Fn(usize) -> (String, String)) {
    let date = |i: usize| {
        format!(
            "2024-{:02}-{:02}T{:02}:00:00+00:00",
            1 + i % 12,
            1 + i % 28,
            i % 24
        )
    };
    match journal_store(p).unwrap_or_else(|e| panic!("{}: {e}", p.name)) {
        JournalStore::Json(file) => {
            // The fields of tui-journal's `Entry` (its `backend` library), as serde writes them.
            let entries: Vec<serde_json::Value> = (0..n)
                .map(|i| {
                    let (title, content) = entry(i);
                    serde_json::json!({
                        "id": i,
                        "date": date(i),
                        "title": title,
                        "content": content,
                        "tags": [],
                        "priority": null,
                    })
                })
                .collect();
            if let Some(dir) = file.parent() {
                std::fs::create_dir_all(dir).expect("tui-journal's data folder");
            }
            let json = serde_json::to_vec(&entries).expect("entries as JSON");
            std::fs::write(&file, json)
                .unwrap_or_else(|e| panic!("tui-journal's {}: {e}", file.display()));
        }
        JournalStore::Sqlite(db) => {
            // Let it create its database and schema first.
            let pty = p.spawn();
            pty.first_frame("Journals");
            pty.stop();
            let conn = rusqlite::Connection::open(&db)
                .unwrap_or_else(|e| panic!("tui-journal's database {}: {e}", db.display()));
            conn.execute_batch("BEGIN").expect("begin");
            {
                let mut stmt = conn
                    .prepare("INSERT INTO entries (title, date, content) VALUES (?1, ?2, ?3)")
                    .expect("tui-journal's schema");
                for i in 0..n {
                    let (title, content) = entry(i);
                    stmt.execute(rusqlite::params![title, date(i), content])
                        .expect("entry");
                }
            }
            conn.execute_batch("COMMIT").expect("commit");
        }
    }
}

/// An example program built beside this bench (target/release/examples/NAME).
fn example(name: &str) -> Option<PathBuf> {
    // target/release/deps/pty-… → target/release/examples/NAME
    let exe = std::env::current_exe().ok()?;
    let path = exe.parent()?.parent()?.join("examples").join(name);
    path.is_file().then_some(path)
}

/// Keystroke to screen on a 50 KB card: caseconf (the card's end, as a note-taker appends),
/// the ratatui + ratatui-textarea floor and tui-journal (one entry holding the text) on the
/// same text, the same characters typed at 10 keys/s, in one run.
fn keystroke_latency(
    caseconf: &Program,
    db: &Path,
    conf: i64,
    text_file: &Path,
    journal: Option<Program>,
    keys: usize,
) {
    const TYPED: &str = "保健師が来週訪問して本人と話す予定。家主には生活支援課から連絡する。";
    /// tui-journal's editor (tui-textarea 0.7) does not wrap and scrolls sideways by
    /// characters, not columns: on a line of wide characters longer than half its width the
    /// cursor and what is typed run off its right edge, and nothing is drawn. So its typing
    /// goes on new lines of this many characters (half of what its 160-column editor shows),
    /// each begun with an Enter, timed apart from the typing (its figures are printed both
    /// without and with them).
    const JOURNAL_LINE: usize = 40;
    println!(
        "\nkeystroke to screen on a 50 KB card ({COLS}x{ROWS}, 10 keys/s, load {})",
        support::loadavg()
    );
    let ratio = |a: &[Duration], b: &[Duration], q: f64| {
        support::percentile(a, q).as_secs_f64() / support::percentile(b, q).as_secs_f64().max(1e-9)
    };
    let not_drawn = |name: &str| {
        println!("  ({name} did not draw every typed character: its figures time something else)")
    };
    let p = Program {
        args: vec![
            "--db".into(),
            db.display().to_string(),
            "open".into(),
            conf.to_string(),
        ],
        ..caseconf.clone()
    };
    let pty = p.spawn();
    pty.first_frame(p.marker);
    for keys in [&b"\x02"[..], b"7", b"\x1b[A"] {
        let t = Instant::now();
        pty.send(keys);
        pty.wait_burst(t, Duration::from_secs(5));
    }
    // `keys` characters of the sentence over and over: enough samples that the p99 is not
    // one key.
    let typed: String = TYPED.chars().cycle().take(keys).collect();
    let from = pty.kept();
    let mut ours = pty.keystrokes(&typed, Duration::from_millis(100));
    let drawn = pty.drew_in_order(from, &typed);
    pty.stop();
    println!(
        "  {:<34} {}",
        "caseconf (50 KB card)",
        support::summary(&mut ours)
    );
    if !drawn {
        not_drawn("caseconf");
    }
    match example("minimal_editor") {
        Some(path) => {
            let floor = Program {
                name: "ratatui + textarea (floor)".into(),
                path,
                args: vec![text_file.display().to_string()],
                marker: "\x1b[?1049h",
                home: caseconf.home.clone(),
            };
            let pty = floor.spawn();
            pty.first_frame(floor.marker);
            // To the end of the text, where caseconf's cursor is.
            let t = Instant::now();
            pty.send(b"\x1b[1;5F");
            pty.wait_burst(t, Duration::from_secs(5));
            let from = pty.kept();
            let mut theirs = pty.keystrokes(&typed, Duration::from_millis(100));
            let drawn = pty.drew_in_order(from, &typed);
            pty.stop();
            println!("  {:<34} {}", floor.name, support::summary(&mut theirs));
            if !drawn {
                not_drawn(&floor.name);
            }
            println!(
                "  ratio caseconf / floor: p50 {:.2}x, p99 {:.2}x",
                ratio(&ours, &theirs, 50.0),
                ratio(&ours, &theirs, 99.0)
            );
        }
        None => println!(
            "  (examples/minimal_editor not built: cargo build --release --example minimal_editor)"
        ),
    }
    let Some(journal) = journal else {
        println!(
            "  (tui-journal not installed: cargo install tui-journal, or TJOURNAL=its binary)"
        );
        return;
    };
    std::fs::create_dir_all(journal.home.join(".config")).expect("HOME");
    let text = std::fs::read_to_string(text_file).expect("the 50 KB text");
    fill_journal(&journal, 1, |_| ("長い記録".into(), text.clone()));
    let pty = journal.spawn();
    pty.first_frame(journal.marker);
    // Enter: the entry's content in the editor, in insert mode, the cursor at the text's end
    // (where tui-journal puts it when it shows an entry).
    let t = Instant::now();
    pty.send(b"\r");
    pty.wait_burst(t, Duration::from_secs(5));
    let mut theirs = Vec::new();
    // The Enters that begin its lines, timed the same way but kept apart: caseconf's figures
    // include the keys at which its card scrolls up a line; these are tui-journal's.
    let mut enters = Vec::new();
    let mut drawn = true;
    let chars: Vec<char> = typed.chars().collect();
    for line in chars.chunks(JOURNAL_LINE) {
        enters.extend(pty.keystrokes("\r", Duration::from_millis(100)));
        let line: String = line.iter().collect();
        let from = pty.kept();
        theirs.extend(pty.keystrokes(&line, Duration::from_millis(100)));
        drawn &= pty.drew_in_order(from, &line);
    }
    pty.stop();
    println!(
        "  {:<34} {}",
        format!("{} (new lines of {JOURNAL_LINE})", journal.name),
        support::summary(&mut theirs)
    );
    if !drawn {
        not_drawn(&journal.name);
    }
    println!(
        "  ratio caseconf / tui-journal: p50 {:.2}x, p99 {:.2}x",
        ratio(&ours, &theirs, 50.0),
        ratio(&ours, &theirs, 99.0)
    );
    let mut with_enters: Vec<Duration> = theirs.iter().chain(&enters).copied().collect();
    println!(
        "  {:<34} {}",
        format!("{}, its {} Enters included", journal.name, enters.len()),
        support::summary(&mut with_enters)
    );
    println!(
        "  ratio caseconf / tui-journal with its Enters: p50 {:.2}x, p99 {:.2}x",
        ratio(&ours, &with_enters, 50.0),
        ratio(&ours, &with_enters, 99.0)
    );
}

/// Propagation between note-takers: another process (this harness, through the store API)
/// commits a new text for a card that caseconf shows; timed from the end of the commit to the
/// last byte of the output that puts the new text on caseconf's screen. The texts are a letter
/// repeated (A… then B…), so each one changes every cell it covers and shows whole in the
/// diff. caseconf runs with the clock started, as in a meeting.
fn propagation(caseconf: &Program, dir: &Path, samples: usize) {
    use caseconf::store::{NoteKind, cards};
    let db = dir.join("propagation.db");
    let conn = caseconf::store::open(&db).expect("database");
    // One card of each kind: the assessment board shows the case-ness card.
    let conf = support::conference(&conn, 0, 12, None);
    let mut note = cards::notes(&conn, conf)
        .expect("notes")
        .into_iter()
        .find(|n| n.kind == NoteKind::CaseNess)
        .expect("a case-ness card");
    let p = Program {
        args: vec![
            "--db".into(),
            db.display().to_string(),
            "open".into(),
            conf.to_string(),
        ],
        ..caseconf.clone()
    };
    let pty = p.spawn();
    pty.first_frame(p.marker);
    for keys in [&b"\x1b[15~"[..], b"\x02", b"7"] {
        let t = Instant::now();
        pty.send(keys);
        pty.wait_burst(t, Duration::from_secs(5));
    }
    let load = support::loadavg();
    let mut times = Vec::new();
    let mut missed = 0;
    for i in 0..samples {
        let letter = char::from(b'A' + (i % 26) as u8);
        let token: String = std::iter::repeat_n(letter, 8).collect();
        let (offset, first_chunk) = {
            let o = pty.out.lock().expect("output");
            (o.data.len(), o.chunks.len())
        };
        note.body = format!("伝達{token}");
        cards::update_note(&conn, &note).expect("commit");
        let committed = Instant::now();
        note.version += 1;
        let deadline = committed + Duration::from_secs(10);
        let seen = loop {
            {
                let o = pty.out.lock().expect("output");
                // The first read after which the text is on screen.
                let mut end = offset;
                let mut found = None;
                for (at, n) in &o.chunks[first_chunk..] {
                    end += n;
                    if contains(
                        &strip_escapes(&o.data[offset..end.min(o.data.len())]),
                        token.as_bytes(),
                    ) {
                        found = Some(*at);
                        break;
                    }
                }
                if found.is_some() {
                    break found;
                }
            }
            if Instant::now() >= deadline {
                break None;
            }
            std::thread::sleep(Duration::from_micros(200));
        };
        match seen {
            Some(at) => times.push(at.saturating_duration_since(committed)),
            None => missed += 1,
        }
        // Commits at uneven times, 150–250 ms apart, so none falls on the clock's beat.
        std::thread::sleep(Duration::from_millis(150 + (i as u64 * 37) % 100));
    }
    pty.stop();
    println!(
        "\npropagation: another process commits, caseconf shows it ({COLS}x{ROWS}, clock running, load before {load}, after {})",
        support::loadavg()
    );
    println!(
        "  {:<34} {} ({missed} not shown within 10 s)",
        "commit to screen",
        support::summary(&mut times)
    );
}

fn mb(kb: u64) -> String {
    format!("{:.1} MB", kb as f64 / 1024.0)
}

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Start each program `n` times; p50 / min / max to first frame, RSS after it.
fn startup(programs: &[Program], n: usize) {
    println!(
        "\nstart-up to first frame ({n} starts each after one warm-up, {COLS}x{ROWS}, load {})",
        support::loadavg()
    );
    for p in programs {
        let mut times = Vec::new();
        let mut rss = Vec::new();
        for i in 0..=n {
            let pty = p.spawn();
            let t = pty.first_frame(p.marker);
            if i > 0 {
                times.push(t);
                rss.push(pty.status_kb("VmRSS"));
            }
            pty.stop();
        }
        rss.sort_unstable();
        println!(
            "  {:<34} {}  RSS after first frame {}",
            p.name,
            support::summary(&mut times),
            mb(rss[rss.len() / 2])
        );
    }
}

/// Every program at once, idle for `secs` after its first frame (caseconf with the clock
/// started): CPU, wake-ups, bytes written, memory.
fn idle(programs: &[(Program, Option<&'static [u8]>)], secs: u64) {
    println!(
        "\nidle for {secs} s (all at once; load before {})",
        support::loadavg()
    );
    let running: Vec<(Pty, &Program)> = programs
        .iter()
        .map(|(p, keys)| {
            let pty = p.spawn();
            pty.first_frame(p.marker);
            if let Some(keys) = keys {
                pty.send(keys);
            }
            (pty, p)
        })
        .collect();
    std::thread::sleep(Duration::from_secs(2));
    let before: Vec<_> = running
        .iter()
        .map(|(pty, _)| (pty.cpu_ns(), pty.switches(), pty.total(), Instant::now()))
        .collect();
    std::thread::sleep(Duration::from_secs(secs));
    println!("  (load after {})", support::loadavg());
    for ((pty, p), ((cpu, threads), sw, bytes, at)) in running.into_iter().zip(before) {
        let wall = at.elapsed().as_secs_f64();
        let (cpu_now, threads_now) = pty.cpu_ns();
        let cpu_s = cpu_now.saturating_sub(cpu) as f64 / 1e9;
        println!(
            "  {:<34} CPU {:.4}% of one core ({:.1} ms in {:.0} s)  wake-ups {:.2}/s  output {:.0} B/s  RSS {}  peak {}",
            p.name,
            100.0 * cpu_s / wall,
            cpu_s * 1e3,
            wall,
            pty.switches().saturating_sub(sw) as f64 / wall,
            (pty.total() - bytes) as f64 / wall,
            mb(pty.status_kb("VmRSS")),
            mb(pty.status_kb("VmHWM")),
        );
        if threads_now.len() > 1 {
            for (name, ns, switches) in &threads_now {
                let (ns0, sw0) = threads
                    .iter()
                    .find(|t| &t.0 == name)
                    .map_or((0, 0), |t| (t.1, t.2));
                println!(
                    "      thread {:<28} {:.1} ms, {:.2} wake-ups/s",
                    name,
                    ns.saturating_sub(ns0) as f64 / 1e6,
                    switches.saturating_sub(sw0) as f64 / wall
                );
            }
        }
        pty.stop();
    }
}

/// Bytes written to the terminal per typed character, typing at 10 keys/s into the first
/// card of the assessment board (Ctrl+B 7) of conference `conf`.
fn bytes_per_char(caseconf: &Program, db: &Path, conf: i64, what: &str) {
    let p = Program {
        name: caseconf.name.clone(),
        path: caseconf.path.clone(),
        args: vec![
            "--db".into(),
            db.display().to_string(),
            "open".into(),
            conf.to_string(),
        ],
        marker: "事例検討会",
        home: caseconf.home.clone(),
    };
    let pty = p.spawn();
    pty.first_frame(p.marker);
    let t = Instant::now();
    pty.send(b"\x02");
    pty.wait_burst(t, Duration::from_secs(5));
    let t = Instant::now();
    pty.send(b"7");
    pty.wait_burst(t, Duration::from_secs(5));
    // The board opens on a new card; ↑ goes to the last card (the long one, where there is
    // one), cursor at its end.
    let t = Instant::now();
    pty.send(b"\x1b[A");
    pty.wait_burst(t, Duration::from_secs(5));
    for (label, text) in [
        (
            "Japanese",
            "来週の訪問には保健師と地域包括の担当者が同行し本人の体調と生活の様子を確認する予定。\
             家主には生活支援課から連絡し、家賃の支払い計画を一緒に考える。\
             ごみの片付けは本人の了解を得てから社会福祉協議会の生活支援員と進める。",
        ),
        (
            "ASCII",
            "the landlord agreed to wait until the end of the month for the rent owed now; \
             the social worker will call him on Monday and visit with the nurse next week.",
        ),
    ] {
        let start = pty.total();
        let mut n = 0;
        for c in text.chars() {
            let mut b = [0u8; 4];
            pty.send(c.encode_utf8(&mut b).as_bytes());
            n += 1;
            std::thread::sleep(Duration::from_millis(100));
        }
        // The last autosave and its redraw.
        pty.wait_burst(Instant::now(), Duration::from_secs(5));
        let bytes = pty.total() - start;
        if let Some(dump) = std::env::var_os("PTY_DUMP") {
            // The bytes written while typing, one read per line, for a look at what they are.
            let o = pty.out.lock().expect("output");
            let skip = o.data.len() - (bytes as usize).min(o.data.len());
            let mut text = String::new();
            let mut at = 0;
            for (_, n) in &o.chunks {
                if at >= skip {
                    let chunk = &o.data[at.min(o.data.len())..(at + n).min(o.data.len())];
                    text.push_str(&format!("{:?}\n", String::from_utf8_lossy(chunk)));
                }
                at += n;
            }
            let _ = std::fs::write(
                format!("{}-{what}-{label}.txt", dump.to_string_lossy()).replace(' ', "_"),
                text,
            );
        }
        println!(
            "  {what}, {label:<8}: {n} characters at 10 keys/s, {bytes} bytes, {:.0} bytes per character",
            bytes as f64 / n as f64
        );
    }
    pty.stop();
}

fn main() {
    // `cargo bench` passes --bench; a name filter that is not ours skips this bench.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if !args.is_empty() && !args.iter().any(|a| "pty".contains(a.as_str())) {
        return;
    }
    let idle_secs = env_num("PTY_IDLE_SECS", 60);
    let starts = env_num("PTY_STARTS", 15) as usize;
    let dir = tempfile::tempdir().expect("temporary folder");
    let home = dir.path().join("home");
    std::fs::create_dir_all(home.join(".config")).expect("HOME");
    let db = dir.path().join("big.db");
    println!(
        "machine: {} cores, {}, load {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        std::fs::read_to_string("/proc/cpuinfo")
            .unwrap_or_default()
            .lines()
            .find_map(|l| l
                .strip_prefix("model name")?
                .split_once(':')
                .map(|x| x.1.trim().to_string()))
            .unwrap_or_default(),
        support::loadavg()
    );
    let t = Instant::now();
    let ids = support::database(&db, 500, 50_000);
    println!(
        "generated {} conferences / 50,000 notes in {:.2} s ({:.1} MB)",
        ids.len(),
        t.elapsed().as_secs_f64(),
        std::fs::metadata(&db).map_or(0, |m| m.len()) as f64 / 1e6
    );
    // A second, separate database: conferences whose first case-ness card is 50 KB (one for
    // each build measured, as typing lengthens the card).
    let big_note_db = dir.path().join("note.db");
    let big_note_confs: Vec<i64> = {
        let conn = caseconf::store::open(&big_note_db).expect("database");
        (0..2)
            .map(|n| support::conference_with(&conn, n, 200, Some(long_note())))
            .collect()
    };

    // The caseconf under test, and with PTY_BEFORE=PATH an older build of it measured in the
    // same run (for before/after figures).
    let mut builds = vec![(String::new(), PathBuf::from(env!("CARGO_BIN_EXE_caseconf")))];
    if let Some(before) = std::env::var_os("PTY_BEFORE") {
        builds.push(("before: ".to_string(), PathBuf::from(before)));
    }
    let db_arg = db.display().to_string();
    let open = |n: usize| {
        vec![
            "--db".to_string(),
            db_arg.clone(),
            "open".into(),
            ids[n].to_string(),
        ]
    };
    let mid = ids.len() / 2;
    let mut programs = Vec::new();
    for (prefix, path) in &builds {
        programs.push(Program {
            name: format!("{prefix}caseconf (picker, 500 conferences)"),
            path: path.clone(),
            args: vec!["--db".into(), db_arg.clone()],
            marker: "事例検討会",
            home: home.clone(),
        });
        programs.push(Program {
            name: format!("{prefix}caseconf open (100-note conference)"),
            path: path.clone(),
            args: open(mid),
            marker: "事例検討会",
            home: home.clone(),
        });
    }
    match example("minimal_ratatui") {
        Some(path) => programs.push(Program {
            name: "minimal ratatui (floor)".into(),
            path,
            args: Vec::new(),
            marker: "\x1b[?1049h",
            home: home.clone(),
        }),
        None => println!(
            "(examples/minimal_ratatui not built: cargo build --release --example minimal_ratatui)"
        ),
    }
    let journal = tjournal();
    match &journal {
        Some(path) => {
            // The first frame is the one with the list's title (an empty journal) or the
            // entries' titles in it, not the switch to the alternate screen before them.
            // Cells that were blank and stay blank are not written, so a marker has no spaces.
            let empty = Program {
                name: "tui-journal (empty journal)".into(),
                path: path.clone(),
                args: Vec::new(),
                marker: "Journals",
                home: dir.path().join("tjournal-empty"),
            };
            let full = Program {
                name: "tui-journal (50,000 entries)".into(),
                marker: "記録",
                home: dir.path().join("tjournal-full"),
                ..empty.clone()
            };
            std::fs::create_dir_all(full.home.join(".config")).expect("HOME");
            fill_journal(&full, 50_000, |i| {
                (format!("記録 {i}"), support::note_text(i))
            });
            programs.push(empty);
            programs.push(full);
        }
        None => println!(
            "(tui-journal not installed: cargo install tui-journal, or TJOURNAL=its binary)"
        ),
    }
    for p in &programs {
        std::fs::create_dir_all(p.home.join(".config")).expect("HOME");
    }
    if want("startup") {
        startup(&programs, starts);
    }

    if want("bytes") {
        println!(
            "\nbytes written to the terminal per typed character ({COLS}x{ROWS}, clock not started)"
        );
    }
    for (k, (prefix, path)) in builds.iter().enumerate().filter(|_| want("bytes")) {
        let p = Program {
            name: format!("{prefix}caseconf"),
            path: path.clone(),
            args: Vec::new(),
            marker: "事例検討会",
            home: home.clone(),
        };
        bytes_per_char(
            &p,
            &db,
            ids[mid + 10 + k],
            &format!("{prefix}100-note conference, short card"),
        );
        bytes_per_char(
            &p,
            &big_note_db,
            big_note_confs[k],
            &format!("{prefix}50 KB note"),
        );
    }

    // The idle round: caseconf with the clock running (F5), the projector view of that meeting,
    // caseconf with the clock not started, and the others.
    let mut idle_programs: Vec<(Program, Option<&'static [u8]>)> = Vec::new();
    for (k, (prefix, path)) in builds.iter().enumerate() {
        idle_programs.push((
            Program {
                name: format!("{prefix}caseconf open, clock running"),
                path: path.clone(),
                args: open(mid + 20 + k),
                marker: "事例検討会",
                home: home.clone(),
            },
            Some(b"\x1b[15~"),
        ));
        // The room's projector on the same conference: its clock runs from the commit the F5
        // above made.
        let mut present = open(mid + 20 + k);
        present[2] = "present".into();
        idle_programs.push((
            Program {
                name: format!("{prefix}caseconf present, clock running"),
                path: path.clone(),
                args: present,
                marker: "事例検討会",
                home: home.clone(),
            },
            None,
        ));
        idle_programs.push((
            Program {
                name: format!("{prefix}caseconf open, clock not started"),
                path: path.clone(),
                args: open(mid + 30 + k),
                marker: "事例検討会",
                home: home.clone(),
            },
            None,
        ));
        idle_programs.push((
            Program {
                name: format!("{prefix}caseconf (picker, 500 conferences)"),
                path: path.clone(),
                args: vec!["--db".into(), db_arg.clone()],
                marker: "事例検討会",
                home: home.clone(),
            },
            None,
        ));
    }
    for p in programs.iter().filter(|p| !p.name.contains("caseconf")) {
        idle_programs.push((p.clone(), None));
    }
    // The floor for a screen with a running clock: ratatui redrawing HH:MM:SS once a second.
    match example("minimal_clock") {
        Some(path) => idle_programs.push((
            Program {
                name: "minimal ratatui clock (floor)".into(),
                path,
                args: Vec::new(),
                marker: ":",
                home: home.clone(),
            },
            None,
        )),
        None => println!(
            "(examples/minimal_clock not built: cargo build --release --example minimal_clock)"
        ),
    }
    if want("idle") {
        idle(&idle_programs, idle_secs);
    }

    if want("propagation") {
        propagation(
            &Program {
                name: "caseconf".into(),
                path: builds[0].1.clone(),
                args: Vec::new(),
                marker: "事例検討会",
                home: home.clone(),
            },
            dir.path(),
            env_num("PTY_PROPAGATION", 100) as usize,
        );
    }

    let text_file = dir.path().join("note.txt");
    std::fs::write(&text_file, long_note()).expect("the 50 KB text");
    if want("keystroke") {
        keystroke_latency(
            &Program {
                name: "caseconf".into(),
                path: builds[0].1.clone(),
                args: Vec::new(),
                marker: "事例検討会",
                home: home.clone(),
            },
            &big_note_db,
            big_note_confs[0],
            &text_file,
            journal.map(|path| Program {
                name: "tui-journal (one 50 KB entry)".into(),
                path,
                args: Vec::new(),
                marker: "長い記録",
                home: dir.path().join("tjournal-keys"),
            }),
            env_num("PTY_KEYS", 200) as usize,
        );
    }
}

/// The 50 KB text every program is typed into: in paragraphs, or with `PTY_NOTE=paragraph`
/// as one paragraph (a record pasted whole).
fn long_note() -> String {
    if std::env::var("PTY_NOTE").is_ok_and(|v| v == "paragraph") {
        support::long_paragraph(50 * 1024)
    } else {
        support::long_text(50 * 1024)
    }
}

/// Whether a part of the run is wanted: `PTY_ONLY=idle,propagation` runs those alone (parts:
/// startup, bytes, idle, propagation, keystroke); all by default.
fn want(part: &str) -> bool {
    std::env::var("PTY_ONLY").map_or(true, |only| only.split(',').any(|p| p.trim() == part))
}
