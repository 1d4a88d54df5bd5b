//! The relay's SMTP server: what a legacy application talks to.
//!
//! RFC 5321 for a submission-only server: `EHLO`/`HELO`, `MAIL` (with `SIZE=` and `BODY=`, and
//! the null sender `<>` that bounces use), `RCPT`, `DATA` with dot-unstuffing, `RSET`, `NOOP`,
//! `VRFY` (252), `QUIT`; `PIPELINING`, `SIZE`, `8BITMIME` and `ENHANCEDSTATUSCODES`; `STARTTLS`
//! when a certificate is configured; `AUTH PLAIN` / `LOGIN` when a local login is configured
//! (offered over TLS or on loopback only, so a password never crosses the LAN in clear text).
//!
//! Why not the `mailin` crate: it refuses `MAIL FROM:<>` and every `MAIL` parameter (`SIZE=`),
//! which the IIS SMTP service, Database Mail and scanners send, and it answers a failed write
//! with a permanent `554`, where a full disk must be a temporary `452`.
//!
//! Who may connect: loopback always, other addresses only from the allow-list; anyone else gets
//! `554 5.7.1` before the greeting, so the relay is never an open relay. The message is on disk
//! (`Queue::accept`) before `250` is sent.

use std::io::{self, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use base64::Engine as _;
use chrono::Utc;
use secrecy::{ExposeSecret as _, SecretString};

use super::log::RelayLog;
use super::queue::{Envelope, Queue, QueueError};
use crate::identity::http::CancelFlag;

/// Longest command line (RFC 5321 4.5.3.1.4 says 512; some clients send long `MAIL` lines).
const MAX_COMMAND_BYTES: usize = 4096;
/// Longest text line in `DATA` (RFC 5321 says 1000; this is generous for broken senders).
const MAX_DATA_LINE_BYTES: usize = 64 * 1024;
const MAX_RECIPIENTS: usize = 500;
/// Connections served at once; more get `421` and may come back.
const MAX_CONNECTIONS: usize = 100;

/// Client addresses allowed besides loopback: single addresses and CIDR ranges.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AllowList {
    ranges: Vec<(IpAddr, u8)>,
}

impl AllowList {
    /// `Err(entry)` names the first entry that is not an address or a range.
    pub fn parse(entries: &[String]) -> Result<AllowList, String> {
        let mut ranges = Vec::new();
        for entry in entries {
            let text = entry.trim();
            let (address, bits) = match text.split_once('/') {
                Some((address, bits)) => (address, Some(bits)),
                None => (text, None),
            };
            let address: IpAddr = address.parse().map_err(|_| entry.clone())?;
            let max = if address.is_ipv4() { 32 } else { 128 };
            let bits = match bits {
                Some(bits) => bits
                    .parse::<u8>()
                    .ok()
                    .filter(|b| *b <= max)
                    .ok_or_else(|| entry.clone())?,
                None => max,
            };
            ranges.push((address, bits));
        }
        Ok(AllowList { ranges })
    }

    /// Loopback, or inside one of the ranges.
    pub fn allows(&self, peer: IpAddr) -> bool {
        let peer = match peer {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(peer),
            v4 => v4,
        };
        peer.is_loopback()
            || self
                .ranges
                .iter()
                .any(|(network, bits)| match (network, peer) {
                    (IpAddr::V4(n), IpAddr::V4(p)) => {
                        let mask = u32::MAX.checked_shl(32 - u32::from(*bits)).unwrap_or(0);
                        u32::from(*n) & mask == u32::from(p) & mask
                    }
                    (IpAddr::V6(n), IpAddr::V6(p)) => {
                        let mask = u128::MAX.checked_shl(128 - u32::from(*bits)).unwrap_or(0);
                        u128::from(*n) & mask == u128::from(p) & mask
                    }
                    _ => false,
                })
    }
}

/// Which senders the relay may send as, and what happens to the others.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SenderPolicy {
    /// The mailbox rewritten senders and bounces use.
    pub mailbox: String,
    /// Lower-case; `mailbox` included.
    pub allowed: Vec<String>,
    pub rewrite: bool,
}

/// What the policy made of a message.
#[derive(Debug, PartialEq, Eq)]
pub struct Accepted {
    /// The message to queue (with `From` rewritten when the policy says so).
    pub message: Vec<u8>,
    /// The mailbox the relay sends it as.
    pub send_as: String,
}

impl SenderPolicy {
    pub fn new(mailbox: &str, allowed: &[String], rewrite: bool) -> SenderPolicy {
        let mut list: Vec<String> = allowed.iter().map(|a| a.trim().to_lowercase()).collect();
        list.push(mailbox.trim().to_lowercase());
        list.sort();
        list.dedup();
        SenderPolicy {
            mailbox: mailbox.trim().to_owned(),
            allowed: list,
            rewrite,
        }
    }

    fn allows(&self, address: &str) -> bool {
        self.allowed.contains(&address.trim().to_lowercase())
    }

    /// At `MAIL FROM`: `Err(reason)` when the sender may not be used and is not rewritten.
    /// The null sender is fine: bounces carry it, the relay sends them as `mailbox`.
    pub fn check_envelope(&self, from: &str) -> Result<(), String> {
        if from.is_empty() || self.rewrite || self.allows(from) {
            Ok(())
        } else {
            Err(self.refusal(from))
        }
    }

    fn refusal(&self, from: &str) -> String {
        format!(
            "<{from}> is not a mailbox this relay may send as (allowed: {}); ask the administrator to add it to the application's mailbox scope, or to let the relay rewrite senders",
            self.allowed.join(", ")
        )
    }

    /// At the end of `DATA`: the header `From` decides what Exchange Online checks ("send as").
    /// An allowed `From` stays; another is rewritten to `mailbox` (the original moves to
    /// `Reply-To` when there is none) or refused; a missing one becomes `mailbox`.
    pub fn check_message(&self, envelope_from: &str, message: Vec<u8>) -> Result<Accepted, String> {
        match header_from(&message) {
            Some(from) if self.allows(&from) => Ok(Accepted {
                message,
                send_as: from,
            }),
            Some(from) if self.rewrite => Ok(Accepted {
                message: rewrite_from(&message, &self.mailbox, &from),
                send_as: self.mailbox.clone(),
            }),
            Some(from) => Err(self.refusal(&from)),
            None => {
                let send_as = if !envelope_from.is_empty() && self.allows(envelope_from) {
                    envelope_from.to_owned()
                } else {
                    self.mailbox.clone()
                };
                let mut with_from = format!("From: {send_as}\r\n").into_bytes();
                with_from.extend_from_slice(&message);
                Ok(Accepted {
                    message: with_from,
                    send_as,
                })
            }
        }
    }
}

/// The value of a header, with folded continuation lines joined.
pub fn header_value(message: &[u8], name: &str) -> Option<String> {
    let mut lines = super::queue::header_lines(message).peekable();
    while let Some(line) = lines.next() {
        if line.len() > name.len()
            && line[name.len()] == b':'
            && line[..name.len()].eq_ignore_ascii_case(name.as_bytes())
        {
            let mut value = String::from_utf8_lossy(&line[name.len() + 1..]).into_owned();
            while let Some(next) = lines.peek() {
                if next.first().is_some_and(|b| *b == b' ' || *b == b'\t') {
                    value.push(' ');
                    value.push_str(String::from_utf8_lossy(next).trim());
                    lines.next();
                } else {
                    break;
                }
            }
            return Some(value.trim().to_owned());
        }
    }
    None
}

/// The addresses in an address header: `"Name" <a@b>, c@d` gives `a@b`, `c@d`.
pub fn addresses(value: &str) -> Vec<String> {
    value
        .split(',')
        .filter_map(|part| {
            let part = part.trim();
            let address = match (part.rfind('<'), part.rfind('>')) {
                (Some(start), Some(end)) if start < end => &part[start + 1..end],
                _ => part,
            };
            let address = address.trim();
            address.contains('@').then(|| address.to_owned())
        })
        .collect()
}

/// The first address of the `From` header.
pub fn header_from(message: &[u8]) -> Option<String> {
    header_value(message, "From").and_then(|v| addresses(&v).into_iter().next())
}

/// `From: mailbox`, the original in `Reply-To` (unless there is one); the rest unchanged.
fn rewrite_from(message: &[u8], mailbox: &str, original: &str) -> Vec<u8> {
    let has_reply_to = super::queue::has_header(message, "Reply-To");
    let mut out = Vec::with_capacity(message.len() + 64);
    let mut in_headers = true;
    let mut skipping = false;
    for line in message.split_inclusive(|b| *b == b'\n') {
        if in_headers {
            let bare = line.strip_suffix(b"\n").unwrap_or(line);
            let bare = bare.strip_suffix(b"\r").unwrap_or(bare);
            if bare.is_empty() {
                in_headers = false;
            } else if skipping && (bare[0] == b' ' || bare[0] == b'\t') {
                continue;
            } else {
                skipping = false;
                if bare.len() > 5 && bare[..5].eq_ignore_ascii_case(b"from:") {
                    out.extend_from_slice(format!("From: {mailbox}\r\n").as_bytes());
                    if !has_reply_to {
                        out.extend_from_slice(format!("Reply-To: {original}\r\n").as_bytes());
                    }
                    skipping = true;
                    continue;
                }
            }
        }
        out.extend_from_slice(line);
    }
    out
}

/// What the server needs besides the socket.
pub struct ServerConfig {
    /// The name in the greeting and `EHLO` reply.
    pub hostname: String,
    pub allow: AllowList,
    pub max_bytes: u64,
    /// What the `SIZE` refusal names as the reason for the limit.
    pub limit_reason: String,
    pub tls: Option<Arc<rustls::ServerConfig>>,
    /// User name and password of the local login.
    pub auth: Option<(String, SecretString)>,
    pub senders: SenderPolicy,
    /// How long a client may stay silent.
    pub idle_timeout: Duration,
}

/// Loads a PEM certificate chain and key for STARTTLS.
pub fn tls_config(files: &super::config::TlsFiles) -> Result<Arc<rustls::ServerConfig>, String> {
    use rustls::pki_types::pem::PemObject as _;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(&files.cert_file)
        .map_err(|e| format!("{}: {e}", files.cert_file.display()))?
        .collect::<Result<_, _>>()
        .map_err(|e| format!("{}: {e}", files.cert_file.display()))?;
    let key = PrivateKeyDer::from_pem_file(&files.key_file)
        .map_err(|e| format!("{}: {e}", files.key_file.display()))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| e.to_string())?;
    Ok(Arc::new(config))
}

/// The connection, before and after STARTTLS.
enum Conn {
    Plain(TcpStream),
    Tls(Box<rustls::StreamOwned<rustls::ServerConnection, TcpStream>>),
    /// Only while switching.
    Gone,
}

impl Read for Conn {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Conn::Plain(s) => s.read(buf),
            Conn::Tls(s) => s.read(buf),
            Conn::Gone => Ok(0),
        }
    }
}

impl Write for Conn {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Conn::Plain(s) => s.write(buf),
            Conn::Tls(s) => s.write(buf),
            Conn::Gone => Err(io::Error::from(io::ErrorKind::NotConnected)),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Conn::Plain(s) => s.flush(),
            Conn::Tls(s) => s.flush(),
            Conn::Gone => Ok(()),
        }
    }
}

/// Reads lines with a cap; keeps what came after a line for the next call (pipelining).
struct Lines {
    conn: Conn,
    buf: Vec<u8>,
    start: usize,
}

enum Line {
    Text(Vec<u8>),
    TooLong,
    Closed,
}

impl Lines {
    fn next(&mut self, max: usize) -> io::Result<Line> {
        let mut discarding = false;
        loop {
            if let Some(pos) = self.buf[self.start..].iter().position(|b| *b == b'\n') {
                let end = self.start + pos + 1;
                let line = self.buf[self.start..end].to_vec();
                self.start = end;
                if self.start > 64 * 1024 {
                    self.buf.drain(..self.start);
                    self.start = 0;
                }
                return Ok(if discarding || line.len() > max {
                    Line::TooLong
                } else {
                    Line::Text(line)
                });
            }
            if self.buf.len() - self.start > max {
                discarding = true;
                self.buf.truncate(self.start);
            }
            let mut chunk = [0u8; 16 * 1024];
            let n = self.conn.read(&mut chunk)?;
            if n == 0 {
                return Ok(Line::Closed);
            }
            self.buf.extend_from_slice(&chunk[..n]);
        }
    }

    fn reply(&mut self, text: &str) -> io::Result<()> {
        self.conn.write_all(text.as_bytes())?;
        self.conn.flush()
    }
}

/// The running server's shared parts.
pub struct Server {
    pub config: ServerConfig,
    pub queue: Arc<Queue>,
    pub log: Arc<RelayLog>,
    /// Called after each accepted message (wakes the delivery).
    pub accepted: Arc<dyn Fn() + Send + Sync>,
    connections: AtomicUsize,
}

impl Server {
    pub fn new(
        config: ServerConfig,
        queue: Arc<Queue>,
        log: Arc<RelayLog>,
        accepted: Arc<dyn Fn() + Send + Sync>,
    ) -> Server {
        Server {
            config,
            queue,
            log,
            accepted,
            connections: AtomicUsize::new(0),
        }
    }

    /// Accepts connections until `stop` (then one connection to the listener wakes it).
    pub fn run(self: Arc<Self>, listener: TcpListener, stop: CancelFlag) {
        for stream in listener.incoming() {
            if stop.is_cancelled() {
                return;
            }
            let Ok(stream) = stream else { continue };
            let Ok(peer) = stream.peer_addr() else {
                continue;
            };
            let server = Arc::clone(&self);
            let spawned = std::thread::Builder::new()
                .name("overstap-relay-conn".into())
                .spawn(move || server.serve(stream, peer));
            if let Err(error) = spawned {
                self.log
                    .error(&format!("cannot serve a connection: {error}"));
            }
        }
    }

    /// Serves one connection from `peer` (the address the listener saw) to its end.
    pub fn serve(&self, stream: TcpStream, peer: SocketAddr) {
        let active = self.connections.fetch_add(1, Ordering::SeqCst) + 1;
        let result = self.converse(stream, peer, active);
        self.connections.fetch_sub(1, Ordering::SeqCst);
        if let Err(error) = result
            && !matches!(
                error.kind(),
                io::ErrorKind::BrokenPipe | io::ErrorKind::ConnectionReset
            )
        {
            self.log
                .info(&format!("connection from {}: {error}", peer.ip()));
        }
    }

    fn converse(&self, stream: TcpStream, peer: SocketAddr, active: usize) -> io::Result<()> {
        // Replies are small and come one by one: without NODELAY, Nagle and delayed ACKs make
        // every reply wait.
        stream.set_nodelay(true)?;
        stream.set_read_timeout(Some(self.config.idle_timeout))?;
        stream.set_write_timeout(Some(self.config.idle_timeout))?;
        let mut lines = Lines {
            conn: Conn::Plain(stream),
            buf: Vec::new(),
            start: 0,
        };
        let host = &self.config.hostname;
        if !self.config.allow.allows(peer.ip()) {
            self.log.warn(&format!(
                "refused {}: not loopback and not in allowed_clients (open relay attempt?)",
                peer.ip()
            ));
            return lines.reply(&format!(
                "554 5.7.1 {} may not use this relay: not in its allowed clients\r\n",
                peer.ip()
            ));
        }
        if active > MAX_CONNECTIONS {
            return lines.reply(&format!(
                "421 4.7.0 {host} too many connections, try again later\r\n"
            ));
        }
        lines.reply(&format!("220 {host} Overstap relay ESMTP ready\r\n"))?;
        let mut session = Session {
            peer: peer.ip(),
            secure: false,
            authenticated: false,
            from: None,
            to: Vec::new(),
        };
        loop {
            let line = match lines.next(MAX_COMMAND_BYTES)? {
                Line::Closed => return Ok(()),
                Line::TooLong => {
                    lines.reply("500 5.5.6 line too long\r\n")?;
                    continue;
                }
                Line::Text(line) => line,
            };
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end_matches(['\r', '\n']);
            let (verb, arg) = match text.split_once(' ') {
                Some((verb, arg)) => (verb.to_ascii_uppercase(), arg.trim()),
                None => (text.to_ascii_uppercase(), ""),
            };
            match verb.as_str() {
                "EHLO" => {
                    session.reset();
                    lines.reply(&self.ehlo(&session))?;
                }
                "HELO" => {
                    session.reset();
                    lines.reply(&format!("250 {host}\r\n"))?;
                }
                "MAIL" => {
                    let reply = self.mail(&mut session, arg);
                    lines.reply(&reply)?;
                }
                "RCPT" => {
                    let reply = session.rcpt(arg);
                    lines.reply(&reply)?;
                }
                "DATA" => {
                    if session.from.is_none() {
                        lines.reply("503 5.5.1 MAIL first\r\n")?;
                    } else if session.to.is_empty() {
                        lines.reply("554 5.5.1 no valid recipients\r\n")?;
                    } else {
                        lines.reply("354 end data with <CRLF>.<CRLF>\r\n")?;
                        let reply = self.data(&mut lines, &mut session)?;
                        lines.reply(&reply)?;
                    }
                }
                "RSET" => {
                    session.reset();
                    lines.reply("250 2.0.0 OK\r\n")?;
                }
                "NOOP" => lines.reply("250 2.0.0 OK\r\n")?,
                "VRFY" => lines.reply("252 2.5.2 cannot verify, send to it\r\n")?,
                "HELP" => lines.reply("214 2.0.0 see RFC 5321\r\n")?,
                "QUIT" => return lines.reply(&format!("221 2.0.0 {host} closing\r\n")),
                "STARTTLS" => match &self.config.tls {
                    Some(tls) if !session.secure => {
                        lines.reply("220 2.0.0 ready to start TLS\r\n")?;
                        // Anything the client pipelined after STARTTLS is discarded (RFC 3207).
                        lines.buf.clear();
                        lines.start = 0;
                        let Conn::Plain(tcp) = std::mem::replace(&mut lines.conn, Conn::Gone)
                        else {
                            return Ok(());
                        };
                        let server = rustls::ServerConnection::new(Arc::clone(tls))
                            .map_err(io::Error::other)?;
                        let mut tls_stream = rustls::StreamOwned::new(server, tcp);
                        while tls_stream.conn.is_handshaking() {
                            tls_stream.conn.complete_io(&mut tls_stream.sock)?;
                        }
                        lines.conn = Conn::Tls(Box::new(tls_stream));
                        session.secure = true;
                        session.authenticated = false;
                        session.reset();
                    }
                    _ => lines.reply("454 4.7.0 TLS not available\r\n")?,
                },
                "AUTH" => {
                    let reply = self.auth(&mut lines, &mut session, arg)?;
                    lines.reply(&reply)?;
                }
                _ => lines.reply("500 5.5.1 command not recognised\r\n")?,
            }
        }
    }

    fn offers_auth(&self, session: &Session) -> bool {
        self.config.auth.is_some() && (session.secure || session.peer.is_loopback())
    }

    fn ehlo(&self, session: &Session) -> String {
        let mut lines = vec![
            self.config.hostname.clone(),
            "PIPELINING".into(),
            format!("SIZE {}", self.config.max_bytes),
            "8BITMIME".into(),
            "ENHANCEDSTATUSCODES".into(),
        ];
        if self.config.tls.is_some() && !session.secure {
            lines.push("STARTTLS".into());
        }
        if self.offers_auth(session) {
            lines.push("AUTH PLAIN LOGIN".into());
        }
        let last = lines.len() - 1;
        lines
            .iter()
            .enumerate()
            .map(|(i, l)| format!("250{}{l}\r\n", if i == last { ' ' } else { '-' }))
            .collect()
    }

    fn mail(&self, session: &mut Session, arg: &str) -> String {
        if session.from.is_some() {
            return "503 5.5.1 nested MAIL command\r\n".into();
        }
        if self.config.auth.is_some() && !session.authenticated {
            return "530 5.7.0 authentication required\r\n".into();
        }
        let Some(rest) = strip_prefix_ci(arg, "FROM:") else {
            return "501 5.5.4 syntax: MAIL FROM:<address>\r\n".into();
        };
        let Some((address, params)) = path(rest) else {
            return "501 5.1.7 bad sender address syntax\r\n".into();
        };
        for param in params.split_whitespace() {
            if let Some(size) = strip_prefix_ci(param, "SIZE=") {
                match size.parse::<u64>() {
                    Ok(size) if size > self.config.max_bytes => {
                        return format!(
                            "552 5.3.4 message size {size} exceeds the limit of {} bytes ({})\r\n",
                            self.config.max_bytes, self.config.limit_reason
                        );
                    }
                    Ok(_) => {}
                    Err(_) => return "501 5.5.4 bad SIZE parameter\r\n".into(),
                }
            }
        }
        if let Err(reason) = self.config.senders.check_envelope(&address) {
            self.log.warn(&format!(
                "refused sender <{address}> from {}: {reason}",
                session.peer
            ));
            return format!("550 5.7.1 {reason}\r\n");
        }
        session.from = Some(address);
        "250 2.1.0 sender OK\r\n".into()
    }

    fn data(&self, lines: &mut Lines, session: &mut Session) -> io::Result<String> {
        let mut message = Vec::new();
        let mut too_big = false;
        let mut line_too_long = false;
        loop {
            let line = match lines.next(MAX_DATA_LINE_BYTES)? {
                Line::Closed => {
                    return Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "the client closed the connection in the middle of DATA",
                    ));
                }
                Line::TooLong => {
                    line_too_long = true;
                    continue;
                }
                Line::Text(line) => line,
            };
            if line == b".\r\n" || line == b".\n" {
                break;
            }
            if too_big {
                continue;
            }
            let body = line.strip_prefix(b".").unwrap_or(&line);
            let body = body.strip_suffix(b"\n").unwrap_or(body);
            let body = body.strip_suffix(b"\r").unwrap_or(body);
            if (message.len() + body.len() + 2) as u64 > self.config.max_bytes {
                too_big = true;
                message = Vec::new();
                continue;
            }
            // Bare LF line ends become CRLF, as Exchange Online requires.
            message.extend_from_slice(body);
            message.extend_from_slice(b"\r\n");
        }
        let from = session.from.take().unwrap_or_default();
        let to = std::mem::take(&mut session.to);
        if too_big {
            return Ok(format!(
                "552 5.3.4 message exceeds the limit of {} bytes ({})\r\n",
                self.config.max_bytes, self.config.limit_reason
            ));
        }
        if line_too_long {
            return Ok("500 5.5.6 a line of the message is too long\r\n".into());
        }
        let accepted = match self.config.senders.check_message(&from, message) {
            Ok(accepted) => accepted,
            Err(reason) => {
                self.log
                    .warn(&format!("refused message from {}: {reason}", session.peer));
                return Ok(format!("550 5.7.1 {reason}\r\n"));
            }
        };
        let envelope = Envelope {
            id: self.queue.new_id(),
            from,
            to,
            received_at: Utc::now(),
            client: session.peer.to_string(),
            send_as: accepted.send_as,
        };
        Ok(match self.queue.accept(&envelope, &accepted.message) {
            Ok(()) => {
                self.log.info(&format!(
                    "accepted {} from {} <{}> for {} recipient(s), {} bytes",
                    envelope.id,
                    session.peer,
                    envelope.from,
                    envelope.to.len(),
                    accepted.message.len()
                ));
                (self.accepted)();
                format!("250 2.0.0 OK queued as {}\r\n", envelope.id)
            }
            Err(QueueError::Full) => {
                self.log.error(&format!(
                    "queue disk full: message from {} refused with 452, the client will retry",
                    session.peer
                ));
                "452 4.3.1 insufficient system storage, try again later\r\n".into()
            }
            Err(error) => {
                self.log.error(&format!("cannot queue a message: {error}"));
                "451 4.3.0 local error in processing, try again later\r\n".into()
            }
        })
    }

    fn auth(&self, lines: &mut Lines, session: &mut Session, arg: &str) -> io::Result<String> {
        let Some((user, password)) = &self.config.auth else {
            return Ok("502 5.5.1 AUTH not available\r\n".into());
        };
        if !self.offers_auth(session) {
            return Ok("538 5.7.11 encryption required: STARTTLS first\r\n".into());
        }
        if session.authenticated {
            return Ok("503 5.5.1 already authenticated\r\n".into());
        }
        let (mechanism, initial) = match arg.split_once(' ') {
            Some((m, i)) => (m.to_ascii_uppercase(), Some(i.trim().to_owned())),
            None => (arg.to_ascii_uppercase(), None),
        };
        let decode = |text: &str| {
            base64::engine::general_purpose::STANDARD
                .decode(text.trim())
                .ok()
                .map(|b| String::from_utf8_lossy(&b).into_owned())
        };
        let ask = |lines: &mut Lines, prompt: &str| -> io::Result<Option<String>> {
            lines.reply(&format!("334 {prompt}\r\n"))?;
            Ok(match lines.next(MAX_COMMAND_BYTES)? {
                Line::Text(line) => {
                    let text = String::from_utf8_lossy(&line).trim().to_owned();
                    if text == "*" { None } else { Some(text) }
                }
                _ => None,
            })
        };
        let given = match mechanism.as_str() {
            "PLAIN" => {
                let response = match initial {
                    Some(initial) => Some(initial),
                    None => ask(lines, "")?,
                };
                response.and_then(|r| decode(&r)).and_then(|plain| {
                    let mut parts = plain.split('\0');
                    let _authorization = parts.next()?;
                    Some((parts.next()?.to_owned(), parts.next()?.to_owned()))
                })
            }
            "LOGIN" => {
                let name = match initial {
                    Some(initial) => Some(initial),
                    None => ask(lines, "VXNlcm5hbWU6")?,
                }
                .and_then(|n| decode(&n));
                match name {
                    Some(name) => ask(lines, "UGFzc3dvcmQ6")?
                        .and_then(|p| decode(&p))
                        .map(|p| (name, p)),
                    None => None,
                }
            }
            _ => return Ok("504 5.5.4 unrecognised authentication mechanism\r\n".into()),
        };
        let Some((given_user, given_password)) = given else {
            return Ok("501 5.5.2 cannot decode the response\r\n".into());
        };
        if given_user == *user
            && constant_time_eq(
                given_password.as_bytes(),
                password.expose_secret().as_bytes(),
            )
        {
            session.authenticated = true;
            Ok("235 2.7.0 authentication successful\r\n".into())
        } else {
            self.log.warn(&format!(
                "failed login from {} as {given_user:?}",
                session.peer
            ));
            Ok("535 5.7.8 authentication credentials invalid\r\n".into())
        }
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

struct Session {
    peer: IpAddr,
    secure: bool,
    authenticated: bool,
    from: Option<String>,
    to: Vec<String>,
}

impl Session {
    fn reset(&mut self) {
        self.from = None;
        self.to.clear();
    }

    fn rcpt(&mut self, arg: &str) -> String {
        if self.from.is_none() {
            return "503 5.5.1 MAIL first\r\n".into();
        }
        let Some(rest) = strip_prefix_ci(arg, "TO:") else {
            return "501 5.5.4 syntax: RCPT TO:<address>\r\n".into();
        };
        let Some((address, _)) = path(rest) else {
            return "501 5.1.3 bad recipient address syntax\r\n".into();
        };
        if !address.contains('@') {
            return "501 5.1.3 a recipient needs a domain\r\n".into();
        }
        if self.to.len() >= MAX_RECIPIENTS {
            return "452 4.5.3 too many recipients\r\n".into();
        }
        self.to.push(address);
        "250 2.1.5 recipient OK\r\n".into()
    }
}

fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    (text.len() >= prefix.len() && text[..prefix.len()].eq_ignore_ascii_case(prefix))
        .then(|| &text[prefix.len()..])
}

/// `<address> PARAMS` (or a bare address, which old clients send): the address and the rest.
fn path(text: &str) -> Option<(String, &str)> {
    let text = text.trim_start();
    if let Some(rest) = text.strip_prefix('<') {
        let end = rest.find('>')?;
        let address = rest[..end].trim();
        // A source route (`@a,@b:user@c`) is ignored, as RFC 5321 allows.
        let address = address.rsplit(':').next().unwrap_or(address);
        Some((address.to_owned(), &rest[end + 1..]))
    } else {
        let (address, rest) = text.split_once(' ').unwrap_or((text, ""));
        (!address.is_empty()).then(|| (address.to_owned(), rest))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allow_list_table() {
        let list = AllowList::parse(&[
            "192.168.10.0/24".into(),
            "10.0.0.5".into(),
            "fd00::/8".into(),
        ])
        .expect("parse");
        for (peer, allowed) in [
            ("127.0.0.1", true),
            ("::1", true),
            ("192.168.10.77", true),
            ("192.168.11.1", false),
            ("10.0.0.5", true),
            ("10.0.0.6", false),
            ("fd12::1", true),
            ("::ffff:192.168.10.9", true),
            ("8.8.8.8", false),
        ] {
            assert_eq!(list.allows(peer.parse().expect("ip")), allowed, "{peer}");
        }
        assert!(AllowList::parse(&["10.0.0.0/33".into()]).is_err());
        assert!(AllowList::parse(&["server01".into()]).is_err());
        assert!(
            AllowList::parse(&["0.0.0.0/0".into()])
                .expect("all")
                .allows("8.8.8.8".parse().expect("ip"))
        );
    }

    #[test]
    fn paths_and_parameters() {
        assert_eq!(
            path("<a@b.nl> SIZE=10"),
            Some(("a@b.nl".into(), " SIZE=10"))
        );
        assert_eq!(path("<>"), Some((String::new(), "")));
        assert_eq!(path("<@relay:a@b.nl>"), Some(("a@b.nl".into(), "")));
        assert_eq!(path("a@b.nl"), Some(("a@b.nl".into(), "")));
        assert_eq!(path("<a@b.nl"), None);
    }

    #[test]
    fn senders_are_kept_rewritten_or_refused() {
        let strict = SenderPolicy::new("scanner@contoso.nl", &["erp@contoso.nl".into()], false);
        assert!(strict.check_envelope("").is_ok());
        assert!(strict.check_envelope("ERP@contoso.nl").is_ok());
        let refused = strict
            .check_envelope("ceo@contoso.nl")
            .expect_err("refused");
        assert!(
            refused.contains("ceo@contoso.nl") && refused.contains("erp@contoso.nl"),
            "{refused}"
        );

        let message = b"From: \"ERP\" <erp@contoso.nl>\r\nSubject: x\r\n\r\nbody\r\n".to_vec();
        let kept = strict
            .check_message("erp@contoso.nl", message.clone())
            .expect("kept");
        assert_eq!(kept.message, message);
        assert_eq!(kept.send_as, "erp@contoso.nl");

        let other =
            b"From: Boss\r\n <ceo@contoso.nl>\r\nSubject: x\r\n\r\nFrom: body line\r\n".to_vec();
        assert!(strict.check_message("", other.clone()).is_err());
        let rewriting = SenderPolicy::new("scanner@contoso.nl", &[], true);
        let rewritten = rewriting.check_message("", other).expect("rewritten");
        assert_eq!(
            String::from_utf8(rewritten.message).expect("utf8"),
            "From: scanner@contoso.nl\r\nReply-To: ceo@contoso.nl\r\nSubject: x\r\n\r\nFrom: body line\r\n"
        );
        assert_eq!(rewritten.send_as, "scanner@contoso.nl");

        let bare = strict
            .check_message("", b"Subject: x\r\n\r\nb\r\n".to_vec())
            .expect("added");
        assert!(bare.message.starts_with(b"From: scanner@contoso.nl\r\n"));
    }

    #[test]
    fn address_headers() {
        assert_eq!(
            addresses("\"Doe, J\" <j@x.nl>, k@y.nl, undisclosed-recipients:;"),
            vec!["j@x.nl".to_owned(), "k@y.nl".to_owned()]
        );
    }
}
