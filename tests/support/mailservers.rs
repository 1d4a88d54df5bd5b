//! Scripted SMTP and IMAP servers on loopback that speak enough of the protocols for the real
//! clients (lettre's connection, the imap crate): XOAUTH2 checked against the tokens the identity
//! emulator issued, every failure shape Exchange Online and Dovecot produce, and a shared mailbox
//! so IMAP finds what SMTP or Graph delivered.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use base64::Engine as _;

/// How the SMTP server answers AUTH (and what fails later).
#[derive(Clone, Debug, PartialEq)]
pub enum SmtpScript {
    /// Checks the token; a bad one gets the Dovecot shape (334 JSON, then 535 5.7.8).
    Normal,
    /// Answers AUTH with this reply directly (Exchange Online shape), e.g. `535 5.7.139 …`.
    AuthReply(String),
    /// Accepts AUTH, refuses MAIL FROM with this reply (e.g. `550 5.7.60 …`).
    MailReply(String),
    /// Exchange Online's authorisation of an app-only token as Microsoft documents it: a token
    /// with `SMTP.SendAsApp` in its `roles` claim needs a mailbox permission ("Including the
    /// SMTP.SendAsApp claim would trigger an unnecessary check for mailbox permissions"), a
    /// token without it needs an RBAC role assignment in scope. Refusals are `535 5.7.3`.
    Exchange(ExchangeGrants),
}

/// What Exchange Online has been told, per mailbox.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExchangeGrants {
    /// Mailboxes in the scope of an `Application SMTP.SendAsApp` role assignment.
    pub rbac: Vec<String>,
    /// Mailboxes on which the service principal has FullAccess.
    pub full_access: Vec<String>,
}

/// The `roles` claim of an emulator token (a JWT without signature check).
pub fn token_roles(token: &str) -> Vec<String> {
    token
        .split('.')
        .nth(1)
        .and_then(|payload| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(payload)
                .ok()
        })
        .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
        .and_then(|claims| {
            claims["roles"].as_array().map(|roles| {
                roles
                    .iter()
                    .filter_map(|r| r.as_str().map(str::to_owned))
                    .collect()
            })
        })
        .unwrap_or_default()
}

/// Decides whether a bearer token is valid (the identity emulator issued it).
pub type Validator = Arc<dyn Fn(&str) -> bool + Send + Sync>;

/// Messages delivered, by subject.
#[derive(Clone, Default)]
pub struct Mailbox(pub Arc<Mutex<Vec<String>>>);

pub struct ScriptedSmtp {
    pub port: u16,
    pub script: Arc<Mutex<SmtpScript>>,
    pub lines: Arc<Mutex<Vec<String>>>,
}

fn token_user(payload: &str) -> Option<(String, String)> {
    let raw = base64::engine::general_purpose::STANDARD
        .decode(payload.trim())
        .ok()?;
    let text = String::from_utf8(raw).ok()?;
    let mut user = None;
    let mut token = None;
    for part in text.split('\u{1}') {
        if let Some(value) = part.strip_prefix("user=") {
            user = Some(value.to_owned());
        }
        if let Some(value) = part.strip_prefix("auth=Bearer ") {
            token = Some(value.to_owned());
        }
    }
    Some((user?, token?))
}

impl ScriptedSmtp {
    /// `valid` holds the tokens the identity emulator issued.
    pub fn start(valid: Validator, mailbox: Mailbox) -> ScriptedSmtp {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind smtp");
        let port = listener.local_addr().expect("addr").port();
        let script = Arc::new(Mutex::new(SmtpScript::Normal));
        let lines = Arc::new(Mutex::new(Vec::new()));
        {
            let script = Arc::clone(&script);
            let lines = Arc::clone(&lines);
            std::thread::spawn(move || {
                for stream in listener.incoming().flatten() {
                    let script = script.lock().expect("script").clone();
                    let _ = smtp_session(stream, &script, &valid, &mailbox, &lines);
                }
            });
        }
        ScriptedSmtp {
            port,
            script,
            lines,
        }
    }

    pub fn script(&self, script: SmtpScript) {
        *self.script.lock().expect("script") = script;
    }
}

fn smtp_session(
    stream: TcpStream,
    script: &SmtpScript,
    valid: &Validator,
    mailbox: &Mailbox,
    lines: &Mutex<Vec<String>>,
) -> std::io::Result<()> {
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    let say =
        |writer: &mut TcpStream, text: &str| writer.write_all(format!("{text}\r\n").as_bytes());
    say(&mut writer, "220 scripted.test ESMTP ready")?;
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let command = line.trim_end().to_owned();
        lines.lock().expect("lines").push(command.clone());
        let upper = command.to_ascii_uppercase();
        if upper.starts_with("EHLO") {
            say(&mut writer, "250-scripted.test Hello")?;
            say(&mut writer, "250-AUTH XOAUTH2 OAUTHBEARER")?;
            say(&mut writer, "250 8BITMIME")?;
        } else if let Some(payload) = command.strip_prefix("AUTH XOAUTH2 ") {
            if let SmtpScript::AuthReply(reply) = script {
                say(&mut writer, reply)?;
                continue;
            }
            if let SmtpScript::Exchange(grants) = script {
                let allowed = token_user(payload).is_some_and(|(user, token)| {
                    valid(&token)
                        && if token_roles(&token).iter().any(|r| r == "SMTP.SendAsApp") {
                            grants.full_access.contains(&user)
                        } else {
                            grants.rbac.contains(&user)
                        }
                });
                say(
                    &mut writer,
                    if allowed {
                        "235 2.7.0 Authentication successful"
                    } else {
                        "535 5.7.3 Authentication unsuccessful [AM0PR02CA0001.eurprd02.prod.outlook.com]"
                    },
                )?;
                continue;
            }
            let good = token_user(payload)
                .is_some_and(|(user, token)| valid(&token) && user.contains('@'));
            if good {
                say(&mut writer, "235 2.7.0 Authentication successful")?;
            } else {
                let json = base64::engine::general_purpose::STANDARD
                    .encode(r#"{"status":"401","schemes":"bearer","scope":"mail"}"#);
                say(&mut writer, &format!("334 {json}"))?;
                line.clear();
                reader.read_line(&mut line)?;
                lines
                    .lock()
                    .expect("lines")
                    .push(line.trim_end().to_owned());
                say(&mut writer, "535 5.7.8 Authentication failed.")?;
            }
        } else if upper.starts_with("MAIL FROM") {
            match script {
                SmtpScript::MailReply(reply) => say(&mut writer, reply)?,
                _ => say(&mut writer, "250 2.1.0 Sender OK")?,
            }
        } else if upper.starts_with("RCPT TO") {
            say(&mut writer, "250 2.1.5 Recipient OK")?;
        } else if upper == "DATA" {
            say(&mut writer, "354 Start mail input; end with <CRLF>.<CRLF>")?;
            let mut subject = String::new();
            loop {
                line.clear();
                if reader.read_line(&mut line)? == 0 {
                    return Ok(());
                }
                if line == ".\r\n" {
                    break;
                }
                if let Some(value) = line.strip_prefix("Subject: ") {
                    subject = value.trim_end().to_owned();
                }
            }
            mailbox.0.lock().expect("mailbox").push(subject);
            say(&mut writer, "250 2.0.0 OK <queued@scripted.test>")?;
        } else if upper == "QUIT" {
            say(&mut writer, "221 2.0.0 Bye")?;
            return Ok(());
        } else if command.is_empty() {
            say(&mut writer, "500 5.5.2 Empty command")?;
        } else {
            say(&mut writer, "502 5.5.1 Not implemented")?;
        }
    }
}

/// How the IMAP server answers after a good login.
#[derive(Clone, Debug, PartialEq)]
pub enum ImapScript {
    Normal,
    /// Exchange Online's answer when IMAP is off for the mailbox or the app has no access.
    NotConnected,
}

pub struct ScriptedImap {
    pub port: u16,
    pub script: Arc<Mutex<ImapScript>>,
}

impl ScriptedImap {
    pub fn start(valid: Validator, mailbox: Mailbox) -> ScriptedImap {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind imap");
        let port = listener.local_addr().expect("addr").port();
        let script = Arc::new(Mutex::new(ImapScript::Normal));
        {
            let script = Arc::clone(&script);
            std::thread::spawn(move || {
                for stream in listener.incoming().flatten() {
                    let script = script.lock().expect("script").clone();
                    let _ = imap_session(stream, &script, &valid, &mailbox);
                }
            });
        }
        ScriptedImap { port, script }
    }

    pub fn script(&self, script: ImapScript) {
        *self.script.lock().expect("script") = script;
    }
}

fn imap_session(
    stream: TcpStream,
    script: &ImapScript,
    valid: &Validator,
    mailbox: &Mailbox,
) -> std::io::Result<()> {
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    let say =
        |writer: &mut TcpStream, text: &str| writer.write_all(format!("{text}\r\n").as_bytes());
    say(
        &mut writer,
        "* OK [CAPABILITY IMAP4rev1 AUTH=XOAUTH2] scripted ready",
    )?;
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let request = line.trim_end().to_owned();
        let (tag, rest) = request.split_once(' ').unwrap_or((request.as_str(), ""));
        let upper = rest.to_ascii_uppercase();
        if upper.starts_with("AUTHENTICATE XOAUTH2") {
            say(&mut writer, "+ ")?;
            line.clear();
            reader.read_line(&mut line)?;
            let good = token_user(line.trim_end()).is_some_and(|(_, token)| valid(&token));
            if good {
                say(&mut writer, &format!("{tag} OK AUTHENTICATE completed."))?;
            } else {
                let json = base64::engine::general_purpose::STANDARD
                    .encode(r#"{"status":"401","schemes":"bearer","scope":"mail"}"#);
                say(&mut writer, &format!("+ {json}"))?;
                line.clear();
                reader.read_line(&mut line)?;
                say(
                    &mut writer,
                    &format!("{tag} NO [AUTHENTICATIONFAILED] Authentication failed."),
                )?;
            }
        } else if upper.starts_with("SELECT") {
            if *script == ImapScript::NotConnected {
                say(
                    &mut writer,
                    &format!("{tag} NO User is authenticated but not connected."),
                )?;
                continue;
            }
            let count = mailbox.0.lock().expect("mailbox").len();
            say(
                &mut writer,
                "* FLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft)",
            )?;
            say(&mut writer, &format!("* {count} EXISTS"))?;
            say(&mut writer, "* 0 RECENT")?;
            say(&mut writer, "* OK [UIDVALIDITY 14] UIDVALIDITY value")?;
            say(
                &mut writer,
                &format!("{tag} OK [READ-WRITE] SELECT completed."),
            )?;
        } else if upper.starts_with("SEARCH") {
            let wanted = rest.split('"').nth(1).unwrap_or_default().to_owned();
            let found: Vec<String> = mailbox
                .0
                .lock()
                .expect("mailbox")
                .iter()
                .enumerate()
                .filter(|(_, subject)| subject.contains(&wanted))
                .map(|(i, _)| (i + 1).to_string())
                .collect();
            say(
                &mut writer,
                format!("* SEARCH {}", found.join(" ")).trim_end(),
            )?;
            say(&mut writer, &format!("{tag} OK SEARCH completed."))?;
        } else if upper.starts_with("NOOP") {
            say(&mut writer, &format!("{tag} OK NOOP completed."))?;
        } else if upper.starts_with("LOGOUT") {
            say(
                &mut writer,
                "* BYE Microsoft Exchange Server IMAP4 server signing off.",
            )?;
            say(&mut writer, &format!("{tag} OK LOGOUT completed."))?;
            return Ok(());
        } else {
            say(&mut writer, &format!("{tag} BAD Command Error."))?;
        }
    }
}

/// A server that does whatever its handler does with each connection: garbage, wrong tags,
/// silence, a byte a second. For the hostile-input table (issue 13).
pub struct RawServer {
    pub port: u16,
}

pub type RawHandler = Arc<dyn Fn(TcpStream) + Send + Sync>;

impl RawServer {
    pub fn start(handler: RawHandler) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind raw server");
        let port = listener.local_addr().expect("addr").port();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let handler = Arc::clone(&handler);
                std::thread::spawn(move || handler(stream));
            }
        });
        RawServer { port }
    }
}

/// Reads one line (up to LF) from a raw connection; empty at the end of the stream.
pub fn read_line(stream: &mut TcpStream) -> String {
    let mut line = Vec::new();
    let mut byte = [0u8; 1];
    while let Ok(1) = std::io::Read::read(stream, &mut byte) {
        line.push(byte[0]);
        if byte[0] == b'\n' || line.len() > 64 * 1024 {
            break;
        }
    }
    String::from_utf8_lossy(&line).into_owned()
}

/// Writes raw bytes, ignoring a client that has gone.
pub fn say_raw(stream: &mut TcpStream, bytes: &[u8]) {
    let _ = stream.write_all(bytes);
    let _ = stream.flush();
}
