//! Drive the real `caseconf` binary in a private tmux server, for end-to-end tests.
//!
//! Include it from a test file with `#[path = "support/tmux.rs"] mod tmux;`.
//!
//! * [`Sandbox`] is a temporary folder holding the database, `HOME` and `XDG_CONFIG_HOME`; it
//!   runs the non-interactive subcommands and starts sessions.
//! * [`Tmux`] is one program running full-screen in its own tmux server (its own socket in its
//!   own temporary folder, so tests run in parallel and never touch the user's tmux). The server
//!   is killed when the value is dropped, also when the test panics.
//!
//! Every process gets a clean environment: `LANG=ja_JP.UTF-8` (unless overridden),
//! `TERM=xterm-256color`, no `CASECONF_DB`, `CASECONF_THEME`, `LC_*` or `NO_COLOR` from the
//! person running the tests. Nothing here prints on success; failures come back as `Err` with
//! the last screen so the test's panic message shows what was on screen.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The default time to wait for something to appear on screen.
pub const TIMEOUT: Duration = Duration::from_secs(5);
/// How often the screen is captured while waiting.
const POLL: Duration = Duration::from_millis(50);
/// The tmux session (and window) name inside each private server.
const SESSION: &str = "caseconf";
/// The line the shell wrapper prints when the program has exited.
const EXIT_MARKER: &str = "[caseconf exited with status ";

/// The binary under test.
pub fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_caseconf"))
}

/// Quote `s` for a POSIX shell.
pub fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

fn utf8(p: &Path) -> &str {
    p.to_str().expect("test paths are UTF-8")
}

/// A clean environment for every process the harness starts: only what is listed here.
fn clean_env(cmd: &mut Command, home: &Path, lang: &str) {
    cmd.env_clear()
        .env(
            "PATH",
            std::env::var_os("PATH").unwrap_or_else(|| "/usr/bin:/bin".into()),
        )
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("LANG", lang)
        .env("TERM", "xterm-256color")
        .env("SHELL", "/bin/sh");
    // Keep the time zone and coverage instrumentation of the person running the tests.
    for var in ["TZ", "LLVM_PROFILE_FILE"] {
        if let Some(v) = std::env::var_os(var) {
            cmd.env(var, v);
        }
    }
}

/// A temporary folder with the database (`caseconf.db`), `home/` (HOME) and
/// `home/.config` (XDG_CONFIG_HOME). Removed when dropped.
pub struct Sandbox {
    dir: tempfile::TempDir,
}

impl Default for Sandbox {
    fn default() -> Self {
        Self::new()
    }
}

impl Sandbox {
    pub fn new() -> Sandbox {
        let dir = tempfile::Builder::new()
            .prefix("caseconf-e2e")
            .tempdir()
            .expect("create a temporary folder");
        std::fs::create_dir_all(dir.path().join("home/.config")).expect("create HOME");
        Sandbox { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The database every command here is pointed at with `--db`.
    pub fn db(&self) -> PathBuf {
        self.dir.path().join("caseconf.db")
    }

    pub fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    /// Run `caseconf --db DB ARGS…` to completion (no terminal), in the sandbox environment.
    pub fn caseconf(&self, args: &[&str]) -> Output {
        let mut cmd = Command::new(binary());
        clean_env(&mut cmd, &self.home(), "ja_JP.UTF-8");
        cmd.current_dir(self.path())
            .arg("--db")
            .arg(self.db())
            .args(args)
            .output()
            .expect("run caseconf")
    }

    /// `caseconf new --case CASE --title TITLE --date DATE`; the new conference's number.
    pub fn new_conference(&self, case: &str, title: &str, date: &str) -> i64 {
        let out = self.caseconf(&["new", "--case", case, "--title", title, "--date", date]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "caseconf new failed: {}{}",
            stdout,
            String::from_utf8_lossy(&out.stderr)
        );
        stdout
            .split_once("Created conference #")
            .and_then(|(_, rest)| {
                let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
                digits.parse().ok()
            })
            .unwrap_or_else(|| panic!("no conference number in {stdout:?}"))
    }

    /// A read-write connection to the sandbox database (plain rusqlite, no migrations).
    pub fn connect(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(self.db()).expect("open the test database")
    }

    /// Start `caseconf --db DB ARGS…` full-screen in an 80×24 tmux session.
    pub fn spawn(&self, args: &[&str]) -> Tmux {
        self.spawn_with(args, Options::default())
    }

    pub fn spawn_with(&self, args: &[&str], options: Options) -> Tmux {
        let mut argv: Vec<String> = Vec::new();
        if options.pass_db {
            argv.push("--db".into());
            argv.push(utf8(&self.db()).into());
        }
        argv.extend(args.iter().map(|s| s.to_string()));
        Tmux::start(self.path(), &self.home(), &argv, &options)
    }
}

/// How to start a session.
#[derive(Debug, Clone)]
pub struct Options {
    pub width: u16,
    pub height: u16,
    /// LANG for the program (the interface language follows it unless `--lang` is given).
    pub lang: String,
    /// Add `--db <sandbox>/caseconf.db` before the arguments.
    pub pass_db: bool,
    /// Run the program under `/bin/sh`, which records the terminal modes before and after and
    /// the exit status, prints "[caseconf exited with status N]" and stays in the pane, so a
    /// test can check that the terminal was restored (modes, alternate screen, cursor) as the
    /// user's shell would find it. Without it the program is the pane's own process and the
    /// pane is kept (dead) when it exits.
    pub in_shell: bool,
    /// Extra environment variables for the program (e.g. `NO_COLOR`).
    pub env: Vec<(String, String)>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            width: 80,
            height: 24,
            lang: "ja_JP.UTF-8".into(),
            pass_db: true,
            in_shell: false,
            env: Vec::new(),
        }
    }
}

impl Options {
    pub fn size(mut self, width: u16, height: u16) -> Self {
        self.width = width;
        self.height = height;
        self
    }

    pub fn in_shell(mut self) -> Self {
        self.in_shell = true;
        self
    }

    pub fn lang(mut self, lang: &str) -> Self {
        self.lang = lang.into();
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.env.push((key.into(), value.into()));
        self
    }
}

/// How the program ended.
#[derive(Debug, Clone)]
pub struct Exit {
    /// Exit code, when it exited normally.
    pub status: Option<i32>,
    /// The signal that killed it, if any.
    pub signal: Option<i32>,
    /// From the call to [`Tmux::wait_exit`] until the exit was seen (±50 ms).
    pub took: Duration,
    /// The pane after the exit.
    pub screen: String,
    /// The pane is still on the alternate screen (the program did not leave it).
    pub alternate_screen: bool,
    /// Whether the cursor is shown (known only with [`Options::in_shell`]: tmux hides it
    /// itself when it marks a pane dead).
    pub cursor_visible: Option<bool>,
    /// `stty` modes before the program started and after it exited (only with
    /// [`Options::in_shell`]), e.g. "isig icanon iexten echo opost icrnl ixon".
    pub tty_before: Option<String>,
    pub tty_after: Option<String>,
}

impl Exit {
    /// The terminal is as the program found it: main screen, cursor shown, same tty modes.
    pub fn check_terminal_restored(&self) -> Result<(), String> {
        let mut problems = Vec::new();
        if self.alternate_screen {
            problems.push("still on the alternate screen".to_string());
        }
        if self.cursor_visible == Some(false) {
            problems.push("cursor left hidden".to_string());
        }
        if self.tty_before != self.tty_after {
            problems.push(format!(
                "tty modes changed: before {:?}, after {:?}",
                self.tty_before, self.tty_after
            ));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "terminal not restored: {}\n{}",
                problems.join("; "),
                framed(&self.screen)
            ))
        }
    }
}

static NEXT_SERVER: AtomicUsize = AtomicUsize::new(0);

/// One program running in a private tmux server. Dropping it kills the server.
pub struct Tmux {
    /// Holds the socket, the config and the shell wrapper; removed after the server is killed.
    dir: tempfile::TempDir,
    socket: PathBuf,
    lang: String,
    home: PathBuf,
    in_shell: bool,
    binary: PathBuf,
    /// Every process of the program seen so far, so none can outlive the test.
    seen: Mutex<Vec<Proc>>,
}

impl Tmux {
    fn start(cwd: &Path, home: &Path, args: &[String], options: &Options) -> Tmux {
        let n = NEXT_SERVER.fetch_add(1, Ordering::Relaxed);
        // Short paths: a Unix socket path must stay under ~100 bytes.
        let dir = tempfile::Builder::new()
            .prefix(&format!("cc{n}-"))
            .tempdir()
            .expect("create the tmux folder");
        let socket = dir.path().join("s");
        let config = dir.path().join("tmux.conf");
        std::fs::write(
            &config,
            "set -g default-terminal xterm-256color\n\
             set -g default-shell /bin/sh\n\
             set -g status off\n\
             set -g remain-on-exit on\n\
             set -g exit-empty on\n",
        )
        .expect("write tmux.conf");
        let binary = binary();
        let mut command = String::from("exec ");
        for (k, v) in &options.env {
            if command == "exec " {
                command.push_str("env ");
            }
            let _ = write!(command, "{} ", sh_quote(&format!("{k}={v}")));
        }
        if options.in_shell {
            let script = dir.path().join("wrap.sh");
            std::fs::write(&script, WRAPPER).expect("write the shell wrapper");
            let _ = write!(
                command,
                "/bin/sh {} {} ",
                sh_quote(utf8(&script)),
                sh_quote(utf8(dir.path()))
            );
        }
        command.push_str(&sh_quote(utf8(&binary)));
        for a in args {
            command.push(' ');
            command.push_str(&sh_quote(a));
        }
        let tmux = Tmux {
            socket,
            lang: options.lang.clone(),
            home: home.to_path_buf(),
            in_shell: options.in_shell,
            binary: std::fs::canonicalize(&binary).unwrap_or(binary),
            seen: Mutex::new(Vec::new()),
            dir,
        };
        let mut cmd = tmux.command();
        cmd.arg("-f")
            .arg(&config)
            .args(["new-session", "-d", "-s", SESSION])
            .args(["-x", &options.width.to_string()])
            .args(["-y", &options.height.to_string()])
            .arg("-c")
            .arg(cwd)
            .arg(&command);
        let out = cmd.output().expect("run tmux (is it installed?)");
        assert!(
            out.status.success(),
            "tmux new-session failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let _ = tmux.pid(); // remember the process, to be sure it is ended with the server
        tmux
    }

    /// A tmux client command on this server, with the clean environment.
    fn command(&self) -> Command {
        let mut cmd = Command::new("tmux");
        clean_env(&mut cmd, &self.home, &self.lang);
        cmd.arg("-u").arg("-S").arg(&self.socket);
        cmd
    }

    /// Run a tmux command on this server; its standard output.
    pub fn tmux(&self, args: &[&str]) -> Result<String, String> {
        let out = self
            .command()
            .args(args)
            .output()
            .map_err(|e| format!("cannot run tmux: {e}"))?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(format!(
                "tmux {args:?} failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ))
        }
    }

    /// A tmux format for the pane, e.g. `#{pane_width}`.
    pub fn format(&self, format: &str) -> Result<String, String> {
        self.tmux(&["display-message", "-p", "-t", SESSION, format])
            .map(|s| s.trim_end_matches('\n').to_string())
    }

    /// The pane's text as shown now (trailing spaces trimmed).
    pub fn screen(&self) -> Result<String, String> {
        self.tmux(&["capture-pane", "-p", "-t", SESSION])
    }

    /// Press keys, by tmux name: `F5`, `C-q`, `Enter`, `Tab`, `Escape`, `Up`, `M-Left`…
    pub fn send_keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", SESSION];
        args.extend_from_slice(keys);
        self.tmux(&args).expect("send keys");
    }

    /// Type text literally (Japanese included), as if from the keyboard.
    pub fn type_text(&self, text: &str) {
        self.tmux(&["send-keys", "-t", SESSION, "-l", "--", text])
            .expect("type text");
    }

    /// Poll the screen every 50 ms until `ready` accepts it; the accepted screen, or after
    /// `timeout` an error with the last screen (and whether the program is still running).
    pub fn wait_for(
        &self,
        ready: impl Fn(&str) -> bool,
        timeout: Duration,
    ) -> Result<String, String> {
        let deadline = Instant::now() + timeout;
        loop {
            let screen = self.screen()?;
            if ready(&screen) {
                return Ok(screen);
            }
            if Instant::now() >= deadline {
                let state = match self.pid() {
                    Some(pid) => format!("caseconf is running as pid {pid}"),
                    None => "caseconf is NOT running".into(),
                };
                return Err(format!(
                    "timed out after {timeout:?} ({state}); last screen:\n{}",
                    framed(&screen)
                ));
            }
            std::thread::sleep(POLL);
        }
    }

    /// [`wait_for`](Self::wait_for) the screen to contain `text`, within [`TIMEOUT`].
    pub fn wait_for_text(&self, text: &str) -> Result<String, String> {
        self.wait_for(|s| s.contains(text), TIMEOUT)
            .map_err(|e| format!("waiting for {text:?}: {e}"))
    }

    /// Resize the window (there is no client; the program gets SIGWINCH).
    pub fn resize(&self, width: u16, height: u16) {
        self.tmux(&[
            "resize-window",
            "-t",
            SESSION,
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
        ])
        .expect("resize the window");
    }

    /// The pane's size in columns and rows.
    pub fn size(&self) -> (u16, u16) {
        let s = self
            .format("#{pane_width} #{pane_height}")
            .expect("pane size");
        let mut it = s.split(' ').map(|n| n.parse().expect("a number"));
        (it.next().unwrap_or(0), it.next().unwrap_or(0))
    }

    /// The process the pane started (the program, or the shell with [`Options::in_shell`]).
    fn pane_pid(&self) -> Option<u32> {
        let s = self.format("#{pane_dead} #{pane_pid}").ok()?;
        match s.split_once(' ') {
            Some(("0", pid)) => pid.parse().ok(),
            _ => None,
        }
    }

    /// The program's process id while it runs; `None` once it has exited.
    pub fn pid(&self) -> Option<u32> {
        let pane = self.pane_pid()?;
        let pid = if self.in_shell {
            children(pane).into_iter().find(|&pid| {
                std::fs::read_link(format!("/proc/{pid}/exe")).ok().as_ref() == Some(&self.binary)
            })?
        } else {
            pane
        };
        let proc = Proc::of(pid).filter(Proc::alive)?;
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        if !seen.contains(&proc) {
            seen.push(proc);
        }
        Some(pid)
    }

    pub fn is_running(&self) -> bool {
        self.pid().is_some()
    }

    /// Send a signal (e.g. `libc::SIGTERM`) to the program.
    pub fn signal(&self, signal: i32) -> Result<u32, String> {
        let pid = self.pid().ok_or("caseconf is not running")?;
        // SAFETY: kill(2) on a process this test started.
        let rc = unsafe { libc::kill(pid as libc::pid_t, signal) };
        if rc == 0 {
            Ok(pid)
        } else {
            Err(format!(
                "kill({pid}, {signal}): {}",
                std::io::Error::last_os_error()
            ))
        }
    }

    /// Wait until the program has exited, at most `timeout`; how it ended and the terminal
    /// state it left.
    pub fn wait_exit(&self, timeout: Duration) -> Result<Exit, String> {
        let start = Instant::now();
        let deadline = start + timeout;
        loop {
            let exit = if self.in_shell {
                self.shell_exit()?
            } else {
                self.dead_exit()?
            };
            if let Some(mut exit) = exit {
                exit.took = start.elapsed();
                return Ok(exit);
            }
            if Instant::now() >= deadline {
                let pane = self
                    .format("pane_dead=#{pane_dead} status=#{pane_dead_status} signal=#{pane_dead_signal} pid=#{pane_pid}")
                    .unwrap_or_else(|e| e);
                let procs: Vec<String> = self
                    .seen
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .iter()
                    .map(|p| format!("{} {:?}", p.pid, stat(p.pid)))
                    .collect();
                return Err(format!(
                    "caseconf has not exited {timeout:?} later ({pane}; processes {procs:?}); screen:\n{}",
                    framed(&self.screen().unwrap_or_default())
                ));
            }
            std::thread::sleep(POLL);
        }
    }

    /// Without the shell: the pane is dead, with the exit status or signal.
    fn dead_exit(&self) -> Result<Option<Exit>, String> {
        let s = self.format(
            "#{pane_dead}|#{pane_dead_status}|#{pane_dead_signal}|#{alternate_on}|#{pane_pid}",
        )?;
        let f: Vec<&str> = s.split('|').collect();
        let num = |i: usize| f.get(i).and_then(|v| v.parse::<i32>().ok());
        // pane_dead: tmux has read everything the program wrote and seen the pty close.
        if f.first() != Some(&"1") {
            return Ok(None);
        }
        let (status, signal) = match (num(1), num(2)) {
            (None, None) => {
                // tmux 3.3a sometimes leaves the exited program a zombie and never collects
                // its status; the kernel has it.
                let pid = num(4).and_then(|p| u32::try_from(p).ok());
                match pid.and_then(zombie_wait_status) {
                    Some(w) if w & 0x7f == 0 => (Some((w >> 8) & 0xff), None),
                    Some(w) => (None, Some(w & 0x7f)),
                    None => return Ok(None), // tmux is about to collect it
                }
            }
            known => known,
        };
        Ok(Some(Exit {
            status,
            signal,
            took: Duration::ZERO,
            screen: self.screen()?,
            alternate_screen: f.get(3) == Some(&"1"),
            cursor_visible: None,
            tty_before: None,
            tty_after: None,
        }))
    }

    /// With the shell: it has written the exit status and the terminal modes.
    fn shell_exit(&self) -> Result<Option<Exit>, String> {
        let read = |name: &str| {
            std::fs::read_to_string(self.dir.path().join(name))
                .ok()
                .map(|s| s.trim().to_string())
        };
        // Written last, by rename: the other files are complete when it exists.
        let Some(code) = read("status") else {
            return Ok(None);
        };
        let code: i32 = code
            .parse()
            .map_err(|_| format!("bad exit status {code:?}"))?;
        let (status, signal) = if code > 128 {
            (None, Some(code - 128))
        } else {
            (Some(code), None)
        };
        // The shell's line on screen shows that tmux has drawn everything before it. (-J joins
        // lines the terminal wrapped: the program may leave the cursor in the last column.)
        let deadline = Instant::now() + TIMEOUT;
        while !self
            .tmux(&["capture-pane", "-p", "-J", "-t", SESSION])?
            .contains(EXIT_MARKER)
        {
            if Instant::now() >= deadline {
                return Err(format!(
                    "the shell did not print {EXIT_MARKER:?}; screen:\n{}",
                    framed(&self.screen()?)
                ));
            }
            std::thread::sleep(POLL);
        }
        let screen = self.screen()?;
        let flags = self.format("#{alternate_on} #{cursor_flag}")?;
        Ok(Some(Exit {
            status,
            signal,
            took: Duration::ZERO,
            screen,
            alternate_screen: flags.starts_with('1'),
            cursor_visible: Some(flags.ends_with('1')),
            tty_before: read("tty-before"),
            tty_after: read("tty-after"),
        }))
    }

    /// Close the terminal the program runs in, as a closed window or dropped SSH session
    /// does: the tmux server goes away with the pane. Returns the program's pid (it may still
    /// be exiting; see [`wait_pid_gone`]).
    pub fn close_terminal(&self) -> Option<u32> {
        let pid = self.pid();
        let _ = self.tmux(&["kill-server"]);
        pid
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.pid(); // remember the program if it is still running
        let mut procs = std::mem::take(self.seen.get_mut().unwrap_or_else(|e| e.into_inner()));
        if let Some(pane) = self.pane_pid() {
            procs.extend(
                std::iter::once(pane)
                    .chain(children(pane))
                    .filter_map(Proc::of),
            );
        }
        let _ = self.tmux(&["kill-server"]);
        // The server's exit hangs up the pane's processes. One that does not exit within two
        // seconds (stuck, or ignoring the hangup) is killed so that no test leaves it behind.
        let deadline = Instant::now() + Duration::from_secs(2);
        while procs.iter().any(Proc::alive) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        for p in procs.iter().filter(|p| p.alive()) {
            // SAFETY: kill(2) on a process this harness started (same pid and start time).
            unsafe {
                libc::kill(p.pid as libc::pid_t, libc::SIGKILL);
            }
        }
    }
}

/// A process as seen once: its id and start time, so that a reused id is never mistaken
/// for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Proc {
    pid: u32,
    start: u64,
}

impl Proc {
    fn of(pid: u32) -> Option<Proc> {
        let (_, _, start) = stat(pid)?;
        Some(Proc { pid, start })
    }

    /// Still the same process, and not a zombie.
    fn alive(&self) -> bool {
        stat(self.pid)
            .is_some_and(|(state, _, start)| start == self.start && state != 'Z' && state != 'X')
    }
}

/// State, parent pid and start time of a process, from /proc/PID/stat.
fn stat(pid: u32) -> Option<(char, u32, u64)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name is in parentheses and may contain anything; fields follow the last ')'.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    Some((
        fields.first()?.chars().next()?,
        fields.get(1)?.parse().ok()?,
        fields.get(19)?.parse().ok()?,
    ))
}

/// The shell wrapper of [`Options::in_shell`]: terminal modes, the program, its exit status,
/// the modes again, then a shell that waits (so tmux keeps showing the pane as it is).
const WRAPPER: &str = r#"report=$1
shift
modes() {
  stty -a | tr -s ' ;\t' '\n\n\n' | grep -xE -- '-?(isig|icanon|iexten|echo|opost|icrnl|ixon)' | tr '\n' ' ' | sed 's/ $//'
}
modes > "$report/tty-before"
"$@"
status=$?
modes > "$report/tty-after"
echo "$status" > "$report/status.tmp" && mv "$report/status.tmp" "$report/status"
printf '[caseconf exited with status %s]\n' "$status"
exec sleep 1000000
"#;

/// The wait(2) status of an exited process its parent has not collected yet (a zombie),
/// from field 52 of /proc/PID/stat.
fn zombie_wait_status(pid: u32) -> Option<i32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    if fields.first() != Some(&"Z") {
        return None;
    }
    fields.get(52 - 3)?.parse().ok()
}

/// Whether a process exists and is not a zombie.
pub fn pid_alive(pid: u32) -> bool {
    stat(pid).is_some_and(|(state, _, _)| state != 'Z' && state != 'X')
}

/// Wait until process `pid` is gone (or a zombie); how long that took.
pub fn wait_pid_gone(pid: u32, timeout: Duration) -> Result<Duration, String> {
    let start = Instant::now();
    while pid_alive(pid) {
        if start.elapsed() >= timeout {
            return Err(format!("process {pid} still running after {timeout:?}"));
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    Ok(start.elapsed())
}

/// The direct children of `parent`, from /proc.
fn children(parent: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|&pid| stat(pid).is_some_and(|(_, ppid, _)| ppid == parent))
        .collect()
}

/// A screen in a frame, for failure messages.
pub fn framed(screen: &str) -> String {
    let mut out = String::from(
        "+--------------------------------------------------------------------------------\n",
    );
    for line in screen.lines() {
        let _ = writeln!(out, "|{line}");
    }
    out.push_str(
        "+--------------------------------------------------------------------------------",
    );
    out
}

// Steps every end-to-end test of the meeting screen takes: open, choose a board, wait for the
// save mark, quit. Shared here so each test file says only what it checks.

/// The value, or the test fails with the message (which holds the last screen).
pub fn ok<T>(r: Result<T, String>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

/// The meeting screen is drawn: its footer (the last thing written) is on the last row.
pub fn meeting_drawn(screen: &str) -> bool {
    let last = screen.lines().rfind(|l| !l.trim().is_empty()).unwrap_or("");
    last.starts_with("F1 ")
}

impl Sandbox {
    /// Open conference `id` full-screen (at `options`' size) and wait until it is drawn.
    pub fn open_meeting(&self, id: i64, options: Options) -> Tmux {
        let id = id.to_string();
        let tm = self.spawn_with(&["open", &id], options);
        ok(tm.wait_for(meeting_drawn, TIMEOUT));
        tm
    }
}

impl Tmux {
    /// Ctrl+Q, and the program ends with status 0.
    pub fn quit_ok(&self) {
        self.send_keys(&["C-q"]);
        let exit = ok(self.wait_exit(TIMEOUT));
        assert_eq!(exit.status, Some(0), "{}", framed(&exit.screen));
    }

    /// The board chooser (Ctrl+B), then the chooser's `key` for the board titled `title`.
    pub fn to_board(&self, key: &str, title: &str) {
        self.send_keys(&["C-b"]);
        ok(self.wait_for_text("板書を選ぶ"));
        self.send_keys(&[key]);
        ok(self.wait_for(|s| s.contains(title) && !s.contains("板書を選ぶ"), TIMEOUT));
    }

    /// Wait for the save mark to say 保存済み; the screen then.
    pub fn saved(&self) -> String {
        ok(self.wait_for(|s| s.contains("保存済み"), TIMEOUT))
    }
}
