//! Issue 13, hostile input at Overstap's trust boundaries: what a scanned or remote server, a
//! session file, the identity platform's discovery document or a URL may contain. Every case
//! ends in a correct result or a bilingual error, never a panic, never a hang (each case is bound
//! in time), never a leak (a planted secret appears in no output).

use std::net::TcpStream;
use std::sync::Arc;
use std::time::{Duration, Instant};

use overstap::i18n::{Language, Localizer};
use secrecy::SecretString;

use crate::support::mailservers::{RawServer, read_line, say_raw};

/// Runs `case` on its own thread and fails the test when it takes longer than `limit` or panics.
fn bounded<T: Send + 'static>(
    name: &str,
    limit: Duration,
    case: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name(format!("case {name}"))
        .spawn(move || {
            let _ = sender.send(case());
        })
        .expect("spawn case");
    match receiver.recv_timeout(limit) {
        Ok(value) => value,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            panic!("case {name:?} did not finish within {limit:?}")
        }
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            panic!("case {name:?} panicked")
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The .ics reminder: RFC 5545 escaping and folding with hostile texts.

fn ics_for(client: &str, tenant: &str, language: Language) -> String {
    let mut session = overstap::session::Session::default();
    session.registration.client_id = client.into();
    session.registration.tenant_id = tenant.into();
    session.secret.stored = true;
    session.secret.expires_on = chrono::NaiveDate::from_ymd_opt(2027, 11, 26);
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-26T13:00:00Z")
        .expect("time")
        .with_timezone(&chrono::Utc);
    overstap::report::secret_reminder_ics(&session, &Localizer::new(language), now).expect("ics")
}

/// Undoes RFC 5545 folding: a CRLF followed by one space or tab joins the lines.
fn unfold(ics: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for physical in ics.split("\r\n") {
        if let Some(rest) = physical.strip_prefix([' ', '\t']) {
            lines
                .last_mut()
                .expect("a folded line follows a line")
                .push_str(rest);
        } else if !physical.is_empty() {
            lines.push(physical.to_owned());
        }
    }
    lines
}

fn assert_valid_ics(name: &str, ics: &str) {
    assert!(ics.ends_with("\r\n"), "{name}: ends with CRLF");
    assert!(!ics.contains('\u{fffd}'), "{name}: a character was split");
    for physical in ics.split("\r\n") {
        assert!(
            physical.len() <= 75,
            "{name}: line of {} octets: {physical:?}",
            physical.len()
        );
        assert!(
            !physical.contains(['\r', '\n']),
            "{name}: bare CR or LF in {physical:?}"
        );
        assert!(
            physical.chars().all(|c| c == '\t' || !c.is_control()),
            "{name}: control character in {physical:?}"
        );
    }
    let lines = unfold(ics);
    let allowed = [
        "BEGIN",
        "END",
        "VERSION",
        "PRODID",
        "UID",
        "DTSTAMP",
        "DTSTART",
        "DTEND",
        "SUMMARY",
        "DESCRIPTION",
        "ACTION",
        "TRIGGER",
    ];
    for line in &lines {
        let name_end = line.find([':', ';']).expect("a property name");
        assert!(
            allowed.contains(&&line[..name_end]),
            "{name}: unexpected property in {line:?}"
        );
    }
    let count = |wanted: &str| lines.iter().filter(|l| *l == wanted).count();
    assert_eq!(count("BEGIN:VEVENT"), 1, "{name}: one event");
    assert_eq!(count("END:VCALENDAR"), 1, "{name}: one calendar");
    let uid = lines.iter().find(|l| l.starts_with("UID:")).expect("a UID");
    assert!(
        uid["UID:".len()..]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-.@".contains(c)),
        "{name}: UID {uid:?}"
    );
    for line in &lines {
        if let Some(text) = line
            .strip_prefix("SUMMARY:")
            .or_else(|| line.strip_prefix("DESCRIPTION:"))
        {
            // Every `;`, `,` and backslash in a text value is escaped.
            let mut chars = text.chars();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => assert!(
                        matches!(chars.next(), Some('\\' | ';' | ',' | 'n' | 'N')),
                        "{name}: lone backslash in {text:?}"
                    ),
                    ';' | ',' => panic!("{name}: unescaped {c:?} in {text:?}"),
                    _ => {}
                }
            }
        }
    }
}

#[test]
fn the_reminder_stays_valid_icalendar_whatever_the_names() {
    let long_dutch = "Ééntje-ö".repeat(40);
    let emoji = "📧".repeat(50);
    let table: [(&str, &str, &str); 10] = [
        (
            "plain",
            "1b2c3d4e-5f60-4172-8394-b5c6d7e8f9a0",
            "8f7e6d5c-4b3a-2918-0716-253443526170",
        ),
        (
            "crlf injection",
            "x\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:evil",
            "t",
        ),
        ("bare cr", "a\rATTACH:http://evil.example/x", "t"),
        ("bare lf", "a\nATTACH:http://evil.example/x", "t"),
        ("separators", "a;b,c\\d:e\"f", "g;h,i\\"),
        ("escape sequences", "\\n\\;\\,", "\\\\"),
        ("long dutch", &long_dutch, &long_dutch),
        ("emoji", &emoji, &emoji),
        ("control characters", "a\u{0}b\u{7}c\u{1b}[31m", "\u{7f}"),
        ("empty", "", ""),
    ];
    for (name, client, tenant) in table {
        for language in Language::ALL {
            let ics = bounded(name, Duration::from_secs(5), {
                let (client, tenant) = (client.to_owned(), tenant.to_owned());
                move || ics_for(&client, &tenant, language)
            });
            assert_valid_ics(name, &ics);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The loopback listener: a local process that connects and then dawdles.

fn browser_pages() -> overstap::identity::loopback::BrowserPages {
    overstap::identity::loopback::BrowserPages {
        success: "<p>Klaar / Done</p>".into(),
        failure: "<p>Mislukt / Failed</p>".into(),
        wrong_state: "<p>?</p>".into(),
    }
}

/// Connects and sends the start of a request one byte a second, for `seconds`.
fn slowloris(port: u16, seconds: u64) {
    std::thread::spawn(move || {
        if let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) {
            for byte in b"GET /?code=slow&state=st HTTP/1.1\r\n"
                .iter()
                .take(seconds as usize)
            {
                say_raw(&mut stream, &[*byte]);
                std::thread::sleep(Duration::from_secs(1));
            }
        }
    });
}

/// Connects and says nothing for `seconds`.
fn silent(port: u16, seconds: u64) {
    std::thread::spawn(move || {
        if let Ok(stream) = TcpStream::connect(("127.0.0.1", port)) {
            std::thread::sleep(Duration::from_secs(seconds));
            drop(stream);
        }
    });
}

#[test]
fn a_dawdling_local_client_blocks_neither_the_browser_nor_cancel() {
    use overstap::identity::http::CancelFlag;
    use overstap::identity::loopback::{Callback, Loopback};

    // The browser's callback arrives while two connections dawdle.
    let result = bounded("slowloris and browser", Duration::from_secs(8), || {
        let loopback = Loopback::bind().expect("bind");
        let port = loopback.port();
        slowloris(port, 20);
        silent(port, 20);
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(700));
            let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
            say_raw(
                &mut stream,
                b"GET /?code=real&state=st HTTP/1.1\r\nHost: localhost\r\n\r\n",
            );
            read_line(&mut stream)
        });
        let started = Instant::now();
        let result = loopback.wait(
            "st",
            Duration::from_secs(60),
            &CancelFlag::default(),
            &browser_pages(),
        );
        (result, started.elapsed())
    });
    assert_eq!(result.0.expect("callback"), Callback::Code("real".into()));
    assert!(result.1 < Duration::from_secs(3), "took {:?}", result.1);

    // Cancel ends the wait promptly while a client trickles.
    let elapsed = bounded("slowloris and cancel", Duration::from_secs(8), || {
        let loopback = Loopback::bind().expect("bind");
        slowloris(loopback.port(), 20);
        silent(loopback.port(), 20);
        let cancel = CancelFlag::default();
        let flag = cancel.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(1500));
            flag.cancel();
        });
        let started = Instant::now();
        let result = loopback.wait("st", Duration::from_secs(60), &cancel, &browser_pages());
        assert!(
            matches!(result, Err(overstap::identity::IdentityError::Cancelled)),
            "{result:?}"
        );
        started.elapsed()
    });
    assert!(
        elapsed < Duration::from_millis(2500),
        "cancel took {elapsed:?} after the click at 1.5 s"
    );
}

// ---------------------------------------------------------------------------------------------
// Mail servers that misbehave.

const PLANTED_TOKEN: &str = "eyJ0eXAiPLANTED.access-token.value";

fn imap_target(port: u16) -> overstap::mailtest::imap::ImapTarget {
    overstap::mailtest::imap::ImapTarget {
        host: "127.0.0.1".into(),
        port,
        tls: overstap::mailtest::smtp::TlsMode::Plain,
        timeout: Duration::from_secs(2),
    }
}

fn smtp_target(port: u16) -> overstap::mailtest::smtp::SmtpTarget {
    overstap::mailtest::smtp::SmtpTarget {
        host: "127.0.0.1".into(),
        port,
        tls: overstap::mailtest::smtp::TlsMode::Plain,
        timeout: Duration::from_secs(2),
    }
}

#[test]
fn an_imap_server_answering_with_a_wrong_tag_gets_a_diagnosis() {
    let server = RawServer::start(Arc::new(|mut stream: TcpStream| {
        say_raw(
            &mut stream,
            b"* OK [CAPABILITY IMAP4rev1 AUTH=XOAUTH2] ready\r\n",
        );
        let _ = read_line(&mut stream);
        say_raw(&mut stream, b"+ \r\n");
        let _ = read_line(&mut stream);
        say_raw(&mut stream, b"zz99 OK AUTHENTICATE completed.\r\n");
        let _ = read_line(&mut stream);
    }));
    let port = server.port;
    let (result, text) = bounded("wrong tag", Duration::from_secs(10), move || {
        let mut transcript = overstap::mailtest::Transcript::new();
        let result = overstap::mailtest::imap::check(
            &imap_target(port),
            "scanner@contoso.nl",
            &SecretString::from(PLANTED_TOKEN.to_owned()),
            None,
            &Default::default(),
            &mut transcript,
        );
        (result, transcript.to_text())
    });
    let failure = result.expect_err("a wrong tag is a failure");
    assert!(!failure.raw.contains("PLANTED") && !text.contains("PLANTED"));
}

#[test]
fn a_server_echoing_the_auth_payload_leaks_nothing() {
    let server = RawServer::start(Arc::new(|mut stream: TcpStream| {
        say_raw(&mut stream, b"220 echo.test ESMTP\r\n");
        loop {
            let line = read_line(&mut stream);
            if line.is_empty() {
                return;
            }
            if line.starts_with("EHLO") {
                say_raw(&mut stream, b"250-echo.test\r\n250 AUTH XOAUTH2\r\n");
            } else if let Some(payload) = line.strip_prefix("AUTH XOAUTH2 ") {
                use base64::Engine as _;
                let decoded = base64::engine::general_purpose::STANDARD
                    .decode(payload.trim())
                    .map(|b| String::from_utf8_lossy(&b).replace('\u{1}', " "))
                    .unwrap_or_default();
                say_raw(
                    &mut stream,
                    format!("535 5.7.8 rejected {} ({decoded})\r\n", payload.trim()).as_bytes(),
                );
            } else {
                say_raw(&mut stream, b"221 bye\r\n");
                return;
            }
        }
    }));
    let port = server.port;
    let (result, text) = bounded("echo", Duration::from_secs(10), move || {
        let mut transcript = overstap::mailtest::Transcript::new();
        let message =
            overstap::mailtest::rfc5322("a@contoso.nl", "a@contoso.nl", "x", "y").expect("message");
        let result = overstap::mailtest::smtp::send(
            &smtp_target(port),
            "a@contoso.nl",
            "a@contoso.nl",
            &SecretString::from(PLANTED_TOKEN.to_owned()),
            &message,
            &mut transcript,
        );
        (result, transcript.to_text())
    });
    let failure = result.expect_err("refused");
    let xoauth2 = overstap::mailtest::smtp::xoauth2(
        "a@contoso.nl",
        &SecretString::from(PLANTED_TOKEN.to_owned()),
    );
    use secrecy::ExposeSecret as _;
    for output in [&failure.raw, &text] {
        assert!(!output.contains("PLANTED"), "token echoed: {output}");
        assert!(
            !output.contains(xoauth2.expose_secret()),
            "payload echoed: {output}"
        );
    }
}
