//! IMAP with AUTHENTICATE XOAUTH2: log in, select INBOX and, when asked, wait for the test
//! message by its unique subject.

use std::cell::Cell;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::{Duration, Instant};

use secrecy::{ExposeSecret as _, SecretString};

use super::Failure;
use super::diagnosis::{self, Diagnosis};
use super::guard::Guarded;
use super::smtp::TlsMode;
use super::transcript::Transcript;
use crate::identity::http::CancelFlag;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImapTarget {
    pub host: String,
    pub port: u16,
    /// Implicit TLS on 993 for Exchange Online; plain only on loopback.
    pub tls: TlsMode,
    pub timeout: Duration,
}

impl ImapTarget {
    pub fn exchange_online() -> ImapTarget {
        ImapTarget {
            host: "outlook.office365.com".into(),
            port: 993,
            tls: TlsMode::Implicit,
            timeout: Duration::from_secs(30),
        }
    }
}

/// Answers the server: the XOAUTH2 string first; an empty line to an error challenge (the
/// server then ends with NO).
struct XOAuth2 {
    raw: SecretString,
    calls: Cell<u32>,
}

impl imap::Authenticator for XOAuth2 {
    type Response = Vec<u8>;

    fn process(&self, challenge: &[u8]) -> Vec<u8> {
        let call = self.calls.get();
        self.calls.set(call + 1);
        if call == 0 && challenge.is_empty() {
            self.raw.expose_secret().as_bytes().to_vec()
        } else {
            Vec::new()
        }
    }
}

/// What the check found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImapResult {
    LoggedIn { messages: u32 },
    Arrived,
}

fn io_failure(error: &std::io::Error, transcript: &mut Transcript) -> Failure {
    let text = error.to_string();
    transcript.note(&text);
    Failure::new(
        diagnosis::from_io(error.kind(), &text),
        transcript.redact(&text),
    )
}

fn imap_failure(error: imap::error::Error, transcript: &mut Transcript) -> Failure {
    let text = match &error {
        // The imap crate's parse errors print the whole answer as bytes; the lossy text reads
        // better and is redacted like everything else.
        imap::error::Error::Parse(imap::error::ParseError::Invalid(bytes)) => {
            format!("unexpected answer: {}", String::from_utf8_lossy(bytes))
        }
        other => other.to_string(),
    };
    transcript.server(&text);
    let lower = text.to_ascii_lowercase();
    let diagnosis = match &error {
        imap::error::Error::Io(io) => diagnosis::from_io(io.kind(), &text),
        _ if lower.contains("authenticated but not connected") => Diagnosis::ImapNotConnected,
        _ if lower.contains("authenticationfailed")
            || lower.contains("authentication failed")
            || lower.contains("authenticate failed") =>
        {
            Diagnosis::ImapAuthFailed
        }
        imap::error::Error::No(_) => Diagnosis::ImapAuthFailed,
        _ => Diagnosis::Unknown,
    };
    Failure::new(diagnosis, transcript.redact(&text))
}

/// Rustls with the operating system's trusted roots (corporate TLS inspection CAs included).
fn tls_config() -> Result<Arc<rustls::ClientConfig>, String> {
    let mut roots = rustls::RootCertStore::empty();
    for cert in rustls_native_certs::load_native_certs().certs {
        // A single unusable certificate in the OS store must not block the others.
        let _ = roots.add(cert);
    }
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| e.to_string())?
    .with_root_certificates(roots)
    .with_no_client_auth();
    Ok(Arc::new(config))
}

/// Logs in with XOAUTH2; with `wait_for` set, polls INBOX for that subject until `wait`.
pub fn check(
    target: &ImapTarget,
    user: &str,
    token: &SecretString,
    wait_for: Option<(&str, Duration)>,
    cancel: &CancelFlag,
    transcript: &mut Transcript,
) -> Result<ImapResult, Failure> {
    transcript.forbid(token.expose_secret());
    transcript.note(&format!("connect {}:{}", target.host, target.port));
    let address = (target.host.as_str(), target.port);
    let tcp = std::net::ToSocketAddrs::to_socket_addrs(&address)
        .map_err(|e| io_failure(&e, transcript))?
        .next()
        .ok_or_else(|| Failure::new(Diagnosis::Dns, target.host.clone()))
        .and_then(|addr| {
            TcpStream::connect_timeout(&addr, target.timeout)
                .map_err(|e| io_failure(&e, transcript))
        })?;
    // Timeouts on the socket keep a silent server from hanging the worker; the guard adds a
    // deadline for the whole conversation, size caps and the tag check.
    let _ = tcp.set_read_timeout(Some(target.timeout));
    let _ = tcp.set_write_timeout(Some(target.timeout));
    let socket = tcp.try_clone().map_err(|e| io_failure(&e, transcript))?;
    let deadline =
        Instant::now() + wait_for.map_or(Duration::ZERO, |(_, wait)| wait) + target.timeout * 4;
    match target.tls {
        TlsMode::Plain => session(
            Guarded::new(tcp, socket, target.timeout, deadline),
            user,
            token,
            wait_for,
            cancel,
            transcript,
        ),
        TlsMode::Implicit | TlsMode::StartTls => {
            let config = tls_config().map_err(|e| Failure::new(Diagnosis::Tls, e))?;
            let name = rustls::pki_types::ServerName::try_from(target.host.clone())
                .map_err(|e| Failure::new(Diagnosis::Tls, e.to_string()))?;
            let connection = rustls::ClientConnection::new(config, name)
                .map_err(|e| Failure::new(Diagnosis::Tls, e.to_string()))?;
            transcript.note("TLS");
            session(
                Guarded::new(
                    rustls::StreamOwned::new(connection, tcp),
                    socket,
                    target.timeout,
                    deadline,
                ),
                user,
                token,
                wait_for,
                cancel,
                transcript,
            )
        }
    }
}

fn session<T: Read + Write>(
    stream: T,
    user: &str,
    token: &SecretString,
    wait_for: Option<(&str, Duration)>,
    cancel: &CancelFlag,
    transcript: &mut Transcript,
) -> Result<ImapResult, Failure> {
    let mut client = imap::Client::new(stream);
    client
        .read_greeting()
        .map_err(|e| imap_failure(e, transcript))?;
    transcript.server("* OK (greeting)");
    let raw = SecretString::from(format!(
        "user={user}\x01auth=Bearer {}\x01\x01",
        token.expose_secret()
    ));
    // The imap crate sends it base64-encoded; a server may repeat that in its refusal.
    transcript.forbid(&base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        raw.expose_secret(),
    ));
    transcript.client("AUTHENTICATE XOAUTH2 (token)");
    let mut session = client
        .authenticate(
            "XOAUTH2",
            &XOAuth2 {
                raw,
                calls: Cell::new(0),
            },
        )
        .map_err(|(e, _)| imap_failure(e, transcript))?;
    transcript.server("OK logged in");
    transcript.client("SELECT INBOX");
    let mailbox = session
        .select("INBOX")
        .map_err(|e| imap_failure(e, transcript))?;
    transcript.server(&format!("OK {} messages", mailbox.exists));
    let result = match wait_for {
        None => ImapResult::LoggedIn {
            messages: mailbox.exists,
        },
        Some((subject, wait)) => {
            let deadline = Instant::now() + wait;
            let query = format!("SUBJECT \"{}\"", subject.replace('"', ""));
            loop {
                transcript.client(&format!("SEARCH {query}"));
                let found = session
                    .search(&query)
                    .map_err(|e| imap_failure(e, transcript))?;
                transcript.server(&format!("SEARCH {} found", found.len()));
                if !found.is_empty() {
                    break ImapResult::Arrived;
                }
                if Instant::now() >= deadline || cancel.sleep(Duration::from_secs(2)) {
                    let _ = session.logout();
                    return Err(Failure::new(Diagnosis::NotArrived, subject.to_owned()));
                }
                // NOOP lets the server report new mail in the selected mailbox.
                let _ = session.noop();
            }
        }
    };
    transcript.client("LOGOUT");
    // A failed LOGOUT after a good check changes nothing for the admin.
    let _ = session.logout();
    Ok(result)
}
