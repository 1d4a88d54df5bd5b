//! A readable, timestamped record of a protocol conversation, safe to show and copy: every AUTH
//! payload, bearer token and planted secret is replaced before a line is stored.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::text::REDACTED;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// Overstap sent it.
    Client,
    /// The server answered it.
    Server,
    /// A note from Overstap (connected, TLS established, waiting).
    Note,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub at: DateTime<Utc>,
    pub direction: Direction,
    pub text: String,
}

/// The conversation of one attempt. `secrets` are the exact strings that must never appear
/// (the token of this attempt); they are redacted wherever they occur, and neither `Debug` nor
/// serde ever shows the list itself.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transcript {
    pub lines: Vec<Line>,
    #[serde(skip)]
    secrets: Vec<String>,
}

/// A transcript line or raw reply is cut here: a hostile server's endless line must not fill the
/// session file.
pub const MAX_TEXT_CHARS: usize = 2000;

impl std::fmt::Debug for Transcript {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transcript")
            .field("lines", &self.lines)
            .finish_non_exhaustive()
    }
}

impl Transcript {
    pub fn new() -> Transcript {
        Transcript::default()
    }

    /// Registers a value that must never be recorded.
    pub fn forbid(&mut self, secret: &str) {
        if !secret.is_empty() {
            self.secrets.push(secret.to_owned());
        }
    }

    pub fn client(&mut self, text: &str) {
        self.push(Direction::Client, text);
    }

    pub fn server(&mut self, text: &str) {
        self.push(Direction::Server, text);
    }

    pub fn note(&mut self, text: &str) {
        self.push(Direction::Note, text);
    }

    fn push(&mut self, direction: Direction, text: &str) {
        let clean = self.redact(text.trim_end());
        self.lines.push(Line {
            at: Utc::now(),
            direction,
            text: clean,
        });
    }

    /// `text` as it may be shown and saved: protocol secrets masked, every forbidden string
    /// replaced, control characters made visible as spaces, at most `MAX_TEXT_CHARS` long. For
    /// a failure's raw reply too, which a hostile server may fill with what it was sent.
    pub fn redact(&self, text: &str) -> String {
        let mut clean = redact_protocol(text);
        for secret in &self.secrets {
            clean = clean.replace(secret.as_str(), REDACTED);
        }
        let mut out: String = clean
            .chars()
            .map(|c| if c.is_control() && c != '\t' { ' ' } else { c })
            .take(MAX_TEXT_CHARS)
            .collect();
        if clean.chars().count() > MAX_TEXT_CHARS {
            out.push('…');
        }
        out
    }

    /// Plain text for copying: `12:00:01.123 >> EHLO overstap`.
    pub fn to_text(&self) -> String {
        self.lines
            .iter()
            .map(|line| {
                let arrow = match line.direction {
                    Direction::Client => ">>",
                    Direction::Server => "<<",
                    Direction::Note => "--",
                };
                format!("{} {arrow} {}", line.at.format("%H:%M:%S%.3f"), line.text)
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Masks what protocols carry secrets in: `AUTH <mech> <payload>`, IMAP `AUTHENTICATE`
/// continuations, `Authorization: Bearer …`, `auth=Bearer …`.
pub fn redact_protocol(text: &str) -> String {
    let upper = text.to_ascii_uppercase();
    for keyword in [
        "AUTH XOAUTH2 ",
        "AUTH OAUTHBEARER ",
        "AUTH PLAIN ",
        "AUTH LOGIN ",
        "AUTHENTICATE XOAUTH2 ",
    ] {
        if let Some(start) = upper.find(keyword) {
            return format!("{}{REDACTED}", &text[..start + keyword.len()]);
        }
    }
    let mut out = text.to_owned();
    for marker in ["Bearer ", "bearer "] {
        while let Some(start) = out.find(marker) {
            let from = start + marker.len();
            let end = out[from..]
                .find(|c: char| c.is_whitespace() || c == '\u{1}' || c == '"')
                .map_or(out.len(), |i| from + i);
            if out[from..end] == *REDACTED {
                break;
            }
            out.replace_range(from..end, REDACTED);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auth_payloads_tokens_and_planted_secrets_never_stay() {
        let mut transcript = Transcript::new();
        transcript.forbid("eyJ0eXAiPLANTED");
        transcript.client("AUTH XOAUTH2 dXNlcj1hQGIBYXV0aD1CZWFyZXIgZXlKMGVYQWlQTEFOVEVEAQE=");
        transcript.client("Authorization: Bearer eyJ0eXAiPLANTED.more");
        transcript.note("token eyJ0eXAiPLANTED in a note");
        transcript.server("235 2.7.0 Authentication successful");
        let text = transcript.to_text();
        assert!(!text.contains("PLANTED"), "{text}");
        assert!(!text.contains("dXNlcj1h"), "{text}");
        assert!(text.contains(">> AUTH XOAUTH2 [redacted]"), "{text}");
        assert!(text.contains("Authorization: Bearer [redacted]"), "{text}");
        assert!(text.contains("<< 235 2.7.0 Authentication successful"));
    }

    #[test]
    fn serialised_transcripts_do_not_keep_the_forbidden_list() {
        let mut transcript = Transcript::new();
        transcript.forbid("SECRET-TOKEN");
        transcript.note("ok");
        let json = serde_json::to_string(&transcript).expect("json");
        assert!(!json.contains("SECRET-TOKEN"));
        assert!(!format!("{transcript:?}").contains("SECRET-TOKEN"));
    }
}
