//! The command line from outside: the README shows what the definition renders, and the binary
//! ends with the documented exit codes and says its errors in the language asked for.
//!
//! After a deliberate change of a command, an option or a text in `locales/en/cli.ftl`:
//! `OVERSTAP_BLESS=1 cargo test --test tests cli::` rewrites the README's blocks.

use std::path::Path;

use overstap::cli::{Exit, definition};

/// The README's text between `<!-- NAME:start -->` and `<!-- NAME:end -->` (marker lines
/// excluded), checked against `expected`, or rewritten to it when blessing.
fn readme_block(name: &str, expected: &str, fenced: bool) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let start = format!("<!-- {name}:start -->\n");
    let end = format!("<!-- {name}:end -->");
    let from = readme.find(&start).expect("start marker") + start.len();
    let to = readme[from..].find(&end).expect("end marker") + from;
    let wanted = if fenced {
        format!("```\n{expected}```\n")
    } else {
        expected.to_owned()
    };
    if std::env::var_os("OVERSTAP_BLESS").is_some() {
        let blessed = format!("{}{wanted}{}", &readme[..from], &readme[to..]);
        std::fs::write(&path, blessed).expect("bless README.md");
        return;
    }
    assert!(
        readme[from..to] == wanted,
        "README.md's {name} block is not what the command line says; \
         OVERSTAP_BLESS=1 cargo test --test tests cli:: rewrites it.\n--- README:\n{}\n--- \
         rendered:\n{wanted}",
        &readme[from..to]
    );
}

#[test]
fn the_readme_shows_the_usage_the_definition_renders() {
    let usage = definition::readme_usage();
    // Every command is in it, with its options.
    for needle in [
        "overstap [--catalog DIR] [--smoke]",
        "overstap scan [--root DIR]",
        "overstap plan ",
        "overstap apply PLAN.json",
        "overstap undo ",
        "overstap report --session FILE",
        "overstap relay [run]",
        "overstap relay status",
    ] {
        assert!(usage.contains(needle), "{needle} in\n{usage}");
    }
    readme_block("cli-usage", &usage, true);
}

#[test]
fn the_readme_lists_the_exit_codes_the_program_uses() {
    let table = definition::readme_exit_codes();
    for exit in Exit::ALL {
        assert!(
            table.contains(&format!("\n| {} | ", exit.code())),
            "{exit:?} in\n{table}"
        );
    }
    readme_block("cli-exit-codes", &table, false);
}

fn run(args: &[&str], language: &str) -> (Option<i32>, String, String) {
    let config = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        config.path().join("settings.json"),
        format!("{{\"language\":\"{language}\"}}"),
    )
    .expect("settings");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_overstap"))
        .args(args)
        .env("OVERSTAP_CONFIG_DIR", config.path())
        .output()
        .expect("run overstap");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The language comes from `--lang`, else from the settings, for the help and for errors.
#[test]
fn help_and_errors_follow_lang_then_the_settings() {
    let (code, stdout, _) = run(&["--help"], "nl");
    assert_eq!(code, Some(i32::from(Exit::Ok.code())));
    assert!(
        stdout.starts_with("Overstap zet bedrijfsapplicaties over"),
        "{stdout}"
    );
    // The Windows smoke test finds the commands by these lines.
    assert!(
        stdout.lines().any(|l| l.starts_with("  overstap scan")),
        "{stdout}"
    );
    let (_, stdout, _) = run(&["--lang", "en", "--help"], "nl");
    assert!(
        stdout.starts_with("Overstap moves business applications"),
        "{stdout}"
    );

    let (code, stdout, stderr) = run(&["scan", "--frobnicate"], "nl");
    assert_eq!(code, Some(i32::from(Exit::Error.code())));
    assert!(stdout.is_empty());
    assert!(
        stderr.starts_with("onbekend argument: --frobnicate\n"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("unexpected argument") && !stderr.contains("error:"),
        "{stderr}"
    );
    let (code, _, stderr) = run(&["--lang", "en", "scan", "--root"], "nl");
    assert_eq!(code, Some(i32::from(Exit::Error.code())));
    assert!(stderr.starts_with("--root needs a value\n"), "{stderr}");

    let (code, stdout, _) = run(&["--version"], "nl");
    assert_eq!(code, Some(0));
    assert_eq!(stdout, format!("overstap {}\n", env!("CARGO_PKG_VERSION")));
}

/// `scan`'s codes from the binary: 1 when something uses Exchange Online basic authentication,
/// 0 when nothing does, 2 when nothing could be scanned.
#[test]
fn scan_ends_with_the_documented_codes() {
    let fixture = |name: &str| {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/servers")
            .join(name)
            .display()
            .to_string()
    };
    let (code, _, _) = run(
        &["scan", "--root", &fixture("synergy-globe"), "--json"],
        "en",
    );
    assert_eq!(code, Some(i32::from(Exit::Attention.code())));
    let (code, _, _) = run(&["scan", "--root", &fixture("migrated")], "en");
    assert_eq!(code, Some(i32::from(Exit::Ok.code())));
    let (code, _, _) = run(&["scan", "--root", "/no/such/snapshot"], "en");
    assert_eq!(code, Some(i32::from(Exit::Error.code())));
}
