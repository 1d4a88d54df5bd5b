//! Writing the new settings back, boringly safely: it touches a customer's production server.
//!
//! One change is one file: its bytes are re-read and must still hash to what was planned (a file
//! changed since the scan is refused), the original goes to a backup store with a manifest
//! *before* anything is written, the new bytes replace the file atomically (a temporary file
//! beside it, flushed, then put in place keeping the file's ACL on Windows), the file is read
//! back and must hold exactly the new bytes, and the caller's re-detection must classify the
//! setting as planned. Any failure after the backup restores the original and says so. Undo puts
//! the backed-up bytes back, refused when the file changed after our write.
//!
//! Only the bytes of the changed values change ([`locate`] finds them; the text is decoded and
//! encoded again in its own encoding, [`crate::detect::text::decode_exact`], and a file that does
//! not round-trip is refused). The file system is behind [`WriteFs`] so the tests inject a failure
//! at every step and check that nothing is lost.

pub mod json_span;
pub mod locate;
pub mod store;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::Digest as _;

pub use store::{BackupStore, ChangeState, ManifestEntry};

/// Where legacy applications send instead of Exchange Online: a relay that needs no password.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelayTarget {
    pub host: String,
    pub port: u16,
    /// Whether the application should use STARTTLS/SSL towards the relay.
    pub tls: bool,
}

impl RelayTarget {
    /// Parses `host:port` (`127.0.0.1:2525`, `[::1]:25`); the host must be a plain host name or
    /// address, since it is written into configuration files.
    pub fn parse(text: &str, tls: bool) -> Option<RelayTarget> {
        let parsed = crate::catalog::rules::HostPort::parse(text);
        let host_ok = !parsed.host.is_empty()
            && parsed
                .host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'));
        let written = text.trim().to_ascii_lowercase();
        (host_ok && !written.contains(['@', '/', ';', '?', '#', ' '])).then(|| RelayTarget {
            host: parsed.host,
            port: parsed.port.unwrap_or(25),
            tls,
        })
    }

    pub fn display(&self) -> String {
        crate::catalog::rules::HostPort {
            host: self.host.clone(),
            port: Some(self.port),
        }
        .display()
    }
}

/// Why a change was not made. Every variant leaves the file as it was (or restored).
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("this setting is not changed by writing its file")]
    NotWritable,
    #[error("the setting was not found in the file where the scan saw it")]
    NotFoundInFile,
    #[error("the file changed since the scan; scan again before changing it")]
    ChangedSinceScan,
    #[error("the file changed after Overstap wrote it; undo would overwrite that change")]
    ChangedAfterWrite,
    #[error("the file cannot be read back in the same encoding: {0}")]
    Encoding(String),
    #[error("no permission to write {path}")]
    PermissionDenied { path: String },
    #[error("the file read back differs from what was written; the original was restored")]
    VerifyFailed,
    #[error(
        "after the change the setting reads as {found}, not as planned; the original was restored"
    )]
    NotAsPlanned { found: String },
    #[error("the backup is missing or damaged: {0}")]
    Backup(String),
    #[error("{action} failed: {source}; the original was restored")]
    Restored {
        action: &'static str,
        source: std::io::Error,
    },
    #[error(
        "{action} failed: {source}, and restoring the original failed too: the backup is at {backup}"
    )]
    RestoreFailed {
        action: &'static str,
        source: std::io::Error,
        backup: String,
    },
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl WriteError {
    /// The message id of the explanation (`locales/*/writeback.ftl`).
    pub fn message_id(&self) -> &'static str {
        match self {
            WriteError::NotWritable => "wb-error-not-writable",
            WriteError::NotFoundInFile => "wb-error-not-found",
            WriteError::ChangedSinceScan => "wb-error-changed-since-scan",
            WriteError::ChangedAfterWrite => "wb-error-changed-after-write",
            WriteError::Encoding(_) => "wb-error-encoding",
            WriteError::PermissionDenied { .. } => "wb-error-permission",
            WriteError::VerifyFailed => "wb-error-verify",
            WriteError::NotAsPlanned { .. } => "wb-error-not-as-planned",
            WriteError::Backup(_) => "wb-error-backup",
            WriteError::Restored { .. } => "wb-error-restored",
            WriteError::RestoreFailed { .. } => "wb-error-restore-failed",
            WriteError::Io(_) => "wb-error-io",
        }
    }

    /// Every id, for the locale check.
    pub const MESSAGE_IDS: [&'static str; 12] = [
        "wb-error-not-writable",
        "wb-error-not-found",
        "wb-error-changed-since-scan",
        "wb-error-changed-after-write",
        "wb-error-encoding",
        "wb-error-permission",
        "wb-error-verify",
        "wb-error-not-as-planned",
        "wb-error-backup",
        "wb-error-restored",
        "wb-error-restore-failed",
        "wb-error-io",
    ];

    /// The explanation in the localizer's language, with the technical detail after it.
    pub fn localize(&self, l10n: &crate::i18n::Localizer) -> String {
        let detail = self.to_string();
        l10n.tr_args(self.message_id(), &[("detail", detail.into())])
    }
}

/// SHA-256 of bytes, in hex: how the plan remembers a file's contents.
pub fn sha256(bytes: &[u8]) -> String {
    let digest = sha2::Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The file operations of a write, so that tests can fail each one.
pub trait WriteFs: Send + Sync {
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>>;
    /// Creates a new file (a backup, never an existing one's replacement) and flushes it.
    fn create_new(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()>;
    /// Replaces `target`'s contents atomically (temporary file, flush, replace keeping the ACL).
    fn replace(&self, target: &Path, bytes: &[u8]) -> std::io::Result<()>;
    fn create_dir_all(&self, path: &Path) -> std::io::Result<()>;
    /// Fails when the process may not write `path` (checked before anything is written).
    fn check_writable(&self, path: &Path) -> std::io::Result<()>;
}

/// The real file system, with the platform's ACL-keeping replace.
pub struct RealFs {
    replacer: Box<dyn crate::platform::FileReplace>,
}

impl RealFs {
    pub fn new() -> RealFs {
        RealFs {
            replacer: Box::new(crate::platform::Native),
        }
    }
}

impl Default for RealFs {
    fn default() -> Self {
        RealFs::new()
    }
}

impl WriteFs for RealFs {
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        std::fs::read(path)
    }

    fn create_new(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        use std::io::Write as _;
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)?;
        file.write_all(bytes)?;
        file.sync_all()
    }

    fn replace(&self, target: &Path, bytes: &[u8]) -> std::io::Result<()> {
        crate::platform::replace_contents(self.replacer.as_ref(), target, bytes)
    }

    fn create_dir_all(&self, path: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(path)
    }

    fn check_writable(&self, path: &Path) -> std::io::Result<()> {
        // Opening for writing without truncating changes nothing, and fails exactly when the
        // write would (read-only attribute, ACL, a file locked by another program on Windows).
        std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map(|_| ())?;
        // The replacement is created beside the file: the folder must take a new file too.
        let dir = path.parent().unwrap_or(Path::new("."));
        let probe = dir.join(format!(".overstap-probe-{}", std::process::id()));
        std::fs::File::create(&probe)?;
        std::fs::remove_file(&probe)
    }
}

/// One file to change: where it is (on this computer and as the scan named it), what it must
/// hold now, and what it will hold.
#[derive(Clone, Debug)]
pub struct FileChange {
    pub local: PathBuf,
    pub windows_path: String,
    pub before_sha256: String,
    pub after: Vec<u8>,
    /// What the change is for, shown in the manifest (`iis: Portal mailSettings -> relay`).
    pub label: String,
}

/// Decodes `bytes`, applies `edits` to the text and encodes it again in the same encoding.
pub fn edited_bytes(bytes: &[u8], edits: &[locate::ValueEdit]) -> Result<Vec<u8>, WriteError> {
    let (text, encoding) = crate::detect::text::decode_exact(bytes)
        .map_err(|kind| WriteError::Encoding(kind.to_string()))?;
    let mut sorted: Vec<locate::ValueEdit> = edits.to_vec();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    // Two removals that share white space (`userName="..." password="..."`) become one.
    let mut merged: Vec<locate::ValueEdit> = Vec::with_capacity(sorted.len());
    for edit in sorted {
        match merged.last_mut() {
            Some(last)
                if edit.span.start < last.span.end
                    && last.new.is_empty()
                    && edit.new.is_empty() =>
            {
                last.span.end = last.span.end.max(edit.span.end);
            }
            _ => merged.push(edit),
        }
    }
    // A removal that opens a line takes the spaces after it, so the next item keeps the
    // line's indentation exactly.
    for edit in merged.iter_mut().filter(|e| e.new.is_empty()) {
        let opens_line = text[..edit.span.start]
            .rsplit('\n')
            .next()
            .is_some_and(|head| head.chars().all(|c| c == ' ' || c == '\t'));
        if opens_line {
            let rest = &text[edit.span.end..];
            let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
            edit.span.end += spaces;
        }
    }
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for edit in &merged {
        if edit.span.start < at
            || edit.span.end > text.len()
            || !text.is_char_boundary(edit.span.start)
            || !text.is_char_boundary(edit.span.end)
        {
            return Err(WriteError::NotFoundInFile);
        }
        out.push_str(&text[at..edit.span.start]);
        out.push_str(&edit.new);
        at = edit.span.end;
    }
    out.push_str(&text[at..]);
    Ok(encoding.encode(&out))
}

/// Applies one change through `fs`, backing up into `store`. `redetect` reads the new bytes as
/// the scan would and says whether the setting now classifies as planned (`Err(found)` if not).
pub fn apply(
    fs: &dyn WriteFs,
    store: &BackupStore,
    change: &FileChange,
    redetect: &dyn Fn(&[u8]) -> Result<(), String>,
) -> Result<ManifestEntry, WriteError> {
    let original = fs.read(&change.local)?;
    if sha256(&original) != change.before_sha256 {
        return Err(WriteError::ChangedSinceScan);
    }
    fs.check_writable(&change.local)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
                WriteError::PermissionDenied {
                    path: change.windows_path.clone(),
                }
            }
            _ => WriteError::Io(e),
        })?;
    // The backup and the manifest entry exist before the file is touched.
    let mut entry = store.record(fs, change, &original)?;
    let restore = |action: &'static str, source: std::io::Error| -> WriteError {
        match fs.replace(&change.local, &original) {
            Ok(()) => WriteError::Restored { action, source },
            Err(_) => WriteError::RestoreFailed {
                action,
                source,
                backup: entry.backup_file.display().to_string(),
            },
        }
    };
    if let Err(source) = fs.replace(&change.local, &change.after) {
        // The replace is atomic: the old file is still there unless it half-succeeded.
        let current = fs.read(&change.local).unwrap_or_default();
        let error = if current == original {
            WriteError::Restored {
                action: "writing the new file",
                source,
            }
        } else {
            restore("writing the new file", source)
        };
        store.set_state(fs, &mut entry, ChangeState::Failed)?;
        return Err(error);
    }
    let written = match fs.read(&change.local) {
        Ok(bytes) => bytes,
        Err(source) => {
            let error = restore("reading the file back", source);
            store.set_state(fs, &mut entry, ChangeState::Failed)?;
            return Err(error);
        }
    };
    if written != change.after {
        let _ = fs.replace(&change.local, &original);
        store.set_state(fs, &mut entry, ChangeState::Failed)?;
        return Err(WriteError::VerifyFailed);
    }
    if let Err(found) = redetect(&written) {
        let _ = fs.replace(&change.local, &original);
        store.set_state(fs, &mut entry, ChangeState::Failed)?;
        return Err(WriteError::NotAsPlanned { found });
    }
    store.set_state(fs, &mut entry, ChangeState::Applied)?;
    Ok(entry)
}

/// Puts the backed-up original back, if the file still holds what Overstap wrote.
pub fn undo(
    fs: &dyn WriteFs,
    store: &BackupStore,
    entry: &mut ManifestEntry,
) -> Result<(), WriteError> {
    let current = fs.read(&entry.local)?;
    if sha256(&current) != entry.after_sha256 {
        return Err(WriteError::ChangedAfterWrite);
    }
    let original = fs
        .read(&entry.backup_file)
        .map_err(|e| WriteError::Backup(e.to_string()))?;
    if sha256(&original) != entry.before_sha256 {
        return Err(WriteError::Backup(
            "the backup does not match its recorded hash".into(),
        ));
    }
    fs.replace(&entry.local, &original)?;
    if fs.read(&entry.local)? != original {
        return Err(WriteError::VerifyFailed);
    }
    store.set_state(fs, entry, ChangeState::Undone)?;
    Ok(())
}
