//! The Unix side of [`super`]: file modes, statfs, POSIX signals and termios.

use super::Access;
use std::fs::{DirBuilder, File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

fn mode(access: Access) -> u32 {
    match access {
        Access::Private => 0o600,
        Access::Team => 0o660,
    }
}

pub(super) fn restrict_new_files() {
    // SAFETY: umask only changes the mode mask for files created later by this process.
    unsafe {
        libc::umask(0o077);
    }
}

/// Nothing to save: a Unix terminal takes the program's UTF-8 as it is.
pub(super) enum SavedConsole {}

pub(super) fn enable_utf8_console() -> Option<SavedConsole> {
    None
}

pub(super) fn restore_console(saved: SavedConsole) {
    match saved {}
}

pub(super) fn is_team_folder(dir: &Path) -> bool {
    std::fs::metadata(dir).is_ok_and(|m| m.permissions().mode() & 0o2070 == 0o2070)
}

// Only `db encrypt` (the encryption feature) copies a file\'s access.
#[cfg_attr(not(feature = "encryption"), allow(dead_code))]
pub(super) fn access_of(path: &Path) -> io::Result<Access> {
    let m = std::fs::metadata(path)?;
    Ok(if m.permissions().mode() & 0o060 == 0o060 {
        Access::Team
    } else {
        Access::Private
    })
}

pub(super) fn is_private(path: &Path) -> io::Result<bool> {
    Ok(std::fs::metadata(path)?.permissions().mode() & 0o077 == 0)
}

pub(super) fn create_private_dir_all(dir: &Path) -> io::Result<()> {
    DirBuilder::new().recursive(true).mode(0o700).create(dir)?;
    // DirBuilder's mode is filtered by the umask; set it explicitly.
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
}

pub(super) fn create_new_file(path: &Path, access: Access) -> io::Result<File> {
    let file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode(access))
        .open(path)?;
    // The mode given to open is filtered by the umask; set it explicitly.
    file.set_permissions(std::fs::Permissions::from_mode(mode(access)))?;
    Ok(file)
}

pub(super) fn set_access(path: &Path, access: Access) -> io::Result<()> {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode(access)))
}

pub(super) fn tighten(path: &Path, access: Access) {
    let Ok(m) = std::fs::metadata(path) else {
        return;
    };
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    let current = m.permissions().mode() & 0o777;
    let wanted = mode(access);
    if current & !wanted != 0 && m.uid() == me {
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(current & wanted));
    }
}

pub(super) fn is_writable(p: &Path) -> bool {
    let Ok(c) = std::ffi::CString::new(p.as_os_str().as_encoded_bytes()) else {
        return false;
    };
    let has_write_bit = std::fs::metadata(p).is_ok_and(|m| m.permissions().mode() & 0o222 != 0);
    // SAFETY: `c` is a valid NUL-terminated path for the duration of the call.
    has_write_bit && unsafe { libc::access(c.as_ptr(), libc::W_OK) == 0 }
}

pub(super) fn network_fs_kind(dir: &Path) -> Option<&'static str> {
    let c = std::ffi::CString::new(dir.as_os_str().as_encoded_bytes()).ok()?;
    // SAFETY: statfs writes into the zeroed struct we own; `c` is a valid C string.
    let mut st: libc::statfs = unsafe { std::mem::zeroed() };
    if unsafe { libc::statfs(c.as_ptr(), &mut st) } != 0 {
        return None;
    }
    // Magic numbers from statfs(2).
    match st.f_type as i64 {
        0x6969 => Some("NFS"),
        0x517B => Some("SMB"),
        0xFF53_4D42 => Some("CIFS"),
        0xFE53_4D42 => Some("SMB2"),
        0x6573_5546 => Some("FUSE, e.g. sshfs"),
        0x5346_414F => Some("AFS"),
        0x0102_1997 => Some("9P"),
        _ => None,
    }
}

pub(super) fn install_quit_handlers() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    for signal in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        // Registration only fails for forbidden signals; these three are allowed.
        let _ = signal_hook::flag::register(signal, Arc::clone(&flag));
    }
    flag
}

pub(super) fn wait_for_quit(flag: &AtomicBool) {
    use std::sync::atomic::Ordering;
    let signals = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ]);
    if let Ok(mut signals) = signals {
        // A signal that came before this thread listened has set the flag already.
        if flag.load(Ordering::Relaxed) || signals.forever().next().is_some() {
            return;
        }
    }
    while !flag.load(Ordering::Relaxed) {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

/// The input reports hang-up or error instead of blocking once the terminal is gone.
pub(super) fn input_gone() -> bool {
    let mut fds = libc::pollfd {
        fd: libc::STDIN_FILENO,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd, zero timeout.
    let n = unsafe { libc::poll(&mut fds, 1, 0) };
    n < 0 || fds.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0
}

/// `/dev/tty` in raw mode without echo; the saved settings are restored when dropped, also on
/// a panic.
pub(super) struct HiddenInput {
    tty: File,
    saved: libc::termios,
}

impl HiddenInput {
    pub(super) fn open() -> Option<HiddenInput> {
        let tty = OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/tty")
            .ok()?;
        let fd = tty.as_raw_fd();
        // SAFETY: tcgetattr fills the zeroed struct we own; `fd` is an open terminal.
        let mut saved: libc::termios = unsafe { std::mem::zeroed() };
        if unsafe { libc::tcgetattr(fd, &mut saved) } != 0 {
            return None;
        }
        let mut raw = saved;
        // No echo; bytes one by one (no line editing by the terminal); Ctrl+C arrives as a
        // byte instead of killing the program with the echo still off.
        raw.c_lflag &= !(libc::ECHO | libc::ICANON | libc::ISIG | libc::IEXTEN);
        raw.c_cc[libc::VMIN] = 1;
        raw.c_cc[libc::VTIME] = 0;
        // SAFETY: `raw` is a valid termios derived from the terminal's own settings.
        if unsafe { libc::tcsetattr(fd, libc::TCSAFLUSH, &raw) } != 0 {
            return None;
        }
        Some(HiddenInput { tty, saved })
    }

    pub(super) fn write(&mut self, text: &[u8]) -> io::Result<()> {
        self.tty.write_all(text)?;
        self.tty.flush()
    }

    pub(super) fn read_byte(&mut self) -> Option<u8> {
        let mut byte = [0u8; 1];
        loop {
            match self.tty.read(&mut byte) {
                Ok(0) => return None,
                Ok(_) => return Some(byte[0]),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => return None,
            }
        }
    }
}

impl Drop for HiddenInput {
    fn drop(&mut self) {
        // SAFETY: restores the settings read in `open` on the same, still open, terminal.
        unsafe {
            libc::tcsetattr(self.tty.as_raw_fd(), libc::TCSAFLUSH, &self.saved);
        }
    }
}

/// On Unix the locale variables (LC_ALL, LC_MESSAGES, LANG) are the only source.
pub(super) fn desktop_is_japanese() -> Option<bool> {
    None
}
