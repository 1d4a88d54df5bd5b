//! The test send: a real message through SMTP AUTH XOAUTH2 and/or Graph `sendMail`, an IMAP
//! XOAUTH2 login that can wait for the message to arrive, each with a redacted transcript and,
//! when it fails, a diagnosis with the exact fix.

pub mod diagnosis;
pub mod graph;
pub mod guard;
pub mod imap;
pub mod smtp;
pub mod transcript;
pub mod worker;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use diagnosis::Diagnosis;
pub use transcript::Transcript;

/// One way of testing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Route {
    Smtp,
    Imap,
    Graph,
}

impl Route {
    pub const ALL: [Route; 3] = [Route::Smtp, Route::Imap, Route::Graph];

    pub fn key(self) -> &'static str {
        match self {
            Route::Smtp => "smtp",
            Route::Imap => "imap",
            Route::Graph => "graph",
        }
    }
}

/// Why an attempt failed: the diagnosis, and the raw reply for a ticket.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    pub diagnosis: Diagnosis,
    pub raw: String,
    #[serde(default)]
    pub retry_after_secs: Option<u64>,
}

impl Failure {
    pub fn new(diagnosis: Diagnosis, raw: impl Into<String>) -> Failure {
        Failure {
            diagnosis,
            raw: raw.into(),
            retry_after_secs: None,
        }
    }
}

/// The outcome of one route, kept in the session for the summary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouteResult {
    pub route: Route,
    pub at: DateTime<Utc>,
    /// `Ok(server's last word)` or the failure.
    pub outcome: Result<String, Failure>,
    pub transcript: Transcript,
}

/// A unique subject, so IMAP finds exactly this message: `Overstap test 1a2b3c4d`.
pub fn unique_subject(prefix: &str) -> String {
    let nanos = Utc::now().timestamp_nanos_opt().unwrap_or_default() as u64;
    let mixed = nanos ^ (u64::from(std::process::id()) << 32);
    format!("{prefix} {:08x}", (mixed ^ (mixed >> 29)) as u32)
}

/// An RFC 5322 message, plain text, for SMTP.
pub fn rfc5322(from: &str, to: &str, subject: &str, text: &str) -> Result<Vec<u8>, Failure> {
    let parse = |address: &str| {
        address
            .parse::<lettre::message::Mailbox>()
            .map_err(|e| Failure::new(Diagnosis::Unknown, format!("{address}: {e}")))
    };
    let message = lettre::Message::builder()
        .from(parse(from)?)
        .to(parse(to)?)
        .subject(subject)
        .header(lettre::message::header::ContentType::TEXT_PLAIN)
        .body(text.to_owned())
        .map_err(|e| Failure::new(Diagnosis::Unknown, e.to_string()))?;
    Ok(message.formatted())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_are_unique_enough() {
        let a = unique_subject("Overstap test");
        std::thread::sleep(std::time::Duration::from_millis(2));
        let b = unique_subject("Overstap test");
        assert_ne!(a, b);
        assert!(a.starts_with("Overstap test "));
    }

    #[test]
    fn messages_carry_the_subject() {
        let bytes = rfc5322(
            "a@contoso.nl",
            "b@contoso.nl",
            "Overstap test 1",
            "Hallo / Hello",
        )
        .expect("message");
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("Subject: Overstap test 1"));
        assert!(text.contains("From: a@contoso.nl"));
    }
}
