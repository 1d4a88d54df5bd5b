//! Linux and other systems Overstap is built and tested on: no elevation to ask for, no console
//! to attach, and a rename is the atomic replace (it keeps the directory's rules, and the new
//! file gets the writer's owner and mode, which is what a rename does).

use std::ffi::OsString;
use std::path::Path;

use super::{
    Console, Elevation, EventKind, EventLog, FileReplace, Notice, PrintRoute, Printer,
    ProtectSecrets, Restarter,
};

/// This system's implementation of every platform trait.
#[derive(Clone, Copy, Debug, Default)]
pub struct Native;

impl Elevation for Native {
    fn is_elevated(&self) -> Option<bool> {
        None
    }

    fn restart_elevated(&self, _args: &[OsString]) -> std::io::Result<()> {
        Err(std::io::Error::new(
            std::io::ErrorKind::Unsupported,
            "restart as administrator exists on Windows only",
        ))
    }
}

impl FileReplace for Native {
    fn replace(&self, target: &Path, replacement: &Path) -> std::io::Result<()> {
        std::fs::rename(replacement, target)
    }
}

impl Console for Native {
    fn attach_to_parent(&self) -> bool {
        // A Linux program always has the terminal it was started from.
        true
    }
}

impl Notice for Native {
    fn show_error(&self, _title: &str, _text: &str) {
        // The text already went to stderr; there is no message box to show without a window.
    }
}

impl ProtectSecrets for Native {
    fn protect(&self, plain: &[u8]) -> std::io::Result<Vec<u8>> {
        Ok(plain.to_vec())
    }

    fn unprotect(&self, stored: &[u8]) -> std::io::Result<Vec<u8>> {
        Ok(stored.to_vec())
    }

    fn restrict_folder(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
        }
        Ok(())
    }
}

impl EventLog for Native {
    fn report(&self, _kind: EventKind, _text: &str) {
        // No event log here: the relay's own log file and the terminal have the line.
    }
}

impl Printer for Native {
    fn print(&self, path: &Path) -> std::io::Result<PrintRoute> {
        // No print verb to hand the file to: the default viewer opens it and the admin prints
        // from there.
        open::that_detached(path).map(|()| PrintRoute::Opened)
    }
}

impl Restarter for Native {
    fn is_available(&self) -> bool {
        // Windows services and IIS application pools exist on Windows only.
        false
    }

    fn restart(&self, _what: &crate::platform::Restart) -> Result<(), String> {
        Err("restarting a Windows service exists on Windows only".into())
    }
}
