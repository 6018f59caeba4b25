//! The Windows side of [`super`]: owner-only ACLs, drive types, console control events and the
//! console's input mode and code pages.
//!
//! Windows has no group-writable "team folder" like the Unix setgid folder: note-takers share a
//! meeting on one Windows account (several Windows Terminal tabs, or OpenSSH sessions of that
//! account; see README), so every file is [`Access::Private`] here.

use super::Access;
use std::ffi::c_void;
use std::fs::{File, OpenOptions};
use std::io;
use std::os::windows::ffi::OsStrExt;
use std::os::windows::fs::OpenOptionsExt;
use std::os::windows::io::AsRawHandle;
use std::path::{Component, Path, Prefix};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use windows_sys::Win32::Foundation::{CloseHandle, ERROR_SUCCESS, HANDLE, LocalFree};
use windows_sys::Win32::Security::Authorization::{GetNamedSecurityInfoW, SE_FILE_OBJECT};
use windows_sys::Win32::Security::{
    ACCESS_ALLOWED_ACE, ACL, ACL_REVISION, AddAccessAllowedAceEx, CONTAINER_INHERIT_ACE,
    DACL_SECURITY_INFORMATION, EqualSid, GetAce, GetLengthSid, GetTokenInformation, InitializeAcl,
    InitializeSecurityDescriptor, OBJECT_INHERIT_ACE, OWNER_SECURITY_INFORMATION,
    PSECURITY_DESCRIPTOR, PSID, SE_DACL_PROTECTED, SetFileSecurityW, SetSecurityDescriptorControl,
    SetSecurityDescriptorDacl, TOKEN_QUERY, TOKEN_USER, TokenUser,
};
use windows_sys::Win32::Storage::FileSystem::{
    FILE_ALL_ACCESS, FILE_ATTRIBUTE_READONLY, FILE_FLAG_BACKUP_SEMANTICS, FILE_WRITE_DATA,
    GetDriveTypeW, GetFileAttributesW, INVALID_FILE_ATTRIBUTES,
};
use windows_sys::Win32::System::Console::{
    CTRL_BREAK_EVENT, CTRL_C_EVENT, ENABLE_ECHO_INPUT, ENABLE_LINE_INPUT, ENABLE_PROCESSED_INPUT,
    GetConsoleCP, GetConsoleMode, GetConsoleOutputCP, ReadConsoleW, SetConsoleCP,
    SetConsoleCtrlHandler, SetConsoleMode, SetConsoleOutputCP, WriteConsoleW,
};
use windows_sys::Win32::System::Threading::{GetCurrentProcess, OpenProcessToken};

// Two constants from Win32 modules that are large to compile for one number each.
/// `GetDriveTypeW`'s answer for a network drive (WindowsProgramming).
const DRIVE_REMOTE: u32 = 4;
/// The type of an access-allowed ACE (SystemServices).
const ACCESS_ALLOWED_ACE_TYPE: u32 = 0;
/// The SID of LocalSystem, S-1-5-18: revision 1, one sub-authority, NT authority 5, 18.
const LOCAL_SYSTEM: [u8; 12] = [1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0];
/// The revision of a security descriptor (SystemServices).
const SECURITY_DESCRIPTOR_REVISION: u32 = 1;

/// The path as a NUL-terminated UTF-16 string for Win32.
fn wide(path: &Path) -> Vec<u16> {
    path.as_os_str().encode_wide().chain(Some(0)).collect()
}

/// New files are made private one by one ([`create_new_file`], [`create_private_dir_all`]):
/// Windows has no process-wide mask like the Unix umask.
pub(super) fn restrict_new_files() {}

/// The console's input and output code pages before caseconf set UTF-8.
pub(super) struct SavedConsole {
    input: u32,
    output: u32,
}

/// UTF-8 code page for the console, so Japanese text written as bytes (and read from it) is
/// not garbled. Nothing is done without a console (output redirected, a service).
pub(super) fn enable_utf8_console() -> Option<SavedConsole> {
    const UTF8: u32 = 65001;
    // SAFETY: these calls take and return plain integers; they fail (0) without a console.
    unsafe {
        let saved = SavedConsole {
            input: GetConsoleCP(),
            output: GetConsoleOutputCP(),
        };
        if saved.input == 0 || saved.output == 0 {
            return None;
        }
        SetConsoleCP(UTF8);
        SetConsoleOutputCP(UTF8);
        Some(saved)
    }
}

pub(super) fn restore_console(saved: SavedConsole) {
    // SAFETY: plain integers; a failure leaves UTF-8, which is harmless.
    unsafe {
        SetConsoleCP(saved.input);
        SetConsoleOutputCP(saved.output);
    }
}

pub(super) fn is_team_folder(_dir: &Path) -> bool {
    false
}

// Only `db encrypt` (the encryption feature) copies a file\'s access.
#[cfg_attr(not(feature = "encryption"), allow(dead_code))]
pub(super) fn access_of(path: &Path) -> io::Result<Access> {
    std::fs::metadata(path).map(|_| Access::Private)
}

/// The security identifier (SID) of the user running caseconf, copied out of the process token.
struct UserSid(Vec<u8>);

impl UserSid {
    fn current() -> io::Result<UserSid> {
        let mut token: HANDLE = std::ptr::null_mut();
        // SAFETY: OpenProcessToken writes a handle we close below; the pseudo handle of the
        // current process needs no closing.
        if unsafe { OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &mut token) } == 0 {
            return Err(io::Error::last_os_error());
        }
        // TOKEN_USER holds a pointer into the same buffer; u64 keeps it aligned.
        let mut buffer = vec![0u64; 64];
        let mut needed = 0u32;
        // SAFETY: the buffer is 512 bytes, far more than a TOKEN_USER with its SID needs.
        let ok = unsafe {
            GetTokenInformation(
                token,
                TokenUser,
                buffer.as_mut_ptr().cast(),
                (buffer.len() * 8) as u32,
                &mut needed,
            )
        };
        let error = io::Error::last_os_error();
        // SAFETY: `token` was opened above.
        unsafe { CloseHandle(token) };
        if ok == 0 {
            return Err(error);
        }
        // SAFETY: on success the buffer starts with a TOKEN_USER whose SID points into it.
        let sid = unsafe { (*buffer.as_ptr().cast::<TOKEN_USER>()).User.Sid };
        // SAFETY: `sid` is a valid SID inside `buffer`, which is still alive.
        let len = unsafe { GetLengthSid(sid) } as usize;
        let bytes = unsafe { std::slice::from_raw_parts(sid.cast::<u8>(), len) }.to_vec();
        Ok(UserSid(bytes))
    }

    fn as_psid(&self) -> PSID {
        self.0.as_ptr().cast_mut().cast()
    }
}

/// Give `path` a protected DACL (nothing inherited from the folder) with one entry: full
/// control for the current user. For a folder the entry is inherited by what is created in it,
/// so SQLite's -wal and -shm files are private from the start.
fn set_owner_only(path: &Path, folder: bool) -> io::Result<()> {
    let me = UserSid::current()?;
    // An ACL header (8 bytes) and one ACE (8 bytes before the SID), as u32 for alignment.
    let size = 8 + 8 + me.0.len();
    let mut acl = vec![0u32; size.div_ceil(4)];
    let acl_ptr = acl.as_mut_ptr().cast::<ACL>();
    let inherit = if folder {
        OBJECT_INHERIT_ACE | CONTAINER_INHERIT_ACE
    } else {
        0
    };
    // SAFETY: `acl` is `size` bytes long and aligned; the SID is valid for the calls.
    unsafe {
        if InitializeAcl(acl_ptr, (acl.len() * 4) as u32, ACL_REVISION) == 0
            || AddAccessAllowedAceEx(
                acl_ptr,
                ACL_REVISION,
                inherit,
                FILE_ALL_ACCESS,
                me.as_psid(),
            ) == 0
        {
            return Err(io::Error::last_os_error());
        }
    }
    let name = wide(path);
    // An absolute security descriptor holding only the DACL (40 bytes on 64-bit Windows).
    let mut descriptor = [0u64; 8];
    let sd: PSECURITY_DESCRIPTOR = descriptor.as_mut_ptr().cast();
    // SAFETY: `descriptor` is large enough and aligned; `name` is NUL-terminated; the ACL and
    // the descriptor outlive the calls.
    let ok = unsafe {
        InitializeSecurityDescriptor(sd, SECURITY_DESCRIPTOR_REVISION) != 0
            && SetSecurityDescriptorDacl(sd, 1, acl_ptr, 0) != 0
            && SetSecurityDescriptorControl(sd, SE_DACL_PROTECTED, SE_DACL_PROTECTED) != 0
            && SetFileSecurityW(name.as_ptr(), DACL_SECURITY_INFORMATION, sd) != 0
    };
    if ok {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// What the DACL of `path` says: whether the user owns the file, and whether only they have
/// access (allow entries for them, and for nobody else but the system).
pub(super) struct Acl {
    pub(super) mine: bool,
    pub(super) owner_only: bool,
}

pub(super) fn read_acl(path: &Path) -> io::Result<Acl> {
    let me = UserSid::current()?;
    let name = wide(path);
    let mut owner: PSID = std::ptr::null_mut();
    let mut dacl: *mut ACL = std::ptr::null_mut();
    let mut descriptor: PSECURITY_DESCRIPTOR = std::ptr::null_mut();
    // SAFETY: `name` is NUL-terminated; the out pointers point into `descriptor`, freed below.
    let rc = unsafe {
        GetNamedSecurityInfoW(
            name.as_ptr(),
            SE_FILE_OBJECT,
            OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION,
            &mut owner,
            std::ptr::null_mut(),
            &mut dacl,
            std::ptr::null_mut(),
            &mut descriptor,
        )
    };
    if rc != ERROR_SUCCESS {
        return Err(io::Error::from_raw_os_error(rc as i32));
    }
    // SAFETY: `owner` and `dacl` point into `descriptor`, alive until LocalFree.
    let result = unsafe {
        let mine = !owner.is_null() && EqualSid(owner, me.as_psid()) != 0;
        // A null DACL grants everyone everything. Every entry must allow the user or the
        // operating system itself (LocalSystem, which Wine lists from the file's Unix mode).
        let count = if dacl.is_null() { 0 } else { (*dacl).AceCount };
        let mut for_me = false;
        let mut only_me = !dacl.is_null();
        for i in 0..count {
            let mut ace: *mut c_void = std::ptr::null_mut();
            if GetAce(dacl, u32::from(i), &mut ace) == 0 {
                only_me = false;
                break;
            }
            let ace = ace.cast::<ACCESS_ALLOWED_ACE>();
            let sid: PSID = std::ptr::addr_of_mut!((*ace).SidStart).cast();
            let allow = u32::from((*ace).Header.AceType) == ACCESS_ALLOWED_ACE_TYPE;
            let is_me = EqualSid(sid, me.as_psid()) != 0;
            let is_system = EqualSid(sid, LOCAL_SYSTEM.as_ptr().cast_mut().cast()) != 0;
            for_me |= allow && is_me;
            only_me &= allow && (is_me || is_system);
        }
        let owner_only = for_me && only_me;
        LocalFree(descriptor);
        Acl { mine, owner_only }
    };
    Ok(result)
}

pub(super) fn is_private(path: &Path) -> io::Result<bool> {
    Ok(read_acl(path)?.owner_only)
}

pub(super) fn create_private_dir_all(dir: &Path) -> io::Result<()> {
    // Only the folders created here are made private: one above them (the user's profile, a
    // shared disk) keeps its own rules.
    let mut missing = Vec::new();
    let mut at = Some(dir);
    while let Some(d) = at.filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
        missing.push(d.to_path_buf());
        at = d.parent();
    }
    std::fs::create_dir_all(dir)?;
    for d in missing.iter().rev() {
        set_owner_only(d, true)?;
    }
    Ok(())
}

pub(super) fn create_new_file(path: &Path, _access: Access) -> io::Result<File> {
    let file = OpenOptions::new().write(true).create_new(true).open(path)?;
    if let Err(e) = set_owner_only(path, false) {
        drop(file);
        let _ = std::fs::remove_file(path);
        return Err(e);
    }
    Ok(file)
}

pub(super) fn set_access(path: &Path, _access: Access) -> io::Result<()> {
    set_owner_only(path, false)
}

pub(super) fn tighten(path: &Path, _access: Access) {
    if let Ok(acl) = read_acl(path)
        && acl.mine
        && !acl.owner_only
    {
        let _ = set_owner_only(path, false);
    }
}

/// The read-only attribute says no; otherwise the file system is asked for write access (to
/// add files, for a folder) without changing anything.
pub(super) fn is_writable(p: &Path) -> bool {
    let name = wide(p);
    // SAFETY: `name` is NUL-terminated.
    let attributes = unsafe { GetFileAttributesW(name.as_ptr()) };
    if attributes == INVALID_FILE_ATTRIBUTES {
        return false;
    }
    if p.is_file() && attributes & FILE_ATTRIBUTE_READONLY != 0 {
        return false;
    }
    // FILE_WRITE_DATA is FILE_ADD_FILE for a folder; backup semantics lets a folder be opened.
    // Sharing everything: SQLite (another note-taker) may have the file open.
    OpenOptions::new()
        .access_mode(FILE_WRITE_DATA)
        .share_mode(0x7)
        .custom_flags(FILE_FLAG_BACKUP_SEMANTICS)
        .open(p)
        .is_ok()
}

/// A UNC path (`\\server\share\…`) or a drive letter mapped to a network share. The folder is
/// resolved first, so a path through a link to a share counts too.
pub(super) fn network_fs_kind(dir: &Path) -> Option<&'static str> {
    let resolved = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    kind_of_path(&resolved).or_else(|| kind_of_path(dir))
}

fn kind_of_path(path: &Path) -> Option<&'static str> {
    let Some(Component::Prefix(prefix)) = path.components().next() else {
        return None;
    };
    match prefix.kind() {
        Prefix::UNC(..) | Prefix::VerbatimUNC(..) => Some("UNC path to a network share"),
        Prefix::Disk(letter) | Prefix::VerbatimDisk(letter) => {
            let root: Vec<u16> = [u16::from(letter), u16::from(b':'), u16::from(b'\\'), 0].into();
            // SAFETY: `root` is a NUL-terminated drive root such as `C:\`.
            (unsafe { GetDriveTypeW(root.as_ptr()) } == DRIVE_REMOTE).then_some("network drive")
        }
        Prefix::DeviceNS(_) | Prefix::Verbatim(_) => None,
    }
}

static QUIT: OnceLock<Arc<AtomicBool>> = OnceLock::new();

/// Runs on a thread of its own when the console sends an event. Ctrl+C and Ctrl+Break are
/// handled (the main loop saves and exits). For the window closing, log-off and shut-down,
/// Windows ends the process as soon as this returns, so it waits instead: the main loop saves
/// and returns from `main`, which ends the process (Windows allows a few seconds for it).
unsafe extern "system" fn on_console_event(event: u32) -> windows_sys::core::BOOL {
    if let Some(flag) = QUIT.get() {
        flag.store(true, Ordering::SeqCst);
    }
    if event != CTRL_C_EVENT && event != CTRL_BREAK_EVENT {
        std::thread::sleep(Duration::from_secs(30));
    }
    1
}

pub(super) fn install_quit_handlers() -> Arc<AtomicBool> {
    let flag = QUIT.get_or_init(|| {
        // SAFETY: the handler is a plain function that only touches an atomic flag.
        unsafe { SetConsoleCtrlHandler(Some(on_console_event), 1) };
        Arc::new(AtomicBool::new(false))
    });
    Arc::clone(flag)
}

pub(super) fn wait_for_quit(flag: &AtomicBool) {
    // The console handler runs on a thread of its own and only sets the flag.
    while !flag.load(std::sync::atomic::Ordering::Relaxed) {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

/// A closed console window or SSH session arrives as a console event (see
/// [`install_quit_handlers`]), never as a half-closed input.
pub(super) fn input_gone() -> bool {
    false
}

/// The console (`CONIN$`/`CONOUT$`, so it works with redirected input and output) without
/// echo, line editing or Ctrl+C processing; the input mode is restored when dropped.
pub(super) struct HiddenInput {
    input: File,
    output: File,
    saved_mode: u32,
    /// The UTF-8 bytes of the last character typed not yet handed out, and how many are left.
    pending: [u8; 4],
    pending_len: usize,
    pending_at: usize,
}

impl HiddenInput {
    pub(super) fn open() -> Option<HiddenInput> {
        let input = OpenOptions::new()
            .read(true)
            .write(true)
            .open("CONIN$")
            .ok()?;
        let output = OpenOptions::new().write(true).open("CONOUT$").ok()?;
        let handle = input.as_raw_handle();
        let mut saved_mode = 0u32;
        // SAFETY: `handle` is an open console input handle; the mode is a plain integer.
        unsafe {
            if GetConsoleMode(handle, &mut saved_mode) == 0 {
                return None;
            }
            let hidden =
                saved_mode & !(ENABLE_ECHO_INPUT | ENABLE_LINE_INPUT | ENABLE_PROCESSED_INPUT);
            if SetConsoleMode(handle, hidden) == 0 {
                return None;
            }
        }
        Some(HiddenInput {
            input,
            output,
            saved_mode,
            pending: [0; 4],
            pending_len: 0,
            pending_at: 0,
        })
    }

    pub(super) fn write(&mut self, text: &[u8]) -> io::Result<()> {
        let units: Vec<u16> = String::from_utf8_lossy(text).encode_utf16().collect();
        let mut written = 0u32;
        // SAFETY: `units` is valid for its length; the handle is an open console output.
        let ok = unsafe {
            WriteConsoleW(
                self.output.as_raw_handle(),
                units.as_ptr(),
                units.len() as u32,
                &mut written,
                std::ptr::null(),
            )
        };
        if ok == 0 {
            Err(io::Error::last_os_error())
        } else {
            Ok(())
        }
    }

    fn read_unit(&mut self) -> Option<u16> {
        let mut unit = 0u16;
        let mut read = 0u32;
        // SAFETY: one u16 of room; the handle is an open console input.
        let ok = unsafe {
            ReadConsoleW(
                self.input.as_raw_handle(),
                (&mut unit as *mut u16).cast(),
                1,
                &mut read,
                std::ptr::null(),
            )
        };
        (ok != 0 && read == 1).then_some(unit)
    }

    pub(super) fn read_byte(&mut self) -> Option<u8> {
        if self.pending_at < self.pending_len {
            let b = self.pending[self.pending_at];
            self.pending[self.pending_at] = 0;
            self.pending_at += 1;
            return Some(b);
        }
        let first = self.read_unit()?;
        let c = match char::decode_utf16([first]).next() {
            Some(Ok(c)) => c,
            // The first half of a character outside the BMP: its second half follows.
            _ => {
                let second = self.read_unit()?;
                char::decode_utf16([first, second])
                    .next()
                    .and_then(Result::ok)
                    .unwrap_or(char::REPLACEMENT_CHARACTER)
            }
        };
        self.pending_len = c.encode_utf8(&mut self.pending).len();
        self.pending_at = 0;
        self.read_byte()
    }
}

impl Drop for HiddenInput {
    fn drop(&mut self) {
        self.pending = [0; 4];
        // SAFETY: restores the mode read in `open` on the same, still open, console.
        unsafe {
            SetConsoleMode(self.input.as_raw_handle(), self.saved_mode);
        }
    }
}

/// The user's display language (the one Windows' own menus use): Japanese when its primary
/// language is LANG_JAPANESE.
pub(super) fn desktop_is_japanese() -> Option<bool> {
    const LANG_JAPANESE: u16 = 0x11;
    // SAFETY: no arguments; returns the current user's UI language id.
    let id = unsafe { windows_sys::Win32::Globalization::GetUserDefaultUILanguage() };
    Some(id & 0x3ff == LANG_JAPANESE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_file_and_folder_are_for_their_owner_only() {
        let base = tempfile::tempdir().unwrap();
        let dir = base.path().join("データ").join("会議");
        create_private_dir_all(&dir).unwrap();
        let folder = read_acl(&dir).unwrap();
        assert!(
            folder.owner_only,
            "the new folder must be for the user only"
        );
        let path = dir.join("事例検討会.db");
        drop(create_new_file(&path, Access::Private).unwrap());
        let file = read_acl(&path).unwrap();
        assert!(file.mine && file.owner_only);
        // A file made some other way gets its folder's rules; tightening makes it private.
        let copied = base.path().join("copied.db");
        std::fs::write(&copied, b"x").unwrap();
        tighten(&copied, Access::Private);
        assert!(read_acl(&copied).unwrap().owner_only);
    }

    #[test]
    fn unc_paths_are_network_shares() {
        assert_eq!(
            kind_of_path(Path::new(r"\\server\share\caseconf")),
            Some("UNC path to a network share")
        );
        assert_eq!(
            kind_of_path(Path::new(r"\\?\UNC\server\share\caseconf")),
            Some("UNC path to a network share")
        );
        let local = tempfile::tempdir().unwrap();
        assert_eq!(network_fs_kind(local.path()), None);
    }

    #[test]
    fn writable_files_and_folders_are_seen_as_such() {
        let dir = tempfile::tempdir().unwrap();
        assert!(is_writable(dir.path()));
        let path = dir.path().join("ノート.db");
        std::fs::write(&path, b"x").unwrap();
        assert!(is_writable(&path));
        let mut perms = std::fs::metadata(&path).unwrap().permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&path, perms).unwrap();
        assert!(!is_writable(&path));
    }
}
