//! `overstap relay` end to end: a real SMTP client (lettre) sends to the relay, which delivers to
//! the real Dovecot of the mail tests (XOAUTH2 checked against the identity emulator) or to the
//! Graph emulator; crashes (kill -9 during acceptance and during delivery), a full disk,
//! throttling, an open relay attempt, size limits and the sender policy; no token or secret in
//! the log or the queue files.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use overstap::identity::Authority;
use overstap::mailtest::smtp::{SmtpTarget, TlsMode};
use overstap::relay::config::RetryPolicy;
use overstap::relay::queue::Queue;
use overstap::relay::secrets::RelaySecrets;
use overstap::relay::{self, DeliveryRoute, RelayConfig, RelayDirs, RunningRelay, Upstreams};
use secrecy::SecretString;

use crate::support::emulator::{CONFIDENTIAL_CLIENT, Emulator, INTROSPECT_USER, SECRET, TENANT_ID};

const MAILBOX: &str = INTROSPECT_USER;

struct Rig {
    emulator: Emulator,
    _dir: tempfile::TempDir,
    dirs: RelayDirs,
}

fn config(route: DeliveryRoute) -> RelayConfig {
    RelayConfig {
        port: 0,
        tenant_id: TENANT_ID.into(),
        client_id: CONFIDENTIAL_CLIENT.into(),
        route,
        mailbox: MAILBOX.into(),
        allowed_senders: vec!["erp@contoso.nl".into()],
        delivery_threads: 2,
        retry: RetryPolicy {
            first_secs: 1,
            max_secs: 2,
            give_up_hours: 48,
        },
        ..RelayConfig::default()
    }
}

fn rig(route: DeliveryRoute, adjust: impl FnOnce(&mut RelayConfig)) -> Rig {
    let emulator = Emulator::start();
    emulator.grant_confidential("SMTP.SendAsApp");
    emulator.grant_confidential("Mail.Send");
    let dir = tempfile::tempdir().expect("tempdir");
    let dirs = RelayDirs::at(dir.path().join("relay"));
    let mut config = config(route);
    adjust(&mut config);
    config.save(&dirs.config_file()).expect("config");
    RelaySecrets {
        client_secret: Some(SecretString::from(SECRET.to_owned())),
        auth_password: Some(SecretString::from("PLANTED-local-password".to_owned())),
    }
    .save(&dirs)
    .expect("secrets");
    Rig {
        emulator,
        _dir: dir,
        dirs,
    }
}

impl Rig {
    fn upstreams(&self, smtp_port: u16) -> Upstreams {
        Upstreams {
            authority: Authority::loopback_for_tests(&self.emulator.base).expect("loopback"),
            smtp: SmtpTarget {
                host: "127.0.0.1".into(),
                port: smtp_port,
                tls: TlsMode::Plain,
                timeout: Duration::from_secs(10),
            },
            graph_base: Some(self.emulator.base.clone()),
        }
    }

    fn start(&self, smtp_port: u16, hold: bool) -> RunningRelay {
        let log = Arc::new(relay::log::RelayLog::new(Some(self.dirs.log_dir()), vec![]));
        relay::start(
            &self.dirs,
            self.upstreams(smtp_port),
            log,
            relay::StartOptions {
                port: Some(0),
                hold,
                upstream: None,
            },
        )
        .expect("relay starts")
    }

    fn queue(&self) -> Queue {
        Queue::open(&self.dirs.queue_dir(), &self.dirs.dead_dir()).expect("queue")
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dirs.log_dir().join("relay.log")).unwrap_or_default()
    }

    /// No token the emulator issued, nor the client secret, nor the local password, in any
    /// file of the relay folder (log, queue, dead letters, state).
    fn assert_no_secrets(&self) {
        let tokens = self
            .emulator
            .state
            .lock()
            .expect("state")
            .access_tokens
            .clone();
        assert!(!tokens.is_empty(), "tokens were issued");
        let mut files = Vec::new();
        walk(self.dirs.root(), &mut files);
        for file in files {
            if file == self.dirs.secrets_file() {
                continue;
            }
            let text = String::from_utf8_lossy(&std::fs::read(&file).expect("read")).into_owned();
            assert!(!text.contains(SECRET), "secret in {}", file.display());
            assert!(
                !text.contains("PLANTED-local-password"),
                "password in {}",
                file.display()
            );
            for token in &tokens {
                assert!(
                    !text.contains(token.as_str()),
                    "token in {}",
                    file.display()
                );
            }
        }
    }
}

fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn wait_until(what: &str, limit: Duration, done: impl Fn() -> bool) {
    let deadline = Instant::now() + limit;
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn message(from: &str, to: &[&str], subject: &str, body: &str) -> lettre::Message {
    let mut builder = lettre::Message::builder()
        .from(from.parse().expect("from"))
        .subject(subject);
    for to in to {
        builder = builder.to(to.parse().expect("to"));
    }
    builder.body(body.to_owned()).expect("message")
}

/// Sends with lettre's SMTP transport, as an application would.
fn send(addr: SocketAddr, message: &lettre::Message) -> Result<String, String> {
    use lettre::Transport as _;
    let transport = lettre::SmtpTransport::builder_dangerous(addr.ip().to_string())
        .port(addr.port())
        .timeout(Some(Duration::from_secs(10)))
        .build();
    transport
        .send(message)
        .map(|r| r.message().collect::<Vec<_>>().join(" "))
        .map_err(|e| {
            let code = e.status().map(|c| c.to_string()).unwrap_or_default();
            format!("{code} {}", overstap::identity::http::error_chain(&e))
        })
}

/// A raw SMTP conversation: each line sent, each reply read whole (multi-line aware).
struct Raw {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
}

impl Raw {
    fn connect(addr: SocketAddr) -> (Raw, String) {
        let stream = TcpStream::connect(addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        let mut raw = Raw {
            writer: stream.try_clone().expect("clone"),
            reader: BufReader::new(stream),
        };
        let greeting = raw.reply();
        (raw, greeting)
    }

    fn reply(&mut self) -> String {
        let mut all = String::new();
        loop {
            let mut line = String::new();
            if self.reader.read_line(&mut line).unwrap_or(0) == 0 {
                return all;
            }
            all.push_str(&line);
            if line.len() < 4 || line.as_bytes()[3] != b'-' {
                return all;
            }
        }
    }

    fn say(&mut self, line: &str) -> String {
        self.writer
            .write_all(format!("{line}\r\n").as_bytes())
            .expect("write");
        self.reply()
    }

    fn write(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("write");
    }
}

#[test]
fn through_the_relay_to_dovecot_with_xoauth2() {
    let rig = rig(DeliveryRoute::Smtp, |_| {});
    let Some(dovecot) =
        crate::support::dovecot::Dovecot::start(&format!("{}/introspect", rig.emulator.base))
    else {
        eprintln!(
            "dovecot is not installed here (scripts/install-deps.sh installs it); relay-to-Dovecot test not run"
        );
        return;
    };
    let relay = rig.start(dovecot.submission_port, false);
    let subjects: Vec<String> = (0..3).map(|n| format!("Relay to Dovecot {n}")).collect();
    for subject in &subjects {
        let reply = send(
            relay.addr,
            &message(
                MAILBOX,
                &[MAILBOX],
                subject,
                "Dit is een test / This is a test",
            ),
        )
        .expect("accepted");
        assert!(reply.contains("queued as"), "{reply}");
    }
    wait_until("delivery to Dovecot", Duration::from_secs(30), || {
        rig.queue().ids().expect("ids").is_empty() && dovecot.messages(MAILBOX).len() >= 3
    });
    let delivered: Vec<String> = dovecot
        .messages(MAILBOX)
        .iter()
        .map(|m| String::from_utf8_lossy(m).into_owned())
        .collect();
    for subject in &subjects {
        assert_eq!(
            delivered
                .iter()
                .filter(|m| m.contains(subject.as_str()))
                .count(),
            1,
            "{subject} once\n{}",
            dovecot.log()
        );
    }
    // One token for the three messages: cached, not asked per message.
    assert_eq!(relay.tokens.requests(), 1);
    assert!(rig.log().contains("delivered"), "{}", rig.log());
    relay.stop();
    rig.assert_no_secrets();
}

#[test]
fn through_the_relay_to_graph_with_the_mime_and_blind_copies() {
    let rig = rig(DeliveryRoute::Graph, |_| {});
    let relay = rig.start(9, false);
    let mail = message(
        "erp@contoso.nl",
        &["klant@example.com"],
        "Factuur 2026-001",
        "Zie bijlage",
    );
    // The application adds a blind copy as an envelope recipient only.
    let envelope = lettre::address::Envelope::new(
        Some("erp@contoso.nl".parse().expect("from")),
        vec![
            "klant@example.com".parse().expect("to"),
            "archief@contoso.nl".parse().expect("bcc"),
        ],
    )
    .expect("envelope");
    {
        use lettre::Transport as _;
        lettre::SmtpTransport::builder_dangerous("127.0.0.1")
            .port(relay.addr.port())
            .build()
            .send_raw(&envelope, &mail.formatted())
            .expect("accepted");
    }
    wait_until("Graph sendMail", Duration::from_secs(20), || {
        !rig.emulator
            .state
            .lock()
            .expect("state")
            .graph_mime
            .is_empty()
    });
    let mime = rig.emulator.state.lock().expect("state").graph_mime[0].clone();
    let text = String::from_utf8_lossy(&mime);
    assert!(text.starts_with("Bcc: archief@contoso.nl\r\n"), "{text}");
    assert!(text.contains("Subject: Factuur 2026-001"), "{text}");
    assert!(text.contains("Message-ID: <"), "{text}");
    // The message itself is what the application sent, byte for byte, after the added headers.
    let original = mail.formatted();
    assert!(
        mime.windows(original.len())
            .any(|w| w == original.as_slice()),
        "the MIME arrives unchanged"
    );
    wait_until("queue empty", Duration::from_secs(5), || {
        rig.queue().ids().expect("ids").is_empty()
    });
    relay.stop();
    rig.assert_no_secrets();
}

#[test]
fn throttling_waits_for_retry_after() {
    let rig = rig(DeliveryRoute::Graph, |c| {
        c.retry.first_secs = 30;
        c.retry.max_secs = 60;
    });
    {
        let mut state = rig.emulator.state.lock().expect("state");
        state.graph_fault = Some((429, "ApplicationThrottled".into()));
        state.graph_retry_after = Some(2);
    }
    let relay = rig.start(9, false);
    let started = Instant::now();
    send(
        relay.addr,
        &message(MAILBOX, &["a@contoso.nl"], "Throttled", "x"),
    )
    .expect("accepted");
    wait_until(
        "delivery after the throttle",
        Duration::from_secs(20),
        || rig.emulator.state.lock().expect("state").graph_sent == vec!["Throttled".to_owned()],
    );
    let waited = started.elapsed();
    // Retry-After (2 s) was honoured: not the own back-off (30 s), not at once.
    assert!(waited >= Duration::from_secs(2), "{waited:?}");
    assert!(waited < Duration::from_secs(15), "{waited:?}");
    assert!(rig.log().contains("429"), "{}", rig.log());
    relay.stop();
}

#[test]
fn a_permanent_refusal_is_a_dead_letter_with_a_bounce() {
    let rig = rig(DeliveryRoute::Graph, |_| {});
    rig.emulator.state.lock().expect("state").graph_fault =
        Some((400, "ErrorInvalidRecipients".into()));
    let relay = rig.start(9, false);
    send(
        relay.addr,
        &message("erp@contoso.nl", &["niemand@example.com"], "Offerte 7", "x"),
    )
    .expect("accepted");
    wait_until("the bounce", Duration::from_secs(20), || {
        rig.emulator
            .state
            .lock()
            .expect("state")
            .graph_sent
            .iter()
            .any(|s| s.starts_with("Undeliverable: Offerte 7"))
    });
    let letters = rig.queue().dead_letters();
    assert_eq!(letters.len(), 1, "{letters:?}");
    assert!(
        letters[0].reason.contains("ErrorInvalidRecipients"),
        "{letters:?}"
    );
    assert!(letters[0].bounced);
    let mime = rig.emulator.state.lock().expect("state").graph_mime.clone();
    let bounce = String::from_utf8_lossy(mime.last().expect("bounce"));
    assert!(bounce.contains("To: erp@contoso.nl"), "{bounce}");
    assert!(
        bounce.contains("ErrorInvalidRecipients") && bounce.contains("Reden:"),
        "{bounce}"
    );
    let status = relay::settings::status(&rig.dirs);
    assert_eq!(status.queue.dead, 1);
    relay.stop();
}

#[test]
fn an_open_relay_attempt_is_refused_and_an_allowed_client_served() {
    let rig = rig(DeliveryRoute::Graph, |c| {
        c.allowed_clients = vec!["192.168.10.0/24".into()];
    });
    let relay = rig.start(9, true);
    // The server's own code path with the address the listener would have seen: a stranger on
    // the internet, then a client on the allowed LAN.
    let log = Arc::new(relay::log::RelayLog::new(Some(rig.dirs.log_dir()), vec![]));
    let server = Arc::new(relay::smtpd::Server::new(
        relay::smtpd::ServerConfig {
            hostname: "test".into(),
            allow: rig.dirs_config().allow_list().expect("list"),
            max_bytes: 1_000_000,
            limit_reason: "test".into(),
            tls: None,
            auth: None,
            senders: relay::smtpd::SenderPolicy::new(MAILBOX, &[], false),
            idle_timeout: Duration::from_secs(10),
        },
        Arc::new(rig.queue()),
        log,
        Arc::new(|| {}),
    ));
    for (peer, allowed) in [("203.0.113.9:40000", false), ("192.168.10.20:40000", true)] {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("addr");
        let server = Arc::clone(&server);
        let peer: SocketAddr = peer.parse().expect("peer");
        let serving = std::thread::spawn(move || {
            let (stream, _) = listener.accept().expect("accept");
            server.serve(stream, peer);
        });
        let (mut raw, greeting) = Raw::connect(addr);
        if allowed {
            assert!(greeting.starts_with("220"), "{greeting}");
            assert!(raw.say("MAIL FROM:<scanner@contoso.nl>").starts_with("250"));
            assert!(raw.say("RCPT TO:<extern@example.com>").starts_with("250"));
            raw.say("QUIT");
        } else {
            assert!(greeting.starts_with("554 5.7.1 203.0.113.9"), "{greeting}");
            // The connection is closed: nothing more is heard.
            let mut rest = String::new();
            let _ = raw.reader.read_to_string(&mut rest);
            assert!(rest.is_empty(), "{rest}");
        }
        serving.join().expect("served");
    }
    assert!(rig.queue().ids().expect("ids").is_empty());
    assert!(rig.log().contains("refused 203.0.113.9"), "{}", rig.log());
    relay.stop();
}

impl Rig {
    fn dirs_config(&self) -> RelayConfig {
        RelayConfig::load(&self.dirs.config_file()).expect("config")
    }
}

#[test]
fn size_limits_and_senders_are_refused_with_reasons() {
    let rig = rig(DeliveryRoute::Graph, |_| {});
    let relay = rig.start(9, true);
    let (mut raw, _) = Raw::connect(relay.addr);
    let ehlo = raw.say("EHLO app.contoso.local");
    assert!(ehlo.contains("SIZE 3145728"), "{ehlo}");
    let too_big = raw.say("MAIL FROM:<erp@contoso.nl> SIZE=5000000");
    assert!(
        too_big.starts_with("552 5.3.4") && too_big.contains("4 MB"),
        "{too_big}"
    );
    let refused = raw.say("MAIL FROM:<ceo@contoso.nl>");
    assert!(
        refused.starts_with("550 5.7.1") && refused.contains("ceo@contoso.nl"),
        "{refused}"
    );
    // Declared small, sent large: refused at the end of DATA.
    assert!(raw.say("MAIL FROM:<erp@contoso.nl>").starts_with("250"));
    assert!(raw.say("RCPT TO:<a@example.com>").starts_with("250"));
    assert!(raw.say("DATA").starts_with("354"));
    let line = format!("{}\r\n", "x".repeat(998));
    raw.write(b"From: erp@contoso.nl\r\nSubject: big\r\n\r\n");
    for _ in 0..(3_200_000 / line.len()) {
        raw.write(line.as_bytes());
    }
    let reply = raw.say(".");
    assert!(reply.starts_with("552 5.3.4"), "{reply}");
    // The null sender of a bounce is fine; a header From outside the scope is refused.
    assert!(raw.say("MAIL FROM:<>").starts_with("250"));
    assert!(raw.say("RCPT TO:<a@example.com>").starts_with("250"));
    assert!(raw.say("DATA").starts_with("354"));
    raw.write(b"From: Boss <ceo@contoso.nl>\r\nSubject: s\r\n\r\n..leading dot\r\n");
    let reply = raw.say(".");
    assert!(
        reply.starts_with("550 5.7.1") && reply.contains("ceo@contoso.nl"),
        "{reply}"
    );
    assert!(raw.say("QUIT").starts_with("221"));
    assert!(
        rig.queue().ids().expect("ids").is_empty(),
        "nothing refused was queued"
    );

    // With rewriting on, the same message is sent as the relay's mailbox.
    let rewriting = rig_rewriting();
    let relay2 = rewriting.start(9, true);
    let (mut raw, _) = Raw::connect(relay2.addr);
    assert!(raw.say("MAIL FROM:<ceo@contoso.nl>").starts_with("250"));
    assert!(raw.say("RCPT TO:<a@example.com>").starts_with("250"));
    assert!(raw.say("DATA").starts_with("354"));
    raw.write(b"From: Boss <ceo@contoso.nl>\r\nSubject: s\r\n\r\n..leading dot\r\n");
    assert!(raw.say(".").starts_with("250 2.0.0"));
    let queue = rewriting.queue();
    let ids = queue.ids().expect("ids");
    let (envelope, stored) = queue.load(&ids[0]).expect("load");
    assert_eq!(envelope.send_as, MAILBOX);
    let text = String::from_utf8_lossy(&stored);
    assert!(
        text.contains(&format!("From: {MAILBOX}\r\nReply-To: ceo@contoso.nl\r\n")),
        "{text}"
    );
    assert!(
        text.ends_with("\r\n.leading dot\r\n"),
        "dot-unstuffed: {text}"
    );
    relay.stop();
    relay2.stop();
}

fn rig_rewriting() -> Rig {
    rig(DeliveryRoute::Smtp, |c| c.rewrite_senders = true)
}

/// The relay as a separate process, so it can be killed with SIGKILL.
struct ChildRelay {
    child: Child,
    addr: SocketAddr,
}

impl ChildRelay {
    fn read_addr(child: &mut Child) -> SocketAddr {
        let stdout = child.stdout.take().expect("stdout");
        let (sender, receiver) = std::sync::mpsc::channel();
        // Reads on to the end, so the child never blocks on a full pipe.
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                // libtest may print "test relay::relay_child ... " before it on the same line.
                if let Some((_, addr)) = line.trim().split_once("listening on ") {
                    let _ = sender.send(addr.to_owned());
                }
            }
        });
        receiver
            .recv_timeout(Duration::from_secs(30))
            .expect("the relay says where it listens")
            .parse()
            .expect("address")
    }

    /// The production binary, accepting only (`--hold`): acceptance needs no token.
    fn production(dirs: &RelayDirs) -> ChildRelay {
        let mut child = Command::new(env!("CARGO_BIN_EXE_overstap"))
            .args(["relay", "run", "--hold", "--port", "0", "--dir"])
            .arg(dirs.root())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn relay");
        let addr = ChildRelay::read_addr(&mut child);
        ChildRelay { child, addr }
    }

    /// This test binary running `relay_child` below: a relay delivering to the emulator, which
    /// only test code may point the identity layer at.
    fn delivering(dirs: &RelayDirs, emulator: &str) -> ChildRelay {
        let mut child = Command::new(std::env::current_exe().expect("test binary"))
            .args([
                "relay::relay_child",
                "--exact",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("OVERSTAP_TEST_RELAY_CHILD_DIR", dirs.root())
            .env("OVERSTAP_TEST_RELAY_CHILD_EMULATOR", emulator)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn relay child");
        let addr = ChildRelay::read_addr(&mut child);
        ChildRelay { child, addr }
    }

    /// SIGKILL: no clean-up of any kind.
    fn kill_9(mut self) {
        self.child.kill().expect("kill -9");
        self.child.wait().expect("reaped");
    }
}

impl Drop for ChildRelay {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Started by `kill_9_during_delivery_delivers_every_message_once` as a child process.
#[test]
#[ignore = "a child process of the kill -9 test, not a test of its own"]
fn relay_child() {
    let (Ok(dir), Ok(emulator)) = (
        std::env::var("OVERSTAP_TEST_RELAY_CHILD_DIR"),
        std::env::var("OVERSTAP_TEST_RELAY_CHILD_EMULATOR"),
    ) else {
        return;
    };
    let dirs = RelayDirs::at(dir.into());
    let log = Arc::new(relay::log::RelayLog::new(Some(dirs.log_dir()), vec![]));
    let running = relay::start(
        &dirs,
        Upstreams {
            authority: Authority::loopback_for_tests(&emulator).expect("loopback"),
            smtp: SmtpTarget {
                host: "127.0.0.1".into(),
                port: 9,
                tls: TlsMode::Plain,
                timeout: Duration::from_secs(5),
            },
            graph_base: Some(emulator),
        },
        log,
        relay::StartOptions {
            port: Some(0),
            hold: false,
            upstream: None,
        },
    )
    .expect("relay starts");
    println!("listening on {}", running.addr);
    std::io::stdout().flush().expect("flush");
    running.wait();
}

#[test]
fn kill_9_during_acceptance_loses_no_acknowledged_message() {
    let rig = rig(DeliveryRoute::Smtp, |_| {});
    let relay = ChildRelay::production(&rig.dirs);
    let mut acknowledged = Vec::new();
    for n in 0..20 {
        let subject = format!("Acknowledged {n}");
        let body = "Regel / line\n".repeat(4000);
        let mail = message(MAILBOX, &["a@contoso.nl"], &subject, &body);
        send(relay.addr, &mail).expect("accepted");
        acknowledged.push((subject, mail.formatted()));
    }
    // A message in the middle of DATA when the relay dies: never acknowledged.
    let (mut raw, _) = Raw::connect(relay.addr);
    assert!(raw.say("MAIL FROM:<scanner@contoso.nl>").starts_with("250"));
    assert!(raw.say("RCPT TO:<a@contoso.nl>").starts_with("250"));
    assert!(raw.say("DATA").starts_with("354"));
    raw.write(b"Subject: Half\r\n\r\nthe first half of the body\r\n");
    std::thread::sleep(Duration::from_millis(200));
    relay.kill_9();

    // Restarted: every acknowledged message is whole in the queue; the half one is not there.
    let restarted = ChildRelay::production(&rig.dirs);
    let queue = rig.queue();
    let stored: Vec<String> = queue
        .ids()
        .expect("ids")
        .iter()
        .map(|id| String::from_utf8_lossy(&queue.load(id).expect("whole").1).into_owned())
        .collect();
    for (subject, sent) in &acknowledged {
        // lettre ends DATA with CRLF . CRLF even after the message's own final CRLF, so the
        // relay stores one more empty line: what was on the wire, exactly.
        let on_the_wire = format!("{}\r\n", String::from_utf8_lossy(sent));
        assert_eq!(
            stored.iter().filter(|m| m.ends_with(&on_the_wire)).count(),
            1,
            "{subject} whole, once"
        );
    }
    assert_eq!(stored.len(), acknowledged.len());
    assert!(!stored.iter().any(|m| m.contains("Subject: Half")));
    let names: Vec<String> = std::fs::read_dir(rig.dirs.queue_dir())
        .expect("list")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| n.ends_with(".msg")), "{names:?}");

    // `relay status` sees them.
    let status = Command::new(env!("CARGO_BIN_EXE_overstap"))
        .args(["relay", "status", "--dir"])
        .arg(rig.dirs.root())
        .output()
        .expect("status");
    let text = String::from_utf8_lossy(&status.stdout);
    assert!(text.contains("running: yes"), "{text}");
    assert!(text.contains("waiting: 20"), "{text}");
    drop(restarted);
}

#[test]
fn kill_9_during_delivery_delivers_every_message_once() {
    let rig = rig(DeliveryRoute::Graph, |c| c.delivery_threads = 1);
    let relay = ChildRelay::delivering(&rig.dirs, &rig.emulator.base);
    for n in 0..2 {
        send(
            relay.addr,
            &message(MAILBOX, &["a@contoso.nl"], &format!("Before {n}"), "x"),
        )
        .expect("accepted");
    }
    wait_until("the first two delivered", Duration::from_secs(20), || {
        rig.emulator.state.lock().expect("state").graph_sent.len() == 2
    });
    // The upstream stalls: the relay dies while its request is in flight.
    rig.emulator.state.lock().expect("state").graph_stall = Some(Duration::from_secs(3));
    for n in 0..3 {
        send(
            relay.addr,
            &message(MAILBOX, &["a@contoso.nl"], &format!("During {n}"), "x"),
        )
        .expect("accepted");
    }
    wait_until(
        "a request stalled at the upstream",
        Duration::from_secs(10),
        || rig.emulator.state.lock().expect("state").graph_stalled > 0,
    );
    relay.kill_9();
    rig.emulator.state.lock().expect("state").graph_stall = None;

    let restarted = ChildRelay::delivering(&rig.dirs, &rig.emulator.base);
    wait_until("every message delivered", Duration::from_secs(30), || {
        rig.emulator.state.lock().expect("state").graph_sent.len() >= 5
            && rig.queue().ids().expect("ids").is_empty()
    });
    std::thread::sleep(Duration::from_millis(500));
    let mut sent = rig.emulator.state.lock().expect("state").graph_sent.clone();
    sent.sort();
    assert_eq!(
        sent,
        ["Before 0", "Before 1", "During 0", "During 1", "During 2"],
        "each message exactly once"
    );
    drop(restarted);
    rig.assert_no_secrets();
}

/// A small tmpfs as the queue's disk (CI runs as root on Debian 12); unmounted on drop.
struct SmallDisk(std::path::PathBuf);

impl SmallDisk {
    fn mount(dir: &Path, size: &str) -> Option<SmallDisk> {
        std::fs::create_dir_all(dir).expect("mkdir");
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .stderr(Stdio::null())
            .status()
            .ok()?;
        status.success().then(|| SmallDisk(dir.to_path_buf()))
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_answers_452_and_keeps_what_it_acknowledged() {
    let rig = rig(DeliveryRoute::Smtp, |_| {});
    let Some(_disk) = SmallDisk::mount(rig.dirs.root(), "1m") else {
        eprintln!(
            "cannot mount a tmpfs here (not root?): full-disk test not run; CI runs it as root"
        );
        return;
    };
    // The relay folder is now the 1 MB disk: settings and secrets again.
    rig.dirs_config_again();
    let relay = rig.start(9, true);
    let body = format!("{}\n", "x".repeat(50 * 1024));
    let mut acknowledged = Vec::new();
    let mut full = None;
    for n in 0..40 {
        let subject = format!("Fill {n}");
        match send(
            relay.addr,
            &message(MAILBOX, &["a@contoso.nl"], &subject, &body),
        ) {
            Ok(_) => acknowledged.push(subject),
            Err(error) => {
                full = Some(error);
                break;
            }
        }
    }
    let full = full.expect("the disk filled up");
    assert!(full.starts_with("452"), "{full}");
    assert!(acknowledged.len() >= 5, "{}", acknowledged.len());
    let queue = rig.queue();
    let ids = queue.ids().expect("ids");
    assert_eq!(
        ids.len(),
        acknowledged.len(),
        "every 250 is in the queue, nothing else"
    );
    for id in &ids {
        queue.load(id).expect("whole");
    }
    // Space again (a message delivered): the next one is taken.
    std::fs::remove_file(rig.dirs.queue_dir().join(format!("{}.msg", ids[0]))).expect("rm");
    send(
        relay.addr,
        &message(MAILBOX, &["a@contoso.nl"], "After", "small"),
    )
    .expect("accepted");
    relay.stop();
}

impl Rig {
    fn dirs_config_again(&self) {
        let mut config = config(DeliveryRoute::Smtp);
        config.port = 0;
        config.save(&self.dirs.config_file()).expect("config");
        RelaySecrets {
            client_secret: Some(SecretString::from(SECRET.to_owned())),
            auth_password: None,
        }
        .save(&self.dirs)
        .expect("secrets");
    }
}

#[test]
fn starttls_and_the_local_login() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (cert, key) = (dir.path().join("relay.crt"), dir.path().join("relay.key"));
    let made = Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
        ])
        .arg("/CN=relay.contoso.local")
        .args(["-addext", "subjectAltName=DNS:relay.contoso.local"])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .stderr(Stdio::null())
        .status()
        .expect("openssl (scripts/install-deps.sh installs it)");
    assert!(made.success());
    let rig = rig(DeliveryRoute::Smtp, |c| {
        c.auth_user = Some("scanner".into());
        c.tls = Some(overstap::relay::config::TlsFiles {
            cert_file: cert.clone(),
            key_file: key.clone(),
        });
    });
    let relay = rig.start(9, true);

    // Without a login, MAIL is refused; STARTTLS and AUTH are offered.
    let (mut raw, _) = Raw::connect(relay.addr);
    let ehlo = raw.say("EHLO scanner.contoso.local");
    assert!(
        ehlo.contains("STARTTLS") && ehlo.contains("AUTH PLAIN LOGIN"),
        "{ehlo}"
    );
    assert!(raw.say("MAIL FROM:<scanner@contoso.nl>").starts_with("530"));
    assert!(
        raw.say("AUTH PLAIN AHNjYW5uZXIAd3Jvbmc=")
            .starts_with("535"),
        "wrong password"
    );
    raw.say("QUIT");

    // lettre over STARTTLS with the right login: accepted.
    use lettre::Transport as _;
    use lettre::transport::smtp::authentication::Credentials;
    use lettre::transport::smtp::client::{Tls, TlsParameters};
    let tls = TlsParameters::builder("relay.contoso.local".into())
        .dangerous_accept_invalid_certs(true)
        .build_rustls()
        .expect("tls");
    let transport = lettre::SmtpTransport::builder_dangerous("127.0.0.1")
        .port(relay.addr.port())
        .tls(Tls::Required(tls))
        .credentials(Credentials::new(
            "scanner".into(),
            "PLANTED-local-password".into(),
        ))
        .timeout(Some(Duration::from_secs(10)))
        .build();
    transport
        .send(&message(MAILBOX, &["a@contoso.nl"], "Over TLS", "x"))
        .expect("accepted over TLS with the login");
    let wrong = lettre::SmtpTransport::builder_dangerous("127.0.0.1")
        .port(relay.addr.port())
        .credentials(Credentials::new("scanner".into(), "guess".into()))
        .timeout(Some(Duration::from_secs(10)))
        .build()
        .send(&message(MAILBOX, &["a@contoso.nl"], "Wrong", "x"));
    assert!(wrong.is_err());
    assert_eq!(rig.queue().ids().expect("ids").len(), 1);
    assert!(rig.log().contains("failed login"), "{}", rig.log());
    relay.stop();
    rig.assert_no_secrets_but_tokens_optional();
}

impl Rig {
    /// Like `assert_no_secrets`, for a relay that never asked for a token.
    fn assert_no_secrets_but_tokens_optional(&self) {
        let mut files = Vec::new();
        walk(self.dirs.root(), &mut files);
        for file in files {
            if file == self.dirs.secrets_file() {
                continue;
            }
            let text = String::from_utf8_lossy(&std::fs::read(&file).expect("read")).into_owned();
            assert!(!text.contains(SECRET), "secret in {}", file.display());
            assert!(
                !text.contains("PLANTED-local-password"),
                "password in {}",
                file.display()
            );
        }
    }
}
