//! The tiny HTTP listener the browser returns to after sign-in or admin consent.
//!
//! It listens on the loopback interface only, on a port the OS picks (Microsoft ignores the port
//! when matching a `http://localhost` redirect URI), accepts exactly one callback whose `state`
//! matches, answers the browser with a page in both languages, and gives up after a timeout or
//! when the admin cancels. A callback with a wrong `state` (an old tab, or someone else) is
//! refused and the listener keeps waiting for the right one.
//!
//! Any local process can connect to the port (issue 13). So connections are read side by side,
//! without blocking: one that says nothing or trickles a byte a second is dropped at its own
//! deadline (`REQUEST_DEADLINE`) and never holds up the browser's callback or Cancel, and at
//! most `MAX_PENDING` are kept at once.

use std::io::{Read as _, Write as _};
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream};
use std::time::{Duration, Instant};

use super::http::CancelFlag;
use super::{AadError, IdentityError};

/// What the browser brought back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Callback {
    /// Authorization code flow: the code to exchange.
    Code(String),
    /// Admin consent flow: consent was granted for this tenant.
    AdminConsent { tenant: String },
}

/// The three pages the browser may see, already translated (both languages on one page: the
/// browser's language is unknown).
#[derive(Clone, Debug)]
pub struct BrowserPages {
    pub success: String,
    pub failure: String,
    pub wrong_state: String,
}

pub struct Loopback {
    listeners: Vec<TcpListener>,
    port: u16,
}

impl Loopback {
    /// Binds 127.0.0.1 on a free port, and [::1] on the same port where the machine has IPv6:
    /// a browser that resolves `localhost` to ::1 first must find us too.
    pub fn bind() -> Result<Loopback, IdentityError> {
        let v4 = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
            .map_err(|e| IdentityError::Listener(e.to_string()))?;
        let port = v4
            .local_addr()
            .map_err(|e| IdentityError::Listener(e.to_string()))?
            .port();
        let mut listeners = vec![v4];
        if let Ok(v6) = TcpListener::bind(SocketAddr::from((Ipv6Addr::LOCALHOST, port))) {
            listeners.push(v6);
        }
        for listener in &listeners {
            listener
                .set_nonblocking(true)
                .map_err(|e| IdentityError::Listener(e.to_string()))?;
        }
        Ok(Loopback { listeners, port })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The redirect URI to send: `http://localhost:<port>/`. The registration holds
    /// `http://localhost` without a port, which Microsoft matches for any port on loopback.
    pub fn redirect_uri(&self) -> String {
        format!("http://localhost:{}/", self.port)
    }

    /// Waits for the one callback with `expected_state`.
    pub fn wait(
        &self,
        expected_state: &str,
        timeout: Duration,
        cancel: &CancelFlag,
        pages: &BrowserPages,
    ) -> Result<Callback, IdentityError> {
        let deadline = Instant::now() + timeout;
        let mut pending: Vec<Pending> = Vec::new();
        loop {
            if cancel.is_cancelled() {
                return Err(IdentityError::Cancelled);
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(IdentityError::Timeout {
                    minutes: timeout.as_secs().div_ceil(60).max(1),
                });
            }
            for listener in &self.listeners {
                // Bounded, so a flood of connections cannot keep this loop from the rest.
                for _ in 0..MAX_PENDING {
                    let Ok((stream, _)) = listener.accept() else {
                        break;
                    };
                    if stream.set_nonblocking(true).is_err() {
                        continue;
                    }
                    if pending.len() >= MAX_PENDING {
                        // The oldest has had the longest chance.
                        pending.remove(0);
                    }
                    pending.push(Pending {
                        stream,
                        buffer: Vec::new(),
                        deadline: now + REQUEST_DEADLINE,
                    });
                }
            }
            let mut progressed = false;
            let mut index = 0;
            while index < pending.len() {
                match pending[index].poll() {
                    Poll::Waiting => index += 1,
                    Poll::Progress => {
                        progressed = true;
                        index += 1;
                    }
                    Poll::Gone => {
                        pending.remove(index);
                    }
                    Poll::Request(target) => {
                        let mut connection = pending.remove(index);
                        if let Some(result) =
                            handle(&mut connection.stream, &target, expected_state, pages)
                        {
                            return result;
                        }
                    }
                }
            }
            if !progressed {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
}

/// How long one connection may take to send its request line and headers. A browser sends them
/// at once; anything slower is not a browser.
pub const REQUEST_DEADLINE: Duration = Duration::from_secs(5);
/// Connections read side by side at most; more means someone is flooding the port.
pub const MAX_PENDING: usize = 16;
/// Request line and headers read at most.
const MAX_REQUEST_BYTES: usize = 16 * 1024;

/// A connection whose request is still arriving.
struct Pending {
    stream: TcpStream,
    buffer: Vec<u8>,
    deadline: Instant,
}

enum Poll {
    Waiting,
    Progress,
    /// Closed, timed out, too big or broken: dropped without an answer.
    Gone,
    /// The request target of a complete `GET` request.
    Request(String),
}

impl Pending {
    /// Reads what has arrived without blocking.
    fn poll(&mut self) -> Poll {
        if Instant::now() >= self.deadline {
            return Poll::Gone;
        }
        let mut chunk = [0u8; 2048];
        match self.stream.read(&mut chunk) {
            Ok(0) => return Poll::Gone,
            Ok(n) => self.buffer.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => return Poll::Waiting,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => return Poll::Waiting,
            Err(_) => return Poll::Gone,
        }
        if self.buffer.windows(4).any(|w| w == b"\r\n\r\n") {
            return match request_target(&self.buffer) {
                Some(target) => Poll::Request(target),
                None => Poll::Gone,
            };
        }
        if self.buffer.len() > MAX_REQUEST_BYTES {
            return Poll::Gone;
        }
        Poll::Progress
    }
}

/// Answers one complete request. `None` means: not our callback, keep waiting.
fn handle(
    stream: &mut TcpStream,
    target: &str,
    expected_state: &str,
    pages: &BrowserPages,
) -> Option<Result<Callback, IdentityError>> {
    // The answer is small; a short blocking write with a timeout is simplest, and a client that
    // does not read cannot hold us longer than that.
    if stream.set_nonblocking(false).is_err()
        || stream
            .set_write_timeout(Some(Duration::from_secs(1)))
            .is_err()
    {
        return None;
    }
    // Any path is accepted: the registration's redirect URI has none, browsers send `/`.
    let query = target.split_once('?').map_or("", |(_, query)| query);
    let params: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let param = |name: &str| {
        params
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    };
    if param("state").is_none() && param("code").is_none() && param("error").is_none() {
        // favicon.ico and friends.
        respond(stream, "404 Not Found", "");
        return None;
    }
    if param("state") != Some(expected_state) {
        respond(stream, "400 Bad Request", &pages.wrong_state);
        return None;
    }
    if let Some(error) = param("error") {
        let aad = AadError {
            error: error.to_owned(),
            error_description: param("error_description").unwrap_or_default().to_owned(),
            error_codes: super::aadsts::code_in_text(
                param("error_description").unwrap_or_default(),
            )
            .into_iter()
            .collect(),
            error_uri: param("error_uri").unwrap_or_default().to_owned(),
            ..AadError::default()
        };
        respond(stream, "200 OK", &pages.failure);
        return Some(Err(IdentityError::Aad(Box::new(aad))));
    }
    if param("admin_consent").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
        respond(stream, "200 OK", &pages.success);
        return Some(Ok(Callback::AdminConsent {
            tenant: param("tenant").unwrap_or_default().to_owned(),
        }));
    }
    match param("code") {
        Some(code) if !code.is_empty() => {
            respond(stream, "200 OK", &pages.success);
            Some(Ok(Callback::Code(code.to_owned())))
        }
        _ => {
            respond(stream, "400 Bad Request", &pages.failure);
            None
        }
    }
}

/// The request target of `GET <target> HTTP/1.1`.
fn request_target(request: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(request);
    let mut parts = text.lines().next()?.split_whitespace();
    let method = parts.next()?;
    let target = parts.next()?;
    (method == "GET").then(|| target.to_owned())
}

fn respond(stream: &mut TcpStream, status: &str, body: &str) {
    let response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    // The browser may already have gone; nothing useful to do about a failed write.
    let _ = stream.write_all(response.as_bytes());
    let _ = stream.flush();
}

/// A small page with both languages; `texts` are (heading, line) pairs, HTML-escaped here.
pub fn page(texts: &[(String, String)]) -> String {
    let mut body = String::new();
    for (heading, line) in texts {
        body.push_str(&format!(
            "<h1>{}</h1><p>{}</p>",
            crate::text::escape_html(heading),
            crate::text::escape_html(line)
        ));
    }
    format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Overstap</title>\
         <style>body{{font-family:Segoe UI,sans-serif;max-width:40em;margin:3em auto;color:#222}}\
         h1{{font-size:1.3em}}</style></head><body>{body}</body></html>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages() -> BrowserPages {
        BrowserPages {
            success: page(&[("Klaar".into(), "Done".into())]),
            failure: "failed".into(),
            wrong_state: "wrong state".into(),
        }
    }

    fn get(port: u16, target: &str) -> String {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        write!(stream, "GET {target} HTTP/1.1\r\nHost: localhost\r\n\r\n").expect("write");
        let mut answer = String::new();
        let _ = stream.read_to_string(&mut answer);
        answer
    }

    #[test]
    fn accepts_the_matching_callback_after_refusing_others() {
        let loopback = Loopback::bind().expect("bind");
        let port = loopback.port();
        assert!(loopback.redirect_uri().starts_with("http://localhost:"));
        let browser = std::thread::spawn(move || {
            let favicon = get(port, "/favicon.ico");
            let wrong = get(port, "/?code=evil&state=other");
            let right = get(port, "/?code=abc%2B1&state=s3cr3t");
            (favicon, wrong, right)
        });
        let result = loopback.wait(
            "s3cr3t",
            Duration::from_secs(10),
            &CancelFlag::default(),
            &pages(),
        );
        let (favicon, wrong, right) = browser.join().expect("browser");
        assert_eq!(result.expect("callback"), Callback::Code("abc+1".into()));
        assert!(favicon.starts_with("HTTP/1.1 404"));
        assert!(wrong.starts_with("HTTP/1.1 400") && wrong.ends_with("wrong state"));
        assert!(right.starts_with("HTTP/1.1 200") && right.contains("<h1>Klaar</h1>"));
    }

    #[test]
    fn an_error_callback_carries_the_aadsts_code() {
        let loopback = Loopback::bind().expect("bind");
        let port = loopback.port();
        let browser = std::thread::spawn(move || {
            get(
                port,
                "/?error=access_denied&error_description=AADSTS65004%3A+User+declined+to+consent.&state=st",
            )
        });
        let result = loopback.wait(
            "st",
            Duration::from_secs(10),
            &CancelFlag::default(),
            &pages(),
        );
        let _ = browser.join();
        match result {
            Err(IdentityError::Aad(error)) => {
                assert_eq!(error.code(), Some(65004));
                assert_eq!(error.error, "access_denied");
            }
            other => panic!("expected an AADSTS error, got {other:?}"),
        }
    }

    #[test]
    fn admin_consent_return() {
        let loopback = Loopback::bind().expect("bind");
        let port = loopback.port();
        let browser =
            std::thread::spawn(move || get(port, "/?admin_consent=True&tenant=t1&state=st"));
        let result = loopback.wait(
            "st",
            Duration::from_secs(10),
            &CancelFlag::default(),
            &pages(),
        );
        let _ = browser.join();
        assert_eq!(
            result.expect("consent"),
            Callback::AdminConsent {
                tenant: "t1".into()
            }
        );
    }

    #[test]
    fn times_out_and_cancels() {
        let loopback = Loopback::bind().expect("bind");
        let started = Instant::now();
        let result = loopback.wait(
            "st",
            Duration::from_millis(300),
            &CancelFlag::default(),
            &pages(),
        );
        assert!(matches!(result, Err(IdentityError::Timeout { minutes: 1 })));
        assert!(started.elapsed() < Duration::from_secs(2));

        let cancel = CancelFlag::default();
        let flag = cancel.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(200));
            flag.cancel();
        });
        let started = Instant::now();
        let result = loopback.wait("st", Duration::from_secs(300), &cancel, &pages());
        assert!(matches!(result, Err(IdentityError::Cancelled)));
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "cancel within a second"
        );
    }

    #[test]
    fn pages_escape_html() {
        let html = page(&[("<b>".into(), "a & b".into())]);
        assert!(html.contains("&lt;b&gt;") && html.contains("a &amp; b"));
    }
}
