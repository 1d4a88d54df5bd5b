//! File writes that never leave a half-written file behind, and reads that cannot hang or run
//! without end. The lowest layer: it knows files, not what is in them.

use std::io::{Read as _, Write as _};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

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

    /// For the screen: the message in the admin's language, the full text for a ticket.
    pub fn problem(&self) -> crate::i18n::Problem {
        crate::i18n::Problem::new(self.message(), self)
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

/// Why [`read_capped`] read nothing.
#[derive(Debug, thiserror::Error)]
pub enum CappedReadError {
    /// Nothing at the path.
    #[error("no such file")]
    NotFound,
    /// A folder, a FIFO, a device: never opened for reading.
    #[error("not a file")]
    NotAFile,
    /// More bytes than the caller reads at most (or it grew to that while being read).
    #[error("{size} bytes, more than the {limit} bytes read at most")]
    TooLarge { size: u64, limit: u64 },
    /// `cancel` was set during the read.
    #[error("cancelled")]
    Cancelled,
    /// What the system said.
    #[error("{0}")]
    Io(std::io::Error),
}

impl CappedReadError {
    fn from_io(error: std::io::Error) -> CappedReadError {
        match error.kind() {
            std::io::ErrorKind::NotFound => CappedReadError::NotFound,
            std::io::ErrorKind::IsADirectory => CappedReadError::NotAFile,
            _ => CappedReadError::Io(error),
        }
    }
}

/// Reads are done in pieces of this size, so a cancel is seen during a large file.
const READ_CHUNK: usize = 1024 * 1024;

/// Reads a regular file of at most `limit` bytes, in pieces, watching `cancel`. A FIFO, a device
/// (`/dev/zero` behind a link) or a folder at the path is refused before it is opened and again
/// on what was opened (the path may be replaced in between), so a read can neither hang nor run
/// without end. Every reader of a file someone else wrote (a scanned server, a partner's
/// catalogue folder) goes through here.
pub fn read_capped(
    path: &Path,
    limit: u64,
    cancel: &AtomicBool,
) -> Result<Vec<u8>, CappedReadError> {
    let meta = std::fs::metadata(path).map_err(CappedReadError::from_io)?;
    if !meta.is_file() {
        return Err(CappedReadError::NotAFile);
    }
    if meta.len() > limit {
        return Err(CappedReadError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    let file = std::fs::File::open(path).map_err(CappedReadError::from_io)?;
    let opened = file.metadata().map_err(CappedReadError::from_io)?;
    if !opened.is_file() {
        return Err(CappedReadError::NotAFile);
    }
    let mut bytes = Vec::with_capacity(usize::try_from(opened.len().min(limit)).unwrap_or(0));
    let mut reader = file.take(limit.saturating_add(1));
    let mut chunk = vec![0u8; READ_CHUNK];
    loop {
        if cancel.load(Ordering::Relaxed) {
            return Err(CappedReadError::Cancelled);
        }
        let n = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(CappedReadError::from_io(e)),
        };
        bytes.extend_from_slice(&chunk[..n]);
        if bytes.len() as u64 > limit {
            return Err(CappedReadError::TooLarge {
                size: bytes.len() as u64,
                limit,
            });
        }
    }
    Ok(bytes)
}
