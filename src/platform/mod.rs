//! What differs on Windows, behind small traits: console output for a windowed program, the
//! administrator check and "restart as administrator", a file replace that keeps the file's
//! permissions, printing a saved PDF, and the last-resort message box.
//!
//! Why traits: Overstap is built and tested on Linux, where these calls do not exist. The logic
//! around them (when to attach a console, how to quote a command line, when to offer the restart,
//! how a replace cleans up after itself) is plain Rust and tested here with fakes; only the thin
//! `windows` module talks to the Win32 API, and it is compiled by the Windows cross-build
//! (`scripts/windows-build.sh`) and run under wine (`scripts/windows-smoke.sh`).
//!
//! The relay adds three: protecting its secrets file (DPAPI on Windows), writing it so that only
//! its owner reads it, and the Windows event log.
//!
//! Write-back adds one: restarting a Windows service or an IIS application pool after its
//! settings were written, so the change takes effect.

use std::ffi::{OsStr, OsString};
use std::io::Write as _;
use std::path::Path;

use serde::{Deserialize, Serialize};

#[cfg(not(windows))]
mod other;
#[cfg(windows)]
mod windows;

#[cfg(not(windows))]
pub use other::Native;
#[cfg(windows)]
pub use windows::{EVENT_SOURCE, Native, dispatch_service};

/// Who runs the wizard decides what Overstap may do on this machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Administrator of this server: scan here, write settings here.
    Admin,
    /// Partner guiding a customer remotely: prepare, export, let the customer finish.
    Partner,
}

/// Something to restart after a write.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Restart {
    /// A Windows service, by the display name the scan read.
    Service { display_name: String },
    /// The application pool of an IIS site.
    SitePool { site: String },
}

impl Restart {
    /// The PowerShell that restarts it, for the admin to read or run (as administrator). Every
    /// name is a single-quoted literal, so nothing in it is ever expanded.
    pub fn command(&self) -> String {
        match self {
            Restart::Service { display_name } => {
                format!(
                    "Restart-Service -DisplayName {}",
                    crate::text::ps_quote(display_name)
                )
            }
            Restart::SitePool { site } => format!(
                "Import-Module WebAdministration; Restart-WebAppPool -Name (Get-Website -Name {}).applicationPool",
                crate::text::ps_quote(site)
            ),
        }
    }
}

/// Administrator rights of this process.
pub trait Elevation: Send + Sync {
    /// `Some(true)` when the process runs elevated, `Some(false)` when it does not, `None` when
    /// the question does not apply (not Windows) or the check failed.
    fn is_elevated(&self) -> Option<bool>;
    /// Starts this program again with `args`, asking Windows for administrator rights (the UAC
    /// prompt). `Ok` means the new process was started; the caller then closes its window.
    fn restart_elevated(&self, args: &[OsString]) -> std::io::Result<()>;
}

/// Replacing one file by another in the same folder.
pub trait FileReplace: Send + Sync {
    /// Puts `replacement` in the place of `target`. On Windows `ReplaceFileW` keeps the target's
    /// ACL, owner, attributes and alternate streams (a config file under Program Files often has
    /// its own ACL); elsewhere it is a rename. `replacement` is gone afterwards.
    fn replace(&self, target: &Path, replacement: &Path) -> std::io::Result<()>;
}

/// The console of the program that started us (cmd, PowerShell), for a program built as a
/// windowed ("windows subsystem") executable, which Windows starts without one.
pub trait Console {
    /// Makes `println!`/`eprintln!` reach the parent's console; `false` when there is none
    /// (started from Explorer). Output that is already redirected stays where it goes.
    fn attach_to_parent(&self) -> bool;
}

/// A message that must reach the user even when no window could be opened.
pub trait Notice {
    fn show_error(&self, title: &str, text: &str);
}

/// Protection of the relay's secrets file at rest.
pub trait ProtectSecrets {
    /// Encrypts for this machine (Windows DPAPI, machine scope); elsewhere the bytes as they are,
    /// guarded by `write_private`'s file mode.
    fn protect(&self, plain: &[u8]) -> std::io::Result<Vec<u8>>;
    fn unprotect(&self, stored: &[u8]) -> std::io::Result<Vec<u8>>;
    /// Makes `dir` (created when missing) reachable by SYSTEM and Administrators only on
    /// Windows, by its owner only elsewhere.
    fn restrict_folder(&self, dir: &Path) -> std::io::Result<()>;
}

/// Severity of an event log entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    Information,
    Warning,
    Error,
}

/// The Windows event log (Application log, source `Overstap Relay`); nothing elsewhere.
pub trait EventLog: Send + Sync {
    fn report(&self, kind: EventKind, text: &str);
}

/// Writes a file only its owner can read (mode 0600 on Unix; on Windows the folder's access list,
/// see `ProtectSecrets::restrict_folder`), through a temporary file and a rename.
/// This computer's name for the test message: `COMPUTERNAME` on Windows, `HOSTNAME` elsewhere,
/// `?` when neither is set. Read once at start-up (`AppOptions`), so pages never read the
/// environment.
pub fn host_name() -> String {
    std::env::var("COMPUTERNAME")
        .or_else(|_| std::env::var("HOSTNAME"))
        .unwrap_or_else(|_| "?".into())
}

pub fn write_private(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(".private.{}.tmp", std::process::id()));
    let result = (|| {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&tmp)?;
        file.write_all(contents)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        // Best effort: the temporary file is ours and useless after a failure.
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// How a document reached the printer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrintRoute {
    /// Handed to the application registered for printing the file type (the shell's "print"
    /// verb), which shows its print dialog.
    PrintVerb,
    /// Opened in the default application, for the admin to print from there: no print verb
    /// for this file type, or not Windows.
    Opened,
}

/// Printing a saved document.
pub trait Printer: Send + Sync {
    /// Hands `path` (absolute) to the system for printing. May take a moment (an application
    /// starts): call it off the UI thread.
    fn print(&self, path: &Path) -> std::io::Result<PrintRoute>;
}

/// Restarting what reads a written setting only at start.
pub trait Restarter: Send + Sync {
    /// Whether this system can do it (Windows); elsewhere the page shows the command only.
    fn is_available(&self) -> bool;
    /// Restarts it and waits for the result: `Err` carries what Windows said. Takes seconds
    /// (a service stops and starts): call it off the UI thread.
    fn restart(&self, what: &Restart) -> Result<(), String>;
}

/// The script a restart runs: stop at the first error, so a failure is an exit code and a
/// message rather than a warning nobody sees.
pub fn powershell_script(what: &Restart) -> String {
    format!("$ErrorActionPreference = 'Stop'; {}", what.command())
}

/// PowerShell's `-EncodedCommand` form (Base64 of UTF-16LE): the script reaches PowerShell
/// exactly, whatever quotes a service's name holds, with no command-line quoting in between.
pub fn encoded_command(script: &str) -> String {
    use base64::Engine as _;
    let bytes: Vec<u8> = script.encode_utf16().flat_map(u16::to_le_bytes).collect();
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// What a failed restart said, on one line and short enough for a message panel.
pub fn restart_error(stderr: &[u8], status: Option<i32>) -> String {
    let text = String::from_utf8_lossy(stderr);
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('+') && !line.starts_with("At line"))
        .collect();
    let mut message = lines.join(" ");
    if message.chars().count() > 400 {
        message = message.chars().take(400).collect::<String>() + "...";
    }
    match (message.is_empty(), status) {
        (true, Some(code)) => format!("exit code {code}"),
        (true, None) => "stopped without an exit code".into(),
        (false, _) => message,
    }
}

/// Whether the Welcome page should offer to restart as administrator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdminNote {
    /// Nothing to say: a partner, already elevated, or not a question on this system.
    None,
    /// The admin role was chosen but the process has no administrator rights: the scan cannot
    /// read every folder and registry key, and write-back of settings will fail.
    NotElevated,
}

/// The Welcome page's note for the chosen role and this process's elevation.
pub fn admin_note(role: Option<Role>, elevated: Option<bool>) -> AdminNote {
    match (role, elevated) {
        (Some(Role::Admin), Some(false)) => AdminNote::NotElevated,
        _ => AdminNote::None,
    }
}

/// One Windows command line from separate arguments, quoted so that the C runtime's (and Rust's)
/// parser gives back exactly these arguments: `ShellExecuteW` takes a single string.
///
/// Rules (the documented `CommandLineToArgvW` ones): an argument with a space, tab or quote, or
/// an empty one, is wrapped in quotes; inside, a quote becomes `\"`, and backslashes are doubled
/// only when they come right before a quote (or the closing quote).
pub fn windows_command_line(args: &[OsString]) -> String {
    let mut line = String::new();
    for (index, arg) in args.iter().enumerate() {
        if index > 0 {
            line.push(' ');
        }
        quote_into(&mut line, &arg.to_string_lossy());
    }
    line
}

fn quote_into(line: &mut String, arg: &str) {
    let needs_quotes = arg.is_empty() || arg.contains([' ', '\t', '"']);
    if !needs_quotes {
        line.push_str(arg);
        return;
    }
    line.push('"');
    let mut backslashes = 0;
    for c in arg.chars() {
        match c {
            '\\' => backslashes += 1,
            '"' => {
                // Every backslash before a quote is doubled, and the quote escaped.
                line.extend(std::iter::repeat_n('\\', backslashes * 2 + 1));
                line.push('"');
                backslashes = 0;
            }
            _ => {
                line.extend(std::iter::repeat_n('\\', backslashes));
                line.push(c);
                backslashes = 0;
            }
        }
    }
    // Backslashes before the closing quote are doubled so they do not escape it.
    line.extend(std::iter::repeat_n('\\', backslashes * 2));
    line.push('"');
}

/// Writes `contents` over `target` without ever leaving a half-written file: a new file beside it
/// (same folder, so the same volume), flushed to disk, then put in place by `replacer`, which on
/// Windows keeps the target's permissions. A target that does not exist yet is simply created.
/// On failure the old file is untouched and the temporary file removed.
pub fn replace_contents(
    replacer: &dyn FileReplace,
    target: &Path,
    contents: &[u8],
) -> std::io::Result<()> {
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let name = target
        .file_name()
        .unwrap_or_else(|| OsStr::new("file"))
        .to_string_lossy()
        .into_owned();
    let tmp = dir.join(format!(".{name}.{}.overstap-new", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(contents)?;
        file.sync_all()?;
        drop(file);
        if target.exists() {
            replacer.replace(target, &tmp)
        } else {
            std::fs::rename(&tmp, target)
        }
    })();
    if result.is_err() {
        // Best effort: the temporary file is ours and useless after a failure; it may also be
        // gone already (the replace consumed it before failing).
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use Role;

    #[test]
    fn a_restart_reaches_powershell_as_utf16_base64_with_every_name_quoted() {
        use base64::Engine as _;
        let what = Restart::Service {
            display_name: "Acme \u{201c}Mailer\u{201d} 'x'; $(calc) `n".into(),
        };
        let script = powershell_script(&what);
        assert_eq!(
            script,
            "$ErrorActionPreference = 'Stop'; Restart-Service -DisplayName 'Acme \u{201c}Mailer\u{201d} ''x''; $(calc) `n'"
        );
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(encoded_command(&script))
            .expect("base64");
        let units: Vec<u16> = bytes
            .chunks(2)
            .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
            .collect();
        assert_eq!(String::from_utf16(&units).expect("utf-16"), script);
        let pool = Restart::SitePool { site: "Api".into() };
        assert_eq!(
            pool.command(),
            "Import-Module WebAdministration; Restart-WebAppPool -Name (Get-Website -Name 'Api').applicationPool"
        );
    }

    #[test]
    fn a_failed_restart_says_what_windows_said_on_one_line() {
        let stderr = b"Restart-Service : Cannot find any service with display name 'Acme'.\r\nAt line:1 char:34\r\n+ $ErrorActionPreference = 'Stop'; Restart-Service ...\r\n    + CategoryInfo          : ObjectNotFound\r\n";
        let message = restart_error(stderr, Some(1));
        assert!(
            message.starts_with("Restart-Service : Cannot find any service"),
            "{message}"
        );
        assert!(!message.contains("At line"));
        assert!(!message.contains('\n'));
        assert_eq!(restart_error(b"", Some(5)), "exit code 5");
    }

    #[test]
    fn the_admin_note_needs_the_admin_role_and_a_known_missing_elevation() {
        assert_eq!(
            admin_note(Some(Role::Admin), Some(false)),
            AdminNote::NotElevated
        );
        assert_eq!(admin_note(Some(Role::Admin), Some(true)), AdminNote::None);
        assert_eq!(admin_note(Some(Role::Admin), None), AdminNote::None);
        assert_eq!(
            admin_note(Some(Role::Partner), Some(false)),
            AdminNote::None
        );
        assert_eq!(admin_note(None, Some(false)), AdminNote::None);
    }

    fn line(args: &[&str]) -> String {
        let args: Vec<OsString> = args.iter().map(OsString::from).collect();
        windows_command_line(&args)
    }

    #[test]
    fn command_lines_quote_only_what_needs_it() {
        assert_eq!(line(&[]), "");
        assert_eq!(line(&["--smoke"]), "--smoke");
        assert_eq!(
            line(&["--catalog", r"C:\Program Files\Partner"]),
            r#"--catalog "C:\Program Files\Partner""#
        );
        assert_eq!(line(&[""]), r#""""#);
        assert_eq!(line(&[r"C:\dir\"]), r"C:\dir\");
        // A trailing backslash inside quotes is doubled so it does not escape the quote.
        assert_eq!(line(&[r"C:\my dir\"]), r#""C:\my dir\\""#);
        assert_eq!(line(&[r#"say "hi""#]), r#""say \"hi\"""#);
        assert_eq!(line(&[r#"a\"b c"#]), r#""a\\\"b c""#);
    }

    /// The reverse, as documented for `CommandLineToArgvW` (arguments after the program name).
    fn parse_windows(line: &str) -> Vec<String> {
        let mut args = Vec::new();
        let mut chars = line.chars().peekable();
        loop {
            while chars.peek().is_some_and(|c| *c == ' ' || *c == '\t') {
                chars.next();
            }
            if chars.peek().is_none() {
                return args;
            }
            let (mut arg, mut quoted, mut backslashes) = (String::new(), false, 0usize);
            while let Some(&c) = chars.peek() {
                match c {
                    '\\' => backslashes += 1,
                    '"' => {
                        arg.extend(std::iter::repeat_n('\\', backslashes / 2));
                        if backslashes % 2 == 1 {
                            arg.push('"');
                        } else {
                            quoted = !quoted;
                        }
                        backslashes = 0;
                    }
                    ' ' | '\t' if !quoted => break,
                    _ => {
                        arg.extend(std::iter::repeat_n('\\', backslashes));
                        backslashes = 0;
                        arg.push(c);
                    }
                }
                chars.next();
            }
            arg.extend(std::iter::repeat_n('\\', backslashes));
            args.push(arg);
        }
    }

    #[test]
    fn quoted_command_lines_parse_back_to_the_same_arguments() {
        let cases: &[&[&str]] = &[
            &["--catalog", r"D:\partner files\", "--smoke"],
            &[r#"a"b"#, r"\\server\share\x y", "", "tab\there"],
            &[r#"\""#, r"\\", r#"end\\""#],
        ];
        for case in cases {
            let owned: Vec<String> = case.iter().map(|s| s.to_string()).collect();
            assert_eq!(parse_windows(&line(case)), owned, "{}", line(case));
        }
    }

    struct FailingReplace;
    impl FileReplace for FailingReplace {
        fn replace(&self, _: &Path, _: &Path) -> std::io::Result<()> {
            Err(std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                "file in use",
            ))
        }
    }

    fn names_in(dir: &Path) -> Vec<OsString> {
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn replacing_writes_the_new_contents_and_leaves_nothing_behind() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("web.config");
        replace_contents(&Native, &target, b"<new/>").expect("create");
        replace_contents(&Native, &target, b"<newer/>").expect("replace");
        assert_eq!(std::fs::read(&target).expect("read"), b"<newer/>");
        assert_eq!(names_in(dir.path()), vec![OsString::from("web.config")]);
    }

    #[test]
    fn a_failed_replace_keeps_the_old_file_and_removes_the_new_one() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("web.config");
        std::fs::write(&target, b"<old/>").expect("write");
        let err = replace_contents(&FailingReplace, &target, b"<new/>").expect_err("fails");
        assert_eq!(err.kind(), std::io::ErrorKind::PermissionDenied);
        assert_eq!(std::fs::read(&target).expect("read"), b"<old/>");
        assert_eq!(names_in(dir.path()), vec![OsString::from("web.config")]);
    }
}
