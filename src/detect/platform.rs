//! Access to the scanned machine behind traits: its files (by Windows path) and its registry.
//!
//! Two machines implement them: this Windows server (the live registry through `winreg`, the real
//! drives), and a *server snapshot*: a folder with one sub-folder per drive letter (`C/`, `D/`)
//! plus a regedit `.reg` export, which a partner collects from a customer and scans anywhere.
//! Windows paths map into a snapshot case-insensitively, as Windows itself treats them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use super::{ProblemKind, ScanError, SourceId};

/// A registry value as the sources need it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RegValue {
    Sz(String),
    ExpandSz(String),
    MultiSz(Vec<String>),
    Dword(u32),
    Qword(u64),
    Binary(Vec<u8>),
}

impl RegValue {
    /// The value as text (strings as they are, numbers in decimal); `None` for binary data.
    pub fn as_text(&self) -> Option<String> {
        match self {
            RegValue::Sz(s) | RegValue::ExpandSz(s) => Some(s.clone()),
            RegValue::MultiSz(list) => Some(list.join(";")),
            RegValue::Dword(n) => Some(n.to_string()),
            RegValue::Qword(n) => Some(n.to_string()),
            RegValue::Binary(_) => None,
        }
    }
}

/// Read access to a registry. Key paths start with a hive (`HKLM\...`, `HKEY_LOCAL_MACHINE\...`);
/// a missing key reads as empty.
pub trait Registry: Send + Sync {
    fn subkeys(&self, key: &str) -> Vec<String>;
    fn values(&self, key: &str) -> Vec<(String, RegValue)>;
    fn value(&self, key: &str, name: &str) -> Option<RegValue>;
}

/// A snapshot without a registry export.
#[derive(Debug, Default)]
pub struct EmptyRegistry;

impl Registry for EmptyRegistry {
    fn subkeys(&self, _key: &str) -> Vec<String> {
        Vec::new()
    }
    fn values(&self, _key: &str) -> Vec<(String, RegValue)> {
        Vec::new()
    }
    fn value(&self, _key: &str, _name: &str) -> Option<RegValue> {
        None
    }
}

/// `HKEY_LOCAL_MACHINE\X` -> `HKLM\X`, without surrounding spaces or trailing backslashes.
pub fn normalise_key(key: &str) -> String {
    let key = key.trim().trim_end_matches('\\');
    let (hive, rest) = key.split_once('\\').unwrap_or((key, ""));
    let short = match hive.to_ascii_uppercase().as_str() {
        "HKEY_LOCAL_MACHINE" | "HKLM" => "HKLM",
        "HKEY_CURRENT_USER" | "HKCU" => "HKCU",
        "HKEY_USERS" | "HKU" => "HKU",
        "HKEY_CLASSES_ROOT" | "HKCR" => "HKCR",
        "HKEY_CURRENT_CONFIG" | "HKCC" => "HKCC",
        _ => hive,
    };
    if rest.is_empty() {
        short.to_owned()
    } else {
        format!("{short}\\{rest}")
    }
}

/// The largest configuration file read: bigger files are data, not settings (and a crafted
/// one must not exhaust memory).
pub const MAX_CONFIG_BYTES: u64 = 16 * 1024 * 1024;
/// The largest registry export read. A whole HKLM export is a few hundred MB of UTF-16.
pub const MAX_REGISTRY_BYTES: u64 = 768 * 1024 * 1024;

/// Why a file was not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    /// Nothing there: not a problem to report, most candidate paths do not exist.
    NotFound,
    /// Something there that could not or must not be read; listed in the report.
    Problem(ProblemKind),
    /// The scan was cancelled during the read.
    Cancelled,
}

impl ReadError {
    fn from_io(error: &std::io::Error) -> ReadError {
        match error.kind() {
            std::io::ErrorKind::NotFound => ReadError::NotFound,
            _ => ReadError::Problem(ProblemKind::from_io(error)),
        }
    }
}

/// Whether `path` (after following every link) lies inside `boundary` (canonical).
pub fn check_inside(path: &Path, boundary: &Path) -> Result<(), ReadError> {
    let real = std::fs::canonicalize(path).map_err(|e| ReadError::from_io(&e))?;
    if real.starts_with(boundary) {
        Ok(())
    } else {
        Err(ReadError::Problem(ProblemKind::OutsideSnapshot))
    }
}

/// Reads a regular file of at most `limit` bytes (see [`crate::fsutil::read_capped`]); with a
/// `boundary`, a path that leads outside it (a link, `..`) is refused too.
pub fn read_capped(
    path: &Path,
    boundary: Option<&Path>,
    limit: u64,
    cancel: &AtomicBool,
) -> Result<Vec<u8>, ReadError> {
    use crate::fsutil::CappedReadError;
    if let Some(boundary) = boundary {
        check_inside(path, boundary)?;
    }
    crate::fsutil::read_capped(path, limit, cancel).map_err(|error| match error {
        CappedReadError::NotFound => ReadError::NotFound,
        CappedReadError::NotAFile => ReadError::Problem(ProblemKind::NotAFile),
        CappedReadError::TooLarge { size, limit } => {
            ReadError::Problem(ProblemKind::TooLarge { size, limit })
        }
        CappedReadError::Cancelled => ReadError::Cancelled,
        CappedReadError::Io(error) => ReadError::from_io(&error),
    })
}

/// Read access to the machine's files, addressed by Windows paths (`C:\Program Files\...`).
pub trait FileSystem: Send + Sync {
    /// The path on this computer for a Windows path, when it exists.
    fn locate(&self, windows_path: &str) -> Option<PathBuf>;
    /// The drives to search, as (`C:`, path on this computer).
    fn drives(&self) -> Vec<(String, PathBuf)>;
    /// The Windows path of a path under one of `drives()`.
    fn windows_path(&self, local: &Path) -> Option<String>;

    /// The folder no read may leave (canonical): the snapshot's; `None` on this server.
    fn boundary(&self) -> Option<&Path> {
        None
    }

    /// A file's bytes, at most `limit` of them (see [`read_capped`]).
    fn read(
        &self,
        windows_path: &str,
        limit: u64,
        cancel: &AtomicBool,
    ) -> Result<Vec<u8>, ReadError> {
        let path = self.locate(windows_path).ok_or(ReadError::NotFound)?;
        read_capped(&path, self.boundary(), limit, cancel)
    }

    /// Names of a folder's entries, sorted; empty when the folder does not exist or lies outside
    /// the boundary.
    fn list(&self, windows_path: &str) -> std::io::Result<Vec<String>> {
        let Some(path) = self.locate(windows_path) else {
            return Ok(Vec::new());
        };
        if let Some(boundary) = self.boundary()
            && check_inside(&path, boundary).is_err()
        {
            return Ok(Vec::new());
        }
        let mut names: Vec<String> = std::fs::read_dir(path)?
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        Ok(names)
    }
}

/// Splits `C:\a\b` into (`C`, [`a`, `b`]).
fn split_windows_path(path: &str) -> Option<(char, Vec<&str>)> {
    let path = path.trim();
    let mut chars = path.chars();
    let letter = chars.next()?.to_ascii_uppercase();
    if !letter.is_ascii_alphabetic() || chars.next() != Some(':') {
        return None;
    }
    let parts = path[2..]
        .split(['\\', '/'])
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    Some((letter, parts))
}

/// Drive folders of a snapshot.
#[derive(Debug)]
pub struct SnapshotFs {
    /// Canonical, so that containment checks compare like with like.
    root: PathBuf,
}

impl SnapshotFs {
    pub fn new(root: &Path) -> Self {
        Self {
            root: std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf()),
        }
    }

    /// Finds `name` in `dir`: exactly first (fast), then ignoring case, as Windows would.
    fn child(dir: &Path, name: &str) -> Option<PathBuf> {
        let exact = dir.join(name);
        if std::fs::symlink_metadata(&exact).is_ok() {
            return Some(exact);
        }
        let mut matches: Vec<PathBuf> = std::fs::read_dir(dir)
            .ok()?
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().eq_ignore_ascii_case(name))
            .map(|e| e.path())
            .collect();
        matches.sort();
        matches.into_iter().next()
    }
}

impl FileSystem for SnapshotFs {
    fn locate(&self, windows_path: &str) -> Option<PathBuf> {
        let (letter, parts) = split_windows_path(windows_path)?;
        let drive = Self::child(&self.root, &letter.to_string())?;
        let mut path = drive.clone();
        for part in parts {
            if part == ".." {
                // As on Windows, `C:\..` is `C:\`: never above the drive's folder.
                if path != drive {
                    path.pop();
                }
                continue;
            }
            path = Self::child(&path, part)?;
        }
        Some(path)
    }

    fn boundary(&self) -> Option<&Path> {
        Some(&self.root)
    }

    fn drives(&self) -> Vec<(String, PathBuf)> {
        let mut drives: Vec<(String, PathBuf)> = std::fs::read_dir(&self.root)
            .map(|entries| {
                entries
                    .flatten()
                    .filter(|e| e.path().is_dir())
                    .filter_map(|e| {
                        let name = e.file_name().to_string_lossy().into_owned();
                        let mut chars = name.chars();
                        match (chars.next(), chars.next()) {
                            (Some(c), None) if c.is_ascii_alphabetic() => {
                                Some((format!("{}:", c.to_ascii_uppercase()), e.path()))
                            }
                            _ => None,
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        drives.sort();
        drives
    }

    fn windows_path(&self, local: &Path) -> Option<String> {
        let rest = local.strip_prefix(&self.root).ok()?;
        let mut parts = rest.components().map(|c| c.as_os_str().to_string_lossy());
        let drive = parts.next()?.to_ascii_uppercase();
        let tail: Vec<String> = parts.map(|p| p.into_owned()).collect();
        Some(format!("{drive}:\\{}", tail.join("\\")))
    }
}

/// What to scan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScanTarget {
    /// The computer Overstap runs on.
    ThisServer,
    /// A snapshot folder; the registry export defaults to the first `*.reg` in it.
    Snapshot {
        root: PathBuf,
        registry: Option<PathBuf>,
    },
}

impl ScanTarget {
    pub fn source(&self) -> crate::detect::ScanSource {
        match self {
            ScanTarget::ThisServer => crate::detect::ScanSource::ThisServer,
            ScanTarget::Snapshot { root, registry } => crate::detect::ScanSource::Snapshot {
                path: root.display().to_string(),
                registry: registry.as_ref().map(|r| r.display().to_string()),
            },
        }
    }
}

/// The machine a scan reads: files, registry and environment variables.
pub struct Machine {
    pub fs: Box<dyn FileSystem>,
    pub registry: Box<dyn Registry>,
    /// Upper-case name -> value, for `%SystemDrive%` and friends.
    env: BTreeMap<String, String>,
    /// Problems met while opening (an unreadable registry export): listed, not fatal.
    problems: Vec<ScanError>,
}

fn machine_error(path: &str, kind: ProblemKind) -> ScanError {
    ScanError {
        source_id: SourceId::Machine,
        path: path.to_owned(),
        kind,
    }
}

impl Machine {
    /// Opens a target. Fails only when there is nothing at all to scan.
    pub fn open(target: &ScanTarget) -> Result<Machine, ScanError> {
        match target {
            ScanTarget::ThisServer => Self::this_server(),
            ScanTarget::Snapshot { root, registry } => Self::snapshot(root, registry.as_deref()),
        }
    }

    pub fn from_parts(
        fs: Box<dyn FileSystem>,
        registry: Box<dyn Registry>,
        env: BTreeMap<String, String>,
    ) -> Machine {
        let mut machine = Machine {
            fs,
            registry,
            env: BTreeMap::new(),
            problems: Vec::new(),
        };
        machine.env = default_env();
        machine.env.extend(registry_env(machine.registry.as_ref()));
        machine
            .env
            .extend(env.into_iter().map(|(k, v)| (k.to_ascii_uppercase(), v)));
        machine
    }

    #[cfg(windows)]
    fn this_server() -> Result<Machine, ScanError> {
        let env = std::env::vars().collect();
        Ok(Machine::from_parts(
            Box::new(live::LiveFs),
            Box::new(live::LiveRegistry),
            env,
        ))
    }

    #[cfg(not(windows))]
    fn this_server() -> Result<Machine, ScanError> {
        Err(machine_error("", ProblemKind::NoWindows))
    }

    fn snapshot(root: &Path, registry: Option<&Path>) -> Result<Machine, ScanError> {
        if !root.is_dir() {
            return Err(machine_error(
                &root.display().to_string(),
                ProblemKind::Io {
                    detail: "not a folder".into(),
                },
            ));
        }
        let registry_file = registry
            .map(Path::to_path_buf)
            .or_else(|| first_reg_file(root));
        let mut problems = Vec::new();
        let registry: Box<dyn Registry> = match registry_file {
            None => Box::new(EmptyRegistry),
            Some(file) => {
                let shown = file.display().to_string();
                // Named by the partner, so it may lie anywhere; its size is capped all the same.
                let never = AtomicBool::new(false);
                match read_capped(&file, None, MAX_REGISTRY_BYTES, &never) {
                    Ok(bytes) => match super::regfile::parse_bytes(&bytes) {
                        Ok(export) => {
                            if !export.skipped_lines.is_empty() {
                                let lines: Vec<String> =
                                    export.skipped_lines.iter().map(u32::to_string).collect();
                                problems.push(machine_error(
                                    &shown,
                                    ProblemKind::MalformedRegistry {
                                        detail: format!(
                                            "lines not understood: {}",
                                            lines.join(", ")
                                        ),
                                    },
                                ));
                            }
                            Box::new(export)
                        }
                        Err(kind) => {
                            problems.push(machine_error(&shown, kind));
                            Box::new(EmptyRegistry)
                        }
                    },
                    Err(err) => {
                        let kind = match err {
                            ReadError::Problem(kind) => kind,
                            ReadError::NotFound => ProblemKind::Io {
                                detail: "no such file".into(),
                            },
                            ReadError::Cancelled => ProblemKind::Io {
                                detail: "cancelled".into(),
                            },
                        };
                        problems.push(machine_error(&shown, kind));
                        Box::new(EmptyRegistry)
                    }
                }
            }
        };
        let mut machine =
            Machine::from_parts(Box::new(SnapshotFs::new(root)), registry, BTreeMap::new());
        machine.problems = problems;
        Ok(machine)
    }

    pub fn problems(&self) -> &[ScanError] {
        &self.problems
    }

    /// Replaces `%NAME%` by the machine's environment variable; unknown names stay as written.
    pub fn expand(&self, text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find('%') {
            out.push_str(&rest[..start]);
            let after = &rest[start + 1..];
            match after.find('%') {
                Some(end) => {
                    let name = &after[..end];
                    match self.env.get(&name.to_ascii_uppercase()) {
                        Some(value) if !name.is_empty() => {
                            out.push_str(value);
                            rest = &after[end + 1..];
                        }
                        _ => {
                            out.push('%');
                            rest = after;
                        }
                    }
                }
                None => {
                    out.push_str(&rest[start..]);
                    rest = "";
                }
            }
        }
        out.push_str(rest);
        out
    }

    pub fn env(&self, name: &str) -> Option<&str> {
        self.env.get(&name.to_ascii_uppercase()).map(String::as_str)
    }
}

/// The folder on this computer for a Windows folder of the scanned machine: inside the snapshot
/// when one was scanned, the path itself on this server.
pub fn local_folder(snapshot_root: Option<&Path>, windows_folder: &str) -> PathBuf {
    match snapshot_root {
        Some(root) => SnapshotFs::new(root)
            .locate(windows_folder)
            .unwrap_or_else(|| root.to_path_buf()),
        None => PathBuf::from(windows_folder),
    }
}

/// The first `*.reg` file in the snapshot folder, by name.
pub fn first_reg_file(root: &Path) -> Option<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            // Not only regular files: a FIFO or device named *.reg is then refused (and listed)
            // by the capped read instead of being passed over in silence.
            !p.is_dir()
                && p.extension()
                    .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case("reg"))
        })
        .collect();
    files.sort();
    files.into_iter().next()
}

/// Windows' defaults, for snapshots whose registry does not say otherwise.
fn default_env() -> BTreeMap<String, String> {
    [
        ("SYSTEMDRIVE", "C:"),
        ("SYSTEMROOT", "C:\\Windows"),
        ("WINDIR", "C:\\Windows"),
        ("PROGRAMFILES", "C:\\Program Files"),
        ("PROGRAMW6432", "C:\\Program Files"),
        ("PROGRAMFILES(X86)", "C:\\Program Files (x86)"),
        ("COMMONPROGRAMFILES", "C:\\Program Files\\Common Files"),
        ("PROGRAMDATA", "C:\\ProgramData"),
        ("ALLUSERSPROFILE", "C:\\ProgramData"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

/// Variables the registry defines (system environment, program folders).
fn registry_env(registry: &dyn Registry) -> BTreeMap<String, String> {
    let mut env = BTreeMap::new();
    for (key, name, var) in [
        (
            "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion",
            "SystemRoot",
            "SYSTEMROOT",
        ),
        (
            "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion",
            "ProgramFilesDir",
            "PROGRAMFILES",
        ),
        (
            "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion",
            "ProgramFilesDir (x86)",
            "PROGRAMFILES(X86)",
        ),
    ] {
        if let Some(value) = registry.value(key, name).and_then(|v| v.as_text()) {
            env.insert(var.to_owned(), value);
        }
    }
    if let Some(root) = env.get("SYSTEMROOT").cloned() {
        env.insert("WINDIR".into(), root.clone());
        if let Some(drive) = root.get(..2) {
            env.insert("SYSTEMDRIVE".into(), drive.to_owned());
        }
    }
    for (name, value) in
        registry.values("HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment")
    {
        if let Some(text) = value.as_text() {
            env.insert(name.to_ascii_uppercase(), text);
        }
    }
    env
}

/// This Windows server: the real drives and the live registry (64-bit view, so a 32-bit build
/// still sees both `SOFTWARE` and `SOFTWARE\WOW6432Node`).
#[cfg(windows)]
mod live {
    use std::path::{Path, PathBuf};

    use winreg::RegKey;
    use winreg::enums::{
        HKEY_CLASSES_ROOT, HKEY_CURRENT_CONFIG, HKEY_CURRENT_USER, HKEY_LOCAL_MACHINE, HKEY_USERS,
        KEY_READ, KEY_WOW64_64KEY, RegType,
    };

    use super::{FileSystem, RegValue, Registry, normalise_key};

    pub struct LiveFs;

    impl FileSystem for LiveFs {
        fn locate(&self, windows_path: &str) -> Option<PathBuf> {
            let path = PathBuf::from(windows_path);
            std::fs::symlink_metadata(&path).ok().map(|_| path)
        }

        fn drives(&self) -> Vec<(String, PathBuf)> {
            ('C'..='Z')
                .map(|letter| (format!("{letter}:"), PathBuf::from(format!("{letter}:\\"))))
                .filter(|(_, path)| path.is_dir())
                .collect()
        }

        fn windows_path(&self, local: &Path) -> Option<String> {
            Some(local.display().to_string())
        }
    }

    pub struct LiveRegistry;

    fn open(key: &str) -> Option<RegKey> {
        let key = normalise_key(key);
        let (hive, path) = key.split_once('\\').unwrap_or((key.as_str(), ""));
        let root = match hive {
            "HKLM" => HKEY_LOCAL_MACHINE,
            "HKCU" => HKEY_CURRENT_USER,
            "HKU" => HKEY_USERS,
            "HKCR" => HKEY_CLASSES_ROOT,
            "HKCC" => HKEY_CURRENT_CONFIG,
            _ => return None,
        };
        RegKey::predef(root)
            .open_subkey_with_flags(path, KEY_READ | KEY_WOW64_64KEY)
            .ok()
    }

    fn utf16(bytes: &[u8]) -> String {
        crate::detect::regfile::utf16_string(bytes)
    }

    fn convert(value: &winreg::RegValue) -> RegValue {
        let bytes: &[u8] = &value.bytes;
        match value.vtype {
            RegType::REG_SZ => RegValue::Sz(utf16(bytes)),
            RegType::REG_EXPAND_SZ => RegValue::ExpandSz(utf16(bytes)),
            RegType::REG_MULTI_SZ => RegValue::MultiSz(
                utf16(bytes)
                    .split('\0')
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect(),
            ),
            RegType::REG_DWORD if bytes.len() >= 4 => {
                RegValue::Dword(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
            }
            RegType::REG_QWORD if bytes.len() >= 8 => {
                let mut b = [0u8; 8];
                b.copy_from_slice(&bytes[..8]);
                RegValue::Qword(u64::from_le_bytes(b))
            }
            _ => RegValue::Binary(bytes.to_vec()),
        }
    }

    impl Registry for LiveRegistry {
        fn subkeys(&self, key: &str) -> Vec<String> {
            let mut names: Vec<String> = open(key)
                .map(|k| k.enum_keys().filter_map(Result::ok).collect())
                .unwrap_or_default();
            names.sort_by_key(|n| n.to_lowercase());
            names
        }

        fn values(&self, key: &str) -> Vec<(String, RegValue)> {
            let mut values: Vec<(String, RegValue)> = open(key)
                .map(|k| {
                    k.enum_values()
                        .filter_map(Result::ok)
                        .map(|(name, value)| (name, convert(&value)))
                        .collect()
                })
                .unwrap_or_default();
            values.sort_by_key(|(n, _)| n.to_lowercase());
            values
        }

        fn value(&self, key: &str, name: &str) -> Option<RegValue> {
            open(key)?.get_raw_value(name).ok().map(|v| convert(&v))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_paths_map_into_a_snapshot_ignoring_case() {
        let dir = tempfile::tempdir().expect("tempdir");
        let site = dir.path().join("C/inetpub/wwwroot/Portal");
        std::fs::create_dir_all(&site).expect("mkdir");
        std::fs::write(site.join("Web.config"), "<configuration/>").expect("write");
        let fs = SnapshotFs::new(dir.path());
        let found = fs
            .locate("c:\\INETPUB\\wwwroot\\portal\\web.CONFIG")
            .expect("found");
        assert_eq!(found, site.join("Web.config"));
        assert_eq!(
            fs.windows_path(&found).as_deref(),
            Some("C:\\inetpub\\wwwroot\\Portal\\Web.config")
        );
        assert!(fs.locate("D:\\nothing").is_none());
        assert!(fs.locate("relative\\path").is_none());
        assert_eq!(fs.drives(), vec![("C:".to_owned(), dir.path().join("C"))]);
    }

    #[test]
    fn environment_variables_expand_from_defaults_and_registry() {
        let mut registry = crate::detect::regfile::parse(
            "Windows Registry Editor Version 5.00\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion]\n\"SystemRoot\"=\"D:\\\\WINDOWS\"\n",
        )
        .expect("parses");
        registry.skipped_lines.clear();
        let machine = Machine::from_parts(
            Box::new(SnapshotFs::new(Path::new("/nonexistent"))),
            Box::new(registry),
            BTreeMap::new(),
        );
        assert_eq!(
            machine.expand("%SystemDrive%\\inetpub\\wwwroot"),
            "D:\\inetpub\\wwwroot"
        );
        assert_eq!(
            machine.expand("%windir%\\System32\\inetsrv"),
            "D:\\WINDOWS\\System32\\inetsrv"
        );
        assert_eq!(machine.expand("%UNKNOWN%\\x 100%"), "%UNKNOWN%\\x 100%");
        assert_eq!(
            machine.expand("%ProgramFiles(x86)%\\A"),
            "C:\\Program Files (x86)\\A"
        );
    }

    #[test]
    fn this_server_without_windows_says_so() {
        if cfg!(windows) {
            return;
        }
        let error = Machine::open(&ScanTarget::ThisServer)
            .err()
            .expect("no Windows here");
        assert_eq!(error.kind, ProblemKind::NoWindows);
    }
}
