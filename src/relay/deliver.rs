//! Delivery from the queue to Exchange Online, with retries, back-off and dead letters.
//!
//! A few workers take due messages from the queue; each message is claimed in memory so two
//! workers never send the same one. Outcomes:
//! - delivered: removed from the queue at once (recipients the upstream refused get a bounce);
//! - temporary (4xx, 429, 5xx of Graph, timeouts, no token): tried again after the upstream's
//!   `Retry-After` or a doubling back-off, until the policy gives up;
//! - permanent (5xx of SMTP, 4xx of Graph, too large): a dead letter with the reason, and a
//!   bounce to the sender where there is one (never for a bounce: its sender is `<>`).

use std::collections::{HashSet, VecDeque};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use base64::Engine as _;
use chrono::{DateTime, Utc};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
use secrecy::ExposeSecret as _;

use super::config::{DeliveryRoute, RetryPolicy};
use super::log::RelayLog;
use super::queue::{DeadLetter, Envelope, Queue};
use super::token::TokenCache;
use crate::identity::http::CancelFlag;
use crate::mailtest::Transcript;
use crate::mailtest::smtp::{self, SmtpTarget};

/// What became of one attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The upstream took it; `refused` are recipients it turned down, with its reason.
    Delivered {
        reply: String,
        refused: Vec<(String, String)>,
    },
    /// Try again, after `after` when the upstream said so.
    Retry {
        reason: String,
        after: Option<Duration>,
    },
    /// Will never work as it is.
    Permanent { reason: String },
}

/// Somewhere messages are delivered to; the real one is `Upstream`, tests may bring their own.
pub trait Deliver: Send + Sync {
    fn deliver(&self, envelope: &Envelope, message: &[u8]) -> Outcome;
}

/// Exchange Online through SMTP AUTH XOAUTH2 or Graph `sendMail`.
pub struct Upstream {
    pub route: DeliveryRoute,
    pub smtp: SmtpTarget,
    /// `None`: `https://<graph host of the tenant>`.
    pub graph_base: Option<String>,
    pub tokens: Arc<TokenCache>,
}

/// A reply's first three digits decide: 4xx again later, 5xx never; no reply (network, timeout)
/// again later.
fn by_reply(raw: &str) -> Outcome {
    let reason = raw.trim().to_owned();
    match raw.trim().as_bytes().first() {
        Some(b'5')
            if raw.trim().len() >= 3 && raw.as_bytes()[..3].iter().all(u8::is_ascii_digit) =>
        {
            Outcome::Permanent { reason }
        }
        _ => Outcome::Retry {
            reason,
            after: None,
        },
    }
}

impl Upstream {
    fn smtp(&self, envelope: &Envelope, message: &[u8]) -> Outcome {
        let token = match self.tokens.get(crate::identity::OUTLOOK_DEFAULT_SCOPE) {
            Ok(token) => token,
            Err(error) => {
                return Outcome::Retry {
                    reason: format!("no token: {}", error.support_details()),
                    after: None,
                };
            }
        };
        let mut transcript = Transcript::new();
        let mut conn =
            match smtp::authenticated(&self.smtp, &envelope.send_as, &token, &mut transcript) {
                Ok(conn) => conn,
                Err(failure) => {
                    if matches!(
                        failure.diagnosis,
                        crate::mailtest::Diagnosis::TokenRejected
                            | crate::mailtest::Diagnosis::AuthUnsuccessful
                    ) {
                        self.tokens.forget(crate::identity::OUTLOOK_DEFAULT_SCOPE);
                        // A refused login is the tenant's settings (or a stale token): the admin
                        // can fix it, so the message waits.
                        return Outcome::Retry {
                            reason: format!("login refused: {}", failure.raw),
                            after: None,
                        };
                    }
                    return by_reply(&failure.raw);
                }
            };
        let redact = |text: String| transcript.redact(&text);
        let Ok(sender) = envelope.send_as.parse() else {
            return Outcome::Permanent {
                reason: format!("<{}> is not an address", envelope.send_as),
            };
        };
        if let Err(error) = conn.command(Mail::new(Some(sender), vec![])) {
            conn.abort();
            return by_reply(&redact(reply_text(&error)));
        }
        let mut accepted = 0;
        let mut refused = Vec::new();
        for recipient in &envelope.to {
            let Ok(address) = recipient.parse() else {
                refused.push((recipient.clone(), "not an address".to_owned()));
                continue;
            };
            match conn.command(Rcpt::new(address, vec![])) {
                Ok(_) => accepted += 1,
                Err(error) if error.is_permanent() => {
                    refused.push((recipient.clone(), redact(reply_text(&error))));
                }
                Err(error) => {
                    conn.abort();
                    return by_reply(&redact(reply_text(&error)));
                }
            }
        }
        if accepted == 0 {
            conn.abort();
            let reason = refused
                .iter()
                .map(|(r, why)| format!("<{r}>: {why}"))
                .collect::<Vec<_>>()
                .join("; ");
            return Outcome::Permanent { reason };
        }
        if let Err(error) = conn.command(Data) {
            conn.abort();
            return by_reply(&redact(reply_text(&error)));
        }
        match smtp::data(&mut conn, message, &mut transcript) {
            Ok(reply) => {
                smtp::quit(conn, &mut transcript);
                Outcome::Delivered { reply, refused }
            }
            Err(failure) => by_reply(&failure.raw),
        }
    }

    fn graph(&self, envelope: &Envelope, message: &[u8]) -> Outcome {
        let token = match self.tokens.get(crate::identity::GRAPH_DEFAULT_SCOPE) {
            Ok(token) => token,
            Err(error) => {
                return Outcome::Retry {
                    reason: format!("no token: {}", error.support_details()),
                    after: None,
                };
            }
        };
        let base = match self
            .graph_base
            .clone()
            .or_else(|| self.tokens.graph_host().map(|h| format!("https://{h}")))
        {
            Some(base) => base,
            None => {
                return Outcome::Retry {
                    reason: "the tenant's Graph host is not known yet".into(),
                    after: None,
                };
            }
        };
        let mime = with_bcc(message, &envelope.to);
        let url = format!(
            "{}/v1.0/users/{}/sendMail",
            base.trim_end_matches('/'),
            url::form_urlencoded::byte_serialize(envelope.send_as.as_bytes()).collect::<String>()
        );
        let client = match reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(120))
            .redirect(reqwest::redirect::Policy::none())
            .build()
        {
            Ok(client) => client,
            Err(error) => {
                return Outcome::Retry {
                    reason: error.to_string(),
                    after: None,
                };
            }
        };
        let response = client
            .post(&url)
            .bearer_auth(token.expose_secret())
            .header("Content-Type", "text/plain")
            .body(base64::engine::general_purpose::STANDARD.encode(&mime))
            .send();
        let response = match response {
            Ok(response) => response,
            Err(error) => {
                return Outcome::Retry {
                    reason: crate::identity::http::error_chain(&error)
                        .replace(token.expose_secret(), "[redacted]"),
                    after: None,
                };
            }
        };
        let status = response.status().as_u16();
        let after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let mut body = Vec::new();
        // Graph's error bodies are small; the rest is not read.
        let _ =
            std::io::Read::read_to_end(&mut std::io::Read::take(response, 64 * 1024), &mut body);
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
        let reason = format!(
            "HTTP {status} {} {}",
            body["error"]["code"].as_str().unwrap_or_default(),
            body["error"]["message"].as_str().unwrap_or_default()
        )
        .trim()
        .replace(token.expose_secret(), "[redacted]");
        match status {
            202 => Outcome::Delivered {
                reply: format!("HTTP {status}"),
                refused: Vec::new(),
            },
            401 => {
                self.tokens.forget(crate::identity::GRAPH_DEFAULT_SCOPE);
                Outcome::Retry {
                    reason,
                    after: None,
                }
            }
            408 | 429 | 500..=599 => Outcome::Retry { reason, after },
            _ => Outcome::Permanent { reason },
        }
    }
}

impl Deliver for Upstream {
    fn deliver(&self, envelope: &Envelope, message: &[u8]) -> Outcome {
        match self.route {
            DeliveryRoute::Smtp => self.smtp(envelope, message),
            DeliveryRoute::Graph => {
                if message.len() as u64 > super::config::GRAPH_MAX_BYTES {
                    return Outcome::Permanent {
                        reason: format!(
                            "{} bytes is more than Graph sendMail takes ({} bytes of MIME, 4 MB base64)",
                            message.len(),
                            super::config::GRAPH_MAX_BYTES
                        ),
                    };
                }
                self.graph(envelope, message)
            }
        }
    }
}

/// lettre's error for a refused command as `NNN text`.
fn reply_text(error: &lettre::transport::smtp::Error) -> String {
    match error.status() {
        Some(code) => format!(
            "{code} {}",
            std::error::Error::source(error)
                .map(|e| e.to_string())
                .unwrap_or_default()
        ),
        None => crate::identity::http::error_chain(error),
    }
}

/// Graph takes the recipients of a MIME message from its `To`, `Cc` and `Bcc` headers: envelope
/// recipients that none of them names (a blind copy the application sent as a separate `RCPT`)
/// are added as `Bcc`, which Graph delivers and does not show.
pub fn with_bcc(message: &[u8], recipients: &[String]) -> Vec<u8> {
    let named: HashSet<String> = ["To", "Cc", "Bcc"]
        .iter()
        .filter_map(|h| super::smtpd::header_value(message, h))
        .flat_map(|v| super::smtpd::addresses(&v))
        .map(|a| a.to_lowercase())
        .collect();
    let missing: Vec<&String> = recipients
        .iter()
        .filter(|r| !named.contains(&r.to_lowercase()))
        .collect();
    if missing.is_empty() {
        return message.to_vec();
    }
    let list = missing
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let mut out = format!("Bcc: {list}\r\n").into_bytes();
    out.extend_from_slice(message);
    out
}

/// The wait before attempt `attempts + 1`: `first` doubled per attempt, at most `max`; the
/// upstream's `Retry-After` wins when it asks for longer.
pub fn backoff(policy: &RetryPolicy, attempts: u32, retry_after: Option<Duration>) -> Duration {
    let doubled = policy
        .first_secs
        .saturating_mul(1u64 << attempts.saturating_sub(1).min(30))
        .min(policy.max_secs.max(policy.first_secs));
    let own = Duration::from_secs(doubled);
    match retry_after {
        Some(after) => after,
        None => own,
    }
}

/// The delivery side of a running relay.
pub struct Delivery {
    pub queue: Arc<Queue>,
    pub upstream: Arc<dyn Deliver>,
    pub policy: RetryPolicy,
    pub log: Arc<RelayLog>,
    /// Bounces come from here.
    pub mailbox: String,
    pub stop: CancelFlag,
    claimed: Mutex<HashSet<String>>,
    ready: Mutex<VecDeque<String>>,
    /// When the queue folder is worth reading again: nothing was due at the last look. A new
    /// message clears it. Spares thousands of file reads per second while an outage keeps a
    /// full queue waiting.
    rescan_at: Mutex<Option<DateTime<Utc>>>,
    wake: (Mutex<u64>, Condvar),
}

impl Delivery {
    pub fn new(
        queue: Arc<Queue>,
        upstream: Arc<dyn Deliver>,
        policy: RetryPolicy,
        log: Arc<RelayLog>,
        mailbox: String,
        stop: CancelFlag,
    ) -> Delivery {
        Delivery {
            queue,
            upstream,
            policy,
            log,
            mailbox,
            stop,
            claimed: Mutex::new(HashSet::new()),
            ready: Mutex::new(VecDeque::new()),
            rescan_at: Mutex::new(None),
            wake: (Mutex::new(0), Condvar::new()),
        }
    }

    /// A message was queued: a sleeping worker looks at once.
    pub fn notify(&self) {
        if let Ok(mut rescan) = self.rescan_at.lock() {
            *rescan = None;
        }
        if let Ok(mut n) = self.wake.0.lock() {
            *n += 1;
            self.wake.1.notify_one();
        }
    }

    /// The next due message, claimed; `None` when nothing is due now.
    fn claim(&self) -> Option<String> {
        let mut ready = self.ready.lock().ok()?;
        let mut claimed = self.claimed.lock().ok()?;
        let now = Utc::now();
        let mut rescan = self.rescan_at.lock().ok()?;
        if ready.is_empty() && rescan.is_none_or(|at| at <= now) {
            let mut next: Option<DateTime<Utc>> = None;
            for id in self.queue.ids().unwrap_or_default() {
                if claimed.contains(&id) {
                    continue;
                }
                match self.queue.retry_state(&id).next_at {
                    Some(at) if at > now => next = Some(next.map_or(at, |n| n.min(at))),
                    _ => ready.push_back(id),
                }
            }
            // Nothing due: look again when the first retry falls due (at the latest in a
            // minute); a message in flight may come back for a retry sooner, so its worker
            // clears this too.
            *rescan = ready
                .is_empty()
                .then(|| next.unwrap_or(now + chrono::Duration::seconds(60)))
                .map(|at| at.min(now + chrono::Duration::seconds(60)));
        }
        drop(rescan);
        while let Some(id) = ready.pop_front() {
            if claimed.insert(id.clone()) {
                return Some(id);
            }
        }
        None
    }

    fn release(&self, id: &str) {
        if let Ok(mut claimed) = self.claimed.lock() {
            claimed.remove(id);
        }
        // Its retry time may come before the next planned look.
        if let Ok(mut rescan) = self.rescan_at.lock() {
            *rescan = None;
        }
    }

    /// One worker: delivers until `stop`.
    pub fn work(&self) {
        while !self.stop.is_cancelled() {
            match self.claim() {
                Some(id) => {
                    self.attempt(&id);
                    self.release(&id);
                }
                None => {
                    let Ok(guard) = self.wake.0.lock() else {
                        return;
                    };
                    let seen = *guard;
                    // Woken by a new message, or every 200 ms for retries that fall due.
                    let _ =
                        self.wake
                            .1
                            .wait_timeout_while(guard, Duration::from_millis(200), |n| {
                                *n == seen && !self.stop.is_cancelled()
                            });
                }
            }
        }
    }

    fn attempt(&self, id: &str) {
        let (envelope, message) = match self.queue.load(id) {
            Ok(loaded) => loaded,
            // Delivered or buried by another worker in between: nothing to do.
            Err(super::queue::QueueError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
                return;
            }
            Err(error) => {
                self.log.error(&format!("{id}: cannot read: {error}"));
                return;
            }
        };
        let mut state = self.queue.retry_state(id);
        let outcome = self.upstream.deliver(&envelope, &message);
        match outcome {
            Outcome::Delivered { reply, refused } => {
                if let Err(error) = self.queue.delivered(id) {
                    self.log
                        .error(&format!("{id}: delivered, but not removed: {error}"));
                }
                self.log.info(&format!(
                    "delivered {id} as <{}> to {} recipient(s): {reply}",
                    envelope.send_as,
                    envelope.to.len() - refused.len()
                ));
                if !refused.is_empty() {
                    let reason = refused
                        .iter()
                        .map(|(r, why)| format!("<{r}>: {why}"))
                        .collect::<Vec<_>>()
                        .join("; ");
                    self.log
                        .warn(&format!("{id}: refused recipients: {reason}"));
                    self.bounce(&envelope, &message, &reason);
                }
            }
            Outcome::Retry { reason, after } => {
                state.attempts += 1;
                let age = Utc::now() - envelope.received_at;
                let limit = chrono::Duration::hours(self.policy.give_up_hours as i64);
                if age >= limit {
                    let reason = format!(
                        "gave up after {} attempts over {} hours; last: {reason}",
                        state.attempts, self.policy.give_up_hours
                    );
                    self.bury(&envelope, &message, state.attempts, reason);
                    return;
                }
                let wait = backoff(&self.policy, state.attempts, after);
                let next: DateTime<Utc> =
                    Utc::now() + chrono::Duration::from_std(wait).unwrap_or_default();
                state.next_at = Some(next);
                state.last_error = reason.clone();
                self.log.warn(&format!(
                    "{id}: attempt {} failed, next in {} s: {reason}",
                    state.attempts,
                    wait.as_secs()
                ));
                if let Err(error) = self.queue.set_retry_state(id, &state) {
                    self.log
                        .error(&format!("{id}: cannot record the retry: {error}"));
                }
            }
            Outcome::Permanent { reason } => {
                self.bury(&envelope, &message, state.attempts + 1, reason);
            }
        }
    }

    fn bury(&self, envelope: &Envelope, message: &[u8], attempts: u32, reason: String) {
        let bounced = self.bounce(envelope, message, &reason);
        let letter = DeadLetter {
            envelope: envelope.clone(),
            at: Utc::now(),
            attempts,
            reason: reason.clone(),
            bounced,
        };
        match self.queue.bury(&envelope.id, &letter) {
            Ok(()) => self.log.error(&format!(
                "{} is a dead letter{}: {reason}",
                envelope.id,
                if bounced { ", sender told" } else { "" }
            )),
            Err(error) => self.log.error(&format!(
                "{}: cannot move to dead letters: {error}",
                envelope.id
            )),
        }
    }

    /// Queues a bounce to the sender; `false` when there is no one to tell (a bounce itself).
    fn bounce(&self, envelope: &Envelope, message: &[u8], reason: &str) -> bool {
        if envelope.from.is_empty() || !envelope.from.contains('@') {
            return false;
        }
        let text = bounce_message(&self.mailbox, envelope, message, reason);
        let bounce = Envelope {
            id: self.queue.new_id(),
            from: String::new(),
            to: vec![envelope.from.clone()],
            received_at: Utc::now(),
            client: "overstap-relay".into(),
            send_as: self.mailbox.clone(),
        };
        match self.queue.accept(&bounce, &text) {
            Ok(()) => {
                self.notify();
                true
            }
            Err(error) => {
                self.log.error(&format!(
                    "{}: cannot queue the bounce: {error}",
                    envelope.id
                ));
                false
            }
        }
    }
}

/// The non-delivery report, in Dutch and English (the sender's staff may read either).
pub fn bounce_message(mailbox: &str, envelope: &Envelope, message: &[u8], reason: &str) -> Vec<u8> {
    use crate::i18n::{Language, Localizer};
    let l10n = Localizer::new(Language::En);
    let subject = super::smtpd::header_value(message, "Subject").unwrap_or_default();
    let subject: String = subject
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    let recipients = envelope.to.join(", ");
    let args = [
        ("id", envelope.id.clone().into()),
        ("recipients", recipients.into()),
        ("reason", reason.to_owned().into()),
        ("subject", subject.clone().into()),
    ];
    let body = format!(
        "{}\r\n\r\n{}\r\n",
        l10n.tr_args_in(Language::Nl, "relay-bounce-body", &args),
        l10n.tr_args_in(Language::En, "relay-bounce-body", &args)
    )
    .replace("\r\n", "\n")
    .replace('\n', "\r\n");
    let title = l10n.tr_args_in(Language::En, "relay-bounce-subject", &args);
    let title: String = title.chars().filter(|c| !c.is_control()).collect();
    format!(
        "From: {mailbox}\r\nTo: {}\r\nSubject: {title}\r\nAuto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{body}",
        envelope.from
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_decide_between_retry_and_giving_up() {
        assert!(matches!(
            by_reply("550 5.7.60 SendAsDenied"),
            Outcome::Permanent { .. }
        ));
        assert!(matches!(
            by_reply("451 4.7.500 Server busy"),
            Outcome::Retry { .. }
        ));
        assert!(matches!(
            by_reply("connection refused"),
            Outcome::Retry { .. }
        ));
        assert!(matches!(
            by_reply("5 things went wrong"),
            Outcome::Retry { .. }
        ));
    }

    #[test]
    fn backoff_doubles_and_honours_retry_after() {
        let policy = RetryPolicy {
            first_secs: 60,
            max_secs: 3600,
            give_up_hours: 48,
        };
        let secs: Vec<u64> = (1..=8)
            .map(|n| backoff(&policy, n, None).as_secs())
            .collect();
        assert_eq!(secs, vec![60, 120, 240, 480, 960, 1920, 3600, 3600]);
        assert_eq!(
            backoff(&policy, 1, Some(Duration::from_secs(7))),
            Duration::from_secs(7)
        );
    }

    /// Answers each delivery with the next scripted outcome.
    struct Scripted(std::sync::Mutex<Vec<Outcome>>);

    impl Deliver for Scripted {
        fn deliver(&self, _: &Envelope, _: &[u8]) -> Outcome {
            self.0.lock().expect("lock").remove(0)
        }
    }

    fn delivery(dir: &std::path::Path, outcomes: Vec<Outcome>, give_up_hours: u64) -> Delivery {
        let queue = Arc::new(Queue::open(&dir.join("q"), &dir.join("d")).expect("queue"));
        Delivery::new(
            queue,
            Arc::new(Scripted(std::sync::Mutex::new(outcomes))),
            RetryPolicy {
                first_secs: 60,
                max_secs: 3600,
                give_up_hours,
            },
            Arc::new(RelayLog::new(None, vec![])),
            "relay@contoso.nl".into(),
            CancelFlag::default(),
        )
    }

    fn queued(delivery: &Delivery, from: &str, age_hours: i64) -> String {
        let envelope = Envelope {
            id: delivery.queue.new_id(),
            from: from.into(),
            to: vec!["a@example.com".into(), "b@example.com".into()],
            received_at: Utc::now() - chrono::Duration::hours(age_hours),
            client: "127.0.0.1".into(),
            send_as: "relay@contoso.nl".into(),
        };
        delivery
            .queue
            .accept(
                &envelope,
                b"From: erp@contoso.nl\r\nSubject: Order 42\r\n\r\nx\r\n",
            )
            .expect("accept");
        envelope.id
    }

    #[test]
    fn outcomes_become_retries_dead_letters_and_bounces() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = delivery(
            dir.path(),
            vec![
                Outcome::Retry {
                    reason: "451 busy".into(),
                    after: Some(Duration::from_secs(7)),
                },
                Outcome::Permanent {
                    reason: "550 5.7.60 SendAsDenied".into(),
                },
            ],
            48,
        );
        let id = queued(&d, "erp@contoso.nl", 0);
        d.attempt(&id);
        let state = d.queue.retry_state(&id);
        assert_eq!(state.attempts, 1);
        let wait = state.next_at.expect("planned") - Utc::now();
        assert!((5..=7).contains(&wait.num_seconds()), "Retry-After: {wait}");
        d.attempt(&id);
        let letters = d.queue.dead_letters();
        assert_eq!(letters.len(), 1);
        assert_eq!(letters[0].attempts, 2);
        assert!(letters[0].bounced && letters[0].reason.contains("SendAsDenied"));
        // The bounce is queued: from the null sender, to the application's sender.
        let ids = d.queue.ids().expect("ids");
        assert_eq!(ids.len(), 1);
        let (bounce, text) = d.queue.load(&ids[0]).expect("bounce");
        assert_eq!(
            (bounce.from.as_str(), bounce.to.clone()),
            ("", vec!["erp@contoso.nl".to_owned()])
        );
        let text = String::from_utf8_lossy(&text);
        assert!(text.contains("Subject: Undeliverable: Order 42"), "{text}");
        assert!(
            text.contains("SendAsDenied") && text.contains("Reden: "),
            "{text}"
        );
    }

    #[test]
    fn an_old_message_is_given_up_and_a_bounce_is_never_bounced() {
        let dir = tempfile::tempdir().expect("tempdir");
        let retry = || Outcome::Retry {
            reason: "connection refused".into(),
            after: None,
        };
        let d = delivery(dir.path(), vec![retry(), retry()], 48);
        let old = queued(&d, "", 49);
        d.attempt(&old);
        let letters = d.queue.dead_letters();
        assert!(
            letters[0]
                .reason
                .starts_with("gave up after 1 attempts over 48 hours")
        );
        assert!(!letters[0].bounced, "no one to tell");
        assert!(d.queue.ids().expect("ids").is_empty());
    }

    #[test]
    fn refused_recipients_of_a_delivered_message_are_bounced() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = delivery(
            dir.path(),
            vec![Outcome::Delivered {
                reply: "250 OK".into(),
                refused: vec![("b@example.com".into(), "550 5.1.10 not found".into())],
            }],
            48,
        );
        let id = queued(&d, "erp@contoso.nl", 0);
        d.attempt(&id);
        assert!(d.queue.dead_letters().is_empty());
        let ids = d.queue.ids().expect("ids");
        assert_eq!(ids.len(), 1, "only the bounce is left");
        let (_, text) = d.queue.load(&ids[0]).expect("bounce");
        assert!(String::from_utf8_lossy(&text).contains("b@example.com"));
    }

    #[test]
    fn blind_copies_are_named_for_graph() {
        let message = b"From: a@x.nl\r\nTo: B <b@x.nl>\r\nCc: c@x.nl\r\n\r\nbody\r\n";
        let recipients = vec![
            "b@x.nl".to_owned(),
            "C@x.nl".to_owned(),
            "d@x.nl".to_owned(),
        ];
        let out = with_bcc(message, &recipients);
        assert!(out.starts_with(b"Bcc: d@x.nl\r\nFrom: a@x.nl\r\n"));
        assert_eq!(with_bcc(message, &recipients[..2]), message.to_vec());
    }
}
