//! Benchmark of the relay (not a timed test).
//!
//! 1. Acceptance: messages of 50 KB accepted per second into the durable queue (each one
//!    written, flushed and renamed before `250`), from 4 client threads, one connection per
//!    message as legacy applications send. Target: at least 200 messages/s on 2 cores.
//! 2. End to end: the same messages through the relay to a local SMTP upstream (a sink on
//!    loopback), compared with sending them to that upstream directly: delivery should be
//!    limited by the upstream, not by the relay.
//!
//! Run: `cargo bench --bench relay` (add `-- --messages N` for another count).

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use overstap::relay::deliver::{Deliver, Outcome};
use overstap::relay::queue::Envelope;
use overstap::relay::{self, RelayConfig, RelayDirs};

const CLIENTS: usize = 4;
const MESSAGE_BYTES: usize = 50 * 1024;

/// A message of about 50 KB, lines of 76 characters as MIME bodies have.
fn message(n: usize) -> Vec<u8> {
    let mut text =
        format!("From: scanner@contoso.nl\r\nTo: archief@contoso.nl\r\nSubject: Scan {n}\r\n\r\n");
    let line = format!("{}\r\n", "A".repeat(76));
    while text.len() < MESSAGE_BYTES {
        text.push_str(&line);
    }
    text.into_bytes()
}

/// A minimal SMTP client: one connection, one message.
fn submit(addr: SocketAddr, body: &[u8]) -> std::io::Result<()> {
    let stream = TcpStream::connect(addr)?;
    stream.set_nodelay(true)?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    let expect = |reader: &mut BufReader<TcpStream>, code: &str| -> std::io::Result<()> {
        loop {
            let mut line = String::new();
            reader.read_line(&mut line)?;
            if !line.starts_with(code) {
                return Err(std::io::Error::other(format!(
                    "expected {code}, got {line}"
                )));
            }
            if line.as_bytes().get(3) != Some(&b'-') {
                return Ok(());
            }
        }
    };
    expect(&mut reader, "220")?;
    writer.write_all(b"EHLO bench\r\n")?;
    expect(&mut reader, "250")?;
    writer.write_all(b"MAIL FROM:<scanner@contoso.nl>\r\n")?;
    expect(&mut reader, "250")?;
    writer.write_all(b"RCPT TO:<archief@contoso.nl>\r\n")?;
    expect(&mut reader, "250")?;
    writer.write_all(b"DATA\r\n")?;
    expect(&mut reader, "354")?;
    writer.write_all(body)?;
    writer.write_all(b".\r\n")?;
    expect(&mut reader, "250")?;
    writer.write_all(b"QUIT\r\n")?;
    Ok(())
}

/// Sends `count` messages from `CLIENTS` threads; the elapsed time.
fn blast(addr: SocketAddr, count: usize) -> Duration {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let threads: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let next = Arc::clone(&next);
            std::thread::spawn(move || {
                loop {
                    let n = next.fetch_add(1, Ordering::SeqCst);
                    if n >= count {
                        return;
                    }
                    submit(addr, &message(n)).expect("message accepted");
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().expect("client");
    }
    started.elapsed()
}

/// A local upstream: accepts any SMTP conversation and counts the messages.
fn sink() -> (SocketAddr, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind sink");
    let addr = listener.local_addr().expect("addr");
    let count = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&count);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let counted = Arc::clone(&counted);
            std::thread::spawn(move || {
                let _ = serve_sink(stream, &counted);
            });
        }
    });
    (addr, count)
}

fn serve_sink(stream: TcpStream, count: &AtomicUsize) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    let mut out = stream.try_clone()?;
    let mut input = BufReader::new(stream);
    out.write_all(b"220 sink\r\n")?;
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        let upper = String::from_utf8_lossy(&line).to_ascii_uppercase();
        if upper.starts_with("DATA") {
            out.write_all(b"354 go\r\n")?;
            loop {
                line.clear();
                if input.read_until(b'\n', &mut line)? == 0 || line == b".\r\n" {
                    break;
                }
            }
            count.fetch_add(1, Ordering::SeqCst);
            out.write_all(b"250 2.0.0 OK\r\n")?;
        } else if upper.starts_with("QUIT") {
            out.write_all(b"221 bye\r\n")?;
            return Ok(());
        } else if upper.starts_with("EHLO") {
            out.write_all(b"250-sink\r\n250 8BITMIME\r\n")?;
        } else {
            out.write_all(b"250 OK\r\n")?;
        }
    }
}

/// Delivers to the sink the way the relay delivers upstream: one SMTP conversation per message.
struct SinkUpstream(SocketAddr);

impl Deliver for SinkUpstream {
    fn deliver(&self, _envelope: &Envelope, message: &[u8]) -> Outcome {
        match submit(self.0, message) {
            Ok(()) => Outcome::Delivered {
                reply: "250".into(),
                refused: vec![],
            },
            Err(error) => Outcome::Retry {
                reason: error.to_string(),
                after: None,
            },
        }
    }
}

fn relay_in(
    dir: &std::path::Path,
    hold: bool,
    upstream: Option<Arc<dyn Deliver>>,
) -> relay::RunningRelay {
    let dirs = RelayDirs::at(dir.to_path_buf());
    RelayConfig {
        port: 0,
        tenant_id: "8f7e6d5c-4b3a-2918-0716-253443526170".into(),
        client_id: "1b2c3d4e-5f60-4172-8394-b5c6d7e8f9a0".into(),
        mailbox: "scanner@contoso.nl".into(),
        ..RelayConfig::default()
    }
    .save(&dirs.config_file())
    .expect("config");
    let log = Arc::new(relay::log::RelayLog::new(Some(dirs.log_dir()), vec![]));
    relay::start(
        &dirs,
        relay::Upstreams::microsoft(overstap::identity::Cloud::Worldwide),
        log,
        relay::StartOptions {
            port: Some(0),
            hold,
            upstream,
        },
    )
    .expect("relay")
}

fn main() {
    let mut count = 1000;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--messages" {
            count = args.next().and_then(|n| n.parse().ok()).unwrap_or(count);
        }
    }
    let dir = tempfile::tempdir().expect("tempdir");
    // Where the queue lives matters: the benchmark writes to the same disk as a real relay.
    println!("queue folder: {}", dir.path().display());

    // 1. Acceptance into the durable queue.
    let accepting = relay_in(&dir.path().join("accept"), true, None);
    let elapsed = blast(accepting.addr, count);
    let queued = accepting.queue.ids().expect("ids").len();
    assert_eq!(queued, count, "every message is in the queue");
    let rate = count as f64 / elapsed.as_secs_f64();
    println!(
        "acceptance: {count} messages of {} KB in {:.2} s = {rate:.0} messages/s ({} clients; target >= 200)",
        MESSAGE_BYTES / 1024,
        elapsed.as_secs_f64(),
        CLIENTS
    );
    accepting.stop();

    // 2. Against a local upstream: the upstream alone, the relay draining a full queue, and
    //    the relay end to end while the clients send.
    let (sink_addr, delivered) = sink();
    let direct = blast(sink_addr, count);
    let direct_rate = count as f64 / direct.as_secs_f64();
    let wait_for = |target: usize, started: Instant| {
        while delivered.load(Ordering::SeqCst) < target {
            assert!(
                started.elapsed() < Duration::from_secs(600),
                "delivery stalled"
            );
            std::thread::sleep(Duration::from_millis(2));
        }
        started.elapsed()
    };
    let draining_dir = dir.path().join("drain");
    let filling = relay_in(&draining_dir, true, None);
    blast(filling.addr, count);
    filling.stop();
    delivered.store(0, Ordering::SeqCst);
    let started = Instant::now();
    let draining = relay_in(
        &draining_dir,
        false,
        Some(Arc::new(SinkUpstream(sink_addr))),
    );
    let drained = wait_for(count, started);
    draining.stop();
    let drain_rate = count as f64 / drained.as_secs_f64();

    delivered.store(0, Ordering::SeqCst);
    let relaying = relay_in(
        &dir.path().join("deliver"),
        false,
        Some(Arc::new(SinkUpstream(sink_addr))),
    );
    let started = Instant::now();
    let sent = blast(relaying.addr, count);
    let end_to_end = wait_for(count, started);
    relaying.stop();
    let e2e_rate = count as f64 / end_to_end.as_secs_f64();
    println!(
        "upstream alone ({CLIENTS} connections): {direct_rate:.0} messages/s\n\
         delivery from a full queue ({} threads): {drain_rate:.0} messages/s = {:.2} of the upstream\n\
         end to end while sending: {e2e_rate:.0} messages/s (all accepted after {:.2} s, all delivered after {:.2} s)",
        RelayConfig::default().delivery_threads,
        drain_rate / direct_rate,
        sent.as_secs_f64(),
        end_to_end.as_secs_f64()
    );
}
