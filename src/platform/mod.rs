//! Everything that differs between Unix and Windows, behind one small API: who may read the
//! files caseconf creates, whether a folder is on a network file system, the quit events, the
//! console for a passphrase typed without echo, and the console's text encoding.
//!
//! The rest of the program calls these functions and never uses `libc`, `std::os::unix` or
//! Win32 itself. `unix.rs` and `windows.rs` implement the same functions.

#[cfg(unix)]
mod unix;
#[cfg(unix)]
use unix as imp;
#[cfg(windows)]
mod windows;
#[cfg(windows)]
use windows as imp;

use std::fs::File;
use std::io;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

/// Whether the user's desktop is in Japanese, where the system says so other than through the
/// locale variables: Windows sets no `LANG`, so a Japanese Windows would otherwise get English.
/// `None` where the locale variables are the only source (Unix).
pub(crate) fn desktop_is_japanese() -> Option<bool> {
    imp::desktop_is_japanese()
}

/// Who may use a file caseconf creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    /// The user running caseconf only (0600 on Unix; an owner-only ACL on Windows).
    Private,
    /// The user and the group of a team folder (0660 on Unix), so note-takers logged in as
    /// different users of that group can all write.
    Team,
}

/// Make every file this process creates private from the start, whatever the shell set up
/// (the umask on Unix), and show Japanese text in the console (UTF-8 code page on Windows).
/// Call once, first thing in `main`; the returned guard restores the console when dropped.
pub fn init_process() -> ConsoleGuard {
    imp::restrict_new_files();
    ConsoleGuard {
        saved: imp::enable_utf8_console(),
    }
}

/// Puts the console's code pages back as they were when caseconf started (the classic Windows
/// console keeps them after a program ends, for the shell that started it).
pub struct ConsoleGuard {
    saved: Option<imp::SavedConsole>,
}

impl Drop for ConsoleGuard {
    fn drop(&mut self) {
        if let Some(saved) = self.saved.take() {
            imp::restore_console(saved);
        }
    }
}

/// The access new files in `dir` get: [`Access::Team`] in a folder set up for a team (on Unix,
/// group-writable with the setgid bit; see README), else [`Access::Private`].
pub(crate) fn access_for_folder(dir: &Path) -> Access {
    if imp::is_team_folder(dir) {
        Access::Team
    } else {
        Access::Private
    }
}

/// The access an existing file has: [`Access::Team`] if its group may write it (Unix).
// Only `db encrypt` (the encryption feature) copies a file\'s access.
#[cfg_attr(not(feature = "encryption"), allow(dead_code))]
pub(crate) fn access_of(path: &Path) -> io::Result<Access> {
    imp::access_of(path)
}

/// Whether only the user may use the file or folder at `path`: no rights for group or others
/// on Unix; one access entry, for the user, on Windows. (The tests check files with it.)
pub fn is_private(path: &Path) -> io::Result<bool> {
    imp::is_private(path)
}

/// Create `dir` and the folders above it that are missing; the new folders are private.
pub(crate) fn create_private_dir_all(dir: &Path) -> io::Result<()> {
    imp::create_private_dir_all(dir)
}

/// Create a new file at `path` (failing if it exists) with exactly `access`.
pub(crate) fn create_new_file(path: &Path, access: Access) -> io::Result<File> {
    imp::create_new_file(path, access)
}

/// Give the existing file at `path` exactly `access`.
pub(crate) fn set_access(path: &Path, access: Access) -> io::Result<()> {
    imp::set_access(path, access)
}

/// Narrow an existing file of ours that others can use (made by `touch`, copied in, …) down
/// to `access`. Only ever removes rights, and only on files the user owns; errors are ignored
/// (the file stays as it was and still works).
pub(crate) fn tighten(path: &Path, access: Access) {
    imp::tighten(path, access)
}

/// Whether we may write `p` (a file or a folder). A file with no write permission at all
/// counts as read-only even for an administrator: someone made it so on purpose.
pub(crate) fn is_writable(p: &Path) -> bool {
    imp::is_writable(p)
}

/// The kind of network file system holding the existing folder `dir`, if it is one: NFS, SMB,
/// sshfs… on Unix; a network drive or a UNC path (`\\server\share`) on Windows.
pub(crate) fn network_fs_kind(dir: &Path) -> Option<&'static str> {
    imp::network_fs_kind(dir)
}

/// A flag set when the program is asked to quit from outside: SIGTERM, SIGHUP (closed SSH
/// session) or SIGINT on Unix; the console window closing, Ctrl+C, Ctrl+Break, log-off or
/// shut-down on Windows. A watchdog thread wakes the main loop for it, which saves and exits.
pub(crate) fn install_quit_handlers() -> Arc<AtomicBool> {
    imp::install_quit_handlers()
}

/// Block until a quit event has set `flag` (see [`install_quit_handlers`]): on Unix the thread
/// sleeps until a signal arrives; elsewhere it looks at the flag ten times a second.
pub(crate) fn wait_for_quit(flag: &AtomicBool) {
    imp::wait_for_quit(flag)
}

/// Whether the terminal has gone away (the window closed, the SSH connection dropped), so its
/// input must not be read in a loop.
pub(crate) fn input_gone() -> bool {
    imp::input_gone()
}

/// The user's terminal, opened apart from standard input and output (so it works when they
/// are redirected), switched to reading key by key without echo until dropped.
pub(crate) struct HiddenInput {
    inner: imp::HiddenInput,
}

impl HiddenInput {
    /// Open the terminal, or `None` when there is none (a script, a service).
    pub fn open() -> Option<HiddenInput> {
        imp::HiddenInput::open().map(|inner| HiddenInput { inner })
    }

    /// Show `text` (a prompt) on the terminal.
    pub(crate) fn write(&mut self, text: &[u8]) -> io::Result<()> {
        self.inner.write(text)
    }

    /// The next byte typed, as UTF-8; `None` when the terminal closed. Enter arrives as `\r`,
    /// Backspace as 0x08 or 0x7f, Ctrl+C as 0x03.
    pub(crate) fn read_byte(&mut self) -> Option<u8> {
        self.inner.read_byte()
    }
}
