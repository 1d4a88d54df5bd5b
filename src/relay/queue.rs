//! The durable queue: a message is on disk before the client hears `250`.
//!
//! Each accepted message is one file, `queue/<id>.msg`: a first line naming the format, a line of
//! JSON with the envelope, then the message exactly as received. It is written to a temporary
//! name, flushed (`fsync`), renamed into place and the folder flushed, so after a crash a message
//! is either whole in the queue or was never acknowledged. A full disk is `QueueError::Full`,
//! which the server answers with `452` (try again later), never `250`.
//!
//! Delivery state lives beside the message (`<id>.retry`, replaced atomically). A delivered
//! message is removed (and the folder flushed) right after the upstream accepted it; a crash in
//! between sends it again, with the same `Message-ID` (the relay adds one derived from the queue
//! id when the application sent none), which Exchange Online uses to drop the duplicate. A
//! message that cannot be delivered moves to `dead/` with a `.json` that says why.
//!
//! Ids sort by arrival: seconds and nanoseconds of the clock, the process id and a counter.

use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

const MAGIC: &[u8] = b"OVERSTAP-QUEUE 1\n";
const MESSAGE: &str = "msg";
const RETRY: &str = "retry";
const REASON: &str = "json";

/// Who sent what to whom. `from` is empty for a bounce (the null sender `<>`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    pub id: String,
    pub from: String,
    pub to: Vec<String>,
    pub received_at: DateTime<Utc>,
    /// The client's address (for the log and the dead letter).
    pub client: String,
    /// The mailbox the relay sends this message as (the sender policy's decision).
    pub send_as: String,
}

/// Where a message stands in its delivery.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetryState {
    pub attempts: u32,
    pub next_at: Option<DateTime<Utc>>,
    /// The last failure, already redacted.
    pub last_error: String,
}

/// Why a message went to the dead-letter folder.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadLetter {
    pub envelope: Envelope,
    pub at: DateTime<Utc>,
    pub attempts: u32,
    pub reason: String,
    /// Whether a bounce to the sender was queued.
    pub bounced: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    /// No space left on the queue's disk: the client is told to try later.
    #[error("the queue's disk is full")]
    Full,
    #[error("queue: {0}")]
    Io(#[from] std::io::Error),
    #[error("queue file {0} is damaged")]
    Damaged(String),
}

/// The queue in the relay's folder.
pub struct Queue {
    dir: PathBuf,
    dead: PathBuf,
    counter: AtomicU64,
}

/// What `overstap relay status` prints.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueStatus {
    /// Never tried yet.
    pub waiting: usize,
    /// Tried at least once, to be tried again.
    pub retrying: usize,
    pub dead: usize,
    /// When the oldest message in the queue arrived.
    pub oldest: Option<DateTime<Utc>>,
}

impl QueueStatus {
    /// Nothing waiting and nothing undeliverable.
    pub fn is_empty(&self) -> bool {
        self.waiting + self.retrying + self.dead == 0
    }
}

fn full_or_io(error: std::io::Error) -> QueueError {
    // ENOSPC (28) and EDQUOT (122) on Linux; ERROR_DISK_FULL (112) and ERROR_HANDLE_DISK_FULL (39)
    // on Windows. `StorageFull` covers the first on current Rust.
    let full = error.kind() == std::io::ErrorKind::StorageFull
        || error.kind() == std::io::ErrorKind::QuotaExceeded
        || matches!(error.raw_os_error(), Some(28 | 122) if cfg!(unix))
        || matches!(error.raw_os_error(), Some(112 | 39) if cfg!(windows));
    if full {
        QueueError::Full
    } else {
        QueueError::Io(error)
    }
}

/// Flushes a folder's entries (the rename or removal in it) to disk. Windows journals the
/// metadata of NTFS and has no folder handle to flush through the standard library.
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    if cfg!(unix) {
        File::open(dir)?.sync_all()?;
    }
    Ok(())
}

/// Writes `parts` to `path` through a temporary file: written, flushed, renamed, folder flushed.
fn write_durably(path: &Path, parts: &[&[u8]]) -> Result<(), QueueError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp"));
    let result = (|| {
        let mut file = File::create(&tmp)?;
        for part in parts {
            file.write_all(part)?;
        }
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, path)?;
        sync_dir(dir)
    })();
    if let Err(error) = result {
        // Best effort: the half-written temporary file is useless (and takes the space).
        let _ = std::fs::remove_file(&tmp);
        return Err(full_or_io(error));
    }
    Ok(())
}

/// Whether the header section of `message` has a header called `name` (case-insensitive).
pub fn has_header(message: &[u8], name: &str) -> bool {
    header_lines(message).any(|line| {
        line.len() > name.len()
            && line[name.len()] == b':'
            && line[..name.len()].eq_ignore_ascii_case(name.as_bytes())
    })
}

/// The lines of the header section (up to the first empty line), without their line ends.
pub fn header_lines(message: &[u8]) -> impl Iterator<Item = &[u8]> {
    message
        .split(|b| *b == b'\n')
        .map(|line| line.strip_suffix(b"\r").unwrap_or(line))
        .take_while(|line| !line.is_empty())
}

impl Queue {
    /// Opens (and creates) the queue; removes what a crash left behind: temporary files (their
    /// clients never heard `250`, so they send again) and retry states of messages that were
    /// delivered or buried just before.
    pub fn open(dir: &Path, dead: &Path) -> Result<Queue, QueueError> {
        std::fs::create_dir_all(dir)?;
        std::fs::create_dir_all(dead)?;
        for entry in std::fs::read_dir(dir)?.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let orphan = name
                .strip_suffix(".retry")
                .is_some_and(|id| !dir.join(format!("{id}.{MESSAGE}")).exists());
            if (name.starts_with('.') && name.ends_with(".tmp")) || orphan {
                // Best effort: a leftover that cannot be removed now is removed at the next start.
                let _ = std::fs::remove_file(entry.path());
            }
        }
        Ok(Queue {
            dir: dir.to_path_buf(),
            dead: dead.to_path_buf(),
            counter: AtomicU64::new(0),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A new id, unique in this folder and sorting by arrival.
    pub fn new_id(&self) -> String {
        let now = Utc::now();
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        format!(
            "{:010x}{:08x}-{:x}-{n:x}",
            now.timestamp(),
            now.timestamp_subsec_nanos(),
            std::process::id()
        )
    }

    fn path(&self, id: &str, ext: &str) -> PathBuf {
        self.dir.join(format!("{id}.{ext}"))
    }

    /// Writes the message durably; returns only once it survives a crash. A message without a
    /// `Message-ID` gets one derived from its queue id, so a resend after a crash is recognised.
    pub fn accept(&self, envelope: &Envelope, message: &[u8]) -> Result<(), QueueError> {
        let header =
            serde_json::to_vec(envelope).map_err(|e| QueueError::Io(std::io::Error::other(e)))?;
        let message_id = if has_header(message, "Message-ID") {
            String::new()
        } else {
            format!("Message-ID: <{}@overstap-relay>\r\n", envelope.id)
        };
        write_durably(
            &self.path(&envelope.id, MESSAGE),
            &[MAGIC, &header, b"\n", message_id.as_bytes(), message],
        )
    }

    /// The queued ids, oldest first.
    pub fn ids(&self) -> Result<Vec<String>, QueueError> {
        let mut ids: Vec<String> = std::fs::read_dir(&self.dir)?
            .flatten()
            .filter_map(|entry| {
                let name = entry.file_name().to_string_lossy().into_owned();
                name.strip_suffix(".msg")
                    .filter(|id| !id.starts_with('.'))
                    .map(str::to_owned)
            })
            .collect();
        ids.sort();
        Ok(ids)
    }

    /// The envelope and the message of a queued id.
    pub fn load(&self, id: &str) -> Result<(Envelope, Vec<u8>), QueueError> {
        read_message(&self.path(id, MESSAGE))
    }

    pub fn retry_state(&self, id: &str) -> RetryState {
        std::fs::read(self.path(id, RETRY))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    pub fn set_retry_state(&self, id: &str, state: &RetryState) -> Result<(), QueueError> {
        let json =
            serde_json::to_vec(state).map_err(|e| QueueError::Io(std::io::Error::other(e)))?;
        write_durably(&self.path(id, RETRY), &[&json])
    }

    /// The upstream accepted the message: it leaves the queue for good.
    pub fn delivered(&self, id: &str) -> Result<(), QueueError> {
        std::fs::remove_file(self.path(id, MESSAGE))?;
        match std::fs::remove_file(self.path(id, RETRY)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
            _ => {}
        }
        sync_dir(&self.dir)?;
        Ok(())
    }

    /// Moves the message to the dead-letter folder with the reason beside it.
    pub fn bury(&self, id: &str, letter: &DeadLetter) -> Result<(), QueueError> {
        let json = serde_json::to_vec_pretty(letter)
            .map_err(|e| QueueError::Io(std::io::Error::other(e)))?;
        write_durably(&self.dead.join(format!("{id}.{REASON}")), &[&json])?;
        std::fs::rename(
            self.path(id, MESSAGE),
            self.dead.join(format!("{id}.{MESSAGE}")),
        )?;
        sync_dir(&self.dead)?;
        match std::fs::remove_file(self.path(id, RETRY)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
            _ => {}
        }
        sync_dir(&self.dir)?;
        Ok(())
    }

    /// The dead letters, oldest first.
    pub fn dead_letters(&self) -> Vec<DeadLetter> {
        let mut letters: Vec<DeadLetter> = std::fs::read_dir(&self.dead)
            .map(|entries| {
                entries
                    .flatten()
                    .filter(|e| e.file_name().to_string_lossy().ends_with(".json"))
                    .filter_map(|e| std::fs::read(e.path()).ok())
                    .filter_map(|bytes| serde_json::from_slice(&bytes).ok())
                    .collect()
            })
            .unwrap_or_default();
        letters.sort_by(|a: &DeadLetter, b| a.envelope.id.cmp(&b.envelope.id));
        letters
    }

    pub fn status(&self) -> QueueStatus {
        let mut status = QueueStatus::default();
        for id in self.ids().unwrap_or_default() {
            if self.path(&id, RETRY).exists() {
                status.retrying += 1;
            } else {
                status.waiting += 1;
            }
            if status.oldest.is_none() {
                status.oldest = self.load(&id).ok().map(|(env, _)| env.received_at);
            }
        }
        status.dead = self.dead_letters().len();
        status
    }
}

/// Reads one queue file.
pub fn read_message(path: &Path) -> Result<(Envelope, Vec<u8>), QueueError> {
    let bytes = std::fs::read(path)?;
    let damaged = || QueueError::Damaged(path.display().to_string());
    let rest = bytes.strip_prefix(MAGIC).ok_or_else(damaged)?;
    let end = rest.iter().position(|b| *b == b'\n').ok_or_else(damaged)?;
    let envelope: Envelope = serde_json::from_slice(&rest[..end]).map_err(|_| damaged())?;
    Ok((envelope, rest[end + 1..].to_vec()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn envelope(queue: &Queue) -> Envelope {
        Envelope {
            id: queue.new_id(),
            from: "erp@contoso.nl".into(),
            to: vec!["klant@example.com".into()],
            received_at: Utc::now(),
            client: "127.0.0.1".into(),
            send_as: "erp@contoso.nl".into(),
        }
    }

    #[test]
    fn accepted_messages_come_back_whole_and_in_order() {
        let dir = tempfile::tempdir().expect("tempdir");
        let queue = Queue::open(&dir.path().join("q"), &dir.path().join("d")).expect("open");
        let first = envelope(&queue);
        let second = envelope(&queue);
        queue
            .accept(&first, b"Message-ID: <a@b>\r\nSubject: one\r\n\r\nbody\r\n")
            .expect("accept");
        queue
            .accept(&second, b"Subject: two\r\n\r\nbody\r\n")
            .expect("accept");
        assert_eq!(
            queue.ids().expect("ids"),
            vec![first.id.clone(), second.id.clone()]
        );
        let (env, message) = queue.load(&first.id).expect("load");
        assert_eq!(env, first);
        assert_eq!(
            message,
            b"Message-ID: <a@b>\r\nSubject: one\r\n\r\nbody\r\n"
        );
        let (_, message) = queue.load(&second.id).expect("load");
        assert!(
            message
                .starts_with(format!("Message-ID: <{}@overstap-relay>\r\n", second.id).as_bytes())
        );
        assert_eq!(queue.status().waiting, 2);

        queue
            .set_retry_state(
                &first.id,
                &RetryState {
                    attempts: 1,
                    ..RetryState::default()
                },
            )
            .expect("retry");
        assert_eq!(queue.status().retrying, 1);
        queue.delivered(&first.id).expect("delivered");
        let letter = DeadLetter {
            envelope: second.clone(),
            at: Utc::now(),
            attempts: 3,
            reason: "550 5.1.1 no such user".into(),
            bounced: false,
        };
        queue.bury(&second.id, &letter).expect("bury");
        assert!(queue.ids().expect("ids").is_empty());
        assert_eq!(queue.dead_letters(), vec![letter]);
        assert_eq!(
            queue.status(),
            QueueStatus {
                dead: 1,
                ..QueueStatus::default()
            }
        );
    }

    #[test]
    fn leftovers_of_a_crash_are_cleared_and_never_delivered() {
        let dir = tempfile::tempdir().expect("tempdir");
        let q = dir.path().join("q");
        std::fs::create_dir_all(&q).expect("mkdir");
        std::fs::write(q.join(".1234.msg.tmp"), b"half").expect("write");
        std::fs::write(q.join("5678.retry"), b"{}").expect("write");
        let queue = Queue::open(&q, &dir.path().join("d")).expect("open");
        assert!(queue.ids().expect("ids").is_empty());
        assert!(!q.join(".1234.msg.tmp").exists());
        assert!(
            !q.join("5678.retry").exists(),
            "a retry state without its message"
        );
    }

    #[test]
    fn headers_are_found_only_in_the_header_section() {
        let message = b"Subject: x\r\nmessage-id: <1@x>\r\n\r\nFrom: not a header\r\n";
        assert!(has_header(message, "Message-ID"));
        assert!(!has_header(message, "From"));
    }
}
