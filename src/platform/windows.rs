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

use super::{Console, Elevation, FileReplace, Notice, PrintRoute, Printer};

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
