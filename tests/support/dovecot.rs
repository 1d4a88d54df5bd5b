//! A real Dovecot (IMAP + submission + LMTP) on loopback, checking XOAUTH2 bearer tokens by
//! introspection against the identity emulator, with a tiny relay that hands submitted mail to
//! LMTP. Started by the test, stopped on drop. `None` when Dovecot is not installed (the test
//! then says so; `.ci/run` installs it).

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::Command;

pub struct Dovecot {
    binary: PathBuf,
    dir: tempfile::TempDir,
    pub imap_port: u16,
    pub submission_port: u16,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

/// Where Debian's dovecot-core puts it (scripts/install-deps.sh installs it).
fn binary() -> Option<PathBuf> {
    Some(PathBuf::from("/usr/sbin/dovecot")).filter(|p| p.exists())
}

impl Dovecot {
    pub fn start(introspect_url: &str) -> Option<Dovecot> {
        let binary = binary()?;
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        for sub in ["base", "state", "mail"] {
            std::fs::create_dir_all(root.join(sub)).expect("mkdir");
        }
        // Dovecot drops to uid 65534 for mail: the folders must be reachable and writable.
        let _ = Command::new("chmod")
            .args([
                "0777",
                &root.display().to_string(),
                &root.join("mail").display().to_string(),
            ])
            .status();
        let (imap_port, submission_port, lmtp_port, relay_port) =
            (free_port(), free_port(), free_port(), free_port());
        std::fs::write(
            root.join("oauth2.conf.ext"),
            format!(
                "introspection_mode = post\nintrospection_url = {introspect_url}\nforce_introspection = yes\nusername_attribute = username\nactive_attribute = active\nactive_value = true\n"
            ),
        )
        .expect("write");
        let r = root.display();
        std::fs::write(
            root.join("dovecot.conf"),
            format!(
                r#"base_dir = {r}/base
state_dir = {r}/state
log_path = {r}/dovecot.log
protocols = imap submission lmtp
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = xoauth2 oauthbearer
auth_failure_delay = 0
passdb {{
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = {r}/oauth2.conf.ext
}}
userdb {{
  driver = static
  args = uid=65534 gid=65534 home={r}/mail/%u allow_all_users=yes
}}
mail_location = maildir:~/Maildir
submission_relay_host = 127.0.0.1
submission_relay_port = {relay_port}
service imap-login {{
  inet_listener imap {{
    port = {imap_port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service submission-login {{
  inet_listener submission {{
    port = {submission_port}
  }}
}}
service lmtp {{
  inet_listener lmtp {{
    address = 127.0.0.1
    port = {lmtp_port}
  }}
}}
service anvil {{
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
"#
            ),
        )
        .expect("write");
        relay(relay_port, lmtp_port);
        let status = Command::new(&binary)
            .arg("-c")
            .arg(root.join("dovecot.conf"))
            .status()
            .ok()?;
        if !status.success() {
            eprintln!(
                "dovecot did not start: {}",
                std::fs::read_to_string(root.join("dovecot.log")).unwrap_or_default()
            );
            return None;
        }
        for _ in 0..100 {
            if TcpStream::connect(("127.0.0.1", imap_port)).is_ok()
                && TcpStream::connect(("127.0.0.1", submission_port)).is_ok()
            {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        Some(Dovecot {
            binary,
            dir,
            imap_port,
            submission_port,
        })
    }

    /// The messages delivered to `user`'s Maildir (new and cur), as stored.
    pub fn messages(&self, user: &str) -> Vec<Vec<u8>> {
        let maildir = self.dir.path().join("mail").join(user).join("Maildir");
        let mut messages = Vec::new();
        for sub in ["new", "cur"] {
            if let Ok(entries) = std::fs::read_dir(maildir.join(sub)) {
                for entry in entries.flatten() {
                    if let Ok(bytes) = std::fs::read(entry.path()) {
                        messages.push(bytes);
                    }
                }
            }
        }
        messages
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("dovecot.log")).unwrap_or_default()
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        // Dovecot's own stop, not `kill`: the tests call no command that install-deps.sh does
        // not install (procps is not on every Debian).
        let _ = Command::new(&self.binary)
            .arg("-c")
            .arg(self.dir.path().join("dovecot.conf"))
            .arg("stop")
            .status();
    }
}

/// Accepts what Dovecot's submission service relays and delivers it to Dovecot's LMTP.
fn relay(relay_port: u16, lmtp_port: u16) {
    let listener = TcpListener::bind(("127.0.0.1", relay_port)).expect("bind relay");
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let _ = relay_one(stream, lmtp_port);
        }
    });
}

fn relay_one(stream: TcpStream, lmtp_port: u16) -> std::io::Result<()> {
    let mut out = stream.try_clone()?;
    let mut input = BufReader::new(stream);
    let mut line = String::new();
    let mut recipients = Vec::new();
    out.write_all(b"220 relay ready\r\n")?;
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let upper = line.to_ascii_uppercase();
        if upper.starts_with("EHLO") || upper.starts_with("HELO") {
            out.write_all(b"250-relay\r\n250 8BITMIME\r\n")?;
        } else if upper.starts_with("MAIL") {
            out.write_all(b"250 OK\r\n")?;
        } else if upper.starts_with("RCPT") {
            let address = line.split(['<', '>']).nth(1).unwrap_or_default().to_owned();
            recipients.push(address);
            out.write_all(b"250 OK\r\n")?;
        } else if upper.starts_with("DATA") {
            out.write_all(b"354 go\r\n")?;
            let mut message = String::new();
            loop {
                line.clear();
                if input.read_line(&mut line)? == 0 || line == ".\r\n" {
                    break;
                }
                message.push_str(&line);
            }
            deliver(lmtp_port, &recipients, &message)?;
            out.write_all(b"250 OK delivered\r\n")?;
        } else if upper.starts_with("QUIT") {
            out.write_all(b"221 bye\r\n")?;
            return Ok(());
        } else {
            out.write_all(b"250 OK\r\n")?;
        }
    }
}

fn deliver(lmtp_port: u16, recipients: &[String], message: &str) -> std::io::Result<()> {
    let stream = TcpStream::connect(("127.0.0.1", lmtp_port))?;
    let mut out = stream.try_clone()?;
    let mut input = BufReader::new(stream);
    let mut reply = || -> std::io::Result<String> {
        let mut all = String::new();
        loop {
            let mut line = String::new();
            input.read_line(&mut line)?;
            all.push_str(&line);
            if line.len() < 4 || line.as_bytes()[3] != b'-' {
                return Ok(all);
            }
        }
    };
    reply()?;
    out.write_all(b"LHLO relay\r\n")?;
    reply()?;
    out.write_all(b"MAIL FROM:<>\r\n")?;
    reply()?;
    for recipient in recipients {
        out.write_all(format!("RCPT TO:<{recipient}>\r\n").as_bytes())?;
        reply()?;
    }
    out.write_all(b"DATA\r\n")?;
    reply()?;
    out.write_all(message.as_bytes())?;
    out.write_all(b".\r\n")?;
    for _ in recipients {
        reply()?;
    }
    out.write_all(b"QUIT\r\n")?;
    Ok(())
}
