//! The Win32 calls behind the platform traits. The only module where `unsafe` is allowed: every
//! call is FFI into kernel32 / advapi32 / shell32 / user32 with pointers to buffers that this
//! function owns and that outlive the call; each block says why it is sound.
#![allow(unsafe_code)]

use std::ffi::{OsStr, OsString, c_void};
use std::os::windows::ffi::OsStrExt as _;
use std::path::Path;

use windows_sys::Win32::Foundation::{CloseHandle, HANDLE, INVALID_HANDLE_VALUE};
use windows_sys::Win32::Security::{
    GetTokenInformation, TOKEN_ELEVATION, TOKEN_QUERY, TokenElevation,
};
use windows_sys::Win32::Storage::FileSystem::{REPLACEFILE_IGNORE_MERGE_ERRORS, ReplaceFileW};
use windows_sys::Win32::System::Console::{
    ATTACH_PARENT_PROCESS, AttachConsole, GetStdHandle, STD_OUTPUT_HANDLE,
};
use windows_sys::Win32::System::Threading::{GetCurrentProcess, OpenProcessToken};
use windows_sys::Win32::UI::Shell::ShellExecuteW;
use windows_sys::Win32::UI::WindowsAndMessaging::{
    MB_ICONERROR, MB_OK, MessageBoxW, SW_SHOWNORMAL,
};

use windows_sys::Win32::Foundation::LocalFree;
use windows_sys::Win32::Security::Authorization::{
    ConvertStringSecurityDescriptorToSecurityDescriptorW, SDDL_REVISION_1,
};
use windows_sys::Win32::Security::Cryptography::{
    CRYPT_INTEGER_BLOB, CRYPTPROTECT_LOCAL_MACHINE, CRYPTPROTECT_UI_FORBIDDEN, CryptProtectData,
    CryptUnprotectData,
};
use windows_sys::Win32::Security::{
    DACL_SECURITY_INFORMATION, PROTECTED_DACL_SECURITY_INFORMATION, PSECURITY_DESCRIPTOR,
    SetFileSecurityW,
};
use windows_sys::Win32::System::EventLog::{
    DeregisterEventSource, EVENTLOG_ERROR_TYPE, EVENTLOG_INFORMATION_TYPE, EVENTLOG_WARNING_TYPE,
    RegisterEventSourceW, ReportEventW,
};

use super::{
    Console, Elevation, EventKind, EventLog, FileReplace, Notice, PrintRoute, Printer,
    ProtectSecrets, Restarter,
};

/// The event source the relay writes as (registered by `overstap relay install`).
pub const EVENT_SOURCE: &str = "Overstap Relay";

/// This system's implementation of every platform trait.
#[derive(Clone, Copy, Debug, Default)]
pub struct Native;

/// A NUL-terminated UTF-16 copy, as the `W` functions want it.
fn wide(text: &OsStr) -> Vec<u16> {
    text.encode_wide().chain(std::iter::once(0)).collect()
}

impl Elevation for Native {
    fn is_elevated(&self) -> Option<bool> {
        let mut token: HANDLE = std::ptr::null_mut();
        // SAFETY: GetCurrentProcess returns a pseudo-handle that needs no closing; `token` is a
        // valid out-pointer for the duration of the call.
        let opened = unsafe { OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &mut token) };
        if opened == 0 {
            return None;
        }
        let mut elevation = TOKEN_ELEVATION { TokenIsElevated: 0 };
        let mut written = 0u32;
        // SAFETY: `token` was opened above with TOKEN_QUERY; the buffer is a TOKEN_ELEVATION owned
        // here and its exact size is passed, so the call cannot write past it.
        let read = unsafe {
            GetTokenInformation(
                token,
                TokenElevation,
                (&mut elevation as *mut TOKEN_ELEVATION).cast::<c_void>(),
                std::mem::size_of::<TOKEN_ELEVATION>() as u32,
                &mut written,
            )
        };
        // SAFETY: `token` is a handle this function opened and closes exactly once.
        unsafe { CloseHandle(token) };
        (read != 0).then_some(elevation.TokenIsElevated != 0)
    }

    fn restart_elevated(&self, args: &[OsString]) -> std::io::Result<()> {
        let exe = wide(std::env::current_exe()?.as_os_str());
        let parameters = wide(OsStr::new(&super::windows_command_line(args)));
        let verb = wide(OsStr::new("runas"));
        // SAFETY: all strings are NUL-terminated UTF-16 buffers that live until the call
        // returns; a null window and a null directory are allowed by ShellExecuteW.
        let result = unsafe {
            ShellExecuteW(
                std::ptr::null_mut(),
                verb.as_ptr(),
                exe.as_ptr(),
                parameters.as_ptr(),
                std::ptr::null(),
                SW_SHOWNORMAL,
            )
        };
        // ShellExecuteW reports success with a value above 32 (documented).
        if result.addr() > 32 {
            Ok(())
        } else {
            Err(std::io::Error::last_os_error())
        }
    }
}

impl FileReplace for Native {
    fn replace(&self, target: &Path, replacement: &Path) -> std::io::Result<()> {
        let target = wide(target.as_os_str());
        let replacement = wide(replacement.as_os_str());
        // SAFETY: both paths are NUL-terminated UTF-16 buffers alive for the call; no backup
        // file, and the two reserved pointers are null as the API requires.
        let replaced = unsafe {
            ReplaceFileW(
                target.as_ptr(),
                replacement.as_ptr(),
                std::ptr::null(),
                REPLACEFILE_IGNORE_MERGE_ERRORS,
                std::ptr::null(),
                std::ptr::null(),
            )
        };
        if replaced != 0 {
            Ok(())
        } else {
            Err(std::io::Error::last_os_error())
        }
    }
}

impl Console for Native {
    fn attach_to_parent(&self) -> bool {
        // SAFETY: GetStdHandle only reads this process's standard handle table.
        let stdout = unsafe { GetStdHandle(STD_OUTPUT_HANDLE) };
        if !stdout.is_null() && stdout != INVALID_HANDLE_VALUE {
            // Redirected to a file or pipe (`overstap --version > v.txt`), or started with a
            // console already: leave the handles alone.
            return true;
        }
        // SAFETY: AttachConsole takes a process id (here the documented "parent" constant) and
        // touches no memory of ours.
        unsafe { AttachConsole(ATTACH_PARENT_PROCESS) != 0 }
    }
}

impl Notice for Native {
    fn show_error(&self, title: &str, text: &str) {
        let title = wide(OsStr::new(title));
        let text = wide(OsStr::new(text));
        // SAFETY: both strings are NUL-terminated UTF-16 buffers alive for the call; a null owner
        // window is allowed. The return value (the button pressed) is not needed: there is one.
        unsafe {
            MessageBoxW(
                std::ptr::null_mut(),
                text.as_ptr(),
                title.as_ptr(),
                MB_OK | MB_ICONERROR,
            )
        };
    }
}

/// DPAPI in or out; the output buffer is Windows' and freed here with LocalFree.
fn dpapi(data: &[u8], protect: bool) -> std::io::Result<Vec<u8>> {
    let input = CRYPT_INTEGER_BLOB {
        cbData: u32::try_from(data.len()).map_err(std::io::Error::other)?,
        pbData: data.as_ptr().cast_mut(),
    };
    let mut output = CRYPT_INTEGER_BLOB {
        cbData: 0,
        pbData: std::ptr::null_mut(),
    };
    // SAFETY: `input` points at `data`, alive and unchanged for the call (DPAPI only reads it);
    // `output` is a valid out-structure; every optional pointer is null as documented.
    let done = unsafe {
        if protect {
            CryptProtectData(
                &input,
                std::ptr::null(),
                std::ptr::null(),
                std::ptr::null(),
                std::ptr::null(),
                CRYPTPROTECT_LOCAL_MACHINE | CRYPTPROTECT_UI_FORBIDDEN,
                &mut output,
            )
        } else {
            CryptUnprotectData(
                &input,
                std::ptr::null_mut(),
                std::ptr::null(),
                std::ptr::null(),
                std::ptr::null(),
                CRYPTPROTECT_UI_FORBIDDEN,
                &mut output,
            )
        }
    };
    if done == 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: on success DPAPI filled `output` with a buffer of exactly cbData bytes.
    let bytes =
        unsafe { std::slice::from_raw_parts(output.pbData, output.cbData as usize) }.to_vec();
    // SAFETY: the buffer was allocated by DPAPI with LocalAlloc and is freed exactly once.
    unsafe { LocalFree(output.pbData.cast()) };
    Ok(bytes)
}

impl ProtectSecrets for Native {
    fn protect(&self, plain: &[u8]) -> std::io::Result<Vec<u8>> {
        dpapi(plain, true)
    }

    fn unprotect(&self, stored: &[u8]) -> std::io::Result<Vec<u8>> {
        dpapi(stored, false)
    }

    fn restrict_folder(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        // Protected (no inheritance from %ProgramData%, where Users may read), full control for
        // SYSTEM and Administrators, inherited by the files and folders created inside.
        let sddl = wide(OsStr::new("D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)"));
        let mut descriptor: PSECURITY_DESCRIPTOR = std::ptr::null_mut();
        // SAFETY: `sddl` is a NUL-terminated UTF-16 string alive for the call; `descriptor` is a
        // valid out-pointer; the size is optional (null).
        let made = unsafe {
            ConvertStringSecurityDescriptorToSecurityDescriptorW(
                sddl.as_ptr(),
                SDDL_REVISION_1,
                &mut descriptor,
                std::ptr::null_mut(),
            )
        };
        if made == 0 {
            return Err(std::io::Error::last_os_error());
        }
        let path = wide(dir.as_os_str());
        // SAFETY: `path` is NUL-terminated UTF-16 alive for the call; `descriptor` was built just
        // above and is freed exactly once after the call.
        let set = unsafe {
            let set = SetFileSecurityW(
                path.as_ptr(),
                DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION,
                descriptor,
            );
            LocalFree(descriptor.cast());
            set
        };
        if set == 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(())
    }
}

impl EventLog for Native {
    fn report(&self, kind: EventKind, text: &str) {
        let source = wide(OsStr::new(EVENT_SOURCE));
        let text = wide(OsStr::new(text));
        let kind = match kind {
            EventKind::Information => EVENTLOG_INFORMATION_TYPE,
            EventKind::Warning => EVENTLOG_WARNING_TYPE,
            EventKind::Error => EVENTLOG_ERROR_TYPE,
        };
        // SAFETY: `source` is NUL-terminated UTF-16 alive for the call; null server = this machine.
        let handle = unsafe { RegisterEventSourceW(std::ptr::null(), source.as_ptr()) };
        if handle.is_null() {
            // No event log to write to: the relay's log file has the line.
            return;
        }
        let strings = [text.as_ptr()];
        // SAFETY: `handle` was opened above; one string pointer to a NUL-terminated buffer alive
        // for the call; no user SID and no raw data.
        unsafe {
            ReportEventW(
                handle,
                kind,
                0,
                1,
                std::ptr::null_mut(),
                1,
                0,
                strings.as_ptr(),
                std::ptr::null(),
            );
            DeregisterEventSource(handle);
        }
    }
}

/// The service's main function, handed to `dispatch_service`.
static SERVICE_MAIN: std::sync::OnceLock<fn(Vec<OsString>)> = std::sync::OnceLock::new();

windows_service::define_windows_service!(ffi_service_main, service_main_trampoline);

fn service_main_trampoline(arguments: Vec<OsString>) {
    if let Some(main) = SERVICE_MAIN.get() {
        main(arguments);
    }
}

/// Hands this process to the service control manager, which calls `main` on its own thread;
/// returns when the service stopped. Fails at once when the process was not started as a
/// service (from a console).
pub fn dispatch_service(name: &str, main: fn(Vec<OsString>)) -> std::io::Result<()> {
    // A second call in one process keeps the first function: there is one service per process.
    let _ = SERVICE_MAIN.set(main);
    windows_service::service_dispatcher::start(name, ffi_service_main)
        .map_err(std::io::Error::other)
}

/// `ShellExecuteW(verb, file)` with no parameters, in the file's own folder.
fn shell_execute(verb: &str, path: &Path) -> std::io::Result<()> {
    let verb = wide(OsStr::new(verb));
    let file = wide(path.as_os_str());
    // SAFETY: both strings are NUL-terminated UTF-16 buffers that live until the call returns;
    // a null window, null parameters and a null directory are allowed by ShellExecuteW.
    let result = unsafe {
        ShellExecuteW(
            std::ptr::null_mut(),
            verb.as_ptr(),
            file.as_ptr(),
            std::ptr::null(),
            std::ptr::null(),
            SW_SHOWNORMAL,
        )
    };
    // ShellExecuteW reports success with a value above 32 (documented).
    if result.addr() > 32 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

impl Printer for Native {
    fn print(&self, path: &Path) -> std::io::Result<PrintRoute> {
        // The "print" verb hands the PDF to the application registered to print it, which shows
        // the printer dialog. Without one (no PDF application with a print verb), the file is
        // opened instead so the admin can print it from there.
        match shell_execute("print", path) {
            Ok(()) => Ok(PrintRoute::PrintVerb),
            Err(_) => shell_execute("open", path).map(|()| PrintRoute::Opened),
        }
    }
}

impl Restarter for Native {
    fn is_available(&self) -> bool {
        true
    }

    fn restart(&self, what: &crate::platform::Restart) -> Result<(), String> {
        use std::os::windows::process::CommandExt as _;
        /// No console window flashes up behind the wizard.
        const CREATE_NO_WINDOW: u32 = 0x0800_0000;
        let script = super::powershell_script(what);
        let powershell = std::env::var_os("SystemRoot")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| std::path::PathBuf::from(r"C:\Windows"))
            .join(r"System32\WindowsPowerShell\v1.0\powershell.exe");
        let output = std::process::Command::new(powershell)
            .args(["-NoProfile", "-NonInteractive", "-EncodedCommand"])
            .arg(super::encoded_command(&script))
            .creation_flags(CREATE_NO_WINDOW)
            .stdin(std::process::Stdio::null())
            .output()
            .map_err(|e| e.to_string())?;
        if output.status.success() {
            Ok(())
        } else {
            Err(super::restart_error(&output.stderr, output.status.code()))
        }
    }
}
