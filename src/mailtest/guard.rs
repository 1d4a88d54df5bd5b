//! Protection against a mail server that misbehaves (issue 13): one that answers with the wrong
//! IMAP tag, sends endless lines, trickles a byte at a time, or never answers. Whatever it does,
//! the test send ends in a diagnosis and the page never waits forever.
//!
//! Two layers. `Guarded` wraps the IMAP connection: an absolute deadline for the whole
//! conversation, a cap on line length and on everything read, and a check that a tagged answer
//! carries the tag of the command sent (the `imap` crate asserts this and would panic).
//! `attempt` runs each route on its own thread: a panic becomes a failure, and an attempt past
//! its deadline (SMTP's reads are inside lettre, out of reach of `Guarded`) is abandoned as a
//! timeout, as is one the admin cancels.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use super::diagnosis::Diagnosis;
use super::{Failure, Transcript};
use crate::identity::http::CancelFlag;

/// Longest line an IMAP server may send (a SEARCH answer for a unique subject is short).
pub const MAX_LINE_BYTES: usize = 64 * 1024;
/// Everything one IMAP conversation may read.
pub const MAX_TOTAL_BYTES: usize = 4 * 1024 * 1024;

/// An IMAP stream with a deadline, size caps and the tag check; releases whole lines only.
pub struct Guarded<T> {
    inner: T,
    /// The socket under `inner` (TLS or not), to shorten its read timeout near the deadline.
    socket: TcpStream,
    step_timeout: Duration,
    deadline: Instant,
    /// Bytes read but not yet checked (no line end yet).
    pending: Vec<u8>,
    /// Checked lines, handed out to the reader.
    ready: Vec<u8>,
    total: usize,
    /// The tag of the last command written (`a3`).
    expected_tag: Option<Vec<u8>>,
    writing_line_start: bool,
}

fn refused(text: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, text)
}

impl<T: Read + Write> Guarded<T> {
    pub fn new(inner: T, socket: TcpStream, step_timeout: Duration, deadline: Instant) -> Self {
        Guarded {
            inner,
            socket,
            step_timeout,
            deadline,
            pending: Vec::new(),
            ready: Vec::new(),
            total: 0,
            expected_tag: None,
            writing_line_start: true,
        }
    }

    /// Reads until one more whole line is checked and ready (or the stream ends).
    fn fill(&mut self) -> io::Result<()> {
        loop {
            if let Some(end) = self.pending.iter().position(|b| *b == b'\n') {
                let line: Vec<u8> = self.pending.drain(..=end).collect();
                self.check_tag(&line)?;
                self.ready.extend_from_slice(&line);
                return Ok(());
            }
            if self.pending.len() > MAX_LINE_BYTES {
                return Err(refused(format!(
                    "the server sent a line longer than {MAX_LINE_BYTES} bytes"
                )));
            }
            let remaining = self.deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                return Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    "the server did not finish in time",
                ));
            }
            // A zero timeout means "none" to the OS: keep at least a millisecond.
            let wait = remaining
                .min(self.step_timeout)
                .max(Duration::from_millis(1));
            self.socket.set_read_timeout(Some(wait))?;
            let mut chunk = [0u8; 4096];
            let n = self.inner.read(&mut chunk)?;
            if n == 0 {
                // The end: whatever came without a line end is handed on as it is.
                self.ready.append(&mut self.pending);
                return Ok(());
            }
            self.total += n;
            if self.total > MAX_TOTAL_BYTES {
                return Err(refused(format!(
                    "the server sent more than {MAX_TOTAL_BYTES} bytes"
                )));
            }
            self.pending.extend_from_slice(&chunk[..n]);
        }
    }

    /// A tagged answer must carry the tag of the command in flight; `*` (data) and `+`
    /// (continuation) lines carry none.
    fn check_tag(&self, line: &[u8]) -> io::Result<()> {
        let first = line
            .split(|b| *b == b' ' || *b == b'\r' || *b == b'\n')
            .next()
            .unwrap_or_default();
        if first.is_empty() || first == b"*" || first == b"+" {
            return Ok(());
        }
        match &self.expected_tag {
            Some(tag) if tag.as_slice() == first => Ok(()),
            Some(tag) => Err(refused(format!(
                "the server answered command {} with the tag {:?}",
                String::from_utf8_lossy(tag),
                String::from_utf8_lossy(&first[..first.len().min(40)])
            ))),
            None => Err(refused(format!(
                "the server sent a tagged answer {:?} before any command",
                String::from_utf8_lossy(&first[..first.len().min(40)])
            ))),
        }
    }
}

/// `a12` as the `imap` crate writes its tags.
fn command_tag(line: &[u8]) -> Option<&[u8]> {
    let end = line.iter().take(16).position(|b| *b == b' ')?;
    let tag = &line[..end];
    (tag.len() > 1 && tag[0] == b'a' && tag[1..].iter().all(u8::is_ascii_digit)).then_some(tag)
}

impl<T: Read + Write> Read for Guarded<T> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.ready.is_empty() {
            self.fill()?;
        }
        let n = out.len().min(self.ready.len());
        out[..n].copy_from_slice(&self.ready[..n]);
        self.ready.drain(..n);
        Ok(n)
    }
}

impl<T: Read + Write> Write for Guarded<T> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if Instant::now() >= self.deadline {
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the server did not finish in time",
            ));
        }
        if self.writing_line_start
            && let Some(tag) = command_tag(buf)
        {
            self.expected_tag = Some(tag.to_vec());
        }
        let n = self.inner.write(buf)?;
        if n > 0 {
            self.writing_line_start = buf[..n].ends_with(b"\n");
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Runs one route's attempt on its own thread, bounded by `limit` and by Cancel. The attempt
/// gets its own transcript, which comes back with the result; `forbid` lists what the
/// transcript must never show (the token), also in a panic's text.
pub fn attempt<T: Send + 'static>(
    limit: Duration,
    cancel: &CancelFlag,
    forbid: Vec<String>,
    work: impl FnOnce(&mut Transcript) -> Result<T, Failure> + Send + 'static,
) -> (Result<T, Failure>, Transcript) {
    let (sender, receiver) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("overstap-mailtest-attempt".into())
        .spawn({
            let forbid = forbid.clone();
            move || {
                let mut transcript = Transcript::new();
                for secret in &forbid {
                    transcript.forbid(secret);
                }
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    work(&mut transcript)
                }));
                let result = outcome.unwrap_or_else(|panic| {
                    let text = crate::jobs::panic_text(panic.as_ref());
                    Err(internal_failure(&mut transcript, &text))
                });
                // The worker may have stopped waiting; then nobody wants the result.
                let _ = sender.send((result, transcript));
            }
        });
    let mut transcript = Transcript::new();
    for secret in &forbid {
        transcript.forbid(secret);
    }
    if let Err(error) = spawned {
        let failure = internal_failure(&mut transcript, &error.to_string());
        return (Err(failure), transcript);
    }
    let deadline = Instant::now() + limit;
    loop {
        match receiver.recv_timeout(Duration::from_millis(50)) {
            Ok(done) => return done,
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                let failure =
                    internal_failure(&mut transcript, "the attempt ended without a result");
                return (Err(failure), transcript);
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
        }
        if cancel.is_cancelled() {
            transcript.note("cancelled");
            return (
                Err(Failure::new(Diagnosis::Unknown, "cancelled")),
                transcript,
            );
        }
        if Instant::now() >= deadline {
            let text = format!(
                "no complete answer within {} seconds: Overstap stopped waiting",
                limit.as_secs()
            );
            transcript.note(&text);
            return (Err(Failure::new(Diagnosis::Timeout, text)), transcript);
        }
    }
}

fn internal_failure(transcript: &mut Transcript, text: &str) -> Failure {
    let text = format!("internal error, the attempt was stopped: {text}");
    transcript.note(&text);
    Failure::new(Diagnosis::Unknown, transcript.redact(&text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_tags_are_recognised() {
        assert_eq!(
            command_tag(b"a1 AUTHENTICATE XOAUTH2\r\n"),
            Some(&b"a1"[..])
        );
        assert_eq!(command_tag(b"a12 SELECT INBOX\r\n"), Some(&b"a12"[..]));
        assert_eq!(command_tag(b"dXNlcj1hQGI=\r\n"), None);
        assert_eq!(command_tag(b"abc DEF\r\n"), None);
    }

    #[test]
    fn a_panicking_attempt_is_a_failure_without_the_secret() {
        let (result, transcript) = attempt(
            Duration::from_secs(5),
            &CancelFlag::default(),
            vec!["PLANTED-TOKEN".into()],
            |_| -> Result<(), Failure> { panic!("server said PLANTED-TOKEN") },
        );
        let failure = result.expect_err("a failure");
        assert!(!failure.raw.contains("PLANTED"), "{}", failure.raw);
        assert!(!transcript.to_text().contains("PLANTED"));
        assert!(failure.raw.contains("internal error"));
    }

    #[test]
    fn a_hanging_attempt_is_a_timeout_and_cancel_is_heard() {
        let started = Instant::now();
        let (result, _) = attempt(
            Duration::from_millis(300),
            &CancelFlag::default(),
            vec![],
            |_| -> Result<(), Failure> {
                std::thread::sleep(Duration::from_secs(3));
                Ok(())
            },
        );
        assert_eq!(result.expect_err("timeout").diagnosis, Diagnosis::Timeout);
        assert!(started.elapsed() < Duration::from_secs(2));

        let cancel = CancelFlag::default();
        cancel.cancel();
        let (result, _) = attempt(Duration::from_secs(30), &cancel, vec![], |_| {
            std::thread::sleep(Duration::from_secs(3));
            Ok(())
        });
        assert!(result.is_err());
    }
}
