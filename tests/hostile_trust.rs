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

/// Both languages have the message.
fn assert_bilingual(case: &str, id: &str) {
    let l10n = Localizer::new(Language::En);
    for language in Language::ALL {
        assert!(
            l10n.has(language, id),
            "{case}: {id} missing in {language:?}"
        );
    }
}

const PLANTED: &str = "PLANTED-Qx8~secret.value";

// ---------------------------------------------------------------------------------------------
// Session files: what a partner (or anyone) can send, and what an earlier run left behind.

enum Expect {
    Loads,
    Error(&'static str),
}

fn session_cases() -> Vec<(&'static str, Vec<u8>, Expect)> {
    use Expect::{Error, Loads};
    let deep_refused = format!(
        "{{\"version\":1,\"x\":{}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let deep_allowed = format!(
        "{{\"version\":1,\"x\":{}{}}}",
        "[".repeat(100),
        "]".repeat(100)
    );
    let big_but_fine = format!(
        "{{\"version\":1,\"applications\":{{\"big\":{{\"findings\":\"{}\"}}}}}}",
        "x".repeat(4 * 1024 * 1024)
    );
    let utf16: Vec<u8> = "{\"version\":1}"
        .encode_utf16()
        .flat_map(|unit| unit.to_le_bytes())
        .collect();
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend_from_slice(b"{\"version\":1,\"role\":\"partner\"}");
    vec![
        ("empty file", vec![], Error("session-error-not-json")),
        ("only spaces", b"   \r\n ".to_vec(), Error("session-error-not-json")),
        (
            "truncated",
            b"{\"version\":1,\"role\":\"adm".to_vec(),
            Error("session-error-not-json"),
        ),
        ("nul bytes", b"\0\0\0\0".to_vec(), Error("session-error-not-json")),
        (
            "invalid utf-8",
            b"{\"version\":1,\"role\":\"\xff\xfe\"}".to_vec(),
            Error("session-error-not-json"),
        ),
        ("utf-16", utf16, Error("session-error-not-json")),
        ("nan", b"{\"version\":NaN}".to_vec(), Error("session-error-not-json")),
        ("deep nesting", deep_refused.into_bytes(), Error("session-error-not-json")),
        ("json array", b"[]".to_vec(), Error("session-error-not-a-session")),
        ("json number", b"42".to_vec(), Error("session-error-not-a-session")),
        (
            "json string with a planted secret",
            format!("\"{PLANTED}\"").into_bytes(),
            Error("session-error-not-a-session"),
        ),
        (
            "foreign object",
            b"{\"name\":\"package\",\"dependencies\":{}}".to_vec(),
            Error("session-error-not-a-session"),
        ),
        (
            "version as text",
            b"{\"version\":\"1\"}".to_vec(),
            Error("session-error-not-a-session"),
        ),
        (
            "negative version",
            b"{\"version\":-1}".to_vec(),
            Error("session-error-not-a-session"),
        ),
        (
            "newer schema",
            format!(
                "{{\"version\":{},\"role\":\"admin\"}}",
                overstap::session::SESSION_VERSION + 1
            )
            .into_bytes(),
            Error("session-error-too-new"),
        ),
        (
            "far future schema",
            b"{\"version\":18446744073709551615}".to_vec(),
            Error("session-error-too-new"),
        ),
        (
            "wrong type with a planted secret",
            format!("{{\"version\":1,\"role\":\"{PLANTED}\"}}").into_bytes(),
            Error("session-error-wrong-values"),
        ),
        (
            "wrong nested type",
            format!("{{\"version\":1,\"registration\":{{\"tenant_id\":[\"{PLANTED}\"]}}}}")
                .into_bytes(),
            Error("session-error-wrong-values"),
        ),
        (
            "unknown scenario",
            b"{\"version\":1,\"registration\":{\"scenario\":\"pop3\"}}".to_vec(),
            Error("session-error-wrong-values"),
        ),
        ("deep but allowed", deep_allowed.into_bytes(), Loads),
        ("byte order mark", bom, Loads),
        (
            "duplicate keys",
            b"{\"version\":1,\"role\":\"admin\",\"role\":\"partner\"}".to_vec(),
            Loads,
        ),
        (
            "endpoints injected",
            format!(
                "{{\"version\":1,\"tenant\":{{\"tenant_id\":\"8f7e6d5c-4b3a-2918-0716-253443526170\",\"token_endpoint\":\"https://evil.example/{PLANTED}\",\"graph_host\":\"evil.example\"}}}}"
            )
            .into_bytes(),
            Loads,
        ),
        (
            "a secret field planted",
            format!("{{\"version\":1,\"secret\":{{\"stored\":true,\"value\":\"{PLANTED}\",\"expires_on\":\"2027-01-01\"}}}}")
                .into_bytes(),
            Loads,
        ),
        ("large but within the cap", big_but_fine.into_bytes(), Loads),
    ]
}

#[test]
fn hostile_session_files_give_a_bilingual_error_or_a_clean_session() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, bytes, expect) in session_cases() {
        let path = dir.path().join(format!("{}.json", name.replace(' ', "-")));
        std::fs::write(&path, &bytes).expect("write case");
        for import in [true, false] {
            let path = path.clone();
            let result = bounded(name, Duration::from_secs(10), move || {
                if import {
                    overstap::session::Session::import(&path)
                } else {
                    overstap::session::Session::load(&path)
                }
            });
            match (&expect, result) {
                (Expect::Loads, Ok(session)) => {
                    assert!(
                        session.tenant.is_none(),
                        "{name}: endpoints came from the file"
                    );
                    assert!(
                        !session.to_json().contains(PLANTED),
                        "{name}: the planted value survived"
                    );
                    if import {
                        assert!(
                            !session.secret.stored,
                            "{name}: an imported secret is not here"
                        );
                    }
                }
                (Expect::Error(id), Err(error)) => {
                    let (got, _) = error.message();
                    assert_eq!(got, *id, "{name}: {error}");
                    assert_bilingual(name, got);
                    assert!(!error.to_string().contains(PLANTED), "{name}: {error}");
                }
                (Expect::Loads, Err(error)) => panic!("{name}: refused: {error}"),
                (Expect::Error(id), Ok(_)) => panic!("{name}: loaded, expected {id}"),
            }
        }
    }
}

#[test]
fn session_paths_that_are_not_session_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let too_big = dir.path().join("too-big.json");
    std::fs::write(
        &too_big,
        vec![b' '; overstap::session::MAX_SESSION_BYTES as usize + 1],
    )
    .expect("write");
    // A sparse file of 64 GiB: refused by its size, never read.
    let sparse = dir.path().join("sparse.json");
    std::fs::File::create(&sparse)
        .and_then(|file| file.set_len(64 << 30))
        .expect("sparse");
    let mut cases: Vec<(&str, std::path::PathBuf, &str)> = vec![
        ("over the cap", too_big, "session-error-too-big"),
        ("sparse giant", sparse, "session-error-too-big"),
        (
            "a folder",
            dir.path().to_path_buf(),
            "session-error-not-a-file",
        ),
        (
            "missing",
            dir.path().join("nope.json"),
            "session-error-not-found",
        ),
    ];
    if cfg!(unix) {
        cases.push(("a device", "/dev/zero".into(), "session-error-not-a-file"));
    }
    for (name, path, id) in cases {
        let error = bounded(name, Duration::from_secs(10), move || {
            overstap::session::Session::import(&path)
        })
        .expect_err(name);
        assert_eq!(error.message().0, id, "{name}: {error}");
        assert_bilingual(name, id);
    }
}

// ---------------------------------------------------------------------------------------------
// Discovery documents: a proxy, or whoever answers in Microsoft's place.

const TENANT: &str = "8f7e6d5c-4b3a-2918-0716-253443526170";
const OTHER_TENANT: &str = "00000000-1111-2222-3333-444444444444";

/// Serves `body` (with `status`) to every request, and counts the requests.
struct DocumentServer {
    base: String,
    server: Arc<tiny_http::Server>,
}

impl DocumentServer {
    fn start(
        reply: impl Fn(&str) -> (u16, Vec<(String, String)>, Vec<u8>) + Send + Sync + 'static,
    ) -> Self {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind"));
        let port = server.server_addr().to_ip().expect("ip").port();
        let base = format!("http://127.0.0.1:{port}");
        {
            let server = Arc::clone(&server);
            let reply = Arc::new(reply);
            std::thread::spawn(move || {
                for request in server.incoming_requests() {
                    let reply = Arc::clone(&reply);
                    std::thread::spawn(move || {
                        let (status, headers, body) = reply(request.url());
                        let mut response =
                            tiny_http::Response::from_data(body).with_status_code(status);
                        for (name, value) in headers {
                            if let Ok(header) = tiny_http::Header::from_bytes(name, value) {
                                response = response.with_header(header);
                            }
                        }
                        let _ = request.respond(response);
                    });
                }
            });
        }
        DocumentServer { base, server }
    }
}

impl Drop for DocumentServer {
    fn drop(&mut self) {
        self.server.unblock();
    }
}

/// Microsoft's document for the tenant, as the emulator would serve it at `base`.
fn good_document(base: &str) -> serde_json::Value {
    serde_json::json!({
        "token_endpoint": format!("{base}/{TENANT}/oauth2/v2.0/token"),
        "authorization_endpoint": format!("{base}/{TENANT}/oauth2/v2.0/authorize"),
        "device_authorization_endpoint": format!("{base}/{TENANT}/oauth2/v2.0/devicecode"),
        "issuer": format!("https://login.microsoftonline.com/{TENANT}/v2.0"),
        "tenant_region_scope": "EU",
        "cloud_instance_name": "microsoftonline.com",
        "msgraph_host": "graph.microsoft.com",
    })
}

type Mutation = Box<dyn Fn(&str, &mut serde_json::Value) + Send + Sync>;

fn with(f: impl Fn(&str, &mut serde_json::Value) + Send + Sync + 'static) -> Mutation {
    Box::new(f)
}

fn set(
    field: &'static str,
    value: impl Fn(&str) -> serde_json::Value + Send + Sync + 'static,
) -> Mutation {
    Box::new(move |base: &str, doc: &mut serde_json::Value| doc[field] = value(base))
}

fn discovery_cases() -> Vec<(&'static str, &'static str, Mutation, Option<&'static str>)> {
    let untrusted = Some("identity-error-untrusted");
    let bad = Some("identity-error-bad-response");
    let s = |text: &'static str| move |_: &str| serde_json::Value::String(text.into());
    vec![
        (
            "good by domain",
            "contoso.nl",
            with(|_: &str, _: &mut serde_json::Value| {}),
            None,
        ),
        (
            "good by id",
            TENANT,
            with(|_: &str, _: &mut serde_json::Value| {}),
            None,
        ),
        (
            "region scope with markup",
            "contoso.nl",
            set("tenant_region_scope", s("<script>EU</script>")),
            None,
        ),
        (
            "token endpoint over http",
            "contoso.nl",
            set(
                "token_endpoint",
                s(
                    "http://login.microsoftonline.com/8f7e6d5c-4b3a-2918-0716-253443526170/oauth2/v2.0/token",
                ),
            ),
            untrusted,
        ),
        (
            "token endpoint foreign host",
            "contoso.nl",
            set(
                "token_endpoint",
                s("https://evil.example/8f7e6d5c-4b3a-2918-0716-253443526170/oauth2/v2.0/token"),
            ),
            untrusted,
        ),
        (
            "token endpoint host suffix",
            "contoso.nl",
            set(
                "token_endpoint",
                s(
                    "https://login.microsoftonline.com.evil.example/8f7e6d5c-4b3a-2918-0716-253443526170/oauth2/v2.0/token",
                ),
            ),
            untrusted,
        ),
        (
            "token endpoint with user info",
            "contoso.nl",
            set(
                "token_endpoint",
                s(
                    "https://login.microsoftonline.com@evil.example/8f7e6d5c-4b3a-2918-0716-253443526170/oauth2/v2.0/token",
                ),
            ),
            untrusted,
        ),
        (
            "token endpoint other port",
            "contoso.nl",
            set(
                "token_endpoint",
                s(
                    "https://login.microsoftonline.com:8443/8f7e6d5c-4b3a-2918-0716-253443526170/oauth2/v2.0/token",
                ),
            ),
            untrusted,
        ),
        (
            "token endpoint other loopback port",
            "contoso.nl",
            set(
                "token_endpoint",
                s("http://127.0.0.1:9/8f7e6d5c-4b3a-2918-0716-253443526170/oauth2/v2.0/token"),
            ),
            untrusted,
        ),
        (
            "token endpoint of another cloud",
            "contoso.nl",
            set(
                "token_endpoint",
                s(
                    "https://login.microsoftonline.us/8f7e6d5c-4b3a-2918-0716-253443526170/oauth2/v2.0/token",
                ),
            ),
            untrusted,
        ),
        (
            "token endpoint of another tenant",
            "contoso.nl",
            set("token_endpoint", |base: &str| {
                serde_json::Value::String(format!("{base}/{OTHER_TENANT}/oauth2/v2.0/token"))
            }),
            untrusted,
        ),
        (
            "token endpoint not a url",
            "contoso.nl",
            set("token_endpoint", s("javascript:alert(1)")),
            untrusted,
        ),
        (
            "authorize endpoint foreign",
            "contoso.nl",
            set(
                "authorization_endpoint",
                s(
                    "https://evil.example/8f7e6d5c-4b3a-2918-0716-253443526170/oauth2/v2.0/authorize",
                ),
            ),
            untrusted,
        ),
        (
            "device endpoint foreign",
            "contoso.nl",
            set(
                "device_authorization_endpoint",
                s(
                    "https://evil.example/8f7e6d5c-4b3a-2918-0716-253443526170/oauth2/v2.0/devicecode",
                ),
            ),
            untrusted,
        ),
        (
            "issuer of another tenant",
            TENANT,
            set(
                "issuer",
                s("https://login.microsoftonline.com/00000000-1111-2222-3333-444444444444/v2.0"),
            ),
            untrusted,
        ),
        (
            "issuer foreign host",
            "contoso.nl",
            set(
                "issuer",
                s("https://evil.example/8f7e6d5c-4b3a-2918-0716-253443526170/v2.0"),
            ),
            untrusted,
        ),
        (
            "issuer over http",
            "contoso.nl",
            set(
                "issuer",
                s("http://login.microsoftonline.com/8f7e6d5c-4b3a-2918-0716-253443526170/v2.0"),
            ),
            untrusted,
        ),
        (
            "issuer not a url",
            "contoso.nl",
            set("issuer", s("a tenant")),
            untrusted,
        ),
        (
            "issuer without tenant",
            "contoso.nl",
            set(
                "issuer",
                s("https://login.microsoftonline.com/{tenantid}/v2.0"),
            ),
            untrusted,
        ),
        (
            "graph host foreign",
            "contoso.nl",
            set("msgraph_host", s("graph.evil.example")),
            untrusted,
        ),
        (
            "graph host of another cloud",
            "contoso.nl",
            set("msgraph_host", s("graph.microsoft.us")),
            untrusted,
        ),
        (
            "unknown cloud",
            "contoso.nl",
            set("cloud_instance_name", s("microsoftonline.de")),
            untrusted,
        ),
        (
            "issuer missing",
            "contoso.nl",
            with(|_: &str, doc: &mut serde_json::Value| {
                doc.as_object_mut().map(|o| o.remove("issuer"));
            }),
            bad,
        ),
        (
            "token endpoint missing",
            "contoso.nl",
            with(|_: &str, doc: &mut serde_json::Value| {
                doc.as_object_mut().map(|o| o.remove("token_endpoint"));
            }),
            bad,
        ),
        (
            "token endpoint wrong type",
            "contoso.nl",
            set("token_endpoint", |_: &str| serde_json::json!(["x"])),
            bad,
        ),
        (
            "a json array",
            "contoso.nl",
            with(|_: &str, doc: &mut serde_json::Value| *doc = serde_json::json!([])),
            bad,
        ),
    ]
}

fn discover_at(
    base: &str,
    input: &str,
) -> Result<overstap::identity::TenantInfo, overstap::identity::IdentityError> {
    let authority = overstap::identity::Authority::loopback_for_tests(base).expect("loopback");
    let http = overstap::identity::http::Http::new(Default::default()).expect("http");
    overstap::identity::discovery::discover(&http, &authority, input)
}

#[test]
fn hostile_discovery_documents_are_refused() {
    for (name, input, mutate, expect) in discovery_cases() {
        let mutate = Arc::new(mutate);
        // The document needs the server's own address: start it, then serve.
        let base_cell: Arc<std::sync::OnceLock<String>> = Arc::new(std::sync::OnceLock::new());
        let server = DocumentServer::start({
            let base_cell = Arc::clone(&base_cell);
            let mutate = Arc::clone(&mutate);
            move |_url: &str| {
                let base = base_cell.get().cloned().unwrap_or_default();
                let mut doc = good_document(&base);
                mutate(&base, &mut doc);
                (200, vec![], doc.to_string().into_bytes())
            }
        });
        let _ = base_cell.set(server.base.clone());
        let base = server.base.clone();
        let input = input.to_owned();
        let result = bounded(name, Duration::from_secs(10), move || {
            discover_at(&base, &input)
        });
        match (expect, result) {
            (None, Ok(tenant)) => {
                assert_eq!(tenant.tenant_id.as_str(), TENANT, "{name}");
                assert_eq!(tenant.graph_host, "graph.microsoft.com", "{name}");
                assert!(
                    tenant
                        .tenant_region_scope
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric()),
                    "{name}"
                );
            }
            (Some(id), Err(error)) => {
                assert_eq!(error.message_ids().0, id, "{name}: {error}");
                assert_bilingual(name, id);
                assert!(
                    error.to_string().len() < 600,
                    "{name}: error text is bounded"
                );
            }
            (None, Err(error)) => panic!("{name}: refused: {error}"),
            (Some(id), Ok(tenant)) => panic!("{name}: accepted {tenant:?}, expected {id}"),
        }
    }
}

#[test]
fn hostile_discovery_answers_are_refused() {
    let evil = DocumentServer::start(|_: &str| (200, vec![], b"{}".to_vec()));
    let evil_base = evil.base.clone();
    type Reply = Box<dyn Fn(&str) -> (u16, Vec<(String, String)>, Vec<u8>) + Send + Sync>;
    fn reply(
        f: impl Fn(&str) -> (u16, Vec<(String, String)>, Vec<u8>) + Send + Sync + 'static,
    ) -> Reply {
        Box::new(f)
    }
    let cases: Vec<(&str, Reply)> = vec![
        (
            "not json",
            reply(|_: &str| (200, vec![], b"<html>hello</html>".to_vec())),
        ),
        (
            "non-utf-8",
            reply(|_: &str| (200, vec![], b"\xff\xfe\x00{".to_vec())),
        ),
        (
            "truncated json",
            reply(|_: &str| (200, vec![], b"{\"issuer\":\"https://login.micro".to_vec())),
        ),
        (
            "huge body",
            reply(|_: &str| (200, vec![], vec![b' '; 2 * 1024 * 1024])),
        ),
        (
            "server error",
            reply(|_: &str| (500, vec![], b"<html>Service unavailable</html>".to_vec())),
        ),
        (
            "redirect elsewhere",
            reply(move |_: &str| {
                (
                    302,
                    vec![("Location".into(), format!("{evil_base}/steal"))],
                    Vec::new(),
                )
            }),
        ),
        (
            "deep nesting",
            reply(|_: &str| (200, vec![], "[".repeat(200_000).into_bytes())),
        ),
    ];
    for (name, reply) in cases {
        let server = DocumentServer::start(reply);
        let base = server.base.clone();
        let result = bounded(name, Duration::from_secs(10), move || {
            discover_at(&base, "contoso.nl")
        });
        let error = result.expect_err(name);
        let (id, _) = error.message_ids();
        assert_bilingual(name, &id);
        assert!(
            matches!(error, overstap::identity::IdentityError::BadResponse { .. }),
            "{name}: {error:?}"
        );
    }
    drop(evil);
}

// ---------------------------------------------------------------------------------------------
// URLs for the browser.

#[test]
fn only_microsofts_sign_in_and_portal_pages_reach_the_browser() {
    let production = overstap::identity::Authority::default();
    let long = format!("https://entra.microsoft.com/#{}", "a".repeat(100_000));
    let opened = [
        (
            "entra deep link",
            "https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade",
        ),
        (
            "authorize worldwide",
            "https://login.microsoftonline.com/8f7e6d5c-4b3a-2918-0716-253443526170/oauth2/v2.0/authorize?client_id=x",
        ),
        (
            "authorize us government",
            "https://login.microsoftonline.us/t/oauth2/v2.0/authorize",
        ),
        (
            "authorize china",
            "https://login.partner.microsoftonline.cn/t/oauth2/v2.0/authorize",
        ),
        (
            "authorize china alias",
            "https://login.chinacloudapi.cn/t/oauth2/v2.0/authorize",
        ),
        ("entra us government", "https://entra.microsoft.us/"),
        ("entra china", "https://entra.microsoftonline.cn/"),
        ("azure portal", "https://portal.azure.com/"),
        ("upper case host", "HTTPS://ENTRA.MICROSOFT.COM/"),
        ("explicit port 443", "https://entra.microsoft.com:443/"),
        ("very long fragment", long.as_str()),
    ];
    for (name, url) in opened {
        assert!(production.check_browser_url(url).is_ok(), "{name}: refused");
    }
    let refused = [
        ("javascript", "javascript:alert(1)"),
        ("file", "file:///C:/Windows/System32/calc.exe"),
        ("windows path", "C:\\Windows\\System32\\calc.exe"),
        ("unc path", "\\\\server\\share\\x.exe"),
        (
            "plain http",
            "http://login.microsoftonline.com/t/oauth2/v2.0/authorize",
        ),
        ("foreign host", "https://evil.example/"),
        (
            "host suffix",
            "https://login.microsoftonline.com.evil.example/",
        ),
        (
            "user info before",
            "https://login.microsoftonline.com@evil.example/",
        ),
        (
            "user info on the host",
            "https://evil@login.microsoftonline.com/",
        ),
        ("other port", "https://entra.microsoft.com:8443/"),
        ("data", "data:text/html,<script>alert(1)</script>"),
        ("mailto", "mailto:a@contoso.nl"),
        ("ms-settings", "ms-settings:privacy"),
        ("search-ms", "search-ms:query=x"),
        ("space", "https://entra.microsoft.com/ x"),
        ("newline", "https://entra.microsoft.com/\r\nx"),
        ("lookalike idn", "https://xn--ntra-microsoft-z9a.com/"),
        ("ip address", "https://20.190.160.1/"),
        ("loopback in production", "http://127.0.0.1:8080/"),
        ("empty", ""),
        ("graph is no page", "https://graph.microsoft.com/v1.0/me"),
    ];
    for (name, url) in refused {
        let error = production.check_browser_url(url).expect_err(name);
        assert!(error.to_string().len() < 400, "{name}: bounded text");
    }
    let test = overstap::identity::Authority::loopback_for_tests("http://127.0.0.1:8080")
        .expect("loopback");
    assert!(
        test.check_browser_url("http://127.0.0.1:8080/t/oauth2/v2.0/authorize")
            .is_ok()
    );
    assert!(test.check_browser_url("http://127.0.0.1:8081/").is_err());
    assert!(
        test.check_browser_url("https://entra.microsoft.com/")
            .is_ok()
    );
}

/// The production binary uses `Authority::Cloud` only: no code outside the identity layer names
/// the loopback switch.
#[test]
fn the_production_binary_never_sets_the_test_switch() {
    fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("read src").flatten() {
            let path = entry.path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    assert!(files.len() > 20, "the sources were found");
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read");
        if file.ends_with("src/identity/trust.rs") {
            continue;
        }
        assert!(
            !text.contains("loopback_for_tests") && !text.contains("LoopbackForTests"),
            "{} names the test switch",
            file.display()
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Mail servers and Graph: through the real test-send worker, as the page runs it.

struct MailRig {
    emulator: crate::support::emulator::Emulator,
    tenant: overstap::identity::TenantInfo,
    store: Arc<overstap::secrets::MemoryStore>,
}

fn mail_rig() -> MailRig {
    use crate::support::emulator::{CONFIDENTIAL_CLIENT, Emulator, SECRET, TENANT_ID};
    use overstap::secrets::SecretStore as _;
    let emulator = Emulator::start();
    let tenant = discover_at(&emulator.base, TENANT_ID).expect("tenant");
    let store = Arc::new(overstap::secrets::MemoryStore::default());
    store
        .put(
            &overstap::secrets::SecretKey {
                tenant_id: tenant.tenant_id.clone(),
                client_id: overstap::guid::Guid::parse(CONFIDENTIAL_CLIENT).expect("guid"),
                purpose: "client-secret",
            },
            &SecretString::from(SECRET.to_owned()),
        )
        .expect("put");
    MailRig {
        emulator,
        tenant,
        store,
    }
}

impl MailRig {
    /// Runs one route against `port` (SMTP or IMAP) or `graph` and returns its result, bounded.
    fn run(
        &self,
        name: &str,
        route: overstap::mailtest::Route,
        port: u16,
        graph: Option<String>,
    ) -> overstap::mailtest::RouteResult {
        use overstap::mailtest::worker::{self, MailConfig, TestEvent, TestRequest};
        let config = MailConfig {
            smtp: smtp_target(port),
            imap: imap_target(port),
            graph_base: graph.or_else(|| Some(self.emulator.base.clone())),
            arrival_wait: Duration::from_secs(1),
            store: self.store.clone(),
        };
        let request = TestRequest {
            tenant: self.tenant.clone(),
            client_id: overstap::guid::Guid::parse(crate::support::emulator::CONFIDENTIAL_CLIENT)
                .expect("guid"),
            scenario: overstap::scenario::Scenario::SmtpAppOnly,
            access: Some(overstap::access::Access::Rbac),
            from: "scanner@contoso.nl".into(),
            to: "scanner@contoso.nl".into(),
            routes: vec![route],
            check_arrival: false,
            subject: "Overstap test 1".into(),
            body: "x".into(),
        };
        let running = worker::start(request, config, Arc::new(|| {}));
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut events = Vec::new();
        loop {
            assert!(
                Instant::now() < deadline,
                "{name}: the worker hangs: {events:?}"
            );
            match running.poll() {
                Ok(Some(event)) => events.push(event),
                Ok(None) => std::thread::sleep(Duration::from_millis(10)),
                Err(()) => break,
            }
        }
        let tokens = self
            .emulator
            .state
            .lock()
            .expect("state")
            .access_tokens
            .clone();
        let all = format!("{events:?}");
        for token in &tokens {
            assert!(
                !all.contains(token.as_str()),
                "{name}: a token leaked: {all}"
            );
            // The XOAUTH2 payload hides the token in base64: it must not come back either.
            let payload = overstap::mailtest::smtp::xoauth2(
                "scanner@contoso.nl",
                &SecretString::from(token.clone()),
            );
            use secrecy::ExposeSecret as _;
            assert!(
                !all.contains(payload.expose_secret()),
                "{name}: the XOAUTH2 payload leaked: {all}"
            );
        }
        assert!(
            !all.contains(crate::support::emulator::SECRET),
            "{name}: the secret leaked"
        );
        events
            .into_iter()
            .find_map(|event| match event {
                TestEvent::Finished(result) => Some(result),
                _ => None,
            })
            .unwrap_or_else(|| panic!("{name}: no result for the route: {all}"))
    }
}

type Handler = Arc<dyn Fn(TcpStream) + Send + Sync>;

fn handler(f: impl Fn(&mut TcpStream) + Send + Sync + 'static) -> Handler {
    Arc::new(move |mut stream: TcpStream| f(&mut stream))
}

/// Answers EHLO properly, then `after_ehlo` decides.
fn smtp_until_auth(then: impl Fn(&mut TcpStream, &str) + Send + Sync + 'static) -> Handler {
    handler(move |stream| {
        say_raw(stream, b"220 hostile.test ESMTP\r\n");
        let _ = read_line(stream);
        say_raw(stream, b"250-hostile.test\r\n250 AUTH XOAUTH2\r\n");
        let auth = read_line(stream);
        then(stream, &auth);
    })
}

fn smtp_cases() -> Vec<(&'static str, Handler)> {
    vec![
        (
            "garbage greeting",
            handler(|s| {
                say_raw(s, b"HELLO THERE\r\n");
                let _ = read_line(s);
            }),
        ),
        (
            "binary greeting",
            handler(|s| {
                say_raw(s, b"\x00\xff\xfe\x16\x03\x01\r\n");
                let _ = read_line(s);
            }),
        ),
        (
            "silent",
            handler(|_| std::thread::sleep(Duration::from_secs(20))),
        ),
        ("closes at once", handler(|_| {})),
        (
            "trickles the greeting",
            handler(|s| {
                for byte in b"220 slow.test ESMTP but never ends"
                    .iter()
                    .cycle()
                    .take(40)
                {
                    say_raw(s, &[*byte]);
                    std::thread::sleep(Duration::from_millis(500));
                }
            }),
        ),
        (
            "huge line",
            handler(|s| {
                say_raw(s, &vec![b'2'; 2 * 1024 * 1024]);
                let _ = read_line(s);
            }),
        ),
        (
            "huge multi-line reply",
            handler(|s| {
                for _ in 0..5000 {
                    say_raw(s, b"220-padding padding padding padding padding\r\n");
                }
                say_raw(s, b"220 ok\r\n");
                let _ = read_line(s);
            }),
        ),
        (
            "unknown reply code",
            handler(|s| {
                say_raw(s, b"999 what\r\n");
                let _ = read_line(s);
            }),
        ),
        (
            "lf line ends",
            handler(|s| {
                say_raw(s, b"220 lf.test\n");
                let _ = read_line(s);
                say_raw(s, b"250 AUTH XOAUTH2\n");
                let _ = read_line(s);
                say_raw(s, b"535 5.7.8 no\n");
            }),
        ),
        (
            "ehlo refused",
            handler(|s| {
                say_raw(s, b"220 x\r\n");
                let _ = read_line(s);
                say_raw(s, b"500 5.5.1 go away\r\n");
                let _ = read_line(s);
            }),
        ),
        (
            "challenge not base64",
            smtp_until_auth(|s, _| {
                say_raw(s, b"334 %%%not-base64%%%\r\n");
                let _ = read_line(s);
                say_raw(s, b"535 5.7.8 no\r\n");
            }),
        ),
        (
            "non-utf-8 refusal",
            smtp_until_auth(|s, _| say_raw(s, b"535 5.7.8 \xff\xfe\xfd\r\n")),
        ),
        (
            "echoes the payload",
            smtp_until_auth(|s, auth| {
                say_raw(
                    s,
                    format!("535 5.7.8 you sent {}\r\n", auth.trim()).as_bytes(),
                )
            }),
        ),
        ("closes after auth", smtp_until_auth(|_, _| {})),
        (
            "accepts then garbage",
            smtp_until_auth(|s, _| {
                say_raw(s, b"235 ok\r\n");
                let _ = read_line(s);
                say_raw(s, b"\x00garbage\r\n");
            }),
        ),
    ]
}

/// Greets, takes AUTHENTICATE and the XOAUTH2 line, then `then` decides.
fn imap_after_auth(then: impl Fn(&mut TcpStream, &str, &str) + Send + Sync + 'static) -> Handler {
    handler(move |stream| {
        say_raw(
            stream,
            b"* OK [CAPABILITY IMAP4rev1 AUTH=XOAUTH2] ready\r\n",
        );
        let command = read_line(stream);
        let tag = command.split(' ').next().unwrap_or("a1").to_owned();
        say_raw(stream, b"+ \r\n");
        let payload = read_line(stream);
        then(stream, &tag, payload.trim());
    })
}

fn imap_cases() -> Vec<(&'static str, Handler)> {
    vec![
        (
            "wrong tag to authenticate",
            imap_after_auth(|s, _, _| {
                say_raw(s, b"a99 OK done\r\n");
                let _ = read_line(s);
            }),
        ),
        (
            "wrong tag to select",
            imap_after_auth(|s, tag, _| {
                say_raw(s, format!("{tag} OK done\r\n").as_bytes());
                let _ = read_line(s);
                say_raw(s, b"* 0 EXISTS\r\nzz7 OK [READ-WRITE] done\r\n");
                let _ = read_line(s);
            }),
        ),
        (
            "tagged before any command",
            handler(|s| {
                say_raw(s, b"a1 OK hello\r\n");
                let _ = read_line(s);
            }),
        ),
        (
            "garbage greeting",
            handler(|s| {
                say_raw(s, b"HELLO\r\n");
                let _ = read_line(s);
            }),
        ),
        (
            "non-utf-8 greeting",
            handler(|s| {
                say_raw(s, b"* OK \xff\xfe\r\n");
                let _ = read_line(s);
                say_raw(s, b"+ \xff\r\n");
                let _ = read_line(s);
            }),
        ),
        (
            "bye greeting",
            handler(|s| say_raw(s, b"* BYE go away\r\n")),
        ),
        (
            "silent",
            handler(|_| std::thread::sleep(Duration::from_secs(20))),
        ),
        (
            "trickles",
            handler(|s| {
                for byte in b"* OK slow and endless ".iter().cycle().take(60) {
                    say_raw(s, &[*byte]);
                    std::thread::sleep(Duration::from_millis(300));
                }
            }),
        ),
        (
            "huge line",
            handler(|s| {
                say_raw(s, b"* OK ");
                say_raw(s, &vec![b'x'; 2 * 1024 * 1024]);
            }),
        ),
        (
            "untagged flood",
            imap_after_auth(|s, _, _| {
                for _ in 0..200_000 {
                    say_raw(s, b"* 1 EXISTS padding padding\r\n");
                }
            }),
        ),
        (
            "huge literal",
            imap_after_auth(|s, _, _| {
                say_raw(s, b"* OK {999999999}\r\n");
                std::thread::sleep(Duration::from_secs(5));
            }),
        ),
        (
            "challenge not base64",
            imap_after_auth(|s, tag, _| {
                say_raw(s, b"+ %%%\r\n");
                let _ = read_line(s);
                say_raw(s, format!("{tag} NO failed\r\n").as_bytes());
            }),
        ),
        (
            "closes during auth",
            handler(|s| {
                say_raw(s, b"* OK ready\r\n");
                let _ = read_line(s);
            }),
        ),
        (
            "echoes the payload",
            imap_after_auth(|s, tag, payload| {
                say_raw(
                    s,
                    format!("{tag} NO [AUTHENTICATIONFAILED] you sent {payload}\r\n").as_bytes(),
                );
            }),
        ),
        (
            "garbage in the select answer",
            imap_after_auth(|s, tag, _| {
                say_raw(s, format!("{tag} OK done\r\n").as_bytes());
                let select = read_line(s);
                let tag = select.split(' ').next().unwrap_or("a2").to_owned();
                say_raw(
                    s,
                    format!("* \x00\x01 garbage\r\n{tag} OK done\r\n").as_bytes(),
                );
                let _ = read_line(s);
            }),
        ),
    ]
}

fn assert_diagnosed(name: &str, result: &overstap::mailtest::RouteResult) {
    let failure = result
        .outcome
        .as_ref()
        .err()
        .unwrap_or_else(|| panic!("{name}: a hostile server cannot succeed"));
    let (what, fix) = failure.diagnosis.message_ids();
    assert_bilingual(name, &what);
    assert_bilingual(name, &fix);
    assert!(
        failure.raw.chars().count() <= 2001,
        "{name}: raw reply is bounded"
    );
    for line in &result.transcript.lines {
        assert!(
            line.text.chars().count() <= 2001,
            "{name}: transcript line is bounded"
        );
    }
    assert!(!failure.raw.contains("PLANTED"), "{name}");
}

#[test]
fn misbehaving_smtp_servers_get_a_diagnosis() {
    let rig = mail_rig();
    for (name, handler) in smtp_cases() {
        let server = RawServer::start(handler);
        let result = rig.run(name, overstap::mailtest::Route::Smtp, server.port, None);
        assert_diagnosed(name, &result);
    }
}

#[test]
fn misbehaving_imap_servers_get_a_diagnosis() {
    let rig = mail_rig();
    for (name, handler) in imap_cases() {
        let server = RawServer::start(handler);
        let result = rig.run(name, overstap::mailtest::Route::Imap, server.port, None);
        assert_diagnosed(name, &result);
    }
}

#[test]
fn misbehaving_graph_endpoints_get_a_diagnosis() {
    let rig = mail_rig();
    let http = |status: &'static str, headers: &'static str, body: Vec<u8>| {
        handler(move |s| {
            let _ = read_line(s);
            say_raw(
                s,
                format!(
                    "HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                )
                .as_bytes(),
            );
            say_raw(s, &body);
            std::thread::sleep(Duration::from_millis(200));
        })
    };
    let echo = handler(|s| {
        let mut request = String::new();
        loop {
            let line = read_line(s);
            if line.is_empty() || line == "\r\n" {
                break;
            }
            request.push_str(&line);
        }
        let body = format!(
            "{{\"error\":{{\"code\":\"Echo\",\"message\":\"{}\"}}}}",
            request.replace(['\r', '\n', '"'], " ")
        );
        say_raw(
            s,
            format!(
                "HTTP/1.1 401 Unauthorized\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            )
            .as_bytes(),
        );
    });
    let cases: Vec<(&str, Handler)> = vec![
        (
            "not http",
            handler(|s| {
                let _ = read_line(s);
                say_raw(s, b"SSH-2.0-OpenSSH\r\n");
            }),
        ),
        ("closes at once", handler(|_| {})),
        (
            "html error",
            http(
                "500 Internal Server Error",
                "",
                b"<html>oops</html>".to_vec(),
            ),
        ),
        (
            "redirect",
            http(
                "302 Found",
                "Location: http://127.0.0.1:9/steal\r\n",
                Vec::new(),
            ),
        ),
        (
            "non-utf-8 body",
            http("400 Bad Request", "", b"\xff\xfe\xfd".to_vec()),
        ),
        (
            "huge body",
            http("400 Bad Request", "", vec![b'x'; 3 * 1024 * 1024]),
        ),
        ("echoes the bearer token", echo),
        (
            "wrong json",
            http("403 Forbidden", "", b"{\"error\":[1,2,3]}".to_vec()),
        ),
    ];
    for (name, handler) in cases {
        let server = RawServer::start(handler);
        let base = format!("http://127.0.0.1:{}", server.port);
        let result = rig.run(name, overstap::mailtest::Route::Graph, 9, Some(base));
        assert_diagnosed(name, &result);
    }
}
