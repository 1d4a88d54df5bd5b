//! SMTP submission with AUTH XOAUTH2, on lettre's connection layer.
//!
//! Why not `SmtpTransport`: a refused XOAUTH2 may come back as a `334` error challenge (base64
//! JSON) that the client must answer with an empty line before the server sends the final `535`
//! (Dovecot, Gmail), or as a direct `535 5.7.3` (Exchange Online). lettre's transport treats the
//! first as a protocol error and never sees the 535, so the conversation is driven here, command
//! by command, which also gives the transcript.
//!
//! A server's reply is shown and saved only through the transcript's redaction: a server that
//! repeats the XOAUTH2 payload or the token in its reply must not put them in the session.

use std::time::Duration;

use base64::Engine as _;
use lettre::address::Address;
use lettre::transport::smtp::client::{SmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
use lettre::transport::smtp::extension::ClientId;
use lettre::transport::smtp::response::{Response, Severity};
use secrecy::{ExposeSecret as _, SecretString};

use super::Failure;
use super::diagnosis::{self, Diagnosis};
use super::transcript::Transcript;

/// How the connection is secured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TlsMode {
    /// Plain connect, then STARTTLS (Exchange Online on 587). TLS is required.
    StartTls,
    /// TLS from the first byte (465 / 993).
    Implicit,
    /// No TLS: only for servers on loopback (tests, a local relay).
    Plain,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SmtpTarget {
    pub host: String,
    pub port: u16,
    pub tls: TlsMode,
    pub timeout: Duration,
}

impl SmtpTarget {
    /// Exchange Online's client submission endpoint.
    pub fn exchange_online() -> SmtpTarget {
        SmtpTarget {
            host: "smtp.office365.com".into(),
            port: 587,
            tls: TlsMode::StartTls,
            timeout: Duration::from_secs(30),
        }
    }
}

/// The XOAUTH2 initial response: `user=<mailbox>^Aauth=Bearer <token>^A^A`, base64.
pub fn xoauth2(user: &str, token: &SecretString) -> SecretString {
    let raw = format!(
        "user={user}\x01auth=Bearer {}\x01\x01",
        token.expose_secret()
    );
    SecretString::from(base64::engine::general_purpose::STANDARD.encode(raw))
}

pub fn describe(response: &Response) -> String {
    format!(
        "{} {}",
        response.code(),
        response.message().collect::<Vec<_>>().join(" ")
    )
}

/// A lettre error as a failure: replies by their codes, the rest by their network kind.
fn failure(error: &lettre::transport::smtp::Error, transcript: &mut Transcript) -> Failure {
    let text = crate::identity::http::error_chain(error);
    if let Some(code) = error.status() {
        let number: u16 = code.to_string().parse().unwrap_or_default();
        let reply = std::error::Error::source(error)
            .map(|e| e.to_string())
            .unwrap_or_default();
        transcript.server(&format!("{number} {reply}"));
        return Failure::new(
            diagnosis::from_smtp(number, &reply),
            transcript.redact(&format!("{number} {reply}")),
        );
    }
    transcript.note(&text);
    // A read timeout surfaces as a plain network error whose io kind says it (WouldBlock on
    // Linux, TimedOut on Windows).
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    let mut kind = std::io::ErrorKind::Other;
    while let Some(inner) = source {
        if let Some(io) = inner.downcast_ref::<std::io::Error>() {
            kind = io.kind();
            break;
        }
        source = inner.source();
    }
    let diagnosis = if error.is_timeout() {
        Diagnosis::Timeout
    } else if error.is_tls() {
        Diagnosis::Tls
    } else {
        diagnosis::from_io(kind, &text)
    };
    Failure::new(diagnosis, transcript.redact(&text))
}

/// Sends `message` (a complete RFC 5322 message) from `from` to `to`, authenticating as `from`
/// with an OAuth access token.
pub fn send(
    target: &SmtpTarget,
    from: &str,
    to: &str,
    token: &SecretString,
    message: &[u8],
    transcript: &mut Transcript,
) -> Result<String, Failure> {
    let from_address: Address = from
        .parse()
        .map_err(|e| Failure::new(Diagnosis::Unknown, format!("{from}: {e}")))?;
    let to_address: Address = to
        .parse()
        .map_err(|e| Failure::new(Diagnosis::Unknown, format!("{to}: {e}")))?;
    let mut conn = authenticated(target, from, token, transcript)?;
    let mail = Mail::new(Some(from_address), vec![]);
    let rcpt = Rcpt::new(to_address, vec![]);
    step(&mut conn, transcript, &format!("MAIL FROM:<{from}>"), |c| {
        c.command(&mail)
    })?;
    step(&mut conn, transcript, &format!("RCPT TO:<{to}>"), |c| {
        c.command(&rcpt)
    })?;
    step(&mut conn, transcript, "DATA", |c| c.command(Data))?;
    let accepted_text = data(&mut conn, message, transcript)?;
    quit(conn, transcript);
    Ok(accepted_text)
}

/// Sends the message after `DATA` was accepted; the server's final reply.
pub fn data(
    conn: &mut SmtpConnection,
    message: &[u8],
    transcript: &mut Transcript,
) -> Result<String, Failure> {
    transcript.client(&format!("({} bytes of message) .", message.len()));
    let accepted = conn.message(message).map_err(|e| {
        let failure = failure(&e, transcript);
        conn.abort();
        failure
    })?;
    let accepted_text = describe(&accepted);
    transcript.server(&accepted_text);
    Ok(accepted_text)
}

/// Ends the conversation politely; a server that hangs up first changes nothing.
pub fn quit(mut conn: SmtpConnection, transcript: &mut Transcript) {
    transcript.client("QUIT");
    if let Ok(bye) = conn.quit() {
        transcript.server(&describe(&bye));
    }
}

/// Connects, secures the connection as `target` says and authenticates as `user` with AUTH
/// XOAUTH2, answering a `334` error challenge (see the module doc). The one place the relay and
/// the test send open an Exchange Online SMTP session.
pub fn authenticated(
    target: &SmtpTarget,
    user: &str,
    token: &SecretString,
    transcript: &mut Transcript,
) -> Result<SmtpConnection, Failure> {
    transcript.forbid(token.expose_secret());
    let payload = xoauth2(user, token);
    transcript.forbid(payload.expose_secret());
    let hello = ClientId::Domain("overstap".into());
    let tls = match target.tls {
        TlsMode::Plain => None,
        _ => Some(
            TlsParameters::new_rustls(target.host.clone()).map_err(|e| failure(&e, transcript))?,
        ),
    };

    transcript.note(&format!("connect {}:{}", target.host, target.port));
    let implicit = if target.tls == TlsMode::Implicit {
        tls.as_ref()
    } else {
        None
    };
    let mut conn = SmtpConnection::connect(
        (target.host.as_str(), target.port),
        Some(target.timeout),
        &hello,
        implicit,
        None,
    )
    .map_err(|e| failure(&e, transcript))?;
    transcript.client("EHLO overstap");
    transcript.server(&format!("250 {}", conn.server_info()));

    if let (TlsMode::StartTls, Some(tls)) = (target.tls, tls.as_ref()) {
        transcript.client("STARTTLS");
        conn.starttls(tls, &hello)
            .map_err(|e| failure(&e, transcript))?;
        transcript.note("TLS established");
        transcript.server(&format!("250 {}", conn.server_info()));
    }

    transcript.client(&format!("AUTH XOAUTH2 {}", payload.expose_secret()));
    let auth = conn.command(format!("AUTH XOAUTH2 {}\r\n", payload.expose_secret()));
    match auth {
        Ok(response) if response.code().severity == Severity::PositiveIntermediate => {
            // The error challenge: base64 JSON such as {"status":"401","schemes":"bearer"}.
            let challenge = response.first_line().unwrap_or_default();
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(challenge.trim())
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
                .unwrap_or_else(|_| challenge.to_owned());
            transcript.server(&format!("334 {decoded}"));
            transcript.client("(empty line: end of the error challenge)");
            let final_reply = conn.command("\r\n");
            conn.abort();
            Err(match final_reply {
                Err(error) => {
                    let mut failure = failure(&error, transcript);
                    if failure.diagnosis == Diagnosis::Unknown {
                        failure.diagnosis = Diagnosis::TokenRejected;
                    }
                    failure
                }
                Ok(response) => {
                    transcript.server(&describe(&response));
                    Failure::new(
                        Diagnosis::TokenRejected,
                        transcript.redact(&format!("334 {decoded}")),
                    )
                }
            })
        }
        Ok(response) => {
            transcript.server(&describe(&response));
            Ok(conn)
        }
        Err(error) => {
            let failure = failure(&error, transcript);
            conn.abort();
            Err(failure)
        }
    }
}

/// One command: shown in the transcript, its reply recorded, a refusal diagnosed.
pub fn step(
    conn: &mut SmtpConnection,
    transcript: &mut Transcript,
    shown: &str,
    run: impl FnOnce(&mut SmtpConnection) -> Result<Response, lettre::transport::smtp::Error>,
) -> Result<(), Failure> {
    transcript.client(shown);
    match run(conn) {
        Ok(response) => {
            transcript.server(&describe(&response));
            Ok(())
        }
        Err(error) => {
            let failure = failure(&error, transcript);
            conn.abort();
            Err(failure)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xoauth2_is_microsofts_format() {
        let encoded = xoauth2("scanner@contoso.nl", &SecretString::from("tok".to_owned()));
        let raw = base64::engine::general_purpose::STANDARD
            .decode(encoded.expose_secret())
            .expect("base64");
        assert_eq!(raw, b"user=scanner@contoso.nl\x01auth=Bearer tok\x01\x01");
    }
}
