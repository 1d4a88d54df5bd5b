//! The relay's log: a rolling file in the relay folder, the Windows event log when it runs as a
//! service, and the terminal when it runs in the foreground.
//!
//! What is logged: queue ids, addresses, sizes, reply codes and redacted server answers. Never a
//! message body, a token or the client secret: every line passes `redact`, which cuts each
//! secret the relay was told about (the client secret, the AUTH password, every token it got).

use std::io::Write as _;
use std::path::PathBuf;
use std::sync::Mutex;

/// How serious a line is; the event log has the same three kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Info,
    Warning,
    Error,
}

impl Level {
    fn key(self) -> &'static str {
        match self {
            Level::Info => "INFO",
            Level::Warning => "WARN",
            Level::Error => "ERROR",
        }
    }
}

/// Somewhere besides the file that lines go (the event log, the terminal).
pub trait LogSink: Send + Sync {
    fn write(&self, level: Level, text: &str);
}

/// The terminal of `overstap relay run`.
pub struct Stderr;

impl LogSink for Stderr {
    fn write(&self, level: Level, text: &str) {
        eprintln!("{} {text}", level.key());
    }
}

/// Rotated at this size; `relay.log.1` .. `relay.log.5` keep the older lines.
pub const MAX_LOG_BYTES: u64 = 1024 * 1024;
const KEPT_FILES: u32 = 5;
/// Tokens change every hour; the most recent ones are remembered for redaction.
const KEPT_SECRETS: usize = 16;

pub struct RelayLog {
    file: Option<PathBuf>,
    sinks: Vec<Box<dyn LogSink>>,
    state: Mutex<LogState>,
}

#[derive(Default)]
struct LogState {
    /// Pinned secrets first, then the recent tokens.
    secrets: Vec<String>,
    pinned: usize,
    written: Option<u64>,
}

impl RelayLog {
    /// A log into `dir/relay.log` (when given) and the sinks.
    pub fn new(dir: Option<PathBuf>, sinks: Vec<Box<dyn LogSink>>) -> RelayLog {
        let file = dir.and_then(|dir| {
            std::fs::create_dir_all(&dir).ok()?;
            Some(dir.join("relay.log"))
        });
        RelayLog {
            file,
            sinks,
            state: Mutex::new(LogState::default()),
        }
    }

    /// Never write `secret` (the client secret, a password) in any line, for as long as the
    /// relay runs.
    pub fn forbid(&self, secret: &str) {
        self.remember(secret, true);
    }

    /// Never write `token` in any line; only the most recent tokens are remembered (they
    /// expire within the hour and are not used again).
    pub fn forbid_token(&self, token: &str) {
        self.remember(token, false);
    }

    fn remember(&self, secret: &str, pinned: bool) {
        if secret.len() < 4 {
            return;
        }
        if let Ok(mut state) = self.state.lock()
            && !state.secrets.iter().any(|s| s == secret)
        {
            if pinned {
                state.secrets.insert(0, secret.to_owned());
                state.pinned += 1;
            } else {
                state.secrets.push(secret.to_owned());
                let over = state
                    .secrets
                    .len()
                    .saturating_sub(state.pinned + KEPT_SECRETS);
                let first = state.pinned;
                state.secrets.drain(first..first + over);
            }
        }
    }

    pub fn info(&self, text: &str) {
        self.line(Level::Info, text);
    }

    pub fn warn(&self, text: &str) {
        self.line(Level::Warning, text);
    }

    pub fn error(&self, text: &str) {
        self.line(Level::Error, text);
    }

    pub fn line(&self, level: Level, text: &str) {
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        let mut text: String = text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        for secret in &state.secrets {
            text = text.replace(secret.as_str(), "[redacted]");
        }
        for sink in &self.sinks {
            sink.write(level, &text);
        }
        let Some(path) = &self.file else { return };
        let line = format!(
            "{} {} {text}\n",
            chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S%.3fZ"),
            level.key()
        );
        let written = *state
            .written
            .get_or_insert_with(|| std::fs::metadata(path).map(|m| m.len()).unwrap_or(0));
        if written + line.len() as u64 > MAX_LOG_BYTES {
            rotate(path);
            state.written = Some(0);
        }
        // A log line that cannot be written (a full disk) must not stop the relay; the queue
        // answers for itself.
        if let Ok(mut file) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            && file.write_all(line.as_bytes()).is_ok()
        {
            state.written = Some(state.written.unwrap_or(0) + line.len() as u64);
        }
    }
}

fn rotate(path: &std::path::Path) {
    let numbered = |n: u32| PathBuf::from(format!("{}.{n}", path.display()));
    // Best effort throughout: a file that cannot be moved is written over next time.
    let _ = std::fs::remove_file(numbered(KEPT_FILES));
    for n in (1..KEPT_FILES).rev() {
        let _ = std::fs::rename(numbered(n), numbered(n + 1));
    }
    let _ = std::fs::rename(path, numbered(1));
}

/// The Windows event log (a no-op elsewhere).
pub struct EventLogSink;

impl LogSink for EventLogSink {
    fn write(&self, level: Level, text: &str) {
        use crate::platform::{EventKind, EventLog as _};
        let kind = match level {
            // One event per accepted message would flood the Application log: of the
            // information lines only the start goes there (the file has them all).
            Level::Info if !text.starts_with("relay listening") => return,
            Level::Info => EventKind::Information,
            Level::Warning => EventKind::Warning,
            Level::Error => EventKind::Error,
        };
        crate::platform::Native.report(kind, text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_reach_the_file_and_the_file_rolls() {
        let dir = tempfile::tempdir().expect("tempdir");
        let log = RelayLog::new(Some(dir.path().to_path_buf()), vec![]);
        log.forbid("PLANTED-SECRET-1234");
        for n in 0..40 {
            log.forbid_token(&format!("token-number-{n:04}"));
        }
        log.info("token PLANTED-SECRET-1234 refused\nsecond line token-number-0039");
        let text = std::fs::read_to_string(dir.path().join("relay.log")).expect("read");
        assert!(!text.contains("PLANTED"), "{text}");
        assert!(
            text.contains("token [redacted] refused second line"),
            "{text}"
        );
        let long = "x".repeat(4096);
        for _ in 0..(2 * MAX_LOG_BYTES / 4096) {
            log.info(&long);
        }
        assert!(dir.path().join("relay.log.1").exists());
        assert!(
            std::fs::metadata(dir.path().join("relay.log"))
                .expect("meta")
                .len()
                <= MAX_LOG_BYTES
        );
    }
}
