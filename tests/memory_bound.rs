//! `overstap scan` on a hostile snapshot finishes in bounded time and memory with exit 0, 1 or
//! 2. The process runs under `ulimit -v` (address space), so an entity bomb that expands, a
//! file read without a cap or a read of `/dev/zero` ends the run with an allocation failure
//! instead of passing by luck on a big machine.

#![cfg(unix)]

use std::io::Read as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Address space the scan may use: enough for the binary, its threads' stacks and malloc
/// arenas, far below what any of the inputs below would take if read or expanded whole.
const ADDRESS_SPACE_KB: u64 = 1_536 * 1024;
const TIME_LIMIT: Duration = Duration::from_secs(90);

fn write(root: &Path, relative: &str, bytes: &[u8]) {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, bytes).expect("write");
}

fn sparse(root: &Path, relative: &str, size: u64) {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::File::create(path)
        .and_then(|f| f.set_len(size))
        .expect("sparse file");
}

fn hostile_snapshot(root: &Path) {
    // An entity bomb where IIS reads its configuration: 10^9 "lol"s if expanded.
    let mut bomb = String::from("<!DOCTYPE lolz [<!ENTITY lol \"lol\">");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".into()
        } else {
            format!("lol{}", i - 1)
        };
        bomb.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">",
            format!("&{prev};").repeat(10)
        ));
    }
    bomb.push_str("]><Configuration>&lol9;</Configuration>");
    write(
        root,
        "C/Program Files/Microsoft SQL Server Reporting Services/SSRS/ReportServer/rsreportserver.config",
        bomb.as_bytes(),
    );
    write(
        root,
        "C/Windows/System32/inetsrv/config/applicationHost.config",
        br#"<configuration><system.applicationHost><sites><site name="Default"><application path="/"><virtualDirectory path="/" physicalPath="C:\inetpub\wwwroot" /></application></site></sites></system.applicationHost></configuration>"#,
    );
    // And the flat variant, where a site's web.config is read.
    write(
        root,
        "C/inetpub/wwwroot/web.config",
        format!(
            "<!DOCTYPE c [<!ENTITY x \"{}\">]><configuration>{}</configuration>",
            "a".repeat(50_000),
            "&x;".repeat(60_000)
        )
        .as_bytes(),
    );
    // Big files where configuration is looked for, by the sources and the content search.
    sparse(
        root,
        "C/Program Files/App/huge.config",
        4 * 1024 * 1024 * 1024,
    );
    sparse(root, "C/Program Files/App/huge.json", 600 * 1024 * 1024);
    sparse(root, "server.reg", 3 * 1024 * 1024 * 1024);
    // A device and a FIFO behind configuration names.
    std::os::unix::fs::symlink("/dev/zero", root.join("C/Program Files/App/zero.config"))
        .expect("link");
    std::os::unix::fs::symlink("/dev/urandom", root.join("C/Program Files/App/random.ini"))
        .expect("link");
    let fifo = root.join("C/Program Files/App/pipe.xml");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    // Hits by the million, and JSON nested deeper than any parser's stack.
    write(
        root,
        "C/Program Files/App/many.ini",
        "SmtpServer=smtp.office365.com\n".repeat(500_000).as_bytes(),
    );
    write(
        root,
        "C/Program Files/App/deep.json",
        format!(
            "{}\"smtp.office365.com\"{}",
            "[".repeat(1_000_000),
            "]".repeat(1_000_000)
        )
        .as_bytes(),
    );
}

/// Runs the scan CLI under the address-space limit; returns (exit code, stdout, how long).
fn scan_limited(root: &Path, extra: &[&str]) -> (Option<i32>, String, Duration) {
    let binary = env!("CARGO_BIN_EXE_overstap");
    let script = format!(
        "ulimit -v {ADDRESS_SPACE_KB} && exec \"$0\" scan --root \"$1\" {}",
        extra.join(" ")
    );
    let started = Instant::now();
    let mut child = Command::new("bash")
        .arg("-c")
        .arg(script)
        .arg(binary)
        .arg(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("bash");
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut out = String::new();
        let _ = stdout.read_to_string(&mut out);
        out
    });
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            let out = reader.join().unwrap_or_default();
            return (status.code(), out, started.elapsed());
        }
        if started.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            panic!("the scan did not finish within {TIME_LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_hostile_snapshot_is_scanned_in_bounded_time_and_memory() {
    let temp = tempfile::tempdir().expect("tempdir");
    let root = temp.path().join("snapshot");
    hostile_snapshot(&root);
    for extra in [&["--json"][..], &[][..]] {
        let (code, stdout, took) = scan_limited(&root, extra);
        // Killed by a signal (no code) or an allocation failure (abort) is what this prevents.
        assert!(
            matches!(code, Some(0..=2)),
            "exit {code:?} after {took:?} with {extra:?}"
        );
        // The snapshot does name Exchange Online (many.ini): found despite everything else.
        assert_eq!(code, Some(1), "{stdout}");
        if extra.contains(&"--json") {
            let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
            let kinds: Vec<String> = json["errors"]
                .as_array()
                .expect("errors")
                .iter()
                .map(|e| format!("{} {}", e["path"], e["kind"]["kind"]))
                .collect();
            for expected in [
                "rsreportserver.config\" \"malformed-xml",
                "web.config\" \"malformed-xml",
                "server.reg\" \"too-large",
            ] {
                assert!(
                    kinds.iter().any(|k| k.contains(expected)),
                    "{expected} not in {kinds:#?}"
                );
            }
        }
    }
}
