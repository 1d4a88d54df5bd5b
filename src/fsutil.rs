//! File writes that never leave a half-written file behind.

use std::io::Write as _;
use std::path::Path;

/// A file the admin asked for (a script, a document, the settings) that could not be written or
/// read: the path and the system's reason, worded in both languages by the kind of failure.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {source}")]
pub struct FileError {
    pub path: String,
    #[source]
    pub source: std::io::Error,
}

impl FileError {
    pub fn new(path: &Path, source: std::io::Error) -> FileError {
        FileError {
            path: path.display().to_string(),
            source,
        }
    }

    /// The bilingual message; the system's own text only where no kind says more.
    pub fn message(&self) -> crate::i18n::Message {
        io_message(&self.path, &self.source)
    }

    /// Every message id, for the translation tests.
    pub const MESSAGE_IDS: [&'static str; 5] = [
        "file-error-not-found",
        "file-error-permission",
        "file-error-full",
        "file-error-read-only",
        "file-error-other",
    ];
}

/// What went wrong with the file at `path`, worded in both languages by the kind of failure;
/// the system's own text only where no kind says more.
pub fn io_message(path: &str, error: &std::io::Error) -> crate::i18n::Message {
    use std::io::ErrorKind;
    let path = ("path", path.to_owned());
    let id = match error.kind() {
        ErrorKind::NotFound => "file-error-not-found",
        ErrorKind::PermissionDenied => "file-error-permission",
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => "file-error-full",
        ErrorKind::ReadOnlyFilesystem => "file-error-read-only",
        _ => {
            return crate::i18n::Message::new(
                "file-error-other",
                vec![path, ("detail", error.to_string())],
            );
        }
    };
    crate::i18n::Message::new(id, vec![path])
}

/// Writes `contents` to a temporary file in the target's folder, flushes it to disk and renames it
/// over the target. A crash or a full disk leaves either the old file or the new one, never a
/// truncated mix.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    let tmp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(contents)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        // Best effort: the temporary file is ours and useless after a failure.
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("sub").join("a.json");
        write_atomic(&path, b"one").expect("first");
        write_atomic(&path, b"two").expect("second");
        assert_eq!(std::fs::read(&path).expect("read"), b"two");
        let names: Vec<_> = std::fs::read_dir(path.parent().expect("parent"))
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn failure_keeps_the_old_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.json");
        write_atomic(&path, b"old").expect("first");
        // A directory where the temporary file should go makes the write fail.
        let blocker = dir
            .path()
            .join(format!(".a.json.{}.tmp", std::process::id()));
        std::fs::create_dir(&blocker).expect("mkdir");
        assert!(write_atomic(&path, b"new").is_err());
        assert_eq!(std::fs::read(&path).expect("read"), b"old");
    }
}
