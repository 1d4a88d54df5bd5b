//! Issue 13, hostile input at Overstap's trust boundaries: what a scanned or remote server, a
//! session file, the identity platform's discovery document or a URL may contain. Every case
//! ends in a correct result or a bilingual error, never a panic, never a hang (each case is bound
//! in time), never a leak (a planted secret appears in no output).

use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::support::mailservers::{read_line, say_raw};

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
